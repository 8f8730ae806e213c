import { NAEGELE_DAYS } from "../forms/anc-v1.ts";
import type { Text } from "../forms/types.ts";
import { dateToDays } from "./dates.ts";
import type { RecordLike } from "./derive.ts";

/**
 * The ANC schedule of the current pregnancy: at least 6 visits, K1 in trimester 1, K2–K3 in
 * trimester 2, K4–K6 in trimester 3 (Kemenkes, Buku KIA 2023; ILP brief).
 */

/** Trimester ends in completed weeks (Kemenkes Buku KIA 2023: T1 0–12, T2 > 12–24, T3 > 24). */
export const T1_LAST_WEEK = 12;
export const T2_LAST_WEEK = 24;
/** A pregnancy is over by 42 completed weeks (post-term): no more ANC tasks after it. */
export const ANC_TASKS_UNTIL_WEEK = 42;

/**
 * The week each visit is due by. K1 and K3 at the end of their trimester, K2 in mid T2, and the
 * three T3 visits spread to 30, 34 and 38 weeks. Our choice within the Kemenkes trimester
 * windows (the guideline fixes counts, not weeks): a bidan should review these weeks.
 */
export const ANC_SLOTS: readonly { k: string; trimester: 1 | 2 | 3; nth: number; dueWeek: number }[] = [
  { k: "K1", trimester: 1, nth: 1, dueWeek: 12 },
  { k: "K2", trimester: 2, nth: 1, dueWeek: 20 },
  { k: "K3", trimester: 2, nth: 2, dueWeek: 24 },
  { k: "K4", trimester: 3, nth: 1, dueWeek: 30 },
  { k: "K5", trimester: 3, nth: 2, dueWeek: 34 },
  { k: "K6", trimester: 3, nth: 3, dueWeek: 38 },
];

export const TRIMESTER_LABEL: Record<1 | 2 | 3, Text> = {
  1: { id: "trimester 1", en: "trimester 1" },
  2: { id: "trimester 2", en: "trimester 2" },
  3: { id: "trimester 3", en: "trimester 3" },
};

export function trimesterOf(gaDays: number): 1 | 2 | 3 {
  const weeks = Math.floor(gaDays / 7);
  return weeks <= T1_LAST_WEEK ? 1 : weeks <= T2_LAST_WEEK ? 2 : 3;
}

/** The last day (gestational days) of a trimester; T3 runs to the end of the tasks window. */
export function trimesterLastDay(t: 1 | 2 | 3): number {
  return t === 1 ? T1_LAST_WEEK * 7 + 6 : t === 2 ? T2_LAST_WEEK * 7 + 6 : ANC_TASKS_UNTIL_WEEK * 7 + 6;
}

export interface Pregnancy {
  hpht: string;
  hpl: string;
  /** ANC visits of this pregnancy, oldest first. */
  visits: RecordLike[];
  /** Visits per trimester. */
  counts: Record<1 | 2 | 3, number>;
}

/**
 * The current pregnancy from the ANC records: the newest valid HPHT, and the ANC visits on or
 * after it (a corrected HPHT on a later visit replaces the earlier one).
 */
export function currentPregnancy(records: readonly RecordLike[]): Pregnancy | null {
  const anc = records.filter((r) => r.formId === "anc" && typeof r.data.hpht === "string" && dateToDays(r.data.hpht) !== null);
  if (!anc.length) return null;
  const latest = anc.reduce((a, b) => (b.visitDate > a.visitDate || (b.visitDate === a.visitDate && (b.id ?? "") > (a.id ?? "")) ? b : a));
  const hpht = latest.data.hpht as string;
  const h = dateToDays(hpht)!;
  const visits = anc.filter((r) => r.visitDate >= hpht).sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : 0));
  const counts: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  const seenDays = new Set<string>();
  for (const v of visits) {
    // Two entries on the same day are one visit.
    if (seenDays.has(v.visitDate)) continue;
    seenDays.add(v.visitDate);
    counts[trimesterOf(dateToDays(v.visitDate)! - h)]++;
  }
  const hpl = new Date((h + NAEGELE_DAYS) * 86_400_000).toISOString().slice(0, 10);
  return { hpht, hpl, visits, counts };
}
