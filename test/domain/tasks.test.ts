import { beforeAll, describe, expect, it } from "vitest";
import { referral as referralSchema } from "../../domain/entities/schemas.ts";
import { getForm, type Answers } from "../../domain/forms/index.ts";
import { loadGrowthTables, type GrowthTables } from "../../domain/growth/index.ts";
import { deriveRecord, DERIVE_VERSION } from "../../domain/rules/derive.ts";
import { stableUuid } from "../../domain/rules/hash.ts";
import { immunisationStatus } from "../../domain/rules/immunisation.ts";
import { referralId, referralsFromRecord, type RecordEntity } from "../../domain/rules/referrals.ts";
import {
  computeTasks, RULE_IDS, todayAndOverdue, type PersonEntity, type ReferralEntity, type Task, type TaskOptions,
} from "../../domain/rules/tasks.ts";
import { UUID_RE } from "../../domain/util/uuid.ts";
import { ANC_V2_VALID, MALARIA_VALID, PTM_VALID, SRQ_ALL_NO, TB_VALID, uid } from "./ilp-fixtures.ts";

let tables: GrowthTables;
beforeAll(async () => {
  tables = await loadGrowthTables();
});

const TODAY = "2026-03-20";
const HH = uid(900);
let seq = 0;

function person(n: number, data: Partial<PersonEntity["data"]>): PersonEntity {
  return { id: uid(n), data: { householdId: HH, sex: "P", birthDate: "1990-01-01", pregnant: false, ...data } };
}
function rec(personId: string, formId: string, visitDate: string, data: Answers, version = 1): RecordEntity {
  return { id: uid(1000 + ++seq), data: { personId, formId, formVersion: version, visitDate, data: data as RecordEntity["data"]["data"], derived: null } };
}
function run(persons: PersonEntity[], records: RecordEntity[], referrals: ReferralEntity[] = [], today = TODAY, opts: TaskOptions = {}): Task[] {
  return computeTasks({ persons, records, referrals }, today, { growthTables: tables, ...opts });
}
const byRule = (tasks: Task[], ruleId: string) => tasks.filter((t) => t.ruleId === ruleId);
const closed = (id: string, personId: string, outcome = "datang_ditangani", at = "2026-03-18"): ReferralEntity =>
  ({ id, data: { personId, recordId: null, reason: "x", destination: "puskesmas", referredAt: "2026-03-01", outcome, outcomeAt: at } });

describe("tasks: shape and ids", () => {
  it("every task has a deterministic UUID-shaped id, Indonesian title and a why", () => {
    const ibu = person(1, { pregnant: true });
    const r = rec(ibu.id, "anc", "2026-01-10", { ...ANC_V2_VALID, hpht: "2025-11-01", td_sistolik: 150 }, 2);
    const a = run([ibu], [r]);
    const b = run([ibu], [r]);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    for (const t of a) {
      expect(t.id).toMatch(UUID_RE);
      expect(t.title.id.length).toBeGreaterThan(0);
      expect(t.why.id).toMatch(/^Aturan: /);
      expect(RULE_IDS).toContain(t.ruleId);
      expect(t.householdId).toBe(HH);
    }
    expect(new Set(a.map((t) => t.id)).size).toBe(a.length);
    expect(stableUuid("x", "y")).toBe(stableUuid("x", "y"));
    expect(stableUuid("x:y")).not.toBe(stableUuid("x", "y"));
  });

  it("the order of the input does not change the tasks", () => {
    const kid = person(2, { sex: "L", birthDate: "2024-01-05" });
    const ibu = person(3, { pregnant: true });
    const records = [
      rec(kid.id, "balita", "2026-01-10", { bb: 9 }), rec(kid.id, "balita", "2025-12-10", { bb: 9.2 }),
      rec(ibu.id, "anc", "2026-01-10", { ...ANC_V2_VALID, hpht: "2025-11-01" }, 2),
    ];
    expect(run([ibu, kid], [...records].reverse())).toEqual(run([kid, ibu], records));
  });
});

describe("rule anc.kunjungan: K1–K6 by trimester", () => {
  const ibu = person(10, { pregnant: true });
  const k1 = rec(ibu.id, "anc", "2026-01-10", { ...ANC_V2_VALID, hpht: "2025-11-01" }, 2); // 10 weeks: trimester 1

  it("creates the next visit: K1 done, K2 (trimester 2) due at 20 weeks", () => {
    const t = byRule(run([ibu], [k1]), "anc.kunjungan");
    expect(t.map((x) => [x.title.id, x.status, x.dueDate, x.assignee])).toEqual([
      ["Kunjungan ANC K1 (trimester 1)", "done", "2026-01-24", "pustu"],
      ["Kunjungan ANC K2 (trimester 2)", "open", "2026-03-21", "pustu"],
    ]);
    expect(t[1]!.sourceRecordId).toBe(k1.id);
    expect(t[1]!.why.id).toContain("HPHT 1 November 2025");
  });

  it("overdue when the due date passed; done when a later visit in the trimester satisfies it", () => {
    expect(byRule(run([ibu], [k1], [], "2026-04-01"), "anc.kunjungan").map((x) => x.status)).toEqual(["done", "overdue"]);
    const k2 = rec(ibu.id, "anc", "2026-03-15", { ...ANC_V2_VALID, hpht: "2025-11-01" }, 2);
    const t = byRule(run([ibu], [k1, k2], [], "2026-04-01"), "anc.kunjungan");
    expect(t.map((x) => [x.title.id.match(/K\d/)![0], x.status])).toEqual([["K1", "done"], ["K2", "done"], ["K3", "open"]]);
  });

  it("a pregnant woman without any ANC visit gets K1 today", () => {
    const t = byRule(run([ibu], []), "anc.kunjungan");
    expect(t.map((x) => [x.title.id, x.dueDate, x.status])).toEqual([["Periksa kehamilan pertama (K1)", TODAY, "open"]]);
  });

  it("does not create for a woman not pregnant (or past 42 weeks)", () => {
    expect(byRule(run([{ ...ibu, data: { ...ibu.data, pregnant: false } }], [k1]), "anc.kunjungan")).toEqual([]);
    expect(byRule(run([ibu], [k1], [], "2026-09-01"), "anc.kunjungan")).toEqual([]);
  });
});

describe("rule imunisasi.berikutnya: the next antigens due", () => {
  const bayi = person(20, { sex: "L", birthDate: "2026-01-05" });
  const neonatal = rec(bayi.id, "neonatal", "2026-01-06", { hb0: "kurang_24_jam" });
  const bcg = rec(bayi.id, "imunisasi", "2026-02-05", { antigen: ["bcg", "opv1"] });

  it("creates the 2-month antigens after HB0, BCG and OPV1", () => {
    const t = byRule(run([bayi], [neonatal, bcg]), "imunisasi.berikutnya");
    expect(t.map((x) => [x.title.id, x.status, x.dueDate])).toEqual([
      ["Imunisasi: HB0 (hepatitis B < 24 jam)", "done", "2026-01-06"],
      ["Imunisasi: BCG, Polio tetes (OPV) 1", "done", "2026-03-04"],
      ["Imunisasi: DPT-HB-Hib 1, Polio tetes (OPV) 2, PCV 1, Rotavirus (RV) 1", "open", "2026-04-04"],
    ]);
    expect(byRule(run([bayi], [neonatal, bcg], [], "2026-04-10"), "imunisasi.berikutnya").at(-1)!.status).toBe("overdue");
  });

  it("done when a later imunisasi record gives them; then the 3-month antigens are next", () => {
    const m2 = rec(bayi.id, "imunisasi", "2026-03-10", { antigen: ["dpt1", "opv2", "pcv1", "rv1"] });
    const t = byRule(run([bayi], [neonatal, bcg, m2]), "imunisasi.berikutnya");
    expect(t.map((x) => x.status)).toEqual(["done", "done", "done", "open"]);
    // DPT-HB-Hib 2 is due at 3 months and at least 4 weeks after dose 1: window ends 2026-05-04.
    expect(t.at(-1)).toMatchObject({ title: { id: "Imunisasi: DPT-HB-Hib 2, Polio tetes (OPV) 3, PCV 2, Rotavirus (RV) 2" }, dueDate: "2026-05-04" });
  });

  it("a missed HB0 (after 7 days) is not a task; IDL status from the records", () => {
    const t = byRule(run([bayi], [bcg]), "imunisasi.berikutnya");
    expect(t[0]!.title.id).toBe("Imunisasi: BCG, Polio tetes (OPV) 1");
    const s = immunisationStatus(bayi.data.birthDate!, [neonatal, bcg].map((r) => ({ id: r.id, ...r.data })), TODAY);
    expect(s.idl).toBe(false);
    expect(s.next).toEqual({ slot: "m2", antigens: ["dpt1", "opv2", "pcv1", "rv1"], dueDate: "2026-03-05" });
  });

  it("BCG is not offered from the first birthday: a 2-year-old without it is offered OPV 1, not BCG", () => {
    const s = immunisationStatus("2024-11-15", [], "2026-11-30");
    expect(s.next?.antigens).toEqual(["opv1"]);
    expect(immunisationStatus("2026-06-01", [], "2026-11-30").next?.antigens).toEqual(["bcg", "opv1"]);
  });

  it("does not create for a child of 3 years or more, or an adult", () => {
    expect(byRule(run([person(21, { birthDate: "2023-01-01" }), person(22, {})], []), "imunisasi.berikutnya")).toEqual([]);
  });
});

describe("rule balita.belum_ditimbang: kader home visit", () => {
  const kid = person(30, { sex: "L", birthDate: "2024-01-05" });
  it("creates last month's (overdue) and this month's (from the 15th) when not weighed", () => {
    const t = byRule(run([kid], [rec(kid.id, "balita", "2026-01-10", { bb: 11 })]), "balita.belum_ditimbang");
    expect(t.map((x) => [x.title.id, x.dueDate, x.status, x.assignee])).toEqual([
      ["Kunjungan rumah: balita belum ditimbang Februari 2026", "2026-02-28", "overdue", "kader"],
      ["Kunjungan rumah: balita belum ditimbang Maret 2026", "2026-03-31", "open", "kader"],
    ]);
  });

  it("done by a home visit in the month, or a later weighing", () => {
    const visit = rec(kid.id, "kunjungan-rumah", "2026-02-20", { alasan: ["tidak_datang_posyandu"], bertemu: true, rujukan: "tidak" });
    expect(byRule(run([kid], [visit]), "balita.belum_ditimbang").map((x) => x.status)).toEqual(["done", "open"]);
    const later = rec(kid.id, "balita", "2026-03-18", { bb: 11.4 });
    expect(byRule(run([kid], [later]), "balita.belum_ditimbang").map((x) => x.status)).toEqual(["done"]);
  });

  it("does not create for a child weighed each month, before the 15th, or for an adult", () => {
    const weighed = [rec(kid.id, "balita", "2026-02-12", { bb: 11 }), rec(kid.id, "balita", "2026-03-05", { bb: 11.2 })];
    expect(byRule(run([kid], weighed), "balita.belum_ditimbang")).toEqual([]);
    expect(byRule(run([kid], [weighed[0]!], [], "2026-03-10"), "balita.belum_ditimbang")).toEqual([]);
    expect(byRule(run([person(31, {})], []), "balita.belum_ditimbang")).toEqual([]);
  });
});

describe("rule balita.rujuk_gizi: 2T, BGM, wasting, stunting → refer", () => {
  const girl = person(40, { birthDate: "2023-09-10" });
  const stunted = (date: string) => rec(girl.id, "balita", date, { bb: 10.2, panjang_tinggi: 80, posisi_ukur: "berdiri" });

  it("creates a referral task for a stunted child, closed by rujuk balik", () => {
    const r = rec(girl.id, "balita", "2026-03-15", { bb: 10.2, panjang_tinggi: 82, posisi_ukur: "berdiri" });
    const [t] = byRule(run([girl], [r]), "balita.rujuk_gizi");
    expect(t).toMatchObject({ title: { id: "Rujuk ke pustu: Pendek" }, assignee: "pustu", sourceRecordId: r.id, dueDate: "2026-03-22", status: "open", referralId: referralId(r.id, "balita.rujuk_gizi") });
    const done = byRule(run([girl], [r], [closed(t!.referralId!, girl.id)]), "balita.rujuk_gizi");
    expect(done[0]!.status).toBe("done");
  });

  it("a single T refers to the pustu (Buku KIA 2023); the 2T a month later follows that open referral", () => {
    const w = (date: string, bb: number) => rec(girl.id, "balita", date, { bb });
    // Issue 15: a single T refers (it did not before). 11.3 → 11.4 kg at 30 months: +100 g < KBM 200 g.
    expect(byRule(run([girl], [w("2026-02-10", 11.3), w("2026-03-10", 11.4)]), "balita.rujuk_gizi").map((t) => t.title.id))
      .toEqual(["Rujuk ke pustu: Berat badan tidak naik (T) sejak bulan lalu"]);
    // January B, February T (referred), March 2T: the growth rule is a lasting one (REREFERRAL_AFTER_DAYS),
    // so March is not referred again while February's referral is open.
    expect(byRule(run([girl], [w("2026-01-10", 11.2), w("2026-02-10", 11.3), w("2026-03-10", 11.4)]), "balita.rujuk_gizi").map((t) => t.title.id))
      .toEqual(["Rujuk ke pustu: Berat badan tidak naik (T) sejak bulan lalu"]);
  });

  it("does not create for a well-nourished child; a lasting condition is not re-referred within 90 days", () => {
    expect(byRule(run([girl], [rec(girl.id, "balita", "2026-03-10", { bb: 11.5, panjang_tinggi: 85, posisi_ukur: "berdiri" })]), "balita.rujuk_gizi")).toEqual([]);
    // Stunted every month (and 2T from November): referred in October, held back in November
    // and December, referred again in late January (over 90 days later).
    const t = byRule(run([girl], [stunted("2025-10-10"), stunted("2025-11-10"), stunted("2025-12-10"), stunted("2026-01-20")]), "balita.rujuk_gizi");
    expect(t.map((x) => x.dueDate)).toEqual(["2025-10-17", "2026-01-27"]);
  });

  it("BGM and severe wasting refer to the puskesmas the same day", () => {
    const r = rec(girl.id, "balita", "2026-03-10", { bb: 7, panjang_tinggi: 80, posisi_ukur: "berdiri" });
    expect(byRule(run([girl], [r]), "balita.rujuk_gizi")[0]).toMatchObject({ dueDate: "2026-03-10", status: "overdue", title: { id: "Rujuk ke puskesmas: Sangat pendek (+2)" } });
  });
});

describe("rule anc.rujuk: ANC refer flags", () => {
  const ibu = person(50, { pregnant: true, birthDate: "1996-01-01" });
  it("creates a referral task (same day for a danger sign)", () => {
    const r = rec(ibu.id, "anc", "2026-03-18", { ...ANC_V2_VALID, hpht: "2025-10-12", tanda_bahaya: ["perdarahan"], td_sistolik: 150 }, 2);
    const [t] = byRule(run([ibu], [r]), "anc.rujuk");
    expect(t).toMatchObject({ title: { id: "Rujuk ke puskesmas: Hipertensi dalam kehamilan (TD ≥ 140/90): rujuk (+1)" }, dueDate: "2026-03-18", status: "overdue" });
    expect(t!.why.id).toContain("Ada tanda bahaya: rujuk segera");
  });
  it("does not create for a normal visit or risk-only flags (KEK)", () => {
    expect(byRule(run([ibu], [rec(ibu.id, "anc", "2026-03-18", { ...ANC_V2_VALID, lila: 22 }, 2)]), "anc.rujuk")).toEqual([]);
  });
});

describe("rules ptm.rujuk and ptm.cek_ulang: hypertension, suspected diabetes", () => {
  const pak = person(60, { sex: "L", birthDate: "1970-01-01" });
  const high = (date: string) => rec(pak.id, "ptm", date, { ...PTM_VALID, td1_sistolik: 150, td2_sistolik: 146, jenis_gula_darah: "gds", gula_darah: 240 });
  it("creates a referral and a recheck; the recheck is done by a later screening", () => {
    const r = high("2026-03-01");
    const t = run([pak], [r]);
    expect(byRule(t, "ptm.rujuk").map((x) => [x.title.id, x.dueDate])).toEqual([["Rujuk ke puskesmas: Hipertensi (rata-rata TD ≥ 140/90): rujuk dan cek ulang (+1)", "2026-03-08"]]);
    expect(byRule(t, "ptm.cek_ulang").map((x) => [x.dueDate, x.status])).toEqual([["2026-03-31", "open"]]);
    const later = rec(pak.id, "ptm", "2026-03-19", PTM_VALID);
    expect(byRule(run([pak], [r, later]), "ptm.cek_ulang").map((x) => x.status)).toEqual(["done"]);
  });
  it("does not create for normal values", () => {
    const t = run([pak], [rec(pak.id, "ptm", "2026-03-01", PTM_VALID)]);
    expect(byRule(t, "ptm.rujuk")).toEqual([]);
    expect(byRule(t, "ptm.cek_ulang")).toEqual([]);
  });
});

describe("rules tb.rujuk_tcm and tb.skrining_kontak", () => {
  const index = person(70, { sex: "L", birthDate: "1980-01-01" });
  const istri = person(71, { birthDate: "1982-01-01" });
  const anak = person(72, { birthDate: "2015-01-01" });
  const tetangga = person(73, { householdId: uid(901) });

  it("terduga TB → a TCM referral task, done when a TCM result is recorded", () => {
    const r = rec(index.id, "tb", "2026-03-10", { ...TB_VALID, batuk: "2_minggu_lebih" });
    const [t] = byRule(run([index], [r]), "tb.rujuk_tcm");
    expect(t).toMatchObject({ title: { id: "Rujuk ke laboratorium TCM: Terduga TBC: rujuk untuk pemeriksaan TCM" }, dueDate: "2026-03-17", kind: "rujukan_tcm" });
    const result = rec(index.id, "tb", "2026-03-15", { ...TB_VALID, batuk: "2_minggu_lebih", hasil_tcm: "negatif" });
    expect(byRule(run([index], [r, result]), "tb.rujuk_tcm")[0]!.status).toBe("done");
    // A presumptive case alone does not start contact investigation (Kemenkes: confirmed index).
    expect(byRule(run([index, istri, anak], [r]), "tb.skrining_kontak")).toEqual([]);
  });

  it("a confirmed index case → a screening task for every other household member, done when screened", () => {
    const ik = rec(index.id, "tb", "2026-03-10", { jenis_kunjungan: "investigasi_kontak", status_indeks: "terkonfirmasi_bakteriologis", tanggal_diagnosis: "2026-03-08", mulai_pengobatan: true, jumlah_kontak_serumah: 2 });
    const screened = rec(istri.id, "tb", "2026-03-12", TB_VALID);
    const t = byRule(run([index, istri, anak, tetangga], [ik, screened]), "tb.skrining_kontak");
    expect(t.map((x) => [x.personId, x.status, x.dueDate, x.assignee, x.sourceRecordId]).sort()).toEqual([
      [istri.id, "done", "2026-03-24", "kader", ik.id],
      [anak.id, "open", "2026-03-24", "kader", ik.id],
    ]);
  });

  it("does not create without TB symptoms", () => {
    const t = run([index, istri], [rec(index.id, "tb", "2026-03-10", TB_VALID)]);
    expect(byRule(t, "tb.rujuk_tcm")).toEqual([]);
    expect(byRule(t, "tb.skrining_kontak")).toEqual([]);
  });
});

describe("rule jiwa.rujuk_srq: SRQ-20 ≥ 6", () => {
  const ibu = person(80, { birthDate: "1985-01-01" });
  const srq = (yes: number) => rec(ibu.id, "ptm", "2026-03-10", { ...PTM_VALID, skrining_jiwa: true, ...SRQ_ALL_NO, ...Object.fromEntries(Array.from({ length: yes }, (_, i) => [`srq_${i + 1}`, true])) });
  it("creates at 6", () => {
    expect(byRule(run([ibu], [srq(6)]), "jiwa.rujuk_srq").map((t) => t.title.id)).toEqual(["Rujuk ke puskesmas: SRQ-20 ≥ 6: kemungkinan gangguan mental emosional, rujuk"]);
  });
  it("does not create at 5", () => {
    expect(byRule(run([ibu], [srq(5)]), "jiwa.rujuk_srq")).toEqual([]);
  });
});

describe("rule rujuk.lainnya: any other refer flag", () => {
  const pak = person(90, { sex: "L", birthDate: "1980-01-01" });
  it("creates (severe malaria → hospital, same day)", () => {
    const r = rec(pak.id, "malaria", "2026-03-19", { ...MALARIA_VALID, tanda_berat: ["kejang"] });
    expect(byRule(run([pak], [r]), "rujuk.lainnya")[0]).toMatchObject({ title: { id: "Rujuk ke rumah sakit: Tanda malaria berat: rujuk segera" }, dueDate: "2026-03-19", status: "overdue" });
  });
  it("does not create for a negative test", () => {
    expect(byRule(run([pak], [rec(pak.id, "malaria", "2026-03-19", MALARIA_VALID)]), "rujuk.lainnya")).toEqual([]);
  });
});

describe("rule rujukan.tidak_datang: a referral that was not reached", () => {
  const pak = person(95, { sex: "L", birthDate: "1980-01-01" });
  it("creates a kader home visit, done by any later record", () => {
    const ref = closed(uid(5000), pak.id, "tidak_datang", "2026-03-15");
    const [t] = byRule(run([pak], [], [ref]), "rujukan.tidak_datang");
    expect(t).toMatchObject({ assignee: "kader", dueDate: "2026-03-18", status: "overdue", referralId: ref.id });
    expect(byRule(run([pak], [rec(pak.id, "kunjungan-rumah", "2026-03-16", { alasan: ["tindak_lanjut"], bertemu: true, rujukan: "tidak" })], [ref]), "rujukan.tidak_datang")[0]!.status).toBe("done");
  });
  it("does not create when the patient came", () => {
    expect(byRule(run([pak], [], [closed(uid(5001), pak.id)]), "rujukan.tidak_datang")).toEqual([]);
  });
});

describe("referralsFromRecord", () => {
  const pak = person(100, { sex: "L", birthDate: "1970-01-01" });
  const r = rec(pak.id, "ptm", "2026-03-01", { ...PTM_VALID, td1_sistolik: 150, td2_sistolik: 146, skrining_jiwa: true, ...SRQ_ALL_NO, srq_17: true });
  const derived = () => deriveRecord({ def: getForm("ptm", 1)!, answers: r.data.data, visitDate: r.data.visitDate, person: pak.data });

  it("one referral per rule, ids deterministic (phone = server), matching the referral entity and the task", () => {
    const phone = referralsFromRecord(r, derived(), pak);
    const server = referralsFromRecord(JSON.parse(JSON.stringify(r)) as RecordEntity, derived(), { id: pak.id });
    expect(server).toEqual(phone);
    expect(phone.map((d) => [d.data.reason, d.data.destination])).toEqual([["ptm.srq_pikiran_bunuh_diri", "puskesmas"], ["ptm.hipertensi", "puskesmas"]]);
    for (const d of phone) {
      expect(d.id).toMatch(UUID_RE);
      expect(referralSchema.safeParse(d.data).success).toBe(true);
    }
    expect(phone[0]!.data).toMatchObject({ personId: pak.id, recordId: r.id, referredAt: "2026-03-01", outcome: null, outcomeAt: null });
    const taskRefs = run([pak], [r]).filter((t) => t.referralId).map((t) => t.referralId);
    expect(taskRefs.sort()).toEqual(phone.map((d) => d.id).sort());
  });

  it("a lasting condition already referred in the last 90 days is not referred again", () => {
    const earlier = rec(pak.id, "ptm", "2026-02-01", { ...PTM_VALID, td1_sistolik: 150, td2_sistolik: 146 });
    earlier.data.derived = deriveRecord({ def: getForm("ptm", 1)!, answers: earlier.data.data, visitDate: earlier.data.visitDate, person: pak.data }) as unknown as Record<string, unknown>;
    const drafts = referralsFromRecord(r, derived(), pak, [earlier]);
    // Suicidal thoughts are urgent and always referred; hypertension was referred a month ago.
    expect(drafts.map((d) => d.data.reason)).toEqual(["ptm.srq_pikiran_bunuh_diri"]);
  });

  it("a record without refer flags makes no referral", () => {
    const ok = rec(pak.id, "ptm", "2026-03-01", PTM_VALID);
    expect(referralsFromRecord(ok, deriveRecord({ def: getForm("ptm", 1)!, answers: ok.data.data, visitDate: ok.data.visitDate, person: pak.data }), pak)).toEqual([]);
  });
});

describe("stored derivations", () => {
  const pak = person(110, { sex: "L", birthDate: "1970-01-01" });
  it("a current stored derivation is used; 'always' recomputes it from the answers", () => {
    const r = rec(pak.id, "ptm", "2026-03-01", PTM_VALID);
    r.data.derived = { v: DERIVE_VERSION, form: "ptm@1", flags: [{ id: "ptm.curiga_dm", severity: "refer", destination: "puskesmas", label: { id: "x", en: "x" }, action: { id: "y", en: "y" } }] };
    expect(byRule(run([pak], [r]), "ptm.rujuk")).toHaveLength(1);
    expect(byRule(run([pak], [r], [], TODAY, { recompute: "always" }), "ptm.rujuk")).toEqual([]);
    // A derivation from another code version is recomputed.
    r.data.derived = { ...r.data.derived, v: DERIVE_VERSION + 1 };
    expect(byRule(run([pak], [r]), "ptm.rujuk")).toEqual([]);
  });
});

describe("todayAndOverdue: the Home screen", () => {
  it("splits open tasks due today from overdue ones, leaving done and later tasks out", () => {
    const t = (id: string, dueDate: string, status: Task["status"]): Task => ({
      id: uid(Number(id)), personId: uid(1), ruleId: "x", kind: "x", assignee: "kader", title: { id: `t${id}`, en: `t${id}` }, why: { id: "", en: "" }, text: { code: "anc_first", params: {} }, sourceRecordId: null, dueDate, status,
    });
    const { hariIni, terlambat } = todayAndOverdue([t("1", "2026-03-20", "open"), t("2", "2026-03-01", "overdue"), t("3", "2026-02-01", "overdue"), t("4", "2026-03-25", "open"), t("5", "2026-03-20", "done")], TODAY);
    expect(hariIni.map((x) => x.title.id)).toEqual(["t1"]);
    expect(terlambat.map((x) => x.title.id)).toEqual(["t3", "t2"]);
  });
});
