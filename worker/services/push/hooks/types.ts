import type { RowScope } from "../../../../domain/sync/index-columns.ts";
import type { FieldConflict, Mutation } from "../../../../domain/sync/protocol.ts";
import type { PushContext } from "../context.ts";
import type { RowState } from "../state.ts";

/** One mutation as the client proposes it, after the generic checks (schema, placement, references). */
export interface Proposal {
  readonly m: Mutation;
  /** The stored row (as this push has it so far), or null for a create. */
  readonly existing: RowState | null;
  /** The row the client asks for: the stored row with the payload over it (the stored row for a delete). */
  readonly next: Record<string, unknown>;
  /** The fields the mutation sets; a check may normalise them (a record's computed answers). */
  readonly payload: Record<string, unknown>;
  readonly scope: RowScope;
}

/** What a document rule decides beyond "allowed". */
export interface Verdict {
  /** Stored, but flagged for review (a signature over content that does not match). Creates only. */
  flagged?: FieldConflict[];
  /** Rows the server writes alongside (the frozen content of a version signed for the first time). */
  also?: RowState[];
}

/**
 * An entity's own rules, beside the generic ones every mutation passes (schema, placement, scope,
 * write rule, merge). Each step is optional; a refusal throws a Rejection.
 */
export interface EntityHooks {
  /** Rules on what the client proposes, before authorization: a record's form, a person's NIK. */
  check?(ctx: PushContext, c: Proposal): void;
  /** Rules over the document the row belongs to, after authorization (lintas); deletes too. */
  document?(ctx: PushContext, c: Proposal): Promise<Verdict>;
  /**
   * Fields the server computes, from the row exactly as it will be stored (after the merge of a
   * stale edit): never from a client, never from answers the merge refused.
   */
  derive?(ctx: PushContext, id: string, row: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Rows the stored row makes, created by the server when absent (a record's referrals). */
  follow?(ctx: PushContext, stored: RowState): RowState[];
}
