import type { Role } from "../access/policy.ts";
import { currentPregnancy } from "../rules/anc-schedule.ts";
import type { RecordLike } from "../rules/derive.ts";
import { FORM_CATALOG } from "./catalog.ts";
import { ageAt, ageFits, dateToDays, daysToDate } from "./engine.ts";
import type { AppliesTo, FormContext, FormDefinition } from "./types.ts";
import { POSTPARTUM_DAYS } from "./postpartum.ts";

/**
 * What screens need to know about a form without its definition (issue 15): which forms fit a
 * person, which role enters them, their titles. The PWA reads this (catalog.ts, generated from the
 * definitions by scripts/gen-form-catalog.ts) and downloads a definition only when a form opens or
 * the role's warm-up fetches it; the worker imports every definition (index.ts).
 */
export interface FormMeta {
  id: string;
  version: number;
  title: FormDefinition["title"];
  cluster: FormDefinition["cluster"];
  appliesTo?: AppliesTo;
  needs?: FormDefinition["needs"];
  /** The roles that enter the form (roles.ts). */
  roles: readonly Role[];
  /** The definition's file in domain/forms/, without `.ts`: the PWA loads one chunk per file. */
  module: string;
}

/** The key of a form version: "anc@1". */
export const formKey = (id: string, version: number) => `${id}@${version}`;

/** Every published version, by key (from the catalogue). */
const BY_KEY: ReadonlyMap<string, FormMeta> = new Map(FORM_CATALOG.map((m) => [formKey(m.id, m.version), m]));

export function formMeta(id: string, version: number): FormMeta | undefined {
  return BY_KEY.get(formKey(id, version));
}

/** The newest version of each form, in publication order. */
export function currentFormMetas(): FormMeta[] {
  const latest = new Map<string, FormMeta>();
  for (const f of FORM_CATALOG) {
    const cur = latest.get(f.id);
    if (!cur || f.version > cur.version) latest.set(f.id, f);
  }
  return [...latest.values()];
}

/** The newest version of one form. */
export function currentFormMeta(id: string): FormMeta | undefined {
  let best: FormMeta | undefined;
  for (const f of FORM_CATALOG) if (f.id === id && (!best || f.version > best.version)) best = f;
  return best;
}

/** Every version of the forms a role enters: what its phone's warm-up downloads. */
export function formMetasForRole(role: Role): FormMeta[] {
  return FORM_CATALOG.filter((m) => m.roles.includes(role));
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

export { POSTPARTUM_DAYS };

/**
 * A pregnancy that ends from 28 completed weeks is a birth (WHO ICD-11 perinatal period; earlier
 * is a loss, which has no nifas form). Used only to estimate a delivery nobody recorded yet.
 */
export const BIRTH_FROM_WEEK = 28;

/** The latest valid `tanggal_persalinan` (not after `date`) of a form's records, or null. */
function latestDeliveryOf(formId: string, records: readonly RecordLike[], date: string): string | null {
  let latest: string | null = null;
  for (const r of records) {
    const d = r.formId === formId ? r.data.tanggal_persalinan : undefined;
    if (typeof d === "string" && dateToDays(d) !== null && d <= date && (!latest || d > latest)) latest = d;
  }
  return latest;
}

/**
 * The date a woman last delivered, for `formsFor`. In order (issue 15):
 * 1. her persalinan (delivery) records: the latest `tanggal_persalinan`;
 * 2. her nifas visits' `tanggal_persalinan` (data from before the persalinan form), only for a later
 *    delivery: a nifas date more than 42 days after the recorded one (within 42 days it is the same
 *    birth typed again, and the delivery record wins);
 * 3. for a woman no longer marked pregnant whose last ANC pregnancy reached 28 weeks and whose
 *    delivery is not recorded, an estimate: the HPL, not before her last ANC visit (nor 28 weeks)
 *    and not after `date`. The nifas form then asks the real date and checks it (≤ 6 weeks).
 * Null when she has not delivered, or is still marked pregnant.
 */
export function lastDeliveryDate(person: { pregnant?: boolean | null }, records: readonly RecordLike[], date: string): string | null {
  const fromPersalinan = latestDeliveryOf("persalinan", records, date);
  const fromNifas = latestDeliveryOf("nifas", records, date);
  let recorded = fromPersalinan;
  if (fromNifas && (!recorded || dateToDays(fromNifas)! > dateToDays(recorded)! + POSTPARTUM_DAYS)) recorded = fromNifas;
  if (person.pregnant === true) return null;
  const preg = currentPregnancy(records.filter((r) => r.visitDate <= date));
  if (!preg || (recorded && recorded >= preg.hpht)) return recorded;
  const earliest = daysToDate(Math.max(dateToDays(preg.hpht)! + BIRTH_FROM_WEEK * 7, dateToDays(preg.visits.at(-1)?.visitDate ?? preg.hpht)!));
  if (earliest > date) return recorded;
  return preg.hpl < earliest ? earliest : preg.hpl > date ? date : preg.hpl;
}

/** Delivered in the last 42 days and no longer marked pregnant. */
function isPostpartum(person: PersonFacts, date: string): boolean {
  if (person.pregnant === true) return false;
  const delivered = dateToDays(person.lastDeliveryDate);
  const today = dateToDays(date);
  return delivered !== null && today !== null && today >= delivered && today - delivered <= POSTPARTUM_DAYS;
}

/** Does the form (its definition or its catalogue entry) fit this person on this date? Unknown sex or age fits no form that needs them. */
export function formFits(def: { appliesTo?: AppliesTo }, person: PersonFacts, date: string): boolean {
  const a = def.appliesTo;
  if (!a) return true;
  if (a.sex && person.sex !== a.sex) return false;
  if (a.pregnant === true && person.pregnant !== true) return false;
  if (a.pregnant === false && person.pregnant === true) return false;
  if (a.postpartum && !isPostpartum(person, date)) return false;
  if (a.pregnantOrPostpartum && person.pregnant !== true && !isPostpartum(person, date)) return false;
  const ranged = [a.minAgeDays, a.maxAgeDays, a.minAgeMonths, a.maxAgeMonths, a.minAgeYears, a.maxAgeYears].some((x) => x !== undefined);
  if (ranged) {
    const age = ageAt(person.birthDate, date);
    if (!age || !ageFits(a, age)) return false;
  }
  return true;
}

/** The order forms are offered in: cluster 2, 3, 4, then the home visit (cluster 1); then publication order. */
export function offerOrder<T extends { id: string; cluster: number }>(forms: readonly T[], published: readonly { id: string }[]): T[] {
  const order = (f: T) => (f.cluster === 1 ? 9 : f.cluster);
  const first = (id: string) => published.findIndex((p) => p.id === id);
  return [...forms].sort((x, y) => order(x) - order(y) || first(x.id) - first(y.id));
}

/**
 * The forms (newest versions, catalogue entries) that fit a person on a date and, when given, that
 * the role enters: what the person screen offers. Same order as `formsFor` of index.ts.
 */
export function formMetasFor(person: PersonFacts, date: string, role?: Role): FormMeta[] {
  return offerOrder(
    currentFormMetas().filter((f) => (!role || f.roles.includes(role)) && formFits(f, person, date)),
    FORM_CATALOG,
  );
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
