import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
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
import { rowKey, type Write } from "./state.ts";

/** Rejection codes that refuse a write on authorization grounds: each one is audited. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(["forbidden", "create_not_allowed", "delete_not_allowed", "field_not_writable"]);

const LATEST_SEQ: SQL = sql`(SELECT max(${changeLog.seq}) FROM ${changeLog})`;

/**
 * The one batch of a push: for each row written, a guard (the row's version is still the one we
 * read, else the CHECK aborts the whole batch), its change-log row, the row, its sync-index row
 * and any conflict rows; then the receipts and the audit rows; then the guard rows are cleared.
 */
export function writeStatements(db: Db, p: Principal, writes: readonly Write[], stored: readonly MutationResult[], now: number): BatchItem<"sqlite">[] {
  const out: BatchItem<"sqlite">[] = [];
  const guarded = new Set<string>();
  for (const w of writes) {
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
    const row: Record<string, unknown> = {
      ...s.data,
      id: s.id, version: s.version, seq: LATEST_SEQ, deleted: s.deleted, needsReview: s.needsReview,
      scopeArea: s.scope.area, scopeDusun: s.scope.dusun, scopeGrp: s.scope.grp,
      createdAt: s.createdAt, updatedAt: now, updatedBy: p.userId,
    };
    const { id: _id, createdAt: _c, ...update } = row;
    out.push(db.insert(table).values(row).onConflictDoUpdate({ target: table.id, set: update }));
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
  }
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
  for (const c of chunk(audits, AUDIT_ROWS_PER_STATEMENT)) out.push(db.insert(auditLog).values(c));
  out.push(db.delete(syncGuard));
  return out;
}

/** One audit row per mutation refused for the caller's role, office or area (ids and field names only). */
export function refusalAudits(db: Db, p: Principal, mutations: readonly Mutation[], results: readonly MutationResult[], now: number): BatchItem<"sqlite">[] {
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
  return chunk(rows, AUDIT_ROWS_PER_STATEMENT).map((c) => db.insert(auditLog).values(c));
}
