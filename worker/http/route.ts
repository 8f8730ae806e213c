import type { Context, Hono } from "hono";
import { z } from "zod";
import { can, type Permission, type Principal, type Target } from "../../domain/access/policy.ts";
import { CENTRAL, tokenShardKey, type ShardKey } from "../../domain/shards/registry.ts";
import type { Db } from "../db/client.ts";
import { centralDb, shardDb } from "../db/shards.ts";
import type { Env } from "../env.ts";
import { audit } from "../services/audit.ts";
import { authenticate, bearerToken } from "../services/auth.ts";
import { DEFAULT_MAX_BODY_BYTES, parseWith, readJson } from "./body.ts";
import { ApiError, forbidden } from "./errors.ts";

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
  /**
   * The status of a successful answer: 201 when the route creates something, 202 when it only
   * queues the work, 204 when it answers no body. `define` answers with it and http/openapi.ts documents it, so the two cannot differ.
   */
  status: SuccessStatus;
  response: z.ZodType;
  /** Media types of a successful answer that is not JSON (photo bytes); default JSON of `response`. */
  mediaTypes?: readonly string[];
  maxBodyBytes?: number;
  /** Error statuses this route can answer, for the document. */
  errors?: readonly number[];
}

/** 202: accepted for later processing (a SATUSEHAT send job), answered before the work is done. */
export type SuccessStatus = 200 | 201 | 202 | 204;

export interface HandlerInput<S extends RouteSpec> {
  c: Context<AppEnv>;
  /** The database of the caller: its kabupaten's (from the device token), or the central one for public routes and provincial roles. */
  db: Db;
  /** Its key (domain/shards/registry.ts), "pusat" for the central database. */
  shard: ShardKey;
  /** The central database (directory, aggregates, transfers), for the few routes that also need it. */
  central: Db;
  env: Env;
  now: number;
  principal: S["auth"] extends "public" ? Principal | null : Principal;
  body: S["body"] extends z.ZodType ? z.infer<S["body"]> : undefined;
  query: S["query"] extends z.ZodType ? z.infer<S["query"]> : undefined;
  params: S["params"] extends z.ZodType ? z.infer<S["params"]> : undefined;
}

export type Handler<S extends RouteSpec> = (input: HandlerInput<S>) => Promise<unknown | Response>;

export const ROUTES: RouteSpec[] = [];

export function define<S extends RouteSpec>(app: Hono<AppEnv>, spec: S, handler: Handler<S>) {
  ROUTES.push(spec);
  app[spec.method](spec.path, async (c) => {
    const now = Date.now();
    // The token names its database; public routes (health, enrollment) start at the central one.
    const { db, shard } = spec.auth === "public" ? { db: centralDb(c.env), shard: CENTRAL.key } : requestShard(c.env, c.req.header("authorization"));
    let principal: Principal | null = null;
    if (spec.auth !== "public") {
      const auth = await authenticate(db, c.req.header("authorization"), now);
      principal = auth.principal;
      if (auth.touch) c.executionCtx.waitUntil(auth.touch);
      if (spec.auth !== "authenticated" && !can(principal, spec.auth)) {
        throw await auditRefusal(db, principal, spec, undefined, forbidden(`Role ${principal.role} lacks ${spec.auth}`), now);
      }
    }
    const params = spec.params ? parseWith(spec.params, c.req.param(), "path parameters") : undefined;
    const query = spec.query ? parseWith(spec.query, Object.fromEntries(new URL(c.req.url).searchParams), "query") : undefined;
    const body = spec.body ? parseWith(spec.body, await readJson(c, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), "body") : undefined;
    const out = await handler({ c, db, shard, central: centralDb(c.env), env: c.env, now, principal, body, query, params } as HandlerInput<S>).catch(async (e: unknown) => {
      throw e instanceof ApiError && e.status === 403 ? await auditRefusal(db, principal, spec, params, e, now) : e;
    });
    if (out instanceof Response) return out;
    return spec.status === 204 ? c.body(null, 204) : c.json(out as object, spec.status);
  });
}

/**
 * The database a request acts on, from its device token alone: no request looks in a database
 * other than its own kabupaten's (docs/SCALE.md, "Routing"). A token naming no known database is
 * as unknown as a token that is not in its database.
 */
function requestShard(env: Env, authorization: string | undefined): { db: Db; shard: ShardKey } {
  const token = bearerToken(authorization);
  if (!token) throw new ApiError(401, "unauthenticated", "A device token is required (Authorization: Bearer …)");
  const shard = tokenShardKey(token)!;
  const db = shardDb(env, shard);
  if (!db) throw new ApiError(401, "unauthenticated", "Unknown device token");
  return { db, shard };
}

/**
 * Every refused request (403, at the route gate or on a row) leaves an audit row: who, which
 * route, the id in the path; never the body or query. It is written before the answer so that
 * it cannot be lost, and a failed write is logged, never turned into a 500.
 */
async function auditRefusal(db: Db, p: Principal | null, spec: RouteSpec, params: unknown, err: ApiError, now: number): Promise<ApiError> {
  const id = (params as { id?: unknown } | undefined)?.id;
  const permission = (err.details as { permission?: unknown } | null | undefined)?.permission ?? (spec.auth.includes(":") ? spec.auth : undefined);
  try {
    await audit(db, p, {
      action: "access.refused",
      entityId: typeof id === "string" ? id : null,
      details: { method: spec.method.toUpperCase(), route: spec.path, code: err.code, ...(typeof permission === "string" ? { permission } : {}) },
    }, now);
  } catch (e) {
    // The error's name only: a failed query's message repeats its parameters.
    console.error(JSON.stringify({ level: "error", event: "audit_refusal_failed", route: spec.path, error: (e as Error).name }));
  }
  return err;
}

/** The target-level half of the gate: the same `can` as the route level, with the row's area. */
export function authorize(p: Principal, perm: Permission, target: Target): void {
  if (!can(p, perm, target)) throw forbidden("Outside your role or area", { permission: perm });
}

