import type { Observation } from "@medplum/fhirtypes";
import * as C from "./codes.ts";
import { base, type BuiltObservation } from "./observation.ts";
import { answer, coding, derivedUuid, optionText, type RecordContext } from "./shared.ts";

/**
 * KB (issue 15, domain/forms/kb-v1.ts): the method the acceptor uses after the visit, as one
 * Observation (category survey) coded with Simpul codes, value the method, components the acceptor
 * status (baru / lama / ganti cara / berhenti) and whether it is post-partum KB.
 *
 * Why an Observation: no SATUSEHAT KB guide could be found here (searched "SATUSEHAT keluarga
 * berencana KB metode kontrasepsi FHIR"); a MedicationDispense would need KFA product codes the form
 * does not record, and a Procedure fits only IUD/implant/MOW/MOP insertions. WHO's SMART family
 * planning guide records the method in use as a statement/observation too. NOT CONFIRMED BY SATUSEHAT.
 */

export const KB_FORM = "kb";

export function familyPlanningObservations(rc: RecordContext): BuiltObservation[] {
  if (rc.input.record.formId !== KB_FORM) return [];
  const method = answer(rc, "metode");
  if (typeof method !== "string" || !method) return [];
  const text = optionText(rc, "metode", method);
  const obs: Observation = base(rc, "metode", C.CATEGORY_SURVEY, { coding: [coding(C.SIMPUL_KB_METHOD)], text: "Metode KB" });
  obs.valueCodeableConcept = { coding: [{ system: C.SYSTEM_SIMPUL_KB_METHOD, code: method, display: text }], text };
  const components: NonNullable<Observation["component"]> = [];
  const status = answer(rc, "status_peserta");
  if (typeof status === "string" && status) {
    const st = optionText(rc, "status_peserta", status);
    components.push({ code: { coding: [coding(C.SIMPUL_KB_STATUS)], text: "Status peserta KB" }, valueCodeableConcept: { coding: [{ system: C.SYSTEM_SIMPUL_KB_STATUS, code: status, display: st }], text: st } });
  }
  const pp = answer(rc, "pasca_persalinan");
  if (typeof pp === "boolean") components.push({ code: { coding: [coding(C.SIMPUL_KB_POSTPARTUM)], text: "KB pascapersalinan" }, valueBoolean: pp });
  if (components.length) obs.component = components;
  return [{ id: derivedUuid("observation", rc.input.id, "metode"), resource: obs }];
}
