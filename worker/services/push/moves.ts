import { sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { childrenOf, ENTITIES, type EntityName } from "../../../domain/entities/registry.ts";
import { indexColumns, type RowScope } from "../../../domain/sync/index-columns.ts";
import type { Db } from "../../db/client.ts";
import { changeLog, syncDepartures, syncIndex } from "../../db/schema.ts";
import { ENTITY_TABLES, tableName } from "../../db/tables.ts";

/**
 * A row that moves takes everything under it (issue 10, item 4): when a household changes dusun,
 * its persons and their records and referrals move with it; when a person changes household (in
 * the same desa or another), their records and referrals do. The moved row itself is written by
 * the push like any edit; this builds the statements, in the same batch, that move the rows
 * under it, however many there are, in four set-based statements per level:
 *
 * 1. a change-log row for each (a new version with no field changed: the content is the same, so
 *    a phone's stale edit of it still merges cleanly), which gives each its own seq;
 * 2. a departure (`sync_departures`) with the scope it leaves, so the devices of the old scope
 *    are told to drop it (services/pull.ts);
 * 3. the row: version + 1, the new scope and the new seq;
 * 4. its sync_index entry: the new scope and seq, so the new scope's devices receive it.
 *
 * The version bump is also what keeps a concurrent edit of a moved row from writing it back to
 * the old place: that push read the old version, its guard fails and it plans again from fresh
 * reads. A concurrent create under a moved row is caught by the guard on its parent's scope
 * (statements.ts). Deleted rows stay where they are: their tombstones have reached the old scope.
 */
export function moveStatements(db: Db, entity: EntityName, id: string, scope: RowScope, mutationId: string, now: number): BatchItem<"sqlite">[] {
  const out: BatchItem<"sqlite">[] = [];
  const walk = (parent: EntityName, parentIds: SQL) => {
    for (const child of childrenOf(parent)) {
      const table = ENTITY_TABLES[child.entity];
      const name = sql.identifier(tableName(table));
      const ids = sql`SELECT id FROM ${name} WHERE ${sql.identifier(snakeCase(child.field))} IN (${parentIds}) AND deleted = 0`;
      const cols = indexColumns(ENTITIES[child.entity].domain, scope);
      const newSeq = (rowId: SQL) => sql`(SELECT max(c.seq) FROM change_log c WHERE c.entity = ${child.entity} AND c.entity_id = ${rowId})`;
      out.push(
        // Raw selects name every column in table order; a NULL seq takes the next autoincrement.
        db.insert(changeLog).select(sql`SELECT NULL, ${child.entity}, id, version + 1, '[]', ${mutationId}, ${now} FROM ${name} WHERE id IN (${ids})`),
        db.insert(syncDepartures).select(
          sql`SELECT ${newSeq(sql`i.entity_id`)}, i.entity, i.entity_id, i.domain, i.kab, i.kec, i.desa, i.dusun, i.grp
            FROM sync_index i WHERE i.entity = ${child.entity} AND i.entity_id IN (${ids})`,
        ),
        db.update(table)
          .set({ version: sql`version + 1`, scopeArea: scope.area, scopeDusun: scope.dusun, seq: newSeq(sql`${name}.id`) })
          .where(sql`id IN (${ids})`),
        db.update(syncIndex)
          .set({ seq: newSeq(sql`sync_index.entity_id`), kab: cols.kab, kec: cols.kec, desa: cols.desa, dusun: cols.dusun })
          .where(sql`entity = ${child.entity} AND entity_id IN (${ids})`),
      );
      walk(child.entity, ids);
    }
  };
  walk(entity, sql`${id}`);
  return out;
}

/** Whether a write changes where a row lives (which devices hold it). */
export function scopeMoved(a: RowScope, b: RowScope): boolean {
  return a.area !== b.area || (a.dusun ?? null) !== (b.dusun ?? null) || (a.grp ?? null) !== (b.grp ?? null);
}

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
