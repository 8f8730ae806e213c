import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PWS_INDICATORS } from "../../domain/pws/indicators.ts";
import type { PwsMissed, PwsTable, PwsTargets, PwsTrend } from "../../domain/pws/types.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { openDb } from "../../worker/db/client.ts";
import { recountMarks } from "../../worker/services/pws/recount.ts";
import { push } from "../../worker/services/push/index.ts";
import { api, DESA_A, DESA_B, household, ids, KAB, KEC, mutation, person, pushAs, type RoleName } from "./fixtures.ts";
import { ok, seedPwsWorld } from "./pws-world.ts";

/**
 * PWS golden tests (issue 11): a small world pushed through the real push path, and for every
 * indicator the numerator and denominator counted by hand below, compared with what the SQL
 * answers. Then: who sees what, targets, the drill-down, and the maintained marks against a
 * recount from scratch after edits, deletes, conflicts and moves.
 *
 * The month is October 2026; the year to date is January–October 2026.
 */
const M = "2026-10";
let tokens: Record<RoleName, string>;
const P: Record<string, string> = {};
const H: Record<string, string> = {};

async function table(month = M, area?: string, token = tokens.puskesmas): Promise<PwsTable> {
  const res = await api("GET", `/api/pws?month=${month}${area ? `&area=${area}` : ""}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<PwsTable>;
}

// The world every count below is made from (its persons and records, and why each is there): pws-world.ts.
beforeAll(async () => {
  const world = await seedPwsWorld({ full: true });
  tokens = world.tokens;
  Object.assign(P, world.P);
  Object.assign(H, world.H);
});

/** [month num, month den, ytd num, ytd den] per desa, counted by hand from the fixture above. */
type Hand = Record<"A" | "B", [number, number, number, number]>;
const zero: [number, number, number, number] = [0, 0, 0, 0];

// Sasaran at the end of October 2026, by hand:
// balita (born after 2021-10-31): A b1 b2 c1 i1 n1 = 5, B b3 = 1. Σ of each month-end Jan–Oct: A b1 b2 c1 10 each, i1 Mar–Oct 8, n1 Oct 1 = 39; B b3 10.
// 6–59 months at end of Feb and Aug: A b1 b2 (Feb) + b1 b2 c1 (Aug) = 5; B b3 twice = 2.
// Due-age cohorts (reached the antigen's due age in October / from 1 January to 31 October; born
// A months before): A=0 (HB0) born in October: A n1; Jan–Oct 2026: A i1 n1. A=1 (BCG, OPV 1)
// born Dec 2025–Sep 2026: A i1. A=2 born Nov 2025–Aug 2026: A i1. A=3 born Oct 2025–Jul 2026:
// A i1. A=4 born Sep 2025–Jun 2026: A c1 i1. A=9 (MR 1, IPV 2) born Apr 2025–Jan 2026: A b2 c1.
// A=12 (PCV 3, IDL) born Jan–Oct 2025: A b1 b2 c1. A=18 (boosters) born Jul 2024–Apr 2025: A b1
// (B's b3, born March 2024, reached 18 months in 2025). Nobody reached a due age in October
// itself but n1 (born in October, HB0).
// 15–59 (born 1966–2010): A w1 w3 w4 a1 a2 = 5, B w2 w5 = 2. 60+: B l1 = 1. Born in October: A n1; January–October: A i1 n1.
// Households: A 2, B 1. Pregnancies registered Jan–Oct: A w1 (HPHT March); w2 (B) was marked pregnant today, after October.
/** An antigen over its due-age cohort: desa A [month num, month den, ytd num, ytd den]; desa B has none. */
const antigenHand = (a: [number, number, number, number]): Hand => ({ A: a, B: zero });
const HAND: Record<string, Hand> = {
  "balita.ds": { A: [2, 5, 3, 39], B: [0, 1, 1, 10] },
  "balita.nd": { A: [1, 2, 1, 3], B: [0, 0, 0, 1] },
  "balita.stunting": { A: [1, 2, 1, 3], B: [0, 0, 0, 1] },
  "balita.wasting": { A: [0, 2, 0, 3], B: [0, 0, 0, 1] },
  "balita.underweight": { A: [1, 2, 1, 3], B: [0, 0, 0, 1] },
  "balita.vita": { A: [0, 0, 0, 5], B: [0, 0, 1, 2] },
  // SDIDTK over the 2026 annual balita sasaran (born 2021–2025: A b1 b2 c1, B b3): KPSP in October
  // b1 and b2; the year's second KPSP: b1 (April, October). i1's KPSP (born 2026) is not counted.
  "balita.sdidtk": { A: [2, 3, 1, 3], B: [0, 1, 0, 1] },
  // MTBS: b3 seen in September (no pneumonia) and October (45/min at 31 months: PNEUMONIA).
  "balita.pneumonia": { A: zero, B: [1, 1, 1, 2] },
  // c1's IDL in June, among those who turned one January–October (b1 b2 c1).
  "imunisasi.idl": { A: [0, 0, 1, 3], B: zero },
  "imunisasi.do_dpt_mr": { A: [0, 0, 1, 2], B: zero },
  // HB0: n1 in October (at KN1), i1 in March, over the babies born in October (n1) and in 2026 (i1 n1).
  "imunisasi.hb0": antigenHand([1, 1, 2, 2]),
  // c1's catch-up doses (at 9 months, June) count in the year's doses, over the younger cohort:
  // BCG, OPV 1 and the 2-month antigens 2 ÷ 1 (i1 and c1's doses; i1 alone reached the age).
  ...Object.fromEntries(["bcg", "opv1", "dpt1", "opv2", "pcv1", "rv1"].map((a) => [`imunisasi.${a}`, antigenHand([0, 0, 2, 1])])),
  ...Object.fromEntries(["dpt2", "opv3", "pcv2", "rv2"].map((a) => [`imunisasi.${a}`, antigenHand([0, 0, 1, 1])])),
  ...Object.fromEntries(["dpt3", "opv4", "ipv1", "rv3", "mr1", "ipv2"].map((a) => [`imunisasi.${a}`, antigenHand([0, 0, 1, 2])])),
  "imunisasi.pcv3": antigenHand([0, 0, 0, 3]),
  ...Object.fromEntries(["dpt4", "mr2"].map((a) => [`imunisasi.${a}`, antigenHand([0, 0, 0, 1])])),
  "ibu_hamil.k1": { A: [0, 1, 1, 1], B: zero },
  "ibu_hamil.k4": { A: [1, 1, 1, 1], B: zero },
  "ibu_hamil.k6": { A: [0, 1, 0, 1], B: zero },
  "ibu_hamil.kek": { A: [0, 0, 1, 1], B: zero },
  "ibu_hamil.anemia": { A: [0, 0, 1, 1], B: zero },
  "ibu_hamil.risti": { A: [0, 1, 1, 1], B: zero },
  "ibu_hamil.risti_rujuk": { A: [0, 0, 1, 1], B: zero },
  // Births recorded: A w3 (August, nifas only: faskes, bidan), w4 (October, persalinan: home, bidan;
  // her nifas "faskes" is the same delivery and does not count); B w5 (September, puskesmas, bidan).
  "ibu_hamil.pf": { A: [0, 1, 1, 2], B: [0, 0, 1, 1] },
  "ibu_hamil.pn": { A: [1, 1, 2, 2], B: [0, 0, 1, 1] },
  // KB within 42 days: w4 (17 days after); w5's KB came 45 days after.
  "ibu_hamil.kbpp": { A: [1, 1, 1, 2], B: [0, 0, 0, 1] },
  "ibu_hamil.kf": { A: [0, 1, 1, 2], B: [0, 0, 0, 1] },
  "ibu_hamil.kn": { A: [1, 1, 1, 2], B: zero },
  "catin.anemia": { A: [1, 2, 1, 2], B: zero },
  "catin.kek": { A: [1, 1, 1, 1], B: zero },
  "ptm.skrining_produktif": { A: [1, 5, 2, 5], B: [0, 2, 0, 2] },
  "ptm.skrining_lansia": { A: zero, B: [1, 1, 1, 1] },
  "ptm.hipertensi": { A: [1, 1, 1, 2], B: [0, 1, 0, 1] },
  "ptm.dm": { A: [1, 1, 1, 2], B: [0, 1, 0, 1] },
  "menular.tb_terduga": { A: [1, 2, 1, 2], B: zero },
  "menular.tb_rujuk": { A: [1, 1, 1, 1], B: zero },
  "menular.malaria_pos": { A: [1, 2, 1, 2], B: zero },
  "keluarga.iks": { A: [0, 2, 1, 2], B: [0, 1, 1, 1] },
};

describe("PWS golden: every indicator against a hand count", () => {
  it("covers every indicator (JE, shown only where JE is given, has its own test: pws-je.test.ts)", async () => {
    expect(Object.keys(HAND).sort()).toEqual(PWS_INDICATORS.map((x) => x.id).filter((id) => id !== "imunisasi.je").sort());
    // Lampung is not a JE area: the table leaves JE out (c1's JE dose in July is still marked).
    expect((await table()).indicators).toEqual(PWS_INDICATORS.map((x) => x.id).filter((id) => id !== "imunisasi.je"));
  });

  it("the kecamatan table: per desa, month and January–October, and the total", async () => {
    const t = await table();
    expect(t.area).toEqual({ code: KEC, name: "Batu Brak", level: "kecamatan" });
    expect(t.units.map((u) => u.code)).toEqual([DESA_A, DESA_B]);
    const got = (id: string, desa: string) => {
      const c = t.cells[id]![desa]!;
      return [c.month.num, c.month.den, c.ytd.num, c.ytd.den];
    };
    for (const [id, hand] of Object.entries(HAND)) {
      expect({ id, A: got(id, DESA_A), B: got(id, DESA_B) }).toEqual({ id, A: hand.A, B: hand.B });
      const tot = t.total[id]!;
      expect([tot.month.num, tot.month.den, tot.ytd.num, tot.ytd.den], `${id} total`).toEqual(hand.A.map((x, i) => x + hand.B[i]!));
    }
    expect(t.classes!["keluarga.iks"]).toEqual({ [DESA_A]: { sehat: 0, pra_sehat: 1, tidak_sehat: 0 }, [DESA_B]: { sehat: 0, pra_sehat: 0, tidak_sehat: 1 } });
    expect(t.targets["balita.stunting"]).toBe(14);
  });

  it("a desa view has dusun rows", async () => {
    const t = await table(M, DESA_A);
    expect(t.area.level).toBe("desa");
    expect(t.units.map((u) => u.code).sort()).toEqual([ids.dusunA1, ids.dusunA2].sort());
    // D/S: Dusun I b1 weighed of b1 i1 n1; Dusun II b2 of b2 c1.
    expect(t.cells["balita.ds"]![ids.dusunA1]!.month).toEqual({ num: 1, den: 3 });
    expect(t.cells["balita.ds"]![ids.dusunA2]!.month).toEqual({ num: 1, den: 2 });
    expect(t.total["balita.ds"]!.month).toEqual({ num: 2, den: 5 });
  });

  it("the kabupaten view names each desa's kecamatan", async () => {
    const t = await table(M, undefined, tokens.dinkes);
    expect(t.area).toMatchObject({ code: KAB, level: "kabupaten" });
    expect(t.units.find((u) => u.code === DESA_A)).toMatchObject({ kind: "desa", kecCode: KEC });
    expect(t.total["balita.ds"]!.month).toEqual({ num: 2, den: 6 });
  });

  it("a pregnancy marked in the registry without ANC counts from the month it was marked", async () => {
    const now = new Date().toISOString().slice(0, 7);
    const t = await table(now);
    expect(t.cells["ibu_hamil.k1"]![DESA_B]!.ytd).toEqual({ num: 0, den: 1 });
  });

  it("the trend gives the 12 months up to `to`", async () => {
    const res = await api("GET", `/api/pws/trend?indicator=balita.ds&to=${M}`, { token: tokens.puskesmas });
    expect(res.status).toBe(200);
    const t = (await res.json()) as PwsTrend;
    expect(t.months[0]).toBe("2025-11");
    expect(t.months[11]).toBe(M);
    expect(t.series[DESA_A]![11]).toEqual({ num: 2, den: 5 });
    expect(t.series[DESA_A]![10]).toEqual({ num: 1, den: 4 }); // September: b1 of b1 b2 c1 i1
    expect(t.total[11]).toEqual({ num: 2, den: 6 });
    const bad = await api("GET", `/api/pws/trend?indicator=nope&to=${M}`, { token: tokens.puskesmas });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("unknown_indicator");
  });
});

describe("PWS drill-down: the sasaran not yet served", () => {
  it("balita not weighed in October, with what is missing", async () => {
    const res = await api("GET", `/api/pws/missed?indicator=balita.ds&unit=${DESA_A}&month=${M}`, { token: tokens.puskesmas });
    expect(res.status).toBe(200);
    const m = (await res.json()) as PwsMissed;
    expect(m.people.map((p) => p.name).sort()).toEqual(["Uji c1", "Uji i1", "Uji n1"]);
    expect(m.people.every((p) => p.missing.join() === "ditimbang")).toBe(true);
    const c1 = m.people.find((p) => p.name === "Uji c1")!;
    expect(c1).toMatchObject({ dusunId: ids.dusunA2, dusunName: "Dusun II", age: { months: 13 } });
  });

  it("a dusun's list; the IDL gaps; K1 of a pregnancy marked without ANC", async () => {
    const d = (await (await api("GET", `/api/pws/missed?indicator=balita.ds&unit=${ids.dusunA1}&month=${M}`, { token: tokens.pustu })).json()) as PwsMissed;
    expect(d.people.map((p) => p.name).sort()).toEqual(["Uji i1", "Uji n1"]);
    // IDL's list is its cohort: those who turned one from January to October 2026, born
    // January–October 2025 (b1 and b2 have no immunisation recorded; c1 is complete), not i1 and
    // n1, who are not one yet.
    const basic = ["hb0", "bcg", "opv1", "dpt1", "opv2", "pcv1", "rv1", "dpt2", "opv3", "pcv2", "rv2", "dpt3", "opv4", "ipv1", "rv3", "mr1", "ipv2"];
    const idl = (await (await api("GET", `/api/pws/missed?indicator=imunisasi.idl&unit=${DESA_A}&month=${M}`, { token: tokens.puskesmas })).json()) as PwsMissed;
    expect(idl.people.map((p) => [p.name, p.missing, p.lastServiceDate]).sort()).toEqual([["Uji b1", basic, null], ["Uji b2", basic, null]]);
    // In March 2027 i1 turns one (born January–March 2026) and lacks the antigens due from 3 months on.
    const idl27 = (await (await api("GET", `/api/pws/missed?indicator=imunisasi.idl&unit=${DESA_A}&month=2027-03`, { token: tokens.puskesmas })).json()) as PwsMissed;
    const i1 = idl27.people.find((p) => p.name === "Uji i1")!;
    expect(i1.missing).toEqual(["dpt2", "opv3", "pcv2", "rv2", "dpt3", "opv4", "ipv1", "rv3", "mr1", "ipv2"]);
    expect(i1.lastServiceDate).toBe("2026-05-12");
    const now = new Date().toISOString().slice(0, 7);
    const k1 = (await (await api("GET", `/api/pws/missed?indicator=ibu_hamil.k1&unit=${DESA_B}&month=${now}`, { token: tokens.puskesmas })).json()) as PwsMissed;
    expect(k1.people.map((p) => [p.name, p.missing])).toEqual([["Uji w2", ["k1"]]]);
  });

  it("SDIDTK: the annual sasaran without a second KPSP this year; KB pascapersalinan: births recorded without KB in 42 days", async () => {
    const get = async (indicator: string) => (await (await api("GET", `/api/pws/missed?indicator=${indicator}&unit=${DESA_A}&month=${M}`, { token: tokens.puskesmas })).json()) as PwsMissed;
    // 2026 sasaran in A: b1 b2 c1; b1 has two KPSP (April, October); b2 one (October); c1 none.
    const sd = await get("balita.sdidtk");
    expect(sd.people.map((p) => [p.name, p.missing, p.lastServiceDate]).sort()).toEqual([["Uji b2", ["kpsp"], "2026-10-05"], ["Uji c1", ["kpsp"], null]]);
    // Births recorded in A from January: w3 (August, no KB), w4 (October, KB on the 20th).
    const kb = await get("ibu_hamil.kbpp");
    expect(kb.people.map((p) => [p.name, p.missing])).toEqual([["Uji w3", ["kb_pascasalin"]]]);
  });

  it("names only for who may read health data there; an indicator without a list says so", async () => {
    const path = `/api/pws/missed?indicator=balita.ds&unit=${DESA_A}&month=${M}`;
    for (const [role, status] of [["dinkes", 200], ["puskesmas", 200], ["pustu", 200], ["pustuB", 403], ["camat", 403], ["kader", 403], ["mitraKua", 403], ["puskesmasOther", 403]] as const) {
      expect((await api("GET", path, { token: tokens[role] })).status, role).toBe(status);
    }
    const none = await api("GET", `/api/pws/missed?indicator=balita.stunting&unit=${DESA_A}&month=${M}`, { token: tokens.puskesmas });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("no_drill_down");
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'pws.missed'").first<{ n: number }>();
    expect(audits!.n).toBeGreaterThan(0);
  });
});

describe("PWS access", () => {
  it("who sees the table, and of which area", async () => {
    const cases: [RoleName, string | undefined, number, string?][] = [
      ["dinkes", undefined, 200, "kabupaten"], ["puskesmas", undefined, 200, "kecamatan"], ["pustu", undefined, 200, "desa"], ["camat", undefined, 200, "kecamatan"],
      ["kader", undefined, 403], ["mitraKua", undefined, 403], ["pustu", KEC, 403], ["pustu", DESA_B, 403], ["puskesmasOther", KEC, 403], ["camat", DESA_A, 200, "desa"],
    ];
    for (const [role, area, status, level] of cases) {
      const res = await api("GET", `/api/pws?month=${M}${area ? `&area=${area}` : ""}`, { token: tokens[role] });
      expect(res.status, `${role} ${area}`).toBe(status);
      if (level) expect(((await res.json()) as PwsTable).area.level).toBe(level);
    }
    expect((await api("GET", `/api/pws?month=${M}&area=18.04.99`, { token: tokens.dinkes })).status).toBe(404);
    expect((await api("GET", `/api/pws?month=2026-13`, { token: tokens.dinkes })).status).toBe(422);
  });

  it("targets: the puskesmas sets its kecamatan's, the dinkes any of its kabupaten; validated and audited", async () => {
    const put = (role: RoleName, body: unknown) => api("PUT", "/api/pws/targets", { token: tokens[role], body });
    const ok1 = await put("puskesmas", { year: 2026, targets: { "balita.ds": 85, "balita.stunting": 12 } });
    expect(ok1.status).toBe(200);
    expect((await ok1.json()) as PwsTargets).toMatchObject({ kecCode: KEC, year: 2026, custom: ["balita.ds", "balita.stunting"], targets: { "balita.ds": 85, "balita.nd": 80 } });
    expect((await table()).targets["balita.ds"]).toBe(85);
    const reset = await put("dinkes", { year: 2026, area: KEC, targets: { "balita.stunting": null } });
    expect(((await reset.json()) as PwsTargets).custom).toEqual(["balita.ds"]);
    for (const role of ["pustu", "camat", "kader", "mitraKua"] as const) expect((await put(role, { year: 2026, targets: { "balita.ds": 90 } })).status, role).toBe(403);
    expect((await put("puskesmasOther", { year: 2026, area: KEC, targets: { "balita.ds": 90 } })).status).toBe(403);
    const bad = await put("puskesmas", { year: 2026, targets: { "balita.ds": 120, nope: 5, "keluarga.iks": 50 } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string; details: { fields: Record<string, string> } } }).error).toMatchObject({
      code: "validation_failed", details: { fields: { "balita.ds": expect.any(String), nope: "unknown indicator", "keluarga.iks": expect.any(String) } },
    });
    const get = await api("GET", "/api/pws/targets?year=2026", { token: tokens.pustu });
    expect(((await get.json()) as PwsTargets).targets["balita.ds"]).toBe(85);
    expect((await api("GET", "/api/pws/targets?year=2026", { token: tokens.dinkes })).status).toBe(422);
    expect((await api("GET", `/api/pws/targets?year=2026&area=${KEC}`, { token: tokens.kader })).status).toBe(403);
    const audits = await env.DB.prepare("SELECT details FROM audit_log WHERE action = 'pws.targets' ORDER BY id").all<{ details: string }>();
    expect(audits.results.map((r) => JSON.parse(r.details))).toEqual([{ year: 2026, set: ["balita.ds", "balita.stunting"], reset: [] }, { year: 2026, set: [], reset: ["balita.stunting"] }]);
  });
});

describe("PWS marks: the maintained table equals a recount from scratch", () => {
  const db = () => openDb(env.DB);
  async function expectRecount() {
    const stored = await env.DB.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks").all<Record<string, string>>();
    const rows = stored.results.map((r) => [r.person_id, r.code, r.month, r.desa, r.dusun]).sort((a, b) => a.join("|").localeCompare(b.join("|")));
    expect(rows).toEqual(await recountMarks(db()));
    // pws_counts is their sum (triggers), with no row left at zero.
    const counts = await env.DB.prepare("SELECT yr, desa, dusun, code, month, n FROM pws_counts ORDER BY yr, desa, dusun, code, month").all();
    const summed = await env.DB.prepare(
      "SELECT CAST(substr(month, 1, 4) AS INTEGER) AS yr, desa, dusun, code, month, count(*) AS n FROM pws_marks GROUP BY desa, dusun, code, month ORDER BY yr, desa, dusun, code, month",
    ).all();
    expect(counts.results).toEqual(summed.results);
    return rows.length;
  }

  it("after the fixture", async () => {
    expect(await expectRecount()).toBeGreaterThan(50);
  });

  it("after an edit, a stale edit's conflict, a delete and a person's flag", async () => {
    const row = await env.DB.prepare("SELECT id, version FROM records WHERE person_id = ? AND visit_date = '2026-10-12'").bind(P.b1).first<{ id: string; version: number }>();
    // b1 lost weight in October after all: T, not N.
    await ok(tokens.pustu, [mutation("record", row!.id, "update", { data: { bb: 10.8, panjang_tinggi: 86, posisi_ukur: "berbaring" } }, row!.version)]);
    expect((await table()).cells["balita.nd"]![DESA_A]!.month).toEqual({ num: 0, den: 2 });
    // A stale edit of the same field from another phone: a conflict; the server's answers (and marks) stay.
    const stale = await pushAs(tokens.puskesmas, [mutation("record", row!.id, "update", { data: { bb: 11.9, panjang_tinggi: 86, posisi_ukur: "berbaring" } }, row!.version)]);
    expect(stale.results[0]!.status).toBe("conflict");
    expect((await table()).cells["balita.nd"]![DESA_A]!.month).toEqual({ num: 0, den: 2 });
    // a2's malaria test deleted.
    const mal = await env.DB.prepare("SELECT id, version FROM records WHERE person_id = ? AND form_id = 'malaria'").bind(P.a2).first<{ id: string; version: number }>();
    await ok(tokens.pustu, [mutation("record", mal!.id, "delete", {}, mal!.version)]);
    expect((await table()).cells["menular.malaria_pos"]![DESA_A]!.month).toEqual({ num: 1, den: 1 });
    // w3 marked pregnant again (registered today).
    await ok(tokens.pustu, [mutation("person", P.w3!, "update", { pregnant: true }, 1)]);
    await expectRecount();
  });

  it("after a push that left its marks to the next read (it kept losing races on them)", async () => {
    // Push as the pustu with the marks left dirty from the first plan (what a push does after
    // PUSH_MARKS_ATTEMPTS lost plans): the rows are stored, the marks wait in pws_dirty.
    const pustu = await env.DB.prepare("SELECT id FROM users WHERE name = 'Uji pustu'").first<{ id: string }>();
    const principal = { userId: pustu!.id, role: "pustu" as const, areaCode: DESA_A, dusunId: null, officeId: null };
    const row = await env.DB.prepare("SELECT id, version FROM records WHERE person_id = ? AND visit_date = '2026-10-12'").bind(P.b1).first<{ id: string; version: number }>();
    const [r] = await push(db(), principal, [mutation("record", row!.id, "update", { data: { bb: 12.4, panjang_tinggi: 86, posisi_ukur: "berbaring" } }, row!.version)], Date.now(), Math.random, 0);
    expect(r!.status).toBe("applied");
    expect((await env.DB.prepare("SELECT person_id FROM pws_dirty").all()).results).toEqual([{ person_id: P.b1 }]);
    const stored = await env.DB.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks").all<Record<string, string>>();
    expect(stored.results.length, "not yet recounted").toBeGreaterThan(0);
    // The next PWS read settles them: the table counts the new weighing, and the marks equal a recount.
    expect((await table()).cells["balita.nd"]![DESA_A]!.month).toEqual({ num: 1, den: 2 });
    expect((await env.DB.prepare("SELECT count(*) AS n FROM pws_dirty").first<{ n: number }>())!.n).toBe(0);
    await expectRecount();
  });

  it("after moves: a household to another dusun, a person to another desa, and a deleted person", async () => {
    const hh = await env.DB.prepare("SELECT version FROM households WHERE id = ?").bind(H.a2).first<{ version: number }>();
    await ok(tokens.pustu, [mutation("household", H.a2!, "update", { dusunId: ids.dusunA1 }, hh!.version)]);
    const dusunView = await table(M, DESA_A);
    expect(dusunView.cells["balita.ds"]![ids.dusunA1]!.month).toEqual({ num: 2, den: 5 });
    await expectRecount();
    // a1 moves to pekon B (household hB): their October screening, TB, malaria and IKS go along.
    const a1 = await env.DB.prepare("SELECT version FROM persons WHERE id = ?").bind(P.a1).first<{ version: number }>();
    await ok(tokens.puskesmas, [mutation("person", P.a1!, "update", { householdId: H.b }, a1!.version)]);
    const t = await table();
    expect(t.cells["ptm.hipertensi"]![DESA_B]!.month).toEqual({ num: 1, den: 2 });
    expect(t.cells["ptm.hipertensi"]![DESA_A]!.month).toEqual({ num: 0, den: 0 });
    expect(t.classes!["keluarga.iks"]![DESA_B]).toEqual({ sehat: 0, pra_sehat: 1, tidak_sehat: 1 });
    await expectRecount();
    // b2 deleted: no marks left.
    const b2 = await env.DB.prepare("SELECT version FROM persons WHERE id = ?").bind(P.b2).first<{ version: number }>();
    await ok(tokens.pustu, [mutation("person", P.b2!, "delete", {}, b2!.version)]);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM pws_marks WHERE person_id = ?").bind(P.b2).first<{ n: number }>())!.n).toBe(0);
    await expectRecount();
  });
});
