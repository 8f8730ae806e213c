import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PHOTO_CHUNK_BYTES } from "../../domain/lintas/photos.ts";
import { MAX_PUSH_BYTES } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { DEFAULT_MAX_BODY_BYTES } from "../../worker/http/body.ts";
import { api, DESA_B, DESA_OTHER_KEC, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * Every route, fed malformed JSON, wrong types, unknown fields, huge strings, a 5 MB body,
 * SQL-looking strings and ids from another area: each answer is the 4xx JSON error the case
 * names (status, code, and details that say which field or rule failed), it echoes nothing the
 * client sent, and the database is byte-for-byte the same afterwards.
 */
let tokens: Record<RoleName, string>;
let personB: string;
let userOther: string;

const SQLISH = "'; DROP TABLE persons; --";
/** Over every body limit: refused by size before it is parsed. */
const HUGE = "x".repeat(200_000);
/** Within the body limit but over any field's maximum: refused by the field's schema. */
const LONG = "L".repeat(5_000);
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

type Case = {
  name: string; method: string; path: string; token?: RoleName; body?: unknown; raw?: string;
  /** What the answer must be: its status, its error code, and what its details say. */
  status: number; code: string; details: unknown; message?: unknown;
};

/** `details` of a zod validation failure: exactly these issues, each naming its path. */
const issues = (...list: [path: string, code: string, message?: unknown][]) => ({
  issues: list.map(([path, code, message]) => ({ path, code, message: message ?? expect.any(String) })),
});
/** An unknown key is reported at the object's path and named in the message. */
const unknownKey = (key: string, path = "") => [path, "unrecognized_keys", expect.stringContaining(`"${key}"`)] as [string, string, unknown];
const BAD_JSON = { parser: expect.any(String) };
/** A push none of whose mutations applied: the per-mutation answer travels in details. */
const rejected = (code: string, details: unknown) => ({ results: [{ id: expect.any(String), status: "rejected", error: { code, message: expect.any(String), details } }] });

const validMutation = () => mutation("household", uuidv7(), "create", household());

const CASES: Case[] = [
  // POST /api/enroll
  { name: "enroll: malformed JSON", method: "POST", path: "/api/enroll", raw: '{"code": "ABCD-', status: 400, code: "invalid_json", details: BAD_JSON },
  { name: "enroll: wrong type", method: "POST", path: "/api/enroll", body: { code: 12345678 }, status: 422, code: "validation_failed", details: issues(["code", "invalid_type"]) },
  { name: "enroll: unknown field", method: "POST", path: "/api/enroll", body: { code: "ABCD-EFGH", admin: true }, status: 422, code: "validation_failed", details: issues(unknownKey("admin")) },
  { name: "enroll: huge string", method: "POST", path: "/api/enroll", body: { code: HUGE }, status: 413, code: "payload_too_large", details: { limit: DEFAULT_MAX_BODY_BYTES } },
  { name: "enroll: long string within the body limit", method: "POST", path: "/api/enroll", body: { code: LONG }, status: 422, code: "validation_failed", details: issues(["code", "invalid_format"]) },
  { name: "enroll: SQL-looking", method: "POST", path: "/api/enroll", body: { code: SQLISH }, status: 422, code: "validation_failed", details: issues(["code", "invalid_format"]) },
  { name: "enroll: 5 MB", method: "POST", path: "/api/enroll", raw: FIVE_MB, status: 413, code: "payload_too_large", details: { limit: DEFAULT_MAX_BODY_BYTES } },
  // POST /api/sync/push
  { name: "push: malformed JSON", method: "POST", path: "/api/sync/push", token: "pustu", raw: "{mutations: [", status: 400, code: "invalid_json", details: BAD_JSON },
  { name: "push: not an object", method: "POST", path: "/api/sync/push", token: "pustu", body: [1, 2, 3], status: 422, code: "validation_failed", details: issues(["", "invalid_type"]) },
  { name: "push: wrong types", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), baseVersion: "0" }] }, status: 422, code: "validation_failed", details: issues(["mutations.0.baseVersion", "invalid_type"]) },
  { name: "push: unknown field", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [validMutation()], force: true }, status: 422, code: "validation_failed", details: issues(unknownKey("force")) },
  { name: "push: unknown field in payload", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), payload: { ...household(), isAdmin: 1 } }] }, status: 422, code: "rejected", details: rejected("validation_failed", issues(unknownKey("isAdmin"))) },
  { name: "push: huge string", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), payload: { ...household(), address: HUGE } }] }, status: 422, code: "rejected", details: rejected("validation_failed", issues(["address", "too_big"])) },
  { name: "push: SQL-looking id", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), entityId: SQLISH }] }, status: 422, code: "validation_failed", details: issues(["mutations.0.entityId", "invalid_format"]) },
  { name: "push: SQL-looking entity", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [{ ...validMutation(), entity: "persons; DROP TABLE x" }] }, status: 422, code: "validation_failed", details: issues(["mutations.0.entity", "invalid_value"]) },
  { name: "push: 5 MB", method: "POST", path: "/api/sync/push", token: "pustu", raw: FIVE_MB, status: 413, code: "payload_too_large", details: { limit: MAX_PUSH_BYTES } },
  { name: "push: too many mutations", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: Array.from({ length: 101 }, validMutation) }, status: 422, code: "validation_failed", details: issues(["mutations", "too_big"]) },
  { name: "push: empty batch", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [] }, status: 422, code: "validation_failed", details: issues(["mutations", "too_small"]) },
  { name: "push: id from another pekon", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [mutation("household", uuidv7(), "create", household(DESA_B, ids.dusunB1))] }, status: 403, code: "forbidden", details: rejected("forbidden", { entity: "household" }) },
  { name: "push: update in another pekon", method: "POST", path: "/api/sync/push", token: "pustu", body: { mutations: [mutation("person", "__personB__", "update", { name: "X" }, 1)] }, status: 403, code: "forbidden", details: rejected("forbidden", { entity: "person" }) },
  { name: "push: area of another kecamatan", method: "POST", path: "/api/sync/push", token: "puskesmas", body: { mutations: [mutation("household", uuidv7(), "create", household(DESA_OTHER_KEC, null))] }, status: 403, code: "forbidden", details: rejected("forbidden", { entity: "household" }) },
  { name: "push: no token", method: "POST", path: "/api/sync/push", body: { mutations: [validMutation()] }, status: 401, code: "unauthenticated", details: null },
  { name: "push: bad token", method: "POST", path: "/api/sync/push", body: { mutations: [validMutation()] }, token: "bogus" as RoleName, status: 401, code: "unauthenticated", details: null },
  // GET /api/sync/pull
  { name: "pull: wrong type limit", method: "GET", path: "/api/sync/pull?limit=lots", token: "pustu", status: 422, code: "validation_failed", details: issues(["limit", "invalid_type"]) },
  { name: "pull: limit too large", method: "GET", path: "/api/sync/pull?limit=1000000", token: "pustu", status: 422, code: "validation_failed", details: issues(["limit", "too_big"]) },
  { name: "pull: forged cursor", method: "GET", path: `/api/sync/pull?cursor=${encodeURIComponent(SQLISH)}`, token: "pustu", status: 400, code: "invalid_cursor", details: null },
  { name: "pull: huge cursor", method: "GET", path: `/api/sync/pull?cursor=${"a".repeat(5000)}`, token: "pustu", status: 422, code: "validation_failed", details: issues(["cursor", "too_big"]) },
  { name: "pull: unknown param", method: "GET", path: "/api/sync/pull?area=18.04.10.2002", token: "pustu", status: 422, code: "validation_failed", details: issues(unknownKey("area")) },
  // Admin
  { name: "create user: malformed JSON", method: "POST", path: "/api/admin/users", token: "puskesmas", raw: "{", status: 400, code: "invalid_json", details: BAD_JSON },
  { name: "create user: wrong types", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: 7, role: "pustu", areaCode: DESA_B }, status: 422, code: "validation_failed", details: issues(["name", "invalid_type"]) },
  { name: "create user: unknown role", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "root", areaCode: DESA_B }, status: 422, code: "validation_failed", details: issues(["role", "invalid_value"]) },
  { name: "create user: unknown field", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: DESA_B, password: "x" }, status: 422, code: "validation_failed", details: issues(unknownKey("password")) },
  { name: "create user: huge name", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: HUGE, role: "pustu", areaCode: DESA_B }, status: 413, code: "payload_too_large", details: { limit: DEFAULT_MAX_BODY_BYTES } },
  { name: "create user: long name within the body limit", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: LONG, role: "pustu", areaCode: DESA_B }, status: 422, code: "validation_failed", details: issues(["name", "too_big"]) },
  { name: "create user: SQL-looking area", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: SQLISH }, status: 422, code: "validation_failed", details: issues(["areaCode", "invalid_format"]) },
  { name: "create user: area of another kecamatan", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: DESA_OTHER_KEC }, status: 403, code: "forbidden", details: { field: "areaCode" } },
  { name: "create user: wider role than the creator's", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "dinkes", areaCode: "18.04" }, status: 403, code: "forbidden", details: null, message: "A puskesmas user cannot create a dinkes user" },
  { name: "create user: wrong level for role", method: "POST", path: "/api/admin/users", token: "puskesmas", body: { name: "A", role: "pustu", areaCode: "18.04.10" }, status: 422, code: "validation_failed", details: { field: "areaCode" } },
  { name: "create user: 5 MB", method: "POST", path: "/api/admin/users", token: "puskesmas", raw: FIVE_MB, status: 413, code: "payload_too_large", details: { limit: DEFAULT_MAX_BODY_BYTES } },
  { name: "issue code: SQL-looking id", method: "POST", path: `/api/admin/users/${encodeURIComponent(SQLISH)}/enrollment-codes`, token: "puskesmas", status: 422, code: "validation_failed", details: issues(["id", "invalid_format"]) },
  { name: "issue code: user of another kecamatan", method: "POST", path: "/api/admin/users/__userOther__/enrollment-codes", token: "puskesmas", status: 404, code: "not_found", details: null },
  { name: "list devices: wrong type", method: "GET", path: "/api/admin/devices?userId=42", token: "puskesmas", status: 422, code: "validation_failed", details: issues(["userId", "invalid_format"]) },
  { name: "revoke: unknown device", method: "POST", path: `/api/admin/devices/${uuidv7()}/revoke`, token: "puskesmas", status: 404, code: "not_found", details: null },
  { name: "revoke: SQL-looking id", method: "POST", path: `/api/admin/devices/${encodeURIComponent(SQLISH)}/revoke`, token: "puskesmas", status: 422, code: "validation_failed", details: issues(["id", "invalid_format"]) },
  { name: "list users: kader", method: "GET", path: "/api/admin/users", token: "kader", status: 403, code: "forbidden", details: null },
  // Registry read
  { name: "person: SQL-looking id", method: "GET", path: `/api/persons/${encodeURIComponent(SQLISH)}`, token: "pustu", status: 422, code: "validation_failed", details: issues(["id", "invalid_format"]) },
  { name: "person: another pekon", method: "GET", path: "/api/persons/__personB__", token: "pustu", status: 403, code: "forbidden", details: { permission: "health:read" } },
  { name: "person: unknown", method: "GET", path: `/api/persons/${uuidv7()}`, token: "pustu", status: 404, code: "not_found", details: null },
  // Photos
  { name: "photo: malformed JSON", method: "POST", path: "/api/photos", token: "puskesmas", raw: "{\"id\":", status: 400, code: "invalid_json", details: BAD_JSON },
  { name: "photo: wrong types", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: 1, itemId: true, contentType: "image/jpeg", size: "big", sha256: 0 }, status: 422, code: "validation_failed", details: issues(["id", "invalid_type"], ["itemId", "invalid_type"], ["size", "invalid_type"], ["sha256", "invalid_type"]) },
  { name: "photo: unknown field", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: uuidv7(), itemId: uuidv7(), contentType: "image/jpeg", size: 10, sha256: "a".repeat(64), path: "/etc" }, status: 422, code: "validation_failed", details: issues(unknownKey("path")) },
  { name: "photo: not an image type", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: uuidv7(), itemId: uuidv7(), contentType: "text/html", size: 10, sha256: "a".repeat(64) }, status: 422, code: "validation_failed", details: issues(["contentType", "invalid_value"]) },
  { name: "photo: 5 MB declaration", method: "POST", path: "/api/photos", token: "puskesmas", raw: FIVE_MB, status: 413, code: "payload_too_large", details: { limit: DEFAULT_MAX_BODY_BYTES } },
  { name: "photo: unknown item", method: "POST", path: "/api/photos", token: "puskesmas", body: { id: uuidv7(), itemId: uuidv7(), contentType: "image/jpeg", size: 10, sha256: "a".repeat(64) }, status: 404, code: "not_found", details: null },
  { name: "photo chunk: 5 MB", method: "PUT", path: `/api/photos/${uuidv7()}?offset=0`, token: "puskesmas", raw: FIVE_MB, status: 413, code: "payload_too_large", details: { limit: PHOTO_CHUNK_BYTES } },
  { name: "photo chunk: wrong offset type", method: "PUT", path: `/api/photos/${uuidv7()}?offset=first`, token: "puskesmas", raw: "abc", status: 422, code: "validation_failed", details: issues(["offset", "invalid_type"]) },
  { name: "photo chunk: unknown upload", method: "PUT", path: `/api/photos/${uuidv7()}?offset=0`, token: "puskesmas", raw: "abc", status: 404, code: "not_found", details: null },
  { name: "photo chunk: pustu", method: "PUT", path: `/api/photos/${uuidv7()}?offset=0`, token: "pustu", raw: "abc", status: 403, code: "forbidden", details: null },
  { name: "photo status: SQL-looking id", method: "GET", path: `/api/photos/${encodeURIComponent(SQLISH)}`, token: "puskesmas", status: 422, code: "validation_failed", details: issues(["id", "invalid_format"]) },
  { name: "photo content: unknown", method: "GET", path: `/api/photos/${uuidv7()}/content`, token: "puskesmas", status: 404, code: "not_found", details: null },
  { name: "update user: unknown field", method: "PUT", path: `/api/admin/users/${uuidv7()}`, token: "puskesmas", body: { role: "dinkes" }, status: 422, code: "validation_failed", details: { issues: expect.arrayContaining([{ path: "", code: "unrecognized_keys", message: expect.stringContaining('"role"') }]) } },
  { name: "update user: empty", method: "PUT", path: `/api/admin/users/${uuidv7()}`, token: "puskesmas", body: {}, status: 422, code: "validation_failed", details: issues(["", "custom", "nothing to change"]) },
  { name: "update user: another kecamatan", method: "PUT", path: "/api/admin/users/__userOther__", token: "puskesmas", body: { active: false }, status: 404, code: "not_found", details: null },
  { name: "me: no token", method: "GET", path: "/api/me", status: 401, code: "unauthenticated", details: null },
  { name: "unknown route", method: "POST", path: "/api/nothing", token: "pustu", body: {}, status: 404, code: "not_found", details: null },
];

describe("bad input on every route", () => {
  it.each(CASES)("$name → $status $code, nothing written", async (c) => {
    const before = await snapshot();
    const path = c.path.replace("__personB__", personB).replace("__userOther__", userOther);
    const body = JSON.parse(JSON.stringify(c.body ?? null).replace("__personB__", personB));
    const token = c.token ? (tokens[c.token] ?? "bogus-token-that-is-long-enough") : undefined;
    const res = await api(c.method, path, { token, ...(c.raw !== undefined ? { raw: c.raw, headers: { "content-type": "application/json" } } : c.body !== undefined ? { body } : {}) });
    const text = await res.text();
    expect(res.status, text).toBe(c.status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual({ error: { code: c.code, message: c.message ?? expect.any(String), details: c.details } });
    // Nothing the client sent comes back: inputs may be personal data.
    expect(text).not.toContain(SQLISH);
    expect(text).not.toContain(LONG);
    expect(await snapshot()).toEqual(before);
  });
});
