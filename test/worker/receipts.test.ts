import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { DESA_A, DESA_B, household, ids, mutation, person, pushAs, seedWorld, tableCounts, visit, type RoleName } from "./fixtures.ts";

/** Receipts: a replay is answered from them alone, and they belong to the user who pushed. */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

describe("receipts", () => {
  it("one user's mutation id never answers for another user's mutation", async () => {
    const first = mutation("household", uuidv7(), "create", household(DESA_A, ids.dusunA1));
    expect((await pushAs(tokens.pustu, [first])).results[0]!.status).toBe("applied");

    // Another user's phone made a mutation with the same id (a bug, or a forged id): it is judged
    // on its own merits, not answered with the first user's receipt.
    const theirs = { ...mutation("household", uuidv7(), "create", household(DESA_B, ids.dusunB1)), id: first.id };
    const b = await pushAs(tokens.pustuB, [theirs]);
    expect(b.results[0]).toMatchObject({ id: first.id, status: "applied", version: 1 });
    const row = await env.DB.prepare("SELECT desa_code FROM households WHERE id = ?").bind(theirs.entityId).first<{ desa_code: string }>();
    expect(row).toEqual({ desa_code: DESA_B });

    // And one it may not make is refused, not answered "duplicate".
    const forbidden = { ...mutation("household", uuidv7(), "create", household(DESA_A, ids.dusunA1)), id: first.id };
    const c = await pushAs(tokens.puskesmasOther, [forbidden]);
    expect(c.status).toBe(403);
    expect(c.results[0]).toMatchObject({ id: first.id, status: "rejected", error: { code: "forbidden" } });

    // Each user's replay gets its own first answer.
    expect((await pushAs(tokens.pustu, [first])).results[0]).toMatchObject({ status: "duplicate", originalStatus: "applied" });
    expect((await pushAs(tokens.pustuB, [theirs])).results[0]).toMatchObject({ status: "duplicate", originalStatus: "applied" });
  });

  it("a replay is answered from the receipts without reading the rows it touched", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    const r = uuidv7();
    const batch = [
      mutation("household", hh, "create", household()),
      mutation("person", p, "create", person(hh, { pregnant: true })),
      mutation("record", r, "create", visit(p)),
    ];
    expect((await pushAs(tokens.pustu, batch)).results.map((x) => x.status)).toEqual(["applied", "applied", "applied"]);

    // Make the rows unreadable: any push that loads them (or the person's history) fails.
    await env.DB.prepare("UPDATE records SET data = '{not json' WHERE id = ?").bind(r).run();
    await env.DB.prepare("UPDATE persons SET household_id = 'gone' WHERE id = ?").bind(p).run();
    await env.DB.prepare("DELETE FROM households WHERE id = ?").bind(hh).run();
    const before = await tableCounts();

    const again = await pushAs(tokens.pustu, batch);
    expect(again.status).toBe(200);
    expect(again.results.map((x) => [x.status, x.originalStatus, x.version])).toEqual([
      ["duplicate", "applied", 1],
      ["duplicate", "applied", 1],
      ["duplicate", "applied", 1],
    ]);
    expect(await tableCounts()).toEqual(before);

    // A push that mixes a replay with a new mutation loads only what the new one needs.
    const other = mutation("household", uuidv7(), "create", household());
    const mixed = await pushAs(tokens.pustu, [batch[2]!, other]);
    expect(mixed.results.map((x) => x.status)).toEqual(["duplicate", "applied"]);
  });
});
