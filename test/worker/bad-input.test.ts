import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_B, DESA_OTHER_KEC, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * Every route, fed malformed JSON, wrong types, unknown fields, huge strings, a 5 MB body,
 * SQL-looking strings and ids from another area: each answer is a 4xx JSON error and the
 * database is byte-for-byte the same afterwards.
 */
let tokens: Record<RoleName, string>;
let personB: string;
let userOther: string;

const SQLISH = "'; DROP TABLE persons; --";
const HUGE = "x".repeat(200_000);
const FIVE_MB = "{" + '"a":"' + "y".repeat(5 * 1024 * 1024) + '"}';

beforeAll(async () => {
  let userIds: Record<RoleName, string>;
  ({ tokens, userIds } = await seedWorld());
  userOther = userIds.puskesmasOther;
  const hh = uuidv7();
  personB = uuidv7();
  await pushAs(tokens.pustuB, [mutation("household", hh, "create", household(DESA_B, ids.dusunB1)), mutation("person", personB, "create", person(hh))]);
});

async function snapshot() {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT IN ('sqlite_sequence', 'd1_migrations')").all<{ name: string }>();
  const out: Record<string, unknown> = {};
  for (const { name } of tables.results) {
    // Devices' last_seen_at and the audit of reads are allowed to move; data is not.
    if (name === "audit_log") continue;
    const rows = await env.DB.prepare(`SELECT * FROM ${name}`).all();
    out[name] = name === "devices" ? rows.results.map((r) => ({ ...r, last_seen_at: null })) : rows.results;
  }
  return out;
}

type Case = { name: string; method: string; path: string; token?: RoleName; body?: unknown; raw?: string; expect?: number };

const validMutation = () => mutation("household", uuidv7(), "create", household());

const CASES: Case[] = [
  // POST /api/enroll
  { name: "enroll: malformed JSON", method: "POST", path: "/api/enroll", raw: '{"code": "ABCD-' },
  { name: "enroll: wrong type", method: "POST", path: "/api/enroll", body: { code: 12345678 } },
  { name: "enroll: unknown field", method: "POST", path: "/api/enroll", body: { code: "ABCD-EFGH", admin: true } },
  { name: "enroll: huge string", method: "POST", path: "/api/enroll", body: { code: HUGE } },
  { name: "enroll: SQL-looking", method: "POST", path: "/api/enroll", body: { code: SQLISH } },
  { name: "enroll: 5 MB", method: "POST", path: "/api/enroll", raw: FIVE_MB, expect: 413 },
  // POST /api/sync/push
  { name: "push: malformed JSON", method: "POST", path: "/api/sync/push", token: "pustu", raw: "{mutations: [" },
  { name: "push: not an object", method: "POST", path: "/api/sync/push", token: "pustu", body: [1, 2, 3] },
  { name: "push: wrong types", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), baseVersion: "0" }] } },
  { name: "push: unknown field", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [validMutation()], force: true } },
  { name: "push: unknown field in payload", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), payload: { ...household(), isAdmin: 1 } }] } },
  { name: "push: huge string", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), payload: { ...household(), address: HUGE } }] } },
  { name: "push: SQL-looking id", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), entityId: SQLISH }] } },
  { name: "push: SQL-looking entity", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), entity: "persons; DROP TABLE x" }] } },
  { name: "push: 5 MB", method: "POST", path: "/api/sync/push", token: "pustu", raw: FIVE_MB, expect: 413 },
  { name: "push: too many mutations", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: Array.from({ length: 101 }, validMutation) } },
  { name: "push: empty batch", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [] } },
  { name: "push: id from another pekon", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [mutation("household", uuidv7(), "create", household(DESA_B, ids.dusunB1))] }, expect: 403 },
  { name: "push: update in another pekon", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [mutation("person", "__personB__", "update", { name: "X" }, 1)] }, expect: 403 },
  { name: "push: area of another kecamatan", method: "POST", path: "/api/sync/push", token: "puskesmas", body: { mutations: [mutation("household", uuidv7(), "create", household(DESA_OTHER_KEC, null))] }, expect: 403 },
  { name: "push: no token", method: "POST", path: "/api/sync/push", body: { mutations: [validMutation()] }, expect: 401 },
  { name: "push: bad token", method: "POST", path: "/api/sync/push", body: { mutations: [validMutation()] }, token: "bogus" as RoleName, expect: 401 },
  // GET /api/sync/pull
  { name: "pull: wrong type limit", method: "GET", path: "/api/sync/pull?limit=lots", token: "pustu" },
  { name: "pull: limit too large", method: "GET", path: "/api/sync/pull?limit=1000000", token: "pustu" },
  { name: "pull: forged cursor", method: "GET", path: `/api/sync/pull?cursor=${encodeURIComponent(SQLISH)}`, token: "pustu", expect: 400 },
  { name: "pull: huge cursor", method: "GET", path: `/api/sync/pull?cursor=${"a".repeat(5000)}`, token: "pustu" },
  { name: "pull: unknown param", method: "GET", path: "/api/sync/pull?area=18.04.10.2002", token: "pustu" },
  // Admin
  { name: "create user: malformed JSON", method: "POST", path: "/api/admin/users", token: "puskesmas", raw: "{" },
  { name: "create user: wrong types", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: 7, role: "pustu", areaCode: DESA_B } },
  { name: "create user: unknown role", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "root", areaCode: DESA_B } },
  { name: "create user: unknown field", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: DESA_B, password: "x" } },
  { name: "create user: huge name", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: HUGE, role: "pustu", areaCode: DESA_B } },
  { name: "create user: SQL-looking area", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: SQLISH } },
  { name: "create user: area of another kecamatan", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: DESA_OTHER_KEC }, expect: 403 },
  { name: "create user: wider role than the creator's", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "dinkes", areaCode: "18.04" }, expect: 403 },
  { name: "create user: wrong level for role", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: "18.04.10" } },
  { name: "create user: 5 MB", method: "POST", path: "/api/admin/users", token: "puskesmas", raw: FIVE_MB, expect: 413 },
  { name: "issue code: SQL-looking id", method: "POST", path: `/api/admin/users/${encodeURIComponent(SQLISH)}/enrollment-codes`, token: "puskesmas" },
  { name: "issue code: user of another kecamatan", method: "POST", path: "/api/admin/users/__userOther__/enrollment-codes", token: "puskesmas", expect: 404 },
  { name: "list devices: wrong type", method: "GET", path: "/api/admin/devices?userId=42", token: "puskesmas" },
  { name: "revoke: unknown device", method: "POST", path: `/api/admin/devices/${uuidv7()}/revoke`, token: "puskesmas", expect: 404 },
  { name: "revoke: SQL-looking id", method: "POST", path: `/api/admin/devices/${encodeURIComponent(SQLISH)}/revoke`, token: "puskesmas" },
  { name: "list users: kader", method: "GET", path: "/api/admin/users", token: "kader", expect: 403 },
  // Registry read
  { name: "person: SQL-looking id", method: "GET", path: `/api/persons/${encodeURIComponent(SQLISH)}`, token: "pustu" },
  { name: "person: another pekon", method: "GET", path: "/api/persons/__personB__", token: "pustu", expect: 403 },
  { name: "person: unknown", method: "GET", path: `/api/persons/${uuidv7()}`, token: "pustu", expect: 404 },
  // Photos
  { name: "photo: malformed JSON", method: "POST", path: "/api/photos", token: "puskesmas", raw: "{\"id\":" },
  { name: "photo: wrong types", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: 1, itemId: true, contentType: "image/jpeg", size: "big", sha256: 0 } },
  { name: "photo: unknown field", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: uuidv7(), itemId: uuidv7(), contentType: "image/jpeg", size: 10, sha256: "a".repeat(64), path: "/etc" } },
  { name: "photo: not an image type", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: uuidv7(), itemId: uuidv7(), contentType: "text/html", size: 10, sha256: "a".repeat(64) } },
  { name: "photo: 5 MB declaration", method: "POST", path: "/api/photos", token: "puskesmas", raw: FIVE_MB, expect: 413 },
  { name: "photo: unknown item", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: uuidv7(), itemId: uuidv7(), contentType: "image/jpeg", size: 10, sha256: "a".repeat(64) }, expect: 404 },
  { name: "photo chunk: 5 MB", method: "PUT", path: `/api/photos/${uuidv7()}?offset=0`, token: "puskesmas", raw: FIVE_MB, expect: 413 },
  { name: "photo chunk: wrong offset type", method: "PUT", path: `/api/photos/${uuidv7()}?offset=first`, token: "puskesmas", raw: "abc" },
  { name: "photo chunk: unknown upload", method: "PUT", path: `/api/photos/${uuidv7()}?offset=0`, token: "puskesmas", raw: "abc", expect: 404 },
  { name: "photo chunk: pustu", method: "PUT", path: `/api/photos/${uuidv7()}?offset=0`, token: "pustu", raw: "abc", expect: 403 },
  { name: "photo status: SQL-looking id", method: "GET", path: `/api/photos/${encodeURIComponent(SQLISH)}`, token: "puskesmas" },
  { name: "photo content: unknown", method: "GET", path: `/api/photos/${uuidv7()}/content`, token: "puskesmas", expect: 404 },
  { name: "update user: unknown field", method: "PUT", path: `/api/admin/users/${uuidv7()}`, token: "puskesmas", body: { role: "dinkes" } },
  { name: "update user: empty", method: "PUT", path: `/api/admin/users/${uuidv7()}`, token: "puskesmas", body: {} },
  { name: "update user: another kecamatan", method: "PUT", path: "/api/admin/users/__userOther__", token: "puskesmas", body: { active: false }, expect: 404 },
  { name: "me: no token", method: "GET", path: "/api/me", expect: 401 },
  { name: "unknown route", method: "POST", path: "/api/nothing", token: "pustu", body: {}, expect: 404 },
];

describe("bad input on every route", () => {
  it.each(CASES)("$name → 4xx JSON, nothing written", async (c) => {
    const before = await snapshot();
    const path = c.path.replace("__personB__", personB).replace("__userOther__", userOther);
    const body = JSON.parse(JSON.stringify(c.body ?? null).replace("__personB__", personB));
    const token = c.token ? (tokens[c.token] ?? "bogus-token-that-is-long-enough") : undefined;
    const res = await api(c.method, path, { token, ...(c.raw !== undefined ? { raw: c.raw, headers: { "content-type": "application/json" } } : c.body !== undefined ? { body } : {}) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    if (c.expect) expect(res.status).toBe(c.expect);
    const json = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(json.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.anything() === undefined ? null : json.error.details });
    expect(json.error.code.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });
});
