import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chunk, type Db } from "../../db/client.ts";
import { pwsDirty, pwsMarks as pwsMarksTable, syncGuard } from "../../db/schema.ts";
import type { Write } from "../push/state.ts";
import { MARKS_PER_STATEMENT, selectMarks, touchedByWrites } from "./marks.ts";
import { marksOfRows } from "./recount.ts";

/**
 * The marks a push leaves to the next PWS read. A push writes its persons' marks in its own batch
 * behind a guard on what they were computed from (marks.ts); when other pushes keep changing the
 * same people (a busy posyandu morning, twenty phones on the same households), that guard can make
 * a large push lose every plan. After PUSH_MARKS_ATTEMPTS lost plans the push stores its rows
 * without the marks and lists the persons in `pws_dirty`, in the same batch; a PWS read settles
 * them first (settleDirtyMarks), so a count is never read stale.
 */
export const PUSH_MARKS_ATTEMPTS = 2;

/** Ids per query: under D1's 100 bound parameters. */
const IDS_PER_QUERY = 90;
/** Persons recounted per PWS read (a backlog is settled over the next reads; each is small). */
export const DIRTY_PER_READ = 300;

/** Statements of the push's batch: the persons it touched (and the members of households it moved) become dirty. */
// An INSERT … SELECT with ON CONFLICT needs a WHERE clause before it (SQLite's parsing ambiguity).
export function pwsDirtyStatements(db: Db, writes: readonly Write[], now: number): BatchItem<"sqlite">[] {
  const { persons, movedHouseholds } = touchedByWrites(writes);
  const out: BatchItem<"sqlite">[] = [];
  if (persons.size) {
    out.push(db.insert(pwsDirty).select(sql`SELECT value, ${now} FROM json_each(${JSON.stringify([...persons])}) WHERE true`).onConflictDoNothing());
  }
  for (const { state: s } of movedHouseholds) {
    out.push(db.insert(pwsDirty).select(sql`SELECT id, ${now} FROM persons WHERE household_id = ${s.id} AND true`).onConflictDoNothing());
  }
  return out;
}

/**
 * Recount the marks of dirty persons (up to DIRTY_PER_READ) from their rows as stored, with the
 * same functions as the push, in one batch behind the same kind of guard; the persons leave the
 * list in that batch. A concurrent change of one of them fails the guard: they stay dirty for the
 * next read, and meanwhile that change's own push has written their marks.
 */
export async function settleDirtyMarks(db: Db): Promise<number> {
  const dirty = (await db.select({ id: pwsDirty.personId }).from(pwsDirty).limit(DIRTY_PER_READ).all()).map((r) => r.id);
  if (!dirty.length) return 0;
  const persons: Record<string, unknown>[] = [];
  const records: Record<string, unknown>[] = [];
  const referrals: Record<string, unknown>[] = [];
  for (const ids of chunk(dirty, IDS_PER_QUERY)) {
    const marks = ids.map(() => "?").join(",");
    const [p, r, f] = await db.$client.batch<Record<string, unknown>>([
      db.$client.prepare(`SELECT id, version, deleted, birth_date, pregnant, scope_area, scope_dusun, updated_at FROM persons WHERE id IN (${marks})`).bind(...ids),
      db.$client.prepare(`SELECT id, version, deleted, person_id, form_id, visit_date, data, derived FROM records WHERE person_id IN (${marks})`).bind(...ids),
      db.$client.prepare(`SELECT version, deleted, person_id, record_id, outcome, outcome_at FROM referrals WHERE person_id IN (${marks})`).bind(...ids),
    ]);
    persons.push(...p!.results);
    records.push(...r!.results);
    referrals.push(...f!.results);
  }
  // What the marks are computed from: Σ (version + 1) of the persons, records and referrals read
  // (live or deleted, as the push's guard counts them).
  const weight = [...persons, ...records, ...referrals].reduce((sum, x) => sum + (x.version as number) + 1, 0);
  const rows = marksOfRows(persons, records, referrals);
  const ids = JSON.stringify(dirty);
  const statements: BatchItem<"sqlite">[] = [
    db.insert(syncGuard).select(sql`SELECT
      coalesce((SELECT sum(version + 1) FROM records WHERE person_id IN (SELECT value FROM json_each(${ids}))), 0)
      + coalesce((SELECT sum(version + 1) FROM referrals WHERE person_id IN (SELECT value FROM json_each(${ids}))), 0)
      + coalesce((SELECT sum(version + 1) FROM persons WHERE id IN (SELECT value FROM json_each(${ids}))), 0) = ${weight}`),
    db.delete(pwsMarksTable).where(sql`person_id IN (SELECT value FROM json_each(${ids}))`),
    ...chunk(rows, MARKS_PER_STATEMENT).map((c) => db.insert(pwsMarksTable).select(selectMarks(c))),
    db.delete(pwsDirty).where(sql`person_id IN (SELECT value FROM json_each(${ids}))`),
    db.delete(syncGuard),
  ];
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    return dirty.length;
  } catch (e) {
    if (/CHECK constraint failed: sync_guard_ok/.test(String((e as { cause?: unknown })?.cause ?? e) + String(e))) return 0;
    throw e;
  }
}
