import type { EntityName } from "../../domain/entities/registry.ts";
import type { RowScope } from "../../domain/sync/index-columns.ts";
import type { FieldConflict, Mutation } from "../../domain/sync/protocol.ts";
import { payloadOf } from "../db/tables.ts";

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
  /** Fields changed by this push, per new version, for merging later mutations of the same push. */
  pushHistory: { version: number; fields: string[] }[];
}

/** One row write that a mutation causes. */
export interface Write {
  state: RowState;
  mutation: Mutation;
  fields: string[];
  conflicts: FieldConflict[];
}

/** A mutation the server refuses: answered `rejected`, nothing written. */
export class Rejection extends Error {
  constructor(readonly code: string, message: string, readonly details?: unknown) {
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
    pushHistory: [],
  };
}

export function newState(entity: EntityName, id: string, data: Record<string, unknown>, scope: RowScope, now: number): RowState {
  return { entity, id, dbVersion: 0, version: 1, deleted: false, needsReview: false, data, scope, createdAt: now, pushHistory: [{ version: 1, fields: Object.keys(data) }] };
}
