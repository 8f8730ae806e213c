/**
 * Seeds the LOCAL D1 database with Kabupaten Lampung Barat's areas and a synthetic Kecamatan
 * Batu Brak (see scripts/seed/build.ts). Migrations must already be applied.
 *
 *   npx tsx scripts/seed.ts [--persist-to DIR] [--if-empty] [--count N]
 *
 *   --persist-to DIR  the wrangler local state directory (default: wrangler's, .wrangler/state)
 *   --if-empty        do nothing when the database already has users (for `npm start`)
 *   --count N         number of synthetic persons (default 3000)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildSeed, DEFAULT_PERSONS, seedSqlFile } from "./seed/build.ts";
import { DEMO_ACCOUNTS } from "./seed/demo-accounts.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DB_BINDING = "DB";

function wrangler(args: string[], persistTo: string | undefined): string {
  const full = ["wrangler", "d1", "execute", DB_BINDING, "--local", ...(persistTo ? ["--persist-to", persistTo] : []), ...args];
  const r = spawnSync("npx", full, {
    cwd: ROOT,
    encoding: "utf8",
    // Nothing here may wait for a keypress: no metrics question, no confirmation prompt.
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`npx ${full.join(" ")} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** One row of a `--json` query; wrangler prints an array with one result set per statement. */
function queryOne<T>(sql: string, persistTo: string | undefined): T {
  const out = wrangler(["--command", sql, "--json"], persistTo);
  const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[];
  const row = parsed[0]?.results[0];
  if (!row) throw new Error(`no result for: ${sql}`);
  return row;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "persist-to": { type: "string" },
      "if-empty": { type: "boolean", default: false },
      count: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("npx tsx scripts/seed.ts [--persist-to DIR] [--if-empty] [--count N]");
    return;
  }
  const persistTo = values["persist-to"] ? resolve(values["persist-to"]) : undefined;
  const persons = values.count === undefined ? DEFAULT_PERSONS : Number(values.count);
  if (!Number.isInteger(persons) || persons < 0) throw new Error(`--count must be a whole number, not ${values.count}`);

  const started = Date.now();
  // One query for both: wrangler's start-up dominates the cost of a call.
  const state = queryOne<{ users: number; maxSeq: number | null }>(
    "SELECT (SELECT count(*) FROM users) AS users, (SELECT max(seq) FROM change_log) AS maxSeq",
    persistTo,
  );
  if (state.users > 0) {
    if (values["if-empty"]) {
      console.log(`seed: the database already has ${state.users} users; nothing to do`);
      return;
    }
    throw new Error(`the database already has ${state.users} users; seed a fresh one (e.g. --persist-to a new dir) or pass --if-empty`);
  }

  const { statements, counts, lastSeq } = await buildSeed({ persons, firstSeq: (state.maxSeq ?? 0) + 1 });
  const dir = mkdtempSync(join(tmpdir(), "simpul-seed-"));
  try {
    const file = join(dir, "seed.sql");
    writeFileSync(file, seedSqlFile(statements));
    wrangler(["--file", file, "--yes"], persistTo);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ");
  console.log(`seed: ${summary}; seq up to ${lastSeq} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log("demo enrollment codes:");
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.code}  ${a.role.padEnd(9)} ${a.area.padEnd(13)} ${a.name}`);
}

try {
  await main();
} catch (e) {
  console.error(`seed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
