import { describe, expect, it } from "vitest";
import { ANC_V1 } from "../../domain/forms/anc-v1.ts";
import { ANC_V2 } from "../../domain/forms/anc-v2.ts";
import { IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import {
  activeFlags, compute, currentForm, currentForms, evaluate, fields, FORMS, formContext, formsFor, getForm, lastDeliveryDate, resolveAnswers, validateAnswers,
  type Answers, type FormDefinition, type Text,
} from "../../domain/forms/index.ts";
import { PIS_PK_INDICATORS, record } from "../../domain/entities/schemas.ts";
import { PIS_PK_KEYS } from "../../domain/rules/iks.ts";
import {
  AKS_FULL, ANC_V2_VALID, KUNJUNGAN_VALID, LANSIA_VALID, MALARIA_VALID, NEONATAL_VALID, NIFAS_VALID, PISPK_ALL_YES, PTM_VALID, REMAJA_VALID,
  SRQ_ALL_NO, TB_VALID, uid,
} from "./ilp-fixtures.ts";

const form = (id: string, v = 1) => getForm(id, v)!;
const ids = (def: FormDefinition, a: Answers, ctx: ReturnType<typeof formContext>) => activeFlags(def, resolveAnswers(def, a, ctx), ctx).map((f) => f.id);
const check = (def: FormDefinition, a: Answers, ctx: ReturnType<typeof formContext>) => validateAnswers(def, resolveAnswers(def, a, ctx), ctx);

const ADULT_M = { sex: "L", birthDate: "1980-06-15" };
const ADULT_F = { sex: "P", birthDate: "1985-01-20" };

describe("registry: every ILP form, versioned and bilingual", () => {
  it("publishes the forms with their versions and clusters", () => {
    const table = Object.fromEntries(currentForms().map((f) => [f.id, [f.version, f.cluster]]));
    expect(table).toEqual({
      anc: [2, 2], nifas: [1, 2], neonatal: [1, 2], balita: [1, 2], imunisasi: [2, 2], remaja: [1, 2],
      ptm: [2, 3], lansia: [2, 3], tb: [1, 4], malaria: [1, 4], "kunjungan-rumah": [1, 1],
      // Issue 15.
      catin: [1, 3], persalinan: [1, 2], kb: [1, 2], mtbs: [1, 2], "lansia-lanjutan": [1, 3], gigi: [1, 1],
      "imunisasi-sekolah": [1, 2], sdidtk: [1, 2], "anak-sekolah": [1, 2],
    });
    expect(getForm("anc", 1)).toBe(ANC_V1);
    expect(currentForm("anc")).toBe(ANC_V2);
  });

  it("ANC v1 is unchanged by v2 (a published version never changes)", () => {
    expect(ANC_V1.sections.map((s) => s.id)).toEqual(["kehamilan", "pengukuran", "imunisasi", "triple_eliminasi", "tanda_bahaya"]);
    expect(fields(ANC_V1).some((f) => f.id === "gravida" || f.id === "trimester")).toBe(false);
    expect(ANC_V1.flags!.map((f) => f.id)).toEqual(["hipertensi", "curiga_preeklampsia", "tanda_bahaya", "djj_abnormal", "triple_eliminasi_reaktif", "kek", "anemia", "tb_rendah"]);
    expect(ANC_V1.flags!.every((f) => f.action === undefined)).toBe(true);
  });

  it("every label, option, check and flag has Indonesian and English text; refer flags say what to do", () => {
    const texts = (t: Text | undefined) => !!t && t.id.trim().length > 0 && t.en.trim().length > 0;
    for (const def of Object.values(FORMS)) {
      expect(texts(def.title)).toBe(true);
      for (const f of fields(def)) {
        expect(texts(f.label), `${def.id}.${f.id}`).toBe(true);
        if (f.type === "single" || f.type === "multi") for (const o of f.options) expect(texts(o.label), `${def.id}.${f.id}.${o.value}`).toBe(true);
      }
      for (const c of def.checks ?? []) expect(texts(c.message)).toBe(true);
      if (def !== ANC_V1) for (const fl of def.flags ?? []) expect(texts(fl.action), `${def.id}.${fl.id}`).toBe(true);
    }
  });

  it("conditions and expressions only name fields of their own form", () => {
    for (const def of Object.values(FORMS)) {
      const known = new Set(fields(def).map((f) => f.id));
      const refs: string[] = [];
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === "object") {
          for (const [k, v] of Object.entries(x)) {
            if ((k === "field" || k === "ref" || k === "from" || k === "to" || k === "weight" || k === "height" || k === "packYears") && typeof v === "string") refs.push(v);
            else if ((k === "fields" || k === "items") && Array.isArray(v)) refs.push(...(v as string[]));
            else walk(v);
          }
        }
      };
      walk([def.sections.flatMap((s) => s.fields.map((f) => ("showIf" in f ? f.showIf : null))), fields(def).map((f) => (f.type === "computed" ? f.expr : null)), def.checks, def.flags]);
      const fieldRefs = refs.filter((r) => !r.startsWith("$"));
      // Every form's conditions name some field: none found means the walk missed them.
      expect(fieldRefs.length, `${def.id}@${def.version}: references found`).toBeGreaterThan(0);
      for (const r of fieldRefs) expect(known.has(r), `${def.id}: ${r}`).toBe(true);
    }
  });

  it("the PIS-PK keys of the home visit are the household entity's", () => {
    expect([...PIS_PK_KEYS]).toEqual([...PIS_PK_INDICATORS]);
  });

  it("the immunisation schedule is named data with the due age of each antigen", () => {
    const due = Object.fromEntries(IMMUNISATION_SCHEDULE.map((a) => [a.id, a.dueAgeDays !== undefined ? `${a.dueAgeDays}d` : `${a.dueAgeMonths}m`]));
    expect(due).toEqual({
      hb0: "0d", bcg: "1m", opv1: "1m", dpt1: "2m", opv2: "2m", pcv1: "2m", rv1: "2m", dpt2: "3m", opv3: "3m", pcv2: "3m", rv2: "3m",
      dpt3: "4m", opv4: "4m", ipv1: "4m", rv3: "4m", mr1: "9m", ipv2: "9m", pcv3: "12m", dpt4: "18m", mr2: "18m",
    });
    expect(IMMUNISATION_SCHEDULE.filter((a) => !a.basic).map((a) => a.id)).toEqual(["pcv3", "dpt4", "mr2"]);
  });
});

describe("each form accepts a complete visit (and the record schema takes what it stores)", () => {
  const cases: [string, number, Answers, string, { sex: string; birthDate: string }][] = [
    ["anc", 2, ANC_V2_VALID, "2026-03-01", { sex: "P", birthDate: "1995-04-01" }],
    ["nifas", 1, NIFAS_VALID, "2026-03-10", { sex: "P", birthDate: "1995-04-01" }],
    ["neonatal", 1, NEONATAL_VALID, "2026-03-10", { sex: "L", birthDate: "2026-03-08" }],
    ["balita", 1, { bb: 11.2, panjang_tinggi: 85, posisi_ukur: "berdiri", lila: 14 }, "2026-03-10", { sex: "P", birthDate: "2024-01-05" }],
    ["imunisasi", 1, { antigen: ["dpt1", "opv2", "pcv1", "rv1"], no_batch: "A123" }, "2026-03-10", { sex: "L", birthDate: "2026-01-05" }],
    ["remaja", 1, REMAJA_VALID, "2026-03-10", { sex: "P", birthDate: "2012-02-01" }],
    ["ptm", 1, PTM_VALID, "2026-03-10", ADULT_M],
    ["lansia", 1, LANSIA_VALID, "2026-03-10", { sex: "L", birthDate: "1950-01-01" }],
    ["tb", 1, TB_VALID, "2026-03-10", ADULT_M],
    ["malaria", 1, MALARIA_VALID, "2026-03-10", ADULT_M],
    ["kunjungan-rumah", 1, KUNJUNGAN_VALID, "2026-03-10", ADULT_M],
  ];
  for (const [id, v, answers, visitDate, person] of cases) {
    it(`${id}@${v}`, () => {
      const def = form(id, v);
      const ctx = formContext(visitDate, person);
      const a = resolveAnswers(def, answers, ctx);
      expect(validateAnswers(def, a, ctx).errors).toEqual({});
      // Without the person (an older caller) the same answers are still accepted.
      expect(validateAnswers(def, resolveAnswers(def, answers, { visitDate }), { visitDate }).errors).toEqual({});
      expect(record.safeParse({ personId: uid(1), formId: id, formVersion: v, visitDate, facilityId: null, data: a }).success).toBe(true);
    });
  }
});

describe("validation messages in Indonesian", () => {
  it("missing required answers", () => {
    const r = validateAnswers(form("ptm"), {}, formContext("2026-03-10", ADULT_M));
    expect(r.errors.td1_sistolik).toEqual({ id: "Wajib diisi", en: "Required" });
    expect(r.errors.lingkar_perut?.id).toBe("Wajib diisi");
  });

  it("impossible values: BB 0 for a balita, Hb 40, a newborn of 10 kg", () => {
    const balita = form("balita");
    const ctx = formContext("2026-03-10", { sex: "L", birthDate: "2024-01-05" });
    expect(check(balita, { bb: 0 }, ctx).errors.bb?.id).toBe("Di luar rentang yang mungkin (0,5–45 kg). Periksa kembali.");
    expect(check(form("anc", 2), { ...ANC_V2_VALID, hb: 40 }, formContext("2026-03-01", ADULT_F)).errors.hb?.id).toBe("Di luar rentang yang mungkin (3–20 g/dL). Periksa kembali.");
    expect(check(form("neonatal"), { ...NEONATAL_VALID, berat_lahir: 10000 }, formContext("2026-03-10", { sex: "L", birthDate: "2026-03-08" })).errors.berat_lahir?.id).toContain("Di luar rentang");
  });

  it("a missing sex is a clear form error, not a computation", () => {
    const r = check(form("balita"), { bb: 11 }, formContext("2026-03-10", { sex: null, birthDate: "2024-01-05" }));
    expect(r.valid).toBe(false);
    expect(r.errors._form?.id).toBe("Jenis kelamin belum diisi di data orang ini: lengkapi dulu (L/P)");
  });

  it("a birth date after the visit date, and an age the form is not for", () => {
    const balita = form("balita");
    expect(check(balita, { bb: 11 }, formContext("2026-03-10", { sex: "L", birthDate: "2030-01-01" })).errors._form?.id)
      .toBe("Tanggal lahir sesudah tanggal kunjungan: periksa tanggal lahir atau tanggal kunjungan");
    expect(check(balita, { bb: 20 }, formContext("2026-03-10", { sex: "L", birthDate: "2019-01-01" })).errors._form?.id)
      .toBe("Formulir ini untuk umur 0–59 bulan; umur orang ini tidak sesuai");
    expect(check(form("anc", 2), ANC_V2_VALID, formContext("2026-03-01", ADULT_M)).errors._form?.id).toBe("Formulir ini hanya untuk perempuan");
  });

  it("cross-field checks: obstetric history, two BP readings, smoking years, vitamin A capsule, HB0 age, time of birth", () => {
    const anc = form("anc", 2);
    const actx = formContext("2026-03-01", ADULT_F);
    expect(check(anc, { ...ANC_V2_VALID, para: 2 }, actx).errors.para?.id).toContain("Jumlah persalinan harus lebih kecil");
    expect(check(anc, { ...ANC_V2_VALID, tanggal_persalinan_terakhir: "2025-12-01" }, actx).errors.tanggal_persalinan_terakhir?.id).toBe("Persalinan terakhir harus sebelum HPHT kehamilan ini");
    const pctx = formContext("2026-03-10", ADULT_M);
    expect(check(form("ptm"), { ...PTM_VALID, td2_sistolik: 70, td2_diastolik: 80 }, pctx).errors.td2_diastolik?.id).toBe("Diastolik harus lebih rendah dari sistolik");
    expect(check(form("ptm"), { ...PTM_VALID, merokok: "ya", rokok_per_hari: 10, lama_merokok: 60 }, pctx).errors.lama_merokok?.id).toBe("Lama merokok lebih dari umur orang ini");
    const bctx = formContext("2026-02-10", { sex: "L", birthDate: "2024-01-05" }); // 25 months, February
    expect(check(form("balita"), { bb: 11, vitamin_a: true, vitamin_a_kapsul: "biru" }, bctx).errors.vitamin_a_kapsul?.id).toBe("Umur 12–59 bulan mendapat kapsul merah (200.000 SI)");
    expect(check(form("imunisasi"), { antigen: ["hb0"] }, formContext("2026-03-10", { sex: "L", birthDate: "2026-01-05" })).errors.antigen?.id).toContain("HB0 hanya diberikan umur 0–7 hari");
    expect(check(form("imunisasi"), { antigen: ["bcg"], tanggal_pemberian: "2025-12-01" }, formContext("2026-03-10", { sex: "L", birthDate: "2026-01-05" })).errors.tanggal_pemberian?.id).toBe("Tanggal pemberian sebelum tanggal lahir");
    const nctx = formContext("2026-03-10", { sex: "L", birthDate: "2026-03-08" });
    expect(check(form("neonatal"), { ...NEONATAL_VALID, jam_lahir: "25:10" }, nctx).errors.jam_lahir?.id).toBe("Tulis jam seperti 07:45 (00:00–23:59)");
    expect(check(form("neonatal"), { ...NEONATAL_VALID, tanggal_lahir: "2026-03-07" }, nctx).errors.tanggal_lahir?.id).toBe("Berbeda dengan tanggal lahir di data bayi: perbaiki salah satunya");
    expect(check(form("nifas"), { ...NIFAS_VALID, tanggal_persalinan: "2026-01-01" }, formContext("2026-03-10", ADULT_F)).errors.tanggal_persalinan?.id).toBe("Lebih dari 6 minggu sebelum tanggal kunjungan. Periksa kembali.");
  });
});

describe("skip logic", () => {
  it("balita: LiLA from 6 months, vitamin A only in February and August from 6 months, deworming from 12 months", () => {
    const def = form("balita");
    const shown = (visitDate: string, birthDate: string) => {
      const a = resolveAnswers(def, { bb: 8, lila: 13, vitamin_a: true, vitamin_a_kapsul: "biru", obat_cacing: true, asi_eksklusif: true }, formContext(visitDate, { sex: "P", birthDate }));
      return Object.keys(a).sort();
    };
    expect(shown("2026-02-10", "2025-06-01")).toEqual(["bb", "lila", "vitamin_a", "vitamin_a_kapsul"]); // 8 months, February
    expect(shown("2026-03-10", "2025-06-01")).toEqual(["bb", "lila"]); // March: no vitamin A
    expect(shown("2026-03-10", "2025-12-01")).toEqual(["asi_eksklusif", "bb"]); // 3 months
    expect(shown("2026-08-10", "2024-06-01")).toEqual(["bb", "lila", "obat_cacing", "vitamin_a", "vitamin_a_kapsul"]);
  });

  it("PTM: PUMA only for smokers aged 40+, IVA and SADANIS only for women 30–50, SRQ only when chosen", () => {
    const def = form("ptm");
    const puma = { merokok: "ya", rokok_per_hari: 20, lama_merokok: 10, puma_sesak: true, puma_dahak: false, puma_batuk: false, puma_spirometri: false };
    const keys = (a: Answers, person: { sex: string; birthDate: string }) => Object.keys(resolveAnswers(def, { ...PTM_VALID, ...a }, formContext("2026-03-10", person)));
    expect(keys(puma, { sex: "L", birthDate: "1980-01-01" })).toContain("puma_sesak");
    expect(keys(puma, { sex: "L", birthDate: "1995-01-01" })).not.toContain("puma_sesak");
    expect(keys({ ...puma, merokok: "tidak" }, { sex: "L", birthDate: "1980-01-01" })).not.toContain("rokok_per_hari");
    expect(keys({ iva: "negatif", sadanis: "normal" }, { sex: "P", birthDate: "1985-01-01" })).toEqual(expect.arrayContaining(["iva", "sadanis"]));
    expect(keys({ iva: "negatif" }, { sex: "P", birthDate: "1960-01-01" })).not.toContain("iva");
    expect(keys({ iva: "negatif" }, { sex: "L", birthDate: "1985-01-01" })).not.toContain("iva");
    // An IVA answer for a man is refused as not applicable.
    expect(validateAnswers(def, { ...PTM_VALID, iva: "negatif" }, formContext("2026-03-10", ADULT_M)).errors.iva?.id).toBe("Tidak berlaku untuk jawaban lain di formulir ini");
    expect(keys({ skrining_jiwa: true, ...SRQ_ALL_NO }, ADULT_M)).toContain("srq_20");
    expect(keys({ ...SRQ_ALL_NO }, ADULT_M)).not.toContain("srq_1");
    expect(check(def, { ...PTM_VALID, skrining_jiwa: true }, formContext("2026-03-10", ADULT_M)).errors.srq_1?.id).toBe("Wajib diisi");
  });

  it("TB: symptoms in screening mode, index-case questions in contact-investigation mode", () => {
    const def = form("tb");
    const ctx = formContext("2026-03-10", ADULT_M);
    expect(check(def, { jenis_kunjungan: "investigasi_kontak", status_indeks: "terkonfirmasi_bakteriologis", tanggal_diagnosis: "2026-03-01", mulai_pengobatan: true, jumlah_kontak_serumah: 4 }, ctx).errors).toEqual({});
    expect(validateAnswers(def, { ...TB_VALID, jenis_kunjungan: "investigasi_kontak" }, ctx).errors.batuk?.id).toBe("Tidak berlaku untuk jawaban lain di formulir ini");
  });

  it("the home visit asks the 12 PIS-PK indicators only for family data", () => {
    const def = form("kunjungan-rumah");
    const ctx = formContext("2026-03-10", ADULT_M);
    expect(check(def, { ...KUNJUNGAN_VALID, alasan: ["pendataan_keluarga"] }, ctx).errors.pispk_kb?.id).toBe("Wajib diisi");
    expect(check(def, { ...KUNJUNGAN_VALID, alasan: ["pendataan_keluarga"], ...PISPK_ALL_YES }, ctx).valid).toBe(true);
    expect(check(def, { ...KUNJUNGAN_VALID, rujukan: "puskesmas" }, ctx).errors.alasan_rujukan?.id).toBe("Wajib diisi");
  });
});

describe("computed values", () => {
  it("IMT, mean blood pressure, pack-years and PUMA", () => {
    const def = form("ptm");
    const a = resolveAnswers(def, { ...PTM_VALID, td1_sistolik: 151, td2_sistolik: 144, merokok: "ya", rokok_per_hari: 15, lama_merokok: 30, puma_sesak: true, puma_dahak: true, puma_batuk: false, puma_spirometri: false }, formContext("2026-03-10", { sex: "L", birthDate: "1970-01-01" }));
    expect(a.imt).toBe(23.4); // 60 / 1.6²
    expect(a.td_sistolik).toBe(148); // (151 + 144) / 2 = 147.5, half away from zero
    expect(a.bungkus_tahun).toBe(22.5);
    // male 1 + age 56 → 1 + 22.5 pack-years → 1 + 2 yes = 5
    expect(a.skor_puma).toBe(5);
    // Without the person the PUMA score is unknown, never guessed.
    expect(resolveAnswers(def, { ...PTM_VALID, merokok: "ya", rokok_per_hari: 15, lama_merokok: 30 }, { visitDate: "2026-03-10" }).skor_puma).toBeUndefined();
  });

  it("SRQ-20 total and AKS (Barthel) total, null when incomplete", () => {
    const srq = resolveAnswers(form("ptm"), { ...PTM_VALID, skrining_jiwa: true, ...SRQ_ALL_NO, srq_1: true, srq_5: true }, formContext("2026-03-10", ADULT_M));
    expect(srq.skor_srq).toBe(2);
    const lansia = form("lansia");
    const ctx = formContext("2026-03-10", { sex: "P", birthDate: "1950-01-01" });
    expect(resolveAnswers(lansia, LANSIA_VALID, ctx).skor_aks).toBe(20);
    expect(resolveAnswers(lansia, { ...LANSIA_VALID, aks_berpindah: "1", aks_mandi: "0" }, ctx).skor_aks).toBe(17);
    expect(resolveAnswers(lansia, { ...LANSIA_VALID, aks_mandi: undefined }, ctx).skor_aks).toBeUndefined();
    expect(Object.keys(AKS_FULL)).toHaveLength(10);
  });

  it("KF and KN visit numbers from the days after birth; ANC trimester", () => {
    const kf = (d: string) => resolveAnswers(form("nifas"), { ...NIFAS_VALID, tanggal_persalinan: d }, formContext("2026-03-10", ADULT_F)).kunjungan_kf;
    expect([kf("2026-03-09"), kf("2026-03-07"), kf("2026-03-05"), kf("2026-02-20"), kf("2026-02-01")]).toEqual([1, 2, 2, 3, 4]);
    const kn = (d: string) => resolveAnswers(form("neonatal"), { ...NEONATAL_VALID, tanggal_lahir: d }, { visitDate: "2026-03-10" }).kunjungan_kn;
    expect([kn("2026-03-10"), kn("2026-03-06"), kn("2026-02-20")]).toEqual([1, 2, 3]);
    const tri = (hpht: string) => resolveAnswers(form("anc", 2), { ...ANC_V2_VALID, hpht }, formContext("2026-03-01", ADULT_F)).trimester;
    expect([tri("2026-01-01"), tri("2025-12-01"), tri("2025-10-12"), tri("2025-08-01")]).toEqual([1, 1, 2, 3]);
  });

  it("engine extensions: ifUnknown, eq/ne against a reference, band bounds", () => {
    expect(evaluate({ field: "$ageYears", op: "gte", value: 40, ifUnknown: true }, {}, { visitDate: "2026-01-01" })).toBe(true);
    expect(evaluate({ field: "$ageYears", op: "gte", value: 40 }, {}, { visitDate: "2026-01-01" })).toBe(false);
    expect(evaluate({ field: "$ageYears", op: "gte", value: 40, ifUnknown: true }, {}, formContext("2026-01-01", { sex: "L", birthDate: "2000-01-02" }))).toBe(false);
    expect(evaluate({ field: "$ageYears", op: "eq", value: 25 }, {}, formContext("2026-01-02", { sex: "L", birthDate: "2000-01-02" }))).toBe(false);
    expect(evaluate({ field: "$ageYears", op: "eq", value: 26 }, {}, formContext("2026-01-02", { sex: "L", birthDate: "2000-01-02" }))).toBe(true);
    expect(evaluate({ field: "a", op: "ne", ref: "$birthDate" }, { a: "2026-01-01" }, {})).toBe(false);
    expect(evaluate({ field: "a", op: "eq", ref: "b" }, { a: "x", b: "x" }, {})).toBe(true);
    expect(compute({ fn: "band", field: "d", bounds: [3, 8] }, { d: 8 }, {})).toBeNull();
    expect(compute({ fn: "band", field: "d", bounds: [3, 8] }, { d: -1 }, {})).toBeNull();
    expect(compute({ fn: "sum", fields: ["a", "b"] }, { a: "2", b: 3 }, {})).toBe(5);
    expect(compute({ fn: "bmi", weight: "w", height: "h" }, { w: 0, h: 160 }, {})).toBeNull();
  });
});

describe("flags of each form (declarative; growth and IMT/U are in derive)", () => {
  it("ANC v2: risti from the history and the mother's age; severe anaemia refers", () => {
    const def = form("anc", 2);
    const thirty = formContext("2026-03-01", { sex: "P", birthDate: "1996-01-01" });
    expect(ids(def, ANC_V2_VALID, thirty)).toEqual([]);
    expect(ids(def, ANC_V2_VALID, formContext("2026-03-01", { sex: "P", birthDate: "2008-01-01" }))).toEqual(["usia_ibu"]); // 18
    expect(ids(def, ANC_V2_VALID, formContext("2026-03-01", { sex: "P", birthDate: "1990-01-01" }))).toEqual(["usia_ibu"]); // 36
    expect(ids(def, ANC_V2_VALID, formContext("2026-03-01", { sex: "P", birthDate: "1991-01-01" }))).toEqual([]); // 35
    expect(ids(def, { ...ANC_V2_VALID, gravida: 6, para: 4, tanggal_persalinan_terakhir: "2024-12-01", riwayat_sc: true, hb: 6.5 }, thirty))
      .toEqual(["anemia_berat", "anemia", "paritas_tinggi", "jarak_dekat", "riwayat_sc"]);
  });

  it("nifas, neonatal, remaja, PTM, lansia, TB, malaria, home visit", () => {
    const f = formContext("2026-03-10", ADULT_F);
    expect(ids(form("nifas"), { ...NIFAS_VALID, td_sistolik: 150, tanda_bahaya: ["kejang"], hb: 10 }, f)).toEqual(["tanda_bahaya", "hipertensi", "anemia"]);
    const bayi = formContext("2026-03-10", { sex: "L", birthDate: "2026-03-08" });
    expect(ids(form("neonatal"), { ...NEONATAL_VALID, berat_lahir: 2300, napas: 66, hb0: "belum" }, bayi)).toEqual(["napas_cepat", "bblr", "hb0_belum"]);
    const girl = formContext("2026-03-10", { sex: "P", birthDate: "2010-01-01" }); // 16
    expect(ids(form("remaja"), { ...REMAJA_VALID, hb: 11.5, sdq_pengisi: "remaja", sdq_skor: 21, merokok: "ya" }, girl)).toEqual(["anemia", "merokok", "sdq_abnormal"]);
    const boy = formContext("2026-03-10", { sex: "L", birthDate: "2010-01-01" });
    expect(ids(form("remaja"), { ...REMAJA_VALID, ttd_mingguan: undefined, hb: 12.5 }, boy)).toEqual(["anemia"]); // boys 15+: < 13
    expect(ids(form("remaja"), { ...REMAJA_VALID, hb: 11.6 }, formContext("2026-03-10", { sex: "P", birthDate: "2015-01-01" }))).toEqual([]); // 11 years: < 11.5
    const m = formContext("2026-03-10", { sex: "L", birthDate: "1970-01-01" });
    expect(ids(form("ptm"), { ...PTM_VALID, td1_sistolik: 190, td2_sistolik: 186, gula_darah: 250, lingkar_perut: 95, bb: 80, skrining_jiwa: true, ...SRQ_ALL_NO, srq_1: true, srq_2: true, srq_3: true, srq_4: true, srq_5: true, srq_6: true }, m))
      .toEqual(["hipertensi_krisis", "hipertensi", "curiga_dm", "imt_obesitas", "obesitas_sentral", "srq_rujuk"]);
    expect(ids(form("ptm"), { ...PTM_VALID, lingkar_perut: 85 }, formContext("2026-03-10", ADULT_F))).toEqual(["obesitas_sentral"]);
    expect(ids(form("ptm"), { ...PTM_VALID, lingkar_perut: 85 }, m)).toEqual([]);
    expect(ids(form("ptm"), { ...PTM_VALID, jenis_gula_darah: "gdp", gula_darah: 126 }, m)).toEqual(["curiga_dm"]);
    expect(ids(form("ptm"), { ...PTM_VALID, skrining_jiwa: true, ...SRQ_ALL_NO, srq_17: true }, m)).toEqual(["srq_pikiran_bunuh_diri"]);
    const old = formContext("2026-03-10", { sex: "P", birthDate: "1950-01-01" });
    expect(ids(form("lansia"), { ...LANSIA_VALID, skilas_kursi_gagal: true, lila: 20, skilas_tes_bisik: "tidak_bisa", aks_berjalan: "0", aks_berpindah: "0", aks_tangga: "0", aks_mandi: "0", aks_berpakaian: "0", aks_jamban: "0", aks_bab: "0" }, old))
      .toEqual(["skilas_mobilisasi", "skilas_malnutrisi", "skilas_pendengaran", "aks_ketergantungan_berat"]);
    expect(ids(form("tb"), { ...TB_VALID, batuk: "2_minggu_lebih" }, m)).toEqual(["terduga"]);
    expect(ids(form("tb"), { ...TB_VALID, batuk: "kurang_2_minggu" }, m)).toEqual([]);
    expect(ids(form("tb"), { ...TB_VALID, demam: true, kontak_tb: true }, m)).toEqual(["terduga"]);
    expect(ids(form("malaria"), { ...MALARIA_VALID, hasil: "positif", spesies: "pv", pengobatan: "belum" }, m)).toEqual(["positif_belum_diobati", "malaria_positif"]);
    expect(ids(form("malaria"), { demam: true, tanda_berat: ["kejang"], jenis_tes: "tidak" }, m)).toEqual(["malaria_berat", "demam_belum_dites"]);
    expect(ids(form("kunjungan-rumah"), { ...KUNJUNGAN_VALID, rujukan: "puskesmas", alasan_rujukan: "demam tinggi" }, m)).toEqual(["rujuk_puskesmas"]);
  });
});

describe("formsFor: only the forms that fit the person", () => {
  const on = "2026-03-10";
  const list = (p: Parameters<typeof formsFor>[0]) => formsFor(p, on).map((f) => f.id);
  it("a man never sees ANC or nifas", () => {
    expect(list({ sex: "L", birthDate: "1990-01-01", pregnant: false })).toEqual(["kb", "ptm", "catin", "tb", "malaria", "kunjungan-rumah", "gigi"]);
  });
  it("a pregnant woman sees ANC and no nifas (issue 12); a recently delivered one sees nifas", () => {
    // Pregnant: the delivery can be recorded, KB cannot be given (issue 15).
    expect(list({ sex: "P", birthDate: "1995-01-01", pregnant: true })).toEqual(["anc", "persalinan", "ptm", "catin", "tb", "malaria", "kunjungan-rumah", "gigi"]);
    expect(list({ sex: "P", birthDate: "1995-01-01", pregnant: true, lastDeliveryDate: "2026-03-01" })).not.toContain("nifas");
    expect(list({ sex: "P", birthDate: "1995-01-01", pregnant: false, lastDeliveryDate: "2026-03-01" })).toEqual(["nifas", "persalinan", "kb", "ptm", "catin", "tb", "malaria", "kunjungan-rumah", "gigi"]);
    expect(list({ sex: "P", birthDate: "1995-01-01", pregnant: false, lastDeliveryDate: "2025-12-01" })).toEqual(["kb", "ptm", "catin", "tb", "malaria", "kunjungan-rumah", "gigi"]);
  });
  it("the delivery date: a nifas visit's, else estimated from the last ANC pregnancy once she is no longer pregnant", () => {
    const anc = (visitDate: string, hpht: string) => ({ formId: "anc", formVersion: 2, visitDate, data: { hpht } });
    const nifas = (visitDate: string, tanggal_persalinan: string) => ({ formId: "nifas", formVersion: 1, visitDate, data: { tanggal_persalinan } });
    // HPHT 2025-05-20 → HPL 2026-02-24 (Naegele, 280 days).
    const records = [anc("2025-08-01", "2025-05-20"), anc("2026-01-20", "2025-05-20")];
    expect(lastDeliveryDate({ pregnant: true }, records, on)).toBeNull();
    expect(lastDeliveryDate({ pregnant: false }, records, on)).toBe("2026-02-24");
    expect(list({ sex: "P", birthDate: "1995-01-01", pregnant: false, lastDeliveryDate: lastDeliveryDate({ pregnant: false }, records, on) })).toContain("nifas");
    // Not yet due: delivered early (HPL ahead) counts from today; before 28 weeks is no birth.
    expect(lastDeliveryDate({ pregnant: false }, [anc("2025-10-01", "2025-07-20")], on)).toBe(on);
    expect(lastDeliveryDate({ pregnant: false }, [anc("2026-01-10", "2025-11-01")], on)).toBeNull();
    // A recorded delivery wins over the estimate.
    expect(lastDeliveryDate({ pregnant: false }, [...records, nifas("2026-03-01", "2026-02-27")], on)).toBe("2026-02-27");
    expect(lastDeliveryDate({ pregnant: false }, [], on)).toBeNull();
  });
  it("a newborn, a 3-year-old, a 14-year-old and a 70-year-old", () => {
    expect(list({ sex: "L", birthDate: "2026-03-01" })).toEqual(["neonatal", "balita", "imunisasi", "sdidtk", "tb", "malaria", "kunjungan-rumah"]);
    expect(list({ sex: "P", birthDate: "2023-01-15" })).toEqual(["balita", "imunisasi", "mtbs", "sdidtk", "tb", "malaria", "kunjungan-rumah", "gigi"]);
    expect(list({ sex: "P", birthDate: "2012-01-15" })).toEqual(["remaja", "imunisasi-sekolah", "tb", "malaria", "kunjungan-rumah", "gigi"]);
    expect(list({ sex: "L", birthDate: "1956-01-15" })).toEqual(["lansia", "catin", "lansia-lanjutan", "tb", "malaria", "kunjungan-rumah", "gigi"]);
  });
  it("age boundaries: 60 months, 15 and 60 years (inclusive minimum, exclusive maximum)", () => {
    expect(list({ sex: "L", birthDate: "2021-03-11" })).toContain("balita"); // 59 months
    expect(list({ sex: "L", birthDate: "2021-03-09" })).not.toContain("balita"); // 60 months
    expect(list({ sex: "L", birthDate: "2011-03-10" })).toEqual(["remaja", "kb", "imunisasi-sekolah", "ptm", "catin", "tb", "malaria", "kunjungan-rumah", "gigi"]); // 15 today
    expect(list({ sex: "L", birthDate: "1966-03-10" })).toContain("lansia"); // 60 today
    expect(list({ sex: "L", birthDate: "1966-03-11" })).toContain("ptm"); // 59
  });
  it("an unknown or future birth date or a missing sex shows only the forms that need neither", () => {
    expect(list({ sex: "L", birthDate: "2030-01-01" })).toEqual(["tb", "malaria", "kunjungan-rumah"]);
    expect(list({ sex: null, birthDate: "2024-01-01", pregnant: true })).toEqual(["balita", "imunisasi", "mtbs", "sdidtk", "tb", "malaria", "kunjungan-rumah", "gigi"]);
  });
});
