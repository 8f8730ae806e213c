import type { Relation } from "../entities/enums.ts";
import { NIK_RE } from "../entities/formats.ts";
import { ageAt } from "../forms/engine.ts";

/**
 * The mother's NIK of a child who has none, for the SATUSEHAT Patient identifier `nik-ibu`
 * (issue 13: "a newborn without a NIK carries the mother's NIK"). Simpul stores no mother link,
 * only the household (Kartu Keluarga) and each member's relation to its head, so the mother is
 * inferred from the household, and only when exactly one woman fits: a wrong NIK would file the
 * child's visits under another family's record at SATUSEHAT, a missing one only leaves the child
 * in the list of what could not be exported (the bidan then records the child's NIK).
 *
 * The rule (pure; worker/services/fhir/load.ts applies it to a page's households):
 * - the child has no valid NIK of its own and is under MOTHER_NIK_MAX_AGE_MONTHS at the date
 *   (SATUSEHAT's nik-ibu is the newborn's identifier: "bayi baru lahir", Patient, satusehat.kemkes.go.id
 *   playbook; an older child is expected to be on the KK with a NIK);
 * - a candidate is a member of the same household, female, with a valid NIK, whose relation fits
 *   the child's on the KK (MOTHER_RELATIONS: the head's child → the head or the wife; the head's
 *   grandchild → the head's daughter or daughter-in-law);
 * - she was at least MOTHER_MIN_AGE_GAP_YEARS and at most MOTHER_MAX_AGE_GAP_YEARS old at the
 *   child's birth;
 * - exactly one candidate: her NIK; none or several (two daughters-in-law): null.
 */

/** Under 12 months: an infant ("bayi", Permenkes 25/2014 Pasal 1: bayi 0–11 bulan). */
export const MOTHER_NIK_MAX_AGE_MONTHS = 12;
/** Biological plausibility of a mother's age at the birth, in completed years (WHO counts births to girls from 10; 12 keeps KK errors out). */
export const MOTHER_MIN_AGE_GAP_YEARS = 12;
export const MOTHER_MAX_AGE_GAP_YEARS = 55;

/** Relations (to the head of the KK) a mother may have, by the child's relation; null: the child's relation is not recorded. */
export const MOTHER_RELATIONS: Partial<Record<Relation | "null", readonly Relation[]>> = {
  anak: ["kepala", "istri"],
  cucu: ["anak", "menantu"],
  null: ["kepala", "istri"],
};

export interface MotherCandidate {
  id: string;
  sex: "L" | "P";
  birthDate: string;
  nik: string | null;
  relation: Relation | null;
}

/** Whether a person needs a mother's NIK at `date` (no NIK of its own, an infant). */
export function needsMotherNik(child: Pick<MotherCandidate, "nik" | "birthDate">, date: string): boolean {
  if (child.nik && NIK_RE.test(child.nik)) return false;
  // Born after the date (an export period ending before the birth): an infant all the same.
  if (child.birthDate > date) return true;
  return completedMonths(child.birthDate, date) < MOTHER_NIK_MAX_AGE_MONTHS;
}

/** Completed calendar months from `from` to `to` (YYYY-MM-DD): 2025-11-30 → 2026-11-30 is 12. */
function completedMonths(from: string, to: string): number {
  const [y1, m1, d1] = from.split("-").map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split("-").map(Number) as [number, number, number];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/** The mother's NIK among `household` (the child's household, the child included or not), or null. */
export function motherNik(child: MotherCandidate, household: readonly MotherCandidate[], date: string): string | null {
  if (!needsMotherNik(child, date)) return null;
  const relations = MOTHER_RELATIONS[child.relation ?? "null"];
  if (!relations) return null;
  const fits = household.filter((m) => {
    if (m.id === child.id || m.sex !== "P" || !m.nik || !NIK_RE.test(m.nik) || !m.relation || !relations.includes(m.relation)) return false;
    const gap = ageAt(m.birthDate, child.birthDate);
    return gap !== null && gap.years >= MOTHER_MIN_AGE_GAP_YEARS && gap.years <= MOTHER_MAX_AGE_GAP_YEARS;
  });
  return fits.length === 1 ? fits[0]!.nik : null;
}
