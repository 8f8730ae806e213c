import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatReport, runChaos } from "../../scripts/chaos/run.ts";
import { startServer, type Server } from "./harness.ts";

/**
 * The small chaos run (issue 10 item 9): 4 simulated phones × 40 mutations against a real
 * `wrangler dev`, with aborted requests, lost answers, replays, reordered and concurrent batches,
 * same-field and different-field edits of shared persons and visits, household and person moves,
 * and cut pulls. The same code as `npm run chaos` (20 × 500); see scripts/chaos/verify.ts for the
 * checks. The move checks wait for issue 10 item 4 and are reported, not enforced.
 */
let server: Server;
beforeAll(async () => {
  // A smaller seed than the other browser tests: the run writes its own rows.
  server = await startServer({ persons: 600 });
});
afterAll(async () => {
  await server?.stop();
});

describe("chaos, small run", () => {
  it("loses nothing acknowledged, duplicates nothing, overwrites nothing silently, derives from the stored answers, and every device converges", async () => {
    const report = await runChaos(server, { devices: 4, mutations: 40, hotHouseholds: 2, maxSeconds: 60, drainSeconds: 30, seed: "npm-test" });
    const text = formatReport(report);
    expect(report.failed.map((c) => c.name), text).toEqual([]);
    // The run really was chaotic: answers were lost and replayed, and phones collided.
    expect(report.totals.acknowledged, text).toBeGreaterThan(100);
    expect(report.totals.duplicates, text).toBeGreaterThan(0);
    expect(report.totals.faults, text).toBeGreaterThan(0);
    expect(report.totals.conflicts + report.totals.merged, text).toBeGreaterThan(0);
  }, 180_000);
});
