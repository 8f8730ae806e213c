import type { AnswerValue } from "../forms/types.ts";
import { ANTIGEN_BY_ID, type Antigen } from "../forms/imunisasi-v1.ts";
import { JE_ANTIGEN } from "./je.ts";
import { addMonths, dateToDays } from "./dates.ts";

/**
 * Imunisasi kejar (catch-up): a dose given after the age the schedule gives it at. Permenkes
 * 12/2017 Penyelenggaraan Imunisasi defines imunisasi kejar as immunisation of a child who did not
 * receive a dose at the age the schedule sets, given with the routine services (not confirmed
 * here: the article/lampiran page; the definition is also what Kemenkes' 2022–2024 catch-up
 * campaigns (BIAN, PIRI "Sepekan Mengejar Imunisasi") apply).
 *
 * Derived, never typed: a dose is kejar when it was given on or after the first day of the month
 * of age after its due month, i.e. after the last day the routine task rule still counts as on
 * time (domain/rules/tasks.ts antigenDeadline: "usia 2 bulan" runs to the day before 3 months).
 * DPT-HB-Hib 1 (due at 2 months) for a child born 2026-01-05 is on time up to 2026-04-04 and
 * kejar from 2026-04-05.
 *
 * The minimum-interval push of antigenDeadline is left out on purpose: a DPT-HB-Hib 2 given at 4
 * months because dose 1 came late is still a dose given after its scheduled age, which is what
 * "kejar" means. HB0 (due in days, given 0–7 days, never after) is never kejar: its own split
 * (< 24 hours / 1–7 days) is reported separately.
 */

/** The antigens a record may name, by id: the national schedule and JE (imunisasi v2). */
const KNOWN: ReadonlyMap<string, Antigen> = new Map([...ANTIGEN_BY_ID, [JE_ANTIGEN.id, JE_ANTIGEN]]);

/** The first day a dose of this antigen counts as kejar; null for antigens due in days (HB0). */
export function kejarFrom(a: Antigen, birthDate: string): string | null {
  if (a.dueAgeMonths === undefined) return null;
  return addMonths(birthDate, a.dueAgeMonths + 1);
}

export function isKejar(a: Antigen, birthDate: string, givenOn: string): boolean {
  if (dateToDays(birthDate) === null || dateToDays(givenOn) === null) return false;
  const from = kejarFrom(a, birthDate);
  return from !== null && givenOn >= from;
}

/**
 * The antigens of an `imunisasi` record given as kejar, in the record's order: the date given is
 * `tanggal_pemberian`, or the visit date. Empty without a valid birth date.
 */
export function kejarAntigens(answers: Readonly<Record<string, AnswerValue | undefined>>, visitDate: string, birthDate: string | null | undefined): string[] {
  if (typeof birthDate !== "string" || dateToDays(birthDate) === null) return [];
  const given = typeof answers.tanggal_pemberian === "string" && answers.tanggal_pemberian ? answers.tanggal_pemberian : visitDate;
  if (given < birthDate) return [];
  const list = Array.isArray(answers.antigen) ? answers.antigen : [];
  return list.filter((id) => {
    const a = KNOWN.get(id);
    return !!a && isKejar(a, birthDate, given);
  });
}
