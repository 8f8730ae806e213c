import type { Hono } from "hono";
import { z } from "zod";
import { desaCode, uuid } from "../../domain/entities/fields.ts";
import { TRANSFER_FAILURES, TRANSFER_MAX_ATTEMPTS, TRANSFER_STATES } from "../../domain/transfers/rules.ts";
import { shardDb } from "../db/shards.ts";
import { define, type AppEnv } from "../http/route.ts";
import { listTransfers, readTransfer, requestTransfer, transferDestinations } from "../services/transfers/index.ts";

/**
 * Moves between kabupaten (issue 16; docs/SCALE.md, "Moves between kabupaten"; docs/ACCESS.md).
 * The source is always the caller's own kabupaten database (its token's); the destination is the
 * database of the kabupaten that holds the desa named, opened here and handed to the service.
 * Who: a pustu for its desa, the puskesmas for its kecamatan, the dinkes for its kabupaten
 * (domain/transfers/rules.ts); the route gate asks `health:read` and the service the rest.
 */
const transfer = z.object({
  id: z.string(), householdId: z.string(), fromKabupaten: z.string(), toKabupaten: z.string(), fromDesa: z.string(), toDesa: z.string(),
  toDusunId: z.string().nullable(), state: z.enum(TRANSFER_STATES),
  errorCode: z.string().nullable().describe(`why a transfer failed: ${TRANSFER_FAILURES.join(", ")}`),
  rows: z.number().nullable().describe("rows handed over (household, persons, records, referrals), once copied"),
  attempts: z.number().int().describe("failed tries of its steps so far (each retried after a growing delay)"),
  stalled: z.boolean().describe(`copied or released, but failed ${TRANSFER_MAX_ATTEMPTS} times: the family is in the destination and the dinkes must look at it; still retried daily`),
  requestedAt: z.string(), updatedAt: z.string().describe("its last change of state or try"),
});

export function transferRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/transfers", tag: "transfers", auth: "health:read", status: 202,
      body: z.strictObject({ householdId: uuid, toDesa: desaCode, toDusunId: uuid.nullable().optional() }),
      summary: "Hand a household (its members, records and referrals) over to a desa of another kabupaten; runs the transfer's steps and answers with its state (the household's unfinished transfer answers a repeat); audited in both kabupaten",
      response: z.object({ transfer }),
      errors: [404, 409, 422],
    },
    ({ db, shard, central, env, principal, body, now }) =>
      requestTransfer({ source: db, sourceKey: shard, central, open: (key) => shardDb(env, key) }, principal, body, now),
  );
  // Before /api/transfers/:id, so that the router never reads "destinations" as an id.
  define(
    app,
    {
      method: "get", path: "/api/transfers/destinations", tag: "transfers", auth: "health:read", status: 200,
      query: z.strictObject({ kabupaten: z.string().regex(/^\d{2}\.\d{2}$/, "a kabupaten code like 19.02") }),
      summary: "The desa of another kabupaten served (codes, names, kecamatan names: reference data), for choosing where a family moves",
      response: z.object({ kabupaten: z.string(), name: z.string(), desa: z.array(z.object({ code: z.string(), name: z.string(), kecamatan: z.string().nullable() })) }),
      errors: [422],
    },
    ({ shard, env, principal, query }) => transferDestinations({ sourceKey: shard, open: (key) => shardDb(env, key) }, principal, query.kabupaten),
  );
  define(
    app,
    {
      method: "get", path: "/api/transfers/:id", tag: "transfers", auth: "health:read", status: 200, params: z.strictObject({ id: uuid }),
      summary: "A transfer out of or into the caller's area: its state (requested, copied, released, done, failed), tries and whether it is stalled; one due for a retry is resumed after the answer",
      response: z.object({ transfer }),
      errors: [404],
    },
    ({ c, central, env, principal, params, now }) =>
      readTransfer(central, principal, params.id, { open: (key) => shardDb(env, key), now, waitUntil: (p) => c.executionCtx.waitUntil(p) }),
  );
  define(
    app,
    {
      method: "get", path: "/api/transfers", tag: "transfers", auth: "health:read", status: 200,
      query: z.strictObject({ direction: z.enum(["in", "out"]).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
      summary: "The transfers out of and into the caller's kabupaten that touch its area, newest first",
      response: z.object({ transfers: z.array(transfer) }),
    },
    ({ central, shard, principal, query }) => listTransfers(central, principal, shard, query),
  );
}
