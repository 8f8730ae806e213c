import { Hono } from "hono";
import { CENTRAL } from "../domain/shards/registry.ts";
import { centralDb, shardDb } from "./db/shards.ts";
import { waitUntilOf, type Env } from "./env.ts";
import { ApiError, errorBody } from "./http/errors.ts";
import type { AppEnv } from "./http/route.ts";
import { securityHeaders } from "./http/security.ts";
import { adminRoutes } from "./routes/admin.ts";
import { aggregateRoutes } from "./routes/aggregates.ts";
import { conflictRoutes } from "./routes/conflicts.ts";
import { enrollRoutes } from "./routes/enroll.ts";
import { fhirRoutes } from "./routes/fhir.ts";
import { lintasRoutes } from "./routes/lintas.ts";
import { metaRoutes } from "./routes/meta.ts";
import { personRoutes } from "./routes/persons.ts";
import { photoRoutes } from "./routes/photos.ts";
import { pwsRoutes } from "./routes/pws.ts";
import { reportRoutes } from "./routes/reports.ts";
import { satusehatRoutes } from "./routes/satusehat.ts";
import { syncRoutes } from "./routes/sync.ts";
import { transferRoutes } from "./routes/transfers.ts";
import { scheduleAggregates } from "./services/aggregates/queue.ts";
import { scheduleChores } from "./services/chores.ts";
import { handleQueueMessage, logQueueError, type QueueMessage } from "./queues.ts";
import { prune, PRUNE_JOBS } from "./services/prune.ts";
import { resumeTransfers } from "./services/transfers/index.ts";

/** The worker: middleware and route mounting only. Static assets (the PWA) never reach it. */
const app = new Hono<AppEnv>();

// Before every route, so that it wraps their answers, errors and 404s included.
app.use(securityHeaders);

metaRoutes(app);
enrollRoutes(app);
syncRoutes(app);
adminRoutes(app);
personRoutes(app);
conflictRoutes(app);
photoRoutes(app);
lintasRoutes(app);
pwsRoutes(app);
reportRoutes(app);
fhirRoutes(app);
satusehatRoutes(app);
aggregateRoutes(app);
transferRoutes(app);

app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));

app.onError((err, c) => {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  // Log the failure, never the request: bodies and queries may hold personal data.
  console.error(JSON.stringify({ level: "error", route: c.req.routePath, method: c.req.method, error: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack?.split("\n").slice(0, 6).join(" | ") }));
  return c.json(errorBody("internal", "Internal error"), 500);
});

export default {
  fetch: app.fetch,
  /**
   * The Cron Trigger of wrangler.toml ([triggers] crons), daily. Each kabupaten database's chores
   * (retention, stale SATUSEHAT jobs) go out as one queue message per database
   * (services/chores.ts); the central database's clean-up, the aggregates' messages and the
   * unfinished moves run here. Independent: one failing skips no other (allSettled), and still
   * fails the run.
   */
  async scheduled(controller, env, ctx?: ExecutionContext) {
    const now = controller.scheduledTime;
    const waitUntil = waitUntilOf(ctx);
    const results = await Promise.allSettled([
      prune(centralDb(env), now, PRUNE_JOBS, CENTRAL.key),
      scheduleChores(env, now, waitUntil),
      // Monthly PWS aggregates: per kabupaten, the previous and current month (services/aggregates/queue.ts).
      scheduleAggregates(env, now, waitUntil),
      // Moves between kabupaten left unfinished (a request that died mid-way): finished (services/transfers).
      resumeTransfers(centralDb(env), (key) => shardDb(env, key), now),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length) throw failed[0]!.reason;
  },
  /**
   * Every queue (wrangler.toml [[queues.consumers]], one message per invocation): each message goes
   * to its own handler by its kind (worker/queues.ts), apart from every request. A failed message
   * is retried by the queue after 60 s (max_retries), and logged by its kind and keys only.
   */
  async queue(batch, env, ctx?: ExecutionContext) {
    const waitUntil = waitUntilOf(ctx);
    for (const m of batch.messages) {
      try {
        await handleQueueMessage(env, m.body, Date.now(), waitUntil);
        m.ack();
      } catch (e) {
        logQueueError(m.body, e);
        m.retry({ delaySeconds: 60 });
      }
    }
  },
} satisfies ExportedHandler<Env, QueueMessage>;
