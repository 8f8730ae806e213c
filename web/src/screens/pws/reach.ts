import type { PwsCount, PwsIndicatorMeta, PwsKind } from "../../../../domain/pws/types.ts";

/**
 * How a PWS cell is coloured. Coverage: the target is a minimum; reaching it is green, reaching
 * NEAR_SHARE of it amber, less red. Prevalence and drop-out: the target is a maximum (lower is
 * better); at or under it green, at most 1 / NEAR_SHARE of it (125 %) amber, more red.
 * Distributions (IKS), cells with no target, no denominator or one below the indicator's
 * `minDenominator`, and a negative drop-out are not coloured.
 *
 * The target a figure is compared with is `targetAt`: for a pro-rated indicator (coverage over a
 * fixed annual sasaran, `PwsIndicatorMeta.proRate`) the share of the annual target the year has
 * reached so far; the table, the bar chart's target line and the trend's use it alike.
 */
export type Reach = "good" | "near" | "bad" | "none";

/**
 * "Hampir mencapai target": 80 % of the target, as issue 11 and the brief of the console set it
 * (the PWS KIA guidance of Kemenkes ranks desa by their distance to the target; this is the cut).
 */
export const NEAR_SHARE = 0.8;

/** Percent of a count; null when the denominator is 0 (the console shows "—"). */
export function percent(c: PwsCount | undefined): number | null {
  if (!c || !(c.den > 0)) return null;
  return (c.num / c.den) * 100;
}

/** A denominator above 0 but below the indicator's minimum: the percentage would mislead (domain/pws/indicators.ts). */
export function belowMinimum(meta: Pick<PwsIndicatorMeta, "minDenominator">, c: PwsCount | undefined): boolean {
  return !!c && c.den > 0 && meta.minDenominator !== undefined && c.den < meta.minDenominator;
}

/** The percentage the console shows: null without a denominator, or below the indicator's minimum ("—"). */
export function shownPercent(meta: Pick<PwsIndicatorMeta, "minDenominator">, c: PwsCount | undefined): number | null {
  return belowMinimum(meta, c) ? null : percent(c);
}

export const MONTHS_PER_YEAR = 12;

/**
 * The target a figure is compared with. A pro-rated indicator's year to date grows towards the
 * annual target through the year, so the cumulative to month m is compared with target × m ÷ 12
 * and the month's own figure with target ÷ 12: the Kemenkes Pedoman PWS KIA (2010) draws the
 * cumulative against the target pro-rated to the month, and a month's coverage against the
 * monthly target (one twelfth). Any other indicator: the target as set.
 */
export function targetAt(meta: Pick<PwsIndicatorMeta, "proRate">, target: number | null | undefined, month: string, scope: "ytd" | "month"): number | null {
  if (target === null || target === undefined) return null;
  if (!meta.proRate) return target;
  return scope === "month" ? target / MONTHS_PER_YEAR : (target * Number(month.slice(5, 7))) / MONTHS_PER_YEAR;
}

export function lowerIsBetter(kind: PwsKind): boolean {
  return kind === "prevalence" || kind === "dropout";
}

/**
 * A negative drop-out: more MR 1 than DPT-HB-Hib 1 in the period (infants of last year catching
 * up, or a DPT-HB-Hib 1 not recorded). It is shown as computed but not coloured: it is not a
 * better result than 0 %, it is a different question (docs/PWS.md).
 */
export function negativeDropout(kind: PwsKind, value: number | null): boolean {
  return kind === "dropout" && value !== null && value < 0;
}

export function reach(kind: PwsKind, value: number | null, target: number | null | undefined): Reach {
  if (value === null || target === null || target === undefined || kind === "distribution" || negativeDropout(kind, value)) return "none";
  if (lowerIsBetter(kind)) return value <= target ? "good" : value * NEAR_SHARE <= target ? "near" : "bad";
  return value >= target ? "good" : value >= target * NEAR_SHARE ? "near" : "bad";
}

/** One decimal, in the user's locale (84,2 in Bahasa Indonesia); "—" without a denominator. */
export function formatPercent(value: number | null, locale: string): string {
  if (value === null) return "—";
  return value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
