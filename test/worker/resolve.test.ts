import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { ANC_ANSWERS, api, household, ids, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * Settling a conflict (issue 10, item 3): the pull carries a flagged row's open conflicts with
 * who sent each value; an update naming them (`resolves`) is authorized like any edit of the row,
 * marks them resolved, clears the flag when none is left, re-derives, and is audited.
 */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

async function pullAll(token: string): Promise<PullResponse["changes"]> {
  const out: PullResponse["changes"] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await api("GET", `/api/sync/pull?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    out.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return out;
}

async function conflictOnVisit() {
  const hh = uuidv7();
  const p = uuidv7();
  const r = uuidv7();
  const made = await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh, { pregnant: true })), mutation("record", r, "create", visit(p))]);
  expect(made.results.map((x) => x.status)).toEqual(["applied", "applied", "applied"]);
  expect((await pushAs(tokens.pustu, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, catatan: "Kontrol" } }, 1)])).results[0]!.status).toBe("applied");
  const high = { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100 };
  expect((await pushAs(tokens.kader, [mutation("record", r, "update", { data: high }, 1)])).results[0]!.status).toBe("conflict");
  return { r, high };
}

const row = (r: string) => env.DB.prepare("SELECT version, needs_review AS needsReview, derived FROM records WHERE id = ?").bind(r).first<{ version: number; needsReview: number; derived: string }>();

describe("settling a conflict", () => {
  it("the pull carries the open conflict with both values and who sent each", async () => {
    const { r, high } = await conflictOnVisit();
    const change = (await pullAll(tokens.pustu)).find((c) => c.id === r)!;
    expect(change.needsReview).toBe(true);
    expect(change.conflicts).toHaveLength(1);
    const c = change.conflicts![0]!;
    expect(c).toMatchObject({ field: "data", clientValue: high });
    expect(c.clientBy.name).toBeTruthy();
    expect(c.serverBy?.name).toBeTruthy();
    expect(c.serverBy?.id).not.toBe(c.clientBy.id);
  });

  it("refuses ids that are not open conflicts of the row, and writes nothing", async () => {
    const { r } = await conflictOnVisit();
    const before = await row(r);
    const res = await pushAs(tokens.pustu, [{ ...mutation("record", r, "update", { data: ANC_ANSWERS }, before!.version), resolves: [999_999] }]);
    expect(res.results[0]).toMatchObject({ status: "rejected", error: { code: "unknown_conflict" } });
    expect((await row(r))!.version).toBe(before!.version);
  });

  it("picking the value sent later settles it: resolved, flag cleared, re-derived from the chosen answers, audited", async () => {
    const { r, high } = await conflictOnVisit();
    const change = (await pullAll(tokens.pustu)).find((c) => c.id === r)!;
    const id = change.conflicts![0]!.id;
    const res = await pushAs(tokens.pustu, [{ ...mutation("record", r, "update", { data: high }, change.version), resolves: [id] }]);
    expect(res.results[0]).toMatchObject({ status: "applied" });
    const after = await row(r);
    expect(after!.needsReview).toBe(0);
    expect((JSON.parse(after!.derived) as { flags: { id: string }[] }).flags.map((f) => f.id)).toContain("anc.hipertensi");
    const c = await env.DB.prepare("SELECT resolved_at AS resolvedAt, resolved_by AS resolvedBy FROM conflicts WHERE id = ?").bind(id).first<{ resolvedAt: number | null; resolvedBy: string | null }>();
    expect(c!.resolvedAt).not.toBeNull();
    expect(c!.resolvedBy).toBeTruthy();
    const audited = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'sync.resolve' AND entity_id = ?").bind(r).first<{ n: number }>();
    expect(audited!.n).toBe(1);
    // The next pull sends the row clean, without conflicts.
    const again = (await pullAll(tokens.pustu)).find((x) => x.id === r)!;
    expect(again.needsReview ?? false).toBe(false);
    expect(again.conflicts).toBeUndefined();
  });

  it("keeping the stored value is a decision too: it settles with no change of answers", async () => {
    const { r } = await conflictOnVisit();
    const change = (await pullAll(tokens.pustu)).find((c) => c.id === r)!;
    const kept = change.data!.data;
    const res = await pushAs(tokens.pustu, [{ ...mutation("record", r, "update", { data: kept }, change.version), resolves: [change.conflicts![0]!.id] }]);
    expect(res.results[0]!.status).toBe("applied");
    expect((await row(r))!.needsReview).toBe(0);
  });

  it("only someone who may edit the row can settle it", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    expect((await pushAs(tokens.pustu, [mutation("household", hh, "create", household(undefined, ids.dusunA2)), mutation("person", p, "create", person(hh, { name: "Sri Awal" }))])).results.map((x) => x.status)).toEqual(["applied", "applied"]);
    expect((await pushAs(tokens.pustu, [mutation("person", p, "update", { name: "Sri Satu" }, 1)])).results[0]!.status).toBe("applied");
    expect((await pushAs(tokens.pustu, [mutation("person", p, "update", { name: "Sri Dua" }, 1)])).results[0]!.status).toBe("conflict");
    const id = (await env.DB.prepare("SELECT id FROM conflicts WHERE entity_id = ?").bind(p).first<{ id: number }>())!.id;
    // The kader of Dusun I may not write a household of Dusun II.
    const res = await pushAs(tokens.kader, [{ ...mutation("person", p, "update", { name: "Sri Dua" }, 3), resolves: [id] }]);
    expect(res.results[0]).toMatchObject({ status: "rejected", error: { code: "forbidden" } });
    const open = await env.DB.prepare("SELECT resolved_at AS r FROM conflicts WHERE id = ?").bind(id).first<{ r: number | null }>();
    expect(open!.r).toBeNull();
  });
});
