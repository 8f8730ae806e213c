/**
 * Publish the form definitions that ship with this build into every kabupaten database's `forms`
 * table, so reports in SQL can join records to their form version. Idempotent: a published
 * version never changes (records point at it), so existing rows are left alone. Runs on every
 * `npm start` (through scripts/seed.ts --publish-forms, in the same process as the seed).
 *
 *   npx tsx scripts/publish-forms.ts [--persist-to DIR]
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FORMS } from "../domain/forms/index.ts";
import { SHARDS } from "../domain/shards/registry.ts";
import { openLocalD1s, type D1Like } from "./lib/local-d1.ts";
import { sqlLiteral } from "./seed/sql.ts";

/** One statement per form: D1 refuses statements over 100 KB, and a form definition can be large. */
export function formStatements(now = Date.now()): string[] {
  return Object.values(FORMS).map(
    (f) => `INSERT OR IGNORE INTO forms (form_id, form_version, cluster, title, definition, published_at) VALUES (${[f.id, f.version, String(f.cluster), f.title.id, f, now].map((v) => sqlLiteral(v as never)).join(", ")})`,
  );
}

export async function publishForms(db: D1Like): Promise<number> {
  const statements = formStatements();
  for (let i = 0; i < statements.length; i += 10) await db.batch(statements.slice(i, i + 10).map((q) => db.prepare(q)));
  return statements.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--persist-to");
  const d1s = await openLocalD1s(at >= 0 ? resolve(args[at + 1]!) : undefined);
  try {
    for (const s of SHARDS) await publishForms(d1s.byBinding[s.binding]!);
    console.log(`published ${Object.keys(FORMS).length} form version(s) in ${SHARDS.length} kabupaten databases: ${Object.keys(FORMS).join(", ")}`);
  } finally {
    await d1s.dispose();
  }
}
