import { areaAncestor, isAreaCode } from "../area/codes.ts";
import { SHARD_LIST } from "./list.ts";

/**
 * The shard registry: which D1 database holds which kabupaten (docs/SCALE.md, "Routing").
 *
 * Simpul keeps one D1 database per kabupaten/kota (a D1 database holds at most 10 GB; Indonesia
 * has 514 kabupaten/kota), and one central database for what lies above a kabupaten: the
 * enrollment directory, the users of provincial roles, the monthly aggregates and the transfer
 * ledger of cross-kabupaten moves. Every row and every user already carries a Kemendagri area
 * code, and the kabupaten is its first two parts, so routing is a prefix, never a lookup.
 *
 * Zod-free and binding-free: the worker turns a key into a D1 binding (worker/db/shards.ts), the
 * scripts turn the list into wrangler.toml and migrations (scripts/shards.ts).
 */
export interface ShardEntry {
  /** Kemendagri kabupaten/kota code, "18.04". */
  kabupaten: string;
  name: string;
  /** The Worker's D1 binding (wrangler.toml [[d1_databases]] binding). */
  binding: string;
  /** The D1 database name (`wrangler d1 create <database>`); its id is in scripts/data/d1-databases.json. */
  database: string;
}

/** The central database: directory, provincial users, aggregates, transfers. */
export const CENTRAL = { key: "pusat", binding: "CENTRAL", database: "simpul-pusat" } as const;

/** A shard's key: the kabupaten code without its dot ("18.04" → "1804"), or "pusat". */
export type ShardKey = string;

export const SHARDS: readonly ShardEntry[] = SHARD_LIST;

export function shardKeyOf(kabupaten: string): ShardKey {
  return kabupaten.replace(".", "");
}

const BY_KEY = new Map(SHARDS.map((s) => [shardKeyOf(s.kabupaten), s]));

/** The shard of a key, or null (an unknown kabupaten, or the central key). */
export function shardByKey(key: string): ShardEntry | null {
  return BY_KEY.get(key) ?? null;
}

/** The shard that holds an area: the kabupaten above (or at) a kabupaten-or-deeper code. */
export function shardOfArea(code: string): ShardEntry | null {
  if (!isAreaCode(code)) return null;
  const kab = areaAncestor(code, "kabupaten");
  return kab ? (BY_KEY.get(shardKeyOf(kab)) ?? null) : null;
}

/** The shards of a provinsi ("18"): what a dinkes provinsi reads the aggregates of. */
export function shardsOfProvinsi(provinsi: string): ShardEntry[] {
  return SHARDS.filter((s) => s.kabupaten.startsWith(provinsi + "."));
}

/**
 * Device tokens name their database: `<key>.<256 random bits>`. The key is only a route: the
 * token's hash is looked up in that database alone, so a token edited to name another database
 * is unknown there (the hash covers the key). A token without a key predates sharding and
 * belongs to the pilot's database, the first in the list.
 */
export const TOKEN_RE = /^(?:(\d{4}|pusat)\.)?([A-Za-z0-9_-]{20,200})$/;
export const LEGACY_SHARD_KEY: ShardKey = shardKeyOf(SHARDS[0]!.kabupaten);

export function tokenShardKey(token: string): ShardKey | null {
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  return m[1] ?? LEGACY_SHARD_KEY;
}
