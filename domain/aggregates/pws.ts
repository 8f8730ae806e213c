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
 * The months the daily cron aggregates for one kabupaten: the previous month (late entries of
 * the month's visits keep arriving for days, so it is recomputed on every daily run of the
 * following month) and the current one. A kabupaten the central store has never heard from gets
 * the last BACKFILL_MONTHS months, the trend's span.
 */
export function monthsToAggregate(now: number, hasRun: boolean): string[] {
  const current = monthOfInstant(now);
  const n = hasRun ? 2 : BACKFILL_MONTHS;
  return Array.from({ length: n }, (_, i) => addMonths(`${current}-01`, i - n + 1).slice(0, 7));
}

/**
 * The last day (WIB, "YYYY-MM-DD") on which the cron still recomputes a month: the end of the
 * month after it (monthsToAggregate sends the previous month every day of the following one).
 */
export function recomputedUntil(month: string): string {
  const next = addMonths(`${month}-01`, 2);
  return new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A computed month is final once the cron no longer recomputes it: from the first day (WIB) of
 * the second month after it (November is recomputed daily through December, final from
 * 1 January). Before, its figures can still change daily: provisional. A dinkes can still
 * republish any past month by hand (POST /api/aggregates/publish); that is audited, not daily.
 */
export function isFinal(month: string, now: number): boolean {
  return monthOfInstant(now) > addMonths(`${month}-01`, 1).slice(0, 7);
}

/** May a month be aggregated now: a real month, not in the future. */
export function isAggregatableMonth(month: string, now: number): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= monthOfInstant(now);
}

/**
 * Small cells (docs/PWS.md; the rule of domain/lintas/indicators.ts, SMALL_CELL_MIN): a figure
 * num/den is shown on its own only when both classes of its denominator are safe to state, as
 * `suppress()` there: the rest (den − num, those not served, or without the finding) is at least
 * the minimum, and the numerator is 0 or at least the minimum. A provincial reader who knows a
 * desa's three pregnant women would otherwise learn which one missed her K4 (den 3), that all
 * six had it (6/6), or, for a prevalence indicator, that one of them is anaemic (1/40).
 * A zero numerator is shown, as lintas shows a zero count: "nobody served" is the signal PWS
 * exists to give, and it says the same of everyone in the denominator.
 * It applies to every desa figure, and for a dinkes provinsi also to kecamatan and kabupaten
 * figures (a rare indicator's denominator is small at any level); the kabupaten's own dinkes
 * sees its kecamatan and kabupaten plainly (it reads the names in its PWS console anyway).
 */
export const AGGREGATE_MIN_DENOMINATOR = SMALL_CELL_MIN;

/** A figure as the provincial view sends it: counts and the percentage, or nulls when suppressed. */
export interface AggregateCount {
  num: number | null;
  den: number | null;
  /** num ÷ den × 100, one decimal; null when den is 0 or the figure is suppressed. */
  pct: number | null;
}

/** One month and the year to date of a unit and indicator. */
export interface AggregateCell {
  month: AggregateCount;
  ytd: AggregateCount;
}

/** A kabupaten's run for the month, as the provincial view shows it. */
export interface Freshness {
  shard: string;
  kabupaten: string;
  name: string;
  /** When its month was last computed (ISO 8601), null when never. */
  computedAt: string | null;
  /** The cron no longer recomputes the month (isFinal): its figures stay as they are. */
  final: boolean;
  /** The last day (WIB) the cron recomputes the month (recomputedUntil). */
  recomputedUntil: string;
  rows: number;
  desa: number;
}

export function countOf(num: number, den: number): AggregateCount {
  return { num, den, pct: den > 0 ? Math.round((num / den) * 1000) / 10 : null };
}

export const SUPPRESSED: AggregateCount = { num: null, den: null, pct: null };

export interface Counts {
  num: number;
  den: number;
}

/** No one in the denominator and no one counted: nothing to disclose, and nothing it could hide. */
export function isEmptyCell(c: Counts): boolean {
  return c.num === 0 && c.den === 0;
}

/** May the figure be stated on its own (see AGGREGATE_MIN_DENOMINATOR)? den ≥ min follows from den − num ≥ min. */
export function isSafeCell(c: Counts, min = AGGREGATE_MIN_DENOMINATOR): boolean {
  return c.den - c.num >= min && (c.num === 0 || c.num >= min);
}

/**
 * Suppress one column of unit figures (one indicator, one period) with its total shown beside it.
 * - An empty cell (0/0) is shown: it has no one to protect, and hiding it would protect no other.
 * - Primary: every other cell that is not safe (isSafeCell).
 * - Complementary: the total minus the shown cells gives the union of the hidden ones, so that
 *   union must itself be safe. Until it is, one more shown cell is hidden: the smallest (by
 *   denominator, then code) that makes the union safe, else the smallest. Since every shown cell is
 *   safe and the sum of safe figures is safe, the union of every non-empty cell (the total) ends
 *   the search, unless it is one cell (forced: see below); then the total is hidden too.
 * - A total that is not safe (and not empty) is suppressed itself. Then no union is revealed, and
 *   the shown cells, all safe, do not sum to it (one at least is hidden).
 * `hideAll`: the column's total is itself hidden one level up (a unit suppressed in its parent's
 * column), so every non-empty figure under it is hidden, or the cells would sum back to it.
 * `forced`: cells hidden for another reason (an earlier month: suppressYear), counted as primary.
 * `totalKnown`: the reader sees the total plainly elsewhere (a dinkes its kecamatan), so it is
 * shown whatever its size and the complementary search runs against it.
 * Residual risk: differencing across periods (docs/SCALE.md, "Reading: levels and small cells").
 */
export function suppressColumn(
  cells: ReadonlyMap<string, Counts>,
  total: Counts,
  { min = AGGREGATE_MIN_DENOMINATOR, hideAll = false, totalKnown = false, forced }: { min?: number; hideAll?: boolean; totalKnown?: boolean; forced?: ReadonlySet<string> } = {},
): { cells: Map<string, AggregateCount>; total: AggregateCount; hidden: Set<string> } {
  const safe = (c: Counts) => isSafeCell(c, min);
  const nonEmpty = [...cells].filter(([, c]) => !isEmptyCell(c));
  let totalShown = !hideAll && (totalKnown || isEmptyCell(total) || safe(total));
  const hidden = new Set(nonEmpty.filter(([u, c]) => hideAll || !safe(c) || forced?.has(u)).map(([u]) => u));
  if (totalShown && hidden.size) {
    const union = { num: 0, den: 0 };
    for (const u of hidden) (union.num += cells.get(u)!.num), (union.den += cells.get(u)!.den);
    const rest = nonEmpty.filter(([u]) => !hidden.has(u)).sort(([a, x], [b, y]) => x.den - y.den || (a < b ? -1 : 1));
    // A single hidden cell is given back whole even when safe (a forced one: an earlier month's).
    const covered = () => safe(union) && hidden.size >= 2;
    while (!covered() && rest.length) {
      const i = Math.max(0, rest.findIndex(([, c]) => safe({ num: union.num + c.num, den: union.den + c.den })));
      const [u, c] = rest.splice(i, 1)[0]!;
      hidden.add(u);
      union.num += c.num;
      union.den += c.den;
    }
    // Only one non-empty cell, forced: the total is that cell (unless the reader knows it anyway).
    if (!covered() && !totalKnown) totalShown = false;
  }
  const out = new Map<string, AggregateCount>();
  for (const [u, c] of cells) out.set(u, hidden.has(u) ? SUPPRESSED : countOf(c.num, c.den));
  return { cells: out, total: totalShown ? countOf(total.num, total.den) : SUPPRESSED, hidden };
}

/** One month of a desa column: its month and year-to-date figures per unit. */
export interface YearPeriod {
  month: ReadonlyMap<string, Counts>;
  ytd: ReadonlyMap<string, Counts>;
  hideAll?: boolean;
  totalKnown?: boolean;
}

/**
 * Small cells across the months of one year (a desa column; S3 of the issue 16 review). A month's
 * figure is, for most indicators, the year to date minus the previous month's year to date
 * (num_month(m) ≈ num_ytd(m) − num_ytd(m−1)), so hiding it in one view protects nothing if the
 * two year-to-date figures around it are shown, in this view or the previous month's. Hence:
 * - in a month, a unit hidden in the month column is hidden in the year-to-date column too, and
 *   the other way round (either gives the other back from the previous month's year to date);
 * - a unit hidden in any month of the year stays hidden in every later month of that year (a later
 *   pair of shown year-to-date figures would give back the sum of the months between, and the
 *   shown months among them the hidden one);
 * - each month's columns then get their complementary suppression as in suppressColumn, with the
 *   units above as primary, until both columns' hidden unions are safe.
 * `periods` run from January to the month shown, in order (the year to date restarts in January).
 */
export function suppressYear(periods: readonly YearPeriod[], min = AGGREGATE_MIN_DENOMINATOR) {
  let sticky = new Set<string>();
  return periods.map(({ month, ytd, hideAll, totalKnown }) => {
    const sum = (col: ReadonlyMap<string, Counts>) => {
      const t = { num: 0, den: 0 };
      for (const c of col.values()) (t.num += c.num), (t.den += c.den);
      return t;
    };
    let forced = sticky;
    for (;;) {
      const m = suppressColumn(month, sum(month), { min, hideAll, totalKnown, forced });
      const y = suppressColumn(ytd, sum(ytd), { min, hideAll, totalKnown, forced: new Set([...forced, ...m.hidden]) });
      const both = new Set([...m.hidden, ...y.hidden]);
      if ([...both].every((u) => m.hidden.has(u) || isEmptyCell(month.get(u) ?? { num: 0, den: 0 }))) {
        sticky = new Set([...sticky, ...both]);
        return { month: m, ytd: y };
      }
      forced = both;
    }
  });
}
