import type { Hono } from "hono";
import { z } from "zod";
import { define, type AppEnv } from "../http/route.ts";
import { pwsMissed } from "../services/pws/missed.ts";
import { getTargets, putTargets } from "../services/pws/targets.ts";
import { pwsTable, pwsTrend } from "../services/pws/table.ts";
import { settleDirtyMarks } from "../services/pws/dirty.ts";

/**
 * PWS (Pemantauan Wilayah Setempat, issue 11): coverage per desa (or dusun) and month against the
 * annual target, its trend, the sasaran not yet served, and the targets. The shapes are
 * domain/pws/types.ts; who sees what is docs/ACCESS.md ("PWS").
 */

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM");
const area = z.string().max(20).optional();
const indicator = z.string().min(1).max(40);
const count = z.object({ num: z.number(), den: z.number() });
const cell = z.object({ month: count, ytd: count });
const unit = z.object({ code: z.string(), name: z.string(), kind: z.enum(["desa", "dusun"]), kecCode: z.string().optional() });
const areaOut = z.object({ code: z.string(), name: z.string(), level: z.enum(["kabupaten", "kecamatan", "desa"]) });
const targets = z.record(z.string(), z.number().nullable());
const year = z.coerce.number().int().min(2000).max(2100);
const targetsOut = z.object({ kecCode: z.string(), year: z.number(), targets, custom: z.array(z.string()) });

export function pwsRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/pws", tag: "pws", auth: "pws:read", status: 200, query: z.strictObject({ month, area }),
      summary: "One month's PWS table: every indicator per desa (a desa: per dusun), the month and January to it, against the targets",
      response: z.object({
        month: z.string(), area: areaOut, units: z.array(unit), indicators: z.array(z.string()), targets,
        cells: z.record(z.string(), z.record(z.string(), cell)), total: z.record(z.string(), cell),
        classes: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number()))).optional(), generatedAt: z.string(),
      }),
      errors: [404],
    },
    async ({ db, principal, query, now }) => (await settleDirtyMarks(db), pwsTable(db, principal, query.month, query.area, now)),
  );
  define(
    app,
    {
      method: "get", path: "/api/pws/trend", tag: "pws", auth: "pws:read", status: 200, query: z.strictObject({ indicator, to: month, area }),
      summary: "One indicator's month figures for the 12 months up to `to`, per desa (or dusun)",
      response: z.object({ indicator: z.string(), area: areaOut, months: z.array(z.string()), units: z.array(unit), series: z.record(z.string(), z.array(count)), total: z.array(count), generatedAt: z.string() }),
      errors: [400, 404],
    },
    async ({ db, principal, query, now }) => (await settleDirtyMarks(db), pwsTrend(db, principal, query.indicator, query.to, query.area, now)),
  );
  define(
    app,
    {
      method: "get", path: "/api/pws/missed", tag: "pws", auth: "pws:read", status: 200, query: z.strictObject({ indicator, unit: z.string().min(1).max(40), month }),
      summary: "The sasaran of one desa or dusun an indicator has not yet reached, with what is missing (names: needs health:read over the unit; audited)",
      response: z.object({
        indicator: z.string(), unit, month: z.string(), generatedAt: z.string(),
        people: z.array(z.object({
          personId: z.string(), name: z.string(), householdId: z.string(), dusunId: z.string().nullable(), dusunName: z.string().nullable(),
          age: z.object({ months: z.number().optional(), years: z.number().optional(), weeks: z.number().optional() }),
          missing: z.array(z.string()), lastServiceDate: z.string().nullable(),
        })),
      }),
      errors: [400, 404],
    },
    async ({ db, principal, query, now }) => (await settleDirtyMarks(db), pwsMissed(db, principal, query.indicator, query.unit, query.month, now)),
  );
  define(
    app,
    {
      method: "get", path: "/api/pws/targets", tag: "pws", auth: "pws:read", status: 200, query: z.strictObject({ year, area }),
      summary: "A kecamatan's annual PWS targets: its own where set, else the defaults",
      response: targetsOut, errors: [404],
    },
    ({ db, principal, query }) => getTargets(db, principal, query.year, query.area),
  );
  define(
    app,
    {
      method: "put", path: "/api/pws/targets", tag: "pws", auth: "pws:targets", status: 200,
      body: z.strictObject({ year: z.number().int().min(2000).max(2100), area, targets: z.record(z.string().max(40), z.number().nullable()) }),
      summary: "Set a kecamatan's annual PWS targets (percent; null goes back to the default); audited",
      response: targetsOut, errors: [404],
    },
    ({ db, principal, body, now }) => putTargets(db, principal, body, now),
  );
}
