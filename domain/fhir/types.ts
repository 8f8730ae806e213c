import type { Bundle } from "@medplum/fhirtypes";
import type { Household, Person, Referral, VisitRecord } from "../entities/types.ts";

/** Who exports: the puskesmas as a SATUSEHAT Organization, and where the visits happened. */
export interface FhirContext {
  /** SATUSEHAT Organization id of the puskesmas (from Worker config); used in Encounter.serviceProvider and the sys-ids identifier systems. */
  organizationId: string;
  organizationName: string;
  /** The puskesmas/pustu facility where the visits happened (Simpul facility id, name) -> Encounter.location. */
  location: { id: string; name: string } | null;
}

/** Kemendagri codes as Simpul stores them (dotted: 18.04.10.2001); the address extension drops the dots. */
export interface FhirArea {
  provinsi: string;
  kabupaten: string;
  kecamatan: string;
  desa: string;
}

export interface FhirPersonInput {
  id: string;
  person: Person;
  household: Household;
  area: FhirArea;
  /** The mother's NIK, for a child without its own (Patient identifier nik-ibu). */
  motherNik: string | null;
}

export interface FhirRecordInput {
  id: string;
  record: VisitRecord;
  /** Server time the record was first stored, ms since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface FhirReferralInput {
  id: string;
  referral: Referral;
}

/** Something that could not be exported, and why: never silently skipped (issue 13). */
export interface Unexported {
  entity: "person" | "record" | "referral";
  id: string;
  reason: "no_nik" | "patient_not_exported" | "no_mapping";
  detail?: string;
}

export interface DesaBundleInput {
  context: FhirContext;
  persons: FhirPersonInput[];
  records: FhirRecordInput[];
  referrals: FhirReferralInput[];
}

export interface DesaBundleResult {
  bundle: Bundle;
  unexported: Unexported[];
  /** How many resources of each type the bundle holds (e.g. { Patient: 3, Encounter: 5 }). */
  counts: Record<string, number>;
}
