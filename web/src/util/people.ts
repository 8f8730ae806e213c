import type { Person } from "../../../domain/entities/types.ts";
import { t } from "../i18n/index.ts";

export type { Area, Dusun, Facility, Household, Person, VisitRecord } from "../../../domain/entities/types.ts";

export function todayIso(now = new Date()): string {
  // The phone's local date: a visit at 07:00 WIB is on that day, not the UTC one before.
  const d = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 10);
}

/** Age in whole years (or months under 2), honest about a birth date known only to the year. */
export function ageLabel(p: Pick<Person, "birthDate" | "birthDatePrecision">, today = todayIso()): string {
  const [by, bm, bd] = p.birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  let months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  if (p.birthDatePrecision === "year") months = (ty - by) * 12;
  if (months < 0) return t("none");
  if (months < 24 && p.birthDatePrecision !== "year") return t("ageMonths", { n: months });
  const years = Math.floor(months / 12);
  return (p.birthDatePrecision === "year" ? "±" : "") + t("age", { n: years });
}

export function sexLabel(s: string): string {
  return s === "L" ? t("sexL") : t("sexP");
}
