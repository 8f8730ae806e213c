/**
 * Seeds the LOCAL D1 databases: each kabupaten of domain/shards/list.ts that has a seed region
 * (scripts/seed/regions.ts: Lampung Barat with Kecamatan Batu Brak, Belitung with its seed
 * kecamatan) gets its areas, a synthetic kecamatan with a year of service history and one demo
 * user per role, in its own database; the central database gets the provincial users and the
 * enrollment directory of every demo code (docs/SCALE.md).
 *
 *   npx tsx scripts/seed.ts [--persist-to DIR] [--migrate] [--publish-forms] [--if-empty] [--shards 18.04,19.02] [--count N] [--today YYYY-MM-DD] [--no-history]
 *
 *   --persist-to DIR  the wrangler local state directory (default: wrangler's, .wrangler/state)
 *   --migrate         apply migrations/ to every database first (as `wrangler d1 migrations apply`, in one process)
 *   --publish-forms   publish this build's form definitions into every kabupaten database (scripts/publish-forms.ts)
 *   --if-empty        leave a database that already has users as it is (for `npm start`)
 *   --shards LIST     the kabupaten to seed (default: every one with a seed region); the central database always
 *   --count N         number of synthetic persons per kabupaten (default 3000)
 *   --today DATE      the last day of the history (default: $SIMPUL_SEED_TODAY, else today in WIB);
 *                     the same day gives the same data
 *   --no-history      places, people and users only (no visits, referrals or lintas sektor rows)
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SHARDS, shardKeyOf, type ShardEntry } from "../domain/shards/registry.ts";
import { DEV_ENROLLMENT_CODE_KEY, hashCode } from "../domain/util/codes.ts";
import { applyMigrations, openLocalD1s, type D1Like } from "./lib/local-d1.ts";
import { publishForms } from "./publish-forms.ts";
import { buildSeed, DEFAULT_PERSONS, demoCodeStatements } from "./seed/build.ts";
import { DEMO_CODE_EXPIRES_AT } from "./seed/demo-accounts.ts";
import { centralSeedStatements, PROVINSI_ACCOUNTS } from "./seed/provinsi.ts";
import { SEED_REGIONS, type SeedRegion } from "./seed/regions.ts";
import { insertStatements, type SqlValue } from "./seed/sql.ts";

/** Statements per D1 batch: each batch is one transaction; ~20 of the seed's INSERTs are ~1.5 MB. */
const STATEMENTS_PER_BATCH = 20;

/** One database as the seed writes it. */
function writer(db: D1Like) {
  return {
    first: <T>(sql: string) => db.prepare(sql).first<T>(),
    run: async (statements: readonly string[]) => {
      for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
        await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH).map((q) => db.prepare(q)));
      }
    },
  };
}
type Writer = ReturnType<typeof writer>;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "persist-to": { type: "string" },
      migrate: { type: "boolean", default: false },
      "publish-forms": { type: "boolean", default: false },
      "if-empty": { type: "boolean", default: false },
      shards: { type: "string" },
      count: { type: "string" },
      today: { type: "string" },
      "no-history": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("npx tsx scripts/seed.ts [--persist-to DIR] [--migrate] [--publish-forms] [--if-empty] [--shards 18.04,19.02] [--count N] [--today YYYY-MM-DD] [--no-history]");
    return;
  }
  const persistTo = values["persist-to"] ? resolve(values["persist-to"]) : undefined;
  const persons = values.count === undefined ? DEFAULT_PERSONS : Number(values.count);
  if (!Number.isInteger(persons) || persons < 0) throw new Error(`--count must be a whole number, not ${values.count}`);
  const wanted = values.shards ? values.shards.split(",").map((c) => c.trim()) : SHARDS.filter((s) => SEED_REGIONS[s.kabupaten]).map((s) => s.kabupaten);
  const shards = wanted.map((code) => {
    const shard = SHARDS.find((s) => s.kabupaten === code);
    const region = SEED_REGIONS[code];
    if (!shard || !region) throw new Error(`--shards: ${code} is not a kabupaten with a database and a seed region (${SHARDS.filter((s) => SEED_REGIONS[s.kabupaten]).map((s) => s.kabupaten).join(", ")})`);
    return { shard, region };
  });

  const started = Date.now();
  const d1s = await openLocalD1s(persistTo);
  try {
    if (values.migrate) {
      for (const [name, db] of Object.entries(d1s.byBinding)) {
        const applied = await applyMigrations(db);
        if (applied.length) console.log(`migrations: ${name} ${applied.length} applied (up to ${applied.at(-1)})`);
      }
    }
    const codeKey = process.env.ENROLLMENT_CODE_KEY || undefined;
    for (const { shard, region } of shards) await seedShard(writer(d1s.byBinding[shard.binding]!), shard, region, persons, values, codeKey, started);
    await seedCentral(writer(d1s.byBinding.CENTRAL!), shards, codeKey);
    if (values["publish-forms"]) for (const { shard } of shards) await publishForms(d1s.byBinding[shard.binding]!);
  } finally {
    await d1s.dispose();
  }
}

async function seedShard(db: Writer, shard: ShardEntry, region: SeedRegion, persons: number, values: { "if-empty": boolean; today?: string; "no-history": boolean }, codeKey: string | undefined, started: number): Promise<void> {
  const label = `seed ${shard.kabupaten} (${shard.binding})`;
  const state = (await db.first<{ users: number; maxSeq: number | null; demoCodes: number }>(
    "SELECT (SELECT count(*) FROM users) AS users, (SELECT max(seq) FROM change_log) AS maxSeq, (SELECT count(*) FROM enrollment_codes WHERE demo = 1) AS demoCodes",
  ))!;
  // The Worker's ENROLLMENT_CODE_KEY when one is set for local use; else the public development key.
  if (state.users > 0) {
    if (values["if-empty"]) {
      if (state.demoCodes === 0) {
        // A database seeded before codes were keyed hashes (migration 0003 dropped its codes).
        await db.run(await demoCodeStatements(codeKey, Date.now(), region));
        console.log(`${label}: stored the demo enrollment codes again (keyed hashes)`);
      }
      console.log(`${label}: the database already has ${state.users} users; nothing to do`);
      return;
    }
    throw new Error(`${label}: the database already has ${state.users} users; seed a fresh one (e.g. --persist-to a new dir) or pass --if-empty`);
  }

  const today = values.today ?? (process.env.SIMPUL_SEED_TODAY || undefined);
  const { statements, counts, lastSeq } = await buildSeed({
    region, persons, firstSeq: (state.maxSeq ?? 0) + 1, history: !values["no-history"], ...(today ? { today } : {}), ...(codeKey ? { codeKey } : {}),
  });
  const built = Date.now();
  await db.run(statements);
  const summary = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ");
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`${label}: ${summary}; seq up to ${lastSeq} (${s(Date.now() - started)} since start; written in ${s(Date.now() - built)})`);
  console.log(`demo enrollment codes, ${shard.name}:`);
  for (const a of region.demoAccounts) console.log(`  ${a.code}  ${a.role.padEnd(9)} ${a.area.padEnd(13)} ${a.name}`);
}

/**
 * The central database: the provincial users (scripts/seed/provinsi.ts) and the enrollment
 * directory rows of every demo code, so that POST /api/enroll finds each code's database.
 * Idempotent (INSERT OR IGNORE), so it runs on every start.
 */
async function seedCentral(db: Writer, shards: readonly { shard: ShardEntry; region: SeedRegion }[], codeKey: string | undefined): Promise<void> {
  const users = (await db.first<{ n: number }>("SELECT count(*) AS n FROM users"))!.n;
  const now = Date.now();
  const directory: Record<string, SqlValue>[] = [];
  for (const { shard, region } of shards) {
    for (const a of region.demoAccounts) directory.push({ codeHash: await hashCode(a.code, codeKey ?? DEV_ENROLLMENT_CODE_KEY), shard: shardKeyOf(shard.kabupaten), expiresAt: DEMO_CODE_EXPIRES_AT, createdAt: now });
  }
  await db.run(insertStatements("enrollment_directory", directory).map((q) => q.replace(/^INSERT INTO/, "INSERT OR IGNORE INTO")));
  if (users === 0) await db.run(await centralSeedStatements(codeKey));
  console.log(`seed central: ${directory.length} kabupaten demo codes in the enrollment directory; provincial demo codes:`);
  for (const a of PROVINSI_ACCOUNTS) console.log(`  ${a.code}  ${a.role.padEnd(15)} ${a.area.padEnd(5)} ${a.name}`);
}

try {
  await main();
} catch (e) {
  console.error(`seed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
