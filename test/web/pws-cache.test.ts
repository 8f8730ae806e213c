/**
 * The console's offline copies: sealed in the meta store (names in a drill-down are personal), per
 * user, opened when the server does not answer, marked offline; capped.
 */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { PwsMissed, PwsTable, PwsTargets } from "../../domain/pws/types.ts";
import { Cipher, LockedError } from "../../web/src/store/cipher.ts";
import { openSimpulDB } from "../../web/src/store/db.ts";
import { LocalStore } from "../../web/src/store/local.ts";
import { TransportError } from "../../web/src/sync/transport.ts";
import { rawIdbText } from "./fakes.ts";
import type { PwsApi } from "../../web/src/screens/pws/api.ts";
import { NotCachedError, PWS_CACHE_MAX, PwsData } from "../../web/src/screens/pws/data.ts";
import { missed, SECRET_NAME, table } from "./pws-fixtures.ts";

let n = 0;
async function store() {
  const name = `pws-cache-${++n}-${Math.random()}`;
  const s = await LocalStore.open(name);
  s.unlock(await Cipher.random());
  return { s, name };
}


/** A server the test switches off (no answer: status 0) or makes refuse. */
class FakeApi implements PwsApi {
  online = true;
  refuse: TransportError | null = null;
  calls: string[] = [];
  saved: Record<string, number | null> | null = null;
  private gate<T>(what: string, v: () => T): Promise<T> {
    this.calls.push(what);
    if (!this.online) return Promise.reject(new TransportError(0, "network", "offline"));
    if (this.refuse) return Promise.reject(this.refuse);
    return Promise.resolve(structuredClone(v()));
  }
  table(q: { month: string }): Promise<PwsTable> {
    return this.gate(`table ${q.month}`, () => table(q.month));
  }
  trend(): Promise<never> {
    return Promise.reject(new TransportError(0, "network", "offline"));
  }
  missed(q: { indicator: string; unit: string; month: string }): Promise<PwsMissed> {
    return this.gate(`missed ${q.unit}`, () => missed());
  }
  targets(q: { year: number }): Promise<PwsTargets> {
    return this.gate(`targets ${q.year}`, () => ({ kecCode: "18.04.10", year: q.year, targets: { "balita.ds": 80 }, custom: [] }));
  }
  saveTargets(q: { year: number }, targets: Record<string, number | null>): Promise<PwsTargets> {
    this.saved = targets;
    return this.gate(`save ${q.year}`, () => ({ kecCode: "18.04.10", year: q.year, targets: { ...targets }, custom: Object.keys(targets) }));
  }
}

describe("LocalStore cached answers", () => {
  it("round trip: sealed at rest, opened with the key, refused while locked, bound to their key", async () => {
    const { s, name } = await store();
    await s.putCached("pws:u1:missed:x", missed(), 1000);
    const got = await s.getCached<PwsMissed>("pws:u1:missed:x");
    expect(got).toEqual({ value: missed(), at: 1000 });
    expect(await s.getCached("pws:u1:missed:none")).toBeUndefined();
    expect(await s.listCached("pws:u1:")).toEqual([{ key: "pws:u1:missed:x", at: 1000 }]);
    expect(await s.listCached("pws:u2:")).toEqual([]);

    // Nothing personal in clear: the name is not in the stored bytes.
    const raw = await rawIdbText(name, ["meta"], { keysOf: ["meta"] });
    expect(raw).toContain("pws:u1:missed:x");
    expect(raw).not.toContain(SECRET_NAME);
    expect(raw).not.toContain("Pekon Atas");

    // A box moved under another key does not open (its key is its additional data).
    const db = await openSimpulDB(name);
    await db.put("meta", await db.get("meta", "cache:pws:u1:missed:x"), "cache:pws:u1:missed:y");
    db.close();
    await expect(s.getCached("pws:u1:missed:y")).rejects.toThrow();

    s.lock();
    await expect(s.getCached("pws:u1:missed:x")).rejects.toBeInstanceOf(LockedError);
    await expect(s.putCached("pws:u1:t", 1)).rejects.toBeInstanceOf(LockedError);

    // The wipe (revoked phone, forgotten PIN) takes the copies with the meta store.
    s.unlock(await Cipher.random());
    await s.wipe();
    expect(await s.listCached("")).toEqual([]);
  });
});

describe("PWS offline copies (PwsData)", () => {
  it("opens the last table offline, marked with when it was kept; online answers are not marked", async () => {
    const { s } = await store();
    const api = new FakeApi();
    const data = new PwsData(api, s, "u1", () => 5000);
    const online = await data.table("2026-11");
    expect(online.offline).toBe(false);
    expect(online.data.month).toBe("2026-11");

    api.online = false;
    const off = await data.table("2026-11");
    expect(off).toEqual({ data: table("2026-11"), offline: true, at: 5000 });
    // Another month was never loaded: the last table loaded opens instead (its own month shows).
    const other = await data.table("2026-10");
    expect(other.offline && other.data.month).toBe("2026-11");
    // The drill-down was never loaded: nothing to open.
    await expect(data.missed("imunisasi.idl", "18.04.10.2001", "2026-11")).rejects.toBeInstanceOf(NotCachedError);
    await expect(data.trend("balita.ds", "2026-11")).rejects.toBeInstanceOf(NotCachedError);
  });

  it("keeps a drill-down sealed and opens it offline; another user on the phone does not see it", async () => {
    const { s, name } = await store();
    const api = new FakeApi();
    await new PwsData(api, s, "u1").missed("imunisasi.idl", "18.04.10.2001", "2026-11");
    expect(await rawIdbText(name, ["meta"], { keysOf: ["meta"] })).not.toContain(SECRET_NAME);
    api.online = false;
    const off = await new PwsData(api, s, "u1").missed("imunisasi.idl", "18.04.10.2001", "2026-11");
    expect(off.offline).toBe(true);
    expect(off.data.people.map((p) => p.name)).toContain(SECRET_NAME);
    await expect(new PwsData(api, s, "u2").missed("imunisasi.idl", "18.04.10.2001", "2026-11")).rejects.toBeInstanceOf(NotCachedError);
  });

  it("a refusal is not hidden behind a copy: a 403 reaches the screen", async () => {
    const { s } = await store();
    const api = new FakeApi();
    const data = new PwsData(api, s, "u1");
    await data.table("2026-11");
    api.refuse = new TransportError(403, "forbidden", "no");
    await expect(data.table("2026-11")).rejects.toMatchObject({ code: "forbidden" });
    // A server that is down (503) is like no signal: the copy opens.
    api.refuse = new TransportError(503, "busy_retry", "busy");
    expect((await data.table("2026-11")).offline).toBe(true);
  });

  it("keeps at most PWS_CACHE_MAX answers, the oldest go first; the last table stays", async () => {
    const { s } = await store();
    const api = new FakeApi();
    let now = 0;
    const data = new PwsData(api, s, "u1", () => ++now);
    for (let i = 0; i < PWS_CACHE_MAX + 5; i++) await data.targets(2000 + i);
    await data.table("2026-11");
    const keys = (await s.listCached("pws:u1:")).map((c) => c.key);
    expect(keys.filter((k) => !k.includes(":last:")).length).toBe(PWS_CACHE_MAX);
    expect(keys).not.toContain("pws:u1:targets:-:2000");
    expect(keys).toContain("pws:u1:table:-:2026-11");
    api.online = false;
    expect((await data.table("2025-01")).data.month).toBe("2026-11");
  });

  it("saving targets goes to the server and the copy follows the answer", async () => {
    const { s } = await store();
    const api = new FakeApi();
    const data = new PwsData(api, s, "u1");
    await data.saveTargets(2026, { "balita.ds": 82.5 });
    expect(api.saved).toEqual({ "balita.ds": 82.5 });
    api.online = false;
    expect((await data.targets(2026)).data.targets["balita.ds"]).toBe(82.5);
    await expect(data.saveTargets(2026, { "balita.ds": 1 })).rejects.toMatchObject({ status: 0 });
  });
});
