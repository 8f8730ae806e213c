import { beforeAll, describe, expect, it } from "vitest";
import { getForm, type Answers } from "../../domain/forms/index.ts";
import { loadGrowthTables, type GrowthTables } from "../../domain/growth/index.ts";
import { aksCategory, BGM_BELOW_Z, deriveRecord, DERIVE_VERSION, imtCategory, type Derived, type RecordLike } from "../../domain/rules/derive.ts";
import { bmiForAgeZ, imtuCategory } from "../../domain/rules/imt-u.ts";
import { ANC_V2_VALID, KUNJUNGAN_VALID, LANSIA_VALID, MALARIA_VALID, NEONATAL_VALID, NIFAS_VALID, PISPK_ALL_YES, PTM_VALID, REMAJA_VALID, SRQ_ALL_NO, TB_VALID } from "./ilp-fixtures.ts";

let tables: GrowthTables;
beforeAll(async () => {
  tables = await loadGrowthTables();
});

const GIRL = { sex: "P", birthDate: "2023-09-10" }; // 30 months on 2026-03-10
const derive = (formId: string, answers: Answers, person: { sex?: string | null; birthDate?: string | null }, visitDate = "2026-03-10", previous: RecordLike[] = [], v = 1) =>
  deriveRecord({ def: getForm(formId, v)!, answers, visitDate, person, previous }, tables);
const flagIds = (d: Derived) => d.flags.map((f) => f.id);
const weighing = (visitDate: string, bb: number, id = visitDate): RecordLike => ({ id, formId: "balita", formVersion: 1, visitDate, data: { bb } });

describe("balita growth", () => {
  it("a stunted child: PB/U–TB/U below −2 SD, a refer flag to the pustu with what to do", () => {
    const d = derive("balita", { bb: 10.2, panjang_tinggi: 82, posisi_ukur: "berdiri" }, GIRL);
    expect(d.growth).toMatchObject({ ageDays: 912, measuredAs: "standing", stunting: "pendek", wasting: "normal", underweight: "normal", bgm: false, nt: "B", twoT: false });
    expect(d.growth!.zscores).toMatchObject({ wfa: -1.8, lhfa: -2.45, wflh: -0.51 });
    expect(d.flags).toEqual([{
      id: "balita.stunted", severity: "refer", destination: "pustu",
      label: { id: "Pendek", en: "Stunted" },
      action: expect.objectContaining({ id: expect.stringContaining("rujuk ke pustu/puskesmas") }),
    }]);
  });

  it("severe wasting, severe stunting and BGM (BB/U < −3 SD on the KMS) go to the puskesmas", () => {
    const d = derive("balita", { bb: 7, panjang_tinggi: 80, posisi_ukur: "berdiri" }, GIRL);
    expect(d.growth!.zscores.wfa).toBeLessThan(BGM_BELOW_Z);
    expect(d.growth).toMatchObject({ stunting: "sangat_pendek", wasting: "gizi_buruk", underweight: "sangat_kurang", bgm: true });
    expect(flagIds(d)).toEqual(["balita.severely_stunted", "balita.severely_wasted", "balita.bgm"]);
    expect(d.flags.every((f) => f.destination === "puskesmas")).toBe(true);
  });

  it("LiLA category for 6–59 months", () => {
    const d = derive("balita", { bb: 11.5, panjang_tinggi: 85, posisi_ukur: "berdiri", lila: 11.4 }, GIRL);
    expect(d.growth!.lila).toBe("gizi_buruk");
    expect(flagIds(d)).toContain("balita.lila_gizi_buruk");
  });

  it("N/T against last month's weighing, and 2T after two T in a row", () => {
    // 30 months: the KBM is 200 g.
    const n = derive("balita", { bb: 11.5 }, GIRL, "2026-03-10", [weighing("2026-02-10", 11.3)]);
    expect(n.growth).toMatchObject({ nt: "N", gainGrams: 200, kbmGrams: 200, twoT: false });
    const t = derive("balita", { bb: 11.4 }, GIRL, "2026-03-10", [weighing("2026-02-10", 11.3)]);
    expect(t.growth).toMatchObject({ nt: "T", gainGrams: 100, twoT: false });
    expect(flagIds(t)).toEqual(["balita.t"]);
    const twoT = derive("balita", { bb: 11.4 }, GIRL, "2026-03-10", [weighing("2026-02-10", 11.3), weighing("2026-01-10", 11.2)]);
    expect(twoT.growth).toMatchObject({ nt: "T", twoT: true });
    expect(twoT.flags.find((f) => f.id === "balita.2t")).toMatchObject({ severity: "refer", destination: "pustu" });
    expect(flagIds(twoT)).not.toContain("balita.t");
    // A skipped month (O) breaks the run: no 2T.
    const gap = derive("balita", { bb: 11.4 }, GIRL, "2026-03-10", [weighing("2026-02-10", 11.3), weighing("2025-11-10", 11.2)]);
    expect(gap.growth!.twoT).toBe(false);
    // Later records and other forms in `previous` are ignored.
    const noise = derive("balita", { bb: 11.5 }, GIRL, "2026-03-10", [weighing("2026-02-10", 11.3), weighing("2026-04-10", 9), { id: "x", formId: "imunisasi", formVersion: 1, visitDate: "2026-02-20", data: { antigen: ["mr1"] } }]);
    expect(noise.growth!.nt).toBe("N");
  });

  it("weight-for-height above 120 cm is an error, never a number", () => {
    const d = derive("balita", { bb: 22, panjang_tinggi: 121, posisi_ukur: "berdiri" }, { sex: "L", birthDate: "2021-05-10" });
    expect(d.growth!.zscores.wflh).toBeNull();
    expect(d.growth!.wasting).toBeNull();
    expect(d.growth!.errors).toEqual([{ code: "LENGTH_OUT_OF_TABLE", message: { id: "BB/TB hanya untuk 65–120 cm (dipakai 121 cm)", en: "WFH covers 65–120 cm only (used 121 cm)" } }]);
    expect(d.growth!.zscores.lhfa).toBe(2.66); // the indicators that can be computed still are
  });

  it("a missing sex: a clear Indonesian error and no z-score", () => {
    const d = derive("balita", { bb: 11.5, panjang_tinggi: 85, posisi_ukur: "berdiri" }, { sex: null, birthDate: GIRL.birthDate });
    expect(Object.values(d.growth!.zscores).every((z) => z === null)).toBe(true);
    expect(d.flags).toEqual([]);
    expect(d.errors).toContainEqual({ code: "FORM", message: { id: "Jenis kelamin belum diisi di data orang ini: lengkapi dulu (L/P)", en: "This person's sex is missing: complete it first (L/P)" } });
    expect(d.growth!.errors.map((e) => e.message.id)).toEqual(["Jenis kelamin belum diisi (L/P): z-score tidak dapat dihitung"]);
  });

  it("a birth date in the future: errors, no z-score, no N/T", () => {
    const d = derive("balita", { bb: 11.5 }, { sex: "P", birthDate: "2030-01-01" });
    expect(d.growth).toMatchObject({ ageDays: null, nt: null, bgm: null });
    expect(d.errors!.map((e) => e.message.id)).toContain("Tanggal lahir sesudah tanggal kunjungan: periksa tanggal lahir atau tanggal kunjungan");
    expect(d.growth!.errors.map((e) => e.code)).toEqual(["BIRTH_AFTER_VISIT"]);
  });

  it("impossible values (BB 0) are reported and dropped, not computed", () => {
    const d = derive("balita", { bb: 0, panjang_tinggi: 85, posisi_ukur: "berdiri" }, GIRL);
    expect(d.errors).toContainEqual({ code: "ANSWER_INVALID", field: "bb", message: { id: "Di luar rentang yang mungkin (0,5–45 kg). Periksa kembali.", en: "Outside the possible range (0.5–45 kg). Check again." } });
    expect(d.growth!.zscores.wfa).toBeNull();
    expect(d.growth!.nt).toBeNull();
    expect(d.growth!.zscores.lhfa).toBe(-1.6);
  });

  it("without the WHO tables, growth is reported as not computed", () => {
    const d = deriveRecord({ def: getForm("balita", 1)!, answers: { bb: 11 }, visitDate: "2026-03-10", person: GIRL });
    expect(d.growth).toBeUndefined();
    expect(d.errors!.map((e) => e.code)).toEqual(["GROWTH_TABLES_MISSING"]);
  });
});

describe("flags with next steps for every form", () => {
  it("ANC: refer flags carry a destination; risk flags an action", () => {
    const d = derive("anc", { ...ANC_V2_VALID, td_sistolik: 150, protein_urine: "pos2", lila: 22 }, { sex: "P", birthDate: "1996-01-01" }, "2026-03-01", [], 2);
    expect(flagIds(d)).toEqual(["anc.hipertensi", "anc.curiga_preeklampsia", "anc.kek"]);
    expect(d.flags[1]).toMatchObject({ severity: "refer", destination: "puskesmas", action: { id: expect.stringContaining("Rujuk hari ini") } });
    expect(d.flags[2]).toMatchObject({ severity: "risk", action: { id: expect.stringContaining("PMT") } });
    expect(d.values).toMatchObject({ hpl: "2026-07-19", usia_kehamilan: 20, trimester: 2, jarak_persalinan_hari: 1260 });
  });

  it("ANC v1 records still derive, with a default next step", () => {
    const d = derive("anc", { ...ANC_V2_VALID, gravida: undefined, para: undefined, abortus: undefined, tanggal_persalinan_terakhir: undefined, riwayat_sc: undefined, pemeriksa: undefined, hb: 10 }, { sex: "P", birthDate: "1996-01-01" }, "2026-03-01", [], 1);
    expect(d.form).toBe("anc@1");
    expect(d.flags).toEqual([expect.objectContaining({ id: "anc.anemia", action: { id: "Beri konseling dan periksa lagi pada kunjungan berikutnya.", en: "Counsel and check again at the next visit." } })]);
  });

  it("nifas, neonatal, imunisasi, TB, malaria", () => {
    expect(flagIds(derive("nifas", { ...NIFAS_VALID, suhu: 38.5 }, { sex: "P", birthDate: "1995-01-01" }))).toEqual(["nifas.demam"]);
    const bayi = derive("neonatal", { ...NEONATAL_VALID, berat_lahir: 1400 }, { sex: "L", birthDate: "2026-03-08" });
    expect(bayi.flags.map((f) => [f.id, f.destination ?? null])).toEqual([["neonatal.bblsr", "rumah_sakit"], ["neonatal.bblr", null]]);
    expect(bayi.values).toMatchObject({ umur_hari: 2, kunjungan_kn: 1 });
    expect(flagIds(derive("imunisasi", { antigen: ["mr1"], kipi: "berat" }, { sex: "L", birthDate: "2025-06-01" }))).toEqual(["imunisasi.kipi_berat"]);
    const tb = derive("tb", { ...TB_VALID, batuk: "2_minggu_lebih" }, { sex: "L", birthDate: "1980-01-01" });
    expect(tb.flags).toEqual([expect.objectContaining({ id: "tb.terduga", severity: "refer", destination: "lab_tcm" })]);
    expect(flagIds(derive("malaria", { ...MALARIA_VALID, hasil: "positif", spesies: "pf", pengobatan: "dhp_primakuin" }, { sex: "L", birthDate: "1980-01-01" }))).toEqual(["malaria.malaria_positif"]);
  });

  it("PTM: IMT category, mean BP, SRQ total; PUMA needs the person", () => {
    const d = derive("ptm", { ...PTM_VALID, bb: 80, td1_sistolik: 150, td1_diastolik: 96, td2_sistolik: 142, td2_diastolik: 92, merokok: "ya", rokok_per_hari: 20, lama_merokok: 40, puma_sesak: true, puma_dahak: true, puma_batuk: true, puma_spirometri: false, skrining_jiwa: true, ...SRQ_ALL_NO, srq_2: true }, { sex: "L", birthDate: "1966-06-01" });
    expect(d.values).toMatchObject({ imt: 31.3, kategori_imt: "obesitas", td_sistolik: 146, td_diastolik: 94, bungkus_tahun: 40, skor_puma: 7, skor_srq: 1 });
    expect(flagIds(d)).toEqual(["ptm.hipertensi", "ptm.imt_obesitas", "ptm.merokok", "ptm.curiga_ppok"]);
  });

  it("lansia: SKILAS refer flags, AKS score and category", () => {
    const d = derive("lansia", { ...LANSIA_VALID, skilas_sedih: true, aks_mandi: "0", aks_tangga: "0", aks_berjalan: "1" }, { sex: "P", birthDate: "1950-01-01" });
    expect(d.values).toMatchObject({ skor_aks: 15, kategori_aks: "ringan" });
    expect(flagIds(d)).toEqual(["lansia.skilas_depresi", "lansia.aks_ketergantungan"]);
  });

  it("remaja: IMT/U (WHO 2007) z-score and category, with a flag", () => {
    const d = derive("remaja", { ...REMAJA_VALID, bb: 38, tb: 160 }, { sex: "P", birthDate: "2011-03-10" });
    // Issue 15: scored from the unrounded 38 / 1.6² = 14.84375 (anthroplus), not the shown 14.8 (−2.69).
    expect(d.values).toMatchObject({ imt: 14.8, imt_u_z: -2.66, kategori_imt_u: "gizi_kurang" });
    expect(flagIds(d)).toEqual(["remaja.imt_u_gizi_kurang"]);
    const noSex = derive("remaja", REMAJA_VALID, { sex: null, birthDate: "2011-03-10" });
    expect(noSex.values!.imt_u_z).toBeUndefined();
    expect(noSex.errors!.map((e) => e.code)).toContain("SEX_MISSING");
  });

  it("home visit: IKS from the 12 PIS-PK answers", () => {
    const d = derive("kunjungan-rumah", { ...KUNJUNGAN_VALID, alasan: ["pendataan_keluarga"], ...PISPK_ALL_YES, pispk_tidak_merokok: "tidak", pispk_tb_berobat: "tb", pispk_gangguan_jiwa_berobat: "tb" }, { sex: "L", birthDate: "1980-01-01" });
    expect(d.values).toMatchObject({ iks: 0.9, kategori_iks: "sehat", iks_terpenuhi: 9, iks_berlaku: 10 });
    expect(derive("kunjungan-rumah", KUNJUNGAN_VALID, { sex: "L", birthDate: "1980-01-01" }).values).toBeUndefined();
  });

  it("impossible Hb (40) never makes or hides a flag", () => {
    const d = derive("anc", { ...ANC_V2_VALID, hb: 40 }, { sex: "P", birthDate: "1996-01-01" }, "2026-03-01", [], 2);
    expect(d.flags).toEqual([]);
    expect(d.errors).toEqual([{ code: "ANSWER_INVALID", field: "hb", message: expect.objectContaining({ id: "Di luar rentang yang mungkin (3–20 g/dL). Periksa kembali." }) }]);
  });
});

describe("derive is recomputed, deterministic and JSON-serialisable", () => {
  it("forged computed values in the answers are ignored", () => {
    const d = derive("ptm", { ...PTM_VALID, bb: 80, imt: 21, td_sistolik: 110, td1_sistolik: 170, td2_sistolik: 170, skor_srq: 0 }, { sex: "L", birthDate: "1980-01-01" });
    expect(d.values).toMatchObject({ imt: 31.3, td_sistolik: 170 });
    expect(flagIds(d)).toContain("ptm.hipertensi");
  });

  it("the same input gives the same output, which survives a JSON round trip", () => {
    const input = () => derive("balita", { bb: 7, panjang_tinggi: 80, posisi_ukur: "berdiri", lila: 11 }, GIRL, "2026-03-10", [weighing("2026-02-10", 7.1)]);
    const a = input();
    expect(a.v).toBe(DERIVE_VERSION);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(JSON.stringify(input())).toBe(JSON.stringify(a));
  });
});

describe("categories and the WHO 2007 BMI-for-age reference", () => {
  it("adult IMT (Kemenkes) and AKS (Barthel) bands", () => {
    expect([16.9, 17, 18.4, 18.5, 25, 25.1, 27, 27.1].map(imtCategory)).toEqual(["kurus_berat", "kurus_ringan", "kurus_ringan", "normal", "normal", "gemuk_ringan", "gemuk_ringan", "obesitas"]);
    expect([20, 19, 12, 11, 9, 8, 5, 4, 0].map(aksCategory)).toEqual(["mandiri", "ringan", "ringan", "sedang", "sedang", "berat", "berat", "total", "total"]);
  });

  it("IMT/U: the median is 0 SD, WHO's published −2 SD for girls at 15 years is −2 SD; outside 60–228 months none", () => {
    expect(bmiForAgeZ("L", 120, 16.4433)).toBe(0);
    expect(bmiForAgeZ("P", 180, 15.871)).toBe(-2);
    expect(bmiForAgeZ("P", 229, 20)).toBeNull();
    expect(bmiForAgeZ("P", 59.99, 15)).toBeNull(); // from 60 months since issue 15 (anthroplus 1.0.0)
    expect(bmiForAgeZ(null, 150, 18)).toBeNull();
    expect([-3.01, -3, -2.01, -2, 1, 1.01, 2, 2.01].map(imtuCategory)).toEqual(["gizi_buruk", "gizi_kurang", "gizi_kurang", "gizi_baik", "gizi_baik", "gizi_lebih", "gizi_lebih", "obesitas"]);
  });
});
