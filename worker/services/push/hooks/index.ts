import type { EntityName } from "../../../../domain/entities/registry.ts";
import { lintasHooks, progressHooks, signatureHooks } from "./lintas.ts";
import { personHooks } from "./person.ts";
import { recordHooks, referralHooks } from "./record.ts";
import type { EntityHooks } from "./types.ts";

export type { EntityHooks, Proposal, Verdict } from "./types.ts";

/**
 * Each entity's own rules, by name (as rocicorp's push sends each mutation name to its function).
 * An entity without an entry passes the generic rules only.
 */
export const HOOKS: Partial<Record<EntityName, EntityHooks>> = {
  person: personHooks,
  record: recordHooks,
  referral: referralHooks,
  meeting: lintasHooks,
  attendance: lintasHooks,
  commitment: lintasHooks,
  commitment_party: lintasHooks,
  commitment_item: lintasHooks,
  signature: signatureHooks,
  progress: progressHooks,
};

const NONE: EntityHooks = {};

export function hooksOf(entity: EntityName): EntityHooks {
  return HOOKS[entity] ?? NONE;
}
