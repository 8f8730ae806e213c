import type { Coding, Encounter, Patient, Reference, Resource } from "@medplum/fhirtypes";
import { getForm } from "../forms/index.ts";
import type { AnswerValue } from "../forms/types.ts";
import type { Derived } from "../rules/derive.ts";
import { stableUuid } from "../rules/hash.ts";
import type { FhirContext, FhirRecordInput } from "./types.ts";

/**
 * What every resource module needs: references inside the transaction bundle, the visit's times
 * in UTC, deterministic ids for derived resources, and a record's answers.
 */

/** A reference to another entry of the same transaction bundle (its fullUrl). */
export const urnRef = <T extends Resource = Resource>(id: string): Reference<T> => ({ reference: `urn:uuid:${id}` });

/**
 * A deterministic UUID for a resource Simpul derives from a record (an Observation per field, a
 * Condition per finding, an Immunization per antigen): SHA-256 of its parts, UUID-shaped
 * (domain/rules/hash.ts). The same record always gives the same ids, so exporting twice gives the
 * same bundle, byte for byte.
 */
export const derivedUuid = (kind: string, recordId: string, key: string): string => stableUuid("fhir", kind, recordId, key);

/** Copy a coding constant into a plain FHIR Coding (the constants are readonly). */
export const coding = (c: { system: string; code: string; display?: string }): Coding => ({ system: c.system, code: c.code, ...(c.display ? { display: c.display } : {}) });

// --- time ----------------------------------------------------------------------------------------

/** Visits are entered in WIB (UTC+7): Lampung, where Simpul runs. SATUSEHAT wants UTC [SS-ENC note 2]. */
export const WIB_OFFSET_MINUTES = 7 * 60;
/** Without a better clue a visit starts at 08:00 WIB (posyandu and pustu open in the morning). */
export const DEFAULT_VISIT_START_MINUTES = 8 * 60;
/** A visit lasts 30 minutes, of which the first 5 are waiting (arrived). */
export const VISIT_MINUTES = 30;
export const ARRIVED_MINUTES = 5;

const MINUTE = 60_000;

/** UTC ms of 00:00 WIB on a YYYY-MM-DD date, or null when the date is not one. */
export function wibDayStart(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  return ms - WIB_OFFSET_MINUTES * MINUTE;
}

/** "2025-01-15T01:00:00+00:00": the form of SATUSEHAT's examples (UTC, seconds, explicit offset). */
export function utc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** A date's default time, 08:00 WIB, in UTC (for dates without a visit: a vaccine copied from the Buku KIA). */
export function wibMorning(date: string): string | null {
  const start = wibDayStart(date);
  return start === null ? null : utc(start + DEFAULT_VISIT_START_MINUTES * MINUTE);
}

export interface VisitTimes {
  start: string;
  arrivedEnd: string;
  end: string;
}

/**
 * The visit's times. Simpul records the visit date (a WIB day), not the hour, and the server time
 * the record first arrived (createdAt). When that arrival is on the visit day the visit was over
 * by then: it ends at createdAt and started 30 minutes earlier (not before 00:00 WIB). Otherwise
 * (the phone synced later, the usual case offline) it is 08:00–08:30 WIB. Pure: the same record
 * always gets the same times.
 */
export function visitTimes(visitDate: string, createdAt: number): VisitTimes | null {
  const day = wibDayStart(visitDate);
  if (day === null) return null;
  let start: number, end: number;
  if (Number.isFinite(createdAt) && createdAt >= day && createdAt < day + 24 * 60 * MINUTE) {
    end = Math.floor(createdAt / 1000) * 1000;
    start = Math.max(day, end - VISIT_MINUTES * MINUTE);
  } else {
    start = day + DEFAULT_VISIT_START_MINUTES * MINUTE;
    end = start + VISIT_MINUTES * MINUTE;
  }
  return { start: utc(start), arrivedEnd: utc(Math.min(start + ARRIVED_MINUTES * MINUTE, end)), end: utc(end) };
}

// --- a record as the modules read it ---------------------------------------------------------------

/** One record being mapped, with what every resource built from it shares. */
export interface RecordContext {
  input: FhirRecordInput;
  context: FhirContext;
  /** The Patient's bundle reference. */
  patient: Reference<Patient>;
  /** The Encounter's bundle reference. */
  encounter: Reference<Encounter>;
  times: VisitTimes;
  derived: Derived | null;
}

/**
 * An answer the export may use: entered (record.data) or computed (derived.values), and not one
 * the server found impossible (derived.errors ANSWER_INVALID: such an answer never feeds a flag or
 * a number on the phone either, domain/rules/derive.ts).
 */
export function answer(rc: RecordContext, field: string): AnswerValue | undefined {
  if (rc.derived?.errors?.some((e) => e.code === "ANSWER_INVALID" && e.field === field)) return undefined;
  const v = rc.input.record.data[field];
  if (v !== undefined && v !== null) return v;
  const c = rc.derived?.values?.[field];
  return c === undefined ? undefined : (c as AnswerValue);
}

export function numberAnswer(rc: RecordContext, field: string): number | null {
  const v = answer(rc, field);
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** An option's Indonesian label in the record's form definition (the words a receiver reads), or the code. */
export function optionText(rc: RecordContext, field: string, value: string): string {
  for (const s of getForm(rc.input.record.formId, rc.input.record.formVersion)?.sections ?? []) {
    for (const f of s.fields) if (f.id === field && "options" in f && Array.isArray(f.options)) return f.options.find((o) => o.value === value)?.label.id ?? value;
  }
  return value;
}
