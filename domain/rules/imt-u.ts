import { restrictedZ, round2, type Sex } from "../growth/lms.ts";
import type { Text } from "../forms/types.ts";
import { BFA_START_MONTH, BFA_WHO2007 } from "./who2007-bfa.ts";

/**
 * IMT/U (BMI-for-age) for 5–19 years: WHO Growth Reference 2007, computed as the WHO
 * anthroplus package does (zscore_indicator): age in months (days / 30.4375), L, M and S
 * interpolated linearly between the two whole months around it, restricted tails beyond ±3 SD
 * (anthro_api_compute_zscore_adjusted), rounded to 2 decimals; valid from 60 to 228 months.
 *
 * The BMI is the unrounded weight / height² (anthroplus compute_bmi: weight / (height / 100)^2):
 * scoring the 1-decimal IMT shown on the form instead shifts 601 of the 915 children of WHO's
 * Survey_WHO2007 test data by up to 0.05 SD (test/domain/rules-corrections.test.ts). Use
 * bmiForAgeZFromMeasures when weight and height are known.
 */

/**
 * From 60 months: anthroplus 1.0.0 (NEWS.md, "The package now supports observations with age >= 60
 * months. Previously there was a cutoff at 61 months") scores from the table's month-60 row, so a
 * child of 60.0–60.99 months (5 years, school age) is scored, interpolating rows 60 and 61.
 */
export const BFA_MIN_AGE_MONTHS = 60;
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

/**
 * The rounded IMT/U z-score, or null outside 60–228 months or for a missing sex or a bad BMI.
 * Pass the unrounded BMI (see bmiForAgeZFromMeasures): a BMI already rounded to 1 decimal gives
 * a z-score up to 0.05 SD off anthroplus.
 */
export function bmiForAgeZ(sex: Sex | null | undefined, ageMonths: number, bmi: number): number | null {
  if ((sex !== "L" && sex !== "P") || !(ageMonths >= BFA_MIN_AGE_MONTHS && ageMonths <= BFA_MAX_AGE_MONTHS) || !(bmi > 0 && Number.isFinite(bmi))) return null;
  const t = BFA_WHO2007[sex === "L" ? 0 : 1];
  const lo = Math.trunc(ageMonths) - BFA_START_MONTH;
  const hi = Math.trunc(ageMonths + 1) - BFA_START_MONTH;
  const f = ageMonths - Math.trunc(ageMonths);
  const at = (col: readonly number[]) => col[lo]! + (f > 0 ? f * (col[hi]! - col[lo]!) : 0);
  return round2(restrictedZ(bmi, at(t.l), at(t.m), at(t.s)));
}

/** anthroplus compute_bmi: weight / (height in m)², unrounded; null for a missing or non-positive measure. */
export function bmiUnrounded(weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  if (typeof weightKg !== "number" || typeof heightCm !== "number" || !(weightKg > 0) || !(heightCm > 0) || !Number.isFinite(weightKg) || !Number.isFinite(heightCm)) return null;
  return weightKg / ((heightCm / 100) * (heightCm / 100));
}

/** The IMT/U z-score from weight and height, as anthroplus scores it (unrounded BMI); null as bmiForAgeZ. */
export function bmiForAgeZFromMeasures(sex: Sex | null | undefined, ageMonths: number, weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  const bmi = bmiUnrounded(weightKg, heightCm);
  return bmi === null ? null : bmiForAgeZ(sex, ageMonths, bmi);
}
