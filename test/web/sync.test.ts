import { describe, expect, it } from "vitest";
import * as protocol from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { backoffDelay, BACKOFF_MAX_MS } from "../../web/src/sync/backoff.ts";
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES, PULL_LIMIT, SyncEngine } from "../../web/src/sync/engine.ts";
import { TransportError } from "../../web/src/sync/transport.ts";
import { FakeTransport, freshStore, ManualTimers, offline, personChange } from "./fakes.ts";

const HH = "0190a000-0000-7000-8000-aaaaaaaaaaaa";
const person = (name: string) => ({ householdId: HH, name, sex: "P", birthDate: "1990-01-01", birthDatePrecision: "year", nik: null, relation: null, phone: null, jkn: null, pregnant: true });

async function setup() {
  const store = await freshStore();
  const transport = new FakeTransport();
  transport.servePages([], 10);
  const timers = new ManualTimers();
  let now = 1_700_000_000_000;
  const engine = new SyncEngine({ transport, store, timers, random: () => 0.5, now: () => now });
  await engine.init();
  return { store, transport, timers, engine, tick: (ms: number) => (now += ms) };
}

describe("protocol limits mirrored in the engine", () => {
  it("match domain/sync/protocol.ts", () => {
    expect(MAX_MUTATIONS_PER_PUSH).toBe(protocol.MAX_MUTATIONS_PER_PUSH);
    expect(MAX_PUSH_BYTES).toBe(protocol.MAX_PUSH_BYTES);
    expect(PULL_LIMIT).toBe(protocol.DEFAULT_PULL_LIMIT);
  });
});

describe("backoff", () => {
  it("grows exponentially, is jittered and capped", () => {
    expect(backoffDelay(1, () => 1)).toBe(2_000);
    expect(backoffDelay(2, () => 1)).toBe(4_000);
    expect(backoffDelay(5, () => 1)).toBe(32_000);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(5, () => 0.25)).toBe(8_000);
    // Never a hot loop, even when the jitter draws zero.
    expect(backoffDelay(1, () => 0)).toBeGreaterThanOrEqual(1_000);
  });

  it("schedules retries further apart while offline, and resets after success", async () => {
    const { engine, transport, timers } = await setup();
    transport.failPull = [offline(), offline(), offline()];
    await engine.sync("start");
    expect(engine.state.offline).toBe(true);
    expect(engine.state.attempt).toBe(1);
    expect(timers.delays()).toEqual([1_000]);
    timers.fire(1_000);
    await engine.sync("retry"); // joins the cycle the timer started
    await Promise.resolve();
    expect(engine.state.attempt).toBe(2);
    expect(timers.delays()).toEqual([2_000]);
    // Automatic triggers wait out the backoff; no extra request is made.
    const before = transport.pulls.length;
    await engine.sync("periodic");
    expect(transport.pulls.length).toBe(before);
    timers.fire(2_000);
    await engine.sync("retry");
    expect(engine.state.attempt).toBe(3);
    expect(timers.delays()).toEqual([4_000]);
    // Signal is back: the online event syncs at once and clears the backoff.
    await engine.sync("online");
    expect(engine.state.attempt).toBe(0);
    expect(engine.state.offline).toBe(false);
    expect(engine.state.lastSyncAt).not.toBeNull();
  });

  it("honours Retry-After on 429", async () => {
    const { engine, transport, timers } = await setup();
    transport.failPull = [new TransportError(429, "too_many_requests", "slow down", undefined, 60_000)];
    await engine.sync("start");
    expect(timers.delays()).toEqual([60_000]);
  });

  it("stops retrying on 401 and reports a revoked device", async () => {
    const { engine, transport, timers } = await setup();
    transport.failPull = [new TransportError(401, "device_revoked", "revoked")];
    await engine.sync("start");
    expect(engine.state.auth).toBe("revoked");
    expect(timers.delays()).toEqual([]);
    await engine.sync("periodic");
    expect(transport.pulls.length).toBe(1);
  });
});

describe("pull", () => {
  it("resumes an interrupted pull from the last stored cursor, with progress", async () => {
    const { engine, transport, store } = await setup();
    transport.servePages(Array.from({ length: 25 }, (_, i) => personChange(i + 1)), 10);
    const progress: (string | null)[] = [];
    engine.subscribe((s) => s.progress && progress.push(`${s.progress.received}/${s.progress.total}`));
    transport.failPull = [null, offline()];
    await engine.sync("start");
    expect(transport.pulls).toEqual([null, "c1"]);
    expect(await store.cursor()).toBe("c1");
    expect((await store.list("person")).length).toBe(10);
    expect(progress).toContain("10/25");
    await engine.sync("manual");
    expect(transport.pulls).toEqual([null, "c1", "c1", "c2"]);
    expect((await store.list("person")).length).toBe(25);
    expect(progress).toContain("20/25");
    expect(engine.state.progress).toBeNull();
    // The bar kept counting from where it stopped, not from zero.
    expect(progress).not.toContain("10/15");
  });

  it("drops synced rows on reset but keeps the outbox", async () => {
    const { engine, transport, store } = await setup();
    transport.servePages([personChange(1), personChange(2)], 10);
    await engine.sync("start");
    expect((await store.list("person")).length).toBe(2);
    const id = "0190a000-0000-7000-8000-bbbbbbbbbbbb";
    await store.save("person", id, person("Siti"));
    transport.onPush = () => new TransportError(503, "unavailable", "down");
    transport.pages.clear();
    transport.servePages([personChange(3)], 10, { reset: true });
    transport.pages.set("c1", transport.pages.get("")!);
    await engine.sync("manual"); // push fails, nothing pulled
    transport.onPush = (ms) => ms.map((m) => ({ id: m.id, status: "rejected", error: { code: "x", message: "x" } }));
    await engine.sync("manual");
    const people = await store.list("person");
    expect(people.map((p) => p.id).sort()).toEqual([personChange(3).id, id].sort());
    expect((await store.outboxItems()).length).toBe(1);
  });

  it("restarts from no cursor after invalid_cursor", async () => {
    const { engine, transport, store } = await setup();
    await store.setMeta("cursor", "garbage");
    transport.servePages([personChange(1)], 10);
    await engine.sync("start");
    expect(transport.pulls).toEqual(["garbage", null]);
    expect(await store.cursor()).toBe("c1");
    expect((await store.list("person")).length).toBe(1);
    expect(engine.state.error).toBeNull();
  });

  it("applies deletions and review flags", async () => {
    const { engine, transport, store } = await setup();
    transport.servePages([personChange(1), personChange(2), personChange(1, { deleted: true, seq: 3, version: 2, data: undefined }), personChange(2, { needsReview: true, seq: 4, version: 2 })], 10);
    await engine.sync("start");
    const people = await store.list("person");
    expect(people.map((p) => [p.id, p.needsReview])).toEqual([[personChange(2).id, true]]);
  });
});

describe("push", () => {
  it("sends saves in order, one mutation per row per push, and clears the outbox", async () => {
    const { engine, transport, store } = await setup();
    const a = uuidv7(), b = uuidv7();
    await store.save("person", a, person("Ani"));
    await store.save("person", b, person("Budi"));
    // Unsent: the edit folds into the create.
    await store.save("person", a, { ...person("Ani"), name: "Ani Lestari" });
    expect((await store.outboxItems()).length).toBe(2);
    await engine.sync("manual");
    expect(transport.pushes.length).toBe(1);
    expect(transport.pushes[0]!.map((m) => [m.entityId, m.op, m.payload.name])).toEqual([[a, "create", "Ani Lestari"], [b, "create", "Budi"]]);
    expect(engine.state.counts.pending).toBe(0);
    const ani = await store.get("person", a);
    expect(ani?.status).toBe("synced");
    expect(ani?.version).toBe(1);
  });

  it("treats duplicate answers (a retry after a lost response) as done", async () => {
    const { engine, transport, store } = await setup();
    const a = uuidv7();
    await store.save("person", a, person("Ani"));
    // The server applied it but the answer was lost.
    transport.failPush = [offline()];
    await engine.sync("manual");
    expect(engine.state.counts.pending).toBe(1);
    transport.onPush = (ms) => ms.map((m) => ({ id: m.id, status: "duplicate", originalStatus: "applied", version: 1 }));
    await engine.sync("manual");
    expect(transport.pushes.map((p) => p[0]!.id)).toEqual([transport.pushes[0]![0]!.id, transport.pushes[0]![0]!.id]);
    expect(engine.state.counts.pending).toBe(0);
    expect((await store.get("person", a))?.status).toBe("synced");
  });

  it("an edit made while the create is unanswered is sent after it, based on its version", async () => {
    const { engine, transport, store } = await setup();
    const a = uuidv7();
    await store.save("person", a, person("Ani"));
    transport.failPush = [offline()];
    await engine.sync("manual");
    // Sent once already: the server may hold it, so the edit becomes its own update.
    await store.save("person", a, { ...person("Ani"), phone: "081234567890" });
    await engine.sync("manual");
    const ops = transport.pushes.slice(1).map((p) => p.map((m) => [m.op, m.baseVersion]));
    expect(ops).toEqual([[["create", 0]], [["update", 1]]]);
    expect(transport.pushes[2]![0]!.payload).toEqual({ phone: "081234567890" });
  });

  it("keeps rejected items with their reason until fixed and resent, or discarded", async () => {
    const { engine, transport, store } = await setup();
    const a = uuidv7(), b = uuidv7();
    await store.save("person", a, person("Ani"));
    await store.save("person", b, person("Budi"));
    transport.onPush = (ms) => ms.map((m) => m.entityId === a
      ? { id: m.id, status: "rejected", error: { code: "validation_failed", message: "nik: NIK must be 16 digits", details: { field: "nik" } } }
      : { id: m.id, status: "applied", version: 1 });
    await engine.sync("manual");
    expect(engine.state.counts).toEqual({ pending: 0, rejected: 1, conflicts: 0 });
    const [item] = await store.outboxItems();
    expect(item?.state).toBe("rejected");
    expect(item?.error?.code).toBe("validation_failed");
    // Rejected items are not resent by themselves.
    await engine.sync("manual");
    expect(transport.pushes.length).toBe(1);
    // Still visible to the user, marked.
    expect((await store.get("person", a))?.status).toBe("rejected");
    // Fixing it resends it under a new id.
    transport.onPush = (ms) => ms.map((m) => ({ id: m.id, status: "applied", version: 1 }));
    await store.save("person", a, { ...person("Ani"), nik: "1804104101950001" });
    await engine.sync("manual");
    expect(transport.pushes.length).toBe(2);
    expect(transport.pushes[1]![0]!.id).not.toBe(item!.id);
    expect(transport.pushes[1]![0]!.payload.nik).toBe("1804104101950001");
    expect(engine.state.counts.rejected).toBe(0);
  });

  it("discarding a rejected item removes it", async () => {
    const { engine, transport, store } = await setup();
    await store.save("person", uuidv7(), person("Ani"));
    transport.onPush = (ms) => ms.map((m) => ({ id: m.id, status: "rejected", error: { code: "forbidden", message: "no" } }));
    await engine.sync("manual");
    const [item] = await store.outboxItems();
    await store.discard(item!.id);
    await engine.refreshCounts();
    expect(engine.state.counts).toEqual({ pending: 0, rejected: 0, conflicts: 0 });
  });

  it("handles an all-rejected 4xx envelope like a 200", async () => {
    const { store, engine } = await setup();
    const { HttpTransport } = await import("../../web/src/sync/http.ts");
    await store.save("person", uuidv7(), person("Ani"));
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      const { mutations } = JSON.parse(String(init.body)) as { mutations: { id: string }[] };
      const results = mutations.map((m) => ({ id: m.id, status: "rejected", error: { code: "forbidden", message: "outside your area" } }));
      return new Response(JSON.stringify({ error: { code: "all_rejected", message: "all rejected", details: { results } } }), { status: 422 });
    }) as unknown as typeof fetch;
    const http = new HttpTransport(() => "t", "http://x", fetchImpl);
    const e2 = new SyncEngine({ transport: { ...http, push: http.push.bind(http), pull: async () => ({ changes: [], cursor: "c", hasMore: false, reset: false, remaining: 0 }), enroll: http.enroll.bind(http), me: http.me.bind(http) }, store, timers: new ManualTimers() });
    await e2.sync("manual");
    expect(e2.state.counts.rejected).toBe(1);
    expect((await store.outboxItems())[0]?.error?.message).toBe("outside your area");
    void engine;
  });

  it("bisects a 413 to find the one item too large, and sends the rest", async () => {
    const { engine, transport, store } = await setup();
    const ids = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    for (const [i, id] of ids.entries()) await store.save("person", id, person(i === 2 ? "BIG" : `P${i}`));
    transport.onPush = (ms) => ms.some((m) => m.payload.name === "BIG")
      ? new TransportError(413, "payload_too_large", "too large")
      : ms.map((m) => ({ id: m.id, status: "applied", version: 1 }));
    await engine.sync("manual");
    expect(engine.state.counts).toEqual({ pending: 0, rejected: 1, conflicts: 0 });
    const [item] = await store.outboxItems();
    expect(item?.mutation.entityId).toBe(ids[2]);
    expect(item?.error?.code).toBe("payload_too_large");
  });

  it("splits a large outbox into pushes of at most 100", async () => {
    const { engine, transport, store } = await setup();
    for (let i = 0; i < 230; i++) await store.save("person", uuidv7(), person(`P${i}`));
    await engine.sync("manual");
    expect(transport.pushes.map((p) => p.length)).toEqual([100, 100, 30]);
  });

  it("shows a field conflict as a notice and keeps the server's value", async () => {
    const { engine, transport, store } = await setup();
    const c = personChange(1);
    transport.servePages([c], 10);
    await engine.sync("start");
    await store.save("person", c.id, { ...c.data, phone: "081111111111", name: "Orang Satu" });
    transport.onPush = (ms) => ms.map((m) => ({
      id: m.id, status: "conflict", version: 3, merged: true,
      conflicts: [{ field: "phone", serverValue: "082222222222", clientValue: "081111111111" }],
    }));
    await engine.sync("manual");
    expect(engine.state.counts).toEqual({ pending: 0, rejected: 0, conflicts: 1 });
    const [notice] = await store.notices();
    expect(notice?.conflicts[0]?.field).toBe("phone");
    const row = await store.get<{ phone: string; name: string }>("person", c.id);
    expect(row?.data.phone).toBe("082222222222");
    expect(row?.data.name).toBe("Orang Satu");
    expect(row?.needsReview).toBe(true);
    await store.dismissNotice(notice!.id);
    await engine.refreshCounts();
    expect(engine.state.counts.conflicts).toBe(0);
  });

  it("puts items back in the queue when the app died mid-push", async () => {
    const { store, transport } = await setup();
    await store.save("person", uuidv7(), person("Ani"));
    const batch = await store.takeBatch(100, 1e6);
    expect(batch[0]?.state).toBe("sending");
    await store.releaseSending();
    expect((await store.outboxItems())[0]?.state).toBe("pending");
    void transport;
  });
});

describe("store", () => {
  it("drafts are removed by the save that used them, in the same transaction", async () => {
    const { store } = await setup();
    await store.saveDraft({ key: "d1", route: "#/x", title: "x", values: { a: 1 } });
    expect((await store.getDraft("d1"))?.values).toEqual({ a: 1 });
    await store.save("person", uuidv7(), person("Ani"), { draftKey: "d1" });
    expect(await store.getDraft("d1")).toBeUndefined();
  });

  it("lists children by parent with unsent ones included", async () => {
    const { store } = await setup();
    const id = uuidv7();
    await store.save("person", id, person("Ani"));
    expect((await store.listByRef("person", `household:${HH}`)).map((p) => p.id)).toEqual([id]);
    await store.remove("person", id);
    expect(await store.listByRef("person", `household:${HH}`)).toEqual([]);
    expect(await store.outboxItems()).toEqual([]);
  });

  it("wipe clears everything", async () => {
    const { store } = await setup();
    await store.save("person", uuidv7(), person("Ani"));
    await store.setMeta("session", { token: "x" });
    await store.wipe();
    expect(await store.outboxItems()).toEqual([]);
    expect(await store.getMeta("session")).toBeUndefined();
  });
});

describe("dependent rejections", () => {
  it("a member rejected with its household goes again once the household is fixed and accepted", async () => {
    const { engine, transport, store } = await setup();
    const hh = uuidv7(), p = uuidv7();
    const household = { desaCode: "18.04.10.2001", dusunId: null, rt: null, address: null, noKk: null, pisPk: null };
    await store.save("household", hh, household);
    await store.save("person", p, { ...person("Ani"), householdId: hh });
    let accepted = false;
    transport.onPush = (ms) => ms.map((m) => (accepted ? { id: m.id, status: "applied", version: 1 } : { id: m.id, status: "rejected", error: { code: "forbidden", message: "no" } }));
    await engine.sync("manual");
    expect(engine.state.counts.rejected).toBe(2);
    accepted = true;
    await store.save("household", hh, { ...household, rt: "001" });
    await engine.sync("manual");
    expect(engine.state.counts).toEqual({ pending: 0, rejected: 0, conflicts: 0 });
    expect(transport.pushes.slice(1).map((b) => b.map((m) => m.entity))).toEqual([["household"], ["person"]]);
  });
});
