/**
 * Seeds the LOCAL D1 database with Kabupaten Lampung Barat's areas and a synthetic Kecamatan
 * Batu Brak with a year of service history (see scripts/seed/build.ts and scripts/seed/history.ts).
 * Migrations must already be applied.
 *
 *   npx tsx scripts/seed.ts [--persist-to DIR] [--if-empty] [--count N] [--today YYYY-MM-DD] [--no-history]
 *
 *   --persist-to DIR  the wrangler local state directory (default: wrangler's, .wrangler/state)
 *   --if-empty        do nothing when the database already has users (for `npm start`)
 *   --count N         number of synthetic persons (default 3000)
 *   --today DATE      the last day of the history (default: $SIMPUL_SEED_TODAY, else today in WIB);
 *                     the same day gives the same data
 *   --no-history      places, people and users only (no visits, referrals or lintas sektor rows)
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { buildSeed, DEFAULT_PERSONS, demoCodeStatements } from "./seed/build.ts";
import { DEMO_ACCOUNTS } from "./seed/demo-accounts.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Statements per D1 batch: each batch is one transaction; ~20 of the seed's INSERTs are ~1.5 MB. */
const STATEMENTS_PER_BATCH = 20;

/** The part of the D1 binding the seed uses (the scripts do not load the Workers types). */
interface D1Like {
  prepare(sql: string): { first<T>(): Promise<T | null> };
  batch(statements: unknown[]): Promise<unknown>;
}

/**
 * The local D1 through wrangler's own platform proxy (the same miniflare storage `wrangler dev`
 * and `wrangler d1 execute --local` use). `wrangler d1 execute --file` took minutes for the
 * ~11 MB of a seed with history; batches through the binding take seconds.
 */
async function openLocalD1(persistTo: string | undefined) {
  const proxy = await getPlatformProxy<{ DB: D1Like }>({
    configPath: join(ROOT, "wrangler.toml"),
    // `--persist-to DIR` keeps D1 under DIR/v3; wrangler's default is .wrangler/state/v3.
    persist: { path: join(persistTo ?? join(ROOT, ".wrangler", "state"), "v3") },
  });
  const db = proxy.env.DB;
  return {
    first: <T>(sql: string) => db.prepare(sql).first<T>(),
    run: async (statements: readonly string[]) => {
      for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
        await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH).map((q) => db.prepare(q)));
      }
    },
    dispose: () => proxy.dispose(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "persist-to": { type: "string" },
      "if-empty": { type: "boolean", default: false },
      count: { type: "string" },
      today: { type: "string" },
      "no-history": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("npx tsx scripts/seed.ts [--persist-to DIR] [--if-empty] [--count N] [--today YYYY-MM-DD] [--no-history]");
    return;
  }
  const persistTo = values["persist-to"] ? resolve(values["persist-to"]) : undefined;
  const persons = values.count === undefined ? DEFAULT_PERSONS : Number(values.count);
  if (!Number.isInteger(persons) || persons < 0) throw new Error(`--count must be a whole number, not ${values.count}`);

  const started = Date.now();
  const db = await openLocalD1(persistTo);
  try {
    await seed(db, persistTo, persons, values, started);
  } finally {
    await db.dispose();
  }
}

async function seed(db: Awaited<ReturnType<typeof openLocalD1>>, persistTo: string | undefined, persons: number, values: { "if-empty": boolean; today?: string; "no-history": boolean }, started: number): Promise<void> {
  const state = (await db.first<{ users: number; maxSeq: number | null; demoCodes: number }>(
    "SELECT (SELECT count(*) FROM users) AS users, (SELECT max(seq) FROM change_log) AS maxSeq, (SELECT count(*) FROM enrollment_codes WHERE demo = 1) AS demoCodes",
  ))!;
  // The Worker's ENROLLMENT_CODE_KEY when one is set for local use; else the public development key.
  const codeKey = process.env.ENROLLMENT_CODE_KEY || undefined;
  if (state.users > 0) {
    if (values["if-empty"]) {
      if (state.demoCodes === 0) {
        // A database seeded before codes were keyed hashes (migration 0003 dropped its codes).
        await db.run(await demoCodeStatements(codeKey));
        console.log("seed: stored the demo enrollment codes again (keyed hashes)");
      }
      console.log(`seed: the database already has ${state.users} users; nothing to do`);
      return;
    }
    throw new Error(`the database ${persistTo ?? "(.wrangler/state)"} already has ${state.users} users; seed a fresh one (e.g. --persist-to a new dir) or pass --if-empty`);
  }

  const today = values.today ?? (process.env.SIMPUL_SEED_TODAY || undefined);
  const { statements, counts, lastSeq } = await buildSeed({
    persons, firstSeq: (state.maxSeq ?? 0) + 1, history: !values["no-history"], ...(today ? { today } : {}), ...(codeKey ? { codeKey } : {}),
  });
  const built = Date.now();
  await db.run(statements);
  const summary = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ");
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`seed: ${summary}; seq up to ${lastSeq} (${s(Date.now() - started)}: built in ${s(built - started)}, written to the local D1 in ${s(Date.now() - built)})`);
  console.log("demo enrollment codes:");
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.code}  ${a.role.padEnd(9)} ${a.area.padEnd(13)} ${a.name}`);
}

try {
  await main();
} catch (e) {
  console.error(`seed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
