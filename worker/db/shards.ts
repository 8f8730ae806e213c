import { CENTRAL, SHARDS, shardByKey, shardKeyOf, type ShardKey } from "../../domain/shards/registry.ts";
import type { Env } from "../env.ts";
import { openDb, type Db } from "./client.ts";

/**
 * From a shard key to the D1 binding of wrangler.toml (generated from domain/shards/list.ts by
 * scripts/shards.ts). Only the request gate (http/route.ts), the enrollment directory and the
 * scheduled chores call these: a service receives a `Db` and never picks one.
 */
export function shardDb(env: Env, key: ShardKey): Db | null {
  if (key === CENTRAL.key) return centralDb(env);
  const shard = shardByKey(key);
  return shard ? openDb(binding(env, shard.binding)) : null;
}

export function centralDb(env: Env): Db {
  return openDb(binding(env, CENTRAL.binding));
}

/** Every kabupaten database with its key, for the chores that visit each (cron, aggregates). */
export function everyShard(env: Env): { key: ShardKey; kabupaten: string; db: Db }[] {
  return SHARDS.map((s) => ({ key: shardKeyOf(s.kabupaten), kabupaten: s.kabupaten, db: openDb(binding(env, s.binding)) }));
}

function binding(env: Env, name: string): D1Database {
  const d1 = (env as unknown as Record<string, D1Database | undefined>)[name];
  // A registry entry without its binding is a deploy error (wrangler.toml not regenerated).
  if (!d1) throw new Error(`D1 binding ${name} is missing: run npm run shard:toml`);
  return d1;
}
