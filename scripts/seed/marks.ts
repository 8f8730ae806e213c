import type { AnswerValue } from "../../domain/forms/types.ts";
import { pwsMarks, type MarkRecord, type MarkReferral } from "../../domain/pws/marks.ts";
import type { RowScope } from "../../domain/sync/index-columns.ts";
import type { StoredRow } from "./rows.ts";

/**
 * The PWS marks of the seeded persons (`pws_marks`: person, code, month, desa, dusun), from the
 * same domain function the push runs in its batch (domain/pws/marks.ts; worker/services/pws/marks.ts):
 * the seed writes records outside the push, so it writes their marks too. The triggers of
 * migration 0010 sum them into `pws_counts` as the rows are inserted.
 */
export interface MarkedPerson {
  id: string;
  birthDate: string;
  pregnant: boolean;
  scope: RowScope;
  /** The person row's updated_at (ms), as worker/services/pws/recount.ts reads it. */
  updatedAt: number;
}

export type MarkRow = [personId: string, code: string, month: string, desa: string, dusun: string];

export function seedMarks(persons: readonly MarkedPerson[], history: readonly StoredRow[]): MarkRow[] {
  const records = new Map<string, MarkRecord[]>();
  const referrals = new Map<string, MarkReferral[]>();
  for (const r of history) {
    const personId = r.data.personId as string | undefined;
    if (!personId) continue;
    if (r.entity === "record") {
      const list = records.get(personId) ?? [];
      list.push({ id: r.id, formId: r.data.formId as string, visitDate: r.data.visitDate as string, data: r.data.data as Record<string, AnswerValue>, derived: (r.data.derived ?? null) as Record<string, unknown> | null });
      records.set(personId, list);
    } else if (r.entity === "referral") {
      const list = referrals.get(personId) ?? [];
      list.push({ recordId: (r.data.recordId as string | null) ?? null, outcome: (r.data.outcome as string | null) ?? null, outcomeAt: (r.data.outcomeAt as string | null) ?? null });
      referrals.set(personId, list);
    }
  }
  const out: MarkRow[] = [];
  for (const p of persons) {
    const person = { id: p.id, birthDate: p.birthDate, pregnant: p.pregnant, updatedOn: new Date(p.updatedAt).toISOString().slice(0, 10) };
    for (const m of pwsMarks(person, records.get(p.id) ?? [], referrals.get(p.id) ?? [])) out.push([p.id, m.code, m.month, p.scope.area, p.scope.dusun ?? ""]);
  }
  return out;
}
