/**
 * Extracts one kabupaten (or several) from the idn-area-data CSVs into a compact file that is
 * committed with the repo: the full package holds ~84,000 desa, while a deployment only ever
 * needs the kabupaten it serves, and the seed must not depend on node_modules layout.
 *
 *   npx tsx scripts/import-areas.ts            # 18.04, Kabupaten Lampung Barat
 *   npx tsx scripts/import-areas.ts 18.04 18.13
 *
 * Writes scripts/data/areas-<kabupaten>.json.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface AreaFile {
  source: string;
  provinsi: { code: string; name: string };
  kabupaten: { code: string; name: string };
  /** What this kabupaten calls a desa; the UI shows it instead of "desa". */
  desaTerm: string;
  kecamatan: { code: string; name: string; desa: [code: string, name: string][] }[];
}

const DEFAULT_KABUPATEN = "18.04"; // Kabupaten Lampung Barat, the pilot
const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "data");

/**
 * Local words for "desa", set by each kabupaten's own regulations, so this table only lists
 * the ones we have a source for. Exact kabupaten codes win over a provinsi default.
 * Kota (kabupaten part ≥ 71) have kelurahan, not desa, so provinsi defaults skip them.
 */
const DESA_TERM_BY_KABUPATEN: Record<string, string> = {
  "18.04": "pekon", // Lampung Barat: the pekon, led by a peratin (docs ilp-domain.md §2)
};
const DESA_TERM_BY_PROVINSI: Record<string, string> = {
  // Papua, and the provinces split from it in 2022 (93–96), call a desa "kampung" (ilp-domain.md §2).
  "91": "kampung",
  "92": "kampung",
  "93": "kampung",
  "94": "kampung",
  "95": "kampung",
  "96": "kampung",
  "13": "nagari", // Sumatera Barat's kabupaten govern through the nagari (Perda Sumbar 7/2018 on Nagari)
};
const DEFAULT_DESA_TERM = "desa";
const FIRST_KOTA_NUMBER = 71; // Kemendagri numbers kota from 71 within each provinsi

export function desaTermFor(kabupatenCode: string): string {
  const exact = DESA_TERM_BY_KABUPATEN[kabupatenCode];
  if (exact) return exact;
  const [prov, kab] = kabupatenCode.split(".");
  if (Number(kab) >= FIRST_KOTA_NUMBER) return DEFAULT_DESA_TERM;
  return DESA_TERM_BY_PROVINSI[prov ?? ""] ?? DEFAULT_DESA_TERM;
}

/** RFC 4180: a few village names contain commas ("Lubuk Pakam I,II") or doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

/** Rows as objects keyed by the header, so a column reorder in a new release does not bite. */
function readCsv(dir: string, name: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(join(dir, `${name}.csv`), "utf8"));
  if (!header) throw new Error(`${name}.csv is empty`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

function packageInfo(): { dataDir: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve("idn-area-data/package.json");
  const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
  return { dataDir: join(dirname(pkgJson), "data"), version };
}

export function extractKabupaten(kabupatenCode: string): AreaFile {
  const { dataDir, version } = packageInfo();
  const byCode = (rows: Record<string, string>[], code: string) => rows.find((r) => r.code === code);
  const provCode = kabupatenCode.split(".")[0]!;
  const prov = byCode(readCsv(dataDir, "provinces"), provCode);
  const kab = byCode(readCsv(dataDir, "regencies"), kabupatenCode);
  if (!prov || !kab) throw new Error(`kabupaten ${kabupatenCode} is not in idn-area-data ${version}`);

  const districts = readCsv(dataDir, "districts").filter((d) => d.regency_code === kabupatenCode);
  const villages = readCsv(dataDir, "villages").filter((v) => v.code!.startsWith(kabupatenCode + "."));
  const byCodeOrder = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

  return {
    source: `idn-area-data ${version} (Kemendagri codes)`,
    provinsi: { code: prov.code!, name: prov.name! },
    kabupaten: { code: kab.code!, name: kab.name! },
    desaTerm: desaTermFor(kabupatenCode),
    kecamatan: districts
      .map((d) => ({ code: d.code!, name: d.name! }))
      .sort(byCodeOrder)
      .map((d) => ({
        ...d,
        desa: villages
          .filter((v) => v.district_code === d.code)
          .map((v) => ({ code: v.code!, name: v.name! }))
          .sort(byCodeOrder)
          .map((v): [string, string] => [v.code, v.name]),
      })),
  };
}

/** One line per desa keeps the committed file small and its diffs readable. */
export function formatAreaFile(f: AreaFile): string {
  const kec = f.kecamatan.map((k) => {
    const desa = k.desa.map((d) => `        ${JSON.stringify(d)}`).join(",\n");
    return `    {\n      "code": ${JSON.stringify(k.code)},\n      "name": ${JSON.stringify(k.name)},\n      "desa": [\n${desa}\n      ]\n    }`;
  });
  return (
    `{\n  "source": ${JSON.stringify(f.source)},\n  "provinsi": ${JSON.stringify(f.provinsi)},\n` +
    `  "kabupaten": ${JSON.stringify(f.kabupaten)},\n  "desaTerm": ${JSON.stringify(f.desaTerm)},\n` +
    `  "kecamatan": [\n${kec.join(",\n")}\n  ]\n}\n`
  );
}

export function areaFilePath(kabupatenCode: string): string {
  return join(DATA_DIR, `areas-${kabupatenCode}.json`);
}

function main(): void {
  const codes = process.argv.slice(2);
  if (codes.length === 0) codes.push(DEFAULT_KABUPATEN);
  mkdirSync(DATA_DIR, { recursive: true });
  for (const code of codes) {
    if (!/^\d{2}\.\d{2}$/.test(code)) throw new Error(`not a kabupaten code: ${code} (expected e.g. 18.04)`);
    const file = extractKabupaten(code);
    const path = areaFilePath(code);
    writeFileSync(path, formatAreaFile(file));
    const nDesa = file.kecamatan.reduce((n, k) => n + k.desa.length, 0);
    console.log(`${path}: ${file.kabupaten.name}, ${file.kecamatan.length} kecamatan, ${nDesa} ${file.desaTerm}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
