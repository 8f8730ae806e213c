import type { Hono } from "hono";
import { z } from "zod";
import { authorSchema } from "../../domain/sync/protocol.ts";
import { define, type AppEnv } from "../http/route.ts";
import { CONFLICTS_PAGE, listOpenConflicts } from "../services/conflicts.ts";

export function conflictRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/conflicts", tag: "sync", auth: "health:read", status: 200,
      summary: "Open conflicts on health data in the caller's area (or one desa of it), newest first, with a count per desa (audited read)",
      query: z.strictObject({
        desa: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, "a desa's Kemendagri code, like 18.04.10.2001").optional(),
        limit: z.coerce.number().int().min(1).max(CONFLICTS_PAGE).optional(),
      }),
      response: z.object({
        conflicts: z.array(z.object({
          id: z.int(), entity: z.string(), entityId: z.string(), field: z.string(), serverValue: z.unknown(), clientValue: z.unknown(),
          clientBy: authorSchema, clientAt: z.int(), desa: z.string().nullable(), dusun: z.string().nullable(),
        })),
        perDesa: z.array(z.object({ desa: z.string().nullable(), open: z.int() })),
      }),
      errors: [403],
    },
    ({ db, principal, query, now }) => listOpenConflicts(db, principal, query, now),
  );
}
