import { isJeEndemic } from "../area/je-endemic.ts";
import { addDays, addMonths, dateToDays, formatDateEn, formatDateId } from "./dates.ts";
import { stableUuid } from "./hash.ts";
import { JE_ANTIGEN, JE_DUE_MONTHS, JE_MIN_AGE_MONTHS } from "./je.ts";
import type { RecordEntity } from "./referrals.ts";
import type { TaskRule } from "./tasks.ts";

/**
 * JE at 10 months, only where JE is in the routine programme (domain/area/je-endemic.ts), read
 * from the desa of the child's household (PersonView.desaCode). A rule of its own, beside the
 * national `imunisasi.berikutnya`: that rule and IMMUNISATION_SCHEDULE stay exactly as they are,
 * so nothing changes outside the JE areas, and inside them JE is not held behind a missed 9-month
 * slot (it is a separate vaccine with no interval to the others).
 *
 * The task appears when the child may be given JE (9 months, JE_MIN_AGE_MONTHS) and is due by the
 * end of the 10th month of age, the same "usia 10 bulan" window the routine rule uses
 * (tasks.ts antigenDeadline). It stays until the child is 36 months, like the routine tasks
 * (tasks.ts IMMUNISATION_TASKS_UNDER_MONTHS, through `days.immunisationBornBy`). Done when an
 * imunisasi record (v2) names JE.
 */

/** The earliest date JE was given: the record's `tanggal_pemberian`, or its visit date. */
export function jeGiven(records: readonly RecordEntity[]): { date: string; record: RecordEntity } | null {
  let best: { date: string; record: RecordEntity } | null = null;
  for (const r of records) {
    if (r.data.formId !== "imunisasi") continue;
    const a = r.data.data.antigen;
    if (!Array.isArray(a) || !a.includes(JE_ANTIGEN.id)) continue;
    const t = r.data.data.tanggal_pemberian;
    const date = typeof t === "string" && dateToDays(t) !== null ? t : r.data.visitDate;
    if (!best || date < best.date) best = { date, record: r };
  }
  return best;
}

export const jeRule: TaskRule = {
  id: "imunisasi.je",
  name: { id: "Imunisasi JE umur 10 bulan di daerah endemis JE", en: "JE vaccine at 10 months in the JE-endemic areas" },
  run(v, emit) {
    const p = v.person;
    const birth = p.data.birthDate;
    if (typeof birth !== "string" || birth <= v.days.immunisationBornBy || birth > v.today || dateToDays(birth) === null) return;
    if (!isJeEndemic(v.desaCode)) return;
    const given = jeGiven(v.records);
    if (!given && v.today < addMonths(birth, JE_MIN_AGE_MONTHS)) return;
    const due = addDays(addMonths(birth, JE_DUE_MONTHS + 1), -1);
    const label = JE_ANTIGEN.label;
    const last = given?.record ?? v.records.filter((r) => r.data.formId === "imunisasi").at(-1) ?? null;
    const why = {
      id: `Aturan: ${this.name.id} (desa ${v.desaCode}). ${given ? `Diberikan ${formatDateId(given.date)}` : `Berikan paling lambat ${formatDateId(due)}`}.`,
      en: `Rule: ${this.name.en} (desa ${v.desaCode}). ${given ? `Given on ${formatDateEn(given.date)}` : `Give by ${formatDateEn(due)}`}.`,
    };
    emit({
      id: stableUuid(this.id, p.id), personId: p.id, ...(p.data.householdId ? { householdId: p.data.householdId } : {}),
      ruleId: this.id, kind: "imunisasi", assignee: "pustu", sourceRecordId: last?.id ?? null, dueDate: due, done: !!given,
      title: { id: `Imunisasi: ${label.id}`, en: `Immunisation: ${label.en}` },
      text: given ? { code: "imunisasi_done", params: { antigens: label } } : { code: "imunisasi", params: { antigens: label, due } },
      why,
    });
  },
};
