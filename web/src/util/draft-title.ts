import type { Text } from "../../../domain/forms/types.ts";
import { getLang, t, type MessageKey } from "../i18n/index.ts";

/**
 * A draft's title is stored as a code, not as words (issue 12): a catalogue key, or a form's
 * title in both languages, and the person's name. Home says it in the language of the moment,
 * so switching the language also changes the titles of drafts written before.
 */
export interface DraftTitle {
  key?: MessageKey;
  form?: Text;
  name?: string;
}

/** The stored form of a title (JSON; a title stored as words by an older version never starts with "{"). */
export function draftTitle(title: DraftTitle): string {
  return JSON.stringify(title);
}

/** A stored title in words. */
export function draftTitleWords(stored: string): string {
  if (!stored.startsWith("{")) return stored;
  let title: DraftTitle;
  try {
    title = JSON.parse(stored) as DraftTitle;
  } catch {
    return stored;
  }
  const what = title.form ? title.form[getLang()] : title.key ? t(title.key) : "";
  return [what, title.name].filter(Boolean).join(" · ");
}
