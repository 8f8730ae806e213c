/**
 * npm run bench:scale (issue 16, part 3): one synthetic kabupaten at several years of volume,
 * built directly as a local D1 file, then measured through a real `wrangler dev`.
 *
 *   npx tsx scripts/bench-scale.ts [--persons 500000] [--years 5] [--records-per-year N]
 *                                  [--dir /tmp/simpul-bench-scale] [--reuse] [--runs 3]
 *
 *   --persons N           persons in the kabupaten (default 500,000; rounded to whole copies of the demo seed's 3,000)
 *   --years N             years of history (default 5)
 *   --records-per-year N  records a year (default 4 per person: the issue's 2 million for 500,000)
 *   --dir DIR             where the databases go (default /tmp/simpul-bench-scale; never the repo)
 *   --reuse               keep a database DIR already holds and only measure
 *   --runs N              repetitions of each timed call; medians are printed (default 3)
 *
 * How the kabupaten is made (why this way: the rows must look like real ones, and 50 million of
 * them must be written in minutes, not days):
 * 1. The real demo seed (scripts/seed.ts: Batu Brak, 3,000 persons, a year of history written with
 *    the push's own rules, with change_log, sync_index and pws_marks) is built into DIR/template.
 *    Its rows are the pattern: the real mix of forms, real payloads, real bookkeeping.
 * 2. DIR/big gets the real migrations; then the sqlite3 CLI copies the template into it with
 *    set-based INSERT … SELECT: the template's 11 pekon are copied C times (C = persons / 3,000),
 *    each copy landing in one of Lampung Barat's 136 real desa (scripts/data/areas-18.04.json, in
 *    the template's areas table), with new ids and new seqs; then its year of history is copied once
 *    per year, dates shifted back a year at a time, and repeated (a second "pass" of some records)
 *    until a year holds --records-per-year records.
 * 3. Per write it also adds what the server adds and the seed does not: an audit row per mutation
 *    (push), audit rows of the pulls that delivered it (two phones per desa: the pustu and a kader),
 *    and the receipts of the last 90 days (older ones are pruned: worker/services/prune.ts).
 * The size after each year is page_count × page_size (what D1 reports and bills, with no VACUUM).
 *
 * Then `wrangler dev` on the big file (own port and persist dir) with device tokens inserted for a
 * pustu, a puskesmas and the dinkes: first and incremental pull of one pekon, the PWS table of a
 * kecamatan and the kabupaten, push throughput; the same on the demo database for comparison; and
 * EXPLAIN QUERY PLAN of the pull's statements (services/pull.ts). Synthetic people only.
 *
 * Needs the sqlite3 CLI (Debian: apt-get install sqlite3).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Principal } from "../domain/access/policy.ts";
import { PWS_INDICATORS } from "../domain/pws/indicators.ts";
import type { Mutation, PullResponse, PushResponse } from "../domain/sync/protocol.ts";
import { pullScope } from "../domain/sync/scope.ts";
import { sha256Hex } from "../domain/util/codes.ts";
import { uuidv7 } from "../domain/util/uuid.ts";
import { getPlatformProxy } from "wrangler";
// @ts-expect-error plain ESM helper shared with the test runner
import { freePort, ROOT, run, startWrangler } from "./lib/proc.mjs";

// --- constants and their sources -----------------------------------------------------------------

const KAB = "18.04"; // Lampung Barat (scripts/data/areas-18.04.json)
const TEMPLATE_KEC = "18.04.10"; // Batu Brak: the demo seed's kecamatan (scripts/seed/build.ts)
/** The seed's last day: fixed, so that every run copies the same template. */
const TODAY = "2026-12-03";
/** The PWS month the console opens on that day (the last whole month). */
const PWS_MONTH = "2026-11";
/** Pekon used for the 1× and 10× pulls: the demo pekon (DEMO-PSTU) and its neighbour. */
const PEKON_1X = "18.04.10.2001"; // Kembahang
const PEKON_10X = "18.04.10.2002"; // Negeri Ratu
/** Copies of the demo pekon that make the 10× pekon. */
const TEN = 10;
/** Dusun per desa outside the template: the seed draws 2–4 per pekon (build.ts DUSUN_PER_PEKON). */
const DUSUN_PER_DESA = 4;
/** Phones that pull each health row: the desa's pustu and the dusun's kader (an assumption). */
const PULLING_PHONES = 2;
/** Changes per audited pull page: a desa of this kabupaten writes ~40 changes a day, phones sync daily. */
const CHANGES_PER_PULL_AUDIT = 40;
/** Receipts are kept 90 days (domain/sync/retention.ts MAX_OFFLINE_MS; prune.ts pruneReceipts). */
const RECEIPT_DAYS = 90;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** D1's maximum database size (developers.cloudflare.com/d1/platform/limits, paid plan). */
const D1_MAX_BYTES = 10 * 1024 ** 3;
/** Pull page size: the protocol's default (domain/sync/limits.ts DEFAULT_PULL_LIMIT). */
const PULL_LIMIT = 500;
/** New records pushed before the incremental pull: about a busy day of one pekon. */
const INCREMENTAL_RECORDS = 20;
/** Push throughput as scripts/bench-push.ts: batches of 100 ANC visits. */
const PUSH_BATCHES = 10;
const PUSH_BATCH_SIZE = 100;

// --- options -----------------------------------------------------------------------------------

const { values } = parseArgs({
  options: {
    persons: { type: "string", default: "500000" },
    years: { type: "string", default: "5" },
    "records-per-year": { type: "string" },
    dir: { type: "string", default: "/tmp/simpul-bench-scale" },
    reuse: { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
  },
});
const PERSONS = Number(values.persons);
const YEARS = Number(values.years);
const RECORDS_PER_YEAR = values["records-per-year"] === undefined ? PERSONS * 4 : Number(values["records-per-year"]);
const RUNS = Number(values.runs);
const DIR = path.resolve(values.dir!);
if (![PERSONS, YEARS, RECORDS_PER_YEAR, RUNS].every((n) => Number.isInteger(n) && n > 0)) throw new Error("--persons, --years, --records-per-year and --runs must be whole numbers above 0");
if (DIR.startsWith(path.resolve(ROOT as string))) throw new Error(`--dir ${DIR} is inside the repository; use /tmp`);

// --- small helpers -------------------------------------------------------------------------------

const timings: { step: string; s: number }[] = [];
async function timed<T>(step: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  const s = (performance.now() - t0) / 1000;
  timings.push({ step, s });
  console.error(`… ${step}: ${s.toFixed(1)} s`);
  return out;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(2);

/** The sqlite3 CLI, or a clear message: the bench writes the D1 file with it. */
function requireSqlite3(): void {
  const r = spawnSync("sqlite3", ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    console.error("bench-scale needs the sqlite3 command-line shell: apt-get install sqlite3");
    process.exit(1);
  }
}

/** Runs SQL on a database file with the sqlite3 CLI (stops at the first error) and returns its output. */
function sqlite(file: string, sql: string): string {
  return execFileSync("sqlite3", ["-bail", file], { input: sql, encoding: "utf8", maxBuffer: 256 * 1024 ** 2 });
}
/** Rows of one query as objects (sqlite3 -json). */
function rows<T>(file: string, sql: string): T[] {
  const out = execFileSync("sqlite3", ["-json", file, sql], { encoding: "utf8", maxBuffer: 256 * 1024 ** 2 }).trim();
  return out ? (JSON.parse(out) as T[]) : [];
}

/** Where miniflare keeps the local D1 files of a persist dir. */
const d1Dir = (persistTo: string) => path.join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");

/**
 * The local D1 file of the `DB` binding. Its name is a hash of the binding's database_id, so it
 * is the same in every persist dir: the template has only that one (its migrations made it).
 */
let dbFileName: string | undefined;
function d1File(persistTo: string): string {
  if (!dbFileName) {
    const files = readdirSync(d1Dir(persistTo)).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
    if (files.length !== 1) throw new Error(`expected one D1 file in ${d1Dir(persistTo)}, found ${files.length}`);
    dbFileName = files[0]!;
  }
  return path.join(d1Dir(persistTo), dbFileName);
}

/**
 * The Worker checks every D1 binding (GET /api/health), and since issue 16 there is one per shard
 * and a central one: they get the migrations too (empty), so that `wrangler dev` answers.
 */
function migrateOtherBindings(persistTo: string): void {
  const toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  const bindings = [...toml.matchAll(/\[\[d1_databases\]\]\s*\nbinding\s*=\s*"([^"]+)"/g)].map((m) => m[1]!).filter((b) => b !== "DB");
  for (const b of bindings) run("npx", ["wrangler", "d1", "migrations", "apply", b, "--local", "--persist-to", persistTo], { capture: true });
}

/** Bytes D1 would report: page_count × page_size (free pages included: nothing VACUUMs). */
function fileBytes(file: string): { bytes: number; freePages: number } {
  const [r] = rows<{ n: number; s: number; f: number }>(file, "SELECT (SELECT page_count FROM pragma_page_count) AS n, (SELECT page_size FROM pragma_page_size) AS s, (SELECT freelist_count FROM pragma_freelist_count) AS f");
  return { bytes: r!.n * r!.s, freePages: r!.f };
}

// --- 1. the template: the real demo seed ---------------------------------------------------------

function buildTemplate(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", dir], { capture: true });
  run("npx", ["tsx", "scripts/seed.ts", "--persist-to", dir, "--today", TODAY], { capture: true });
  run("npx", ["tsx", "scripts/publish-forms.ts", "--persist-to", dir], { capture: true });
}

// --- 2. the layout of the big kabupaten ------------------------------------------------------------

interface Layout {
  clones: number;
  /** Repeats of a year's history per copy; the last one is partial (fullPasses, fraction). */
  passes: number;
  fullPasses: number;
  /** Share of the records of the partial pass, in thousandths. */
  fracMille: number;
  /** [clone, template desa, new desa, new kecamatan, first year with history, special (1: the 1× or 10× pekon: one pass)] */
  desaMap: [number, string, string, string, number, number][];
  /** [clone, template dusun, new dusun] */
  dusunMap: [number, string, string][];
  /** New dusun of every desa (the template's own desa included: the copies do not reuse its ids). */
  dusunOf: Map<string, string[]>;
  desa: { code: string; kec: string }[];
  /** Template counts. */
  households: number;
  persons: number;
  historyChanges: number;
  templateRecords: number;
  /** The kecamatan measured for PWS: a typical one, not the template's (which holds the 1× and 10× pekon). */
  pwsKec: string;
  typicalDesa: string;
}

/** A dusun id of the big kabupaten: uuid-shaped and stable, so a rerun makes the same one. */
const dusunId = (desaIndex: number, k: number) => `0000d000-${k.toString(16).padStart(4, "0")}-7000-8000-${desaIndex.toString(16).padStart(12, "0")}`;

/**
 * Where each copy of each template pekon lands. Every desa of the kabupaten gets about the same
 * number of copies (136 desa, C × 11 copies), except two kept for the pull comparison: the 1× pekon
 * gets one copy of Kembahang with one year of history (the demo pekon as the demo has it), the 10×
 * pekon ten copies of it, also one year. Both are in the big database, so their index ranges sit
 * among all the others.
 */
function planLayout(template: string): Layout {
  const tplDesa = rows<{ code: string }>(template, `SELECT id AS code FROM areas WHERE level = 'desa' AND parent_code = ${q(TEMPLATE_KEC)} ORDER BY id`).map((r) => r.code);
  const tplDusun = rows<{ id: string; desa: string }>(template, "SELECT id, desa_code AS desa FROM dusun ORDER BY desa_code, id");
  const desa = rows<{ code: string; kec: string }>(template, "SELECT id AS code, parent_code AS kec FROM areas WHERE level = 'desa' ORDER BY id");
  const [counts] = rows<{ hh: number; p: number; h: number; r: number }>(template, "SELECT (SELECT count(*) FROM households) AS hh, (SELECT count(*) FROM persons) AS p, (SELECT count(*) FROM change_log WHERE entity IN ('record', 'referral')) AS h, (SELECT count(*) FROM records) AS r");
  const clones = Math.max(1, Math.round(PERSONS / counts!.p));
  const recordsPerClone = counts!.r;
  // Records of a normal copy-year, so that the kabupaten's year holds RECORDS_PER_YEAR.
  const multiple = RECORDS_PER_YEAR / (recordsPerClone * clones);
  const fullPasses = Math.floor(multiple);
  const fracMille = Math.round((multiple - fullPasses) * 1000);
  const passes = fullPasses + (fracMille > 0 ? 1 : 0);

  const kecOf = new Map(desa.map((d) => [d.code, d.kec]));
  const special = new Set([PEKON_1X, PEKON_10X]);
  const normal = desa.map((d) => d.code).filter((c) => !special.has(c));
  const desaMap: Layout["desaMap"] = [];
  const tenCopies = Math.min(TEN, clones - 1);
  let next = 0;
  for (let c = 0; c < clones; c++) {
    for (const t of tplDesa) {
      let target: string;
      let firstYear = 1;
      let special = 1;
      if (t === PEKON_1X && c === clones - 1 && clones > 1) [target, firstYear] = [PEKON_1X, YEARS];
      else if (t === PEKON_1X && c < tenCopies) [target, firstYear] = [PEKON_10X, YEARS];
      else [target, special] = [normal[next++ % normal.length]!, 0];
      desaMap.push([c, t, target, kecOf.get(target)!, firstYear, special]);
    }
  }
  const dusunOf = new Map(desa.map((d, i) => [d.code, Array.from({ length: DUSUN_PER_DESA }, (_, k) => dusunId(i, k))]));
  const dusunMap: Layout["dusunMap"] = [];
  const target = new Map(desaMap.map(([c, t, n]) => [`${c}|${t}`, n]));
  const indexInDesa = new Map<string, number>();
  for (const u of tplDusun) {
    const k = indexInDesa.get(u.desa) ?? 0;
    indexInDesa.set(u.desa, k + 1);
    for (let c = 0; c < clones; c++) dusunMap.push([c, u.id, dusunOf.get(target.get(`${c}|${u.desa}`)!)![k % DUSUN_PER_DESA]!]);
  }
  // The PWS kecamatan: the one with the most desa outside the template's (a large, typical one).
  const perKec = new Map<string, number>();
  for (const d of desa) if (d.kec !== TEMPLATE_KEC) perKec.set(d.kec, (perKec.get(d.kec) ?? 0) + 1);
  const pwsKec = [...perKec].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const typicalDesa = desa.find((d) => d.kec === pwsKec)!.code;
  return {
    clones, passes, fullPasses, fracMille, desaMap, dusunMap, dusunOf, desa, pwsKec, typicalDesa,
    households: counts!.hh, persons: counts!.p, historyChanges: counts!.h, templateRecords: recordsPerClone,
  };
}

// --- 3. generation (set-based SQL through the sqlite3 CLI) ------------------------------------------

/**
 * A new id from a template id: the first byte says which year (0: the population), the three hex
 * digits after the uuid's version say which copy. Within a year ids keep the template's time
 * order, so the b-trees fill as real uuidv7 ids from phones fill them (mostly appended).
 */
const newId = (expr: string, year: string | number, copy: string) =>
  `(printf('%02x', ${year}) || substr(${expr}, 3, 13) || printf('%03x', ${copy}) || substr(${expr}, 19))`;

/** Load settings for a one-off bulk write: no journal, large cache (the file is thrown away on failure). */
const BULK = "PRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\nPRAGMA cache_size = -6000000;\nPRAGMA temp_store = FILE;\n";

/** Scratch tables (in their own file, so they never count in the size): the copy plan. */
function writePlan(work: string, template: string, L: Layout): void {
  rmSync(work, { force: true });
  const values = (list: unknown[][]) => list.map((r) => `(${r.map((v) => (typeof v === "number" ? String(v) : q(String(v)))).join(", ")})`).join(",\n");
  const chunks = <T>(xs: T[], n = 400) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  sqlite(work, `
    ${BULK}
    ATTACH ${q(template)} AS t;
    CREATE TABLE copies (c INTEGER, p INTEGER, cp INTEGER PRIMARY KEY);
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${L.clones * L.passes})
      INSERT INTO copies SELECT i / ${L.passes}, i % ${L.passes}, i FROM n;
    CREATE TABLE desa_map (c INTEGER, tdesa TEXT, desa TEXT, kec TEXT, first_year INTEGER, special INTEGER, PRIMARY KEY (c, tdesa));
    ${chunks(L.desaMap).map((c) => `INSERT INTO desa_map VALUES ${values(c)};`).join("\n")}
    CREATE TABLE dusun_map (c INTEGER, tdusun TEXT, dusun TEXT, PRIMARY KEY (c, tdusun));
    ${chunks(L.dusunMap).map((c) => `INSERT INTO dusun_map VALUES ${values(c)};`).join("\n")}
    -- The template's history changes in seq order: rank r becomes seq base + r × copies + copy.
    CREATE TABLE hist (rank INTEGER PRIMARY KEY, tseq INTEGER UNIQUE, entity TEXT, tid TEXT, version INTEGER, fields TEXT, at INTEGER);
    INSERT INTO hist SELECT row_number() OVER (ORDER BY seq) - 1, seq, entity, entity_id, version, fields, at FROM t.change_log WHERE entity IN ('record', 'referral');
    -- The template's history rows, keyed by the rank of their last change (their seq), with where
    -- they live and a stable number 0–999 that picks the records of the partial pass.
    CREATE TABLE hrows (last_rank INTEGER PRIMARY KEY, entity TEXT, tid TEXT UNIQUE, tdesa TEXT, tdusun TEXT, k INTEGER);
    -- (a row's seq is the seq of its last change)
    INSERT INTO hrows SELECT h.rank, h.entity, h.tid, x.scope_area, x.scope_dusun, (h.rank * 7919) % 1000
      FROM (SELECT id, seq, scope_area, scope_dusun FROM t.records UNION ALL SELECT id, seq, scope_area, scope_dusun FROM t.referrals) x
      JOIN hist h ON h.tseq = x.seq AND h.tid = x.id;
    CREATE TABLE thh (o INTEGER PRIMARY KEY, id TEXT);
    INSERT INTO thh SELECT row_number() OVER (ORDER BY seq) - 1, id FROM t.households;
    CREATE TABLE tp (o INTEGER PRIMARY KEY, id TEXT);
    INSERT INTO tp SELECT row_number() OVER (ORDER BY seq) - 1, id FROM t.persons;
  `);
}

/** The seq where the synced population ends and the history begins. */
const baseSeqs = (L: Layout) => {
  const households = 10_000;
  const persons = households + L.clones * L.households;
  return { places: 1_000, households, persons, history: persons + L.clones * L.persons + 1 };
};

/**
 * The population: the kabupaten's areas (the template has all 153), four dusun and a posyandu each
 * per desa, a pustu per desa and a puskesmas per kecamatan, and C copies of the template's
 * households and persons, each with its change_log and sync_index entry as a create writes them.
 */
function writePopulation(big: string, template: string, work: string, L: Layout): void {
  const S = baseSeqs(L);
  const now = Date.parse(`${TODAY}T05:00:00Z`) - YEARS * YEAR_MS - DAY_MS;
  const places: { entity: string; table: string; cols: string; row: string; scope: string; kec: string; desa: string | null }[] = [];
  L.desa.forEach((d, i) => {
    const dusun = L.dusunOf.get(d.code)!;
    dusun.forEach((u, k) => {
      places.push({ entity: "dusun", table: "dusun", cols: "id, desa_code, name", row: `${q(u)}, ${q(d.code)}, ${q(`Dusun ${k + 1}`)}`, scope: d.code, kec: d.kec, desa: d.code });
      places.push({ entity: "facility", table: "facilities", cols: "id, kind, name, area_code, dusun_id", row: `${q(u.replace("0000d000", "0000f000"))}, 'posyandu', ${q(`Posyandu ${k + 1} ${d.code}`)}, ${q(d.code)}, ${q(u)}`, scope: d.code, kec: d.kec, desa: d.code });
    });
    places.push({ entity: "facility", table: "facilities", cols: "id, kind, name, area_code, dusun_id", row: `${q(dusunId(i, 0xfff).replace("0000d000", "0000f000"))}, 'pustu', ${q(`Pustu ${d.code}`)}, ${q(d.code)}, NULL`, scope: d.code, kec: d.kec, desa: d.code });
  });
  [...new Set(L.desa.map((d) => d.kec))].forEach((kec, i) =>
    places.push({ entity: "facility", table: "facilities", cols: "id, kind, name, area_code, dusun_id", row: `${q(dusunId(0xfff, i).replace("0000d000", "0000f000"))}, 'puskesmas', ${q(`Puskesmas ${kec}`)}, ${q(kec)}, NULL`, scope: kec, kec, desa: null }),
  );
  const placeSql = places.map((p, i) => {
    const seq = S.places + i;
    const id = p.row.slice(1, 37);
    return `INSERT INTO ${p.table} (version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, ${p.cols}) VALUES (1, ${seq}, 0, 0, ${q(p.scope)}, NULL, NULL, ${now}, ${now}, 'seed', ${p.row});
INSERT INTO change_log (seq, entity, entity_id, version, fields, mutation_id, at) VALUES (${seq}, '${p.entity}', ${q(id)}, 1, '[]', NULL, ${now});
INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp) VALUES ('${p.entity}', ${q(id)}, ${seq}, 0, 'reference', '${KAB}', ${q(p.kec)}, ${p.desa ? q(p.desa) : "NULL"}, NULL, NULL);`;
  }).join("\n");
  const hh = newId("h.id", 0, "m.c");
  const pid = newId("p.id", 0, "m.c");
  sqlite(big, `
    ${BULK}
    ATTACH ${q(template)} AS t;
    ATTACH ${q(work)} AS w;
    BEGIN;
    INSERT INTO areas SELECT * FROM t.areas;
    INSERT INTO change_log SELECT * FROM t.change_log WHERE entity = 'area';
    INSERT INTO sync_index SELECT * FROM t.sync_index WHERE entity = 'area';
    INSERT INTO forms SELECT * FROM t.forms;
    ${placeSql}
    -- households, copy-major (a kabupaten is registered once, desa by desa)
    INSERT INTO households (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, desa_code, dusun_id, rt, address, no_kk, pis_pk)
      SELECT ${hh}, 1, ${S.households} + m.c * ${L.households} + o.o, 0, 0, m.desa, u.dusun, NULL, ${now}, ${now}, h.updated_by, m.desa, u.dusun, h.rt, h.address, h.no_kk, h.pis_pk
      FROM w.desa_map m CROSS JOIN w.thh o CROSS JOIN t.households h ON h.id = o.id AND h.desa_code = m.tdesa
      JOIN w.dusun_map u ON u.c = m.c AND u.tdusun = h.dusun_id ORDER BY 3;
    INSERT INTO persons (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, household_id, name, sex, birth_date, birth_date_precision, nik, relation, phone, jkn, pregnant)
      SELECT ${pid}, 1, ${S.persons} + m.c * ${L.persons} + o.o, 0, 0, m.desa, u.dusun, NULL, ${now}, ${now}, p.updated_by, ${newId("p.household_id", 0, "m.c")}, p.name, p.sex, p.birth_date, p.birth_date_precision, p.nik, p.relation, p.phone, p.jkn, p.pregnant
      FROM w.desa_map m CROSS JOIN w.tp o CROSS JOIN t.persons p ON p.id = o.id AND p.scope_area = m.tdesa
      JOIN w.dusun_map u ON u.c = m.c AND u.tdusun = p.scope_dusun ORDER BY 3;
    COMMIT;
  `);
  // change_log and sync_index of households and persons: one create each, fields as the template's.
  const hhFields = rows<{ f: string }>(template, "SELECT fields AS f FROM change_log WHERE entity = 'household' LIMIT 1")[0]!.f;
  const pFields = rows<{ f: string }>(template, "SELECT fields AS f FROM change_log WHERE entity = 'person' LIMIT 1")[0]!.f;
  sqlite(big, `
    ${BULK}
    ATTACH ${q(work)} AS w;
    BEGIN;
    INSERT INTO change_log (seq, entity, entity_id, version, fields, mutation_id, at)
      SELECT seq, 'household', id, 1, ${q(hhFields)}, NULL, created_at FROM households WHERE seq >= ${S.households} ORDER BY seq;
    INSERT INTO change_log (seq, entity, entity_id, version, fields, mutation_id, at)
      SELECT seq, 'person', id, 1, ${q(pFields)}, NULL, created_at FROM persons ORDER BY seq;
    INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp)
      SELECT 'household', h.id, h.seq, 0, 'health', '${KAB}', a.parent_code, h.scope_area, h.scope_dusun, NULL FROM households h JOIN areas a ON a.id = h.scope_area ORDER BY h.seq;
    INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp)
      SELECT 'person', p.id, p.seq, 0, 'health', '${KAB}', a.parent_code, p.scope_area, p.scope_dusun, NULL FROM persons p JOIN areas a ON a.id = p.scope_area ORDER BY p.seq;
    COMMIT;
  `);
}

/**
 * One year of history: every copy replays the template's year (records, referrals and their
 * updates), dates shifted back (YEARS − year) years, with the bookkeeping a push writes per
 * mutation (change_log, sync_index, audit, receipt), the pull audits, and the PWS marks
 * (pws_counts follows by the migration's triggers).
 */
function writeYear(big: string, template: string, work: string, L: Layout, year: number): void {
  const S = baseSeqs(L);
  const K = L.clones * L.passes;
  const seq0 = S.history + (year - 1) * L.historyChanges * K;
  const seqEnd = seq0 + L.historyChanges * K;
  const back = YEARS - year;
  const shift = -back * YEAR_MS;
  const dateShift = (col: string) => (back === 0 ? col : `date(${col}, '-${back} years')`);
  const yearEnd = Date.parse(`${TODAY}T23:59:59Z`) + shift;
  // Which copy of a template row exists: the row's desa has history this year, and the pass is a
  // whole one or the row is among the partial pass's share.
  // The 1× and 10× pekon get exactly the template's year (pass 0, whole).
  const included = `m.first_year <= ${year} AND CASE WHEN m.special THEN x.p = 0 ELSE (x.p < ${L.fullPasses} OR (x.p = ${L.fullPasses} AND hr.k < ${L.fracMille})) END`;
  const rid = (col: string) => newId(col, year, "x.cp");
  const from = `FROM w.hrows hr CROSS JOIN w.copies x
      JOIN w.desa_map m ON m.c = x.c AND m.tdesa = hr.tdesa
      LEFT JOIN w.dusun_map u ON u.c = x.c AND u.tdusun = hr.tdusun`;
  const seqOf = `${seq0} + hr.last_rank * ${K} + x.cp`;
  const actor = "'pustu-' || m.desa";
  sqlite(big, `
    ${BULK}
    ATTACH ${q(template)} AS t;
    ATTACH ${q(work)} AS w;
    BEGIN;
    -- receipts older than the window are gone by the end of this year (prune.ts pruneReceipts)
    DELETE FROM receipts;
    INSERT INTO records (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, person_id, form_id, form_version, visit_date, facility_id, data, derived)
      SELECT ${rid("r.id")}, r.version, ${seqOf}, 0, 0, m.desa, u.dusun, NULL, r.created_at + ${shift}, r.updated_at + ${shift}, ${actor},
        ${newId("r.person_id", 0, "x.c")}, r.form_id, r.form_version, ${dateShift("r.visit_date")},
        CASE WHEN r.facility_id IS NULL THEN NULL ELSE ${newId("r.facility_id", 0, "x.c")} END, r.data, r.derived
      ${from} JOIN t.records r ON r.id = hr.tid
      WHERE hr.entity = 'record' AND ${included};
    INSERT INTO referrals (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, person_id, record_id, reason, reason_text, destination, referred_at, outcome, outcome_note, outcome_at)
      SELECT ${rid("r.id")}, r.version, ${seqOf}, 0, 0, m.desa, u.dusun, NULL, r.created_at + ${shift}, r.updated_at + ${shift}, ${actor},
        ${newId("r.person_id", 0, "x.c")}, CASE WHEN r.record_id IS NULL THEN NULL ELSE ${rid("r.record_id")} END, r.reason, r.reason_text, r.destination,
        ${dateShift("r.referred_at")}, r.outcome, r.outcome_note, CASE WHEN r.outcome_at IS NULL THEN NULL ELSE ${dateShift("r.outcome_at")} END
      ${from} JOIN t.referrals r ON r.id = hr.tid
      WHERE hr.entity = 'referral' AND ${included};
    INSERT INTO sync_index (entity, entity_id, seq, deleted, domain, kab, kec, desa, dusun, grp)
      SELECT hr.entity, ${rid("hr.tid")}, ${seqOf}, 0, 'health', '${KAB}', m.kec, m.desa, u.dusun, NULL
      ${from} WHERE ${included};
    -- one change per write, in seq order; the mutation id is uuid-sized like a phone's, one per (row, version)
    INSERT INTO change_log (seq, entity, entity_id, version, fields, mutation_id, at)
      SELECT ${seq0} + h.rank * ${K} + x.cp, h.entity, ${rid("h.tid")}, h.version, h.fields, ${newId("h.tid", `${0x80 + year * 16} + h.version`, "x.cp")}, h.at + ${shift}
      FROM w.hist h CROSS JOIN w.copies x JOIN w.hrows hr ON hr.tid = h.tid
      JOIN w.desa_map m ON m.c = x.c AND m.tdesa = hr.tdesa
      WHERE ${included};
    -- the push's audit row per mutation (push/statements.ts: ids and field names only)
    INSERT INTO audit_log (at, user_id, device_id, action, entity, entity_id, details)
      SELECT at, '01940000-0000-7000-8000-0000000000aa', '01940000-0000-7000-8000-0000000000bb', CASE WHEN version = 1 THEN 'sync.create' ELSE 'sync.update' END,
        entity, entity_id, json_object('mutationId', mutation_id, 'version', version, 'fields', json(fields))
      FROM change_log WHERE seq >= ${seq0} AND seq < ${seqEnd};
    -- the pulls' audit rows (pull.ts: one per page with health rows, their ids), ${PULLING_PHONES} phones per row
    INSERT INTO audit_log (at, user_id, device_id, action, entity, entity_id, details)
      SELECT max(c.at), '01940000-0000-7000-8000-0000000000aa', '01940000-0000-7000-8000-0000000000bb', 'sync.pull', NULL, NULL,
        json_object('count', count(*), 'ids', json_group_array(c.entity || ':' || c.entity_id))
      FROM change_log c CROSS JOIN (WITH RECURSIVE n(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM n WHERE d + 1 < ${PULLING_PHONES}) SELECT d FROM n) ph
      WHERE c.seq >= ${seq0} AND c.seq < ${seqEnd}
      GROUP BY ph.d, (c.seq - ${seq0}) % ${K}, (c.seq - ${seq0}) / ${K * CHANGES_PER_PULL_AUDIT};
    -- receipts of the last ${RECEIPT_DAYS} days (push/receipts.ts)
    INSERT INTO receipts (user_id, mutation_id, device_id, result, at)
      SELECT '01940000-0000-7000-8000-0000000000aa', mutation_id, '01940000-0000-7000-8000-0000000000bb',
        json_object('id', mutation_id, 'status', 'applied', 'version', version), at
      FROM change_log WHERE seq >= ${seq0} AND seq < ${seqEnd} AND at >= ${yearEnd - RECEIPT_DAYS * DAY_MS};
    -- PWS marks of the copies' persons, months shifted with the year (a month seen in two years counts once)
    INSERT OR IGNORE INTO pws_marks (person_id, code, month, desa, dusun)
      SELECT ${newId("k.person_id", 0, "m.c")}, k.code,
        ${back === 0 ? "k.month" : `printf('%04d', CAST(substr(k.month, 1, 4) AS INTEGER) - ${back}) || substr(k.month, 5)`},
        m.desa, coalesce(u.dusun, '')
      FROM w.desa_map m CROSS JOIN t.pws_marks k ON k.desa = m.tdesa
      LEFT JOIN w.dusun_map u ON u.c = m.c AND u.tdusun = k.dusun
      WHERE m.first_year <= ${year};
    COMMIT;
  `);
}

/** Counts of the big database's main tables, for the report. */
function tableCounts(file: string): Record<string, number> {
  const tables = ["persons", "households", "records", "referrals", "change_log", "sync_index", "audit_log", "receipts", "pws_marks", "pws_counts"];
  const [r] = rows<Record<string, number>>(file, `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(", ")}`);
  return r!;
}

/** Bytes per table and index (dbstat), largest first. */
function sizeByObject(file: string): { name: string; bytes: number }[] {
  return rows<{ name: string; bytes: number }>(file, "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 25");
}

// --- 4. measuring through wrangler dev ---------------------------------------------------------------

interface Account {
  label: string;
  userId: string;
  role: "pustu" | "puskesmas" | "dinkes";
  area: string;
  token: string;
}

/** A device token like the server's (no shard prefix: the legacy form TOKEN_RE accepts) and its stored hash (tokens.ts). */
function newToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

/** Users and devices for the bench, written straight into the file (as an admin would have enrolled them). */
async function insertAccounts(file: string, accounts: Omit<Account, "token">[], existingUsers: boolean): Promise<Account[]> {
  const out: Account[] = [];
  const sql: string[] = ["BEGIN;"];
  for (const a of accounts) {
    const token = newToken();
    if (!existingUsers) sql.push(`INSERT OR IGNORE INTO users (id, name, role, area_code, dusun_id, office_id, active, created_at, created_by) VALUES (${q(a.userId)}, ${q(`Bench ${a.label}`)}, '${a.role}', ${q(a.area)}, NULL, NULL, 1, 0, 'bench');`);
    sql.push(`INSERT INTO devices (id, user_id, token_hash, name, created_at) VALUES (${q(uuidv7())}, ${q(a.userId)}, ${q(await sha256Hex("device:" + token))}, 'bench-scale', ${Date.now()});`);
    out.push({ ...a, token });
  }
  sql.push("COMMIT;");
  sqlite(file, sql.join("\n"));
  return out;
}

type Server = { url: string; stop(): Promise<void>; child: { pid: number } };

async function call(server: Server, method: string, p: string, token: string, body?: unknown): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(server.url + p, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

interface PullFigures { ms: number; pages: number; changes: number; bytes: number; gzip: number; cursor: string }

/** A pull from `cursor` (none: from scratch) until hasMore is false, as the phone pages it. */
async function pullAll(server: Server, token: string, cursor?: string): Promise<PullFigures> {
  const f: PullFigures = { ms: 0, pages: 0, changes: 0, bytes: 0, gzip: 0, cursor: cursor ?? "" };
  for (;;) {
    const r = await call(server, "GET", `/api/sync/pull?limit=${PULL_LIMIT}${f.cursor ? `&cursor=${encodeURIComponent(f.cursor)}` : ""}`, token);
    if (r.status !== 200) throw new Error(`pull: ${r.status} ${r.text.slice(0, 300)}`);
    const page = JSON.parse(r.text) as PullResponse;
    f.ms += r.ms;
    f.pages++;
    f.changes += page.changes.length;
    f.bytes += r.text.length;
    f.gzip += gzipSync(r.text).length;
    f.cursor = page.cursor;
    if (!page.hasMore) return f;
  }
}

const ancData = () => ({
  hpht: "2026-07-03", bb: 55 + Math.round(Math.random() * 100) / 10, tb: 150, lila: 24.1, td_sistolik: 110, td_diastolik: 70, hb: 11.5,
  tfu: 20, djj: 142, protein_urine: "negatif", status_td: "t2", td_diberikan: false, ttd_diberikan: 30,
  tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "non_reaktif", tanda_bahaya: ["tidak_ada"], catatan: "Kunjungan rutin, ibu sehat",
});
const create = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });
const ancVisit = (personId: string) => create("record", { personId, formId: "anc", formVersion: 1, visitDate: "2026-11-20", facilityId: null, data: ancData() });

async function push(server: Server, token: string, mutations: Mutation[]): Promise<number> {
  const r = await call(server, "POST", "/api/sync/push", token, { mutations });
  const json = JSON.parse(r.text) as PushResponse;
  if (r.status !== 200 || json.results.some((x) => x.status === "rejected")) throw new Error(`push: ${r.status} ${r.text.slice(0, 400)}`);
  return r.ms;
}

/** First pull from scratch (median of RUNS), then RUNS incremental pulls, each after a day's pushes into the pekon. */
async function measurePull(server: Server, file: string, pustu: Account): Promise<{ first: PullFigures; incremental: PullFigures }> {
  const firsts: PullFigures[] = [];
  for (let i = 0; i < RUNS; i++) firsts.push(await pullAll(server, pustu.token));
  const first = firsts.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]!;
  const mothers = rows<{ id: string }>(file, `SELECT id FROM persons WHERE scope_area = ${q(pustu.area)} AND pregnant = 1 LIMIT 20`).map((r) => r.id);
  if (!mothers.length) throw new Error(`no pregnant person in ${pustu.area}`);
  let cursor = firsts.at(-1)!.cursor;
  const incs: PullFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    await push(server, pustu.token, Array.from({ length: INCREMENTAL_RECORDS }, (_, j) => ancVisit(mothers[j % mothers.length]!)));
    const inc = await pullAll(server, pustu.token, cursor);
    cursor = inc.cursor;
    incs.push(inc);
  }
  return { first, incremental: incs.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]! };
}

/** GET /api/pws for the month (the console's table), median of RUNS after one warm-up, and the trend of the first indicator. */
async function measurePws(server: Server, account: Account): Promise<{ ms: number; trendMs: number; bytes: number; units: number }> {
  const url = `/api/pws?month=${PWS_MONTH}`;
  const warm = await call(server, "GET", url, account.token);
  if (warm.status !== 200) throw new Error(`pws: ${warm.status} ${warm.text.slice(0, 300)}`);
  const ms: number[] = [];
  const trend: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ms.push((await call(server, "GET", url, account.token)).ms);
    const t = await call(server, "GET", `/api/pws/trend?indicator=${encodeURIComponent(PWS_INDICATORS[0]!.id)}&to=${PWS_MONTH}`, account.token);
    if (t.status !== 200) throw new Error(`pws trend: ${t.status} ${t.text.slice(0, 300)}`);
    trend.push(t.ms);
  }
  return { ms: median(ms), trendMs: median(trend), bytes: warm.text.length, units: (JSON.parse(warm.text) as { units: unknown[] }).units.length };
}

/**
 * CPU seconds used so far by wrangler's process group (workerd runs the Worker and the local D1),
 * from /proc (Linux, 100 ticks a second), as scripts/bench-push.ts: on shared cores the CPU a batch
 * costs the server is steadier than its wall time.
 */
function serverCpuSeconds(server: Server): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Fields after the name: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
      if (Number(f[2]) === server.child.pid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

/** Push throughput as scripts/bench-push.ts: 300 mothers in 5 batches, then batches of 100 ANC visits. */
async function measurePush(server: Server, puskesmas: Account, desa: string): Promise<{ perS: number; msPerBatch: number; cpuMsPerBatch: number }> {
  const mothers: string[] = [];
  for (let h = 0; h < 5; h++) {
    const hh = uuidv7();
    const batch = [create("household", { desaCode: desa, dusunId: null, rt: "001", address: null, noKk: null, pisPk: null }, hh)];
    for (let i = 0; i < 60; i++) {
      const id = uuidv7();
      mothers.push(id);
      batch.push(create("person", { householdId: hh, name: `Ibu Sintetis ${i}`, sex: "P", birthDate: "1996-05-05", birthDatePrecision: "day", nik: null, relation: "istri", phone: null, jkn: null, pregnant: true }, id));
    }
    await push(server, puskesmas.token, batch);
  }
  // Two untimed batches first: the first pushes of a fresh workerd pay for compiling the code path.
  for (let b = 0; b < 2; b++) await push(server, puskesmas.token, Array.from({ length: PUSH_BATCH_SIZE }, (_, i) => ancVisit(mothers[(b * PUSH_BATCH_SIZE + i) % mothers.length]!)));
  const ms: number[] = [];
  const cpu0 = serverCpuSeconds(server);
  for (let b = 0; b < PUSH_BATCHES; b++) ms.push(await push(server, puskesmas.token, Array.from({ length: PUSH_BATCH_SIZE }, (_, i) => ancVisit(mothers[(b * PUSH_BATCH_SIZE + i) % mothers.length]!))));
  const cpuMs = (serverCpuSeconds(server) - cpu0) * 1000;
  const total = ms.reduce((a, b) => a + b, 0);
  return { perS: (PUSH_BATCHES * PUSH_BATCH_SIZE * 1000) / total, msPerBatch: median(ms), cpuMsPerBatch: cpuMs / PUSH_BATCHES };
}

/**
 * The statements one pull page runs (services/pull.ts readPage, loadChanges, countAfter) for the
 * pustu's scope keys from scratch (seq > 0), written out as drizzle renders them.
 */
function pullStatements(file: string, pustu: Account): { label: string; sql: string }[] {
  const principal: Principal = { userId: pustu.userId, role: pustu.role, areaCode: pustu.area };
  const keys = pullScope(principal);
  const filter = (k: (typeof keys)[number]) => (k.column === "grp" ? `"grp" = ${q(k.value)}` : `("domain" = ${q(k.domain)} and "${k.column}" = ${q(k.value)})`);
  // loadChanges reads rows by id in chunks of 90 (worker/db/client.ts chunk).
  const ids = rows<{ id: string }>(file, `SELECT entity_id AS id FROM sync_index WHERE entity = 'record' AND desa = ${q(pustu.area)} LIMIT 90`).map((r) => q(r.id)).join(", ");
  const key = (k: (typeof keys)[number]) => `${k.domain}|${k.column}|${k.value}`;
  return [
    ...keys.map((k) => ({ label: `head: sync_index ${key(k)}`, sql: `select "entity", "entity_id", "seq", "deleted" from "sync_index" where (${filter(k)} and "sync_index"."seq" > 0) order by "sync_index"."seq" asc limit ${PULL_LIMIT + 1}` })),
    ...keys.map((k) => ({ label: `departures: ${key(k)}`, sql: `select "entity", "entity_id", "seq" from "sync_departures" where (${filter(k)} and "sync_departures"."seq" > 0) order by "sync_departures"."seq" asc limit ${PULL_LIMIT + 1}` })),
    { label: "latest seq", sql: `select max("seq") from "change_log"` },
    { label: "loadChanges: 90 records by id", sql: `select * from "records" where "records"."id" in (${ids || "''"})` },
    ...keys.map((k) => ({ label: `countAfter: ${key(k)}`, sql: `select count(*) from "sync_index" where (${filter(k)} and "sync_index"."seq" > 0)` })),
  ];
}

/** EXPLAIN QUERY PLAN of each statement (sqlite3 on the same file). */
function explain(file: string, statements: string[]): string {
  const short = (sql: string) => sql.replace(/in \(('[^']*'), [^)]*\)/, "in ($1, … 90 ids)");
  return statements.map((s) => `${short(s)}\n${sqlite(file, `EXPLAIN QUERY PLAN ${s};`).trim().split("\n").map((l) => `    ${l}`).join("\n")}`).join("\n");
}

/**
 * The rows D1 counts as read for each statement (meta.rows_read, what D1 bills), through the local
 * D1 binding of wrangler's platform proxy on the same persist dir (run when wrangler dev is down).
 */
async function rowsRead(persistTo: string, statements: string[]): Promise<number[]> {
  interface D1 { prepare(sql: string): { all(): Promise<{ meta: { rows_read: number } }> } }
  const proxy = await getPlatformProxy<{ DB: D1 }>({ configPath: path.join(ROOT, "wrangler.toml"), persist: { path: path.join(persistTo, "v3") } });
  try {
    const out: number[] = [];
    for (const s of statements) out.push((await proxy.env.DB.prepare(s).all()).meta.rows_read);
    return out;
  } finally {
    await proxy.dispose();
  }
}

/**
 * Rows read by a whole first pull of N changes, from the per-page statements: each page reads
 * its head (limit + 1 index entries), the page's rows (limit) and countAfter, which counts every
 * entry still to come, so the sum grows with N² / limit.
 */
function firstPullRowsRead(n: number): number {
  let total = 0;
  for (let delivered = 0; delivered < n; delivered += PULL_LIMIT) total += (PULL_LIMIT + 1) + Math.min(PULL_LIMIT, n - delivered) + Math.max(0, n - delivered - PULL_LIMIT) + 1;
  return total;
}

// --- 5. the run ------------------------------------------------------------------------------------

/** Years until the file reaches D1's limit, from a straight line through the measured years. */
function projectTenGb(sizes: { year: number; bytes: number }[]): { perYear: number; intercept: number; year: number } {
  const n = sizes.length;
  const mx = sizes.reduce((a, s) => a + s.year, 0) / n;
  const my = sizes.reduce((a, s) => a + s.bytes, 0) / n;
  const sxy = sizes.reduce((a, s) => a + (s.year - mx) * (s.bytes - my), 0);
  const sxx = sizes.reduce((a, s) => a + (s.year - mx) ** 2, 0);
  const perYear = n > 1 ? sxy / sxx : sizes[0]!.bytes / sizes[0]!.year;
  const intercept = n > 1 ? my - perYear * mx : 0;
  return { perYear, intercept, year: (D1_MAX_BYTES - intercept) / perYear };
}

requireSqlite3();
mkdirSync(DIR, { recursive: true });
const templateDir = path.join(DIR, "template");
const bigDir = path.join(DIR, "big");
const workFile = path.join(DIR, "work.sqlite");
const started = performance.now();

if (!values.reuse || !existsSync(path.join(templateDir, "v3"))) await timed("template: migrations + demo seed", () => buildTemplate(templateDir));
const templateFile = d1File(templateDir);
const L = planLayout(templateFile);
console.error(`plan: ${L.clones} copies of the template (${L.clones * L.persons} persons), ${L.passes} pass(es) a year (${L.fullPasses} whole + ${L.fracMille}‰ of a pass), ${YEARS} years`);

const sizes: { year: number; bytes: number; freePages: number }[] = [];
/** The sizes and step times of the generation, kept so that a --reuse run reports them too. */
const generationFile = path.join(DIR, "generation.json");
const generate = !values.reuse || !existsSync(path.join(bigDir, "v3"));
if (generate) {
  rmSync(bigDir, { recursive: true, force: true });
  await timed("big: migrations", () => run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", bigDir], { capture: true }));
  const big = d1File(bigDir);
  await timed("big: copy plan", () => writePlan(workFile, templateFile, L));
  await timed("big: population", () => writePopulation(big, templateFile, workFile, L));
  sizes.push({ year: 0, ...fileBytes(big) });
  for (let y = 1; y <= YEARS; y++) {
    await timed(`big: year ${y}`, () => writeYear(big, templateFile, workFile, L, y));
    sizes.push({ year: y, ...fileBytes(big) });
    console.error(`    size after year ${y}: ${gb(sizes.at(-1)!.bytes)} GB`);
  }
  // Back to the journal mode miniflare's D1 keeps its files in.
  sqlite(big, "PRAGMA journal_mode = WAL;");
  writeFileSync(generationFile, JSON.stringify({ sizes, timings }));
} else {
  const kept = JSON.parse(readFileSync(generationFile, "utf8")) as { sizes: typeof sizes; timings: typeof timings };
  sizes.push(...kept.sizes);
  timings.push(...kept.timings.filter((t) => !timings.some((u) => u.step === t.step)));
}
const bigFile = d1File(bigDir);
await timed("serve: migrations of the other bindings", () => migrateOtherBindings(bigDir));
const isGeneration = (t: { step: string }) => t.step.startsWith("big:") || t.step.startsWith("template");
const generationS = timings.filter(isGeneration).reduce((a, t) => a + t.s, 0);
const counts = tableCounts(bigFile);
const objects = await timed("dbstat", () => sizeByObject(bigFile));

// Accounts: in the big database new users; in the demo database the demo users get new devices.
const accountsBig = await insertAccounts(bigFile, [
  { label: "pustu 1×", userId: "b0000000-0000-7000-8000-000000000001", role: "pustu", area: PEKON_1X },
  { label: "pustu 10×", userId: "b0000000-0000-7000-8000-000000000002", role: "pustu", area: PEKON_10X },
  { label: "pustu typical", userId: "b0000000-0000-7000-8000-000000000003", role: "pustu", area: L.typicalDesa },
  { label: "puskesmas", userId: "b0000000-0000-7000-8000-000000000004", role: "puskesmas", area: L.pwsKec },
  { label: "dinkes", userId: "b0000000-0000-7000-8000-000000000005", role: "dinkes", area: KAB },
], false);
const smallDir = path.join(DIR, "small");
rmSync(smallDir, { recursive: true, force: true });
cpSync(templateDir, smallDir, { recursive: true });
migrateOtherBindings(smallDir);
const smallFile = d1File(smallDir);
const demoUser = (role: string, area: string) => rows<{ id: string }>(smallFile, `SELECT id FROM users WHERE role = ${q(role)} AND area_code = ${q(area)} LIMIT 1`)[0]!.id;
const accountsSmall = await insertAccounts(smallFile, [
  { label: "pustu 1×", userId: demoUser("pustu", PEKON_1X), role: "pustu", area: PEKON_1X },
  { label: "puskesmas", userId: demoUser("puskesmas", TEMPLATE_KEC), role: "puskesmas", area: TEMPLATE_KEC },
  { label: "dinkes", userId: demoUser("dinkes", KAB), role: "dinkes", area: KAB },
], true);
const byLabel = (list: Account[], label: string) => list.find((a) => a.label === label)!;

const planStatements = pullStatements(bigFile, byLabel(accountsBig, "pustu 10×"));
const plans = explain(bigFile, planStatements.map((s) => s.sql));

async function withServer<T>(persistTo: string, f: (s: Server) => Promise<T>): Promise<T> {
  const server = (await startWrangler({ port: await freePort(), persistTo })) as Server;
  try {
    return await f(server);
  } finally {
    await server.stop();
  }
}

// The big database first: an order effect (a cold machine, a fresh workerd) would then favour the demo database.
const bigM = await timed("measure: big database", () => withServer(bigDir, async (s) => ({
  pull1: await measurePull(s, bigFile, byLabel(accountsBig, "pustu 1×")),
  pull10: await measurePull(s, bigFile, byLabel(accountsBig, "pustu 10×")),
  pullTypical: await measurePull(s, bigFile, byLabel(accountsBig, "pustu typical")),
  pwsKec: await measurePws(s, byLabel(accountsBig, "puskesmas")),
  pwsKab: await measurePws(s, byLabel(accountsBig, "dinkes")),
  push: await measurePush(s, byLabel(accountsBig, "puskesmas"), L.typicalDesa),
})));
const small = await timed("measure: demo database", () => withServer(smallDir, async (s) => ({
  pull: await measurePull(s, smallFile, byLabel(accountsSmall, "pustu 1×")),
  pwsKec: await measurePws(s, byLabel(accountsSmall, "puskesmas")),
  pwsKab: await measurePws(s, byLabel(accountsSmall, "dinkes")),
  push: await measurePush(s, byLabel(accountsSmall, "puskesmas"), "18.04.10.2003"),
})));

const typicalStatements = pullStatements(bigFile, byLabel(accountsBig, "pustu typical"));
const read10 = await timed("rows read (platform proxy)", () => rowsRead(bigDir, planStatements.map((s) => s.sql)));
const readTypical = await rowsRead(bigDir, typicalStatements.map((s) => s.sql));

// --- 6. the report -----------------------------------------------------------------------------------

const fit = projectTenGb(sizes.filter((s) => s.year > 0));
const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const pullRow = (label: string, f: PullFigures) => line([label, f.changes.toLocaleString("en"), f.pages, f.ms.toFixed(0), mb(f.bytes), mb(f.gzip)]);
const out: string[] = [];
out.push(`## bench:scale — ${L.clones * L.persons} persons, ${YEARS} years, ${RECORDS_PER_YEAR.toLocaleString("en")} records a year (target), ${RUNS} runs, medians`);
out.push("", `Generation: ${generationS.toFixed(0)} s in all${generate ? "" : " (an earlier run's, reused)"}; per step: ${timings.filter(isGeneration).map((t) => `${t.step} ${t.s.toFixed(0)} s`).join("; ")}.`);
out.push(`Measuring: ${timings.filter((t) => !isGeneration(t)).map((t) => `${t.step} ${t.s.toFixed(0)} s`).join("; ")}.`);
out.push("", "### Rows (end of the last year)", "", line(["table", "rows"]), line(["---", "---:"]), ...Object.entries(counts).map(([t, n]) => line([t, n.toLocaleString("en")])));
out.push("", "### File size (page_count × page_size, no VACUUM)", "", line(["after year", "bytes", "GB", "free pages"]), line(["---:", "---:", "---:", "---:"]), ...sizes.map((s) => line([s.year, s.bytes.toLocaleString("en"), gb(s.bytes), s.freePages])));
out.push("", `Linear fit over years 1–${YEARS}: ${gb(fit.perYear)} GB a year (+ ${gb(fit.intercept)} GB at year 0) → 10 GiB at year ${fit.year.toFixed(1)}, assuming every year writes what this one did and nothing is archived.`);
out.push("", "### Largest tables and indexes (dbstat)", "", line(["object", "MB"]), line(["---", "---:"]), ...objects.map((o) => line([o.name, mb(o.bytes)])));
out.push("", "### Pull of one pekon (pustu, limit 500, first from scratch; incremental after 20 new records)", "", line(["database, pekon", "changes", "pages", "ms", "MB raw", "MB gzip"]), line(["---", "---:", "---:", "---:", "---:", "---:"]));
out.push(pullRow("demo DB, Kembahang (1×): first", small.pull.first), pullRow("demo DB, Kembahang (1×): incremental", small.pull.incremental));
out.push(pullRow(`big DB, ${PEKON_1X} (1×): first`, bigM.pull1.first), pullRow(`big DB, ${PEKON_1X} (1×): incremental`, bigM.pull1.incremental));
out.push(pullRow(`big DB, ${PEKON_10X} (10×): first`, bigM.pull10.first), pullRow(`big DB, ${PEKON_10X} (10×): incremental`, bigM.pull10.incremental));
out.push(pullRow(`big DB, ${L.typicalDesa} (typical desa, ${YEARS} y): first`, bigM.pullTypical.first), pullRow(`big DB, ${L.typicalDesa} (typical): incremental`, bigM.pullTypical.incremental));
out.push("", "### PWS month table (GET /api/pws, and /api/pws/trend)", "", line(["database, area", "units", "table ms", "trend ms", "KB"]), line(["---", "---:", "---:", "---:", "---:"]));
out.push(line(["demo DB, kecamatan 18.04.10", small.pwsKec.units, small.pwsKec.ms.toFixed(0), small.pwsKec.trendMs.toFixed(0), (small.pwsKec.bytes / 1024).toFixed(0)]));
out.push(line(["demo DB, kabupaten 18.04", small.pwsKab.units, small.pwsKab.ms.toFixed(0), small.pwsKab.trendMs.toFixed(0), (small.pwsKab.bytes / 1024).toFixed(0)]));
out.push(line([`big DB, kecamatan ${L.pwsKec}`, bigM.pwsKec.units, bigM.pwsKec.ms.toFixed(0), bigM.pwsKec.trendMs.toFixed(0), (bigM.pwsKec.bytes / 1024).toFixed(0)]));
out.push(line(["big DB, kabupaten 18.04", bigM.pwsKab.units, bigM.pwsKab.ms.toFixed(0), bigM.pwsKab.trendMs.toFixed(0), (bigM.pwsKab.bytes / 1024).toFixed(0)]));
out.push("", `### Push (${PUSH_BATCHES} batches × ${PUSH_BATCH_SIZE} ANC visits, puskesmas token)`, "", line(["database", "mutations/s", "ms a batch (median)", "server CPU ms a batch"]), line(["---", "---:", "---:", "---:"]));
out.push(line(["demo DB", small.push.perS.toFixed(0), small.push.msPerBatch.toFixed(0), small.push.cpuMsPerBatch.toFixed(0)]), line(["big DB", bigM.push.perS.toFixed(0), bigM.push.msPerBatch.toFixed(0), bigM.push.cpuMsPerBatch.toFixed(0)]));
out.push("", "### Rows read (D1 meta.rows_read through the local binding) of one pull page from scratch", "", line(["statement", `10× pekon ${PEKON_10X}`, `typical ${L.typicalDesa}`]), line(["---", "---:", "---:"]));
planStatements.forEach((s, i) => out.push(line([s.label.replace(/\|[^|]+$/, ""), read10[i]!, readTypical[i]!])));
out.push("", line(["whole first pull (estimate: per page head + rows + countAfter)", "changes", "rows read"]), line(["---", "---:", "---:"]));
for (const [label, f] of [["demo DB 1×", small.pull.first], ["big DB 1×", bigM.pull1.first], ["big DB 10×", bigM.pull10.first], ["big DB typical", bigM.pullTypical.first]] as const) out.push(line([label, f.changes.toLocaleString("en"), firstPullRowsRead(f.changes).toLocaleString("en")]));
out.push("", `### EXPLAIN QUERY PLAN of the pull's statements (big DB, pustu of ${PEKON_10X})`, "", "```", plans, "```");
out.push("", `Total wall time: ${((performance.now() - started) / 1000).toFixed(0)} s. PWS indicators: ${PWS_INDICATORS.length}.`);
console.log(out.join("\n"));
writeFileSync(path.join(DIR, "results.json"), JSON.stringify({ persons: L.clones * L.persons, years: YEARS, recordsPerYear: RECORDS_PER_YEAR, layout: { clones: L.clones, passes: L.passes, fullPasses: L.fullPasses, fracMille: L.fracMille, pwsKec: L.pwsKec, typicalDesa: L.typicalDesa }, timings, sizes, fit, counts, objects, small, big: bigM, rowsRead: { statements: planStatements, read10, readTypical } }, null, 1));
