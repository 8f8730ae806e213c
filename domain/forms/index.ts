import { ANC_V1 } from "./anc-v1.ts";
import { ANC_V2 } from "./anc-v2.ts";
import { BALITA_V1 } from "./balita-v1.ts";
import { ageAt, ageFits, dateToDays, daysToDate } from "./engine.ts";
import { IMUNISASI_V1 } from "./imunisasi-v1.ts";
import { KUNJUNGAN_RUMAH_V1 } from "./kunjungan-rumah-v1.ts";
import { LANSIA_V1 } from "./lansia-v1.ts";
import { MALARIA_V1 } from "./malaria-v1.ts";
import { NEONATAL_V1 } from "./neonatal-v1.ts";
import { NIFAS_V1 } from "./nifas-v1.ts";
import { PTM_V1 } from "./ptm-v1.ts";
import { REMAJA_V1 } from "./remaja-v1.ts";
import { TB_V1 } from "./tb-v1.ts";
import type { FormContext, FormDefinition } from "./types.ts";
import { currentPregnancy } from "../rules/anc-schedule.ts";
import type { RecordLike } from "../rules/derive.ts";

export * from "./types.ts";
export {
  activeFlags, ageAt, ageRangeText, compute, completedYears, dateToDays, daysToDate, evaluate, fieldById, fields, FORM_ERROR_KEY, isAnswered, isVisible,
  resolveAnswers, roundTo, validateAnswers, type ValidationResult,
} from "./engine.ts";

/** The key of a form version: "anc@1". */
export const formKey = (id: string, version: number) => `${id}@${version}`;

/** Every definition ever published, oldest first. Add new versions; never edit or remove one. */
const PUBLISHED: readonly FormDefinition[] = [
  ANC_V1, ANC_V2, NIFAS_V1, NEONATAL_V1, BALITA_V1, IMUNISASI_V1, REMAJA_V1, PTM_V1, LANSIA_V1, TB_V1, MALARIA_V1, KUNJUNGAN_RUMAH_V1,
];

/**
 * Every published form version. A version once published never changes (records point at it);
 * the worker rejects a record whose (formId, formVersion) is not here.
 */
export const FORMS: Readonly<Record<string, FormDefinition>> = Object.freeze(Object.fromEntries(PUBLISHED.map((f) => [formKey(f.id, f.version), f])));

export function getForm(id: string, version: number): FormDefinition | undefined {
  return FORMS[formKey(id, version)];
}

/** The newest version of each form: what new visits are entered with. */
export function currentForms(): FormDefinition[] {
  const latest = new Map<string, FormDefinition>();
  for (const f of Object.values(FORMS)) {
    const cur = latest.get(f.id);
    if (!cur || f.version > cur.version) latest.set(f.id, f);
  }
  return [...latest.values()];
}

/** The newest version of one form. */
export function currentForm(id: string): FormDefinition | undefined {
  let best: FormDefinition | undefined;
  for (const f of Object.values(FORMS)) if (f.id === id && (!best || f.version > best.version)) best = f;
  return best;
}

/** What formsFor needs to know about a person. */
export interface PersonFacts {
  sex?: "L" | "P" | null;
  birthDate?: string | null;
  pregnant?: boolean | null;
  /**
   * The last delivery date, when known or estimated (lastDeliveryDate below), for nifas. A woman
   * still marked pregnant has not delivered: she sees ANC, not nifas (issue 12).
   */
  lastDeliveryDate?: string | null;
}

/** Nifas lasts 42 days after birth (Kemenkes). */
export const POSTPARTUM_DAYS = 42;

/**
 * A pregnancy that ends from 28 completed weeks is a birth (WHO ICD-11 perinatal period; earlier
 * is a loss, which has no nifas form). Used only to estimate a delivery nobody recorded yet.
 */
export const BIRTH_FROM_WEEK = 28;

/**
 * The date a woman last delivered, for `formsFor`: the latest `tanggal_persalinan` of her nifas
 * visits; else, for a woman no longer marked pregnant whose last ANC pregnancy reached 28 weeks,
 * an estimate: the HPL, not before her last ANC visit (nor 28 weeks) and not after `date`. The
 * nifas form then asks the real date and checks it (≤ 6 weeks). Null when she has not delivered.
 */
export function lastDeliveryDate(person: { pregnant?: boolean | null }, records: readonly RecordLike[], date: string): string | null {
  let recorded: string | null = null;
  for (const r of records) {
    const d = r.formId === "nifas" ? r.data.tanggal_persalinan : undefined;
    if (typeof d === "string" && dateToDays(d) !== null && d <= date && (!recorded || d > recorded)) recorded = d;
  }
  if (person.pregnant === true) return null;
  const preg = currentPregnancy(records.filter((r) => r.visitDate <= date));
  if (!preg || (recorded && recorded >= preg.hpht)) return recorded;
  const earliest = daysToDate(Math.max(dateToDays(preg.hpht)! + BIRTH_FROM_WEEK * 7, dateToDays(preg.visits.at(-1)?.visitDate ?? preg.hpht)!));
  if (earliest > date) return recorded;
  return preg.hpl < earliest ? earliest : preg.hpl > date ? date : preg.hpl;
}

/** Does the form fit this person on this date? Unknown sex or age fits no form that needs them. */
export function formFits(def: FormDefinition, person: PersonFacts, date: string): boolean {
  const a = def.appliesTo;
  if (!a) return true;
  if (a.sex && person.sex !== a.sex) return false;
  if (a.pregnant && person.pregnant !== true) return false;
  if (a.postpartum) {
    if (person.pregnant === true) return false;
    const delivered = dateToDays(person.lastDeliveryDate);
    const today = dateToDays(date);
    const recent = delivered !== null && today !== null && today >= delivered && today - delivered <= POSTPARTUM_DAYS;
    if (!recent) return false;
  }
  const ranged = [a.minAgeDays, a.maxAgeDays, a.minAgeMonths, a.maxAgeMonths, a.minAgeYears, a.maxAgeYears].some((x) => x !== undefined);
  if (ranged) {
    const age = ageAt(person.birthDate, date);
    if (!age || !ageFits(a, age)) return false;
  }
  return true;
}

/**
 * The forms (newest versions) that fit a person on a date, in a stable order: cluster 2, 3, 4,
 * then the home visit. A man never sees ANC; a 3-year-old sees balita and imunisasi; a
 * 70-year-old sees lansia, TB and malaria; the home visit fits everyone.
 */
export function formsFor(person: PersonFacts, date: string): FormDefinition[] {
  const order = (f: FormDefinition) => (f.cluster === 1 ? 9 : f.cluster);
  return currentForms()
    .filter((f) => formFits(f, person, date))
    .sort((x, y) => order(x) - order(y) || PUBLISHED.findIndex((p) => p.id === x.id) - PUBLISHED.findIndex((p) => p.id === y.id));
}

/**
 * The evaluation context for a visit: the visit date and the person's sex and birth date, so
 * skip logic, checks and flags that depend on age or sex work. Pass it to resolveAnswers,
 * validateAnswers and activeFlags (the PWS, the visit screen and the worker alike).
 */
export function formContext(visitDate: string, person?: { sex?: string | null; birthDate?: string | null } | null): FormContext {
  if (!person) return { visitDate };
  const sex = person.sex === "L" || person.sex === "P" ? person.sex : null;
  return { visitDate, sex, birthDate: person.birthDate ?? null };
}
