import { describe, expect, it } from "vitest";
import { ANC_V1, HB_ANEMIA_PREGNANT_G_DL, LILA_KEK_CM, NAEGELE_DAYS } from "../../domain/forms/anc-v1.ts";
import { activeFlags, currentForms, FORMS, getForm, resolveAnswers, validateAnswers, type Answers, type FormDefinition } from "../../domain/forms/index.ts";
import { record } from "../../domain/entities/schemas.ts";

const ctx = { visitDate: "2026-03-01" };
/** 20 weeks before the visit. */
const HPHT = "2025-10-12";

function valid(extra: Answers = {}): Answers {
  return {
    hpht: HPHT, bb: 58.5, lila: 25, td_sistolik: 110, td_diastolik: 70, status_td: "t2", td_diberikan: true,
    ttd_diberikan: 30, tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "belum", tanda_bahaya: ["tidak_ada"],
    tfu: 20, djj: 140, ...extra,
  };
}

describe("FORMS registry", () => {
  it("is keyed by id@version and finds ANC v1", () => {
    expect(Object.keys(FORMS)).toContain("anc@1");
    expect(getForm("anc", 1)).toBe(ANC_V1);
    expect(getForm("anc", 99)).toBeUndefined();
    expect(currentForms().map((f) => f.id)).toContain("anc");
  });

  it("has unique field ids, valid answer keys, and options for every choice", () => {
    for (const def of Object.values(FORMS)) {
      const ids = def.sections.flatMap((s) => s.fields.map((f) => f.id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9_]{1,64}$/);
      expect(def.id).toMatch(/^[a-z0-9-]{2,40}$/);
    }
  });

  it("definitions are plain data (survive a JSON round trip)", () => {
    for (const def of Object.values(FORMS)) expect(JSON.parse(JSON.stringify(def)) as FormDefinition).toEqual(def);
  });
});

describe("ANC v1 validation", () => {
  it("accepts a complete visit, with computed HPL and gestational age", () => {
    const a = resolveAnswers(ANC_V1, valid(), ctx);
    expect(a.hpl).toBe("2026-07-19");
    expect(a.usia_kehamilan).toBe(20);
    const r = validateAnswers(ANC_V1, a, ctx);
    expect(r.errors).toEqual({});
    expect(r.valid).toBe(true);
    // What the record entity stores must also pass its schema.
    expect(record.safeParse({ personId: "0190a000-0000-7000-8000-000000000001", formId: "anc", formVersion: 1, visitDate: ctx.visitDate, facilityId: null, data: a }).success).toBe(true);
  });

  it("HPL follows Naegele's rule", () => {
    expect(NAEGELE_DAYS).toBe(280);
    expect(resolveAnswers(ANC_V1, { hpht: "2026-01-01" }, ctx).hpl).toBe("2026-10-08");
  });

  it("reports missing required fields in Indonesian and English", () => {
    const r = validateAnswers(ANC_V1, {}, ctx);
    expect(r.valid).toBe(false);
    expect(r.errors.bb).toEqual({ id: "Wajib diisi", en: "Required" });
    expect(Object.keys(r.errors)).toEqual(expect.arrayContaining(["hpht", "bb", "lila", "td_sistolik", "td_diastolik", "status_td", "ttd_diberikan", "tes_hiv", "tanda_bahaya"]));
    expect(r.errors.hb).toBeUndefined();
  });

  it("rejects impossible numbers with the range and unit, using a decimal comma in Indonesian", () => {
    const r = validateAnswers(ANC_V1, resolveAnswers(ANC_V1, valid({ bb: 585, lila: 2.5 }), ctx), ctx);
    expect(r.errors.bb?.id).toBe("Di luar rentang yang mungkin (25–200 kg). Periksa kembali.");
    expect(r.errors.bb?.en).toContain("25–200 kg");
    expect(r.errors.lila).toBeDefined();
    expect(validateAnswers(ANC_V1, resolveAnswers(ANC_V1, valid({ bb: 58.55 }), ctx), ctx).errors.bb?.id).toBe("Paling banyak 1 angka di belakang koma");
    expect(validateAnswers(ANC_V1, resolveAnswers(ANC_V1, valid({ td_sistolik: 120.5 }), ctx), ctx).errors.td_sistolik?.id).toBe("Harus bilangan bulat");
    expect(validateAnswers(ANC_V1, valid({ bb: "58" as unknown as number }), ctx).errors.bb?.id).toBe("Harus berupa angka");
  });

  it("checks HPHT against the visit date", () => {
    expect(validateAnswers(ANC_V1, valid({ hpht: "2026-03-02" }), ctx).errors.hpht?.id).toBe("Tidak boleh setelah tanggal kunjungan");
    expect(validateAnswers(ANC_V1, valid({ hpht: "2025-01-01" }), ctx).errors.hpht?.id).toContain("Lebih dari 44 minggu");
    expect(validateAnswers(ANC_V1, valid({ hpht: "2025-02-30" }), ctx).errors.hpht?.id).toContain("Tanggal tidak valid");
  });

  it("cross-field check: diastolic below systolic", () => {
    expect(validateAnswers(ANC_V1, valid({ td_sistolik: 80, td_diastolik: 90 }), ctx).errors.td_diastolik?.id).toBe("Diastolik harus lebih rendah dari sistolik");
  });

  it("skip logic: TFU and DJJ only from 12 weeks; hidden answers are dropped and refused", () => {
    const early = { visitDate: "2025-11-09" }; // 4 weeks after HPHT
    const a = resolveAnswers(ANC_V1, valid(), early);
    expect(a.usia_kehamilan).toBe(4);
    expect(a.tfu).toBeUndefined();
    expect(a.djj).toBeUndefined();
    expect(validateAnswers(ANC_V1, a, early).valid).toBe(true);
    expect(validateAnswers(ANC_V1, valid(), early).errors.tfu?.id).toBe("Tidak berlaku untuk jawaban lain di formulir ini");
    // Td complete: "given today?" is not asked.
    expect(resolveAnswers(ANC_V1, valid({ status_td: "t5" }), ctx).td_diberikan).toBeUndefined();
  });

  it("choices: unknown options and 'tidak ada' with other signs are refused", () => {
    expect(validateAnswers(ANC_V1, valid({ status_td: "t9" }), ctx).errors.status_td?.id).toBe("Pilihan tidak dikenal");
    expect(validateAnswers(ANC_V1, valid({ tanda_bahaya: ["tidak_ada", "demam"] }), ctx).errors.tanda_bahaya?.id).toContain("Tidak ada");
    expect(validateAnswers(ANC_V1, valid({ tanda_bahaya: ["terbang"] }), ctx).errors.tanda_bahaya).toBeDefined();
    expect(validateAnswers(ANC_V1, valid({ td_diberikan: "ya" as unknown as boolean }), ctx).errors.td_diberikan?.id).toBe("Jawab ya atau tidak");
  });

  it("unknown answer keys are a form-level error (the worker relies on this)", () => {
    const r = validateAnswers(ANC_V1, valid({ hacked: "x" }), ctx);
    expect(r.errors._form?.en).toContain("hacked");
  });

  it("flags KEK, anaemia, hypertension, pre-eclampsia, danger signs and DJJ", () => {
    const ids = (extra: Answers) => activeFlags(ANC_V1, resolveAnswers(ANC_V1, valid(extra), ctx), ctx).map((f) => f.id);
    expect(ids({})).toEqual([]);
    expect(ids({ lila: LILA_KEK_CM - 0.1 })).toEqual(["kek"]);
    expect(ids({ lila: LILA_KEK_CM })).toEqual([]);
    expect(ids({ hb: HB_ANEMIA_PREGNANT_G_DL - 0.1 })).toEqual(["anemia"]);
    expect(ids({ hb: HB_ANEMIA_PREGNANT_G_DL })).toEqual([]);
    expect(ids({ td_sistolik: 140 })).toEqual(["hipertensi"]);
    expect(ids({ td_sistolik: 130, td_diastolik: 90 })).toEqual(["hipertensi"]);
    expect(ids({ td_sistolik: 150, protein_urine: "pos2" })).toEqual(["hipertensi", "curiga_preeklampsia"]);
    expect(ids({ tanda_bahaya: ["perdarahan"] })).toEqual(["tanda_bahaya"]);
    expect(ids({ djj: 170 })).toEqual(["djj_abnormal"]);
    expect(ids({ djj: 110 })).toEqual(["djj_abnormal"]);
    expect(ids({ tes_sifilis: "reaktif" })).toEqual(["triple_eliminasi_reaktif"]);
    expect(ids({ tb: 144 })).toEqual(["tb_rendah"]);
  });
});
