import { and, asc, count, eq, gt, inArray, lte, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Principal } from "../../domain/access/policy.ts";
import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { decodeCursor, encodeCursor, planPull, type CursorState } from "../../domain/sync/cursor.ts";
import type { Change, PullResponse } from "../../domain/sync/protocol.ts";
import { parseScopeKey, pullScope, scopeKeyString } from "../../domain/sync/scope.ts";
import { chunk, type Db } from "../db/client.ts";
import { auditLog, commitmentParties, syncIndex } from "../db/schema.ts";
import { ENTITY_TABLES, payloadOf } from "../db/tables.ts";
import { badRequest } from "../http/errors.ts";
import { auditRow } from "./audit.ts";

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
  const { plan, reset } = planPull(cursor, scope);
  const until = plan.phase === "backfill" ? plan.until : undefined;

  const keys = plan.keys.map((k) => parseScopeKey(k)!);
  const heads = keys.map((k) =>
    db
      .select({ entity: syncIndex.entity, entityId: syncIndex.entityId, seq: syncIndex.seq, deleted: syncIndex.deleted })
      .from(syncIndex)
      .where(and(keyFilter(k), gt(syncIndex.seq, plan.since), until === undefined ? undefined : lte(syncIndex.seq, until)))
      .orderBy(asc(syncIndex.seq))
      .limit(limit + 1),
  );
  const headRows = heads.length ? ((await db.batch(heads as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as IndexRow[][]) : [];

  const merged = new Map<string, IndexRow>();
  for (const rows of headRows) for (const r of rows) merged.set(`${r.entity}:${r.entityId}`, r);
  const ordered = [...merged.values()].sort((a, b) => a.seq - b.seq);
  const page = ordered.slice(0, limit);
  const more = ordered.length > limit;

  const changes = await loadChanges(db, page);
  const last = page.at(-1)?.seq;

  let next: CursorState;
  let hasMore: boolean;
  if (plan.phase === "main") {
    next = { v: 1, s: last ?? plan.since, k: plan.keys };
    hasMore = more;
  } else if (more) {
    next = { v: 1, s: plan.until, k: plan.mainKeys, b: { k: plan.keys, s: last ?? plan.since } };
    hasMore = true;
  } else {
    // Backfill done: the new keys are now level with the rest, continue as one scope.
    next = { v: 1, s: plan.until, k: [...new Set([...plan.mainKeys, ...plan.keys])].sort() };
    hasMore = true;
  }

  const remaining = await countAfter(db, next);

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

function keyFilter(k: NonNullable<ReturnType<typeof parseScopeKey>>): SQL {
  if (k.column === "grp") return eq(syncIndex.grp, k.value);
  return and(eq(syncIndex.domain, k.domain), eq(syncIndex[k.column], k.value))!;
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
      data: payloadOf(row),
    };
  });
}

/** How many changes are still to come, for the first sync's progress bar. */
async function countAfter(db: Db, c: CursorState): Promise<number> {
  const parts: { keys: string[]; since: number; until?: number }[] = [{ keys: c.k, since: c.s }];
  if (c.b) parts.push({ keys: c.b.k, since: c.b.s, until: c.s });
  const queries = parts.flatMap((part) =>
    part.keys.map((k) =>
      db
        .select({ n: count() })
        .from(syncIndex)
        .where(and(keyFilter(parseScopeKey(k)!), gt(syncIndex.seq, part.since), part.until === undefined ? undefined : lte(syncIndex.seq, part.until))),
    ),
  );
  if (!queries.length) return 0;
  const results = (await db.batch(queries as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as { n: number }[][];
  return results.reduce((sum, r) => sum + (r[0]?.n ?? 0), 0);
}
