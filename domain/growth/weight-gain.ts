import { isoDateToDays } from "./age.ts";
import { GrowthInputError, growthErrors, type I18nText } from "./errors.ts";
import { WEIGHT_MAX_KG, WEIGHT_MIN_EXCLUSIVE_KG } from "./zscore.ts";

/**
 * N/T (naik / tidak naik) of the monthly weighing, as on the KMS in the Buku KIA: a child "naik"
 * when the weight gained since last month's weighing is at least the KBM (kenaikan berat badan
 * minimal) for its age.
 */

/**
 * KBM in grams by age in completed months at this weighing (KMS, Buku KIA Kemenkes): 800 g at
 * 1 month, 900 g at 2, 800 g at 3, 600 g at 4, 500 g at 5, 400 g at 6–7, 300 g at 8–10 and 200 g
 * from 11 months to 60 months. Index = age in months (0 uses the first month's 800 g: the
 * previous weighing was then at or near birth).
 */
export const KBM_GRAMS_BY_MONTH: readonly number[] = [800, 800, 900, 800, 600, 500, 400, 400, 300, 300, 300];
/** From 11 months on. */
export const KBM_GRAMS_FROM_11_MONTHS = 200;
export const KBM_MAX_AGE_MONTHS = 60;

/**
 * "Ditimbang bulan lalu": the previous weighing counts as last month's when it was 20 to 45 days
 * earlier. Monthly posyandu dates drift by a week or two; less than 20 days is the same month
 * (a second weighing), more than 45 skips a month. Our choice, not a Kemenkes figure.
 */
export const LAST_MONTH_MIN_DAYS = 20;
export const LAST_MONTH_MAX_DAYS = 45;

/** N naik, T tidak naik, O tidak ditimbang bulan lalu, B baru (first weighing). */
export type NTStatus = "N" | "T" | "O" | "B";

export const NT_LABELS: Readonly<Record<NTStatus, I18nText>> = {
  N: { id: "Naik", en: "Gained (at least the minimum)" },
  T: { id: "Tidak naik", en: "Did not gain enough" },
  O: { id: "Tidak ditimbang bulan lalu", en: "Not weighed last month" },
  B: { id: "Baru pertama kali ditimbang", en: "First weighing" },
};

/**
 * T once: refer to the petugas kesehatan (Kemenkes, Buku KIA edisi 2023, KMS "Grafik Berat Badan":
 * "Rujuk bila berat badan anak tidak naik (T) atau di bawah garis merah atau di atas garis
 * oranye"; the kader refers to the petugas kesehatan, who manages it under Permenkes 2/2020).
 */
export const T_NEXT: I18nText = {
  id: "T (tidak naik): rujuk ke petugas kesehatan di pustu untuk dicari penyebabnya; konseling makan anak (PMBA).",
  en: "T (did not gain enough): refer to the health worker at the pustu to look for the cause; counsel on child feeding.",
};

/** 2T: refer to the pustu or puskesmas (ILP balita growth monitoring; a T already refers, Buku KIA 2023). */
export const TWO_T_NEXT: I18nText = {
  id: "2T (dua kali berturut-turut tidak naik): rujuk ke pustu/puskesmas.",
  en: "2T (two consecutive weighings without enough gain): refer to the pustu/puskesmas.",
};

export function kbmGrams(ageMonths: number): number {
  const m = Math.floor(ageMonths);
  return m < KBM_GRAMS_BY_MONTH.length ? KBM_GRAMS_BY_MONTH[Math.max(0, m)]! : KBM_GRAMS_FROM_11_MONTHS;
}

function checkWeight(kg: number): void {
  if (!Number.isFinite(kg) || kg <= WEIGHT_MIN_EXCLUSIVE_KG || kg > WEIGHT_MAX_KG) {
    throw new GrowthInputError(growthErrors.weightImplausible(WEIGHT_MIN_EXCLUSIVE_KG, WEIGHT_MAX_KG));
  }
}

/**
 * N or T against the KBM when the previous weighing was last month; O when it was not; B when
 * there is no previous weighing. ageMonths is the age at this weighing (completed months are
 * used). Invalid dates or weights throw a GrowthInputError carrying the typed error.
 */
export function weightGainStatus(
  prevWeightKg: number | null | undefined,
  prevDate: string | null | undefined,
  weightKg: number,
  date: string,
  ageMonths: number,
): NTStatus {
  const day = isoDateToDays(date);
  if (day === null) throw new GrowthInputError(growthErrors.visitDateInvalid());
  checkWeight(weightKg);
  if (!(ageMonths >= 0 && ageMonths < KBM_MAX_AGE_MONTHS)) throw new GrowthInputError(growthErrors.ageOver60Months());
  if (prevWeightKg === null || prevWeightKg === undefined || prevDate === null || prevDate === undefined) return "B";
  const prevDay = isoDateToDays(prevDate);
  if (prevDay === null) throw new GrowthInputError(growthErrors.visitDateInvalid());
  if (prevDay >= day) throw new GrowthInputError(growthErrors.previousAfterCurrent());
  checkWeight(prevWeightKg);
  const interval = day - prevDay;
  if (interval < LAST_MONTH_MIN_DAYS || interval > LAST_MONTH_MAX_DAYS) return "O";
  // Whole grams: 8.3 − 7.9 is 0.40000000000000036 in binary.
  const gainGrams = Math.round(weightKg * 1000) - Math.round(prevWeightKg * 1000);
  return gainGrams >= kbmGrams(ageMonths) ? "N" : "T";
}

/** 2T: the two most recent statuses (oldest first in the array) are both T; an O or B between breaks it. */
export function is2T(statuses: readonly NTStatus[]): boolean {
  const n = statuses.length;
  return n >= 2 && statuses[n - 1] === "T" && statuses[n - 2] === "T";
}
