import { unpackTable, type LmsTable, type PackedTable, type TableId } from "./codec.ts";

/**
 * Lazy loading of the WHO tables: each lives in its own module, so a bundler splits it into its
 * own chunk and the app fetches it only when a growth form or chart opens. Each table is decoded
 * once; later calls share the same typed arrays.
 */

export const TABLE_IDS: readonly TableId[] = ["wei", "len", "wfl", "wfh", "bmi", "hc", "ac"];

const IMPORTERS: Record<TableId, () => Promise<{ table: PackedTable }>> = {
  wei: () => import("./tables/wei.ts"),
  len: () => import("./tables/len.ts"),
  wfl: () => import("./tables/wfl.ts"),
  wfh: () => import("./tables/wfh.ts"),
  bmi: () => import("./tables/bmi.ts"),
  hc: () => import("./tables/hc.ts"),
  ac: () => import("./tables/ac.ts"),
};

const cache = new Map<TableId, Promise<LmsTable>>();

export function loadTable(id: TableId): Promise<LmsTable> {
  let p = cache.get(id);
  if (!p) {
    p = IMPORTERS[id]().then((mod) => unpackTable(mod.table));
    cache.set(id, p);
    // A chunk that failed to download (offline before it was cached) may be tried again later.
    p.catch(() => cache.delete(id));
  }
  return p;
}

export type GrowthTables = Readonly<Record<TableId, LmsTable>>;

/** All seven tables (about 12 KB gzip in all), decoded. */
export async function loadGrowthTables(): Promise<GrowthTables> {
  const tables = await Promise.all(TABLE_IDS.map(loadTable));
  return Object.fromEntries(TABLE_IDS.map((id, i) => [id, tables[i]!])) as Record<TableId, LmsTable>;
}

/** Some of the tables, for a screen that needs only those (a weight-for-age chart needs only "wei"). */
export async function loadSomeTables<K extends TableId>(ids: readonly K[]): Promise<Readonly<Record<K, LmsTable>>> {
  const tables = await Promise.all(ids.map(loadTable));
  return Object.fromEntries(ids.map((id, i) => [id, tables[i]!])) as Record<K, LmsTable>;
}
