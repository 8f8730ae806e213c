import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Principal } from "../../../domain/access/policy.ts";
import type { Mutation, MutationResult } from "../../../domain/sync/protocol.ts";
import { chunk, type Db } from "../../db/client.ts";
import { receipts } from "../../db/schema.ts";
import { IDS_PER_QUERY } from "./context.ts";

/** Receipt rows per insert: 5 columns a row, under D1's 100 bound parameters. */
const RECEIPT_ROWS_PER_STATEMENT = 19;

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

export function receiptStatements(db: Db, p: Principal, stored: readonly MutationResult[], now: number): BatchItem<"sqlite">[] {
  return chunk(stored, RECEIPT_ROWS_PER_STATEMENT).map((c) =>
    db.insert(receipts).values(c.map((r) => ({ mutationId: r.id, userId: p.userId, deviceId: p.deviceId ?? null, result: r, at: now }))),
  );
}

/** A replay's answer: the first answer, marked duplicate. */
export function asDuplicate(first: MutationResult): MutationResult {
  if (first.status === "duplicate") return first;
  return { ...first, status: "duplicate", originalStatus: first.status as "applied" | "conflict" };
}
