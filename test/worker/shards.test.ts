import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import { LEGACY_SHARD_KEY, shardByKey, shardOfArea, shardsOfProvinsi, tokenShardKey } from "../../domain/shards/registry.ts";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, BLT, DESA_A, household, mutation, person, pushAs, seedBelitung, seedWorld, type BelitungRole, type RoleName } from "./fixtures.ts";

/**
 * Issue 16, routing and isolation: one D1 database per kabupaten behind one Worker. The device
 * token names its database; enrollment finds a code's database in the central directory; and a
 * device of one kabupaten can neither read nor write another's database, whatever it sends.
 */

let lb: Record<RoleName, string>;
let blt: Record<BelitungRole, string>;
const count = (d1: D1Database, sql: string, ...bind: unknown[]) => d1.prepare(sql).bind(...bind).first<{ n: number }>().then((r) => r!.n);

async function pullAll(token: string): Promise<PullResponse["changes"]> {
  const out: PullResponse["changes"] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await api("GET", `/api/sync/pull?limit=500${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    out.push(...page.changes);
    if (!page.hasMore) return out;
    cursor = page.cursor;
  }
}

beforeAll(async () => {
  ({ tokens: lb } = await seedWorld());
  ({ tokens: blt } = await seedBelitung());
});

describe("the shard registry", () => {
  it("routes an area to its kabupaten's database by its code, and a token by its key", () => {
    expect(shardOfArea("18.04.10.2001")?.binding).toBe("DB");
    expect(shardOfArea("19.02.04")?.binding).toBe("DB_1902");
    expect(shardOfArea("19.02")?.kabupaten).toBe("19.02");
    expect(shardOfArea("19")).toBeNull(); // a provinsi lies above every kabupaten database
    expect(shardOfArea("31.71.01")).toBeNull(); // a kabupaten this Worker does not serve
    expect(shardsOfProvinsi("18").map((s) => s.kabupaten)).toEqual(["18.04"]);
    expect(shardByKey("1902")?.name).toBe("Kabupaten Belitung");
    expect(tokenShardKey(`1902.${"a".repeat(43)}`)).toBe("1902");
    expect(tokenShardKey(`pusat.${"a".repeat(43)}`)).toBe("pusat");
    // Tokens from before sharding carry no key: the pilot's database.
    expect(tokenShardKey("a".repeat(43))).toBe(LEGACY_SHARD_KEY);
    expect(LEGACY_SHARD_KEY).toBe("1804");
    expect(tokenShardKey("19.02.aaaaaaaaaaaaaaaaaaaaaaaa")).toBeNull();
  });
});

describe("routing by device", () => {
  it("enrolls each device into its own kabupaten's database, through the central directory", async () => {
    expect(lb.pustu.startsWith("1804.")).toBe(true);
    expect(blt.pustu.startsWith("1902.")).toBe(true);
    const me = (await (await api("GET", "/api/me", { token: blt.pustu })).json()) as { user: { areaCode: string }; areas: { code: string }[] };
    expect(me.user.areaCode).toBe(BLT.desaA);
    expect(me.areas.map((a) => a.code)).toEqual([BLT.kab, BLT.kec, BLT.desaA]);
    // The device rows live in their own databases only.
    expect(await count(env.DB_1902, "SELECT count(*) AS n FROM devices")).toBe(3);
    expect(await count(env.DB, "SELECT count(*) AS n FROM users WHERE area_code LIKE '19.%'")).toBe(0);
  });

  it("a code issued in Belitung is written to the directory with Belitung's key and enrolls there", async () => {
    const made = await api("POST", "/api/admin/users", { token: blt.puskesmas, body: { name: "Bidan Terong", role: "pustu", areaCode: BLT.desaB } });
    expect(made.status).toBe(201);
    const userId = ((await made.json()) as { id: string }).id;
    expect(await count(env.DB_1902, "SELECT count(*) AS n FROM users WHERE id = ?", userId)).toBe(1);
    expect(await count(env.DB, "SELECT count(*) AS n FROM users WHERE id = ?", userId)).toBe(0);
    const issued = await api("POST", `/api/admin/users/${userId}/enrollment-codes`, { token: blt.puskesmas });
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string };
    expect(await count(env.CENTRAL, "SELECT count(*) AS n FROM enrollment_directory WHERE shard = '1902'")).toBeGreaterThan(3);
    const res = await api("POST", "/api/enroll", { body: { code }, headers: { "cf-connecting-ip": "10.16.0.1" } });
    expect(res.status).toBe(200);
    const enrolled = (await res.json()) as { token: string; user: { id: string } };
    expect(enrolled.token.startsWith("1902.")).toBe(true);
    expect(enrolled.user.id).toBe(userId);
  });

  it("a push lands in the pusher's database only", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    const res = await pushAs(blt.pustu, [mutation("household", hh, "create", household(BLT.desaA, null)), mutation("person", p, "create", person(hh, { name: "Warga Sijuk" }))]);
    expect(res.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect(await count(env.DB_1902, "SELECT count(*) AS n FROM persons WHERE id = ?", p)).toBe(1);
    expect(await count(env.DB, "SELECT count(*) AS n FROM persons WHERE id = ?", p)).toBe(0);
  });
});

describe("isolation between kabupaten", () => {
  let lbPerson: string;
  let lbHousehold: string;
  beforeAll(async () => {
    lbHousehold = uuidv7();
    lbPerson = uuidv7();
    const res = await pushAs(lb.pustu, [mutation("household", lbHousehold, "create", household()), mutation("person", lbPerson, "create", person(lbHousehold, { name: "Warga Kembahang" }))]);
    expect(res.results.every((r) => r.status === "applied")).toBe(true);
  });

  it("a Belitung device pulls nothing of Lampung Barat, and reads none of its persons", async () => {
    const changes = await pullAll(blt.dinkes);
    expect(changes.length).toBeGreaterThan(0);
    const ids = new Set(changes.map((c) => c.id));
    // It does pull Belitung's own rows (the household pushed above), so the check below can fail.
    expect(changes.some((c) => c.entity === "person")).toBe(true);
    expect(ids.has(lbPerson)).toBe(false);
    expect(ids.has(lbHousehold)).toBe(false);
    expect(changes.some((c) => c.entity === "area" && c.id.startsWith("18."))).toBe(false);
    // As absent: the person is not in its database (404), whatever its role reaches.
    expect((await api("GET", `/api/persons/${lbPerson}`, { token: blt.dinkes })).status).toBe(404);
  });

  it("a Belitung device cannot write into Lampung Barat: an area outside its own is refused, a Lampung parent is unknown", async () => {
    const before = await count(env.DB, "SELECT count(*) AS n FROM households");
    const hh = uuidv7();
    const outside = await pushAs(blt.dinkes, [mutation("household", hh, "create", household(DESA_A, null))]);
    expect(outside.results[0]!.status).toBe("rejected");
    const child = await pushAs(blt.pustu, [mutation("person", uuidv7(), "create", person(lbHousehold))]);
    expect(child.results[0]).toMatchObject({ status: "rejected", error: { code: "parent_not_found" } });
    const edit = await pushAs(blt.pustu, [mutation("person", lbPerson, "update", { name: "Diubah" }, 1)]);
    expect(edit.results[0]).toMatchObject({ status: "rejected", error: { code: "not_found" } });
    expect(await count(env.DB, "SELECT count(*) AS n FROM households")).toBe(before);
    expect(await count(env.DB_1902, "SELECT count(*) AS n FROM households WHERE id = ?", hh)).toBe(0);
    expect((await env.DB.prepare("SELECT name FROM persons WHERE id = ?").bind(lbPerson).first<{ name: string }>())!.name).toBe("Warga Kembahang");
  });

  it("a token edited to name another database is unknown there (401), never routed to its own", async () => {
    const [, lbSecret] = lb.dinkes.split(".");
    const [, bltSecret] = blt.dinkes.split(".");
    for (const forged of [`1902.${lbSecret}`, `1804.${bltSecret}`, `pusat.${bltSecret}`, `9999.${bltSecret}`, bltSecret!]) {
      const res = await api("GET", "/api/sync/pull", { token: forged });
      expect(res.status, forged.slice(0, 5)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    }
    // The real tokens still work.
    expect((await api("GET", "/api/me", { token: blt.dinkes })).status).toBe(200);
    expect((await api("GET", "/api/me", { token: lb.dinkes })).status).toBe(200);
  });

  it("a Lampung Barat administrator sees no Belitung user, and cannot issue a code for one", async () => {
    const list = (await (await api("GET", "/api/admin/users", { token: lb.dinkes })).json()) as { users: { areaCode: string; id: string }[] };
    expect(list.users.some((u) => u.areaCode.startsWith("19."))).toBe(false);
    const bltUser = (await env.DB_1902.prepare("SELECT id FROM users WHERE role = 'pustu' LIMIT 1").first<{ id: string }>())!.id;
    expect((await api("POST", `/api/admin/users/${bltUser}/enrollment-codes`, { token: lb.dinkes })).status).toBe(404);
  });

  it("counts failed enrollments centrally: guessing across kabupaten shares one limit", async () => {
    const client = "10.16.9.9";
    for (let i = 0; i < 5; i++) expect((await api("POST", "/api/enroll", { body: { code: `ZZZZ-ZZZ${i}` }, headers: { "cf-connecting-ip": client } })).status).toBe(401);
    // A real Belitung code from that client is now refused too, before it is looked at.
    const made = (await (await api("POST", "/api/admin/users", { token: blt.puskesmas, body: { name: "Kader Uji", role: "pustu", areaCode: BLT.desaB } })).json()) as { id: string };
    const { code } = (await (await api("POST", `/api/admin/users/${made.id}/enrollment-codes`, { token: blt.puskesmas })).json()) as { code: string };
    expect((await api("POST", "/api/enroll", { body: { code }, headers: { "cf-connecting-ip": client } })).status).toBe(429);
    expect(await count(env.CENTRAL, "SELECT count(*) AS n FROM enrollment_failures WHERE client = ?", client)).toBe(5);
    expect(await count(env.DB_1902, "SELECT count(*) AS n FROM enrollment_failures")).toBe(0);
  });
});

describe("queue messages go to their handler by kind (worker/queues.ts)", () => {
  async function deliver(body: unknown, queue = "simpul-chores") {
    const batch = createMessageBatch<unknown>(queue, [{ id: "m", timestamp: new Date(), attempts: 1, body }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never, ctx);
    return getQueueResult(batch, ctx);
  }

  it("runs a kabupaten database's chores from its message, whatever the queue is called", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((l: string) => void logged.push(l));
    try {
      expect((await deliver({ kind: "shard-chores", shard: "1902" }, "simpul-chores-staging")).explicitAcks).toEqual(["m"]);
    } finally {
      spy.mockRestore();
    }
    expect(logged.some((l) => l.includes('"event":"prune"') && l.includes('"database":"1902"'))).toBe(true);
  });

  it("retries a message for an unknown database or of an unknown kind, and logs no payload", async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((l: string) => void errors.push(l));
    try {
      for (const body of [{ kind: "shard-chores", shard: "9999" }, { kind: "bogus", note: "Siti Uji" }, null]) {
        const result = await deliver(body);
        expect(result.explicitAcks).toEqual([]);
        expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["m"]);
      }
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).not.toContain("Siti");
  });
});
