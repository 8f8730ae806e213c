import { restrictedZ, round2, type Sex } from "../growth/lms.ts";
import type { Text } from "../forms/types.ts";
import { BFA_START_MONTH, BFA_WHO2007 } from "./who2007-bfa.ts";

/**
 * IMT/U (BMI-for-age) for 5–19 years: WHO Growth Reference 2007, computed as the WHO
 * anthroplus package does (zscore_indicator): age in months (days / 30.4375), L, M and S
 * interpolated linearly between the two whole months around it, restricted tails beyond ±3 SD
 * (anthro_api_compute_zscore_adjusted), rounded to 2 decimals; valid from 61 to 228 months.
 */

export const BFA_MIN_AGE_MONTHS = 61;
export const BFA_MAX_AGE_MONTHS = 228;
/** anthroplus flags |z| > 5 on BMI-for-age as biologically implausible. */
export const BFA_IMPLAUSIBLE_ABS_Z = 5;

/**
 * Status gizi by IMT/U, 5–18 years (Permenkes 2/2020 Standar Antropometri Anak): < −3 SD gizi
 * buruk (severely thinness), −3 to < −2 gizi kurang (thinness), −2 to +1 gizi baik, > +1 to +2
 * gizi lebih (overweight), > +2 obesitas.
 */
export const IMTU_GIZI_BURUK_BELOW_Z = -3;
export const IMTU_GIZI_KURANG_BELOW_Z = -2;
export const IMTU_GIZI_LEBIH_ABOVE_Z = 1;
export const IMTU_OBESITAS_ABOVE_Z = 2;

export type ImtuCategory = "gizi_buruk" | "gizi_kurang" | "gizi_baik" | "gizi_lebih" | "obesitas";

export const IMTU_LABELS: Readonly<Record<ImtuCategory, Text>> = {
  gizi_buruk: { id: "Gizi buruk (sangat kurus)", en: "Severe thinness" },
  gizi_kurang: { id: "Gizi kurang (kurus)", en: "Thinness" },
  gizi_baik: { id: "Gizi baik (normal)", en: "Normal" },
  gizi_lebih: { id: "Gizi lebih", en: "Overweight" },
  obesitas: { id: "Obesitas", en: "Obese" },
};

export function imtuCategory(z: number): ImtuCategory {
  if (z < IMTU_GIZI_BURUK_BELOW_Z) return "gizi_buruk";
  if (z < IMTU_GIZI_KURANG_BELOW_Z) return "gizi_kurang";
  if (z > IMTU_OBESITAS_ABOVE_Z) return "obesitas";
  if (z > IMTU_GIZI_LEBIH_ABOVE_Z) return "gizi_lebih";
  return "gizi_baik";
}

/** The rounded IMT/U z-score, or null outside 61–228 months or for a missing sex or a bad BMI. */
export function bmiForAgeZ(sex: Sex | null | undefined, ageMonths: number, bmi: number): number | null {
  if ((sex !== "L" && sex !== "P") || !(ageMonths >= BFA_MIN_AGE_MONTHS && ageMonths <= BFA_MAX_AGE_MONTHS) || !(bmi > 0 && Number.isFinite(bmi))) return null;
  const t = BFA_WHO2007[sex === "L" ? 0 : 1];
  const lo = Math.trunc(ageMonths) - BFA_START_MONTH;
  const hi = Math.trunc(ageMonths + 1) - BFA_START_MONTH;
  const f = ageMonths - Math.trunc(ageMonths);
  const at = (col: readonly number[]) => col[lo]! + (f > 0 ? f * (col[hi]! - col[lo]!) : 0);
  return round2(restrictedZ(bmi, at(t.l), at(t.m), at(t.s)));
}
