/**
 * npm run bench (part): the PWS month table on a kabupaten-sized synthetic local D1 (issue 11).
 *
 *   npx tsx scripts/bench-pws.ts [--persons 300000] [--keep DIR [--reuse]] [--runs 7]
 *
 * --keep DIR keeps the generated state in DIR; with --reuse, a DIR generated before is timed again
 * without generating it (the migrations are applied again, so a new one lands first).
 *
 * Builds a fresh local D1 (wrangler's migrations, then the sqlite3 CLI on miniflare's database
 * file, in one transaction): 15 kecamatan, 130 desa, 4 dusun each, `--persons` synthetic persons in
 * households of 4, and one year of records (January–November 2026: monthly weighings, immunisations,
 * ANC, nifas, PTM and lansia screenings, TB, malaria, home visits with IKS). Each record carries a
 * synthetic `derived` of the shape the server stores (not recomputed: this bench times the PWS
 * reads, not derivation); the PWS marks are computed from them with the real `pwsMarks`, and
 * `pws_counts` is filled by the migration's triggers. The sync bookkeeping (change_log,
 * sync_index) is not written: no PWS query reads it.
 *
 * Then `wrangler dev` on that state: times GET /api/pws for one kecamatan (puskesmas) and for the
 * kabupaten (dinkes), a trend, a drill-down, the bytes of one month's table (raw, gzip, brotli),
 * and prints EXPLAIN QUERY PLAN of each query shape (sqlite3 on the same file). Figures go to
 * docs/PERFORMANCE.md ("PWS queries"). Synthetic people only.
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { IMMUNISATION_SCHEDULE } from "../domain/forms/imunisasi-v1.ts";
import { pwsMarks, type MarkRecord } from "../domain/pws/marks.ts";
import { DEV_ENROLLMENT_CODE_KEY, hashCode } from "../domain/util/codes.ts";
import { sqlLiteral } from "./seed/sql.ts";
// @ts-expect-error plain ESM helper shared with the test runner
import { freePort, run, startWrangler } from "./lib/proc.mjs";

const { values } = parseArgs({ options: { persons: { type: "string", default: "300000" }, keep: { type: "string" }, reuse: { type: "boolean", default: false }, runs: { type: "string", default: "7" } } });
const PERSONS = Number(values.persons);
const RUNS = Number(values.runs);
const KAB = "18.04";
const KECAMATAN = 15;
const DESA = 130;
const DUSUN_PER_DESA = 4;
const HOUSEHOLD_SIZE = 4;
const MONTH = "2026-11";
const YEAR_START = "2026-01";

// --- a small deterministic PRNG (mulberry32) -------------------------------------------------
let seed = 20261102;
function rnd(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const hex = (n: number) => n.toString(16).padStart(12, "0");
const id = (kind: number, n: number) => `0190b000-0000-7000-8${kind.toString(16)}00-${hex(n)}`;
const day = (month: string, d: number) => `${month}-${pad(d)}`;
const months = Array.from({ length: 11 }, (_, i) => `2026-${pad(i + 1)}`);

const dir = values.keep ?? mkdtempSync(path.join(tmpdir(), "simpul-bench-pws-"));
const t0 = Date.now();
run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", dir], { capture: true });
const d1dir = path.join(dir, "v3", "d1", "miniflare-D1DatabaseObject");
const dbFile = path.join(d1dir, readdirSync(d1dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")!);
const kecs: string[] = [];
const desas: { code: string; kec: string; dusun: string[] }[] = [];
if (!values.reuse) await generate();
else {
  for (const line of execFileSync("sqlite3", [dbFile, "SELECT id, parent_code FROM areas WHERE level = 'desa' ORDER BY rowid"], { encoding: "utf8" }).trim().split("\n")) {
    const [code, kec] = line.split("|") as [string, string];
    if (!kecs.includes(kec)) kecs.push(kec);
    desas.push({ code, kec, dusun: [] });
  }
}

async function generate() {

// --- generate ----------------------------------------------------------------------------------
const sqlFile = path.join(dir, "bench-pws.sql");
const out = createWriteStream(sqlFile);
const write = (s: string) => out.write(s);
const now = Date.parse("2026-11-28T08:00:00Z");
const BOOK = (n: number) => `1, ${n}, 0, 0`; // version, seq, deleted, needs_review

class Inserter {
  private rows: string[] = [];
  constructor(private readonly head: string) {}
  add(values: readonly unknown[]) {
    this.rows.push(`(${values.map((v) => (typeof v === "string" && v.startsWith("\u0001") ? v.slice(1) : sqlLiteral(v as never))).join(", ")})`);
    if (this.rows.length >= 500) this.flush();
  }
  flush() {
    if (this.rows.length) write(`${this.head} VALUES\n${this.rows.join(",\n")};\n`);
    this.rows = [];
  }
}
const raw = (s: string) => `\u0001${s}`;

write("PRAGMA journal_mode = WAL;\nPRAGMA cache_size = -1000000;\nBEGIN;\n"); // 1 GB of page cache: the marks index is written in random order
let seq = 1;
const areaIns = new Inserter("INSERT INTO areas (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, parent_code, level, name, desa_term)");
const synced = (area: string, dusun: string | null) => [raw(BOOK(seq++)), area, dusun, null, now, now, "bench"];
areaIns.add([KAB, ...synced(KAB, null), "18", "kabupaten", "Kabupaten Bench", "pekon"]);
for (let k = 1; k <= KECAMATAN; k++) {
  const kec = `${KAB}.${pad(k)}`;
  kecs.push(kec);
  areaIns.add([kec, ...synced(kec, null), KAB, "kecamatan", `Kecamatan ${k}`, "pekon"]);
}
const dusunIns = new Inserter("INSERT INTO dusun (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, desa_code, name)");
let dusunN = 0;
for (let d = 0; d < DESA; d++) {
  const kec = kecs[d % KECAMATAN]!;
  const code = `${kec}.${2001 + Math.floor(d / KECAMATAN)}`;
  areaIns.add([code, ...synced(code, null), kec, "desa", `Pekon ${d + 1}`, "pekon"]);
  const dusun: string[] = [];
  for (let u = 0; u < DUSUN_PER_DESA; u++) {
    const did = id(1, ++dusunN);
    dusun.push(did);
    dusunIns.add([did, ...synced(code, null), code, `Dusun ${u + 1}`]);
  }
  desas.push({ code, kec, dusun });
}
areaIns.flush();
dusunIns.flush();

// Accounts: a puskesmas of the first kecamatan and the dinkes, with demo codes.
const users = [
  { id: id(2, 1), role: "puskesmas", area: kecs[0]!, code: "BNCH-PKMA" },
  { id: id(2, 2), role: "dinkes", area: KAB, code: "BNCH-DNKS" },
];
for (const u of users) {
  write(`INSERT INTO users (id, name, role, area_code, active, created_at) VALUES (${sqlLiteral(u.id)}, 'Bench ${u.role}', '${u.role}', '${u.area}', 1, ${now});\n`);
  write(`INSERT INTO enrollment_codes (code_hash, user_id, expires_at, demo, created_at) VALUES (${sqlLiteral(await hashCode(u.code, DEV_ENROLLMENT_CODE_KEY))}, ${sqlLiteral(u.id)}, ${now + 365 * 86400_000}, 1, ${now});\n`);
}

const hhIns = new Inserter("INSERT INTO households (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, desa_code, dusun_id, rt, address, no_kk, pis_pk)");
const pIns = new Inserter("INSERT INTO persons (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, household_id, name, sex, birth_date, birth_date_precision, nik, relation, phone, jkn, pregnant)");
const rIns = new Inserter("INSERT INTO records (id, version, seq, deleted, needs_review, scope_area, scope_dusun, scope_grp, created_at, updated_at, updated_by, person_id, form_id, form_version, visit_date, facility_id, data, derived)");
const mIns = new Inserter("INSERT INTO pws_marks (person_id, code, month, desa, dusun)");

/** Age in years at 2026-11: a young population (Lampung Barat-like pyramid, roughly). */
function birthDate(): string {
  const r = rnd();
  const years = r < 0.1 ? rnd() * 5 : r < 0.3 ? 5 + rnd() * 10 : r < 0.9 ? 15 + rnd() * 45 : 60 + rnd() * 25;
  const ms = Date.parse("2026-11-15") - years * 365.25 * 86400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
const derivedOf = (form: string, flags: { id: string; severity: string }[] = [], extra: Record<string, unknown> = {}) => ({ v: 1, form: `${form}@1`, flags, ...extra });
const growth = (nt: string, stunting: string, wasting: string, underweight: string) => ({ nt, stunting, wasting, underweight, zscores: {} });

let recN = 0;
let recordsTotal = 0;
let marksTotal = 0;
const counts = { households: 0, persons: 0 };
let personN = 0;
for (let h = 0; personN < PERSONS; h++) {
  const desa = desas[h % DESA]!;
  const dusun = desa.dusun[Math.floor(rnd() * DUSUN_PER_DESA)]!;
  const hid = id(3, h + 1);
  hhIns.add([hid, ...synced(desa.code, dusun), desa.code, dusun, "001", "Jl. Bench", null, null]);
  counts.households++;
  for (let m = 0; m < HOUSEHOLD_SIZE && personN < PERSONS; m++) {
    const pid = id(4, ++personN);
    const sex = rnd() < 0.5 ? "L" : "P";
    const birth = birthDate();
    const ageY = (Date.parse("2026-11-15") - Date.parse(birth)) / (365.25 * 86400_000);
    const pregnant = sex === "P" && ageY >= 18 && ageY < 42 && rnd() < 0.06;
    pIns.add([pid, ...synced(desa.code, dusun), hid, `Warga ${personN}`, sex, birth, "day", null, null, null, null, pregnant]);
    const records: MarkRecord[] = [];
    const rec = (form: string, visitDate: string, data: Record<string, unknown>, derived: Record<string, unknown>) => {
      if (visitDate < birth || visitDate > "2026-11-28") return;
      const r = { id: id(5, ++recN), formId: form, visitDate, data: data as MarkRecord["data"], derived };
      records.push(r);
      rIns.add([r.id, ...synced(desa.code, dusun), pid, form, 1, visitDate, null, data, derived]);
    };
    // Balita: monthly weighing with ~75% participation; a stunted child stays stunted.
    if (ageY < 5) {
      const stunted = rnd() < 0.2;
      for (const mo of months) {
        if (rnd() < 0.25) continue;
        const vit = (mo.endsWith("-02") || mo.endsWith("-08")) && ageY > 0.5;
        rec("balita", day(mo, 10), { bb: 10, ...(vit ? { vitamin_a: true } : {}) },
          derivedOf("balita", [], { growth: growth(rnd() < 0.75 ? "N" : "T", stunted ? "pendek" : "normal", rnd() < 0.06 ? "gizi_kurang" : "normal", rnd() < 0.12 ? "kurang" : "normal") }));
      }
    }
    // Infants and toddlers: the schedule, each antigen at its age with a delay, 85% given.
    if (ageY < 2) {
      for (const a of IMMUNISATION_SCHEDULE) {
        if (rnd() < 0.15) continue;
        const due = new Date(Date.parse(birth) + ((a.dueAgeDays ?? (a.dueAgeMonths ?? 0) * 30.4) + rnd() * 20) * 86400_000).toISOString().slice(0, 10);
        if (due >= `${YEAR_START}-01`) rec("imunisasi", due, { antigen: [a.id] }, derivedOf("imunisasi"));
      }
    }
    // Pregnant: ANC visits along the pregnancy.
    if (pregnant) {
      const hpht = new Date(Date.parse("2026-11-15") - (40 + rnd() * 200) * 86400_000).toISOString().slice(0, 10);
      for (let w = 8; w < 40; w += 5 + Math.floor(rnd() * 4)) {
        const visit = new Date(Date.parse(hpht) + w * 7 * 86400_000).toISOString().slice(0, 10);
        rec("anc", visit, { hpht, lila: 24, hb: 11.5 }, derivedOf("anc", rnd() < 0.15 ? [{ id: pick(["anc.kek", "anc.anemia", "anc.hipertensi"]), severity: "risk" }] : []));
      }
    }
    // Recently delivered: KF visits.
    if (sex === "P" && ageY >= 18 && ageY < 42 && !pregnant && rnd() < 0.02) {
      const birthDay = `2026-${pad(1 + Math.floor(rnd() * 10))}-${pad(1 + Math.floor(rnd() * 27))}`;
      for (const [d, kf] of [[1, 1], [5, 2], [15, 3], [35, 4]] as const) {
        if (rnd() < 0.2) continue;
        rec("nifas", new Date(Date.parse(birthDay) + d * 86400_000).toISOString().slice(0, 10), { tanggal_persalinan: birthDay, tempat_persalinan: rnd() < 0.9 ? "faskes" : "rumah" }, derivedOf("nifas", [], { values: { kunjungan_kf: kf } }));
      }
    }
    // Adults: PTM or lansia screening once a year for about half; findings.
    if (ageY >= 15 && rnd() < 0.5) {
      const form = ageY >= 60 ? "lansia" : "ptm";
      const flags = [...(rnd() < 0.25 ? [{ id: `${form}.hipertensi`, severity: "refer" }] : []), ...(rnd() < 0.08 ? [{ id: `${form}.curiga_dm`, severity: "refer" }] : [])];
      rec(form, day(pick(months), 12), {}, derivedOf(form, flags));
    }
    // TB screening for some; terduga among them.
    if (ageY >= 15 && rnd() < 0.1) rec("tb", day(pick(months), 14), { jenis_kunjungan: "skrining" }, derivedOf("tb", rnd() < 0.1 ? [{ id: "tb.terduga", severity: "refer" }] : []));
    if (rnd() < 0.02) rec("malaria", day(pick(months), 16), { jenis_tes: "rdt", hasil: rnd() < 0.1 ? "positif" : "negatif" }, derivedOf("malaria"));
    // One pendataan keluarga per household, on its first member, for 60% of households.
    if (m === 0 && rnd() < 0.6) rec("kunjungan-rumah", day(pick(months), 18), {}, derivedOf("kunjungan-rumah", [], { values: { kategori_iks: pick(["sehat", "pra_sehat", "pra_sehat", "tidak_sehat"]) } }));
    recordsTotal += records.length;
    for (const mk of pwsMarks({ id: pid, birthDate: birth, pregnant, updatedOn: "2026-11-28" }, records, [])) {
      mIns.add([pid, mk.code, mk.month, desa.code, dusun]);
      marksTotal++;
    }
  }
}
counts.persons = personN;
for (const ins of [hhIns, pIns, rIns, mIns]) ins.flush();
write("COMMIT;\nANALYZE;\n");
await new Promise<void>((resolve) => out.end(resolve));
const tGen = Date.now();
execFileSync("sqlite3", [dbFile], { input: `.read ${sqlFile}\n`, maxBuffer: 1 << 26 });
const tLoad = Date.now();
rmSync(sqlFile);
console.log(`generated in ${((tGen - t0) / 1000).toFixed(1)} s, loaded (sqlite3, one transaction, triggers on) in ${((tLoad - tGen) / 1000).toFixed(1)} s`);
}
const sqlite = (q: string) => execFileSync("sqlite3", [dbFile, q], { encoding: "utf8" }).trim();
const n = (table: string) => sqlite(`SELECT count(*) FROM ${table}`);
console.log(`synthetic kabupaten: ${kecs.length} kecamatan, ${desas.length} desa, ${n("dusun")} dusun, ${n("households")} households, ${n("persons")} persons, ${n("records")} records (${YEAR_START}–${MONTH}), ${n("pws_marks")} marks, ${n("pws_counts")} pws_counts rows`);

// --- query plans ---------------------------------------------------------------------------------
const kec = kecs[0]!;
const desa = desas[0]!;
const plans: [string, string][] = [
  ["month table: marks' sums (pws_counts)", `SELECT desa AS unit, code, sum(CASE WHEN month = '${MONTH}' THEN n ELSE 0 END) AS m, sum(n) AS y FROM pws_counts WHERE yr = 2026 AND desa >= '${kec}.' AND desa < '${kec}/' AND month <= '${MONTH}' GROUP BY desa, dusun, code`],
  ["month table: sasaran from persons, the children's pass", `SELECT scope_area AS desa, scope_dusun AS dusun, sum(birth_date > '2021-11-30' AND birth_date <= '2026-11-30') AS s0, sum(birth_date > '2021-10-31' AND birth_date <= '2026-10-31') AS s1 FROM persons WHERE scope_area >= '${kec}.' AND scope_area < '${kec}/' AND deleted = 0 AND birth_date > '2021-01-31' GROUP BY scope_area, scope_dusun`],
  ["month table: sasaran from persons, the adults' pass", `SELECT scope_area AS desa, scope_dusun AS dusun, sum(birth_date > '1966-11-30' AND birth_date <= '2011-11-30') AS s0, sum(birth_date <= '1966-11-30') AS s1 FROM persons WHERE scope_area >= '${kec}.' AND scope_area < '${kec}/' AND deleted = 0 GROUP BY scope_area, scope_dusun`],
  ["month table: households", `SELECT scope_area AS desa, scope_dusun AS dusun, count(*) AS n FROM households WHERE scope_area >= '${kec}.' AND scope_area < '${kec}/' AND deleted = 0 GROUP BY scope_area, scope_dusun`],
  ["trend: one indicator's codes per month", `SELECT desa AS unit, code, month, sum(n) AS n FROM pws_counts WHERE yr BETWEEN 2025 AND 2026 AND desa >= '${kec}.' AND desa < '${kec}/' AND month <= '${MONTH}' AND code IN (SELECT value FROM json_each('["b.d"]'))`],
  ["drill-down: marks of a desa", `SELECT person_id AS p, code, month FROM pws_marks WHERE code IN (SELECT value FROM json_each('["b.d"]')) AND desa = '${desa.code}' AND ('' = '' OR dusun = '') AND month <= '${MONTH}'`],
  ["drill-down: the sasaran of a desa", `SELECT p.id, p.name, p.household_id, p.scope_dusun, d.name, p.birth_date FROM persons p LEFT JOIN dusun d ON d.id = p.scope_dusun WHERE p.scope_area = '${desa.code}' AND p.deleted = 0 AND ('' = '' OR p.scope_dusun = '') AND p.birth_date > '2021-11-30' AND p.birth_date <= '2026-11-30' ORDER BY p.scope_dusun, p.name LIMIT 2000`],
  ["drill-down: last visit of the listed", `SELECT person_id, max(visit_date) FROM records WHERE person_id IN (SELECT value FROM json_each('["${id(4, 1)}"]')) AND form_id = 'balita' AND deleted = 0 GROUP BY person_id`],
  ["push: a person's marks replaced", `DELETE FROM pws_marks WHERE person_id IN (SELECT value FROM json_each('["${id(4, 1)}"]'))`],
  ["push: marks moved with a household", `UPDATE pws_marks SET desa = '${desa.code}', dusun = '' WHERE person_id IN (SELECT id FROM persons WHERE household_id = '${id(3, 1)}')`],
  ["push: the marks' guard", `SELECT coalesce((SELECT sum(version + 1) FROM records WHERE person_id IN (SELECT value FROM json_each('["${id(4, 1)}"]'))), 0) + coalesce((SELECT sum(version + 1) FROM referrals WHERE person_id IN (SELECT value FROM json_each('["${id(4, 1)}"]'))), 0) + coalesce((SELECT sum(version + 1) FROM persons WHERE id IN (SELECT value FROM json_each('["${id(4, 1)}"]'))), 0)`],
];
console.log(`\nEXPLAIN QUERY PLAN (sqlite3 ${sqlite("SELECT sqlite_version()")} on the same database file)`);
for (const [what, q] of plans) console.log(`\n-- ${what}\n${sqlite(`EXPLAIN QUERY PLAN ${q}`)}`);

// --- time the API ---------------------------------------------------------------------------------
const port = await freePort();
// The other databases (Belitung's, the central one with the enrollment directory) exist empty.
run("npx", ["tsx", "scripts/shards.ts", "migrate", "--persist-to", dir, "--quiet"], { capture: true });
const server = await startWrangler({ port, persistTo: dir });
try {
  const enroll = async (code: string) => {
    const r = await fetch(`${server.url}/api/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
    if (!r.ok) throw new Error(`enroll ${code}: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { token: string }).token;
  };
  const pkm = await enroll("BNCH-PKMA");
  const dinkes = await enroll("BNCH-DNKS");
  const time = async (label: string, token: string, p: string) => {
    const ms: number[] = [];
    let body = "";
    for (let i = 0; i < RUNS + 1; i++) {
      const s = performance.now();
      const r = await fetch(server.url + p, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "identity" } });
      body = await r.text();
      if (!r.ok) throw new Error(`${p}: ${r.status} ${body.slice(0, 300)}`);
      if (i > 0) ms.push(performance.now() - s); // the first call warms the isolate
    }
    ms.sort((a, b) => a - b);
    const raw = Buffer.byteLength(body);
    console.log(`${label}: median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms (min ${ms[0]!.toFixed(0)}, max ${ms[ms.length - 1]!.toFixed(0)}, ${RUNS} runs); ${(raw / 1024).toFixed(1)} KB JSON, gzip ${(gzipSync(body).length / 1024).toFixed(1)} KB, brotli ${(brotliCompressSync(body).length / 1024).toFixed(1)} KB`);
  };
  console.log("");
  await time(`PWS month table, one kecamatan (${desas.filter((d) => d.kec === kec).length} desa)`, pkm, `/api/pws?month=${MONTH}`);
  await time(`PWS month table, the kabupaten (${DESA} desa)`, dinkes, `/api/pws?month=${MONTH}`);
  await time("PWS month table, one desa (dusun rows)", pkm, `/api/pws?month=${MONTH}&area=${desa.code}`);
  await time("PWS trend, D/S, kabupaten", dinkes, `/api/pws/trend?indicator=balita.ds&to=${MONTH}`);
  await time("PWS drill-down, D/S, one desa", pkm, `/api/pws/missed?indicator=balita.ds&unit=${desa.code}&month=${MONTH}`);
} finally {
  await server.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
