import type { Hono } from "hono";
import { z } from "zod";
import { define, type AppEnv } from "../http/route.ts";
import { exportPage, periodOf } from "../services/fhir/export.ts";
import { PAGE_PERSONS_MAX } from "../services/fhir/load.ts";
import { fhirSummary } from "../services/fhir/summary.ts";

/**
 * SATUSEHAT FHIR R4 export (issue 13, part 2): a desa-period's transaction Bundle, page by page,
 * and a per-desa summary of what it would hold. Who may: `interop:export` (docs/ACCESS.md); the
 * mapping: docs/INTEROP.md. The period is `month=YYYY-MM` or `from`/`to` (YYYY-MM-DD, at most 12
 * months); a bad one is 400 `invalid_period`.
 */

// Strings here, checked by the service: a bad period is a 400 invalid_period, not a schema 422.
const periodQuery = {
  month: z.string().max(10).optional().describe("YYYY-MM; or from and to"),
  from: z.string().max(10).optional().describe("YYYY-MM-DD, with to; at most 12 months"),
  to: z.string().max(10).optional().describe("YYYY-MM-DD, included"),
};
const period = z.object({ from: z.string(), to: z.string() });
const count = z.record(z.string(), z.number());
/** A FHIR R4 Bundle of type transaction: each entry a resource, its urn:uuid fullUrl and its POST (Patient: with ifNoneExist on the NIK). */
const bundle = z.object({
  resourceType: z.literal("Bundle"),
  type: z.literal("transaction"),
  entry: z.array(z.object({
    fullUrl: z.string().optional(),
    resource: z.record(z.string(), z.unknown()).optional(),
    request: z.object({ method: z.string(), url: z.string(), ifNoneExist: z.string().optional() }).optional(),
  })).optional(),
}).loose();
const unexported = z.object({
  entity: z.enum(["person", "record", "referral"]), id: z.string(), reason: z.string(), detail: z.string().optional(),
  personId: z.string(), name: z.string().optional(), formId: z.string().optional(), date: z.string().optional(),
});
const summaryUnit = z.object({ persons: z.number(), counts: count, unexported: z.number(), reasons: count });

export function fhirRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/fhir/bundle", tag: "fhir", auth: "interop:export", status: 200,
      query: z.strictObject({
        desa: z.string().max(20), ...periodQuery,
        cursor: z.string().max(40).optional().describe("nextCursor of the previous page"),
        limit: z.coerce.number().int().min(1).max(PAGE_PERSONS_MAX).optional().describe("persons per page (default 200)"),
      }),
      summary: "One page of a desa's SATUSEHAT transaction Bundle (FHIR R4) for a period, with what could not be exported and why (names: needs health:read; audited)",
      response: z.object({
        desa: z.object({ code: z.string(), name: z.string() }), period,
        organizationId: z.string(), organizationConfigured: z.boolean(),
        bundle, unexported: z.array(unexported), counts: count, persons: z.number(), nextCursor: z.string().nullable(),
      }),
      errors: [400, 404],
    },
    ({ db, env, principal, query, now }) => {
      const p = periodOf(query);
      return exportPage(db, env, principal, { desaCode: query.desa, from: p.from, to: p.to, cursor: query.cursor ?? null, limit: query.limit }, now);
    },
  );
  define(
    app,
    {
      method: "get", path: "/api/fhir/summary", tag: "fhir", auth: "interop:export", status: 200,
      query: z.strictObject({ area: z.string().max(20).optional().describe("a kecamatan or desa code; default the caller's own (a dinkes must give one)"), ...periodQuery }),
      summary: "Per desa: the resources its SATUSEHAT export for the period would hold, and what could not be exported, counted by reason (no names)",
      response: z.object({
        area: z.object({ code: z.string(), name: z.string(), level: z.enum(["kecamatan", "desa"]) }), period, organizationConfigured: z.boolean(),
        units: z.array(summaryUnit.extend({ code: z.string(), name: z.string() })), total: summaryUnit, generatedAt: z.string(),
      }),
      errors: [400, 404],
    },
    ({ db, env, principal, query, now }) => fhirSummary(db, env, principal, query.area, periodOf(query), now),
  );
}
