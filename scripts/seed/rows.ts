import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { indexColumns, type RowScope } from "../../domain/sync/index-columns.ts";
import { inTimeOrder, type HistoryWrite } from "./ledger.ts";

/**
 * The history's writes as the rows a push stores (worker/services/push/statements.ts): one
 * change_log row per write with its own seq (fields: a create's payload keys, an update's changed
 * fields), each entity row at its last version and seq with its first and last write times, and
 * one sync_index row per row. Runtime-neutral (no Node APIs), so a worker test can compare it
 * with what the real push stores.
 */

export interface StoredRow {
  entity: EntityName;
  id: string;
  /** Every column of the entity's payload (absent ones null). */
  data: Record<string, unknown>;
  version: number;
  seq: number;
  scope: RowScope;
  createdAt: number;
  updatedAt: number;
}

export interface ChangeRow {
  seq: number;
  entity: EntityName;
  entityId: string;
  version: number;
  fields: string[];
  at: number;
}

export interface HistoryRows {
  rows: StoredRow[];
  changes: ChangeRow[];
  index: ({ entity: EntityName; entityId: string; seq: number; deleted: false } & ReturnType<typeof indexColumns>)[];
  lastSeq: number;
}

export function historyRows(writes: readonly HistoryWrite[], firstSeq: number): HistoryRows {
  const rows = new Map<string, StoredRow>();
  const changes: ChangeRow[] = [];
  let seq = firstSeq - 1;
  for (const w of inTimeOrder(writes)) {
    seq++;
    const key = `${w.entity}:${w.id}`;
    let row = rows.get(key);
    if (w.op === "create") {
      if (row) throw new Error(`seed: ${key} created twice`);
      const columns = Object.keys(ENTITIES[w.entity].schema.shape);
      row = { entity: w.entity, id: w.id, data: Object.fromEntries(columns.map((c) => [c, w.payload[c] ?? null])), version: 1, seq, scope: w.scope, createdAt: w.at, updatedAt: w.at };
      rows.set(key, row);
    } else {
      if (!row) throw new Error(`seed: update before create of ${key}`);
      Object.assign(row.data, w.payload);
      row.version += 1;
      row.seq = seq;
      row.updatedAt = w.at;
    }
    changes.push({ seq, entity: w.entity, entityId: w.id, version: row.version, fields: Object.keys(w.payload), at: w.at });
  }
  const list = [...rows.values()];
  const index = list.map((r) => ({ entity: r.entity, entityId: r.id, seq: r.seq, deleted: false as const, ...indexColumns(ENTITIES[r.entity].domain, r.scope) }));
  return { rows: list, changes, index, lastSeq: seq };
}
