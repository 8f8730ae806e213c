import type { Hono } from "hono";
import { MAX_PUSH_BYTES, pullQuerySchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from "../../domain/sync/protocol.ts";
import { ApiError } from "../http/errors.ts";
import { define, type AppEnv } from "../http/route.ts";
import { pull } from "../services/pull.ts";
import { push } from "../services/push.ts";

export function syncRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/sync/push", tag: "sync", auth: "authenticated", body: pushRequestSchema, maxBodyBytes: MAX_PUSH_BYTES,
      summary: "Apply a batch of client mutations exactly once (per-mutation results)",
      response: pushResponseSchema,
    },
    async ({ db, principal, body, now }) => {
      const results = await push(db, principal, body.mutations, now);
      // A push where nothing could be applied is a client error as a whole; the per-mutation
      // answers travel in details so the client handles both cases the same way.
      if (results.every((r) => r.status === "rejected")) {
        const allForbidden = results.every((r) => r.error?.code === "forbidden");
        throw new ApiError(allForbidden ? 403 : 422, allForbidden ? "forbidden" : "rejected", "No mutation could be applied", { results });
      }
      return { results };
    },
  );
  define(
    app,
    {
      method: "get", path: "/api/sync/pull", tag: "sync", auth: "authenticated", query: pullQuerySchema,
      summary: "Changes after the cursor within the caller's scope",
      response: pullResponseSchema, errors: [400, 422],
    },
    ({ db, principal, query, now }) => pull(db, principal, query.cursor, query.limit, now),
  );
}

