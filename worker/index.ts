import { Hono } from "hono";
import { AGGREGATES_QUEUE_NAME, type AggregateMessage } from "../domain/aggregates/pws.ts";
import { CENTRAL, LEGACY_SHARD_KEY } from "../domain/shards/registry.ts";
import { centralDb, everyShard, shardDb } from "./db/shards.ts";
import type { Env, SatusehatJobMessage } from "./env.ts";
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
import { consumeAggregates, scheduleAggregates } from "./services/aggregates/queue.ts";
import { prune, PRUNE_JOBS } from "./services/prune.ts";
import { logJobError, requeueStale, runSendJob } from "./services/satusehat/jobs.ts";
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
  /** The Cron Trigger of wrangler.toml ([triggers] crons): retention clean-up, services/prune.ts. */
  async scheduled(controller, env, ctx?: ExecutionContext) {
    // Independent chores: one failing must not skip the other (allSettled), and still fails the run.
    // Every kabupaten database and the central one, each on its own: one failing skips no other.
    const waitUntil = (p: Promise<unknown>) => (ctx ? ctx.waitUntil(p) : void p.catch(() => undefined));
    const results = await Promise.allSettled([
      prune(centralDb(env), controller.scheduledTime, PRUNE_JOBS, CENTRAL.key),
      ...everyShard(env).flatMap(({ db, key }) => [
        prune(db, controller.scheduledTime, PRUNE_JOBS, key),
        // SATUSEHAT send jobs left queued or silent (a lost message, an evicted consumer): queued again.
        requeueStale(db, env, controller.scheduledTime, waitUntil),
      ]),
      // Monthly PWS aggregates: per kabupaten, the previous and current month onto AGGREGATES_QUEUE (services/aggregates/queue.ts).
      scheduleAggregates(env, controller.scheduledTime, waitUntil),
      // Moves between kabupaten left unfinished (a request that died mid-way): finished (services/transfers).
      resumeTransfers(centralDb(env), (key) => shardDb(env, key), controller.scheduledTime),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length) throw failed[0]!.reason;
  },
  /**
   * The SATUSEHAT send queue (wrangler.toml [[queues.consumers]], one job per message): sending runs
   * here, apart from every request, so a phone's sync never waits on SATUSEHAT. A job records its
   * own failures; a message is retried by the queue only when the job could not run at all.
   */
  async queue(batch, env) {
    // Two queues, one consumer Worker: the aggregates' by its name (wrangler.toml), the rest are SATUSEHAT jobs.
    if (batch.queue === AGGREGATES_QUEUE_NAME) return consumeAggregates(batch as MessageBatch<unknown> as MessageBatch<AggregateMessage>, env);
    const jobs = batch as MessageBatch<unknown> as MessageBatch<SatusehatJobMessage>;
    for (const m of jobs.messages) {
      try {
        const db = shardDb(env, m.body.shard ?? LEGACY_SHARD_KEY);
        if (!db) throw new Error("unknown shard");
        await runSendJob(db, env, m.body.jobId);
        m.ack();
      } catch (e) {
        logJobError(m.body.jobId, e, "consumer_failed");
        m.retry({ delaySeconds: 60 });
      }
    }
  },
} satisfies ExportedHandler<Env, SatusehatJobMessage | AggregateMessage>;
