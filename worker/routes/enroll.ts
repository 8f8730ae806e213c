import type { Context, Hono } from "hono";
import { z } from "zod";
import { define, type AppEnv } from "../http/route.ts";
import type { Db } from "../db/client.ts";
import { shardDb } from "../db/shards.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../http/errors.ts";
import { enroll, enrollConfig, recover, routeCode, type RoutedCode } from "../services/enroll.ts";

const enrollBody = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9 -]{4,32}$/, "an enrollment code is 8 letters and digits, like ABCD-EFGH"),
  deviceName: z.string().max(80).optional(),
});

const enrolledUser = z.object({
  id: z.string(), name: z.string(), role: z.string(), areaCode: z.string(), dusunId: z.string().nullable(), officeId: z.string().nullable(),
});

const recoverBody = z.strictObject({
  code: enrollBody.shape.code,
  deviceId: z.uuid(),
});

const enrolled = z.object({
  token: z.string(),
  deviceId: z.string(),
  user: enrolledUser,
  /** Wraps the phone's data key; the phone keeps it only wrapped around that key. */
  recoveryKey: z.string(),
});

/**
 * Set by Cloudflare's edge to the address the connection came from; a client cannot forge it
 * there. X-Forwarded-For is not read: any client can write it (docs/ACCESS.md, "Enrollment").
 */
function clientOf(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "local";
}

/** The database the directory names for a code; one the Worker does not serve is an unknown code. */
function codeDb(env: Env, routed: RoutedCode): Db {
  const db = shardDb(env, routed.shard);
  if (!db) throw new ApiError(401, "code_unknown", "Unknown enrollment code");
  return db;
}

export function enrollRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/enroll", tag: "devices", auth: "public", body: enrollBody, status: 200,
      summary: "Exchange a one-time enrollment code for a device token",
      response: enrolled,
      errors: [401, 409, 410, 429, 503],
    },
    async ({ c, central, body, now, env }) => {
      const config = enrollConfig(env);
      const routed = await routeCode(central, body.code, clientOf(c), config, now);
      return enroll(codeDb(env, routed), routed, body, config, now);
    },
  );
  define(
    app,
    {
      method: "post", path: "/api/enroll/recover", tag: "devices", auth: "public", body: recoverBody, status: 200,
      summary: "A forgotten PIN: a new code of the device's user re-issues its token and returns its recovery key",
      response: enrolled,
      errors: [401, 403, 409, 410, 429, 503],
    },
    async ({ c, central, body, now, env }) => {
      const config = enrollConfig(env);
      const routed = await routeCode(central, body.code, clientOf(c), config, now);
      return recover(codeDb(env, routed), routed, body, config, now);
    },
  );
}
