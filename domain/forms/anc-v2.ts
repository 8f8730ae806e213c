import {
  ANC_V1, DJJ_NORMAL_MAX_BPM, DJJ_NORMAL_MIN_BPM, HB_ANEMIA_PREGNANT_G_DL, LILA_KEK_CM, PREECLAMPSIA_FROM_WEEKS, TB_RISK_CM,
  TD_HYPERTENSION_DIASTOLIC_MMHG, TD_HYPERTENSION_SYSTOLIC_MMHG,
} from "./anc-v1.ts";
import { knownAgeYears, opt, refer, risk, t } from "./common.ts";
import type { Condition, Flag, FormDefinition, Section } from "./types.ts";

/**
 * ANC version 2: version 1 (unchanged, still valid for the records that point at it) plus what
 * the ILP brief lists and v1 lacked: the obstetric history behind the risti criteria (maternal
 * age, parity ≥ 4, birth interval < 2 years, previous caesarean), who examined (2 of the 6
 * visits with a doctor, USG), the trimester, severe anaemia, and a next step for every flag.
 */

/** Maternal age < 20 or > 35 years = risti (Kemenkes, Buku KIA "4 terlalu": terlalu muda, terlalu tua). */
export const MATERNAL_AGE_YOUNG_BELOW_YEARS = 20;
export const MATERNAL_AGE_OLD_ABOVE_YEARS = 35;
/** Parity ≥ 4 = risti ("terlalu banyak", Kemenkes Buku KIA). */
export const PARITY_RISK_AT_LEAST = 4;
/** A birth interval under 2 years = risti ("terlalu dekat", Kemenkes Buku KIA; WHO 2005 birth spacing ≥ 24 months). */
export const BIRTH_INTERVAL_RISK_DAYS = 2 * 365;
/** Hb < 7 g/dL = severe anaemia in pregnancy: refer (WHO 2011, Haemoglobin concentrations for the diagnosis of anaemia). */
export const HB_SEVERE_ANEMIA_PREGNANT_G_DL = 7;
/**
 * Trimesters by completed weeks (Kemenkes Buku KIA 2023: T1 0–12, T2 > 12–24, T3 > 24 weeks):
 * band bounds for `band`, so 0–12 → 1, 13–24 → 2, 25 and over → 3. The last bound is past the
 * longest HPHT distance allowed (44 weeks).
 */
export const TRIMESTER_BOUNDS_WEEKS = [13, 25, 45];

// A fresh copy: version 1 is published and must never share mutable objects with version 2.
const v1Sections: Section[] = JSON.parse(JSON.stringify(ANC_V1.sections)) as Section[];

const hypertension: Condition = {
  any: [{ field: "td_sistolik", op: "gte", value: TD_HYPERTENSION_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_HYPERTENSION_DIASTOLIC_MMHG }],
};

const kehamilan = v1Sections.find((s) => s.id === "kehamilan")!;
kehamilan.fields.push({
  id: "trimester", type: "computed", expr: { fn: "band", field: "usia_kehamilan", bounds: TRIMESTER_BOUNDS_WEEKS },
  label: t("Trimester", "Trimester"), display: { kind: "number", unit: "" },
});

const riwayat: Section = {
  id: "riwayat",
  title: t("Riwayat kehamilan dan persalinan", "Obstetric history"),
  fields: [
    { id: "gravida", type: "number", unit: "kali", min: 1, max: 20, decimals: 0, required: true, label: t("Hamil ke- (gravida, termasuk kehamilan ini)", "Pregnancy number (gravida, including this one)") },
    { id: "para", type: "number", unit: "kali", min: 0, max: 19, decimals: 0, required: true, label: t("Jumlah persalinan sebelumnya (para)", "Previous births (para)") },
    { id: "abortus", type: "number", unit: "kali", min: 0, max: 19, decimals: 0, required: true, label: t("Jumlah keguguran (abortus)", "Miscarriages (abortus)") },
    {
      id: "tanggal_persalinan_terakhir", type: "date", showIf: { field: "para", op: "gte", value: 1 },
      label: t("Tanggal persalinan terakhir", "Date of the last birth"), hint: t("Perkiraan bila tidak ingat tanggalnya", "An estimate if the exact date is not known"),
      range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: 40 * 366 },
    },
    {
      id: "jarak_persalinan_hari", type: "computed", expr: { fn: "daysBetween", from: "tanggal_persalinan_terakhir", to: "hpht" },
      label: t("Jarak dari persalinan terakhir ke kehamilan ini", "Interval from the last birth to this pregnancy"), display: { kind: "number", unit: "hari" },
    },
    { id: "riwayat_sc", type: "yesno", showIf: { field: "para", op: "gte", value: 1 }, label: t("Pernah operasi sesar?", "Previous caesarean section?") },
  ],
};

const pemeriksa: Section = {
  id: "pemeriksa",
  title: t("Pemeriksa", "Examiner"),
  fields: [
    {
      id: "pemeriksa", type: "single", required: true, label: t("Diperiksa oleh", "Examined by"),
      hint: t("Dari 6 kunjungan, 2 oleh dokter: 1 di trimester 1 dan 1 di trimester 3 (dengan USG)", "Of the 6 visits, 2 by a doctor: 1 in trimester 1 and 1 in trimester 3 (with ultrasound)"),
      options: [opt("bidan", "Bidan", "Midwife"), opt("dokter", "Dokter", "Doctor"), opt("perawat", "Perawat", "Nurse")],
    },
    { id: "usg", type: "yesno", showIf: { field: "pemeriksa", op: "eq", value: "dokter" }, label: t("USG dilakukan?", "Ultrasound done?") },
  ],
};

// Obstetric history after the pregnancy section; examiner last before the danger signs.
const sections: Section[] = [kehamilan, riwayat, ...v1Sections.filter((s) => s.id !== "kehamilan" && s.id !== "tanda_bahaya"), pemeriksa, v1Sections.find((s) => s.id === "tanda_bahaya")!];

const REFER_NOW = t("Rujuk hari ini ke puskesmas (PONED) atau rumah sakit; dampingi ibu dan isi surat rujukan.", "Refer today to the puskesmas (PONED) or hospital; accompany the mother and fill in the referral letter.");

const flags: Flag[] = [
  refer("hipertensi", hypertension, t("Hipertensi dalam kehamilan (TD ≥ 140/90): rujuk", "Hypertension in pregnancy (BP ≥ 140/90): refer"),
    t("Ukur ulang setelah istirahat 15 menit; bila tetap ≥ 140/90 rujuk ke puskesmas untuk pemeriksaan dokter dan protein urine.", "Measure again after 15 minutes' rest; if still ≥ 140/90 refer to the puskesmas for a doctor and a urine protein test.")),
  refer("curiga_preeklampsia", { all: [hypertension, { field: "protein_urine", op: "in", value: ["pos1", "pos2", "pos3"] }, { field: "usia_kehamilan", op: "gte", value: PREECLAMPSIA_FROM_WEEKS }] },
    t("Curiga preeklampsia (hipertensi + protein urine): rujuk segera", "Suspected pre-eclampsia (hypertension + proteinuria): refer now"), REFER_NOW),
  refer("tanda_bahaya", { all: [{ field: "tanda_bahaya", op: "answered" }, { field: "tanda_bahaya", op: "excludes", value: "tidak_ada" }] },
    t("Ada tanda bahaya: rujuk segera", "Danger sign present: refer now"), REFER_NOW),
  refer("djj_abnormal", { any: [{ field: "djj", op: "lt", value: DJJ_NORMAL_MIN_BPM }, { field: "djj", op: "gt", value: DJJ_NORMAL_MAX_BPM }] },
    t("DJJ di luar 120–160 x/menit: rujuk", "Fetal heart rate outside 120–160 bpm: refer"),
    t("Hitung ulang DJJ 1 menit penuh; bila tetap di luar 120–160 rujuk hari ini.", "Count the fetal heart rate again for a full minute; if still outside 120–160 refer today.")),
  refer("triple_eliminasi_reaktif", { any: [{ field: "tes_hiv", op: "eq", value: "reaktif" }, { field: "tes_sifilis", op: "eq", value: "reaktif" }, { field: "tes_hepatitis_b", op: "eq", value: "reaktif" }] },
    t("Hasil tes triple eliminasi reaktif: rujuk ke puskesmas", "Reactive triple elimination test: refer to puskesmas"),
    t("Rujuk ke puskesmas untuk konfirmasi dan pengobatan; jaga kerahasiaan hasil.", "Refer to the puskesmas to confirm and treat; keep the result confidential.")),
  refer("anemia_berat", { field: "hb", op: "lt", value: HB_SEVERE_ANEMIA_PREGNANT_G_DL },
    t("Anemia berat (Hb < 7 g/dL): rujuk", "Severe anaemia (Hb < 7 g/dL): refer"),
    t("Rujuk ke puskesmas hari ini untuk pemeriksaan dokter.", "Refer to the puskesmas today for a doctor's assessment.")),
  risk("kek", { field: "lila", op: "lt", value: LILA_KEK_CM }, t("KEK (LiLA < 23,5 cm)", "Chronic energy deficiency (MUAC < 23.5 cm)"),
    t("Beri PMT ibu hamil dan konseling gizi; ukur LiLA lagi bulan depan.", "Give supplementary food for pregnant women and nutrition counselling; measure MUAC again next month.")),
  risk("anemia", { field: "hb", op: "lt", value: HB_ANEMIA_PREGNANT_G_DL }, t("Anemia (Hb < 11 g/dL)", "Anaemia (Hb < 11 g/dL)"),
    t("Pastikan TTD diminum 1 tablet tiap hari; periksa Hb ulang dalam 4 minggu.", "Make sure one iron tablet is taken daily; check Hb again in 4 weeks.")),
  risk("tb_rendah", { field: "tb", op: "lt", value: TB_RISK_CM }, t("Tinggi badan < 145 cm (risiko)", "Height < 145 cm (risk)"),
    t("Rencanakan persalinan di fasilitas dengan dokter (risiko panggul sempit).", "Plan the birth at a facility with a doctor (risk of a narrow pelvis).")),
  risk("usia_ibu", { any: [knownAgeYears("lt", MATERNAL_AGE_YOUNG_BELOW_YEARS), knownAgeYears("gt", MATERNAL_AGE_OLD_ABOVE_YEARS)] },
    t("Usia ibu < 20 atau > 35 tahun (risiko tinggi)", "Maternal age < 20 or > 35 years (high risk)"),
    t("Catat sebagai risti; rencanakan persalinan di fasilitas kesehatan.", "Record as high risk; plan the birth at a health facility.")),
  risk("paritas_tinggi", { field: "para", op: "gte", value: PARITY_RISK_AT_LEAST }, t("Sudah melahirkan 4 kali atau lebih (risiko tinggi)", "Four or more previous births (high risk)"),
    t("Catat sebagai risti; rencanakan persalinan di fasilitas dan konseling KB pascapersalinan.", "Record as high risk; plan the birth at a facility and counsel on postpartum family planning.")),
  risk("jarak_dekat", { field: "jarak_persalinan_hari", op: "lt", value: BIRTH_INTERVAL_RISK_DAYS }, t("Jarak kehamilan < 2 tahun (risiko tinggi)", "Birth interval < 2 years (high risk)"),
    t("Catat sebagai risti; konseling KB pascapersalinan.", "Record as high risk; counsel on postpartum family planning.")),
  risk("riwayat_sc", { field: "riwayat_sc", op: "eq", value: true }, t("Riwayat operasi sesar (risiko tinggi)", "Previous caesarean section (high risk)"),
    t("Rencanakan persalinan di rumah sakit.", "Plan the birth at a hospital.")),
];

export const ANC_V2: FormDefinition = {
  id: "anc",
  version: 2,
  title: t("Pemeriksaan ibu hamil (ANC)", "Antenatal care (ANC) visit"),
  cluster: 2,
  appliesTo: { sex: "P", pregnant: true },
  needs: ["sex"],
  sections,
  checks: [
    ...(JSON.parse(JSON.stringify(ANC_V1.checks ?? [])) as NonNullable<FormDefinition["checks"]>),
    {
      field: "para",
      when: { field: "para", op: "gte", ref: "gravida" },
      message: t("Jumlah persalinan harus lebih kecil dari hamil ke- (kehamilan ini belum lahir)", "Previous births must be fewer than the pregnancy number (this one is not born yet)"),
    },
    {
      field: "abortus",
      when: { field: "abortus", op: "gte", ref: "gravida" },
      message: t("Jumlah keguguran harus lebih kecil dari hamil ke-", "Miscarriages must be fewer than the pregnancy number"),
    },
    {
      field: "tanggal_persalinan_terakhir",
      // The interval is null when the last birth is after the HPHT: a date was given, no interval came out.
      when: { all: [{ field: "tanggal_persalinan_terakhir", op: "answered" }, { field: "usia_kehamilan", op: "answered" }, { field: "jarak_persalinan_hari", op: "unanswered" }] },
      message: t("Persalinan terakhir harus sebelum HPHT kehamilan ini", "The last birth must be before this pregnancy's LMP"),
    },
  ],
  flags,
};
