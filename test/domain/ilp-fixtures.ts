import type { Answers } from "../../domain/forms/index.ts";

/** Synthetic ids and complete answer sets for the ILP forms (no real people). */

export const uid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, "0")}`;

export const ANC_V2_VALID: Answers = {
  hpht: "2025-10-12", bb: 58.5, lila: 25, td_sistolik: 110, td_diastolik: 70, status_td: "t2", td_diberikan: true,
  ttd_diberikan: 30, tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "belum", tanda_bahaya: ["tidak_ada"],
  tfu: 20, djj: 140, gravida: 2, para: 1, abortus: 0, tanggal_persalinan_terakhir: "2022-05-01", riwayat_sc: false, pemeriksa: "bidan",
};

export const NIFAS_VALID: Answers = {
  tanggal_persalinan: "2026-03-05", tempat_persalinan: "faskes", penolong: "bidan", td_sistolik: 110, td_diastolik: 70, suhu: 36.8,
  perdarahan: "normal", tanda_bahaya: ["tidak_ada"], menyusui: "eksklusif", konseling_kb: true,
};

export const NEONATAL_VALID: Answers = {
  tanggal_lahir: "2026-03-08", jam_lahir: "07:45", tempat_lahir: "faskes", berat_lahir: 3100, tali_pusat: "normal",
  vitamin_k: true, hb0: "kurang_24_jam", asi_eksklusif: true, tanda_bahaya: ["tidak_ada"],
};

export const PTM_VALID: Answers = {
  td1_sistolik: 120, td1_diastolik: 80, td2_sistolik: 118, td2_diastolik: 78, jenis_gula_darah: "gds", gula_darah: 110,
  bb: 60, tb: 160, lingkar_perut: 78, merokok: "tidak", aktivitas_cukup: true, gula_lebih: false, garam_lebih: false,
  lemak_lebih: false, sayur_buah_kurang: false, penglihatan: "normal", pendengaran: "normal", skrining_jiwa: false,
};

export const AKS_FULL: Answers = {
  aks_bab: "2", aks_bak: "2", aks_membersihkan_diri: "1", aks_jamban: "2", aks_makan: "2", aks_berpindah: "3",
  aks_berjalan: "3", aks_berpakaian: "2", aks_tangga: "2", aks_mandi: "1",
};

export const LANSIA_VALID: Answers = {
  ...PTM_VALID, penglihatan: undefined, pendengaran: undefined, skrining_jiwa: undefined,
  skilas_orientasi_salah: false, skilas_tidak_ingat: false, skilas_kursi_gagal: false, skilas_bb_turun: false, skilas_nafsu_makan: false,
  lila: 26, skilas_masalah_mata: false, skilas_hitung_jari_gagal: false, skilas_tes_bisik: "dengar", skilas_sedih: false, skilas_kurang_minat: false,
  ...AKS_FULL,
};

export const TB_VALID: Answers = {
  jenis_kunjungan: "skrining", batuk: "tidak", demam: false, keringat_malam: false, bb_turun: false, kontak_tb: false,
};

export const MALARIA_VALID: Answers = { demam: true, tanda_berat: ["tidak_ada"], jenis_tes: "rdt", hasil: "negatif" };

export const KUNJUNGAN_VALID: Answers = { alasan: ["tidak_datang_posyandu"], bertemu: true, rujukan: "tidak" };

export const REMAJA_VALID: Answers = { bb: 45, tb: 155, merokok: "tidak", konseling_kespro: true, ttd_mingguan: "rutin" };

export const SRQ_ALL_NO: Answers = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`srq_${i + 1}`, false]));

/** The 12 PIS-PK answers, all "ya". */
export const PISPK_ALL_YES: Answers = Object.fromEntries(
  ["kb", "persalinan_faskes", "imunisasi_dasar", "asi_eksklusif", "pemantauan_balita", "tb_berobat", "hipertensi_berobat", "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat"]
    .map((k) => [`pispk_${k}`, "ya"]),
);
