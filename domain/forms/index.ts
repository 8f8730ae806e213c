import { ANC_V1 } from "./anc-v1.ts";
import { ANC_V2 } from "./anc-v2.ts";
import { ANAK_SEKOLAH_V1 } from "./anak-sekolah-v1.ts";
import { BALITA_V1 } from "./balita-v1.ts";
import { CATIN_V1 } from "./catin-v1.ts";
import { IMUNISASI_V1 } from "./imunisasi-v1.ts";
import { IMUNISASI_V2 } from "./imunisasi-v2.ts";
import { IMUNISASI_SEKOLAH_V1 } from "./imunisasi-sekolah-v1.ts";
import { KUNJUNGAN_RUMAH_V1 } from "./kunjungan-rumah-v1.ts";
import { GIGI_V1 } from "./gigi-v1.ts";
import { LANSIA_LANJUTAN_V1 } from "./lansia-lanjutan-v1.ts";
import { LANSIA_V1 } from "./lansia-v1.ts";
import { LANSIA_V2 } from "./lansia-v2.ts";
import { MALARIA_V1 } from "./malaria-v1.ts";
import { MTBS_V1 } from "./mtbs-v1.ts";
import { NEONATAL_V1 } from "./neonatal-v1.ts";
import { NIFAS_V1 } from "./nifas-v1.ts";
import { PERSALINAN_V1 } from "./persalinan-v1.ts";
import { KB_V1 } from "./kb-v1.ts";
import { PTM_V1 } from "./ptm-v1.ts";
import { PTM_V2 } from "./ptm-v2.ts";
import { REMAJA_V1 } from "./remaja-v1.ts";
import { SDIDTK_V1 } from "./sdidtk-v1.ts";
import { TB_V1 } from "./tb-v1.ts";
import type { FormDefinition } from "./types.ts";
import type { Role } from "../access/policy.ts";
import { formFits, formKey, offerOrder, type PersonFacts } from "./meta.ts";
import { registerForm } from "./registry.ts";
import { mayEnterForm as mayEnter } from "./roles.ts";

export * from "./types.ts";
export {
  activeFlags, ageAt, ageRangeText, compute, completedYears, dateToDays, daysToDate, evaluate, fieldById, fields, FORM_ERROR_KEY, isAnswered, isVisible,
  resolveAnswers, roundTo, validateAnswers, type ValidationResult,
} from "./engine.ts";

// Metadata helpers live in meta.ts (zod-free, definition-free: the PWA imports them without the
// definitions, issue 15); they are re-exported here so the worker and tests keep one import.
export {
  BIRTH_FROM_WEEK, formContext, formFits, formKey, lastDeliveryDate, POSTPARTUM_DAYS, type FormMeta, type PersonFacts,
} from "./meta.ts";
export { formRoles, mayEnterForm } from "./roles.ts";

/** Every definition ever published, oldest first. Add new versions; never edit or remove one. */
const PUBLISHED: readonly FormDefinition[] = [
  ANC_V1, ANC_V2, NIFAS_V1, NEONATAL_V1, BALITA_V1, IMUNISASI_V1, REMAJA_V1, PTM_V1, LANSIA_V1, TB_V1, MALARIA_V1, KUNJUNGAN_RUMAH_V1,
  CATIN_V1, PERSALINAN_V1, KB_V1, MTBS_V1, LANSIA_LANJUTAN_V1, GIGI_V1,
  IMUNISASI_V2, IMUNISASI_SEKOLAH_V1,
  SDIDTK_V1, ANAK_SEKOLAH_V1,
  PTM_V2, LANSIA_V2,
];

/**
 * Every published form version. A version once published never changes (records point at it);
 * the worker rejects a record whose (formId, formVersion) is not here.
 */
export const FORMS: Readonly<Record<string, FormDefinition>> = Object.freeze(Object.fromEntries(PUBLISHED.map((f) => [formKey(f.id, f.version), f])));
// Rules that look a definition up by key (computeTasks) read the registry: here it holds them all.
for (const f of PUBLISHED) registerForm(f);

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

/**
 * The forms (newest versions) that fit a person on a date, in a stable order: cluster 2, 3, 4,
 * then the home visit. A man never sees ANC; a 3-year-old sees balita and imunisasi; a
 * 70-year-old sees lansia, TB and malaria; the home visit fits everyone.
 */
export function formsFor(person: PersonFacts, date: string, role?: Role): FormDefinition[] {
  return offerOrder(currentForms().filter((f) => (!role || mayEnter(role, f.id)) && formFits(f, person, date)), PUBLISHED);
}
