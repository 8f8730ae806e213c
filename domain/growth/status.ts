import {
  OBESE_ABOVE_Z, OVERWEIGHT_ABOVE_Z, RISK_OF_OVERWEIGHT_ABOVE_Z, SEVERELY_STUNTED_BELOW_Z, SEVERELY_UNDERWEIGHT_BELOW_Z,
  SEVERELY_WASTED_BELOW_Z, STUNTED_BELOW_Z, UNDERWEIGHT_BELOW_Z, WASTED_BELOW_Z,
} from "./flags.ts";
import type { IndicatorId } from "./zscore.ts";

/**
 * The status category of each anthropometric index, as the KMS and the Buku KIA name them:
 * Permenkes No. 2 Tahun 2020 tentang Standar Antropometri Anak, Pasal 4 and Lampiran ("Kategori
 * dan ambang batas status gizi anak"). Codes only: the PWA says them in words (its catalogue),
 * the z-score beside. The cut-offs are the ones the flags use (flags.ts), so a status word and a
 * flag never disagree; boundaries are strict as there (z = −2.00 is normal).
 */

/** PB/U–TB/U > +3 SD: tinggi (Permenkes 2/2020). */
export const TALL_ABOVE_Z = 3;
/** BB/U > +1 SD: risiko berat badan lebih (Permenkes 2/2020; to be checked with BB/PB or IMT/U). */
export const RISK_OF_HIGH_WEIGHT_ABOVE_Z = 1;

/** BB/U: berat badan menurut umur. */
export type WfaStatus = "bb_sangat_kurang" | "bb_kurang" | "bb_normal" | "risiko_bb_lebih";
/** PB/U or TB/U: panjang/tinggi badan menurut umur. */
export type LhfaStatus = "sangat_pendek" | "pendek" | "normal" | "tinggi";
/** BB/PB or BB/TB, and IMT/U (the same categories, Permenkes 2/2020). */
export type WflhStatus = "gizi_buruk" | "gizi_kurang" | "gizi_baik" | "risiko_gizi_lebih" | "gizi_lebih" | "obesitas";

export type GrowthStatus = WfaStatus | LhfaStatus | WflhStatus;

export function wfaStatus(z: number): WfaStatus {
  if (z < SEVERELY_UNDERWEIGHT_BELOW_Z) return "bb_sangat_kurang";
  if (z < UNDERWEIGHT_BELOW_Z) return "bb_kurang";
  if (z > RISK_OF_HIGH_WEIGHT_ABOVE_Z) return "risiko_bb_lebih";
  return "bb_normal";
}

export function lhfaStatus(z: number): LhfaStatus {
  if (z < SEVERELY_STUNTED_BELOW_Z) return "sangat_pendek";
  if (z < STUNTED_BELOW_Z) return "pendek";
  if (z > TALL_ABOVE_Z) return "tinggi";
  return "normal";
}

export function wflhStatus(z: number): WflhStatus {
  if (z < SEVERELY_WASTED_BELOW_Z) return "gizi_buruk";
  if (z < WASTED_BELOW_Z) return "gizi_kurang";
  if (z > OBESE_ABOVE_Z) return "obesitas";
  if (z > OVERWEIGHT_ABOVE_Z) return "gizi_lebih";
  if (z > RISK_OF_OVERWEIGHT_ABOVE_Z) return "risiko_gizi_lebih";
  return "gizi_baik";
}

/** The indices with a status category; head and arm circumference have none in Permenkes 2/2020. */
export const STATUS_INDICATORS = ["wfa", "lhfa", "wflh", "bmifa"] as const satisfies readonly IndicatorId[];
export type StatusIndicator = (typeof STATUS_INDICATORS)[number];

/** The status of one index from its (rounded) z-score; null for an index without categories. */
export function growthStatus(indicator: IndicatorId, z: number): GrowthStatus | null {
  switch (indicator) {
    case "wfa": return wfaStatus(z);
    case "lhfa": return lhfaStatus(z);
    case "wflh":
    case "bmifa": return wflhStatus(z);
    default: return null;
  }
}
