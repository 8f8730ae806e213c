import { opt, refer, risk, t } from "./common.ts";
import { bpChecks, bpSection, lifestyleFlags, lifestyleSection, metabolicFlags, metabolicSection, smokingChecks, smokingFlags, smokingSection } from "./ptm-parts.ts";
import { LANSIA_MIN_AGE_YEARS } from "./ptm-v1.ts";
import type { Condition, Field, FormDefinition, Option } from "./types.ts";

/**
 * Lansia (≥ 60): the PTM parts that apply, SKILAS (Skrining Lansia Sederhana, Kemenkes 2022,
 * WHO ICOPE step 1) and AKS with the modified Barthel index (Kemenkes, Permenkes 67/2015
 * Penyelenggaraan Pelayanan Kesehatan Lanjut Usia di Puskesmas).
 */

/** SKILAS: LiLA < 21 cm is a malnutrition sign (SKILAS instrument). */
export const SKILAS_LILA_BELOW_CM = 21;
/** SKILAS chair test: stand up 5 times in 14 seconds without using the hands. */
export const SKILAS_CHAIR_STANDS = 5;
export const SKILAS_CHAIR_SECONDS = 14;

/**
 * AKS (modified Barthel, 0–20) categories (Kemenkes, Permenkes 67/2015): 20 mandiri,
 * 12–19 ketergantungan ringan, 9–11 sedang, 5–8 berat, 0–4 total.
 */
export const AKS_MANDIRI = 20;
export const AKS_RINGAN_MIN = 12;
export const AKS_SEDANG_MIN = 9;
export const AKS_BERAT_MIN = 5;

const yes = (id: string): Condition => ({ field: id, op: "eq", value: true });

const skilasFields: Field[] = [
  { id: "skilas_orientasi_salah", type: "yesno", required: true, label: t("Kognitif: salah menjawab tanggal hari ini atau tempat ia berada?", "Cognition: wrong about today's date or where they are?"), hint: t("Sebutkan 3 kata (bunga, pintu, nasi), tanya tanggal dan tempat, lalu minta ulangi 3 kata", "Say 3 words (flower, door, rice), ask the date and place, then ask for the 3 words") },
  { id: "skilas_tidak_ingat", type: "yesno", required: true, label: t("Kognitif: tidak dapat mengulang ketiga kata?", "Cognition: cannot repeat the three words?") },
  { id: "skilas_kursi_gagal", type: "yesno", required: true, label: t(`Mobilisasi: tidak dapat berdiri dari kursi ${SKILAS_CHAIR_STANDS} kali dalam ${SKILAS_CHAIR_SECONDS} detik tanpa memakai tangan?`, `Mobility: cannot stand up from a chair ${SKILAS_CHAIR_STANDS} times in ${SKILAS_CHAIR_SECONDS} seconds without using the hands?`) },
  { id: "skilas_bb_turun", type: "yesno", required: true, label: t("Nutrisi: berat badan turun > 3 kg dalam 3 bulan terakhir atau pakaian jadi longgar?", "Nutrition: lost > 3 kg in the last 3 months, or clothes became loose?") },
  { id: "skilas_nafsu_makan", type: "yesno", required: true, label: t("Nutrisi: hilang nafsu makan atau sulit makan (tersedak, pakai selang makan)?", "Nutrition: lost appetite or difficulty eating (choking, tube feeding)?") },
  { id: "lila", type: "number", unit: "cm", min: 10, max: 50, decimals: 1, label: t("Lingkar lengan atas (LiLA)", "Mid-upper arm circumference (MUAC)") },
  { id: "skilas_masalah_mata", type: "yesno", required: true, label: t("Penglihatan: ada masalah mata (sulit melihat jauh, membaca, penyakit mata, atau sedang diobati diabetes/hipertensi)?", "Vision: eye problems (distance, reading, eye disease, or treated for diabetes/hypertension)?") },
  { id: "skilas_hitung_jari_gagal", type: "yesno", required: true, showIf: { field: "skilas_masalah_mata", op: "eq", value: false }, label: t("Tes melihat: hitung jari tidak benar 3 kali berturut-turut?", "Vision test: finger counting not right 3 times in a row?") },
  {
    id: "skilas_tes_bisik", type: "single", required: true, label: t("Pendengaran: tes bisik", "Hearing: whisper test"),
    options: [opt("dengar", "Mendengar bisikan", "Hears the whisper"), opt("tidak_dengar", "Tidak mendengar", "Does not hear it"), opt("tidak_bisa", "Tes bisik tidak dapat dilakukan", "Whisper test not possible")],
  },
  { id: "skilas_sedih", type: "yesno", required: true, label: t("Depresi: 2 minggu terakhir merasa sedih, tertekan, atau putus asa?", "Depression: in the last 2 weeks, felt sad, down or hopeless?") },
  { id: "skilas_kurang_minat", type: "yesno", required: true, label: t("Depresi: 2 minggu terakhir sedikit minat atau kesenangan melakukan sesuatu?", "Depression: in the last 2 weeks, little interest or pleasure in doing things?") },
];

const score = (n: number, id: string, en: string): Option => opt(String(n), `${n} – ${id}`, `${n} – ${en}`);
const item = (id: string, labelId: string, labelEn: string, options: Option[]): Field => ({ id, type: "single", required: true, label: t(labelId, labelEn), options });

/** The 10 AKS items; option values are their points. */
export const AKS_ITEMS: Field[] = [
  item("aks_bab", "Mengendalikan buang air besar", "Bowel control", [score(0, "Tidak terkendali / perlu pencahar", "Incontinent / needs enemas"), score(1, "Kadang tidak terkendali (≤ 1x seminggu)", "Occasional accident (≤ once a week)"), score(2, "Terkendali", "Continent")]),
  item("aks_bak", "Mengendalikan buang air kecil", "Bladder control", [score(0, "Tidak terkendali / pakai kateter", "Incontinent / catheter"), score(1, "Kadang tidak terkendali (≤ 1x sehari)", "Occasional accident (≤ once a day)"), score(2, "Mandiri", "Continent")]),
  item("aks_membersihkan_diri", "Membersihkan diri (cuci muka, sisir, sikat gigi, cukur)", "Grooming (face, hair, teeth, shaving)", [score(0, "Perlu bantuan orang lain", "Needs help"), score(1, "Mandiri", "Independent")]),
  item("aks_jamban", "Memakai jamban (masuk-keluar, pakaian, cebok, menyiram)", "Toilet use (in/out, clothes, wiping, flushing)", [score(0, "Tergantung orang lain", "Dependent"), score(1, "Perlu bantuan untuk sebagian", "Needs some help"), score(2, "Mandiri", "Independent")]),
  item("aks_makan", "Makan dan minum", "Feeding", [score(0, "Tidak mampu", "Unable"), score(1, "Perlu bantuan memotong makanan", "Needs help cutting food"), score(2, "Mandiri", "Independent")]),
  item("aks_berpindah", "Pindah dari kursi/kursi roda ke tempat tidur dan sebaliknya", "Transfer between chair/wheelchair and bed", [score(0, "Tidak mampu", "Unable"), score(1, "Perlu banyak bantuan (2 orang)", "Major help (2 people)"), score(2, "Perlu sedikit bantuan (1 orang)", "Minor help (1 person)"), score(3, "Mandiri", "Independent")]),
  item("aks_berjalan", "Berjalan di tempat rata (atau menjalankan kursi roda)", "Walking on level ground (or wheelchair)", [score(0, "Tidak mampu", "Unable"), score(1, "Hanya dengan kursi roda", "Wheelchair only"), score(2, "Berjalan dengan bantuan 1 orang", "Walks with help of 1 person"), score(3, "Mandiri", "Independent")]),
  item("aks_berpakaian", "Berpakaian (termasuk kancing, tali sepatu)", "Dressing (including buttons, laces)", [score(0, "Tergantung orang lain", "Dependent"), score(1, "Sebagian dibantu", "Needs some help"), score(2, "Mandiri", "Independent")]),
  item("aks_tangga", "Naik turun tangga", "Stairs", [score(0, "Tidak mampu", "Unable"), score(1, "Perlu bantuan", "Needs help"), score(2, "Mandiri", "Independent")]),
  item("aks_mandi", "Mandi", "Bathing", [score(0, "Tergantung orang lain", "Dependent"), score(1, "Mandiri", "Independent")]),
];

const skilasReferAction = t("Rujuk ke puskesmas untuk penilaian lanjutan (sesuai alur SKILAS).", "Refer to the puskesmas for further assessment (SKILAS pathway).");

export const LANSIA_V1: FormDefinition = {
  id: "lansia",
  version: 1,
  title: t("Pemeriksaan lansia (SKILAS dan AKS)", "Older person check (SKILAS and ADL)"),
  cluster: 3,
  appliesTo: { minAgeYears: LANSIA_MIN_AGE_YEARS },
  needs: ["sex", "birthDate"],
  sections: [
    bpSection(),
    metabolicSection(),
    smokingSection(),
    lifestyleSection(),
    { id: "skilas", title: t("Skrining lansia sederhana (SKILAS)", "Simple older-person screening (SKILAS)"), fields: skilasFields },
    {
      id: "aks",
      title: t("Aktivitas kehidupan sehari-hari (AKS, indeks Barthel)", "Activities of daily living (ADL, Barthel index)"),
      fields: [
        ...AKS_ITEMS,
        { id: "skor_aks", type: "computed", expr: { fn: "sum", fields: AKS_ITEMS.map((f) => f.id) }, label: t("Skor AKS (0–20)", "ADL score (0–20)"), display: { kind: "number", unit: "" } },
      ],
    },
    { id: "penutup", title: t("Catatan", "Notes"), fields: [{ id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") }] },
  ],
  checks: [...bpChecks(), ...smokingChecks()],
  flags: [
    ...metabolicFlags(),
    ...smokingFlags(),
    ...lifestyleFlags(),
    refer("skilas_kognitif", { any: [yes("skilas_orientasi_salah"), yes("skilas_tidak_ingat")] }, t("SKILAS: penurunan kognitif", "SKILAS: cognitive decline"), skilasReferAction),
    refer("skilas_mobilisasi", yes("skilas_kursi_gagal"), t("SKILAS: keterbatasan mobilisasi", "SKILAS: limited mobility"), skilasReferAction),
    refer("skilas_malnutrisi", { any: [yes("skilas_bb_turun"), yes("skilas_nafsu_makan"), { field: "lila", op: "lt", value: SKILAS_LILA_BELOW_CM }] }, t("SKILAS: malnutrisi", "SKILAS: malnutrition"), skilasReferAction),
    refer("skilas_penglihatan", { any: [yes("skilas_masalah_mata"), yes("skilas_hitung_jari_gagal")] }, t("SKILAS: gangguan penglihatan", "SKILAS: vision problem"), skilasReferAction),
    refer("skilas_pendengaran", { field: "skilas_tes_bisik", op: "in", value: ["tidak_dengar", "tidak_bisa"] }, t("SKILAS: gangguan pendengaran", "SKILAS: hearing problem"), skilasReferAction),
    refer("skilas_depresi", { any: [yes("skilas_sedih"), yes("skilas_kurang_minat")] }, t("SKILAS: gejala depresi", "SKILAS: symptoms of depression"), skilasReferAction),
    risk("aks_ketergantungan_berat", { field: "skor_aks", op: "lt", value: AKS_SEDANG_MIN }, t("AKS: ketergantungan berat atau total (skor ≤ 8)", "ADL: severe or total dependence (score ≤ 8)"),
      t("Rencanakan perawatan jangka panjang di rumah: latih pendamping, kunjungan rumah rutin oleh kader/perawat.", "Plan long-term care at home: train a carer, regular home visits by kader/nurse.")),
    risk("aks_ketergantungan", { all: [{ field: "skor_aks", op: "gte", value: AKS_SEDANG_MIN }, { field: "skor_aks", op: "lt", value: AKS_MANDIRI }] },
      t("AKS: ketergantungan ringan atau sedang (skor 9–19)", "ADL: mild or moderate dependence (score 9–19)"),
      t("Bantu keluarga menyiapkan pendamping; latih aktivitas yang masih bisa dilakukan sendiri.", "Help the family arrange support; practise the activities still done alone.")),
  ],
};
