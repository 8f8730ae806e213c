import { KPSP_BANDS, KPSP_ULANG_DAYS, kpspStartDay, SDIDTK_MAX_AGE_MONTHS } from "../forms/sdidtk-v1.ts";
import { addDays, addMonths, dateToDays, formatDateEn, formatDateId } from "./dates.ts";
import { stableUuid } from "./hash.ts";
import type { RecordEntity } from "./referrals.ts";
import type { PersonView, TaskRule } from "./tasks.ts";

/**
 * SDIDTK follow-up (issue 15):
 * - KPSP meragukan → repeat the KPSP 2 weeks later (Pedoman SDIDTK 2016, intervensi KPSP
 *   meragukan; KPSP_ULANG_DAYS), done by a later SDIDTK record with a KPSP result;
 * - the next KPSP screening age (3, 6, 9, …, 72 months: the KPSP schedule) for a child already
 *   screened, due on the day the child reaches it. Only children with an SDIDTK record get it, so
 *   a pekon that does not use the form yet gets no flood of tasks (our choice).
 */

const householdOf = (v: PersonView) => (v.person.data.householdId ? { householdId: v.person.data.householdId } : {});
const isSdidtk = (r: RecordEntity) => r.data.formId === "sdidtk";

/** KPSP meragukan (7–8 "Ya") → ulang KPSP after 14 days, at the pustu (the bidan or a trained kader). */
export const sdidtkKpspUlangRule: TaskRule = {
  id: "sdidtk.ulang_kpsp",
  name: { id: "KPSP meragukan → stimulasi 2 minggu lalu ulang KPSP", en: "KPSP doubtful → 2 weeks of stimulation, then repeat the KPSP" },
  run(v, emit) {
    v.records.forEach((r, i) => {
      if (!isSdidtk(r) || r.data.visitDate < v.lookbackFrom) return;
      if (!v.derived[i]?.flags.some((f) => f.id === "sdidtk.kpsp_meragukan")) return;
      // Done by a later SDIDTK visit that has a KPSP result (its derived kpsp_ya, computed from the answers).
      const later = v.records.some((x, j) => isSdidtk(x) && x.data.visitDate > r.data.visitDate && typeof v.derived[j]?.values?.kpsp_ya === "number");
      emit({
        id: stableUuid(this.id, r.id), personId: v.person.id, ...householdOf(v), ruleId: this.id, kind: "ulang_kpsp", assignee: "pustu",
        title: { id: "Ulangi KPSP (hasil meragukan)", en: "Repeat the KPSP (doubtful result)" },
        text: { code: "sdidtk_kpsp_ulang", params: { date: r.data.visitDate } },
        why: {
          id: `Aturan: ${this.name.id}. KPSP meragukan pada pemeriksaan tanggal ${formatDateId(r.data.visitDate)}.`,
          en: `Rule: ${this.name.en}. KPSP doubtful at the check of ${formatDateEn(r.data.visitDate)}.`,
        },
        sourceRecordId: r.id, dueDate: addDays(r.data.visitDate, KPSP_ULANG_DAYS), done: later,
      });
    });
  },
};

/** The next KPSP screening age after the last SDIDTK visit, for a child under 73 months. */
export const sdidtkJadwalRule: TaskRule = {
  id: "sdidtk.jadwal",
  name: { id: "Jadwal KPSP berikutnya (3, 6, 9 … 72 bulan)", en: "Next KPSP screening age (3, 6, 9 … 72 months)" },
  run(v, emit) {
    const birth = v.person.data.birthDate;
    const born = dateToDays(birth);
    if (born === null || typeof birth !== "string") return;
    let last: RecordEntity | null = null;
    for (const r of v.records) if (isSdidtk(r)) last = r;
    if (!last || last.data.visitDate < v.lookbackFrom) return;
    const ageAtLast = dateToDays(last.data.visitDate)! - born;
    // The first screening age whose KPSP list the child had not reached at the last visit.
    const next = KPSP_BANDS.find((b) => kpspStartDay(b) > ageAtLast);
    if (next === undefined || next > SDIDTK_MAX_AGE_MONTHS) return;
    const due = addMonths(birth, next);
    emit({
      id: stableUuid(this.id, v.person.id, String(next)), personId: v.person.id, ...householdOf(v), ruleId: this.id, kind: "skrining_kpsp", assignee: "pustu",
      title: { id: `KPSP umur ${next} bulan`, en: `KPSP at ${next} months` },
      text: { code: "sdidtk_jadwal", params: { months: next, due } },
      why: {
        id: `Aturan: ${this.name.id}. SDIDTK terakhir tanggal ${formatDateId(last.data.visitDate)}.`,
        en: `Rule: ${this.name.en}. Last SDIDTK check on ${formatDateEn(last.data.visitDate)}.`,
      },
      sourceRecordId: last.id, dueDate: due, done: false,
    });
  },
};
