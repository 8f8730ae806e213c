import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { EntityName } from "../../../domain/entities/registry.ts";
import type { FieldConflict, Mutation } from "../../../domain/sync/protocol.ts";

/**
 * The on-device database. Two layers, as in the sync protocol:
 * - `rows` is the synced store: the server's truth as last pulled (dropped whole on `reset`).
 * - `outbox` holds the user's own changes until the server answers. Screens read rows with the
 *   outbox laid over them, so an edit shows at once and a late pull never hides it.
 * A save writes its optimistic row view and its mutation in one transaction (see local.ts).
 */
export const DB_NAME = "simpul";
export const DB_VERSION = 1;

export interface Row {
  entity: EntityName;
  id: string;
  version: number;
  seq: number;
  data: Record<string, unknown>;
  needsReview?: boolean;
  /** `${parentEntity}:${parentId}` for children we list by parent (persons, records). */
  ref?: string;
}

export type OutboxState = "pending" | "sending" | "rejected";

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export interface OutboxItem {
  /** The mutation id (UUIDv7): sorts by creation time, so the outbox drains in order. */
  id: string;
  mutation: Mutation;
  state: OutboxState;
  error?: ApiErrorBody;
  createdAt: number;
  attempts: number;
}

/** A field conflict the server reported: its value won, ours is kept here for the user to see. */
export interface ConflictNotice {
  id: string;
  entity: EntityName;
  entityId: string;
  version?: number;
  conflicts: FieldConflict[];
  at: number;
}

export interface Draft {
  key: string;
  route: string;
  title: string;
  values: Record<string, unknown>;
  updatedAt: number;
}

export interface SimpulSchema extends DBSchema {
  rows: { key: [string, string]; value: Row; indexes: { entity: string; ref: string } };
  outbox: { key: string; value: OutboxItem; indexes: { target: [string, string] } };
  notices: { key: string; value: ConflictNotice };
  meta: { key: string; value: unknown };
  drafts: { key: string; value: Draft };
}

export type SimpulDB = IDBPDatabase<SimpulSchema>;

export function openSimpulDB(name = DB_NAME): Promise<SimpulDB> {
  return openDB<SimpulSchema>(name, DB_VERSION, {
    upgrade(db) {
      const rows = db.createObjectStore("rows", { keyPath: ["entity", "id"] });
      rows.createIndex("entity", "entity");
      rows.createIndex("ref", "ref");
      const outbox = db.createObjectStore("outbox", { keyPath: "id" });
      outbox.createIndex("target", ["mutation.entity", "mutation.entityId"]);
      db.createObjectStore("notices", { keyPath: "id" });
      db.createObjectStore("meta");
      db.createObjectStore("drafts", { keyPath: "key" });
    },
    // Another tab upgraded the schema: close so it is not blocked; the next read reopens.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
    },
  });
}

/** Parent pointers that screens list by. */
export function refOf(entity: EntityName, data: Record<string, unknown>): string | undefined {
  if (entity === "person" && typeof data.householdId === "string") return `household:${data.householdId}`;
  if (entity === "record" && typeof data.personId === "string") return `person:${data.personId}`;
  if (entity === "household") return `dusun:${typeof data.dusunId === "string" ? data.dusunId : "-"}`;
  return undefined;
}
