import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { chunk } from "../../db/client.ts";
import { pwsMarks as pwsMarksTable, transfers, transferSteps } from "../../db/schema.ts";
import type { TransferState } from "../../../domain/transfers/rules.ts";
import { auditRow } from "../audit.ts";
import { MARKS_PER_STATEMENT, selectMarks } from "../pws/marks.ts";
import { marksOfRows } from "../pws/recount.ts";
import { jsonChunks } from "../push/json-rows.ts";
import { runBatch, type Statement } from "../push/sql.ts";
import { auditStatements } from "../push/statements.ts";
import {
  changeLogRows, FAMILY_ENTITIES, FAMILY_TABLES, familyCounts, familyGuard, familySize, fingerprint, indexRows, insertRows, readFamily, tombstoneRows,
  type Family, type FamilyEntity, type Row,
} from "./family.ts";

/**
 * The steps of a move between kabupaten (docs/SCALE.md, "Moves between kabupaten"). Each step
 * writes one database in ONE batch (all or nothing) together with its `transfer_steps` row, and
 * the central ledger is moved on only after it: a crash anywhere leaves either the step undone
 * (it runs again) or done and recorded (it is skipped), never half. Copy comes before release, so
 * the family is never in neither database; between the two it is in both (the destination's
 * phones may already pull it, the source's still hold it).
 */
export type TransferRow = typeof transfers.$inferSelect;

/** A test's crash: called after a step's batch has committed, before the central ledger records it. */
export type StepHook = (step: "copied" | "released", transfer: TransferRow) => void | Promise<void>;

export interface Actor {
  userId: string;
  deviceId: string | null;
}

/** The mutation id of every change-log row a transfer writes: a phone's mutation never looks like it. */
export const transferMutationId = (transferId: string) => `transfer:${transferId}`;

/** Plans of a step lost to concurrent pushes before it gives up for now (the cron resumes it). */
const STEP_ATTEMPTS = 5;

/** Move a transfer on from whatever state it is in until it is done or failed. */
export async function advance(central: Db, t: TransferRow, source: Db, dest: Db, actor: Actor, now: number, hook?: StepHook): Promise<TransferRow> {
  for (;;) {
    if (t.state === "requested") {
      const copied = await copyStep(t, source, dest, actor, now);
      if ("failed" in copied) return setState(central, t, "failed", now, { errorCode: copied.failed });
      await hook?.("copied", t);
      t = await setState(central, t, "copied", now, { rows: copied.rows });
    } else if (t.state === "copied") {
      await releaseStep(t, source, dest, actor, now);
      await hook?.("released", t);
      t = await setState(central, t, "released", now);
    } else if (t.state === "released") {
      t = await setState(central, t, "done", now);
    } else {
      return t;
    }
  }
}

/** Move the ledger from the transfer's state to `to`; a concurrent runner that got there first is read back. */
async function setState(central: Db, t: TransferRow, to: TransferState, now: number, extra: { rows?: number; errorCode?: string } = {}): Promise<TransferRow> {
  await central.update(transfers)
    .set({ state: to, updatedAt: now, ...(extra.rows !== undefined ? { rows: extra.rows } : {}), ...(extra.errorCode ? { errorCode: extra.errorCode } : {}) })
    .where(sql`${transfers.id} = ${t.id} AND ${transfers.state} = ${t.state}`)
    .run();
  return (await central.select().from(transfers).where(eq(transfers.id, t.id)).get())!;
}

async function stepRow(db: Db, transferId: string, step: "copied" | "released") {
  return db.select().from(transferSteps).where(sql`${transferSteps.transferId} = ${transferId} AND ${transferSteps.step} = ${step}`).get();
}

/** A batch lost to a concurrent change (its guard) or to a concurrent runner of the same step (transfer_steps' key). */
function isRace(e: unknown): boolean {
  const text = String((e as { cause?: unknown })?.cause ?? e) + String(e);
  return /CHECK constraint failed: sync_guard_ok|UNIQUE constraint failed: (transfer_steps|households|persons|records|referrals)\./.test(text);
}

// --- copy: the destination receives the family as its own new rows ---

interface Existing {
  version: number;
  deleted: boolean;
  /** The mutation id of its latest change: `transfer:<id>` when a transfer wrote it last. */
  lastMutation: string | null;
}

/** Rows of the destination with the family's ids (any state), with who last changed them. */
async function existingRows(db: Db, f: Family): Promise<Map<string, Existing>> {
  const out = new Map<string, Existing>();
  const queries = FAMILY_ENTITIES.flatMap((e) => jsonChunks(f[e].map((r) => r.id)).map((json) => [e, db.$client
    .prepare(`SELECT id, version, deleted, (SELECT c.mutation_id FROM change_log c WHERE c.entity = '${e}' AND c.entity_id = t.id ORDER BY c.seq DESC LIMIT 1) AS last
      FROM ${FAMILY_TABLES[e]} t WHERE id IN (SELECT value FROM json_each(?))`)
    .bind(json)] as const));
  if (!queries.length) return out;
  const results = await db.$client.batch<{ id: string; version: number; deleted: number; last: string | null }>(queries.map(([, q]) => q));
  for (const [i, [e]] of queries.entries()) {
    for (const r of results[i]!.results) out.set(`${e}:${r.id}`, { version: r.version, deleted: !!r.deleted, lastMutation: r.last });
  }
  return out;
}

/**
 * The family as the destination stores it: placed in the new desa (and dusun, if one was chosen),
 * at a new version. What names the old kabupaten is cleared: the household's RT and address (the
 * old place's), a visit's facility (a facility of the old kabupaten, which the destination's push
 * would refuse as a reference). The source's tombstones keep both.
 */
function destinationRow(t: TransferRow, e: FamilyEntity, r: Row, version: number): Row {
  const out: Row = { ...r, version, deleted: 0, scope_area: t.toDesa, scope_dusun: t.toDusunId, scope_grp: null, seq: 0 };
  if (e === "household") Object.assign(out, { desa_code: t.toDesa, dusun_id: t.toDusunId, rt: null, address: null });
  if (e === "record") out.facility_id = null;
  return out;
}

export type CopyResult = { rows: number } | { failed: "transfer_id_conflict" | "transfer_source_gone" };

/**
 * Step 1, in the destination: the family's rows as new rows with the destination's own change
 * log, seq and sync index, their open conflicts, their PWS marks (computed as a push computes
 * them), the `transfer_steps` row and an audit row, in one batch. A repeat finds the step row and
 * does nothing. A row of the destination with one of the family's ids fails the transfer with
 * nothing written, unless it is a tombstone a transfer left (the family moving back).
 */
export async function copyStep(t: TransferRow, source: Db, dest: Db, actor: Actor, now: number): Promise<CopyResult> {
  for (let attempt = 1; ; attempt++) {
    const done = await stepRow(dest, t.id, "copied");
    if (done) return { rows: done.rows };
    // A failure is final only if no other runner has copied meanwhile (its batch may have committed
    // after our look for the step row: the family it copied is then not "gone" nor "in the way").
    const fail = async (code: "transfer_id_conflict" | "transfer_source_gone"): Promise<CopyResult> => {
      const copied = await stepRow(dest, t.id, "copied");
      return copied ? { rows: copied.rows } : { failed: code };
    };
    const f = await readFamily(source, t.householdId);
    if (!f.household.length) return fail("transfer_source_gone");
    const existing = await existingRows(dest, f);
    for (const x of existing.values()) if (!(x.deleted && x.lastMutation?.startsWith("transfer:"))) return fail("transfer_id_conflict");
    const statements = copyStatements(t, dest, f, existing, await openConflictsOf(source, f), actor, now);
    try {
      await runBatch(dest, statements);
      return { rows: familySize(f) };
    } catch (e) {
      if (!isRace(e) || attempt >= STEP_ATTEMPTS) throw e;
    }
  }
}

function copyStatements(t: TransferRow, dest: Db, f: Family, existing: Map<string, Existing>, conflicts: readonly Row[], actor: Actor, now: number): Statement[] {
  const mutationId = transferMutationId(t.id);
  const scope = { area: t.toDesa, dusun: t.toDusunId, grp: null };
  const rows: Family = { household: [], person: [], record: [], referral: [] };
  const log: [FamilyEntity, string, number, string[]][] = [];
  let cleared = 0;
  for (const e of FAMILY_ENTITIES) {
    for (const r of f[e]) {
      // A new version above anything either database had: a revived tombstone's phones see it as newer.
      const version = Math.max(r.version as number, existing.get(`${e}:${r.id as string}`)?.version ?? 0) + 1;
      const row = destinationRow(t, e, r, version);
      if (e === "record" && r.facility_id) cleared++;
      rows[e].push(row);
      // As a create: every payload field, so a later stale edit merges against a complete history.
      log.push([e, r.id as string, version, Object.keys(r).filter((k) => !BOOKKEEPING.has(k)).map(camel)]);
    }
  }
  const out: Statement[] = [
    // The ids are still free (or a transfer's tombstones) at the moment of the batch: a row created
    // since the check fails the plain inserts below, and the batch with them.
    ...changeLogRows(dest, log, mutationId, now),
  ];
  for (const e of FAMILY_ENTITIES) {
    const revived = rows[e].filter((r) => existing.has(`${e}:${r.id as string}`));
    const fresh = rows[e].filter((r) => !existing.has(`${e}:${r.id as string}`));
    out.push(...insertRows(dest, e, fresh, false), ...insertRows(dest, e, revived, true));
    out.push(...indexRows(dest, e, rows[e].map((r) => r.id as string), scope, false));
  }
  out.push(...conflictRows(dest, conflicts));
  // PWS marks at the new place, from the rows as copied (services/pws/marks.ts computes the same).
  const persons = rows.person.map((p) => p.id as string);
  const marks = marksOfRows(rows.person, rows.record, rows.referral);
  for (const json of jsonChunks(persons)) out.push(dest.$client.prepare("DELETE FROM pws_marks WHERE person_id IN (SELECT value FROM json_each(?))").bind(json));
  for (const c of chunk(marks, MARKS_PER_STATEMENT)) out.push(dest.insert(pwsMarksTable).select(selectMarks(c)));
  out.push(
    ...stepRowStatements(dest, t.id, "copied", now, familySize(f), fingerprint(f)),
    ...auditStatements(dest, [auditRow(actor, {
      action: "transfer.copied", entity: "household", entityId: t.householdId,
      details: { transferId: t.id, from: t.fromShard, fromDesa: t.fromDesa, toDesa: t.toDesa, rows: familyCounts(f), revived: existing.size, facilitiesCleared: cleared },
    }, now)]),
    dest.$client.prepare("DELETE FROM sync_guard"),
  );
  return out;
}

/**
 * The family's open conflicts travel with its rows (a row flagged for review shows them on the
 * destination's phones, services/pull.ts); settled ones stay in the source's history.
 */
function conflictRows(dest: Db, rows: readonly Row[]): Statement[] {
  if (!rows.length) return [];
  const cols = ["entity", "entity_id", "field", "server_value", "client_value", "mutation_id", "user_id", "at", "server_by", "server_at"];
  return jsonChunks(rows.map((r) => cols.map((k) => r[k] ?? null))).map((json) =>
    dest.$client
      .prepare(`INSERT INTO conflicts (${cols.join(", ")}) SELECT ${cols.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ")} FROM json_each(?)`)
      .bind(json),
  );
}

/** The source's open conflicts of the family's rows. */
async function openConflictsOf(source: Db, f: Family): Promise<Row[]> {
  const queries = FAMILY_ENTITIES.flatMap((e) => jsonChunks(f[e].map((r) => r.id)).map((json) =>
    source.$client
      .prepare("SELECT * FROM conflicts WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?)) AND resolved_at IS NULL")
      .bind(e, json),
  ));
  if (!queries.length) return [];
  const results = await source.$client.batch<Row>(queries);
  return results.flatMap((r) => r.results);
}

// --- release: the source lets the family go ---

/**
 * Step 2, in the source: every row of the family becomes a tombstone (a new version, deleted),
 * so the phones that hold it drop it on their next pull, as they drop a row deleted or moved out
 * of their scope; its PWS marks go (the counts follow the family to the new kabupaten); the
 * `transfer_steps` row and an audit row, in one batch, behind a guard that the source still holds
 * exactly what was copied. If it does not (a visit entered in the old desa after the copy), the
 * copy is refreshed first (refreshCopy). A repeat finds the step row and does nothing.
 */
export async function releaseStep(t: TransferRow, source: Db, dest: Db, actor: Actor, now: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await stepRow(source, t.id, "released")) return;
    const copied = await stepRow(dest, t.id, "copied");
    if (!copied) throw new Error("transfer: released before copied");
    // The family and the step row in one snapshot: a family already released by a concurrent
    // runner must not look like a family deleted since the copy (the refresh would tombstone the copy).
    const f = await readFamily(source, t.householdId, { transferId: t.id, step: "released" });
    if (f.stepDone) return;
    const keys = fingerprint(f);
    if (!sameKeys(keys, copied.ids ?? [])) await refreshCopy(t, dest, f, copied.ids ?? [], actor, now);
    const mutationId = transferMutationId(t.id);
    const persons = f.person.map((p) => p.id as string);
    const statements: Statement[] = [
      ...familyGuard(source, t.householdId, keys),
      ...FAMILY_ENTITIES.flatMap((e) => tombstoneRows(source, e, f[e].map((r) => r.id as string), mutationId, actor.userId, now)),
      ...jsonChunks(persons).flatMap((json) => [
        source.$client.prepare("DELETE FROM pws_marks WHERE person_id IN (SELECT value FROM json_each(?))").bind(json),
        source.$client.prepare("DELETE FROM pws_dirty WHERE person_id IN (SELECT value FROM json_each(?))").bind(json),
      ]),
      ...stepRowStatements(source, t.id, "released", now, familySize(f), keys),
      ...auditStatements(source, [auditRow(actor, {
        action: "transfer.released", entity: "household", entityId: t.householdId,
        details: { transferId: t.id, to: t.toShard, fromDesa: t.fromDesa, toDesa: t.toDesa, rows: familyCounts(f) },
      }, now)]),
      source.$client.prepare("DELETE FROM sync_guard"),
    ];
    try {
      await runBatch(source, statements);
      return;
    } catch (e) {
      if (!isRace(e) || attempt >= STEP_ATTEMPTS) throw e;
    }
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((k) => set.has(k));
}

/**
 * The source changed between copy and release (a phone of the old desa synced a visit, an edit or
 * a deletion in that window, which lasts milliseconds, or minutes after a crash). The destination
 * takes the source's rows again where its own copy is untouched since this transfer wrote it (its
 * latest change is still the transfer's); a row the destination's phones already changed keeps
 * their version (counted in the audit as `kept`). Rows gone from the source become tombstones
 * there too, if untouched. The persons' PWS marks are left to the next PWS read (pws_dirty).
 */
async function refreshCopy(t: TransferRow, dest: Db, f: Family, before: readonly string[], actor: Actor, now: number): Promise<void> {
  const mutationId = transferMutationId(t.id);
  const scope = { area: t.toDesa, dusun: t.toDusunId, grp: null };
  const existing = await existingRows(dest, f);
  const had = new Set(before);
  const nowKeys = new Set(fingerprint(f));
  const untouched = (x: Existing | undefined) => !x || x.lastMutation === mutationId;
  const log: [FamilyEntity, string, number, string[]][] = [];
  const rows: Family = { household: [], person: [], record: [], referral: [] };
  let kept = 0;
  for (const e of FAMILY_ENTITIES) {
    for (const r of f[e]) {
      const key = `${e}:${r.id as string}`;
      if (had.has(`${key}@${r.version as number}`)) continue;
      const x = existing.get(key);
      if (x && !untouched(x)) {
        kept++;
        continue;
      }
      const version = Math.max(r.version as number, x?.version ?? 0) + 1;
      rows[e].push(destinationRow(t, e, r, version));
      log.push([e, r.id as string, version, Object.keys(r).filter((k) => !BOOKKEEPING.has(k)).map(camel)]);
    }
  }
  // Copied before, gone from the source's live rows now: a tombstone in the destination, if untouched.
  const gone = new Map<FamilyEntity, string[]>();
  for (const k of before) {
    const [entityId] = k.split("@") as [string];
    const [e, id] = entityId.split(":") as [FamilyEntity, string];
    if ([...nowKeys].some((n) => n.startsWith(`${entityId}@`))) continue;
    gone.set(e, [...(gone.get(e) ?? []), id]);
  }
  const goneChecked = await lastMutations(dest, gone);
  const statements: Statement[] = [...changeLogRows(dest, log, mutationId, now)];
  for (const e of FAMILY_ENTITIES) {
    statements.push(...insertRows(dest, e, rows[e], true), ...indexRows(dest, e, rows[e].map((r) => r.id as string), scope, false));
    const dead = (gone.get(e) ?? []).filter((id) => goneChecked.get(`${e}:${id}`) === mutationId);
    kept += (gone.get(e) ?? []).length - dead.length;
    statements.push(...tombstoneRows(dest, e, dead, mutationId, actor.userId, now));
  }
  const persons = [...new Set([...f.person.map((p) => p.id as string), ...(gone.get("person") ?? [])])];
  const [firstIds, ...moreIds] = jsonChunks([...nowKeys]);
  statements.push(
    ...jsonChunks(persons).map((json) => dest.$client.prepare("INSERT INTO pws_dirty (person_id, at) SELECT value, ? FROM json_each(?) WHERE true ON CONFLICT DO NOTHING").bind(now, json)),
    dest.$client.prepare("UPDATE transfer_steps SET ids = ?, rows = ? WHERE transfer_id = ? AND step = 'copied'").bind(firstIds ?? "[]", familySize(f), t.id),
    ...moreIds.map((json) => appendIds(dest, t.id, "copied", json)),
    ...auditStatements(dest, [auditRow(actor, {
      action: "transfer.refreshed", entity: "household", entityId: t.householdId,
      details: { transferId: t.id, rows: familyCounts(rows), gone: [...gone.values()].reduce((n, l) => n + l.length, 0), kept },
    }, now)]),
  );
  await runBatch(dest, statements);
}

/**
 * A step's `transfer_steps` row with its `ids` (the fingerprint, a JSON array that can pass 100 KB
 * for a large family) bound in chunks of JSON_CHARS_PER_STATEMENT: the row with the first chunk,
 * each further chunk appended in the same batch. Its readers treat it as a set (sameKeys).
 */
function stepRowStatements(db: Db, transferId: string, step: "copied" | "released", now: number, rows: number, ids: readonly string[]): Statement[] {
  const [first, ...more] = jsonChunks(ids);
  return [
    db.$client.prepare("INSERT INTO transfer_steps (transfer_id, step, at, rows, ids) VALUES (?, ?, ?, ?, ?)").bind(transferId, step, now, rows, first ?? "[]"),
    ...more.map((json) => appendIds(db, transferId, step, json)),
  ];
}

function appendIds(db: Db, transferId: string, step: "copied" | "released", json: string): Statement {
  return db.$client
    .prepare(`UPDATE transfer_steps SET ids = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(transfer_steps.ids) UNION ALL SELECT value FROM json_each(?1)))
      WHERE transfer_id = ?2 AND step = ?3`)
    .bind(json, transferId, step);
}

async function lastMutations(db: Db, ids: Map<FamilyEntity, string[]>): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const entries = [...ids].filter(([, l]) => l.length);
  if (!entries.length) return out;
  const queries = entries.flatMap(([e, l]) => jsonChunks(l).map((json) => [e, db.$client
    .prepare(`SELECT value AS id, (SELECT c.mutation_id FROM change_log c WHERE c.entity = '${e}' AND c.entity_id = value ORDER BY c.seq DESC LIMIT 1) AS last FROM json_each(?)`)
    .bind(json)] as const));
  const results = await db.$client.batch<{ id: string; last: string | null }>(queries.map(([, q]) => q));
  for (const [i, [e]] of queries.entries()) for (const r of results[i]!.results) out.set(`${e}:${r.id}`, r.last);
  return out;
}

const BOOKKEEPING = new Set(["id", "version", "seq", "deleted", "needs_review", "scope_area", "scope_dusun", "scope_grp", "created_at", "updated_at", "updated_by"]);
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
