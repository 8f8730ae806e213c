import { SMALL_CELL_MIN } from "../lintas/indicators.ts";
import { addMonths } from "../rules/dates.ts";

/**
 * The monthly PWS aggregates above the kabupaten (issue 16; docs/SCALE.md, "Aggregates"): each
 * kabupaten database computes its month's PWS per desa (the console's figures, counts only), a
 * Cloudflare Queue carries one {shard, month} message per kabupaten-month, and the consumer
 * writes the rows into the central database, where a dinkes provinsi reads them. Pure rules here;
 * the worker side is worker/services/aggregates/.
 */

/** The queue's name in wrangler.toml ([[queues.producers]] AGGREGATES_QUEUE). */
export const AGGREGATES_QUEUE_NAME = "simpul-aggregates";

/** One message: aggregate one kabupaten database's month. Everything else is read from the database. */
export interface AggregateMessage {
  kind: "pws-month";
  /** The shard key (domain/shards/registry.ts): "1804". */
  shard: string;
  /** "2026-11". */
  month: string;
}

/** Months of backfill when the central store has no run for a shard yet (the trend's 12 months). */
export const BACKFILL_MONTHS = 12;

/** Visits and months are WIB (UTC+7), as the phones in Lampung write them (domain/fhir/shared.ts). */
const WIB_MS = 7 * 3_600_000;

/** The calendar month (WIB) of an instant: "2026-12". */
export function monthOfInstant(now: number): string {
  return new Date(now + WIB_MS).toISOString().slice(0, 7);
}

/**
 * The months the daily cron aggregates for one kabupaten: the previous month (final from its
 * first run after the month ended: late entries of the month's visits keep arriving for days, so
 * it is recomputed daily until the month after) and the current one (provisional). A kabupaten
 * the central store has never heard from gets the last BACKFILL_MONTHS months, the trend's span.
 */
export function monthsToAggregate(now: number, hasRun: boolean): string[] {
  const current = monthOfInstant(now);
  const n = hasRun ? 2 : BACKFILL_MONTHS;
  return Array.from({ length: n }, (_, i) => addMonths(`${current}-01`, i - n + 1).slice(0, 7));
}

/** A run computed after its month ended (WIB) holds the month's final figures; before, provisional. */
export function isFinal(month: string, computedAt: number): boolean {
  return monthOfInstant(computedAt) > month;
}

/** May a month be aggregated now: a real month, not in the future. */
export function isAggregatableMonth(month: string, now: number): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= monthOfInstant(now);
}

/**
 * Small cells (docs/PWS.md; the rule of domain/lintas/indicators.ts): a desa-level figure whose
 * denominator is under SMALL_CELL_MIN is suppressed (null): a provincial reader who knows a
 * desa's three pregnant women would learn which one missed her K4. A kecamatan or kabupaten
 * figure is not (its denominators are large, and its dinkes sees the names anyway).
 */
export const AGGREGATE_MIN_DENOMINATOR = SMALL_CELL_MIN;

/** A figure as the provincial view sends it: counts and the percentage, or nulls when suppressed. */
export interface AggregateCount {
  num: number | null;
  den: number | null;
  /** num ÷ den × 100, one decimal; null when den is 0 or the figure is suppressed. */
  pct: number | null;
}

export function countOf(num: number, den: number): AggregateCount {
  return { num, den, pct: den > 0 ? Math.round((num / den) * 1000) / 10 : null };
}

export const SUPPRESSED: AggregateCount = { num: null, den: null, pct: null };

/**
 * Suppress one column of desa figures (one indicator, one period) with its total shown beside it.
 * Primary: every desa whose denominator is under the minimum. Complementary: when exactly one is
 * suppressed, the total minus the others would give it back, so the next smallest is suppressed
 * too (smallest denominator, then code). A total under the minimum is suppressed itself.
 * Residual risk: a reader who compares months, or the month with the year to date, can still
 * difference them; the routes are audited per read for that reason.
 */
export function suppressColumn(
  cells: ReadonlyMap<string, { num: number; den: number }>,
  total: { num: number; den: number },
  min = AGGREGATE_MIN_DENOMINATOR,
): { cells: Map<string, AggregateCount>; total: AggregateCount } {
  const hidden = new Set([...cells].filter(([, c]) => c.den < min).map(([u]) => u));
  const totalShown = total.den >= min;
  if (hidden.size === 1 && totalShown && cells.size > 1) {
    const next = [...cells].filter(([u]) => !hidden.has(u)).sort(([a, x], [b, y]) => x.den - y.den || (a < b ? -1 : 1))[0];
    if (next) hidden.add(next[0]);
  }
  const out = new Map<string, AggregateCount>();
  for (const [u, c] of cells) out.set(u, hidden.has(u) ? SUPPRESSED : countOf(c.num, c.den));
  return { cells: out, total: totalShown ? countOf(total.num, total.den) : SUPPRESSED };
}
