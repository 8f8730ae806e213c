import { exports, env } from "cloudflare:workers";
import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { indexColumns } from "../../domain/sync/index-columns.ts";
import type { Mutation, PushResponse } from "../../domain/sync/protocol.ts";
import { hashCode } from "../../domain/util/codes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { openDb } from "../../worker/db/client.ts";
import * as t from "../../worker/db/schema.ts";
import { ENTITY_TABLES } from "../../worker/db/tables.ts";

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
async function insertRow(entity: EntityName, id: string, data: Record<string, unknown>, scope: { area: string; dusun?: string | null; grp?: string | null }) {
  const db = openDb(env.DB);
  const now = Date.now();
  const s = { area: scope.area, dusun: scope.dusun ?? null, grp: scope.grp ?? null };
  await db.insert(t.changeLog).values({ entity, entityId: id, version: 1, fields: Object.keys(data), at: now });
  const last = await env.DB.prepare("SELECT max(seq) AS s FROM change_log").first<{ s: number }>();
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

  const users: Record<RoleName, { role: string; areaCode: string; dusunId?: string; officeId?: string }> = {
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
    const id = uuidv7();
    userIds[name] = id;
    await db.insert(t.users).values({ id, name: `Uji ${name}`, role: u.role as never, areaCode: u.areaCode, dusunId: u.dusunId ?? null, officeId: u.officeId ?? null, createdAt: Date.now() });
    const code = `TEST-${name.toUpperCase().slice(0, 4)}${Object.keys(tokens).length}`;
    await db.insert(t.enrollmentCodes).values({ codeHash: await hashCode(code), userId: id, expiresAt: Date.now() + 3600_000, demo: true, createdAt: Date.now() });
    const res = await api("POST", "/api/enroll", { body: { code } });
    tokens[name] = ((await res.json()) as { token: string }).token;
  }
  return { tokens, userIds };
}

export async function userIdOf(name: RoleName) {
  const row = await env.DB.prepare("SELECT id FROM users WHERE name = ?").bind(`Uji ${name}`).first<{ id: string }>();
  return row!.id;
}

export function api(method: string, path: string, opts: { token?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const worker = (exports as unknown as { default: { fetch(r: Request): Promise<Response> } }).default;
  return worker.fetch(new Request(`http://simpul.test${path}`, { method, headers, body }));
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
