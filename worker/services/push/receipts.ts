import { and, eq, inArray, sql } from "drizzle-orm";
import type { Principal } from "../../../domain/access/policy.ts";
import type { Mutation, MutationResult } from "../../../domain/sync/protocol.ts";
import { chunk, type Db } from "../../db/client.ts";
import { receipts } from "../../db/schema.ts";
import { IDS_PER_QUERY } from "./context.ts";
import { jsonChunks } from "./json-rows.ts";
import { raw, type Statement } from "./sql.ts";


/**
 * The answers already given to this user's mutations (applied or conflict; a rejection leaves
 * none). Read first, by the receipts' key alone: a replay costs this one query and nothing else.
 */
export async function loadReceipts(db: Db, p: Principal, mutations: readonly Mutation[]): Promise<Map<string, MutationResult>> {
  const ids = [...new Set(mutations.map((m) => m.id))];
  const rows = (
    await Promise.all(
      chunk(ids, IDS_PER_QUERY).map((c) =>
        db.select({ mutationId: receipts.mutationId, result: receipts.result }).from(receipts).where(and(eq(receipts.userId, p.userId), inArray(receipts.mutationId, c))).all(),
      ),
    )
  ).flat();
  return new Map(rows.map((r) => [r.mutationId, r.result as MutationResult]));
}

/** The receipts of a push's stored answers: [mutation id, answer] pairs as one JSON parameter per chunk. */
export function receiptStatements(db: Db, p: Principal, stored: readonly MutationResult[], now: number): Statement[] {
  return jsonChunks(stored.map((r) => [r.id, JSON.stringify(r)])).map((json) =>
    raw(db, sql`INSERT INTO receipts (user_id, mutation_id, device_id, result, at)
      SELECT ${p.userId}, json_extract(value, '$[0]'), ${p.deviceId ?? null}, json_extract(value, '$[1]'), ${now} FROM json_each(${json})`),
  );
}

/** A replay's answer: the first answer, marked duplicate. */
export function asDuplicate(first: MutationResult): MutationResult {
  if (first.status === "duplicate") return first;
  return { ...first, status: "duplicate", originalStatus: first.status as "applied" | "conflict" };
}
