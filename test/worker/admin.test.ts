import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_A, DESA_B, enrollUser, ids, KEC, mutation, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
let userIds: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens, userIds } = await seedWorld());
});

const json = async <T>(res: Response) => (await res.json()) as T;
const auditRows = (action: string, entityId: string) =>
  env.DB.prepare("SELECT user_id, entity_id, details FROM audit_log WHERE action = ? AND entity_id = ?").bind(action, entityId).all<{ user_id: string; entity_id: string; details: string | null }>();

async function newPustu(name = "Bidan Ganti") {
  const res = await api("POST", "/api/admin/users", { token: tokens.puskesmas, body: { name, role: "pustu", areaCode: DESA_A } });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

describe("PUT /api/admin/users/:id", () => {
  it("renames a user, audits the changed field names (not the name), and lists the new name", async () => {
    const id = await newPustu();
    const res = await api("PUT", `/api/admin/users/${id}`, { token: tokens.puskesmas, body: { name: "Bidan Sari Ganti" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, name: "Bidan Sari Ganti", role: "pustu", areaCode: DESA_A, active: true });
    const list = await json<{ users: { id: string; name: string }[] }>(await api("GET", "/api/admin/users", { token: tokens.puskesmas }));
    expect(list.users.find((u) => u.id === id)?.name).toBe("Bidan Sari Ganti");
    const rows = (await auditRows("admin.update_user", id)).results;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.user_id).toBe(userIds.puskesmas);
    expect(JSON.parse(rows[0]!.details!)).toEqual({ fields: ["name"] });
    expect(rows[0]!.details).not.toContain("Sari");
  });

  it("refuses an empty or over-long name", async () => {
    const id = await newPustu();
    for (const name of ["", "x".repeat(121)]) {
      const res = await api("PUT", `/api/admin/users/${id}`, { token: tokens.puskesmas, body: { name } });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed", details: { issues: [expect.objectContaining({ path: "name" })] } } });
    }
  });

  it("moves a pustu to another desa and deactivates it; its device is refused from then on", async () => {
    const { id, token } = await enrollUser("pindah", { role: "pustu", areaCode: DESA_A });
    expect((await api("PUT", `/api/admin/users/${id}`, { token: tokens.puskesmas, body: { areaCode: DESA_B } })).status).toBe(200);
    expect((await api("GET", "/api/me", { token })).status).toBe(200);
    expect((await api("PUT", `/api/admin/users/${id}`, { token: tokens.puskesmas, body: { active: false } })).status).toBe(200);
    const me = await api("GET", "/api/me", { token });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: "user_inactive" } });
  });

  it("does not let an administrator deactivate their own account", async () => {
    const res = await api("PUT", `/api/admin/users/${userIds.puskesmas}`, { token: tokens.puskesmas, body: { active: false } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "cannot_deactivate_self", details: { field: "active" } } });
    expect((await api("GET", "/api/me", { token: tokens.puskesmas })).status).toBe(200);
  });

  it("keeps a kader's dusun in its desa", async () => {
    const res = await api("POST", "/api/admin/users", { token: tokens.puskesmas, body: { name: "Kader Baru", role: "kader", areaCode: DESA_A, dusunId: ids.dusunA1 } });
    const kader = await json<{ id: string }>(res);
    const bad = await api("PUT", `/api/admin/users/${kader.id}`, { token: tokens.puskesmas, body: { dusunId: ids.dusunB1 } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_reference", details: { field: "dusunId" } } });
    expect((await api("PUT", `/api/admin/users/${kader.id}`, { token: tokens.puskesmas, body: { dusunId: ids.dusunA2 } })).status).toBe(200);
  });
});

describe("a phone's outbox report", () => {
  type Device = { id: string; lastSyncAt: string | null; outbox: { pending: number; rejected: number } | null };
  const deviceOf = async (userId: string) => (await json<{ devices: Device[] }>(await api("GET", `/api/admin/devices?userId=${userId}`, { token: tokens.puskesmas }))).devices[0]!;

  it("is stored from the pull's X-Simpul-Outbox header and listed with the last sync time", async () => {
    const { id, token } = await enrollUser("lapor", { role: "pustu", areaCode: DESA_A });
    expect(await deviceOf(id)).toMatchObject({ lastSyncAt: null, outbox: null });
    const before = Date.now();
    const res = await api("GET", "/api/sync/pull?limit=5", { token, headers: { "x-simpul-outbox": "pending=3;rejected=1" } });
    expect(res.status).toBe(200);
    const d = await deviceOf(id);
    expect(d.outbox).toEqual({ pending: 3, rejected: 1 });
    expect(Date.parse(d.lastSyncAt!)).toBeGreaterThanOrEqual(before);
    // A pull without the header (a later page) keeps the last report.
    expect((await api("GET", "/api/sync/pull?limit=5", { token })).status).toBe(200);
    expect((await deviceOf(id)).outbox).toEqual({ pending: 3, rejected: 1 });
    expect((await api("GET", "/api/sync/pull?limit=5", { token, headers: { "x-simpul-outbox": "pending=0;rejected=0" } })).status).toBe(200);
    expect((await deviceOf(id)).outbox).toEqual({ pending: 0, rejected: 0 });
  });

  it("refuses a malformed header with 400 and stores nothing", async () => {
    const { id, token } = await enrollUser("lapor-salah", { role: "pustu", areaCode: DESA_A });
    for (const value of ["pending=-1;rejected=0", "pending=3", "rejected=1;pending=3", "pending=99999999;rejected=0", "pending=1;rejected=1;x=2", "banyak"]) {
      const res = await api("GET", "/api/sync/pull?limit=5", { token, headers: { "x-simpul-outbox": value } });
      expect(res.status, value).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed", details: { field: "X-Simpul-Outbox" } } });
    }
    expect(await deviceOf(id)).toMatchObject({ lastSyncAt: null, outbox: null });
  });
});

describe("an administrator's reach on users", () => {
  it("a puskesmas of another kecamatan can neither rename nor see a Batu Brak user (404, as absent)", async () => {
    const id = await newPustu("Bidan Batu Brak");
    const res = await api("PUT", `/api/admin/users/${id}`, { token: tokens.puskesmasOther, body: { name: "Diambil Alih" } });
    expect(res.status).toBe(404);
    const list = await json<{ users: { id: string }[] }>(await api("GET", "/api/admin/users", { token: tokens.puskesmasOther }));
    expect(list.users.some((u) => u.id === id)).toBe(false);
    // The dinkes of the kabupaten reaches it.
    expect((await api("PUT", `/api/admin/users/${id}`, { token: tokens.dinkes, body: { name: "Bidan Batu Brak Dua" } })).status).toBe(200);
  });
});

describe("places and partners from the console: dusun, posyandu and offices through the push (reference:write)", () => {
  const place = (id: string) => ({
    dusun: { desaCode: DESA_A, name: `Dusun Baru ${id.slice(-4)}` },
    facility: { kind: "posyandu", name: "Posyandu Mawar", areaCode: DESA_A, dusunId: ids.dusunA1 },
    office: { kecCode: KEC, name: "Koramil Batu Brak", kind: "koramil", desaCode: null },
  });

  it("puskesmas and dinkes add and rename them, audited by id; other roles are refused", async () => {
    for (const who of ["puskesmas", "dinkes"] as const) {
      for (const entity of ["dusun", "facility", "office"] as const) {
        const id = uuidv7();
        const created = await pushAs(tokens[who], [mutation(entity, id, "create", place(id)[entity])]);
        expect(created.results[0]!.status, `${who} ${entity}`).toBe("applied");
        const renamed = await pushAs(tokens[who], [mutation(entity, id, "update", { name: "Nama Baru" }, 1)]);
        expect(renamed.results[0]!.status, `${who} ${entity} rename`).toBe("applied");
        const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = ? AND entity_id = ? AND user_id = ?").bind(entity, id, userIds[who]).first<{ n: number }>();
        expect(audit!.n, `${who} ${entity} audit`).toBe(2);
      }
    }
    for (const who of ["pustu", "kader", "camat", "mitraKua"] as const) {
      for (const entity of ["dusun", "facility", "office"] as const) {
        const id = uuidv7();
        const res = await pushAs(tokens[who], [mutation(entity, id, "create", place(id)[entity])]);
        expect(res.results[0]!.status, `${who} ${entity}`).toBe("rejected");
        expect(res.results[0]!.error!.code).toBe("forbidden");
      }
    }
  });

  it("a posyandu's dusun must be in its desa, and a dusun keeps its desa", async () => {
    const id = uuidv7();
    const res = await pushAs(tokens.puskesmas, [mutation("facility", id, "create", { kind: "posyandu", name: "Posyandu Salah", areaCode: DESA_A, dusunId: ids.dusunB1 })]);
    expect(res.results[0]).toMatchObject({ status: "rejected", error: { code: "invalid_reference" } });
    const d = uuidv7();
    await pushAs(tokens.puskesmas, [mutation("dusun", d, "create", { desaCode: DESA_A, name: "Dusun Tetap" })]);
    const move = await pushAs(tokens.puskesmas, [mutation("dusun", d, "update", { desaCode: DESA_B }, 1)]);
    expect(move.results[0]).toMatchObject({ status: "rejected", error: { code: "immutable_field" } });
  });
});
