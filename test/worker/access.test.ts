import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_A, DESA_B, household, ids, KEC, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * The authorization table of docs/ACCESS.md, cell by cell, through the real routes.
 * Each cell is exercised with an in-scope target; the out-of-area rules follow below.
 */
type Cell = boolean;
const TABLE: Record<"dinkes" | "puskesmas" | "pustu" | "kader" | "camat" | "mitraKua", Record<string, Cell>> = {
  //            health:r  health:w  lintas:r  lintas:w  ref:r  ref:w  admin      pws:read  pws:targets  interop:export  aggregates:read+publish
  // (dinkes_provinsi lives in the central database: aggregates.test.ts tests its row.)
  dinkes:    { hr: true,  hw: false, lr: true,  lw: false, rr: true, rw: true,  ad: true,  pr: true,  pt: true, ie: true,  ag: true },
  puskesmas: { hr: true,  hw: true,  lr: true,  lw: true,  rr: true, rw: true,  ad: true,  pr: true,  pt: true, ie: true,  ag: false },
  pustu:     { hr: true,  hw: true,  lr: true,  lw: false, rr: true, rw: false, ad: false, pr: true,  pt: false, ie: false, ag: false },
  kader:     { hr: true,  hw: true,  lr: false, lw: false, rr: true, rw: false, ad: false, pr: false, pt: false, ie: false, ag: false },
  camat:     { hr: false, hw: false, lr: true,  lw: true,  rr: true, rw: false, ad: false, pr: true,  pt: false, ie: false, ag: false },
  mitraKua:  { hr: false, hw: false, lr: true,  lw: false, rr: true, rw: false, ad: false, pr: false, pt: false, ie: false, ag: false },
};

let tokens: Record<RoleName, string>;
let personA: string;
let commitmentId: string;

async function pulledIds(token: string) {
  const res = await api("GET", "/api/sync/pull?limit=2000", { token });
  expect(res.status).toBe(200);
  return new Set(((await res.json()) as PullResponse).changes.map((c) => c.id));
}

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  const hh = uuidv7();
  personA = uuidv7();
  expect((await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", personA, "create", person(hh))])).status).toBe(200);
  commitmentId = uuidv7();
  const setup = await pushAs(tokens.puskesmas, [
    mutation("commitment", commitmentId, "create", { kecCode: KEC, meetingId: null, title: "Komitmen ILP", period: "2026", docVersion: 1 }),
    mutation("commitment_party", uuidv7(), "create", { commitmentId, officeId: ids.officeKua }),
  ]);
  expect(setup.results.map((r) => r.status)).toEqual(["applied", "applied"]);
});

describe.each(Object.entries(TABLE))("role %s", (role, cells) => {
  const token = () => tokens[role as RoleName];

  it(`health:read → ${cells.hr}`, async () => {
    const res = await api("GET", `/api/persons/${personA}`, { token: token() });
    expect(res.status).toBe(cells.hr ? 200 : 403);
    expect((await pulledIds(token())).has(personA)).toBe(cells.hr);
  });

  it(`health:write → ${cells.hw}`, async () => {
    const res = await pushAs(token(), [mutation("household", uuidv7(), "create", household(DESA_A, ids.dusunA1))]);
    expect(res.status).toBe(cells.hw ? 200 : 403);
    expect(res.results[0]!.status).toBe(cells.hw ? "applied" : "rejected");
  });

  it(`lintas:read → ${cells.lr}`, async () => {
    expect((await pulledIds(token())).has(commitmentId)).toBe(cells.lr);
  });

  it(`lintas:write → ${cells.lw}`, async () => {
    const res = await pushAs(token(), [
      mutation("meeting", uuidv7(), "create", { kecCode: KEC, kind: "lintas_sektor", date: "2026-11-20", place: "Aula kecamatan", chair: "Camat", agenda: null, minutes: null }),
    ]);
    expect(res.results[0]!.status).toBe(cells.lw ? "applied" : "rejected");
  });

  it(`reference:read → ${cells.rr}`, async () => {
    expect((await pulledIds(token())).has(ids.officeKua)).toBe(cells.rr);
  });

  it(`reference:write → ${cells.rw}`, async () => {
    const res = await pushAs(token(), [mutation("dusun", uuidv7(), "create", { desaCode: DESA_A, name: `Dusun ${role}` })]);
    expect(res.results[0]!.status).toBe(cells.rw ? "applied" : "rejected");
  });

  it(`pws:read → ${cells.pr}`, async () => {
    // Its own area's PWS table (a kabupaten, kecamatan or desa); names are health:read's (pws.test.ts).
    const res = await api("GET", "/api/pws?month=2026-10", { token: token() });
    expect(res.status).toBe(cells.pr ? 200 : 403);
  });

  it(`pws:targets → ${cells.pt}`, async () => {
    const res = await api("PUT", "/api/pws/targets", { token: token(), body: { year: 2026, area: KEC, targets: { "balita.ds": 80 } } });
    expect(res.status).toBe(cells.pt ? 200 : 403);
  });

  it(`interop:export → ${cells.ie}`, async () => {
    // A desa of its own area (every role here reaches pekon A); the SATUSEHAT bundle and the summary (fhir-export.test.ts).
    for (const path of [`/api/fhir/bundle?desa=${DESA_A}&month=2026-11`, `/api/fhir/summary?area=${KEC}&month=2026-11`]) {
      const res = await api("GET", path, { token: token() });
      expect(res.status, path).toBe(cells.ie ? 200 : 403);
    }
    // Sending to SATUSEHAT (satusehat.test.ts): the status, and a send, which past the gate finds
    // Batu Brak unconfigured in these tests (409 satusehat_not_configured).
    expect((await api("GET", `/api/satusehat/status?area=${KEC}&month=2026-11`, { token: token() })).status).toBe(cells.ie ? 200 : 403);
    const send = await api("POST", "/api/satusehat/send", { token: token(), body: { desa: DESA_A, month: "2026-11" } });
    expect(send.status).toBe(cells.ie ? 409 : 403);
    expect(((await send.json()) as { error: { code: string } }).error.code).toBe(cells.ie ? "satusehat_not_configured" : "forbidden");
  });

  it(`aggregates:read, aggregates:publish → ${cells.ag}`, async () => {
    // Its own area's aggregates (the dinkes: its kabupaten's) and a refresh of its month (202, queued).
    for (const path of ["/api/aggregates?month=2026-10", "/api/aggregates/trend?indicator=balita.ds&to=2026-10"]) {
      expect((await api("GET", path, { token: token() })).status, path).toBe(cells.ag ? 200 : 403);
    }
    expect((await api("POST", "/api/aggregates/publish", { token: token(), body: { month: "2026-10" } })).status).toBe(cells.ag ? 202 : 403);
  });

  it(`admin:users → ${cells.ad}`, async () => {
    for (const path of ["/api/admin/users", "/api/admin/enrollment-codes"]) {
      const res = await api("GET", path, { token: token() });
      expect(res.status, path).toBe(cells.ad ? 200 : 403);
      const body = (await res.json()) as { error?: { code: string } };
      if (!cells.ad) expect(body.error!.code).toBe("forbidden");
    }
  });
});

describe("moves between kabupaten (docs/ACCESS.md, transfers)", () => {
  // Who hands a household of pekon A over: its pustu, the puskesmas and the dinkes; past the gate,
  // a desa of the same kabupaten is refused as such (422), so nothing moves (transfers.test.ts moves one).
  const MAY: Record<string, boolean> = { dinkes: true, puskesmas: true, pustu: true, pustuB: false, kader: false, camat: false, mitraKua: false, puskesmasOther: false };
  let hh: string;
  beforeAll(async () => {
    hh = uuidv7();
    expect((await pushAs(tokens.pustu, [mutation("household", hh, "create", household())])).results[0]!.status).toBe("applied");
  });
  it.each(Object.entries(MAY))("%s may hand over a household of pekon A → %s", async (role, may) => {
    const res = await api("POST", "/api/transfers", { token: tokens[role as RoleName], body: { householdId: hh, toDesa: DESA_B } });
    expect(res.status).toBe(may ? 422 : 403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(may ? "transfer_same_kabupaten" : "forbidden");
    const list = await api("GET", "/api/transfers", { token: tokens[role as RoleName] });
    // The list is the transfer roles' (each sees those touching its area); kader, camat and mitra are refused.
    const transferRole = ["dinkes", "puskesmas", "pustu", "pustuB", "puskesmasOther"].includes(role);
    expect(list.status).toBe(transferRole ? 200 : 403);
    // The desa of another kabupaten (reference data) for the same roles; the own kabupaten is no destination.
    const dest = await api("GET", "/api/transfers/destinations?kabupaten=18.04", { token: tokens[role as RoleName] });
    expect(dest.status).toBe(transferRole ? 422 : 403);
  });
});

describe("area rules", () => {
  it("a pustu of pekon A can neither read nor write pekon B", async () => {
    const hhB = uuidv7();
    const pB = uuidv7();
    const setup = await pushAs(tokens.pustuB, [mutation("household", hhB, "create", household(DESA_B, ids.dusunB1)), mutation("person", pB, "create", person(hhB))]);
    expect(setup.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect((await api("GET", `/api/persons/${pB}`, { token: tokens.pustuB })).status).toBe(200);
    expect((await api("GET", `/api/persons/${pB}`, { token: tokens.pustu })).status).toBe(403);
    expect((await pulledIds(tokens.pustu)).has(pB)).toBe(false);
    const w = await pushAs(tokens.pustu, [mutation("person", pB, "update", { phone: "081200000000" }, 1)]);
    expect(w.status).toBe(403);
    expect(w.results[0]!.error!.code).toBe("forbidden");
    const create = await pushAs(tokens.pustu, [mutation("person", uuidv7(), "create", person(hhB))]);
    expect(create.results[0]!.error!.code).toBe("forbidden");
  });

  it("a kader bound to a dusun cannot write another dusun", async () => {
    const res = await pushAs(tokens.kader, [mutation("household", uuidv7(), "create", household(DESA_A, ids.dusunA2))]);
    expect(res.results[0]!.error!.code).toBe("forbidden");
  });

  it("a puskesmas of another kecamatan cannot read Batu Brak", async () => {
    expect((await api("GET", `/api/persons/${personA}`, { token: tokens.puskesmasOther })).status).toBe(403);
    expect((await pulledIds(tokens.puskesmasOther)).has(personA)).toBe(false);
  });

  it("a kader cannot touch admin routes", async () => {
    for (const [method, path, body] of [
      ["GET", "/api/admin/users", undefined],
      ["POST", "/api/admin/users", { name: "X", role: "kader", areaCode: DESA_A }],
      ["PUT", `/api/admin/users/${uuidv7()}`, { name: "X" }],
      ["GET", "/api/admin/devices", undefined],
      ["GET", "/api/admin/enrollment-codes", undefined],
      ["POST", `/api/admin/devices/${uuidv7()}/revoke`, undefined],
      ["POST", `/api/admin/users/${uuidv7()}/enrollment-codes`, undefined],
    ] as const) {
      const res = await api(method, path, { token: tokens.kader, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it("a mitra sees only commitments where its office is a party, and writes only for its office", async () => {
    expect((await pulledIds(tokens.mitraKua)).has(commitmentId)).toBe(true);
    expect((await pulledIds(tokens.mitraPkk)).has(commitmentId)).toBe(false);
    const itemKua = uuidv7();
    const itemPkk = uuidv7();
    const item = (officeId: string) => ({
      commitmentId, number: 1, officeId, action: "Skrining catin", indicator: "catin diskrining", targetKind: "number",
      targetValue: 100, targetUnit: "%", desaCodes: null, dueDate: "2026-12-31", status: "belum_mulai",
    });
    const setup = await pushAs(tokens.puskesmas, [
      mutation("commitment_party", uuidv7(), "create", { commitmentId, officeId: ids.officePkk }),
      mutation("commitment_item", itemKua, "create", item(ids.officeKua)),
      mutation("commitment_item", itemPkk, "create", { ...item(ids.officePkk), number: 2 }),
    ]);
    // The PKK's item exists, so the refusal below is about the office, not a missing row.
    expect(setup.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    const progress = (itemId: string) => mutation("progress", uuidv7(), "create", { itemId, note: "Sudah mulai", value: 10, status: "berjalan", photoKeys: [] });
    const own = await pushAs(tokens.mitraKua, [progress(itemKua)]);
    expect(own.results[0]!.status).toBe("applied");
    const other = await pushAs(tokens.mitraKua, [progress(itemPkk)]);
    expect(other.results[0]!.error!.code).toBe("forbidden");
    const newItem = await pushAs(tokens.mitraKua, [mutation("commitment_item", uuidv7(), "create", { ...item(ids.officeKua), number: 3 })]);
    expect(newItem.results[0]!.error!.code).toBe("forbidden");
  });

  it("a mitra changes only the status of its own items and adds progress; it rewrites and deletes nothing", async () => {
    const itemId = uuidv7();
    const item = {
      commitmentId, number: 7, officeId: ids.officeKua, action: "Bimbingan perkawinan", indicator: "catin ikut bimwin", targetKind: "number",
      targetValue: 80, targetUnit: "%", desaCodes: null, dueDate: "2026-12-31", status: "belum_mulai",
    };
    expect((await pushAs(tokens.puskesmas, [mutation("commitment_item", itemId, "create", item)])).results[0]!.status).toBe("applied");
    const row = () => env.DB.prepare("SELECT * FROM commitment_items WHERE id = ?").bind(itemId).first();
    const before = await row();

    const rewrite = await pushAs(tokens.mitraKua, [mutation("commitment_item", itemId, "update", { action: "Tidak jadi", targetValue: 1 }, 1)]);
    expect(rewrite.status).toBe(403);
    expect(rewrite.results[0]).toMatchObject({ status: "rejected", error: { code: "field_not_writable", details: { entity: "commitment_item", fields: ["action", "targetValue"] } } });
    // Status together with another field: the whole mutation is refused, not half applied.
    const mixed = await pushAs(tokens.mitraKua, [mutation("commitment_item", itemId, "update", { status: "berjalan", dueDate: "2027-06-30" }, 1)]);
    expect(mixed.results[0]).toMatchObject({ status: "rejected", error: { code: "field_not_writable", details: { fields: ["dueDate"] } } });
    const del = await pushAs(tokens.mitraKua, [mutation("commitment_item", itemId, "delete", {}, 1)]);
    expect(del.status).toBe(403);
    expect(del.results[0]).toMatchObject({ status: "rejected", error: { code: "delete_not_allowed" } });
    expect(await row()).toEqual(before);

    // What a mitra may do: the status, with unchanged fields alongside, and progress.
    const ok = await pushAs(tokens.mitraKua, [
      mutation("commitment_item", itemId, "update", { status: "berjalan", action: item.action }, 1),
      mutation("progress", uuidv7(), "create", { itemId, note: "Kelas pertama", value: 20, status: "berjalan", photoKeys: [] }),
    ]);
    expect(ok.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect(await row()).toMatchObject({ status: "berjalan", action: item.action, target_value: 80, deleted: 0, version: 2 });
    // Its own progress is not editable afterwards either, and the puskesmas still edits freely.
    const progressId = uuidv7();
    await pushAs(tokens.mitraKua, [mutation("progress", progressId, "create", { itemId, note: "Catatan", value: 30, status: null, photoKeys: [] })]);
    expect((await pushAs(tokens.mitraKua, [mutation("progress", progressId, "update", { value: 90 }, 1)])).results[0]!.error!.code).toBe("field_not_writable");
    expect((await pushAs(tokens.mitraKua, [mutation("progress", progressId, "delete", {}, 1)])).results[0]!.error!.code).toBe("delete_not_allowed");
    expect((await pushAs(tokens.puskesmas, [mutation("commitment_item", itemId, "update", { targetValue: 90 }, 2)])).results[0]!.status).toBe("applied");
  });

  it("a revoked device gets 401 on its next request", async () => {
    const users = (await (await api("GET", "/api/admin/users", { token: tokens.puskesmas })).json()) as { users: { id: string; role: string }[] };
    const kader = users.users.find((u) => u.role === "kader")!;
    const code = (await (await api("POST", `/api/admin/users/${kader.id}/enrollment-codes`, { token: tokens.puskesmas })).json()) as { code: string };
    const enrolled = (await (await api("POST", "/api/enroll", { body: { code: code.code, deviceName: "HP kader" } })).json()) as { token: string; deviceId: string };
    expect((await api("GET", "/api/me", { token: enrolled.token })).status).toBe(200);
    const revoke = await api("POST", `/api/admin/devices/${enrolled.deviceId}/revoke`, { token: tokens.puskesmas });
    expect(revoke.status).toBe(200);
    const after = await api("GET", "/api/sync/pull", { token: enrolled.token });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("device_revoked");
  });
});
