import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, kuaItem, DESA_A, household, KEC, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
let userIds: Record<RoleName, string>;
let itemKua: string;
beforeAll(async () => {
  ({ tokens, userIds } = await seedWorld());
  itemKua = (await kuaItem(tokens)).itemId;
});

type AuditRow = { id: number; at: number; user_id: string | null; device_id: string | null; action: string; entity: string | null; entity_id: string | null; details: string | null };
/** Audit rows written after `since` (an audit_log id), with their details parsed. */
async function auditSince(since: number) {
  const rows = (await env.DB.prepare("SELECT * FROM audit_log WHERE id > ? ORDER BY id").bind(since).all<AuditRow>()).results;
  return rows.map((r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }));
}
const lastAuditId = async () => (await env.DB.prepare("SELECT coalesce(max(id), 0) AS n FROM audit_log").first<{ n: number }>())!.n;

describe("audit log", () => {
  it("records every write and every read of a person's records, with no personal field", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    const r = uuidv7();
    const NAME = "Rara Sintetis Unik";
    const NIK = "1804104503950001";
    const res = await pushAs(tokens.pustu, [
      mutation("household", hh, "create", household()),
      mutation("person", p, "create", person(hh, { name: NAME, nik: NIK, pregnant: true })),
      mutation("record", r, "create", visit(p)),
    ]);
    expect(res.status).toBe(200);
    expect((await api("GET", `/api/persons/${p}`, { token: tokens.pustu })).status).toBe(200);
    expect((await api("GET", "/api/sync/pull", { token: tokens.kader })).status).toBe(200);

    const rows = (await env.DB.prepare("SELECT * FROM audit_log ORDER BY id").all<Record<string, unknown>>()).results;
    const pustuId = (await env.DB.prepare("SELECT id FROM users WHERE name = 'Uji pustu'").first<{ id: string }>())!.id;
    const of = (action: string, entityId?: string) => rows.filter((x) => x.action === action && (!entityId || x.entity_id === entityId));
    for (const [entity, id] of [["household", hh], ["person", p], ["record", r]]) {
      const w = of("sync.create", id);
      expect(w, `${entity} write`).toHaveLength(1);
      expect(w[0]).toMatchObject({ entity, user_id: pustuId, device_id: expect.any(String), at: expect.any(Number) });
    }
    expect(of("person.read", p)).toHaveLength(1);
    const pulls = of("sync.pull");
    expect(pulls.some((x) => String(x.details).includes(`person:${p}`))).toBe(true);

    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(NAME);
    expect(everything).not.toContain(NIK);
    expect(everything).not.toContain("Jl. Uji");
  });
});

describe("audit log: refused attempts and sensitive reads", () => {
  it("records every 403 (a read, a push, an admin route) with who, where and the id, never the request's personal fields", async () => {
    const NAME = "Sulastri Rahasia";
    const hh = uuidv7();
    const p = uuidv7();
    expect((await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh, { name: "Warga Awal" }))])).status).toBe(200);
    const since = await lastAuditId();

    // A read of a person in another pekon (refused on the row) and by a role without health:read (refused at the gate).
    expect((await api("GET", `/api/persons/${p}`, { token: tokens.pustuB })).status).toBe(403);
    expect((await api("GET", `/api/persons/${p}`, { token: tokens.camat })).status).toBe(403);
    // An admin route, with a body holding a name.
    expect((await api("POST", "/api/admin/users", { token: tokens.kader, body: { name: NAME, role: "kader", areaCode: DESA_A } })).status).toBe(403);
    // A push refused as a whole (every mutation outside the caller's area), and a mitra rewriting its item.
    expect((await pushAs(tokens.pustuB, [mutation("person", p, "update", { name: NAME }, 1)])).status).toBe(403);
    const mitra = await pushAs(tokens.mitraKua, [mutation("commitment_item", itemKua, "update", { action: NAME }, 1)]);
    expect(mitra.results[0]!.error!.code).toBe("field_not_writable");

    const rows = await auditSince(since);
    const refused = rows.filter((r) => r.action === "access.refused");
    expect(refused).toEqual([
      expect.objectContaining({ user_id: userIds.pustuB, device_id: expect.any(String), entity_id: p, details: { method: "GET", route: "/api/persons/:id", code: "forbidden", permission: "health:read" } }),
      expect.objectContaining({ user_id: userIds.camat, details: { method: "GET", route: "/api/persons/:id", code: "forbidden", permission: "health:read" } }),
      expect.objectContaining({ user_id: userIds.kader, details: { method: "POST", route: "/api/admin/users", code: "forbidden", permission: "admin:users" } }),
      expect.objectContaining({ user_id: userIds.pustuB, details: { method: "POST", route: "/api/sync/push", code: "forbidden" } }),
      expect.objectContaining({ user_id: userIds.mitraKua, details: { method: "POST", route: "/api/sync/push", code: "forbidden" } }),
    ]);
    const pushes = rows.filter((r) => r.action === "sync.refused");
    expect(pushes).toEqual([
      expect.objectContaining({ user_id: userIds.pustuB, entity: "person", entity_id: p, details: expect.objectContaining({ op: "update", code: "forbidden" }) }),
      expect.objectContaining({ user_id: userIds.mitraKua, entity: "commitment_item", entity_id: itemKua, details: expect.objectContaining({ op: "update", code: "field_not_writable", fields: ["action"] }) }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(NAME);
    expect(JSON.stringify(rows)).not.toContain("Warga Awal");
  });

  it("a failed audit write leaves a refusal a 403, not a 500", async () => {
    await env.DB.prepare("ALTER TABLE audit_log RENAME TO audit_log_away").run();
    try {
      const res = await api("GET", "/api/admin/users", { token: tokens.kader });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    } finally {
      await env.DB.prepare("ALTER TABLE audit_log_away RENAME TO audit_log").run();
    }
  });

  it("records admin reads, photo reads and failed enrollments", async () => {
    const since = await lastAuditId();
    for (const path of ["/api/admin/users", "/api/admin/devices", "/api/admin/enrollment-codes"]) {
      expect((await api("GET", path, { token: tokens.puskesmas })).status, path).toBe(200);
    }
    // A small evidence photo, stored, then read by the camat.
    const photo = new Uint8Array(2048);
    crypto.getRandomValues(photo);
    photo.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const sha = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", photo)), (x) => x.toString(16).padStart(2, "0")).join("");
    const photoId = uuidv7();
    expect((await api("POST", "/api/photos", { token: tokens.mitraKua, body: { id: photoId, itemId: itemKua, contentType: "image/jpeg", size: photo.byteLength, sha256: sha } })).status).toBe(201);
    expect((await api("PUT", `/api/photos/${photoId}?offset=0`, { token: tokens.mitraKua, raw: photo, headers: { "content-type": "application/octet-stream" } })).status).toBe(200);
    expect((await api("GET", `/api/photos/${photoId}/content`, { token: tokens.camat })).status).toBe(200);
    expect((await api("POST", "/api/enroll", { body: { code: "NOPE-NOPE" }, headers: { "cf-connecting-ip": "10.20.0.1" } })).status).toBe(401);

    const rows = await auditSince(since);
    const reads = rows.filter((r) => r.action === "admin.read");
    expect(reads.map((r) => r.entity)).toEqual(["users", "devices", "enrollment_codes"]);
    for (const r of reads) expect(r).toMatchObject({ user_id: userIds.puskesmas, device_id: expect.any(String), details: { area: KEC } });
    expect(rows.filter((r) => r.action === "photo.read")).toEqual([
      expect.objectContaining({ user_id: userIds.camat, entity: "commitment_item", entity_id: itemKua, details: { photoId } }),
    ]);
    expect(rows.filter((r) => r.action === "enroll.failed")).toEqual([expect.objectContaining({ user_id: null, entity_id: null, details: { reason: "code_unknown" } })]);
    // The users list holds names; its audit row does not.
    expect(JSON.stringify(rows)).not.toContain("Uji ");
    expect(JSON.stringify(rows)).not.toContain("10.20.0.1");
  });
});
