import { z } from "zod";
import { errorBodySchema } from "../../domain/sync/protocol.ts";
import type { RouteSpec, SuccessStatus } from "./route.ts";

const SUCCESS_TEXT: Record<SuccessStatus, string> = { 200: "OK", 201: "Created", 202: "Accepted (queued)", 204: "No content" };

const STATUS_TEXT: Record<number, string> = {
  400: "Malformed request (invalid JSON or cursor)",
  401: "Missing, unknown or revoked device token",
  403: "Outside the caller's role or area",
  404: "Not found",
  409: "Conflict with the current state",
  410: "Gone (expired)",
  413: "Body too large",
  422: "Validation failed",
  429: "Too many attempts",
  503: "Busy or not configured: try again after Retry-After (busy_retry), or the administrator must configure the server (not_configured)",
};

function toSchema(s: z.ZodType, io: "input" | "output") {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
}

/** OpenAPI 3.1, built from the same zod schemas that validate requests. */
export function openApiDocument(routes: readonly RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = toSchema(z.object({ error: errorBodySchema }), "output");
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [["query", r.query], ["path", r.params]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: prop });
      }
    }
    // The success status is the one `define` answers with (RouteSpec.status), never assumed.
    const content = r.mediaTypes
      ? Object.fromEntries(r.mediaTypes.map((t) => [t, {}]))
      : { "application/json": { schema: toSchema(r.response, "output") } };
    const responses: Record<string, unknown> = {
      [String(r.status)]: r.status === 204 ? { description: SUCCESS_TEXT[204] } : { description: SUCCESS_TEXT[r.status], content },
    };
    const statuses = new Set<number>([
      ...(r.errors ?? []),
      ...(r.auth === "public" ? [] : [401, 403]),
      ...(r.body ? [400, 413, 422] : []),
      // Path parameters and queries are validated like bodies: a malformed one is a 422.
      ...(r.params || r.query ? [422] : []),
    ]);
    for (const s of [...statuses].sort()) {
      responses[String(s)] = { description: STATUS_TEXT[s] ?? "Error", content: { "application/json": { schema: errorSchema } } };
    }
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth === "public" ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(r.body, "input") } } } } : {}),
      responses,
      ...(r.auth !== "public" && r.auth !== "authenticated" ? { "x-permission": r.auth } : {}),
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Simpul API", version: "1", description: "Offline-first ILP: enrollment, scoped sync, administration." },
    components: { securitySchemes: { device: { type: "http", scheme: "bearer", description: "Device token from POST /api/enroll" } } },
    security: [{ device: [] }],
    paths,
  };
}
