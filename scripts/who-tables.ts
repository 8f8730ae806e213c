/**
 * Converts the WHO Child Growth Standards LMS tables (the tab-separated files of the WHO anthro
 * package, kept in /work/shared/data/who-growth-standards) into the compact modules committed
 * under domain/growth/tables/, one module per table so the app can import each lazily.
 *
 *   npx tsx scripts/who-tables.ts [source-dir]
 *
 * Every published row is kept (daily for age, 0.1 cm for length/height): the encoding is exact,
 * so z-scores match WHO anthro to the digit. The script checks the round trip cell by cell and
 * fails when the gzip total passes the budget.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { packColumn, unpackTable, type PackedTable, type TableId } from "../domain/growth/codec.ts";

/** All tables together, gzipped one module at a time as the browser fetches them. */
const BUDGET_GZIP_KB = 40;
const SOURCE_DIR = path.resolve(process.argv[2] ?? path.resolve(import.meta.dirname, "../../shared/data/who-growth-standards"));
const OUT_DIR = path.resolve(import.meta.dirname, "../domain/growth/tables");
const SOURCE =
  "WHO Child Growth Standards (2006), LMS tables as published in the WHO anthro package " +
  "(github.com/WorldHealthOrganization/anthro, data-raw/growthstandards/)";

interface Spec {
  id: TableId;
  file: string;
  title: string;
  unit: "day" | "cm";
  /** The loh/lorh column every row must carry, or "split" for L below 731 days and H from 731. */
  loh?: "L" | "H" | "split";
}

const SPECS: Spec[] = [
  { id: "wei", file: "weianthro.txt", title: "Weight-for-age (BB/U), kg by age in days", unit: "day" },
  { id: "len", file: "lenanthro.txt", title: "Length/height-for-age (PB/U, TB/U), cm by age in days; length below 731 days, height from 731", unit: "day", loh: "split" },
  { id: "wfl", file: "wflanthro.txt", title: "Weight-for-length (BB/PB), kg by recumbent length 45–110 cm", unit: "cm", loh: "L" },
  { id: "wfh", file: "wfhanthro.txt", title: "Weight-for-height (BB/TB), kg by standing height 65–120 cm", unit: "cm", loh: "H" },
  { id: "bmi", file: "bmianthro.txt", title: "BMI-for-age (IMT/U), kg/m² by age in days; length-based below 731 days, height-based from 731", unit: "day", loh: "split" },
  { id: "hc", file: "hcanthro.txt", title: "Head circumference-for-age (LK/U), cm by age in days", unit: "day" },
  { id: "ac", file: "acanthro.txt", title: "Arm circumference-for-age (LiLA/U), cm by age in days (from 91 days)", unit: "day" },
];

/** The WHO age switch between lying length and standing height. */
const HEIGHT_FROM_DAY = 731;

interface Row {
  sex: 1 | 2;
  index: string;
  cells: [string, string, string];
  loh?: string;
}

function readRows(spec: Spec): Row[] {
  const text = readFileSync(path.join(SOURCE_DIR, spec.file), "utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0]!.split("\t");
  if (header[0] !== "sex" || header[2] !== "l" || header[3] !== "m" || header[4] !== "s") {
    throw new Error(`${spec.file}: unexpected header ${header.join(",")}`);
  }
  return lines.slice(1).map((line, i) => {
    const f = line.split("\t");
    const sex = Number(f[0]);
    if (sex !== 1 && sex !== 2) throw new Error(`${spec.file}:${i + 2}: bad sex ${f[0]}`);
    for (const c of f.slice(1, 5)) if (!/^-?\d+(\.\d+)?$/.test(c)) throw new Error(`${spec.file}:${i + 2}: not a number: ${c}`);
    return { sex, index: f[1]!, cells: [f[2]!, f[3]!, f[4]!], loh: f[5] };
  });
}

const decimalsOf = (s: string) => (s.includes(".") ? s.split(".")[1]!.length : 0);
/** The cell as an exact integer at the given decimals (string arithmetic, no float rounding). */
function toFixedInt(s: string, decimals: number): number {
  const neg = s.startsWith("-");
  const [whole, frac = ""] = (neg ? s.slice(1) : s).split(".");
  const n = Number(whole! + frac.padEnd(decimals, "0"));
  return neg ? -n : n;
}

function smallestPacking(ints: number[]): string {
  let best = "";
  let bestSize = Infinity;
  for (const order of [0, 1, 2, 3]) {
    const packed = packColumn(ints, order);
    const size = gzipSync(packed, { level: 9 }).length;
    if (size < bestSize) [best, bestSize] = [packed, size];
  }
  return best;
}

function build(spec: Spec): { packed: PackedTable; rows: Row[] } {
  const rows = readRows(spec);
  const bySex = [rows.filter((r) => r.sex === 1), rows.filter((r) => r.sex === 2)] as const;
  const boys = bySex[0].map((r) => r.index);
  const girls = bySex[1].map((r) => r.index);
  if (boys.join() !== girls.join()) throw new Error(`${spec.file}: boys and girls have different index rows`);
  const start = Number(boys[0]);
  const step = spec.unit === "day" ? 1 : 0.1;
  boys.forEach((x, i) => {
    // Compare in tenths as integers so 0.1 steps are checked without float noise.
    const tenths = Math.round(Number(x) * 10);
    if (tenths !== Math.round(start * 10) + Math.round(step * 10) * i) throw new Error(`${spec.file}: index not contiguous at ${x}`);
  });
  for (const r of rows) {
    const expected = spec.loh === "split" ? (Number(r.index) < HEIGHT_FROM_DAY ? "L" : "H") : spec.loh;
    if (expected !== undefined && r.loh !== expected) throw new Error(`${spec.file}: ${r.index} has loh ${r.loh}, expected ${expected}`);
  }
  const decimals = [0, 1, 2].map((c) => Math.max(...rows.map((r) => decimalsOf(r.cells[c]!)))) as [number, number, number];
  const columns = bySex.map((sexRows) =>
    [0, 1, 2].map((c) => smallestPacking(sexRows.map((r) => toFixedInt(r.cells[c]!, decimals[c]!)))),
  ) as unknown as PackedTable["columns"];
  return { packed: { id: spec.id, unit: spec.unit, start, step, count: boys.length, decimals, columns }, rows };
}

/** Every decoded cell must equal the published decimal exactly. */
function verify(spec: Spec, packed: PackedTable, rows: Row[]): void {
  const t = unpackTable(packed);
  for (const r of rows) {
    const sex = r.sex - 1;
    const i = Math.round((Number(r.index) - t.start) / t.step);
    const got = [t.l[sex as 0 | 1][i], t.m[sex as 0 | 1][i], t.s[sex as 0 | 1][i]];
    r.cells.forEach((c, k) => {
      if (got[k] !== Number(c)) throw new Error(`${spec.file}: sex ${r.sex} ${r.index} column ${k}: ${got[k]} ≠ ${c}`);
    });
  }
}

function moduleText(spec: Spec, p: PackedTable): string {
  const last = spec.unit === "day" ? p.start + p.count - 1 : (Math.round(p.start * 10) + p.count - 1) / 10;
  const q = (s: string) => JSON.stringify(s);
  return `// Generated by scripts/who-tables.ts from ${spec.file}: do not edit by hand.
// Source: ${SOURCE}.
// ${spec.title}. Rows ${p.start}–${last} ${spec.unit === "day" ? "days" : "cm"} (step ${p.step}), boys then girls.
// Encoding (exact, see ../codec.ts): L, M, S × 10^decimals, differenced, base64 VLQ.
import type { PackedTable } from "../codec.ts";

export const table: PackedTable = {
  id: ${q(p.id)},
  unit: ${q(p.unit)},
  start: ${p.start},
  step: ${p.step},
  count: ${p.count},
  decimals: [${p.decimals.join(", ")}],
  columns: [
${p.columns.map((sex) => `    [\n${sex.map((c) => `      ${q(c)},`).join("\n")}\n    ],`).join("\n")}
  ],
};
`;
}

mkdirSync(OUT_DIR, { recursive: true });
let total = 0;
let rawTotal = 0;
console.log(`WHO tables from ${SOURCE_DIR}`);
for (const spec of SPECS) {
  const { packed, rows } = build(spec);
  verify(spec, packed, rows);
  const text = moduleText(spec, packed);
  writeFileSync(path.join(OUT_DIR, `${spec.id}.ts`), text);
  const gz = gzipSync(text, { level: 9 }).length;
  const rawGz = gzipSync(readFileSync(path.join(SOURCE_DIR, spec.file)), { level: 9 }).length;
  total += gz;
  rawTotal += rawGz;
  console.log(
    `  ${`${spec.id}.ts`.padEnd(7)} ${String(packed.count).padStart(4)} rows × 2 sexes  ${(text.length / 1024).toFixed(1).padStart(5)} KB  gzip ${(gz / 1024).toFixed(1).padStart(4)} KB  (source .txt gzip ${(rawGz / 1024).toFixed(1)} KB)`,
  );
}
console.log(`  total gzip ${(total / 1024).toFixed(1)} KB (budget ${BUDGET_GZIP_KB} KB; source .txt files gzip ${(rawTotal / 1024).toFixed(1)} KB)`);
if (total > BUDGET_GZIP_KB * 1024) {
  console.error(`who-tables: over budget by ${((total - BUDGET_GZIP_KB * 1024) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
