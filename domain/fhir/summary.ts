/**
 * What GET /api/fhir/summary answers (issue 13): per desa of a kecamatan (or one desa), what its
 * export for the period would hold. One shape for the Worker that builds it
 * (worker/services/fhir/summary.ts) and the interop console that shows it
 * (web/src/screens/interop/fhir-bundle.ts). Types only.
 */

export interface FhirSummaryUnit {
  code: string;
  name: string;
  /** Persons with something in the period. */
  persons: number;
  /** Resources per FHIR resource type. */
  counts: Record<string, number>;
  unexported: number;
  /** Unexported entries by reason (no_nik, patient_not_exported, no_mapping). */
  reasons: Record<string, number>;
}

export interface FhirSummary {
  area: { code: string; name: string; level: "kecamatan" | "desa" };
  /** YYYY-MM-DD, both included. */
  period: { from: string; to: string };
  organizationConfigured: boolean;
  units: FhirSummaryUnit[];
  total: Omit<FhirSummaryUnit, "code" | "name">;
  generatedAt: string;
}
