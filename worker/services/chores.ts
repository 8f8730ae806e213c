import { shardByKey, type ShardKey } from "../../domain/shards/registry.ts";
import type { Db } from "../db/client.ts";
import { everyShard, shardDb } from "../db/shards.ts";
import type { Env, WaitUntil } from "../env.ts";
import { prune, PRUNE_JOBS } from "./prune.ts";
import { sendAll } from "./queue-send.ts";
import { requeueStale } from "./satusehat/jobs.ts";

/**
 * The daily chores of each kabupaten database (docs/SCALE.md, "What breaks first"): retention
 * clean-up (services/prune.ts) and the SATUSEHAT send jobs left queued or silent. The cron puts
 * one message per kabupaten on CHORES_QUEUE, so that each database's chores run in their own
 * consumer invocation with its own limits: one invocation for 514 databases would meet the
 * Worker's subrequest and wall-clock limits (developers.cloudflare.com/workers/platform/limits/).
 * Without the binding (a deploy without the queue) they run in the cron's own invocation.
 */
export interface ChoresMessage {
  kind: "shard-chores";
  /** The kabupaten database's key (domain/shards/registry.ts). */
  shard: string;
}


export async function scheduleChores(env: Env, now: number, waitUntil: WaitUntil): Promise<void> {
  const shards = everyShard(env);
  if (env.CHORES_QUEUE) {
    await sendAll(env.CHORES_QUEUE, shards.map(({ key }): ChoresMessage => ({ kind: "shard-chores", shard: key })));
    return;
  }
  const results = await Promise.allSettled(shards.map(({ db, key }) => shardChores(db, env, key, now, waitUntil)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** One message: the database it names. */
export function runChoresMessage(env: Env, m: ChoresMessage, now: number, waitUntil: WaitUntil): Promise<void> {
  const db = shardByKey(m.shard) ? shardDb(env, m.shard as ShardKey) : null;
  if (!db) throw new Error("unknown shard");
  return shardChores(db, env, m.shard, now, waitUntil);
}

/** Independent chores: one failing must not skip the other (allSettled), and still fails the run. */
async function shardChores(db: Db, env: Env, key: ShardKey, now: number, waitUntil: WaitUntil): Promise<void> {
  const results = await Promise.allSettled([prune(db, now, PRUNE_JOBS, key), requeueStale(db, env, now, waitUntil)]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
