import { daysToMonths } from "./age.ts";
import type { I18nText } from "./errors.ts";
import type { IndicatorId, IndicatorResult } from "./zscore.ts";

/**
 * Nutritional-status flags from the z-scores and LiLA.
 *
 * Z cut-offs: WHO (2008) *Training Course on Child Growth Assessment*, "Interpreting growth
 * indicators", and Kemenkes, Permenkes No. 2 Tahun 2020 tentang Standar Antropometri Anak
 * (kategori dan ambang batas status gizi anak). Both use strict inequalities: z = −2.00 is
 * normal, z = −3.00 is "pendek" (not "sangat pendek"), z = +2.00 is "berisiko gizi lebih".
 */

/** PB/U–TB/U < −2 SD: pendek (stunted). */
export const STUNTED_BELOW_Z = -2;
/** PB/U–TB/U < −3 SD: sangat pendek (severely stunted). */
export const SEVERELY_STUNTED_BELOW_Z = -3;
/** BB/PB–BB/TB < −2 SD: gizi kurang (wasted). */
export const WASTED_BELOW_Z = -2;
/** BB/PB–BB/TB < −3 SD: gizi buruk (severely wasted). */
export const SEVERELY_WASTED_BELOW_Z = -3;
/** BB/U < −2 SD: berat badan kurang (underweight). */
export const UNDERWEIGHT_BELOW_Z = -2;
/** BB/U < −3 SD: berat badan sangat kurang (severely underweight). */
export const SEVERELY_UNDERWEIGHT_BELOW_Z = -3;
/** BB/PB–BB/TB > +1 SD: berisiko gizi lebih (possible risk of overweight). */
export const RISK_OF_OVERWEIGHT_ABOVE_Z = 1;
/** BB/PB–BB/TB > +2 SD: gizi lebih (overweight). */
export const OVERWEIGHT_ABOVE_Z = 2;
/** BB/PB–BB/TB > +3 SD: obesitas (obese). */
export const OBESE_ABOVE_Z = 3;

/**
 * LiLA (MUAC) of children 6–59 months: < 11.5 cm gizi buruk (severe acute malnutrition),
 * 11.5 – < 12.5 cm gizi kurang (moderate), ≥ 12.5 cm normal. Sources: WHO & UNICEF (2009) joint
 * statement *WHO child growth standards and the identification of severe acute malnutrition in
 * infants and children*; WHO (2013) *Guideline: updates on the management of severe acute
 * malnutrition in infants and children*; Kemenkes (2019) *Pedoman Pencegahan dan Tata Laksana
 * Gizi Buruk pada Balita*.
 */
export const LILA_GIZI_BURUK_BELOW_CM = 11.5;
export const LILA_GIZI_KURANG_BELOW_CM = 12.5;
/** The LiLA cut-offs apply from 6 months up to (not including) 60 months. */
export const LILA_MIN_AGE_MONTHS = 6;
export const LILA_MAX_AGE_MONTHS = 60;

export type FlagCode =
  | "severely_stunted"
  | "stunted"
  | "severely_wasted"
  | "wasted"
  | "severely_underweight"
  | "underweight"
  | "obese"
  | "overweight"
  | "possible_risk_of_overweight"
  | "lila_gizi_buruk"
  | "lila_gizi_kurang";

export interface GrowthFlag {
  code: FlagCode;
  /** Which indicator raised it ("lila" for the LiLA cut-offs). */
  indicator: IndicatorId | "lila";
  /** "severe" needs a referral today; "moderate" a referral or follow-up; "risk" counselling. */
  severity: "severe" | "moderate" | "risk";
  /** Create a referral (to the pustu or puskesmas), not only a follow-up task. */
  refer: boolean;
  label: I18nText;
  /** What the kader or bidan does next. */
  next: I18nText;
}

const t = (id: string, en: string): I18nText => Object.freeze({ id, en });

/**
 * Every flag, built once: assessments share these objects (frozen below) instead of allocating
 * copies for each child.
 */
export const FLAGS: Readonly<Record<FlagCode, GrowthFlag>> = {
  severely_stunted: {
    code: "severely_stunted",
    indicator: "lhfa",
    severity: "severe",
    refer: true,
    label: t("Sangat pendek", "Severely stunted"),
    next: t(
      "Ukur ulang untuk memastikan, lalu rujuk ke puskesmas untuk pemeriksaan dokter; konseling PMBA dan pantau tiap bulan.",
      "Measure again to confirm, then refer to the puskesmas for a doctor's assessment; counsel on infant and young child feeding and follow up monthly.",
    ),
  },
  stunted: {
    code: "stunted",
    indicator: "lhfa",
    severity: "moderate",
    refer: true,
    label: t("Pendek", "Stunted"),
    next: t(
      "Ukur ulang untuk memastikan; rujuk ke pustu/puskesmas untuk konfirmasi dan mencari penyebab; konseling PMBA dan pantau tiap bulan.",
      "Measure again to confirm; refer to the pustu/puskesmas to confirm and look for causes; counsel on infant and young child feeding and follow up monthly.",
    ),
  },
  severely_wasted: {
    code: "severely_wasted",
    indicator: "wflh",
    severity: "severe",
    refer: true,
    label: t("Gizi buruk", "Severely wasted"),
    next: t(
      "Rujuk hari ini ke puskesmas untuk tata laksana gizi buruk; periksa edema dan tanda bahaya.",
      "Refer today to the puskesmas for severe acute malnutrition care; check for oedema and danger signs.",
    ),
  },
  wasted: {
    code: "wasted",
    indicator: "wflh",
    severity: "moderate",
    refer: true,
    label: t("Gizi kurang", "Wasted"),
    next: t(
      "Rujuk ke pustu/puskesmas untuk konfirmasi; PMT pemulihan dan konseling PMBA; timbang ulang dalam 2 minggu.",
      "Refer to the pustu/puskesmas to confirm; supplementary feeding and feeding counselling; weigh again within 2 weeks.",
    ),
  },
  severely_underweight: {
    code: "severely_underweight",
    indicator: "wfa",
    severity: "severe",
    refer: true,
    label: t("Berat badan sangat kurang", "Severely underweight"),
    next: t(
      "Rujuk ke puskesmas; ukur panjang/tinggi badan dan LiLA untuk menilai gizi buruk.",
      "Refer to the puskesmas; measure length/height and MUAC to assess for severe wasting.",
    ),
  },
  underweight: {
    code: "underweight",
    indicator: "wfa",
    severity: "moderate",
    refer: false,
    label: t("Berat badan kurang", "Underweight"),
    next: t(
      "Nilai BB/PB atau BB/TB dan PB/U atau TB/U; konseling gizi; pantau kenaikan berat badan bulan depan.",
      "Check weight-for-length/height and length/height-for-age; counsel on feeding; check weight gain next month.",
    ),
  },
  obese: {
    code: "obese",
    indicator: "wflh",
    severity: "moderate",
    refer: true,
    label: t("Obesitas", "Obese"),
    next: t(
      "Rujuk ke puskesmas untuk penilaian dokter; konseling pola makan keluarga dan aktivitas fisik.",
      "Refer to the puskesmas for a doctor's assessment; counsel the family on diet and physical activity.",
    ),
  },
  overweight: {
    code: "overweight",
    indicator: "wflh",
    severity: "moderate",
    refer: true,
    label: t("Gizi lebih", "Overweight"),
    next: t(
      "Konseling pola makan keluarga dan aktivitas fisik; rujuk ke puskesmas untuk penilaian.",
      "Counsel the family on diet and physical activity; refer to the puskesmas for assessment.",
    ),
  },
  possible_risk_of_overweight: {
    code: "possible_risk_of_overweight",
    indicator: "wflh",
    severity: "risk",
    refer: false,
    label: t("Berisiko gizi lebih", "Possible risk of overweight"),
    next: t(
      "Konseling gizi seimbang (kurangi minuman manis dan makanan ringan); pantau bulan depan.",
      "Counsel on a balanced diet (fewer sweet drinks and snacks); check again next month.",
    ),
  },
  lila_gizi_buruk: {
    code: "lila_gizi_buruk",
    indicator: "lila",
    severity: "severe",
    refer: true,
    label: t("LiLA < 11,5 cm: gizi buruk", "MUAC < 11.5 cm: severe acute malnutrition"),
    next: t(
      "Rujuk hari ini ke puskesmas untuk tata laksana gizi buruk; periksa edema dan tanda bahaya.",
      "Refer today to the puskesmas for severe acute malnutrition care; check for oedema and danger signs.",
    ),
  },
  lila_gizi_kurang: {
    code: "lila_gizi_kurang",
    indicator: "lila",
    severity: "moderate",
    refer: true,
    label: t("LiLA 11,5–< 12,5 cm: gizi kurang", "MUAC 11.5–< 12.5 cm: moderate acute malnutrition"),
    next: t(
      "Rujuk ke pustu/puskesmas untuk konfirmasi dengan BB/PB atau BB/TB; PMT pemulihan dan konseling PMBA.",
      "Refer to the pustu/puskesmas to confirm with weight-for-length/height; supplementary feeding and feeding counselling.",
    ),
  },
};

for (const f of Object.values(FLAGS)) Object.freeze(f);

function zOf(results: Partial<Record<IndicatorId, IndicatorResult>>, id: IndicatorId): number | null {
  const r = results[id];
  return r && r.ok ? r.z : null;
}

/** Flags from the (rounded) z-scores: at most one per indicator, the most severe. */
export function growthFlags(results: Partial<Record<IndicatorId, IndicatorResult>>): GrowthFlag[] {
  const flags: GrowthFlag[] = [];
  const lh = zOf(results, "lhfa");
  if (lh !== null) {
    if (lh < SEVERELY_STUNTED_BELOW_Z) flags.push(FLAGS.severely_stunted);
    else if (lh < STUNTED_BELOW_Z) flags.push(FLAGS.stunted);
  }
  const wh = zOf(results, "wflh");
  if (wh !== null) {
    if (wh < SEVERELY_WASTED_BELOW_Z) flags.push(FLAGS.severely_wasted);
    else if (wh < WASTED_BELOW_Z) flags.push(FLAGS.wasted);
    else if (wh > OBESE_ABOVE_Z) flags.push(FLAGS.obese);
    else if (wh > OVERWEIGHT_ABOVE_Z) flags.push(FLAGS.overweight);
    else if (wh > RISK_OF_OVERWEIGHT_ABOVE_Z) flags.push(FLAGS.possible_risk_of_overweight);
  }
  const wa = zOf(results, "wfa");
  if (wa !== null) {
    if (wa < SEVERELY_UNDERWEIGHT_BELOW_Z) flags.push(FLAGS.severely_underweight);
    else if (wa < UNDERWEIGHT_BELOW_Z) flags.push(FLAGS.underweight);
  }
  return flags;
}

export type LilaCategory = "gizi_buruk" | "gizi_kurang" | "normal";

export interface LilaResult {
  category: LilaCategory;
  label: I18nText;
  flag?: GrowthFlag;
}

const LILA_LABELS: Record<LilaCategory, I18nText> = {
  gizi_buruk: t("Gizi buruk (LiLA < 11,5 cm)", "Severe acute malnutrition (MUAC < 11.5 cm)"),
  gizi_kurang: t("Gizi kurang (LiLA 11,5–< 12,5 cm)", "Moderate acute malnutrition (MUAC 11.5–< 12.5 cm)"),
  normal: t("Normal (LiLA ≥ 12,5 cm)", "Normal (MUAC ≥ 12.5 cm)"),
};

const LILA_RESULTS: Readonly<Record<LilaCategory, LilaResult>> = {
  gizi_buruk: Object.freeze({ category: "gizi_buruk", label: LILA_LABELS.gizi_buruk, flag: FLAGS.lila_gizi_buruk }),
  gizi_kurang: Object.freeze({ category: "gizi_kurang", label: LILA_LABELS.gizi_kurang, flag: FLAGS.lila_gizi_kurang }),
  normal: Object.freeze({ category: "normal", label: LILA_LABELS.normal }),
};

/** The LiLA category for a child aged 6–59 months; undefined outside that age. */
export function lilaCategory(muacCm: number, ageDays: number): LilaResult | undefined {
  const months = daysToMonths(ageDays);
  if (months < LILA_MIN_AGE_MONTHS || months >= LILA_MAX_AGE_MONTHS) return undefined;
  if (muacCm < LILA_GIZI_BURUK_BELOW_CM) return LILA_RESULTS.gizi_buruk;
  if (muacCm < LILA_GIZI_KURANG_BELOW_CM) return LILA_RESULTS.gizi_kurang;
  return LILA_RESULTS.normal;
}
