import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENTITIES, type EntityName, type EntityPayload } from "../../domain/entities/registry.ts";
import { indexColumns, type RowScope } from "../../domain/sync/index-columns.ts";
import { hashCode } from "../../domain/util/codes.ts";
import type { AreaFile } from "../import-areas.ts";
import { DEMO_ACCOUNTS, DEMO_CODE_EXPIRES_AT } from "./demo-accounts.ts";
import { localDusunName, POSYANDU_NAMES, romanDusunName } from "./names.ts";
import { buildPopulation, type DesaPlace } from "./population.ts";
import { createRng, uuidv7Factory } from "./prng.ts";
import { insertStatements, type SqlValue } from "./sql.ts";

/**
 * The demo and development database: every area of Kabupaten Lampung Barat, and for
 * Kecamatan Batu Brak its dusun, facilities, partner offices, ~3,000 synthetic people and one
 * user per role. Synced rows carry exactly the bookkeeping the server writes on a create
 * (row version 1, a change_log entry and a sync_index entry sharing one seq), so a device
 * pulls seeded rows like any other.
 */

export const SEED_KABUPATEN = "18.04"; // Lampung Barat
export const SEED_KECAMATAN = "18.04.10"; // Batu Brak
export const DEFAULT_PERSONS = 3000;
/** What the server writes in updated_by for rows no user made. */
export const SEED_ACTOR = "seed";

/** Fixed id timestamps: the ids, not the row times, must be equal on every run. */
const PLACES_ID_EPOCH = Date.UTC(2026, 0, 5);
const PEOPLE_ID_EPOCH = Date.UTC(2026, 0, 5, 1);
const DUSUN_PER_PEKON = [2, 4] as const;
const RT_PER_DUSUN = [2, 5] as const;
/** Pekon in Batu Brak differ in size by about a factor of two. */
const PEKON_WEIGHT = [0.6, 1.5] as const;
/** Share of pekon whose dusun carry local names instead of "Dusun I, II…". */
const LOCAL_DUSUN_NAME_SHARE = 0.4;

export interface SeedOptions {
  /** Number of synthetic persons (default 3000, in about 800 households). */
  persons?: number;
  /** The seq of the first row: one past the database's current max(change_log.seq). */
  firstSeq?: number;
  /** Row times, and the day ages are counted back from (default: now). */
  now?: number;
  /** Defaults to scripts/data/areas-18.04.json. */
  areas?: AreaFile;
}

export interface SeedCounts {
  [table: string]: number;
}

export interface SeedResult {
  statements: string[];
  counts: SeedCounts;
  /** The seq of the last synced row written. */
  lastSeq: number;
}

type SeedEntity = Extract<EntityName, "area" | "dusun" | "facility" | "office" | "household" | "person">;

const TABLE: Record<SeedEntity, string> = {
  area: "areas",
  dusun: "dusun",
  facility: "facilities",
  office: "offices",
  household: "households",
  person: "persons",
};

interface Synced<E extends SeedEntity> {
  id: string;
  payload: EntityPayload<E>;
  scope: RowScope;
}

export function loadAreaFile(kabupatenCode = SEED_KABUPATEN): AreaFile {
  const path = join(dirname(fileURLToPath(import.meta.url)), "..", "data", `areas-${kabupatenCode}.json`);
  return JSON.parse(readFileSync(path, "utf8")) as AreaFile;
}

/**
 * Writes a group of synced rows of one entity, assigning consecutive seqs. Payloads are
 * checked against the sync schema, so a seed row is always one the server would accept.
 */
class SyncWriter {
  readonly statements: string[] = [];
  readonly counts: SeedCounts = {};
  private seq: number;

  constructor(firstSeq: number, private readonly now: number) {
    this.seq = firstSeq - 1;
  }

  get lastSeq(): number {
    return this.seq;
  }

  write<E extends SeedEntity>(entity: E, rows: Synced<E>[]): void {
    const spec = ENTITIES[entity];
    const fields = Object.keys(spec.schema.shape);
    const table: Record<string, SqlValue>[] = [];
    const changes: Record<string, SqlValue>[] = [];
    const index: Record<string, SqlValue>[] = [];
    for (const row of rows) {
      const parsed = spec.schema.safeParse(row.payload);
      if (!parsed.success) throw new Error(`seed ${entity} ${row.id} is invalid: ${parsed.error.message}`);
      const seq = ++this.seq;
      const payload = row.payload as Record<string, SqlValue>;
      table.push({
        id: row.id,
        version: 1,
        seq,
        deleted: false,
        needsReview: false,
        scopeArea: row.scope.area,
        scopeDusun: row.scope.dusun,
        scopeGrp: row.scope.grp,
        createdAt: this.now,
        updatedAt: this.now,
        updatedBy: SEED_ACTOR,
        ...Object.fromEntries(fields.map((f) => [f, payload[f] ?? null])),
      });
      changes.push({ seq, entity, entityId: row.id, version: 1, fields, mutationId: null, at: this.now });
      index.push({ entity, entityId: row.id, seq, deleted: false, ...indexColumns(spec.domain, row.scope) });
    }
    this.statements.push(...insertStatements(TABLE[entity], table), ...insertStatements("change_log", changes), ...insertStatements("sync_index", index));
    this.counts[TABLE[entity]] = (this.counts[TABLE[entity]] ?? 0) + rows.length;
    this.counts.change_log = (this.counts.change_log ?? 0) + rows.length;
    this.counts.sync_index = (this.counts.sync_index ?? 0) + rows.length;
  }

  plain(table: string, rows: Record<string, SqlValue>[]): void {
    this.statements.push(...insertStatements(table, rows));
    this.counts[table] = (this.counts[table] ?? 0) + rows.length;
  }
}

const scopeOf = (area: string, dusun: string | null = null): RowScope => ({ area, dusun, grp: null });

export async function buildSeed(options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? Date.now();
  const areaFile = options.areas ?? loadAreaFile();
  const persons = options.persons ?? DEFAULT_PERSONS;
  if (!Number.isInteger(persons) || persons < 0) throw new Error(`persons must be a whole number ≥ 0, not ${persons}`);
  const w = new SyncWriter(options.firstSeq ?? 1, now);

  // --- areas: the whole kabupaten, so dinkes sees every kecamatan ---
  const { provinsi, kabupaten, desaTerm } = areaFile;
  const areas: Synced<"area">[] = [
    // A provinsi spans kabupaten with different terms, so it keeps the generic one.
    { id: provinsi.code, payload: { parentCode: null, level: "provinsi", name: provinsi.name, desaTerm: "desa" }, scope: scopeOf(provinsi.code) },
    { id: kabupaten.code, payload: { parentCode: provinsi.code, level: "kabupaten", name: kabupaten.name, desaTerm }, scope: scopeOf(kabupaten.code) },
  ];
  for (const kec of areaFile.kecamatan) {
    areas.push({ id: kec.code, payload: { parentCode: kabupaten.code, level: "kecamatan", name: kec.name, desaTerm }, scope: scopeOf(kec.code) });
    for (const [code, name] of kec.desa) {
      areas.push({ id: code, payload: { parentCode: kec.code, level: "desa", name, desaTerm }, scope: scopeOf(code) });
    }
  }
  w.write("area", areas);

  const kec = areaFile.kecamatan.find((k) => k.code === SEED_KECAMATAN);
  if (!kec) throw new Error(`kecamatan ${SEED_KECAMATAN} is not in the area file of ${kabupaten.code}`);

  // --- dusun: not in any official list, so invented per pekon ---
  const placesRng = createRng("simpul-seed:places");
  const placeId = uuidv7Factory(placesRng, PLACES_ID_EPOCH);
  const desa: DesaPlace[] = kec.desa.map(([code, name], i) => {
    const n = placesRng.int(...DUSUN_PER_PEKON);
    // The demo kader is "Dusun I" of the first pekon, so that pekon keeps numbered dusun.
    const local = i > 0 && placesRng.chance(LOCAL_DUSUN_NAME_SHARE);
    const taken = new Set<string>();
    return {
      code,
      name,
      weight: PEKON_WEIGHT[0] + placesRng.next() * (PEKON_WEIGHT[1] - PEKON_WEIGHT[0]),
      dusun: Array.from({ length: n }, (_, j) => ({
        id: placeId(),
        name: local ? localDusunName(placesRng, taken) : romanDusunName(j),
        rtCount: placesRng.int(...RT_PER_DUSUN),
      })),
    };
  });
  w.write(
    "dusun",
    desa.flatMap((d) => d.dusun.map((u) => ({ id: u.id, payload: { desaCode: d.code, name: u.name }, scope: scopeOf(d.code) }))),
  );

  // --- facilities: the puskesmas, a pustu in every pekon, a posyandu in every dusun ---
  const facilities: Synced<"facility">[] = [
    { id: placeId(), payload: { kind: "puskesmas", name: "Puskesmas Batubrak", areaCode: kec.code, dusunId: null }, scope: scopeOf(kec.code) },
  ];
  for (const d of desa) {
    facilities.push({ id: placeId(), payload: { kind: "pustu", name: `Pustu ${d.name}`, areaCode: d.code, dusunId: null }, scope: scopeOf(d.code) });
    d.dusun.forEach((u, j) => {
      const name = `Posyandu ${POSYANDU_NAMES[j % POSYANDU_NAMES.length]} ${d.name}`;
      facilities.push({ id: placeId(), payload: { kind: "posyandu", name, areaCode: d.code, dusunId: u.id }, scope: scopeOf(d.code) });
    });
  }
  w.write("facility", facilities);

  // --- partner offices: who sits at the kecamatan lintas sektor table ---
  const localTerm = desaTerm.charAt(0).toUpperCase() + desaTerm.slice(1);
  const office = (name: string, kind: EntityPayload<"office">["kind"], desaCode: string | null = null): Synced<"office"> => ({
    id: placeId(),
    payload: { kecCode: kec.code, name, kind, desaCode },
    scope: scopeOf(kec.code),
  });
  const offices: Synced<"office">[] = [
    office("Puskesmas Batubrak", "puskesmas"),
    office(`Kecamatan ${kec.name}`, "kecamatan"),
    office(`KUA ${kec.name}`, "kua"),
    office(`PLKB / Penyuluh KB ${kec.name}`, "plkb"),
    office(`UPT Pendidikan ${kec.name}`, "pendidikan"),
    office(`TP PKK Kecamatan ${kec.name}`, "pkk"),
    office(`Polsek ${kec.name}`, "polsek"),
    office(`Koramil ${kec.name}`, "koramil"),
    // "Pemerintah Pekon Pekon Balak" reads wrong: some pekon carry the term in their name.
    ...desa.map((d) => office(`Pemerintah ${localTerm} ${d.name.replace(new RegExp(`^${localTerm} `, "i"), "")}`, "pemdes", d.code)),
  ];
  w.write("office", offices);

  // --- people ---
  const peopleRng = createRng("simpul-seed:people");
  const { households, persons: people } = buildPopulation({
    rng: peopleRng,
    newId: uuidv7Factory(peopleRng, PEOPLE_ID_EPOCH),
    now,
    kecCode: kec.code,
    desa,
    persons,
  });
  const householdScope = new Map(households.map((h) => [h.id, scopeOf(h.desaCode, h.dusunId)]));
  w.write("household", households.map(({ id, ...payload }) => ({ id, payload, scope: householdScope.get(id)! })));
  w.write("person", people.map(({ id, ...payload }) => ({ id, payload, scope: householdScope.get(payload.householdId)! })));

  // --- users and their fixed demo enrollment codes ---
  const users: Record<string, SqlValue>[] = [];
  const codes: Record<string, SqlValue>[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const dusunId = a.dusunIndex === undefined ? null : desa.find((d) => d.code === a.area)?.dusun[a.dusunIndex]?.id;
    const officeId = a.officeKind === undefined ? null : offices.find((o) => o.payload.kind === a.officeKind && o.payload.kecCode === a.area)?.id;
    if (dusunId === undefined || officeId === undefined) throw new Error(`demo account ${a.code}: its dusun or office is not seeded`);
    users.push({ id: a.id, name: a.name, role: a.role, areaCode: a.area, dusunId, officeId, active: true, createdAt: now, createdBy: SEED_ACTOR });
    codes.push({ codeHash: await hashCode(a.code), userId: a.id, expiresAt: DEMO_CODE_EXPIRES_AT, usedAt: null, demo: true, createdAt: now, createdBy: SEED_ACTOR });
  }
  w.plain("users", users);
  w.plain("enrollment_codes", codes);

  return { statements: w.statements, counts: w.counts, lastSeq: w.lastSeq };
}

/** The text of a SQL file for `wrangler d1 execute --file`. */
export function seedSqlFile(statements: readonly string[]): string {
  return `-- Simpul demo seed: synthetic people only (scripts/seed.ts)\n${statements.join("\n")}\n`;
}

/** The seed as one SQL file for `wrangler d1 execute --file`. */
export async function buildSeedSql(options: SeedOptions = {}): Promise<string> {
  return seedSqlFile((await buildSeed(options)).statements);
}
