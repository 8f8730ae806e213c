/**
 * The first administrator of a fresh deployment: a dinkes user for a kabupaten (or, with
 * --provinsi, a dinkes provinsi user in the central database, who reads its kabupaten's
 * aggregates; docs/SCALE.md), and its
 * one-time enrollment code, printed once. Every later user and code is made in the app.
 *
 *   npm run create-admin -- --name "Dinas Kesehatan Lampung Barat" --kabupaten 18.04 [--remote] [--persist-to DIR] [--again]
 *   npm run create-admin -- --name "Dinas Kesehatan Provinsi Lampung" --provinsi 18 [--remote] [--persist-to DIR] [--again]
 *
 *   --remote      the production D1 (wrangler d1 execute --remote); default the local one
 *   --persist-to  the wrangler local state directory (local only)
 *   --again       add another dinkes account although users exist (e.g. the only dinkes phone
 *                 was lost and nobody else may issue codes)
 *
 * The code is stored as its HMAC under ENROLLMENT_CODE_KEY, the Worker's secret, so this command
 * needs the same key in its environment: Cloudflare never reads a secret back, so keep the value
 * you gave `wrangler secret put ENROLLMENT_CODE_KEY` (README, "Deploying"). Locally, without
 * the variable, the public development key stands in, as it does for `wrangler dev`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CENTRAL, shardOfArea } from "../domain/shards/registry.ts";
import { enrollmentCodeKey, MIN_CODE_KEY_LENGTH } from "../domain/util/codes.ts";
import { firstAccount, firstAccountProblem, stateQuery, type SqlStatement } from "./admin/first-account.ts";
import { centralAreaStatements } from "./seed/provinsi.ts";
import { sqlLiteral } from "./seed/sql.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** A statement with its parameters written in as literals (`wrangler d1 execute` binds none). */
function renderSql(s: SqlStatement): string {
  let i = 0;
  const out = s.sql.replace(/\?/g, () => {
    if (i >= s.params.length) throw new Error(`too few parameters for: ${s.sql}`);
    return sqlLiteral(s.params[i++]);
  });
  if (i !== s.params.length) throw new Error(`too many parameters for: ${s.sql}`);
  return out + ";";
}

function wrangler(binding: string, args: string[], where: { remote: boolean; persistTo: string | undefined }): string {
  const full = ["wrangler", "d1", "execute", binding, where.remote ? "--remote" : "--local", ...(where.persistTo ? ["--persist-to", where.persistTo] : []), ...args];
  const r = spawnSync("npx", full, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`npx ${full.join(" ")} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: "string", default: "" },
      kabupaten: { type: "string", default: "" },
      provinsi: { type: "string", default: "" },
      remote: { type: "boolean", default: false },
      "persist-to": { type: "string" },
      again: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log('npm run create-admin -- --name "Dinas Kesehatan …" (--kabupaten 18.04 | --provinsi 18) [--remote] [--persist-to DIR] [--again]');
    return;
  }
  if (values.kabupaten && values.provinsi) throw new Error("give --kabupaten or --provinsi, not both");
  // A provinsi's account lives in the central database (accountKind); the input names either.
  const area = values.provinsi || values.kabupaten;
  const problem = firstAccountProblem({ name: values.name, kabupaten: area });
  if (problem) throw new Error(problem);
  if (values.remote && values["persist-to"]) throw new Error("--persist-to is for the local database only");
  const where = { remote: values.remote, persistTo: values["persist-to"] ? resolve(values["persist-to"]) : undefined };

  // The remote Worker runs with ENVIRONMENT=production: the same rule as enrollConfig decides the key.
  const codeKey = enrollmentCodeKey(values.remote, process.env.ENROLLMENT_CODE_KEY);
  if (codeKey === null) {
    throw new Error(
      `--remote needs ENROLLMENT_CODE_KEY in the environment: the value of the Worker secret (at least ${MIN_CODE_KEY_LENGTH} characters, ` +
        "not the development key). Cloudflare does not give a secret back; if it is lost, put a new one (`wrangler secret put ENROLLMENT_CODE_KEY`) and run this again.",
    );
  }

  // The kabupaten's own database (domain/shards/list.ts), or the central one for a provinsi; the
  // central one also holds the directory.
  const binding = values.provinsi ? CENTRAL.binding : shardOfArea(area)!.binding;
  if (values.provinsi) {
    // The central database's areas (each served kabupaten and its provinsi), idempotent.
    const dir = mkdtempSync(join(tmpdir(), "simpul-admin-"));
    try {
      const file = join(dir, "central-areas.sql");
      writeFileSync(file, centralAreaStatements().join("\n") + "\n");
      wrangler(CENTRAL.binding, ["--file", file, "--yes"], where);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = wrangler(binding, ["--command", renderSql(stateQuery(area)), "--json"], where);
  const state = (JSON.parse(out.slice(out.indexOf("["))) as { results: { kabupaten: number; users: number; dinkes: number }[] }[])[0]?.results[0];
  if (!state) throw new Error("the database answered nothing; are the migrations applied (`npm run db:migrate`)?");
  if (state.kabupaten === 0) throw new Error(`${area} is not in the areas table of this database; load the areas first`);
  if (state.users > 0 && !values.again) {
    throw new Error(`${area} already has ${state.users} users (${state.dinkes} active administrators); create users in the app, or pass --again to add another account`);
  }

  const account = await firstAccount({ name: values.name, kabupaten: area, codeKey, now: Date.now() });
  const dir = mkdtempSync(join(tmpdir(), "simpul-admin-"));
  try {
    const file = join(dir, "first-account.sql");
    // The directory first: a code only works once enrollment can find its database.
    wrangler(CENTRAL.binding, ["--command", renderSql(account.directory), "--yes"], where);
    writeFileSync(file, account.statements.map(renderSql).join("\n") + "\n", { mode: 0o600 });
    wrangler(binding, ["--file", file, "--yes"], where);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`create-admin: ${values.provinsi ? "dinkes provinsi" : "dinkes"} user ${account.userId} for ${area} (${values.remote ? "remote" : "local"} D1)`);
  console.log(`enrollment code, shown once, valid until ${account.expiresAt}:`);
  console.log(`\n    ${account.code}\n`);
  console.log("Open the app, enter the code, set a PIN; then Beranda → Administrasi makes every other user and code.");
  if (!values.remote && !process.env.ENROLLMENT_CODE_KEY) console.log("(stored under the public development key, which local `wrangler dev` uses)");
}

try {
  await main();
} catch (e) {
  console.error(`create-admin: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
