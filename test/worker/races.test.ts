import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Mutation } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import worker from "../../worker/index.ts";
import { MAX_ATTEMPTS, RACE_BUDGET_MS } from "../../worker/services/push/index.ts";
import { household, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * Pushes that race on the same rows. D1 has no interactive transactions: a push plans from its
 * reads and its batch aborts when a guarded row moved in between; the service plans again, and
 * past its limit answers 503 with Retry-After (never 500), so the phone sends again later.
 */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

async function newPerson() {
  const hh = uuidv7();
  const p = uuidv7();
  const res = await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
  expect(res.results.map((r) => r.status)).toEqual(["applied", "applied"]);
  return p;
}

/** The real D1, with `beforeBatch` run just before each batch: another writer landing between a push's reads and its write. */
function dbWithWriterBefore(beforeBatch: () => Promise<void>): D1Database {
  const real = env.DB;
  return {
    prepare: (q: string) => real.prepare(q),
    batch: async (statements: D1PreparedStatement[]) => {
      await beforeBatch();
      return real.batch(statements);
    },
    exec: (q: string) => real.exec(q),
    dump: () => real.dump(),
    withSession: (c?: string) => real.withSession(c as never),
  } as unknown as D1Database;
}

async function pushThrough(db: D1Database, token: string, mutations: Mutation[]) {
  const ctx = createExecutionContext();
  const req = new Request("http://simpul.test/api/sync/push", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ mutations }),
  });
  const res = await worker.fetch(req, { ...env, DB: db }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const PHONE = (i: number) => `08123${String(i).padStart(7, "0")}`;

describe("a push that keeps losing the race", () => {
  it("answers 503 busy_retry with Retry-After, writes nothing, and succeeds when sent again", async () => {
    const p = await newPerson();
    // Every time the push is about to write, another phone's edit of the same person lands first.
    let landed = 0;
    const racing = dbWithWriterBefore(async () => {
      // Based on the version it last saw, so each lands as a plain edit.
      const other = await pushAs(tokens.kader, [mutation("person", p, "update", { phone: PHONE(++landed) }, landed)]);
      expect(other.results[0]).toMatchObject({ status: "applied", version: landed + 1 });
    });
    const mine = mutation("person", p, "update", { jkn: "0001234567890" }, 1);
    const res = await pushThrough(racing, tokens.pustu, [mine]);

    expect(res.status).toBe(503);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    const body = (await res.json()) as { error: { code: string; details: { retryAfterSeconds: number } } };
    expect(body.error).toMatchObject({ code: "busy_retry", details: { retryAfterSeconds: retryAfter } });
    // It planned again before giving up: up to MAX_ATTEMPTS plans, fewer if the time budget ran out.
    expect(landed).toBeGreaterThanOrEqual(2);
    expect(landed).toBeLessThanOrEqual(MAX_ATTEMPTS);
    // Nothing of the refused push was written: no receipt, no change.
    const row = await env.DB.prepare("SELECT jkn FROM persons WHERE id = ?").bind(p).first<{ jkn: string | null }>();
    expect(row).toEqual({ jkn: null });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM receipts WHERE mutation_id = ?").bind(mine.id).first<{ n: number }>()).toEqual({ n: 0 });

    // The phone sends the same mutation again later: merged with the other phone's edits.
    const again = await pushAs(tokens.pustu, [mine]);
    expect(again.results[0]).toMatchObject({ status: "applied", merged: true, version: landed + 2 });
    expect(await env.DB.prepare("SELECT jkn, phone FROM persons WHERE id = ?").bind(p).first()).toEqual({ jkn: "0001234567890", phone: PHONE(landed) });
  });
});

describe("a push that loses its race on a slow machine", () => {
  it("answers its first half once the time budget is spent, leaves the rest unanswered to be sent again, and writes nothing of that rest", { timeout: 30_000 }, async () => {
    const [a, b] = [await newPerson(), await newPerson()];
    // Each plan outlasts the budget (a crowded machine), and another phone's edit of b lands first.
    let landed = 0;
    const slow = dbWithWriterBefore(async () => {
      await new Promise((r) => setTimeout(r, RACE_BUDGET_MS + 50));
      await pushAs(tokens.kader, [mutation("person", b, "update", { phone: PHONE(++landed) }, landed)]);
    });
    const first = mutation("person", a, "update", { jkn: "0001234567891" }, 1);
    const second = mutation("person", b, "update", { jkn: "0001234567892" }, 1);
    const res = await pushThrough(slow, tokens.pustu, [first, second]);
    // Before: 503 busy_retry, every time, so a large push never got through on a slow machine.
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { id: string; status: string }[] };
    expect(body.results).toEqual([expect.objectContaining({ id: first.id, status: "applied" })]);
    expect(await env.DB.prepare("SELECT jkn FROM persons WHERE id = ?").bind(a).first()).toEqual({ jkn: "0001234567891" });
    expect(await env.DB.prepare("SELECT jkn FROM persons WHERE id = ?").bind(b).first()).toEqual({ jkn: null });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM receipts WHERE mutation_id = ?").bind(second.id).first()).toEqual({ n: 0 });
    // The phone sends the unanswered one again: merged with the other phone's edits.
    const again = await pushAs(tokens.pustu, [second]);
    expect(again.results[0]).toMatchObject({ status: "applied", merged: true });
  });
});

describe("many phones editing one row at once", () => {
  const FIELDS = ["phone", "jkn", "name"] as const;
  const edit = (i: number): Record<string, unknown> =>
    ({ phone: { phone: PHONE(i) }, jkn: { jkn: String(1_000_000_000_000 + i) }, name: { name: `Siti ${i}` } })[FIELDS[i % FIELDS.length]!];

  for (const n of [10, 20, 40]) {
    // Generous timeout: n pushes share two cores with whatever else runs.
    it(`${n} parallel pushes on one row answer only 200 or 503, and every 200 is stored once`, { timeout: 60_000 }, async () => {
      const p = await newPerson();
      let batches = 0;
      const counting = dbWithWriterBefore(async () => void batches++);
      const t0 = Date.now();
      const answers = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const res = await pushThrough(counting, i % 2 ? tokens.pustu : tokens.kader, [mutation("person", p, "update", edit(i), 1)]);
          const body = (await res.json()) as { results?: { status: string; version?: number }[] };
          return { status: res.status, retryAfter: res.headers.get("retry-after"), result: body.results?.[0], ms: Date.now() - t0 };
        }),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
      for (const a of answers.filter((x) => x.status === 503)) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      const ok = answers.filter((a) => a.status === 200);
      // Each 200 is one stored version: the row's version counts them exactly.
      const versions = ok.map((a) => a.result!.version!).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: ok.length }, (_, i) => i + 2));
      const row = await env.DB.prepare("SELECT version FROM persons WHERE id = ?").bind(p).first<{ version: number }>();
      expect(row!.version).toBe(1 + ok.length);
      // The figure for the report: how often the race happens under this load.
      console.log(JSON.stringify({ parallel: n, ok: ok.length, busy503: n - ok.length, batches, abortedBatches: batches - ok.length, maxMs: Math.max(...answers.map((a) => a.ms)) }));
    });
  }
});
