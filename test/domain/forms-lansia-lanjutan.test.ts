import { describe, expect, it } from "vitest";
import { evaluate, formContext, formsFor, getForm, resolveAnswers, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import { AMT_ITEM_IDS, GDS_ITEM_IDS } from "../../domain/forms/lansia-lanjutan-v1.ts";
import { deriveRecord, type Derived } from "../../domain/rules/derive.ts";
import { referralGroups, type RecordEntity } from "../../domain/rules/referrals.ts";
import { LANSIA_FOLLOW_UP_DAYS } from "../../domain/rules/tasks-lansia.ts";
import { computeTasks, RULE_IDS, type PersonEntity, type Task } from "../../domain/rules/tasks.ts";
import { LANSIA_VALID, SRQ_ALL_NO, uid } from "./ilp-fixtures.ts";

/**
 * Golden tests for the lansia follow-up form (GDS-15, AMT, MNA-SF, SRQ-20) and the task that asks
 * for it after a SKILAS finding. Every score below is worked by hand in the comment beside it.
 */

const OMA = { sex: "P" as const, birthDate: "1950-04-02" }; // 75 on 2026-03-10
const VISIT = "2026-03-10";
const def = getForm("lansia-lanjutan", 1)!;
const derive = (answers: Answers, visitDate = VISIT): Derived => deriveRecord({ def, answers, visitDate, person: OMA });
const flagIds = (d: Derived) => d.flags.map((f) => f.id);

/** GDS answers with exactly the items in `depressive` answered the depressive way (reversed items: "Tidak"). */
function gds(depressive: number[]): Answers {
  const a: Answers = {};
  GDS_ITEM_IDS.forEach((id, i) => {
    // The stored value is the point: "1" is "Ya" on a normal item and "Tidak" on a reversed one.
    a[id] = depressive.includes(i + 1) ? "1" : "0";
  });
  return a;
}
/** GDS answered "Ya" to every question, as the screen stores it: the value of the "Ya" option. */
function gdsAllAnswered(answer: "Ya" | "Tidak"): Answers {
  const a: Answers = {};
  const f = def.sections.find((s) => s.id === "gds")!.fields;
  for (const id of GDS_ITEM_IDS) {
    const field = f.find((x) => x.id === id)!;
    if (field.type !== "single") throw new Error("GDS items are single choice");
    a[id] = field.options.find((o) => o.label.id === answer)!.value;
  }
  return a;
}
const amt = (right: number): Answers => Object.fromEntries(AMT_ITEM_IDS.map((id, i) => [id, i < right ? "1" : "0"]));
const MNA_FULL = { mna_a: "2", mna_b: "3", mna_c: "2", mna_d: "2", mna_e: "2" }; // 2 + 3 + 2 + 2 + 2 = 11

describe("lansia-lanjutan: registry and skip logic", () => {
  it("is published for 60 years and over, cluster 3, for the pustu and puskesmas", () => {
    expect(def.cluster).toBe(3);
    expect(def.appliesTo).toEqual({ minAgeYears: 60 });
    expect(formsFor(OMA, VISIT, "pustu").map((f) => f.id)).toContain("lansia-lanjutan");
    expect(formsFor({ sex: "P", birthDate: "1970-01-01" }, VISIT, "pustu").map((f) => f.id)).not.toContain("lansia-lanjutan");
    expect(formsFor(OMA, VISIT, "kader").map((f) => f.id)).not.toContain("lansia-lanjutan");
  });

  it("asks only the instruments picked: GDS answers are dropped when only AMT is picked", () => {
    // Hidden answers are dropped before scoring (resolveAnswers), so a depressive GDS left over
    // from switching instruments neither scores nor flags; the validator rejects them as hidden.
    const stray = { instrumen: ["amt"], ...amt(10), ...gds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) };
    const d = derive(stray);
    expect(d.values?.skor_gds).toBeNull();
    expect(flagIds(d)).toEqual([]);
    expect(Object.keys(validateAnswers(def, stray, formContext(VISIT, OMA)).errors).sort()).toEqual([...GDS_ITEM_IDS].sort());
    const ok = derive({ instrumen: ["amt"], ...amt(10) });
    expect(ok.errors).toBeUndefined();
    expect(ok.values).toMatchObject({ skor_amt: 10, skor_gds: null, skor_mna: null, skor_srq: null });
  });

  it("requires every item of a picked instrument (no total from a half-filled scale)", () => {
    const a: Answers = { instrumen: ["gds"], ...gds([1, 2, 3, 4, 5]) };
    delete a.gds_15;
    const d = derive(a);
    expect(d.errors?.map((e) => e.field)).toEqual(["gds_15"]);
    expect(d.values?.skor_gds).toBeNull();
    expect(flagIds(d)).toEqual([]);
  });
});

describe("GDS-15 (reverse-scored items 1, 5, 7, 11, 13)", () => {
  it("all 'Ya': 10 points (the 10 items scored on yes), depression almost certain (≥ 10)", () => {
    // 15 items − 5 reversed (scored on "Tidak") = 10 points.
    const d = derive({ instrumen: ["gds"], ...gdsAllAnswered("Ya") });
    expect(d.values?.skor_gds).toBe(10);
    // GDS-4 items 1, 3, 6, 7: 1 and 7 reversed (0 on "Ya"), 3 and 6 score on "Ya" → 2.
    expect(d.values?.skor_gds4).toBe(2);
    expect(flagIds(d)).toEqual(["lansia-lanjutan.gds_depresi_berat"]);
  });
  it("all 'Tidak': 5 points (only the reversed items), possible depression (≥ 5)", () => {
    const d = derive({ instrumen: ["gds"], ...gdsAllAnswered("Tidak") });
    expect(d.values?.skor_gds).toBe(5);
    expect(flagIds(d)).toEqual(["lansia-lanjutan.gds_depresi"]);
    expect(d.flags[0]).toMatchObject({ severity: "refer", destination: "puskesmas" });
  });
  it("4 points: no flag; 9 points: possible depression, not the ≥ 10 flag", () => {
    expect(derive({ instrumen: ["gds"], ...gds([1, 2, 3, 4]) }).values?.skor_gds).toBe(4);
    expect(flagIds(derive({ instrumen: ["gds"], ...gds([1, 2, 3, 4]) }))).toEqual([]);
    const nine = derive({ instrumen: ["gds"], ...gds([1, 2, 3, 4, 5, 6, 7, 8, 9]) });
    expect(nine.values?.skor_gds).toBe(9);
    expect(flagIds(nine)).toEqual(["lansia-lanjutan.gds_depresi"]);
  });
  it("the reversed items score on 'Tidak': item 1 'puas dengan kehidupan' answered Tidak counts, Ya does not", () => {
    const f = def.sections.find((s) => s.id === "gds")!.fields.find((x) => x.id === "gds_1")!;
    const g2 = def.sections.find((s) => s.id === "gds")!.fields.find((x) => x.id === "gds_2")!;
    if (f.type !== "single" || g2.type !== "single") throw new Error("single");
    expect(Object.fromEntries(f.options.map((o) => [o.label.id, o.value]))).toEqual({ Ya: "0", Tidak: "1" });
    expect(Object.fromEntries(g2.options.map((o) => [o.label.id, o.value]))).toEqual({ Ya: "1", Tidak: "0" });
  });
});

describe("AMT", () => {
  it("6 right: cognitive impairment, refer; 7 right: no flag", () => {
    const six = derive({ instrumen: ["amt"], ...amt(6) });
    expect(six.values?.skor_amt).toBe(6);
    expect(flagIds(six)).toEqual(["lansia-lanjutan.amt_gangguan_kognitif"]);
    expect(flagIds(derive({ instrumen: ["amt"], ...amt(7) }))).toEqual([]);
  });
});

describe("MNA-SF", () => {
  it("BMI 20.3 (52 kg, 160 cm) gives F1 = 1: total 11, at risk of malnutrition", () => {
    // 52 / 1.6² = 20.31 → 20.3 → 19–< 21 → 1 point; A–E 2+3+2+2+2 = 11 … with A = 1: 10 + 1 = 11.
    const d = derive({ instrumen: ["mna"], ...MNA_FULL, mna_a: "1", bb: 52, tb: 160, mna_f: "1" });
    expect(d.values).toMatchObject({ imt: 20.3, skor_mna: 11 });
    expect(flagIds(d)).toEqual(["lansia-lanjutan.mna_berisiko"]);
  });
  it("12 is normal: no flag (A–E 11 + F1 1)", () => {
    const d = derive({ instrumen: ["mna"], ...MNA_FULL, bb: 52, tb: 160, mna_f: "1" });
    expect(d.values?.skor_mna).toBe(12);
    expect(flagIds(d)).toEqual([]);
  });
  it("F must agree with the BMI: F = 3 with BMI 20.3 is an error and makes no total", () => {
    const d = derive({ instrumen: ["mna"], ...MNA_FULL, bb: 52, tb: 160, mna_f: "3" });
    expect(d.errors?.map((e) => e.field)).toEqual(["mna_f"]);
    expect(d.values?.skor_mna).toBeNull();
    expect(flagIds(d)).toEqual([]);
  });
  it("without weight and height, calf 29 cm (< 31) gives F2 = 0: A 0, B 0, C 1, D 2, E 2 = 5, malnourished", () => {
    const d = derive({ instrumen: ["mna"], mna_a: "0", mna_b: "0", mna_c: "1", mna_d: "2", mna_e: "2", lingkar_betis: 29, mna_f: "0" });
    expect(d.values?.skor_mna).toBe(5);
    expect(flagIds(d)).toEqual(["lansia-lanjutan.mna_malnutrisi"]);
    expect(derive({ instrumen: ["mna"], ...MNA_FULL, lingkar_betis: 29, mna_f: "3" }).errors?.map((e) => e.field)).toEqual(["mna_f"]);
  });
  it("neither BMI nor calf circumference: asks for one", () => {
    const d = derive({ instrumen: ["mna"], ...MNA_FULL, mna_f: "3" });
    expect(d.errors?.map((e) => e.field)).toContain("lingkar_betis");
  });
  it("calf circumference is not asked once the BMI is known", () => {
    const d = derive({ instrumen: ["mna"], ...MNA_FULL, bb: 60, tb: 155, mna_f: "3", lingkar_betis: 33 });
    // 60 / 1.55² = 24.97 → 25.0 → ≥ 23 → 3; 11 + 3 = 14; the calf answer is hidden and dropped.
    expect(d.values?.skor_mna).toBe(14);
    expect(d.errors).toBeUndefined();
    expect(evaluate({ field: "lingkar_betis", op: "answered" }, resolveAnswers(def, { instrumen: ["mna"], bb: 60, tb: 155, lingkar_betis: 33 }, formContext(VISIT, OMA)))).toBe(false);
  });
});

describe("SRQ-20 for lansia (the PTM section, same flags and referral rule)", () => {
  it("6 'yes' refers through jiwa.rujuk_srq; item 17 refers the same day", () => {
    const six = derive({ instrumen: ["srq"], skrining_jiwa: true, ...SRQ_ALL_NO, srq_1: true, srq_2: true, srq_3: true, srq_4: true, srq_5: true, srq_6: true });
    expect(six.values?.skor_srq).toBe(6);
    expect(flagIds(six)).toEqual(["lansia-lanjutan.srq_rujuk"]);
    expect(referralGroups("lansia-lanjutan", six).map((g) => [g.rule.id, g.urgent])).toEqual([["jiwa.rujuk_srq", false]]);
    const s17 = derive({ instrumen: ["srq"], skrining_jiwa: true, ...SRQ_ALL_NO, srq_17: true });
    expect(flagIds(s17)).toEqual(["lansia-lanjutan.srq_pikiran_bunuh_diri"]);
    expect(referralGroups("lansia-lanjutan", s17).map((g) => [g.rule.id, g.urgent])).toEqual([["jiwa.rujuk_srq", true]]);
  });
  it("GDS, AMT and MNA-SF refer flags go to the general referral rule", () => {
    const d = derive({ instrumen: ["gds", "amt"], ...gds([1, 2, 3, 4, 5]), ...amt(3) });
    expect(referralGroups("lansia-lanjutan", d).map((g) => [g.rule.id, g.flags.map((f) => f.id)])).toEqual([
      ["rujuk.lainnya", ["lansia-lanjutan.gds_depresi", "lansia-lanjutan.amt_gangguan_kognitif"]],
    ]);
  });
});

describe("task: lakukan pemeriksaan lanjutan after a SKILAS finding", () => {
  const TODAY = "2026-03-30";
  const oma: PersonEntity = { id: uid(1), data: { householdId: uid(900), ...OMA, pregnant: false } };
  let n = 0;
  const rec = (formId: string, visitDate: string, data: Answers): RecordEntity =>
    ({ id: uid(2000 + ++n), data: { personId: oma.id, formId, formVersion: 1, visitDate, data: data as RecordEntity["data"]["data"], derived: null } });
  const followUps = (records: RecordEntity[], today = TODAY): Task[] =>
    computeTasks({ persons: [oma], records, referrals: [] }, today).filter((t) => t.ruleId === "lansia.pemeriksaan_lanjutan");

  it("cognition and depression at SKILAS: an AMT and a GDS task for the pustu, due in 14 days", () => {
    const lansia = rec("lansia", "2026-03-10", { ...LANSIA_VALID, skilas_tidak_ingat: true, skilas_sedih: true });
    const tasks = followUps([lansia]);
    expect(RULE_IDS).toContain("lansia.pemeriksaan_lanjutan");
    expect(LANSIA_FOLLOW_UP_DAYS).toBe(14);
    const rows = tasks.map((t) => [(t.text.params.instrument as { en: string }).en, t.dueDate, t.status, t.assignee, t.sourceRecordId] as const);
    // 2026-03-10 + 14 days = 2026-03-24, before today (03-30): overdue.
    expect(rows.sort((a, b) => a[0].localeCompare(b[0]))).toEqual([
      ["the AMT (cognitive test)", "2026-03-24", "overdue", "pustu", lansia.id],
      ["the GDS-15 (depression scale)", "2026-03-24", "overdue", "pustu", lansia.id],
    ]);
    expect(tasks.every((t) => t.text.code === "lansia_followup")).toBe(true);
  });

  it("a lansia-lanjutan record with GDS closes the GDS task only; one before the SKILAS visit closes nothing", () => {
    const before = rec("lansia-lanjutan", "2026-03-01", { instrumen: ["gds", "amt"], ...gds([]), ...amt(10) });
    const lansia = rec("lansia", "2026-03-10", { ...LANSIA_VALID, skilas_tidak_ingat: true, skilas_sedih: true });
    const after = rec("lansia-lanjutan", "2026-03-15", { instrumen: ["gds"], ...gds([1, 2]) });
    const tasks = followUps([before, lansia, after]);
    const by = Object.fromEntries(tasks.map((t) => [(t.text.params.instrument as { id: string }).id, t.status]));
    expect(by).toEqual({ "GDS-15 (skala depresi)": "done", "AMT (tes kognitif)": "overdue" });
  });

  it("malnutrition (LiLA < 21) → MNA-SF task, open before its due date; no SKILAS finding → no task", () => {
    const lansia = rec("lansia", "2026-03-20", { ...LANSIA_VALID, lila: 20 });
    const tasks = followUps([lansia]);
    expect(tasks.map((t) => [(t.text.params.instrument as { id: string }).id, t.dueDate, t.status])).toEqual([["MNA-SF (skrining gizi)", "2026-04-03", "open"]]);
    expect(followUps([rec("lansia", "2026-03-20", LANSIA_VALID)])).toEqual([]);
    // Mobility, vision and hearing findings have no instrument in this form.
    expect(followUps([rec("lansia", "2026-03-20", { ...LANSIA_VALID, skilas_kursi_gagal: true })])).toEqual([]);
  });

  it("a later SKILAS finding is the new source: one task per instrument, not one per visit", () => {
    const first = rec("lansia", "2026-02-01", { ...LANSIA_VALID, skilas_sedih: true });
    const second = rec("lansia", "2026-03-20", { ...LANSIA_VALID, skilas_sedih: true });
    const tasks = followUps([first, second]);
    expect(tasks.map((t) => [t.sourceRecordId, t.dueDate])).toEqual([[second.id, "2026-04-03"]]);
  });
});
