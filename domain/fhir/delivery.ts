import type { CodeableConcept, Coding, Observation, Procedure, Reference } from "@medplum/fhirtypes";
import { MAX_BABIES } from "../forms/persalinan-v1.ts";
import * as C from "./codes.ts";
import { base, type BuiltObservation } from "./observation.ts";
import { answer, coding, derivedUuid, numberAnswer, optionText, utc, wibDayStart, wibMorning, type RecordContext } from "./shared.ts";

/**
 * Persalinan (issue 15, domain/forms/persalinan-v1.ts): the delivery recorded as its own visit.
 *
 * SATUSEHAT's persalinan guide could not be found here (searched: "SATUSEHAT persalinan",
 * "Kemenkes FHIR persalinan"), so the shape follows FHIR R4 itself and the Dutch Nictiz birth-care
 * guide (Geboortezorg bc-BirthObservation: "subject, the woman giving birth; a reference to the
 * Delivery Procedure (the focus of the Observation)"):
 * - the Encounter of the visit (class AMB: it is the visit that records the delivery, wherever the
 *   delivery happened);
 * - one Procedure, the delivery: status completed, category SNOMED 386637004, code SNOMED 236973005
 *   "Delivery procedure" (11466000 for an SC) with the Simpul method code, subject the mother,
 *   performed at the delivery date (and hour, when recorded; WIB → UTC), the place and the
 *   attendant as Simpul-coded words (SATUSEHAT ids of the facility or practitioner are not known:
 *   Procedure.location would need a Location resource, so the place goes in Procedure.location's
 *   display and the attendant in performer.function), complications in Procedure.complication;
 * - the place, coded, as an Observation with the Procedure as focus (Nictiz DeliveryObservation);
 * - one Observation per baby born with a recorded weight: LOINC 8339-4 "Birth weight Measured",
 *   subject the MOTHER and focus the delivery Procedure (the babies are not Patients yet: Simpul
 *   registers a baby as a person after birth, and the neonatal form then records its birth weight
 *   on the baby's own Patient, issue 13); components say which baby (alive/stillborn, sex).
 * All NOT CONFIRMED BY SATUSEHAT (docs/INTEROP.md).
 */

export const DELIVERY_FORM = "persalinan";

export interface BuiltDelivery {
  procedure: { id: string; resource: Procedure } | null;
  observations: BuiltObservation[];
}

function simpulConcept(rc: RecordContext, system: string, field: string): CodeableConcept | null {
  const v = answer(rc, field);
  if (typeof v !== "string" || !v) return null;
  const text = optionText(rc, field, v);
  return { coding: [{ system, code: v, display: text }], text };
}

/** The delivery's time: its date (and HH:MM, when recorded) in WIB, in UTC; 08:00 WIB without an hour. */
export function deliveryTime(date: unknown, hour: unknown): string | null {
  if (typeof date !== "string") return null;
  const m = typeof hour === "string" ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hour) : null;
  if (!m) return wibMorning(date);
  const day = wibDayStart(date);
  return day === null ? null : utc(day + (Number(m[1]) * 60 + Number(m[2])) * 60_000);
}

export function delivery(rc: RecordContext): BuiltDelivery {
  if (rc.input.record.formId !== DELIVERY_FORM) return { procedure: null, observations: [] };
  const performed = deliveryTime(answer(rc, "tanggal_persalinan"), answer(rc, "jam_persalinan"));
  if (!performed) return { procedure: null, observations: [] };
  const id = derivedUuid("procedure", rc.input.id, "persalinan");
  const method = simpulConcept(rc, C.SYSTEM_SIMPUL_DELIVERY_METHOD, "cara_persalinan");
  const snomed = answer(rc, "cara_persalinan") === "sc" ? C.SNOMED_CESAREAN_SECTION : C.SNOMED_DELIVERY_PROCEDURE;
  const place = simpulConcept(rc, C.SYSTEM_SIMPUL_DELIVERY_PLACE, "tempat_persalinan");
  const attendant = simpulConcept(rc, C.SYSTEM_SIMPUL_DELIVERY_ATTENDANT, "penolong");
  const complications = answer(rc, "komplikasi");
  const complication: CodeableConcept[] = (Array.isArray(complications) ? [...complications].sort() : [])
    .filter((c) => c !== "tidak_ada")
    .map((c) => {
      const text = optionText(rc, "komplikasi", c);
      return { coding: [{ system: C.SYSTEM_SIMPUL_DELIVERY_COMPLICATION, code: c, display: text }], text };
    });
  const outcome = answer(rc, "hasil_persalinan");
  const babies = numberAnswer(rc, "jumlah_bayi");
  const outcomeText = outcome === "abortus" ? "Abortus" : outcome === "lahir" ? `Lahir, ${babies ?? 1} bayi` : null;
  const procedure: Procedure = {
    resourceType: "Procedure",
    identifier: [{ system: C.sysIds("procedure", rc.context.organizationId), value: `${rc.input.id}.persalinan` }],
    status: "completed",
    category: { coding: [coding(C.SNOMED_OBSTETRIC_PROCEDURE)] },
    code: { coding: [coding(snomed), ...(method?.coding ?? [])] as Coding[], text: method ? `Persalinan ${method.text!.toLowerCase()}` : "Persalinan" },
    subject: rc.patient,
    encounter: rc.encounter,
    performedDateTime: performed,
    ...(attendant ? { performer: [{ function: attendant, actor: { display: attendant.text! } }] } : {}),
    ...(place ? { location: { display: place.text! } } : {}),
    ...(outcomeText ? { outcome: { text: outcomeText } } : {}),
    ...(complication.length ? { complication } : {}),
  };
  const focus: Reference = { reference: `urn:uuid:${id}` };
  const observations: BuiltObservation[] = [];
  // The place, coded (Procedure.location is a Reference to a Location Simpul cannot name): a
  // delivery Observation with the Procedure as focus (the Nictiz DeliveryObservation pattern). The
  // PWS "persalinan di faskes" reads the same answer.
  if (place) {
    const obs = base(rc, "tempat_persalinan", C.CATEGORY_SURVEY, { coding: [coding(C.SIMPUL_DELIVERY_PLACE)], text: "Tempat persalinan" });
    obs.focus = [focus];
    obs.effectiveDateTime = performed;
    obs.valueCodeableConcept = place;
    observations.push({ id: derivedUuid("observation", rc.input.id, "tempat_persalinan"), resource: obs });
  }
  if (outcome === "lahir") {
    const n = Math.min(MAX_BABIES, Math.max(1, babies ?? 1));
    for (let i = 1; i <= n; i++) {
      const grams = numberAnswer(rc, `bayi${i}_berat_lahir`);
      if (grams === null) continue;
      const key = `bayi${i}_berat_lahir`;
      const obs: Observation = base(rc, key, C.CATEGORY_VITAL_SIGNS, { coding: [coding(C.LOINC_BIRTH_WEIGHT)], text: `Berat lahir bayi ke-${i}` });
      obs.focus = [focus];
      obs.effectiveDateTime = performed;
      obs.valueQuantity = { value: grams, unit: C.UCUM_G.unit, system: C.SYSTEM_UCUM, code: C.UCUM_G.code };
      const status = simpulConcept(rc, C.SYSTEM_SIMPUL_BABY_STATUS, `bayi${i}_status`);
      const sexAnswer = answer(rc, `bayi${i}_jenis_kelamin`);
      const sex = sexAnswer === "L" ? C.GENDER_MALE : sexAnswer === "P" ? C.GENDER_FEMALE : null;
      const components: NonNullable<Observation["component"]> = [];
      if (status) components.push({ code: { coding: [coding(C.SIMPUL_BABY_STATUS)], text: "Keadaan bayi saat lahir" }, valueCodeableConcept: status });
      if (sex) components.push({ code: { coding: [coding(C.SIMPUL_BABY_SEX)], text: "Jenis kelamin bayi" }, valueCodeableConcept: { coding: [coding(sex)], text: sexAnswer === "L" ? "Laki-laki" : "Perempuan" } });
      if (components.length) obs.component = components;
      observations.push({ id: derivedUuid("observation", rc.input.id, key), resource: obs });
    }
  }
  return { procedure: { id, resource: procedure }, observations };
}
