import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The D1 schema. Column names are snake_case in SQL (drizzle `casing: "snake_case"`) and
 * camelCase here, matching the sync payloads in domain/entities/schemas.ts one to one.
 *
 * Every synced table carries the same bookkeeping: a row version (for merges), the server
 * sequence number of its last change, a tombstone flag, and its resolved scope (area, dusun,
 * group), which the server computes and never takes from a client.
 */
const synced = () => ({
  id: text().primaryKey(),
  version: integer().notNull(),
  seq: integer().notNull(),
  deleted: integer({ mode: "boolean" }).notNull().default(false),
  needsReview: integer({ mode: "boolean" }).notNull().default(false),
  scopeArea: text().notNull(),
  scopeDusun: text(),
  scopeGrp: text(),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
  updatedBy: text().notNull(),
});

// --- reference ---

/** Kemendagri areas, imported from idn-area-data by scripts/import-areas.ts. The id is the code. */
export const areas = sqliteTable("areas", {
  ...synced(),
  parentCode: text(),
  level: text({ enum: ["provinsi", "kabupaten", "kecamatan", "desa"] }).notNull(),
  name: text().notNull(),
  /** What this kabupaten calls a desa: pekon in Lampung Barat, kampung in Papua. */
  desaTerm: text().notNull().default("desa"),
}, (t) => [index("areas_parent").on(t.parentCode)]);

export const dusun = sqliteTable("dusun", {
  ...synced(),
  desaCode: text().notNull(),
  name: text().notNull(),
}, (t) => [index("dusun_desa").on(t.desaCode)]);

export const facilities = sqliteTable("facilities", {
  ...synced(),
  kind: text({ enum: ["puskesmas", "pustu", "posyandu"] }).notNull(),
  name: text().notNull(),
  areaCode: text().notNull(),
  dusunId: text(),
});

export const offices = sqliteTable("offices", {
  ...synced(),
  kecCode: text().notNull(),
  name: text().notNull(),
  kind: text().notNull(),
  desaCode: text(),
});

/** Versioned form definitions. A record keeps the (formId, formVersion) it was entered with. */
export const forms = sqliteTable("forms", {
  formId: text().notNull(),
  formVersion: integer().notNull(),
  cluster: text().notNull(),
  title: text().notNull(),
  definition: text({ mode: "json" }).notNull(),
  publishedAt: integer().notNull(),
}, (t) => [primaryKey({ columns: [t.formId, t.formVersion] })]);

// --- people and access ---

export const users = sqliteTable("users", {
  id: text().primaryKey(),
  name: text().notNull(),
  role: text({ enum: ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra"] }).notNull(),
  areaCode: text().notNull(),
  dusunId: text(),
  officeId: text(),
  active: integer({ mode: "boolean" }).notNull().default(true),
  createdAt: integer().notNull(),
  createdBy: text(),
}, (t) => [index("users_area").on(t.areaCode)]);

export const enrollmentCodes = sqliteTable("enrollment_codes", {
  /** SHA-256 of the normalised code: a leaked table does not leak working codes. */
  codeHash: text().primaryKey(),
  userId: text().notNull(),
  expiresAt: integer().notNull(),
  usedAt: integer(),
  /** Fixed demo codes: reusable, and refused when ENVIRONMENT is production. */
  demo: integer({ mode: "boolean" }).notNull().default(false),
  createdAt: integer().notNull(),
  createdBy: text(),
}, (t) => [index("enrollment_codes_user").on(t.userId)]);

/** Failed enrollment attempts, for the per-code and per-client rate limit. */
export const enrollmentFailures = sqliteTable("enrollment_failures", {
  id: integer().primaryKey({ autoIncrement: true }),
  codeHash: text().notNull(),
  client: text().notNull(),
  at: integer().notNull(),
}, (t) => [index("enrollment_failures_code").on(t.codeHash, t.at), index("enrollment_failures_client").on(t.client, t.at)]);

export const devices = sqliteTable("devices", {
  id: text().primaryKey(),
  userId: text().notNull(),
  /** SHA-256 of the bearer token; the token itself is only ever on the phone. */
  tokenHash: text().notNull().unique(),
  name: text(),
  createdAt: integer().notNull(),
  lastSeenAt: integer(),
  revokedAt: integer(),
  revokedBy: text(),
}, (t) => [index("devices_user").on(t.userId)]);

// --- health ---

export const households = sqliteTable("households", {
  ...synced(),
  desaCode: text().notNull(),
  dusunId: text(),
  rt: text(),
  address: text(),
  noKk: text(),
  pisPk: text({ mode: "json" }),
});

export const persons = sqliteTable("persons", {
  ...synced(),
  householdId: text().notNull(),
  name: text().notNull(),
  sex: text({ enum: ["L", "P"] }).notNull(),
  birthDate: text().notNull(),
  birthDatePrecision: text({ enum: ["day", "month", "year"] }).notNull(),
  nik: text(),
  relation: text(),
  phone: text(),
  jkn: text(),
  pregnant: integer({ mode: "boolean" }).notNull().default(false),
}, (t) => [index("persons_household").on(t.householdId), index("persons_area").on(t.scopeArea)]);

export const records = sqliteTable("records", {
  ...synced(),
  personId: text().notNull(),
  formId: text().notNull(),
  formVersion: integer().notNull(),
  visitDate: text().notNull(),
  facilityId: text(),
  data: text({ mode: "json" }).notNull(),
  derived: text({ mode: "json" }),
}, (t) => [index("records_person").on(t.personId, t.visitDate), index("records_area_form").on(t.scopeArea, t.formId, t.visitDate)]);

export const referrals = sqliteTable("referrals", {
  ...synced(),
  personId: text().notNull(),
  recordId: text(),
  reason: text().notNull(),
  reasonText: text(),
  destination: text().notNull(),
  referredAt: text().notNull(),
  outcome: text(),
  outcomeNote: text(),
  outcomeAt: text(),
}, (t) => [index("referrals_person").on(t.personId), index("referrals_area_open").on(t.scopeArea, t.outcomeAt)]);

// --- lintas sektor ---

export const meetings = sqliteTable("meetings", {
  ...synced(),
  kecCode: text().notNull(),
  kind: text().notNull(),
  date: text().notNull(),
  place: text().notNull(),
  chair: text().notNull(),
  agenda: text(),
  minutes: text(),
});

export const attendances = sqliteTable("attendances", {
  ...synced(),
  meetingId: text().notNull(),
  name: text().notNull(),
  officeId: text(),
  position: text().notNull(),
  signature: text(),
}, (t) => [index("attendances_meeting").on(t.meetingId)]);

export const commitments = sqliteTable("commitments", {
  ...synced(),
  kecCode: text().notNull(),
  meetingId: text(),
  title: text().notNull(),
  period: text().notNull(),
  docVersion: integer().notNull(),
});

export const commitmentParties = sqliteTable("commitment_parties", {
  ...synced(),
  commitmentId: text().notNull(),
  officeId: text().notNull(),
}, (t) => [index("commitment_parties_office").on(t.officeId), index("commitment_parties_commitment").on(t.commitmentId)]);

export const commitmentItems = sqliteTable("commitment_items", {
  ...synced(),
  commitmentId: text().notNull(),
  number: integer().notNull(),
  officeId: text().notNull(),
  action: text().notNull(),
  indicator: text().notNull(),
  targetKind: text().notNull(),
  targetValue: real(),
  targetUnit: text(),
  desaCodes: text({ mode: "json" }),
  dueDate: text().notNull(),
  status: text().notNull(),
}, (t) => [index("commitment_items_commitment").on(t.commitmentId)]);

export const signatures = sqliteTable("signatures", {
  ...synced(),
  commitmentId: text().notNull(),
  docVersion: integer().notNull(),
  contentHash: text().notNull(),
  officeId: text().notNull(),
  name: text().notNull(),
  position: text().notNull(),
  strokes: text().notNull(),
  signedAt: text().notNull(),
}, (t) => [index("signatures_commitment").on(t.commitmentId)]);

/**
 * The content of a commitment at a signed version, frozen by the server when the first signature
 * of that version arrives: the history shows each version with the signatures bound to it.
 * Read-only for clients. The id is `<commitmentId>@<docVersion>`.
 */
export const commitmentVersions = sqliteTable("commitment_versions", {
  ...synced(),
  commitmentId: text().notNull(),
  docVersion: integer().notNull(),
  content: text({ mode: "json" }).notNull(),
  contentHash: text().notNull(),
}, (t) => [index("commitment_versions_commitment").on(t.commitmentId)]);

/** Evidence photos being uploaded in chunks; the finished photo lives in R2 under `key`. */
export const photoUploads = sqliteTable("photo_uploads", {
  id: text().primaryKey(),
  key: text().notNull().unique(),
  itemId: text().notNull(),
  userId: text().notNull(),
  contentType: text().notNull(),
  size: integer().notNull(),
  sha256: text().notNull(),
  received: integer().notNull().default(0),
  completedAt: integer(),
  createdAt: integer().notNull(),
});

export const progress = sqliteTable("progress", {
  ...synced(),
  itemId: text().notNull(),
  note: text(),
  value: real(),
  status: text(),
  photoKeys: text({ mode: "json" }).notNull(),
}, (t) => [index("progress_item").on(t.itemId)]);

// --- sync bookkeeping ---

/**
 * One row per change. Its autoincrement `seq` is the server's global sequence number: D1
 * serialises writes, so a later commit always has a higher seq, which makes cursors gap-free.
 * `fields` lists the fields the change touched, for field-level merges of stale edits.
 */
export const changeLog = sqliteTable("change_log", {
  seq: integer().primaryKey({ autoIncrement: true }),
  entity: text().notNull(),
  entityId: text().notNull(),
  version: integer().notNull(),
  fields: text({ mode: "json" }).$type<string[]>().notNull(),
  mutationId: text(),
  at: integer().notNull(),
}, (t) => [index("change_log_entity").on(t.entity, t.entityId, t.version)]);

/**
 * The latest change of every synced row, with its scope denormalised into one column per area
 * level so that each pull scope key is a single index range ordered by seq.
 */
export const syncIndex = sqliteTable("sync_index", {
  entity: text().notNull(),
  entityId: text().notNull(),
  seq: integer().notNull().unique(),
  deleted: integer({ mode: "boolean" }).notNull().default(false),
  domain: text().notNull(),
  kab: text(),
  kec: text(),
  desa: text(),
  dusun: text(),
  grp: text(),
}, (t) => [
  primaryKey({ columns: [t.entity, t.entityId] }),
  index("sync_kab").on(t.domain, t.kab, t.seq),
  index("sync_kec").on(t.domain, t.kec, t.seq),
  index("sync_desa").on(t.domain, t.desa, t.seq),
  index("sync_dusun").on(t.domain, t.dusun, t.seq),
  index("sync_grp").on(t.grp, t.seq),
]);

/** Applied mutations and the answer given, so a replayed push gets the same answer. */
export const receipts = sqliteTable("receipts", {
  mutationId: text().primaryKey(),
  userId: text().notNull(),
  deviceId: text(),
  result: text({ mode: "json" }).notNull(),
  at: integer().notNull(),
});

/** Field conflicts kept for review: neither value is lost. */
export const conflicts = sqliteTable("conflicts", {
  id: integer().primaryKey({ autoIncrement: true }),
  entity: text().notNull(),
  entityId: text().notNull(),
  field: text().notNull(),
  serverValue: text({ mode: "json" }),
  clientValue: text({ mode: "json" }),
  mutationId: text().notNull(),
  userId: text().notNull(),
  at: integer().notNull(),
  resolvedAt: integer(),
  resolvedBy: text(),
}, (t) => [index("conflicts_entity").on(t.entity, t.entityId)]);

/**
 * Guard rows for optimistic concurrency inside one db.batch(): D1 has no interactive
 * transactions, so a statement that inserts `ok = 0` (the row moved since we read it) violates
 * the CHECK and rolls the whole batch back. The batch deletes its guard rows at its end.
 */
export const syncGuard = sqliteTable("sync_guard", {
  ok: integer().notNull(),
}, (t) => [check("sync_guard_ok", sql`${t.ok} = 1`)]);

/** Who did what, from which device, when, to which entity. Never personal fields. */
export const auditLog = sqliteTable("audit_log", {
  id: integer().primaryKey({ autoIncrement: true }),
  at: integer().notNull(),
  userId: text(),
  deviceId: text(),
  action: text().notNull(),
  entity: text(),
  entityId: text(),
  /** Ids and counts only. */
  details: text({ mode: "json" }),
}, (t) => [index("audit_at").on(t.at), index("audit_entity").on(t.entity, t.entityId)]);
