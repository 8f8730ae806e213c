import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "../../domain/access/policy.ts";
import { TOKEN_RE } from "../../domain/shards/registry.ts";
import type { Db } from "../db/client.ts";
import { devices, users } from "../db/schema.ts";
import { ApiError } from "../http/errors.ts";
import { hashToken } from "./tokens.ts";

/** Only touch last_seen_at this often: a write per request would double D1 writes. */
const LAST_SEEN_RESOLUTION_MS = 15 * 60 * 1000;

/**
 * Resolve a bearer token to the principal it acts for. Revocation is read on every request,
 * so a revoked phone is refused on its very next call.
 */
/**
 * The device-and-user lookup of every request, built once per database handle (openDb keeps one
 * per binding): drizzle building this join's SQL was a visible share of a push's CPU in a
 * profile (docs/PERFORMANCE.md, "Push").
 */
function deviceByToken(db: Db) {
  let q = DEVICE_BY_TOKEN.get(db);
  if (!q) DEVICE_BY_TOKEN.set(db, (q = buildDeviceByToken(db)));
  return q;
}

const DEVICE_BY_TOKEN = new WeakMap<Db, ReturnType<typeof buildDeviceByToken>>();
const buildDeviceByToken = (db: Db) =>
  db.select({ device: devices, user: users }).from(devices).innerJoin(users, eq(users.id, devices.userId)).where(eq(devices.tokenHash, sql.placeholder("tokenHash"))).prepare();

/** The bearer token of a request when it has the shape of one (domain/shards/registry.ts TOKEN_RE). */
export function bearerToken(authorization: string | undefined): string | null {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  return token && TOKEN_RE.test(token) ? token : null;
}

export async function authenticate(db: Db, authorization: string | undefined, now: number): Promise<{ principal: Principal; touch?: Promise<unknown> }> {
  const token = bearerToken(authorization);
  if (!token) throw new ApiError(401, "unauthenticated", "A device token is required (Authorization: Bearer …)");
  const tokenHash = await hashToken(token);
  const row = await deviceByToken(db).get({ tokenHash });
  if (!row) throw new ApiError(401, "unauthenticated", "Unknown device token");
  if (row.device.revokedAt) throw new ApiError(401, "device_revoked", "This device was revoked; enroll it again");
  if (!row.user.active) throw new ApiError(401, "user_inactive", "This user is deactivated");
  const principal: Principal = {
    userId: row.user.id,
    role: row.user.role,
    areaCode: row.user.areaCode,
    dusunId: row.user.dusunId,
    officeId: row.user.officeId,
    deviceId: row.device.id,
  };
  const touch =
    !row.device.lastSeenAt || now - row.device.lastSeenAt > LAST_SEEN_RESOLUTION_MS
      ? db.update(devices).set({ lastSeenAt: now }).where(and(eq(devices.id, row.device.id))).run()
      : undefined;
  return { principal, touch };
}
