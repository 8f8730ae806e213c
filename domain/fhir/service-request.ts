import type { Encounter, Patient, Reference, ServiceRequest } from "@medplum/fhirtypes";
import type { ReferralOutcome } from "../entities/enums.ts";
import { SNOMED_PATIENT_REFERRAL, sysIds } from "./codes.ts";
import { conditionRuleFor } from "./condition.ts";
import { coding, wibMorning, type VisitTimes } from "./shared.ts";
import type { FhirContext, FhirReferralInput } from "./types.ts";

/**
 * ServiceRequest, one per referral (rujukan): identifier under sys-ids servicerequest, intent
 * original-order, subject, encounter (the visit that made it, when it is in the same bundle),
 * authoredOn, requester the puskesmas, performer the destination (by name: Simpul holds no
 * SATUSEHAT id of the receiving facility), reasonCode (ICD-10 when the reason is a finding
 * condition.ts maps, and the reason's words).
 *
 * Closed by the rujuk balik: an outcome makes it completed, except "tidak_datang" (the patient
 * never arrived: the order ended without being performed, FHIR "revoked"); the outcome and its
 * date go in a note. Without an outcome it is active.
 */

export const DESTINATION_TEXT: Record<FhirReferralInput["referral"]["destination"], string> = {
  pustu: "Pustu",
  puskesmas: "Puskesmas",
  rumah_sakit: "Rumah sakit",
  lab_tcm: "Laboratorium TCM",
};

export const OUTCOME_TEXT: Record<ReferralOutcome, string> = {
  datang_ditangani: "Datang dan ditangani",
  dirujuk_lanjut: "Dirujuk lanjut",
  dirawat: "Dirawat",
  tidak_datang: "Tidak datang",
  meninggal: "Meninggal",
};

export function serviceRequestStatus(outcome: ReferralOutcome | null): ServiceRequest["status"] {
  if (outcome === null) return "active";
  return outcome === "tidak_datang" ? "revoked" : "completed";
}

export function serviceRequest(input: FhirReferralInput, context: FhirContext, patient: Reference<Patient>, visit: { encounter: Reference<Encounter>; times: VisitTimes } | null): ServiceRequest | null {
  const r = input.referral;
  const authoredOn = visit && r.recordId ? visit.times.end : wibMorning(r.referredAt.slice(0, 10));
  if (!authoredOn) return null;
  const rule = conditionRuleFor(r.reason);
  const reasonText = r.reasonText?.trim() || rule?.text || r.reason;
  const outcomeDate = r.outcomeAt ? r.outcomeAt.slice(0, 10) : null;
  return {
    resourceType: "ServiceRequest",
    identifier: [{ system: sysIds("servicerequest", context.organizationId), value: input.id }],
    status: serviceRequestStatus(r.outcome),
    intent: "original-order",
    code: { coding: [coding(SNOMED_PATIENT_REFERRAL)], text: `Rujukan ke ${DESTINATION_TEXT[r.destination]}` },
    subject: patient,
    ...(visit ? { encounter: visit.encounter } : {}),
    authoredOn,
    requester: { reference: `Organization/${context.organizationId}`, display: context.organizationName },
    performer: [{ display: DESTINATION_TEXT[r.destination] }],
    reasonCode: [{ ...(rule ? { coding: [coding(rule.icd)] } : {}), text: reasonText }],
    ...(r.outcome ? { note: [{ text: `Rujuk balik${outcomeDate ? ` ${outcomeDate}` : ""}: ${OUTCOME_TEXT[r.outcome]}` }] } : {}),
  };
}
