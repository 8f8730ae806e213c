import { opt, refer, t } from "./common.ts";
import { srqFlags, srqSection } from "./ptm-parts.ts";
import { LANSIA_MIN_AGE_YEARS } from "./ptm-v1.ts";
import type { Check, Condition, Field, FormDefinition, Option, Section } from "./types.ts";

/**
 * Lansia follow-up instruments (pemeriksaan lanjutan) after SKILAS finds a decline: the ILP
 * juknis (Kepmenkes HK.01.07/MENKES/2015/2023, Klaster 3, "Skrining Geriatri") says that when
 * SKILAS finds one or more declines of intrinsic capacity, the health worker does a further
 * screening by the decline found, "menggunakan instrumen Geriatric Depression Scale 4 (GDS-4),
 * Mini Cog/AMT, RAPUH, SPPB, dan Mini Nutritional Assessment Short Form (MNA-SF)" (juknis text as
 * quoted by Puskesmas Pasir Putih, Kutai Timur, klaster-3/lansia/skrining-geriatri; page not
 * confirmed). Issue 15 asks for the 15-item GDS: its four GDS-4 items (1, 3, 6, 7; D'Ath 1994)
 * are among the fifteen, so a bidan who asks all fifteen also has the GDS-4 answers.
 *
 * The user picks the instrument(s) to do today; every field of an instrument is asked only when
 * it is picked. SRQ-20 is the PTM section itself (imported, same field and flag ids) so the
 * existing referral rule `jiwa.rujuk_srq` applies: the ILP juknis screens mental health with
 * SRQ-20 from 18 years with no upper age (Skrining Kesehatan Jiwa, sasaran usia ≥ 15; the
 * Kemenkes jiwa report counts SRQ-20 for 19–59 and ≥ 60 years), and lansia-v1 has no SRQ.
 */

export const LANJUTAN_INSTRUMENTS = ["gds", "amt", "mna", "srq"] as const;
export type LanjutanInstrument = (typeof LANJUTAN_INSTRUMENTS)[number];

/**
 * GDS-15 ≥ 5 suggests depression; ≥ 10 is almost always depression (Yesavage & Sheikh 1986,
 * Clin Gerontol 5:165–173; Stanford GDS scoring note "scores of 0–4 are normal … 5–8 mild,
 * 9–11 moderate, 12–15 severe"). Indonesian use: cut-off ≥ 5 (not confirmed in a Kemenkes
 * lansia guideline: the ILP juknis names GDS-4 for step 2 and we found no Kemenkes GDS-15 cut-off;
 * some studies use > 5).
 */
export const GDS_DEPRESI_MIN = 5;
export const GDS_DEPRESI_BERAT_MIN = 10;
/**
 * The GDS-4 items within the GDS-15 (D'Ath et al. 1994, Fam Pract 11:260–266: satisfied with
 * life, life empty, afraid something bad will happen, happy most of the time). Which 4-item set
 * the Kemenkes ICOPE material uses is not confirmed here.
 */
export const GDS4_ITEMS: readonly number[] = [1, 3, 6, 7];
/** GDS-15 items scored on "no" (Yesavage & Sheikh 1986): 1, 5, 7, 11, 13; all others on "yes". */
export const GDS_REVERSED_ITEMS: readonly number[] = [1, 5, 7, 11, 13];

/**
 * AMT (Abbreviated Mental Test, Hodkinson 1972, Age Ageing 1:233–238): 10 items, 1 point each;
 * a score of 6 or less (< 7) suggests cognitive impairment. Indonesian nursing forms grade 8–10
 * normal, 4–7 sedang, 0–3 berat (not a Kemenkes source). The ILP juknis allows "Mini Cog/AMT":
 * we use AMT because it is spoken only (no clock drawing, so it works at a home visit and with
 * low literacy), and its items are already on Indonesian forms.
 */
export const AMT_NORMAL_MIN = 7;

/**
 * MNA-SF (Rubenstein et al. 2001, J Gerontol 56A:M366; Kaiser et al. 2009, J Nutr Health Aging
 * 13:782–788; Nestlé Nutrition Institute form): 0–14; 12–14 normal, 8–11 at risk of
 * malnutrition, 0–7 malnourished. F1 BMI < 19 = 0, 19–< 21 = 1, 21–< 23 = 2, ≥ 23 = 3; when
 * BMI cannot be had, F2 calf circumference < 31 cm = 0, ≥ 31 cm = 3.
 */
export const MNA_NORMAL_MIN = 12;
export const MNA_BERISIKO_MIN = 8;
export const MNA_BMI_BOUNDS = [19, 21, 23] as const;
export const MNA_CALF_CM = 31;

const picked = (i: LanjutanInstrument): Condition => ({ field: "instrumen", op: "includes", value: i });
const yaTidak = (reversed: boolean): Option[] =>
  reversed ? [opt("0", "Ya", "Yes"), opt("1", "Tidak", "No")] : [opt("1", "Ya", "Yes"), opt("0", "Tidak", "No")];

/** GDS-15 (Indonesian wording as on Indonesian GDS forms); [id, en]. */
const GDS_ITEMS: [string, string][] = [
  ["Apakah Anda pada dasarnya puas dengan kehidupan Anda?", "Are you basically satisfied with your life?"],
  ["Apakah Anda telah meninggalkan banyak kegiatan dan minat atau kesenangan Anda?", "Have you dropped many of your activities and interests?"],
  ["Apakah Anda merasa kehidupan Anda kosong?", "Do you feel that your life is empty?"],
  ["Apakah Anda sering merasa bosan?", "Do you often get bored?"],
  ["Apakah Anda mempunyai semangat yang baik hampir setiap saat?", "Are you in good spirits most of the time?"],
  ["Apakah Anda takut sesuatu yang buruk akan terjadi pada Anda?", "Are you afraid that something bad is going to happen to you?"],
  ["Apakah Anda merasa bahagia hampir setiap saat?", "Do you feel happy most of the time?"],
  ["Apakah Anda sering merasa tidak berdaya?", "Do you often feel helpless?"],
  ["Apakah Anda lebih senang tinggal di rumah daripada keluar dan mengerjakan hal-hal baru?", "Do you prefer to stay at home, rather than going out and doing new things?"],
  ["Apakah Anda merasa lebih banyak bermasalah dengan daya ingat dibanding kebanyakan orang?", "Do you feel you have more problems with memory than most?"],
  ["Apakah menurut Anda hidup sekarang ini menyenangkan?", "Do you think it is wonderful to be alive now?"],
  ["Apakah Anda merasa tidak berharga seperti keadaan Anda sekarang?", "Do you feel pretty worthless the way you are now?"],
  ["Apakah Anda merasa penuh semangat?", "Do you feel full of energy?"],
  ["Apakah Anda merasa keadaan Anda tidak ada harapan?", "Do you feel that your situation is hopeless?"],
  ["Apakah menurut Anda kebanyakan orang lebih baik keadaannya daripada Anda?", "Do you think that most people are better off than you are?"],
];
export const GDS_ITEM_IDS = GDS_ITEMS.map((_, i) => `gds_${i + 1}`);

const gdsFields: Field[] = [
  ...GDS_ITEMS.map(([id, en], i): Field => ({
    id: GDS_ITEM_IDS[i]!, type: "single", required: true, showIf: picked("gds"),
    label: t(`${i + 1}. ${id}`, `${i + 1}. ${en}`), options: yaTidak(GDS_REVERSED_ITEMS.includes(i + 1)),
  })),
  {
    id: "skor_gds", type: "computed", expr: { fn: "sum", fields: GDS_ITEM_IDS }, showIf: picked("gds"),
    label: t("Skor GDS-15 (0–15)", "GDS-15 score (0–15)"), display: { kind: "number", unit: "" },
  },
  // The GDS-4 the ILP juknis names, from the same answers (no flag: its cut-off is not confirmed).
  {
    id: "skor_gds4", type: "computed", expr: { fn: "sum", fields: GDS4_ITEMS.map((n) => `gds_${n}`) }, showIf: picked("gds"),
    label: t("Skor GDS-4 (butir 1, 3, 6, 7; 0–4)", "GDS-4 score (items 1, 3, 6, 7; 0–4)"), display: { kind: "number", unit: "" },
  },
];

/** AMT, Indonesian adaptation: item 8 "year of Indonesian independence" for "year WW1 began", item 9 the President for the monarch. */
const AMT_ITEMS: [string, string, string, string][] = [
  ["Berapa umur Anda?", "How old are you?", "", ""],
  ["Jam berapa sekarang? (benar bila selisih < 1 jam)", "What time is it? (right to the nearest hour)", "", ""],
  ["Ingat alamat ini: Jalan Melati 42 (tanya kembali di akhir tes)", "Remember this address: 42 Melati Street (ask again at the end)", "Benar bila diulang tepat di akhir tes", "Right if repeated exactly at the end"],
  ["Tahun berapa sekarang?", "What year is it?", "", ""],
  ["Di mana kita sekarang (nama tempat)?", "Where are we now (name of the place)?", "", ""],
  ["Dapatkah mengenali dua orang (misalnya petugas, anggota keluarga)?", "Can they recognise two persons (e.g. the health worker, a relative)?", "", ""],
  ["Kapan tanggal lahir Anda?", "What is your date of birth?", "", ""],
  ["Tahun berapa Indonesia merdeka?", "In what year did Indonesia become independent?", "", ""],
  ["Siapa nama presiden Indonesia sekarang?", "Who is the President of Indonesia now?", "", ""],
  ["Hitung mundur dari 20 sampai 1", "Count backwards from 20 to 1", "", ""],
];
export const AMT_ITEM_IDS = AMT_ITEMS.map((_, i) => `amt_${i + 1}`);

const amtFields: Field[] = [
  ...AMT_ITEMS.map(([id, en, hid, hen], i): Field => ({
    id: AMT_ITEM_IDS[i]!, type: "single", required: true, showIf: picked("amt"),
    label: t(`${i + 1}. ${id}`, `${i + 1}. ${en}`), ...(hid ? { hint: t(hid, hen) } : {}),
    options: [opt("1", "Benar", "Right"), opt("0", "Salah", "Wrong")],
  })),
  {
    id: "skor_amt", type: "computed", expr: { fn: "sum", fields: AMT_ITEM_IDS }, showIf: picked("amt"),
    label: t("Skor AMT (0–10)", "AMT score (0–10)"), display: { kind: "number", unit: "" },
  },
];

const score = (n: number, id: string, en: string): Option => opt(String(n), `${n} – ${id}`, `${n} – ${en}`);
const mnaItem = (id: string, labelId: string, labelEn: string, options: Option[]): Field =>
  ({ id, type: "single", required: true, showIf: picked("mna"), label: t(labelId, labelEn), options });

const MNA_AE = ["mna_a", "mna_b", "mna_c", "mna_d", "mna_e"];
const mnaFields: Field[] = [
  mnaItem("mna_a", "A. Dalam 3 bulan terakhir, apakah asupan makan berkurang karena hilang nafsu makan, masalah pencernaan, sulit mengunyah atau menelan?",
    "A. Has food intake declined over the past 3 months due to loss of appetite, digestive problems, chewing or swallowing difficulties?",
    [score(0, "Sangat berkurang", "Severe decrease"), score(1, "Agak berkurang", "Moderate decrease"), score(2, "Tidak berkurang", "No decrease")]),
  mnaItem("mna_b", "B. Penurunan berat badan dalam 3 bulan terakhir", "B. Weight loss during the last 3 months",
    [score(0, "Lebih dari 3 kg", "More than 3 kg"), score(1, "Tidak tahu", "Does not know"), score(2, "Antara 1 dan 3 kg", "Between 1 and 3 kg"), score(3, "Tidak ada penurunan", "No weight loss")]),
  mnaItem("mna_c", "C. Mobilitas", "C. Mobility",
    [score(0, "Hanya di tempat tidur atau kursi roda", "Bed or chair bound"), score(1, "Bisa bangun dari tempat tidur/kursi tetapi tidak keluar rumah", "Gets out of bed/chair but does not go out"), score(2, "Bisa keluar rumah", "Goes out")]),
  mnaItem("mna_d", "D. Dalam 3 bulan terakhir, mengalami stres psikologis atau penyakit akut?", "D. Psychological stress or acute disease in the past 3 months?",
    [score(0, "Ya", "Yes"), score(2, "Tidak", "No")]),
  mnaItem("mna_e", "E. Masalah neuropsikologis", "E. Neuropsychological problems",
    [score(0, "Demensia berat atau depresi berat", "Severe dementia or depression"), score(1, "Demensia ringan", "Mild dementia"), score(2, "Tidak ada masalah psikologis", "No psychological problems")]),
  {
    id: "bb", type: "number", unit: "kg", min: 20, max: 250, decimals: 1, showIf: picked("mna"),
    label: t("Berat badan (BB)", "Weight"), hint: t("Untuk IMT (F1). Bila tidak dapat ditimbang/diukur, isi lingkar betis (F2)", "For BMI (F1). If weight/height cannot be measured, fill in calf circumference (F2)"),
  },
  { id: "tb", type: "number", unit: "cm", min: 100, max: 220, decimals: 1, showIf: picked("mna"), label: t("Tinggi badan (TB)", "Height") },
  {
    id: "imt", type: "computed", expr: { fn: "bmi", weight: "bb", height: "tb" }, showIf: picked("mna"),
    label: t("Indeks massa tubuh (IMT)", "Body mass index (BMI)"), display: { kind: "number", unit: "kg/m²" },
  },
  {
    id: "lingkar_betis", type: "number", unit: "cm", min: 10, max: 70, decimals: 1,
    showIf: { all: [picked("mna"), { field: "imt", op: "unanswered" }] },
    label: t("Lingkar betis (F2, bila IMT tidak ada)", "Calf circumference (F2, when BMI is not available)"),
  },
  mnaItem("mna_f", "F. Poin IMT (F1) atau lingkar betis (F2)", "F. BMI points (F1) or calf circumference points (F2)",
    [
      score(0, "IMT < 19, atau lingkar betis < 31 cm", "BMI < 19, or calf < 31 cm"),
      score(1, "IMT 19 sampai < 21", "BMI 19 to < 21"),
      score(2, "IMT 21 sampai < 23", "BMI 21 to < 23"),
      score(3, "IMT ≥ 23, atau lingkar betis ≥ 31 cm", "BMI ≥ 23, or calf ≥ 31 cm"),
    ]),
  {
    id: "skor_mna", type: "computed", expr: { fn: "sum", fields: [...MNA_AE, "mna_f"] }, showIf: picked("mna"),
    label: t("Skor skrining MNA-SF (0–14)", "MNA-SF screening score (0–14)"), display: { kind: "number", unit: "" },
  },
];

/** SRQ-20 from the PTM form, asked only when SRQ is picked. */
function srqForLansia(): Section {
  const s = srqSection();
  return { ...s, fields: s.fields.map((f) => (f.id === "skrining_jiwa" ? { ...f, showIf: picked("srq") } : f)) };
}

/** F must agree with the BMI (or, without BMI, with the calf circumference): the points are not a guess. */
const mnaF = (when: Condition, value: string, id: string, en: string): Check => ({
  field: "mna_f", when: { all: [when, { field: "mna_f", op: "answered" }, { field: "mna_f", op: "ne", value }] },
  message: t(id, en),
});
const [B1, B2, B3] = MNA_BMI_BOUNDS;
const noBmi: Condition = { field: "imt", op: "unanswered" };
const mnaChecks: Check[] = [
  mnaF({ field: "imt", op: "lt", value: B1 }, "0", `IMT < ${B1}: poin F = 0`, `BMI < ${B1}: F = 0 points`),
  mnaF({ all: [{ field: "imt", op: "gte", value: B1 }, { field: "imt", op: "lt", value: B2 }] }, "1", `IMT ${B1} sampai < ${B2}: poin F = 1`, `BMI ${B1} to < ${B2}: F = 1 point`),
  mnaF({ all: [{ field: "imt", op: "gte", value: B2 }, { field: "imt", op: "lt", value: B3 }] }, "2", `IMT ${B2} sampai < ${B3}: poin F = 2`, `BMI ${B2} to < ${B3}: F = 2 points`),
  mnaF({ field: "imt", op: "gte", value: B3 }, "3", `IMT ≥ ${B3}: poin F = 3`, `BMI ≥ ${B3}: F = 3 points`),
  mnaF({ all: [noBmi, { field: "lingkar_betis", op: "lt", value: MNA_CALF_CM }] }, "0", `Lingkar betis < ${MNA_CALF_CM} cm: poin F = 0`, `Calf < ${MNA_CALF_CM} cm: F = 0 points`),
  mnaF({ all: [noBmi, { field: "lingkar_betis", op: "gte", value: MNA_CALF_CM }] }, "3", `Lingkar betis ≥ ${MNA_CALF_CM} cm: poin F = 3`, `Calf ≥ ${MNA_CALF_CM} cm: F = 3 points`),
  {
    field: "lingkar_betis",
    when: { all: [picked("mna"), noBmi, { field: "lingkar_betis", op: "unanswered" }] },
    message: t("Isi BB dan TB (untuk IMT) atau lingkar betis", "Fill in weight and height (for BMI) or calf circumference"),
  },
];

const puskesmasLansia = "Rujuk ke puskesmas (pelayanan lansia/dokter)";

export const LANSIA_LANJUTAN_V1: FormDefinition = {
  id: "lansia-lanjutan",
  version: 1,
  title: t("Pemeriksaan lanjutan lansia (GDS, AMT, MNA-SF, SRQ-20)", "Older person follow-up (GDS, AMT, MNA-SF, SRQ-20)"),
  cluster: 3,
  appliesTo: { minAgeYears: LANSIA_MIN_AGE_YEARS },
  needs: ["birthDate"],
  sections: [
    {
      id: "pilihan",
      title: t("Pemeriksaan yang dilakukan", "Assessments done"),
      fields: [{
        id: "instrumen", type: "multi", required: true,
        label: t("Instrumen yang dilakukan hari ini", "Instruments done today"),
        hint: t("Sesuai temuan SKILAS: kognitif → AMT, depresi → GDS, malnutrisi → MNA-SF; boleh semua", "By the SKILAS finding: cognition → AMT, depression → GDS, malnutrition → MNA-SF; all may be done"),
        options: [
          opt("gds", "GDS-15 (depresi)", "GDS-15 (depression)"),
          opt("amt", "AMT (kognitif)", "AMT (cognition)"),
          opt("mna", "MNA-SF (status gizi)", "MNA-SF (nutrition)"),
          opt("srq", "SRQ-20 (kesehatan jiwa)", "SRQ-20 (mental health)"),
        ],
      }],
    },
    { id: "gds", title: t("Geriatric Depression Scale (GDS-15)", "Geriatric Depression Scale (GDS-15)"), fields: gdsFields },
    { id: "amt", title: t("Abbreviated Mental Test (AMT)", "Abbreviated Mental Test (AMT)"), fields: amtFields },
    { id: "mna", title: t("Mini Nutritional Assessment Short Form (MNA-SF)", "Mini Nutritional Assessment Short Form (MNA-SF)"), fields: mnaFields },
    srqForLansia(),
    { id: "penutup", title: t("Catatan", "Notes"), fields: [{ id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") }] },
  ],
  checks: mnaChecks,
  flags: [
    refer("gds_depresi_berat", { field: "skor_gds", op: "gte", value: GDS_DEPRESI_BERAT_MIN },
      t(`GDS-15 ≥ ${GDS_DEPRESI_BERAT_MIN}: hampir pasti depresi, rujuk`, `GDS-15 ≥ ${GDS_DEPRESI_BERAT_MIN}: almost certainly depression, refer`),
      t(`${puskesmasLansia} untuk diagnosis dan terapi depresi; tanyakan pikiran mengakhiri hidup, jangan tinggalkan sendiri bila ada; libatkan keluarga.`,
        "Refer to the puskesmas (older-person service/doctor) for diagnosis and treatment of depression; ask about thoughts of ending life and do not leave the person alone if present; involve the family.")),
    refer("gds_depresi", { all: [{ field: "skor_gds", op: "gte", value: GDS_DEPRESI_MIN }, { field: "skor_gds", op: "lt", value: GDS_DEPRESI_BERAT_MIN }] },
      t(`GDS-15 ${GDS_DEPRESI_MIN}–${GDS_DEPRESI_BERAT_MIN - 1}: kemungkinan depresi, rujuk`, `GDS-15 ${GDS_DEPRESI_MIN}–${GDS_DEPRESI_BERAT_MIN - 1}: possible depression, refer`),
      t(`${puskesmasLansia} untuk penilaian depresi; ajak ikut kegiatan kelompok lansia dan dukungan keluarga.`,
        "Refer to the puskesmas (older-person service/doctor) to assess depression; encourage older-person group activities and family support.")),
    refer("amt_gangguan_kognitif", { field: "skor_amt", op: "lt", value: AMT_NORMAL_MIN },
      t(`AMT ≤ ${AMT_NORMAL_MIN - 1}: gangguan kognitif, rujuk`, `AMT ≤ ${AMT_NORMAL_MIN - 1}: cognitive impairment, refer`),
      t(`${puskesmasLansia} untuk pemeriksaan kognitif lengkap dan mencari penyebab yang dapat diobati (delirium, obat, tiroid); latih keluarga menjaga keamanan di rumah.`,
        "Refer to the puskesmas (older-person service/doctor) for a full cognitive assessment and treatable causes (delirium, medicines, thyroid); teach the family home safety.")),
    refer("mna_malnutrisi", { field: "skor_mna", op: "lt", value: MNA_BERISIKO_MIN },
      t(`MNA-SF ≤ ${MNA_BERISIKO_MIN - 1}: malnutrisi, rujuk`, `MNA-SF ≤ ${MNA_BERISIKO_MIN - 1}: malnourished, refer`),
      t(`${puskesmasLansia} dan ahli gizi untuk penilaian gizi lengkap dan tata laksana; cari penyebab (gigi, menelan, depresi, penyakit).`,
        "Refer to the puskesmas (doctor and nutritionist) for a full nutritional assessment and care; look for causes (teeth, swallowing, depression, illness).")),
    refer("mna_berisiko", { all: [{ field: "skor_mna", op: "gte", value: MNA_BERISIKO_MIN }, { field: "skor_mna", op: "lt", value: MNA_NORMAL_MIN }] },
      t(`MNA-SF ${MNA_BERISIKO_MIN}–${MNA_NORMAL_MIN - 1}: berisiko malnutrisi, rujuk`, `MNA-SF ${MNA_BERISIKO_MIN}–${MNA_NORMAL_MIN - 1}: at risk of malnutrition, refer`),
      t("Rujuk ke puskesmas untuk konseling gizi; anjurkan makan sering dalam porsi kecil dengan protein cukup; timbang ulang tiap bulan di posyandu.",
        "Refer to the puskesmas for nutrition counselling; advise small frequent meals with enough protein; weigh monthly at the posyandu.")),
    ...srqFlags(),
  ],
};
