import type { Hono } from "hono";
import { z } from "zod";
import { openApiDocument } from "../http/openapi.ts";
import { define, ROUTES, type AppEnv } from "../http/route.ts";

export function metaRoutes(app: Hono<AppEnv>) {
  define(
    app,
    { method: "get", path: "/api/health", tag: "meta", auth: "public", summary: "Liveness and database reachability", response: z.object({ ok: z.boolean(), environment: z.string() }) },
    async ({ env }) => {
      await env.DB.prepare("SELECT 1").first();
      return { ok: true, environment: env.ENVIRONMENT };
    },
  );
  define(
    app,
    {
      method: "get", path: "/api/me", tag: "devices", auth: "authenticated", summary: "The enrolled user and device",
      response: z.object({ user: z.object({ id: z.string(), role: z.string(), areaCode: z.string(), dusunId: z.string().nullable().optional(), officeId: z.string().nullable().optional() }), deviceId: z.string().nullable().optional() }),
    },
    async ({ principal }) => {
      const { deviceId, userId, ...rest } = principal;
      return { user: { id: userId, ...rest }, deviceId };
    },
  );
  define(
    app,
    { method: "get", path: "/api/openapi.json", tag: "meta", auth: "public", summary: "This document (OpenAPI 3.1)", response: z.record(z.string(), z.unknown()) },
    async () => openApiDocument(ROUTES),
  );
}
