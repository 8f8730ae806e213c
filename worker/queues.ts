import type { AggregateMessage } from "../domain/aggregates/pws.ts";
import { LEGACY_SHARD_KEY } from "../domain/shards/registry.ts";
import { shardDb } from "./db/shards.ts";
import type { Env, SatusehatJobMessage, WaitUntil } from "./env.ts";
import { runAggregateMessage } from "./services/aggregates/queue.ts";
import { runChoresMessage, type ChoresMessage } from "./services/chores.ts";
import { logJobError, runSendJob } from "./services/satusehat/jobs.ts";

/**
 * Every queue message this Worker consumes, and the one function each goes to (as a push sends
 * each named mutation to its own). Dispatch is by the message's own `kind`, never by the queue's
 * name, so a deploy that renames its queues per environment still routes every message.
 * SATUSEHAT job messages predate `kind`: a message with a `jobId` is one.
 */
export type QueueMessage = AggregateMessage | ChoresMessage | SatusehatJobMessage;


export async function handleQueueMessage(env: Env, body: QueueMessage, now: number, waitUntil: WaitUntil): Promise<void> {
  if ("kind" in body && body.kind === "pws-month") {
    await runAggregateMessage(env, body, now);
    return;
  }
  if ("kind" in body && body.kind === "shard-chores") return runChoresMessage(env, body, now, waitUntil);
  if ("jobId" in body && typeof body.jobId === "string") {
    // A job records its own failures; the queue retries only a job that could not run at all.
    const db = shardDb(env, body.shard ?? LEGACY_SHARD_KEY);
    if (!db) throw new Error("unknown shard");
    await runSendJob(db, env, body.jobId);
    return;
  }
  throw new Error("unknown queue message");
}

/** What a failed message may log: its kind and keys, never a payload (it could quote data). */
export function logQueueError(body: QueueMessage, e: unknown): void {
  const b = (body ?? {}) as Partial<Record<"kind" | "shard" | "month" | "jobId", unknown>>;
  if (typeof b.jobId === "string" && b.kind === undefined) return logJobError(b.jobId, e, "consumer_failed");
  console.error(JSON.stringify({
    level: "error", event: "queue_message_failed", kind: String(b.kind ?? "unknown").slice(0, 20), shard: String(b.shard ?? "").slice(0, 8), month: String(b.month ?? "").slice(0, 7), error: (e as Error)?.name,
  }));
}
