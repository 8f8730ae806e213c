/** PLACEHOLDER owned by the monthly reports helper: replaced with the report downloads. */
export function MonthlyReports(_props: { month: string }) {
  return null;
}
