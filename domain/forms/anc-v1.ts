import type { Condition, FormDefinition, Option, Text } from "./types.ts";

/**
 * ANC: pemeriksaan ibu hamil, version 1. Thresholds from the ILP brief (docs/ilp-domain.md §3,
 * Klaster 2), which follows Kemenkes (Juknis ILP, Kepmenkes HK.01.07/MENKES/2015/2023; Buku KIA)
 * and WHO. Where a later Kemenkes guideline differs, it wins: publish a version 2.
 */

/** Naegele's rule: HPL (estimated date of delivery) = HPHT + 280 days. */
export const NAEGELE_DAYS = 280;
/** An HPHT more than 44 weeks before a visit is a typo (post-term pregnancy ends by 42 weeks). */
export const HPHT_MAX_DAYS_BEFORE_VISIT = 44 * 7;
/** LiLA < 23.5 cm = KEK (kurang energi kronis), Kemenkes. */
export const LILA_KEK_CM = 23.5;
/** Hb < 11 g/dL = anaemia in pregnancy, WHO. */
export const HB_ANEMIA_PREGNANT_G_DL = 11;
/** TD ≥ 140/90 mmHg = hypertension in pregnancy (refer), Kemenkes/WHO. */
export const TD_HYPERTENSION_SYSTOLIC_MMHG = 140;
export const TD_HYPERTENSION_DIASTOLIC_MMHG = 90;
/** TB < 145 cm = risk (narrow pelvis), Kemenkes. */
export const TB_RISK_CM = 145;
/** Normal fetal heart rate 120–160 bpm. */
export const DJJ_NORMAL_MIN_BPM = 120;
export const DJJ_NORMAL_MAX_BPM = 160;
/** TFU and DJJ are measured from about 12 weeks, when the uterus rises above the symphysis. */
export const TFU_DJJ_FROM_WEEKS = 12;
/** Pre-eclampsia is hypertension with proteinuria from 20 weeks (WHO). */
export const PREECLAMPSIA_FROM_WEEKS = 20;
/** TTD (iron-folic acid) target: at least 90 tablets during pregnancy, Kemenkes. */
export const TTD_TARGET_PREGNANCY = 90;

const t = (id: string, en: string): Text => ({ id, en });
const opt = (value: string, id: string, en: string): Option => ({ value, label: t(id, en) });

const TEST_RESULT: Option[] = [
  opt("non_reaktif", "Non-reaktif", "Non-reactive"),
  opt("reaktif", "Reaktif", "Reactive"),
  opt("belum", "Belum diperiksa", "Not tested"),
];

const gaAtLeast = (weeks: number): Condition => ({ field: "usia_kehamilan", op: "gte", value: weeks });

export const ANC_V1: FormDefinition = {
  id: "anc",
  version: 1,
  title: t("Pemeriksaan ibu hamil (ANC)", "Antenatal care (ANC) visit"),
  cluster: 2,
  appliesTo: { sex: "P", pregnant: true },
  sections: [
    {
      id: "kehamilan",
      title: t("Kehamilan", "Pregnancy"),
      fields: [
        {
          id: "hpht", type: "date", required: true,
          label: t("HPHT (hari pertama haid terakhir)", "LMP (first day of last menstrual period)"),
          range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: HPHT_MAX_DAYS_BEFORE_VISIT },
        },
        {
          id: "hpl", type: "computed", expr: { fn: "addDays", field: "hpht", days: NAEGELE_DAYS },
          label: t("HPL (taksiran persalinan)", "EDD (estimated date of delivery)"), display: { kind: "date" },
        },
        {
          id: "usia_kehamilan", type: "computed", expr: { fn: "weeksBetween", from: "hpht", to: "$visitDate" },
          label: t("Usia kehamilan", "Gestational age"), display: { kind: "number", unit: "minggu" },
        },
      ],
    },
    {
      id: "pengukuran",
      title: t("Pengukuran", "Measurements"),
      fields: [
        { id: "bb", type: "number", unit: "kg", min: 25, max: 200, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
        {
          id: "tb", type: "number", unit: "cm", min: 120, max: 200, decimals: 1,
          label: t("Tinggi badan (TB)", "Height"), hint: t("Diukur pada kunjungan pertama", "Measured at the first visit"),
        },
        { id: "lila", type: "number", unit: "cm", min: 10, max: 50, decimals: 1, required: true, label: t("Lingkar lengan atas (LiLA)", "Mid-upper arm circumference (MUAC)") },
        { id: "td_sistolik", type: "number", unit: "mmHg", min: 60, max: 260, decimals: 0, required: true, label: t("Tekanan darah sistolik", "Systolic blood pressure") },
        { id: "td_diastolik", type: "number", unit: "mmHg", min: 30, max: 160, decimals: 0, required: true, label: t("Tekanan darah diastolik", "Diastolic blood pressure") },
        { id: "hb", type: "number", unit: "g/dL", min: 3, max: 20, decimals: 1, label: t("Hemoglobin (Hb)", "Haemoglobin (Hb)"), hint: t("Isi bila diperiksa", "Fill in if tested") },
        { id: "tfu", type: "number", unit: "cm", min: 5, max: 50, decimals: 0, label: t("Tinggi fundus uteri (TFU)", "Fundal height"), showIf: gaAtLeast(TFU_DJJ_FROM_WEEKS) },
        { id: "djj", type: "number", unit: "x/menit", min: 60, max: 220, decimals: 0, label: t("Denyut jantung janin (DJJ)", "Fetal heart rate"), showIf: gaAtLeast(TFU_DJJ_FROM_WEEKS) },
        {
          id: "protein_urine", type: "single", label: t("Protein urine", "Urine protein"),
          options: [
            opt("negatif", "Negatif", "Negative"),
            opt("pos1", "Positif +1", "Positive +1"),
            opt("pos2", "Positif +2", "Positive +2"),
            opt("pos3", "Positif +3 atau lebih", "Positive +3 or more"),
            opt("belum", "Belum diperiksa", "Not tested"),
          ],
        },
      ],
    },
    {
      id: "imunisasi",
      title: t("Imunisasi dan tablet tambah darah", "Immunisation and iron tablets"),
      fields: [
        {
          id: "status_td", type: "single", required: true, label: t("Status imunisasi Td", "Td immunisation status"),
          options: [
            opt("t0", "Belum pernah (T0)", "Never (T0)"),
            opt("t1", "T1", "T1"), opt("t2", "T2", "T2"), opt("t3", "T3", "T3"), opt("t4", "T4", "T4"),
            opt("t5", "T5 (lengkap)", "T5 (complete)"),
          ],
        },
        { id: "td_diberikan", type: "yesno", label: t("Td diberikan hari ini?", "Td given today?"), showIf: { field: "status_td", op: "ne", value: "t5" } },
        {
          id: "ttd_diberikan", type: "number", unit: "tablet", min: 0, max: 120, decimals: 0, required: true,
          label: t("Tablet tambah darah (TTD) diberikan", "Iron-folic acid tablets given"),
          hint: t(`Target selama hamil: paling sedikit ${TTD_TARGET_PREGNANCY} tablet`, `Target during pregnancy: at least ${TTD_TARGET_PREGNANCY} tablets`),
        },
      ],
    },
    {
      id: "triple_eliminasi",
      title: t("Triple eliminasi", "Triple elimination"),
      fields: [
        { id: "tes_hiv", type: "single", required: true, label: t("Tes HIV", "HIV test"), options: TEST_RESULT },
        { id: "tes_sifilis", type: "single", required: true, label: t("Tes sifilis", "Syphilis test"), options: TEST_RESULT },
        { id: "tes_hepatitis_b", type: "single", required: true, label: t("Tes hepatitis B (HBsAg)", "Hepatitis B test (HBsAg)"), options: TEST_RESULT },
      ],
    },
    {
      id: "tanda_bahaya",
      title: t("Tanda bahaya", "Danger signs"),
      fields: [
        {
          id: "tanda_bahaya", type: "multi", required: true, exclusive: "tidak_ada",
          label: t("Tanda bahaya yang ditemukan", "Danger signs found"),
          hint: t("Ada tanda bahaya: rujuk segera", "Any danger sign: refer now"),
          options: [
            opt("tidak_ada", "Tidak ada", "None"),
            opt("perdarahan", "Perdarahan", "Bleeding"),
            opt("demam", "Demam", "Fever"),
            opt("sakit_kepala", "Sakit kepala hebat / pandangan kabur", "Severe headache / blurred vision"),
            opt("bengkak", "Bengkak pada wajah atau tangan", "Swelling of face or hands"),
            opt("gerak_janin", "Gerak janin berkurang", "Reduced fetal movement"),
            opt("ketuban_pecah", "Ketuban pecah", "Ruptured membranes"),
            opt("kejang", "Kejang", "Convulsions"),
          ],
        },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    {
      field: "td_diastolik",
      when: { field: "td_diastolik", op: "gte", ref: "td_sistolik" },
      message: t("Diastolik harus lebih rendah dari sistolik", "Diastolic must be lower than systolic"),
    },
  ],
  flags: [
    {
      id: "hipertensi", severity: "refer",
      when: { any: [{ field: "td_sistolik", op: "gte", value: TD_HYPERTENSION_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_HYPERTENSION_DIASTOLIC_MMHG }] },
      label: t("Hipertensi dalam kehamilan (TD ≥ 140/90): rujuk", "Hypertension in pregnancy (BP ≥ 140/90): refer"),
    },
    {
      id: "curiga_preeklampsia", severity: "refer",
      when: { all: [
        { any: [{ field: "td_sistolik", op: "gte", value: TD_HYPERTENSION_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_HYPERTENSION_DIASTOLIC_MMHG }] },
        { field: "protein_urine", op: "in", value: ["pos1", "pos2", "pos3"] },
        gaAtLeast(PREECLAMPSIA_FROM_WEEKS),
      ] },
      label: t("Curiga preeklampsia (hipertensi + protein urine): rujuk segera", "Suspected pre-eclampsia (hypertension + proteinuria): refer now"),
    },
    {
      id: "tanda_bahaya", severity: "refer",
      when: { all: [{ field: "tanda_bahaya", op: "answered" }, { field: "tanda_bahaya", op: "excludes", value: "tidak_ada" }] },
      label: t("Ada tanda bahaya: rujuk segera", "Danger sign present: refer now"),
    },
    {
      id: "djj_abnormal", severity: "refer",
      when: { any: [{ field: "djj", op: "lt", value: DJJ_NORMAL_MIN_BPM }, { field: "djj", op: "gt", value: DJJ_NORMAL_MAX_BPM }] },
      label: t("DJJ di luar 120–160 x/menit: rujuk", "Fetal heart rate outside 120–160 bpm: refer"),
    },
    {
      id: "triple_eliminasi_reaktif", severity: "refer",
      when: { any: [{ field: "tes_hiv", op: "eq", value: "reaktif" }, { field: "tes_sifilis", op: "eq", value: "reaktif" }, { field: "tes_hepatitis_b", op: "eq", value: "reaktif" }] },
      label: t("Hasil tes triple eliminasi reaktif: rujuk ke puskesmas", "Reactive triple elimination test: refer to puskesmas"),
    },
    {
      id: "kek", severity: "risk",
      when: { field: "lila", op: "lt", value: LILA_KEK_CM },
      label: t("KEK (LiLA < 23,5 cm)", "Chronic energy deficiency (MUAC < 23.5 cm)"),
    },
    {
      id: "anemia", severity: "risk",
      when: { field: "hb", op: "lt", value: HB_ANEMIA_PREGNANT_G_DL },
      label: t("Anemia (Hb < 11 g/dL)", "Anaemia (Hb < 11 g/dL)"),
    },
    {
      id: "tb_rendah", severity: "risk",
      when: { field: "tb", op: "lt", value: TB_RISK_CM },
      label: t("Tinggi badan < 145 cm (risiko)", "Height < 145 cm (risk)"),
    },
  ],
};
