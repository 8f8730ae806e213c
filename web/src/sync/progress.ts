/**
 * First-sync progress in words a user can act on: rows and bytes received, and how long the rest
 * will take when that is long enough to matter (issue 12 §5). Pure, so it is tested in node.
 */

/** Where the current pull run started counting, for its rate: rows and time since then. */
export interface PullRun {
  startedAt: number;
  rows0: number;
}

/**
 * Below this the download ends before anyone reads an estimate; above it (a slow link: 3000
 * persons at ~2 kB a row over a 256 kbit/s EDGE-class link take about three minutes) the user
 * decides whether to wait or come back.
 */
export const SLOW_LINK_ETA_MS = 10_000;

/**
 * Remaining time from this run's own rate (rows per ms since it started): the rows still to come
 * at the pace of the rows already received. Null until a page has arrived in this run, since a
 * rate from nothing is a guess.
 */
export function estimateRemainingMs(p: { received: number; total: number }, run: PullRun, now: number): number | null {
  const rows = p.received - run.rows0;
  const elapsed = now - run.startedAt;
  if (rows <= 0 || elapsed <= 0) return null;
  const left = Math.max(0, p.total - p.received);
  return Math.round((left * elapsed) / rows);
}

/** The estimate worth showing: only on a slow link (see SLOW_LINK_ETA_MS). */
export function shownEta(etaMs: number | null | undefined): number | null {
  return etaMs !== null && etaMs !== undefined && etaMs >= SLOW_LINK_ETA_MS ? etaMs : null;
}

/** Bytes for people: "820 KB", "1,4 MB" (decimal units, as phone data plans count them). */
export function formatBytes(n: number, locale: string): string {
  if (n < 1000) return `${Math.round(n)} B`;
  if (n < 1_000_000) return `${Math.round(n / 1000).toLocaleString(locale)} KB`;
  return `${(n / 1_000_000).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
}

/** The expected total bytes: this far's bytes per row times all rows. Null before any row. */
export function expectedBytes(p: { received: number; total: number; bytes?: number }): number | null {
  if (!p.bytes || p.received <= 0) return null;
  return Math.round((p.bytes / p.received) * Math.max(p.total, p.received));
}

/** A duration rounded the way one says it: "±40 detik", "±3 menit" (whole minutes from 90 s). */
export function etaParts(ms: number): { unit: "s" | "min"; n: number } {
  const s = Math.ceil(ms / 1000);
  if (s < 90) return { unit: "s", n: Math.max(10, Math.round(s / 10) * 10) };
  return { unit: "min", n: Math.round(s / 60) };
}
