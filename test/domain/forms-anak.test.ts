import { describe, expect, it } from "vitest";
import { ANAK_SEKOLAH_V1 } from "../../domain/forms/anak-sekolah-v1.ts";
import { compute, fields, formContext, formsFor, getForm, isVisible, resolveAnswers, validateAnswers, type Answers, type FormDefinition } from "../../domain/forms/index.ts";
import { KPSP_BANDS, kpspBandForAgeDays, kpspFieldIds, kpspStartDay, SDIDTK_V1, type KpspBand } from "../../domain/forms/sdidtk-v1.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import { referralGroups, URGENT_FLAGS, type RecordEntity } from "../../domain/rules/referrals.ts";
import { computeTasks, RULE_IDS, type PersonEntity, type Task } from "../../domain/rules/tasks.ts";
import { uid } from "./ilp-fixtures.ts";

/**
 * Issue 15: SDIDTK (KPSP, TDD, TDL, KMME, M-CHAT-R/F, GPPH) and the school-age (5–9 y) check.
 * Golden values are worked by hand in the comments.
 */

type Sex = "L" | "P";
const ctxOf = (visitDate: string, sex: Sex, birthDate: string) => formContext(visitDate, { sex, birthDate });
const derive = (def: FormDefinition, answers: Answers, visitDate: string, person: { sex: Sex; birthDate: string }) =>
  deriveRecord({ def, answers, visitDate, person });
const flagIds = (d: ReturnType<typeof derive>) => d.flags.map((f) => f.id).sort();

// A girl born 15 January 2025. Her age in days on a visit date (worked by hand):
// 2025-09-15 = 243 days (8 calendar months); 2025-09-30 = 258 (8 m 15 d); 2025-10-01 = 259 (8 m 16 d);
// 2025-10-15 = 273 (9 months).
const GIRL = { sex: "P" as Sex, birthDate: "2025-01-15" };

/** The KPSP question ids a visit shows (with "KPSP dilakukan" = ya). */
function visibleKpsp(visitDate: string): string[] {
  const ctx = ctxOf(visitDate, GIRL.sex, GIRL.birthDate);
  return fields(SDIDTK_V1).filter((f) => f.type === "yesno" && /^kpsp_\d+_\d+$/.test(f.id) && isVisible(f, { kpsp_dilakukan: true }, ctx)).map((f) => f.id);
}

/** Answers for one band: the first `yes` questions "Ya", the rest "Tidak". */
function kpspAnswers(band: KpspBand, yes: number): Answers {
  const a: Answers = { kpsp_dilakukan: true, stimulasi_diajarkan: true };
  kpspFieldIds(band).forEach((id, i) => (a[id] = i < yes));
  return a;
}

describe("engine: the additive `cases` expression", () => {
  it("gives the value of the first case that holds, null when none does; each case keeps its own 'all answered' rule", () => {
    const e = {
      fn: "cases" as const,
      cases: [
        { when: { field: "band", op: "eq" as const, value: "a" }, expr: { fn: "countTrue" as const, fields: ["a1", "a2"] } },
        { when: { field: "band", op: "eq" as const, value: "b" }, expr: { fn: "countTrue" as const, fields: ["b1"] } },
      ],
    };
    // Band a: a1 yes, a2 no → 1; b1 (another band, unanswered) does not make it null.
    expect(compute(e, { band: "a", a1: true, a2: false }, {})).toBe(1);
    expect(compute(e, { band: "b", b1: true }, {})).toBe(1);
    expect(compute(e, { band: "a", a1: true }, {})).toBeNull();
    expect(compute(e, { band: "c", a1: true, a2: true }, {})).toBeNull();
  });
});

describe("SDIDTK: KPSP band by age (Pedoman SDIDTK 2016: ≥ 16 days round up, else the younger list)", () => {
  it("the start day of each band: (months − 1) WHO months + 16 days, rounded down", () => {
    // 9 months: 8 × 30.4375 + 16 = 259.5 → 259; 6 months: 5 × 30.4375 + 16 = 168.19 → 168; 3 months: 76.875 → 76.
    expect([kpspStartDay(3), kpspStartDay(6), kpspStartDay(9), kpspStartDay(12)]).toEqual([76, 168, 259, 350]);
    expect(kpspBandForAgeDays(75)).toBeNull();
    expect(kpspBandForAgeDays(76)).toBe(3);
    expect(kpspBandForAgeDays(258)).toBe(6);
    expect(kpspBandForAgeDays(259)).toBe(9);
    expect(kpspBandForAgeDays(72 * 30.4375)).toBe(72);
  });

  it("8 months → the 6-month list; 8 m 15 d → still 6; 8 m 16 d → 9 (rounded up); 9 months → 9", () => {
    expect(visibleKpsp("2025-09-15")).toEqual(kpspFieldIds(6));
    expect(visibleKpsp("2025-09-30")).toEqual(kpspFieldIds(6));
    expect(visibleKpsp("2025-10-01")).toEqual(kpspFieldIds(9));
    expect(visibleKpsp("2025-10-15")).toEqual(kpspFieldIds(9));
  });

  it("each band has 9–10 questions and exactly one band shows at any age from 76 days to 72 months", () => {
    for (const b of KPSP_BANDS) expect(kpspFieldIds(b).length).toBeGreaterThanOrEqual(9);
    // 15 Jan → 14 Apr = 89 days ≥ 76: the 3-month list; 15 Jan → 15 Mar = 59 days: no list, and
    // "KPSP dilakukan" is not asked.
    const young = ctxOf("2025-04-14", GIRL.sex, GIRL.birthDate);
    expect(visibleKpsp("2025-04-14")).toEqual(kpspFieldIds(3));
    expect(isVisible(fields(SDIDTK_V1).find((f) => f.id === "kpsp_dilakukan")!, {}, young)).toBe(true);
    const baby = ctxOf("2025-03-15", GIRL.sex, GIRL.birthDate); // 59 days < 76
    expect(isVisible(fields(SDIDTK_V1).find((f) => f.id === "kpsp_dilakukan")!, {}, baby)).toBe(false);
  });
});

describe("SDIDTK: KPSP scoring 9–10 S, 7–8 M, ≤ 6 P, counting only the child's band", () => {
  const visit = "2025-10-15"; // 273 days: the 9-month list
  const cases: [number, "S" | "M" | "P", string[]][] = [
    [10, "S", []],
    [9, "S", []],
    [8, "M", ["sdidtk.kpsp_meragukan"]],
    [7, "M", ["sdidtk.kpsp_meragukan"]],
    [6, "P", ["sdidtk.kpsp_penyimpangan"]],
    [0, "P", ["sdidtk.kpsp_penyimpangan"]],
  ];
  for (const [yes, cat, flags] of cases) {
    it(`${yes} × Ya → ${cat}`, () => {
      const d = derive(SDIDTK_V1, kpspAnswers(9, yes), visit, GIRL);
      expect(d.errors).toBeUndefined();
      expect(d.values?.kpsp_ya).toBe(yes);
      expect(d.values?.kpsp_hasil).toBe(cat);
      expect(flagIds(d)).toEqual(flags);
    });
  }

  it("penyimpangan is referred to hospital; meragukan is a risk with the 2-week repeat as its next step", () => {
    const p = derive(SDIDTK_V1, kpspAnswers(9, 6), visit, GIRL);
    expect(p.flags[0]).toMatchObject({ severity: "refer", destination: "rumah_sakit" });
    expect(referralGroups("sdidtk", p).map((g) => [g.rule.id, g.destination])).toEqual([["rujuk.lainnya", "rumah_sakit"]]);
    const m = derive(SDIDTK_V1, kpspAnswers(9, 8), visit, GIRL);
    expect(m.flags[0]!.severity).toBe("risk");
    expect(m.flags[0]!.action.id).toContain("2 minggu");
  });

  it("answers of another band are dropped (hidden) and do not count; a blank question leaves no total", () => {
    // 10 "Ya" on the 6-month list at 9 months: hidden, so the 9-month list is unanswered.
    const other = { ...kpspAnswers(6, 10) };
    const ctx = ctxOf(visit, GIRL.sex, GIRL.birthDate);
    const resolved = resolveAnswers(SDIDTK_V1, other, ctx);
    expect(Object.keys(resolved).some((k) => k.startsWith("kpsp_6_"))).toBe(false);
    expect(resolved.kpsp_ya).toBeUndefined();
    expect(validateAnswers(SDIDTK_V1, other, ctx).errors.kpsp_6_1).toBeDefined();
    const blank = kpspAnswers(9, 10);
    delete blank.kpsp_9_10;
    const d = derive(SDIDTK_V1, blank, visit, GIRL);
    expect(d.values?.kpsp_ya).toBeNull();
    expect(d.flags).toEqual([]);
    expect(d.errors?.map((e) => e.field)).toEqual(["kpsp_9_10"]);
  });

  it("no KPSP today: no questions, no total, no flag", () => {
    const d = derive(SDIDTK_V1, { kpsp_dilakukan: false, stimulasi_diajarkan: true }, visit, GIRL);
    expect(d.errors).toBeUndefined();
    expect(d.values?.kpsp_ya).toBeNull();
    expect(d.flags).toEqual([]);
  });
});

describe("SDIDTK: hearing, vision, KMME, M-CHAT-R/F and GPPH", () => {
  // A boy born 2021-01-01: 48 months on 2025-01-01 (TDL, KMME and GPPH apply; M-CHAT does not).
  const BOY4 = { sex: "L" as Sex, birthDate: "2021-01-01" };
  const four = (a: Answers) => derive(SDIDTK_V1, { kpsp_dilakukan: false, stimulasi_diajarkan: true, ...a }, "2025-01-01", BOY4);
  // A girl born 2023-01-01: 24 months on 2025-01-01 (M-CHAT-R applies; TDL, KMME and GPPH do not).
  const TODDLER = { sex: "P" as Sex, birthDate: "2023-01-01" };
  const two = (a: Answers) => derive(SDIDTK_V1, { kpsp_dilakukan: false, stimulasi_diajarkan: true, ...a }, "2025-01-01", TODDLER);

  it("TDD or TDL 'curiga' → refer to the puskesmas; 'normal' → nothing", () => {
    expect(flagIds(four({ tdd_hasil: "curiga" }))).toEqual(["sdidtk.tdd_curiga"]);
    expect(flagIds(four({ tdl_hasil: "curiga" }))).toEqual(["sdidtk.tdl_curiga"]);
    expect(four({ tdl_hasil: "curiga" }).flags[0]).toMatchObject({ severity: "refer", destination: "puskesmas" });
    expect(flagIds(four({ tdd_hasil: "normal", tdl_hasil: "normal" }))).toEqual([]);
  });

  it("TDL, KMME and GPPH are not asked under 36 months; M-CHAT-R only at 16–30 months", () => {
    // A hidden answer is refused by validation and dropped (so never flagged) by derive.
    const hidden = (a: Answers, date: string, p: { sex: Sex; birthDate: string }) =>
      Object.keys(validateAnswers(SDIDTK_V1, { kpsp_dilakukan: false, stimulasi_diajarkan: true, ...a }, ctxOf(date, p.sex, p.birthDate)).errors).sort();
    expect(hidden({ tdl_hasil: "curiga", kmme_ya: 3, gpph_skor: 20 }, "2025-01-01", TODDLER)).toEqual(["gpph_skor", "kmme_ya", "tdl_hasil"]);
    expect(two({ tdl_hasil: "curiga", kmme_ya: 3, gpph_skor: 20 }).flags).toEqual([]);
    expect(hidden({ mchat_skor: 10 }, "2025-01-01", BOY4)).toEqual(["mchat_skor"]);
    expect(four({ mchat_skor: 10 }).flags).toEqual([]);
    // Born 2023-01-01: 2025-07-15 = 926 days = 30.42 WHO months (30: asked); 2025-08-05 = 947 days = 31.11 (31: not asked).
    expect(hidden({ mchat_skor: 10 }, "2025-07-15", TODDLER)).toEqual([]);
    expect(hidden({ mchat_skor: 10 }, "2025-08-05", TODDLER)).toEqual(["mchat_skor"]);
  });

  it("KMME: 1 Ya → risk (counsel, evaluate in 3 months); ≥ 2 → refer to hospital; 0 → nothing", () => {
    expect(flagIds(four({ kmme_ya: 0 }))).toEqual([]);
    expect(flagIds(four({ kmme_ya: 1 }))).toEqual(["sdidtk.kmme_1"]);
    expect(four({ kmme_ya: 1 }).flags[0]!.severity).toBe("risk");
    expect(flagIds(four({ kmme_ya: 2 }))).toEqual(["sdidtk.kmme_rujuk"]);
    expect(four({ kmme_ya: 2 }).flags[0]).toMatchObject({ severity: "refer", destination: "rumah_sakit" });
  });

  it("M-CHAT-R: 0–2 low; 3–7 medium → follow-up, refer when it scores ≥ 2; 8–20 high → refer", () => {
    expect(flagIds(two({ mchat_skor: 2 }))).toEqual([]);
    expect(two({ mchat_skor: 2 }).values?.mchat_risiko).toBe("rendah");
    expect(flagIds(two({ mchat_skor: 3 }))).toEqual(["sdidtk.mchat_sedang"]);
    expect(two({ mchat_skor: 7 }).values?.mchat_risiko).toBe("sedang");
    expect(flagIds(two({ mchat_skor: 5, mchat_followup_skor: 1 }))).toEqual([]);
    expect(flagIds(two({ mchat_skor: 5, mchat_followup_skor: 2 }))).toEqual(["sdidtk.mchat_rujuk"]);
    expect(flagIds(two({ mchat_skor: 8 }))).toEqual(["sdidtk.mchat_rujuk"]);
    expect(two({ mchat_skor: 8 }).values?.mchat_risiko).toBe("tinggi");
    // The follow-up score is asked only for 3–7.
    expect(Object.keys(validateAnswers(SDIDTK_V1, { kpsp_dilakukan: false, stimulasi_diajarkan: true, mchat_skor: 8, mchat_followup_skor: 0 }, ctxOf("2025-01-01", TODDLER.sex, TODDLER.birthDate)).errors)).toEqual(["mchat_followup_skor"]);
  });

  it("GPPH (abbreviated Conners): 13 or more → refer; 12 → nothing", () => {
    expect(flagIds(four({ gpph_skor: 12 }))).toEqual([]);
    expect(flagIds(four({ gpph_skor: 13 }))).toEqual(["sdidtk.gpph"]);
  });
});

describe("SDIDTK tasks", () => {
  const TODAY = "2025-10-20";
  const child: PersonEntity = { id: uid(1), data: { householdId: uid(900), sex: "P", birthDate: "2025-01-15", pregnant: false } };
  let seq = 0;
  const rec = (visitDate: string, data: Answers, formId = "sdidtk"): RecordEntity =>
    ({ id: uid(5000 + ++seq), data: { personId: child.id, formId, formVersion: 1, visitDate, data: data as RecordEntity["data"]["data"], derived: null } });
  const run = (records: RecordEntity[], today = TODAY): Task[] => computeTasks({ persons: [child], records, referrals: [] }, today);
  const rule = (tasks: Task[], id: string) => tasks.filter((t) => t.ruleId === id);

  it("the rules are registered", () => {
    expect(RULE_IDS).toContain("sdidtk.ulang_kpsp");
    expect(RULE_IDS).toContain("sdidtk.jadwal");
  });

  it("KPSP meragukan on 15 Oct → 'ulang KPSP' due 29 Oct (14 days), open; overdue after; done by a later KPSP", () => {
    const m = rec("2025-10-15", kpspAnswers(9, 8));
    const open = rule(run([m]), "sdidtk.ulang_kpsp");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ dueDate: "2025-10-29", status: "open", assignee: "pustu", sourceRecordId: m.id, text: { code: "sdidtk_kpsp_ulang", params: { date: "2025-10-15" } } });
    expect(rule(run([m], "2025-10-30"), "sdidtk.ulang_kpsp")[0]!.status).toBe("overdue");
    // A later SDIDTK visit without a KPSP does not close it; one with a KPSP (10 Ya) does.
    const noKpsp = rec("2025-10-25", { kpsp_dilakukan: false, stimulasi_diajarkan: true });
    expect(rule(run([m, noKpsp], "2025-10-30"), "sdidtk.ulang_kpsp")[0]!.status).toBe("overdue");
    const again = rec("2025-10-29", kpspAnswers(9, 10));
    expect(rule(run([m, again], "2025-10-30"), "sdidtk.ulang_kpsp")[0]!.status).toBe("done");
  });

  it("KPSP sesuai or penyimpangan makes no 'ulang KPSP' task", () => {
    expect(rule(run([rec("2025-10-15", kpspAnswers(9, 10))]), "sdidtk.ulang_kpsp")).toEqual([]);
    expect(rule(run([rec("2025-10-15", kpspAnswers(9, 5))]), "sdidtk.ulang_kpsp")).toEqual([]);
  });

  it("the next KPSP screening age: screened at 9 months (273 days) → the 12-month KPSP due 15 Jan 2026", () => {
    const tasks = rule(run([rec("2025-10-15", kpspAnswers(9, 10))]), "sdidtk.jadwal");
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ dueDate: "2026-01-15", status: "open", text: { code: "sdidtk_jadwal", params: { months: 12, due: "2026-01-15" } } });
    // No SDIDTK record yet: no schedule task.
    expect(rule(run([]), "sdidtk.jadwal")).toEqual([]);
  });
});

describe("Anak usia sekolah (5–9 y): ages between balita and remaja, no gap and no overlap", () => {
  // Born 2020-01-01. 2024-12-31 = 1826 days = 59.99 WHO months; 2025-01-01 = 1827 days = 60.02.
  const who = (date: string) => formsFor({ sex: "L", birthDate: "2020-01-01" }, date).map((f) => f.id);
  it("59 months → balita, not anak-sekolah", () => {
    expect(who("2024-12-31")).toContain("balita");
    expect(who("2024-12-31")).not.toContain("anak-sekolah");
  });
  it("60 months → anak-sekolah, not balita", () => {
    expect(who("2025-01-01")).toContain("anak-sekolah");
    expect(who("2025-01-01")).not.toContain("balita");
  });
  it("9 y 11 m → anak-sekolah, not remaja; 10 y → remaja, not anak-sekolah", () => {
    expect(who("2029-12-31")).toContain("anak-sekolah");
    expect(who("2029-12-31")).not.toContain("remaja");
    expect(who("2030-01-01")).toContain("remaja");
    expect(who("2030-01-01")).not.toContain("anak-sekolah");
  });
  it("is published and registered", () => {
    expect(getForm("anak-sekolah", 1)).toBe(ANAK_SEKOLAH_V1);
    expect(getForm("sdidtk", 1)).toBe(SDIDTK_V1);
  });
});

describe("Anak usia sekolah: IMT/U (WHO 2007, Permenkes 2/2020) through the derive hook", () => {
  // A boy born 2018-01-01 seen on 2026-01-01: 2922 days = exactly 96.0 WHO months, so the
  // WHO 2007 row 96 is used as is: L −1.4629, M 15.7368, S 0.09526. TB 125 cm (1.5625 m²).
  // z = ((BMI / M)^L − 1) / (L × S); beyond −3 the restricted tail: −3 + (BMI − SD3neg) / (SD2neg − SD3neg).
  const BOY = { sex: "L" as Sex, birthDate: "2018-01-01" };
  const at = (bb: number) => derive(ANAK_SEKOLAH_V1, { bb, tb: 125, masalah_gigi: false }, "2026-01-01", BOY);
  const cases: [number, number, string, string[]][] = [
    // 24.4 / 1.5625 = 15.616: ratio 0.99232, ^L 1.011343 → z −0.08
    [24.4, -0.08, "gizi_baik", []],
    // 20.0 / 1.5625 = 12.8: ratio 0.81338, ^L 1.35281 → z −2.53
    [20.0, -2.53, "gizi_kurang", ["anak-sekolah.imt_u_gizi_kurang"]],
    // 17.0 / 1.5625 = 10.88; SD3neg 12.3946, SD2neg 13.3026 → z −3 − 1.5146 / 0.9080 = −4.67
    [17.0, -4.67, "gizi_buruk", ["anak-sekolah.imt_u_gizi_buruk"]],
    // 28.9 / 1.5625 = 18.496: ratio 1.175332, ^L 0.789527 → z +1.51
    [28.9, 1.51, "gizi_lebih", ["anak-sekolah.imt_u_gizi_lebih"]],
    // 33.0 / 1.5625 = 21.12: ratio 1.342077, ^L 0.650246 → z +2.51
    [33.0, 2.51, "obesitas", ["anak-sekolah.imt_u_obesitas"]],
  ];
  for (const [bb, z, cat, flags] of cases) {
    it(`BB ${bb} kg, TB 125 cm → z ${z}, ${cat}`, () => {
      const d = at(bb);
      expect(d.errors).toBeUndefined();
      expect(d.values?.imt_u_z as number).toBeCloseTo(z, 1);
      expect(d.values?.kategori_imt_u).toBe(cat);
      expect(flagIds(d)).toEqual(flags);
    });
  }
  it("gizi buruk refers to the puskesmas; the other categories are risks", () => {
    expect(at(17).flags[0]).toMatchObject({ severity: "refer", destination: "puskesmas" });
    expect(at(20).flags[0]!.severity).toBe("risk");
  });
});

describe("Anak usia sekolah: anaemia, vision, hearing, teeth and SDQ", () => {
  const GIRL7 = { sex: "P" as Sex, birthDate: "2019-01-01" };
  const base: Answers = { bb: 22, tb: 120, masalah_gigi: false };
  const ids = (a: Answers) => flagIds(derive(ANAK_SEKOLAH_V1, { ...base, ...a }, "2026-03-10", GIRL7)).filter((f) => !f.includes("imt_u"));

  it("Hb < 11.5 → anaemia (risk); < 8 → severe anaemia, refer today (urgent); 11.5 → nothing", () => {
    expect(ids({ hb: 11.5 })).toEqual([]);
    expect(ids({ hb: 11.4 })).toEqual(["anak-sekolah.anemia"]);
    expect(ids({ hb: 8 })).toEqual(["anak-sekolah.anemia"]);
    expect(ids({ hb: 7.9 })).toEqual(["anak-sekolah.anemia_berat"]);
    expect(URGENT_FLAGS.has("anak-sekolah.anemia_berat")).toBe(true);
  });
  it("vision or hearing 'curiga' → refer to the puskesmas", () => {
    expect(ids({ tajam_penglihatan: "curiga" })).toEqual(["anak-sekolah.penglihatan"]);
    expect(ids({ pendengaran: "curiga" })).toEqual(["anak-sekolah.pendengaran"]);
    expect(ids({ tajam_penglihatan: "normal", pendengaran: "normal" })).toEqual([]);
  });
  it("a tooth problem points to the dental form (risk)", () => {
    expect(ids({ masalah_gigi: true })).toEqual(["anak-sekolah.masalah_gigi"]);
  });
  it("SDQ (parent/teacher): 13 normal, 14–16 borderline, ≥ 17 abnormal → refer", () => {
    expect(ids({ sdq_skor: 13 })).toEqual([]);
    expect(ids({ sdq_skor: 14 })).toEqual(["anak-sekolah.sdq_ambang"]);
    expect(ids({ sdq_skor: 16 })).toEqual(["anak-sekolah.sdq_ambang"]);
    expect(ids({ sdq_skor: 17 })).toEqual(["anak-sekolah.sdq_abnormal"]);
  });
  it("a complete visit validates with the person", () => {
    const ctx = ctxOf("2026-03-10", GIRL7.sex, GIRL7.birthDate);
    const a = resolveAnswers(ANAK_SEKOLAH_V1, { ...base, kelas: "1", hb: 12.1, tajam_penglihatan: "normal", pendengaran: "normal", sdq_skor: 8 }, ctx);
    expect(validateAnswers(ANAK_SEKOLAH_V1, a, ctx).errors).toEqual({});
    expect(a.imt).toBe(15.3); // 22 / 1.44 = 15.28 → 15.3
  });
});
