import { and, asc, count, eq, gt, inArray, lte, max, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Principal } from "../../domain/access/policy.ts";
import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { decodeCursor, encodeCursor, planPull, type CursorState, type PullPlan } from "../../domain/sync/cursor.ts";
import type { Change, PullResponse } from "../../domain/sync/protocol.ts";
import { parseScopeKey, pullScope, scopeKeyString, type ScopeKey } from "../../domain/sync/scope.ts";
import { chunk, type Db } from "../db/client.ts";
import { auditLog, changeLog, commitmentParties, syncDepartures, syncIndex, syncPruned } from "../db/schema.ts";
import { ENTITY_TABLES, payloadOf } from "../db/tables.ts";
import { badRequest } from "../http/errors.ts";
import { auditRow } from "./audit.ts";
import { PRUNED_TOMBSTONES } from "./prune.ts";
import { openConflictsOf } from "./conflicts.ts";

/**
 * GET /api/sync/pull: the changes after the cursor, in seq order, within the caller's scope.
 *
 * Each scope key is one range of one sync_index index ((domain, column, seq) or (grp, seq)),
 * read with LIMIT; the union of the per-key heads, cut at `limit`, is exactly the next `limit`
 * changes in scope. All index reads run in one batch, so the page is one consistent snapshot.
 */
export async function pull(db: Db, p: Principal, cursorText: string | undefined, limit: number, now = Date.now()): Promise<PullResponse> {
  const cursor = cursorText === undefined ? null : decodeCursor(cursorText);
  if (cursorText !== undefined && !cursor) throw badRequest("invalid_cursor", "The cursor is not one this server issued; pull again without it");

  const scope = (await scopeOf(db, p)).map(scopeKeyString);
  // The page's own snapshot says how far the prune has gone: a cursor below that would miss
  // pruned tombstones, so the page is read again from scratch and answered `reset: true`.
  let read = await readPage(db, planPull(cursor, scope), limit);
  const pruned = planPull(cursor, scope, read.prunedThrough);
  if (pruned.reset && !read.reset) read = await readPage(db, pruned, limit);
  const { plan, reset, page, more, latestSeq } = read;

  // A departure is delivered as a deletion to a phone whose areas the row left altogether.
  const gone = await departedFromScope(db, page, plan.keys.map((k) => parseScopeKey(k)!));
  const changes = await loadChanges(db, page.filter((r) => !r.departed || gone.has(`${r.entity}:${r.entityId}`)));
  const last = page.at(-1)?.seq;

  // A pull from scratch (no cursor, or a reset) notes where it began until it has caught up.
  const began = !cursor || reset ? latestSeq : cursor.f;
  let next: CursorState;
  let hasMore: boolean;
  if (plan.phase === "main") {
    // At the end, everything in scope up to the snapshot's latest seq is delivered: the cursor
    // moves there, so a phone whose scope is quiet still holds a recent cursor.
    next = { v: 1, s: more ? (last ?? plan.since) : Math.max(last ?? plan.since, latestSeq), k: plan.keys };
    hasMore = more;
  } else if (more) {
    next = { v: 1, s: plan.until, k: plan.mainKeys, b: { k: plan.keys, s: last ?? plan.since } };
    hasMore = true;
  } else {
    // Backfill done: the new keys are now level with the rest, continue as one scope.
    next = { v: 1, s: plan.until, k: [...new Set([...plan.mainKeys, ...plan.keys])].sort() };
    hasMore = true;
  }
  if (began !== undefined && began > next.s) next.f = began;

  // Counted on a pull's first page only (and after a reset), then carried in the cursor: new
  // writes during a first pull are not in the bar, which only has to move forward.
  const carried = !reset && cursor?.r !== undefined ? Math.max(0, cursor.r - page.length) : undefined;
  const remaining = !hasMore ? 0 : (carried ?? (await countAfter(db, next)));
  if (hasMore) next.r = remaining;

  const health = changes.filter((c) => ENTITIES[c.entity].domain === "health");
  if (health.length) {
    // A read of personal records is audited: which rows went to which device (ids only).
    await db.insert(auditLog).values(
      auditRow(p, { action: "sync.pull", details: { count: changes.length, ids: health.map((c) => `${c.entity}:${c.id}`) } }, now),
    );
  }
  return { changes, cursor: encodeCursor(next), hasMore, reset, remaining };
}

interface IndexRow {
  entity: string;
  entityId: string;
  seq: number;
  deleted: boolean;
  /** A departure: the row left one of the caller's areas at this seq (sync_departures). */
  departed?: boolean;
}

interface PageRead {
  plan: PullPlan;
  reset: boolean;
  /** The next `limit` index entries in scope, in seq order. */
  page: IndexRow[];
  more: boolean;
  /** Tombstones with seq ≤ this are pruned (0: none). */
  prunedThrough: number;
  /** The latest committed seq in this snapshot. */
  latestSeq: number;
}

/**
 * One batch (one snapshot): for each scope key the next `limit + 1` entries of its index range,
 * how far the prune has gone, and the latest seq. Their union cut at `limit` is the page.
 */
async function readPage(db: Db, { plan, reset }: { plan: PullPlan; reset: boolean }, limit: number): Promise<PageRead> {
  const until = plan.phase === "backfill" ? plan.until : undefined;
  const heads = plan.keys.map((k) =>
    db
      .select({ entity: syncIndex.entity, entityId: syncIndex.entityId, seq: syncIndex.seq, deleted: syncIndex.deleted })
      .from(syncIndex)
      .where(and(keyFilter(parseScopeKey(k)!), gt(syncIndex.seq, plan.since), until === undefined ? undefined : lte(syncIndex.seq, until)))
      .orderBy(asc(syncIndex.seq))
      .limit(limit + 1),
  );
  // Rows that left one of the caller's areas, for a phone that may hold them (not a pull from
  // scratch, nor a backfill of keys it never held).
  const after = plan.phase === "main" ? plan.departuresAfter : null;
  const departures = after === null ? [] : plan.keys.map((k) =>
    db
      .select({ entity: syncDepartures.entity, entityId: syncDepartures.entityId, seq: syncDepartures.seq })
      .from(syncDepartures)
      .where(and(departureFilter(parseScopeKey(k)!), gt(syncDepartures.seq, after)))
      .orderBy(asc(syncDepartures.seq))
      .limit(limit + 1),
  );
  const [marks, latest, ...headRows] = (await db.batch([
    db.select({ seq: syncPruned.throughSeq }).from(syncPruned).where(eq(syncPruned.job, PRUNED_TOMBSTONES)),
    db.select({ seq: max(changeLog.seq) }).from(changeLog),
    ...heads,
    ...departures,
  ] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as [{ seq: number }[], { seq: number | null }[], ...IndexRow[][]];

  // A full head (limit + 1 entries) is complete only up to its last entry: beyond it, entries of
  // its range are unread, so the page reads nothing past the earliest such point. (Without
  // duplicates the first `limit` of the union never pass it; a row both in an index head and a
  // departure head, or departed twice, counts once, so the cut must say so.)
  const full = headRows.filter((rows) => rows.length > limit);
  const through = full.length ? Math.min(...full.map((rows) => rows.at(-1)!.seq)) : Infinity;
  // One entry per row: its index entry when it is in scope now, else its latest departure.
  const merged = new Map<string, IndexRow>();
  for (const [i, rows] of headRows.entries()) {
    for (const r of rows) {
      if (r.seq > through) continue;
      const key = `${r.entity}:${r.entityId}`;
      const departed = i >= heads.length;
      const had = merged.get(key);
      if (!departed) merged.set(key, r);
      else if (!had || (had.departed && had.seq < r.seq)) merged.set(key, { ...r, deleted: true, departed: true });
    }
  }
  const ordered = [...merged.values()].sort((a, b) => a.seq - b.seq);
  return {
    plan,
    reset,
    page: ordered.slice(0, limit),
    more: ordered.length > limit || full.length > 0,
    prunedThrough: marks[0]?.seq ?? 0,
    latestSeq: latest[0]?.seq ?? 0,
  };
}

/** The caller's scope keys; a mitra's also depend on which commitments name its office. */
async function scopeOf(db: Db, p: Principal) {
  let partyCommitments: string[] = [];
  if (p.role === "mitra" && p.officeId) {
    const rows = await db
      .select({ id: commitmentParties.commitmentId })
      .from(commitmentParties)
      .where(and(eq(commitmentParties.officeId, p.officeId), eq(commitmentParties.deleted, false)))
      .all();
    partyCommitments = [...new Set(rows.map((r) => r.id))];
  }
  return pullScope(p, partyCommitments);
}

/** One scope key's range in sync_index or sync_departures (the same scope columns). */
function keyFilter(k: ScopeKey, t: typeof syncIndex | typeof syncDepartures = syncIndex): SQL {
  if (k.column === "grp") return eq(t.grp, k.value);
  return and(eq(t.domain, k.domain), eq(t[k.column], k.value))!;
}

const departureFilter = (k: ScopeKey) => keyFilter(k, syncDepartures);

type IndexEntry = typeof syncIndex.$inferSelect;

/** Whether a row's sync_index entry lies within one of the scope keys. */
function inScope(e: IndexEntry, keys: readonly ScopeKey[]): boolean {
  return keys.some((k) => (k.column === "grp" ? e.grp === k.value : e.domain === k.domain && e[k.column] === k.value));
}

/**
 * The departures of a page that the caller must act on: a row that left one of its areas and
 * does not live in any of them now (a row that moved within its scope, e.g. from one dusun to
 * another of a bidan's desa, arrives through its index entry, at the same or a later seq).
 */
async function departedFromScope(db: Db, page: IndexRow[], keys: readonly ScopeKey[]): Promise<Set<string>> {
  const departed = page.filter((r) => r.departed);
  if (!departed.length) return new Set();
  const byEntity = new Map<string, string[]>();
  for (const r of departed) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r.entityId]);
  const queries = [...byEntity].flatMap(([entity, ids]) =>
    chunk(ids, 90).map((c) => db.select().from(syncIndex).where(and(eq(syncIndex.entity, entity), inArray(syncIndex.entityId, c)))),
  );
  const entries = (await db.batch(queries as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as IndexEntry[][];
  const stayed = new Set(entries.flat().filter((e) => inScope(e, keys)).map((e) => `${e.entity}:${e.entityId}`));
  return new Set(departed.map((r) => `${r.entity}:${r.entityId}`).filter((k) => !stayed.has(k)));
}

async function loadChanges(db: Db, page: IndexRow[]): Promise<Change[]> {
  const byEntity = new Map<EntityName, string[]>();
  for (const r of page) {
    const list = byEntity.get(r.entity as EntityName) ?? [];
    list.push(r.entityId);
    byEntity.set(r.entity as EntityName, list);
  }
  const queries: BatchItem<"sqlite">[] = [];
  for (const [entity, ids] of byEntity) {
    const table = ENTITY_TABLES[entity];
    for (const c of chunk(ids, 90)) queries.push(db.select().from(table).where(inArray(table.id, c)) as unknown as BatchItem<"sqlite">);
  }
  const rows = queries.length ? ((await db.batch(queries as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as Record<string, unknown>[][]).flat() : [];
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  // A row flagged for review travels with its open conflicts, so the phone can settle them.
  const flagged = page.filter((r) => !r.deleted && byId.get(r.entityId)?.needsReview).map((r) => ({ entity: r.entity, id: r.entityId }));
  const open = await openConflictsOf(db, flagged);
  return page.map((r): Change => {
    const row = byId.get(r.entityId);
    if (r.deleted || !row) return { entity: r.entity as EntityName, id: r.entityId, version: (row?.version as number) ?? 0, seq: r.seq, deleted: true };
    return {
      entity: r.entity as EntityName,
      id: r.entityId,
      version: row.version as number,
      seq: r.seq,
      deleted: false,
      ...(row.needsReview ? { needsReview: true } : {}),
      ...(open.get(`${r.entity}:${r.entityId}`)?.length ? { conflicts: open.get(`${r.entity}:${r.entityId}`) } : {}),
      data: payloadOf(row),
    };
  });
}

/** How many changes are still to come, for the first sync's progress bar. */
async function countAfter(db: Db, c: CursorState): Promise<number> {
  const parts: { keys: string[]; since: number; until?: number }[] = [{ keys: c.k, since: c.s }];
  if (c.b) parts.push({ keys: c.b.k, since: c.b.s, until: c.s });
  const queries: BatchItem<"sqlite">[] = parts.flatMap((part) =>
    part.keys.map((k) =>
      db
        .select({ n: count() })
        .from(syncIndex)
        .where(and(keyFilter(parseScopeKey(k)!), gt(syncIndex.seq, part.since), part.until === undefined ? undefined : lte(syncIndex.seq, part.until))),
    ),
  );
  // Departures still to come may each be a deletion (an upper bound: some rows moved within scope).
  const after = Math.max(c.s, c.f ?? 0);
  for (const k of c.k) queries.push(db.select({ n: count() }).from(syncDepartures).where(and(departureFilter(parseScopeKey(k)!), gt(syncDepartures.seq, after))));
  if (!queries.length) return 0;
  const results = (await db.batch(queries as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as { n: number }[][];
  return results.reduce((sum, r) => sum + (r[0]?.n ?? 0), 0);
}

/**
 * Conditional pull (issue 14: an idle phone costs at most 20 KB a day). The last page of a pull
 * carries an ETag bound to the cursor it hands out; the phone keeps both and sends them together
 * on its next pull. When nothing in its scope moved since that cursor, the answer is a bodiless
 * 304 and the phone keeps its cursor: a pull from it is still exact (nothing after it in scope),
 * it is only not advanced to the latest seq.
 *
 * The tag also says when it was issued. A cursor must stay above the tombstone prune, which
 * passes a seq once it is MAX_OFFLINE_MS (90 days) old (domain/sync/retention.ts, planPull);
 * a tag older than a day is answered in full instead, so a quiet phone's cursor moves on at
 * least daily (about 1 KB a day) and can never fall behind the prune.
 */
export const PULL_ETAG_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const ETAG_PREFIX = "p1.";

/** FNV-1a, 32 bits (http://www.isthe.com/chongo/tech/comp/fnv/): a short binding, not a secret. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The ETag of a pull's last page: `"p1.<issued minute, base 36>.<hash of the cursor>"`. */
export function pullEtag(cursor: string, now: number): string {
  return `"${ETAG_PREFIX}${Math.floor(now / 60_000).toString(36)}.${fnv1a(cursor)}"`;
}

/**
 * The tag of `ifNoneMatch` (RFC 9110 §13.1.2: a list, weak tags compared weakly) that was issued
 * for `cursor` less than PULL_ETAG_MAX_AGE_MS ago, or null.
 */
export function matchingPullEtag(ifNoneMatch: string | undefined, cursor: string | undefined, now: number): string | null {
  if (!ifNoneMatch || !cursor) return null;
  const hash = fnv1a(cursor);
  for (const raw of ifNoneMatch.split(",")) {
    const tag = raw.trim().replace(/^W\//, "");
    const m = /^"p1\.([0-9a-z]{1,10})\.([0-9a-z]{1,8})"$/.exec(tag);
    if (!m || m[2] !== hash) continue;
    const issued = parseInt(m[1]!, 36) * 60_000;
    if (issued <= now && now - issued < PULL_ETAG_MAX_AGE_MS) return tag;
  }
  return null;
}
