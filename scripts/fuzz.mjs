// npm run fuzz: the property-based fuzz of every route (test/worker/fuzz.test.ts) at full size.
// `npm test` runs it with 2,000 generated requests; this runs 10,000 unless FUZZ_RUNS says
// otherwise. FUZZ_SEED picks another seed (fast-check prints the one that failed).
import { mkdirSync } from "node:fs";
import { ROOT, run } from "./lib/proc.mjs";

mkdirSync(`${ROOT}/dist`, { recursive: true });
const env = { FUZZ_RUNS: process.env.FUZZ_RUNS || "10000", ...(process.env.FUZZ_SEED ? { FUZZ_SEED: process.env.FUZZ_SEED } : {}) };
console.log(`fuzz: ${env.FUZZ_RUNS} requests${env.FUZZ_SEED ? `, seed ${env.FUZZ_SEED}` : ""}`);
const r = run("npx", ["vitest", "run", "--config", "test/vitest.config.ts", "--project", "worker", "test/worker/fuzz.test.ts", ...process.argv.slice(2)], { env, allowFail: true });
process.exit(r.status ?? 1);
