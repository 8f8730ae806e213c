import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { kpspBandForAgeDays, kpspFieldIds } from "../../domain/forms/sdidtk-v1.ts";
import { dateToDays } from "../../domain/rules/dates.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { ANC_ANSWERS, DESA_A, DESA_B, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * The PWS world (issue 11), shared by the PWS golden tests (pws.test.ts, `full`) and the monthly
 * report files (reports.test.ts, its subset: no w2, no TB, malaria or home-visit records): a small
 * world pushed through the real push path, October 2026 its month. pws.test.ts counts every
 * indicator of it by hand; what a person or record is there for is said next to it below.
 */

export interface PwsWorld {
  tokens: Record<RoleName, string>;
  /** Persons by key (b1 … l1). */
  P: Record<string, string>;
  /** Households: a1, a2 (desa A), b (desa B). */
  H: { a1: string; a2: string; b: string };
}

export const rec = (personId: string, formId: string, visitDate: string, data: Record<string, unknown>, formVersion = 1) =>
  mutation("record", uuidv7(), "create", { personId, formId, formVersion, visitDate, facilityId: null, data });

/** Push as one device and expect every mutation applied. */
export async function ok(token: string, muts: ReturnType<typeof mutation>[]) {
  const res = await pushAs(token, muts);
  expect(res.results.map((r) => (r.status === "rejected" ? JSON.stringify(r.error) : r.status)), "push").toEqual(muts.map(() => "applied"));
  return res;
}

// Complete answer sets (as in test/domain/ilp-fixtures.ts, which this project's tsconfig does not include).
export const NIFAS_VALID = {
  tanggal_persalinan: "2026-03-05", tempat_persalinan: "faskes", penolong: "bidan", td_sistolik: 110, td_diastolik: 70, suhu: 36.8,
  perdarahan: "normal", tanda_bahaya: ["tidak_ada"], menyusui: "eksklusif", konseling_kb: true,
};
export const NEONATAL_VALID = {
  tanggal_lahir: "2026-03-08", jam_lahir: "07:45", tempat_lahir: "faskes", berat_lahir: 3100, tali_pusat: "normal",
  vitamin_k: true, hb0: "kurang_24_jam", asi_eksklusif: true, tanda_bahaya: ["tidak_ada"],
};
export const PTM_VALID = {
  td1_sistolik: 120, td1_diastolik: 80, td2_sistolik: 118, td2_diastolik: 78, jenis_gula_darah: "gds", gula_darah: 110,
  bb: 60, tb: 160, lingkar_perut: 78, merokok: "tidak", aktivitas_cukup: true, gula_lebih: false, garam_lebih: false,
  lemak_lebih: false, sayur_buah_kurang: false, penglihatan: "normal", pendengaran: "normal", skrining_jiwa: false,
};
export const LANSIA_VALID = {
  ...PTM_VALID, penglihatan: undefined, pendengaran: undefined, skrining_jiwa: undefined,
  skilas_orientasi_salah: false, skilas_tidak_ingat: false, skilas_kursi_gagal: false, skilas_bb_turun: false, skilas_nafsu_makan: false,
  lila: 26, skilas_masalah_mata: false, skilas_hitung_jari_gagal: false, skilas_tes_bisik: "dengar", skilas_sedih: false, skilas_kurang_minat: false,
  aks_bab: "2", aks_bak: "2", aks_membersihkan_diri: "1", aks_jamban: "2", aks_makan: "2", aks_berpindah: "3",
  aks_berjalan: "3", aks_berpakaian: "2", aks_tangga: "2", aks_mandi: "1",
};
export const TB_VALID = { jenis_kunjungan: "skrining", batuk: "tidak", demam: false, keringat_malam: false, bb_turun: false, kontak_tb: false };
const KUNJUNGAN_VALID = { alasan: ["tidak_datang_posyandu"], bertemu: true, rujukan: "tidak" };
const PISPK_ALL_YES: Record<string, string> = Object.fromEntries(
  ["kb", "persalinan_faskes", "imunisasi_dasar", "asi_eksklusif", "pemantauan_balita", "tb_berobat", "hipertensi_berobat", "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat"]
    .map((k) => [`pispk_${k}`, "ya"]),
);

export const PERSALINAN_VALID = {
  tanggal_persalinan: "2026-10-03", usia_kehamilan: 39, hasil_persalinan: "lahir", tempat_persalinan: "rumah", penolong: "bidan", cara_persalinan: "spontan",
  jumlah_bayi: 1, bayi1_status: "hidup", bayi1_jenis_kelamin: "P", bayi1_berat_lahir: 3000, komplikasi: ["tidak_ada"], kondisi_ibu: "sehat",
};
export const KB_VALID = { metode: "suntik_3_bulan", status_peserta: "baru", pasca_persalinan: true, td_sistolik: 110, td_diastolik: 70, keluhan: ["tidak_ada"] };
const CATIN_BRIDE = {
  tanggal_rencana_nikah: "2026-12-06", terdaftar_kua: true, bb: 55, tb: 158, lila: 25, hb: 12.8,
  td_sistolik: 110, td_diastolik: 70, status_td: "t5", ttd_diberikan: 0, konseling: ["kespro", "gizi_ttd", "kb_kehamilan"],
};
const CATIN_GROOM = { tanggal_rencana_nikah: "2026-12-06", bb: 65, tb: 170, hb: 14.2, td_sistolik: 120, td_diastolik: 80, konseling: ["kespro", "kb_kehamilan"] };
const MTBS_WELL = { tanda_bahaya_umum: ["tidak_ada"], batuk: false, diare: false, demam: false, bb: 13, lila: 14.5, edema: false, pucat_telapak_tangan: "tidak_pucat" };
const MTBS_COUGH = { batuk: true, batuk_lama_hari: 3, tarikan_dinding_dada: false, stridor: false };
/** A KPSP of the band the age selects, all "ya" (sesuai). */
function sdidtk(birthDate: string, visitDate: string): Record<string, unknown> {
  const band = kpspBandForAgeDays(dateToDays(visitDate)! - dateToDays(birthDate)!);
  expect(band, `${birthDate} ${visitDate}`).not.toBeNull();
  return { kpsp_dilakukan: true, ...Object.fromEntries(kpspFieldIds(band!).map((id) => [id, true])), stimulasi_diajarkan: true };
}

export const ANC_EARLY = { ...ANC_ANSWERS, tfu: undefined, djj: undefined }; // before 12 weeks: no TFU/DJJ
const pispk = (no: string[]) => Object.fromEntries(Object.entries(PISPK_ALL_YES).map(([k, v]) => [k, no.includes(k) ? "tidak" : v]));
const CHECKUP = { ...KUNJUNGAN_VALID, alasan: ["pendataan_keluarga"] };

export async function seedPwsWorld(opts: { full?: boolean } = {}): Promise<PwsWorld> {
  const full = opts.full ?? false;
  const { tokens } = await seedWorld();
  const P: Record<string, string> = {};
  const H = { a1: uuidv7(), a2: uuidv7(), b: uuidv7() };
  for (const k of ["b1", "b2", "b3", "i1", "c1", "n1", "w1", "w2", "w3", "w4", "w5", "a1", "a2", "l1"]) P[k] = uuidv7();
  const pA = (k: string, hh: string, sex: string, birthDate: string, extra: Record<string, unknown> = {}) => mutation("person", P[k]!, "create", person(hh, { name: `Uji ${k}`, sex, birthDate, ...extra }));
  await ok(tokens.pustu, [
    mutation("household", H.a1, "create", household(DESA_A, ids.dusunA1)),
    mutation("household", H.a2, "create", household(DESA_A, ids.dusunA2)),
    pA("b1", H.a1, "L", "2025-01-15"), pA("b2", H.a2, "P", "2025-06-01"), pA("i1", H.a1, "P", "2026-03-10"), pA("c1", H.a2, "L", "2025-09-01"),
    pA("n1", H.a1, "P", "2026-10-01"), pA("w1", H.a1, "P", "1995-03-04", { pregnant: true }), pA("w3", H.a2, "P", "1996-05-05"),
    pA("a1", H.a1, "L", "1980-02-02"), pA("a2", H.a2, "P", "1990-07-07"),
  ]);
  await ok(tokens.pustuB, [
    mutation("household", H.b, "create", household(DESA_B, ids.dusunB1)),
    pA("b3", H.b, "L", "2024-03-01"), ...(full ? [pA("w2", H.b, "P", "1998-01-01", { pregnant: true }), pA("w5", H.b, "P", "1999-04-04")] : []), pA("l1", H.b, "L", "1950-01-01"),
  ]);
  if (full) await ok(tokens.pustu, [pA("w4", H.a2, "P", "1997-02-02")]);
  const basic = ["bcg", "opv1", "dpt1", "opv2", "pcv1", "rv1", "dpt2", "opv3", "pcv2", "rv2", "dpt3", "opv4", "ipv1", "rv3", "mr1", "ipv2"];
  await ok(tokens.pustu, [
    // b1: weighed in September (first weighing) and October (+500 g: naik); normal growth.
    rec(P.b1!, "balita", "2026-09-10", { bb: 11.0, panjang_tinggi: 85.5, posisi_ukur: "berbaring" }),
    rec(P.b1!, "balita", "2026-10-12", { bb: 11.5, panjang_tinggi: 86, posisi_ukur: "berbaring" }),
    // b2: a girl of 16 months, 68 cm and 7.0 kg: stunted and underweight, not wasted.
    rec(P.b2!, "balita", "2026-10-05", { bb: 7.0, panjang_tinggi: 68, posisi_ukur: "berbaring" }),
    // i1: HB0, BCG + OPV1, the 2-month antigens.
    rec(P.i1!, "imunisasi", "2026-03-11", { antigen: ["hb0"] }),
    rec(P.i1!, "imunisasi", "2026-04-15", { antigen: ["bcg", "opv1"] }),
    rec(P.i1!, "imunisasi", "2026-05-12", { antigen: ["dpt1", "opv2", "pcv1", "rv1"] }),
    // c1: HB0 at birth (2025), every other basic antigen at 9 months (June 2026): IDL in June.
    rec(P.c1!, "imunisasi", "2025-09-02", { antigen: ["hb0"] }),
    rec(P.c1!, "imunisasi", "2026-06-05", { antigen: basic }),
    // n1: KN1, KN2, KN3 (HB0 < 24 h recorded at KN1).
    rec(P.n1!, "neonatal", "2026-10-01", { ...NEONATAL_VALID, tanggal_lahir: "2026-10-01" }),
    rec(P.n1!, "neonatal", "2026-10-05", { ...NEONATAL_VALID, tanggal_lahir: "2026-10-01" }),
    rec(P.n1!, "neonatal", "2026-10-15", { ...NEONATAL_VALID, tanggal_lahir: "2026-10-01" }),
    // w1: HPHT 1 March; K1 in May (T1, LiLA 22: KEK), T2 in July (Hb 10.2: anaemia), T3 in September (150/95: referred) and October: K4.
    rec(P.w1!, "anc", "2026-05-01", { ...ANC_EARLY, hpht: "2026-03-01", lila: 22.0, hb: undefined }),
    rec(P.w1!, "anc", "2026-07-10", { ...ANC_ANSWERS, hpht: "2026-03-01", hb: 10.2 }),
    rec(P.w1!, "anc", "2026-09-20", { ...ANC_ANSWERS, hpht: "2026-03-01", td_sistolik: 150, td_diastolik: 95 }),
    rec(P.w1!, "anc", "2026-10-15", { ...ANC_ANSWERS, hpht: "2026-03-01" }),
    // w3: delivered at a facility on 1 August; KF1–KF4.
    ...["2026-08-02", "2026-08-05", "2026-08-15", "2026-09-05"].map((d) => rec(P.w3!, "nifas", d, { ...NIFAS_VALID, tanggal_persalinan: "2026-08-01" })),
    // a1: PTM in October (hypertension, suspected diabetes), TB screening (no symptoms), malaria positive, IKS sehat in March then pra-sehat in September.
    rec(P.a1!, "ptm", "2026-10-03", { ...PTM_VALID, td1_sistolik: 150, td1_diastolik: 95, td2_sistolik: 152, td2_diastolik: 96, gula_darah: 250 }),
    ...(full
      ? [
          rec(P.a1!, "tb", "2026-10-10", TB_VALID),
          rec(P.a1!, "malaria", "2026-10-03", { demam: true, tanda_berat: ["tidak_ada"], jenis_tes: "rdt", hasil: "positif", spesies: "pf", pengobatan: "dhp_primakuin" }),
          rec(P.a1!, "kunjungan-rumah", "2026-03-10", { ...CHECKUP, ...PISPK_ALL_YES }),
          rec(P.a1!, "kunjungan-rumah", "2026-09-10", { ...CHECKUP, ...pispk(["pispk_kb", "pispk_jkn", "pispk_tidak_merokok", "pispk_air_bersih"]) }),
        ]
      : []),
    // a2: PTM in June (normal), terduga TB in October, TCM result recorded later in October; malaria negative.
    rec(P.a2!, "ptm", "2026-06-10", PTM_VALID),
    ...(full
      ? [
          rec(P.a2!, "tb", "2026-10-10", { ...TB_VALID, batuk: "2_minggu_lebih" }),
          rec(P.a2!, "tb", "2026-10-25", { ...TB_VALID, hasil_tcm: "negatif" }),
          rec(P.a2!, "malaria", "2026-10-04", { demam: true, tanda_berat: ["tidak_ada"], jenis_tes: "rdt", hasil: "negatif" }),
        ]
      : []),
  ]);
  if (full) {
    await ok(tokens.pustu, [
      // w4: a delivery at home with a midwife on 3 October (persalinan: not PF, PN); her nifas visit typed
      // the 4th and "faskes": the same delivery (within 42 days), the persalinan record's place wins. KB
      // (DMPA) on 20 October, 17 days after: KB pascapersalinan.
      rec(P.w4!, "persalinan", "2026-10-03", PERSALINAN_VALID),
      rec(P.w4!, "nifas", "2026-10-05", { ...NIFAS_VALID, tanggal_persalinan: "2026-10-04" }),
      rec(P.w4!, "kb", "2026-10-20", KB_VALID),
      // c1: JE (imunisasi v2) on 5 July, at 10 months: counted, but desa A is not in a JE area.
      rec(P.c1!, "imunisasi", "2026-07-05", { antigen: ["je"] }, 2),
      // b1: KPSP in April and October (the second of the year: SDIDTK); b2: KPSP once, in October;
      // i1 (born March 2026, not in the 2026 sasaran): KPSP in September, not counted.
      rec(P.b1!, "sdidtk", "2026-04-10", sdidtk("2025-01-15", "2026-04-10")),
      rec(P.b1!, "sdidtk", "2026-10-12", sdidtk("2025-01-15", "2026-10-12")),
      rec(P.b2!, "sdidtk", "2026-10-05", sdidtk("2025-06-01", "2026-10-05")),
      rec(P.i1!, "sdidtk", "2026-09-15", sdidtk("2026-03-10", "2026-09-15")),
      // a2 (a bride): Hb 11.0 (< 12: anaemia) and LiLA 22 (KEK) in October; a1 (a groom): Hb 14.2 in October.
      rec(P.a2!, "catin", "2026-10-02", { ...CATIN_BRIDE, hb: 11.0, lila: 22 }),
      rec(P.a1!, "catin", "2026-10-02", CATIN_GROOM),
    ]);
    await ok(tokens.pustuB, [
      // w5: delivered at the puskesmas with a midwife on 10 September (PF, PN); KB on 25 October,
      // 45 days after: not KB pascapersalinan.
      rec(P.w5!, "persalinan", "2026-09-12", { ...PERSALINAN_VALID, tanggal_persalinan: "2026-09-10", tempat_persalinan: "puskesmas" }),
      rec(P.w5!, "kb", "2026-10-25", KB_VALID),
      // b3 (31 months): MTBS in September (cough, 30/min: no pneumonia) and October (45/min ≥ 40: PNEUMONIA).
      rec(P.b3!, "mtbs", "2026-09-20", { ...MTBS_WELL, ...MTBS_COUGH, napas_per_menit: 30 }),
      rec(P.b3!, "mtbs", "2026-10-08", { ...MTBS_WELL, ...MTBS_COUGH, napas_per_menit: 45 }),
    ]);
  }
  await ok(tokens.pustuB, [
    // b3: weighed in August with vitamin A.
    rec(P.b3!, "balita", "2026-08-10", { bb: 13.0, panjang_tinggi: 92, posisi_ukur: "berdiri", vitamin_a: true, vitamin_a_kapsul: "merah" }),
    // l1: lansia screening in October; IKS tidak sehat in May.
    rec(P.l1!, "lansia", "2026-10-20", LANSIA_VALID),
    ...(full ? [rec(P.l1!, "kunjungan-rumah", "2026-05-05", { ...CHECKUP, ...pispk(["pispk_kb", "pispk_jkn", "pispk_tidak_merokok", "pispk_air_bersih", "pispk_jamban_sehat", "pispk_hipertensi_berobat", "pispk_imunisasi_dasar"]) })] : []),
  ]);
  // w1's referral (from the hypertension in September) came back: rujuk balik.
  const ref = await env.DB.prepare("SELECT r.id, r.version FROM referrals r JOIN records x ON x.id = r.record_id WHERE x.person_id = ? AND x.visit_date = '2026-09-20'").bind(P.w1).first<{ id: string; version: number }>();
  expect(ref, "the server made w1's referral").not.toBeNull();
  await ok(tokens.pustu, [mutation("referral", ref!.id, "update", { outcome: "datang_ditangani", outcomeAt: "2026-09-25" }, ref!.version)]);
  return { tokens, P, H };
}
