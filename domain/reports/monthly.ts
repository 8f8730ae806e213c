import { IMMUNISATION_SCHEDULE } from "../forms/imunisasi-v1.ts";
import { PWS_INDICATOR_BY_ID, SRC_ILP, SRC_IMUNISASI, SRC_K6, SRC_PWS_IMUNISASI, SRC_PWS_KIA, SRC_SPM } from "../pws/indicators.ts";
import type { PwsCell, PwsCount, PwsTable, Words } from "../pws/types.ts";
import { CSV_DIALECTS, round1, type CsvCell, type CsvDialect } from "../util/csv.ts";

/**
 * The monthly report files the puskesmas sends upward (issue 13, part 4): gizi/balita, KIA,
 * imunisasi and PTM, one CSV per month and area, one row per desa (a desa: per dusun) and the
 * area's total. Their columns follow the usual tables of those reports (SKDN / LB3 Gizi, PWS KIA,
 * the routine immunisation report, the PTM screening recap), but every number is a part of a PWS
 * cell: the same `PwsTable` GET /api/pws answers, built by the same service (worker/services/pws/
 * table.ts), so a file and the console agree to the unit. A usual column without a PWS aggregate
 * is left out and listed in `notInSimpul` (docs/INTEROP.md "Monthly report files"), never
 * estimated.
 *
 * Zod-free and pure: the worker writes the files with it, the docs table is generated from it.
 */

export const MONTHLY_REPORT_IDS = ["gizi", "kia", "imunisasi", "ptm"] as const;
export type MonthlyReportId = (typeof MONTHLY_REPORT_IDS)[number];

/**
 * Which part of a PWS cell a column shows: the numerator, the denominator, or the percentage the
 * console shows (numerator ÷ denominator × 100, one decimal; empty where the console shows "—":
 * no denominator, or one below the indicator's `minDenominator`).
 */
export type ReportPart = "num" | "den" | "pct";
/** The month itself, or January to the month (the PWS "kumulatif"). */
export type ReportScope = "month" | "ytd";

export interface ReportColumn {
  /** Stable id of the column (for the docs and tests). */
  id: string;
  /** id: the CSV header in Bahasa Indonesia; en: its English gloss (docs only). */
  header: Words;
  /** The PWS indicator (domain/pws/indicators.ts) whose cell the number is taken from. */
  indicator: string;
  part: ReportPart;
  scope: ReportScope;
}

/** A usual column of the report that Simpul has no aggregate for (yet): left out of the file. */
export interface MissingColumn {
  header: string;
  en: string;
  /** Why it is not there: what Simpul does not record or count. */
  why: string;
}

export interface MonthlyReport {
  id: MonthlyReportId;
  title: Words;
  /** The documents the report's format and definitions come from. */
  source: string;
  columns: readonly ReportColumn[];
  notInSimpul: readonly MissingColumn[];
}

const w = (id: string, en: string): Words => ({ id, en });
const col = (id: string, hid: string, hen: string, indicator: string, part: ReportPart, scope: ReportScope): ReportColumn => ({ id, header: w(hid, hen), indicator, part, scope });
const miss = (header: string, en: string, why: string): MissingColumn => ({ header, en, why });

// --- Sources of the report formats ---------------------------------------------------------------

/**
 * SP2TP (Sistem Pencatatan dan Pelaporan Terpadu Puskesmas): LB3 is the puskesmas's monthly
 * report of programme activities (gizi, KIA, imunisasi, P2M) to the Dinkes kabupaten.
 */
export const SRC_LB3 = "Kemenkes, SP2TP (Sistem Pencatatan dan Pelaporan Terpadu Puskesmas): Laporan Bulanan LB3 (gizi, KIA, imunisasi)";
/** SKDN: the posyandu's monthly weighing recap (S sasaran, K has a KMS/Buku KIA, D weighed, N gained). */
export const SRC_SKDN = "Kemenkes 2011, Pedoman Umum Pengelolaan Posyandu (SKDN: S, K, D, N; D/S, N/D)";
export const SRC_SURVEILANS_GIZI = "Kemenkes 2020, Pedoman Pelaksanaan Teknis Surveilans Gizi (indikator D/S, N/D, prevalensi stunting, wasting, underweight; vitamin A)";
export const SRC_PTM = "Kemenkes, Petunjuk Teknis Pos Pembinaan Terpadu PTM (Posbindu PTM) dan Sistem Informasi Surveilans PTM (SI PTM): rekap bulanan skrining";

// --- The reports ----------------------------------------------------------------------------------

const GIZI: MonthlyReport = {
  id: "gizi",
  title: w("Laporan bulanan gizi balita (SKDN / LB3 Gizi)", "Monthly child nutrition report (SKDN / LB3 Gizi)"),
  source: `${SRC_SKDN}; ${SRC_SURVEILANS_GIZI}; ${SRC_LB3}`,
  columns: [
    col("S", "S (balita di wilayah)", "S: children 0–59 months in the registry at the month's end", "balita.ds", "den", "month"),
    col("D", "D (balita ditimbang)", "D: children weighed in the month", "balita.ds", "num", "month"),
    col("N", "N (naik berat badan)", "N: children weighed whose weight went up enough (naik, KBM) at the month's last weighing", "balita.nd", "num", "month"),
    col("DS", "D/S (%)", "D/S: share of children weighed, the month", "balita.ds", "pct", "month"),
    col("ND", "N/D (%)", "N/D: share of the weighed who gained, the month", "balita.nd", "pct", "month"),
    col("DS_ytd", "D/S rata-rata Jan s.d. bulan ini (%)", "D/S January to the month (Σ D ÷ Σ S: the average monthly participation)", "balita.ds", "pct", "ytd"),
    col("ND_ytd", "N/D rata-rata Jan s.d. bulan ini (%)", "N/D January to the month (Σ N ÷ Σ D)", "balita.nd", "pct", "ytd"),
    col("tbu_diukur", "Diukur PB/TB", "children whose length/height-for-age was measured in the month", "balita.stunting", "den", "month"),
    col("pendek", "Pendek + sangat pendek (PB/U, TB/U < −2 SD)", "stunted (length/height-for-age < −2 SD) at the month's last measurement", "balita.stunting", "num", "month"),
    col("pendek_pct", "Stunting (%)", "stunting prevalence, the month", "balita.stunting", "pct", "month"),
    col("bbtb_diukur", "Diukur BB/PB–BB/TB", "children whose weight-for-length/height was measured in the month", "balita.wasting", "den", "month"),
    col("kurus", "Gizi kurang + gizi buruk (BB/PB–TB < −2 SD)", "wasted (weight-for-length/height < −2 SD)", "balita.wasting", "num", "month"),
    col("kurus_pct", "Wasting (%)", "wasting prevalence, the month", "balita.wasting", "pct", "month"),
    col("bbu_diukur", "Diukur BB/U", "children whose weight-for-age was assessed in the month", "balita.underweight", "den", "month"),
    col("bb_kurang", "BB kurang + sangat kurang (BB/U < −2 SD)", "underweight (weight-for-age < −2 SD)", "balita.underweight", "num", "month"),
    col("bb_kurang_pct", "Underweight (%)", "underweight prevalence, the month", "balita.underweight", "pct", "month"),
    col("vita_sasaran", "Sasaran vitamin A 6–59 bulan", "children 6–59 months at the month's end, in February and August only (0 in other months)", "balita.vita", "den", "month"),
    col("vita", "Mendapat vitamin A", "children 6–59 months given a vitamin A capsule in the month", "balita.vita", "num", "month"),
    col("vita_pct", "Vitamin A (%)", "vitamin A coverage of the month (February, August)", "balita.vita", "pct", "month"),
  ],
  notInSimpul: [
    miss("K (punya KMS/Buku KIA)", "K: children with a KMS / Buku KIA", "the registry does not record who holds a KMS or Buku KIA"),
    miss("T (tidak naik)", "T: weighed, did not gain", "each weighing's N/T/O/B is derived (growth.nt) and the posyandu tally counts it, but the PWS has a mark for N only; D − N is not T (it also holds O and B)"),
    miss("O (tidak ditimbang bulan lalu), B (baru pertama ditimbang)", "O: not weighed the month before; B: weighed for the first time", "derived per weighing (growth.nt), not a PWS mark"),
    miss("2T (dua kali tidak naik)", "2T: two weighings in a row without gain", "a flag (balita.2t) and a referral on the weighing, not a PWS mark"),
    miss("BGM (bawah garis merah)", "BGM: below the red line of the KMS (BB/U < −3 SD)", "derived per weighing (growth.bgm, flag balita.bgm), not a PWS mark"),
    miss("Gizi buruk / sangat pendek terpisah", "severe wasting / severe stunting on their own", "the marks count < −2 SD (kurang + buruk, pendek + sangat pendek) together"),
    miss("Balita gizi buruk dirawat, PMT, ASI eksklusif, gizi lebih / obesitas", "severe wasting treated, supplementary feeding, exclusive breastfeeding, overweight", "not counted by the PWS"),
    miss("Laki-laki / perempuan", "split by sex", "the PWS counts are not split by sex"),
  ],
};

const KIA: MonthlyReport = {
  id: "kia",
  title: w("Laporan bulanan KIA (PWS KIA)", "Monthly maternal and newborn health report (PWS KIA)"),
  source: `${SRC_PWS_KIA}; ${SRC_K6}; ${SRC_SPM}; ${SRC_LB3}`,
  columns: [
    col("bumil", "Ibu hamil terdaftar Jan s.d. bulan ini", "pregnancies registered from January (an ANC visit, or marked pregnant): the K1–K6 and risti denominator", "ibu_hamil.k1", "den", "ytd"),
    col("k1", "K1 (akses) bulan ini", "pregnancies with their first ANC visit in the month (any trimester: K1 akses)", "ibu_hamil.k1", "num", "month"),
    col("k1_ytd", "K1 (akses) s.d. bulan ini", "K1 from January", "ibu_hamil.k1", "num", "ytd"),
    col("k1_pct", "K1 (%)", "K1 from January ÷ pregnancies registered", "ibu_hamil.k1", "pct", "ytd"),
    col("k4", "K4 bulan ini", "pregnancies that reached K4 (1-1-2 per trimester) in the month", "ibu_hamil.k4", "num", "month"),
    col("k4_ytd", "K4 s.d. bulan ini", "K4 from January", "ibu_hamil.k4", "num", "ytd"),
    col("k4_pct", "K4 (%)", "K4 from January ÷ pregnancies registered", "ibu_hamil.k4", "pct", "ytd"),
    col("k6", "K6 bulan ini", "pregnancies that reached K6 (1-2-3 per trimester) in the month", "ibu_hamil.k6", "num", "month"),
    col("k6_ytd", "K6 s.d. bulan ini", "K6 from January", "ibu_hamil.k6", "num", "ytd"),
    col("k6_pct", "K6 (%)", "K6 from January ÷ pregnancies registered", "ibu_hamil.k6", "pct", "ytd"),
    col("kek", "Bumil KEK (LiLA < 23,5 cm) s.d. bulan ini", "pregnant women with MUAC < 23.5 cm at K1, from January (÷ K1 from January)", "ibu_hamil.kek", "num", "ytd"),
    col("kek_pct", "KEK (%)", "KEK ÷ K1, from January", "ibu_hamil.kek", "pct", "ytd"),
    col("hb", "Bumil diperiksa Hb s.d. bulan ini", "pregnant women with an Hb test, from January", "ibu_hamil.anemia", "den", "ytd"),
    col("anemia", "Bumil anemia (Hb < 11) s.d. bulan ini", "anaemia at the first Hb test of the pregnancy, from January", "ibu_hamil.anemia", "num", "ytd"),
    col("anemia_pct", "Anemia (%)", "anaemia ÷ tested, from January", "ibu_hamil.anemia", "pct", "ytd"),
    col("risti", "Risti/komplikasi ditemukan nakes bulan ini", "pregnancies with a risk factor or complication found (any ANC flag) in the month", "ibu_hamil.risti", "num", "month"),
    col("risti_ytd", "Risti/komplikasi ditemukan nakes s.d. bulan ini", "risk found, from January", "ibu_hamil.risti", "num", "ytd"),
    col("risti_pct", "Deteksi risti oleh nakes (%)", "risk found ÷ pregnancies registered, from January", "ibu_hamil.risti", "pct", "ytd"),
    col("rujuk", "Risti dirujuk s.d. bulan ini", "pregnant women referred for a finding that calls for referral, from January", "ibu_hamil.risti_rujuk", "den", "ytd"),
    col("rujuk_ok", "Risti dirujuk, ada rujuk balik s.d. bulan ini", "of those, the referral came back with an outcome (not 'tidak datang')", "ibu_hamil.risti_rujuk", "num", "ytd"),
    col("rujuk_pct", "Risti dirujuk ditangani (%)", "referred with an outcome ÷ referred, from January", "ibu_hamil.risti_rujuk", "pct", "ytd"),
    col("salin", "Persalinan tercatat bulan ini", "deliveries recorded (delivery form; older data: a postpartum visit), by delivery date in the month", "ibu_hamil.pf", "den", "month"),
    col("salin_ytd", "Persalinan tercatat s.d. bulan ini", "deliveries recorded, from January", "ibu_hamil.pf", "den", "ytd"),
    col("pf", "Persalinan di fasyankes (PF) bulan ini", "deliveries at a health facility, the month", "ibu_hamil.pf", "num", "month"),
    col("pf_ytd", "Persalinan di fasyankes (PF) s.d. bulan ini", "deliveries at a health facility, from January", "ibu_hamil.pf", "num", "ytd"),
    col("pf_pct", "PF (%)", "facility deliveries ÷ deliveries recorded, from January", "ibu_hamil.pf", "pct", "ytd"),
    col("pn", "Persalinan ditolong nakes (PN) bulan ini", "deliveries attended by a health worker (doctor, midwife, nurse), the month", "ibu_hamil.pn", "num", "month"),
    col("pn_ytd", "Persalinan ditolong nakes (PN) s.d. bulan ini", "deliveries attended by a health worker, from January", "ibu_hamil.pn", "num", "ytd"),
    col("pn_pct", "PN (%)", "attended by a health worker ÷ deliveries recorded, from January", "ibu_hamil.pn", "pct", "ytd"),
    col("kbpp_ytd", "KB pasca persalinan s.d. bulan ini", "mothers given a family planning method within 42 days of a delivery recorded from January (by delivery month)", "ibu_hamil.kbpp", "num", "ytd"),
    col("kbpp_pct", "KB pasca persalinan (%)", "postpartum family planning ÷ deliveries recorded, from January", "ibu_hamil.kbpp", "pct", "ytd"),
    col("bersalin", "Sasaran ibu bersalin/nifas s.d. bulan ini", "births from January (recorded with the delivery form or at a postpartum visit, or the due date of a recorded pregnancy)", "ibu_hamil.kf", "den", "ytd"),
    col("kf", "KF lengkap (KF1–KF4) s.d. bulan ini", "mothers with all four postpartum visits, by delivery month, from January", "ibu_hamil.kf", "num", "ytd"),
    col("kf_pct", "KF lengkap (%)", "KF complete ÷ births, from January", "ibu_hamil.kf", "pct", "ytd"),
    col("lahir", "Bayi lahir bulan ini", "babies born in the month, in the registry", "ibu_hamil.kn", "den", "month"),
    col("lahir_ytd", "Bayi lahir s.d. bulan ini", "babies born from January", "ibu_hamil.kn", "den", "ytd"),
    col("kn", "KN lengkap (KN1–KN3) bulan ini", "newborns with all three neonatal visits, by birth month, the month", "ibu_hamil.kn", "num", "month"),
    col("kn_ytd", "KN lengkap (KN1–KN3) s.d. bulan ini", "KN complete, from January", "ibu_hamil.kn", "num", "ytd"),
    col("kn_pct", "KN lengkap (%)", "KN complete ÷ babies born, from January", "ibu_hamil.kn", "pct", "ytd"),
  ],
  notInSimpul: [
    miss("Sasaran ibu hamil (proyeksi)", "estimated annual sasaran (1.1 × CBR × population)", "Simpul counts the pregnancies the registry holds, not a projection"),
    miss("K1 murni", "K1 in the first trimester", "the K1 mark does not keep the trimester of the first visit (Simpul's K1 is K1 akses)"),
    miss("KF1, KN1, KN2 (tiap kunjungan)", "each postpartum / neonatal visit on its own", "only the complete sets (KF1–KF4, KN1–KN3) are counted"),
    miss("Komplikasi kebidanan ditangani (PK), neonatal komplikasi ditangani", "obstetric / neonatal complications treated", "the referral outcome is counted for ANC risk only (Risti dirujuk)"),
    miss("Td ibu hamil, TTD 90 tablet, tripel eliminasi (HIV, sifilis, hepatitis B)", "Td immunisation, 90 iron tablets, triple elimination tests", "recorded on the ANC form, not counted by the PWS"),
    miss("BBLR, kematian ibu/bayi", "low birth weight, maternal/infant deaths", "recorded on the persalinan form (flags bblr, bblsr, lahir_mati, kematian_ibu), not counted by the PWS"),
  ],
};

/** The short PWS label of an antigen ("HB0", "Polio tetes (OPV) 1", "PCV 3"), as the console shows it. */
const pwsLabel = (indicator: string): Words => PWS_INDICATOR_BY_ID.get(indicator)?.label ?? w(indicator, indicator);

/** Four columns per antigen or IDL: doses this month, doses from January, the due-age cohort from January, and the coverage. */
function coverageColumns(key: string, indicator: string): ReportColumn[] {
  const l = pwsLabel(indicator);
  return [
    col(key, `${l.id} bulan ini`, `${l.en}: doses given in the month`, indicator, "num", "month"),
    col(`${key}_ytd`, `${l.id} s.d. bulan ini`, `${l.en}: doses given from January`, indicator, "num", "ytd"),
    col(`${key}_sasaran`, `Sasaran ${l.id} s.d. bulan ini`, `${l.en}: children who reached its due age from January (the due-age cohort)`, indicator, "den", "ytd"),
    col(`${key}_pct`, `${l.id} (%)`, `${l.en}: coverage from January`, indicator, "pct", "ytd"),
  ];
}

const IMUNISASI: MonthlyReport = {
  id: "imunisasi",
  title: w("Laporan bulanan imunisasi rutin bayi dan baduta", "Monthly routine immunisation report (infants and under-twos)"),
  source: `${SRC_PWS_IMUNISASI}; ${SRC_IMUNISASI}; ${SRC_LB3}`,
  columns: [
    ...IMMUNISATION_SCHEDULE.flatMap((a) => coverageColumns(a.id, `imunisasi.${a.id}`)),
    ...coverageColumns("idl", "imunisasi.idl").map((c) => ({
      ...c,
      header: c.id === "idl" ? w("IDL bulan ini", "IDL: children who turned one in the month with every basic antigen")
        : c.id === "idl_ytd" ? w("IDL s.d. bulan ini", "IDL from January")
        : c.id === "idl_sasaran" ? w("Sasaran IDL (ulang tahun pertama) s.d. bulan ini", "children who turned one from January")
        : w("IDL (%)", "IDL coverage from January"),
    })),
    col("do_dpt1", "DPT-HB-Hib 1 s.d. bulan ini (penyebut DO)", "DTP-HepB-Hib 1 doses from January: the drop-out denominator", "imunisasi.do_dpt_mr", "den", "ytd"),
    col("do", "DO DPT-HB-Hib 1 − MR 1 s.d. bulan ini", "drop-out: DTP-HepB-Hib 1 doses − MR 1 doses, from January", "imunisasi.do_dpt_mr", "num", "ytd"),
    col("do_pct", "DO DPT-HB-Hib 1 – MR 1 (%)", "drop-out rate, from January (empty below 10 DTP-HepB-Hib 1 doses, as on the console)", "imunisasi.do_dpt_mr", "pct", "ytd"),
  ],
  notInSimpul: [
    miss("Sasaran bayi / surviving infant (proyeksi)", "estimated annual infant sasaran", "Simpul divides by the due-age cohort from the registry (docs/PWS.md), not a projection"),
    miss("Laki-laki / perempuan", "split by sex", "the PWS counts are not split by sex"),
    miss("Desa UCI", "village reaching Universal Child Immunization (≥ 80 % IDL)", "a judgement on IDL %, not an aggregate: read it from the IDL (%) column"),
    miss("Baduta lengkap (IBL), BIAS, Td WUS / ibu hamil", "complete booster status, school immunisation, Td for women", "not counted by the PWS"),
    miss("KIPI", "adverse events following immunisation", "flagged on the visit, not counted as a mark"),
    miss("Pemakaian vaksin, IP (indeks pemakaian)", "vaccine use and wastage", "Simpul does not record vaccine stock"),
  ],
};

const PTM: MonthlyReport = {
  id: "ptm",
  title: w("Laporan bulanan skrining PTM usia produktif dan lansia", "Monthly NCD screening report (adults 15–59 and older people)"),
  source: `${SRC_PTM}; ${SRC_SPM}; ${SRC_ILP}`,
  columns: [
    col("sasaran_15_59", "Sasaran usia 15–59 tahun (awal tahun)", "people 15–59 as the year opened (the annual SPM sasaran)", "ptm.skrining_produktif", "den", "ytd"),
    col("skrining_15_59", "Diskrining 15–59 bulan ini", "people 15–59 screened in the month", "ptm.skrining_produktif", "num", "month"),
    col("skrining_15_59_ytd", "Diskrining 15–59 s.d. bulan ini", "people 15–59 screened from January (once per person and year)", "ptm.skrining_produktif", "num", "ytd"),
    col("skrining_15_59_pct", "Skrining 15–59 (%)", "screened from January ÷ annual sasaran", "ptm.skrining_produktif", "pct", "ytd"),
    col("sasaran_lansia", "Sasaran lansia 60+ (awal tahun)", "people 60 and older as the year opened", "ptm.skrining_lansia", "den", "ytd"),
    col("skrining_lansia", "Lansia diskrining bulan ini", "people 60+ screened in the month", "ptm.skrining_lansia", "num", "month"),
    col("skrining_lansia_ytd", "Lansia diskrining s.d. bulan ini", "people 60+ screened from January", "ptm.skrining_lansia", "num", "ytd"),
    col("skrining_lansia_pct", "Skrining lansia (%)", "screened from January ÷ annual sasaran", "ptm.skrining_lansia", "pct", "ytd"),
    col("diperiksa", "Diperiksa PTM (15+) bulan ini", "people 15 and older screened (PTM or lansia form) in the month", "ptm.hipertensi", "den", "month"),
    col("diperiksa_ytd", "Diperiksa PTM (15+) s.d. bulan ini", "people 15+ screened from January (once per person and year)", "ptm.hipertensi", "den", "ytd"),
    col("ht", "Hipertensi (TD ≥ 140/90) bulan ini", "people with BP ≥ 140/90 at a screening in the month", "ptm.hipertensi", "num", "month"),
    col("ht_ytd", "Hipertensi (TD ≥ 140/90) s.d. bulan ini", "people with BP ≥ 140/90, from January (once per person)", "ptm.hipertensi", "num", "ytd"),
    col("ht_pct", "Hipertensi (%)", "hypertension ÷ screened, from January", "ptm.hipertensi", "pct", "ytd"),
    col("dm", "Curiga DM bulan ini", "people with random glucose ≥ 200 or fasting ≥ 126 mg/dL in the month", "ptm.dm", "num", "month"),
    col("dm_ytd", "Curiga DM s.d. bulan ini", "suspected diabetes, from January (once per person)", "ptm.dm", "num", "ytd"),
    col("dm_pct", "Curiga DM (%)", "suspected diabetes ÷ screened, from January", "ptm.dm", "pct", "ytd"),
  ],
  notInSimpul: [
    miss("Hipertensi / DM dirujuk, mendapat pelayanan sesuai standar", "hypertension / diabetes referred, treated to standard", "a flag on the screening may make a referral, but PTM referrals, their outcome and treatment are not counted by the PWS"),
    miss("IMT: gemuk / obesitas, obesitas sentral (lingkar perut)", "BMI classes, central obesity (waist)", "measured on the PTM form, not counted as a mark"),
    miss("Merokok, kurang aktivitas fisik, konsumsi gula/garam/lemak, kurang sayur-buah", "smoking and behavioural risk factors", "recorded on the PTM form, not counted as a mark"),
    miss("Kolesterol, IVA / SADANIS, PPOK (PUMA), gangguan penglihatan/pendengaran, SRQ-20", "cholesterol, cervical/breast screening, COPD, vision/hearing, mental health", "not counted by the PWS"),
    miss("Laki-laki / perempuan, kelompok umur", "split by sex and age band", "the PWS counts are not split by sex or age band"),
  ],
};

export const MONTHLY_REPORTS: Readonly<Record<MonthlyReportId, MonthlyReport>> = { gizi: GIZI, kia: KIA, imunisasi: IMUNISASI, ptm: PTM };

// --- Figures and files -------------------------------------------------------------------------------

/** The separator choice of the API: "comma" is RFC 4180 with a decimal point, "semicolon" Excel in Indonesian (";" and a decimal comma). */
export const REPORT_SEPARATORS = ["comma", "semicolon"] as const;
export type ReportSeparator = (typeof REPORT_SEPARATORS)[number];
export const dialectOf = (sep: ReportSeparator): CsvDialect => (sep === "semicolon" ? CSV_DIALECTS.excel_id : CSV_DIALECTS.standard);

/**
 * A column's figure from a PWS cell. The percentage is the console's (web/src/screens/pws/reach.ts
 * `shownPercent`, rounded to one decimal as its CSV does): null without a denominator or below the
 * indicator's `minDenominator`.
 */
export function columnValue(c: ReportColumn, cell: PwsCell | undefined): number | null {
  const count: PwsCount = cell?.[c.scope] ?? { num: 0, den: 0 };
  if (c.part === "num") return count.num;
  if (c.part === "den") return count.den;
  const min = PWS_INDICATOR_BY_ID.get(c.indicator)?.minDenominator;
  if (!(count.den > 0) || (min !== undefined && count.den < min)) return null;
  return round1((count.num / count.den) * 100);
}

/** Header words of the two leading columns. */
export const REPORT_CODE_HEADER = "Kode wilayah";
export const REPORT_TOTAL_LABEL = "Jumlah";

/**
 * The file's rows: the header, one row per unit of the PWS table (a desa; in a desa's table, a
 * dusun, and "—" for persons without one) and the area's total, as GET /api/pws has them.
 */
export function monthlyReportRows(report: MonthlyReport, table: Pick<PwsTable, "area" | "units" | "cells" | "total">): CsvCell[][] {
  const unitHead = table.area.level === "desa" ? "Dusun" : "Desa";
  const rows: CsvCell[][] = [[REPORT_CODE_HEADER, unitHead, ...report.columns.map((c) => c.header.id)]];
  for (const u of table.units) rows.push([u.code, u.name, ...report.columns.map((c) => columnValue(c, table.cells[c.indicator]?.[u.code]))]);
  rows.push([table.area.code, `${REPORT_TOTAL_LABEL} ${table.area.name}`, ...report.columns.map((c) => columnValue(c, table.total[c.indicator]))]);
  return rows;
}

/** `laporan-gizi-2026-10-18.04.10.csv`: the report, the month and the area's code. */
export function reportFileName(id: MonthlyReportId, month: string, areaCode: string): string {
  return `laporan-${id}-${month}-${areaCode}.csv`;
}
