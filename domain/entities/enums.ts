/**
 * The value lists of the entities, without zod: schemas.ts builds the server's enums on them, and
 * the PWA's screens offer the same choices in their first load (zod stays out of it; the budget
 * script checks). Each list is the one place its values are written.
 */

/** Every entity that sync carries (registry.ts says where each one's area comes from). */
export const ENTITY_NAMES = [
  "area", "dusun", "facility", "office", "household", "person", "record", "referral",
  "meeting", "attendance", "commitment", "commitment_party", "commitment_item", "signature", "progress", "commitment_version",
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/**
 * Entities the server also creates by itself when it applies another row: the referrals a record
 * makes (domain/rules/referrals.ts, same ids on both sides; worker/services/push.ts). The phone's
 * own create of such a row can meet the server's copy, so it must carry only that derivation, and
 * every later edit goes as an update on top of it (web/src/store/local.ts).
 */
export const SERVER_DERIVED_ENTITIES: readonly EntityName[] = ["referral"];

/** Which data each entity belongs to, and so which permission reads and writes it (domain/access). */
export type DataDomain = "health" | "lintas" | "reference";
export const ENTITY_DOMAIN: Readonly<Record<EntityName, DataDomain>> = {
  area: "reference", dusun: "reference", facility: "reference", office: "reference",
  household: "health", person: "health", record: "health", referral: "health",
  meeting: "lintas", attendance: "lintas", commitment: "lintas", commitment_party: "lintas",
  commitment_item: "lintas", signature: "lintas", progress: "lintas", commitment_version: "lintas",
};

// --- reference ---

export const FACILITY_KINDS = ["puskesmas", "pustu", "posyandu"] as const;

// --- health ---

/** The 12 PIS-PK family indicators (Permenkes 39/2016); null = does not apply to this family. */
export const PIS_PK_INDICATORS = [
  "kb", "persalinan_faskes", "imunisasi_dasar", "asi_eksklusif", "pemantauan_balita", "tb_berobat",
  "hipertensi_berobat", "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat",
] as const;

export const SEXES = ["L", "P"] as const;
export type Sex = (typeof SEXES)[number];
export const RELATIONS = ["kepala", "istri", "suami", "anak", "menantu", "cucu", "orang_tua", "mertua", "lainnya"] as const;
export type Relation = (typeof RELATIONS)[number];
export const BIRTH_DATE_PRECISIONS = ["day", "month", "year"] as const;

export const REFERRAL_DESTINATIONS = ["pustu", "puskesmas", "rumah_sakit", "lab_tcm"] as const;
export const REFERRAL_OUTCOMES = ["datang_ditangani", "dirujuk_lanjut", "dirawat", "tidak_datang", "meninggal"] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

// --- lintas sektor ---

export const OFFICE_KINDS = [
  "puskesmas", "kecamatan", "pemdes", "kua", "plkb", "pendidikan", "sekolah", "pkk", "polsek", "koramil", "pertanian", "lainnya",
] as const;
export const MEETING_KINDS = ["lintas_sektor", "lintas_program"] as const;
export const ITEM_STATUSES = ["belum_mulai", "berjalan", "selesai", "dibatalkan"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const TARGET_KINDS = ["number", "yesno"] as const;
