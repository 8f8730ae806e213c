import { ENTITIES, type EntityName } from "../../../domain/entities/registry.ts";
import type { Mutation, MutationResult } from "../../../domain/sync/protocol.ts";
import type { Db } from "../../db/client.ts";
import { jsonChunks } from "./json-rows.ts";

/**
 * After a move between kabupaten (services/transfers/), the source's rows of the family are
 * tombstones. A phone of the old desa that was offline through the move (up to 90 days) still
 * pushes edits of them, or new visits under them: they are refused as `deleted` or
 * `parent_not_found` like any deleted row's. This tells the user the truth instead: the refusal
 * becomes `moved_to_other_kabupaten` when the row (or the parent a create names) is a tombstone
 * whose latest change is a transfer's release in this database (its change-log row carries the
 * mutation id `transfer:<id>` and this database's `transfer_steps` has that transfer's
 * `released` row; a destination's tombstones of a refreshed copy have only `copied`).
 *
 * One query, only when a push has such refusals (rare). The work is not forwarded: the phone
 * keeps it for review, and the destination's health worker enters it again.
 */
export async function markTransferred(db: Db, mutations: readonly Mutation[], results: MutationResult[]): Promise<void> {
  const candidates = new Map<number, [EntityName, string]>();
  mutations.forEach((m, i) => {
    const r = results[i];
    if (r?.status !== "rejected" || !r.error) return;
    if (r.error.code === "deleted") candidates.set(i, [m.entity as EntityName, m.entityId]);
    if (r.error.code === "parent_not_found") {
      const placement = ENTITIES[m.entity as EntityName]?.placement;
      const parentId = placement?.from === "parent" ? m.payload?.[placement.field] : undefined;
      if (placement?.from === "parent" && typeof parentId === "string") candidates.set(i, [placement.entity, parentId]);
    }
  });
  if (!candidates.size) return;
  const pairs = [...new Set([...candidates.values()].map(([e, id]) => JSON.stringify([e, id])))].map((p) => JSON.parse(p) as [string, string]);
  const moved = new Map<string, string>();
  const found = await db.$client.batch<{ entity: string; id: string; transfer: string }>(jsonChunks(pairs).map((json) => db.$client
    .prepare(`SELECT j.entity, j.id, substr(c.mutation_id, 10) AS transfer
      FROM (SELECT json_extract(value, '$[0]') AS entity, json_extract(value, '$[1]') AS id FROM json_each(?)) j
      JOIN change_log c ON c.seq = (SELECT max(c2.seq) FROM change_log c2 WHERE c2.entity = j.entity AND c2.entity_id = j.id)
      WHERE c.mutation_id LIKE 'transfer:%'
        AND EXISTS (SELECT 1 FROM transfer_steps s WHERE s.transfer_id = substr(c.mutation_id, 10) AND s.step = 'released')`)
    .bind(json)));
  for (const r of found.flatMap((x) => x.results)) moved.set(`${r.entity}:${r.id}`, r.transfer);
  for (const [i, [entity, id]] of candidates) {
    const transferId = moved.get(`${entity}:${id}`);
    if (!transferId) continue;
    results[i] = {
      ...results[i]!,
      error: { code: "moved_to_other_kabupaten", message: `${entity} ${id} was handed over to another kabupaten`, details: { transferId, entity, id } },
    };
  }
}
