import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { AGGREGATES_QUEUE_NAME, type AggregateMessage } from "../../domain/aggregates/pws.ts";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import type { PwsTable } from "../../domain/pws/types.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import type { Env } from "../../worker/env.ts";
import worker from "../../worker/index.ts";
import { enqueueAggregates, scheduleAggregates } from "../../worker/services/aggregates/queue.ts";
import { api, BLT, DESA_A, DESA_B, enrollUser, household, KAB, KEC, KEC_OTHER, mutation, person, seedBelitung, type RoleName } from "./fixtures.ts";
import { ok, rec, seedPwsWorld } from "./pws-world.ts";

/**
 * The aggregates flow (issue 16; docs/SCALE.md, "Aggregates"): PWS data in Lampung Barat's and
 * Belitung's databases, the daily cron through the real queue (Miniflare's) into the central
 * database, the central rows equal to the console's figures, a redelivery that changes nothing,
 * no name or NIK in the central store, and who may read what: a dinkes provinsi its provinsi's
 * kabupaten only, nothing personal.
 */
const M = "2026-10";
/** The cron's run: early November 2026 (the previous month, October, is the world's month). */
const CRON_AT = Date.parse("2026-11-05T03:17:00Z");
let tokens: Record<RoleName, string>;
let blt: Record<"dinkes" | "puskesmas" | "pustu", string>;
let prov18: string;
let prov19: string;
let personA: string;

type Count = { num: number | null; den: number | null; pct: number | null };
const NULL = { num: null, den: null, pct: null };
interface View {
  area: { code: string; level: string };
  unitLevel: string;
  units: { code: string; name: string }[];
  indicators: string[];
  cells: Record<string, Record<string, { month: Count; ytd: Count }>>;
  total: Record<string, { month: Count; ytd: Count }>;
  freshness: { shard: string; kabupaten: string; computedAt: string | null; final: boolean; recomputedUntil: string; rows: number }[];
}

async function get<T>(path: string, token: string, status = 200): Promise<T> {
  const res = await api("GET", path, { token });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
  return res.json() as Promise<T>;
}

const central = () => env.CENTRAL;
async function centralRows(month: string, lo: string) {
  return (await central().prepare("SELECT desa, indicator, num_month, den_month, num_ytd, den_ytd FROM pws_aggregates WHERE month = ? AND desa >= ? AND desa < ? ORDER BY desa, indicator")
    .bind(month, `${lo}.`, `${lo}/`).all<Record<string, string | number>>()).results;
}
const runs = async () => (await central().prepare("SELECT shard, month, rows FROM aggregate_runs ORDER BY shard, month").all<{ shard: string; month: string; rows: number }>()).results;

beforeAll(async () => {
  const world = await seedPwsWorld({ full: true });
  tokens = world.tokens;
  personA = world.P.w1!;
  // Belitung: one household of desa A, a balita weighed in October and a woman of 15–59.
  ({ tokens: blt } = await seedBelitung());
  const hh = uuidv7();
  const balita = uuidv7();
  await ok(blt.pustu, [
    mutation("household", hh, "create", household(BLT.desaA, null)),
    mutation("person", balita, "create", person(hh, { name: "Uji balita Belitung", sex: "L", birthDate: "2025-02-01" })),
    mutation("person", uuidv7(), "create", person(hh, { name: "Uji ibu Belitung", birthDate: "1994-01-01" })),
    rec(balita, "balita", "2026-10-08", { bb: 10.5, panjang_tinggi: 80, posisi_ukur: "berbaring" }),
  ]);
  // The provincial users, in the central database (their tokens name it: "pusat.…").
  ({ token: prov18 } = await enrollUser("prov18", { role: "dinkes_provinsi", areaCode: "18" }, "PROV-UJI1", { key: "pusat", d1: env.CENTRAL }));
  ({ token: prov19 } = await enrollUser("prov19", { role: "dinkes_provinsi", areaCode: "19" }, "PROV-UJI2", { key: "pusat", d1: env.CENTRAL }));
  expect(prov18.startsWith("pusat.")).toBe(true);

  // The daily cron, through the real queue: twelve months of backfill per kabupaten (no run yet).
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: CRON_AT, cron: "17 3 * * *" }), env as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  await vi.waitUntil(async () => (await runs()).length === 24, { timeout: 60_000, interval: 200 });
}, 120_000);

describe("the flow", () => {
  it("the cron backfills twelve months of each kabupaten through the queue", async () => {
    const r = await runs();
    expect(r.filter((x) => x.shard === "1804").map((x) => x.month)).toEqual(["2025-12", ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`)]);
    expect(r.filter((x) => x.shard === "1902")).toHaveLength(12);
    expect(r.find((x) => x.shard === "1804" && x.month === M)!.rows).toBeGreaterThan(0);
    expect(r.find((x) => x.shard === "1902" && x.month === M)!.rows).toBeGreaterThan(0);
  });

  it("the central rows are the console's figures, desa by desa", async () => {
    const rows = await centralRows(M, KAB);
    let compared = 0;
    for (const [kec, token] of [[KEC, tokens.puskesmas], [KEC_OTHER, tokens.puskesmasOther]] as const) {
      const table = await get<PwsTable>(`/api/pws?month=${M}&area=${kec}`, token);
      for (const id of table.indicators) {
        for (const u of table.units) {
          const c = table.cells[id]![u.code]!;
          const row = rows.find((r) => r.desa === u.code && r.indicator === id);
          expect(row, `${u.code} ${id}`).toMatchObject({ num_month: c.month.num, den_month: c.month.den, num_ytd: c.ytd.num, den_ytd: c.ytd.den });
          compared++;
        }
      }
    }
    expect(rows).toHaveLength(compared);
    // The world has something to compare: desa A's October weighings.
    expect(rows.find((r) => r.desa === DESA_A && r.indicator === "balita.ds")).toMatchObject({ num_month: 2, den_month: 5 });
  });

  it("the kabupaten's total is the kabupaten console's", async () => {
    const console = await get<PwsTable>(`/api/pws?month=${M}`, tokens.dinkes);
    const view = await get<View>(`/api/aggregates?month=${M}`, tokens.dinkes);
    expect(view.area).toMatchObject({ code: KAB, level: "kabupaten" });
    expect(view.unitLevel).toBe("kecamatan");
    expect(view.units.map((u) => u.code)).toEqual([KEC, KEC_OTHER]);
    for (const id of console.indicators) {
      const t = console.total[id]!;
      expect(view.total[id], id).toMatchObject({ month: { num: t.month.num, den: t.month.den }, ytd: { num: t.ytd.num, den: t.ytd.den } });
    }
  });

  it("a redelivered message gives the same table, and a stale row is replaced", async () => {
    const before = await centralRows(M, KAB);
    const changedAt = () => central().prepare("SELECT changed_at AS at FROM pws_aggregates WHERE month = ? AND desa = ? AND indicator = 'balita.ds'").bind(M, DESA_B).first<{ at: number }>();
    const unchangedAt = (await changedAt())!.at;
    // A stale row (a desa gone from the kabupaten) and a cell changed since: both put back.
    await central().prepare("INSERT INTO pws_aggregates VALUES (?, '18.04.10.9999', 'balita.ds', 1, 1, 1, 1, 0)").bind(M).run();
    await central().prepare("UPDATE pws_aggregates SET num_month = 99 WHERE month = ? AND desa = ? AND indicator = 'balita.ds'").bind(M, DESA_A).run();
    for (let i = 0; i < 2; i++) {
      const batch = createMessageBatch<AggregateMessage>(AGGREGATES_QUEUE_NAME, [{ id: `m${i}`, timestamp: new Date(), attempts: 1, body: { kind: "pws-month", shard: "1804", month: M } }]);
      const ctx = createExecutionContext();
      await worker.queue(batch as never, env as unknown as Env);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([`m${i}`]);
      expect(result.retryMessages).toEqual([]);
      expect(await centralRows(M, KAB)).toEqual(before);
    }
    expect(await runs()).toHaveLength(24);
    // An unchanged cell was not written again (D1 bills rows written).
    expect((await changedAt())!.at).toBe(unchangedAt);
  });

  it("a message for an unknown kabupaten is retried, not acked", async () => {
    const batch = createMessageBatch<AggregateMessage>(AGGREGATES_QUEUE_NAME, [{ id: "x", timestamp: new Date(), attempts: 1, body: { kind: "pws-month", shard: "9999", month: M } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as unknown as Env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["x"]);
  });

  it("the next cron sends the previous and the current month only; without a queue it runs inline", async () => {
    const sent: AggregateMessage[] = [];
    const fakeQueue = { sendBatch: async (b: { body: AggregateMessage }[]) => void sent.push(...b.map((x) => x.body)) };
    await scheduleAggregates({ ...(env as unknown as Env), AGGREGATES_QUEUE: fakeQueue as never }, CRON_AT, () => undefined);
    expect(sent).toEqual([
      { kind: "pws-month", shard: "1804", month: "2026-10" }, { kind: "pws-month", shard: "1804", month: "2026-11" },
      { kind: "pws-month", shard: "1902", month: "2026-10" }, { kind: "pws-month", shard: "1902", month: "2026-11" },
    ]);
    const pending: Promise<unknown>[] = [];
    const how = await enqueueAggregates({ ...(env as unknown as Env), AGGREGATES_QUEUE: undefined }, [{ kind: "pws-month", shard: "1902", month: "2026-09" }], Date.now(), (p) => pending.push(p));
    expect(how).toBe("inline");
    await Promise.all(pending);
    expect((await runs()).find((r) => r.shard === "1902" && r.month === "2026-09")).toBeTruthy();
  });

  it("no central column holds a name or a NIK: counts, codes and area names only", async () => {
    const cols = async (t: string) => (await central().prepare(`SELECT name FROM pragma_table_info('${t}')`).all<{ name: string }>()).results.map((c) => c.name);
    expect(await cols("pws_aggregates")).toEqual(["month", "desa", "indicator", "num_month", "den_month", "num_ytd", "den_ytd", "changed_at"]);
    expect(await cols("aggregate_runs")).toEqual(["shard", "month", "computed_at", "rows", "desa"]);
    expect(await cols("aggregate_areas")).toEqual(["code", "level", "parent_code", "name", "shard", "updated_at"]);
    // Every person and user of the world is called "Uji …"; no value of the aggregates is.
    for (const t of ["pws_aggregates", "aggregate_runs", "aggregate_areas"]) {
      const rows = (await central().prepare(`SELECT * FROM ${t}`).all<Record<string, unknown>>()).results;
      expect(rows.length, t).toBeGreaterThan(0);
      for (const r of rows) for (const v of Object.values(r)) expect(String(v), t).not.toMatch(/Uji|\d{16}/);
    }
  });
});

describe("who sees what", () => {
  it("a dinkes provinsi of 18 sees Lampung Barat per kabupaten, not Belitung", async () => {
    const view = await get<View>(`/api/aggregates?month=${M}`, prov18);
    expect(view.area).toMatchObject({ code: "18", level: "provinsi" });
    expect(view.units.map((u) => u.code)).toEqual([KAB]);
    expect(view.freshness.map((f) => f.shard)).toEqual(["1804"]);
    // October is recomputed by every cron of November: final only from 1 December (WIB).
    expect(view.freshness[0]).toMatchObject({ final: Date.now() >= Date.parse("2026-11-30T17:00:00Z"), recomputedUntil: "2026-11-30" });
    // Small cells at every level for a dinkes provinsi: Lampung Barat's D/S is 2/6 (4 not weighed), so
    // the kabupaten's figure, and the provinsi's total (the same), are hidden.
    expect(view.cells["balita.ds"]![KAB]!.month).toEqual(NULL);
    expect(view.total["balita.ds"]!.month).toEqual(NULL);
    expect(JSON.stringify(view)).not.toContain("19.02");
    await get(`/api/aggregates?month=${M}&area=${BLT.kab}`, prov18, 403);
    await get(`/api/aggregates?month=${M}&area=${BLT.kec}`, prov18, 403);
    // Drill-down: the kabupaten per kecamatan, a kecamatan per desa; under a hidden figure everything is hidden,
    // or the kecamatan (desa) would sum back to it.
    const kab = await get<View>(`/api/aggregates?month=${M}&area=${KAB}`, prov18);
    expect(kab.units.map((u) => u.code)).toEqual([KEC, KEC_OTHER]);
    expect(kab.cells["balita.ds"]![KEC]!.month).toEqual(NULL);
    expect(kab.total["balita.ds"]!.month).toEqual(NULL);
    const kec = await get<View>(`/api/aggregates?month=${M}&area=${KEC}`, prov18);
    expect(kec.unitLevel).toBe("desa");
    expect(kec.units.map((u) => u.code)).toEqual([DESA_A, DESA_B]);
    expect(kec.cells["balita.ds"]![DESA_B]!.month).toEqual(NULL);
    expect(kec.cells["balita.ds"]![DESA_A]!.month).toEqual(NULL);
    expect(kec.total["balita.ds"]!.month).toEqual(NULL);
    // Whatever a dinkes provinsi is shown is safe: both the counted and the rest reach 5 (or none is counted).
    for (const v of [view, kab, kec]) {
      for (const per of [...Object.values(v.cells), ...Object.values(v.total).map((c) => ({ total: c }))]) {
        for (const c of Object.values(per).flatMap((x) => [x.month, x.ytd])) {
          if (c.num === null || (c.num === 0 && c.den === 0)) continue;
          expect(c.den! - c.num, JSON.stringify(c)).toBeGreaterThanOrEqual(5);
          expect(c.num === 0 || c.num >= 5, JSON.stringify(c)).toBe(true);
        }
      }
    }
    await get(`/api/aggregates?month=${M}&area=${DESA_A}`, prov18, 422);
  });

  it("the review's column: an empty desa protects nothing, and what a dinkes provinsi is shown adds up to no small cell", async () => {
    // March 2026 of D/S, planted (no cron recomputes it again): A 0/0, B 0/2, C 8/10, D 9/12; the other kecamatan 20/40.
    const P = "2026-03";
    const [C, D, E] = [`${KEC}.2003`, `${KEC}.2004`, `${KEC_OTHER}.2001`];
    const planted: [string, number, number][] = [[DESA_A, 0, 0], [DESA_B, 0, 2], [C, 8, 10], [D, 9, 12], [E, 20, 40]];
    await central().batch([
      central().prepare("DELETE FROM pws_aggregates WHERE month >= '2026-01' AND month <= ? AND indicator = 'balita.ds' AND desa >= ? AND desa < ?").bind(P, `${KAB}.`, `${KAB}/`),
      ...planted.map(([desa, num, den]) =>
        central().prepare("INSERT INTO pws_aggregates (month, desa, indicator, num_month, den_month, num_ytd, den_ytd, changed_at) VALUES (?, ?, 'balita.ds', ?, ?, ?, ?, 0)").bind(P, desa, num, den, num, den)),
    ]);
    const ds = (v: View, u: string) => v.cells["balita.ds"]![u]!.month;
    const prov = await get<View>(`/api/aggregates?month=${P}`, prov18);
    expect(ds(prov, KAB)).toEqual({ num: 37, den: 64, pct: 57.8 });
    const kab = await get<View>(`/api/aggregates?month=${P}&area=${KAB}`, prov18);
    expect(ds(kab, KEC)).toEqual({ num: 17, den: 24, pct: 70.8 });
    expect(ds(kab, KEC_OTHER)).toEqual({ num: 20, den: 40, pct: 50 });
    for (const token of [prov18, tokens.dinkes]) {
      const kec = await get<View>(`/api/aggregates?month=${P}&area=${KEC}`, token);
      expect(ds(kec, DESA_A)).toEqual({ num: 0, den: 0, pct: null });
      // B alone would be total − C − D; B ∪ C leaves 4 not weighed, so D and C go too.
      for (const u of [DESA_B, C, D]) expect(ds(kec, u), u).toEqual(NULL);
      expect(kec.total["balita.ds"]!.month).toEqual({ num: 17, den: 24, pct: 70.8 });
      expect(kec.cells["balita.ds"]![C]!.ytd).toEqual(NULL);
    }
  });

  it("a dinkes provinsi of 19 sees Belitung, not Lampung Barat", async () => {
    const view = await get<View>(`/api/aggregates?month=${M}`, prov19);
    expect(view.units.map((u) => u.code)).toEqual([BLT.kab]);
    // Belitung's one balita, weighed (1/1): a small cell, hidden.
    expect(view.cells["balita.ds"]![BLT.kab]!.month).toEqual(NULL);
    expect(JSON.stringify(view)).not.toContain("18.04");
    await get(`/api/aggregates?month=${M}&area=${KAB}`, prov19, 403);
    await get(`/api/aggregates/trend?indicator=balita.ds&to=${M}&area=18`, prov19, 403);
  });

  it("the trend: twelve months per kabupaten, the month's figures", async () => {
    const trend = await get<{ months: string[]; series: Record<string, (Count | null)[]>; total: (Count | null)[] }>(`/api/aggregates/trend?indicator=balita.ds&to=${M}`, prov18);
    expect(trend.months).toHaveLength(12);
    expect(trend.months.at(-1)).toBe(M);
    // 2/6 is a small cell for a dinkes provinsi; its dinkes sees it plainly.
    expect(trend.series[KAB]![11]).toEqual(NULL);
    expect(trend.total[11]).toEqual(NULL);
    const own = await get<{ series: Record<string, (Count | null)[]>; total: (Count | null)[] }>(`/api/aggregates/trend?indicator=balita.ds&to=${M}&area=${KAB}`, tokens.dinkes);
    expect(own.total[11]).toMatchObject({ num: 2, den: 6 });
    // Per desa, its small desa are hidden, though not the kecamatan it sees in its kabupaten view.
    const desa = await get<{ series: Record<string, (Count | null)[]>; total: (Count | null)[] }>(`/api/aggregates/trend?indicator=balita.ds&to=${M}&area=${KEC}`, tokens.dinkes);
    expect(desa.series[DESA_A]![11]).toEqual(NULL);
    expect(desa.series[DESA_B]![11]).toEqual(NULL);
    expect(desa.total[11]).toMatchObject({ num: 2, den: 6 });
    // November 2025 was not backfilled (the backfill starts in December 2025).
    expect(trend.months[0]).toBe("2025-11");
    expect(trend.series[KAB]![0]).toBeNull();
    await get(`/api/aggregates/trend?indicator=nope&to=${M}`, prov18, 400);
  });

  it("a dinkes reads its own kabupaten's, not its provinsi's nor another's; other roles get 403", async () => {
    // Its kecamatan plainly (it reads their names in its PWS console); its desa with small cells suppressed.
    const kab = await get<View>(`/api/aggregates?month=${M}&area=${KAB}`, tokens.dinkes);
    expect(kab.cells["balita.ds"]![KEC]!.month).toMatchObject({ num: 2, den: 6 });
    expect(kab.total["balita.ds"]!.month).toMatchObject({ num: 2, den: 6 });
    const kec = await get<View>(`/api/aggregates?month=${M}&area=${KEC}`, tokens.dinkes);
    // Desa B has one balita (den 1): hidden; desa A (2/5) is small itself, or the kecamatan's 2/6 would give B back.
    expect(kec.cells["balita.ds"]![DESA_B]!.month).toEqual(NULL);
    expect(kec.cells["balita.ds"]![DESA_A]!.month).toEqual(NULL);
    expect(kec.total["balita.ds"]!.month).toEqual({ num: 2, den: 6, pct: 33.3 });
    await get(`/api/aggregates?month=${M}&area=18`, tokens.dinkes, 403);
    await get(`/api/aggregates?month=${M}&area=${BLT.kab}`, tokens.dinkes, 403);
    await get(`/api/aggregates?month=${M}`, blt.dinkes);
    for (const t of [tokens.puskesmas, tokens.pustu, tokens.kader, tokens.camat, tokens.mitraKua, blt.puskesmas]) await get(`/api/aggregates?month=${M}`, t, 403);
  });

  it("a dinkes publishes its own kabupaten; a dinkes provinsi cannot publish", async () => {
    const res = await api("POST", "/api/aggregates/publish", { token: blt.dinkes, body: { month: M } });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ shard: "1902", kabupaten: BLT.kab, month: M, queued: true });
    expect((await api("POST", "/api/aggregates/publish", { token: prov18, body: { month: M } })).status).toBe(403);
    expect((await api("POST", "/api/aggregates/publish", { token: blt.dinkes, body: { month: "2099-01" } })).status).toBe(422);
  });

  it("the provincial token reaches nothing personal", async () => {
    const pull = await get<PullResponse>("/api/sync/pull?limit=2000", prov18);
    expect(pull.changes).toEqual([]);
    for (const path of [`/api/persons/${personA}`, `/api/pws?month=${M}&area=${KAB}`, `/api/pws/missed?indicator=balita.ds&unit=${DESA_A}&month=${M}`, `/api/fhir/summary?area=${KEC}&month=${M}`, "/api/admin/users"]) {
      expect((await api("GET", path, { token: prov18 })).status, path).toBe(403);
    }
    // Its push is refused too (the central database knows no desa, and the role writes no health data): nothing is written.
    const push = await api("POST", "/api/sync/push", { token: prov18, body: { mutations: [mutation("household", uuidv7(), "create", household(DESA_A, null))] } });
    expect([403, 422]).toContain(push.status);
    for (const t of ["households", "persons", "records"]) expect((await central().prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>())!.n, t).toBe(0);
    // A provincial token edited to name a kabupaten database is unknown there.
    expect((await api("GET", "/api/sync/pull", { token: prov18.replace(/^pusat\./, "1804.") })).status).toBe(401);
    expect(DESA_B).toBeTruthy();
  });
});
