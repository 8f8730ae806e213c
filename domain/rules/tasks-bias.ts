import { addMonths, dateToDays, formatDateEn, formatDateId } from "./dates.ts";
import { stableUuid } from "./hash.ts";
import type { RecordEntity } from "./referrals.ts";
import type { TaskRule } from "./tasks.ts";

/**
 * BIAS follow-up that needs no school register: a girl who had HPV dose 1 (imunisasi-sekolah
 * record) and has no HPV dose 2 → a task for dose 2. Grade-based BIAS doses (MR/DT kelas 1, Td
 * kelas 2 and 5) make no task: whether a child is in that grade this year is the school's
 * register, which Simpul does not hold.
 *
 * Interval: the programme gives dose 1 in kelas 5 and dose 2 in kelas 6, both at the August BIAS,
 * so 12 months apart (Kemenkes BIAS 2025 schedule, see domain/forms/imunisasi-sekolah-v1.ts).
 * WHO's two-dose schedule for girls 9–14 years spaces the doses at least 6 months apart, up to
 * 12–15 months (WHO HPV position paper, WER 92(19), May 2017; kept in the December 2022 update).
 * So the task opens 6 months after dose 1 (it may be given) and is due 12 months after it.
 */
export const HPV_DOSE2_FROM_MONTHS = 6;
export const HPV_DOSE2_DUE_MONTHS = 12;
/** A dose 1 older than 24 months makes no task any more (our choice: two BIAS rounds missed; the bidan decides). */
export const HPV_TASK_LOOKBACK_MONTHS = 24;

const HPV_LABEL = { id: "HPV dosis 2", en: "HPV dose 2" };

function hpvDate(r: RecordEntity): string {
  const t = r.data.data.tanggal_pemberian;
  return typeof t === "string" && dateToDays(t) !== null ? t : r.data.visitDate;
}

export const biasHpvRule: TaskRule = {
  id: "imunisasi.hpv2",
  name: { id: "HPV dosis 2, 6–12 bulan sesudah dosis 1 (BIAS kelas 6)", en: "HPV dose 2, 6–12 months after dose 1 (BIAS grade 6)" },
  run(v, emit) {
    let first: { date: string; record: RecordEntity } | null = null;
    let second: string | null = null;
    for (const r of v.records) {
      if (r.data.formId !== "imunisasi-sekolah") continue;
      const dose = r.data.data.hpv;
      const date = hpvDate(r);
      if (dose === "hpv1" && (!first || date < first.date)) first = { date, record: r };
      if (dose === "hpv2" && (!second || date < second)) second = date;
    }
    if (!first) return;
    if (addMonths(first.date, HPV_TASK_LOOKBACK_MONTHS) < v.today) return;
    if (!second && v.today < addMonths(first.date, HPV_DOSE2_FROM_MONTHS)) return;
    const done = second !== null && second > first.date;
    const due = addMonths(first.date, HPV_DOSE2_DUE_MONTHS);
    const p = v.person;
    emit({
      id: stableUuid(this.id, p.id, first.record.id), personId: p.id, ...(p.data.householdId ? { householdId: p.data.householdId } : {}),
      ruleId: this.id, kind: "imunisasi", assignee: "pustu", sourceRecordId: first.record.id, dueDate: due, done,
      title: { id: `Imunisasi: ${HPV_LABEL.id}`, en: `Immunisation: ${HPV_LABEL.en}` },
      text: done ? { code: "imunisasi_done", params: { antigens: HPV_LABEL } } : { code: "imunisasi", params: { antigens: HPV_LABEL, due } },
      why: {
        id: `Aturan: ${this.name.id}. HPV dosis 1 tanggal ${formatDateId(first.date)}; berikan dosis 2 paling lambat ${formatDateId(due)}.`,
        en: `Rule: ${this.name.en}. HPV dose 1 on ${formatDateEn(first.date)}; give dose 2 by ${formatDateEn(due)}.`,
      },
    });
  },
};
