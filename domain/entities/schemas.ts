import { z } from "zod";
import { desaCode, isoDate, isoDateTime, jkn, kecCode, nik, noKk, optionalText, phone, sha256Hex, shortText, uuid } from "./fields.ts";

/**
 * Payloads of every entity that travels through sync. A create carries the whole object;
 * an update carries only the fields it changes (see `payloadSchema` in registry.ts).
 * Keys are camelCase and map one to one onto the D1 columns (snake_case) in worker/db/schema.ts.
 */

// --- reference: places and facilities, read by every role within its kecamatan ---

/** A Kemendagri area; written only by scripts/import-areas.ts. The entity id is the code. */
export const area = z.strictObject({
  parentCode: z.string().nullable(),
  level: z.enum(["provinsi", "kabupaten", "kecamatan", "desa"]),
  name: shortText(120),
  desaTerm: shortText(40),
});

/** Dusun sit below the official list: each puskesmas defines them. */
export const dusun = z.strictObject({
  desaCode,
  name: shortText(80),
});

export const facility = z.strictObject({
  kind: z.enum(["puskesmas", "pustu", "posyandu"]),
  name: shortText(120),
  /** A puskesmas sits at its kecamatan; a pustu or posyandu at its desa. */
  areaCode: z.union([kecCode, desaCode]),
  dusunId: uuid.nullable(),
});

// --- health: personal data, scoped to desa (and dusun for a dusun-bound kader) ---

/** The 12 PIS-PK family indicators (Permenkes 39/2016); null = does not apply to this family. */
export const PIS_PK_INDICATORS = [
  "kb", "persalinan_faskes", "imunisasi_dasar", "asi_eksklusif", "pemantauan_balita", "tb_berobat",
  "hipertensi_berobat", "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat",
] as const;

export const household = z.strictObject({
  desaCode,
  dusunId: uuid.nullable(),
  rt: z.string().regex(/^\d{1,3}$/, "RT must be 1–3 digits").nullable(),
  address: optionalText(200),
  noKk: noKk.nullable(),
  pisPk: z.partialRecord(z.enum(PIS_PK_INDICATORS), z.boolean().nullable()).nullable(),
});

export const SEXES = ["L", "P"] as const;
export const RELATIONS = ["kepala", "istri", "suami", "anak", "menantu", "cucu", "orang_tua", "mertua", "lainnya"] as const;

export const person = z.strictObject({
  householdId: uuid,
  name: shortText(120),
  sex: z.enum(SEXES),
  birthDate: isoDate,
  /** Many people in remote pekon know only their birth year. */
  birthDatePrecision: z.enum(["day", "month", "year"]),
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

export const REFERRAL_DESTINATIONS = ["pustu", "puskesmas", "rumah_sakit", "lab_tcm"] as const;
export const REFERRAL_OUTCOMES = ["datang_ditangani", "dirujuk_lanjut", "dirawat", "tidak_datang", "meninggal"] as const;

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

export const OFFICE_KINDS = [
  "puskesmas", "kecamatan", "pemdes", "kua", "plkb", "pendidikan", "sekolah", "pkk", "polsek", "koramil", "pertanian", "lainnya",
] as const;

export const office = z.strictObject({
  kecCode,
  name: shortText(120),
  kind: z.enum(OFFICE_KINDS),
  desaCode: desaCode.nullable(),
});

export const meeting = z.strictObject({
  kecCode,
  kind: z.enum(["lintas_sektor", "lintas_program"]),
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

export const ITEM_STATUSES = ["belum_mulai", "berjalan", "selesai", "dibatalkan"] as const;

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
  targetKind: z.enum(["number", "yesno"]),
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
});
