import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema.ts";

export type Db = ReturnType<typeof openDb>;

export function openDb(d1: D1Database) {
  // One drizzle instance per binding: building its relational config from the schema costs a few
  // ms of CPU, which every request paid (a push profile, docs/PERFORMANCE.md "Push").
  let db = OPENED.get(d1);
  if (!db) OPENED.set(d1, (db = drizzle(d1, { schema, casing: "snake_case" })));
  return db;
}

const OPENED = new WeakMap<D1Database, ReturnType<typeof drizzle<typeof schema, D1Database>>>();

/** D1 binds at most 100 parameters per statement; leave room for the query's own. */
export const MAX_BOUND_PARAMS = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
