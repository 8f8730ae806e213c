import type { Hono } from "hono";
import { z } from "zod";
import { uuid } from "../../domain/entities/fields.ts";
import { define, type AppEnv } from "../http/route.ts";
import { itemIndicator } from "../services/lintas-indicators.ts";

/**
 * Lintas sektor reads that are not sync (issue 15): a commitment item's live health figure, e.g.
 * a KUA item's catin screened, found anaemic or KEK, and followed up. Counts only, with small
 * cells suppressed (domain/lintas/indicators.ts); who may read is who may read the item.
 */

const idParam = z.strictObject({ id: uuid });
const cell = z.number().int().nullable();

export function lintasRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/lintas/items/:id/indicator", tag: "lintas", auth: "lintas:read", params: idParam, status: 200,
      query: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      summary: "A commitment item's live health figure from the records of its desa (KUA: catin screened, anaemic or KEK, followed up): counts only, small cells suppressed",
      response: z.union([
        z.object({ itemId: z.string(), indicator: z.null() }),
        z.object({
          itemId: z.string(), indicator: z.literal("catin"), year: z.number().int(), minCell: z.number().int(),
          desa: z.array(z.object({ code: z.string(), screened: z.number().int() })),
          total: z.object({ screened: z.number().int(), found: cell, followedUp: cell }),
        }),
      ]),
      errors: [404],
    },
    ({ db, principal, params, query, now }) => itemIndicator(db, principal, params.id, query.year, now),
  );
}
