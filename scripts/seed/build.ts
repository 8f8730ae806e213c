import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENTITIES, type EntityName, type EntityPayload } from "../../domain/entities/registry.ts";
import { loadGrowthTables } from "../../domain/growth/load.ts";
import { indexColumns, type RowScope } from "../../domain/sync/index-columns.ts";
import { DEV_ENROLLMENT_CODE_KEY, hashCode } from "../../domain/util/codes.ts";
import type { AreaFile } from "../import-areas.ts";
import { DEMO_CODE_EXPIRES_AT } from "./demo-accounts.ts";
import { localDusunName, romanDusunName } from "./names.ts";
import { buildHistory } from "./history.ts";
import type { HistoryWrite } from "./ledger.ts";
import { buildPopulation, type DesaPlace } from "./population.ts";
import { seedMarks } from "./marks.ts";
import { historyRows, type StoredRow } from "./rows.ts";
import { createRng, uuidv7Factory } from "./prng.ts";
import { DEFAULT_SEED_REGION, LAMPUNG_BARAT, seedStream, type SeedRegion } from "./regions.ts";
import { insertStatements, sqlLiteral, type SqlValue } from "./sql.ts";

/**
 * The demo and development database of one kabupaten (a seed region, regions.ts; default Lampung
 * Barat): every area of the kabupaten, and for its seed kecamatan (Batu Brak; Sijuk in Belitung)
 * its dusun, facilities, partner offices, ~3,000 synthetic people and one user per role. Synced rows carry exactly the bookkeeping the server writes on a create
 * (row version 1, a change_log entry and a sync_index entry sharing one seq), so a device
 * pulls seeded rows like any other. With `history` (the default) it adds a year of visits,
 * referrals and the lintas sektor commitment (history.ts), written as a push would have stored
 * them: one change_log row per write, the row at its last version and seq.
 */

/** Lampung Barat, the default region's kabupaten (regions.ts). */
export const SEED_KABUPATEN = LAMPUNG_BARAT.kabupaten;
/** Batu Brak, the default region's kecamatan. */
export const SEED_KECAMATAN = LAMPUNG_BARAT.kecamatan;
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
  /**
   * The kabupaten to seed: its areas, kecamatan, names, demo accounts and PRNG salt
   * (regions.ts SEED_REGIONS; default Lampung Barat, 18.04). Each region goes into its own database.
   */
  region?: SeedRegion;
  /** Number of synthetic persons (default 3000, in about 800 households). */
  persons?: number;
  /** The seq of the first row: one past the database's current max(change_log.seq). */
  firstSeq?: number;
  /** Row times, and the day ages are counted back from (default: now, or noon WIB of `today`). */
  now?: number;
  /**
   * The last day of the history, YYYY-MM-DD (default: today in WIB from `now`). The same day gives
   * the same people, visits and ids.
   */
  today?: string;
  /** Write a year of service history and the lintas sektor commitment (default true). */
  history?: boolean;
  /** Defaults to the region's area file, scripts/data/areas-<kabupaten>.json. */
  areas?: AreaFile;
  /**
   * The key the demo codes are stored under: the Worker's ENROLLMENT_CODE_KEY. Defaults to the
   * public development key, which the Worker uses when it has no secret and is not in production.
   */
  codeKey?: string;
}

export interface SeedCounts {
  [table: string]: number;
}

export interface SeedResult {
  statements: string[];
  counts: SeedCounts;
  /** The seq of the last synced row written. */
  lastSeq: number;
  /** The history's writes (empty without history), for summaries and checks. */
  history: HistoryWrite[];
  /** The seeded persons' sex and birth date, for checks of the history's records (e.g. against their forms). */
  people: { id: string; sex: "L" | "P"; birthDate: string }[];
}

type SeedEntity = Extract<EntityName, "area" | "dusun" | "facility" | "office" | "household" | "person">;

const TABLE: Record<EntityName, string> = {
  area: "areas",
  dusun: "dusun",
  facility: "facilities",
  office: "offices",
  household: "households",
  person: "persons",
  record: "records",
  referral: "referrals",
  meeting: "meetings",
  attendance: "attendances",
  commitment: "commitments",
  commitment_party: "commitment_parties",
  commitment_item: "commitment_items",
  signature: "signatures",
  commitment_version: "commitment_versions",
  progress: "progress",
};
/** Noon in WIB (UTC+7) is 05:00 UTC. */
const WIB_NOON_UTC = "T05:00:00Z";
const WIB_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

interface Synced<E extends SeedEntity> {
  id: string;
  payload: EntityPayload<E>;
  scope: RowScope;
}

export function loadAreaFile(kabupatenCode = SEED_KABUPATEN): AreaFile {
  return readAreaFile(`areas-${kabupatenCode}.json`);
}

/** A region's area file (scripts/data/<region.areaFile>). */
export function loadRegionAreas(region: SeedRegion): AreaFile {
  return readAreaFile(region.areaFile);
}

function readAreaFile(name: string): AreaFile {
  const path = join(dirname(fileURLToPath(import.meta.url)), "..", "data", name);
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
  /** Rendering waits for flush(): the row times are known only once the history is built. */
  private readonly pending: (() => void)[] = [];

  constructor(firstSeq: number, private now: number) {
    this.seq = firstSeq - 1;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Renders the rows written so far, stamped `at` (their created/updated time and change_log.at). */
  flush(at: number): void {
    this.now = at;
    for (const f of this.pending.splice(0)) f();
  }

  /** The history's writes, stored as a push stores them (rows.ts), after the rows written so far. */
  history(writes: readonly HistoryWrite[]): StoredRow[] {
    const out = historyRows(writes, this.seq + 1);
    this.seq = out.lastSeq;
    this.statements.push(...insertStatements("change_log", out.changes.map((c) => ({ ...c, mutationId: null }) as unknown as Record<string, SqlValue>)));
    this.counts.change_log = (this.counts.change_log ?? 0) + out.changes.length;
    const byEntity = new Map<EntityName, StoredRow[]>();
    for (const r of out.rows) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
    for (const [entity, list] of byEntity) {
      this.statements.push(...insertStatements(TABLE[entity], list.map((r) => ({
        id: r.id, version: r.version, seq: r.seq, deleted: false, needsReview: false,
        scopeArea: r.scope.area, scopeDusun: r.scope.dusun, scopeGrp: r.scope.grp,
        createdAt: r.createdAt, updatedAt: r.updatedAt, updatedBy: SEED_ACTOR,
        ...(r.data as Record<string, SqlValue>),
      }))));
      this.counts[TABLE[entity]] = (this.counts[TABLE[entity]] ?? 0) + list.length;
    }
    this.statements.push(...insertStatements("sync_index", out.index as unknown as Record<string, SqlValue>[]));
    this.counts.sync_index = (this.counts.sync_index ?? 0) + out.index.length;
    return out.rows;
  }

  write<E extends SeedEntity>(entity: E, rows: Synced<E>[]): void {
    this.pending.push(() => this.render(entity, rows));
  }

  private render<E extends SeedEntity>(entity: E, rows: Synced<E>[]): void {
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
    this.pending.push(() => this.renderPlain(table, rows));
  }

  private renderPlain(table: string, rows: Record<string, SqlValue>[]): void {
    this.statements.push(...insertStatements(table, rows));
    this.counts[table] = (this.counts[table] ?? 0) + rows.length;
  }
}

const scopeOf = (area: string, dusun: string | null = null): RowScope => ({ area, dusun, grp: null });

export async function buildSeed(options: SeedOptions = {}): Promise<SeedResult> {
  if (options.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new Error(`today must be YYYY-MM-DD, not ${options.today}`);
  const now = options.now ?? (options.today ? Date.parse(`${options.today}${WIB_NOON_UTC}`) : Date.now());
  const today = options.today ?? new Date(now + WIB_OFFSET_MS).toISOString().slice(0, 10);
  const region = options.region ?? DEFAULT_SEED_REGION;
  const areaFile = options.areas ?? loadRegionAreas(region);
  if (areaFile.kabupaten.code !== region.kabupaten) throw new Error(`the area file is of ${areaFile.kabupaten.code}, the region of ${region.kabupaten}`);
  if (areaFile.desaTerm !== region.desaTerm) throw new Error(`the area file of ${region.kabupaten} says "${areaFile.desaTerm}" for desa, the region "${region.desaTerm}"`);
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

  const kec = areaFile.kecamatan.find((k) => k.code === region.kecamatan);
  if (!kec) throw new Error(`kecamatan ${region.kecamatan} is not in the area file of ${kabupaten.code}`);
  const areaCodes = new Set(areas.map((a) => a.id));
  for (const a of region.demoAccounts) if (!areaCodes.has(a.area)) throw new Error(`demo account ${a.code}: area ${a.area} is not in the area file of ${kabupaten.code}`);

  // --- dusun: not in any official list, so invented per pekon ---
  const placesRng = createRng(seedStream(region, "places"));
  const placeId = uuidv7Factory(placesRng, PLACES_ID_EPOCH);
  // A demo kader is "Dusun I" of its pekon (the first pekon in Lampung Barat), so that pekon keeps numbered dusun.
  const numbered = new Set(region.demoAccounts.filter((a) => a.dusunIndex !== undefined).map((a) => a.area));
  const desa: DesaPlace[] = kec.desa.map(([code, name]) => {
    const n = placesRng.int(...DUSUN_PER_PEKON);
    const local = !numbered.has(code) && placesRng.chance(LOCAL_DUSUN_NAME_SHARE);
    const taken = new Set<string>();
    return {
      code,
      name,
      weight: PEKON_WEIGHT[0] + placesRng.next() * (PEKON_WEIGHT[1] - PEKON_WEIGHT[0]),
      dusun: Array.from({ length: n }, (_, j) => ({
        id: placeId(),
        name: local ? localDusunName(placesRng, taken, region.dusunNames) : romanDusunName(j),
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
    { id: placeId(), payload: { kind: "puskesmas", name: region.puskesmas, areaCode: kec.code, dusunId: null }, scope: scopeOf(kec.code) },
  ];
  for (const d of desa) {
    facilities.push({ id: placeId(), payload: { kind: "pustu", name: region.pustu(d.name), areaCode: d.code, dusunId: null }, scope: scopeOf(d.code) });
    d.dusun.forEach((u, j) => {
      const name = `Posyandu ${region.posyanduNames[j % region.posyanduNames.length]} ${d.name}`;
      facilities.push({ id: placeId(), payload: { kind: "posyandu", name, areaCode: d.code, dusunId: u.id }, scope: scopeOf(d.code) });
    });
  }
  w.write("facility", facilities);

  // --- partner offices: who sits at the kecamatan lintas sektor table ---
  const localTerm = desaTerm.charAt(0).toUpperCase() + desaTerm.slice(1);
  // Each kecamatan-level office gets a synthetic WhatsApp number (62 812 0000 00NN, stored form of
  // entities/formats.ts ID_PHONE_RE) for the item share; the pemdes offices have none on file,
  // so the demo shows both kinds of share.
  let phones = 0;
  const office = (name: string, kind: EntityPayload<"office">["kind"], desaCode: string | null = null): Synced<"office"> => ({
    id: placeId(),
    payload: { kecCode: kec.code, name, kind, desaCode, phone: desaCode ? null : `628120000${String(++phones).padStart(4, "0")}` },
    scope: scopeOf(kec.code),
  });
  const offices: Synced<"office">[] = [
    office(region.puskesmas, "puskesmas"),
    office(`Kecamatan ${kec.name}`, "kecamatan"),
    office(`KUA ${kec.name}`, "kua"),
    office(`PLKB / Penyuluh KB ${kec.name}`, "plkb"),
    office(`UPT Pendidikan ${kec.name}`, "pendidikan"),
    office(`TP PKK Kecamatan ${kec.name}`, "pkk"),
    office(`Polsek ${kec.name}`, "polsek"),
    office(`Koramil ${kec.name}`, "koramil"),
    office(`SMP Negeri 1 ${kec.name}`, "sekolah"),
    office(`BPP / Penyuluh Pertanian ${kec.name}`, "pertanian"),
    // "Pemerintah Pekon Pekon Balak" reads wrong: some pekon carry the term in their name.
    ...desa.map((d) => office(`Pemerintah ${localTerm} ${d.name.replace(new RegExp(`^${localTerm} `, "i"), "")}`, "pemdes", d.code)),
  ];
  w.write("office", offices);

  // --- people ---
  const peopleRng = createRng(seedStream(region, "people"));
  const { households, persons: people } = buildPopulation({
    rng: peopleRng,
    newId: uuidv7Factory(peopleRng, PEOPLE_ID_EPOCH),
    now,
    kecCode: kec.code,
    desa,
    persons,
    names: region.names,
    landmarks: region.landmarks,
  });
  const householdScope = new Map(households.map((h) => [h.id, scopeOf(h.desaCode, h.dusunId)]));
  w.write("household", households.map(({ id, ...payload }) => ({ id, payload, scope: householdScope.get(id)! })));
  w.write("person", people.map(({ id, ...payload }) => ({ id, payload, scope: householdScope.get(payload.householdId)! })));

  // --- users and their fixed demo enrollment codes ---
  const users: Record<string, SqlValue>[] = [];
  const codes: Record<string, SqlValue>[] = [];
  for (const a of region.demoAccounts) {
    const dusunId = a.dusunIndex === undefined ? null : desa.find((d) => d.code === a.area)?.dusun[a.dusunIndex]?.id;
    const officeId = a.officeKind === undefined ? null : offices.find((o) => o.payload.kind === a.officeKind && o.payload.kecCode === a.area)?.id;
    if (dusunId === undefined || officeId === undefined) throw new Error(`demo account ${a.code}: its dusun or office is not seeded`);
    users.push({ id: a.id, name: a.name, role: a.role, areaCode: a.area, dusunId, officeId, active: true, createdAt: now, createdBy: SEED_ACTOR });
    codes.push({ codeHash: await hashCode(a.code, options.codeKey ?? DEV_ENROLLMENT_CODE_KEY), userId: a.id, expiresAt: DEMO_CODE_EXPIRES_AT, usedAt: null, demo: true, createdAt: now, createdBy: SEED_ACTOR });
  }
  w.plain("users", users);
  w.plain("enrollment_codes", codes);

  // --- a year of history; the places and people were registered the day before it starts ---
  let history: HistoryWrite[] = [];
  let stored: StoredRow[] = [];
  let stamp = now;
  if (options.history ?? true) {
    const { writes, firstAt } = await buildHistory({
      today, kecCode: kec.code, desa, households, persons: people,
      facilities, offices, growthTables: await loadGrowthTables(), region,
    });
    stamp = firstAt - DAY_MS;
    w.flush(stamp);
    stored = w.history(writes);
    history = writes;
  } else {
    w.flush(now);
  }

  // --- the PWS marks a push would have written for these persons (pws_counts follows by trigger) ---
  const marks = seedMarks(people.map((p) => ({ id: p.id, birthDate: p.birthDate, pregnant: p.pregnant, scope: householdScope.get(p.householdId)!, updatedAt: stamp })), stored);
  w.plain("pws_marks", marks.map(([personId, code, month, desa, dusun]) => ({ personId, code, month, desa, dusun })));
  w.flush(stamp);

  return { statements: w.statements, counts: w.counts, lastSeq: w.lastSeq, history, people: people.map((p) => ({ id: p.id, sex: p.sex, birthDate: p.birthDate })) };
}

/**
 * Statements that store the demo codes again for the demo users a database already has: after
 * migration 0003 (codes became keyed hashes and the old rows were dropped) or a change of key.
 * `region` is the database's (default Lampung Barat): each database gets its own region's codes.
 */
export async function demoCodeStatements(codeKey: string = DEV_ENROLLMENT_CODE_KEY, now = Date.now(), region: SeedRegion = DEFAULT_SEED_REGION): Promise<string[]> {
  const out: string[] = [];
  for (const a of region.demoAccounts) {
    const values = [await hashCode(a.code, codeKey), a.id, DEMO_CODE_EXPIRES_AT, null, true, now, SEED_ACTOR].map(sqlLiteral).join(", ");
    out.push(
      "INSERT OR REPLACE INTO enrollment_codes (code_hash, user_id, expires_at, used_at, demo, created_at, created_by) " +
        `SELECT ${values} WHERE EXISTS (SELECT 1 FROM users WHERE id = ${sqlLiteral(a.id)});`,
    );
  }
  return out;
}

/** The text of a SQL file for `wrangler d1 execute --file`. */
export function seedSqlFile(statements: readonly string[]): string {
  return `-- Simpul demo seed: synthetic people only (scripts/seed.ts)\n${statements.join("\n")}\n`;
}

/** The seed as one SQL file for `wrangler d1 execute --file`. */
export async function buildSeedSql(options: SeedOptions = {}): Promise<string> {
  return seedSqlFile((await buildSeed(options)).statements);
}
