import { areaWithin } from "../area/codes.ts";
import type { Principal, Role } from "../access/policy.ts";

/**
 * Cross-kabupaten moves (issue 16; docs/SCALE.md, "Moves between kabupaten"): a household, with
 * its members and everything under them, handed from one kabupaten database to another in
 * recorded, idempotent steps. Zod-free: the PWA reads the states and the roles too.
 *
 *   requested ──copy──▶ copied ──release──▶ released ──▶ done
 *       │                  (a conflicting id in the destination, a household gone before the copy,
 *       │                   or TRANSFER_MAX_ATTEMPTS failed tries before anything was copied)
 *       └────────────────────────────▶ failed
 *
 * A copied or released transfer that has failed TRANSFER_MAX_ATTEMPTS times is "stalled"
 * (transferStalled): not a state of its own (it stays active, so the household keeps its one
 * unfinished transfer), but a flag of the API and the screen for the dinkes; it is still retried,
 * once every TRANSFER_SLOW_RETRY_MS.
 */
export const TRANSFER_STATES = ["requested", "copied", "released", "done", "failed"] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** States a transfer is still moving through: the cron resumes one left in them too long. */
export const ACTIVE_TRANSFER_STATES: readonly TransferState[] = ["requested", "copied", "released"];

/**
 * Who hands a family over: the health office of the place it leaves. A pustu for its desa, the
 * puskesmas for its kecamatan, the dinkes for its kabupaten (the dinkes writes no visits, but a
 * move is an administrative act of the kabupaten). A kader reports the move to them.
 */
export const TRANSFER_ROLES: readonly Role[] = ["puskesmas", "pustu", "dinkes"];

/** Whether `p` may hand over a household that lives in `householdArea` (a desa code). */
export function canTransfer(p: Pick<Principal, "role" | "areaCode">, householdArea: string): boolean {
  return TRANSFER_ROLES.includes(p.role) && areaWithin(householdArea, p.areaCode);
}

/** Whether `p` may see a transfer out of or into these desa (its area holds one of them). */
export function canSeeTransfer(p: Pick<Principal, "role" | "areaCode">, fromDesa: string, toDesa: string): boolean {
  return TRANSFER_ROLES.includes(p.role) && (areaWithin(fromDesa, p.areaCode) || areaWithin(toDesa, p.areaCode));
}

/**
 * Why a transfer failed (its `errorCode`; error catalogue of the PWA): an id of the family is
 * already a row of the destination that no transfer put there, or the household was deleted
 * before it could be copied. Either way nothing was written and the family stays where it was.
 */
export const TRANSFER_FAILURES = ["transfer_id_conflict", "transfer_source_gone", "transfer_attempts_exhausted"] as const;
export type TransferFailure = (typeof TRANSFER_FAILURES)[number];

/**
 * A transfer left unfinished this long is resumed (by the next GET /api/transfers/:id of it, or the
 * daily cron): the request that started it died (a crash, a timeout, a database that did not
 * answer). Longer than any request runs (our choice; a Worker request has at most 30 s of CPU).
 */
export const TRANSFER_STALE_MS = 5 * 60_000;

/**
 * Failed tries after which a transfer stops being retried at the normal pace (our choice): with
 * the delays of transferRetryDelayMs that is about 10 hours of retries (5 + 5 + 10 + … + 320
 * minutes) when someone keeps reading it, or 8 daily cron runs when nobody does. A transfer
 * still `requested` then fails (`transfer_attempts_exhausted`: nothing was copied); a copied or
 * released one is stalled (the family is already in the destination, it cannot be failed).
 */
export const TRANSFER_MAX_ATTEMPTS = 8;

/** The pace of a stalled transfer's retries (our choice: the daily cron's period). */
export const TRANSFER_SLOW_RETRY_MS = 24 * 3600_000;

/**
 * How long after its last try (`updatedAt`) a transfer that has failed `attempts` times is tried
 * again: TRANSFER_STALE_MS, doubled after each further failure (exponential backoff, our choice),
 * at most TRANSFER_SLOW_RETRY_MS; a stalled one waits TRANSFER_SLOW_RETRY_MS.
 */
export function transferRetryDelayMs(attempts: number): number {
  if (attempts >= TRANSFER_MAX_ATTEMPTS) return TRANSFER_SLOW_RETRY_MS;
  return Math.min(TRANSFER_STALE_MS * 2 ** Math.max(attempts - 1, 0), TRANSFER_SLOW_RETRY_MS);
}

/**
 * A transfer still active after TRANSFER_MAX_ATTEMPTS failed tries: the dinkes must look at it.
 * Copied or released, or `requested` with its copy committed (the ledger lagging one step: it
 * cannot fail either, the family is in the destination already).
 */
export function transferStalled(t: { state: TransferState; attempts: number }): boolean {
  return ACTIVE_TRANSFER_STATES.includes(t.state) && t.attempts >= TRANSFER_MAX_ATTEMPTS;
}
