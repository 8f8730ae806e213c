import type { Answers } from "../../domain/forms/index.ts";
import type { LmsTable } from "../../domain/growth/codec.ts";
import { lmsAt, lmsValue, type Sex } from "../../domain/growth/lms.ts";
import type { Rng } from "./prng.ts";

/**
 * The answers of synthetic visits, one builder per form. Only the answers are invented here; the
 * forms' own code decides what they mean (flags, categories, growth status). The shares below are
 * plainly labelled approximations for a rural kecamatan in Lampung, chosen so the dashboards look
 * like a real puskesmas area; none is a measured figure for Batu Brak.
 */

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// --- balita -------------------------------------------------------------------------------------

/**
 * Stunting target for the synthetic balita: about 20% below −2 SD length/height-for-age, near the
 * Kabupaten Lampung Barat figure of SSGI 2024: 20.5% (SSGI 2022: 16.6%; SSGI 2021: 22.7%).
 * Sources, secondary: medialampung.disway.id and radarlambar.bacakoran.co (2025, citing Kemenkes,
 * "SSGI 2024 dalam Angka") and databoks.katadata.co.id (2022, SSGI 2021); the figures were not
 * checked against the Kemenkes books themselves, so treat 20% as a labelled approximation.
 * A mean HAZ of −1.1 with SD 1.1 gives P(z < −2) ≈ 21%; the seed's children land near 19%.
 */
export const STUNTING_APPROX_SHARE = 0.2;
export const HAZ_MEAN = -1.1;
export const HAZ_SD = 1.1;
/** Weight-for-length: a child's own level, mean slightly below the standard, SD 1 (approximation); monthly swings SD 0.07. */
export const WHZ_MEAN = -0.4;
export const WHZ_SD = 1;
export const WHZ_DRIFT_SD = 0.07;
/** WHO: length (lying) below 731 days, height (standing) from 731 days. */
export const STANDING_FROM_DAYS = 731;

export interface GrowthTrack {
  haz: number;
  whz: number;
}

export interface BalitaTables {
  len: LmsTable;
  wfl: LmsTable;
  wfh: LmsTable;
}

/** Length/height and weight on a day, from the child's z-scores, via the WHO LMS values. */
export function measure(tables: BalitaTables, sex: Sex, ageDays: number, track: GrowthTrack): { cm: number; kg: number; standing: boolean } | null {
  const la = lmsAt(tables.len, sex, ageDays);
  if (!la) return null;
  const cm = lmsValue(clamp(track.haz, -4.5, 3), la.l, la.m, la.s);
  const standing = ageDays >= STANDING_FROM_DAYS;
  const w = lmsAt(standing ? tables.wfh : tables.wfl, sex, Math.round(cm * 10) / 10);
  if (!w) return null;
  const kg = lmsValue(clamp(track.whz, -3.5, 3), w.l, w.m, w.s);
  return { cm: round1(cm), kg: round1(kg), standing };
}

export function balitaAnswers(rng: Rng, m: { cm: number; kg: number; standing: boolean }, ageMonths: number, visitMonth: number, measureLength: boolean, whz: number): Answers {
  const a: Answers = { bb: m.kg };
  if (measureLength) {
    a.panjang_tinggi = m.cm;
    a.posisi_ukur = m.standing ? "berdiri" : "berbaring";
  }
  if (ageMonths >= 6 && rng.chance(0.3)) {
    // MUAC follows weight-for-length loosely (approximation): ~14 cm at the standard, −1 cm per SD.
    a.lila = round1(clamp(14 + whz * 1 + normal(rng) * 0.4 + Math.min(ageMonths, 36) * 0.03, 9, 20));
  }
  a.edema = false;
  if (ageMonths < 6) a.asi_eksklusif = rng.chance(0.65);
  if ((visitMonth === 2 || visitMonth === 8) && ageMonths >= 6) {
    a.vitamin_a = rng.chance(0.9);
    if (a.vitamin_a) a.vitamin_a_kapsul = ageMonths >= 12 ? "merah" : "biru";
  }
  if (ageMonths >= 12) a.obat_cacing = (visitMonth === 2 || visitMonth === 8) && rng.chance(0.8);
  a.pmt = whz < -1.5 && rng.chance(0.7);
  return a;
}

// --- ibu hamil, nifas, neonatal -------------------------------------------------------------------

export interface Mother {
  gravida: number;
  para: number;
  abortus: number;
  /** Pre-pregnancy weight and height. */
  kg: number;
  tbCm: number;
  lila: number;
  hb: number;
  /** Develops hypertension in late pregnancy. */
  hypertensive: boolean;
  tdStatus: "t0" | "t1" | "t2" | "t3" | "t4" | "t5";
}

/** KEK (LiLA < 23.5 cm) in about 1 in 6, anaemia (Hb < 11) in about 1 in 3 pregnant women (approximations near national survey levels). */
export function newMother(rng: Rng, olderChildren: number): Mother {
  const para = olderChildren;
  const abortus = rng.chance(0.12) ? 1 : 0;
  return {
    gravida: para + abortus + 1,
    para,
    abortus,
    kg: round1(clamp(52 + normal(rng) * 8, 38, 90)),
    tbCm: round1(clamp(153 + normal(rng) * 5.5, 138, 172)),
    lila: round1(clamp(25.5 + normal(rng) * 2.2, 19, 34)),
    hb: round1(clamp(11.4 + normal(rng) * 1.1, 7.5, 14.5)),
    hypertensive: rng.chance(0.06),
    tdStatus: rng.pick(["t1", "t2", "t2", "t3", "t3", "t4", "t5"] as const),
  };
}

export function ancAnswers(rng: Rng, mo: Mother, hpht: string, weeks: number, first: boolean, doctor: boolean): Answers {
  const late = weeks >= 20;
  const sys = mo.hypertensive && late ? 140 + rng.int(0, 20) : rng.int(100, 128);
  const dia = mo.hypertensive && late ? 90 + rng.int(0, 10) : rng.int(62, 84);
  const a: Answers = {
    hpht, gravida: mo.gravida, para: mo.para, abortus: mo.abortus,
    bb: round1(mo.kg + Math.max(0, weeks - 12) * 0.4 + normal(rng) * 0.5), tb: mo.tbCm, lila: mo.lila,
    td_sistolik: sys, td_diastolik: dia,
    status_td: mo.tdStatus, ttd_diberikan: 30,
    tes_hiv: first ? "non_reaktif" : "belum", tes_sifilis: first ? "non_reaktif" : "belum", tes_hepatitis_b: first ? "non_reaktif" : "belum",
    pemeriksa: doctor ? "dokter" : "bidan",
    tanda_bahaya: rng.chance(0.02) ? [rng.pick(["perdarahan", "demam", "sakit_kepala", "bengkak"] as const)] : ["tidak_ada"],
  };
  if (mo.para >= 1) a.riwayat_sc = false;
  if (first || weeks >= 28) a.hb = round1(clamp(mo.hb - (weeks >= 28 ? 0.3 : 0) + normal(rng) * 0.3, 6, 16));
  if (weeks >= 12) a.tfu = Math.round(clamp(weeks - 2 + normal(rng) * 1.5, 6, 42));
  if (weeks >= 16) a.djj = rng.int(128, 156);
  if (late || mo.hypertensive) a.protein_urine = "negatif";
  if (mo.tdStatus !== "t5") a.td_diberikan = first && mo.tdStatus < "t4";
  if (doctor) a.usg = true;
  return a;
}

export function nifasAnswers(rng: Rng, delivered: string, atFacility: boolean, kf1: boolean, metodeKb: string): Answers {
  const a: Answers = {
    tanggal_persalinan: delivered,
    tempat_persalinan: atFacility ? "faskes" : "rumah",
    penolong: atFacility ? rng.pick(["bidan", "bidan", "dokter"] as const) : rng.pick(["bidan", "dukun"] as const),
    td_sistolik: rng.int(100, 132), td_diastolik: rng.int(64, 86),
    suhu: round1(36.4 + rng.next() * 0.8),
    perdarahan: rng.chance(0.03) ? "banyak" : "normal",
    tanda_bahaya: ["tidak_ada"],
    menyusui: rng.chance(0.75) ? "eksklusif" : "campuran",
    konseling_kb: rng.chance(0.85),
    // Chosen when the pregnancy is planned (history.ts), so the KB visits that follow match it.
    metode_kb: metodeKb,
  };
  if (kf1) a.vitamin_a_nifas = rng.chance(0.8) ? "dua" : "satu";
  return a;
}

export function neonatalAnswers(rng: Rng, born: string, atFacility: boolean, birthGrams: number, ageDays: number): Answers {
  return {
    tanggal_lahir: born,
    tempat_lahir: atFacility ? "faskes" : "rumah",
    berat_lahir: birthGrams,
    panjang_lahir: round1(clamp(48.5 + normal(rng) * 2, 42, 55)),
    berat_sekarang: Math.round(birthGrams + Math.max(0, ageDays - 7) * 28),
    suhu: round1(36.6 + rng.next() * 0.7),
    napas: rng.int(40, 56),
    tali_pusat: "normal",
    vitamin_k: rng.chance(0.95),
    hb0: rng.chance(0.9) ? "kurang_24_jam" : "1_7_hari",
    salep_mata: true,
    asi_eksklusif: rng.chance(0.85),
    tanda_bahaya: rng.chance(0.03) ? ["kuning"] : ["tidak_ada"],
  };
}

// --- adults: PTM, lansia, TB, malaria ----------------------------------------------------------

export interface Adult {
  sex: Sex;
  age: number;
  /** Raised blood pressure; diabetes; smoker (approximations: Riskesdas/SKI-like levels for rural Sumatra). */
  hypertensive: boolean;
  diabetic: boolean;
  smoker: boolean;
  kg: number;
  tbCm: number;
}

export function newAdult(rng: Rng, sex: Sex, age: number): Adult {
  const hyperShare = age >= 60 ? 0.4 : age >= 40 ? 0.25 : 0.07;
  const tbCm = round1(clamp((sex === "L" ? 163 : 152) + normal(rng) * 5.5, 138, 185));
  const bmi = clamp(23 + normal(rng) * 3.5, 16, 36);
  return {
    sex, age, hypertensive: rng.chance(hyperShare), diabetic: rng.chance(age >= 40 ? 0.07 : 0.02),
    smoker: sex === "L" ? rng.chance(0.6) : rng.chance(0.03), kg: round1((bmi * tbCm * tbCm) / 10_000), tbCm,
  };
}

function bp(rng: Rng, p: Adult): [number, number, number, number] {
  const sys = p.hypertensive ? 142 + rng.int(0, 30) : 108 + rng.int(0, 26);
  const dia = p.hypertensive ? 88 + rng.int(0, 14) : 68 + rng.int(0, 16);
  return [sys, dia, sys + rng.int(-6, 4), dia + rng.int(-4, 3)];
}

function common(rng: Rng, p: Adult, version: number): Answers {
  const [s1, d1, s2, d2] = bp(rng, p);
  const a: Answers = {
    td1_sistolik: s1, td1_diastolik: d1, td2_sistolik: s2, td2_diastolik: d2,
    jenis_gula_darah: rng.chance(0.85) ? "gds" : "tidak",
    bb: round1(p.kg + normal(rng) * 0.6), tb: p.tbCm,
    lingkar_perut: Math.round(clamp(p.kg * 1.05 + 18 + normal(rng) * 4, 55, 140)),
    merokok: p.smoker ? "ya" : p.sex === "L" && rng.chance(0.15) ? "mantan" : "tidak",
    aktivitas_cukup: rng.chance(0.7), gula_lebih: rng.chance(0.35), garam_lebih: rng.chance(0.3), lemak_lebih: rng.chance(0.3), sayur_buah_kurang: rng.chance(0.6),
  };
  if (a.jenis_gula_darah === "gds") a.gula_darah = p.diabetic ? rng.int(205, 320) : rng.int(82, 165);
  if (a.merokok !== "tidak") {
    a.rokok_per_hari = rng.int(4, 20);
    a.lama_merokok = Math.max(1, Math.min(p.age - 14, rng.int(5, 35)));
  }
  // PUMA: version 1 asks smokers and former smokers aged ≥ 40; version 2 (issue 15) everyone aged
  // ≥ 40, smoker or not (Kemenkes PUMA form). Older records keep their version's answers.
  if (p.age >= 40 && (version >= 2 || a.merokok !== "tidak")) {
    a.puma_sesak = rng.chance(0.15);
    a.puma_dahak = rng.chance(0.2);
    a.puma_batuk = rng.chance(0.2);
    a.puma_spirometri = false;
  }
  return a;
}

export function ptmAnswers(rng: Rng, p: Adult, version: number): Answers {
  const a = common(rng, p, version);
  a.penglihatan = rng.chance(0.04) ? "gangguan" : "normal";
  a.pendengaran = "normal";
  if (p.sex === "P" && p.age >= 30 && p.age <= 50) {
    a.iva = rng.chance(0.3) ? "negatif" : "tidak";
    a.sadanis = rng.chance(0.4) ? "normal" : "tidak";
  }
  a.skrining_jiwa = rng.chance(0.2);
  if (a.skrining_jiwa) {
    const yes = rng.chance(0.06) ? 7 : rng.int(0, 3);
    for (let i = 1; i <= 20; i++) a[`srq_${i}`] = i !== 17 && i <= yes;
  }
  return a;
}

export function lansiaAnswers(rng: Rng, p: Adult, version: number): Answers {
  const a = common(rng, p, version);
  const frail = p.age >= 75 && rng.chance(0.3);
  Object.assign(a, {
    skilas_orientasi_salah: frail && rng.chance(0.3), skilas_tidak_ingat: frail && rng.chance(0.3), skilas_kursi_gagal: frail && rng.chance(0.4),
    skilas_bb_turun: rng.chance(0.04), skilas_nafsu_makan: rng.chance(0.04), skilas_masalah_mata: rng.chance(0.12),
    skilas_tes_bisik: rng.chance(0.08) ? "tidak_dengar" : "dengar", skilas_sedih: rng.chance(0.05), skilas_kurang_minat: rng.chance(0.05),
    aks_bab: "2", aks_bak: "2", aks_membersihkan_diri: "1", aks_jamban: "2", aks_makan: "2",
    aks_berpindah: frail ? "2" : "3", aks_berjalan: frail ? "2" : "3", aks_berpakaian: "2", aks_tangga: frail ? "1" : "2", aks_mandi: "1",
  });
  if (a.skilas_masalah_mata === false) a.skilas_hitung_jari_gagal = false;
  if (rng.chance(0.5)) a.lila = round1(clamp(25 + normal(rng) * 2.5, 17, 35));
  return a;
}

/** A TB screening; about 1 in 40 screened adults is presumptive (terduga) by the form's own rule (approximation). */
export function tbAnswers(rng: Rng, age: number, terduga: boolean): Answers {
  const cough = terduga ? "2_minggu_lebih" : rng.chance(0.08) ? "kurang_2_minggu" : "tidak";
  return {
    jenis_kunjungan: "skrining", batuk: cough,
    demam: terduga && rng.chance(0.5), keringat_malam: terduga && rng.chance(0.4), bb_turun: terduga && rng.chance(0.4),
    benjolan_leher: false, kontak_tb: rng.chance(terduga ? 0.3 : 0.02),
    kelompok_risiko: age >= 60 ? ["lansia"] : ["tidak_ada"],
    hasil_tcm: "belum",
  };
}

/**
 * Malaria: Lampung Barat is a low-endemic kabupaten (approximation: a handful of positives a
 * year in a kecamatan); febrile patients at the pustu get an RDT.
 */
export function malariaAnswers(rng: Rng, positive: boolean): Answers {
  const a: Answers = { demam: true, suhu: round1(37.8 + rng.next() * 1.6), tanda_berat: ["tidak_ada"], jenis_tes: "rdt", hasil: positive ? "positif" : "negatif" };
  if (positive) {
    a.spesies = rng.pick(["pv", "pf", "pv"] as const);
    a.pengobatan = "dhp_primakuin";
  }
  return a;
}
