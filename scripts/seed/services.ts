import { fields, isVisible, type Answers, type Field, type FormContext, type FormDefinition } from "../../domain/forms/index.ts";
import { normal } from "./visits.ts";
import type { Rng } from "./prng.ts";

/**
 * Answers of the issue-15 services (persalinan, KB, catin, SDIDTK, MTBS, anak sekolah, BIAS,
 * dental screening, lansia follow-up instruments). As in visits.ts only the answers are invented:
 * the forms' own code decides the flags, classifications and follow-ups. Every share here is a
 * labelled approximation for a rural kecamatan in Lampung, chosen so the demo looks like a real
 * puskesmas area; none is a measured figure for Batu Brak.
 */

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// --- persalinan -----------------------------------------------------------------------------------

/**
 * A delivery. Births at a facility: mostly the puskesmas, a PMB or the RS (approximation; SKI 2023
 * puts facility births near 88% nationally, as the nifas builder already assumes). Caesareans
 * (~8%, approximation for a rural kabupaten) happen at the RS. Complications in about 1 in 20,
 * almost all handled on the spot (approximation).
 */
export function persalinanAnswers(rng: Rng, o: { born: string; weeks: number; atFacility: boolean; sex: "L" | "P"; grams: number }): Answers {
  const sc = o.atFacility && rng.chance(0.08);
  const tempat = !o.atFacility ? "rumah" : sc ? "rumah_sakit" : rng.weighted([["puskesmas", 0.35], ["pmb", 0.3], ["pustu", 0.15], ["rumah_sakit", 0.15], ["klinik", 0.05]] as const);
  const penolong = sc || tempat === "rumah_sakit" ? "dokter" : o.atFacility ? "bidan" : rng.chance(0.6) ? "bidan" : "dukun";
  const complication = rng.chance(0.05);
  const a: Answers = {
    tanggal_persalinan: o.born,
    jam_persalinan: `${String(rng.int(0, 23)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}`,
    usia_kehamilan: o.weeks,
    hasil_persalinan: "lahir",
    tempat_persalinan: tempat,
    penolong,
    cara_persalinan: sc ? "sc" : rng.chance(0.02) ? "vakum" : "spontan",
    jumlah_bayi: 1,
    bayi1_status: "hidup",
    bayi1_jenis_kelamin: o.sex,
    bayi1_berat_lahir: o.grams,
    komplikasi: complication ? [rng.pick(["perdarahan", "partus_lama", "ketuban_pecah_dini", "robekan_jalan_lahir", "preeklampsia_eklampsia"] as const)] : ["tidak_ada"],
    kondisi_ibu: "sehat",
  };
  if (complication) a.komplikasi_ditangani = rng.chance(0.85);
  return a;
}

// --- KB -------------------------------------------------------------------------------------------

export type KbMethod = "pil_kombinasi" | "pil_progestin" | "suntik_1_bulan" | "suntik_3_bulan" | "implan" | "iud" | "kondom" | "mal";

/**
 * Method mix of KB users served at the pustu: injectables dominate, then pills and implants
 * (approximation near SDKI 2017 / BKKBN figures for Lampung: suntik about half of users).
 */
export const KB_METHOD_MIX: readonly (readonly [KbMethod, number])[] = [
  ["suntik_3_bulan", 0.5], ["suntik_1_bulan", 0.1], ["pil_kombinasi", 0.15], ["implan", 0.11], ["iud", 0.1], ["kondom", 0.04],
];
/** The nifas form's chosen method (nifas v1 `metode_kb`) as the KB form's method: breastfeeding mothers get progestin-only pills. */
export const KB_FROM_NIFAS: Readonly<Record<string, KbMethod>> = { suntik: "suntik_3_bulan", pil: "pil_progestin", implan: "implan", iud: "iud", mal: "mal", kondom: "kondom" };

/** Days to the next KB visit for a method (the KB form's rhythm: docs of kb-v1; implant/IUD yearly check). */
export function kbInterval(rng: Rng, method: KbMethod, first: boolean): number {
  switch (method) {
    case "suntik_3_bulan": return 84;
    case "suntik_1_bulan": return 28;
    case "pil_kombinasi": case "pil_progestin": return 28 * rng.int(1, 3);
    case "implan": case "iud": return first ? 42 : 365;
    case "kondom": return 28 * rng.int(1, 2);
    case "mal": return 42;
  }
}

const HORMONAL: readonly string[] = ["pil_kombinasi", "pil_progestin", "suntik_1_bulan", "suntik_3_bulan", "implan"];

export function kbAnswers(rng: Rng, o: { method: KbMethod; status: "baru" | "lama" | "ganti_cara" | "berhenti"; postpartum: boolean; hypertensive: boolean; nextDays: number | null; visitDate: string; addDays: (d: string, n: number) => string }): Answers {
  const a: Answers = { metode: o.method, status_peserta: o.status, pasca_persalinan: o.postpartum };
  if ((o.method === "pil_kombinasi" || o.method === "pil_progestin") && o.status !== "berhenti") a.jumlah_siklus_pil = Math.max(1, Math.round((o.nextDays ?? 28) / 28));
  if (HORMONAL.includes(o.method)) {
    a.td_sistolik = o.hypertensive ? rng.int(140, 162) : rng.int(100, 128);
    a.td_diastolik = o.hypertensive ? rng.int(88, 100) : rng.int(62, 84);
  }
  // Side effects: mostly none; a tenth mild (spotting, amenorrhoea on DMPA, weight gain); rarely one to refer (approximation).
  const u = rng.next();
  if (u < 0.012) a.keluhan = [o.method === "iud" ? "benang_iud" : rng.pick(["perdarahan_banyak", "sakit_kepala_hebat"] as const)];
  else if (u < 0.11) a.keluhan = [o.method.startsWith("suntik") ? rng.pick(["bercak", "tidak_haid", "berat_badan_naik"] as const) : rng.pick(["bercak", "sakit_kepala_ringan", "mual"] as const)];
  else a.keluhan = ["tidak_ada"];
  if (o.status !== "berhenti" && o.nextDays !== null && o.nextDays >= 1 && o.nextDays <= 400) a.tanggal_kembali = o.addDays(o.visitDate, o.nextDays);
  if (o.status === "berhenti") a.catatan = "Ingin hamil lagi.";
  return a;
}

// --- catin ----------------------------------------------------------------------------------------

export interface Catin {
  sex: "L" | "P";
  hb: number;
  lila: number;
  kg: number;
  tbCm: number;
  hypertensive: boolean;
  tdStatus: "t0" | "t1" | "t2" | "t3" | "t4" | "t5";
}

/**
 * A bride- or groom-to-be. Hb: women mean 12.5 g/dL, SD 1.2 (about a third below 12, near
 * Riskesdas 2018's 32% anaemia at 15–24 years); men mean 14.3, SD 1.3 (about 1 in 6 below 13).
 * LiLA (women): mean 25.2 cm, SD 2.6 (about a quarter below 23.5, between Riskesdas 2018's 36%
 * KEK at 15–19 and 23% at 20–24 in non-pregnant women). All approximations.
 */
export function newCatin(rng: Rng, sex: "L" | "P"): Catin {
  const tbCm = round1(clamp((sex === "L" ? 163 : 152) + normal(rng) * 5.5, 140, 185));
  const bmi = clamp((sex === "L" ? 21.5 : 21) + normal(rng) * 3, 15.5, 34);
  return {
    sex, tbCm, kg: round1((bmi * tbCm * tbCm) / 10_000),
    hb: round1(clamp(sex === "P" ? 12.5 + normal(rng) * 1.2 : 14.3 + normal(rng) * 1.3, 7.2, 17.5)),
    lila: round1(clamp(25.2 + normal(rng) * 2.6, 19, 34)),
    hypertensive: rng.chance(0.03),
    tdStatus: rng.pick(["t1", "t2", "t2", "t3", "t3", "t4", "t5"] as const),
  };
}

export function catinAnswers(rng: Rng, c: Catin, wedding: string, recheck: boolean): Answers {
  // A recheck after the 90-day TTD/PMT course: Hb up about 1 g/dL, LiLA up a little (approximation).
  const hb = recheck ? round1(clamp(c.hb + 1 + normal(rng) * 0.5, 7, 18)) : c.hb;
  const a: Answers = {
    tanggal_rencana_nikah: wedding,
    terdaftar_kua: rng.chance(0.75),
    bb: round1(c.kg + (recheck ? 0.8 : 0) + normal(rng) * 0.3), tb: c.tbCm, hb,
    td_sistolik: c.hypertensive ? rng.int(140, 158) : rng.int(102, 128),
    td_diastolik: c.hypertensive ? rng.int(88, 98) : rng.int(64, 84),
    konseling: recheck ? ["gizi_ttd"] : rng.chance(0.1) ? ["kespro", "gizi_ttd", "kb_kehamilan", "ims_hiv", "jiwa_relasi"] : ["kespro", "gizi_ttd", "kb_kehamilan"],
  };
  if (c.sex === "P") {
    a.lila = recheck ? round1(c.lila + 0.6 + rng.next() * 0.4) : c.lila;
    a.status_td = c.tdStatus;
    if (c.tdStatus !== "t5") a.td_diberikan = !recheck && rng.chance(0.85);
    a.ttd_diberikan = hb < 12 || rng.chance(0.5) ? 30 : 0;
  }
  return a;
}

// --- SDIDTK ---------------------------------------------------------------------------------------

/** KPSP result shares: about 7% meragukan (7–8 "ya") and 1.5% penyimpangan (≤ 6), the rest sesuai (approximation). */
export const KPSP_MERAGUKAN_SHARE = 0.07;
export const KPSP_PENYIMPANGAN_SHARE = 0.015;

/** The KPSP items of each age band (`kpsp_<band>_<n>`), per definition: the form asks one band's items at a visit. */
const kpspBands = new WeakMap<FormDefinition, Field[][]>();

/** The KPSP items the form asks for these answers and this person: the visible band's (found by its first item). */
function kpspItems(def: FormDefinition, answers: Answers, ctx: FormContext): string[] {
  let bands = kpspBands.get(def);
  if (!bands) {
    const byBand = new Map<string, Field[]>();
    for (const f of fields(def)) {
      const band = /^kpsp_(\d+)_\d+$/.exec(f.id)?.[1];
      if (band) byBand.set(band, [...(byBand.get(band) ?? []), f]);
    }
    bands = [...byBand.values()];
    kpspBands.set(def, bands);
  }
  return bands.find((items) => isVisible(items[0]!, answers, ctx))?.map((f) => f.id) ?? [];
}

export function sdidtkAnswers(rng: Rng, def: FormDefinition, ctx: FormContext, ageDays: number, ageMonths: number, retest: boolean): Answers {
  const a: Answers = {};
  if (ageDays >= 76) {
    a.kpsp_dilakukan = true;
    const items = kpspItems(def, a, ctx);
    const u = rng.next();
    const yes = retest ? rng.int(9, items.length) : u < KPSP_PENYIMPANGAN_SHARE ? rng.int(4, 6) : u < KPSP_PENYIMPANGAN_SHARE + KPSP_MERAGUKAN_SHARE ? rng.int(7, 8) : rng.chance(0.6) ? items.length : items.length - 1;
    // The "tidak" answers fall on the last items of the band (the harder tasks).
    items.forEach((id, i) => { a[id] = i < yes; });
  }
  if (ageMonths >= 3) a.tdd_hasil = rng.chance(0.015) ? "curiga" : "normal";
  if (ageMonths >= 36) {
    a.tdl_hasil = rng.chance(0.02) ? "curiga" : "normal";
    if (rng.chance(0.5)) a.kmme_ya = rng.chance(0.04) ? 1 : 0;
    if (rng.chance(0.3)) a.gpph_skor = rng.chance(0.02) ? rng.int(13, 18) : rng.int(0, 9);
  }
  if (ageMonths >= 16 && ageMonths < 31 && rng.chance(0.8)) {
    const m = rng.chance(0.05) ? rng.int(3, 6) : rng.int(0, 2);
    a.mchat_skor = m;
    if (m >= 3) a.mchat_followup_skor = rng.int(0, 1);
  }
  a.stimulasi_diajarkan = true;
  return a;
}

// --- MTBS -----------------------------------------------------------------------------------------

export type MtbsCase =
  | "batuk" | "pneumonia" | "pneumonia_berat" | "diare" | "diare_dehidrasi" | "diare_dehidrasi_berat" | "disentri" | "demam" | "mungkin_dbd" | "sembuh";

/**
 * What brings a sick balita to the pustu: mostly cough/cold and diarrhoea without dehydration
 * (green), some pneumonia and some dehydration (yellow), rarely a red classification (about 2%).
 * Approximation of a pustu's MTBS register; Lampung Barat is low-endemic for malaria.
 */
export const MTBS_CASE_MIX: readonly (readonly [MtbsCase, number])[] = [
  ["batuk", 0.38], ["pneumonia", 0.13], ["diare", 0.18], ["diare_dehidrasi", 0.05], ["disentri", 0.02], ["demam", 0.19], ["mungkin_dbd", 0.025],
  ["pneumonia_berat", 0.012], ["diare_dehidrasi_berat", 0.006],
];

export function mtbsAnswers(rng: Rng, c: MtbsCase, ageMonths: number, m: { cm: number; kg: number; standing: boolean }, whz: number): Answers {
  const cough = c === "batuk" || c === "pneumonia" || c === "pneumonia_berat" || (c === "demam" && rng.chance(0.4));
  const diarrhoea = c === "diare" || c === "diare_dehidrasi" || c === "diare_dehidrasi_berat" || c === "disentri";
  const fever = c === "demam" || c === "mungkin_dbd" || c === "disentri" || (c === "batuk" && rng.chance(0.4)) || c === "pneumonia" || c === "pneumonia_berat";
  const fast = ageMonths < 12 ? 50 : 40; // the form's own thresholds decide; these only aim the draws
  const a: Answers = { tanda_bahaya_umum: ["tidak_ada"], batuk: cough, diare: diarrhoea, demam: fever };
  if (cough) {
    a.batuk_lama_hari = rng.int(1, 6);
    a.napas_per_menit = c === "pneumonia" ? rng.int(fast + 2, fast + 10) : c === "pneumonia_berat" ? rng.int(fast + 6, fast + 16) : rng.int(fast - 16, fast - 4);
    a.tarikan_dinding_dada = c === "pneumonia_berat";
    a.stridor = false;
    if (rng.chance(0.5)) a.saturasi_o2 = c === "pneumonia_berat" ? rng.int(90, 94) : rng.int(95, 99);
  }
  if (diarrhoea) {
    const some = c === "diare_dehidrasi";
    const severe = c === "diare_dehidrasi_berat";
    Object.assign(a, {
      diare_lama_hari: rng.int(1, 4), diare_darah: c === "disentri", gelisah_rewel: some, mata_cekung: some || severe,
      minum: severe ? "tidak_bisa_malas" : some ? "haus_lahap" : "biasa", cubitan_kulit: severe ? "sangat_lambat" : some ? "lambat" : "segera",
    });
  }
  if (fever) {
    const endemic = rng.chance(0.05);
    Object.assign(a, {
      suhu: round1(c === "mungkin_dbd" ? 38.8 + rng.next() * 0.8 : 37.6 + rng.next() * 1.2), demam_lama_hari: rng.int(1, 3),
      daerah_endemis_malaria: endemic, kaku_kuduk: false, tanda_campak: false,
      tanda_dbd: c === "mungkin_dbd" ? ["demam_mendadak_tinggi", "nyeri_ulu_hati"] : ["tidak_ada"],
    });
    if (endemic) a.rdt_malaria = "negatif";
    else a.bepergian_endemis = false;
  }
  a.bb = m.kg;
  a.panjang_tinggi = m.cm;
  a.posisi_ukur = m.standing ? "berdiri" : "berbaring";
  if (ageMonths >= 6 && rng.chance(0.5)) a.lila = round1(clamp(14 + whz + normal(rng) * 0.4 + Math.min(ageMonths, 36) * 0.03, 9, 20));
  a.edema = false;
  if (ageMonths >= 6 && rng.chance(0.3)) a.uji_nafsu_makan = "lulus";
  a.pucat_telapak_tangan = rng.weighted([["tidak_pucat", 0.92], ["agak_pucat", 0.075], ["sangat_pucat", 0.005]] as const);
  return a;
}

// --- anak sekolah, BIAS ---------------------------------------------------------------------------

/**
 * A school child's height and weight: WHO 2007 medians run from about 110 cm at 5 years to 133 cm
 * at 9 (≈ 80 + 6 cm a year; SD ≈ 5.5 cm), shifted by the child's own height-for-age z; BMI about
 * 15.3 (SD 1.6). A rough approximation: the form scores IMT/U from these itself.
 */
export function schoolChild(rng: Rng, ageYears: number, haz: number): { cm: number; kg: number } {
  const cm = round1(clamp(80 + 6 * ageYears + haz * 5.5 + normal(rng) * 1, 92, 170));
  const bmi = clamp(15.3 + normal(rng) * 1.6, 11.5, 26);
  return { cm, kg: round1(clamp((bmi * cm * cm) / 10_000, 11, 60)) };
}

export function anakSekolahAnswers(rng: Rng, ageYears: number, m: { cm: number; kg: number }): Answers {
  const kelas = ageYears <= 5 ? "belum_sekolah" : ageYears === 6 ? (rng.chance(0.5) ? "belum_sekolah" : "1") : String(Math.min(4, ageYears - 6));
  const a: Answers = { kelas, bb: m.kg, tb: m.cm };
  // Hb in about a third (where the puskesmas screens); mean 12.2, SD 1 (approximation: ~25% below 11.5).
  if (rng.chance(0.35)) a.hb = round1(clamp(12.2 + normal(rng) * 1, 7.5, 16));
  a.tajam_penglihatan = rng.chance(0.04) ? "curiga" : "normal";
  a.pendengaran = rng.chance(0.01) ? "curiga" : "normal";
  a.masalah_gigi = rng.chance(0.4);
  if (rng.chance(0.2)) a.sdq_skor = rng.chance(0.05) ? rng.int(17, 22) : rng.int(3, 15);
  return a;
}

/** A BIAS record: what the grade is given that month (Aug: MR kelas 1, HPV girls kelas 5–6; Nov: DT kelas 1, Td kelas 2 and 5). Null when nothing is due. */
export function biasAnswers(month: 8 | 11, kelas: number, sex: "L" | "P", ageYears: number): Answers | null {
  const a: Answers = { kelas: String(kelas) };
  if (kelas === 1) Object.assign(a, { mr: month === 8, dt: month === 11 });
  if (kelas === 2 || kelas === 5) a.td = month === 11;
  if ((kelas === 5 || kelas === 6) && sex === "P") a.hpv = month === 8 && ageYearsOk(ageYears) ? (kelas === 5 ? "hpv1" : "hpv2") : "tidak";
  const given = a.mr === true || a.dt === true || a.td === true || a.hpv === "hpv1" || a.hpv === "hpv2";
  if (!given) return null;
  a.kipi = "tidak";
  return a;
}
const ageYearsOk = (age: number) => age >= 9;

// --- dental -------------------------------------------------------------------------------------

/**
 * A dental screening by age. Untreated caries is common (approximation near Riskesdas 2018, where
 * about 45% report a decayed tooth): a decayed tooth in about 45% of children over 2 and 40% of
 * adults; adults lose teeth with age. All approximations.
 */
export function gigiAnswers(rng: Rng, o: { ageMonths: number; ageYears: number; sex: "L" | "P"; pregnant: boolean }): Answers {
  const { ageMonths, ageYears } = o;
  const a: Answers = {};
  if (o.sex === "P" && ageYears >= 15 && ageYears < 50) a.sedang_hamil = o.pregnant;
  let decayed = 0;
  if (ageYears < 12) {
    const d = ageMonths < 24 ? (rng.chance(0.1) ? rng.int(1, 2) : 0) : rng.chance(0.45) ? rng.int(1, 5) : 0;
    const e = ageYears >= 5 && rng.chance(0.2) ? rng.int(1, 2) : 0;
    Object.assign(a, { def_d: d, def_e: e, def_f: 0 });
    decayed += d;
  }
  if (ageYears >= 6) {
    const D = rng.chance(ageYears < 12 ? 0.2 : 0.4) ? rng.int(1, ageYears < 12 ? 2 : 4) : 0;
    const M = ageYears < 20 ? 0 : Math.min(28, Math.max(0, Math.round((ageYears - 20) / 5 + normal(rng) * 2)));
    const F = ageYears >= 15 && rng.chance(0.05) ? 1 : 0;
    Object.assign(a, { dmf_d: D, dmf_m: M, dmf_f: F });
    decayed += D;
  }
  a.gigi_berlubang = decayed > 0 || (ageYears >= 12 && rng.chance(0.05));
  a.sakit_gigi = a.gigi_berlubang === true && rng.chance(0.25);
  a.abses = a.gigi_berlubang === true && rng.chance(0.04);
  if (ageMonths < 60) {
    a.bercak_putih = rng.chance(0.1);
    a.susu_botol_tidur = rng.chance(0.25);
  }
  if (ageYears >= 5) {
    a.gusi_berdarah = rng.chance(o.pregnant ? 0.3 : 0.15);
    a.karang_gigi = rng.chance(ageYears >= 15 ? 0.45 : 0.1);
  }
  a.kebersihan_mulut = rng.weighted([["baik", 0.3], ["sedang", 0.5], ["buruk", 0.2]] as const);
  if (ageYears >= 15) {
    a.gigi_tiruan = (a.dmf_m as number) > 12 && rng.chance(0.3) ? "lepasan" : "tidak";
    a.lesi_mulut = rng.chance(0.004);
  }
  a.sikat_gigi_2x = rng.chance(0.6);
  return a;
}

// --- lansia lanjutan ------------------------------------------------------------------------------

/**
 * The further screening after a SKILAS finding (lansia-lanjutan v1): the instruments its findings
 * call for (cognition → AMT, mood → GDS-15, nutrition → MNA-SF), sometimes SRQ-20 too. Scores
 * spread around the cut-offs so that some follow-ups refer and most do not (approximation).
 */
export function lansiaLanjutanAnswers(rng: Rng, o: { instruments: ("gds" | "amt" | "mna" | "srq")[]; bb: number | null; tb: number | null }): Answers {
  const a: Answers = { instrumen: o.instruments };
  if (o.instruments.includes("gds")) {
    const score = Math.round(clamp(4 + normal(rng) * 2.5, 0, 15));
    const on = new Set(shuffle(rng, Array.from({ length: 15 }, (_, i) => i + 1)).slice(0, score));
    // The options carry their points ("1" = the depressive answer, whichever way the item is worded).
    for (let i = 1; i <= 15; i++) a[`gds_${i}`] = on.has(i) ? "1" : "0";
  }
  if (o.instruments.includes("amt")) {
    const score = Math.round(clamp(7.5 + normal(rng) * 1.8, 1, 10));
    const wrong = new Set(shuffle(rng, Array.from({ length: 10 }, (_, i) => i + 1)).slice(0, 10 - score));
    for (let i = 1; i <= 10; i++) a[`amt_${i}`] = wrong.has(i) ? "0" : "1";
  }
  if (o.instruments.includes("mna")) {
    Object.assign(a, {
      mna_a: rng.weighted([["2", 0.6], ["1", 0.35], ["0", 0.05]] as const), mna_b: rng.weighted([["3", 0.55], ["2", 0.15], ["1", 0.25], ["0", 0.05]] as const),
      mna_c: rng.weighted([["2", 0.8], ["1", 0.15], ["0", 0.05]] as const), mna_d: rng.chance(0.8) ? "2" : "0", mna_e: rng.weighted([["2", 0.7], ["1", 0.25], ["0", 0.05]] as const),
    });
    if (o.bb !== null && o.tb !== null) {
      a.bb = o.bb;
      a.tb = o.tb;
      const imt = o.bb / (o.tb / 100) ** 2;
      // F1 from the IMT the form computes (1 decimal): < 19 → 0, 19–< 21 → 1, 21–< 23 → 2, ≥ 23 → 3 (Kaiser 2009), as its checks require.
      const r = Math.round(imt * 10) / 10;
      a.mna_f = r < 19 ? "0" : r < 21 ? "1" : r < 23 ? "2" : "3";
    } else {
      a.lingkar_betis = round1(clamp(31 + normal(rng) * 3, 22, 42));
      a.mna_f = (a.lingkar_betis as number) < 31 ? "0" : "3";
    }
  }
  if (o.instruments.includes("srq")) {
    a.skrining_jiwa = true;
    const yes = rng.chance(0.1) ? rng.int(6, 9) : rng.int(0, 4);
    for (let i = 1; i <= 20; i++) a[`srq_${i}`] = i !== 17 && i <= yes;
  }
  return a;
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
