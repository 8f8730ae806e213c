import { z } from "zod";
import { ROLES } from "../access/policy.ts";
import { AREA_LEVELS } from "../area/codes.ts";
import {
  BIRTH_DATE_PRECISIONS, FACILITY_KINDS, ITEM_STATUSES, MEETING_KINDS, OFFICE_KINDS, PIS_PK_INDICATORS, REFERRAL_DESTINATIONS,
  REFERRAL_OUTCOMES, RELATIONS, SEXES, TARGET_KINDS,
} from "./enums.ts";
import { RT_RE } from "./formats.ts";
import { desaCode, idPhone, isoDate, isoDateTime, jkn, kecCode, nik, noKk, optionalText, phone, sha256Hex, shortText, uuid } from "./fields.ts";

/**
 * Payloads of every entity that travels through sync. A create carries the whole object;
 * an update carries only the fields it changes (see `payloadSchema` in registry.ts).
 * Keys are camelCase and map one to one onto the D1 columns (snake_case) in worker/db/schema.ts.
 * The value lists live in enums.ts and the field formats in formats.ts, without zod, so that the
 * PWA's first load uses the same ones; they are re-exported here for the server's code.
 */

export {
  FACILITY_KINDS, ITEM_STATUSES, MEETING_KINDS, OFFICE_KINDS, PIS_PK_INDICATORS, REFERRAL_DESTINATIONS, REFERRAL_OUTCOMES, RELATIONS, SEXES,
};

// --- reference: places and facilities, read by every role within its kecamatan ---

/** A Kemendagri area; written only by scripts/import-areas.ts. The entity id is the code. */
export const area = z.strictObject({
  parentCode: z.string().nullable(),
  level: z.enum(AREA_LEVELS),
  name: shortText(120),
  desaTerm: shortText(40),
});

/** Dusun sit below the official list: each puskesmas defines them. */
export const dusun = z.strictObject({
  desaCode,
  name: shortText(80),
});

export const facility = z.strictObject({
  kind: z.enum(FACILITY_KINDS),
  name: shortText(120),
  /** A puskesmas sits at its kecamatan; a pustu or posyandu at its desa. */
  areaCode: z.union([kecCode, desaCode]),
  dusunId: uuid.nullable(),
});

// --- health: personal data, scoped to desa (and dusun for a dusun-bound kader) ---

export const household = z.strictObject({
  desaCode,
  dusunId: uuid.nullable(),
  rt: z.string().regex(RT_RE, "RT must be 1–3 digits").nullable(),
  address: optionalText(200),
  noKk: noKk.nullable(),
  pisPk: z.partialRecord(z.enum(PIS_PK_INDICATORS), z.boolean().nullable()).nullable(),
});

export const person = z.strictObject({
  householdId: uuid,
  name: shortText(120),
  sex: z.enum(SEXES),
  birthDate: isoDate,
  /** Many people in remote pekon know only their birth year. */
  birthDatePrecision: z.enum(BIRTH_DATE_PRECISIONS),
  nik: nik.nullable(),
  relation: z.enum(RELATIONS).nullable(),
  phone: phone.nullable(),
  jkn: jkn.nullable(),
  pregnant: z.boolean(),
});

/** A form answer: scalars and short lists only; the form definition validates the rest. */
export const answerValue = z.union([
  z.string().max(2000),
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(50),
]);

export const record = z.strictObject({
  personId: uuid,
  formId: z.string().regex(/^[a-z0-9-]{2,40}$/, "unknown form id"),
  formVersion: z.int().min(1).max(10_000),
  visitDate: isoDate,
  facilityId: uuid.nullable(),
  data: z.record(z.string().regex(/^[a-zA-Z0-9_]{1,64}$/), answerValue).refine((d) => Object.keys(d).length <= 200, "too many answers"),
  /**
   * Flags and computed results (z-scores, N/T, categories). The phone shows its own at once,
   * offline; the server recomputes them from the answers with the same code and stores its own.
   */
  derived: z.record(z.string(), z.unknown()).nullable().optional(),
});

/**
 * A referral (rujukan) and, when it comes back, its outcome (rujuk balik), which closes it.
 * Made from a flag of a record: its id is derived from the record and the flag, so the phone
 * and the server, running the same rules, make the same referral once.
 */
export const referral = z.strictObject({
  personId: uuid,
  recordId: uuid.nullable(),
  /** The rule or flag that made it, e.g. "anc.hipertensi", "growth.stunted". */
  reason: z.string().regex(/^[a-z0-9_.-]{2,80}$/),
  reasonText: optionalText(500),
  destination: z.enum(REFERRAL_DESTINATIONS),
  referredAt: isoDate,
  outcome: z.enum(REFERRAL_OUTCOMES).nullable(),
  outcomeNote: optionalText(1000),
  outcomeAt: isoDate.nullable(),
});

// --- lintas sektor: scoped to the kecamatan; commitments group their children ---

export const office = z.strictObject({
  kecCode,
  name: shortText(120),
  kind: z.enum(OFFICE_KINDS),
  desaCode: desaCode.nullable(),
  /**
   * The office's contact number (WhatsApp), stored as 62… (formats.ts ID_PHONE_RE), for the item
   * share. Optional: offices made before migration 0012, and by a PWA that predates it, have none.
   */
  phone: idPhone.nullable().optional(),
});

export const meeting = z.strictObject({
  kecCode,
  kind: z.enum(MEETING_KINDS),
  date: isoDate,
  place: shortText(200),
  chair: shortText(120),
  agenda: optionalText(4000),
  minutes: optionalText(20000),
});

export const attendance = z.strictObject({
  meetingId: uuid,
  name: shortText(120),
  officeId: uuid.nullable(),
  position: shortText(120),
  /** Compact vector strokes (see the signature pad); ≤ 5 KB. */
  signature: z.string().max(5120).nullable(),
});

export const commitment = z.strictObject({
  kecCode,
  meetingId: uuid.nullable(),
  title: shortText(200),
  period: shortText(40),
  /** Content version: bumped when content changes after a signature. */
  docVersion: z.int().min(1),
});

export const commitmentParty = z.strictObject({
  commitmentId: uuid,
  officeId: uuid,
});

export const commitmentItem = z.strictObject({
  commitmentId: uuid,
  number: z.int().min(1).max(999),
  officeId: uuid,
  action: shortText(1000),
  indicator: shortText(500),
  targetKind: z.enum(TARGET_KINDS),
  targetValue: z.number().finite().nullable(),
  targetUnit: z.string().max(40).nullable(),
  desaCodes: z.array(desaCode).max(100).nullable(),
  dueDate: isoDate,
  status: z.enum(ITEM_STATUSES),
});

export const signature = z.strictObject({
  commitmentId: uuid,
  docVersion: z.int().min(1),
  contentHash: sha256Hex,
  officeId: uuid,
  name: shortText(120),
  position: shortText(120),
  strokes: z.string().min(1).max(5120),
  signedAt: isoDateTime,
});

/** Written by the server only: the frozen content of a signed version. */
export const commitmentVersion = z.strictObject({
  commitmentId: uuid,
  docVersion: z.int().min(1),
  content: z.record(z.string(), z.unknown()),
  contentHash: sha256Hex,
});

export const progress = z.strictObject({
  itemId: uuid,
  note: optionalText(2000),
  value: z.number().finite().nullable(),
  status: z.enum(ITEM_STATUSES).nullable(),
  photoKeys: z.array(z.string().max(200)).max(10),
  /**
   * Who reported and when, for the item's history: the reporter's role and (a mitra's) office,
   * which the server checks against the pusher (worker/services/push/hooks/lintas.ts), and the
   * phone's local time of the report, as a signature's signedAt. Optional: reports made before
   * migration 0012, or by a PWA that predates it, carry none.
   */
  reportedAt: isoDateTime.nullable().optional(),
  reporterRole: z.enum(ROLES).nullable().optional(),
  reporterOfficeId: uuid.nullable().optional(),
});
