import { ENTITIES } from "../../../domain/entities/registry.ts";
import { indexColumns, type RowScope } from "../../../domain/sync/index-columns.ts";
import type { Db } from "../../db/client.ts";
import { jsonChunks } from "../push/json-rows.ts";

/**
 * The unit of a move between kabupaten: a household and everything that takes its place from it
 * (domain/entities/registry.ts childrenOf): its persons, their records and their referrals. Rows
 * are read and written as D1 stores them (snake_case columns, JSON as text, booleans as 0/1): both
 * databases have the same migrations, so a row crosses column for column.
 */
export const FAMILY_ENTITIES = ["household", "person", "record", "referral"] as const;
export type FamilyEntity = (typeof FAMILY_ENTITIES)[number];

export const FAMILY_TABLES: Record<FamilyEntity, string> = { household: "households", person: "persons", record: "records", referral: "referrals" };

export type Row = Record<string, unknown>;
export type Family = Record<FamilyEntity, Row[]>;

/** Rows of the family in a database: live ones only (tombstones stay where they are, as a move leaves them). */
const FAMILY_SQL: Record<FamilyEntity, string> = {
  household: "SELECT * FROM households WHERE id = ?1 AND deleted = 0",
  person: "SELECT * FROM persons WHERE household_id = ?1 AND deleted = 0 AND EXISTS (SELECT 1 FROM households WHERE id = ?1 AND deleted = 0)",
  record: "SELECT * FROM records WHERE deleted = 0 AND person_id IN (SELECT id FROM persons WHERE household_id = ?1 AND deleted = 0) AND EXISTS (SELECT 1 FROM households WHERE id = ?1 AND deleted = 0)",
  referral: "SELECT * FROM referrals WHERE deleted = 0 AND person_id IN (SELECT id FROM persons WHERE household_id = ?1 AND deleted = 0) AND EXISTS (SELECT 1 FROM households WHERE id = ?1 AND deleted = 0)",
};

/**
 * The live family of a household, in one batch (one snapshot of the database), with whether a
 * transfer's step is recorded there in the same snapshot (so a runner never reads the family
 * after another runner's step has changed it without seeing that step).
 */
export async function readFamily(db: Db, householdId: string, step?: { transferId: string; step: "copied" | "released" }): Promise<Family & { stepDone?: boolean }> {
  const statements = FAMILY_ENTITIES.map((e) => db.$client.prepare(FAMILY_SQL[e]).bind(householdId));
  if (step) statements.push(db.$client.prepare("SELECT 1 AS done FROM transfer_steps WHERE transfer_id = ? AND step = ?").bind(step.transferId, step.step));
  const results = await db.$client.batch<Row>(statements);
  const family = Object.fromEntries(FAMILY_ENTITIES.map((e, i) => [e, results[i]!.results])) as Family;
  return step ? { ...family, stepDone: results[FAMILY_ENTITIES.length]!.results.length > 0 } : family;
}

/** `entity:id@version` of every row: what a step read, and what the release checks is still there. */
export function fingerprint(f: Family): string[] {
  return FAMILY_ENTITIES.flatMap((e) => f[e].map((r) => `${e}:${r.id as string}@${r.version as number}`)).sort();
}

export function familyCounts(f: Family): Record<FamilyEntity, number> {
  return Object.fromEntries(FAMILY_ENTITIES.map((e) => [e, f[e].length])) as Record<FamilyEntity, number>;
}

export const familySize = (f: Family) => FAMILY_ENTITIES.reduce((n, e) => n + f[e].length, 0);

/**
 * Guards (sync_guard's CHECK) that the family's live rows in this database are exactly `keys`
 * (`entity:id@version`): an edit, a new visit or a deletion since they were read fails one, and
 * the whole batch with it. Set equality as "as many rows as keys, and every key a row" (the rows'
 * keys are distinct, being ids, and so are `keys`), so that the keys can be bound in chunks of
 * JSON_CHARS_PER_STATEMENT (a family with years of visits has a fingerprint of 100 KB or more).
 */
export function familyGuard(db: Db, householdId: string, keys: readonly string[]): D1PreparedStatement[] {
  const current = FAMILY_ENTITIES.map((e) => FAMILY_SQL[e].replace("SELECT *", `SELECT '${e}:' || id || '@' || version AS k`)).join(" UNION ALL ");
  return [
    db.$client.prepare(`INSERT INTO sync_guard (ok) SELECT (SELECT count(*) FROM (${current})) = ?2`).bind(householdId, keys.length),
    ...jsonChunks(keys).map((json) => db.$client
      .prepare(`INSERT INTO sync_guard (ok) SELECT NOT EXISTS (SELECT value FROM json_each(?2) EXCEPT SELECT k FROM (${current}))`)
      .bind(householdId, json)),
  ];
}

/** The seq of a row's latest change-log row (written just before it in the same batch). */
const seqOf = (entity: FamilyEntity, idSql: string) => `(SELECT max(c.seq) FROM change_log c WHERE c.entity = '${entity}' AND c.entity_id = ${idSql})`;

/** Change-log rows [entity, id, version, fields] with one mutation id (`transfer:<id>`), in order: each takes the next seq. */
export function changeLogRows(db: Db, rows: readonly (readonly [FamilyEntity, string, number, string[]])[], mutationId: string, now: number): D1PreparedStatement[] {
  return jsonChunks(rows.map(([e, id, v, f]) => [e, id, v, JSON.stringify(f)])).map((json) =>
    db.$client
      .prepare(`INSERT INTO change_log (entity, entity_id, version, fields, mutation_id, at)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?, ? FROM json_each(?)`)
      .bind(mutationId, now, json),
  );
}

/**
 * Rows of one table, whole, from JSON parameters (D1 binds at most 100 parameters; a JSON array is
 * one): every column as given, the seq from the change log. `upsert` overwrites a row already
 * there (a tombstone an earlier transfer left, or this transfer's own copy being refreshed);
 * without it a row already there fails the statement, and the batch.
 */
export function insertRows(db: Db, entity: FamilyEntity, rows: readonly Row[], upsert: boolean): D1PreparedStatement[] {
  if (!rows.length) return [];
  const cols = Object.keys(rows[0]!);
  const idAt = cols.indexOf("id");
  const select = cols.map((c, i) => (c === "seq" ? seqOf(entity, `json_extract(value, '$[${idAt}]')`) : `json_extract(value, '$[${i}]')`)).join(", ");
  const set = cols.filter((c) => c !== "id" && c !== "created_at").map((c) => `"${c}" = excluded."${c}"`).join(", ");
  return jsonChunks(rows.map((r) => cols.map((c) => r[c] ?? null))).map((json) =>
    db.$client
      .prepare(`INSERT INTO ${FAMILY_TABLES[entity]} (${cols.map((c) => `"${c}"`).join(", ")}) SELECT ${select} FROM json_each(?) WHERE true
        ${upsert ? `ON CONFLICT (id) DO UPDATE SET ${set}` : ""}`)
      .bind(json),
  );
}

/** sync_index entries of rows at one scope (live or tombstones), each at its latest change-log seq. */
export function indexRows(db: Db, entity: FamilyEntity, ids: readonly string[], scope: RowScope, deleted: boolean): D1PreparedStatement[] {
  if (!ids.length) return [];
  const c = indexColumns(ENTITIES[entity].domain, scope);
  return jsonChunks(ids).map((json) =>
    db.$client
      .prepare(`INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp)
        SELECT '${entity}', value, ${seqOf(entity, "value")}, ?, ?, ?, ?, ?, ?, ? FROM json_each(?) WHERE true
        ON CONFLICT (entity, entity_id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, domain = excluded.domain,
          kab = excluded.kab, kec = excluded.kec, desa = excluded.desa, dusun = excluded.dusun, grp = excluded.grp`)
      .bind(deleted ? 1 : 0, c.domain, c.kab, c.kec, c.desa, c.dusun, c.grp, json),
  );
}

/**
 * Tombstones of live rows of one table, as a push deletes them: a change-log row (version + 1,
 * field `deleted`), the row deleted at that version and seq, its sync_index entry a tombstone at
 * the same seq, where it is (so the devices that hold it are told: services/pull.ts).
 */
export function tombstoneRows(db: Db, entity: FamilyEntity, ids: readonly string[], mutationId: string, by: string, now: number): D1PreparedStatement[] {
  if (!ids.length) return [];
  const table = FAMILY_TABLES[entity];
  return jsonChunks(ids).flatMap((json) => [
    db.$client
      .prepare(`INSERT INTO change_log (entity, entity_id, version, fields, mutation_id, at)
        SELECT '${entity}', id, version + 1, '["deleted"]', ?, ? FROM ${table} WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`)
      .bind(mutationId, now, json),
    db.$client
      .prepare(`UPDATE ${table} SET deleted = 1, version = version + 1, seq = ${seqOf(entity, `${table}.id`)}, updated_at = ?, updated_by = ?
        WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`)
      .bind(now, by, json),
    db.$client
      .prepare(`UPDATE sync_index SET deleted = 1, seq = ${seqOf(entity, "sync_index.entity_id")}
        WHERE entity = '${entity}' AND entity_id IN (SELECT value FROM json_each(?))`)
      .bind(json),
  ]);
}
