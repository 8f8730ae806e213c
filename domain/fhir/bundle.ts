import type { BundleEntry, Encounter, Patient, Reference, Resource } from "@medplum/fhirtypes";
import { getForm } from "../forms/index.ts";
import { deriveRecord, type Derived } from "../rules/derive.ts";
import { SYSTEM_NIK } from "./codes.ts";
import { conditions } from "./condition.ts";
import { delivery } from "./delivery.ts";
import { encounter } from "./encounter.ts";
import { familyPlanningObservations } from "./family-planning.ts";
import { immunizations } from "./immunization.ts";
import { growthObservations, measurementObservations } from "./observation.ts";
import { patient, patientIdentity, patientMatchIdentifier } from "./patient.ts";
import { serviceRequest } from "./service-request.ts";
import { urnRef, visitTimes, type RecordContext, type VisitTimes } from "./shared.ts";
import type { DesaBundleInput, DesaBundleResult, FhirPersonInput, Unexported } from "./types.ts";

/**
 * A FHIR R4 transaction Bundle for one page of a desa-period (issue 13): every entry has
 * `fullUrl` urn:uuid:<id> (Simpul's UUID, or a deterministic one for a derived resource),
 * `request.method` POST, `request.url` the resource type and `request.ifNoneExist` on its
 * identifier, so a bundle sent twice creates nothing new:
 * - Patient on its NIK (`identifier=https://fhir.kemkes.go.id/id/nik|<nik>`), or for an infant
 *   known by the mother's NIK on its Simpul identifier (patient.ts: twins are never merged);
 * - every other resource on its sys-ids identifier.
 * References inside the bundle are urn:uuid fullUrls; a transaction server rewrites them to the
 * ids it assigns (or finds through ifNoneExist).
 *
 * What cannot be exported is listed, never skipped silently: a person with neither a NIK nor a
 * mother's NIK ("no_nik"), the records and referrals of a person not exported or not in the page
 * ("patient_not_exported"), a record of a form Simpul does not know or with an impossible visit
 * date ("no_mapping"), and an antigen missing from the schedule ("no_mapping", the record's other
 * resources still go).
 *
 * Per record (issue 15 included): its Encounter, then the measurement Observations
 * (observation.ts MEASURES, by form id), growth z-scores (balita), the KB method (family-planning.ts),
 * the delivery Procedure and its Observations (delivery.ts), Conditions (condition.ts, from the
 * derived flags) and Immunizations. A record of a known form with nothing to measure still gives its
 * Encounter (and its Conditions); test/domain/fhir-property.test.ts fails when a published form is
 * neither in MEASURES nor named encounter-only there.
 *
 * Deterministic: entries are ordered by person id, then each person's records by visit date and
 * id, then referrals by id, whatever order the caller passes; nothing reads the clock.
 */

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function entry(id: string, resource: Resource, ifNoneExist: string): BundleEntry {
  return { fullUrl: `urn:uuid:${id}`, resource, request: { method: "POST", url: resource.resourceType, ifNoneExist } };
}

const identifierQuery = (system: string, value: string) => `identifier=${system}|${value}`;

function firstIdentifier(r: Resource): { system: string; value: string } {
  const id = (r as { identifier?: { system?: string; value?: string }[] }).identifier?.[0];
  return { system: id?.system ?? "", value: id?.value ?? "" };
}

/**
 * The record's derived results: the server's (record.derived), or, for a record stored without
 * them, recomputed from the answers with the same rules (without the WHO tables: no growth).
 */
function derivedOf(input: DesaBundleInput["records"][number], person: FhirPersonInput): Derived | null {
  const d = input.record.derived;
  if (d && typeof d === "object" && Array.isArray((d as { flags?: unknown }).flags)) return d as unknown as Derived;
  const def = getForm(input.record.formId, input.record.formVersion);
  if (!def) return null;
  return deriveRecord({ def, answers: input.record.data, visitDate: input.record.visitDate, person: { sex: person.person.sex, birthDate: person.person.birthDate } });
}

export function transactionBundle(input: DesaBundleInput): DesaBundleResult {
  const { context } = input;
  const entries: BundleEntry[] = [];
  const unexported: Unexported[] = [];

  const persons = [...input.persons].sort(byId);
  const exported = new Map<string, { ref: Reference<Patient>; person: FhirPersonInput }>();
  for (const p of persons) {
    const identity = patientIdentity(p);
    if (!identity) {
      unexported.push({ entity: "person", id: p.id, reason: "no_nik", detail: "no NIK, and no mother's NIK for an infant" });
      continue;
    }
    const match = patientMatchIdentifier(p, context, identity);
    entries.push(entry(p.id, patient(p, context, identity), identifierQuery(match.system, match.value)));
    exported.set(p.id, { ref: urnRef<Patient>(p.id), person: p });
  }
  const personIds = new Set(input.persons.map((p) => p.id));
  const notExported = (personId: string) => (personIds.has(personId) ? "the person is not exported" : "the person is not in this page");

  const records = [...input.records].sort((a, b) => (a.record.personId < b.record.personId ? -1 : a.record.personId > b.record.personId ? 1 : a.record.visitDate < b.record.visitDate ? -1 : a.record.visitDate > b.record.visitDate ? 1 : byId(a, b)));
  const visits = new Map<string, { encounter: Reference<Encounter>; times: VisitTimes }>();
  for (const r of records) {
    const owner = exported.get(r.record.personId);
    if (!owner) {
      unexported.push({ entity: "record", id: r.id, reason: "patient_not_exported", detail: notExported(r.record.personId) });
      continue;
    }
    if (!getForm(r.record.formId, r.record.formVersion)) {
      unexported.push({ entity: "record", id: r.id, reason: "no_mapping", detail: `unknown form ${r.record.formId}@${r.record.formVersion}` });
      continue;
    }
    const times = visitTimes(r.record.visitDate, r.createdAt);
    if (!times) {
      unexported.push({ entity: "record", id: r.id, reason: "no_mapping", detail: "invalid visit date" });
      continue;
    }
    const rc: RecordContext = { input: r, context, patient: owner.ref, encounter: urnRef<Encounter>(r.id), times, derived: derivedOf(r, owner.person) };
    const enc = encounter(rc);
    const encId = firstIdentifier(enc);
    entries.push(entry(r.id, enc, identifierQuery(encId.system, encId.value)));
    visits.set(r.id, { encounter: rc.encounter, times });
    const imm = immunizations(rc);
    const birth = delivery(rc);
    const derivedResources = [
      ...measurementObservations(rc), ...growthObservations(rc), ...familyPlanningObservations(rc),
      // The delivery Procedure before the Observations whose focus it is.
      ...(birth.procedure ? [birth.procedure] : []), ...birth.observations,
      ...conditions(rc), ...imm.built,
    ];
    for (const built of derivedResources) {
      const ident = firstIdentifier(built.resource);
      entries.push(entry(built.id, built.resource, identifierQuery(ident.system, ident.value)));
    }
    for (const a of imm.unknown) unexported.push({ entity: "record", id: r.id, reason: "no_mapping", detail: `unknown antigen ${a}` });
  }

  for (const f of [...input.referrals].sort(byId)) {
    const owner = exported.get(f.referral.personId);
    if (!owner) {
      unexported.push({ entity: "referral", id: f.id, reason: "patient_not_exported", detail: notExported(f.referral.personId) });
      continue;
    }
    const visit = f.referral.recordId ? (visits.get(f.referral.recordId) ?? null) : null;
    const sr = serviceRequest(f, context, owner.ref, visit);
    if (!sr) {
      unexported.push({ entity: "referral", id: f.id, reason: "no_mapping", detail: "invalid referral date" });
      continue;
    }
    const ident = firstIdentifier(sr);
    entries.push(entry(f.id, sr, identifierQuery(ident.system, ident.value)));
  }

  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.resource!.resourceType] = (counts[e.resource!.resourceType] ?? 0) + 1;
  return { bundle: { resourceType: "Bundle", type: "transaction", entry: entries }, unexported, counts };
}

/** The ifNoneExist of a Patient with a NIK: exported for the sender and tests. */
export const patientNikQuery = (nik: string) => identifierQuery(SYSTEM_NIK, nik);
