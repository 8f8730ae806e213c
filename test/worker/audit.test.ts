import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, household, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

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
