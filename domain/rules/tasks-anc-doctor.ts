import type { Text } from "../forms/types.ts";
import { ANC_TASKS_UNTIL_WEEK, currentPregnancy, TRIMESTER_LABEL, trimesterLastDay, trimesterOf } from "./anc-schedule.ts";
import { dateToDays, daysToDate, formatDateEn, formatDateId } from "./dates.ts";
import type { RecordLike } from "./derive.ts";
import { stableUuid } from "./hash.ts";
import type { PersonView, TaskRule } from "./tasks.ts";

/**
 * The two ANC doctor visits (issue 15): of the at least 6 ANC visits, 2 are by a doctor, one in
 * trimester 1 and one in trimester 3, each with an ultrasound (Permenkes 21/2021, Pelayanan
 * Kesehatan Masa Hamil: "minimal 6 kali ... 2 kali oleh dokter pada trimester pertama dan ketiga";
 * Kemenkes Buku KIA 2023; the same counts as the K visits in anc-schedule.ts). They become tasks
 * like K1–K6 (ancNextVisitRule in tasks.ts): done by an ANC visit in that trimester whose examiner
 * (`pemeriksa`, ANC v2) is a doctor; missed, and no longer offered, when the trimester ends without
 * one; the T3 task comes once the T1 one is done or missed (one open doctor visit at a time).
 * ANC v1 records have no examiner: they never count as a doctor visit.
 */

/** The ANC v2 answer (`pemeriksa`) that means a doctor examined her. */
export const ANC_EXAMINER_DOCTOR = "dokter";

/**
 * The week each doctor visit is due by. T1: the end of trimester 1 (week 12, as K1). T3: week 36, our
 * choice inside trimester 3 (the Permenkes fixes the trimester, not the week; late enough for the
 * ultrasound to check the baby's position and plan the place of birth): a bidan should review it.
 */
export const ANC_DOCTOR_SLOTS: readonly { key: string; trimester: 1 | 3; dueWeek: number }[] = [
  { key: "dokter_t1", trimester: 1, dueWeek: 12 },
  { key: "dokter_t3", trimester: 3, dueWeek: 36 },
];

/** Whether one of the pregnancy's ANC visits in this trimester was by a doctor. */
export function doctorVisitIn(visits: readonly RecordLike[], hpht: string, trimester: 1 | 2 | 3): boolean {
  const h = dateToDays(hpht)!;
  return visits.some((r) => r.data.pemeriksa === ANC_EXAMINER_DOCTOR && trimesterOf(dateToDays(r.visitDate)! - h) === trimester);
}

const NAME: Text = {
  id: "Pemeriksaan ANC oleh dokter 2 kali: 1 di trimester 1 dan 1 di trimester 3 (dengan USG)",
  en: "Two ANC checks by a doctor: 1 in trimester 1 and 1 in trimester 3 (with ultrasound)",
};

export const ancDoctorRule: TaskRule = {
  id: "anc.dokter",
  name: NAME,
  run(v: PersonView, emit) {
    const p = v.person;
    if (p.data.sex !== "P" || p.data.pregnant !== true) return;
    const records: RecordLike[] = [];
    for (const r of v.records) if (r.data.formId === "anc") records.push({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data });
    const preg = currentPregnancy(records);
    // No HPHT yet: ancNextVisitRule asks for K1 first.
    if (!preg) return;
    const h = dateToDays(preg.hpht)!;
    const ga = v.todayDay - h;
    if (ga > ANC_TASKS_UNTIL_WEEK * 7 + 6) return;
    const last = preg.visits.at(-1) ?? records.at(-1)!;
    for (const s of ANC_DOCTOR_SLOTS) {
      const done = doctorVisitIn(preg.visits, preg.hpht, s.trimester);
      // A doctor visit whose trimester has ended without one is missed: the next one is what can still be done.
      if (!done && ga > trimesterLastDay(s.trimester)) continue;
      const due = daysToDate(h + s.dueWeek * 7);
      const tri = TRIMESTER_LABEL[s.trimester];
      emit({
        id: stableUuid(this.id, p.id, preg.hpht, s.key), personId: p.id, ...(p.data.householdId ? { householdId: p.data.householdId } : {}),
        ruleId: this.id, kind: "kunjungan_anc_dokter", assignee: "pustu",
        title: { id: `Pemeriksaan dokter ${tri.id}`, en: `Doctor's check, ${tri.en}` },
        text: { code: "anc_doctor", params: { trimester: s.trimester, due, hpl: preg.hpl } },
        why: {
          id: `Aturan: ${NAME.id}. HPHT ${formatDateId(preg.hpht)}, HPL ${formatDateId(preg.hpl)}.`,
          en: `Rule: ${NAME.en}. LMP ${formatDateEn(preg.hpht)}, EDD ${formatDateEn(preg.hpl)}.`,
        },
        sourceRecordId: last.id ?? null, dueDate: due, done,
      });
      if (!done) break;
    }
  },
};
