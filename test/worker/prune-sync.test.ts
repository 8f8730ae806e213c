import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { MAX_OFFLINE_MS } from "../../domain/sync/retention.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import worker from "../../worker/index.ts";
import { api, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * The daily prune of the sync bookkeeping (worker/services/prune.ts) against devices that come
 * back inside and after the longest allowed offline period. Time is the test's: pushes take
 * Date.now() (faked), the prune takes the cron's scheduledTime.
 */
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();
const at = (daysAgo: number) => vi.setSystemTime(NOW - daysAgo * DAY);

/** A phone's synced copy, applied the way web/src/store/local.ts applies a pull page. */
type Copy = Map<string, { version: number; data: unknown }>;
interface Device {
  token: string;
  copy: Copy;
  cursor?: string;
}

/** Pull to the end (small pages); returns the pages' reset flags and the changes received. */
async function sync(d: Device, limit = 4) {
  const resets: boolean[] = [];
  const received: PullResponse["changes"] = [];
  for (let page = 0; page < 100; page++) {
    const q = new URLSearchParams({ limit: String(limit), ...(d.cursor ? { cursor: d.cursor } : {}) });
    const res = await api("GET", `/api/sync/pull?${q}`, { token: d.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PullResponse;
    resets.push(body.reset);
    if (body.reset) d.copy.clear();
    for (const c of body.changes) {
      const k = `${c.entity}:${c.id}`;
      if (c.deleted) d.copy.delete(k);
      else d.copy.set(k, { version: c.version, data: c.data });
    }
    received.push(...body.changes);
    d.cursor = body.cursor;
    if (!body.hasMore) return { resets, received };
  }
  throw new Error("pull did not end");
}

/** What a device enrolled today receives: the server's set for that scope. */
async function fresh(token: string): Promise<Copy> {
  const d: Device = { token, copy: new Map() };
  await sync(d, 500);
  return d.copy;
}

const device = (token: string): Device => ({ token, copy: new Map() });
const copyOf = (d: Device): Device => ({ token: d.token, copy: new Map(d.copy), cursor: d.cursor });

let tokens: Record<RoleName, string>;
const row = {
  hh1: uuidv7(), hh2: uuidv7(),
  // Dusun A1 (the kader's): kept, edited before the window, deleted before the window.
  a1Kept: uuidv7(), a1Edited: uuidv7(), a1Gone: uuidv7(),
  // Dusun A2: deleted before the window; deleted, edited and created inside it.
  a2GoneOld: uuidv7(), a2GoneNew: uuidv7(), a2Edited: uuidv7(), a2New: uuidv7(),
};
let away: Device; // synced 130 days ago, then away
let kaderAway: Device; // the kader's phone, synced 130 days ago, then away
let inside: Device; // synced 130 and 30 days ago
let kaderRegular: Device; // the kader's other phone, synced every few weeks; its dusun is quiet from day 95
let seqBeforeWindow: number; // the last seq pushed before the window
let seqInWindow: number; // the first seq pushed inside it
let pruned: Record<string, number | "failed">;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(130);
  ({ tokens } = await seedWorld());
  const setup = await pushAs(tokens.pustu, [
    mutation("household", row.hh1, "create", household(undefined, ids.dusunA1)),
    mutation("household", row.hh2, "create", household(undefined, ids.dusunA2)),
    ...[row.a1Kept, row.a1Edited, row.a1Gone].map((id) => mutation("person", id, "create", person(row.hh1))),
    ...[row.a2GoneOld, row.a2GoneNew, row.a2Edited].map((id) => mutation("person", id, "create", person(row.hh2))),
  ]);
  expect(setup.results.every((r) => r.status === "applied")).toBe(true);
  away = device(tokens.pustu);
  kaderAway = device(tokens.kader);
  await sync(away);
  await sync(kaderAway);
  inside = copyOf(away);
  kaderRegular = copyOf(kaderAway);

  // Before the window: an edit and two deletions, then another edit of the same person.
  at(100);
  const old = await pushAs(tokens.pustu, [
    mutation("person", row.a1Edited, "update", { phone: "081234567890" }, 1),
    mutation("person", row.a1Gone, "delete", {}, 1),
    mutation("person", row.a2GoneOld, "delete", {}, 1),
  ]);
  expect(old.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
  at(95);
  expect((await pushAs(tokens.pustu, [mutation("person", row.a1Edited, "update", { jkn: "0001234567890" }, 2)])).results[0]!.status).toBe("applied");
  // The last change before the window is in dusun A2: the kader's scope is quiet from day 95.
  at(92);
  expect((await pushAs(tokens.pustu, [mutation("person", row.a2GoneNew, "update", { phone: "081211111111" }, 1)])).results[0]!.status).toBe("applied");
  seqBeforeWindow = (await env.DB.prepare("SELECT max(seq) AS s FROM change_log").first<{ s: number }>())!.s;

  at(60);
  await sync(kaderRegular);
  at(30);
  await sync(inside);
  at(20);
  await sync(kaderRegular);

  // Inside the window, in dusun A2 only: the kader's dusun stays quiet.
  at(10);
  const recent = await pushAs(tokens.pustu, [
    mutation("person", row.a2GoneNew, "delete", {}, 2),
    mutation("person", row.a2Edited, "update", { phone: "081299999999" }, 1),
    mutation("person", row.a2New, "create", person(row.hh2)),
  ]);
  expect(recent.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
  seqInWindow = seqBeforeWindow + 1;

  at(0);
  pruned = await runPrune(NOW);
});

afterAll(() => {
  vi.useRealTimers();
});

/**
 * The Cron Trigger, as Cloudflare runs it: the cron puts each kabupaten database's chores on
 * CHORES_QUEUE (worker/services/chores.ts) and the queue's consumer prunes Lampung Barat's; its
 * log line says what went.
 */
async function runPrune(scheduledTime: number) {
  const logged: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
  const line = () => logged.find((l) => l.includes('"prune"') && l.includes('"database":"1804"'));
  try {
    await worker.scheduled(createScheduledController({ scheduledTime, cron: "17 3 * * *" }), env);
    await vi.waitFor(() => expect(line()).toBeDefined(), { timeout: 15_000, interval: 100 });
  } finally {
    spy.mockRestore();
  }
  return (JSON.parse(line()!) as { deleted: Record<string, number | "failed"> }).deleted;
}

const tombstones = async () =>
  (await env.DB.prepare("SELECT entity_id FROM sync_index WHERE deleted = 1").all<{ entity_id: string }>()).results.map((r) => r.entity_id).sort();

describe("pruning the sync bookkeeping (Cron Trigger)", () => {
  it("keeps 90 days", () => {
    expect(MAX_OFFLINE_MS).toBe(90 * DAY);
  });

  it("drops tombstones, superseded change-log rows and receipts from before the window, and keeps the window's", async () => {
    // Tombstones: a1Gone, a2GoneOld. Change log: a1Edited's versions 1 and 2, a1Gone's and
    // a2GoneOld's creates, a2GoneNew's create. Receipts: 8 + 3 + 1 + 1 pushed before the window.
    expect(pruned).toMatchObject({ sync_tombstones: 2, sync_change_log: 5, sync_receipts: 13 });
    expect(await tombstones()).toEqual([row.a2GoneNew]);
    const mark = await env.DB.prepare("SELECT through_seq AS s FROM sync_pruned WHERE job = 'tombstones'").first<{ s: number }>();
    expect(mark!.s).toBe(seqBeforeWindow);

    // The edited person's three changes before the window are one row holding all their fields.
    const log = await env.DB.prepare("SELECT version, fields FROM change_log WHERE entity_id = ? ORDER BY seq").bind(row.a1Edited).all<{ version: number; fields: string }>();
    expect(log.results.map((r) => r.version)).toEqual([3]);
    expect(JSON.parse(log.results[0]!.fields)).toEqual(expect.arrayContaining(["name", "phone", "jkn", "householdId"]));
    // A person changed inside the window keeps its history: its create stays beside the edit.
    const recent = await env.DB.prepare("SELECT version FROM change_log WHERE entity_id = ? ORDER BY seq").bind(row.a2Edited).all<{ version: number }>();
    expect(recent.results.map((r) => r.version)).toEqual([1, 2]);

    const receipts = await env.DB.prepare("SELECT count(*) AS n FROM receipts WHERE at < ?").bind(NOW - MAX_OFFLINE_MS).first<{ n: number }>();
    expect(receipts!.n).toBe(0);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM receipts").first<{ n: number }>())!.n).toBe(3);

    // A second run the same day has nothing left to do.
    expect(await runPrune(NOW)).toMatchObject({ sync_tombstones: 0, sync_change_log: 0, sync_receipts: 0 });
  });

  it("resets a device that was away longer than the window: it ends with exactly the server's set", async () => {
    const { resets } = await sync(away);
    expect(resets[0]).toBe(true);
    expect(away.copy).toEqual(await fresh(tokens.pustu));
    for (const gone of [row.a1Gone, row.a2GoneOld, row.a2GoneNew]) expect(away.copy.has(`person:${gone}`)).toBe(false);
    expect(away.copy.get(`person:${row.a2New}`)).toBeDefined();
    // Once caught up it pulls deltas again, however quiet its scope.
    expect((await sync(away)).resets).toEqual([false]);

    // The kader's dusun has had no change inside the window: one reset, then deltas.
    expect((await sync(kaderAway)).resets[0]).toBe(true);
    expect(kaderAway.copy).toEqual(await fresh(tokens.kader));
    expect(kaderAway.copy.has(`person:${row.a1Gone}`)).toBe(false);
    expect((await sync(kaderAway)).resets).toEqual([false]);
  });

  it("never resets a device that syncs inside the window, however long its own scope has been quiet", async () => {
    const { resets, received } = await sync(kaderRegular);
    expect(resets).toEqual([false]);
    expect(received).toEqual([]);
    expect(kaderRegular.copy).toEqual(await fresh(tokens.kader));
  });

  it("gives a device inside the window an incremental pull with its deletes", async () => {
    const { resets, received } = await sync(inside);
    expect(resets.every((r) => !r)).toBe(true);
    expect(received.map((c) => `${c.id}${c.deleted ? " deleted" : ""}`).sort()).toEqual(
      [`${row.a2GoneNew} deleted`, row.a2Edited, row.a2New].sort(),
    );
    expect(received.every((c) => c.seq >= seqInWindow)).toBe(true);
    expect(inside.copy).toEqual(await fresh(tokens.pustu));
  });

  it("merges a stale edit from before the window against every field changed since: a conflict, never a silent overwrite", async () => {
    // Based on version 1 (130 days old): the phone was changed at version 2, whose own
    // change-log row is folded away.
    const stale = await pushAs(tokens.pustu, [mutation("person", row.a1Edited, "update", { phone: "081277777777" }, 1)]);
    expect(stale.results[0]).toMatchObject({ status: "conflict", conflicts: [{ field: "phone", serverValue: "081234567890", clientValue: "081277777777" }] });
    // An edit of the current version merges as before.
    const current = await pushAs(tokens.pustu, [mutation("person", row.a1Kept, "update", { phone: "081288888888" }, 1)]);
    expect(current.results[0]).toMatchObject({ status: "applied", version: 2 });
  });
});
