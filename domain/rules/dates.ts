import { dateToDays } from "../forms/engine.ts";

/** Calendar helpers on YYYY-MM-DD strings, in UTC days (no time zones, no clocks). */

export { dateToDays };

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;

/**
 * YYYY-MM-DD of a day number (days since 1970-01-01), by calendar arithmetic (H. Hinnant's
 * civil_from_days) rather than Date and toISOString: the task rules make thousands of dates.
 * Years 0–9999, as the dates elsewhere.
 */
export function daysToDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(date: string, days: number): string {
  return daysToDate(dateToDays(date)! + days);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** The same day n calendar months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const nd = Math.min(d, monthDays(ny, nm));
  return `${String(ny).padStart(4, "0")}-${pad2(nm)}-${pad2(nd)}`;
}

/** "2026-03" of a date. */
export const monthOf = (date: string) => date.slice(0, 7);

/** First and last day of a month "YYYY-MM". */
export function monthBounds(month: string): { first: string; last: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { first: `${month}-01`, last: `${month}-${String(monthDays(y, m)).padStart(2, "0")}` };
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  return addMonths(`${month}-01`, -1).slice(0, 7);
}

/** Indonesian date for task texts: 5 Mar 2026 → "5 Maret 2026". */
const BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export function formatDateId(date: string): string {
  return `${Number(date.slice(8, 10))} ${BULAN[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}
export function formatDateEn(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}
export function formatMonthId(month: string): string {
  return `${BULAN[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}
export function formatMonthEn(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}
