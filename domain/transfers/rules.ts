import { areaWithin } from "../area/codes.ts";
import type { Principal, Role } from "../access/policy.ts";

/**
 * Cross-kabupaten moves (issue 16; docs/SCALE.md, "Moves between kabupaten"): a household, with
 * its members and everything under them, handed from one kabupaten database to another in
 * recorded, idempotent steps. Zod-free: the PWA reads the states and the roles too.
 *
 *   requested ──copy──▶ copied ──release──▶ released ──▶ done
 *       │                  (a conflicting id in the destination, or a household gone before the copy)
 *       └────────────────────────────▶ failed
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
export const TRANSFER_FAILURES = ["transfer_id_conflict", "transfer_source_gone"] as const;
export type TransferFailure = (typeof TRANSFER_FAILURES)[number];
