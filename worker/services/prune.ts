import { and, desc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { MAX_OFFLINE_MS } from "../../domain/sync/retention.ts";
import type { Db } from "../db/client.ts";
import { changeLog, enrollmentDirectory, enrollmentFailures, receipts, syncDepartures, syncIndex, syncPruned, transfers } from "../db/schema.ts";

/**
 * Scheduled clean-up (the Cron Trigger in wrangler.toml calls `prune` through the Worker's
 * `scheduled` handler). Each job deletes what is past its retention and reports how many rows
 * went; one failing job does not stop the others. Add a job by adding an entry to PRUNE_JOBS.
 */
export interface PruneJob {
  name: string;
  /** Rows deleted. */
  run(db: Db, now: number): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Failed enrollment attempts hold the client's IP address (personal data under UU 27/2022 PDP):
 * kept 30 days to look into a guessing attack, then deleted (issue 9; the limiter needs 15 minutes).
 */
export const ENROLLMENT_FAILURE_RETENTION_MS = 30 * DAY_MS;

export const PRUNE_JOBS: PruneJob[] = [
  {
    name: "enrollment_failures",
    run: async (db, now) => (await db.delete(enrollmentFailures).where(lt(enrollmentFailures.at, now - ENROLLMENT_FAILURE_RETENTION_MS)).run()).meta.changes,
  },
  // The central enrollment directory: a code past its expiry can no longer be redeemed (issue 16).
  {
    name: "enrollment_directory",
    run: async (db, now) => (await db.delete(enrollmentDirectory).where(lt(enrollmentDirectory.expiresAt, now - DAY_MS)).run()).meta.changes,
  },
  // The central ledger of moves between kabupaten (issue 16) names a household and its desa, a
  // pseudonymous trace of a family's movement: a finished transfer (done or failed) is kept for
  // the longest offline window, while an old phone may still push to the family and a repeated
  // request finds it, then deleted. Each kabupaten keeps its own audit rows and transfer_steps.
  {
    name: "transfers",
    run: async (db, now) => (await db.delete(transfers).where(and(inArray(transfers.state, ["done", "failed"]), lt(transfers.updatedAt, now - MAX_OFFLINE_MS))).run()).meta.changes,
  },
  { name: "sync_tombstones", run: pruneTombstones },
  { name: "sync_change_log", run: foldChangeLog },
  { name: "sync_receipts", run: pruneReceipts },
];

// --- sync bookkeeping (docs/SYNC.md, "Pruning") ---

/** sync_pruned.job of the tombstone prune: pull resets a cursor below its through_seq. */
export const PRUNED_TOMBSTONES = "tombstones";
/** sync_pruned.job of the change-log fold. */
export const PRUNED_CHANGE_LOG = "change_log";

/**
 * Work per run, so that every statement stays small (D1 stops a query after 30 s and counts the
 * queries of one invocation): a run walks at most CHUNKS_PER_RUN slices of the seq range, each
 * one batch that also saves how far it got. A backlog (the first run after a deploy, or a long
 * outage of the cron) goes on the next day from the saved mark. A kabupaten writes far fewer
 * than 100,000 changes a day, so the daily run keeps up.
 */
const CHUNKS_PER_RUN = 50;
/** Seqs per tombstone slice: one range of sync_index's seq index. */
const TOMBSTONE_SEQ_SPAN = 10_000;
/** Seqs per change-log slice: its rows, and every earlier row of the same entities. */
const CHANGE_LOG_SEQ_SPAN = 2_000;
/** Receipts per delete statement. */
const RECEIPTS_PER_DELETE = 5_000;

/**
 * The seq of the last change made before the window (MAX_OFFLINE_MS before `now`): the changes
 * up to it are older than the longest allowed offline period. 0 when there are none.
 */
export async function horizonSeq(db: Db, now: number): Promise<number> {
  const row = await db
    .select({ seq: changeLog.seq })
    .from(changeLog)
    .where(lt(changeLog.at, now - MAX_OFFLINE_MS))
    .orderBy(desc(changeLog.at), desc(changeLog.seq))
    .limit(1)
    .get();
  return row?.seq ?? 0;
}

async function prunedThrough(db: Db, job: string): Promise<number> {
  const row = await db.select({ seq: syncPruned.throughSeq }).from(syncPruned).where(eq(syncPruned.job, job)).get();
  return row?.seq ?? 0;
}

function markPruned(db: Db, job: string, seq: number, now: number) {
  return db
    .insert(syncPruned)
    .values({ job, throughSeq: seq, at: now })
    .onConflictDoUpdate({ target: syncPruned.job, set: { throughSeq: seq, at: now } });
}

/**
 * Tombstones (sync_index entries of deleted rows) older than the window. The mark and the delete
 * of each slice are one batch, and a pull reads the mark in the same snapshot as its index
 * ranges (services/pull.ts): a cursor below the mark is answered `reset: true`, never a delta
 * with deletions missing. The deleted row itself stays in its table, so a late edit of it is
 * still refused as `deleted`, and a late replay of its create cannot bring it back.
 */
async function pruneTombstones(db: Db, now: number): Promise<number> {
  const horizon = await horizonSeq(db, now);
  let from = await prunedThrough(db, PRUNED_TOMBSTONES);
  let deleted = 0;
  for (let i = 0; i < CHUNKS_PER_RUN && from < horizon; i++) {
    const to = Math.min(horizon, from + TOMBSTONE_SEQ_SPAN);
    const [, gone, departed] = await db.batch([
      markPruned(db, PRUNED_TOMBSTONES, to, now),
      db.delete(syncIndex).where(and(gt(syncIndex.seq, from), lte(syncIndex.seq, to), eq(syncIndex.deleted, true))),
      // A departure is a tombstone for the devices of the place a row left (services/pull.ts).
      db.delete(syncDepartures).where(and(gt(syncDepartures.seq, from), lte(syncDepartures.seq, to))),
    ]);
    deleted += gone.meta.changes + departed.meta.changes;
    from = to;
  }
  return deleted;
}

/**
 * Superseded change-log rows older than the window. Pulls never read the change log (they read
 * sync_index, one entry per row); pushes read it to merge a stale edit against the fields
 * changed after its base version (push/context.ts, fieldsChangedSince). So a superseded row is
 * not simply dropped: for each row whose changes before the window number two or more, the
 * latest of them keeps the union of their fields and the earlier ones go. An edit based on a
 * version newer than that is merged exactly as before; one based on an older version (a device
 * away longer than the window) sees more fields as changed, so at worst it gets a conflict kept
 * for review, never a silent overwrite. The latest row of every entity stays, and with it
 * max(seq), which new seqs and pull cursors count from.
 */
async function foldChangeLog(db: Db, now: number): Promise<number> {
  const horizon = await horizonSeq(db, now);
  let from = await prunedThrough(db, PRUNED_CHANGE_LOG);
  let deleted = 0;
  for (let i = 0; i < CHUNKS_PER_RUN && from < horizon; i++) {
    const to = Math.min(horizon, from + CHANGE_LOG_SEQ_SPAN);
    // The entities changed in this slice; their changes up to the horizon are folded.
    const touched = sql`(SELECT DISTINCT entity, entity_id FROM change_log WHERE seq > ${from} AND seq <= ${to})`;
    const [, , gone] = await db.batch([
      markPruned(db, PRUNED_CHANGE_LOG, to, now),
      // The latest change of each before the horizon takes the fields of all of them...
      db
        .update(changeLog)
        .set({
          fields: sql`(SELECT json_group_array(DISTINCT j.value) FROM change_log c, json_each(c.fields) j
            WHERE c.entity = change_log.entity AND c.entity_id = change_log.entity_id AND c.seq <= ${horizon})`,
        })
        .where(inArray(changeLog.seq, sql`(SELECT max(c.seq) FROM ${touched} k JOIN change_log c ON c.entity = k.entity AND c.entity_id = k.entity_id
          WHERE c.seq <= ${horizon} GROUP BY c.entity, c.entity_id HAVING count(*) > 1)`)),
      // ...and the earlier ones go.
      db.delete(changeLog).where(inArray(changeLog.seq, sql`(SELECT c.seq FROM ${touched} k JOIN change_log c ON c.entity = k.entity AND c.entity_id = k.entity_id
        WHERE c.seq < (SELECT max(n.seq) FROM change_log n WHERE n.entity = c.entity AND n.entity_id = c.entity_id AND n.seq <= ${horizon}))`)),
    ]);
    deleted += gone.meta.changes;
    from = to;
  }
  return deleted;
}

/**
 * Receipts older than the window. A receipt answers a replay of a mutation whose answer was lost;
 * a device that replays after the window has been away longer than it, and its mutation is
 * judged again: an edit merges against the fields changed since its base (its own earlier
 * change included, so it repeats nothing), a create of a row that exists is merged as an edit of
 * it, a delete of a deleted row is refused. Nothing applies twice.
 */
async function pruneReceipts(db: Db, now: number): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < CHUNKS_PER_RUN; i++) {
    const r = await db.run(
      sql`DELETE FROM ${receipts} WHERE rowid IN (SELECT rowid FROM ${receipts} WHERE ${receipts.at} < ${now - MAX_OFFLINE_MS} LIMIT ${RECEIPTS_PER_DELETE})`,
    );
    deleted += r.meta.changes;
    if (r.meta.changes < RECEIPTS_PER_DELETE) break;
  }
  return deleted;
}

export async function prune(db: Db, now: number, jobs: readonly PruneJob[] = PRUNE_JOBS, database?: string): Promise<Record<string, number | "failed">> {
  const out: Record<string, number | "failed"> = {};
  for (const job of jobs) {
    try {
      out[job.name] = await job.run(db, now);
    } catch (e) {
      out[job.name] = "failed";
      console.error(JSON.stringify({ level: "error", job: job.name, error: (e as Error).name, message: (e as Error).message }));
    }
  }
  console.log(JSON.stringify({ level: "info", event: "prune", ...(database ? { database } : {}), deleted: out }));
  return out;
}
