import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Principal } from "../../domain/access/policy.ts";
import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { indexColumns } from "../../domain/sync/index-columns.ts";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { hashCode } from "../../domain/util/codes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { openDb } from "../../worker/db/client.ts";
import { shardDb } from "../../worker/db/shards.ts";
import worker from "../../worker/index.ts";
import { recountMarks } from "../../worker/services/pws/recount.ts";
import { enrollConfig } from "../../worker/services/enroll.ts";
import { TRANSFER_MAX_ATTEMPTS, TRANSFER_SLOW_RETRY_MS, transferRetryDelayMs } from "../../domain/transfers/rules.ts";
import { MAX_OFFLINE_MS } from "../../domain/sync/retention.ts";
import { prune, PRUNE_JOBS } from "../../worker/services/prune.ts";
import { JSON_CHARS_PER_STATEMENT, jsonChunks } from "../../worker/services/push/json-rows.ts";
import { requestTransfer, resumeTransfer, resumeTransfers, TRANSFER_STALE_MS, type StepHook } from "../../worker/services/transfers/index.ts";
import { ANC_ANSWERS, api, apiDirect, DESA_A, DESA_B, household, ids, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * Issue 16: a family moves from Lampung Barat (env.DB, 18.04) to Belitung (env.DB_1902, 19.02)
 * through the central ledger (env.CENTRAL): afterwards Belitung's phones hold it, Lampung Barat's
 * drop it, the PWS counts moved, both databases audited it; a repeat makes one transfer; a crash
 * after either step is finished by a resume with the same result; a Belitung device never reads
 * anything else of Lampung Barat.
 */
const BEL_KAB = "19.02";
const BEL_KEC = "19.02.01";
const BEL_DESA = "19.02.01.2001";
const BEL_DESA_2 = "19.02.01.2002";
const BEL_DUSUN = "01900000-0000-7000-8000-0000000bd001";
const M = "2026-11";

let tokens: Record<RoleName, string>;
let bel: { pustu: string; pustu2: string; puskesmas: string };
let pustuA: Principal;
const lb = () => openDb(env.DB);
const be = () => openDb(env.DB_1902);
const central = () => openDb(env.CENTRAL);
const open = (key: string) => shardDb(env, key);

/** A synced row straight into one database (as fixtures.ts insertRow does for env.DB). */
async function insertRowIn(d1: D1Database, entity: EntityName, id: string, data: Record<string, unknown>, area: string) {
  const now = Date.now();
  const cols = Object.keys(data).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  await d1.prepare("INSERT INTO change_log (entity, entity_id, version, fields, at) VALUES (?, ?, 1, '[]', ?)").bind(entity, id, now).run();
  const seq = (await d1.prepare("SELECT max(seq) AS s FROM change_log").first<{ s: number }>())!.s;
  const table = { area: "areas", dusun: "dusun", household: "households" }[entity as string]!;
  await d1.prepare(`INSERT INTO ${table} (id, version, seq, deleted, needs_review, scope_area, created_at, updated_at, updated_by, ${cols.join(", ")})
    VALUES (?, 1, ?, 0, 0, ?, ?, ?, 'fixture', ${cols.map(() => "?").join(", ")})`).bind(id, seq, area, now, now, ...Object.values(data)).run();
  const c = indexColumns(ENTITIES[entity].domain, { area, dusun: null, grp: null });
  await d1.prepare("INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")
    .bind(entity, id, seq, c.domain, c.kab, c.kec, c.desa, c.dusun, c.grp).run();
}

/** A Belitung user enrolled through the central directory: its token names Belitung's database. */
async function enrollBelitung(name: string, role: string, areaCode: string) {
  const id = uuidv7();
  const code = `BEL-${name.toUpperCase()}-${id.slice(-6).toUpperCase()}`;
  const hash = await hashCode(code, enrollConfig(env).codeKey);
  await env.DB_1902.prepare("INSERT INTO users (id, name, role, area_code, active, created_at) VALUES (?, ?, ?, ?, 1, ?)").bind(id, `Uji ${name}`, role, areaCode, Date.now()).run();
  await env.DB_1902.prepare("INSERT INTO enrollment_codes (code_hash, user_id, expires_at, demo, created_at) VALUES (?, ?, ?, 1, ?)").bind(hash, id, Date.now() + 3600_000, Date.now()).run();
  await env.CENTRAL.prepare("INSERT INTO enrollment_directory (code_hash, shard, expires_at, created_at) VALUES (?, '1902', ?, ?)").bind(hash, Date.now() + 3600_000, Date.now()).run();
  const res = await api("POST", "/api/enroll", { body: { code } });
  expect(res.status, await res.clone().text()).toBe(200);
  const token = ((await res.json()) as { token: string }).token;
  expect(token.startsWith("1902.")).toBe(true);
  return token;
}

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  for (const [code, parent, level, name] of [
    [BEL_KAB, "19", "kabupaten", "Belitung"], [BEL_KEC, BEL_KAB, "kecamatan", "Tanjung Pandan"],
    [BEL_DESA, BEL_KEC, "desa", "Desa Uji Satu"], [BEL_DESA_2, BEL_KEC, "desa", "Desa Uji Dua"],
  ] as const) {
    await insertRowIn(env.DB_1902, "area", code, { parentCode: parent, level, name, desaTerm: "desa" }, code);
  }
  await insertRowIn(env.DB_1902, "dusun", BEL_DUSUN, { desaCode: BEL_DESA, name: "Dusun Satu" }, BEL_DESA);
  bel = {
    pustu: await enrollBelitung("belpustu", "pustu", BEL_DESA),
    pustu2: await enrollBelitung("belpustu2", "pustu", BEL_DESA_2),
    puskesmas: await enrollBelitung("belpkm", "puskesmas", BEL_KEC),
  };
  const me = (await (await api("GET", "/api/me", { token: tokens.pustu })).json()) as { user: { id: string } & Omit<Principal, "userId"> };
  const { id, ...rest } = me.user;
  pustuA = { userId: id, ...rest, deviceId: null } as Principal;
});

/** A phone's synced copy (as in moves.test.ts). */
class Device {
  rows = new Map<string, Record<string, unknown> | undefined>();
  cursor: string | undefined;
  constructor(readonly token: string) {}
  async sync() {
    for (;;) {
      const q = new URLSearchParams({ limit: "200", ...(this.cursor ? { cursor: this.cursor } : {}) });
      const res = await api("GET", `/api/sync/pull?${q}`, { token: this.token });
      expect(res.status).toBe(200);
      const page = (await res.json()) as PullResponse;
      if (page.reset) this.rows.clear();
      for (const c of page.changes) {
        if (c.deleted) this.rows.delete(`${c.entity}:${c.id}`);
        else this.rows.set(`${c.entity}:${c.id}`, c.data);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return this;
    }
  }
  has(keys: readonly string[]) {
    return keys.filter((k) => this.rows.has(k));
  }
  /** Health rows only (households, persons, records, referrals). */
  health() {
    return [...this.rows.keys()].filter((k) => /^(household|person|record|referral):/.test(k));
  }
}

/** A household of desa A with a pregnant woman whose ANC visit made a referral, and a child. */
async function family() {
  const [hh, mother, visitId, child] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
  const r = await pushAs(tokens.pustu, [
    mutation("household", hh, "create", household(DESA_A, ids.dusunA1)),
    mutation("person", mother, "create", person(hh, { pregnant: true })),
    mutation("record", visitId, "create", visit(mother, { visitDate: "2026-11-10", data: { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100 } })),
    mutation("person", child, "create", person(hh, { name: "Anak Uji", sex: "L", birthDate: "2024-01-10", relation: "anak" })),
  ]);
  expect(r.results.map((x) => x.status)).toEqual(["applied", "applied", "applied", "applied"]);
  const ref = await env.DB.prepare("SELECT id FROM referrals WHERE record_id = ?").bind(visitId).first<{ id: string }>();
  expect(ref, "the hypertensive visit made a referral").not.toBeNull();
  const keys = [`household:${hh}`, `person:${mother}`, `record:${visitId}`, `person:${child}`, `referral:${ref!.id}`];
  return { hh, mother, visitId, child, referral: ref!.id, keys, persons: [mother, child] };
}

/** Σ over the PWS table's indicators of the year-to-date numerators and denominators: what the family adds to a desa. */
async function pwsWeight(token: string) {
  const res = await api("GET", `/api/pws?month=${M}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  const t = (await res.json()) as { total: Record<string, { ytd: { num: number; den: number } }> };
  return Object.values(t.total).reduce((n, c) => n + c.ytd.num + c.ytd.den, 0);
}

/** Where each row of the family is, in one database: [key, deleted, scope_area] plus the sync index's desa and deleted. */
async function placed(d1: D1Database, keys: readonly string[]) {
  const out: [string, number | null, string | null, string | null, number | null][] = [];
  for (const k of keys) {
    const [e, id] = k.split(":") as [EntityName, string];
    const table = { household: "households", person: "persons", record: "records", referral: "referrals" }[e as string]!;
    const row = await d1.prepare(`SELECT deleted, scope_area FROM ${table} WHERE id = ?`).bind(id).first<{ deleted: number; scope_area: string }>();
    const idx = await d1.prepare("SELECT deleted, desa FROM sync_index WHERE entity = ? AND entity_id = ?").bind(e, id).first<{ deleted: number; desa: string }>();
    out.push([k, row?.deleted ?? null, row?.scope_area ?? null, idx?.desa ?? null, idx?.deleted ?? null]);
  }
  return out;
}

/** Change-log rows a transfer wrote for the family in one database (exactly one per row and step). */
async function transferChanges(d1: D1Database, transferId: string) {
  return (await d1.prepare("SELECT count(*) AS n FROM change_log WHERE mutation_id = ?").bind(`transfer:${transferId}`).first<{ n: number }>())!.n;
}

const post = (token: string, body: Record<string, unknown>) => api("POST", "/api/transfers", { token, body });
type View = { transfer: { id: string; state: string; errorCode: string | null; rows: number | null; fromDesa: string; toDesa: string } };

describe("a move between kabupaten", () => {
  it("hands the family to Belitung: its phones pull it, Lampung Barat's drop it, PWS and audits follow", async () => {
    const f = await family();
    const oldPustu = await new Device(tokens.pustu).sync();
    const newPustu = await new Device(bel.pustu).sync();
    const otherBel = await new Device(bel.pustu2).sync();
    expect(oldPustu.has(f.keys)).toEqual(f.keys);
    expect(newPustu.has(f.keys)).toEqual([]);
    const [lbBefore, beBefore] = [await pwsWeight(tokens.pustu), await pwsWeight(bel.pustu)];

    const res = await post(tokens.pustu, { householdId: f.hh, toDesa: BEL_DESA, toDusunId: BEL_DUSUN });
    expect(res.status, await res.clone().text()).toBe(202);
    const { transfer } = (await res.json()) as View;
    expect(transfer).toMatchObject({ state: "done", errorCode: null, rows: 5, fromDesa: DESA_A, toDesa: BEL_DESA });

    // The phones: Belitung's pustu of that desa has the family at its new place, Lampung Barat's dropped it.
    await newPustu.sync();
    expect(newPustu.has(f.keys)).toEqual(f.keys);
    expect(newPustu.rows.get(`household:${f.hh}`)).toMatchObject({ desaCode: BEL_DESA, dusunId: BEL_DUSUN, rt: null, address: null });
    await oldPustu.sync();
    expect(oldPustu.has(f.keys)).toEqual([]);
    // Another Belitung desa's pustu sees nothing of it.
    expect((await otherBel.sync()).has(f.keys)).toEqual([]);

    // Both databases: tombstones in Lampung Barat, live rows in Belitung, each sync index agreeing.
    expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 1, DESA_A, DESA_A, 1]));
    expect(await placed(env.DB_1902, f.keys)).toEqual(f.keys.map((k) => [k, 0, BEL_DESA, BEL_DESA, 0]));

    // PWS: the family's counts left desa A and arrived in Belitung, and the marks equal a recount there.
    const [lbAfter, beAfter] = [await pwsWeight(tokens.pustu), await pwsWeight(bel.pustu)];
    expect(lbBefore - lbAfter).toBeGreaterThan(0);
    expect(beAfter - beBefore).toBe(lbBefore - lbAfter);
    const marks = await recountMarks(be());
    const stored = (await env.DB_1902.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks ORDER BY person_id, code, month").raw()) as string[][];
    expect(stored.map((r) => r.join("|")).sort()).toEqual(marks.map((r) => r.join("|")).sort());
    expect(marks.some(([id, , , desa]) => id === f.mother && desa === BEL_DESA)).toBe(true);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM pws_marks WHERE person_id IN (?, ?)").bind(f.mother, f.child).first<{ n: number }>())!.n).toBe(0);

    // Audits in both databases: who, which transfer, counts; no personal field.
    const lbAudit = await env.DB.prepare("SELECT action, user_id, details FROM audit_log WHERE entity_id = ? AND action LIKE 'transfer.%' ORDER BY id").bind(f.hh).all<{ action: string; user_id: string; details: string }>();
    const beAudit = await env.DB_1902.prepare("SELECT action, user_id, details FROM audit_log WHERE entity_id = ? AND action LIKE 'transfer.%'").bind(f.hh).all<{ action: string; user_id: string; details: string }>();
    expect(lbAudit.results.map((a) => a.action)).toEqual(["transfer.requested", "transfer.released"]);
    expect(beAudit.results.map((a) => a.action)).toEqual(["transfer.copied"]);
    expect(JSON.parse(beAudit.results[0]!.details)).toMatchObject({ transferId: transfer.id, rows: { household: 1, person: 2, record: 1, referral: 1 } });
    for (const a of [...lbAudit.results, ...beAudit.results]) {
      expect(a.user_id).toBe(pustuA.userId);
      expect(a.details).not.toMatch(/Siti|Anak|Uji|Jl\./);
    }

    // The new place edits the family; the old place is told it is gone.
    const edit = await pushAs(bel.pustu, [mutation("person", f.mother, "update", { phone: "081200000001" }, 2)]);
    expect(edit.results[0]!.status, JSON.stringify(edit.results)).toBe("applied");
    // An old-desa phone that was offline through the move: its edit and its new visit are refused
    // saying the family moved (not "deleted"); a row deleted by a person here is still "deleted".
    const stale = await pushAs(tokens.pustu, [
      mutation("person", f.mother, "update", { phone: "081200000002" }, 1),
      mutation("record", uuidv7(), "create", visit(f.mother, { visitDate: "2026-11-20" })),
    ]);
    expect(stale.results.map((r) => r.error?.code)).toEqual(["moved_to_other_kabupaten", "moved_to_other_kabupaten"]);
    expect(stale.results[0]!.error!.details).toEqual({ transferId: transfer.id, entity: "person", id: f.mother });
    const gone = uuidv7();
    expect((await pushAs(tokens.pustu, [mutation("household", gone, "create", household(DESA_A, ids.dusunA1))])).results[0]!.status).toBe("applied");
    expect((await pushAs(tokens.pustu, [mutation("household", gone, "delete", {}, 1)])).results[0]!.status).toBe("applied");
    expect((await pushAs(tokens.pustu, [mutation("household", gone, "update", { rt: "02" }, 1)])).results[0]!.error!.code).toBe("deleted");

    // Who sees the transfer: both kabupaten's offices of those places; nobody else.
    expect((await api("GET", `/api/transfers/${transfer.id}`, { token: bel.pustu })).status).toBe(200);
    expect((await api("GET", `/api/transfers/${transfer.id}`, { token: tokens.pustuB })).status).toBe(404);
    expect((await api("GET", `/api/transfers/${transfer.id}`, { token: bel.pustu2 })).status).toBe(404);
    const listIn = (await (await api("GET", "/api/transfers?direction=in", { token: bel.puskesmas })).json()) as { transfers: { id: string }[] };
    expect(listIn.transfers.map((t) => t.id)).toContain(transfer.id);
    const listOut = (await (await api("GET", "/api/transfers", { token: tokens.dinkes })).json()) as { transfers: { id: string }[] };
    expect(listOut.transfers.map((t) => t.id)).toContain(transfer.id);
  });

  it("makes one transfer of a repeated request, in parallel or after it finished", async () => {
    const f = await family();
    const body = { householdId: f.hh, toDesa: BEL_DESA };
    const [a, b] = await Promise.all([post(tokens.pustu, body), post(tokens.puskesmas, body)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [ta, tb] = [((await a.json()) as View).transfer, ((await b.json()) as View).transfer];
    expect(ta.id).toBe(tb.id);
    const again = ((await (await post(tokens.pustu, body)).json()) as View).transfer;
    expect(again).toMatchObject({ id: ta.id, state: "done" });
    expect((await env.CENTRAL.prepare("SELECT count(*) AS n FROM transfers WHERE household_id = ?").bind(f.hh).first<{ n: number }>())!.n).toBe(1);
    expect(await transferChanges(env.DB_1902, ta.id)).toBe(5);
    expect(await transferChanges(env.DB, ta.id)).toBe(5);
  });

  it.each(["copied", "released"] as const)("finishes after a crash once %s, with the same result and nothing lost or doubled", async (at) => {
    const f = await family();
    const otherHh = uuidv7();
    expect((await pushAs(tokens.pustu, [mutation("household", otherHh, "create", household(DESA_A, ids.dusunA1))])).results[0]!.status).toBe("applied");
    const crash: StepHook = (step) => {
      if (step === at) throw new Error(`crash after ${step}`);
    };
    const now = Date.now();
    const dbs = { source: lb(), sourceKey: "1804", central: central(), open };
    const logs = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { transfer } = await requestTransfer(dbs, pustuA, { householdId: f.hh, toDesa: BEL_DESA }, now, crash);
    // The failure is logged with ids and the error's kind: never the family's rows.
    expect(logs.mock.calls.map((c) => JSON.parse(String(c[0])))).toEqual([{ level: "error", event: "transfer_step_failed", transferId: transfer.id, state: "requested", error: "Error", kind: "other" }]);
    logs.mockRestore();
    // The ledger is one step behind the databases: the step's batch committed, the crash came before the ledger moved.
    expect(transfer.state).toBe(at === "copied" ? "requested" : "copied");

    // During the window Belitung's phones may hold the family, never anything else of Lampung Barat.
    const newPustu = await new Device(bel.pustu).sync();
    expect(newPustu.has(f.keys)).toEqual(f.keys);
    expect(newPustu.has([`household:${otherHh}`])).toEqual([]);
    const belPuskesmas = await new Device(bel.puskesmas).sync();
    const lbIds = new Set((await env.DB.prepare("SELECT 'household:' || id AS k FROM households WHERE deleted = 0 UNION ALL SELECT 'person:' || id FROM persons WHERE deleted = 0 UNION ALL SELECT 'record:' || id FROM records WHERE deleted = 0").all<{ k: string }>()).results.map((r) => r.k));
    // (Lampung Barat's live rows: the families earlier tests handed over are Belitung's now.)
    expect(lbIds.has(`household:${otherHh}`)).toBe(true);
    expect(belPuskesmas.health().filter((k) => lbIds.has(k) && !f.keys.includes(k))).toEqual([]);
    const oldPustu = await new Device(tokens.pustu).sync();
    expect(oldPustu.has(f.keys)).toEqual(at === "copied" ? f.keys : []);

    // The cron does not touch a transfer younger than TRANSFER_STALE_MS; then the Worker's
    // scheduled handler (the Cron Trigger) finishes it.
    expect(await resumeTransfers(central(), open, now + 1000)).toBe(0);
    expect((await env.CENTRAL.prepare("SELECT state FROM transfers WHERE id = ?").bind(transfer.id).first<{ state: string }>())!.state).toBe(transfer.state);
    await worker.scheduled(createScheduledController({ scheduledTime: now + TRANSFER_STALE_MS + 1, cron: "17 3 * * *" }), env);
    expect((await env.CENTRAL.prepare("SELECT state FROM transfers WHERE id = ?").bind(transfer.id).first<{ state: string }>())!.state).toBe("done");
    // A resume of a finished transfer changes nothing.
    const done = await resumeTransfer(central(), open, transfer.id, Date.now());
    expect(done).toMatchObject({ state: "done", rows: 5 });

    expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 1, DESA_A, DESA_A, 1]));
    expect(await placed(env.DB_1902, f.keys)).toEqual(f.keys.map((k) => [k, 0, BEL_DESA, BEL_DESA, 0]));
    expect(await transferChanges(env.DB_1902, transfer.id)).toBe(5);
    expect(await transferChanges(env.DB, transfer.id)).toBe(5);
    expect((await env.DB_1902.prepare("SELECT count(*) AS n FROM transfer_steps WHERE transfer_id = ?").bind(transfer.id).first<{ n: number }>())!.n).toBe(1);
    expect((await env.DB_1902.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'transfer.copied' AND entity_id = ?").bind(f.hh).first<{ n: number }>())!.n).toBe(1);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'transfer.released' AND entity_id = ?").bind(f.hh).first<{ n: number }>())!.n).toBe(1);
    expect((await recountMarks(be())).map((r) => r.join("|")).sort()).toEqual(
      ((await env.DB_1902.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks").raw()) as string[][]).map((r) => r.join("|")).sort(),
    );
    expect((await new Device(tokens.pustu).sync()).has(f.keys)).toEqual([]);
    expect((await newPustu.sync()).has(f.keys)).toEqual(f.keys);
    // The other household never left.
    expect(await placed(env.DB, [`household:${otherHh}`])).toEqual([[`household:${otherHh}`, 0, DESA_A, DESA_A, 0]]);
  });

  it("ends the same when several runners (a request and the cron) run the same transfer at once", async () => {
    for (let round = 0; round < 3; round++) {
      const f = await family();
      const id = uuidv7();
      const now = Date.now();
      await env.CENTRAL.prepare(`INSERT INTO transfers (id, household_id, from_shard, to_shard, from_desa, to_desa, state, requested_by, requested_at, updated_at)
        VALUES (?, ?, '1804', '1902', ?, ?, 'requested', ?, ?, ?)`).bind(id, f.hh, DESA_A, BEL_DESA, pustuA.userId, now, now).run();
      const runs = await Promise.all([0, 1, 2].map(() => resumeTransfer(central(), open, id, now)));
      const final = await resumeTransfer(central(), open, id, now);
      expect(final, JSON.stringify(runs.map((r) => r?.state))).toMatchObject({ state: "done", rows: 5 });
      expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 1, DESA_A, DESA_A, 1]));
      expect(await placed(env.DB_1902, f.keys)).toEqual(f.keys.map((k) => [k, 0, BEL_DESA, BEL_DESA, 0]));
      expect(await transferChanges(env.DB_1902, id)).toBe(5);
      expect(await transferChanges(env.DB, id)).toBe(5);
    }
  });

  it("takes along a visit entered in the old desa between copy and release", async () => {
    const f = await family();
    const now = Date.now();
    const crash: StepHook = (step) => {
      if (step === "copied") throw new Error("crash");
    };
    const logs = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { transfer } = await requestTransfer({ source: lb(), sourceKey: "1804", central: central(), open }, pustuA, { householdId: f.hh, toDesa: BEL_DESA }, now, crash);
    logs.mockRestore();
    expect(transfer.state).toBe("requested");
    const late = uuidv7();
    const r = await pushAs(tokens.pustu, [mutation("record", late, "create", visit(f.mother, { visitDate: "2026-11-25" }))]);
    expect(r.results[0]!.status).toBe("applied");
    expect(await resumeTransfer(central(), open, transfer.id, Date.now())).toMatchObject({ state: "done" });
    expect(await placed(env.DB_1902, [`record:${late}`])).toEqual([[`record:${late}`, 0, BEL_DESA, BEL_DESA, 0]]);
    expect(await placed(env.DB, [`record:${late}`])).toEqual([[`record:${late}`, 1, DESA_A, DESA_A, 1]]);
    // Its marks are settled by the next PWS read, as after any push that left them (pws_dirty).
    await pwsWeight(bel.pustu);
    expect((await recountMarks(be())).map((x) => x.join("|")).sort()).toEqual(
      ((await env.DB_1902.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks").raw()) as string[][]).map((x) => x.join("|")).sort(),
    );
  });

  it("moves a family back: the tombstones the first move left are revived at a newer version", async () => {
    const f = await family();
    const oldPustu = await new Device(tokens.pustu).sync();
    const first = ((await (await post(tokens.pustu, { householdId: f.hh, toDesa: BEL_DESA })).json()) as View).transfer;
    expect(first.state).toBe("done");
    await oldPustu.sync();
    expect(oldPustu.has(f.keys)).toEqual([]);
    const back = await post(bel.pustu, { householdId: f.hh, toDesa: DESA_A });
    expect(back.status).toBe(202);
    const second = ((await back.json()) as View).transfer;
    expect(second).toMatchObject({ state: "done", rows: 5, fromDesa: BEL_DESA, toDesa: DESA_A });
    expect(second.id).not.toBe(first.id);
    await oldPustu.sync();
    expect(oldPustu.has(f.keys)).toEqual(f.keys);
    expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 0, DESA_A, DESA_A, 0]));
    expect(await placed(env.DB_1902, f.keys)).toEqual(f.keys.map((k) => [k, 1, BEL_DESA, BEL_DESA, 1]));
    // Lampung Barat's rows are newer than both its tombstones and Belitung's copy.
    const v = await env.DB.prepare("SELECT version FROM persons WHERE id = ?").bind(f.mother).first<{ version: number }>();
    expect(v!.version).toBe(3);
    // The household comes back without a dusun (none was chosen) and is editable here again.
    expect((await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 3)])).results[0]!.status).toBe("applied");
  });

  it("moves a family with many visits: its rows cross in JSON chunks, a handful of parameters per statement", async () => {
    const f = await family();
    // 180 visits of about 0.5 KB each: over JSON_CHARS_PER_STATEMENT, so the records take two chunks.
    for (let i = 0; i < 2; i++) {
      const r = await pushAs(tokens.pustu, Array.from({ length: 90 }, (_, k) => mutation("record", uuidv7(), "create", visit(f.mother, { visitDate: `2026-11-${String(10 + ((i * 90 + k) % 18))}` }))));
      expect(r.results.filter((x) => x.status !== "applied").map((x) => x.error?.code)).toEqual([]);
    }
    const res = await post(tokens.pustu, { householdId: f.hh, toDesa: BEL_DESA });
    expect(((await res.json()) as View).transfer).toMatchObject({ state: "done", rows: 185 });
    const n = async (d1: D1Database, deleted: number) => (await d1.prepare("SELECT count(*) AS n FROM records WHERE person_id = ? AND deleted = ?").bind(f.mother, deleted).first<{ n: number }>())!.n;
    expect([await n(env.DB_1902, 0), await n(env.DB, 1), await n(env.DB, 0)]).toEqual([181, 181, 0]);
    expect((await recountMarks(be())).map((x) => x.join("|")).sort()).toEqual(
      ((await env.DB_1902.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks").raw()) as string[][]).map((x) => x.join("|")).sort(),
    );
  });

  it("fails with nothing written when an id of the family is already a row in the destination", async () => {
    const f = await family();
    await insertRowIn(env.DB_1902, "household", f.hh, { desaCode: BEL_DESA_2, dusunId: null, rt: null, address: null, noKk: null, pisPk: null }, BEL_DESA_2);
    const before = (await env.DB_1902.prepare("SELECT (SELECT count(*) FROM persons) + (SELECT count(*) FROM records) + (SELECT max(seq) FROM change_log) AS n").first<{ n: number }>())!.n;
    const res = await post(tokens.pustu, { householdId: f.hh, toDesa: BEL_DESA });
    expect(res.status).toBe(202);
    expect(((await res.json()) as View).transfer).toMatchObject({ state: "failed", errorCode: "transfer_id_conflict" });
    expect((await env.DB_1902.prepare("SELECT (SELECT count(*) FROM persons) + (SELECT count(*) FROM records) + (SELECT max(seq) FROM change_log) AS n").first<{ n: number }>())!.n).toBe(before);
    expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 0, DESA_A, DESA_A, 0]));
    // A failed transfer is not active: another request may try again.
    expect((await env.CENTRAL.prepare("SELECT state FROM transfers WHERE household_id = ?").bind(f.hh).all()).results).toEqual([{ state: "failed" }]);
  });

  it("refuses what is not a move to another served kabupaten, and callers outside the household's area", async () => {
    const f = await family();
    const code = async (res: Response) => [res.status, ((await res.json()) as { error?: { code: string } }).error?.code];
    expect(await code(await post(tokens.pustu, { householdId: f.hh, toDesa: DESA_B }))).toEqual([422, "transfer_same_kabupaten"]);
    expect(await code(await post(tokens.pustu, { householdId: f.hh, toDesa: "31.71.01.1001" }))).toEqual([422, "transfer_unknown_kabupaten"]);
    expect(await code(await post(tokens.pustu, { householdId: f.hh, toDesa: "19.02.01.2999" }))).toEqual([422, "unknown_area"]);
    expect(await code(await post(tokens.pustu, { householdId: f.hh, toDesa: BEL_DESA_2, toDusunId: BEL_DUSUN }))).toEqual([422, "invalid_reference"]);
    expect(await code(await post(tokens.pustuB, { householdId: f.hh, toDesa: BEL_DESA }))).toEqual([403, "forbidden"]);
    expect(await code(await post(tokens.kader, { householdId: f.hh, toDesa: BEL_DESA }))).toEqual([403, "forbidden"]);
    expect(await code(await post(tokens.camat, { householdId: f.hh, toDesa: BEL_DESA }))).toEqual([403, "forbidden"]);
    expect(await code(await post(tokens.pustu, { householdId: uuidv7(), toDesa: BEL_DESA }))).toEqual([404, "not_found"]);
    // A Belitung device cannot hand over (or even find) a Lampung Barat household: its database does not hold it.
    expect(await code(await post(bel.puskesmas, { householdId: f.hh, toDesa: DESA_A }))).toEqual([404, "not_found"]);
    expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 0, DESA_A, DESA_A, 0]));
  });

  it("lists the desa of another served kabupaten for the picker, and nothing of Lampung Barat to Belitung", async () => {
    const res = await api("GET", `/api/transfers/destinations?kabupaten=${BEL_KAB}`, { token: tokens.pustu });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      kabupaten: BEL_KAB, name: "Kabupaten Belitung",
      desa: [{ code: BEL_DESA, name: "Desa Uji Satu", kecamatan: "Tanjung Pandan" }, { code: BEL_DESA_2, name: "Desa Uji Dua", kecamatan: "Tanjung Pandan" }],
    });
    const own = await api("GET", "/api/transfers/destinations?kabupaten=19.02", { token: bel.pustu });
    expect(own.status).toBe(422);
    const unserved = await api("GET", "/api/transfers/destinations?kabupaten=31.71", { token: tokens.pustu });
    expect(((await unserved.json()) as { error: { code: string } }).error.code).toBe("transfer_unknown_kabupaten");
    expect((await api("GET", `/api/transfers/destinations?kabupaten=${BEL_KAB}`, { token: tokens.kader })).status).toBe(403);
  });

  it("resumes a transfer left stale on the next read of it, after the answer, instead of the daily cron", async () => {
    const f = await family();
    const logs = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const crash: StepHook = (step) => {
      if (step === "copied") throw new Error("crash");
    };
    const { transfer } = await requestTransfer({ source: lb(), sourceKey: "1804", central: central(), open }, pustuA, { householdId: f.hh, toDesa: BEL_DESA }, Date.now(), crash);
    logs.mockRestore();
    expect(transfer).toMatchObject({ state: "requested", attempts: 1, stalled: false });
    const state = async () => (await env.CENTRAL.prepare("SELECT state FROM transfers WHERE id = ?").bind(transfer.id).first<{ state: string }>())!.state;
    // Not yet stale: a read answers and leaves it (apiDirect waits for the request's waitUntil work).
    const early = await apiDirect("GET", `/api/transfers/${transfer.id}`, { token: tokens.pustu });
    expect(((await early.json()) as View).transfer.state).toBe("requested");
    expect(await state()).toBe("requested");
    // Its retry delay over (as if TRANSFER_STALE_MS had passed): the read answers the state it found, then finishes it.
    await env.CENTRAL.prepare("UPDATE transfers SET updated_at = updated_at - ? WHERE id = ?").bind(TRANSFER_STALE_MS, transfer.id).run();
    const res = await apiDirect("GET", `/api/transfers/${transfer.id}`, { token: tokens.pustu });
    expect(((await res.json()) as View).transfer.state).toBe("requested");
    expect(await state()).toBe("done");
    expect(await placed(env.DB_1902, f.keys)).toEqual(f.keys.map((k) => [k, 0, BEL_DESA, BEL_DESA, 0]));
  });

  it("backs off a transfer that keeps failing before its copy, then fails it with nothing moved", async () => {
    const f = await family();
    const id = uuidv7();
    const t0 = Date.now();
    await env.CENTRAL.prepare(`INSERT INTO transfers (id, household_id, from_shard, to_shard, from_desa, to_desa, state, requested_by, requested_at, updated_at)
      VALUES (?, ?, '1804', '1902', ?, ?, 'requested', ?, ?, ?)`).bind(id, f.hh, DESA_A, BEL_DESA, pustuA.userId, t0, t0).run();
    // A destination that fails every batch (e.g. migrated one step behind: a column missing).
    const broken = openDb(new Proxy(env.DB_1902, {
      get(target, prop) {
        if (prop === "batch") return () => Promise.reject(new Error("D1_ERROR: table records has no column named x"));
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }));
    const brokenOpen = (key: string) => (key === "1902" ? broken : open(key));
    const row = async () => (await env.CENTRAL.prepare("SELECT state, attempts, updated_at, error_code FROM transfers WHERE id = ?").bind(id).first<{ state: string; attempts: number; updated_at: number; error_code: string | null }>())!;
    const logs = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      for (let k = 0; k < TRANSFER_MAX_ATTEMPTS; k++) {
        const before = await row();
        // Each failed try moves it to the back (updated_at = the try) and waits the backoff, as SQL and the domain rule agree.
        const due = before.updated_at + transferRetryDelayMs(before.attempts);
        await resumeTransfers(central(), brokenOpen, due - 1);
        expect((await row()).attempts, `try ${k + 1} came early`).toBe(k);
        await resumeTransfers(central(), brokenOpen, due);
        const after = await row();
        expect(after.attempts).toBe(k + 1);
        expect(after.updated_at).toBe(due);
      }
    } finally {
      vi.restoreAllMocks();
    }
    expect(await row()).toMatchObject({ state: "failed", attempts: TRANSFER_MAX_ATTEMPTS, error_code: "transfer_attempts_exhausted" });
    expect(logs.mock.calls.map((c) => JSON.parse(String(c[0])).event)).toContain("transfer_gave_up");
    // Nothing moved; the household may be handed over again.
    expect(await placed(env.DB, f.keys)).toEqual(f.keys.map((k) => [k, 0, DESA_A, DESA_A, 0]));
    expect((await env.DB_1902.prepare("SELECT count(*) AS n FROM households WHERE id = ?").bind(f.hh).first<{ n: number }>())!.n).toBe(0);
    const read = ((await (await api("GET", `/api/transfers/${id}`, { token: tokens.pustu })).json()) as View).transfer;
    expect(read).toMatchObject({ state: "failed", errorCode: "transfer_attempts_exhausted", attempts: TRANSFER_MAX_ATTEMPTS, stalled: false });
    expect(((await (await post(tokens.pustu, { householdId: f.hh, toDesa: BEL_DESA })).json()) as View).transfer.state).toBe("done");
  });

  it("marks stalled, for the dinkes, a transfer that keeps failing once copied, and still retries it daily", async () => {
    const f = await family();
    let failing = true;
    const crash: StepHook = (step) => {
      if (failing && step === "copied") throw new Error("crash");
    };
    const logs = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const row = async (id: string) => (await env.CENTRAL.prepare("SELECT state, attempts, updated_at FROM transfers WHERE id = ?").bind(id).first<{ state: string; attempts: number; updated_at: number }>())!;
    let transfer: View["transfer"];
    try {
      ({ transfer } = await requestTransfer({ source: lb(), sourceKey: "1804", central: central(), open }, pustuA, { householdId: f.hh, toDesa: BEL_DESA }, Date.now(), crash));
      for (let r = await row(transfer.id); r.attempts < TRANSFER_MAX_ATTEMPTS; r = await row(transfer.id)) {
        await resumeTransfers(central(), open, r.updated_at + transferRetryDelayMs(r.attempts), crash);
      }
    } finally {
      vi.restoreAllMocks();
    }
    // Its copy committed, so it is not failed: it stays active (the household keeps its one transfer), stalled.
    const r = await row(transfer.id);
    expect(r).toMatchObject({ state: "requested", attempts: TRANSFER_MAX_ATTEMPTS });
    expect(logs.mock.calls.map((c) => JSON.parse(String(c[0])).event).filter((e) => e === "transfer_stalled")).toHaveLength(1);
    const read = ((await (await api("GET", `/api/transfers/${transfer.id}`, { token: tokens.pustu })).json()) as View).transfer;
    expect(read).toMatchObject({ state: "requested", attempts: TRANSFER_MAX_ATTEMPTS, stalled: true });
    // Retried at the slow pace only: not before a day, then (the fault gone) finished.
    failing = false;
    expect(await resumeTransfers(central(), open, r.updated_at + TRANSFER_SLOW_RETRY_MS - 1)).toBe(0);
    expect(await resumeTransfers(central(), open, r.updated_at + TRANSFER_SLOW_RETRY_MS)).toBe(1);
    expect(await row(transfer.id)).toMatchObject({ state: "done" });
    expect(((await (await api("GET", `/api/transfers/${transfer.id}`, { token: tokens.pustu })).json()) as View).transfer).toMatchObject({ state: "done", stalled: false });
  });

  it("binds no JSON value over JSON_CHARS_PER_STATEMENT, for a family whose fingerprint takes several chunks", async () => {
    const f = await family();
    const tpl = (await env.DB.prepare("SELECT * FROM records WHERE id = ?").bind(f.visitId).first<Record<string, unknown>>())!;
    const cols = Object.keys(tpl).filter((c) => c !== "id").map((c) => `"${c}"`);
    // 2,700 visits, inserted directly (a push of that many takes seconds): a fingerprint of about 130 KB.
    const extra = Array.from({ length: 2700 }, () => uuidv7());
    for (const json of jsonChunks(extra)) {
      await env.DB.prepare(`INSERT INTO records (id, ${cols.join(", ")}) SELECT j.value, ${cols.map((c) => `t.${c}`).join(", ")} FROM json_each(?1) j, records t WHERE t.id = ?2`).bind(json, f.visitId).run();
    }
    // Every string bound to a statement, through both databases, recorded by its length.
    const bound: number[] = [];
    const recording = (d1: D1Database) => openDb(new Proxy(d1, {
      get(target, prop) {
        if (prop === "prepare") {
          return (query: string) => {
            const stmt = target.prepare(query);
            const bind = stmt.bind.bind(stmt);
            stmt.bind = (...args: unknown[]) => {
              for (const a of args) if (typeof a === "string") bound.push(a.length);
              return bind(...args);
            };
            return stmt;
          };
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }));
    const rec = { "1804": recording(env.DB), "1902": recording(env.DB_1902) } as Record<string, ReturnType<typeof openDb>>;
    const { transfer } = await requestTransfer({ source: rec["1804"]!, sourceKey: "1804", central: central(), open: (k) => rec[k] ?? null }, pustuA, { householdId: f.hh, toDesa: BEL_DESA }, Date.now());
    expect(transfer).toMatchObject({ state: "done", rows: 2705 });
    const keys = 2705 * `"record:${f.visitId}@1",`.length;
    expect(keys).toBeGreaterThan(2 * JSON_CHARS_PER_STATEMENT);
    expect(Math.max(...bound)).toBeLessThanOrEqual(JSON_CHARS_PER_STATEMENT);
    // The fingerprint, written in chunks, is whole in both databases' step rows.
    for (const d1 of [env.DB, env.DB_1902]) {
      const ids = await d1.prepare("SELECT json_array_length(ids) AS n FROM transfer_steps WHERE transfer_id = ?").bind(transfer.id).first<{ n: number }>();
      expect(ids!.n).toBe(2705);
    }
    const n = async (d1: D1Database, deleted: number) => (await d1.prepare("SELECT count(*) AS n FROM records WHERE person_id = ? AND deleted = ?").bind(f.mother, deleted).first<{ n: number }>())!.n;
    expect([await n(env.DB_1902, 0), await n(env.DB, 1), await n(env.DB, 0)]).toEqual([2701, 2701, 0]);
  });

  it("lists a pustu's transfer however many newer ones the rest of the kabupaten has", async () => {
    const mine = uuidv7();
    await env.CENTRAL.prepare(`INSERT INTO transfers (id, household_id, from_shard, to_shard, from_desa, to_desa, state, requested_by, requested_at, updated_at)
      VALUES (?, ?, '1804', '1902', ?, ?, 'done', ?, 1, 1)`).bind(mine, uuidv7(), DESA_A, BEL_DESA, pustuA.userId).run();
    // 250 newer transfers out of another desa of Lampung Barat (more than the 4 × 50 the list used to read before filtering).
    const others = Array.from({ length: 250 }, (_, i) => [uuidv7(), uuidv7(), 1000 + i]);
    await env.CENTRAL.prepare(`INSERT INTO transfers (id, household_id, from_shard, to_shard, from_desa, to_desa, state, requested_by, requested_at, updated_at)
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), '1804', '1902', ?1, ?2, 'done', 'fixture', json_extract(value, '$[2]'), json_extract(value, '$[2]') FROM json_each(?3)`)
      .bind(DESA_B, BEL_DESA, JSON.stringify(others)).run();
    const list = (await (await api("GET", "/api/transfers?direction=out", { token: tokens.pustu })).json()) as { transfers: { id: string; fromDesa: string }[] };
    expect(list.transfers.map((t) => t.id)).toContain(mine);
    expect(list.transfers.every((t) => t.fromDesa === DESA_A)).toBe(true);
    const dinkes = (await (await api("GET", "/api/transfers?direction=out&limit=200", { token: tokens.dinkes })).json()) as { transfers: unknown[] };
    expect(dinkes.transfers).toHaveLength(200);
  });

  it("deletes finished transfers from the central ledger after the longest offline window, never an unfinished one", async () => {
    const now = Date.now();
    const old = now - MAX_OFFLINE_MS - 1;
    const rows = [["done", old], ["failed", old], ["copied", old], ["done", now - MAX_OFFLINE_MS + 60_000]] as const;
    const made = rows.map(() => uuidv7());
    for (const [i, [state, at]] of rows.entries()) {
      await env.CENTRAL.prepare(`INSERT INTO transfers (id, household_id, from_shard, to_shard, from_desa, to_desa, state, requested_by, requested_at, updated_at)
        VALUES (?, ?, '1804', '1902', ?, ?, ?, 'fixture', ?, ?)`).bind(made[i], uuidv7(), DESA_A, BEL_DESA, state, at, at).run();
    }
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      // (with the older ledger rows earlier tests left)
      expect((await prune(central(), now, PRUNE_JOBS)).transfers).toBeGreaterThanOrEqual(2);
    } finally {
      vi.restoreAllMocks();
    }
    const left = await env.CENTRAL.prepare("SELECT id FROM transfers WHERE id IN (SELECT value FROM json_each(?))").bind(JSON.stringify(made)).all<{ id: string }>();
    expect(left.results.map((r) => r.id).sort()).toEqual([made[2], made[3]].sort());
  });
});
