/**
 * Issue 16: two kabupaten behind one `wrangler dev`, each in its own local D1, seeded as `npm start`
 * seeds them (Lampung Barat and Belitung, each with its synthetic kecamatan and a year of history).
 * A Belitung bidan's phone opens to Belitung's people only; through the API, every demo device of
 * each kabupaten pulls only its own rows; the daily cron sends each kabupaten's monthly PWS through
 * the aggregates queue to the central database, and each dinkes provinsi reads its own provinsi.
 */
import { describe, expect, it } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { api, e2eLifecycle, enrollPhone, idbOpened, openPhone, type Phone, type Server } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];
/** Small kecamatan: the point is which database a row is in, not how many. */
const PERSONS = 400;

e2eLifecycle("kabupaten", phones, (s) => (server = s), () => server, { persons: PERSONS, history: true, shards: ["18.04", "19.02"] });

async function enroll(code: string): Promise<string> {
  const res = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code });
  expect(res.status, code).toBe(200);
  return res.json.token;
}

async function pullAll(token: string): Promise<PullResponse["changes"]> {
  const out: PullResponse["changes"] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await api<PullResponse>(server, "GET", `/api/sync/pull?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, token);
    expect(res.status).toBe(200);
    out.push(...res.json.changes);
    if (!res.json.hasMore) return out;
    cursor = res.json.cursor;
  }
}

/** The Kemendagri codes a set of pulled rows names: areas, and the desa of households. */
function areaCodes(changes: PullResponse["changes"]): string[] {
  return changes.flatMap((c) => {
    const d = (c.data ?? {}) as Record<string, unknown>;
    if (c.entity === "area") return [c.id];
    return typeof d.desaCode === "string" ? [d.desaCode] : typeof d.kecCode === "string" ? [d.kecCode] : [];
  });
}

describe("two kabupaten, each in its own database", () => {
  it("each kabupaten's demo devices pull their own rows only, into tokens that name their database", { timeout: 300_000 }, async () => {
    const pairs = [["DEMO-DINK", "18.04"], ["DEMO-PSTU", "18.04"], ["DEMO-CAMT", "18.04"], ["BLTG-DINK", "19.02"], ["BLTG-PSTU", "19.02"], ["BLTG-CAMT", "19.02"]] as const;
    const seen = new Map<string, Set<string>>([["18.04", new Set()], ["19.02", new Set()]]);
    for (const [code, kab] of pairs) {
      const token = await enroll(code);
      expect(token.startsWith(kab.replace(".", "") + ".")).toBe(true);
      const changes = await pullAll(token);
      expect(changes.length, code).toBeGreaterThan(0);
      const codes = areaCodes(changes);
      expect(codes.length, code).toBeGreaterThan(0);
      expect(codes.filter((a) => !a.startsWith(kab) && a !== kab.slice(0, 2)), code).toEqual([]);
      for (const c of changes) seen.get(kab)!.add(`${c.entity}:${c.id}`);
    }
    // Not one row id in common between the two kabupaten's pulls.
    const lb = seen.get("18.04")!;
    expect([...seen.get("19.02")!].filter((k) => lb.has(k) && !k.startsWith("area:") && !k.startsWith("facility:"))).toEqual([]);
    // The rows are where the tokens say: Belitung's people are not in Lampung Barat's database.
    const [bltPersons] = server.sql<{ n: number }>("SELECT count(*) AS n FROM persons", "DB_1902");
    const [lbBelitung] = server.sql<{ n: number }>("SELECT count(*) AS n FROM households WHERE desa_code LIKE '19.%'", "DB");
    expect(bltPersons!.n).toBe(PERSONS);
    expect(lbBelitung!.n).toBe(0);
  });

  it("a Belitung bidan's phone opens to her desa's families, none of Lampung Barat's", { timeout: 300_000 }, async () => {
    const phone = await openPhone(server.url);
    phones.push(phone);
    await enrollPhone(phone.page, "BLTG-PSTU", undefined, 120_000);
    const rows = await idbOpened<{ entity: string; id: string; data: Record<string, unknown> }>(phone.page, "rows");
    const households = rows.filter((r) => r.entity === "household");
    expect(households.length).toBeGreaterThan(0);
    expect(households.every((h) => h.data.desaCode === "19.02.04.2002")).toBe(true);
    expect(rows.filter((r) => r.entity === "area").every((a) => a.id === "19" || a.id.startsWith("19.02"))).toBe(true);
    // The registry groups her families by the dusun of her desa.
    await phone.page.evaluate(() => (location.hash = "#/registry"));
    await phone.page.locator("[data-testid=dusun-list] li").first().waitFor({ timeout: 60_000 });
    expect(await phone.page.locator("body").innerText()).not.toContain("Kembahang");
  });

  it("the daily cron sends each kabupaten's monthly PWS through the queue to the central database; each dinkes provinsi reads its own", { timeout: 300_000 }, async () => {
    const fired = await fetch(`${server.url}/__scheduled?cron=${encodeURIComponent("17 3 * * *")}`);
    expect(fired.status).toBe(200);
    // Last month, final (the seed's history runs to today in WIB).
    const now = new Date(Date.now() + 7 * 3600_000);
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    interface View { units: { code: string }[]; freshness: { kabupaten: string; computedAt: string | null }[]; total: Record<string, { month: { num: number; den: number } } | undefined> }
    const lampung = await enroll("DEMO-PROV");
    const babel = await enroll("BLTG-PROV");
    expect(lampung.startsWith("pusat.")).toBe(true);
    await expect
      .poll(async () => (await api<View>(server, "GET", `/api/aggregates?month=${month}`, lampung)).json.freshness?.every((f) => f.computedAt !== null), { timeout: 180_000, interval: 2000 })
      .toBe(true);
    const lv = (await api<View>(server, "GET", `/api/aggregates?month=${month}`, lampung)).json;
    expect(lv.units.map((u) => u.code)).toEqual(["18.04"]);
    expect(Object.values(lv.total).some((c) => (c?.month.den ?? 0) > 0)).toBe(true);
    await expect
      .poll(async () => (await api<View>(server, "GET", `/api/aggregates?month=${month}`, babel)).json.freshness?.every((f) => f.computedAt !== null), { timeout: 180_000, interval: 2000 })
      .toBe(true);
    const bv = (await api<View>(server, "GET", `/api/aggregates?month=${month}`, babel)).json;
    expect(bv.units.map((u) => u.code)).toEqual(["19.02"]);
    // Neither provinsi reaches the other's kabupaten, nor any personal row.
    expect((await api(server, "GET", `/api/aggregates?month=${month}&area=19.02`, lampung)).status).toBe(403);
    expect((await api(server, "GET", `/api/aggregates?month=${month}&area=18.04`, babel)).status).toBe(403);
    expect((await api<PullResponse>(server, "GET", "/api/sync/pull", lampung)).json.changes.filter((c) => c.entity === "person" || c.entity === "household")).toEqual([]);

    // The provincial console in the browser: its kabupaten's figures for the month.
    const phone = await openPhone(server.url);
    phones.push(phone);
    await enrollPhone(phone.page, "DEMO-PROV", undefined, 120_000);
    await phone.page.evaluate(() => (location.hash = "#/provinsi"));
    await phone.page.getByTestId("agg-table").waitFor({ timeout: 60_000 });
    const text = await phone.page.getByTestId("agg-table").innerText();
    expect(text).toContain("Lampung Barat");
    expect(text).not.toContain("Belitung");
  });
});
