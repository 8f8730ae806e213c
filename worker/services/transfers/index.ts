import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Principal } from "../../../domain/access/policy.ts";
import { areaAncestor, areaLevel, isAreaCode } from "../../../domain/area/codes.ts";
import { shardKeyOf, shardOfArea, type ShardKey } from "../../../domain/shards/registry.ts";
import {
  ACTIVE_TRANSFER_STATES, canSeeTransfer, canTransfer, TRANSFER_MAX_ATTEMPTS, TRANSFER_ROLES, TRANSFER_SLOW_RETRY_MS, TRANSFER_STALE_MS,
  transferRetryDelayMs, transferStalled,
} from "../../../domain/transfers/rules.ts";
import { uuidv7 } from "../../../domain/util/uuid.ts";
import type { Db } from "../../db/client.ts";
import { areas, dusun, households, transfers, transferSteps } from "../../db/schema.ts";
import { ApiError, forbidden } from "../../http/errors.ts";
import { audit } from "../audit.ts";
import { advance, type Actor, type StepHook, type TransferRow } from "./steps.ts";

export type { StepHook, TransferRow } from "./steps.ts";
export { TRANSFER_STALE_MS } from "../../../domain/transfers/rules.ts";

/**
 * Cross-kabupaten moves: the requests, reads and the cron's resumption (docs/SCALE.md, "Moves
 * between kabupaten"; the steps are in steps.ts). The ledger is the central database's
 * `transfers`; each kabupaten's `transfer_steps` says which steps it has applied.
 *
 * The caller (a route, the cron) picks the databases: the source is the caller's own kabupaten
 * (its token's), the destination the kabupaten of the desa it names, opened through `open`.
 */
export type OpenShard = (key: ShardKey) => Db | null;

export interface TransferInput {
  householdId: string;
  toDesa: string;
  toDusunId?: string | null | undefined;
}

/** The transfer as the API answers it (ids, area codes, state and counts: no personal field). */
export function transferView(t: TransferRow) {
  return {
    id: t.id, householdId: t.householdId, fromKabupaten: kabOf(t.fromShard), toKabupaten: kabOf(t.toShard),
    fromDesa: t.fromDesa, toDesa: t.toDesa, toDusunId: t.toDusunId, state: t.state, errorCode: t.errorCode, rows: t.rows,
    attempts: t.attempts, stalled: transferStalled(t),
    requestedAt: new Date(t.requestedAt).toISOString(), updatedAt: new Date(t.updatedAt).toISOString(),
  };
}
const kabOf = (key: string) => `${key.slice(0, 2)}.${key.slice(2)}`;

/**
 * POST /api/transfers: check, record (or find) the transfer, and run its steps now (a family is
 * a few dozen rows: milliseconds). A step that throws leaves the transfer in its state for the
 * cron (resumeTransfers); the answer says where it stands. The household's active transfer
 * answers a repeated request, so a double tap or a retry after a lost answer makes one transfer.
 */
export async function requestTransfer(
  db: { source: Db; sourceKey: ShardKey; central: Db; open: OpenShard },
  p: Principal, input: TransferInput, now: number, hook?: StepHook,
): Promise<{ transfer: ReturnType<typeof transferView> }> {
  if (!TRANSFER_ROLES.includes(p.role)) throw forbidden(`Role ${p.role} does not hand families over`);
  if (!isAreaCode(input.toDesa) || areaLevel(input.toDesa) !== "desa") throw new ApiError(422, "validation_failed", "toDesa must be a desa code", { field: "toDesa" });

  // The household first (the caller's own database): who may hand it over is decided by where it lives.
  const hh = await db.source.select({ id: households.id, area: households.scopeArea, deleted: households.deleted }).from(households).where(eq(households.id, input.householdId)).get();
  if (!hh || hh.deleted) {
    // Already handed over (a repeat of a request that finished): the transfer that did it.
    const earlier = await db.central.select().from(transfers)
      .where(and(eq(transfers.householdId, input.householdId), eq(transfers.fromShard, db.sourceKey), eq(transfers.state, "done"), eq(transfers.toDesa, input.toDesa)))
      .orderBy(desc(transfers.requestedAt)).get();
    if (earlier && canSeeTransfer(p, earlier.fromDesa, earlier.toDesa)) return { transfer: transferView(earlier) };
    throw new ApiError(404, "not_found", "No such household");
  }
  if (!canTransfer(p, hh.area)) throw forbidden("Outside your area");

  const toShard = shardOfArea(input.toDesa);
  if (!toShard) throw new ApiError(422, "transfer_unknown_kabupaten", `Kabupaten ${areaAncestor(input.toDesa, "kabupaten")} is not served here`, { field: "toDesa" });
  const toKey = shardKeyOf(toShard.kabupaten);
  if (toKey === db.sourceKey) throw new ApiError(422, "transfer_same_kabupaten", "The desa is in the same kabupaten: move the household by changing its desa", { field: "toDesa" });
  const dest = db.open(toKey);
  if (!dest) throw new ApiError(422, "transfer_unknown_kabupaten", "The destination kabupaten has no database", { field: "toDesa" });

  const [desa, dusunRow] = await Promise.all([
    dest.select({ id: areas.id }).from(areas).where(and(eq(areas.id, input.toDesa), eq(areas.level, "desa"), eq(areas.deleted, false))).get(),
    input.toDusunId ? dest.select({ desa: dusun.desaCode }).from(dusun).where(and(eq(dusun.id, input.toDusunId), eq(dusun.deleted, false))).get() : undefined,
  ]);
  if (!desa) throw new ApiError(422, "unknown_area", `Desa ${input.toDesa} is not in the destination's areas`, { field: "toDesa" });
  if (input.toDusunId && dusunRow?.desa !== input.toDesa) throw new ApiError(422, "invalid_reference", "toDusunId is not a dusun of that desa", { field: "toDusunId" });

  const id = uuidv7();
  await db.central.insert(transfers).values({
    id, householdId: input.householdId, fromShard: db.sourceKey, toShard: toKey, fromDesa: hh.area, toDesa: input.toDesa, toDusunId: input.toDusunId ?? null,
    state: "requested", requestedBy: p.userId, requestedAt: now, updatedAt: now,
  }).onConflictDoNothing().run();
  const active = await db.central.select().from(transfers)
    .where(and(eq(transfers.householdId, input.householdId), inArray(transfers.state, [...ACTIVE_TRANSFER_STATES])))
    .get();
  if (!active) {
    // A concurrent request of the same move got there first and has already finished it.
    const latest = await db.central.select().from(transfers).where(eq(transfers.householdId, input.householdId)).orderBy(desc(transfers.requestedAt)).get();
    if (latest?.state === "done" && latest.toDesa === input.toDesa) return { transfer: transferView(latest) };
    throw new ApiError(409, "transfer_in_progress", "The household's transfer changed state meanwhile; ask again");
  }
  if (active.toDesa !== input.toDesa || (active.toDusunId ?? null) !== (input.toDusunId ?? null)) {
    throw new ApiError(409, "transfer_in_progress", "The household is already being moved elsewhere", { transferId: active.id });
  }
  if (active.id === id) {
    await audit(db.source, p, { action: "transfer.requested", entity: "household", entityId: input.householdId, details: { transferId: id, to: toKey, fromDesa: hh.area, toDesa: input.toDesa } }, now).run();
  }
  return { transfer: transferView(await run(db.central, active, db.source, dest, { userId: p.userId, deviceId: p.deviceId ?? null }, now, hook)) };
}

/**
 * Run the steps. An unexpected failure is logged (ids and the error's name only), counted, and
 * moves `updatedAt` on, so the transfer goes to the back of the resumption order and waits
 * transferRetryDelayMs before its next try (a transfer that always fails must not hold the front
 * of every run). After TRANSFER_MAX_ATTEMPTS a `requested` one fails with nothing copied, and a
 * copied or released one is stalled (domain/transfers/rules.ts), logged once for the operator.
 */
async function run(central: Db, t: TransferRow, source: Db, dest: Db, actor: Actor, now: number, hook?: StepHook): Promise<TransferRow> {
  try {
    return await advance(central, t, source, dest, actor, now, hook);
  } catch (e) {
    // Ids and the error's kind only: a failed statement's message may repeat its parameters (the family's rows).
    const kind = /constraint/i.test(String(e)) ? "constraint" : /timeout|timed out/i.test(String(e)) ? "timeout" : "other";
    console.error(JSON.stringify({ level: "error", event: "transfer_step_failed", transferId: t.id, state: t.state, error: (e as Error).name, kind }));
    await central.update(transfers).set({ attempts: sql`${transfers.attempts} + 1`, updatedAt: sql`max(${transfers.updatedAt}, ${now})` })
      .where(eq(transfers.id, t.id)).run();
    let after = (await central.select().from(transfers).where(eq(transfers.id, t.id)).get())!;
    if (after.attempts < TRANSFER_MAX_ATTEMPTS) return after;
    if (after.state === "requested") after = await giveUp(central, after, dest, now);
    if (after.attempts === TRANSFER_MAX_ATTEMPTS && transferStalled(after)) {
      // Once, when it stalls: the operator's signal (its retries go on, once every TRANSFER_SLOW_RETRY_MS).
      console.error(JSON.stringify({ level: "error", event: "transfer_stalled", transferId: t.id, state: after.state, attempts: after.attempts }));
    }
    return after;
  }
}

/**
 * A `requested` transfer that failed TRANSFER_MAX_ATTEMPTS times: failed, with nothing written,
 * unless its copy did commit (the ledger then only lags: it stays active, to be released).
 */
async function giveUp(central: Db, t: TransferRow, dest: Db, now: number): Promise<TransferRow> {
  const copied = await dest.select({ at: transferSteps.at }).from(transferSteps)
    .where(and(eq(transferSteps.transferId, t.id), eq(transferSteps.step, "copied"))).get();
  if (!copied) {
    const moved = await central.update(transfers).set({ state: "failed", errorCode: "transfer_attempts_exhausted", updatedAt: now })
      .where(and(eq(transfers.id, t.id), eq(transfers.state, "requested"))).run();
    if (moved.meta.changes) console.error(JSON.stringify({ level: "error", event: "transfer_gave_up", transferId: t.id, attempts: t.attempts }));
  }
  return (await central.select().from(transfers).where(eq(transfers.id, t.id)).get())!;
}

/**
 * GET /api/transfers/destinations: the desa of another served kabupaten (reference data: codes and
 * names, no person), for the phone's picker. A phone holds only its own kabupaten's areas.
 */
export async function transferDestinations(db: { sourceKey: ShardKey; open: OpenShard }, p: Principal, kabupaten: string) {
  if (!TRANSFER_ROLES.includes(p.role)) throw forbidden(`Role ${p.role} does not hand families over`);
  const shard = shardOfArea(kabupaten);
  if (!shard || shard.kabupaten !== kabupaten) throw new ApiError(422, "transfer_unknown_kabupaten", `Kabupaten ${kabupaten} is not served here`, { field: "kabupaten" });
  const key = shardKeyOf(kabupaten);
  if (key === db.sourceKey) throw new ApiError(422, "transfer_same_kabupaten", "That is the caller's own kabupaten", { field: "kabupaten" });
  const dest = db.open(key);
  if (!dest) throw new ApiError(422, "transfer_unknown_kabupaten", "The kabupaten has no database", { field: "kabupaten" });
  // The codes under the kabupaten, as a range of the primary key ("/" follows "." in ASCII).
  const rows = await dest.select({ code: areas.id, name: areas.name, level: areas.level }).from(areas)
    .where(and(sql`${areas.id} > ${`${kabupaten}.`} AND ${areas.id} < ${`${kabupaten}/`}`, inArray(areas.level, ["kecamatan", "desa"]), eq(areas.deleted, false)))
    .orderBy(areas.id).all();
  const kec = new Map(rows.filter((r) => r.level === "kecamatan").map((r) => [r.code, r.name]));
  return {
    kabupaten, name: shard.name,
    desa: rows.filter((r) => r.level === "desa").map((r) => ({ code: r.code, name: r.name, kecamatan: kec.get(areaAncestor(r.code, "kecamatan")!) ?? null })),
  };
}

/**
 * GET /api/transfers/:id: a transfer out of or into the caller's area; any other is unknown to it.
 * A transfer due for a retry (the request that ran it died, or its last try failed and its delay
 * is over) is resumed after the answer, in `resume.waitUntil`: the phone that polls it finishes
 * it within TRANSFER_STALE_MS of a crash, without waiting for the daily cron.
 */
export async function readTransfer(central: Db, p: Principal, id: string, resume?: { open: OpenShard; now: number; waitUntil: (p: Promise<unknown>) => void }) {
  const t = await central.select().from(transfers).where(eq(transfers.id, id)).get();
  if (!t || !canSeeTransfer(p, t.fromDesa, t.toDesa)) throw new ApiError(404, "not_found", "No such transfer");
  if (resume && transferDue(t, resume.now)) {
    const { open, now } = resume;
    resume.waitUntil(resumeClaimed(central, open, t, now).catch((e: unknown) => {
      console.error(JSON.stringify({ level: "error", event: "transfer_resume_failed", transferId: t.id, error: (e as Error).name }));
    }));
  }
  return { transfer: transferView(t) };
}

/** Whether an active transfer's retry delay since its last try is over. */
export function transferDue(t: Pick<TransferRow, "state" | "attempts" | "updatedAt">, now: number): boolean {
  return ACTIVE_TRANSFER_STATES.includes(t.state) && now - t.updatedAt >= transferRetryDelayMs(t.attempts);
}

/**
 * Claim a due transfer (its `updatedAt` moved to now, only if no other runner moved it since it
 * was read: the cron and every poll of the phone may find it due at once), then run it.
 */
async function resumeClaimed(central: Db, open: OpenShard, t: TransferRow, now: number, hook?: StepHook): Promise<TransferRow | null> {
  const claim = await central.update(transfers).set({ updatedAt: now })
    .where(and(eq(transfers.id, t.id), eq(transfers.state, t.state), eq(transfers.updatedAt, t.updatedAt), eq(transfers.attempts, t.attempts))).run();
  if (!claim.meta.changes) return null;
  return resumeTransfer(central, open, t.id, now, hook);
}

/**
 * GET /api/transfers: the transfers out of and into the caller's kabupaten that touch its area,
 * newest first. The area is a range of desa codes in SQL (as areaWithin: the code itself or
 * below it; "/" follows "." in ASCII), so the `limit` newest are the caller's own, none omitted.
 */
export async function listTransfers(central: Db, p: Principal, shard: ShardKey, q: { direction?: "in" | "out" | undefined; limit?: number | undefined }) {
  if (!TRANSFER_ROLES.includes(p.role)) throw forbidden(`Role ${p.role} does not hand families over`);
  const limit = q.limit ?? 50;
  const area = p.areaCode;
  const within = (col: typeof transfers.fromDesa | typeof transfers.toDesa) => sql`(${col} = ${area} OR (${col} > ${`${area}.`} AND ${col} < ${`${area}/`}))`;
  const touches = sql`(${within(transfers.fromDesa)} OR ${within(transfers.toDesa)})`;
  const out = q.direction === "in" ? [] : await central.select().from(transfers).where(and(eq(transfers.fromShard, shard), touches)).orderBy(desc(transfers.requestedAt)).limit(limit).all();
  const inn = q.direction === "out" ? [] : await central.select().from(transfers).where(and(eq(transfers.toShard, shard), touches)).orderBy(desc(transfers.requestedAt)).limit(limit).all();
  // canSeeTransfer is the rule; the SQL above selects the same rows (kept as the check of it).
  const rows = [...out, ...inn].filter((t) => canSeeTransfer(p, t.fromDesa, t.toDesa)).sort((a, b) => b.requestedAt - a.requestedAt).slice(0, limit);
  return { transfers: rows.map(transferView) };
}

/** Transfers resumed per cron run (our choice: a few seconds of work; the rest wait for the next run). */
export const TRANSFERS_PER_RUN = 20;

/**
 * The cron's chore: resume the transfers due for a retry (transferDue), the longest-waiting first.
 * A failed try moves `updatedAt` on, so a transfer that keeps failing goes to the back.
 */
export async function resumeTransfers(central: Db, open: OpenShard, now: number, hook?: StepHook): Promise<number> {
  // transferRetryDelayMs in SQL: STALE << (attempts - 1), at most SLOW; SLOW once stalled (a test compares the two).
  const delay = sql`CASE WHEN ${transfers.attempts} >= ${TRANSFER_MAX_ATTEMPTS} THEN ${TRANSFER_SLOW_RETRY_MS}
    ELSE min(${TRANSFER_STALE_MS} << max(${transfers.attempts} - 1, 0), ${TRANSFER_SLOW_RETRY_MS}) END`;
  const stale = await central.select().from(transfers)
    .where(and(inArray(transfers.state, [...ACTIVE_TRANSFER_STATES]), sql`${transfers.updatedAt} <= ${now} - ${delay}`))
    .orderBy(transfers.updatedAt).limit(TRANSFERS_PER_RUN).all();
  let done = 0;
  for (const t of stale) if ((await resumeClaimed(central, open, t, now, hook))?.state === "done") done++;
  if (stale.length) console.log(JSON.stringify({ level: "info", event: "transfers_resumed", stale: stale.length, done }));
  return done;
}

/** Finish one transfer from whatever state it is in (the cron, or a test after a crash). */
export async function resumeTransfer(central: Db, open: OpenShard, id: string, now: number, hook?: StepHook): Promise<TransferRow | null> {
  const t = await central.select().from(transfers).where(eq(transfers.id, id)).get();
  if (!t) return null;
  const source = open(t.fromShard);
  const dest = open(t.toShard);
  if (!source || !dest) {
    console.error(JSON.stringify({ level: "error", event: "transfer_shard_missing", transferId: t.id }));
    return t;
  }
  // Resumed by the system on behalf of the requester (the audit rows name the requester, no device).
  return run(central, t, source, dest, { userId: t.requestedBy, deviceId: null }, now, hook);
}


