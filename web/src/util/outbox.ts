import { t, formatDate, type MessageKey } from "../i18n/index.ts";
import type { OutboxItem } from "../store/db.ts";

/** One line that tells a person which of their entries an outbox item is. */
export function describeItem(item: OutboxItem): string {
  const m = item.mutation;
  const p = m.payload as Record<string, unknown>;
  const what = t(`entity_${m.entity}` as MessageKey) ?? m.entity;
  const op = t(`op_${m.op}` as MessageKey);
  let detail = "";
  if (typeof p.name === "string") detail = p.name;
  else if (m.entity === "record") detail = `${String(p.formId ?? "")} ${formatDate(typeof p.visitDate === "string" ? p.visitDate : null)}`.trim();
  else if (m.entity === "household") detail = [p.address, p.rt ? `RT ${String(p.rt)}` : ""].filter(Boolean).join(", ");
  return `${what} (${op})${detail ? ": " + detail : ""}`;
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
