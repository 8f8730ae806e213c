import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AnswerValue } from "../../../domain/forms/types.ts";
import { pwsMarks, type MarkPerson, type MarkRecord, type MarkReferral } from "../../../domain/pws/marks.ts";
import { chunk, type Db } from "../../db/client.ts";
import { pwsMarks as pwsMarksTable, syncGuard } from "../../db/schema.ts";
import type { PushContext } from "../push/context.ts";
import type { RowState, Write } from "../push/state.ts";

/**
 * The PWS marks of the persons a push touches, written in the push's own batch: for every person
 * written, and every person whose record or referral is written, their rows of `pws_marks` are
 * deleted and computed again from the person and all their live records and referrals, as the
 * push leaves them (after merges and conflicts: a conflict keeps the server's answers, and so do
 * the marks). The triggers of migration 0010 keep `pws_counts` in step. A deleted person keeps no
 * marks; a deleted record's marks go with the recount.
 *
 * A household that moves to another dusun takes its persons' marks along (one UPDATE); a person
 * who moves to another household or desa is written, so their marks are recomputed at the new
 * place. Either way a desa's counts follow the people who live there now, as the records do.
 */
/** The persons whose marks a push's writes change (written persons; owners of written records and referrals), and the households it moved. */
export function touchedByWrites(writes: readonly Write[]): { persons: Set<string>; written: Set<string>; movedHouseholds: Write[] } {
  const persons = new Set<string>();
  const written = new Set<string>();
  const movedHouseholds: Write[] = [];
  for (const w of writes) {
    const s = w.state;
    if (s.entity === "person") {
      persons.add(s.id);
      written.add(s.id);
    } else if ((s.entity === "record" || s.entity === "referral") && typeof s.data.personId === "string") {
      persons.add(s.data.personId);
    } else if (s.entity === "household" && w.movedFrom) {
      movedHouseholds.push(w);
    }
  }
  return { persons, written, movedHouseholds };
}

export function pwsMarkStatements(db: Db, ctx: PushContext, writes: readonly Write[], now: number): BatchItem<"sqlite">[] {
  const { persons, written, movedHouseholds } = touchedByWrites(writes);
  const out: BatchItem<"sqlite">[] = movedHouseholds.map(({ state: s }) =>
    db.update(pwsMarksTable).set({ desa: s.scope.area, dusun: s.scope.dusun ?? "" }).where(sql`person_id IN (SELECT id FROM persons WHERE household_id = ${s.id})`),
  );
  if (!persons.size) return out;
  const rows: [string, string, string, string, string][] = [];
  for (const id of persons) {
    const p = ctx.row("person", id);
    if (!p || p.deleted) continue;
    const on = written.has(id) ? now : (p.lastAt ?? p.createdAt);
    const marks = pwsMarks(markPerson(p, on), ctx.ofPerson("record", id).map(markRecord), ctx.ofPerson("referral", id).map(markReferral));
    for (const m of marks) rows.push([id, m.code, m.month, p.scope.area, p.scope.dusun ?? ""]);
  }
  out.push(db.delete(pwsMarksTable).where(sql`person_id IN (SELECT value FROM json_each(${JSON.stringify([...persons])}))`));
  for (const c of chunk(rows, MARKS_PER_STATEMENT)) out.push(db.insert(pwsMarksTable).select(selectMarks(c)));
  return out;
}

/**
 * The marks are computed from the person's rows as this push read them. A concurrent push that
 * adds, edits or deletes another record of the same person would leave one of the two batches
 * writing marks that miss the other's change: this guard, first in the batch, fails (and the push
 * plans again from fresh reads) when Σ (version + 1) of those persons, records and referrals is
 * no longer what was read. Versions only grow, so any change shows.
 */
export function pwsMarksGuard(ctx: PushContext): BatchItem<"sqlite"> | null {
  if (!ctx.historyPersons.length) return null;
  const ids = JSON.stringify(ctx.historyPersons);
  return ctx.db.insert(syncGuard).select(sql`SELECT
    coalesce((SELECT sum(version + 1) FROM records WHERE person_id IN (SELECT value FROM json_each(${ids}))), 0)
    + coalesce((SELECT sum(version + 1) FROM referrals WHERE person_id IN (SELECT value FROM json_each(${ids}))), 0)
    + coalesce((SELECT sum(version + 1) FROM persons WHERE id IN (SELECT value FROM json_each(${ids}))), 0) = ${ctx.historyWeight}`);
}

/** Marks per INSERT: one JSON parameter, kept well under D1's 100 KB statement limit. */
export const MARKS_PER_STATEMENT = 500;

/** Mark rows [personId, code, month, desa, dusun] as one JSON parameter, selected in the table's column order. */
export function selectMarks(rows: readonly (readonly [string, string, string, string, string])[]) {
  return sql`SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]')
    FROM json_each(${JSON.stringify(rows)})`;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function markPerson(p: Pick<RowState, "id" | "data">, updatedAtMs: number): MarkPerson {
  return { id: p.id, birthDate: String(p.data.birthDate ?? ""), pregnant: Boolean(p.data.pregnant), updatedOn: isoDay(updatedAtMs) };
}

export function markRecord(r: Pick<RowState, "id" | "data">): MarkRecord {
  return {
    id: r.id,
    formId: r.data.formId as string,
    visitDate: r.data.visitDate as string,
    data: (r.data.data ?? {}) as Record<string, AnswerValue>,
    derived: (r.data.derived ?? null) as Record<string, unknown> | null,
  };
}

export function markReferral(r: Pick<RowState, "data">): MarkReferral {
  return { recordId: (r.data.recordId as string | null) ?? null, outcome: (r.data.outcome as string | null) ?? null, outcomeAt: (r.data.outcomeAt as string | null) ?? null };
}
