import { describe, expect, it } from "vitest";
import { buildSeed } from "../../scripts/seed/build.ts";

/**
 * The demo seed is deterministic: the same `today` gives the same SQL (people, visits, ids, row
 * times); another day gives another history. Its history's rows follow the push
 * (test/worker/seed-history.test.ts replays one through the real push).
 */
describe("seed", () => {
  it("gives the same database for the same day, and a history only when asked", { timeout: 120_000 }, async () => {
    const a = await buildSeed({ today: "2026-03-10", persons: 400 });
    const b = await buildSeed({ today: "2026-03-10", persons: 400 });
    expect(b.statements).toEqual(a.statements);
    expect(a.counts.records).toBeGreaterThan(100);
    expect(a.counts.commitments).toBe(1);
    // The PWS marks a push would have written (scripts/seed/marks.ts).
    expect(a.counts.pws_marks).toBeGreaterThan(a.counts.records! / 2);
    // Seqs are consecutive: one change_log row per write, the last one is the max.
    expect(a.lastSeq).toBe(a.counts.change_log);

    const other = await buildSeed({ today: "2026-03-11", persons: 400 });
    expect(other.statements).not.toEqual(a.statements);

    const bare = await buildSeed({ today: "2026-03-10", persons: 400, history: false });
    expect(bare.counts.records).toBeUndefined();
    expect(bare.history).toEqual([]);
    expect(bare.counts.persons).toBe(400);
  });

  it("refuses a malformed day", async () => {
    await expect(buildSeed({ today: "10-03-2026", persons: 10 })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
