import { monthsToAggregate, type AggregateMessage } from "../../../domain/aggregates/pws.ts";
import { shardByKey, type ShardKey } from "../../../domain/shards/registry.ts";
import type { Db } from "../../db/client.ts";
import { centralDb, everyShard, shardDb } from "../../db/shards.ts";
import type { Env, WaitUntil } from "../../env.ts";
import { sendAll } from "../queue-send.ts";
import { aggregateMonth, type AggregateResult } from "./compute.ts";

/**
 * The aggregates queue (docs/SCALE.md, "Aggregates"): the daily cron and a dinkes's "publish now"
 * put {shard, month} messages on AGGREGATES_QUEUE (wrangler.toml); the consumer (worker/queues.ts,
 * by the message's kind) computes each kabupaten-month apart from every request.
 * Without the binding (a test, a deploy without the queue) the work runs in the caller's
 * waitUntil, as the SATUSEHAT send jobs do (services/satusehat/jobs.ts).
 */




/** Hand messages to the queue, or run them in waitUntil when there is none. */
export async function enqueueAggregates(env: Env, messages: readonly AggregateMessage[], now: number, waitUntil: WaitUntil): Promise<"queued" | "inline"> {
  if (env.AGGREGATES_QUEUE) {
    await sendAll(env.AGGREGATES_QUEUE, messages);
    return "queued";
  }
  // One after the other: a backfill of twelve months must not run twelve kabupaten scans at once.
  waitUntil((async () => {
    for (const m of messages) await runAggregateMessage(env, m, now).catch((e) => logAggregateError(m, e, "inline_failed"));
  })());
  return "inline";
}

/**
 * The cron's part (worker/index.ts `scheduled`): per kabupaten database, the previous and the
 * current month, or a backfill of the last twelve when the central store has no run of it yet.
 */
export async function scheduleAggregates(env: Env, now: number, waitUntil: WaitUntil): Promise<AggregateMessage[]> {
  const central = centralDb(env);
  const seen = new Set((await central.$client.prepare("SELECT DISTINCT shard FROM aggregate_runs").all<{ shard: string }>()).results.map((r) => r.shard));
  const messages = everyShard(env).flatMap(({ key }) => monthsToAggregate(now, seen.has(key)).map((month): AggregateMessage => ({ kind: "pws-month", shard: key, month })));
  await enqueueAggregates(env, messages, now, waitUntil);
  return messages;
}

/** One message: its kabupaten database and the central one. An unknown shard is an error (retried, then dropped by the queue). */
export async function runAggregateMessage(env: Env, m: AggregateMessage, now: number): Promise<AggregateResult> {
  const db: Db | null = m.kind === "pws-month" && shardByKey(m.shard) ? shardDb(env, m.shard as ShardKey) : null;
  if (!db) throw new Error("unknown aggregate message");
  return aggregateMonth(db, centralDb(env), m.shard, m.month, now);
}

/** The shard, the month and the error's name: nothing else (a failed query's message repeats its parameters). */
function logAggregateError(m: AggregateMessage, e: unknown, event: string) {
  console.error(JSON.stringify({ level: "error", event: `aggregates_${event}`, shard: String(m?.shard).slice(0, 8), month: String(m?.month).slice(0, 7), error: (e as Error)?.name }));
}
