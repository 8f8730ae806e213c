#!/usr/bin/env node
// Size budget of the built PWA (run after `npm run build`). A bidan on 2G pays for every byte of
// the first load, so CI fails when it grows past the budget.
//   first load: the JS and CSS index.html pulls in (entry script, its static imports, CSS)
//   forms:      every chunk that holds form definitions (domain/forms), loaded lazily
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

const FIRST_LOAD_BUDGET_KB = 100;
const FORMS_BUDGET_KB = 30;

const dist = path.resolve(import.meta.dirname, "..", "dist");
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

// Form definitions: chunks whose source is under domain/forms (and anything only they import).
const forms = new Set();
for (const [key, chunk] of Object.entries(manifest)) {
  if (key.replace(/\\/g, "/").includes("domain/forms/")) forms.add(chunk.file);
}

const rows = [];
let firstTotal = 0;
for (const f of first) {
  const size = gz(f);
  firstTotal += size;
  rows.push(["first load", f, size]);
}
let formsTotal = 0;
for (const f of forms) {
  const size = gz(f);
  formsTotal += size;
  rows.push(["forms", f, size]);
}
for (const [kind, file, size] of rows) console.log(`${kind.padEnd(11)} ${kb(size).padStart(7)} KB gzip  ${file}`);
console.log(`first load total: ${kb(firstTotal)} KB gzip (budget ${FIRST_LOAD_BUDGET_KB} KB)`);
console.log(`forms total:      ${kb(formsTotal)} KB gzip (budget ${FORMS_BUDGET_KB} KB)`);

let failed = false;
if (first.size === 0) {
  console.error("budget: no entry chunk found in the manifest");
  failed = true;
}
if (forms.size === 0) {
  console.error("budget: no form definition chunk found (is domain/forms still lazy-loaded?)");
  failed = true;
}
if (firstTotal > FIRST_LOAD_BUDGET_KB * 1024) {
  console.error(`budget: first load is over budget by ${kb(firstTotal - FIRST_LOAD_BUDGET_KB * 1024)} KB`);
  failed = true;
}
if (formsTotal > FORMS_BUDGET_KB * 1024) {
  console.error(`budget: forms are over budget by ${kb(formsTotal - FORMS_BUDGET_KB * 1024)} KB`);
  failed = true;
}
process.exit(failed ? 1 : 0);
