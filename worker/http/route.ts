import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { can, type Permission, type Principal, type Target } from "../../domain/access/policy.ts";
import { openDb, type Db } from "../db/client.ts";
import type { Env } from "../env.ts";
import { authenticate } from "../services/auth.ts";
import { DEFAULT_MAX_BODY_BYTES, parseWith, readJson } from "./body.ts";
import { forbidden } from "./errors.ts";

export type AppEnv = { Bindings: Env };

/**
 * A route is declared once: its schemas validate the request here and generate the OpenAPI
 * document (http/openapi.ts). Every route passes through `define`, which is the single gate for
 * authentication and the route-level permission; handlers then check targets with `authorize`.
 */
export interface RouteSpec {
  method: "get" | "post" | "put" | "delete";
  /** Hono path syntax (`/api/x/:id`). */
  path: string;
  summary: string;
  tag: string;
  /** "public" needs no token; "authenticated" any enrolled device; else a permission. */
  auth: "public" | "authenticated" | Permission;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
  maxBodyBytes?: number;
  /** Error statuses this route can answer, for the document. */
  errors?: readonly number[];
}

export interface HandlerInput<S extends RouteSpec> {
  c: Context<AppEnv>;
  db: Db;
  env: Env;
  now: number;
  principal: S["auth"] extends "public" ? Principal | null : Principal;
  body: S["body"] extends z.ZodType ? z.infer<S["body"]> : undefined;
  query: S["query"] extends z.ZodType ? z.infer<S["query"]> : undefined;
  params: S["params"] extends z.ZodType ? z.infer<S["params"]> : undefined;
}

export type Handler<S extends RouteSpec> = (input: HandlerInput<S>) => Promise<unknown | Response>;

export const ROUTES: RouteSpec[] = [];

export function define<S extends RouteSpec>(app: Hono<AppEnv>, spec: S, handler: Handler<S>, status: ContentfulStatusCode = 200) {
  ROUTES.push(spec);
  app[spec.method](spec.path, async (c) => {
    const now = Date.now();
    const db = openDb(c.env.DB);
    let principal: Principal | null = null;
    if (spec.auth !== "public") {
      const auth = await authenticate(db, c.req.header("authorization"), now);
      principal = auth.principal;
      if (auth.touch) c.executionCtx.waitUntil(auth.touch);
      if (spec.auth !== "authenticated" && !can(principal, spec.auth)) {
        throw forbidden(`Role ${principal.role} lacks ${spec.auth}`);
      }
    }
    const params = spec.params ? parseWith(spec.params, c.req.param(), "path parameters") : undefined;
    const query = spec.query ? parseWith(spec.query, Object.fromEntries(new URL(c.req.url).searchParams), "query") : undefined;
    const body = spec.body ? parseWith(spec.body, await readJson(c, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), "body") : undefined;
    const out = await handler({ c, db, env: c.env, now, principal, body, query, params } as HandlerInput<S>);
    return out instanceof Response ? out : c.json(out as object, status);
  });
}

/** The target-level half of the gate: the same `can` as the route level, with the row's area. */
export function authorize(p: Principal, perm: Permission, target: Target): void {
  if (!can(p, perm, target)) throw forbidden("Outside your role or area", { permission: perm });
}

