import {
  bpCheck, bpFields, knownSex, opt, refer, risk, smokingField, t, TD_CRISIS_DIASTOLIC_MMHG, TD_CRISIS_SYSTOLIC_MMHG,
  TD_HYPERTENSION_DIASTOLIC_MMHG, TD_HYPERTENSION_SYSTOLIC_MMHG, ageYearsAtLeast,
} from "./common.ts";
import type { Check, Condition, Field, Flag, Section, Text } from "./types.ts";

/**
 * The PTM (penyakit tidak menular) screening parts shared by the `ptm` (usia produktif) and
 * `lansia` forms: two blood pressure readings, blood glucose, IMT, waist, cholesterol,
 * smoking with PUMA, activity and diet, vision and hearing, and SRQ-20. Thresholds: the ILP
 * brief (docs/ilp-domain.md §3 Klaster 3), from Kemenkes Juknis Posbindu PTM / skrining PTM.
 */

/** Gula darah sewaktu ≥ 200 mg/dL = suspected diabetes (Kemenkes PTM; PERKENI 2021). */
export const GDS_DIABETES_MG_DL = 200;
/** Gula darah puasa ≥ 126 mg/dL = suspected diabetes (Kemenkes PTM; PERKENI 2021). */
export const GDP_DIABETES_MG_DL = 126;
/** Glucose < 70 mg/dL = hypoglycaemia (ADA level 1; PERKENI 2021). */
export const HYPOGLYCAEMIA_BELOW_MG_DL = 70;
/** Glucose meters read about 20–600 mg/dL: outside, a typing slip. */
export const GLUCOSE_RANGE_MG_DL = { min: 20, max: 600 } as const;

/**
 * IMT categories for adults (Kemenkes, P2PTM "Klasifikasi IMT"): < 17.0 kurus berat,
 * 17.0–< 18.5 kurus ringan, 18.5–25.0 normal, > 25.0–27.0 gemuk ringan, > 27.0 obesitas.
 */
export const IMT_KURUS_BERAT_BELOW = 17;
export const IMT_KURUS_BELOW = 18.5;
export const IMT_GEMUK_ABOVE = 25;
export const IMT_OBESITAS_ABOVE = 27;

/** Waist > 90 cm (men) or > 80 cm (women) = central obesity (Kemenkes PTM; IDF Asian cut-offs). */
export const WAIST_CENTRAL_OBESITY_MEN_ABOVE_CM = 90;
export const WAIST_CENTRAL_OBESITY_WOMEN_ABOVE_CM = 80;
/** Total cholesterol ≥ 190 mg/dL = high (Kemenkes, Juknis Posbindu PTM). */
export const CHOLESTEROL_HIGH_MG_DL = 190;
/**
 * v1 forms only (ptm@1, lansia@1; superseded): PUMA ≥ 6 referred, and only smokers and former
 * smokers were scored (the ILP brief). Kept so records entered with v1 derive as they did.
 */
export const PUMA_REFER_AT_LEAST = 6;
/**
 * PUMA > 7 = risk of PPOK: refer to the FKTP (puskesmas) for spirometry. Kemenkes, Kuesioner PUMA
 * (format of the Petunjuk Teknis Pencegahan dan Pengendalian PPOK bagi Tenaga Kesehatan di FKTP,
 * Direktorat P2PTM, 2022): "Jika hasil wawancara didapatkan nilai > 7 maka peserta dirujuk ke FKTP
 * untuk melakukan pemeriksaan uji fungsi paru menggunakan spirometri"; interpretation "skor < 7:
 * edukasi gaya hidup sehat dan kunjungan rutin; skor > 7: risiko PPOK". A score of exactly 7 is
 * therefore not referred. Page in the Juknis not confirmed (read from the questionnaire sheet).
 * The original PUMA study used ≥ 5 (López Varela et al., Int J COPD 2016; 2019 external
 * validation); Kemenkes sets the higher cut-off.
 */
export const PUMA_REFER_ABOVE = 7;
/**
 * Who is scored: everyone aged 40 and over — the Kemenkes form's age item starts at "40–49 tahun"
 * and its smoking item scores a never-smoker 0 ("Tidak merokok, jika merokok kurang dari 20
 * bungkus selama hidup atau kurang dari 1 rokok/hari dalam 1 tahun maka pilih Tidak" → 0), so
 * non-smokers are scored, not skipped (same source as PUMA_REFER_ABOVE). v1 scored only smokers.
 */
export const PUMA_FROM_AGE_YEARS = 40;
/** Pack-years = cigarettes a day × years smoked ÷ 20 (one pack = 20 cigarettes). */
export const CIGARETTES_PER_PACK = 20;
/** SRQ-20 ≥ 6 "yes" = probable mental-emotional disorder: refer (ILP brief; Kemenkes, Riskesdas SRQ-20). */
export const SRQ_REFER_AT_LEAST = 6;
/** SRQ item 17 (thoughts of ending one's life): refer the same day, whatever the total (WHO SRQ-20 user's guide). */
export const SRQ_SUICIDE_ITEM = "srq_17";
/** IVA and SADANIS: women aged 30–50 (Permenkes 29/2017 deteksi dini kanker payudara dan leher rahim). */
export const IVA_SADANIS_MIN_AGE_YEARS = 30;
export const IVA_SADANIS_MAX_AGE_YEARS = 50;

// --- Blood pressure: two readings, flags on their mean ------------------------------------------

export function bpSection(): Section {
  return {
    id: "tekanan_darah",
    title: t("Tekanan darah (2 kali pengukuran)", "Blood pressure (2 readings)"),
    fields: [
      ...bpFields("td1", t("pengukuran 1", "reading 1")),
      ...bpFields("td2", t("pengukuran 2, 1–2 menit kemudian", "reading 2, 1–2 minutes later")),
      {
        id: "td_sistolik", type: "computed", expr: { fn: "mean", fields: ["td1_sistolik", "td2_sistolik"], decimals: 0 },
        label: t("Sistolik rata-rata", "Mean systolic"), display: { kind: "number", unit: "mmHg" },
      },
      {
        id: "td_diastolik", type: "computed", expr: { fn: "mean", fields: ["td1_diastolik", "td2_diastolik"], decimals: 0 },
        label: t("Diastolik rata-rata", "Mean diastolic"), display: { kind: "number", unit: "mmHg" },
      },
    ],
  };
}

export const bpChecks = (): Check[] => [bpCheck("td1"), bpCheck("td2")];

const meanHypertension: Condition = {
  any: [{ field: "td_sistolik", op: "gte", value: TD_HYPERTENSION_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_HYPERTENSION_DIASTOLIC_MMHG }],
};
const meanCrisis: Condition = {
  any: [{ field: "td_sistolik", op: "gte", value: TD_CRISIS_SYSTOLIC_MMHG }, { field: "td_diastolik", op: "gte", value: TD_CRISIS_DIASTOLIC_MMHG }],
};

// --- Glucose, body, cholesterol --------------------------------------------------------------------

export function metabolicSection(): Section {
  return {
    id: "metabolik",
    title: t("Gula darah, IMT dan lingkar perut", "Blood glucose, BMI and waist"),
    fields: [
      {
        id: "jenis_gula_darah", type: "single", required: true, label: t("Pemeriksaan gula darah", "Blood glucose test"),
        options: [opt("gds", "Gula darah sewaktu (GDS)", "Random glucose"), opt("gdp", "Gula darah puasa (GDP)", "Fasting glucose"), opt("tidak", "Tidak diperiksa", "Not tested")],
      },
      {
        id: "gula_darah", type: "number", unit: "mg/dL", ...GLUCOSE_RANGE_MG_DL, decimals: 0, required: true,
        showIf: { field: "jenis_gula_darah", op: "in", value: ["gds", "gdp"] }, label: t("Kadar gula darah", "Blood glucose"),
      },
      { id: "bb", type: "number", unit: "kg", min: 20, max: 250, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
      { id: "tb", type: "number", unit: "cm", min: 100, max: 220, decimals: 1, required: true, label: t("Tinggi badan (TB)", "Height") },
      {
        id: "imt", type: "computed", expr: { fn: "bmi", weight: "bb", height: "tb" },
        label: t("Indeks massa tubuh (IMT)", "Body mass index (BMI)"), display: { kind: "number", unit: "kg/m²" },
      },
      { id: "lingkar_perut", type: "number", unit: "cm", min: 40, max: 200, decimals: 1, required: true, label: t("Lingkar perut", "Waist circumference") },
      { id: "kolesterol", type: "number", unit: "mg/dL", min: 50, max: 600, decimals: 0, label: t("Kolesterol total (bila diperiksa)", "Total cholesterol (if tested)") },
    ],
  };
}

// --- Smoking and PUMA --------------------------------------------------------------------------------

const smokes: Condition = { field: "merokok", op: "in", value: ["ya", "mantan"] };
const pumaApplies: Condition = { all: [smokes, ageYearsAtLeast(PUMA_FROM_AGE_YEARS)] };
const PUMA_ITEMS = ["puma_sesak", "puma_dahak", "puma_batuk", "puma_spirometri"];

export function smokingSection(): Section {
  return {
    id: "merokok_puma",
    title: t("Merokok dan skrining PPOK (PUMA)", "Smoking and COPD screening (PUMA)"),
    fields: [
      smokingField,
      { id: "rokok_per_hari", type: "number", unit: "batang", min: 1, max: 100, decimals: 0, required: true, showIf: smokes, label: t("Rata-rata rokok per hari", "Cigarettes a day on average") },
      { id: "lama_merokok", type: "number", unit: "tahun", min: 1, max: 90, decimals: 0, required: true, showIf: smokes, label: t("Lama merokok", "Years smoked") },
      {
        id: "bungkus_tahun", type: "computed", expr: { fn: "product", fields: ["rokok_per_hari", "lama_merokok"], divisor: CIGARETTES_PER_PACK, decimals: 1 },
        label: t("Bungkus-tahun (pack-years)", "Pack-years"), display: { kind: "number", unit: "bungkus-tahun" },
      },
      { id: "puma_sesak", type: "yesno", required: true, showIf: pumaApplies, label: t("Pernah napas pendek saat berjalan cepat di jalan datar atau sedikit menanjak?", "Short of breath when walking fast on level ground or a slight slope?") },
      { id: "puma_dahak", type: "yesno", required: true, showIf: pumaApplies, label: t("Biasanya berdahak dari paru, atau sulit mengeluarkan dahak, saat tidak flu?", "Usually bring up phlegm from the lungs, or struggle to, when you don't have a cold?") },
      { id: "puma_batuk", type: "yesno", required: true, showIf: pumaApplies, label: t("Biasanya batuk saat tidak flu?", "Usually cough when you don't have a cold?") },
      { id: "puma_spirometri", type: "yesno", required: true, showIf: pumaApplies, label: t("Pernah diminta tenaga kesehatan meniup alat spirometri atau peak flow meter?", "Ever asked by a health worker to blow into a spirometer or peak flow meter?") },
      {
        id: "skor_puma", type: "computed", expr: { fn: "puma", sex: "$sex", ageYears: "$ageYears", packYears: "bungkus_tahun", items: PUMA_ITEMS },
        label: t("Skor PUMA", "PUMA score"), display: { kind: "number", unit: "" },
      },
    ],
  };
}

/**
 * v2 (ptm@2, lansia@2): the same fields as smokingSection, but the PUMA items are asked of
 * everyone aged ≥ 40 and a never-smoker's pack-years item scores 0 (Kemenkes PUMA form).
 */
export function smokingSectionV2(): Section {
  const v1 = smokingSection();
  const pumaAll = ageYearsAtLeast(PUMA_FROM_AGE_YEARS);
  return {
    ...v1,
    fields: v1.fields.map((f): Field => {
      if (PUMA_ITEMS.includes(f.id)) return { ...f, showIf: pumaAll } as Field;
      if (f.id === "skor_puma" && f.type === "computed" && f.expr.fn === "puma") return { ...f, expr: { ...f.expr, nonSmoker: { field: "merokok", value: "tidak" } } };
      return f;
    }),
  };
}

export const smokingChecks = (): Check[] => [
  {
    field: "lama_merokok",
    when: { field: "lama_merokok", op: "gt", ref: "$ageYears" },
    message: t("Lama merokok lebih dari umur orang ini", "Years smoked exceed this person's age"),
  },
];

// --- Activity and diet (GGL) -------------------------------------------------------------------------

/**
 * Daily limits (Permenkes 30/2013, pesan GGL): sugar 50 g (4 tablespoons), salt 5 g
 * (1 teaspoon), fat 67 g (5 tablespoons); fruit and vegetables ≥ 5 portions a day (WHO); physical
 * activity ≥ 150 minutes a week (WHO 2020; Kemenkes GERMAS).
 */
export const SUGAR_LIMIT_TBSP = 4;
export const SALT_LIMIT_TSP = 1;
export const FAT_LIMIT_TBSP = 5;
export const FRUIT_VEG_PORTIONS_MIN = 5;
export const ACTIVITY_MIN_PER_WEEK = 150;

export function lifestyleSection(): Section {
  return {
    id: "gaya_hidup",
    title: t("Aktivitas fisik dan pola makan", "Physical activity and diet"),
    fields: [
      { id: "aktivitas_cukup", type: "yesno", required: true, label: t(`Aktivitas fisik ≥ ${ACTIVITY_MIN_PER_WEEK} menit per minggu?`, `Physical activity ≥ ${ACTIVITY_MIN_PER_WEEK} minutes a week?`) },
      { id: "gula_lebih", type: "yesno", required: true, label: t(`Gula > ${SUGAR_LIMIT_TBSP} sendok makan sehari?`, `Sugar > ${SUGAR_LIMIT_TBSP} tablespoons a day?`) },
      { id: "garam_lebih", type: "yesno", required: true, label: t(`Garam > ${SALT_LIMIT_TSP} sendok teh sehari?`, `Salt > ${SALT_LIMIT_TSP} teaspoon a day?`) },
      { id: "lemak_lebih", type: "yesno", required: true, label: t(`Minyak/lemak > ${FAT_LIMIT_TBSP} sendok makan sehari?`, `Oil/fat > ${FAT_LIMIT_TBSP} tablespoons a day?`) },
      { id: "sayur_buah_kurang", type: "yesno", required: true, label: t(`Sayur dan buah < ${FRUIT_VEG_PORTIONS_MIN} porsi sehari?`, `Fruit and vegetables < ${FRUIT_VEG_PORTIONS_MIN} portions a day?`) },
    ],
  };
}

// --- Vision and hearing (PTM; lansia use SKILAS) ----------------------------------------------------

export function senseSection(): Section {
  const result = (id: string, label: Text): Field => ({
    id, type: "single", required: true, label,
    options: [opt("normal", "Normal", "Normal"), opt("gangguan", "Ada gangguan", "Impaired"), opt("tidak", "Tidak diperiksa", "Not tested")],
  });
  return {
    id: "indera",
    title: t("Penglihatan dan pendengaran", "Vision and hearing"),
    fields: [
      result("penglihatan", t("Pemeriksaan tajam penglihatan", "Visual acuity check")),
      result("pendengaran", t("Pemeriksaan pendengaran (tes bisik)", "Hearing check (whisper test)")),
    ],
  };
}

// --- IVA and SADANIS --------------------------------------------------------------------------------

const ivaApplies: Condition = {
  all: [
    { field: "$sex", op: "eq", value: "P", ifUnknown: true },
    { field: "$ageYears", op: "gte", value: IVA_SADANIS_MIN_AGE_YEARS, ifUnknown: true },
    { field: "$ageYears", op: "lte", value: IVA_SADANIS_MAX_AGE_YEARS, ifUnknown: true },
  ],
};

export function cancerSection(): Section {
  return {
    id: "kanker",
    title: t("Deteksi dini kanker leher rahim dan payudara (perempuan 30–50 tahun)", "Early detection of cervical and breast cancer (women 30–50)"),
    fields: [
      {
        id: "iva", type: "single", showIf: ivaApplies, label: t("Hasil IVA", "VIA result"),
        options: [opt("negatif", "IVA negatif", "VIA negative"), opt("positif", "IVA positif", "VIA positive"), opt("curiga_kanker", "Curiga kanker", "Suspected cancer"), opt("tidak", "Tidak diperiksa", "Not tested")],
      },
      {
        id: "sadanis", type: "single", showIf: ivaApplies, label: t("Hasil SADANIS (pemeriksaan payudara klinis)", "Clinical breast examination (SADANIS)"),
        options: [opt("normal", "Normal", "Normal"), opt("benjolan", "Ada benjolan / kelainan", "Lump / abnormality"), opt("tidak", "Tidak diperiksa", "Not tested")],
      },
    ],
  };
}

// --- SRQ-20 ------------------------------------------------------------------------------------------

/** SRQ-20 (WHO 1994), Indonesian wording as used by Kemenkes (Riskesdas, skrining kesehatan jiwa). */
const SRQ_ITEMS: [string, string][] = [
  ["Apakah Anda sering sakit kepala?", "Do you often have headaches?"],
  ["Apakah Anda kehilangan nafsu makan?", "Is your appetite poor?"],
  ["Apakah tidur Anda tidak nyenyak?", "Do you sleep badly?"],
  ["Apakah Anda mudah takut?", "Are you easily frightened?"],
  ["Apakah Anda merasa cemas, tegang, atau khawatir?", "Do you feel nervous, tense or worried?"],
  ["Apakah tangan Anda gemetar?", "Do your hands shake?"],
  ["Apakah pencernaan Anda terganggu atau buruk?", "Is your digestion poor?"],
  ["Apakah Anda sulit berpikir jernih?", "Do you have trouble thinking clearly?"],
  ["Apakah Anda merasa tidak bahagia?", "Do you feel unhappy?"],
  ["Apakah Anda menangis lebih sering?", "Do you cry more than usual?"],
  ["Apakah Anda merasa sulit menikmati kegiatan sehari-hari?", "Do you find it difficult to enjoy your daily activities?"],
  ["Apakah Anda sulit mengambil keputusan?", "Do you find it difficult to make decisions?"],
  ["Apakah pekerjaan sehari-hari Anda terganggu?", "Is your daily work suffering?"],
  ["Apakah Anda tidak mampu berperan dalam kehidupan ini?", "Are you unable to play a useful part in life?"],
  ["Apakah Anda kehilangan minat pada berbagai hal?", "Have you lost interest in things?"],
  ["Apakah Anda merasa tidak berharga?", "Do you feel that you are a worthless person?"],
  ["Apakah Anda mempunyai pikiran untuk mengakhiri hidup?", "Has the thought of ending your life been on your mind?"],
  ["Apakah Anda merasa lelah sepanjang waktu?", "Do you feel tired all the time?"],
  ["Apakah Anda merasa tidak enak di perut?", "Do you have uncomfortable feelings in your stomach?"],
  ["Apakah Anda mudah lelah?", "Are you easily tired?"],
];
export const SRQ_ITEM_IDS = SRQ_ITEMS.map((_, i) => `srq_${i + 1}`);

export function srqSection(): Section {
  const on: Condition = { field: "skrining_jiwa", op: "eq", value: true };
  return {
    id: "srq",
    title: t("Skrining kesehatan jiwa (SRQ-20)", "Mental health screening (SRQ-20)"),
    fields: [
      { id: "skrining_jiwa", type: "yesno", required: true, label: t("Lakukan skrining kesehatan jiwa (SRQ-20) hari ini?", "Screen mental health (SRQ-20) today?"), hint: t("Pertanyaan tentang 30 hari terakhir", "Questions about the last 30 days") },
      ...SRQ_ITEMS.map(([id, en], i): Field => ({ id: SRQ_ITEM_IDS[i]!, type: "yesno", required: true, showIf: on, label: t(`${i + 1}. ${id}`, `${i + 1}. ${en}`) })),
      {
        id: "skor_srq", type: "computed", expr: { fn: "countTrue", fields: SRQ_ITEM_IDS },
        label: t("Skor SRQ-20 (jumlah jawaban ya)", "SRQ-20 score (number of yes answers)"), display: { kind: "number", unit: "" },
      },
    ],
  };
}

// --- Flags --------------------------------------------------------------------------------------------

export function metabolicFlags(): Flag[] {
  return [
    refer("hipertensi_krisis", meanCrisis, t("Tekanan darah sangat tinggi (≥ 180/110): rujuk hari ini", "Very high blood pressure (≥ 180/110): refer today"),
      t("Rujuk hari ini ke puskesmas; bila ada nyeri dada, sesak, lemah separuh badan atau sakit kepala hebat, ke IGD.", "Refer today to the puskesmas; with chest pain, breathlessness, one-sided weakness or severe headache, to the emergency room.")),
    refer("hipertensi", meanHypertension, t("Hipertensi (rata-rata TD ≥ 140/90): rujuk dan cek ulang", "Hypertension (mean BP ≥ 140/90): refer and recheck"),
      t("Rujuk ke puskesmas untuk konfirmasi dan pengobatan; ukur ulang TD dalam 1 bulan; kurangi garam.", "Refer to the puskesmas to confirm and treat; recheck BP within a month; reduce salt.")),
    refer("curiga_dm", {
      any: [
        { all: [{ field: "jenis_gula_darah", op: "eq", value: "gds" }, { field: "gula_darah", op: "gte", value: GDS_DIABETES_MG_DL }] },
        { all: [{ field: "jenis_gula_darah", op: "eq", value: "gdp" }, { field: "gula_darah", op: "gte", value: GDP_DIABETES_MG_DL }] },
      ],
    }, t("Curiga diabetes (GDS ≥ 200 atau GDP ≥ 126 mg/dL): rujuk", "Suspected diabetes (random ≥ 200 or fasting ≥ 126 mg/dL): refer"),
      t("Rujuk ke puskesmas untuk pemeriksaan konfirmasi (GDP/HbA1c) dan pengobatan; cek ulang dalam 1 bulan.", "Refer to the puskesmas for a confirmatory test (fasting glucose/HbA1c) and treatment; recheck within a month.")),
    risk("hipoglikemia", { field: "gula_darah", op: "lt", value: HYPOGLYCAEMIA_BELOW_MG_DL }, t("Gula darah rendah (< 70 mg/dL)", "Low blood glucose (< 70 mg/dL)"),
      t("Beri minuman manis sekarang; periksa ulang 15 menit kemudian; bila bingung atau pingsan rujuk segera.", "Give a sweet drink now; recheck after 15 minutes; if confused or fainting refer now.")),
    risk("imt_kurus", { field: "imt", op: "lt", value: IMT_KURUS_BELOW }, t("IMT kurus (< 18,5)", "Underweight (BMI < 18.5)"),
      t("Konseling gizi; cari penyebab (TB, diabetes, masalah makan).", "Nutrition counselling; look for a cause (TB, diabetes, eating problems).")),
    risk("imt_gemuk", { all: [{ field: "imt", op: "gt", value: IMT_GEMUK_ABOVE }, { field: "imt", op: "lte", value: IMT_OBESITAS_ABOVE }] },
      t("IMT gemuk (> 25–27)", "Overweight (BMI > 25–27)"),
      t("Konseling gizi seimbang dan aktivitas fisik; timbang ulang dalam 3 bulan.", "Counsel on a balanced diet and activity; weigh again in 3 months.")),
    risk("imt_obesitas", { field: "imt", op: "gt", value: IMT_OBESITAS_ABOVE }, t("Obesitas (IMT > 27)", "Obese (BMI > 27)"),
      t("Konseling gizi seimbang dan aktivitas fisik; periksa gula darah dan TD tiap tahun.", "Counsel on a balanced diet and activity; check glucose and BP yearly.")),
    risk("obesitas_sentral", {
      any: [
        { all: [knownSex("L"), { field: "lingkar_perut", op: "gt", value: WAIST_CENTRAL_OBESITY_MEN_ABOVE_CM }] },
        { all: [knownSex("P"), { field: "lingkar_perut", op: "gt", value: WAIST_CENTRAL_OBESITY_WOMEN_ABOVE_CM }] },
      ],
    }, t("Obesitas sentral (lingkar perut > 90 cm laki-laki, > 80 cm perempuan)", "Central obesity (waist > 90 cm men, > 80 cm women)"),
      t("Konseling pola makan dan aktivitas fisik; ukur ulang dalam 3 bulan.", "Counsel on diet and activity; measure again in 3 months.")),
    risk("kolesterol_tinggi", { field: "kolesterol", op: "gte", value: CHOLESTEROL_HIGH_MG_DL }, t("Kolesterol tinggi (≥ 190 mg/dL)", "High cholesterol (≥ 190 mg/dL)"),
      t("Konseling diet rendah lemak; periksa ulang dalam 3 bulan; rujuk bila ada hipertensi atau diabetes.", "Counsel on a low-fat diet; retest in 3 months; refer if hypertensive or diabetic.")),
  ];
}

export function smokingFlags(): Flag[] {
  return [
    risk("merokok", { field: "merokok", op: "eq", value: "ya" }, t("Merokok", "Smokes"),
      t("Konseling berhenti merokok (UBM); tawarkan layanan berhenti merokok di puskesmas.", "Counsel on quitting; offer the puskesmas quit-smoking service.")),
    refer("curiga_ppok", { field: "skor_puma", op: "gte", value: PUMA_REFER_AT_LEAST }, t("Skor PUMA ≥ 6: curiga PPOK, rujuk", "PUMA score ≥ 6: suspected COPD, refer"),
      t("Rujuk ke puskesmas untuk pemeriksaan spirometri.", "Refer to the puskesmas for spirometry.")),
  ];
}

/** v2: refer at PUMA > 7 (Kemenkes PUMA form), same flag ids as smokingFlags. */
export function smokingFlagsV2(): Flag[] {
  return smokingFlags().map((f) =>
    f.id === "curiga_ppok"
      ? refer("curiga_ppok", { field: "skor_puma", op: "gt", value: PUMA_REFER_ABOVE }, t("Skor PUMA > 7: risiko PPOK, rujuk", "PUMA score > 7: risk of COPD, refer"),
        t("Rujuk ke puskesmas (FKTP) untuk pemeriksaan spirometri.", "Refer to the puskesmas (primary care) for spirometry."))
      : f);
}

export function lifestyleFlags(): Flag[] {
  return [
    risk("kurang_aktivitas", { field: "aktivitas_cukup", op: "eq", value: false }, t("Kurang aktivitas fisik", "Too little physical activity"),
      t("Anjurkan aktivitas fisik 30 menit sehari, 5 hari seminggu.", "Advise 30 minutes of activity a day, 5 days a week.")),
    risk("pola_makan", { any: [{ field: "gula_lebih", op: "eq", value: true }, { field: "garam_lebih", op: "eq", value: true }, { field: "lemak_lebih", op: "eq", value: true }, { field: "sayur_buah_kurang", op: "eq", value: true }] },
      t("Pola makan berisiko (gula, garam, lemak berlebih atau kurang sayur dan buah)", "Risky diet (too much sugar, salt or fat, or too little fruit and vegetables)"),
      t("Konseling batas gula 4 sdm, garam 1 sdt, lemak 5 sdm sehari dan 5 porsi sayur-buah.", "Counsel on limits of 4 tbsp sugar, 1 tsp salt, 5 tbsp fat a day and 5 portions of fruit and vegetables.")),
  ];
}

export function senseFlags(): Flag[] {
  return [
    refer("gangguan_penglihatan", { field: "penglihatan", op: "eq", value: "gangguan" }, t("Gangguan penglihatan: rujuk", "Vision problem: refer"),
      t("Rujuk ke puskesmas untuk pemeriksaan mata.", "Refer to the puskesmas for an eye examination.")),
    refer("gangguan_pendengaran", { field: "pendengaran", op: "eq", value: "gangguan" }, t("Gangguan pendengaran: rujuk", "Hearing problem: refer"),
      t("Rujuk ke puskesmas untuk pemeriksaan telinga (serumen, gangguan dengar).", "Refer to the puskesmas for an ear examination (wax, hearing loss).")),
  ];
}

export function cancerFlags(): Flag[] {
  return [
    refer("iva_positif", { field: "iva", op: "eq", value: "positif" }, t("IVA positif: rujuk untuk krioterapi", "VIA positive: refer for cryotherapy"),
      t("Rujuk ke puskesmas untuk krioterapi/termal ablasi.", "Refer to the puskesmas for cryotherapy/thermal ablation.")),
    refer("curiga_kanker_serviks", { field: "iva", op: "eq", value: "curiga_kanker" }, t("Curiga kanker leher rahim: rujuk ke rumah sakit", "Suspected cervical cancer: refer to hospital"),
      t("Rujuk ke rumah sakit untuk pemeriksaan lanjut.", "Refer to hospital for further examination."), "rumah_sakit"),
    refer("benjolan_payudara", { field: "sadanis", op: "eq", value: "benjolan" }, t("Benjolan/kelainan payudara: rujuk ke rumah sakit", "Breast lump/abnormality: refer to hospital"),
      t("Rujuk ke rumah sakit untuk pemeriksaan lanjut (USG/mamografi).", "Refer to hospital for further examination (ultrasound/mammography)."), "rumah_sakit"),
  ];
}

export function srqFlags(): Flag[] {
  return [
    refer("srq_pikiran_bunuh_diri", { field: SRQ_SUICIDE_ITEM, op: "eq", value: true }, t("Ada pikiran mengakhiri hidup: rujuk hari ini", "Thoughts of ending life: refer today"),
      t("Jangan tinggalkan sendiri; rujuk hari ini ke puskesmas (dokter/psikolog) dan libatkan keluarga.", "Do not leave the person alone; refer today to the puskesmas (doctor/psychologist) and involve the family.")),
    refer("srq_rujuk", { field: "skor_srq", op: "gte", value: SRQ_REFER_AT_LEAST }, t("SRQ-20 ≥ 6: kemungkinan gangguan mental emosional, rujuk", "SRQ-20 ≥ 6: possible mental-emotional disorder, refer"),
      t("Rujuk ke puskesmas untuk penilaian dokter/psikolog.", "Refer to the puskesmas for assessment by a doctor/psychologist.")),
  ];
}
