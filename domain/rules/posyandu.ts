import { addMonths, dateToDays, monthBounds, monthOf } from "./dates.ts";
import type { Derived } from "./derive.ts";

/**
 * Posyandu mode (issue 12): the session day, the sasaran balita of a dusun and the tally a
 * session ends with (D, N, T, BGM, referred), which are the posyandu's own SKDN figures
 * (Kemenkes, Buku Panduan Kader Posyandu 2019: S sasaran, K ber-KMS, D ditimbang, N naik).
 * The measurements themselves are ordinary balita records: deriveRecord computes N/T and BGM.
 */

/** Balita: under 60 months on the day (WHO Child Growth Standards 2006; Kemenkes penimbangan balita). */
export const POSYANDU_BALITA_UNDER_MONTHS = 60;
/** How far back the weighings that set a dusun's posyandu day are read (our choice: a quarter). */
export const POSYANDU_DAY_FROM_MONTHS = 3;

/** A sasaran balita on `date`: born on or before it and not yet 60 months old. */
export function isSasaranBalita(birthDate: string | null | undefined, date: string): boolean {
  if (typeof birthDate !== "string" || dateToDays(birthDate) === null || birthDate > date) return false;
  return birthDate > addMonths(date, -POSYANDU_BALITA_UNDER_MONTHS);
}

/**
 * The dusun's next posyandu day, on or after `today`. A dusun posyandu meets on a fixed day of the
 * month (ILP: monthly at the dusun, and daily at the pustu): the day most of the last months'
 * weighings were on. With no weighings to read it from, today: the daily posyandu at the pustu
 * (Kepmenkes HK.01.07/MENKES/2015/2023).
 */
export function nextPosyanduDay(weighingDates: readonly string[], today: string): { date: string; fromHistory: boolean } {
  const from = addMonths(today, -POSYANDU_DAY_FROM_MONTHS);
  const count = new Map<number, number>();
  for (const d of weighingDates) {
    if (d < from || d > today || dateToDays(d) === null) continue;
    const day = Number(d.slice(8, 10));
    count.set(day, (count.get(day) ?? 0) + 1);
  }
  if (!count.size) return { date: today, fromHistory: false };
  // The most used day; a tie goes to the earlier day of the month.
  const day = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  const inMonth = (month: string) => {
    const { last } = monthBounds(month);
    return `${month}-${String(Math.min(day, Number(last.slice(8, 10)))).padStart(2, "0")}`;
  };
  const thisMonth = inMonth(monthOf(today));
  return { date: thisMonth >= today ? thisMonth : inMonth(monthOf(addMonths(`${monthOf(today)}-01`, 1))), fromHistory: true };
}

export interface PosyanduTally {
  /** D: children weighed in the session. */
  d: number;
  /** N: gained at least the minimum monthly increment (KBM). */
  n: number;
  /** T: did not gain enough. */
  t: number;
  /** O (not weighed last month) and B (first weighing): neither N nor T. */
  o: number;
  b: number;
  /** Below the red line of the KMS (deriveRecord's growth.bgm). */
  bgm: number;
  /** Children with at least one finding to refer (T, 2T, BGM, above the orange line, gizi buruk/kurang, stunting, oedema...). */
  referred: number;
}

/** The session's tally from each weighed child's derivation (one balita record per child). */
export function posyanduTally(derived: readonly (Derived | null | undefined)[]): PosyanduTally {
  const out: PosyanduTally = { d: 0, n: 0, t: 0, o: 0, b: 0, bgm: 0, referred: 0 };
  for (const x of derived) {
    const g = x?.growth;
    if (!x || !g || g.nt === null) continue; // no valid weight: not weighed
    out.d++;
    if (g.nt === "N") out.n++;
    else if (g.nt === "T") out.t++;
    else if (g.nt === "O") out.o++;
    else out.b++;
    if (g.bgm) out.bgm++;
    if (x.flags.some((f) => f.severity === "refer")) out.referred++;
  }
  return out;
}
