import type { Hono } from "hono";
import { z } from "zod";
import { define, type AppEnv } from "../http/route.ts";
import { aggregatesTrend, aggregatesView, publishAggregates } from "../services/aggregates/read.ts";

/**
 * The monthly PWS aggregates above the kabupaten (issue 16; docs/SCALE.md, "Aggregates"): read
 * from the central database by a dinkes provinsi (its provinsi) or a dinkes (its kabupaten), and
 * refreshed on demand by a dinkes. Counts only; small cells are suppressed (domain/aggregates/pws.ts:
 * desa figures for every reader, every level for a dinkes provinsi). Who sees
 * what: docs/ACCESS.md ("Aggregates").
 */

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM");
const area = z.string().max(20).optional();
const count = z.object({ num: z.number().nullable(), den: z.number().nullable(), pct: z.number().nullable() }).describe("null counts: suppressed (a small cell, or hidden so that a small cell cannot be worked out: domain/aggregates/pws.ts)");
const cell = z.object({ month: count, ytd: count });
const areaOut = z.object({ code: z.string(), name: z.string(), level: z.enum(["provinsi", "kabupaten", "kecamatan"]) });
const unitLevel = z.enum(["kabupaten", "kecamatan", "desa"]);
const unit = z.object({ code: z.string(), name: z.string() });

export function aggregateRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/aggregates", tag: "aggregates", auth: "aggregates:read", status: 200, query: z.strictObject({ month, area }),
      summary: "One month's PWS aggregates of a provinsi (per kabupaten), a kabupaten (per kecamatan) or a kecamatan (per desa), small cells suppressed, with each kabupaten's freshness; counts only; audited",
      response: z.object({
        month: z.string(), area: areaOut, unitLevel, units: z.array(unit), indicators: z.array(z.string()),
        cells: z.record(z.string(), z.record(z.string(), cell)), total: z.record(z.string(), cell),
        freshness: z.array(z.object({
          shard: z.string(), kabupaten: z.string(), name: z.string(), computedAt: z.string().nullable(),
          final: z.boolean().describe("the cron no longer recomputes the month (from the first day, WIB, of the second month after it)"),
          recomputedUntil: z.string().describe("the last day (WIB) the daily cron recomputes the month"), rows: z.number(), desa: z.number(),
        })),
        minDenominator: z.number(), generatedAt: z.string(),
      }),
      errors: [404],
    },
    ({ db, central, principal, query, now }) => aggregatesView(db, central, principal, query.month, query.area, now),
  );
  define(
    app,
    {
      method: "get", path: "/api/aggregates/trend", tag: "aggregates", auth: "aggregates:read", status: 200,
      query: z.strictObject({ indicator: z.string().min(1).max(40), to: month, area }),
      summary: "One indicator's month figures of the aggregates for the 12 months up to `to`, per unit (null: not computed, or suppressed); audited",
      response: z.object({
        indicator: z.string(), area: areaOut, unitLevel, months: z.array(z.string()), units: z.array(unit),
        series: z.record(z.string(), z.array(count.nullable())), total: z.array(count.nullable()), generatedAt: z.string(),
      }),
      errors: [400, 404],
    },
    ({ db, central, principal, query, now }) => aggregatesTrend(db, central, principal, query.indicator, query.to, query.area, now),
  );
  define(
    app,
    {
      method: "post", path: "/api/aggregates/publish", tag: "aggregates", auth: "aggregates:publish", status: 202,
      body: z.strictObject({ month }),
      summary: "Recompute the caller's kabupaten's aggregates of a month now (queued; the daily cron does the previous and current month anyway); audited",
      response: z.object({ shard: z.string(), kabupaten: z.string(), month: z.string(), queued: z.boolean() }),
    },
    ({ c, db, shard, env, principal, body, now }) => publishAggregates(env, db, shard, principal, body.month, now, (p) => c.executionCtx.waitUntil(p)),
  );
}
