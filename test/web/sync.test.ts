import { describe, expect, it, vi } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { backoffDelay, BACKOFF_MAX_MS } from "../../web/src/sync/backoff.ts";
import { IDLE_SYNC_MAX_MS, PERIODIC_SYNC_MS, periodicDelay, SyncEngine } from "../../web/src/sync/engine.ts";
import { HttpTransport } from "../../web/src/sync/http.ts";
import { TransportError } from "../../web/src/sync/transport.ts";
import { saveRecordWithReferrals } from "../../web/src/clinical.ts";
import { FakeTransport, FieldServer, freshStore, ManualTimers, offline, personChange } from "./fakes.ts";

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

  it("a push answered 503 busy_retry waits at least its Retry-After, keeps the outbox, then sends again", async () => {
    const store = await freshStore();
    const timers = new ManualTimers();
    const now = 1_700_000_000_000;
    const pushes: number[] = [];
    let busy = true;
    // The server's answer as the Worker gives it (worker/services/push/index.ts), through the real HTTP transport.
    const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
      const path = new URL(String(url)).pathname;
      if (path !== "/api/sync/push") return Response.json({ changes: [], cursor: "c1", hasMore: false, reset: false, remaining: 0 });
      pushes.push(now);
      if (busy) {
        return Response.json({ error: { code: "busy_retry", message: "busy", details: { retryAfterSeconds: 3 } } }, { status: 503, headers: { "retry-after": "3" } });
      }
      const { mutations } = JSON.parse(String(init!.body)) as { mutations: { id: string }[] };
      return Response.json({ results: mutations.map((m) => ({ id: m.id, status: "applied", version: 1 })) });
    }) as typeof fetch;
    const transport = new HttpTransport(() => "t".repeat(40), "http://simpul.test", fetchImpl);
    const engine = new SyncEngine({ transport, store, timers, random: () => 0.5, now: () => now });
    await engine.init();
    await store.save("person", uuidv7(), person("Ani"));

    await engine.sync("manual");
    expect(engine.state.error).toMatchObject({ status: 503, code: "busy_retry" });
    // The backoff alone would wait 1 s (0.5 × 2 s); Retry-After says 3 s, so the phone waits 3 s.
    expect(backoffDelay(1, () => 0.5)).toBeLessThan(3_000);
    expect(timers.delays()).toEqual([3_000]);
    expect(engine.state.nextRetryAt).toBe(now + 3_000);
    // Retryable: the mutation stays queued, not rejected, and no automatic trigger sends it early.
    expect(engine.state.counts).toMatchObject({ pending: 1, rejected: 0 });
    await engine.sync("periodic");
    await engine.sync("save");
    expect(pushes).toHaveLength(1);

    busy = false;
    timers.fire(3_000);
    await engine.sync("retry");
    expect(pushes).toHaveLength(2);
    expect(engine.state.counts.pending).toBe(0);
    expect(engine.state.error).toBeNull();
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

describe("an idle phone", () => {
  it("backs its background sync off while nothing changes: 5, 10, 20, 40, then every 60 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(periodicDelay)).toEqual([5, 10, 20, 40, 60, 60, 60].map((m) => m * 60_000));
    expect(periodicDelay(0)).toBe(PERIODIC_SYNC_MS);
  });

  it("polls less and less when nothing moves; a save sends at once and brings the interval back to 5 minutes", async () => {
    const { engine, timers, transport, store } = await setup();
    await engine.sync("start");
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [delay] = timers.delays();
      seen.push(delay!);
      timers.fire(delay!); // starts the background cycle; wait until it has scheduled the next
      for (let k = 0; k < 200 && timers.delays().length === 0; k++) await new Promise((r) => setTimeout(r, 0));
    }
    expect(seen).toEqual([5, 10, 20, 40, 60, 60].map((m) => m * 60_000));
    expect(timers.delays()).toEqual([IDLE_SYNC_MAX_MS]);
    // Eight hours left open: 5 + 10 + 20 + 40 minutes, then hourly: 10 background pulls, not 96.
    let t = 0;
    let polls = 0;
    for (let q = 1; t + periodicDelay(q) <= 8 * 3_600_000; q++) (t += periodicDelay(q), polls++);
    expect(polls).toBe(10);
    // A save goes at once (not after the long wait), and the cycle that moved it resets the interval.
    const pushes = transport.pushes.length;
    await store.save("person", uuidv7(), person("Ani"));
    await engine.sync("save");
    expect(transport.pushes.length).toBe(pushes + 1);
    expect(timers.delays()).toEqual([PERIODIC_SYNC_MS]);
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

  it("a push answered for its first part only sends the rest again in the same cycle (the server's answer when its time ran out)", async () => {
    const { engine, transport, store } = await setup();
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    for (const [i, id] of ids.entries()) await store.save("person", id, person(`Warga ${i}`));
    const applied = (m: { id: string }) => ({ id: m.id, status: "applied" as const, version: 1 });
    let first = true;
    transport.onPush = (ms) => {
      if (!first) return ms.map(applied);
      first = false;
      return ms.slice(0, Math.ceil(ms.length / 2)).map(applied);
    };
    await engine.sync("manual");
    expect(transport.pushes.map((p) => p.map((m) => m.entityId))).toEqual([ids, [ids[2]]]);
    expect(engine.state.counts.pending).toBe(0);
    for (const id of ids) expect((await store.get("person", id))?.status).toBe("synced");
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
    const e2 = new SyncEngine({ transport: { ...http, push: http.push.bind(http), pull: async () => ({ changes: [], cursor: "c", hasMore: false, reset: false, remaining: 0 }), enroll: http.enroll.bind(http), recover: http.recover.bind(http), me: http.me.bind(http), request: http.request.bind(http) }, store, timers: new ManualTimers() });
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

  it("wipe clears everything and drops the key", async () => {
    const { store } = await setup();
    await store.save("person", uuidv7(), person("Ani"));
    await store.setSession({ token: "x", deviceId: "d", deviceName: null, user: { id: "u", name: "n", role: "pustu", areaCode: "18", dusunId: null, officeId: null }, enrolledAt: 1 });
    await store.setMeta("pinFailures", { count: 1, until: 0 });
    await store.wipe();
    expect(store.unlocked).toBe(false);
    expect(await store.counts()).toEqual({ pending: 0, rejected: 0, conflicts: 0 });
    expect(await store.db.getAll("meta")).toEqual([]);
    expect(await store.getSession()).toBeUndefined();
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

// A visit record with a hypertension flag, and the referral it makes (same id on both sides).
const PERSON = "0190a000-0000-7000-8000-bbbbbbbbbbbb";
const visit = { personId: PERSON, formId: "anc", formVersion: 2, visitDate: "2026-03-02", facilityId: null, data: { td_sistolik: 160, td_diastolik: 100 }, derived: { flags: [{ id: "anc.hipertensi" }] } };
const referralDraft = (recordId: string) => ({
  id: uuidv7(),
  data: { personId: PERSON, recordId, reason: "anc.hipertensi", reasonText: "Hipertensi", destination: "puskesmas" as const, referredAt: "2026-03-02", outcome: null, outcomeNote: null, outcomeAt: null },
});

/** The engine against a server with the real merge rule; every answer it gave is in `server.answers`. */
async function withServer() {
  const s = await setup();
  const server = new FieldServer();
  s.transport.onPush = server.push;
  return { ...s, server };
}

async function expectNoConflict(engine: SyncEngine, store: Awaited<ReturnType<typeof freshStore>>, server: FieldServer) {
  expect(server.answers.filter((a) => a.status !== "applied").map((a) => [a.status, a.conflicts])).toEqual([]);
  expect(engine.state.counts).toEqual({ pending: 0, rejected: 0, conflicts: 0 });
  expect(await store.notices()).toEqual([]);
}

describe("no false conflicts: the outbox chains a phone's own edits", () => {
  it("create, edit, edit again offline, then sync", async () => {
    const { engine, store, server } = await withServer();
    const a = uuidv7();
    await store.save("person", a, person("Ani"));
    await store.save("person", a, { ...person("Ani"), phone: "081234567890" });
    await store.save("person", a, { ...person("Ani Lestari"), phone: "081234567890" });
    await engine.sync("manual");
    await expectNoConflict(engine, store, server);
    expect(server.data("person", a)).toMatchObject({ name: "Ani Lestari", phone: "081234567890" });
  });

  it("create, edit while the create is on the wire, edit again, then the answers arrive", async () => {
    const { engine, transport, store, server } = await withServer();
    const a = uuidv7();
    await store.save("person", a, person("Ani"));
    const wire = transport.hold();
    const syncing = engine.sync("manual");
    await wire.sent;
    await store.save("person", a, { ...person("Ani"), phone: "081234567890" });
    await store.save("person", a, { ...person("Ani Lestari"), phone: "081234567890" });
    wire.release();
    await syncing;
    // The create, then one update based on the version the create's answer gave.
    expect(transport.pushes.map((p) => p.map((m) => [m.op, m.baseVersion]))).toEqual([[["create", 0]], [["update", 1]]]);
    await expectNoConflict(engine, store, server);
    expect(server.data("person", a)).toMatchObject({ name: "Ani Lestari", phone: "081234567890" });
    expect((await store.get("person", a))?.version).toBe(2);
  });

  it("a rujuk balik recorded offline right after its visit, and corrected, is no conflict with the referral the server made", async () => {
    const { engine, transport, store, server } = await withServer();
    const rec = uuidv7();
    const ref = referralDraft(rec);
    server.derives.set(rec, [{ id: ref.id, data: ref.data }]);
    await saveRecordWithReferrals(store, { recordId: rec, record: visit as never, referrals: [ref as never] });
    const outcome = { ...ref.data, outcome: "datang_ditangani", outcomeNote: null, outcomeAt: "2026-03-05" };
    await store.save("referral", ref.id, outcome);
    await store.save("referral", ref.id, { ...outcome, outcomeNote: "TD turun" });
    await engine.sync("manual");
    await expectNoConflict(engine, store, server);
    expect(server.data("referral", ref.id)).toMatchObject({ outcome: "datang_ditangani", outcomeNote: "TD turun", outcomeAt: "2026-03-05", reasonText: "Hipertensi" });
    // The referral's create carried only what the record makes; the rujuk balik went on top of it.
    const sent = transport.pushes.flat().filter((m) => m.entityId === ref.id);
    expect(sent.map((m) => [m.op, m.baseVersion, m.payload.outcome])).toEqual([["create", 0, null], ["update", 1, "datang_ditangani"]]);
    expect((await store.get("referral", ref.id))?.status).toBe("synced");
  });

  it("a rujuk balik recorded while the visit's push is unanswered is no conflict", async () => {
    const { engine, transport, store, server } = await withServer();
    const rec = uuidv7();
    const ref = referralDraft(rec);
    server.derives.set(rec, [{ id: ref.id, data: ref.data }]);
    // The visit is on the wire; the referral's create is still queued behind it.
    await store.save("record", rec, visit);
    const wire = transport.hold();
    const syncing = engine.sync("manual");
    await wire.sent;
    await store.save("referral", ref.id, ref.data);
    await store.save("referral", ref.id, { ...ref.data, outcome: "datang_ditangani", outcomeAt: "2026-03-05" });
    wire.release();
    await syncing;
    await expectNoConflict(engine, store, server);
    expect(server.data("referral", ref.id)).toMatchObject({ outcome: "datang_ditangani", outcomeAt: "2026-03-05" });
  });
});

describe("a stale edit's answer brings what others changed meanwhile", () => {
  async function stalePhone() {
    const env = await withServer();
    const a = uuidv7();
    await env.store.save("person", a, person("Ani"));
    await env.engine.sync("manual");
    // Another phone changes the JKN number; this phone has not pulled since.
    env.server.push([{ id: uuidv7(), entity: "person", entityId: a, op: "update", baseVersion: 1, payload: { jkn: "0001234567890" } }]);
    env.server.answers.length = 0;
    return { ...env, a };
  }

  it("the copy takes the other phone's value with the answer's version", async () => {
    const { engine, store, server, a } = await stalePhone();
    await store.save("person", a, { ...person("Ani Lestari") });
    await engine.sync("manual");
    expect(server.answers[0]).toMatchObject({ status: "applied", merged: true, version: 3, changed: { jkn: "0001234567890" } });
    const copy = await store.get("person", a);
    expect(copy).toMatchObject({ version: 3, data: { name: "Ani Lestari", jkn: "0001234567890" } });
  });

  it("an edit of a field the phone had not seen, queued behind it, is weighed as stale: a conflict, not a silent overwrite", async () => {
    const { engine, transport, store, server, a } = await stalePhone();
    await store.save("person", a, { ...person("Ani Lestari") });
    const wire = transport.hold();
    const syncing = engine.sync("manual");
    await wire.sent;
    // Made while the name's push is on the wire, over a JKN field the user saw empty.
    await store.save("person", a, { ...person("Ani Lestari"), jkn: "0009999999999" });
    await store.save("person", a, { ...person("Ani Lestari"), jkn: "0009999999999", phone: "081234567890" });
    wire.release();
    await syncing;
    // The create, the name (base 1), then the JKN edit kept at the base the user saw (1), not 3.
    expect(transport.pushes.map((p) => p.map((m) => m.baseVersion))).toEqual([[0], [1], [1]]);
    expect(server.answers.at(-1)).toMatchObject({ status: "conflict", conflicts: [{ field: "jkn", serverValue: "0001234567890", clientValue: "0009999999999" }] });
    expect(server.data("person", a)).toMatchObject({ jkn: "0001234567890", phone: "081234567890", name: "Ani Lestari" });
  });
});

describe("an edit over a value the phone shows from its own unanswered change", () => {
  it("is weighed from that change's base, not from a version a pull brought meanwhile (no silent overwrite)", async () => {
    const { engine, transport, store, server } = await withServer();
    const a = uuidv7();
    await store.save("person", a, person("Ani"));
    await engine.sync("manual");
    // Another phone sets the JKN number (v2).
    server.push([{ id: uuidv7(), entity: "person", entityId: a, op: "update", baseVersion: 1, payload: { jkn: "0000000000001" } }]);
    // This phone sets its own, from v1: the server keeps the other value as a conflict (v3), and
    // the answer is lost on the way back, so the edit stays in the outbox.
    await store.save("person", a, { ...person("Ani"), jkn: "0000000000002" });
    transport.onPush = (ms) => (server.push(ms), offline());
    await engine.sync("manual");
    expect(await store.outboxItems()).toHaveLength(1);
    // A third phone, which saw the conflict, writes another number (v4), and this phone pulls it.
    server.push([{ id: uuidv7(), entity: "person", entityId: a, op: "update", baseVersion: 3, payload: { jkn: "0000000000003" } }]);
    await store.applyPullPage({ changes: [{ entity: "person", id: a, version: 4, seq: 9, deleted: false, data: { ...server.data("person", a)! } }], cursor: "c9", hasMore: false, reset: false, remaining: 0 }, null);
    // The phone still shows its own number (its change is unanswered) and the user corrects it.
    expect((await store.get<{ jkn: string }>("person", a))?.data.jkn).toBe("0000000000002");
    await store.save("person", a, { ...person("Ani"), jkn: "0000000000004" });
    transport.onPush = server.push;
    server.answers.length = 0;
    await engine.sync("manual");
    // The user never saw the third phone's number: the correction is a conflict beside it, not an overwrite.
    expect(server.data("person", a)).toMatchObject({ jkn: "0000000000003" });
    expect(server.answers.at(-1)).toMatchObject({ status: "conflict", conflicts: [{ field: "jkn", serverValue: "0000000000003", clientValue: "0000000000004" }] });
  });
});

describe("a row a pull took away stays away", () => {
  it("a late answer to its create (a replay's) does not bring back a row that moved out of the phone's area", async () => {
    const { store } = await setup();
    const a = uuidv7();
    await store.save("person", a, person("Ani"));
    const sent = await store.takeBatch(100, 1_000_000);
    // The create's answer was lost; meanwhile the household moved to another dusun, and a pull
    // told this kader's phone to drop the person (version 2, after the move).
    await store.applyPullPage({ changes: [{ entity: "person", id: a, version: 2, seq: 50, deleted: true }], cursor: "c1", hasMore: false, reset: false, remaining: 0 }, null);
    await store.applyPushResults(sent, [{ id: sent[0]!.id, status: "duplicate", originalStatus: "applied", version: 1 }]);
    expect(await store.get("person", a)).toBeUndefined();
    expect(await store.outboxItems()).toEqual([]);
    // Should it come back into the area, the pull brings it again.
    await store.applyPullPage({ changes: [personChange(1, { id: a, version: 3, seq: 60 })], cursor: "c2", hasMore: false, reset: false, remaining: 0 }, null);
    expect((await store.get("person", a))?.version).toBe(3);
  });
});

describe("an edit queued behind its row's refused create", () => {
  it("goes again, on the create's version, once the create is fixed and accepted", async () => {
    const { engine, transport, store, server } = await withServer();
    const rec = uuidv7();
    const ref = referralDraft(rec);
    await saveRecordWithReferrals(store, { recordId: rec, record: visit as never, referrals: [ref as never] });
    await store.save("referral", ref.id, { ...ref.data, outcome: "datang_ditangani", outcomeAt: "2026-03-05" });
    let accepted = false;
    transport.onPush = (ms) => ms.map((m) => (!accepted && m.entity === "referral" && m.op === "create" ? { id: m.id, status: "rejected", error: { code: "forbidden", message: "no" } } : server.apply(m)));
    await engine.sync("manual");
    // The create is refused, and the rujuk balik behind it finds no row.
    expect(engine.state.counts.rejected).toBe(2);
    accepted = true;
    const create = (await store.outboxItems()).find((i) => i.mutation.op === "create")!;
    await store.resend(create.id);
    await engine.sync("manual");
    expect(engine.state.counts).toEqual({ pending: 0, rejected: 0, conflicts: 0 });
    expect(transport.pushes.slice(2).map((p) => p.map((m) => [m.op, m.baseVersion]))).toEqual([[["create", 0]], [["update", 1]]]);
    expect(server.data("referral", ref.id)).toMatchObject({ outcome: "datang_ditangani", outcomeAt: "2026-03-05" });
  });
});

describe("one change, one transaction: a visit record and its referrals", () => {
  it("are written together, with the draft's deletion, in one transaction", async () => {
    const { store } = await setup();
    await store.saveDraft({ key: "visit-1", route: "#/x", title: "x", values: {} });
    const rec = uuidv7();
    const ref = referralDraft(rec);
    const stamp = await store.dataStamp();
    const transaction = vi.spyOn(store.db, "transaction");
    await saveRecordWithReferrals(store, { recordId: rec, record: visit as never, referrals: [ref as never], draftKey: "visit-1" });
    // The data stamp's own writes (meta only, before and after: LocalStore.dataStamp) aside.
    const writes = transaction.mock.calls.filter((c) => c[1] === "readwrite" && c[0] !== "meta");
    transaction.mockRestore();
    expect(writes).toHaveLength(1);
    expect(await store.dataStamp()).not.toBe(stamp);
    expect((await store.outboxItems()).map((i) => [i.mutation.entity, i.mutation.op])).toEqual([["record", "create"], ["referral", "create"]]);
    expect(await store.getDraft("visit-1")).toBeUndefined();
  });

  it("a referral that cannot be stored leaves neither the record nor the draft's deletion", async () => {
    const { store } = await setup();
    await store.saveDraft({ key: "visit-1", route: "#/x", title: "x", values: {} });
    const rec = uuidv7();
    const bad = { ...referralDraft(rec), data: { ...referralDraft(rec).data, reasonText: 1n } };
    await expect(saveRecordWithReferrals(store, { recordId: rec, record: visit as never, referrals: [bad as never], draftKey: "visit-1" })).rejects.toThrow();
    expect(await store.outboxItems()).toEqual([]);
    expect(await store.getDraft("visit-1")).toBeDefined();
  });

  it("a write failing inside the transaction (storage full) leaves neither", async () => {
    const { store } = await setup();
    await store.saveDraft({ key: "visit-1", route: "#/x", title: "x", values: {} });
    const rec = uuidv7();
    const put = IDBObjectStore.prototype.put;
    // The disk fills up at the referral: IndexedDB refuses that one write.
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: { mutation?: { entity?: string } }, key?: IDBValidKey) {
      if (value?.mutation?.entity === "referral") throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return put.call(this, value, key);
    } as typeof put;
    try {
      await expect(saveRecordWithReferrals(store, { recordId: rec, record: visit as never, referrals: [referralDraft(rec) as never], draftKey: "visit-1" })).rejects.toThrow(/quota/);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(await store.outboxItems()).toEqual([]);
    expect(await store.getDraft("visit-1")).toBeDefined();
    // The store is usable after the abort.
    await saveRecordWithReferrals(store, { recordId: rec, record: visit as never, referrals: [referralDraft(rec) as never] });
    expect(await store.outboxItems()).toHaveLength(2);
  });
});

describe("settling conflicts on the phone", () => {
  const conflict = { id: 7, field: "name", serverValue: "Siti Aminah", clientValue: "Siti Aminah Putri", clientBy: { id: "u2", name: "Kader Ani" }, clientAt: 1_700_000_000_000, serverBy: { id: "u1", name: "Bidan Sari" }, serverAt: 1_699_000_000_000 };

  it("lists flagged rows with both values, and a choice queues one update that settles them", async () => {
    const { store, engine, transport } = await setup();
    const flagged = personChange(5, { needsReview: true, conflicts: [conflict], data: { ...personChange(5).data, name: "Siti Aminah" } });
    await store.applyPullPage({ changes: [flagged, personChange(6)], cursor: "c1", hasMore: false, reset: false, remaining: 0 }, null);
    const review = await store.listNeedingReview();
    expect(review.map((r) => r.id)).toEqual([flagged.id]);
    expect(review[0]!.conflicts).toEqual([conflict]);

    // Keeping the stored value is a decision too: the field is sent even though it did not change.
    await store.resolve("person", flagged.id, { name: "Siti Aminah" }, [7]);
    const [item] = await store.outboxItems();
    expect(item!.mutation).toMatchObject({ op: "update", entityId: flagged.id, baseVersion: 1, payload: { name: "Siti Aminah" }, resolves: [7] });
    // Settled at once on the phone; the server's answer and the next pull confirm it.
    expect(await store.listNeedingReview()).toEqual([]);
    transport.servePages([], 10);
    await engine.sync("manual");
    expect(transport.pushes.at(-1)![0]!.resolves).toEqual([7]);
    expect((await store.get("person", flagged.id))?.needsReview).toBe(false);
  });

  it("a typed value settles the conflict with that value; conflicts stay sealed at rest", async () => {
    const { store } = await setup();
    const flagged = personChange(8, { needsReview: true, conflicts: [conflict] });
    await store.applyPullPage({ changes: [flagged], cursor: "c1", hasMore: false, reset: false, remaining: 0 }, null);
    const raw = JSON.stringify(await store.db.getAll("rows"));
    expect(raw).not.toContain("Kader Ani");
    await store.resolve("person", flagged.id, { name: "Siti A. Putri" }, [7]);
    expect((await store.outboxItems())[0]!.mutation.payload).toEqual({ name: "Siti A. Putri" });
    expect((await store.get<{ name: string }>("person", flagged.id))?.data.name).toBe("Siti A. Putri");
  });
});
