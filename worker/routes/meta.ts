import type { Hono } from "hono";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { AREA_LEVELS, areaAncestor } from "../../domain/area/codes.ts";
import { areas } from "../db/schema.ts";
import { centralDb } from "../db/shards.ts";
import { openApiDocument } from "../http/openapi.ts";
import { define, ROUTES, type AppEnv } from "../http/route.ts";

export function metaRoutes(app: Hono<AppEnv>) {
  define(
    app,
    { method: "get", path: "/api/health", tag: "meta", auth: "public", status: 200, summary: "Liveness and database reachability", response: z.object({ ok: z.boolean(), environment: z.string() }) },
    async ({ env }) => {
      // The central database only: this route is public, and one query per kabupaten database on
      // every anonymous request would not do at 514 (docs/SCALE.md, "What breaks first").
      await centralDb(env).$client.prepare("SELECT 1").first();
      return { ok: true, environment: env.ENVIRONMENT };
    },
  );
  define(
    app,
    {
      method: "get", path: "/api/me", tag: "devices", auth: "authenticated", status: 200, summary: "The enrolled user and device",
      response: z.object({
        user: z.object({ id: z.string(), role: z.string(), areaCode: z.string(), dusunId: z.string().nullable().optional(), officeId: z.string().nullable().optional() }),
        deviceId: z.string().nullable().optional(),
        /**
         * The user's area and every area above it, provinsi first, with their Kemendagri names:
         * public reference data a phone does not pull above its own level (a camat's phone holds
         * no kabupaten row), which the printed commitment's letterhead names.
         */
        areas: z.array(z.object({ code: z.string(), level: z.enum(AREA_LEVELS), name: z.string() })),
      }),
    },
    async ({ db, principal }) => {
      const { deviceId, userId, ...rest } = principal;
      const codes = AREA_LEVELS.map((l) => areaAncestor(principal.areaCode, l)).filter((c): c is string => c !== null);
      const rows = await db.select({ code: areas.id, level: areas.level, name: areas.name }).from(areas).where(inArray(areas.id, codes)).all();
      const chain = codes.flatMap((c) => rows.filter((r) => r.code === c));
      return { user: { id: userId, ...rest }, deviceId, areas: chain };
    },
  );
  define(
    app,
    { method: "get", path: "/api/openapi.json", tag: "meta", auth: "public", status: 200, summary: "This document (OpenAPI 3.1)", response: z.record(z.string(), z.unknown()) },
    async () => openApiDocument(ROUTES),
  );
}
