import type { EntityName } from "../../../domain/entities/registry.ts";
import type { RejectionCode } from "../../../domain/http/error-codes.ts";
import type { RowScope } from "../../../domain/sync/index-columns.ts";
import type { FieldConflict, Mutation } from "../../../domain/sync/protocol.ts";
import { payloadOf } from "../../db/tables.ts";

/** A row as the push sees it: loaded from D1, then changed by the mutations before it. */
export interface RowState {
  entity: EntityName;
  id: string;
  /** Version in D1 when we read it (0 = absent): the guard checks it is unchanged. */
  dbVersion: number;
  version: number;
  deleted: boolean;
  needsReview: boolean;
  data: Record<string, unknown>;
  scope: RowScope;
  createdAt: number;
  /** Who last wrote the row in D1, and when (null for a new row): named with a conflict's kept value. */
  lastBy: string | null;
  lastAt: number | null;
  /** Open conflicts this mutation settles (`Mutation.resolves`), checked against D1. */
  resolves?: number[];
  /** Fields changed by this push, per new version, for merging later mutations of the same push. */
  pushHistory: { version: number; fields: string[] }[];
}

/** One row write that a mutation causes. */
export interface Write {
  state: RowState;
  mutation: Mutation;
  fields: string[];
  conflicts: FieldConflict[];
  /** The scope the row left, when this write moved it: the rows under it follow (moves.ts). */
  movedFrom?: RowScope;
  /**
   * The parent a row takes its place from, as this push has it: the write's guard checks that it
   * still lives there (a concurrent move of the parent plans this push again).
   */
  parent?: { entity: EntityName; id: string; scope: RowScope };
}

/** A mutation the server refuses: answered `rejected`, nothing written. */
export class Rejection extends Error {
  constructor(readonly code: RejectionCode, message: string, readonly details?: unknown) {
    super(message);
  }
}

export const rowKey = (entity: string, id: string) => `${entity}:${id}`;

export function stateOf(entity: EntityName, r: Record<string, unknown>): RowState {
  return {
    entity,
    id: r.id as string,
    dbVersion: r.version as number,
    version: r.version as number,
    deleted: Boolean(r.deleted),
    needsReview: Boolean(r.needsReview),
    data: payloadOf(r),
    scope: { area: r.scopeArea as string, dusun: (r.scopeDusun as string | null) ?? null, grp: (r.scopeGrp as string | null) ?? null },
    createdAt: r.createdAt as number,
    lastBy: (r.updatedBy as string | null) ?? null,
    lastAt: (r.updatedAt as number | null) ?? null,
    pushHistory: [],
  };
}

export function newState(entity: EntityName, id: string, data: Record<string, unknown>, scope: RowScope, now: number): RowState {
  return { entity, id, dbVersion: 0, version: 1, deleted: false, needsReview: false, data, scope, createdAt: now, lastBy: null, lastAt: null, pushHistory: [{ version: 1, fields: Object.keys(data) }] };
}
