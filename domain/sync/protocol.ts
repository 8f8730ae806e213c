import { z } from "zod";
import { ENTITY_NAMES } from "../entities/registry.ts";
import { UUID_RE, UUIDV7_RE } from "../util/uuid.ts";
import { DEFAULT_PULL_LIMIT, MAX_MUTATIONS_PER_PUSH, MAX_PULL_LIMIT, MAX_PUSH_BYTES } from "./limits.ts";

/**
 * The sync protocol shared by the worker and the PWA.
 *
 * Push: the phone sends its outbox as mutations. Each mutation has a client-made UUIDv7 id, so a
 * push that is retried after a lost response is answered from the receipts, never applied twice.
 * Pull: the phone asks for every change after its cursor, in server sequence order, within its
 * scope. The cursor is opaque to the client.
 */

/** The size limits live in limits.ts, without zod, so the PWA's first load reads the same values. */
export { DEFAULT_PULL_LIMIT, MAX_MUTATIONS_PER_PUSH, MAX_PULL_LIMIT, MAX_PUSH_BYTES };

export const OPERATIONS = ["create", "update", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** A row rarely has more than a few open conflicts; this bounds one mutation's work. */
export const MAX_RESOLVES = 50;

export const mutationSchema = z.strictObject({
  id: z.string().regex(UUIDV7_RE, "mutation id must be a UUIDv7"),
  entity: z.enum(ENTITY_NAMES),
  entityId: z.string().regex(UUID_RE, "entityId must be a UUID"),
  op: z.enum(OPERATIONS),
  /** The row version the client edited; 0 for a create. */
  baseVersion: z.int().min(0).max(2 ** 31),
  payload: z.record(z.string(), z.unknown()),
  /**
   * Open conflicts of this row that the update settles (ids from `Change.conflicts`): the user
   * picked or typed the value the payload carries. Only on an update.
   */
  resolves: z.array(z.int().positive()).min(1).max(MAX_RESOLVES).optional(),
});
export type Mutation = z.infer<typeof mutationSchema>;


export const pushRequestSchema = z.strictObject({
  mutations: z.array(mutationSchema).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

export const fieldConflictSchema = z.object({
  field: z.string(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
});
export type FieldConflict = z.infer<typeof fieldConflictSchema>;

/** Who wrote a value, for the person choosing between two (a user id and the name to show). */
export const authorSchema = z.object({ id: z.string(), name: z.string().nullable() });

/**
 * An open conflict as the pull carries it with its row: both values, who sent each and when,
 * so a user who may edit the row can pick one (or type another) and settle it.
 */
export const openConflictSchema = z.object({
  id: z.int(),
  field: z.string(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  /** Who sent the value that was not kept, and when (epoch ms). */
  clientBy: authorSchema,
  clientAt: z.int(),
  /** Who last changed the row before that, and when: the kept value's author, as far as the row records it. */
  serverBy: authorSchema.nullable(),
  serverAt: z.int().nullable(),
});
export type OpenConflict = z.infer<typeof openConflictSchema>;

export const MUTATION_STATUSES = ["applied", "duplicate", "rejected", "conflict"] as const;
export type MutationStatus = (typeof MUTATION_STATUSES)[number];

export const mutationResultSchema = z.object({
  id: z.string(),
  status: z.enum(MUTATION_STATUSES),
  /** The row's version after this mutation (applied, conflict). */
  version: z.int().optional(),
  /** For a duplicate: the status the first answer had. */
  originalStatus: z.enum(["applied", "conflict"]).optional(),
  /** True when a stale base version merged cleanly with the server's changes. */
  merged: z.boolean().optional(),
  /** Fields that both sides changed: the server kept its value and flagged the row for review. */
  conflicts: z.array(fieldConflictSchema).optional(),
  /**
   * For a stale edit (merged, or a conflict): the fields changed on the server after its base
   * version that it did not set, with the values now stored. The phone's copy takes them, so the
   * answer's version describes the copy exactly, and an edit based on it never overwrites a value
   * the phone has not seen.
   */
  changed: z.record(z.string(), z.unknown()).optional(),
  error: errorBodySchema.optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(mutationResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.strictObject({
  cursor: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});

export const changeSchema = z.object({
  entity: z.enum(ENTITY_NAMES),
  id: z.string(),
  version: z.int(),
  seq: z.int(),
  deleted: z.boolean(),
  /** Set when the row needs review after a field conflict. */
  needsReview: z.boolean().optional(),
  /** The row's open conflicts, with a row that needs review. */
  conflicts: z.array(openConflictSchema).optional(),
  /** The row's fields; absent for a deletion. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
  /** The client must drop its local copy first: the scope shrank or the cursor is unusable. */
  reset: z.boolean(),
  /** Changes still to come after this page (for the first-sync progress bar). */
  remaining: z.int(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
