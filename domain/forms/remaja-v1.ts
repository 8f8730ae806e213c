import { bpCheck, bpFields, hbField, isFemale, knownAgeYears, knownSex, opt, refer, risk, smokingField, t, TD_HYPERTENSION_DIASTOLIC_MMHG, TD_HYPERTENSION_SYSTOLIC_MMHG } from "./common.ts";
import type { Condition, FormDefinition } from "./types.ts";

/**
 * Remaja (10–18 years): IMT/U (the WHO 2007 z-score is computed by domain/rules/derive.ts),
 * anaemia, weekly TTD for girls, blood pressure, smoking, SDQ and reproductive-health
 * counselling (ILP brief, Klaster 2).
 */

export const REMAJA_MIN_AGE_YEARS = 10;
/** Up to and including 18 years. */
export const REMAJA_MAX_AGE_YEARS = 19;

/**
 * Anaemia cut-offs by age and sex (WHO 2011, Haemoglobin concentrations for the diagnosis of
 * anaemia; Kemenkes 2016 Pedoman pencegahan dan penanggulangan anemia pada rematri dan WUS):
 * 5–11 years < 11.5; 12–14 years < 12; from 15 girls < 12, boys < 13 g/dL. The ILP brief says
 * "girls < 12"; the guideline's < 11.5 for girls aged 10–11 wins.
 */
export const HB_ANEMIA_5_11_G_DL = 11.5;
export const HB_ANEMIA_12_14_G_DL = 12;
export const HB_ANEMIA_GIRLS_15_G_DL = 12;
export const HB_ANEMIA_BOYS_15_G_DL = 13;

/**
 * Adolescent blood pressure: ≥ 140/90 is stage 2 hypertension and ≥ 130/80 stage 1 from 13
 * years (AAP 2017 Clinical Practice Guideline). Under 13 the guideline uses height percentiles,
 * which this form does not hold: the same fixed cut-offs are a conservative stand-in (a bidan
 * should review).
 */
export const TD_REMAJA_HIGH_SYSTOLIC_MMHG = 130;
export const TD_REMAJA_HIGH_DIASTOLIC_MMHG = 80;

/**
 * SDQ total difficulties (Goodman 1997; youthinmind scoring): self-report (11–17) normal 0–15,
 * borderline 16–19, abnormal 20–40; parent/teacher report normal 0–13, borderline 14–16,
 * abnormal 17–40. The questionnaire is filled on paper (its wording is licensed); the form
 * records who filled it and the total.
 */
export const SDQ_SELF_BORDERLINE_MIN = 16;
export const SDQ_SELF_ABNORMAL_MIN = 20;
export const SDQ_PARENT_BORDERLINE_MIN = 14;
export const SDQ_PARENT_ABNORMAL_MIN = 17;

const hb = (lt: number, ...when: Condition[]): Condition => ({ all: [...when, { field: "hb", op: "lt", value: lt }] });
const sdq = (who: string, op: "gte" | "lt", value: number): Condition => ({ all: [{ field: "sdq_pengisi", op: "eq", value: who }, { field: "sdq_skor", op, value }] });

export const REMAJA_V1: FormDefinition = {
  id: "remaja",
  version: 1,
  title: t("Pemeriksaan remaja", "Adolescent health check"),
  cluster: 2,
  appliesTo: { minAgeYears: REMAJA_MIN_AGE_YEARS, maxAgeYears: REMAJA_MAX_AGE_YEARS },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "antropometri",
      title: t("Berat, tinggi dan IMT", "Weight, height and BMI"),
      fields: [
        { id: "bb", type: "number", unit: "kg", min: 15, max: 150, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
        { id: "tb", type: "number", unit: "cm", min: 100, max: 210, decimals: 1, required: true, label: t("Tinggi badan (TB)", "Height") },
        { id: "imt", type: "computed", expr: { fn: "bmi", weight: "bb", height: "tb" }, label: t("IMT", "BMI"), display: { kind: "number", unit: "kg/m²" } },
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan", "Examination"),
      fields: [
        hbField(),
        ...bpFields().map((f) => ({ ...f, required: false })),
        {
          id: "ttd_mingguan", type: "single", required: true, showIf: isFemale,
          label: t("Minum tablet tambah darah (TTD) 1 tablet tiap minggu?", "Takes one iron-folic acid tablet every week?"),
          options: [opt("rutin", "Ya, rutin tiap minggu", "Yes, every week"), opt("tidak_rutin", "Kadang-kadang", "Sometimes"), opt("tidak", "Tidak", "No")],
        },
        { id: "ttd_diberikan", type: "number", unit: "tablet", min: 0, max: 52, decimals: 0, showIf: isFemale, label: t("TTD diberikan hari ini", "Iron tablets given today") },
        smokingField,
      ],
    },
    {
      id: "jiwa",
      title: t("Kesehatan jiwa (SDQ) dan konseling", "Mental health (SDQ) and counselling"),
      fields: [
        {
          id: "sdq_pengisi", type: "single", label: t("SDQ diisi oleh", "SDQ filled in by"),
          hint: t("Kosongkan bila SDQ tidak dilakukan", "Leave empty if no SDQ was done"),
          options: [opt("remaja", "Remaja sendiri (11–18 tahun)", "The adolescent (11–18 years)"), opt("orang_tua", "Orang tua atau guru", "Parent or teacher")],
        },
        {
          id: "sdq_skor", type: "number", unit: "", min: 0, max: 40, decimals: 0, required: true, showIf: { field: "sdq_pengisi", op: "answered" },
          label: t("Skor total kesulitan SDQ (0–40)", "SDQ total difficulties score (0–40)"),
        },
        { id: "konseling_kespro", type: "yesno", required: true, label: t("Konseling kesehatan reproduksi diberikan?", "Reproductive-health counselling given?") },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    bpCheck(),
    {
      field: "td_diastolik",
      when: { all: [{ field: "td_sistolik", op: "answered" }, { field: "td_diastolik", op: "unanswered" }] },
      message: t("Isi juga diastolik", "Fill in the diastolic too"),
    },
    {
      field: "td_sistolik",
      when: { all: [{ field: "td_diastolik", op: "answered" }, { field: "td_sistolik", op: "unanswered" }] },
      message: t("Isi juga sistolik", "Fill in the systolic too"),
    },
  ],
  flags: [
    risk("anemia", {
      any: [
        hb(HB_ANEMIA_5_11_G_DL, knownAgeYears("lt", 12)),
        hb(HB_ANEMIA_12_14_G_DL, knownAgeYears("gte", 12), knownAgeYears("lt", 15)),
        hb(HB_ANEMIA_GIRLS_15_G_DL, knownAgeYears("gte", 15), knownSex("P")),
        hb(HB_ANEMIA_BOYS_15_G_DL, knownAgeYears("gte", 15), knownSex("L")),
      ],
    }, t("Anemia (Hb di bawah batas normal untuk umur dan jenis kelamin)", "Anaemia (Hb below the cut-off for age and sex)"),
      t("Beri TTD sesuai pedoman dan konseling gizi (makanan sumber zat besi); periksa Hb ulang dalam 3 bulan; rujuk bila Hb < 8.", "Give iron tablets per guideline and counsel on iron-rich food; recheck Hb in 3 months; refer if Hb < 8.")),
    refer("hipertensi", { any: [{ field: "td_sistolik", op: "gte", value: TD_HYPERTENSION_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_HYPERTENSION_DIASTOLIC_MMHG }] },
      t("Tekanan darah ≥ 140/90 pada remaja: rujuk", "Blood pressure ≥ 140/90 in an adolescent: refer"),
      t("Ukur ulang setelah istirahat; bila tetap tinggi rujuk ke puskesmas.", "Measure again after rest; if still high refer to the puskesmas.")),
    risk("td_tinggi", {
      all: [
        { any: [{ field: "td_sistolik", op: "gte", value: TD_REMAJA_HIGH_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_REMAJA_HIGH_DIASTOLIC_MMHG }] },
        { field: "td_sistolik", op: "lt", value: TD_HYPERTENSION_SYSTOLIC_MMHG },
        { field: "td_diastolik", op: "lt", value: TD_HYPERTENSION_DIASTOLIC_MMHG },
      ],
    }, t("Tekanan darah tinggi untuk remaja (≥ 130/80)", "High blood pressure for an adolescent (≥ 130/80)"),
      t("Konseling kurangi garam dan aktivitas fisik; ukur ulang dalam 1–2 minggu.", "Counsel on less salt and more activity; measure again in 1–2 weeks.")),
    risk("merokok", { field: "merokok", op: "eq", value: "ya" }, t("Remaja merokok", "Adolescent smokes"),
      t("Konseling berhenti merokok; libatkan orang tua/sekolah.", "Counsel on quitting; involve parents/school.")),
    risk("ttd_tidak_rutin", { field: "ttd_mingguan", op: "in", value: ["tidak_rutin", "tidak"] }, t("Remaja putri tidak rutin minum TTD mingguan", "Girl not taking weekly iron tablets"),
      t("Beri TTD dan ajak minum bersama 1 tablet tiap minggu (di sekolah atau posyandu remaja).", "Give iron tablets and encourage one each week (at school or the youth posyandu).")),
    refer("sdq_abnormal", { any: [sdq("remaja", "gte", SDQ_SELF_ABNORMAL_MIN), sdq("orang_tua", "gte", SDQ_PARENT_ABNORMAL_MIN)] },
      t("SDQ abnormal: rujuk", "SDQ abnormal: refer"),
      t("Rujuk ke puskesmas untuk penilaian dokter/psikolog.", "Refer to the puskesmas for assessment by a doctor/psychologist.")),
    risk("sdq_ambang", {
      any: [
        { all: [sdq("remaja", "gte", SDQ_SELF_BORDERLINE_MIN), sdq("remaja", "lt", SDQ_SELF_ABNORMAL_MIN)] },
        { all: [sdq("orang_tua", "gte", SDQ_PARENT_BORDERLINE_MIN), sdq("orang_tua", "lt", SDQ_PARENT_ABNORMAL_MIN)] },
      ],
    }, t("SDQ ambang (borderline)", "SDQ borderline"),
      t("Konseling remaja dan keluarga; ulangi SDQ dalam 3 bulan.", "Counsel the adolescent and family; repeat the SDQ in 3 months.")),
  ],
};
