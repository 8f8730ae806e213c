import { isCalendarDate } from "../../../domain/entities/formats.ts";
import { t } from "../i18n/index.ts";
import { todayIso } from "./people.ts";

/**
 * Checks for the registry forms, on the field formats of domain/entities/formats.ts (the same
 * patterns the server's schemas use, without zod; the server's schema has the last word).
 */
export { JKN_RE, NIK_RE, nikFitsSex, NO_KK_RE, PHONE_RE, RT_RE } from "../../../domain/entities/formats.ts";

export const isRealDate = isCalendarDate;

export type Errors = Record<string, string>;

export function checkOptional(errors: Errors, field: string, value: string, re: RegExp, key: Parameters<typeof t>[0]): void {
  if (value.trim() && !re.test(value.trim())) errors[field] = t(key);
}

export function checkBirth(errors: Errors, birthDate: string): void {
  if (!isRealDate(birthDate)) errors.birthDate = t("v_date");
  else if (birthDate > todayIso()) errors.birthDate = t("v_future");
  else if (birthDate < "1900-01-01") errors.birthDate = t("v_year");
}
