import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { exports, env } from "cloudflare:workers";
import { expect } from "vitest";
import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { indexColumns } from "../../domain/sync/index-columns.ts";
import type { Mutation, PushResponse } from "../../domain/sync/protocol.ts";
import { hashCode } from "../../domain/util/codes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { openDb } from "../../worker/db/client.ts";
import * as t from "../../worker/db/schema.ts";
import { ENTITY_TABLES } from "../../worker/db/tables.ts";
import worker from "../../worker/index.ts";
import { enrollConfig } from "../../worker/services/enroll.ts";

/**
 * A small synthetic world for the worker tests: Kecamatan Batu Brak with two pekon (A, B), a
 * second kecamatan, dusun, offices, one user per role, and a published form.
 */
export const KAB = "18.04";
export const KEC = "18.04.10";
export const KEC_OTHER = "18.04.11";
export const DESA_A = "18.04.10.2001";
export const DESA_B = "18.04.10.2002";
export const DESA_OTHER_KEC = "18.04.11.2001";

export const ids = {
  dusunA1: "01900000-0000-7000-8000-00000000a001",
  dusunA2: "01900000-0000-7000-8000-00000000a002",
  dusunB1: "01900000-0000-7000-8000-00000000b001",
  officeKua: "01900000-0000-7000-8000-0000000000f1",
  officePkk: "01900000-0000-7000-8000-0000000000f2",
  officePemdes: "01900000-0000-7000-8000-0000000000f3",
};

export type RoleName = "dinkes" | "puskesmas" | "pustu" | "pustuB" | "kader" | "camat" | "mitraKua" | "mitraPkk" | "puskesmasOther";

let seq = 0;
export async function insertRow(entity: EntityName, id: string, data: Record<string, unknown>, scope: { area: string; dusun?: string | null; grp?: string | null }, d1: D1Database = env.DB) {
  const db = openDb(d1);
  const now = Date.now();
  const s = { area: scope.area, dusun: scope.dusun ?? null, grp: scope.grp ?? null };
  await db.insert(t.changeLog).values({ entity, entityId: id, version: 1, fields: Object.keys(data), at: now });
  const last = await d1.prepare("SELECT max(seq) AS s FROM change_log").first<{ s: number }>();
  seq = last!.s;
  await db.insert(ENTITY_TABLES[entity]).values({
    ...data, id, version: 1, seq, deleted: false, needsReview: false, scopeArea: s.area, scopeDusun: s.dusun, scopeGrp: s.grp,
    createdAt: now, updatedAt: now, updatedBy: "fixture",
  });
  await db.insert(t.syncIndex).values({ entity, entityId: id, seq, deleted: false, ...indexColumns(ENTITIES[entity].domain, s) });
}

export async function seedWorld() {
  const db = openDb(env.DB);
  const areaRows: [string, string | null, "kabupaten" | "kecamatan" | "desa", string][] = [
    [KAB, "18", "kabupaten", "Lampung Barat"],
    [KEC, KAB, "kecamatan", "Batu Brak"],
    [KEC_OTHER, KAB, "kecamatan", "Lain"],
    [DESA_A, KEC, "desa", "Kembahang"],
    [DESA_B, KEC, "desa", "Negeri Ratu"],
    [DESA_OTHER_KEC, KEC_OTHER, "desa", "Pekon Lain"],
  ];
  for (const [code, parentCode, level, name] of areaRows) await insertRow("area", code, { parentCode, level, name, desaTerm: "pekon" }, { area: code });
  await insertRow("dusun", ids.dusunA1, { desaCode: DESA_A, name: "Dusun I" }, { area: DESA_A });
  await insertRow("dusun", ids.dusunA2, { desaCode: DESA_A, name: "Dusun II" }, { area: DESA_A });
  await insertRow("dusun", ids.dusunB1, { desaCode: DESA_B, name: "Dusun I" }, { area: DESA_B });
  await insertRow("office", ids.officeKua, { kecCode: KEC, name: "KUA Batu Brak", kind: "kua", desaCode: null }, { area: KEC });
  await insertRow("office", ids.officePkk, { kecCode: KEC, name: "PKK Batu Brak", kind: "pkk", desaCode: null }, { area: KEC });
  await insertRow("office", ids.officePemdes, { kecCode: KEC, name: "Pemerintah Pekon Kembahang", kind: "pemdes", desaCode: DESA_A }, { area: KEC });

  const users: Record<RoleName, TestUser> = {
    dinkes: { role: "dinkes", areaCode: KAB },
    puskesmas: { role: "puskesmas", areaCode: KEC },
    pustu: { role: "pustu", areaCode: DESA_A },
    pustuB: { role: "pustu", areaCode: DESA_B },
    kader: { role: "kader", areaCode: DESA_A, dusunId: ids.dusunA1 },
    camat: { role: "camat", areaCode: KEC },
    mitraKua: { role: "mitra", areaCode: KEC, officeId: ids.officeKua },
    mitraPkk: { role: "mitra", areaCode: KEC, officeId: ids.officePkk },
    puskesmasOther: { role: "puskesmas", areaCode: KEC_OTHER },
  };
  const tokens = {} as Record<RoleName, string>;
  const userIds = {} as Record<RoleName, string>;
  for (const [name, u] of Object.entries(users) as [RoleName, (typeof users)[RoleName]][]) {
    ({ id: userIds[name], token: tokens[name] } = await enrollUser(name, u, `TEST-${name.toUpperCase().slice(0, 4)}${Object.keys(tokens).length}`));
  }
  return { tokens, userIds };
}

/** Kabupaten Belitung (its own database, DB_1902): one kecamatan, two desa, a few users. */
export const BLT = { key: "1902", kab: "19.02", kec: "19.02.04", desaA: "19.02.04.2002", desaB: "19.02.04.2003" } as const;
export type BelitungRole = "dinkes" | "puskesmas" | "pustu";

export async function seedBelitung() {
  const d1 = env.DB_1902;
  const areaRows: [string, string | null, "kabupaten" | "kecamatan" | "desa", string][] = [
    [BLT.kab, "19", "kabupaten", "Belitung"],
    [BLT.kec, BLT.kab, "kecamatan", "Sijuk"],
    [BLT.desaA, BLT.kec, "desa", "Batu Itam"],
    [BLT.desaB, BLT.kec, "desa", "Terong"],
  ];
  for (const [code, parentCode, level, name] of areaRows) await insertRow("area", code, { parentCode, level, name, desaTerm: "desa" }, { area: code }, d1);
  const users: Record<BelitungRole, TestUser> = {
    dinkes: { role: "dinkes", areaCode: BLT.kab },
    puskesmas: { role: "puskesmas", areaCode: BLT.kec },
    pustu: { role: "pustu", areaCode: BLT.desaA },
  };
  const tokens = {} as Record<BelitungRole, string>;
  const userIds = {} as Record<BelitungRole, string>;
  for (const [name, u] of Object.entries(users) as [BelitungRole, TestUser][]) {
    ({ id: userIds[name], token: tokens[name] } = await enrollUser(`blt-${name}`, u, `BLTT-${name.toUpperCase().slice(0, 4)}`, { key: BLT.key, d1 }));
  }
  return { tokens, userIds };
}

export interface TestUser { role: string; areaCode: string; dusunId?: string; officeId?: string }

/**
 * A user named `Uji <name>`, enrolled on a device: its id and its token. In another database than
 * Lampung Barat's (`shard`: its key and binding), the code is also written to the central
 * enrollment directory, as the API does when it issues one.
 */
export async function enrollUser(name: string, u: TestUser, code?: string, shard?: { key: string; d1: D1Database }) {
  const db = openDb(shard?.d1 ?? env.DB);
  const id = uuidv7();
  await db.insert(t.users).values({ id, name: `Uji ${name}`, role: u.role as never, areaCode: u.areaCode, dusunId: u.dusunId ?? null, officeId: u.officeId ?? null, createdAt: Date.now() });
  code ??= `TEST-${name.toUpperCase().slice(0, 4)}-${id.slice(-6).toUpperCase()}`;
  const codeHash = await hashCode(code, enrollConfig(env).codeKey);
  if (shard) await openDb(env.CENTRAL).insert(t.enrollmentDirectory).values({ codeHash, shard: shard.key, expiresAt: Date.now() + 3600_000, createdAt: Date.now() });
  await db.insert(t.enrollmentCodes).values({ codeHash, userId: id, expiresAt: Date.now() + 3600_000, demo: true, createdAt: Date.now() });
  const res = await api("POST", "/api/enroll", { body: { code } });
  return { id, token: ((await res.json()) as { token: string }).token };
}

export async function userIdOf(name: RoleName) {
  const row = await env.DB.prepare("SELECT id FROM users WHERE name = ?").bind(`Uji ${name}`).first<{ id: string }>();
  return row!.id;
}

export interface ApiOptions { token?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> }

function apiRequest(method: string, path: string, opts: ApiOptions): Request {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  return new Request(`http://simpul.test${path}`, { method, headers, body });
}

export function api(method: string, path: string, opts: ApiOptions = {}) {
  const entry = (exports as unknown as { default: { fetch(r: Request): Promise<Response> } }).default;
  return entry.fetch(apiRequest(method, path, opts));
}

/**
 * The same request as `api`, handed to the worker's fetch handler in this isolate instead of
 * through `exports.default`, then waiting for its waitUntil work. For long runs (the fuzz):
 * under vitest-pool-workers every `exports`/`SELF` fetch is slower than the one before (about
 * 8 ms → 75 ms after 400 here; cloudflare/workers-sdk#15446), while a direct call stays flat.
 */
export async function apiDirect(method: string, path: string, opts: ApiOptions = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(apiRequest(method, path, opts), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export async function pushAs(token: string, mutations: Mutation[]) {
  const res = await api("POST", "/api/sync/push", { token, body: { mutations } });
  const json = (await res.json()) as PushResponse & { error?: { details: { results: PushResponse["results"] } } };
  return { status: res.status, results: json.results ?? json.error?.details.results ?? [], json };
}

export function mutation(entity: EntityName, entityId: string, op: Mutation["op"], payload: Record<string, unknown>, baseVersion = 0): Mutation {
  return { id: uuidv7(), entity, entityId, op, baseVersion, payload };
}

export function household(desaCode = DESA_A, dusunId: string | null = ids.dusunA1) {
  return { desaCode, dusunId, rt: "001", address: "Jl. Uji", noKk: null, pisPk: null };
}

export function person(householdId: string, over: Record<string, unknown> = {}) {
  return { householdId, name: "Siti Uji", sex: "P", birthDate: "1995-03-04", birthDatePrecision: "day", nik: null, relation: "istri", phone: null, jkn: null, pregnant: false, ...over };
}

/** A valid ANC visit (form anc v1) at 20 weeks. */
export const ANC_ANSWERS = {
  hpht: "2026-07-03", bb: 58.5, tb: 152, lila: 24.5, td_sistolik: 110, td_diastolik: 70, hb: 11.8, tfu: 20, djj: 140,
  protein_urine: "negatif", status_td: "t2", td_diberikan: false, ttd_diberikan: 30,
  tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "non_reaktif", tanda_bahaya: ["tidak_ada"],
};

export function visit(personId: string, over: Record<string, unknown> = {}) {
  return { personId, formId: "anc", formVersion: 1, visitDate: "2026-11-20", facilityId: null, data: ANC_ANSWERS, ...over };
}

export async function tableCounts() {
  const names = ["households", "persons", "records", "change_log", "sync_index", "receipts", "conflicts", "commitments", "commitment_items", "users", "devices", "enrollment_codes"];
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (await env.DB.prepare(`SELECT count(*) AS n FROM ${n}`).first<{ n: number }>())!.n;
  return out;
}

// ---------------------------------------------------------------------------------------------
// A successful call for every route in ROUTES. test/worker/openapi.test.ts checks each route's
// documented statuses with them; test/worker/fuzz.test.ts derives its generated requests from them.

/** One valid request: the path (with its ids and query), and a JSON body or raw bytes. */
export interface Call {
  path: string;
  body?: unknown;
  raw?: Uint8Array;
}
/** How to call a route successfully: as which test device (null: no token), and with what. */
export interface Probe {
  as: RoleName | null;
  call: () => Promise<Call>;
}
/** What the probes need from the world: seedWorld's devices and a commitment item of the KUA. */
export interface ProbeWorld {
  tokens: Record<RoleName, string>;
  userIds: Record<RoleName, string>;
  itemKua: string;
}

export const routeKey = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

/** A commitment of the kecamatan with the KUA as a party and one item of the KUA (for the photo routes). */
export async function kuaItem(tokens: Record<RoleName, string>) {
  const commitmentId = uuidv7();
  const itemId = uuidv7();
  const setup = await pushAs(tokens.puskesmas, [
    mutation("commitment", commitmentId, "create", { kecCode: KEC, meetingId: null, title: "Komitmen", period: "2026", docVersion: 1 }),
    mutation("commitment_party", uuidv7(), "create", { commitmentId, officeId: ids.officeKua }),
    mutation("commitment_item", itemId, "create", {
      commitmentId, number: 1, officeId: ids.officeKua, action: "Skrining catin", indicator: "Catin diskrining", targetKind: "yesno",
      targetValue: null, targetUnit: null, desaCodes: null, dueDate: "2026-12-31", status: "berjalan",
    }),
  ]);
  expect(setup.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
  return { commitmentId, itemId };
}

async function ok(res: Response, what: string) {
  expect(res.status, `${what}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json() as Promise<Record<string, unknown>>;
}

/** A synthetic JPEG: the SOI/APP0 signature, then noise. */
export function jpeg(size = 2000) {
  const b = crypto.getRandomValues(new Uint8Array(size));
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}

/**
 * A successful call for every route in ROUTES. A route added without an entry here fails the
 * coverage test in openapi.test.ts: its documented status is then unchecked, which that file forbids.
 * The world may be an empty object filled in by a beforeAll: it is read only when a call is made.
 * The calls that make a probe's rows go straight to the handler (apiDirect): the fuzz makes many.
 */
export function routeProbes(w: ProbeWorld): Record<string, Probe> {
  const tokens = new Proxy({} as Record<RoleName, string>, { get: (_, name) => w.tokens[name as RoleName] });
  const newUser = async () => {
    const u = await ok(await apiDirect("POST", "/api/admin/users", { token: tokens.puskesmas, body: { name: "Bidan Uji", role: "pustu", areaCode: DESA_A } }), "create user");
    return u.id as string;
  };
  const newCode = async () => {
    const c = await ok(await apiDirect("POST", `/api/admin/users/${await newUser()}/enrollment-codes`, { token: tokens.puskesmas }), "issue code");
    return c.code as string;
  };
  const newDevice = async () => {
    const d = await ok(await apiDirect("POST", "/api/enroll", { body: { code: await newCode() } }), "enroll");
    return d.deviceId as string;
  };
  const newPerson = async () => {
    const hh = uuidv7();
    const p = uuidv7();
    const res = await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
    expect(res.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    return p;
  };
  const newHousehold = async () => {
    const hh = uuidv7();
    expect((await pushAs(tokens.pustu, [mutation("household", hh, "create", household())])).results[0]!.status).toBe("applied");
    return hh;
  };
  const newTransfer = async () => {
    const t = await ok(await apiDirect("POST", "/api/transfers", { token: tokens.pustu, body: { householdId: await newHousehold(), toDesa: await belitungDesa() } }), "transfer");
    return (t.transfer as { id: string }).id;
  };
  const photoDeclaration = async (bytes: Uint8Array) => {
    const sha256 = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (x) => x.toString(16).padStart(2, "0")).join("");
    return { id: uuidv7(), itemId: w.itemKua, contentType: "image/jpeg", size: bytes.byteLength, sha256 };
  };
  const newPhoto = async (complete: boolean) => {
    const bytes = jpeg();
    const decl = await photoDeclaration(bytes);
    await ok(await apiDirect("POST", "/api/photos", { token: tokens.mitraKua, body: decl }), "declare photo");
    if (complete) await ok(await apiDirect("PUT", `/api/photos/${decl.id}?offset=0`, { token: tokens.mitraKua, raw: bytes, headers: { "content-type": "application/octet-stream" } }), "upload photo");
    return { id: decl.id, bytes };
  };
  return {
    "GET /api/health": { as: null, call: async () => ({ path: "/api/health" }) },
    "GET /api/me": { as: "kader", call: async () => ({ path: "/api/me" }) },
    "GET /api/openapi.json": { as: null, call: async () => ({ path: "/api/openapi.json" }) },
    "POST /api/enroll": { as: null, call: async () => ({ path: "/api/enroll", body: { code: await newCode(), deviceName: "HP uji" } }) },
    "POST /api/enroll/recover": {
      as: null,
      call: async () => {
        const userId = await newUser();
        const issue = async () => (await ok(await apiDirect("POST", `/api/admin/users/${userId}/enrollment-codes`, { token: tokens.puskesmas }), "issue code")).code as string;
        const d = await ok(await apiDirect("POST", "/api/enroll", { body: { code: await issue() } }), "enroll");
        return { path: "/api/enroll/recover", body: { code: await issue(), deviceId: d.deviceId } };
      },
    },
    "POST /api/sync/push": { as: "pustu", call: async () => ({ path: "/api/sync/push", body: { mutations: [mutation("household", uuidv7(), "create", household())] } }) },
    "GET /api/sync/pull": { as: "pustu", call: async () => ({ path: "/api/sync/pull?limit=10" }) },
    "POST /api/admin/users": { as: "puskesmas", call: async () => ({ path: "/api/admin/users", body: { name: "Bidan Baru", role: "pustu", areaCode: DESA_A } }) },
    "PUT /api/admin/users/:id": { as: "puskesmas", call: async () => ({ path: `/api/admin/users/${await newUser()}`, body: { name: "Bidan Ganti Nama", active: false } }) },
    "GET /api/admin/users": { as: "puskesmas", call: async () => ({ path: "/api/admin/users" }) },
    "POST /api/admin/users/:id/enrollment-codes": { as: "puskesmas", call: async () => ({ path: `/api/admin/users/${await newUser()}/enrollment-codes` }) },
    "GET /api/admin/enrollment-codes": { as: "puskesmas", call: async () => ({ path: `/api/admin/enrollment-codes?userId=${await newUser()}` }) },
    "GET /api/admin/devices": { as: "puskesmas", call: async () => ({ path: `/api/admin/devices?userId=${w.userIds.kader}` }) },
    "POST /api/admin/devices/:id/revoke": { as: "puskesmas", call: async () => ({ path: `/api/admin/devices/${await newDevice()}/revoke` }) },
    "GET /api/persons/:id": { as: "pustu", call: async () => ({ path: `/api/persons/${await newPerson()}` }) },
    "GET /api/conflicts": { as: "puskesmas", call: async () => ({ path: "/api/conflicts?limit=10" }) },
    "POST /api/photos": { as: "mitraKua", call: async () => ({ path: "/api/photos", body: await photoDeclaration(jpeg()) }) },
    "PUT /api/photos/:id": { as: "mitraKua", call: async () => { const p = await newPhoto(false); return { path: `/api/photos/${p.id}?offset=0`, raw: p.bytes }; } },
    "GET /api/photos/:id": { as: "camat", call: async () => ({ path: `/api/photos/${(await newPhoto(false)).id}` }) },
    "GET /api/photos/:id/content": { as: "camat", call: async () => ({ path: `/api/photos/${(await newPhoto(true)).id}/content` }) },
    "GET /api/lintas/items/:id/indicator": { as: "mitraKua", call: async () => ({ path: `/api/lintas/items/${w.itemKua}/indicator?year=2026` }) },
    "GET /api/pws": { as: "puskesmas", call: async () => ({ path: "/api/pws?month=2026-10" }) },
    "GET /api/pws/trend": { as: "puskesmas", call: async () => ({ path: "/api/pws/trend?indicator=balita.ds&to=2026-10" }) },
    "GET /api/pws/missed": { as: "puskesmas", call: async () => ({ path: `/api/pws/missed?indicator=balita.ds&unit=${DESA_A}&month=2026-10` }) },
    "GET /api/pws/targets": { as: "puskesmas", call: async () => ({ path: "/api/pws/targets?year=2026" }) },
    "PUT /api/pws/targets": { as: "puskesmas", call: async () => ({ path: "/api/pws/targets", body: { year: 2026, targets: { "balita.ds": 85, "balita.stunting": null } } }) },
    "GET /api/reports/monthly": { as: "puskesmas", call: async () => ({ path: "/api/reports/monthly?report=gizi&month=2026-10" }) },
    "GET /api/fhir/bundle": { as: "puskesmas", call: async () => ({ path: `/api/fhir/bundle?desa=${DESA_A}&month=2026-11` }) },
    "GET /api/fhir/summary": { as: "puskesmas", call: async () => ({ path: "/api/fhir/summary?month=2026-11" }) },
    // SATUSEHAT is configured for the second kecamatan only (test/vitest.config.ts). A job already
    // running for the desa-month is answered (202) instead of a new one: nothing reaches the queue.
    "POST /api/satusehat/send": {
      as: "puskesmasOther",
      call: async () => {
        await env.DB.prepare(
          "INSERT OR IGNORE INTO satusehat_send_jobs (id, kec_code, desa_code, month, status, requested_by, requested_at, heartbeat_at) VALUES ('probe-job', ?, ?, '2026-11', 'running', ?, ?, ?)",
        ).bind(KEC_OTHER, DESA_OTHER_KEC, w.userIds.puskesmasOther, Date.now(), Date.now() + 365 * 86_400_000).run();
        return { path: "/api/satusehat/send", body: { desa: DESA_OTHER_KEC, month: "2026-11" } };
      },
    },
    "GET /api/satusehat/status": { as: "puskesmas", call: async () => ({ path: "/api/satusehat/status?month=2026-11" }) },
    // Moves between kabupaten (transfers.test.ts): a new household of pekon A handed to a desa of Belitung.
    "POST /api/transfers": { as: "pustu", call: async () => ({ path: "/api/transfers", body: { householdId: await newHousehold(), toDesa: await belitungDesa() } }) },
    "GET /api/transfers/:id": { as: "pustu", call: async () => ({ path: `/api/transfers/${await newTransfer()}` }) },
    "GET /api/transfers/destinations": { as: "pustu", call: async () => (await belitungDesa(), { path: "/api/transfers/destinations?kabupaten=19.02" }) },
    "GET /api/transfers": { as: "puskesmas", call: async () => ({ path: "/api/transfers?direction=out&limit=10" }) },
    // The aggregates (aggregates.test.ts): a dinkes reads its own kabupaten's and publishes its month.
    "GET /api/aggregates": { as: "dinkes", call: async () => ({ path: "/api/aggregates?month=2026-11" }) },
    "GET /api/aggregates/trend": { as: "dinkes", call: async () => ({ path: "/api/aggregates/trend?indicator=balita.ds&to=2026-11" }) },
    "POST /api/aggregates/publish": { as: "dinkes", call: async () => ({ path: "/api/aggregates/publish", body: { month: "2026-11" } }) },
  };
}

/**
 * A desa of Belitung (19.02, env.DB_1902) in that database's areas, for the transfer probes: the
 * destination of a move out of Lampung Barat must be a desa of another served kabupaten.
 */
export const BELITUNG_PROBE_DESA = "19.02.01.2009";
export async function belitungDesa() {
  const now = Date.now();
  await env.DB_1902.prepare(
    `INSERT OR IGNORE INTO areas (id, version, seq, deleted, needs_review, scope_area, created_at, updated_at, updated_by, parent_code, level, name, desa_term)
     VALUES (?, 1, 0, 0, 0, ?, ?, ?, 'fixture', '19.02.01', 'desa', 'Desa Uji', 'desa')`,
  ).bind(BELITUNG_PROBE_DESA, BELITUNG_PROBE_DESA, now, now).run();
  return BELITUNG_PROBE_DESA;
}

/** Send a probe's call, or the same call with another token, path, JSON body or raw JSON text. */
export function sendCall(method: string, call: Call, over: { token?: string | null; raw?: string; body?: unknown; path?: string } = {}) {
  const m = method.toUpperCase();
  const token = over.token === undefined ? undefined : (over.token ?? undefined);
  const path = over.path ?? call.path;
  if (over.raw !== undefined) return api(m, path, { token, raw: over.raw, headers: { "content-type": "application/json" } });
  if (over.body !== undefined) return api(m, path, { token, body: over.body });
  if (call.raw) return api(m, path, { token, raw: call.raw, headers: { "content-type": "application/octet-stream" } });
  return api(m, path, { token, ...(call.body !== undefined ? { body: call.body } : {}) });
}
