import type { Encounter } from "@medplum/fhirtypes";
import { ACT_AMBULATORY, ACT_HOME_HEALTH, sysIds } from "./codes.ts";
import { coding, type RecordContext } from "./shared.ts";

/**
 * Encounter, one per record, after SATUSEHAT's Encounter page
 * (https://satusehat.kemkes.go.id/platform/docs/id/fhir/resources/encounter/): identifier under
 * sys-ids, status finished, class AMB (HH for a kunjungan rumah), the statusHistory SATUSEHAT
 * requires (arrived, in-progress, finished, each with a period in UTC), subject, period,
 * serviceProvider and location. Times: shared.ts visitTimes.
 *
 * location: SATUSEHAT wants `Location/{id}` of its own Location registry, which Simpul does not
 * hold; the facility is referenced by its Simpul id under the sys-ids location namespace, with its
 * name, so the sender can resolve it. participant (the Practitioner) is not sent: Simpul holds no
 * practitioner's SATUSEHAT id (docs/INTEROP.md, open items).
 */

/** The form of a home visit: class HH. */
export const HOME_VISIT_FORM = "kunjungan-rumah";

export function encounter(rc: RecordContext): Encounter {
  const { input, context, times } = rc;
  const cls = input.record.formId === HOME_VISIT_FORM ? ACT_HOME_HEALTH : ACT_AMBULATORY;
  return {
    resourceType: "Encounter",
    identifier: [{ system: sysIds("encounter", context.organizationId), value: input.id }],
    status: "finished",
    class: coding(cls),
    statusHistory: [
      { status: "arrived", period: { start: times.start, end: times.arrivedEnd } },
      { status: "in-progress", period: { start: times.arrivedEnd, end: times.end } },
      { status: "finished", period: { start: times.end, end: times.end } },
    ],
    subject: rc.patient,
    period: { start: times.start, end: times.end },
    ...(context.location
      ? { location: [{ location: { identifier: { system: sysIds("location", context.organizationId), value: context.location.id }, display: context.location.name } }] }
      : {}),
    serviceProvider: { reference: `Organization/${context.organizationId}`, display: context.organizationName },
  };
}
