import type { LmsTable } from "./codec.ts";

/**
 * The LMS method of the WHO Child Growth Standards (WHO MGRS 2006, *Methods and development*,
 * chapter 7 "Computation of centiles and z-scores"), as implemented in the WHO anthro package.
 */

export type Sex = "L" | "P";

/** Column index of a sex in a decoded table: the WHO files number boys 1 and girls 2. */
export const sexIndex = (sex: Sex): 0 | 1 => (sex === "L" ? 0 : 1);

export interface Lms {
  l: number;
  m: number;
  s: number;
}

/** z = ((y/M)^L − 1) / (L·S); when L = 0 the limit is ln(y/M) / S. */
export function lmsZ(y: number, l: number, m: number, s: number): number {
  return l === 0 ? Math.log(y / m) / s : (Math.pow(y / m, l) - 1) / (l * s);
}

/** The measurement at a given z: y = M·(1 + L·S·z)^(1/L); when L = 0, y = M·e^(S·z). */
export function lmsValue(z: number, l: number, m: number, s: number): number {
  return l === 0 ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);
}

/**
 * WHO's restricted z-score for the skewed, weight-based indicators: beyond ±3 SD the LMS curve
 * stretches the tail, so WHO measures the distance past ±3 SD in units of the gap between the
 * 2 and 3 SD curves on that side (anthro's compute_zscore_adjusted).
 */
export function restrictedZ(y: number, l: number, m: number, s: number): number {
  const z = lmsZ(y, l, m, s);
  if (z > 3) {
    const sd3 = lmsValue(3, l, m, s);
    return 3 + (y - sd3) / (sd3 - lmsValue(2, l, m, s));
  }
  if (z < -3) {
    const sd3neg = lmsValue(-3, l, m, s);
    return -3 + (y - sd3neg) / (lmsValue(-2, l, m, s) - sd3neg);
  }
  return z;
}

/** Positions closer than this to a row are that row: 67.3 − 45 is not exactly 22.3 in binary. */
const ROW_SNAP = 1e-9;

/**
 * L, M and S at an index value (age in days or length in cm). Between two rows (lengths like
 * 67.25 cm) each of L, M and S is interpolated linearly, as anthro does for weight-for-length and
 * weight-for-height. Null outside the table.
 */
export function lmsAt(table: LmsTable, sex: Sex, x: number): Lms | null {
  let pos = (x - table.start) / table.step;
  const nearest = Math.round(pos);
  if (Math.abs(pos - nearest) < ROW_SNAP) pos = nearest;
  if (!(pos >= 0 && pos <= table.count - 1)) return null;
  const k = sexIndex(sex);
  const L = table.l[k];
  const M = table.m[k];
  const S = table.s[k];
  const i = Math.floor(pos);
  const f = pos - i;
  if (f === 0) return { l: L[i]!, m: M[i]!, s: S[i]! };
  return {
    l: L[i]! + f * (L[i + 1]! - L[i]!),
    m: M[i]! + f * (M[i + 1]! - M[i]!),
    s: S[i]! + f * (S[i + 1]! - S[i]!),
  };
}

/** The first and last index value of a table (days or cm). */
export function tableRange(table: LmsTable): { min: number; max: number } {
  return { min: table.start, max: Math.round((table.start + (table.count - 1) * table.step) * 1e6) / 1e6 };
}

/** Rounds half away from zero, so −1.235 and 1.235 round to the same magnitude. */
export function round2(z: number): number {
  const r = Math.round(Math.abs(z) * 100) / 100;
  return z < 0 && r !== 0 ? -r : r;
}
