/**
 * Publish the form definitions that ship with this build into D1's `forms` table, so reports in
 * SQL can join records to their form version. Idempotent: a published version never changes
 * (records point at it), so existing rows are left alone. Runs on every `npm start`.
 *
 *   npx tsx scripts/publish-forms.ts [--persist-to DIR]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FORMS } from "../domain/forms/index.ts";
import { sqlLiteral } from "./seed/sql.ts";

const args = process.argv.slice(2);
const persistAt = args.indexOf("--persist-to");
const persist = persistAt >= 0 ? ["--persist-to", args[persistAt + 1]!] : [];

const now = Date.now();
const rows = Object.values(FORMS).map(
  (f) => `(${[f.id, f.version, String(f.cluster), f.title.id, f, now].map((v) => sqlLiteral(v as never)).join(", ")})`,
);
// One statement per form: D1 refuses statements over 100 KB, and a form definition can be large.
const sql = rows.map((r) => `INSERT OR IGNORE INTO forms (form_id, form_version, cluster, title, definition, published_at) VALUES ${r};\n`).join("");
const file = path.join(mkdtempSync(path.join(tmpdir(), "simpul-forms-")), "forms.sql");
writeFileSync(file, sql);
execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", ...persist, "--file", file], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
});
console.log(`published ${rows.length} form version(s): ${Object.keys(FORMS).join(", ")}`);
