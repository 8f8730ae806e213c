/**
 * What a phone's outbox holds, reported with the first page of each pull so the puskesmas sees
 * which phones have data stuck on them (admin devices list). Counts only: never what the
 * mutations contain. Zod-free: the PWA's sync engine builds it in its first load.
 *
 *   X-Simpul-Outbox: pending=3;rejected=1
 */
export const OUTBOX_REPORT_HEADER = "X-Simpul-Outbox";

/** A phone holds at most a few thousand mutations; anything larger is not a real count. */
export const MAX_OUTBOX_COUNT = 1_000_000;

export interface OutboxReport {
  /** Mutations waiting to be sent (or on their way). */
  pending: number;
  /** Mutations the server refused that the user has not fixed or discarded yet. */
  rejected: number;
}

export function formatOutboxReport(r: OutboxReport): string {
  return `pending=${r.pending};rejected=${r.rejected}`;
}

const FORMAT = /^pending=(\d{1,7});rejected=(\d{1,7})$/;

/** The report in a header value, or null when the value is not exactly that shape. */
export function parseOutboxReport(value: string): OutboxReport | null {
  const m = FORMAT.exec(value.replace(/\s+/g, ""));
  if (!m) return null;
  const pending = Number(m[1]);
  const rejected = Number(m[2]);
  if (pending > MAX_OUTBOX_COUNT || rejected > MAX_OUTBOX_COUNT) return null;
  return { pending, rejected };
}
