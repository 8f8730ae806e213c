import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { DESA_A, household, mutation, person, pushAs, seedWorld, userIdOf, visit, type RoleName } from "./fixtures.ts";

/**
 * A large push is written set-wise (worker/services/push/statements.ts: one statement per table
 * and kind for a run of plain writes): every row must come out as one write at a time stored it.
 */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

describe("a push of many plain writes", () => {
  it("stores each row with its own change-log seq, index entry, receipt and audit row", async () => {
    const hh = uuidv7();
    const persons = Array.from({ length: 9 }, () => uuidv7());
    const records = persons.flatMap(() => [uuidv7(), uuidv7()]);
    const ms = [
      mutation("household", hh, "create", household()),
      ...persons.map((p) => mutation("person", p, "create", person(hh, { pregnant: true }))),
      ...records.map((r, i) => mutation("record", r, "create", visit(persons[i >> 1]!, { visitDate: i % 2 ? "2026-11-20" : "2026-10-20" }))),
      // The same row twice in one push: a create, then an edit (a new run for the second write).
      mutation("person", persons[0]!, "update", { phone: "081200000001" }, 1),
    ];
    const res = await pushAs(tokens.pustu, ms);
    expect(res.status).toBe(200);
    expect(res.results.map((r) => r.status)).toEqual(ms.map(() => "applied"));

    const rows = (await env.DB.prepare(
      `SELECT r.id, r.version, r.seq, r.scope_area, r.scope_dusun, r.updated_by, i.seq AS index_seq, i.desa, i.dusun, i.deleted,
         (SELECT max(seq) FROM change_log c WHERE c.entity = 'record' AND c.entity_id = r.id) AS log_seq,
         (SELECT count(*) FROM audit_log a WHERE a.entity = 'record' AND a.entity_id = r.id AND a.action = 'sync.create') AS audits
       FROM records r JOIN sync_index i ON i.entity = 'record' AND i.entity_id = r.id WHERE r.id IN (SELECT value FROM json_each(?))`,
    ).bind(JSON.stringify(records)).all<Record<string, unknown>>()).results;
    expect(rows).toHaveLength(records.length);
    const seqs = new Set<unknown>();
    for (const r of rows) {
      expect(r).toMatchObject({ version: 1, seq: r.log_seq, index_seq: r.log_seq, scope_area: "18.04.10.2001", desa: "18.04.10.2001", deleted: 0, audits: 1 });
      expect(r.dusun).toBe(r.scope_dusun);
      seqs.add(r.seq);
    }
    expect(seqs.size).toBe(records.length);
    // The record's JSON columns are stored as drizzle stores them, and the server derived each.
    const one = await env.DB.prepare("SELECT data, derived FROM records WHERE id = ?").bind(records[0]).first<{ data: string; derived: string }>();
    expect(JSON.parse(one!.data)).toMatchObject({ hpht: "2026-07-03", bb: 58.5 });
    expect(JSON.parse(one!.derived)).toMatchObject({ form: "anc@1" });
    // The person written twice: version 2, its latest change-log seq, and both audit rows.
    const p0 = await env.DB.prepare(
      `SELECT p.version, p.phone, p.seq, (SELECT max(seq) FROM change_log WHERE entity = 'person' AND entity_id = p.id) AS log_seq,
         (SELECT count(*) FROM change_log WHERE entity = 'person' AND entity_id = p.id) AS changes,
         (SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id = p.id) AS audits FROM persons p WHERE p.id = ?`,
    ).bind(persons[0]).first<Record<string, unknown>>();
    expect(p0).toMatchObject({ version: 2, phone: "081200000001", changes: 2, audits: 2 });
    expect(p0!.seq).toBe(p0!.log_seq);
    // One receipt per mutation, each the answer given.
    const receipts = await env.DB.prepare("SELECT count(*) AS n FROM receipts WHERE mutation_id IN (SELECT value FROM json_each(?))").bind(JSON.stringify(ms.map((m) => m.id))).first<{ n: number }>();
    expect(receipts!.n).toBe(ms.length);
    // A replay of the whole push is answered from the receipts and writes nothing.
    const again = await pushAs(tokens.pustu, ms);
    expect(again.results.map((r) => r.status)).toEqual(ms.map(() => "duplicate"));
  });

  it("is refused whole when one row's version moved after it was read (the set-wise guard)", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
    // Another phone's edit lands between this push's read and its batch: the batch's guard fails.
    const { push } = await import("../../worker/services/push/index.ts");
    const { openDb } = await import("../../worker/db/client.ts");
    const real = env.DB;
    let raced = false;
    const racing = {
      prepare: (q: string) => real.prepare(q),
      batch: async (s: D1PreparedStatement[]) => {
        if (!raced) {
          raced = true;
          await real.prepare("UPDATE persons SET version = version + 1 WHERE id = ?").bind(p).run();
        }
        return real.batch(s);
      },
    } as unknown as D1Database;
    const principal = { userId: await userIdOf("pustu"), role: "pustu", areaCode: DESA_A, dusunId: null, officeId: null, deviceId: null } as never;
    const edit = mutation("person", p, "update", { phone: "081200000002" }, 1);
    const results = await push(openDb(racing), principal, [edit, mutation("record", uuidv7(), "create", visit(p))]);
    // Planned again from fresh reads: the edit is now stale (merged), and nothing was written twice.
    expect(raced).toBe(true);
    expect(results.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect(results[0]).toMatchObject({ version: 3, merged: true });
    const log = await env.DB.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'person' AND entity_id = ?").bind(p).first<{ n: number }>();
    expect(log!.n).toBe(2);
  });
});
