import type { AggregateCell, AggregateCount, Freshness } from "../../../../domain/aggregates/pws.ts";
import type { PwsIndicatorMeta } from "../../../../domain/pws/types.ts";
import type { Column } from "../pws/model.ts";
import { formatPercent, reach, targetAt, type Reach } from "../pws/reach.ts";

/**
 * The provincial console's logic without the DOM (issue 16): the shapes of GET /api/aggregates
 * and /trend (worker/routes/aggregates.ts), and what a cell shows. A suppressed figure (null
 * counts: a small cell, or one hidden so that a small cell cannot be worked out) shows "—" and says why; every other
 * figure is coloured as the PWS console colours it (pws/reach.ts), against the indicator's
 * default target (a provinsi sets none of its own).
 */

/** The shapes are the worker's (domain/aggregates/pws.ts), so the two cannot drift apart. */
export type AggCount = AggregateCount;
export type AggCell = AggregateCell;
export type { Freshness };
export interface AggregatesView {
  month: string;
  area: { code: string; name: string; level: "provinsi" | "kabupaten" | "kecamatan" };
  unitLevel: "kabupaten" | "kecamatan" | "desa";
  units: { code: string; name: string }[];
  indicators: string[];
  cells: Record<string, Record<string, AggCell>>;
  total: Record<string, AggCell>;
  freshness: Freshness[];
  minDenominator: number;
  generatedAt: string;
}
export interface AggregatesTrend {
  indicator: string;
  area: AggregatesView["area"];
  unitLevel: AggregatesView["unitLevel"];
  months: string[];
  units: { code: string; name: string }[];
  series: Record<string, (AggCount | null)[]>;
  total: (AggCount | null)[];
  generatedAt: string;
}

/** The indicators of a view with their default targets, for pws/model.ts columnGroups. */
export function defaultTargets(view: Pick<AggregatesView, "indicators">, metas: readonly PwsIndicatorMeta[]): { indicators: string[]; targets: Record<string, number | null> } {
  const byId = new Map(metas.map((m) => [m.id, m]));
  return { indicators: view.indicators, targets: Object.fromEntries(view.indicators.map((id) => [id, byId.get(id)?.defaultTarget ?? null])) };
}

/** Why a cell has no percentage: suppressed (small), no sasaran, or not computed yet. */
export type AggNote = "suppressed" | "no_den" | "missing" | null;

export interface AggFigure {
  text: string;
  reach: Reach;
  note: AggNote;
  num: number | null;
  den: number | null;
}

/** A figure as shown: its percentage, coloured against the target to date; "—" with the reason otherwise. */
export function aggFigure(col: Column, count: AggCount | null | undefined, month: string, scope: "ytd" | "month", locale: string): AggFigure {
  if (!count) return { text: "—", reach: "none", note: "missing", num: null, den: null };
  if (count.num === null || count.den === null) return { text: "—", reach: "none", note: "suppressed", num: null, den: null };
  if (count.den === 0 || count.pct === null) return { text: "—", reach: "none", note: "no_den", num: count.num, den: count.den };
  const target = targetAt(col.meta, col.target, month, scope);
  return { text: formatPercent(count.pct, locale), reach: col.meta.kind === "distribution" ? "none" : reach(col.meta.kind, count.pct, target), note: null, num: count.num, den: count.den };
}

/**
 * How settled a kabupaten's figures are: "final" (the cron no longer recomputes the month: from
 * the first day of the second month after it), "provisional" (recomputed daily until
 * `recomputedUntil`: the month itself and the whole month after it), or "none" (never computed).
 */
export type FreshnessState = "final" | "provisional" | "none";

export function freshnessState(f: Pick<Freshness, "computedAt" | "final">): FreshnessState {
  if (!f.computedAt) return "none";
  return f.final ? "final" : "provisional";
}

/** The area one level down from a unit, for the drill-down: a kabupaten or kecamatan; desa are the finest. */
export function drillArea(view: Pick<AggregatesView, "unitLevel">, unitCode: string): string | null {
  return view.unitLevel === "desa" ? null : unitCode;
}

/** The area one level up (the breadcrumb's back), or null at the reader's own area. */
export function parentArea(code: string, own: string): string | null {
  if (code === own) return null;
  const parts = code.split(".");
  return parts.length > 1 ? parts.slice(0, -1).join(".") : null;
}

/** The trend's values (percent) for a chart: null where not computed, suppressed or without sasaran. */
export function trendValues(series: readonly (AggCount | null)[]): (number | null)[] {
  return series.map((c) => (c && c.num !== null && c.den ? c.pct : null));
}
