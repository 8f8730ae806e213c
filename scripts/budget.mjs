#!/usr/bin/env node
// Size budget of the built PWA (run after `npm run build`). A bidan on 2G pays for every byte of
// the first load, so CI fails when it grows past the budget.
//   first load, in Chromium (issue 14): scripts/first-load.ts opens the build served by a real
//               `wrangler dev` in Chromium and sums what Chromium transfers (encodedDataLength)
//               until load + 2 s of network idle, cold cache, 360×640: the enrollment screen, and
//               Home after enrollment (lock, PIN, Home drawn). Each must stay within 60 KB.
//   first load, static: the JS and CSS index.html pulls in (entry script, its static imports, CSS),
//               gzip -9, printed for reference (the browser figure is the budget)
//   forms:      issue 15: each definition file is its own lazy chunk (assets/form-*.js), which the
//               service worker does not precache; a phone's warm-up downloads those of the forms
//               its role enters (domain/forms/catalog.ts, roles.ts). Budgets: the largest single
//               form chunk (gzip -9, with the lazy form chunks it imports) ≤ FORM_CHUNK_BUDGET_KB,
//               and each role's warm-up (kader, pustu, camat, … the sum of its chunks) ≤
//               ROLE_WARMUP_BUDGET_KB. Definitions the rules import (core, form-chunks.json) ship
//               in precached chunks for every phone and are listed. Every definition together,
//               without the engine (esbuild here), is printed for reference: it was the budget
//               before issue 15 (30 KB), when one chunk carried them all.
//   growth:     the WHO table chunks and their loader (domain/growth/load.ts, tables/*), fetched only
//               when a growth form or chart opens
// It also fails when zod's code is in the first load: the PWA imports domain/'s zod-free modules
// (enums, formats, limits, types) there, and zod (tens of KB) only comes with lazy chunks if at all.
import { readFileSync, existsSync, readdirSync, mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import path from "node:path";

/** Issue 14: what Chromium transfers for the enrollment screen, and for Home after enrollment. */
const BROWSER_FIRST_LOAD_BUDGET_KB = 60;
/** Issue 15: the largest form a phone opens (its chunk and the lazy form chunks it imports). */
const FORM_CHUNK_BUDGET_KB = 10;
/** Issue 15: what a role's warm-up downloads (a pustu enters every form). */
const ROLE_WARMUP_BUDGET_KB = 64;
const GROWTH_BUDGET_KB = 40;

// SIMPUL_ASSETS: another build than dist/ (scripts/first-load.ts serves the same one).
const dist = process.env.SIMPUL_ASSETS ? path.resolve(process.env.SIMPUL_ASSETS) : path.resolve(import.meta.dirname, "..", "dist");
const manifestPath = path.join(dist, ".vite", "manifest.json");
if (!existsSync(manifestPath)) {
  console.error("budget: dist/.vite/manifest.json is missing; run `npm run build` first");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

// The first load: every entry chunk with its static imports (transitively) and their CSS.
const first = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || first.has(chunk.file)) return;
  first.add(chunk.file);
  for (const css of chunk.css ?? []) first.add(css);
  for (const imp of chunk.imports ?? []) visit(imp);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

// zod's code, minified: every schema instance keeps its state under `_zod`, and the core classes
// are named `$ZodType`, `$ZodObject`, … (property names and these strings survive minification).
const ZOD_MARK = /\b_zod\b|\$Zod[A-Z]/;
const withZod = [...first].filter((f) => f.endsWith(".js") && ZOD_MARK.test(readFileSync(path.join(dist, f), "utf8")));

// Form chunks (issue 15): form-chunks.json (web/vite.config.ts) lists, per definition file, the
// lazy chunks a phone needs to open it; the catalogue says which role enters which file.
const formChunksPath = path.join(dist, "form-chunks.json");
const formChunks = existsSync(formChunksPath) ? JSON.parse(readFileSync(formChunksPath, "utf8")) : null;
const catalogBuild = await build({
  entryPoints: [path.resolve(import.meta.dirname, "..", "domain", "forms", "catalog.ts")],
  bundle: true, format: "esm", platform: "node", write: false, logLevel: "silent",
});
const { FORM_CATALOG } = await import("data:text/javascript;base64," + Buffer.from(catalogBuild.outputFiles[0].contents).toString("base64"));
const swText = existsSync(path.join(dist, "sw.js")) ? readFileSync(path.join(dist, "sw.js"), "utf8") : "";

// The WHO growth data: the table chunks and their loader.
const growth = new Set();
for (const [key, chunk] of Object.entries(manifest)) {
  if (key.replace(/\\/g, "/").includes("domain/growth/")) growth.add(chunk.file);
}

// Every form definition together, without the engine: bundled and minified as the app's build would.
const formsDir = path.resolve(import.meta.dirname, "..", "domain", "forms");
const definitionFiles = readdirSync(formsDir).filter((f) => /-v\d+\.ts$/.test(f));
const engineExternal = { name: "engine-external", setup(b) { b.onResolve({ filter: /\/engine(\.ts)?$/ }, (a) => ({ path: a.path, external: true })); } };
const defsBuild = await build({
  stdin: { contents: definitionFiles.map((f, i) => `export * as f${i} from "./${f}";`).join("\n"), resolveDir: formsDir, loader: "ts" },
  bundle: true, minify: true, format: "esm", target: "es2020", write: false, plugins: [engineExternal], logLevel: "silent",
});
const definitionsGz = gzipSync(defsBuild.outputFiles[0].contents, { level: 9 }).length;

const rows = [];
let firstTotal = 0;
for (const f of first) {
  const size = gz(f);
  firstTotal += size;
  rows.push(["first load", f, size]);
}
const formRows = [];
let largestForm = { module: "", bytes: 0 };
for (const [module, files] of Object.entries(formChunks?.lazy ?? {})) {
  const bytes = files.reduce((s, f) => s + gz(f), 0);
  formRows.push([module, bytes, files.length]);
  if (bytes > largestForm.bytes) largestForm = { module, bytes };
}
const roleWarmup = {};
for (const role of ["puskesmas", "pustu", "kader", "camat", "mitra", "dinkes"]) {
  const files = new Set(FORM_CATALOG.filter((m) => m.roles.includes(role)).flatMap((m) => formChunks?.lazy[m.module] ?? []));
  roleWarmup[role] = { bytes: [...files].reduce((s, f) => s + gz(f), 0), chunks: files.size, forms: new Set(FORM_CATALOG.filter((m) => m.roles.includes(role)).map((m) => m.id)).size };
}
const precachedLazy = Object.values(formChunks?.lazy ?? {}).flat().filter((f) => swText.includes(`"${f}"`));
let growthTotal = 0;
for (const f of growth) {
  const size = gz(f);
  growthTotal += size;
  rows.push(["growth", f, size]);
}
for (const [kind, file, size] of rows) console.log(`${kind.padEnd(11)} ${kb(size).padStart(7)} KB gzip  ${file}`);
console.log(`first load total: ${kb(firstTotal)} KB gzip (static count; the budget is the browser's below)`);
for (const [module, bytes, n] of formRows.sort((a, b) => b[1] - a[1])) console.log(`form chunk  ${kb(bytes).padStart(7)} KB gzip  ${module}${n > 1 ? ` (${n} chunks)` : ""}`);
console.log(`largest form:     ${kb(largestForm.bytes)} KB gzip, ${largestForm.module} (budget ${FORM_CHUNK_BUDGET_KB} KB)`);
for (const [role, w] of Object.entries(roleWarmup)) console.log(`warm-up ${role.padEnd(9)} ${kb(w.bytes).padStart(6)} KB gzip, ${w.chunks} form chunks for ${w.forms} forms (budget ${ROLE_WARMUP_BUDGET_KB} KB)`);
console.log(`core definitions: ${(formChunks?.core ?? []).join(", ") || "none"} (imported by the rules or a screen: in precached chunks, every phone)`);
console.log(`form definitions: ${kb(definitionsGz)} KB gzip, ${definitionFiles.length} definitions without the engine, all together (reference: no phone but a pustu/puskesmas one fetches them all)`);
console.log(`growth (WHO):     ${kb(growthTotal)} KB gzip, ${growth.size} chunks (budget ${GROWTH_BUDGET_KB} KB)`);

console.log(`zod in first load: ${withZod.length ? withZod.join(", ") : "no"}`);

let failed = false;
if (withZod.length) {
  console.error(`budget: zod is in the first load (${withZod.join(", ")}); import the zod-free modules of domain/ there`);
  failed = true;
}
if (first.size === 0) {
  console.error("budget: no entry chunk found in the manifest");
  failed = true;
}
if (!formChunks || formRows.length === 0) {
  console.error("budget: no lazy form chunk found (form-chunks.json missing or empty: are the definitions still one chunk each?)");
  failed = true;
}
if (precachedLazy.length) {
  console.error(`budget: the service worker precaches form chunks meant for the role warm-up: ${precachedLazy.join(", ")}`);
  failed = true;
}
if (largestForm.bytes > FORM_CHUNK_BUDGET_KB * 1024) {
  console.error(`budget: the ${largestForm.module} form chunk is over budget by ${kb(largestForm.bytes - FORM_CHUNK_BUDGET_KB * 1024)} KB`);
  failed = true;
}
for (const [role, w] of Object.entries(roleWarmup)) {
  if (w.bytes > ROLE_WARMUP_BUDGET_KB * 1024) {
    console.error(`budget: the ${role} warm-up is over budget by ${kb(w.bytes - ROLE_WARMUP_BUDGET_KB * 1024)} KB`);
    failed = true;
  }
}
for (const role of ["camat", "mitra"]) {
  if (roleWarmup[role].chunks > 0) {
    console.error(`budget: a ${role} phone would download form chunks`);
    failed = true;
  }
}
// The first load as Chromium transfers it (scripts/first-load.ts starts its own wrangler dev).
const tmp = mkdtempSync(path.join(tmpdir(), "simpul-budget-"));
const out = path.join(tmp, "first-load.json");
const browser = spawnSync("npx", ["tsx", "scripts/first-load.ts", "--json", out], { cwd: path.resolve(import.meta.dirname, ".."), stdio: "inherit" });
if (browser.status !== 0 || !existsSync(out)) {
  console.error("budget: the browser measurement of the first load failed");
  failed = true;
} else {
  const m = JSON.parse(readFileSync(out, "utf8"));
  for (const [name, what] of [["enrollment screen", m.enroll], ["Home after enrollment", m.home]]) {
    console.log(`first load in Chromium, ${name}: ${kb(what.bytes)} KB transferred (budget ${BROWSER_FIRST_LOAD_BUDGET_KB} KB)`);
    if (what.capped) {
      console.error(`budget: the ${name} never went network-idle`);
      failed = true;
    }
    if (what.bytes > BROWSER_FIRST_LOAD_BUDGET_KB * 1024) {
      console.error(`budget: the ${name}'s first load is over budget by ${kb(what.bytes - BROWSER_FIRST_LOAD_BUDGET_KB * 1024)} KB`);
      failed = true;
    }
  }
}
rmSync(tmp, { recursive: true, force: true });
if (growth.size === 0) {
  console.error("budget: no WHO growth chunk found (are the tables still lazy-loaded?)");
  failed = true;
}
if (growthTotal > GROWTH_BUDGET_KB * 1024) {
  console.error(`budget: WHO growth data is over budget by ${kb(growthTotal - GROWTH_BUDGET_KB * 1024)} KB`);
  failed = true;
}
process.exit(failed ? 1 : 0);
