import { getTableColumns, type Column } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { SyncedTable } from "../../db/tables.ts";

/**
 * A synced table's columns for the push's raw statements (statements.ts writes, context.ts reads):
 * drizzle builds and maps a query column by column with an `is()` check each, which was the
 * largest single cost of a push of 100 visits (docs/PERFORMANCE.md, "Push"). The mappings are
 * drizzle's own (JSON text, booleans), so rows read and written this way are the same.
 */
export interface ColumnInfo {
  key: string;
  /** The SQL name, in the db's casing (snake_case). */
  name: string;
  /** The value of a column a row leaves out (its SQL default, or NULL). */
  fallback: unknown;
  toDriver: (v: unknown) => unknown;
  fromDriver: (v: unknown) => unknown;
}

const COLUMNS = new WeakMap<object, ColumnInfo[]>();

/** A table's insertable columns in table order (cached per table). */
export function columnsOf(db: Db, table: SyncedTable): ColumnInfo[] {
  const known = COLUMNS.get(table);
  if (known) return known;
  const casing = (db as unknown as { dialect: { casing: { getColumnCasing(c: unknown): string } } }).dialect.casing;
  const out = (Object.entries(getTableColumns(table)) as [string, Column][])
    .filter(([, c]) => !(c as Column & { shouldDisableInsert(): boolean }).shouldDisableInsert())
    .map(([key, c]): ColumnInfo => {
      if (c.default !== undefined && c.default !== null && typeof c.default === "object") throw new Error(`${key}: SQL defaults are not supported here`);
      if (c.defaultFn || c.onUpdateFn) throw new Error(`${key}: default functions are not supported here`);
      return { key, name: casing.getColumnCasing(c), fallback: c.default ?? null, toDriver: (v) => c.mapToDriverValue(v), fromDriver: (v) => c.mapFromDriverValue(v) };
    });
  COLUMNS.set(table, out);
  return out;
}
