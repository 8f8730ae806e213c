/**
 * Every local D1 database of wrangler.toml (each kabupaten's and the central one) through
 * wrangler's own platform proxy: the same miniflare storage `wrangler dev` and
 * `wrangler d1 execute --local` use. One process opens them all, which is what makes a fresh
 * local state (npm start, each e2e server, each bench) quick: `wrangler d1 migrations apply`
 * costs seconds per database.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy } from "wrangler";
import { CENTRAL, SHARDS } from "../../domain/shards/registry.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The part of the D1 binding the scripts use (they do not load the Workers types). */
export interface D1Like {
  prepare(sql: string): { bind(...v: unknown[]): D1Stmt } & D1Stmt;
  batch(statements: unknown[]): Promise<unknown>;
}
interface D1Stmt {
  first<T>(): Promise<T | null>;
  all<T>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}

export interface LocalD1s {
  /** By binding name (DB, DB_1902, …, CENTRAL). */
  byBinding: Record<string, D1Like>;
  dispose(): Promise<void>;
}

export async function openLocalD1s(persistTo: string | undefined): Promise<LocalD1s> {
  const proxy = await getPlatformProxy<Record<string, D1Like>>({
    configPath: join(ROOT, "wrangler.toml"),
    // `--persist-to DIR` keeps D1 under DIR/v3; wrangler's default is .wrangler/state/v3.
    persist: { path: join(persistTo ?? join(ROOT, ".wrangler", "state"), "v3") },
  });
  const byBinding: Record<string, D1Like> = {};
  for (const name of [...SHARDS.map((s) => s.binding), CENTRAL.binding]) {
    const d1 = proxy.env[name];
    if (!d1) throw new Error(`wrangler.toml has no D1 binding ${name}: run npx tsx scripts/shards.ts toml`);
    byBinding[name] = d1;
  }
  return { byBinding, dispose: () => proxy.dispose() };
}

/**
 * Apply migrations/*.sql that the database has not seen, as `wrangler d1 migrations apply` does
 * and in the same bookkeeping table (d1_migrations), so that either tool can take over from the
 * other. Each file is one batch (one transaction); drizzle-kit separates its statements with
 * `--> statement-breakpoint`, which keeps a trigger's BEGIN … END in one piece.
 */
export async function applyMigrations(db: D1Like): Promise<string[]> {
  await db.prepare("CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)").run();
  const done = new Set((await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>()).results.map((r) => r.name));
  const dir = join(ROOT, "migrations");
  const applied: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    if (done.has(file)) continue;
    const statements = readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)+$/.test(s));
    await db.batch([...statements.map((s) => db.prepare(s)), db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(file)]);
    applied.push(file);
  }
  return applied;
}
