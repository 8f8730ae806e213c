import type { AnswerValue } from "../forms/types.ts";
import { currentPregnancy } from "./anc-schedule.ts";
import { dateToDays } from "./dates.ts";
import type { RecordLike } from "./derive.ts";
import { POSTPARTUM_DAYS } from "../forms/postpartum.ts";

/**
 * What a recorded delivery (the persalinan form, issue 15) changes elsewhere:
 * - `personAfterVisit`: saving it ends "pregnant" on the person. `pregnant` is a field of the person
 *   entity that only the person screen's checkbox set until now; the ANC task rule, `formsFor`, the
 *   PWS marks and the "missed" lists all read it. The visit screen saves this change with the record
 *   (one LocalStore transaction), so she drops out of the ANC lists and sees nifas from then on.
 * - `visitPrefill`: a new nifas visit starts with the delivery's date, place and attendant, and a new
 *   neonatal visit with the baby's birth date from the registry, so KF1–KF4 and KN1–KN3 are counted
 *   from the recorded delivery rather than typed again.
 */

/** Nifas: the 42 days after birth (Kemenkes; as NIFAS_MAX_DAYS in nifas-v1.ts). */
const NIFAS_DAYS = POSTPARTUM_DAYS;

/** The person fields a saved visit changes, or null when it changes none. */
export type PersonPatch = { pregnant: false };

/**
 * A persalinan record ends the pregnancy she is marked with, unless it is a late record of an
 * earlier delivery: a delivery dated before the HPHT of her current ANC pregnancy does not end that
 * pregnancy. Any outcome (born alive, stillborn, abortus) ends it.
 */
export function personAfterVisit(
  person: { pregnant?: boolean | null },
  visit: { formId: string; data: Readonly<Record<string, AnswerValue | undefined>> },
  otherRecords: readonly RecordLike[] = [],
): PersonPatch | null {
  if (visit.formId !== "persalinan" || person.pregnant !== true) return null;
  const delivered = visit.data.tanggal_persalinan;
  if (typeof delivered !== "string" || dateToDays(delivered) === null) return null;
  const preg = currentPregnancy(otherRecords);
  if (preg && delivered < preg.hpht) return null;
  return { pregnant: false };
}

/** The latest persalinan record (by delivery date) with a valid date not after `date`. */
export function latestPersalinan(records: readonly RecordLike[], date: string): RecordLike | null {
  let best: RecordLike | null = null;
  for (const r of records) {
    if (r.formId !== "persalinan") continue;
    const d = r.data.tanggal_persalinan;
    if (typeof d !== "string" || dateToDays(d) === null || d > date) continue;
    if (!best || d > (best.data.tanggal_persalinan as string)) best = r;
  }
  return best;
}

/** Persalinan place → nifas v1's place options (faskes / rumah / perjalanan). */
const NIFAS_PLACE: Readonly<Record<string, string>> = {
  puskesmas: "faskes", pustu: "faskes", rumah_sakit: "faskes", klinik: "faskes", pmb: "faskes", rumah: "rumah", perjalanan: "perjalanan",
};
/** Persalinan attendant → nifas v1's attendant options (bidan / dokter / dukun / sendiri). */
const NIFAS_ATTENDANT: Readonly<Record<string, string>> = {
  bidan: "bidan", dokter: "dokter", dukun: "dukun", keluarga: "dukun", tanpa_penolong: "sendiri",
};

/**
 * Answers a new visit starts with, from what is already recorded (the user can change them):
 * - nifas: `tanggal_persalinan`, `tempat_persalinan`, `penolong` from her latest persalinan record
 *   within the 42 days of nifas (older: no prefill, the date would be refused anyway);
 * - neonatal: `tanggal_lahir` from the baby's registry birth date, when within 28 days.
 * Empty for other forms. Prefilled values never override what is typed (the screen merges them
 * under its own initial values only for a new visit).
 */
export function visitPrefill(
  formId: string,
  person: { birthDate?: string | null },
  records: readonly RecordLike[],
  visitDate: string,
): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  const today = dateToDays(visitDate);
  if (today === null) return out;
  if (formId === "nifas") {
    const p = latestPersalinan(records, visitDate);
    const d = p?.data.tanggal_persalinan;
    if (!p || typeof d !== "string" || today - dateToDays(d)! > NIFAS_DAYS) return out;
    out.tanggal_persalinan = d;
    const place = NIFAS_PLACE[String(p.data.tempat_persalinan)];
    if (place) out.tempat_persalinan = place;
    const who = NIFAS_ATTENDANT[String(p.data.penolong)];
    if (who) out.penolong = who;
  } else if (formId === "neonatal") {
    const b = person.birthDate;
    const born = dateToDays(b);
    // 28 days: the neonatal period (NEONATAL_MAX_DAYS in neonatal-v1.ts).
    if (typeof b === "string" && born !== null && today >= born && today - born <= 28) out.tanggal_lahir = b;
  }
  return out;
}
