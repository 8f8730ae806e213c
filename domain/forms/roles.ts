import type { Role } from "../access/policy.ts";

/**
 * Which roles enter each form (issue 15): the source of truth for who may push a record of a form
 * (the worker's record check) and, through the generated catalogue (catalog.ts), for which forms a
 * phone offers and downloads. Roles without "health:write" (dinkes, camat, mitra) enter no form.
 *
 * The forms published before issue 15 stay open to every role that writes health data (the
 * puskesmas, the pustu and the kader entered all of them until now; seeds and tests rely on it).
 * A form not listed here is clinical (the pustu and the puskesmas only): a new form must be
 * listed to reach a kader's phone, never the other way round.
 */
export const HEALTH_WRITERS: readonly Role[] = ["puskesmas", "pustu", "kader"];
/** Clinical services given by a bidan or nurse at the pustu or puskesmas (MTBS, persalinan, KB…). */
export const CLINICAL_ROLES: readonly Role[] = ["puskesmas", "pustu"];

export const FORM_ROLES: Readonly<Record<string, readonly Role[]>> = {
  anc: HEALTH_WRITERS,
  nifas: HEALTH_WRITERS,
  neonatal: HEALTH_WRITERS,
  balita: HEALTH_WRITERS,
  imunisasi: HEALTH_WRITERS,
  remaja: HEALTH_WRITERS,
  ptm: HEALTH_WRITERS,
  lansia: HEALTH_WRITERS,
  tb: HEALTH_WRITERS,
  malaria: HEALTH_WRITERS,
  "kunjungan-rumah": HEALTH_WRITERS,
  // Development screening (KPSP, hearing and vision tests) is done by trained kader at the posyandu
  // as well as by the bidan (Kemenkes, Pedoman SDIDTK 2016: "tenaga kesehatan, kader terlatih").
  sdidtk: HEALTH_WRITERS,
};

/** The roles that enter a form: listed, or clinical-only. */
export function formRoles(formId: string): readonly Role[] {
  return FORM_ROLES[formId] ?? CLINICAL_ROLES;
}

/** May this role enter (create, edit) records of this form? */
export function mayEnterForm(role: Role, formId: string): boolean {
  return formRoles(formId).includes(role);
}
