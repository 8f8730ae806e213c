import type { Text } from "../../../domain/forms/types.ts";
import type { Task, TaskParam } from "../../../domain/rules/tasks.ts";
import { formatDate, getLang, locale, t, type MessageKey } from "../i18n/index.ts";

/** Parameter keys that hold a date (YYYY-MM-DD) or a month (YYYY-MM): see TaskText in domain/rules/tasks.ts. */
const DATE_KEYS = new Set(["date", "due", "hpl"]);

function monthWords(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? month : d.toLocaleDateString(locale(), { month: "long", year: "numeric", timeZone: "UTC" });
}

function param(key: string, v: TaskParam): string | number {
  if (typeof v === "object") return (v as Text)[getLang()];
  if (typeof v === "string" && DATE_KEYS.has(key)) return formatDate(v);
  if (typeof v === "string" && key === "month") return monthWords(v);
  if (key === "dest" && typeof v === "string") return v ? t(`dest_${v}` as MessageKey) : t("dest_puskesmas");
  return v;
}

/**
 * A task as a sentence a bidan would say, in the current language, from its code and parameters
 * (issue 12): "Kunjungi rumah balita ini: belum ditimbang di bulan November 2026."
 */
export function taskSentence(task: Pick<Task, "text">): string {
  const params = Object.fromEntries(Object.entries(task.text.params).map(([k, v]) => [k, param(k, v)]));
  return t(`task_${task.text.code}` as MessageKey, params);
}
