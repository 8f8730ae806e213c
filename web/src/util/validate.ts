import { t } from "../i18n/index.ts";
import { todayIso } from "./people.ts";

/**
 * Checks for the registry forms, matching domain/entities/fields.ts (kept zod-free so the
 * first load stays small; the server's schema has the last word).
 */
export const NIK_RE = /^\d{16}$/;
export const NO_KK_RE = /^\d{16}$/;
export const PHONE_RE = /^\+?\d{8,15}$/;
export const JKN_RE = /^\d{13}$/;
export const RT_RE = /^\d{1,3}$/;
/** NIK digits 7–8 are the birth day, plus 40 for women (Dukcapil). */
export const NIK_FEMALE_DAY_OFFSET = 40;

export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(s + "T00:00:00Z");
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The NIK's day field must fit the sex: 1–31 for men, 41–71 for women. */
export function nikFitsSex(nik: string, sex: string): boolean {
  const day = Number(nik.slice(6, 8));
  return sex === "P" ? day > NIK_FEMALE_DAY_OFFSET && day <= NIK_FEMALE_DAY_OFFSET + 31 : day >= 1 && day <= 31;
}

export type Errors = Record<string, string>;

export function checkOptional(errors: Errors, field: string, value: string, re: RegExp, key: Parameters<typeof t>[0]): void {
  if (value.trim() && !re.test(value.trim())) errors[field] = t(key);
}

export function checkBirth(errors: Errors, birthDate: string): void {
  if (!isRealDate(birthDate)) errors.birthDate = t("v_date");
  else if (birthDate > todayIso()) errors.birthDate = t("v_future");
  else if (birthDate < "1900-01-01") errors.birthDate = t("v_year");
}
