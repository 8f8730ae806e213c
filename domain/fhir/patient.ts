import type { Address, Extension, Identifier, Patient } from "@medplum/fhirtypes";
import { EXT_ADMINISTRATIVE_CODE, SYSTEM_NIK, SYSTEM_NIK_IBU, sysIds } from "./codes.ts";
import type { FhirContext, FhirPersonInput } from "./types.ts";

/**
 * Patient, after SATUSEHAT's Master Patient Index pages ("Pasien dengan NIK", "Pasien Bayi Baru
 * Lahir"): identifier, name, gender, birthDate and the home address with the Kemendagri codes.
 *
 * Who is a Patient:
 * - a person with a NIK: identifier `nik`; sent with ifNoneExist on it;
 * - a person without one whose mother's NIK the caller found (FhirPersonInput.motherNik; the rule
 *   is domain/rules/mother.ts: an infant under 12 months, exactly one mother in the household):
 *   identifier `nik-ibu`. Twins share it, so such a Patient is matched on its Simpul identifier
 *   (below), never on nik-ibu: two siblings are never merged into one;
 * - anyone else: not exported, reported as "no_nik" (bundle.ts).
 *
 * Every Patient also carries its Simpul id as a secondary identifier under the puskesmas's
 * sys-ids namespace (`http://sys-ids.kemkes.go.id/patient/{organizationId}`, the pattern SATUSEHAT
 * uses for an organisation's local ids; NOT CONFIRMED for Patient).
 *
 * Not sent: phone, JKN number, KK number, relation (data minimisation: SATUSEHAT's minimum data
 * does not need them); multipleBirthInteger of a newborn (Simpul does not record birth order).
 */

/** Kemendagri code without dots, as SATUSEHAT's administrativeCode wants it ("18.04.10.2001" → "1804102001"). */
export const kemendagriCode = (dotted: string): string => dotted.replace(/\./g, "");

export type PatientIdentity = { kind: "nik"; value: string } | { kind: "nik-ibu"; value: string };

/** How a person is identified at SATUSEHAT, or null (not exportable). */
export function patientIdentity(p: FhirPersonInput): PatientIdentity | null {
  if (p.person.nik) return { kind: "nik", value: p.person.nik };
  if (p.motherNik) return { kind: "nik-ibu", value: p.motherNik };
  return null;
}

/** FHIR date of the precision Simpul knows: year only → "YYYY", month → "YYYY-MM". */
export function fhirBirthDate(birthDate: string, precision: "day" | "month" | "year"): string {
  return precision === "year" ? birthDate.slice(0, 4) : precision === "month" ? birthDate.slice(0, 7) : birthDate;
}

function address(p: FhirPersonInput): Address {
  const codes: Extension[] = [
    { url: "province", valueCode: kemendagriCode(p.area.provinsi) },
    { url: "city", valueCode: kemendagriCode(p.area.kabupaten) },
    { url: "district", valueCode: kemendagriCode(p.area.kecamatan) },
    { url: "village", valueCode: kemendagriCode(p.area.desa) },
  ];
  if (p.household.rt) codes.push({ url: "rt", valueCode: p.household.rt });
  const line = p.household.address?.trim();
  return {
    use: "home",
    ...(line ? { line: [line] } : {}),
    country: "ID",
    extension: [{ url: EXT_ADMINISTRATIVE_CODE, extension: codes }],
  };
}

/** The identifier the bundle matches the Patient on (ifNoneExist). */
export function patientMatchIdentifier(p: FhirPersonInput, context: FhirContext, identity: PatientIdentity): { system: string; value: string } {
  return identity.kind === "nik" ? { system: SYSTEM_NIK, value: identity.value } : { system: sysIds("patient", context.organizationId), value: p.id };
}

export function patient(p: FhirPersonInput, context: FhirContext, identity: PatientIdentity): Patient {
  const identifier: Identifier[] = [
    { use: "official", system: identity.kind === "nik" ? SYSTEM_NIK : SYSTEM_NIK_IBU, value: identity.value },
    { use: "secondary", system: sysIds("patient", context.organizationId), value: p.id },
  ];
  return {
    resourceType: "Patient",
    identifier,
    active: true,
    name: [{ use: "official", text: p.person.name }],
    gender: p.person.sex === "L" ? "male" : "female",
    birthDate: fhirBirthDate(p.person.birthDate, p.person.birthDatePrecision),
    address: [address(p)],
  };
}
