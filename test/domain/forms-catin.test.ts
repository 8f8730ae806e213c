import { describe, expect, it } from "vitest";
import { CATIN_V1, HB_SEVERE_ANEMIA_ADULT_G_DL } from "../../domain/forms/catin-v1.ts";
import { activeFlags, currentForm, formContext, formsFor, resolveAnswers, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import { record } from "../../domain/entities/schemas.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import type { RecordEntity } from "../../domain/rules/referrals.ts";
import { referralGroups } from "../../domain/rules/referrals.ts";
import { CATIN_RECHECK_DAYS, catinFollowUp } from "../../domain/rules/tasks-catin.ts";
import { computeTasks, RULE_IDS, type PersonEntity, type Task } from "../../domain/rules/tasks.ts";
import { uid } from "./ilp-fixtures.ts";

/**
 * Golden tests for the catin form (issue 15): every flag, the checks and the follow-up task, with
 * the values worked by hand in the comments.
 */

const VISIT = "2026-03-10";
// 24 at the visit (born 2001-07-01), so no "under 19" flag.
type Who = { sex: "L" | "P"; birthDate: string };
const BRIDE: Who = { sex: "P", birthDate: "2001-07-01" };
const GROOM: Who = { sex: "L", birthDate: "1999-02-01" };

/** A healthy bride: 55 kg / 158 cm → IMT 55 / 1.58² = 55 / 2.4964 = 22.03 → 22.0; LiLA 25; Hb 12.8; TD 110/70; T5. */
const BRIDE_OK: Answers = {
  tanggal_rencana_nikah: "2026-06-06", terdaftar_kua: true, bb: 55, tb: 158, lila: 25, hb: 12.8,
  td_sistolik: 110, td_diastolik: 70, status_td: "t5", ttd_diberikan: 0, konseling: ["kespro", "gizi_ttd", "kb_kehamilan"],
};
/** A healthy groom: 65 kg / 170 cm → 65 / 2.89 = 22.49 → 22.5; Hb 14.2. No LiLA, Td or TTD (women only). */
const GROOM_OK: Answers = {
  tanggal_rencana_nikah: "2026-06-06", bb: 65, tb: 170, hb: 14.2, td_sistolik: 120, td_diastolik: 80, konseling: ["kespro", "kb_kehamilan"],
};

const ctxOf = (p: Who, date = VISIT) => formContext(date, p);
function flags(a: Answers, p: Who = BRIDE, date = VISIT): string[] {
  const ctx = ctxOf(p, date);
  return activeFlags(CATIN_V1, resolveAnswers(CATIN_V1, a, ctx), ctx).map((f) => f.id).sort();
}
function errors(a: Answers, p: Who = BRIDE, date = VISIT) {
  const ctx = ctxOf(p, date);
  return validateAnswers(CATIN_V1, resolveAnswers(CATIN_V1, a, ctx), ctx).errors;
}

describe("catin@1: definition and registry", () => {
  it("is published as the current catin form, cluster 3, for both sexes from 15", () => {
    expect(currentForm("catin")).toBe(CATIN_V1);
    expect(CATIN_V1.cluster).toBe(3);
    expect(CATIN_V1.appliesTo).toEqual({ minAgeYears: 15 });
    // 14 years 11 months: not offered; 15 and an adult man: offered.
    expect(formsFor({ sex: "P", birthDate: "2011-04-10" }, VISIT).some((f) => f.id === "catin")).toBe(false);
    expect(formsFor({ sex: "P", birthDate: "2011-03-10" }, VISIT).some((f) => f.id === "catin")).toBe(true);
    expect(formsFor(GROOM, VISIT).some((f) => f.id === "catin")).toBe(true);
  });

  it("accepts a complete bride and a complete groom visit; the stored record passes the entity schema", () => {
    expect(errors(BRIDE_OK)).toEqual({});
    expect(errors(GROOM_OK, GROOM)).toEqual({});
    const a = resolveAnswers(CATIN_V1, BRIDE_OK, ctxOf(BRIDE));
    // 2026-03-10 → 2026-06-06: 21 (rest of March) + 30 + 31 + 6 = 88 days.
    expect(a.hari_menuju_nikah).toBe(88);
    expect(a.imt).toBe(22);
    expect(resolveAnswers(CATIN_V1, GROOM_OK, ctxOf(GROOM)).imt).toBe(22.5);
    const parsed = record.safeParse({ personId: uid(1), formId: "catin", formVersion: 1, visitDate: VISIT, facilityId: null, data: a, derived: null });
    expect(parsed.success).toBe(true);
    expect(flags(BRIDE_OK)).toEqual([]);
    expect(flags(GROOM_OK, GROOM)).toEqual([]);
  });

  it("asks LiLA, Td and TTD of a woman only", () => {
    // A groom's LiLA or Td status: not asked of a man → dropped from the answers, so no KEK flag.
    const g = resolveAnswers(CATIN_V1, { ...GROOM_OK, lila: 22, status_td: "t0", ttd_diberikan: 30 }, ctxOf(GROOM));
    expect([g.lila, g.status_td, g.ttd_diberikan]).toEqual([undefined, undefined, undefined]);
    expect(flags({ ...GROOM_OK, lila: 22, status_td: "t0" }, GROOM)).toEqual([]);
    // A bride without LiLA or Td status: required.
    const { lila: _l, status_td: _s, ...noLila } = BRIDE_OK;
    expect(Object.keys(errors(noLila)).sort()).toEqual(["lila", "status_td"]);
    // "Td diberikan" only below T5.
    expect(resolveAnswers(CATIN_V1, { ...BRIDE_OK, td_diberikan: true }, ctxOf(BRIDE)).td_diberikan).toBeUndefined();
    expect(resolveAnswers(CATIN_V1, { ...BRIDE_OK, status_td: "t2", td_diberikan: true }, ctxOf(BRIDE)).td_diberikan).toBe(true);
  });

  it("checks the wedding date in Bahasa Indonesia: not before the check, not over a year ahead", () => {
    expect(errors({ ...BRIDE_OK, tanggal_rencana_nikah: "2026-03-09" }).tanggal_rencana_nikah?.id).toBe("Rencana tanggal nikah tidak boleh sebelum tanggal pemeriksaan");
    // The same day is fine (0 days).
    expect(errors({ ...BRIDE_OK, tanggal_rencana_nikah: VISIT })).toEqual({});
    // 2026-03-10 + 366 = 2027-03-11 is the last accepted day; 2027-03-12 is 367 days.
    expect(errors({ ...BRIDE_OK, tanggal_rencana_nikah: "2027-03-11" })).toEqual({});
    expect(errors({ ...BRIDE_OK, tanggal_rencana_nikah: "2027-03-12" }).tanggal_rencana_nikah?.id).toMatch(/lebih dari 1 tahun/);
    expect(errors({ ...BRIDE_OK, td_sistolik: 80, td_diastolik: 80 }).td_diastolik?.id).toBe("Diastolik harus lebih rendah dari sistolik");
    expect(errors({ ...BRIDE_OK, hb: 40 }).hb?.id).toMatch(/^Di luar rentang/);
    expect(errors({ ...BRIDE_OK, konseling: ["belum", "kespro"] }).konseling?.id).toMatch(/tidak bisa dipilih bersama/);
  });
});

describe("catin@1: flags, worked by hand", () => {
  it("anaemia: women < 12, men < 13 g/dL (WHO 2011); severe < 8 refers", () => {
    expect(flags({ ...BRIDE_OK, hb: 12 })).toEqual([]); // 12.0 is not < 12
    expect(flags({ ...BRIDE_OK, hb: 11.9 })).toEqual(["anemia"]);
    expect(flags({ ...GROOM_OK, hb: 12.9 }, GROOM)).toEqual(["anemia"]); // a man's cut-off is 13
    expect(flags({ ...GROOM_OK, hb: 13 }, GROOM)).toEqual([]);
    expect(flags({ ...BRIDE_OK, hb: HB_SEVERE_ANEMIA_ADULT_G_DL })).toEqual(["anemia"]); // 8.0 is not < 8
    expect(flags({ ...BRIDE_OK, hb: 7.9 })).toEqual(["anemia", "anemia_berat"]);
    const f = activeFlags(CATIN_V1, resolveAnswers(CATIN_V1, { ...BRIDE_OK, hb: 7.9 }, ctxOf(BRIDE)), ctxOf(BRIDE));
    expect(f.find((x) => x.id === "anemia_berat")).toMatchObject({ severity: "refer", destination: "puskesmas" });
    expect(f.find((x) => x.id === "anemia")!.severity).toBe("risk");
    // Unknown sex: no anaemia verdict (the cut-off depends on it).
    const none = formContext(VISIT);
    expect(activeFlags(CATIN_V1, resolveAnswers(CATIN_V1, { ...GROOM_OK, hb: 12.5 }, none), none).map((x) => x.id)).toEqual([]);
  });

  it("KEK: LiLA < 23.5 cm", () => {
    expect(flags({ ...BRIDE_OK, lila: 23.5 })).toEqual([]);
    expect(flags({ ...BRIDE_OK, lila: 23.4 })).toEqual(["kek"]);
  });

  it("IMT: kurus < 18.5, obesitas > 27 (Kemenkes categories of ptm-parts)", () => {
    // 42 kg / 155 cm: 42 / 2.4025 = 17.48 → 17.5 → kurus.
    expect(flags({ ...BRIDE_OK, bb: 42, tb: 155 })).toEqual(["imt_kurus"]);
    // 44.5 / 2.4025 = 18.52 → 18.5: not kurus.
    expect(flags({ ...BRIDE_OK, bb: 44.5, tb: 155 })).toEqual([]);
    // 65 / 2.4025 = 27.06 → 27.1 > 27 → obesitas; 64.9 / 2.4025 = 27.01 → 27.0 not > 27.
    expect(flags({ ...BRIDE_OK, bb: 65, tb: 155 })).toEqual(["imt_obesitas"]);
    expect(flags({ ...BRIDE_OK, bb: 64.9, tb: 155 })).toEqual([]);
  });

  it("hypertension ≥ 140/90 refers", () => {
    expect(flags({ ...GROOM_OK, td_sistolik: 139, td_diastolik: 89 }, GROOM)).toEqual([]);
    expect(flags({ ...GROOM_OK, td_sistolik: 140, td_diastolik: 85 }, GROOM)).toEqual(["hipertensi"]);
    expect(flags({ ...GROOM_OK, td_sistolik: 130, td_diastolik: 90 }, GROOM)).toEqual(["hipertensi"]);
  });

  it("Td below T5: a task for the bride, unless today's dose completes T5", () => {
    expect(flags({ ...BRIDE_OK, status_td: "t0" })).toEqual(["td_belum_lengkap"]);
    expect(flags({ ...BRIDE_OK, status_td: "t3", td_diberikan: true })).toEqual(["td_belum_lengkap"]); // T3 + today = T4
    expect(flags({ ...BRIDE_OK, status_td: "t4" })).toEqual(["td_belum_lengkap"]);
    expect(flags({ ...BRIDE_OK, status_td: "t4", td_diberikan: false })).toEqual(["td_belum_lengkap"]);
    expect(flags({ ...BRIDE_OK, status_td: "t4", td_diberikan: true })).toEqual([]); // T4 + today = T5
  });

  it("a catin under 19 (UU 16/2019) is flagged; 19 is not", () => {
    // Born 2007-03-11: 18 on 2026-03-10; born 2007-03-10: 19 that day.
    expect(flags(BRIDE_OK, { sex: "P", birthDate: "2007-03-11" })).toEqual(["usia_anak"]);
    expect(flags(BRIDE_OK, { sex: "P", birthDate: "2007-03-10" })).toEqual([]);
  });

  it("refer flags make a referral through the generic rule", () => {
    const d = deriveRecord({ def: CATIN_V1, answers: { ...BRIDE_OK, hb: 7.5, td_sistolik: 150, td_diastolik: 95 }, visitDate: VISIT, person: BRIDE });
    expect(d.flags.map((f) => f.id).sort()).toEqual(["catin.anemia", "catin.anemia_berat", "catin.hipertensi"]);
    const g = referralGroups("catin", d);
    expect(g.map((x) => [x.rule.id, x.flags.map((f) => f.id), x.destination])).toEqual([["rujuk.lainnya", ["catin.anemia_berat", "catin.hipertensi"], "puskesmas"]]);
    // Severe anaemia (Hb < 8) is referred the same day, as for a pregnant woman or a school child
    // (issue 15 review); hypertension alone is checked within the usual 3 days.
    expect(g[0]!.urgent).toBe(true);
    const bp = referralGroups("catin", deriveRecord({ def: CATIN_V1, answers: { ...BRIDE_OK, td_sistolik: 150, td_diastolik: 95 }, visitDate: VISIT, person: BRIDE }));
    expect(bp.map((x) => x.urgent)).toEqual([false]);
  });
});

describe("catin follow-up task: anaemia or KEK → recheck after 90 days at the pustu", () => {
  const TODAY = "2026-04-20";
  const person = (n: number, p: { sex: "L" | "P"; birthDate: string }): PersonEntity => ({ id: uid(n), data: { householdId: uid(900), sex: p.sex, birthDate: p.birthDate, pregnant: false } });
  let seq = 0;
  const rec = (personId: string, visitDate: string, data: Answers): RecordEntity =>
    ({ id: uid(5000 + ++seq), data: { personId, formId: "catin", formVersion: 1, visitDate, data: data as RecordEntity["data"]["data"], derived: null } });
  const catinTasks = (persons: PersonEntity[], records: RecordEntity[], today = TODAY): Task[] =>
    computeTasks({ persons, records, referrals: [] }, today).filter((t) => t.ruleId === "catin.cek_ulang");

  it("an anaemic bride gets one recheck task, due 90 days later, for the pustu", () => {
    const b = person(1, BRIDE);
    const r = rec(b.id, VISIT, { ...BRIDE_OK, hb: 11 });
    const [t, ...rest] = catinTasks([b], [r]);
    expect(rest).toEqual([]);
    // 2026-03-10 + 90 days = 2026-06-08 (21 + 30 + 31 + 8).
    expect(CATIN_RECHECK_DAYS).toBe(90);
    expect(t).toMatchObject({ personId: b.id, assignee: "pustu", kind: "cek_ulang", sourceRecordId: r.id, dueDate: "2026-06-08", status: "open" });
    expect(t!.text).toEqual({ code: "catin_recheck", params: { findings: { id: "anemia", en: "anaemia" }, date: VISIT } });
    expect(RULE_IDS).toContain("catin.cek_ulang");
    // Overdue once the due date has passed unfinished.
    expect(catinTasks([b], [r], "2026-06-09")[0]!.status).toBe("overdue");
  });

  it("KEK alone makes the task too; a groom and a healthy bride make none", () => {
    const b = person(2, BRIDE);
    const g = person(3, GROOM);
    const h = person(4, BRIDE);
    const tasks = catinTasks([b, g, h], [rec(b.id, VISIT, { ...BRIDE_OK, lila: 22 }), rec(g.id, VISIT, GROOM_OK), rec(h.id, VISIT, BRIDE_OK)]);
    expect(tasks.map((t) => [t.personId, t.text.params.findings])).toEqual([[b.id, { id: "KEK", en: "chronic energy deficiency" }]]);
  });

  it("severe anaemia with KEK is said once as 'anemia berat, KEK'", () => {
    const b = person(5, BRIDE);
    const [t] = catinTasks([b], [rec(b.id, VISIT, { ...BRIDE_OK, hb: 7.5, lila: 22 })]);
    expect(t!.text.params.findings).toEqual({ id: "anemia berat, KEK", en: "severe anaemia, chronic energy deficiency" });
  });

  it("is done by a later catin visit without the finding; a later visit that still finds it carries the task on", () => {
    const b = person(6, BRIDE);
    const first = rec(b.id, "2026-01-05", { ...BRIDE_OK, tanggal_rencana_nikah: "2026-05-01", hb: 10.5 });
    const better = rec(b.id, "2026-04-06", { ...BRIDE_OK, tanggal_rencana_nikah: "2026-05-01", hb: 12.3 });
    const done = catinTasks([b], [first, better]);
    expect(done.map((t) => [t.sourceRecordId, t.status])).toEqual([[first.id, "done"]]);
    const still = rec(b.id, "2026-04-06", { ...BRIDE_OK, tanggal_rencana_nikah: "2026-05-01", hb: 11.2 });
    const open = catinTasks([b], [first, still]);
    // One task per person: the latest finding, due 2026-04-06 + 90 = 2026-07-05.
    expect(open.map((t) => [t.sourceRecordId, t.status, t.dueDate])).toEqual([[still.id, "open", "2026-07-05"]]);
    // Another form's visit (PTM) does not close it.
    expect(catinTasks([b], [first])[0]!.status).toBe("overdue"); // 2026-01-05 + 90 = 2026-04-05 < today
  });

  it("catinFollowUp orders by date then id, whatever the input order", () => {
    const v = (id: string, visitDate: string, findings: string[]) => ({ id, visitDate, findings });
    expect(catinFollowUp([v("b", "2026-02-01", []), v("a", "2026-01-01", ["catin.kek"])])).toEqual({ source: v("a", "2026-01-01", ["catin.kek"]), doneBy: v("b", "2026-02-01", []) });
    expect(catinFollowUp([v("b", "2026-02-01", [])])).toBeNull();
  });
});
