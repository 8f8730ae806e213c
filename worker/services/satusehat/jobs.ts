import type { BundleEntry } from "@medplum/fhirtypes";
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { can, type Principal } from "../../../domain/access/policy.ts";
import { areaAncestor, areaLevel, isAreaCode } from "../../../domain/area/codes.ts";
import { monthBounds } from "../../../domain/rules/dates.ts";
import type { SendJobError } from "../../../domain/satusehat/job.ts";
import { planSend, type LoggedEntry, type PlannedEntry } from "../../../domain/satusehat/plan.ts";
import type { EntryAnswer } from "../../../domain/satusehat/response.ts";
import { chunk, MAX_BOUND_PARAMS, type Db } from "../../db/client.ts";
import { shardKeyOf } from "../../../domain/shards/registry.ts";
import { satusehatSendJobs, satusehatSendLog, users } from "../../db/schema.ts";
import type { Env } from "../../env.ts";
import { ApiError, forbidden } from "../../http/errors.ts";
import { audit } from "../audit.ts";
import { satusehatConfigFor } from "../fhir/config.ts";
import { exportDesa, exportPage } from "../fhir/export.ts";
import { sendTransaction, type SendDeps, type SendResult, type SendTarget } from "./send.ts";

/**
 * Send jobs (issue 13, part 3): POST /api/satusehat/send records a job for one desa's month and
 * answers 202 at once; the job runs apart from any phone's request, as a Cloudflare Queue message
 * (index.ts `queue`), so sending never holds up sync. Without a queue binding it runs in the
 * request's waitUntil; the daily cron requeues a job left queued or silent (index.ts `scheduled`).
 *
 * A job walks the desa-month's export page by page (services/fhir/export.ts), leaves out what the
 * send log says was sent and has not changed (domain/satusehat/plan.ts), sends the rest as one
 * transaction per page (send.ts), and records each resource's answer in satusehat_send_log.
 */

export type JobStatus = (typeof satusehatSendJobs.$inferSelect)["status"];
/** Why a job failed: domain/satusehat/job.ts. */
export type JobError = SendJobError;

/** Persons per sent page (the export's `limit`): its default, smaller than the export's own bound. */
export const SEND_PAGE_PERSONS_DEFAULT = 100;
/** A running job that has not written for this long is taken as dead (its consumer was evicted). */
export const JOB_STALE_MS = 20 * 60 * 1000;
/** Log rows per upsert: 18 columns each, under D1's 100 bound parameters. */
const LOG_ROWS_PER_STATEMENT = Math.floor(MAX_BOUND_PARAMS / 18);

export interface SendConfig {
  target: SendTarget;
}

/** The sender's configuration for a kecamatan, or null when any part is missing. */
export function sendConfig(env: Env, kecCode: string): SendConfig | null {
  const creds = satusehatConfigFor(env, kecCode);
  if (!creds || !env.SATUSEHAT_AUTH_URL || !env.SATUSEHAT_BASE_URL) return null;
  return { target: { authUrl: env.SATUSEHAT_AUTH_URL, baseUrl: env.SATUSEHAT_BASE_URL, creds: { clientId: creds.clientId, clientSecret: creds.clientSecret } } };
}

const notConfigured = (kec: string) =>
  new ApiError(409, "satusehat_not_configured", `Sending to SATUSEHAT is not configured for kecamatan ${kec} (SATUSEHAT_AUTH_URL, SATUSEHAT_BASE_URL, SATUSEHAT_CREDENTIALS)`, { kecamatan: kec });

export type JobRow = typeof satusehatSendJobs.$inferSelect;

function jobOut(j: JobRow) {
  return {
    id: j.id, desa: j.desaCode, month: j.month, status: j.status, requestedAt: new Date(j.requestedAt).toISOString(),
    finishedAt: j.finishedAt ? new Date(j.finishedAt).toISOString() : null,
    errorCode: j.errorCode, lastHttpStatus: j.lastHttpStatus,
    total: j.total, sent: j.sent, unchanged: j.unchanged, failed: j.failed, unexported: j.unexported,
  };
}
export type JobOut = ReturnType<typeof jobOut>;

/**
 * An active job that no longer moves: queued for longer than JOB_STALE_MS (its queue message was
 * lost, or it was never handed to a consumer) or running and silent that long (its consumer was
 * evicted). Such a job is handed to the queue again rather than left until the daily cron.
 */
export function isStale(j: Pick<JobRow, "status" | "requestedAt" | "heartbeatAt">, now: number): boolean {
  if (j.status === "queued") return now - j.requestedAt > JOB_STALE_MS;
  if (j.status === "running") return now - (j.heartbeatAt ?? j.requestedAt) > JOB_STALE_MS;
  return false;
}

/**
 * Record a job and hand it to the queue. A job already queued or running for the same desa-month
 * is answered instead of a second one (a double tap sends once): the partial unique index
 * satusehat_send_jobs_active (migration 0014) lets one INSERT … ON CONFLICT DO NOTHING win, and
 * the others read the winner back. A stale active job is handed to the queue again and answered.
 */
export async function requestSend(
  db: Db, env: Env, principal: Principal, args: { desa: string; month: string }, now: number, waitUntil: (p: Promise<unknown>) => void,
): Promise<{ job: JobOut; queued: boolean }> {
  const desa = await exportDesa(db, principal, args.desa);
  const kec = areaAncestor(desa.code, "kecamatan")!;
  if (!sendConfig(env, kec)) throw notConfigured(kec);
  const activeJob = () => db.select().from(satusehatSendJobs)
    .where(and(eq(satusehatSendJobs.desaCode, desa.code), eq(satusehatSendJobs.month, args.month), inArray(satusehatSendJobs.status, ["queued", "running"])))
    .orderBy(desc(satusehatSendJobs.requestedAt)).get();
  // Two rounds at most: a conflict whose winner finished before it was read back inserts again.
  for (let round = 0; round < 2; round++) {
    const active = await activeJob();
    if (active) {
      if (!isStale(active, now)) return { job: jobOut(active), queued: false };
      // Its message was lost or its consumer died: queue it again (runSendJob claims it once). A
      // queued one is stamped as requested now, atomically, so that a double tap (or the cron)
      // does not queue it twice and it counts as fresh for another JOB_STALE_MS.
      if (active.status === "queued") {
        const restamped = await db.update(satusehatSendJobs).set({ requestedAt: now })
          .where(and(eq(satusehatSendJobs.id, active.id), eq(satusehatSendJobs.status, "queued"), eq(satusehatSendJobs.requestedAt, active.requestedAt)))
          .returning({ id: satusehatSendJobs.id }).get();
        if (!restamped) continue; // another request (or a consumer) took it first: read it again
        active.requestedAt = now;
      }
      await audit(db, principal, { action: "satusehat.send", entity: "area", entityId: desa.code, details: { month: args.month, jobId: active.id, requeued: true } }, now);
      await enqueue(db, env, active, waitUntil);
      return { job: jobOut(active), queued: true };
    }
    const job: JobRow = {
      id: crypto.randomUUID(), kecCode: kec, desaCode: desa.code, month: args.month, status: "queued", requestedBy: principal.userId, requestedAt: now,
      startedAt: null, finishedAt: null, heartbeatAt: null, errorCode: null, errorText: null, lastHttpStatus: null,
      total: 0, sent: 0, unchanged: 0, failed: 0, unexported: 0, pages: 0,
    };
    const inserted = await db.insert(satusehatSendJobs).values(job).onConflictDoNothing().returning({ id: satusehatSendJobs.id }).get();
    if (!inserted) continue; // another request won: answer its job
    await audit(db, principal, { action: "satusehat.send", entity: "area", entityId: desa.code, details: { month: args.month, jobId: job.id } }, now);
    await enqueue(db, env, job, waitUntil);
    return { job: jobOut(job), queued: true };
  }
  const winner = await activeJob();
  if (winner) return { job: jobOut(winner), queued: false };
  throw new ApiError(409, "busy_retry", "Another send of this desa-month was requested at the same time; try again", { desa: desa.code, month: args.month });
}

/**
 * Queue a job. Its message names the kabupaten database that holds it (the job's kecamatan lies in
 * one), so the consumer opens that database alone.
 */
async function enqueue(db: Db, env: Env, job: { id: string; kecCode: string }, waitUntil: (p: Promise<unknown>) => void): Promise<void> {
  const jobId = job.id;
  if (env.SATUSEHAT_QUEUE) {
    try {
      await env.SATUSEHAT_QUEUE.send({ jobId, shard: shardKeyOf(areaAncestor(job.kecCode, "kabupaten")!) });
      return;
    } catch (e) {
      // The queue refused the message: run the job here rather than answer a 500 (the cron would
      // also pick it up once stale).
      logJobError(jobId, e, "enqueue_failed");
    }
  }
  waitUntil(runSendJob(db, env, jobId).catch((e) => logJobError(jobId, e, "run_failed")));
}

/** Where a job failed, for the log: fixed codes, never the error's message. */
export type JobFailure = "enqueue_failed" | "run_failed" | "export_failed" | "consumer_failed";

/**
 * Log a job's failure by the error's name and a fixed code only: messages may hold data (a
 * drizzle/D1 error quotes the statement's bound values, a JSON.parse error quotes its input).
 */
export function logJobError(jobId: string, e: unknown, code: JobFailure = "run_failed"): void {
  const name = e instanceof Error && /^[A-Za-z][A-Za-z0-9_]{0,60}$/.test(e.name) ? e.name : "unknown";
  console.error(JSON.stringify({ level: "error", event: "satusehat_job_failed", jobId, code, error: name }));
}

/** The principal who asked, as they are now: a deactivated user's job does not run. */
async function requester(db: Db, userId: string): Promise<Principal | null> {
  const u = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!u || !u.active) return null;
  return { userId: u.id, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId, deviceId: null };
}

/** Which Simpul entity a resource comes from (for the log; ids only, never content). */
const RESOURCE_ENTITY: Record<string, string> = {
  Patient: "person", Encounter: "record", Observation: "record", Condition: "record", Immunization: "record", Procedure: "record", ServiceRequest: "referral",
};
const URN_UUID = /^urn:uuid:([0-9a-f-]{36})$/i;

function sourceOf(e: BundleEntry | undefined, key: string): { entity: string | null; entityId: string | null } {
  const type = e?.resource?.resourceType ?? "";
  const entity = RESOURCE_ENTITY[type] ?? null;
  // The Patient's urn:uuid is the person's id (domain/fhir); others may be derived ids: their
  // sys-ids identifier (SATUSEHAT's local-id convention) names the Simpul record when present.
  if (type === "Patient") return { entity, entityId: URN_UUID.exec(key)?.[1] ?? null };
  const ids = (e?.resource as { identifier?: { system?: string; value?: string }[] } | undefined)?.identifier ?? [];
  const local = ids.find((i) => i.system?.startsWith("http://sys-ids.kemkes.go.id/") && /^[0-9a-f-]{36}$/i.test(i.value ?? ""));
  return { entity, entityId: local?.value ?? null };
}

async function readLog(db: Db, kec: string, keys: string[]): Promise<Map<string, LoggedEntry>> {
  const out = new Map<string, LoggedEntry>();
  if (!keys.length) return out;
  const rows = await db.batch(
    chunk(keys, 90).map((c) =>
      db.select({ key: satusehatSendLog.key, hash: satusehatSendLog.contentHash, ok: satusehatSendLog.ok, ref: satusehatSendLog.serverRef, match: satusehatSendLog.matchHash, refused: satusehatSendLog.refused })
        .from(satusehatSendLog).where(and(eq(satusehatSendLog.kecCode, kec), inArray(satusehatSendLog.key, c))),
    ) as unknown as [never],
  ) as unknown as { key: string; hash: string; ok: boolean; ref: string | null; match: string | null; refused: boolean }[][];
  for (const r of rows.flat()) out.set(r.key, { hash: r.hash, ok: r.ok, ref: r.ref, match: r.match, refused: r.refused });
  return out;
}

/** A refused transaction changed nothing: an entry it did not blame was not processed. */
export const NOT_PROCESSED = "not processed: the transaction was refused for another entry";

/**
 * Each planned entry's result from the send's answer: per entry on a 2xx, else the Bundle's. A 4xx
 * whose OperationOutcome names entries (`Bundle.entry[n]`) is theirs alone (`refused`, held back
 * while unchanged); the others of the page were not processed (status 0) and go again next time.
 * A 4xx that names no entry is the whole page's, and nothing is held back for it.
 */
export function entryResults(planned: readonly PlannedEntry[], result: SendResult, known: ReadonlyMap<string, LoggedEntry>) {
  const blamed = result.kind === "answered" && !result.entries && result.status >= 400 && result.status < 500 && result.blamed?.length
    ? new Set(result.blamed.filter((n) => n < planned.length)) : null;
  return planned.map((p, i) => {
    const answer: EntryAnswer | undefined = result.kind === "answered" && result.entries ? result.entries[i] : undefined;
    const ok = !!answer && answer.status >= 200 && answer.status < 300;
    const bystander = !!blamed?.size && !blamed.has(i);
    const refused = answer ? answer.status >= 400 && answer.status < 500 && answer.status !== 401 : !!blamed?.size && blamed.has(i);
    return {
      key: p.key, resourceType: p.resourceType, hash: p.hash, ok, match: p.match, refused,
      httpStatus: answer ? answer.status : bystander ? 0 : result.status,
      // The id known before stays unless the entry was re-identified (a Patient's NIK corrected).
      serverRef: (ok ? answer?.ref : null) ?? (p.forgetRef ? null : known.get(p.key)?.ref) ?? null,
      outcome: answer ? (answer.outcome ?? (ok ? null : "no answer for this entry")) : result.kind === "answered" && result.entries ? "no answer for this entry" : bystander ? NOT_PROCESSED : result.outcome,
    };
  });
}

async function writeLog(
  db: Db, job: JobRow, entries: Map<string, BundleEntry>, results: ReturnType<typeof entryResults>, attempts: number, now: number,
): Promise<void> {
  const rows = results.map((r) => ({
    kecCode: job.kecCode, key: r.key, desaCode: job.desaCode, ...sourceOf(entries.get(r.key), r.key),
    resourceType: r.resourceType, contentHash: r.hash, ok: r.ok, httpStatus: r.httpStatus, serverRef: r.serverRef, matchHash: r.match, refused: r.refused, outcome: r.outcome,
    attempts, firstSentAt: r.ok ? now : null, sentAt: r.ok ? now : null, lastAttemptAt: now, jobId: job.id,
  }));
  const statements = chunk(rows, LOG_ROWS_PER_STATEMENT).map((c) =>
    db.insert(satusehatSendLog).values(c).onConflictDoUpdate({
      target: [satusehatSendLog.kecCode, satusehatSendLog.key],
      set: {
        desaCode: sql`excluded.desa_code`, entity: sql`coalesce(excluded.entity, ${satusehatSendLog.entity})`, entityId: sql`coalesce(excluded.entity_id, ${satusehatSendLog.entityId})`,
        resourceType: sql`excluded.resource_type`, contentHash: sql`excluded.content_hash`, ok: sql`excluded.ok`, httpStatus: sql`excluded.http_status`,
        // entryResults already kept the known id where it still holds, and dropped it where not.
        serverRef: sql`excluded.server_ref`, matchHash: sql`excluded.match_hash`, refused: sql`excluded.refused`, outcome: sql`excluded.outcome`,
        attempts: sql`${satusehatSendLog.attempts} + excluded.attempts`, firstSentAt: sql`coalesce(${satusehatSendLog.firstSentAt}, excluded.first_sent_at)`,
        sentAt: sql`coalesce(excluded.sent_at, ${satusehatSendLog.sentAt})`, lastAttemptAt: sql`excluded.last_attempt_at`, jobId: sql`excluded.job_id`,
      },
    }),
  );
  for (const group of chunk(statements, 50)) await db.batch(group as unknown as [never]);
}

async function finish(db: Db, id: string, patch: Partial<JobRow>, now: number): Promise<void> {
  await db.update(satusehatSendJobs).set({ ...patch, finishedAt: now, heartbeatAt: now }).where(eq(satusehatSendJobs.id, id)).run();
}

/**
 * Run one job to its end. Safe to call twice for the same job (a queue delivers at least once):
 * only a queued job, or a running one silent for JOB_STALE_MS, is taken.
 */
export async function runSendJob(db: Db, env: Env, jobId: string, deps: SendDeps = {}, clock: () => number = Date.now): Promise<JobRow | null> {
  const startedAt = clock();
  const claimed = await db.update(satusehatSendJobs)
    .set({ status: "running", startedAt, heartbeatAt: startedAt })
    .where(and(eq(satusehatSendJobs.id, jobId), or(eq(satusehatSendJobs.status, "queued"), and(eq(satusehatSendJobs.status, "running"), lt(satusehatSendJobs.heartbeatAt, startedAt - JOB_STALE_MS)))))
    .returning().get();
  if (!claimed) return null;
  const job = claimed;
  const config = sendConfig(env, job.kecCode);
  if (!config) return void (await finish(db, job.id, { status: "failed", errorCode: "not_configured" }, clock())), null;
  const principal = await requester(db, job.requestedBy);
  if (!principal || !can(principal, "interop:export", { areaCode: job.desaCode })) {
    await finish(db, job.id, { status: "failed", errorCode: "forbidden" }, clock());
    return null;
  }
  const { first, last } = monthBounds(job.month);
  const limit = Math.max(1, Math.min(500, Number(env.SATUSEHAT_PAGE_SIZE) || SEND_PAGE_PERSONS_DEFAULT));
  const c = { total: 0, sent: 0, unchanged: 0, failed: 0, unexported: 0, pages: 0 };
  let error: { code: JobError; text: string | null } | null = null;
  let lastHttpStatus: number | null = null;
  let cursor: string | null = null;
  let heldBack = 0;
  try {
    do {
      const page = await exportPage(db, env, principal, { desaCode: job.desaCode, from: first, to: last, cursor, limit }, clock());
      cursor = page.nextCursor;
      c.pages++;
      c.unexported += page.unexported.length;
      const all = page.bundle.entry ?? [];
      c.total += all.length;
      const byKey = new Map(all.filter((e) => e.fullUrl).map((e) => [e.fullUrl!, e]));
      const known = await readLog(db, job.kecCode, [...byKey.keys()]);
      // The client secret keys the match hashes (plan.ts matchHash): a Worker secret, not in D1.
      const plan = planSend(page.bundle, known, config.target.baseUrl, config.target.creds.clientSecret);
      c.unchanged += plan.unchanged.length + plan.held.length;
      // Held back (refused before, unchanged): still failed, and the job says so.
      c.failed += plan.heldBack.length;
      heldBack += plan.heldBack.length;
      if (plan.bundle) {
        const result = await sendTransaction(config.target, plan.bundle, deps);
        if (result.kind === "auth_failed") {
          // Nothing was sent: the resources stay as they were (pending), the job says why.
          error = { code: "auth_failed", text: result.outcome };
          lastHttpStatus = result.status;
          break;
        }
        lastHttpStatus = result.status;
        const results = entryResults(plan.entries, result, known);
        await writeLog(db, job, byKey, results, result.attempts, clock());
        const ok = results.filter((r) => r.ok).length;
        c.sent += ok;
        c.failed += results.length - ok;
        if (ok < results.length && !error) {
          error = result.kind === "gave_up" ? { code: "unavailable", text: result.outcome } : { code: "rejected", text: (results.find((r) => r.refused) ?? results.find((r) => !r.ok))?.outcome ?? null };
        }
      }
      await db.update(satusehatSendJobs).set({ ...c, lastHttpStatus, heartbeatAt: clock() }).where(eq(satusehatSendJobs.id, job.id)).run();
    } while (cursor);
  } catch (e) {
    logJobError(job.id, e, "export_failed");
    error = { code: e instanceof ApiError && e.status === 403 ? "forbidden" : "export_failed", text: e instanceof ApiError ? e.code : (e as Error).name };
  }
  if (!error && heldBack) error = { code: "rejected", text: "held back: refused before and unchanged since" };
  const status: JobStatus = error ? "failed" : "done";
  await finish(db, job.id, { ...c, status, lastHttpStatus, errorCode: error?.code ?? null, errorText: error?.text ?? null }, clock());
  return { ...job, ...c, status, lastHttpStatus, errorCode: error?.code ?? null, errorText: error?.text ?? null };
}

/**
 * The cron's part: jobs queued or silent for longer than JOB_STALE_MS go back to the queue. Without
 * a queue binding each would run in this one cron invocation's waitUntil, side by side, sharing its
 * limits (subrequests, memory, 15 min wall clock: developers.cloudflare.com/workers/platform/limits/):
 * then one job per invocation, the oldest; the next cron takes the next.
 */
export async function requeueStale(db: Db, env: Env, now: number, waitUntil: (p: Promise<unknown>) => void): Promise<number> {
  const stale = await db.select({ id: satusehatSendJobs.id, kecCode: satusehatSendJobs.kecCode }).from(satusehatSendJobs)
    .where(or(
      and(eq(satusehatSendJobs.status, "queued"), lt(satusehatSendJobs.requestedAt, now - JOB_STALE_MS)),
      and(eq(satusehatSendJobs.status, "running"), lt(satusehatSendJobs.heartbeatAt, now - JOB_STALE_MS)),
    )).orderBy(satusehatSendJobs.requestedAt).limit(env.SATUSEHAT_QUEUE ? 50 : 1).all();
  for (const j of stale) await enqueue(db, env, j, waitUntil);
  return stale.length;
}

/**
 * GET /api/satusehat/status: per desa of the area, the month's latest job and the send log's
 * counts (sent, failed); counts only, no names. `pending`: a job queued or running.
 */
export async function sendStatus(db: Db, env: Env, principal: Principal, args: { area?: string; month: string }) {
  const area = args.area ?? principal.areaCode;
  if (!isAreaCode(area) || !["kabupaten", "kecamatan", "desa"].includes(areaLevel(area))) {
    throw new ApiError(422, "validation_failed", "area is a kabupaten, kecamatan or desa code", { fields: { area: "an area code" } });
  }
  if (!can(principal, "interop:export", { areaCode: area })) throw forbidden("Outside your role or area", { permission: "interop:export" });
  const desas = await db.$client
    .prepare("SELECT id AS code, name FROM areas WHERE level = 'desa' AND deleted = 0 AND (id = ?1 OR id LIKE ?1 || '.%') ORDER BY id")
    .bind(area).all<{ code: string; name: string }>();
  if (!desas.results.length) {
    const known = await db.$client.prepare("SELECT 1 FROM areas WHERE id = ? AND deleted = 0").bind(area).first();
    if (!known) throw new ApiError(404, "unknown_area", `Area ${area} is not a known wilayah code`, { area });
  }
  // The latest job per desa of the area for the month (one row each: max requested_at).
  const jobs = await db.$client.prepare(
    `SELECT j.* FROM satusehat_send_jobs j
     WHERE j.month = ?2 AND (j.desa_code = ?1 OR j.desa_code LIKE ?1 || '.%')
       AND j.requested_at = (SELECT max(requested_at) FROM satusehat_send_jobs k WHERE k.desa_code = j.desa_code AND k.month = j.month)`,
  ).bind(area, args.month).all<Record<string, unknown>>();
  const byDesa = new Map(jobs.results.map((j) => [j.desa_code as string, j]));
  const logged = await db.$client.prepare(
    `SELECT desa_code, sum(ok) AS sent, sum(1 - ok) AS failed FROM satusehat_send_log
     WHERE desa_code = ?1 OR desa_code LIKE ?1 || '.%' GROUP BY desa_code`,
  ).bind(area).all<{ desa_code: string; sent: number; failed: number }>();
  const logByDesa = new Map(logged.results.map((r) => [r.desa_code, r]));
  const kecs = [...new Set(desas.results.map((d) => areaAncestor(d.code, "kecamatan")!))];
  const configured = Object.fromEntries(kecs.map((k) => [k, sendConfig(env, k) !== null]));
  return {
    area, month: args.month, configured,
    desa: desas.results.map((d) => {
      const j = byDesa.get(d.code);
      const l = logByDesa.get(d.code);
      const job = j ? {
        id: j.id as string, status: j.status as JobStatus, requestedAt: new Date(j.requested_at as number).toISOString(),
        finishedAt: j.finished_at ? new Date(j.finished_at as number).toISOString() : null, errorCode: (j.error_code as string | null) ?? null,
        lastHttpStatus: (j.last_http_status as number | null) ?? null, total: j.total as number, sent: j.sent as number,
        unchanged: j.unchanged as number, failed: j.failed as number, unexported: j.unexported as number,
      } : null;
      return {
        code: d.code, name: d.name, configured: configured[areaAncestor(d.code, "kecamatan")!] ?? false,
        pending: !!job && (job.status === "queued" || job.status === "running"),
        // The send log over every month: what SATUSEHAT holds from this desa, and what still fails.
        log: { sent: Number(l?.sent ?? 0), failed: Number(l?.failed ?? 0) },
        job,
      };
    }),
  };
}

