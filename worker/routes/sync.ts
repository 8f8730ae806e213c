import type { Hono } from "hono";
import { MAX_PUSH_BYTES, pullQuerySchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from "../../domain/sync/protocol.ts";
import { OUTBOX_REPORT_HEADER } from "../../domain/sync/outbox-report.ts";
import { ApiError } from "../http/errors.ts";
import { define, type AppEnv } from "../http/route.ts";
import { outboxReportUpdate } from "../services/device-report.ts";
import { matchingPullEtag, pull, pullEtag } from "../services/pull.ts";
import { push, REFUSAL_CODES } from "../services/push/index.ts";

export function syncRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/sync/push", tag: "sync", auth: "authenticated", body: pushRequestSchema, status: 200, maxBodyBytes: MAX_PUSH_BYTES,
      summary: "Apply a batch of client mutations exactly once (per-mutation results)",
      // 503 busy_retry with Retry-After: the push kept losing races on the same rows, nothing written.
      response: pushResponseSchema, errors: [503],
    },
    async ({ db, principal, body, now }) => {
      const results = await push(db, principal, body.mutations, now);
      // A push where nothing could be applied is a client error as a whole; the per-mutation
      // answers travel in details so the client handles both cases the same way.
      if (results.every((r) => r.status === "rejected")) {
        const allForbidden = results.every((r) => REFUSAL_CODES.has(r.error?.code ?? ""));
        throw new ApiError(allForbidden ? 403 : 422, allForbidden ? "forbidden" : "rejected", "No mutation could be applied", { results });
      }
      return { results };
    },
  );
  define(
    app,
    {
      method: "get", path: "/api/sync/pull", tag: "sync", auth: "authenticated", query: pullQuerySchema, status: 200,
      summary: "Changes after the cursor within the caller's scope; an X-Simpul-Outbox header (pending=N;rejected=N) reports the phone's outbox for the devices list. The last page carries an ETag; sent back as If-None-Match with the cursor it came with, a pull with nothing new answers 304 with no body",
      response: pullResponseSchema, errors: [400, 422],
    },
    async ({ c, db, principal, query, now }) => {
      const report = outboxReportUpdate(db, principal.deviceId, c.req.header(OUTBOX_REPORT_HEADER), now);
      const [out] = await Promise.all([pull(db, principal, query.cursor, query.limit, now), report?.run()]);
      if (out.hasMore || out.reset) return out;
      // Conditional pull (services/pull.ts): nothing new after the cursor the phone holds, and its
      // tag still fresh, is a bodiless 304; it keeps its cursor and tag.
      const held = out.changes.length === 0 ? matchingPullEtag(c.req.header("if-none-match"), query.cursor, now) : null;
      if (held) return new Response(null, { status: 304, headers: { ETag: held } });
      c.header("ETag", pullEtag(out.cursor, now));
      return out;
    },
  );
}

