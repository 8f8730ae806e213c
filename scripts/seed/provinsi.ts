import { readFileSync } from "node:fs";
import path from "node:path";
import { ENTITIES } from "../../domain/entities/registry.ts";
import { SHARDS } from "../../domain/shards/registry.ts";
import { indexColumns } from "../../domain/sync/index-columns.ts";
import { DEV_ENROLLMENT_CODE_KEY, hashCode } from "../../domain/util/codes.ts";
import { CENTRAL } from "../../domain/shards/registry.ts";
import { DEMO_CODE_EXPIRES_AT, type DemoAccount } from "./demo-accounts.ts";
import { insertStatements, type SqlValue } from "./sql.ts";

/**
 * The central database's demo (issue 16; docs/SCALE.md): the provincial health offices, one per
 * province the shards span, enrolled in the central database with fixed codes like the kabupaten
 * demo accounts (scripts/seed/demo-accounts.ts; refused when ENVIRONMENT is "production"), and the
 * provinsi and kabupaten `areas` rows of every shard, so that /api/me and the provincial console
 * name them. No person and no desa: the central database holds none.
 */
export const PROVINSI_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: "01940000-0000-7000-8000-000000180000",
    role: "dinkes_provinsi",
    code: "DEMO-PROV",
    name: "Yulia Hartati",
    area: "18",
    description: "Dinas Kesehatan Provinsi Lampung: the monthly PWS aggregates of its kabupaten (Lampung Barat), no names",
  },
  {
    id: "01940000-0000-7000-8000-000000190000",
    role: "dinkes_provinsi",
    code: "BLTG-PROV",
    name: "Rudy Hermawan",
    area: "19",
    description: "Dinas Kesehatan Provinsi Kepulauan Bangka Belitung: the monthly PWS aggregates of its kabupaten (Belitung), no names",
  },
];

const SEED_ACTOR = "seed";
const ROOT = path.resolve(import.meta.dirname, "../..");

interface AreaFile {
  provinsi: { code: string; name: string };
  kabupaten: { code: string; name: string };
  desaTerm: string;
}

/** The area file of a shard (scripts/data/areas-<kabupaten>.json, written by scripts/import-areas.ts). */
function areaFileOf(kabupaten: string): AreaFile {
  return JSON.parse(readFileSync(path.join(ROOT, "scripts/data", `areas-${kabupaten}.json`), "utf8")) as AreaFile;
}

/**
 * SQL for the central database: the provinsi and kabupaten areas of every shard (with their
 * change_log and sync_index rows, as every synced row has), the provincial users, their demo
 * enrollment codes and the enrollment directory rows that route those codes to the central
 * database ("pusat"). INSERT OR IGNORE throughout: running it again changes nothing.
 */
export async function centralSeedStatements(codeKey: string = DEV_ENROLLMENT_CODE_KEY, now = Date.now()): Promise<string[]> {
  const users = PROVINSI_ACCOUNTS.map((a) => ({ id: a.id, name: a.name, role: a.role, areaCode: a.area, dusunId: null, officeId: null, active: true, createdAt: now, createdBy: SEED_ACTOR }));
  const codes: Record<string, SqlValue>[] = [];
  const directory: Record<string, SqlValue>[] = [];
  for (const a of PROVINSI_ACCOUNTS) {
    const codeHash = await hashCode(a.code, codeKey);
    codes.push({ codeHash, userId: a.id, expiresAt: DEMO_CODE_EXPIRES_AT, usedAt: null, demo: true, createdAt: now, createdBy: SEED_ACTOR });
    directory.push({ codeHash, shard: CENTRAL.key, expiresAt: DEMO_CODE_EXPIRES_AT, createdAt: now });
  }
  return [
    ...centralAreaStatements(now),
    ...orIgnore([...insertStatements("users", users), ...insertStatements("enrollment_codes", codes), ...insertStatements("enrollment_directory", directory)]),
  ];
}

const orIgnore = (qs: string[]) => qs.map((q) => q.replace(/^INSERT INTO/, "INSERT OR IGNORE INTO"));

/**
 * The provinsi and kabupaten areas of every shard, for the central database (a provincial user's
 * areas, the aggregates' labels): also what `npm run create-admin -- --provinsi 18` writes first.
 * INSERT OR IGNORE: running it again changes nothing.
 */
export function centralAreaStatements(now = Date.now()): string[] {
  const areas = new Map<string, { id: string; parentCode: string | null; level: "provinsi" | "kabupaten"; name: string; desaTerm: string }>();
  for (const s of SHARDS) {
    const f = areaFileOf(s.kabupaten);
    if (f.kabupaten.code !== s.kabupaten) throw new Error(`scripts/data/areas-${s.kabupaten}.json is of ${f.kabupaten.code}`);
    areas.set(f.provinsi.code, { id: f.provinsi.code, parentCode: null, level: "provinsi", name: f.provinsi.name, desaTerm: "desa" });
    areas.set(f.kabupaten.code, { id: f.kabupaten.code, parentCode: f.provinsi.code, level: "kabupaten", name: f.kabupaten.name, desaTerm: f.desaTerm });
  }
  const areaRows: Record<string, SqlValue>[] = [];
  const changes: Record<string, SqlValue>[] = [];
  const index: Record<string, SqlValue>[] = [];
  let seq = 0;
  for (const a of areas.values()) {
    seq++;
    areaRows.push({
      id: a.id, version: 1, seq, deleted: false, needsReview: false, scopeArea: a.id, scopeDusun: null, scopeGrp: null,
      createdAt: now, updatedAt: now, updatedBy: SEED_ACTOR, parentCode: a.parentCode, level: a.level, name: a.name, desaTerm: a.desaTerm,
    });
    changes.push({ seq, entity: "area", entityId: a.id, version: 1, fields: ["parentCode", "level", "name", "desaTerm"], mutationId: null, at: now });
    index.push({ entity: "area", entityId: a.id, seq, deleted: false, ...indexColumns(ENTITIES.area.domain, { area: a.id, dusun: null, grp: null }) });
  }
  return orIgnore([...insertStatements("areas", areaRows), ...insertStatements("change_log", changes), ...insertStatements("sync_index", index)]);
}
