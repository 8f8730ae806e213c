/**
 * Open conflicts through the API (issue 10, item 3): the console lists them per desa, inside the
 * caller's area, and each read is audited.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_A, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
let personId: string;

interface Listed { conflicts: { id: number; entityId: string; field: string; serverValue: unknown; clientValue: unknown; clientBy: { id: string; name: string | null }; desa: string | null }[]; perDesa: { desa: string | null; open: number }[] }
const list = async (role: RoleName, q = "") => {
  const res = await api("GET", `/api/conflicts${q}`, { token: tokens[role] });
  return { status: res.status, json: (await res.json()) as Listed };
};

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  const hh = uuidv7();
  personId = uuidv7();
  const created = await pushAs(tokens.pustu, [mutation("household", hh, "create", household(DESA_A, ids.dusunA1)), mutation("person", personId, "create", person(hh, { name: "Siti Awal" }))]);
  expect(created.results.map((r) => r.status)).toEqual(["applied", "applied"]);
  // Two devices edit the same field from the same base version: the second one conflicts.
  const first = await pushAs(tokens.pustu, [mutation("person", personId, "update", { name: "Siti Pertama" }, 1)]);
  expect(first.results[0]!.status).toBe("applied");
  const second = await pushAs(tokens.kader, [mutation("person", personId, "update", { name: "Siti Kedua" }, 1)]);
  expect(second.results[0]!.status).toBe("conflict");
});

describe("GET /api/conflicts", () => {
  it("lists an open conflict with both values and who sent the one not kept, for the desa's pustu and the puskesmas", async () => {
    const pustu = await list("pustu");
    expect(pustu.status).toBe(200);
    const c = pustu.json.conflicts.find((x) => x.entityId === personId)!;
    expect(c).toMatchObject({ field: "name", serverValue: "Siti Pertama", clientValue: "Siti Kedua", desa: DESA_A });
    expect(c.clientBy.name).toBeTruthy();
    const pkm = await list("puskesmas");
    expect(pkm.json.conflicts.some((x) => x.entityId === personId)).toBe(true);
    expect(pkm.json.perDesa.find((d) => d.desa === DESA_A)!.open).toBeGreaterThanOrEqual(1);
    // One desa of the kecamatan, on request.
    expect((await list("puskesmas", `?desa=${DESA_A}`)).json.conflicts.some((x) => x.entityId === personId)).toBe(true);
  });

  it("shows nothing outside the caller's area, refuses a desa outside it, and refuses roles without health data", async () => {
    expect((await list("pustuB")).json.conflicts.some((x) => x.entityId === personId)).toBe(false);
    expect((await list("puskesmasOther")).json.conflicts.some((x) => x.entityId === personId)).toBe(false);
    expect((await list("pustuB", `?desa=${DESA_A}`)).status).toBe(403);
    for (const role of ["camat", "mitraKua"] as const) expect((await list(role)).status).toBe(403);
  });

  it("audits each read with ids and counts only", async () => {
    await list("puskesmas");
    const rows = await env.DB.prepare("SELECT details FROM audit_log WHERE action = 'conflicts.read'").all<{ details: string }>();
    expect(rows.results.length).toBeGreaterThan(0);
    for (const r of rows.results) expect(r.details).not.toMatch(/Siti/);
  });
});
