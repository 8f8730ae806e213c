import { dueMonthsOf, IDL_BEFORE_MONTHS, IMMUNISATION_SCHEDULE, type Antigen } from "../forms/imunisasi-v1.ts";
import { JE_DUE_MONTHS } from "../rules/je.ts";
import type { PwsGroup, PwsIndicatorMeta, PwsKind, Words } from "./types.ts";
import { POSTPARTUM_DAYS } from "../forms/postpartum.ts";

/**
 * The PWS indicators the console shows: what each one is called, what it divides, who its
 * sasaran are, its default annual target and where that comes from. Zod-free and small: the
 * console's chunk imports it. How each one is counted (marks, SQL) lives in domain/pws/rules.ts
 * and worker/services/pws/; docs/PWS.md is this table in prose.
 *
 * Targets: a minimum for coverage, a maximum for prevalence and drop-out, none for a
 * distribution. Where the source is "Simpul's choice" no national annual figure was found for
 * the indicator: the puskesmas sets its own (PUT /api/pws/targets).
 */

const w = (id: string, en: string): Words => ({ id, en });

// --- Sources (Kemenkes documents) -------------------------------------------------------------

/** Permenkes 4/2019, Standar Teknis Pemenuhan Mutu Pelayanan Dasar pada SPM Bidang Kesehatan (replaces PMK 43/2016): every sasaran served, 100%. */
export const SRC_SPM = "Permenkes 4/2019 Standar Teknis SPM Bidang Kesehatan (menggantikan PMK 43/2016): target SPM 100%";
export const SRC_ANTROPOMETRI = "Permenkes 2/2020 Standar Antropometri Anak (z-skor WHO)";
export const SRC_STUNTING = "Perpres 72/2021 Percepatan Penurunan Stunting: prevalensi stunting 14% pada 2024";
export const SRC_WASTING = "RPJMN 2020–2024 (Perpres 18/2020): prevalensi wasting 7% pada 2024";
export const SRC_IMUNISASI = "Permenkes 12/2017 Penyelenggaraan Imunisasi (jadwal; desa UCI ≥ 80% bayi IDL)";
export const SRC_PWS_IMUNISASI = "Kemenkes, Pedoman PWS Imunisasi: drop-out DPT-HB-Hib1 → campak/MR ≤ 5%";
export const SRC_PWS_KIA = "Kemenkes 2010, Pedoman Pemantauan Wilayah Setempat Kesehatan Ibu dan Anak (PWS KIA)";
export const SRC_K6 = "Permenkes 21/2021 Pelayanan Kesehatan Masa Hamil, Persalinan dan Sesudah Melahirkan: ANC minimal 6 kali (1-2-3 per trimester)";
export const SRC_ILP = "Kepmenkes HK.01.07/MENKES/2015/2023 Petunjuk Teknis Integrasi Pelayanan Kesehatan Primer";
export const SRC_MALARIA = "Kepmenkes 293/MENKES/SK/IV/2009 Eliminasi Malaria: positivity rate < 5%";
export const SRC_PISPK = "Permenkes 39/2016 Pedoman PIS-PK (Indeks Keluarga Sehat)";
/** Perpres 72/2021 Percepatan Penurunan Stunting, Lampiran (indikator sasaran antara, target 2024); RAN PASTI (Peraturan BKKBN 12/2021). */
export const SRC_STUNTING_ANTARA = "Perpres 72/2021 Percepatan Penurunan Stunting, Lampiran (target antara 2024); RAN PASTI (Peraturan BKKBN 12/2021)";
export const SRC_MTBS = "Kemenkes, Buku Bagan MTBS 2015 (klasifikasi PNEUMONIA dan PNEUMONIA BERAT; domain/forms/mtbs-v1.ts)";
/**
 * Words only (the console's chunk must not load the marks or the KB form): the counting constants
 * are marks.ts KPSP_PER_YEAR and kb-v1.ts KB_POSTPARTUM_DAYS; test/domain/pws-indicators.test.ts
 * checks that these equal them.
 */
export const WORDS_KPSP_PER_YEAR = 2;
export const WORDS_KB_POSTPARTUM_DAYS = POSTPARTUM_DAYS;
const KPSP_PER_YEAR = WORDS_KPSP_PER_YEAR;
const KB_POSTPARTUM_DAYS = WORDS_KB_POSTPARTUM_DAYS;
const SIMPUL = "target: pilihan Simpul (Simpul's choice), tidak ada angka nasional tahunan; ubah per puskesmas";

// --- Sasaran (counted from the registry) ----------------------------------------------------------

const S_BALITA = w("balita 0–59 bulan di registri pada akhir bulan", "children 0–59 months in the registry at the month's end");
const S_BALITA_6_59 = w("balita 6–59 bulan di registri pada bulan vitamin A (Februari, Agustus)", "children 6–59 months in the registry in the vitamin A months (February, August)");
/**
 * The due-age cohort of an antigen (domain/pws/rules.ts cohortRange): the children who reached its
 * due age in the period (the month, or January to the month), in the registry now.
 */
const cohortWords = (months: number): Words => months === 0
  ? w("bayi yang lahir pada periode itu (bulan itu, atau Januari s.d. bulan itu) di registri", "babies born in the period (the month, or January to the month) in the registry")
  : w(`anak yang mencapai umur ${months} bulan pada periode itu (lahir ${months} bulan sebelumnya) di registri`, `children who reached ${months} months in the period (born ${months} months before) in the registry`);
const S_IDL = w("anak yang berulang tahun pertama pada periode itu (lahir 12 bulan sebelumnya) di registri", "children who turned one in the period (born 12 months before) in the registry");
const S_BUMIL = w("ibu hamil terdaftar tahun ini (kunjungan ANC atau ditandai hamil di registri)", "pregnancies registered this year (an ANC visit, or marked pregnant in the registry)");
const S_PERSALINAN = w("persalinan tahun ini (dicatat pada form persalinan atau kunjungan nifas, atau HPL kehamilan yang tercatat)", "births this year (recorded with the delivery form or at a postpartum visit, or the due date of a recorded pregnancy)");
const S_PERSALINAN_TERCATAT = w("persalinan yang dicatat (form persalinan; untuk data lama: kunjungan nifas), menurut tanggal persalinan", "births recorded (delivery form; for older data: a postpartum visit), by delivery date");
const S_BALITA_TAHUNAN = w("balita 0–59 bulan pada awal tahun di registri (sasaran tahunan)", "children 0–59 months as the year opened, in the registry (annual sasaran)");
const S_LAHIR = w("bayi lahir tahun ini di registri (menurut tanggal lahir)", "babies born this year in the registry (by birth date)");
const S_PRODUKTIF = w("penduduk 15–59 tahun pada awal tahun di registri (sasaran tahunan)", "people 15–59 years old as the year opened, in the registry (annual sasaran)");
const S_LANSIA = w("penduduk 60 tahun ke atas pada awal tahun di registri (sasaran tahunan)", "people 60 and older as the year opened, in the registry (annual sasaran)");
const S_DIPERIKSA_PTM = w("penduduk 15 tahun ke atas yang diskrining PTM", "people 15 and older screened for NCDs");
const S_DIPERIKSA_TB = w("penduduk yang diskrining gejala TBC", "people screened for TB symptoms");
const S_KELUARGA = w("keluarga (rumah tangga) di registri", "households in the registry");

// --- Display rules -------------------------------------------------------------------------------

/**
 * The drop-out DPT-HB-Hib 1 → MR 1 is shown as a percentage from 10 DPT-HB-Hib 1 doses on
 * (pilihan Simpul: no national figure was found). Below 10 one child moves it by more than 10
 * points, twice the 5 % target, so its colour would turn on a single child; and a desa that gave
 * 1 DPT-HB-Hib 1 and 5 MR 1 (last year's infants catching up) showed −400 %. There the counts say
 * what happened; the percentage does not.
 */
export const DROPOUT_MIN_DENOMINATOR = 10;

// --- The indicators -------------------------------------------------------------------------------

type Def = PwsIndicatorMeta;

const BALITA: Def[] = [
  {
    id: "balita.ds", group: "balita", kind: "coverage", defaultTarget: 80, drillDown: true,
    label: w("D/S", "D/S"),
    description: w("balita ditimbang (D) ÷ balita di registri (S)", "children weighed (D) ÷ children in the registry (S)"),
    sasaran: S_BALITA, source: `${SRC_ILP}; ${SRC_ANTROPOMETRI}; ${SIMPUL} (80%)`,
  },
  {
    id: "balita.nd", group: "balita", kind: "coverage", defaultTarget: 80, drillDown: true,
    label: w("N/D", "N/D"),
    description: w("balita naik berat badannya (N) ÷ balita ditimbang (D)", "children who gained enough weight (N) ÷ children weighed (D)"),
    sasaran: w("balita yang ditimbang bulan itu", "children weighed that month"), source: `Kemenkes, KMS dalam Buku KIA (kenaikan berat badan minimal, KBM); ${SIMPUL} (80%)`,
  },
  {
    id: "balita.stunting", group: "balita", kind: "prevalence", defaultTarget: 14, drillDown: false,
    label: w("Stunting", "Stunting"),
    description: w("balita pendek atau sangat pendek (PB/U atau TB/U < −2 SD) ÷ balita yang diukur panjang/tingginya", "children stunted (length/height-for-age < −2 SD) ÷ children whose length/height was measured"),
    sasaran: w("balita yang diukur panjang/tinggi badannya", "children whose length/height was measured"), source: `${SRC_ANTROPOMETRI}; ${SRC_STUNTING}`,
  },
  {
    id: "balita.wasting", group: "balita", kind: "prevalence", defaultTarget: 7, drillDown: false,
    label: w("Wasting", "Wasting"),
    description: w("balita gizi kurang atau gizi buruk (BB/PB atau BB/TB < −2 SD) ÷ balita yang diukur", "children wasted (weight-for-length/height < −2 SD) ÷ children measured"),
    sasaran: w("balita yang ditimbang dan diukur", "children weighed and measured"), source: `${SRC_ANTROPOMETRI}; ${SRC_WASTING}`,
  },
  {
    id: "balita.underweight", group: "balita", kind: "prevalence", defaultTarget: 10, drillDown: false,
    label: w("Underweight", "Underweight"),
    description: w("balita berat badan kurang atau sangat kurang (BB/U < −2 SD) ÷ balita ditimbang", "children underweight (weight-for-age < −2 SD) ÷ children weighed"),
    sasaran: w("balita yang ditimbang", "children weighed"), source: `${SRC_ANTROPOMETRI}; ${SIMPUL} (10%)`,
  },
  {
    id: "balita.vita", group: "balita", kind: "coverage", defaultTarget: 85, drillDown: true,
    label: w("Vit A", "Vit A"),
    description: w("balita 6–59 bulan mendapat kapsul vitamin A ÷ balita 6–59 bulan (Februari dan Agustus)", "children 6–59 months given vitamin A ÷ children 6–59 months (February and August)"),
    sasaran: S_BALITA_6_59, source: `Kemenkes, Petunjuk Teknis Pemberian Kapsul Vitamin A (bulan Februari dan Agustus); ${SIMPUL} (85%)`,
  },
  {
    id: "balita.sdidtk", group: "balita", kind: "coverage", defaultTarget: 100, drillDown: true, proRate: true,
    label: w("SDIDTK", "Development"),
    description: w(
      `balita dipantau perkembangannya (KPSP) minimal ${KPSP_PER_YEAR} kali tahun ini ÷ balita 0–59 bulan pada awal tahun; bulan itu: balita yang di-KPSP bulan itu`,
      `children whose development was screened (KPSP) at least ${KPSP_PER_YEAR} times this year ÷ children 0–59 months as the year opened; the month: children screened that month`,
    ),
    sasaran: S_BALITA_TAHUNAN,
    source: `${SRC_SPM} (pelayanan kesehatan balita: pemantauan perkembangan minimal 2 kali setahun; halaman belum dikonfirmasi); Kemenkes, Pedoman Pelaksanaan SDIDTK di Tingkat Pelayanan Kesehatan Dasar 2016 (KPSP)`,
  },
  {
    id: "balita.pneumonia", group: "balita", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Pneumonia (MTBS)", "Pneumonia (IMCI)"),
    description: w("balita sakit yang diklasifikasi PNEUMONIA atau PNEUMONIA BERAT ÷ balita sakit yang dilayani dengan MTBS (per bulan)", "sick children classified PNEUMONIA or SEVERE PNEUMONIA ÷ sick children seen with IMCI (per month)"),
    sasaran: w("balita sakit 2–59 bulan yang dilayani dengan MTBS (anak-bulan)", "sick children 2–59 months seen with IMCI (child-months)"),
    source: `${SRC_MTBS}; tanpa target bawaan (a finding, not a goal). Cakupan penemuan pneumonia balita (Kemenkes P2 ISPA) membagi dengan perkiraan kasus per provinsi (Profil Kesehatan Indonesia 2016, Tabel 6.1: nasional 3,55% balita): belum di Simpul`,
  },
];

const dueWords = (a: Antigen): Words => dueMonthsOf(a) === 0 ? w("bayi lahir", "babies born") : w(`anak mencapai umur ${dueMonthsOf(a)} bulan`, `children who reached ${dueMonthsOf(a)} months`);

/**
 * One coverage indicator per antigen of the national schedule (domain/forms/imunisasi-v1.ts), over
 * its due-age cohort: the cohort grows through the year as the doses do, so no pro-rating.
 */
const ANTIGENS: Def[] = IMMUNISATION_SCHEDULE.map((a) => ({
  id: `imunisasi.${a.id}`, group: "imunisasi" as const, kind: "coverage" as const, defaultTarget: 90, drillDown: true,
  label: w(a.label.id.replace(/ \(.*\)$/, ""), a.label.en.replace(/ \(.*\)$/, "")),
  description: w(`dosis ${a.label.id} yang diberikan ÷ ${dueWords(a).id} pada periode itu`, `${a.label.en} doses given ÷ ${dueWords(a).en} in the period`),
  sasaran: cohortWords(dueMonthsOf(a)),
  source: `${SRC_IMUNISASI}; ${SIMPUL} (90%, sama dengan target IDL)`,
}));

const IMUNISASI: Def[] = [
  {
    id: "imunisasi.idl", group: "imunisasi", kind: "coverage", defaultTarget: 90, drillDown: true,
    label: w("IDL", "Full basic"),
    description: w(`anak yang berulang tahun pertama pada periode itu dengan imunisasi dasar lengkap (semua sebelum umur ${IDL_BEFORE_MONTHS} bulan) ÷ anak yang berulang tahun pertama pada periode itu`, `children who turned one in the period with every basic antigen (all before ${IDL_BEFORE_MONTHS} months) ÷ children who turned one in the period`),
    sasaran: S_IDL, source: `${SRC_IMUNISASI}; target 90%: target nasional IDL 2024 (Renstra Kemenkes 2020–2024), dipilih Simpul sebagai bawaan`,
  },
  {
    id: "imunisasi.je", group: "imunisasi", kind: "coverage", defaultTarget: 90, drillDown: false,
    label: w("JE", "JE"),
    description: w(`anak yang mendapat imunisasi JE ÷ anak yang mencapai umur ${JE_DUE_MONTHS} bulan pada periode itu; hanya di desa daerah endemis JE (di desa lain "—")`, `children given JE vaccine ÷ children who reached ${JE_DUE_MONTHS} months in the period; only in desa of the JE-endemic areas ("—" elsewhere)`),
    sasaran: w(`anak yang mencapai umur ${JE_DUE_MONTHS} bulan pada periode itu, di desa daerah endemis JE (Bali, Kalimantan Barat, DI Yogyakarta)`, `children who reached ${JE_DUE_MONTHS} months in the period, in desa of the JE-endemic areas (Bali, West Kalimantan, Yogyakarta)`),
    source: `Kepmenkes HK.01.07/MENKES/1462/2023 (JE rutin umur 10 bulan; daerah: domain/area/je-endemic.ts); ${SIMPUL} (90%, sama dengan antigen lain)`,
  },
  {
    id: "imunisasi.do_dpt_mr", group: "imunisasi", kind: "dropout", defaultTarget: 5, drillDown: true, minDenominator: DROPOUT_MIN_DENOMINATOR,
    label: w("DO DPT1–MR", "DO DTP1–MR"),
    description: w("(DPT-HB-Hib 1 − MR 1) ÷ DPT-HB-Hib 1, dosis yang diberikan", "(DTP-HepB-Hib 1 − MR 1) ÷ DTP-HepB-Hib 1, doses given"),
    sasaran: w("bayi yang mendapat DPT-HB-Hib 1", "infants given DTP-HepB-Hib 1"), source: SRC_PWS_IMUNISASI,
  },
  ...ANTIGENS,
];

const IBU_HAMIL: Def[] = [
  {
    id: "ibu_hamil.k1", group: "ibu_hamil", kind: "coverage", defaultTarget: 100, drillDown: true,
    label: w("K1", "K1"),
    description: w("ibu hamil dengan kunjungan ANC pertama ÷ ibu hamil terdaftar", "pregnancies with a first ANC visit ÷ pregnancies registered"),
    sasaran: S_BUMIL, source: `${SRC_PWS_KIA}; ${SRC_SPM}`,
  },
  {
    id: "ibu_hamil.k4", group: "ibu_hamil", kind: "coverage", defaultTarget: 100, drillDown: true,
    label: w("K4", "K4"),
    description: w("ibu hamil dengan ≥ 4 kunjungan ANC (≥ 1 di trimester 1, ≥ 1 di trimester 2, ≥ 2 di trimester 3) ÷ ibu hamil terdaftar", "pregnancies with ≥ 4 ANC visits (≥ 1 in trimester 1, ≥ 1 in 2, ≥ 2 in 3) ÷ pregnancies registered"),
    sasaran: S_BUMIL, source: `${SRC_PWS_KIA}; ${SRC_SPM}`,
  },
  {
    id: "ibu_hamil.k6", group: "ibu_hamil", kind: "coverage", defaultTarget: 100, drillDown: true,
    label: w("K6", "K6"),
    description: w("ibu hamil dengan ≥ 6 kunjungan ANC (≥ 1 di trimester 1, ≥ 2 di trimester 2, ≥ 3 di trimester 3) ÷ ibu hamil terdaftar", "pregnancies with ≥ 6 ANC visits (≥ 1 in trimester 1, ≥ 2 in 2, ≥ 3 in 3) ÷ pregnancies registered"),
    sasaran: S_BUMIL, source: SRC_K6,
  },
  {
    id: "ibu_hamil.kek", group: "ibu_hamil", kind: "prevalence", defaultTarget: 10, drillDown: false,
    label: w("KEK", "CED"),
    description: w("ibu hamil dengan LiLA < 23,5 cm pada K1 ÷ ibu hamil K1", "pregnant women with MUAC < 23.5 cm at K1 ÷ pregnant women at K1"),
    sasaran: w("ibu hamil yang mendapat K1", "pregnancies with a K1 visit"), source: `${SRC_ILP} (LiLA < 23,5 cm); ${SIMPUL} (10%)`,
  },
  {
    id: "ibu_hamil.anemia", group: "ibu_hamil", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Anemia", "Anaemia"),
    description: w("ibu hamil dengan Hb < 11 g/dL pada pemeriksaan Hb pertama ÷ ibu hamil yang diperiksa Hb", "pregnant women with Hb < 11 g/dL at their first Hb test ÷ pregnant women tested"),
    sasaran: w("ibu hamil yang diperiksa Hb", "pregnant women with an Hb test"), source: `${SRC_ILP} (Hb < 11 g/dL, WHO); tanpa target bawaan (no default target): isi sendiri`,
  },
  {
    id: "ibu_hamil.risti", group: "ibu_hamil", kind: "coverage", defaultTarget: 20, drillDown: false,
    label: w("Risti", "High risk"),
    description: w("ibu hamil dengan faktor risiko atau komplikasi yang ditemukan nakes ÷ ibu hamil terdaftar", "pregnancies with a risk factor or complication found by a health worker ÷ pregnancies registered"),
    sasaran: S_BUMIL, source: `${SRC_PWS_KIA}: deteksi faktor risiko/komplikasi oleh nakes 20% sasaran ibu hamil`,
  },
  {
    id: "ibu_hamil.risti_rujuk", group: "ibu_hamil", kind: "coverage", defaultTarget: 80, drillDown: true,
    label: w("Risti dirujuk", "High risk referred"),
    description: w("ibu hamil dirujuk yang sudah ada hasil rujukan (rujuk balik) ÷ ibu hamil dirujuk", "pregnant women referred whose referral came back with an outcome ÷ pregnant women referred"),
    sasaran: w("ibu hamil dengan tanda yang harus dirujuk", "pregnant women with a finding that calls for referral"), source: `${SRC_PWS_KIA}: penanganan komplikasi kebidanan ≥ 80%`,
  },
  {
    id: "ibu_hamil.pf", group: "ibu_hamil", kind: "coverage", defaultTarget: 100, drillDown: false,
    label: w("PF", "Facility birth"),
    description: w("persalinan di fasilitas kesehatan ÷ persalinan yang dicatat", "births at a health facility ÷ births recorded"),
    sasaran: S_PERSALINAN_TERCATAT, source: SRC_SPM,
  },
  {
    id: "ibu_hamil.pn", group: "ibu_hamil", kind: "coverage", defaultTarget: 100, drillDown: false,
    label: w("PN", "Skilled attendant"),
    description: w("persalinan ditolong tenaga kesehatan (dokter, bidan, perawat) ÷ persalinan yang dicatat", "births attended by a health worker (doctor, midwife, nurse) ÷ births recorded"),
    sasaran: S_PERSALINAN_TERCATAT, source: `${SRC_PWS_KIA} (cakupan persalinan oleh tenaga kesehatan, Pn); ${SRC_SPM}`,
  },
  {
    id: "ibu_hamil.kbpp", group: "ibu_hamil", kind: "coverage", defaultTarget: 70, drillDown: true,
    label: w("KB pascasalin", "Postpartum FP"),
    description: w(`ibu bersalin yang mendapat pelayanan KB (form KB, bukan lepas alat) dalam ${KB_POSTPARTUM_DAYS} hari sesudah persalinan ÷ persalinan yang dicatat, menurut bulan persalinan`, `mothers given a family planning method (KB form, not a removal) within ${KB_POSTPARTUM_DAYS} days of the birth ÷ births recorded, by delivery month`),
    sasaran: S_PERSALINAN_TERCATAT, source: `${SRC_STUNTING_ANTARA}: pelayanan KB pascapersalinan 70%; ${SRC_K6} (KB pascapersalinan 0–42 hari)`,
  },
  {
    id: "ibu_hamil.kf", group: "ibu_hamil", kind: "coverage", defaultTarget: 90, drillDown: true,
    label: w("KF lengkap", "KF complete"),
    description: w("ibu nifas dengan KF1, KF2, KF3 dan KF4 ÷ persalinan", "mothers with all four postpartum visits (KF1–KF4) ÷ births"),
    sasaran: S_PERSALINAN, source: `${SRC_K6} (KF1–KF4); ${SIMPUL} (90%)`,
  },
  {
    id: "ibu_hamil.kn", group: "ibu_hamil", kind: "coverage", defaultTarget: 90, drillDown: true,
    label: w("KN lengkap", "KN complete"),
    description: w("bayi dengan KN1, KN2 dan KN3 ÷ bayi lahir", "newborns with all three neonatal visits (KN1–KN3) ÷ babies born"),
    sasaran: S_LAHIR, source: `${SRC_K6} (KN1–KN3); ${SIMPUL} (90%)`,
  },
];

/**
 * Catin: there is no register of couples about to marry (the KUA holds it), so no coverage: the
 * findings among those screened. The number screened is each indicator's denominator. Perpres
 * 72/2021 sets "calon PUS memperoleh pemeriksaan kesehatan sebagai bagian dari pelayanan nikah
 * 90%" over the KUA's marriages; the lintas sector (KUA) item counts that (domain/lintas).
 */
const CATIN: Def[] = [
  {
    id: "catin.anemia", group: "catin", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Catin anemia", "Anaemia (pre-marriage)"),
    description: w("catin dengan Hb < 12 g/dL (perempuan) atau < 13 g/dL (laki-laki) ÷ catin yang diperiksa Hb", "brides/grooms to be with Hb < 12 g/dL (women) or < 13 g/dL (men) ÷ those with an Hb test"),
    sasaran: w("catin yang diperiksa Hb (tidak ada registri catin: jumlah yang diperiksa)", "brides/grooms to be with an Hb test (no catin register: those screened)"),
    source: `${SRC_STUNTING_ANTARA} (pemeriksaan kesehatan catin); WHO 2011 Haemoglobin concentrations (Hb); tanpa target bawaan (a finding, not a goal)`,
  },
  {
    id: "catin.kek", group: "catin", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Catin KEK", "CED (pre-marriage)"),
    description: w("catin perempuan dengan LiLA < 23,5 cm ÷ catin perempuan yang diukur LiLA", "brides to be with MUAC < 23.5 cm ÷ brides to be measured"),
    sasaran: w("catin perempuan yang diukur LiLA", "brides to be whose MUAC was measured"),
    source: `${SRC_STUNTING_ANTARA} (pemeriksaan kesehatan catin); ${SRC_ILP} (LiLA < 23,5 cm); tanpa target bawaan`,
  },
];

const PTM: Def[] = [
  {
    id: "ptm.skrining_produktif", group: "ptm", kind: "coverage", defaultTarget: 100, drillDown: true, proRate: true,
    label: w("Skrining 15–59", "Screened 15–59"),
    description: w("penduduk 15–59 tahun yang diskrining PTM tahun ini ÷ penduduk 15–59 tahun pada awal tahun", "people 15–59 screened for NCDs this year ÷ people 15–59 as the year opened"),
    sasaran: S_PRODUKTIF, source: `${SRC_SPM} (pelayanan kesehatan usia produktif); ${SRC_ILP}`,
  },
  {
    id: "ptm.skrining_lansia", group: "ptm", kind: "coverage", defaultTarget: 100, drillDown: true, proRate: true,
    label: w("Skrining lansia", "Older people screened"),
    description: w("lansia 60+ yang diskrining tahun ini ÷ lansia 60+ pada awal tahun", "people 60+ screened this year ÷ people 60+ as the year opened"),
    sasaran: S_LANSIA, source: `${SRC_SPM} (pelayanan kesehatan usia lanjut); ${SRC_ILP}`,
  },
  {
    id: "ptm.hipertensi", group: "ptm", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Hipertensi", "Hypertension"),
    description: w("orang dengan TD ≥ 140/90 pada skrining ÷ orang yang diskrining", "people with BP ≥ 140/90 at screening ÷ people screened"),
    sasaran: S_DIPERIKSA_PTM, source: `${SRC_ILP}; ${SRC_SPM} (penderita hipertensi mendapat pelayanan sesuai standar); tanpa target bawaan (a finding, not a goal)`,
  },
  {
    id: "ptm.dm", group: "ptm", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Curiga DM", "Suspected diabetes"),
    description: w("orang dengan gula darah sewaktu ≥ 200 atau puasa ≥ 126 mg/dL ÷ orang yang diskrining", "people with random glucose ≥ 200 or fasting ≥ 126 mg/dL ÷ people screened"),
    sasaran: S_DIPERIKSA_PTM, source: `${SRC_ILP}; ${SRC_SPM} (penderita diabetes melitus mendapat pelayanan sesuai standar); tanpa target bawaan`,
  },
];

const MENULAR: Def[] = [
  {
    id: "menular.tb_terduga", group: "menular", kind: "prevalence", defaultTarget: null, drillDown: false,
    label: w("Terduga TBC", "Presumptive TB"),
    description: w("terduga TBC yang ditemukan ÷ orang yang diskrining gejala TBC", "presumptive TB found ÷ people screened for TB symptoms"),
    sasaran: S_DIPERIKSA_TB, source: "Kemenkes, Petunjuk Teknis Penanggulangan TBC 2023 (terduga TBC); tanpa target bawaan (a finding, not a goal)",
  },
  {
    id: "menular.tb_rujuk", group: "menular", kind: "coverage", defaultTarget: 100, drillDown: true,
    label: w("Terduga TBC dirujuk", "Presumptive TB referred"),
    description: w("terduga TBC yang sampai diperiksa (hasil rujukan atau hasil TCM tercatat) ÷ terduga TBC ditemukan", "presumptive TB whose referral came back or whose TCM result is recorded ÷ presumptive TB found"),
    sasaran: w("terduga TBC yang ditemukan", "presumptive TB found"), source: `${SRC_SPM} (setiap terduga TBC mendapat pelayanan sesuai standar)`,
  },
  {
    id: "menular.malaria_pos", group: "menular", kind: "prevalence", defaultTarget: 5, drillDown: false,
    label: w("Positivitas malaria", "Malaria positivity"),
    description: w("pemeriksaan malaria positif ÷ pemeriksaan malaria (RDT atau mikroskopis)", "positive malaria tests ÷ malaria tests (RDT or microscopy)"),
    sasaran: w("orang yang diperiksa malaria", "people tested for malaria"), source: SRC_MALARIA,
  },
];

const KELUARGA: Def[] = [
  {
    id: "keluarga.iks", group: "keluarga", kind: "distribution", defaultTarget: null, drillDown: false,
    label: w("IKS", "IKS"),
    description: w("keluarga yang didata PIS-PK ÷ keluarga di registri; dibagi sehat / pra-sehat / tidak sehat", "households surveyed for PIS-PK ÷ households in the registry; split healthy / pre-healthy / unhealthy"),
    sasaran: S_KELUARGA, source: SRC_PISPK,
  },
];

/** Every indicator, in display order (group by group). */
export const PWS_INDICATORS: readonly PwsIndicatorMeta[] = [...BALITA, ...IMUNISASI, ...IBU_HAMIL, ...CATIN, ...PTM, ...MENULAR, ...KELUARGA];

export const PWS_INDICATOR_BY_ID: ReadonlyMap<string, PwsIndicatorMeta> = new Map(PWS_INDICATORS.map((x) => [x.id, x]));

/** The classes of a distribution indicator (IKS, Permenkes 39/2016), in display order. */
export const PWS_CLASSES: Readonly<Record<string, readonly { id: string; label: Words }[]>> = {
  "keluarga.iks": [
    { id: "sehat", label: w("Keluarga sehat (IKS > 0,8)", "Healthy (IKS > 0.8)") },
    { id: "pra_sehat", label: w("Pra-sehat (0,5–0,8)", "Pre-healthy (0.5–0.8)") },
    { id: "tidak_sehat", label: w("Tidak sehat (< 0,5)", "Unhealthy (< 0.5)") },
  ],
};

/**
 * Words for the codes of `PwsMissedPerson.missing` (what a person of the sasaran still lacks);
 * antigen ids (hb0, bcg, dpt1 …) are rendered with their label from the schedule.
 */
export const PWS_MISSING_WORDS: Readonly<Record<string, Words>> = {
  ditimbang: w("belum ditimbang bulan ini", "not weighed this month"),
  naik: w("berat badan tidak naik", "did not gain enough weight"),
  vitamin_a: w("belum mendapat vitamin A", "no vitamin A yet"),
  k1: w("belum K1", "no first ANC visit"),
  k4: w("belum K4", "K4 not reached"),
  k6: w("belum K6", "K6 not reached"),
  rujuk_balik: w("hasil rujukan belum ada", "no referral outcome yet"),
  kf1: w("KF1", "KF1"), kf2: w("KF2", "KF2"), kf3: w("KF3", "KF3"), kf4: w("KF4", "KF4"),
  kn1: w("KN1", "KN1"), kn2: w("KN2", "KN2"), kn3: w("KN3", "KN3"),
  skrining: w("belum diskrining tahun ini", "not screened this year"),
  kpsp: w(`belum KPSP ${WORDS_KPSP_PER_YEAR} kali tahun ini`, `not screened (KPSP) ${WORDS_KPSP_PER_YEAR} times this year`),
  kb_pascasalin: w(`belum KB dalam ${WORDS_KB_POSTPARTUM_DAYS} hari sesudah persalinan`, `no family planning within ${WORDS_KB_POSTPARTUM_DAYS} days of the birth`),
  ...Object.fromEntries(IMMUNISATION_SCHEDULE.map((a) => [a.id, a.label])),
};
