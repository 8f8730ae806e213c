import { pwsMarks } from "../../../domain/pws/marks.ts";
import type { Db } from "../../db/client.ts";
import { markPerson, markRecord, markReferral } from "./marks.ts";

/**
 * The PWS marks computed from scratch from every live person, record and referral (the same
 * function the push uses): what `pws_marks` must equal after any sequence of pushes. Used by the
 * tests, and to rebuild the table after writing records outside the push (a seed, an import).
 * Reads whole tables: not for a request path.
 */
export async function recountMarks(db: Db): Promise<[string, string, string, string, string][]> {
  const [persons, records, referrals] = await db.$client.batch<Record<string, unknown>>([
    db.$client.prepare("SELECT id, birth_date, pregnant, scope_area, scope_dusun, updated_at FROM persons WHERE deleted = 0"),
    db.$client.prepare("SELECT id, person_id, form_id, visit_date, data, derived FROM records WHERE deleted = 0"),
    db.$client.prepare("SELECT person_id, record_id, outcome, outcome_at FROM referrals WHERE deleted = 0"),
  ]);
  return marksOfRows(persons!.results, records!.results, referrals!.results).sort((a, b) => a.join("|").localeCompare(b.join("|")));
}

/**
 * Mark rows [personId, code, month, desa, dusun] of persons from their stored rows (as SQL returns
 * them, snake_case): live persons, with their live records and referrals. The recount and the
 * settling of dirty persons (dirty.ts) both count through here.
 */
export function marksOfRows(
  persons: readonly Record<string, unknown>[], records: readonly Record<string, unknown>[], referrals: readonly Record<string, unknown>[],
): [string, string, string, string, string][] {
  const recs = new Map<string, ReturnType<typeof markRecord>[]>();
  for (const r of records) {
    if (r.deleted) continue;
    const list = recs.get(r.person_id as string) ?? [];
    list.push(markRecord({ id: r.id as string, data: { formId: r.form_id, visitDate: r.visit_date, data: JSON.parse(r.data as string), derived: r.derived ? JSON.parse(r.derived as string) : null } }));
    recs.set(r.person_id as string, list);
  }
  const refs = new Map<string, ReturnType<typeof markReferral>[]>();
  for (const r of referrals) {
    if (r.deleted) continue;
    const list = refs.get(r.person_id as string) ?? [];
    list.push(markReferral({ data: { recordId: r.record_id, outcome: r.outcome, outcomeAt: r.outcome_at } }));
    refs.set(r.person_id as string, list);
  }
  const out: [string, string, string, string, string][] = [];
  for (const p of persons) {
    if (p.deleted) continue;
    const id = p.id as string;
    const person = markPerson({ id, data: { birthDate: p.birth_date, pregnant: Boolean(p.pregnant) } }, p.updated_at as number);
    for (const m of pwsMarks(person, recs.get(id) ?? [], refs.get(id) ?? [])) out.push([id, m.code, m.month, p.scope_area as string, (p.scope_dusun as string | null) ?? ""]);
  }
  return out;
}
