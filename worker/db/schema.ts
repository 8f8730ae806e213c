import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type SQLiteColumn } from "drizzle-orm/sqlite-core";

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
  /** Contact number as 62… (domain/entities/formats.ts ID_PHONE_RE), for WhatsApp shares. */
  phone: text(),
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
  role: text({ enum: ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra", "dinkes_provinsi"] }).notNull(),
  areaCode: text().notNull(),
  dusunId: text(),
  officeId: text(),
  active: integer({ mode: "boolean" }).notNull().default(true),
  createdAt: integer().notNull(),
  createdBy: text(),
}, (t) => [index("users_area").on(t.areaCode)]);

export const enrollmentCodes = sqliteTable("enrollment_codes", {
  /**
   * HMAC-SHA-256 of the normalised code under the Worker secret ENROLLMENT_CODE_KEY
   * (domain/util/codes.ts): without the key, a leaked table cannot be tested against every code.
   */
  codeHash: text().primaryKey(),
  userId: text().notNull(),
  expiresAt: integer().notNull(),
  usedAt: integer(),
  /** Fixed demo codes: reusable, and refused when ENVIRONMENT is production. */
  demo: integer({ mode: "boolean" }).notNull().default(false),
  /** The user holds permissions its issuer lacks (widerPermissions in domain/access/policy.ts). */
  widerRole: integer({ mode: "boolean" }).notNull().default(false),
  createdAt: integer().notNull(),
  createdBy: text(),
}, (t) => [index("enrollment_codes_user").on(t.userId)]);

/**
 * Enrollment attempts, for the per-code and per-client rate limit: a row is written before the
 * code is checked and removed when the code works, so what stays are the failures. Rows hold the
 * client address and are purged after 30 days (services/prune.ts).
 */
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
  /**
   * 256 random bits the phone wrapped its data key with at enrollment (web/src/auth/vault.ts);
   * handed back only to a new enrollment code of the same user, for a forgotten PIN. It opens
   * nothing but that phone's own copy of data the server already holds (docs/SECURITY.md).
   */
  recoveryKey: text(),
  /** When the device last started a pull (the page that carries its outbox report). */
  lastSyncAt: integer(),
  /**
   * What the phone's outbox held when it last pulled, as it reported (X-Simpul-Outbox,
   * domain/sync/outbox-report.ts): mutations waiting to be sent, and ones the server refused
   * that the user has not dealt with. Null until the device reports. Counts only, no content.
   */
  outboxPending: integer(),
  outboxRejected: integer(),
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
}, (t) => [
  // PWS: households per desa and dusun (worker/services/pws/table.ts), read from the index alone.
  index("households_pws").on(t.scopeArea, t.scopeDusun, t.deleted),
]);

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
}, (t) => [
  index("persons_household").on(t.householdId),
  index("persons_area").on(t.scopeArea),
  // PWS sasaran: persons per desa and dusun by birth date (worker/services/pws/table.ts), read from the index alone.
  index("persons_pws").on(t.scopeArea, t.scopeDusun, t.birthDate, t.deleted),
]);

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
  reportedAt: text(),
  reporterRole: text(),
  reporterOfficeId: text(),
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
}, (t) => [
  index("change_log_entity").on(t.entity, t.entityId, t.version),
  // The prune finds the last change made before its window by time (services/prune.ts).
  index("change_log_at").on(t.at),
]);

/** A row's scope, one column per area level (domain/sync/index-columns.ts fills them). */
const scopeColumns = () => ({
  domain: text().notNull(),
  kab: text(),
  kec: text(),
  desa: text(),
  dusun: text(),
  grp: text(),
});

type ScopeTable = { [K in "domain" | "kab" | "kec" | "desa" | "dusun" | "grp" | "seq"]: SQLiteColumn };

/** One index per pull scope key column, each ordered by seq: a pull reads one range per key. */
const scopeIndexes = (prefix: string, t: ScopeTable) => [
  index(`${prefix}_kab`).on(t.domain, t.kab, t.seq),
  index(`${prefix}_kec`).on(t.domain, t.kec, t.seq),
  index(`${prefix}_desa`).on(t.domain, t.desa, t.seq),
  index(`${prefix}_dusun`).on(t.domain, t.dusun, t.seq),
  index(`${prefix}_grp`).on(t.grp, t.seq),
];

/**
 * The latest change of every synced row, with its scope denormalised into one column per area
 * level so that each pull scope key is a single index range ordered by seq.
 */
export const syncIndex = sqliteTable("sync_index", {
  entity: text().notNull(),
  entityId: text().notNull(),
  seq: integer().notNull().unique(),
  deleted: integer({ mode: "boolean" }).notNull().default(false),
  ...scopeColumns(),
}, (t) => [
  primaryKey({ columns: [t.entity, t.entityId] }),
  ...scopeIndexes("sync", t),
]);

/**
 * Where a row was before it moved (a household to another dusun, a person to another household
 * or desa, and everything under them): one entry per row and move, with the scope columns it
 * left and the seq of the move. A pull reads these ranges beside sync_index's: a device whose
 * scope held the old place but not the new one is told the row is gone (a tombstone for it
 * alone). Pruned with the tombstones (services/prune.ts).
 */
export const syncDepartures = sqliteTable("sync_departures", {
  seq: integer().notNull(),
  entity: text().notNull(),
  entityId: text().notNull(),
  ...scopeColumns(),
}, (t) => [
  primaryKey({ columns: [t.entity, t.entityId, t.seq] }),
  index("departures_seq").on(t.seq),
  ...scopeIndexes("departures", t),
]);

/**
 * Applied mutations and the answer given, so a replayed push gets the same answer. Keyed by user
 * and mutation id: a mutation id answers only for the user who pushed it, never for another.
 */
export const receipts = sqliteTable("receipts", {
  userId: text().notNull(),
  mutationId: text().notNull(),
  deviceId: text(),
  result: text({ mode: "json" }).notNull(),
  at: integer().notNull(),
}, (t) => [
  primaryKey({ columns: [t.userId, t.mutationId] }),
  // Receipts older than MAX_OFFLINE_MS are pruned daily (services/prune.ts).
  index("receipts_at").on(t.at),
]);

/**
 * How far the daily prune has gone (services/prune.ts), one row per job, each a seq it has
 * pruned through. `tombstones`: the tombstones of sync_index with seq ≤ through_seq are gone, so a
 * pull whose cursor is below it is answered `reset: true` (a delta from there would miss
 * deletions). `change_log`: superseded change-log rows up to through_seq are folded.
 */
export const syncPruned = sqliteTable("sync_pruned", {
  job: text().primaryKey(),
  throughSeq: integer().notNull(),
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
  /** Who last changed the row before the conflict, and when: the kept value's author, as the row records it. */
  serverBy: text(),
  serverAt: integer(),
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

// --- PWS (issue 11) ---

/**
 * What each person counts for in the PWS, month by month (domain/pws/marks.ts): one row per
 * person, mark code and month, with the person's desa and dusun ("" when none). The push
 * recomputes a person's rows in its batch whenever the person, one of their records or referrals
 * is written, and moves them with a household (worker/services/pws/marks.ts). The triggers of
 * migration 0010 keep `pws_counts` equal to their sums.
 */
/**
 * Persons whose PWS marks a push did not rewrite: a push that kept losing races on the marks'
 * guard (a busy moment on the same people) stores its rows without them and lists the persons
 * here; the next PWS read recounts them first (services/pws/dirty.ts), so no count is stale.
 */
export const pwsDirty = sqliteTable("pws_dirty", {
  personId: text().primaryKey(),
  at: integer().notNull(),
});

export const pwsMarks = sqliteTable("pws_marks", {
  personId: text().notNull(),
  code: text().notNull(),
  month: text().notNull(),
  desa: text().notNull(),
  dusun: text().notNull().default(""),
}, (t) => [
  primaryKey({ columns: [t.personId, t.code, t.month] }),
  // Lists of one desa (drill-down) and the IKS classes: by code, desa range, month.
  index("pws_marks_area").on(t.code, t.desa, t.month),
]);

/**
 * Marks summed per year, desa, dusun, code and month, maintained by SQLite triggers on pws_marks
 * (migration 0010): a PWS month table reads a few thousand of these rows instead of records.
 */
export const pwsCounts = sqliteTable("pws_counts", {
  yr: integer().notNull(),
  desa: text().notNull(),
  dusun: text().notNull(),
  code: text().notNull(),
  month: text().notNull(),
  n: integer().notNull(),
}, (t) => [
  primaryKey({ columns: [t.yr, t.desa, t.dusun, t.code, t.month] }),
  // The table's one query shape, answered from the index alone (n included).
  index("pws_counts_read").on(t.yr, t.desa, t.dusun, t.code, t.month, t.n),
]);

/** A puskesmas's own annual targets (percent) per indicator; absent = the default of domain/pws/indicators.ts. */
export const pwsTargets = sqliteTable("pws_targets", {
  kecCode: text().notNull(),
  year: integer().notNull(),
  indicator: text().notNull(),
  target: real().notNull(),
  updatedAt: integer().notNull(),
  updatedBy: text().notNull(),
}, (t) => [primaryKey({ columns: [t.kecCode, t.year, t.indicator] })]);

// --- SATUSEHAT sending (issue 13, part 3: worker/services/satusehat/, docs/INTEROP.md "Sending to SATUSEHAT") ---

/**
 * One row per FHIR resource Simpul has tried to send to SATUSEHAT, per kecamatan (each has its own
 * credentials and Organization): what was sent (a fingerprint, never the content), when, and the
 * server's answer. A resend leaves out what was sent and has not changed (domain/satusehat/plan.ts).
 * No personal data: keys are urn:uuid of Simpul records, the outcome text is scrubbed.
 */
export const satusehatSendLog = sqliteTable("satusehat_send_log", {
  kecCode: text().notNull(),
  /** The entry's fullUrl in the exported Bundle (urn:uuid:…). */
  key: text().notNull(),
  desaCode: text().notNull(),
  /** The Simpul entity and id the resource comes from, where the export says so. */
  entity: text(),
  entityId: text(),
  resourceType: text().notNull(),
  /** SHA-256 of the entry's resource and conditional query in canonical JSON. */
  contentHash: text().notNull(),
  /** The last answer was a 2xx. */
  ok: integer({ mode: "boolean" }).notNull(),
  /** The last HTTP status for this resource (the entry's, or the whole Bundle's); 0: no answer. */
  httpStatus: integer().notNull(),
  /** `Type/id` on the server, from the answer's location. */
  serverRef: text(),
  /**
   * Keyed SHA-256 of the ifNoneExist the resource was last sent with (domain/satusehat/plan.ts
   * matchHash; never the query, which holds the NIK): a Patient with a known server id is left
   * out while this is unchanged, and never PUT (migration 0014).
   */
  matchHash: text(),
  /**
   * The server refused this resource itself (a 4xx naming it: its own entry answer, or an
   * OperationOutcome expression `Bundle.entry[n]`): while it is unchanged, a resend holds it
   * back so that the rest of its page goes (migration 0014).
   */
  refused: integer({ mode: "boolean" }).notNull().default(false),
  /** The OperationOutcome in a scrubbed line, or the sender's own reason (network, auth). */
  outcome: text(),
  attempts: integer().notNull(),
  firstSentAt: integer(),
  sentAt: integer(),
  lastAttemptAt: integer().notNull(),
  jobId: text().notNull(),
}, (t) => [
  primaryKey({ columns: [t.kecCode, t.key] }),
  index("satusehat_send_log_desa").on(t.desaCode, t.ok),
]);

/**
 * A request to send one desa's month: queued by POST /api/satusehat/send, run by the queue
 * consumer (or picked up again by the cron when stale), read by GET /api/satusehat/status.
 */
export const satusehatSendJobs = sqliteTable("satusehat_send_jobs", {
  id: text().primaryKey(),
  kecCode: text().notNull(),
  desaCode: text().notNull(),
  month: text().notNull(),
  status: text({ enum: ["queued", "running", "done", "failed"] }).notNull(),
  requestedBy: text().notNull(),
  requestedAt: integer().notNull(),
  startedAt: integer(),
  finishedAt: integer(),
  /** Last sign of life of a running job; the cron requeues one silent for too long. */
  heartbeatAt: integer(),
  errorCode: text(),
  errorText: text(),
  lastHttpStatus: integer(),
  /** Resources in the export, sent now, left out as unchanged, failed, and records not exportable. */
  total: integer().notNull().default(0),
  sent: integer().notNull().default(0),
  unchanged: integer().notNull().default(0),
  failed: integer().notNull().default(0),
  unexported: integer().notNull().default(0),
  pages: integer().notNull().default(0),
}, (t) => [
  index("satusehat_send_jobs_desa").on(t.desaCode, t.month, t.requestedAt),
  // At most one active job per desa-month, so that a double tap records one job: requestSend
  // inserts with ON CONFLICT DO NOTHING and reads the winner back (migration 0014).
  uniqueIndex("satusehat_send_jobs_active").on(t.desaCode, t.month).where(sql`${t.status} IN ('queued', 'running')`),
]);

/*
 * Issue 16: one D1 database per kabupaten, and a central one (docs/SCALE.md). Every database has
 * every table (one migration history, applied to all by scripts/shards.ts); the tables below are
 * used only in the central database, except `transfer_steps`, which each kabupaten keeps.
 */

/**
 * Central: which kabupaten database holds an enrollment code (its keyed hash, as in
 * enrollment_codes). Written when a code is issued, read by POST /api/enroll, so enrollment finds
 * the one database to look in without asking every kabupaten.
 */
export const enrollmentDirectory = sqliteTable("enrollment_directory", {
  codeHash: text().primaryKey(),
  shard: text().notNull(),
  expiresAt: integer().notNull(),
  createdAt: integer().notNull(),
}, (t) => [index("enrollment_directory_expiry").on(t.expiresAt)]);

/**
 * Central: a kabupaten's monthly PWS, per desa and indicator, as its console shows them: counts
 * only, never a name or a NIK. Written by the aggregates queue consumer (worker/services/aggregates).
 * The key's order serves the provincial reads: one month, a range of desa codes (a provinsi or a kabupaten).
 * WITHOUT ROWID (hand-added to migration 0015; drizzle-kit does not model it): the rows live in
 * the key's own b-tree, about 65 bytes a row instead of 119 with a rowid table and its key index
 * (docs/SCALE.md, "Sizes"), which the national central store needs.
 */
export const pwsAggregates = sqliteTable("pws_aggregates", {
  month: text().notNull(),
  desa: text().notNull(),
  indicator: text().notNull(),
  numMonth: integer().notNull(),
  denMonth: integer().notNull(),
  numYtd: integer().notNull(),
  denYtd: integer().notNull(),
  /** When this cell last changed (a recomputation that finds the same counts leaves the row alone); the run's time is aggregate_runs.computed_at. */
  changedAt: integer().notNull(),
}, (t) => [primaryKey({ columns: [t.month, t.desa, t.indicator] })]);

/** Central: the last aggregation of each kabupaten-month (what the provincial view says is fresh). */
export const aggregateRuns = sqliteTable("aggregate_runs", {
  shard: text().notNull(),
  month: text().notNull(),
  computedAt: integer().notNull(),
  rows: integer().notNull(),
  /** Desa in the month's figures; a kecamatan with no desa rows still counts its sasaran. */
  desa: integer().notNull(),
}, (t) => [primaryKey({ columns: [t.shard, t.month] })]);

/**
 * Central: the names of the areas the aggregates are counted in (kabupaten, kecamatan, desa),
 * copied from each kabupaten's `areas` with every run, so that the provincial view can label its
 * rows without reaching into a kabupaten database. Reference data: no person.
 */
export const aggregateAreas = sqliteTable("aggregate_areas", {
  code: text().primaryKey(),
  level: text({ enum: ["kabupaten", "kecamatan", "desa"] }).notNull(),
  parentCode: text(),
  name: text().notNull(),
  shard: text().notNull(),
  updatedAt: integer().notNull(),
}, (t) => [index("aggregate_areas_parent").on(t.parentCode)]);

/**
 * Central: the ledger of cross-kabupaten moves. A transfer hands a household (and its members,
 * records and referrals) from one kabupaten database to another in recorded steps; each step is
 * idempotent, so a transfer cut off in the middle is resumed from its state (docs/SCALE.md, "Moves").
 */
export const transfers = sqliteTable("transfers", {
  id: text().primaryKey(),
  householdId: text().notNull(),
  fromShard: text().notNull(),
  toShard: text().notNull(),
  fromDesa: text().notNull(),
  toDesa: text().notNull(),
  toDusunId: text(),
  state: text({ enum: ["requested", "copied", "released", "done", "failed"] }).notNull(),
  requestedBy: text().notNull(),
  requestedAt: integer().notNull(),
  updatedAt: integer().notNull(),
  attempts: integer().notNull().default(0),
  errorCode: text(),
  /** Rows handed over (the household, its persons, records and referrals), once copied. */
  rows: integer(),
}, (t) => [
  index("transfers_state").on(t.state, t.updatedAt),
  index("transfers_household").on(t.householdId, t.requestedAt),
  // The lists of one kabupaten's transfers, out and in (GET /api/transfers).
  index("transfers_from").on(t.fromShard, t.requestedAt),
  index("transfers_to").on(t.toShard, t.requestedAt),
  // At most one unfinished transfer per household: a repeated request (a double tap, a retry after
  // a lost answer) finds it instead of starting a second (worker/services/transfers/request.ts).
  uniqueIndex("transfers_active").on(t.householdId).where(sql`${t.state} IN ('requested', 'copied', 'released')`),
]);

/** Each kabupaten: the transfer steps this database has applied (the idempotency of copy and release). */
export const transferSteps = sqliteTable("transfer_steps", {
  transferId: text().notNull(),
  step: text({ enum: ["copied", "released"] }).notNull(),
  at: integer().notNull(),
  rows: integer().notNull(),
  /**
   * The source's live rows as this step read them, `entity:id@version` (a JSON array): the release
   * checks that the source still holds exactly what was copied, and a refresh of the copy knows
   * what it wrote (worker/services/transfers/steps.ts).
   */
  ids: text({ mode: "json" }).$type<string[]>(),
}, (t) => [primaryKey({ columns: [t.transferId, t.step] })]);
