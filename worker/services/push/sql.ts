import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client.ts";

/** A statement of a push's batch: a drizzle query, or a raw D1 statement (the set-wise ones, statements.ts). */
export type Statement = BatchItem<"sqlite"> | D1PreparedStatement;

interface Dialect {
  sqlToQuery(q: SQL): { sql: string; params: unknown[] };
}

/** A raw statement from a drizzle `sql` template (its parameters bound as D1 binds them). */
export function raw(db: Db, query: SQL): D1PreparedStatement {
  const q = (db as unknown as { dialect: Dialect }).dialect.sqlToQuery(query);
  return db.$client.prepare(q.sql).bind(...q.params);
}

/**
 * Run a push's statements as one D1 batch (one implicit transaction: all or nothing), drizzle
 * queries and raw statements alike. drizzle's own db.batch() takes only its queries.
 */
export async function runBatch(db: Db, statements: readonly Statement[]): Promise<void> {
  await db.$client.batch(statements.map((s) => (isD1(s) ? s : fromDrizzle(db, s))));
}

function isD1(s: Statement): s is D1PreparedStatement {
  return typeof (s as D1PreparedStatement).bind === "function" && typeof (s as { toSQL?: unknown }).toSQL !== "function";
}

function fromDrizzle(db: Db, s: BatchItem<"sqlite">): D1PreparedStatement {
  const q = (s as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
  return db.$client.prepare(q.sql).bind(...q.params);
}
