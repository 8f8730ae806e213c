import type { Principal } from "../../../domain/access/policy.ts";
import { areaWithin } from "../../../domain/area/codes.ts";
import { shardByKey, type ShardKey } from "../../../domain/shards/registry.ts";
import { chunk, type Db } from "../../db/client.ts";
import { below } from "../pws/area.ts";
import { DIRTY_PER_READ, settleDirtyMarks } from "../pws/dirty.ts";
import { pwsTable } from "../pws/table.ts";

/**
 * The consumer's work for one {shard, month} message (docs/SCALE.md, "Aggregates"): the month's
 * PWS per desa of every kecamatan of the kabupaten, computed by the console's own function
 * (services/pws/table.ts, so the provincial figures are the console's, cell for cell), written to
 * the central database in one batch that replaces the kabupaten-month's previous rows. A
 * redelivered message, or the same month computed again, gives the same table.
 *
 * What leaves the kabupaten: desa codes, indicator ids and four counts per cell; the names of the
 * kabupaten, kecamatan and desa (reference data). No person, name, NIK, dusun or record.
 */

/** The principal the computation runs as: the kabupaten's dinkes (pws:read over every kecamatan). It writes no audit row. */
export function systemPrincipal(kabupaten: string): Principal {
  return { userId: "system:aggregates", role: "dinkes", areaCode: kabupaten, deviceId: null };
}

/**
 * Rows per INSERT: they travel as one JSON parameter read by json_each (3 bound parameters per
 * statement, far under D1's 100), so a kabupaten-month of ~300 desa × ~50 indicators is a few
 * statements rather than thousands. 500 rows of ~60 bytes stay far under D1's 2 MB per value and
 * 100 KB per SQL statement (the SQL text itself is constant).
 */
export const ROWS_PER_STATEMENT = 500;
/** Dirty persons settled before computing, at most this many rounds of DIRTY_PER_READ (the console's reads settle the rest). */
const SETTLE_ROUNDS = 20;

/** One central row: [desa, indicator, num_month, den_month, num_ytd, den_ytd]. */
export type AggregateRow = [string, string, number, number, number, number];

export interface AggregateResult {
  shard: ShardKey;
  month: string;
  rows: number;
  desa: number;
  computedAt: number;
}

/** The per-desa cells of a kabupaten-month, from its database; one pwsTable per kecamatan. */
export async function computeKabupatenMonth(db: Db, kabupaten: string, month: string, now: number) {
  for (let i = 0; i < SETTLE_ROUNDS && (await settleDirtyMarks(db)) === DIRTY_PER_READ; i++);
  const { lo, hi } = below(kabupaten);
  const areaRows = await db.$client
    .prepare("SELECT id, level, parent_code AS parent, name FROM areas WHERE ((id >= ? AND id < ?) OR id = ?) AND level IN ('kabupaten', 'kecamatan', 'desa') AND deleted = 0 ORDER BY id")
    .bind(lo, hi, kabupaten)
    .all<{ id: string; level: "kabupaten" | "kecamatan" | "desa"; parent: string | null; name: string }>();
  const principal = systemPrincipal(kabupaten);
  const rows: AggregateRow[] = [];
  const desa = new Set<string>();
  const keep: [string, string[], string[]][] = [];
  for (const kec of areaRows.results.filter((a) => a.level === "kecamatan")) {
    const table = await pwsTable(db, principal, month, kec.id, now);
    keep.push([kec.id, table.units.map((u) => u.code).filter((u) => areaWithin(u, kec.id)), table.indicators]);
    for (const id of table.indicators) {
      for (const u of table.units) {
        const c = table.cells[id]?.[u.code];
        if (!c || !areaWithin(u.code, kec.id)) continue;
        desa.add(u.code);
        rows.push([u.code, id, c.month.num, c.month.den, c.ytd.num, c.ytd.den]);
      }
    }
  }
  return { rows, desa: desa.size, areas: areaRows.results, keep };
}

/**
 * Compute and write one kabupaten-month. One D1 batch (a transaction), so a reader sees the old
 * table or the new one, never half of each: the kabupaten-month's rows that are no longer in the
 * new set are deleted, a new or changed cell is written, an unchanged one is left alone (D1 bills
 * rows written, and a month recomputed daily changes in few cells: docs/SCALE.md, "Aggregates");
 * its area names are refreshed and its run recorded. The result is the same table whatever was
 * there before: a redelivered message, or the same month computed twice, changes nothing.
 */
export async function aggregateMonth(db: Db, central: Db, shard: ShardKey, month: string, now: number): Promise<AggregateResult> {
  const entry = shardByKey(shard);
  if (!entry) throw new Error("unknown shard");
  const { rows, desa, areas, keep } = await computeKabupatenMonth(db, entry.kabupaten, month, now);
  const { lo, hi } = below(entry.kabupaten);
  const c = central.$client;
  const statements: D1PreparedStatement[] = [
    // The new set is every desa of a kecamatan × the indicators its table shows: one JSON value of
    // [kecamatan, [desa…], [indicator…]] (a few KB even for a kabupaten of 800 desa) says which rows stay.
    c.prepare(`DELETE FROM pws_aggregates WHERE month = ?1 AND desa >= ?2 AND desa < ?3 AND NOT EXISTS (
        SELECT 1 FROM json_each(?4) AS k WHERE k.value ->> 0 = substr(pws_aggregates.desa, 1, length(k.value ->> 0))
          AND pws_aggregates.desa IN (SELECT value FROM json_each(k.value -> 1))
          AND pws_aggregates.indicator IN (SELECT value FROM json_each(k.value -> 2)))`)
      .bind(month, lo, hi, JSON.stringify(keep)),
    ...chunk(rows, ROWS_PER_STATEMENT).map((part) =>
      c.prepare(`INSERT INTO pws_aggregates (month, desa, indicator, num_month, den_month, num_ytd, den_ytd, changed_at)
        SELECT ?1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ?2 FROM json_each(?3) WHERE true
        ON CONFLICT (month, desa, indicator) DO UPDATE SET num_month = excluded.num_month, den_month = excluded.den_month,
          num_ytd = excluded.num_ytd, den_ytd = excluded.den_ytd, changed_at = excluded.changed_at
        WHERE num_month <> excluded.num_month OR den_month <> excluded.den_month OR num_ytd <> excluded.num_ytd OR den_ytd <> excluded.den_ytd`)
        .bind(month, now, JSON.stringify(part))),
    ...chunk(areas.map((a) => [a.id, a.level, a.parent, a.name]), ROWS_PER_STATEMENT).map((part) =>
      c.prepare(`INSERT INTO aggregate_areas (code, level, parent_code, name, shard, updated_at)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?1, ?2 FROM json_each(?3) WHERE true
        ON CONFLICT (code) DO UPDATE SET level = excluded.level, parent_code = excluded.parent_code, name = excluded.name, shard = excluded.shard, updated_at = excluded.updated_at
        WHERE level IS NOT excluded.level OR parent_code IS NOT excluded.parent_code OR name IS NOT excluded.name OR shard IS NOT excluded.shard`)
        .bind(shard, now, JSON.stringify(part))),
    c.prepare(`INSERT INTO aggregate_runs (shard, month, computed_at, rows, desa) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (shard, month) DO UPDATE SET computed_at = excluded.computed_at, rows = excluded.rows, desa = excluded.desa`)
      .bind(shard, month, now, rows.length, desa),
  ];
  await c.batch(statements);
  return { shard, month, rows: rows.length, desa, computedAt: now };
}
