import { locale, t, type MessageKey } from "../i18n/index.ts";
import type { OutboxItem } from "../store/db.ts";

/** The name of each person an outbox item concerns, by person id (filled by the caller from the store). */
export type PersonNames = ReadonlyMap<string, string>;

/** "30 Nov": the day an entry is about, short (the queue is this month's work). */
function shortDate(iso: string): string {
  const d = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(), { day: "numeric", month: "short", timeZone: iso.length === 10 ? "UTC" : undefined });
}

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const has = (key: string) => (t(key as MessageKey) as string | undefined) !== undefined;

/** What the entry is, in words: "Kunjungan ANC", "Warga baru", "Rujuk balik". */
function whatOf(item: OutboxItem): string {
  const m = item.mutation;
  const p = m.payload as Record<string, unknown>;
  if (m.entity === "record") {
    const form = str(p.formId);
    if (form && has(`form_${form}`)) {
      const what = t(`form_${form}` as MessageKey);
      return m.op === "update" ? t("ob_changed", { what }) : m.op === "delete" ? t("ob_deleted", { what }) : what;
    }
  }
  if (m.entity === "referral" && m.op === "update" && p.outcomeAt) return t("ob_referral_back");
  const key = `ob_${m.entity}_${m.op}`;
  if (has(key)) return t(key as MessageKey);
  const entity = has(`entity_${m.entity}`) ? t(`entity_${m.entity}` as MessageKey) : t("ob_entry");
  return `${entity} (${t(`op_${m.op}` as MessageKey)})`;
}

/** Who: the person's name (on the phone, behind the PIN), or the household's address. */
function whoOf(item: OutboxItem, names?: PersonNames): string | null {
  const m = item.mutation;
  const p = m.payload as Record<string, unknown>;
  if (m.entity === "person") return str(p.name) ?? names?.get(m.entityId) ?? null;
  const personId = str(p.personId);
  if (personId) return names?.get(personId) ?? null;
  if (m.entity === "household") return [str(p.address), p.rt ? `RT ${String(p.rt)}` : null].filter(Boolean).join(", ") || null;
  return str(p.name) ?? str(p.title) ?? null;
}

/** When: the visit's date, the referral's, else the day it was entered. */
function whenOf(item: OutboxItem): string {
  const p = item.mutation.payload as Record<string, unknown>;
  const day = str(p.visitDate) ?? str(p.outcomeAt) ?? str(p.referredAt) ?? str(p.date);
  return shortDate(day ?? new Date(item.createdAt).toISOString());
}

/**
 * One line that tells a person which of their entries an outbox item is, in words:
 * "Kunjungan ANC · Ibu Sari · 30 Nov" (issue 12). Person names come from `names` (see
 * personIdsOf) for entries that only carry a person id.
 */
export function describeItem(item: OutboxItem, names?: PersonNames): string {
  return [whatOf(item), whoOf(item, names), whenOf(item)].filter(Boolean).join(" · ");
}

/** The person ids whose names describeItem needs (load them from the store, then pass them in). */
export function personIdsOf(items: readonly OutboxItem[]): string[] {
  const ids = new Set<string>();
  for (const i of items) {
    const p = i.mutation.payload as Record<string, unknown>;
    if (typeof p.personId === "string") ids.add(p.personId);
    else if (i.mutation.entity === "person" && typeof p.name !== "string") ids.add(i.mutation.entityId);
  }
  return [...ids];
}

/** Where the user fixes a rejected item. */
export function fixRoute(item: OutboxItem): string | null {
  const m = item.mutation;
  if (m.op === "delete") return null;
  if (m.entity === "record") return `#/visit/${m.entityId}`;
  if (m.entity === "person") return `#/person/${m.entityId}/edit`;
  if (m.entity === "household") return `#/household/${m.entityId}/edit`;
  return null;
}
