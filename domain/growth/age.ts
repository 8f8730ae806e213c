/**
 * Ages for the WHO growth standards: completed days between two calendar dates, counted in UTC
 * so that the device's time zone and daylight-saving changes never move a child by a day.
 */

/** WHO anthro: one month is 365.25 / 12 days (anthro's ANTHRO_DAYS_OF_MONTH). */
export const DAYS_PER_MONTH = 30.4375;

const DASH = 45;
const ZERO = 48;
const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
};
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days since 1970-01-01 (UTC) of a YYYY-MM-DD that is a real calendar date, else null. Plain
 * arithmetic (H. Hinnant's days_from_civil) instead of Date and a regex: the PWS screens parse
 * tens of thousands of dates at once on slow phones.
 */
export function isoDateToDays(s: unknown): number | null {
  if (typeof s !== "string" || s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return null;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  // NaN (a non-digit) fails every comparison below.
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!))) return null;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Completed days from birth to visit (negative when the birth date is after the visit), or null for a bad date. */
export function ageInDays(birthDate: string, visitDate: string): number | null {
  const b = isoDateToDays(birthDate);
  const v = isoDateToDays(visitDate);
  return b === null || v === null ? null : v - b;
}

/** Age in (fractional) months as WHO anthro counts it: days / 30.4375. */
export function daysToMonths(days: number): number {
  return days / DAYS_PER_MONTH;
}

/** Completed months (the age a kader reads off the KMS). */
export function completedMonths(days: number): number {
  return Math.floor(days / DAYS_PER_MONTH);
}
