import type { SQLiteTableWithColumns } from "drizzle-orm/sqlite-core";
import type { EntityName } from "../../domain/entities/registry.ts";
import * as t from "./schema.ts";

// Generic over every synced table; the sync services treat rows as field maps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SyncedTable = SQLiteTableWithColumns<any>;

export const ENTITY_TABLES: Record<EntityName, SyncedTable> = {
  area: t.areas,
  dusun: t.dusun,
  facility: t.facilities,
  office: t.offices,
  household: t.households,
  person: t.persons,
  record: t.records,
  referral: t.referrals,
  meeting: t.meetings,
  attendance: t.attendances,
  commitment: t.commitments,
  commitment_party: t.commitmentParties,
  commitment_item: t.commitmentItems,
  signature: t.signatures,
  progress: t.progress,
  commitment_version: t.commitmentVersions,
};

/** Columns the server keeps for itself; everything else is the entity's payload. */
export const BOOKKEEPING_COLUMNS = [
  "id", "version", "seq", "deleted", "needsReview", "scopeArea", "scopeDusun", "scopeGrp", "createdAt", "updatedAt", "updatedBy",
] as const;

const BOOKKEEPING = new Set<string>(BOOKKEEPING_COLUMNS);

export function payloadOf(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!BOOKKEEPING.has(k)) out[k] = v;
  return out;
}

/** The SQL name of a table (for the few raw statements the sync path needs). */
export function tableName(table: SyncedTable): string {
  return (table as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")]!;
}
