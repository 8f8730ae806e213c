/**
 * FHIR R4 export of Simpul's health data for SATUSEHAT (issue 13, part 1): pure functions from
 * Simpul's entities to FHIR resources, one module per resource, and a transaction Bundle per page
 * of a desa-period. No worker or web imports; types only from @medplum/fhirtypes (erased at build).
 * The mapping and its sources: docs/INTEROP.md, "FHIR R4 mapping".
 */
export type { FhirContext, FhirArea, FhirPersonInput, FhirRecordInput, FhirReferralInput, Unexported, DesaBundleInput, DesaBundleResult } from "./types.ts";
export { transactionBundle } from "./bundle.ts";
export { SYSTEM_NIK, SYSTEM_NIK_IBU, sysIds } from "./codes.ts";
export { patientNikQuery } from "./bundle.ts";
