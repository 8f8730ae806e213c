import type { Hono } from "hono";
import { z } from "zod";
import { ROLES } from "../../domain/access/policy.ts";
import { areaCode, shortText, uuid } from "../../domain/entities/fields.ts";
import { define, type AppEnv } from "../http/route.ts";
import { createUser, issueEnrollmentCode, listDevices, listEnrollmentCodes, listUsers, revokeDevice, updateUser } from "../services/admin.ts";
import { enrollConfig } from "../services/enroll.ts";

const user = z.object({
  id: z.string(), name: z.string(), role: z.enum(ROLES), areaCode: z.string(), dusunId: z.string().nullable(), officeId: z.string().nullable(), active: z.boolean(),
});
const idParam = z.strictObject({ id: uuid });

export function adminRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/admin/users", tag: "admin", auth: "admin:users", status: 201,
      summary: "Create a user with a role and an area within the caller's",
      body: z.strictObject({ name: shortText(120), role: z.enum(ROLES), areaCode, dusunId: uuid.nullable().optional(), officeId: uuid.nullable().optional() }),
      response: user,
    },
    ({ db, principal, body, now }) => createUser(db, principal, body, now),
  );
  define(
    app,
    {
      method: "put", path: "/api/admin/users/:id", tag: "admin", auth: "admin:users", params: idParam, status: 200,
      summary: "Rename a user, move them to another area or dusun, or deactivate them (not oneself)",
      body: z.strictObject({ name: shortText(120).optional(), areaCode: areaCode.optional(), dusunId: uuid.nullable().optional(), active: z.boolean().optional() }).refine((b) => Object.keys(b).length > 0, "nothing to change"),
      response: user, errors: [404],
    },
    ({ db, principal, params, body, now }) => updateUser(db, principal, params.id, body, now),
  );
  define(
    app,
    { method: "get", path: "/api/admin/users", tag: "admin", auth: "admin:users", status: 200, summary: "Users in the caller's area", response: z.object({ users: z.array(user) }) },
    ({ db, principal, now }) => listUsers(db, principal, now),
  );
  define(
    app,
    {
      method: "post", path: "/api/admin/users/:id/enrollment-codes", tag: "admin", auth: "admin:users", params: idParam, status: 201,
      summary: "Issue a one-time enrollment code (8 letters, 72 h)",
      response: z.object({ code: z.string(), expiresAt: z.string(), widerRole: z.boolean() }), errors: [404, 409, 503],
    },
    ({ db, central, shard, env, principal, params, now }) => issueEnrollmentCode(db, { central, shard }, principal, params.id, enrollConfig(env).codeKey, now),
  );
  define(
    app,
    {
      method: "get", path: "/api/admin/enrollment-codes", tag: "admin", auth: "admin:users", status: 200, query: z.strictObject({ userId: uuid.optional() }),
      summary: "Enrollment codes of users in the caller's area: state, issuer, and whether the user holds more than its issuer (never the code)",
      response: z.object({
        codes: z.array(z.object({
          userId: z.string(), userName: z.string(), role: z.enum(ROLES), areaCode: z.string(),
          state: z.enum(["unused", "used", "expired"]), demo: z.boolean(), widerRole: z.boolean(),
          issuedAt: z.string(), expiresAt: z.string(), usedAt: z.string().nullable(),
          issuedBy: z.object({ id: z.string(), role: z.string(), name: z.string().nullable() }).nullable(),
        })),
      }),
    },
    ({ db, principal, query, now }) => listEnrollmentCodes(db, principal, query.userId, now),
  );
  define(
    app,
    {
      method: "get", path: "/api/admin/devices", tag: "admin", auth: "admin:users", status: 200, query: z.strictObject({ userId: uuid.optional() }),
      summary: "Enrolled devices of users in the caller's area",
      response: z.object({
        devices: z.array(z.object({
          id: z.string(), userId: z.string(), userName: z.string(), role: z.string(), name: z.string().nullable(), createdAt: z.string(), lastSeenAt: z.string().nullable(),
          lastSyncAt: z.string().nullable(), outbox: z.object({ pending: z.int(), rejected: z.int() }).nullable(), revokedAt: z.string().nullable(),
        })),
      }),
    },
    ({ db, principal, query, now }) => listDevices(db, principal, query.userId, now),
  );
  define(
    app,
    {
      method: "post", path: "/api/admin/devices/:id/revoke", tag: "admin", auth: "admin:users", params: idParam, status: 200,
      summary: "Revoke a device; its next request gets 401 device_revoked",
      response: z.object({ id: z.string(), revokedAt: z.string() }), errors: [404],
    },
    ({ db, principal, params, now }) => revokeDevice(db, principal, params.id, now),
  );
}
