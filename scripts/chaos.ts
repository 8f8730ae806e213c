/**
 * npm run chaos: many simulated phones against a real `wrangler dev` with a fresh seeded local D1
 * (issue 10 item 9). Prints the figures and each check's count; exits 1 when an enforced check
 * fails. scripts/chaos/run.ts says what the devices do, scripts/chaos/verify.ts what is checked.
 *
 *   npm run chaos                                  # 20 devices × 500 mutations
 *   npm run chaos -- --devices 4 --mutations 40    # the small run npm test also makes
 *   npm run chaos -- --enforce <gap>               # also fail on a known gap (scripts/chaos/verify.ts KNOWN_GAPS; none today)
 *   npm run chaos -- --strict                      # fail on every known gap too
 *
 * Flags (or environment): --devices N (CHAOS_DEVICES), --mutations N (CHAOS_MUTATIONS),
 * --seed S (CHAOS_SEED), --hot N hot households per desa (CHAOS_HOT), --max-seconds N for the
 * chaos phase (CHAOS_MAX_SECONDS), --persons N seeded people (CHAOS_PERSONS, default 3000),
 * --enforce gap,gap (CHAOS_ENFORCE), --strict (CHAOS_STRICT=1), --server-log FILE (wrangler dev's output),
 * --via-proxy (through wrangler dev's public port instead of the Worker's own workerd).
 *
 * `wrangler dev` reloads the Worker when a source file changes: run it from a checkout nobody is
 * editing, or the figures mix versions (reloads are counted and printed).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startServer } from "../test/e2e/harness.ts";
import { DEFAULT_OPTIONS, formatReport, runChaos } from "./chaos/run.ts";
import { KNOWN_GAPS, type KnownGap } from "./chaos/verify.ts";

const { values } = parseArgs({
  options: {
    devices: { type: "string" },
    mutations: { type: "string" },
    seed: { type: "string" },
    hot: { type: "string" },
    "max-seconds": { type: "string" },
    persons: { type: "string" },
    "server-log": { type: "string" },
    "via-proxy": { type: "boolean" },
    enforce: { type: "string" },
    strict: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("npm run chaos -- [--devices N] [--mutations N] [--seed S] [--hot N] [--max-seconds N] [--persons N] [--enforce gap,gap] [--strict] [--server-log FILE]");
  console.log(`known gaps: ${Object.entries(KNOWN_GAPS).map(([k, v]) => `${k} (${v})`).join("; ")}`);
  process.exit(0);
}
const env = process.env;
function int(flag: string | undefined, envValue: string | undefined, fallback: number, name: string): number {
  const raw = flag ?? envValue;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, not ${raw}`);
  return n;
}

const options = {
  devices: int(values.devices, env.CHAOS_DEVICES, DEFAULT_OPTIONS.devices, "devices"),
  mutations: int(values.mutations, env.CHAOS_MUTATIONS, DEFAULT_OPTIONS.mutations, "mutations"),
  seed: values.seed ?? env.CHAOS_SEED ?? DEFAULT_OPTIONS.seed,
  hotHouseholds: int(values.hot, env.CHAOS_HOT, DEFAULT_OPTIONS.hotHouseholds, "hot"),
  maxSeconds: int(values["max-seconds"], env.CHAOS_MAX_SECONDS, DEFAULT_OPTIONS.maxSeconds, "max-seconds"),
  enforce: enforced(),
  log: (line: string) => console.log(line),
};
function enforced(): KnownGap[] {
  if (values.strict || env.CHAOS_STRICT === "1") return Object.keys(KNOWN_GAPS) as KnownGap[];
  const list = (values.enforce ?? env.CHAOS_ENFORCE ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  for (const g of list) if (!(g in KNOWN_GAPS)) throw new Error(`--enforce: unknown gap ${g} (known: ${Object.keys(KNOWN_GAPS).join(", ")})`);
  return list as KnownGap[];
}
const persons = int(values.persons, env.CHAOS_PERSONS, 3000, "persons");

console.log(`chaos: starting wrangler dev with a fresh local D1 (${persons} seeded persons)…`);
const server = await startServer({ persons });
let code = 1;
try {
  // A long run talks to the Worker's own workerd: wrangler dev's ProxyWorker grows until it aborts
  // under this load (test/e2e/harness.ts, runtimeUrl). --via-proxy keeps the public port.
  const url = values["via-proxy"] ? server.url : await server.runtimeUrl();
  console.log(`chaos: phones talk to ${url === server.url ? "wrangler dev's public port" : "the Worker's workerd behind wrangler dev's proxy"} (${url})`);
  const report = await runChaos({ ...server, url }, options);
  console.log(`\n${formatReport(report)}`);
  console.log(`\nmachine: ${(await import("node:os")).cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
  code = report.failed.length ? 1 : 0;
} catch (e) {
  console.error(e);
  console.error(server.log().slice(-4000));
} finally {
  if (values["server-log"]) writeFileSync(values["server-log"], server.log());
  await server.stop();
}
process.exit(code);
