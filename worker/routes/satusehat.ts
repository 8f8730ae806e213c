import type { Hono } from "hono";
import { z } from "zod";
import { SEND_JOB_ERRORS, SEND_JOB_STATUSES } from "../../domain/satusehat/job.ts";
import { define, type AppEnv } from "../http/route.ts";
import { requestSend, sendStatus } from "../services/satusehat/jobs.ts";

/**
 * Sending to SATUSEHAT (issue 13, part 3; docs/INTEROP.md, "Sending to SATUSEHAT"). The send is a
 * job: this route records it and answers 202 at once; a queue consumer sends (index.ts `queue`),
 * so no phone's sync waits on SATUSEHAT. Who may: `interop:export` (docs/ACCESS.md).
 */

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM");
const jobStatus = z.enum(SEND_JOB_STATUSES);
const job = z.object({
  id: z.string(), status: jobStatus, requestedAt: z.string(), finishedAt: z.string().nullable(),
  errorCode: z.string().nullable().describe(`why the job failed: ${SEND_JOB_ERRORS.join(", ")} (docs/INTEROP.md)`),
  lastHttpStatus: z.number().nullable(),
  total: z.number(), sent: z.number(), unchanged: z.number(), failed: z.number(), unexported: z.number(),
});

export function satusehatRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/satusehat/send", tag: "satusehat", auth: "interop:export", status: 202,
      body: z.strictObject({ desa: z.string().max(20), month }),
      summary: "Queue sending one desa's month to SATUSEHAT (only what was not sent, failed or changed); answers at once with the job (an active job for the same desa-month is answered instead of a new one); audited",
      response: z.object({ queued: z.boolean(), job: job.extend({ desa: z.string(), month: z.string() }) }),
      errors: [404, 409],
    },
    ({ c, db, env, principal, body, now }) => requestSend(db, env, principal, body, now, (p) => c.executionCtx.waitUntil(p)),
  );
  define(
    app,
    {
      method: "get", path: "/api/satusehat/status", tag: "satusehat", auth: "interop:export", status: 200,
      query: z.strictObject({ area: z.string().max(20).optional(), month }),
      summary: "Per desa of an area: the month's latest send job (queued, running, done, failed; counts and the last answer code) and the send log's sent and failed resources (counts, no names)",
      response: z.object({
        area: z.string(), month: z.string(), configured: z.record(z.string(), z.boolean()),
        desa: z.array(z.object({
          code: z.string(), name: z.string(), configured: z.boolean(), pending: z.boolean(),
          log: z.object({ sent: z.number(), failed: z.number() }), job: job.nullable(),
        })),
      }),
      errors: [404],
    },
    ({ db, env, principal, query }) => sendStatus(db, env, principal, query),
  );
}
