// npm test: type-check, build, run every vitest project (node, workerd, chromium), check the
// size budget, and end with the plain "N passed, N failed" line that CI reads.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { ROOT, run } from "./lib/proc.mjs";

run("npx", ["tsc", "-b"]);
const hasWeb = existsSync(`${ROOT}/web/vite.config.ts`);
if (hasWeb) run("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
mkdirSync(`${ROOT}/node_modules/.cache`, { recursive: true });
const report = `${ROOT}/node_modules/.cache/vitest-report.json`;
const extra = process.argv.slice(2);
const tests = run("npx", ["vitest", "run", "--config", "test/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra], { allowFail: true });

let budget = { status: 0 };
if (hasWeb && existsSync(`${ROOT}/scripts/budget.mjs`)) budget = run("node", ["scripts/budget.mjs"], { allowFail: true });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
}
if (budget.status !== 0) failed += 1;
if (tests.status !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || tests.status !== 0 ? 1 : 0);
