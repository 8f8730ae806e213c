/**
 * Literal SQL for `wrangler d1 execute --file`: the file runs as plain SQLite statements, so
 * there are no bound parameters and every value is rendered as a literal here.
 */
export type SqlValue = string | number | boolean | null | object;

/** SQLite caps a multi-row VALUES list at 500 rows (SQLITE_MAX_COMPOUND_SELECT). */
export const MAX_ROWS_PER_INSERT = 500;
/** D1 rejects statements over 100 KB (developers.cloudflare.com/d1/platform/limits); keep margin. */
export const MAX_STATEMENT_BYTES = 90_000;

export function sqlLiteral(v: SqlValue | undefined): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot store ${v} in SQL`);
    return String(v);
  }
  // json columns hold JSON text, as drizzle's { mode: "json" } writes it.
  const text = typeof v === "string" ? v : JSON.stringify(v);
  if (text.includes("\u0000")) throw new Error("NUL in a SQL string");
  return `'${text.replaceAll("'", "''")}'`;
}

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

/**
 * INSERTs for `rows` (all with the same keys, camelCase) in as few statements as the row and
 * byte limits allow.
 */
export function insertStatements(table: string, rows: readonly Record<string, SqlValue>[]): string[] {
  if (rows.length === 0) return [];
  const keys = Object.keys(rows[0]!);
  const head = `INSERT INTO ${table} (${keys.map(snakeCase).join(", ")}) VALUES\n`;
  const out: string[] = [];
  let batch: string[] = [];
  let bytes = Buffer.byteLength(head);
  const flush = () => {
    if (batch.length) out.push(head + batch.join(",\n") + ";");
    batch = [];
    bytes = Buffer.byteLength(head);
  };
  for (const row of rows) {
    if (Object.keys(row).length !== keys.length) throw new Error(`${table}: rows differ in their columns`);
    const tuple = `(${keys.map((k) => sqlLiteral(row[k])).join(", ")})`;
    const size = Buffer.byteLength(tuple) + 2;
    if (batch.length === MAX_ROWS_PER_INSERT || bytes + size > MAX_STATEMENT_BYTES) flush();
    batch.push(tuple);
    bytes += size;
  }
  flush();
  return out;
}
