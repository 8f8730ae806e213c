import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { EntityName } from "../../../domain/entities/registry.ts";
import type { FieldConflict, Mutation, OpenConflict } from "../../../domain/sync/protocol.ts";
import type { Sealed } from "./cipher.ts";

/**
 * The on-device database. Two layers, as in the sync protocol:
 * - `rows` is the synced store: the server's truth as last pulled (dropped whole on `reset`).
 * - `outbox` holds the user's own changes until the server answers. Screens read rows with the
 *   outbox laid over them, so an edit shows at once and a late pull never hides it.
 * A save writes its mutations in one transaction, also when one change spans several rows (a visit
 * record and its referrals: LocalStore.saveMany, local.ts).
 *
 * Personal values are stored as AES-GCM boxes (cipher.ts): the `Stored*` shapes below are what
 * IndexedDB holds, the plain ones are what the store hands to screens after opening the boxes.
 * What stays in clear is only what IndexedDB must index or the lock screen must know: entity
 * names, UUIDs, versions, outbox states and sizes (docs/SECURITY.md lists it).
 */
export const DB_NAME = "simpul";
/**
 * 2: personal values sealed (issue 9). Version 1 rows are sealed at the first unlock.
 * 3: the `byRef` index ([entity, ref]), so a screen reads one parent's children of one kind (a
 * person's records, a dusun's households) and counts them without opening anything; referrals get
 * a `ref` too (their person). Existing rows keep their data; referrals stored before version 3
 * get their ref at the first read that needs it (LocalStore.fillReferralRefs: it must open them).
 */
export const DB_VERSION = 3;

export interface Row {
  entity: EntityName;
  id: string;
  version: number;
  seq: number;
  data: Record<string, unknown>;
  needsReview?: boolean;
  /** The open conflicts the pull carried with a row that needs review. */
  conflicts?: OpenConflict[];
  /** `${parentEntity}:${parentId}` for children we list by parent (persons, records, referrals, households). */
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

export interface StoredRow extends Omit<Row, "data" | "conflicts"> {
  /** `data`, sealed. */
  box: Sealed;
  /** `conflicts` (both values, who and when), sealed; only on a row with open conflicts. */
  cbox?: Sealed;
}

export interface StoredOutboxItem extends Omit<OutboxItem, "mutation" | "error"> {
  /** The mutation without its payload, so the outbox can be indexed and drained in the clear. */
  mutation: Omit<Mutation, "payload">;
  /** `{ payload, error }`, sealed: the payload is personal, and a refusal may quote it. */
  box: Sealed;
  /** The mutation's size as the push body carries it, for batching without opening the box. */
  bytes: number;
}

export interface StoredNotice extends Omit<ConflictNotice, "conflicts"> {
  /** `conflicts` (both values of each field), sealed. */
  box: Sealed;
}

export interface StoredDraft extends Omit<Draft, "title" | "values"> {
  /** `{ title, values }`, sealed: a draft's title names the person. */
  box: Sealed;
}

export interface SimpulSchema extends DBSchema {
  rows: { key: [string, string]; value: StoredRow; indexes: { entity: string; ref: string; byRef: [string, string] } };
  outbox: { key: string; value: StoredOutboxItem; indexes: { target: [string, string] } };
  notices: { key: string; value: StoredNotice };
  meta: { key: string; value: unknown };
  drafts: { key: string; value: StoredDraft };
}

export type SimpulDB = IDBPDatabase<SimpulSchema>;

export function openSimpulDB(name = DB_NAME): Promise<SimpulDB> {
  return openDB<SimpulSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // Version 1 had the same stores with values in clear; LocalStore.sealLegacy() seals them.
      if (oldVersion < 1) {
        const rows = db.createObjectStore("rows", { keyPath: ["entity", "id"] });
        rows.createIndex("entity", "entity");
        rows.createIndex("ref", "ref");
        const outbox = db.createObjectStore("outbox", { keyPath: "id" });
        outbox.createIndex("target", ["mutation.entity", "mutation.entityId"]);
        db.createObjectStore("notices", { keyPath: "id" });
        db.createObjectStore("meta");
        db.createObjectStore("drafts", { keyPath: "key" });
      }
      // IndexedDB builds a new index over the rows already stored, in this same upgrade; a row
      // without `ref` (reference data) is simply not in it.
      if (oldVersion < 3) tx.objectStore("rows").createIndex("byRef", ["entity", "ref"]);
    },
    // Another tab upgraded the schema: close so it is not blocked; the next read reopens.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
    },
  });
}

/**
 * Parent pointers that screens list by, kept in clear for the `byRef` index (docs/SECURITY.md,
 * "What stays in clear": which UUIDs belong together, not who they are).
 */
export function refOf(entity: EntityName, data: Record<string, unknown>): string | undefined {
  if (entity === "person" && typeof data.householdId === "string") return `household:${data.householdId}`;
  if (entity === "record" && typeof data.personId === "string") return `person:${data.personId}`;
  if (entity === "referral" && typeof data.personId === "string") return `person:${data.personId}`;
  if (entity === "household") return `dusun:${typeof data.dusunId === "string" ? data.dusunId : "-"}`;
  return undefined;
}
