import { ANTIGEN_BY_ID, IDL_BEFORE_MONTHS, IMMUNISATION_SCHEDULE, MIN_DOSE_INTERVAL_DAYS, type Antigen } from "../forms/imunisasi-v1.ts";
import { addDays, addMonths, dateToDays } from "./dates.ts";
import type { RecordLike } from "./derive.ts";

/**
 * Immunisation status of a child from its records: which antigens were given and when, IDL,
 * and the next antigens due. Reads `imunisasi` records (antigen list, date given or the visit
 * date) and the HB0 answer of `neonatal` records.
 */

/** A schedule slot: the antigens due at the same age ("2 bulan": DPT-HB-Hib 1, OPV 2, PCV 1, RV 1). */
export interface Slot {
  key: string;
  antigens: readonly Antigen[];
}

const slotKey = (a: Antigen) => (a.dueAgeDays !== undefined ? `d${a.dueAgeDays}` : `m${a.dueAgeMonths}`);

/** The schedule grouped by due age, in order. */
export const SLOTS: readonly Slot[] = (() => {
  const map = new Map<string, Antigen[]>();
  for (const a of IMMUNISATION_SCHEDULE) map.set(slotKey(a), [...(map.get(slotKey(a)) ?? []), a]);
  return [...map.entries()].map(([key, antigens]) => ({ key, antigens }));
})();

/** Recommended date of an antigen for a child born on birthDate. */
export function recommendedDate(a: Antigen, birthDate: string): string {
  return a.dueAgeDays !== undefined ? addDays(birthDate, a.dueAgeDays) : addMonths(birthDate, a.dueAgeMonths!);
}

/** Antigen id → the earliest date it was given, from the child's records. */
export function antigensGiven(records: readonly RecordLike[]): Map<string, string> {
  const given = new Map<string, string>();
  const note = (id: string, date: string) => {
    if (!ANTIGEN_BY_ID.has(id) || dateToDays(date) === null) return;
    const cur = given.get(id);
    if (!cur || date < cur) given.set(id, date);
  };
  for (const r of records) {
    if (r.formId === "imunisasi" && Array.isArray(r.data.antigen)) {
      const date = typeof r.data.tanggal_pemberian === "string" && r.data.tanggal_pemberian ? r.data.tanggal_pemberian : r.visitDate;
      for (const id of r.data.antigen) note(id, date);
    } else if (r.formId === "neonatal" && (r.data.hb0 === "kurang_24_jam" || r.data.hb0 === "1_7_hari")) {
      // The visit date is the latest it can have been given: safe for "before 12 months".
      note("hb0", r.visitDate);
    }
  }
  return given;
}

/**
 * The earliest date an antigen not yet given can be given: its recommended age, and at least the
 * minimum interval after the previous dose of its series (given, or itself still due).
 */
export function dueDate(a: Antigen, birthDate: string, given: ReadonlyMap<string, string>): string {
  let due = recommendedDate(a, birthDate);
  if (a.dose > 1) {
    const prev = IMMUNISATION_SCHEDULE.find((x) => x.series === a.series && x.dose === a.dose - 1);
    if (prev) {
      const prevDate = given.get(prev.id) ?? dueDate(prev, birthDate, given);
      const after = addDays(prevDate, a.minIntervalDays ?? MIN_DOSE_INTERVAL_DAYS);
      if (after > due) due = after;
    }
  }
  return due;
}

/** An antigen that can no longer be given (HB0 after 7 days) is missed, not due. */
export function isMissed(a: Antigen, birthDate: string, onDate: string): boolean {
  if (a.maxAgeDays === undefined) return false;
  const b = dateToDays(birthDate)!;
  return dateToDays(onDate)! - b > a.maxAgeDays;
}

export interface ImmunisationStatus {
  given: Record<string, string>;
  /** Imunisasi dasar lengkap: every basic antigen given before the first birthday. */
  idl: boolean;
  /** The date the last basic antigen was given, when IDL. */
  idlDate: string | null;
  /** Basic antigens not given (or given from 12 months: not counted for IDL). */
  missingBasic: string[];
  /** The earliest slot with an antigen still to give, and those antigens with their due date. */
  next: { slot: string; antigens: string[]; dueDate: string } | null;
}

export function immunisationStatus(birthDate: string, records: readonly RecordLike[], today: string): ImmunisationStatus {
  const given = antigensGiven(records);
  const firstBirthday = addMonths(birthDate, IDL_BEFORE_MONTHS);
  const missingBasic = IMMUNISATION_SCHEDULE.filter((a) => a.basic && !((given.get(a.id) ?? "9999") < firstBirthday)).map((a) => a.id);
  const basicDates = IMMUNISATION_SCHEDULE.filter((a) => a.basic).map((a) => given.get(a.id) ?? "");
  const idl = missingBasic.length === 0;
  let next: ImmunisationStatus["next"] = null;
  for (const s of SLOTS) {
    const open = s.antigens.filter((a) => !given.has(a.id) && !isMissed(a, birthDate, today));
    if (open.length) {
      const due = open.map((a) => dueDate(a, birthDate, given)).sort()[0]!;
      next = { slot: s.key, antigens: open.map((a) => a.id), dueDate: due };
      break;
    }
  }
  return { given: Object.fromEntries(given), idl, idlDate: idl ? basicDates.sort()[basicDates.length - 1]! : null, missingBasic, next };
}
