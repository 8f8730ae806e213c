import { ageMonthsAtLeast, ageMonthsBelow, opt, refer, t } from "./common.ts";
import type { Condition, FormDefinition } from "./types.ts";

/**
 * Balita penimbangan (monthly weighing at posyandu). The form holds the measurements; the WHO
 * z-scores, nutritional status, LiLA category, BGM, N/T and 2T are computed by
 * domain/rules/derive.ts with domain/growth (they need the person and the WHO tables).
 */

/** Balita: 0–59 months (WHO Child Growth Standards 2006 end at 60 months). */
export const BALITA_MAX_AGE_MONTHS = 60;
/** LiLA is measured from 6 to 59 months (WHO/UNICEF 2009; Kemenkes 2019 gizi buruk). */
export const LILA_FROM_MONTHS = 6;
/** Exclusive breastfeeding is asked under 6 months (WHO / Kemenkes ASI eksklusif). */
export const ASI_EKSKLUSIF_BELOW_MONTHS = 6;
/** Vitamin A months: February and August (Kemenkes, bulan vitamin A). */
export const VITAMIN_A_MONTHS = [2, 8] as const;
/** Blue capsule 100,000 IU for 6–11 months; red 200,000 IU for 12–59 months (Kemenkes, Juknis vitamin A). */
export const VITAMIN_A_BLUE_FROM_MONTHS = 6;
export const VITAMIN_A_RED_FROM_MONTHS = 12;
/** Deworming (obat cacing) from 12 months (Permenkes 15/2017 Penanggulangan Cacingan: 12–59 months, twice a year). */
export const DEWORMING_FROM_MONTHS = 12;
/** Plausible entries: outside, a typing slip (BB 0 is not a weight). The growth code has its own, wider, limits. */
export const BALITA_WEIGHT_RANGE_KG = { min: 0.5, max: 45 } as const;
export const BALITA_LENGTH_RANGE_CM = { min: 38, max: 130 } as const;
export const BALITA_HEAD_RANGE_CM = { min: 25, max: 60 } as const;
export const BALITA_LILA_RANGE_CM = { min: 6, max: 30 } as const;

const inVitaminAMonth: Condition = { any: VITAMIN_A_MONTHS.map((m): Condition => ({ field: "$visitMonth", op: "eq", value: m, ifUnknown: true })) };

export const BALITA_V1: FormDefinition = {
  id: "balita",
  version: 1,
  title: t("Penimbangan balita", "Child growth monitoring (weighing)"),
  cluster: 2,
  appliesTo: { maxAgeMonths: BALITA_MAX_AGE_MONTHS },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "antropometri",
      title: t("Penimbangan dan pengukuran", "Weighing and measuring"),
      fields: [
        { id: "bb", type: "number", unit: "kg", ...BALITA_WEIGHT_RANGE_KG, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
        {
          id: "panjang_tinggi", type: "number", unit: "cm", ...BALITA_LENGTH_RANGE_CM, decimals: 1,
          label: t("Panjang badan (PB) / tinggi badan (TB)", "Length / height"),
          hint: t("Di bawah 24 bulan diukur berbaring (PB), 24 bulan ke atas berdiri (TB)", "Under 24 months measured lying (length), from 24 months standing (height)"),
        },
        {
          id: "posisi_ukur", type: "single", required: true, showIf: { field: "panjang_tinggi", op: "answered" },
          label: t("Cara mengukur", "How it was measured"),
          options: [opt("berbaring", "Berbaring (PB)", "Lying (length)"), opt("berdiri", "Berdiri (TB)", "Standing (height)")],
        },
        { id: "lingkar_kepala", type: "number", unit: "cm", ...BALITA_HEAD_RANGE_CM, decimals: 1, label: t("Lingkar kepala (LK)", "Head circumference") },
        {
          id: "lila", type: "number", unit: "cm", ...BALITA_LILA_RANGE_CM, decimals: 1,
          showIf: { all: [ageMonthsAtLeast(LILA_FROM_MONTHS), ageMonthsBelow(BALITA_MAX_AGE_MONTHS)] },
          label: t("Lingkar lengan atas (LiLA)", "Mid-upper arm circumference (MUAC)"),
        },
        { id: "edema", type: "yesno", label: t("Bengkak (edema) di kedua punggung kaki?", "Swelling (oedema) of both feet?"), hint: t("Tekan punggung kaki 3 detik: cekungan yang tetap = edema", "Press the top of the feet for 3 seconds: a dent that stays = oedema") },
      ],
    },
    {
      id: "pelayanan",
      title: t("Pelayanan", "Services"),
      fields: [
        { id: "asi_eksklusif", type: "yesno", showIf: ageMonthsBelow(ASI_EKSKLUSIF_BELOW_MONTHS), label: t("Hanya diberi ASI (ASI eksklusif)?", "Breast milk only (exclusive breastfeeding)?") },
        {
          id: "vitamin_a", type: "yesno",
          showIf: { all: [inVitaminAMonth, ageMonthsAtLeast(VITAMIN_A_BLUE_FROM_MONTHS)] },
          label: t("Vitamin A diberikan hari ini?", "Vitamin A given today?"),
          hint: t("Februari dan Agustus: biru 6–11 bulan, merah 12–59 bulan", "February and August: blue 6–11 months, red 12–59 months"),
        },
        {
          id: "vitamin_a_kapsul", type: "single", required: true, showIf: { field: "vitamin_a", op: "eq", value: true },
          label: t("Kapsul vitamin A", "Vitamin A capsule"),
          options: [opt("biru", "Biru (100.000 SI)", "Blue (100,000 IU)"), opt("merah", "Merah (200.000 SI)", "Red (200,000 IU)")],
        },
        { id: "obat_cacing", type: "yesno", showIf: ageMonthsAtLeast(DEWORMING_FROM_MONTHS), label: t("Obat cacing diberikan hari ini?", "Deworming tablet given today?") },
        { id: "pmt", type: "yesno", label: t("Mendapat PMT (makanan tambahan)?", "Supplementary food given?") },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    {
      field: "vitamin_a_kapsul",
      when: { all: [{ field: "vitamin_a_kapsul", op: "eq", value: "biru" }, { field: "$ageMonths", op: "gte", value: VITAMIN_A_RED_FROM_MONTHS }] },
      message: t("Umur 12–59 bulan mendapat kapsul merah (200.000 SI)", "Children aged 12–59 months get the red capsule (200,000 IU)"),
    },
    {
      field: "vitamin_a_kapsul",
      when: { all: [{ field: "vitamin_a_kapsul", op: "eq", value: "merah" }, { field: "$ageMonths", op: "lt", value: VITAMIN_A_RED_FROM_MONTHS }] },
      message: t("Umur 6–11 bulan mendapat kapsul biru (100.000 SI)", "Children aged 6–11 months get the blue capsule (100,000 IU)"),
    },
  ],
  flags: [
    refer("edema", { field: "edema", op: "eq", value: true }, t("Edema kedua kaki: tanda gizi buruk, rujuk", "Oedema of both feet: a sign of severe malnutrition, refer"),
      t("Rujuk hari ini ke puskesmas untuk tata laksana gizi buruk.", "Refer today to the puskesmas for severe malnutrition care.")),
  ],
};
