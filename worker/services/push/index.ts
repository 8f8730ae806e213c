import type { Principal } from "../../../domain/access/policy.ts";
import type { Mutation, MutationResult } from "../../../domain/sync/protocol.ts";
import type { Db } from "../../db/client.ts";
import { ApiError } from "../../http/errors.ts";
import { PushContext } from "./context.ts";
import { decide } from "./decide.ts";
import { asDuplicate, loadReceipts } from "./receipts.ts";
import { Rejection, type Write } from "./state.ts";
import { runBatch, type Statement } from "./sql.ts";
import { refusalAudits, writeStatements } from "./statements.ts";
import { markTransferred } from "./transferred.ts";
import { pwsMarksGuard, pwsMarkStatements } from "../pws/marks.ts";
import { pwsDirtyStatements, PUSH_MARKS_ATTEMPTS } from "../pws/dirty.ts";

export { REFUSAL_CODES } from "./statements.ts";

/**
 * POST /api/sync/push: validate every mutation against the current rows, then write all valid
 * ones, their change-log rows, sync-index rows, receipts and audit rows in ONE D1 batch (sql.ts).
 *
 * D1 has no interactive transactions, so the batch carries optimistic guards: for every row it
 * writes, a statement that fails (and rolls the whole batch back) if the row's version moved
 * after we read it. A push that loses such a race is planned again from fresh reads.
 *
 * The parts: receipts.ts (replays), context.ts (what a push reads), decide.ts (the rules every
 * mutation passes), hooks/ (each entity's own rules), statements.ts (the SQL of the batch).
 */
export async function push(db: Db, p: Principal, mutations: readonly Mutation[], now = Date.now(), random: () => number = Math.random, marksAttempts = PUSH_MARKS_ATTEMPTS): Promise<MutationResult[]> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    // After PUSH_MARKS_ATTEMPTS lost plans the PWS marks are left to the next PWS read (pws/dirty.ts).
    const plan = await planPush(db, p, mutations, now, attempt <= marksAttempts);
    if (plan.statements.length === 0) return plan.results;
    try {
      await runBatch(db, plan.statements);
      return plan.results;
    } catch (e) {
      if (!isRace(e)) throw e;
      // A large push that keeps losing is planned long and touches many rows, so it loses again to
      // the small ones around it: split it in two, in order (a create before what needs it), each
      // half its own batch. Each mutation's answer is the same as in one batch; only the
      // all-or-nothing of the whole push is given up, which nothing relies on (answers are per mutation).
      if (attempt >= SPLIT_AFTER_ATTEMPTS && mutations.length > 1) {
        const half = Math.ceil(mutations.length / 2);
        const first = await push(db, p, mutations.slice(0, half), now, random, marksAttempts);
        return [...first, ...(await push(db, p, mutations.slice(half), now, random, marksAttempts))];
      }
      if (attempt >= MAX_ATTEMPTS || Date.now() - started >= RACE_BUDGET_MS) {
        // Out of plans or time before the split above (on a slow, crowded machine one plan of a
        // large push can outlast the budget): the first half gets its own chance and only it is
        // answered. The rest stay unanswered, which a phone treats as not yet sent and sends again
        // (docs/SYNC.md); nothing of them was written. A single mutation is told busy, as before.
        if (mutations.length > 1) return push(db, p, mutations.slice(0, Math.ceil(mutations.length / 2)), now, random, marksAttempts);
        throw busy(random);
      }
      // Pushes that lost together would plan and collide together again: spread them out.
      await new Promise((resolve) => setTimeout(resolve, Math.round(random() * RACE_PAUSE_BASE_MS * 2 ** (attempt - 1))));
    }
  }
}

/**
 * A push of several mutations that lost this many plans is split in two (measured: under the
 * 20-phone chaos a puskesmas's 100-mutation pushes on shared households lost every plan, were
 * answered 503 each time and never synced; halves win).
 */
export const SPLIT_AFTER_ATTEMPTS = 3;

/** Plans per push: the first, and up to four more after lost races. */
export const MAX_ATTEMPTS = 5;
/** No new plan after this long: the phone is told to come back instead of waiting on a 2G link. */
export const RACE_BUDGET_MS = 3_000;
/**
 * The pause before planning again is a random wait up to 20, 40, 80, 160 ms ("full jitter", AWS
 * Architecture Blog, "Exponential Backoff and Jitter", 2015): a batch commits in milliseconds, so
 * this is enough for the winner to land and for the losers to fall out of step.
 */
export const RACE_PAUSE_BASE_MS = 20;
/**
 * Retry-After of a busy answer, in whole seconds (the header's unit): 1–3 at random (our choice:
 * longer than the burst that caused it, short for a phone; random so phones that lost together
 * come back apart). The phone waits at least this long (web/src/sync/engine.ts).
 */
export const BUSY_RETRY_AFTER_S = [1, 3] as const;

/** 503 busy_retry: the push kept losing races on the same rows; nothing of it was written. */
function busy(random: () => number): ApiError {
  const [min, max] = BUSY_RETRY_AFTER_S;
  const seconds = min + Math.floor(random() * (max - min + 1));
  return new ApiError(503, "busy_retry", "Other pushes changed the same rows at the same moment; nothing was written, send again after Retry-After", { retryAfterSeconds: seconds }, {
    "Retry-After": String(seconds),
  });
}

/** A guard failed or a concurrent push stored the same receipt first: plan again. */
function isRace(e: unknown): boolean {
  const text = String((e as { cause?: unknown })?.cause ?? e) + String(e);
  return /CHECK constraint failed: sync_guard_ok|UNIQUE constraint failed: receipts/.test(text);
}

/** Read, decide each mutation in order, and build the batch that stores the outcome. */
async function planPush(db: Db, p: Principal, mutations: readonly Mutation[], now: number, withMarks: boolean) {
  // Replays first: a mutation this user already pushed is answered from its receipt, and only
  // the others are loaded (rows, parents, histories, growth tables).
  const receipts = await loadReceipts(db, p, mutations);
  const ctx = new PushContext(db, p, now);
  await ctx.load(mutations.filter((m) => !receipts.has(m.id)));

  const results: MutationResult[] = [];
  const writes: Write[] = [];
  const answered = new Map<string, MutationResult>();
  for (const m of mutations) {
    const earlier = answered.get(m.id) ?? receipts.get(m.id);
    if (earlier && earlier.status !== "rejected") {
      results.push(asDuplicate(earlier));
      continue;
    }
    let result: MutationResult;
    try {
      const d = await decide(ctx, m);
      result = d.result;
      writes.push(...d.writes);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      result = { id: m.id, status: "rejected", error: { code: e.code, message: e.message, details: e.details ?? null } };
    }
    answered.set(m.id, result);
    results.push(result);
  }
  // A refusal of a row handed over to another kabupaten says so (transferred.ts).
  await markTransferred(db, mutations, results);

  const stored = results.filter((r) => r.status === "applied" || r.status === "conflict");
  // The PWS marks of the persons written follow in the same batch, behind a guard on what they
  // were computed from (services/pws/marks.ts).
  const guard = stored.length && withMarks ? pwsMarksGuard(ctx) : null;
  const marks = withMarks ? pwsMarkStatements(db, ctx, writes, now) : pwsDirtyStatements(db, writes, now);
  const statements: Statement[] = stored.length ? [...(guard ? [guard] : []), ...writeStatements(db, p, writes, stored, now), ...marks] : [];
  statements.push(...refusalAudits(db, p, mutations, results, now));
  return { results, statements };
}
