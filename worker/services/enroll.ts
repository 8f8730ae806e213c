import { and, eq, isNull, sql } from "drizzle-orm";
import { widerPermissions, type Principal } from "../../domain/access/policy.ts";
import { ENROLLMENT_CODE_TTL_MS, enrollmentCodeKey, formatCode, hashCode, MIN_CODE_KEY_LENGTH, normaliseCode, randomCode } from "../../domain/util/codes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import type { Db } from "../db/client.ts";
import { devices, enrollmentCodes, enrollmentDirectory, enrollmentFailures, users } from "../db/schema.ts";
import { LEGACY_SHARD_KEY, type ShardKey } from "../../domain/shards/registry.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../http/errors.ts";
import type { ApiErrorCode } from "../../domain/http/error-codes.ts";
import { audit } from "./audit.ts";
import { newDeviceToken, newRecoveryKey, hashToken } from "./tokens.ts";

export { ENROLLMENT_CODE_TTL_MS, MIN_CODE_KEY_LENGTH };
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export interface EnrollConfig {
  /** Demo codes are refused in production. */
  production: boolean;
  /** The HMAC key codes are stored under (domain/util/codes.ts hashCode). */
  codeKey: string;
}

/**
 * The enrollment settings of this Worker. Production needs the secret ENROLLMENT_CODE_KEY
 * (`wrangler secret put ENROLLMENT_CODE_KEY`); without it enrollment fails closed with 503
 * `not_configured`, and no code is issued or accepted. Elsewhere the public development key
 * stands in, which is also the key the demo seed uses.
 */
export function enrollConfig(env: Pick<Env, "ENVIRONMENT" | "ENROLLMENT_CODE_KEY">): EnrollConfig {
  const production = env.ENVIRONMENT === "production";
  const codeKey = enrollmentCodeKey(production, env.ENROLLMENT_CODE_KEY);
  if (codeKey === null) {
    throw new ApiError(503, "not_configured", "Enrollment is not configured on this server; the administrator must set ENROLLMENT_CODE_KEY", {
      setting: "ENROLLMENT_CODE_KEY",
    });
  }
  return { production, codeKey };
}

/**
 * Issue a one-time code for a user; the plain code is shown once, only its keyed hash is stored.
 * A code for a user who holds more than its issuer (`widerPermissions`) is marked and audited
 * as `admin.issue_code_wider`: whoever holds the code can act with those permissions.
 */
export async function issueCode(db: Db, directory: { central: Db; shard: ShardKey }, codeKey: string, user: Principal, issuer: Principal, now: number) {
  const code = randomCode();
  const expiresAt = now + ENROLLMENT_CODE_TTL_MS;
  const wider = widerPermissions(user, issuer);
  const codeHash = await hashCode(code, codeKey);
  // The directory first: a code is only ever usable once enrollment can find its database. A
  // directory row whose code never reached the kabupaten is an unknown code, and expires.
  await directory.central.insert(enrollmentDirectory).values({ codeHash, shard: directory.shard, expiresAt, createdAt: now });
  await db.batch([
    db.insert(enrollmentCodes).values({ codeHash, userId: user.userId, expiresAt, widerRole: wider.length > 0, createdAt: now, createdBy: issuer.userId }),
    audit(db, issuer, {
      action: wider.length ? "admin.issue_code_wider" : "admin.issue_code",
      entity: "user",
      entityId: user.userId,
      details: wider.length ? { role: user.role, issuerRole: issuer.role, permissions: wider } : null,
    }, now),
  ]);
  return { code, expiresAt: new Date(expiresAt).toISOString(), widerRole: wider.length > 0 };
}

/**
 * The central half of redeeming a code (POST /api/enroll and /recover): the limiter, and which
 * kabupaten database holds the code. Failures are counted per code and per client (the
 * connecting IP, docs/ACCESS.md) in the central database, whichever kabupaten the code is for:
 * 5 in 15 minutes and that code, or that client, gets 429 until the window passes, which makes
 * guessing an 8-letter code hopeless across every kabupaten together.
 *
 * The attempt is recorded BEFORE the code is looked at, by one conditional INSERT that also
 * counts the recent ones: SQLite runs a statement atomically, so of any number of parallel
 * attempts at most 5 find room. A failure leaves its row; a success deletes it (`clear`).
 *
 * A code absent from the directory was issued before it existed, in the pilot's database
 * (domain/shards/registry.ts LEGACY_SHARD_KEY): one look in one database, never a scan.
 */
export async function routeCode(central: Db, code: string, client: string, config: EnrollConfig, now: number): Promise<RoutedCode> {
  const codeHash = await hashCode(formatCode(normaliseCode(code)), config.codeKey);
  const since = now - FAILURE_WINDOW_MS;
  const recent = (column: typeof enrollmentFailures.client | typeof enrollmentFailures.codeHash, value: string) =>
    sql`(SELECT count(*) FROM ${enrollmentFailures} WHERE ${column} = ${value} AND ${enrollmentFailures.at} >= ${since})`;
  const attempt = await central
    .insert(enrollmentFailures)
    // Every column in table order (id NULL: SQLite assigns it).
    .select(sql`SELECT NULL, ${codeHash}, ${client}, ${now} WHERE ${recent(enrollmentFailures.client, client)} < ${MAX_FAILURES} AND ${recent(enrollmentFailures.codeHash, codeHash)} < ${MAX_FAILURES}`)
    .returning({ id: enrollmentFailures.id })
    .get();
  if (!attempt) {
    throw new ApiError(429, "too_many_attempts", "Too many wrong codes; wait 15 minutes", { retryAfterSeconds: FAILURE_WINDOW_MS / 1000 }, {
      "Retry-After": String(FAILURE_WINDOW_MS / 1000),
    });
  }
  const entry = await central.select({ shard: enrollmentDirectory.shard }).from(enrollmentDirectory).where(eq(enrollmentDirectory.codeHash, codeHash)).get();
  return {
    codeHash,
    shard: entry?.shard ?? LEGACY_SHARD_KEY,
    clear: () => central.delete(enrollmentFailures).where(eq(enrollmentFailures.id, attempt.id)).run(),
  };
}

export interface RoutedCode {
  codeHash: string;
  /** The database that holds the code. */
  shard: ShardKey;
  /** Forget the attempt (after a success, so that only failures count). */
  clear: () => Promise<unknown>;
}

/** The kabupaten half: the look-up and the single use, shared by enrollment and PIN recovery. */
async function redeemCode(db: Db, codeHash: string, config: EnrollConfig, now: number) {
  const row = await db
    .select({ code: enrollmentCodes, user: users })
    .from(enrollmentCodes)
    .innerJoin(users, eq(users.id, enrollmentCodes.userId))
    .where(eq(enrollmentCodes.codeHash, codeHash))
    .get();
  // The attempt row stays as the failure; the audit row says which kind (never the code or the address).
  const fail = async (status: 401 | 403 | 409 | 410, code: ApiErrorCode, message: string) => {
    await audit(db, null, { action: "enroll.failed", entity: row ? "user" : null, entityId: row?.user.id ?? null, details: { reason: code } }, now);
    return new ApiError(status, code, message);
  };
  if (!row || (row.code.demo && config.production) || !row.user.active) throw await fail(401, "code_unknown", "Unknown enrollment code");
  if (!row.code.demo) {
    if (row.code.usedAt) throw await fail(409, "code_used", "This enrollment code was already used");
    if (row.code.expiresAt < now) throw await fail(410, "code_expired", "This enrollment code has expired; ask for a new one");
    // Single use even under concurrent attempts: only one UPDATE can flip used_at.
    const used = await db
      .update(enrollmentCodes)
      .set({ usedAt: now })
      .where(and(eq(enrollmentCodes.codeHash, codeHash), isNull(enrollmentCodes.usedAt)))
      .run();
    if (used.meta.changes !== 1) throw await fail(409, "code_used", "This enrollment code was already used");
  }
  const u = row.user;
  return {
    user: { id: u.id, name: u.name, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId },
    fail,
  };
}

/** Exchange an enrollment code for a new device: its token and its recovery key. */
export async function enroll(db: Db, routed: RoutedCode, input: { deviceName?: string | undefined }, config: EnrollConfig, now: number) {
  const { user } = await redeemCode(db, routed.codeHash, config, now);
  const token = newDeviceToken(routed.shard);
  const recoveryKey = newRecoveryKey();
  const deviceId = uuidv7(now);
  await db.batch([
    db.insert(devices).values({ id: deviceId, userId: user.id, tokenHash: await hashToken(token), name: input.deviceName ?? null, createdAt: now, lastSeenAt: now, recoveryKey }),
    audit(db, { userId: user.id, deviceId }, { action: "device.enroll", entity: "device", entityId: deviceId }, now),
  ]);
  await routed.clear();
  return { token, deviceId, user, recoveryKey };
}

/**
 * A forgotten PIN (web/src/screens/lock/forgot.tsx): a new code of the same user, presented with
 * the phone's device id, gives that device a new token (the old one stops working) and hands
 * back its recovery key, which opens the phone's data key. A revoked device, another user's
 * device or a device enrolled without a recovery key is refused, and the code is spent either way.
 */
export async function recover(db: Db, routed: RoutedCode, input: { deviceId: string }, config: EnrollConfig, now: number) {
  const { user, fail } = await redeemCode(db, routed.codeHash, config, now);
  const device = await db.select().from(devices).where(eq(devices.id, input.deviceId)).get();
  if (!device || device.userId !== user.id) throw await fail(403, "device_mismatch", "This code is not for the owner of this device");
  if (device.revokedAt !== null) throw await fail(403, "device_revoked", "This device was revoked; it cannot be recovered");
  if (!device.recoveryKey) throw await fail(409, "no_recovery_key", "This device was enrolled without a recovery key");
  const token = newDeviceToken(routed.shard);
  await db.batch([
    db.update(devices).set({ tokenHash: await hashToken(token), lastSeenAt: now }).where(eq(devices.id, device.id)),
    audit(db, { userId: user.id, deviceId: device.id }, { action: "device.recover", entity: "device", entityId: device.id }, now),
  ]);
  await routed.clear();
  return { token, deviceId: device.id, user, recoveryKey: device.recoveryKey };
}
