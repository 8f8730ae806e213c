/** PLACEHOLDER owned by the FHIR export helper: replaced with the SATUSEHAT export and send log. */
export function FhirExport(_props: { month: string }) {
  return null;
}
