import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Principal } from "../../../domain/access/policy.ts";
import { ENTITIES, type EntitySpec } from "../../../domain/entities/registry.ts";
import { indexColumns } from "../../../domain/sync/index-columns.ts";
import type { Mutation, MutationResult } from "../../../domain/sync/protocol.ts";
import { chunk, type Db } from "../../db/client.ts";
import { auditLog, changeLog, conflicts, syncDepartures, syncGuard, syncIndex } from "../../db/schema.ts";
import { ENTITY_TABLES, tableName } from "../../db/tables.ts";
import { auditRow, AUDIT_ROWS_PER_STATEMENT } from "../audit.ts";
import { moveStatements } from "./moves.ts";
import { receiptStatements } from "./receipts.ts";
import { columnsOf } from "./columns.ts";
import { jsonChunks } from "./json-rows.ts";
import { raw, type Statement } from "./sql.ts";
import { rowKey, type Write } from "./state.ts";

/** Rejection codes that refuse a write on authorization grounds: each one is audited. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(["forbidden", "create_not_allowed", "delete_not_allowed", "field_not_writable"]);

const LATEST_SEQ: SQL = sql`(SELECT max(${changeLog.seq}) FROM ${changeLog})`;

/**
 * The one batch of a push: for each row written, a guard (the row's version is still the one we
 * read, else the CHECK aborts the whole batch), its change-log row, the row, its sync-index row
 * and any conflict rows; then the receipts and the audit rows; then the guard rows are cleared.
 *
 * Plain writes (a create or an edit that neither moves, deletes, conflicts nor settles conflicts:
 * nearly every row of a visit push) are written set-wise: a run of them, each row at most once,
 * takes one statement per table and kind, its rows passed as one JSON parameter (`json_each`), so
 * a push of 100 visits is about a dozen statements instead of four hundred (docs/PERFORMANCE.md,
 * "Push"; D1 binds at most 100 parameters, a JSON array is one). Within such a run no write
 * changes another row's version or a parent's place, so checking the versions of the run first
 * and its parents' places after its rows are written is the same check as one write at a time.
 * The other writes keep their own statements, in order (writeOne).
 */
export function writeStatements(db: Db, p: Principal, writes: readonly Write[], stored: readonly MutationResult[], now: number): Statement[] {
  const out: Statement[] = [];
  const guarded = new Set<string>();
  let run: Write[] = [];
  const inRun = new Set<string>();
  const flush = () => {
    if (run.length) out.push(...runStatements(db, p, run, guarded, now));
    run = [];
    inRun.clear();
  };
  for (const w of writes) {
    const k = rowKey(w.state.entity, w.state.id);
    if (!isPlain(w)) {
      flush();
      out.push(...writeOne(db, p, w, guarded, now));
      continue;
    }
    if (inRun.has(k)) flush();
    inRun.add(k);
    run.push(w);
  }
  flush();
  out.push(...receiptStatements(db, p, stored, now));
  const audits = writes.map((w) =>
    auditRow(p, {
      action: w.conflicts.length ? "sync.conflict" : w.state.resolves?.length ? "sync.resolve" : `sync.${w.mutation.op}`,
      entity: w.state.entity,
      entityId: w.state.id,
      details: {
        mutationId: w.mutation.id, version: w.state.version, fields: w.fields,
        // Area codes and dusun ids only: where the row and everything under it went.
        ...(w.movedFrom ? { moved: { from: [w.movedFrom.area, w.movedFrom.dusun], to: [w.state.scope.area, w.state.scope.dusun] } } : {}),
      },
    }, now),
  );
  out.push(...auditStatements(db, audits));
  out.push(db.delete(syncGuard));
  return out;
}

/** A write that touches its own row only, and leaves it live where it was. */
function isPlain(w: Write): boolean {
  return !w.movedFrom && !w.state.resolves?.length && !w.conflicts.length && !w.state.deleted;
}

/** One write, statement by statement: moves, deletes, conflicts and settlements. */
function writeOne(db: Db, p: Principal, w: Write, guarded: Set<string>, now: number): Statement[] {
  const out: Statement[] = [];
  const s = w.state;
  const table = ENTITY_TABLES[s.entity];
  const k = rowKey(s.entity, s.id);
  const spec = ENTITIES[s.entity] as EntitySpec;
  // The row is still at the version we read, and (for a row placed under a parent) the parent
  // still lives where we read it: a concurrent move would otherwise leave this row behind. A row
  // written again later in the same push (another parent, say) checks its parent again.
  const parent = w.parent && !s.deleted
    ? sql`coalesce((SELECT scope_area IS ${w.parent.scope.area} AND scope_dusun IS ${w.parent.scope.dusun} AND deleted = 0
        FROM ${sql.identifier(tableName(ENTITY_TABLES[w.parent.entity]))} WHERE id = ${w.parent.id}), 0)`
    : null;
  if (!guarded.has(k)) {
    guarded.add(k);
    const name = sql.identifier(tableName(table));
    out.push(db.insert(syncGuard).select(sql`SELECT coalesce((SELECT version FROM ${name} WHERE id = ${s.id}), 0) = ${s.dbVersion}${parent ? sql` AND ${parent}` : sql``}`));
  } else if (parent) {
    out.push(db.insert(syncGuard).select(sql`SELECT ${parent}`));
  }
  out.push(
    db.insert(changeLog).values({ entity: s.entity, entityId: s.id, version: s.version, fields: w.fields, mutationId: w.mutation.id, at: now }),
  );
  if (w.movedFrom) {
    out.push(db.insert(syncDepartures).values({ entity: s.entity, entityId: s.id, seq: LATEST_SEQ, ...indexColumns(spec.domain, w.movedFrom) }));
  }
  const row = storedRow(p, s, now);
  const { id: _id, createdAt: _c, ...update } = row;
  out.push(db.insert(table).values({ ...row, seq: LATEST_SEQ }).onConflictDoUpdate({ target: table.id, set: { ...update, seq: LATEST_SEQ } }));
  const idx = { ...indexColumns(spec.domain, s.scope), seq: LATEST_SEQ, deleted: s.deleted };
  out.push(
    db.insert(syncIndex).values({ entity: s.entity, entityId: s.id, ...idx }).onConflictDoUpdate({ target: [syncIndex.entity, syncIndex.entityId], set: idx }),
  );
  for (const c of w.conflicts) {
    out.push(
      db.insert(conflicts).values({
        entity: s.entity, entityId: s.id, field: c.field, serverValue: c.serverValue ?? null, clientValue: c.clientValue ?? null,
        mutationId: w.mutation.id, userId: p.userId, at: now, serverBy: s.lastBy, serverAt: s.lastAt,
      }),
    );
  }
  if (w.movedFrom) out.push(...moveStatements(db, s.entity, s.id, s.scope, w.mutation.id, now));
  if (s.resolves?.length) {
    out.push(
      db.update(conflicts)
        .set({ resolvedAt: now, resolvedBy: p.userId })
        .where(and(eq(conflicts.entity, s.entity), eq(conflicts.entityId, s.id), inArray(conflicts.id, s.resolves), isNull(conflicts.resolvedAt))),
    );
  }
  return out;
}

/** The row as stored (seq apart): the payload and the server's bookkeeping columns. */
function storedRow(p: Principal, s: Write["state"], now: number): Record<string, unknown> {
  return {
    ...s.data,
    id: s.id, version: s.version, deleted: s.deleted, needsReview: s.needsReview,
    scopeArea: s.scope.area, scopeDusun: s.scope.dusun, scopeGrp: s.scope.grp,
    createdAt: s.createdAt, updatedAt: now, updatedBy: p.userId,
  };
}

/**
 * A run of plain writes, each row once: the versions of the rows not yet guarded, the change-log
 * rows, the rows, their sync-index rows, then the places of their parents (a parent created in the
 * run exists by then, and none moves or dies within it).
 */
function runStatements(db: Db, p: Principal, run: readonly Write[], guarded: Set<string>, now: number): Statement[] {
  const out: Statement[] = [];
  const versions = new Map<string, unknown[][]>();
  for (const { state: s } of run) {
    const k = rowKey(s.entity, s.id);
    if (guarded.has(k)) continue;
    guarded.add(k);
    const name = tableName(ENTITY_TABLES[s.entity]);
    versions.set(name, [...(versions.get(name) ?? []), [s.id, s.dbVersion]]);
  }
  for (const [name, rows] of versions) {
    for (const json of jsonChunks(rows)) {
      out.push(db.insert(syncGuard).select(sql`SELECT NOT EXISTS (SELECT 1 FROM json_each(${json}) j LEFT JOIN ${sql.identifier(name)} t ON t.id = json_extract(j.value, '$[0]')
        WHERE coalesce(t.version, 0) != json_extract(j.value, '$[1]'))`));
    }
  }
  // Change-log rows in the run's order: each takes the next seq, which its row and index entry then name.
  for (const json of jsonChunks(run.map((w) => [w.state.entity, w.state.id, w.state.version, JSON.stringify(w.fields), w.mutation.id]))) {
    out.push(raw(db, sql`INSERT INTO change_log (entity, entity_id, version, fields, mutation_id, at)
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), ${now} FROM json_each(${json})`));
  }
  const byEntity = new Map<string, Write[]>();
  for (const w of run) byEntity.set(w.state.entity, [...(byEntity.get(w.state.entity) ?? []), w]);
  for (const [entity, ws] of byEntity) out.push(...upsertRows(db, entity as Write["state"]["entity"], ws.map((w) => storedRow(p, w.state, now))));
  const index = run.map(({ state: s }) => {
    const c = indexColumns((ENTITIES[s.entity] as EntitySpec).domain, s.scope);
    return [s.entity, s.id, c.domain, c.kab, c.kec, c.desa, c.dusun, c.grp, s.deleted ? 1 : 0];
  });
  for (const json of jsonChunks(index)) {
    out.push(raw(db, sql`INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp)
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), ${seqOf(sql`json_extract(value, '$[0]')`, sql`json_extract(value, '$[1]')`)}, json_extract(value, '$[8]'),
        json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]')
      FROM json_each(${json}) WHERE true
      ON CONFLICT (entity, entity_id) DO UPDATE SET domain = excluded.domain, kab = excluded.kab, kec = excluded.kec, desa = excluded.desa,
        dusun = excluded.dusun, grp = excluded.grp, seq = excluded.seq, deleted = excluded.deleted`));
  }
  const parents = new Map<string, Map<string, unknown[]>>();
  for (const { parent } of run) {
    if (!parent) continue;
    const name = tableName(ENTITY_TABLES[parent.entity]);
    const of = parents.get(name) ?? new Map<string, unknown[]>();
    parents.set(name, of);
    const entry = [parent.id, parent.scope.area, parent.scope.dusun];
    of.set(JSON.stringify(entry), entry);
  }
  for (const [name, of] of parents) {
    for (const json of jsonChunks([...of.values()])) {
      out.push(db.insert(syncGuard).select(sql`SELECT NOT EXISTS (SELECT 1 FROM json_each(${json}) j WHERE NOT coalesce((SELECT t.scope_area IS json_extract(j.value, '$[1]')
        AND t.scope_dusun IS json_extract(j.value, '$[2]') AND t.deleted = 0 FROM ${sql.identifier(name)} t WHERE t.id = json_extract(j.value, '$[0]')), 0))`));
    }
  }
  return out;
}

/** The seq of a row's latest change-log row (written just before it in the batch). */
const seqOf = (entity: SQL, id: SQL) => sql`(SELECT max(c.seq) FROM change_log c WHERE c.entity = ${entity} AND c.entity_id = ${id})`;

/**
 * Upsert rows of one table from JSON parameters, as `insert(...).values(row).onConflictDoUpdate`
 * would one by one: every column in table order (an absent one takes its default), the seq from
 * the change log, and on conflict every column the row carries except id and createdAt.
 */
function upsertRows(db: Db, entity: Write["state"]["entity"], rows: readonly Record<string, unknown>[]): Statement[] {
  const table = ENTITY_TABLES[entity];
  const columns = columnsOf(db, table);
  // Rows that carry different columns update different columns: one statement each.
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = columns.map((c) => (row[c.key] === undefined ? "0" : "1")).join("");
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const out: Statement[] = [];
  const name = sql.identifier(tableName(table));
  for (const group of groups.values()) {
    const values = group.map((row) => columns.map((c) => {
      const v = row[c.key] === undefined ? c.fallback : row[c.key];
      return v === null || v === undefined ? null : c.toDriver(v);
    }));
    const select = sql.join(columns.map((c, i) => (c.key === "seq" ? seqOf(sql`${entity}`, sql`json_extract(value, '$[0]')`) : sql.raw(`json_extract(value, '$[${i}]')`))), sql`, `);
    const set = columns.filter((c) => c.key !== "id" && c.key !== "createdAt" && (c.key === "seq" || group[0]![c.key] !== undefined)).map((c) => `"${c.name}" = excluded."${c.name}"`).join(", ");
    if (columns[0]!.key !== "id") throw new Error(`${tableName(table)}: id is not the first column`);
    for (const json of jsonChunks(values)) {
      out.push(raw(db, sql`INSERT INTO ${name} (${sql.raw(columns.map((c) => `"${c.name}"`).join(", "))}) SELECT ${select} FROM json_each(${json}) WHERE true
        ON CONFLICT (id) DO UPDATE SET ${sql.raw(set)}`));
    }
  }
  return out;
}

/** Audit rows through one JSON parameter per chunk (the same rows as `insert(auditLog).values`). */
export function auditStatements(db: Db, rows: readonly ReturnType<typeof auditRow>[]): Statement[] {
  if (!rows.length) return [];
  const [first] = rows;
  const out: Statement[] = [];
  const same = rows.every((r) => r.at === first!.at && r.userId === first!.userId && r.deviceId === first!.deviceId);
  if (!same) return chunk(rows, AUDIT_ROWS_PER_STATEMENT).map((c) => db.insert(auditLog).values(c));
  for (const json of jsonChunks(rows.map((r) => [r.action, r.entity, r.entityId, r.details === null ? null : JSON.stringify(r.details)]))) {
    out.push(raw(db, sql`INSERT INTO audit_log (at, user_id, device_id, action, entity, entity_id, details)
      SELECT ${first!.at}, ${first!.userId}, ${first!.deviceId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(${json})`));
  }
  return out;
}

/** One audit row per mutation refused for the caller's role, office or area (ids and field names only). */
export function refusalAudits(db: Db, p: Principal, mutations: readonly Mutation[], results: readonly MutationResult[], now: number): Statement[] {
  const rows = [];
  for (const [i, r] of results.entries()) {
    if (r.status !== "rejected" || !r.error || !REFUSAL_CODES.has(r.error.code)) continue;
    const m = mutations[i]!;
    const fields = (r.error.details as { fields?: unknown } | null)?.fields;
    rows.push(
      auditRow(p, {
        action: "sync.refused",
        entity: m.entity,
        entityId: m.entityId,
        details: { mutationId: m.id, op: m.op, code: r.error.code, ...(Array.isArray(fields) ? { fields } : {}) },
      }, now),
    );
  }
  return auditStatements(db, rows);
}
