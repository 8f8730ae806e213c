import type { Hono } from "hono";
import { z } from "zod";
import { uuid } from "../../domain/entities/fields.ts";
import { define, type AppEnv } from "../http/route.ts";
import { readPerson } from "../services/persons.ts";

export function personRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/persons/:id", tag: "registry", auth: "health:read", params: z.strictObject({ id: uuid }), status: 200,
      summary: "A person and their visit records (audited read)",
      response: z.object({ person: z.record(z.string(), z.unknown()), records: z.array(z.record(z.string(), z.unknown())) }), errors: [404],
    },
    ({ db, principal, params, now }) => readPerson(db, principal, params.id, now),
  );
}
