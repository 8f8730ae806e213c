import { and, count, eq, gte, isNull } from "drizzle-orm";
import { formatCode, hashCode, normaliseCode, randomCode } from "../../domain/util/codes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import type { Db } from "../db/client.ts";
import { devices, enrollmentCodes, enrollmentFailures, users } from "../db/schema.ts";
import { ApiError } from "../http/errors.ts";
import { audit } from "./audit.ts";
import { newDeviceToken, hashToken } from "./tokens.ts";

export const ENROLLMENT_CODE_TTL_MS = 72 * 60 * 60 * 1000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** Issue a one-time code for a user; the plain code is shown once, only its hash is stored. */
export async function issueCode(db: Db, userId: string, byUserId: string, now: number) {
  const code = randomCode();
  const expiresAt = now + ENROLLMENT_CODE_TTL_MS;
  await db.batch([
    db.insert(enrollmentCodes).values({ codeHash: await hashCode(code), userId, expiresAt, createdAt: now, createdBy: byUserId }),
    audit(db, { userId: byUserId }, { action: "admin.issue_code", entity: "user", entityId: userId }, now),
  ]);
  return { code, expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * Exchange an enrollment code for a device token. Failures are counted per code and per client
 * (the connecting IP): 5 in 15 minutes and that code, or that client, gets 429 until the window
 * passes, which makes guessing an 8-letter code hopeless.
 */
export async function enroll(db: Db, input: { code: string; deviceName?: string | undefined }, client: string, production: boolean, now: number) {
  const raw = normaliseCode(input.code);
  const codeHash = await hashCode(formatCode(raw));
  const since = now - FAILURE_WINDOW_MS;
  const [byCode, byClient] = await db.batch([
    db.select({ n: count() }).from(enrollmentFailures).where(and(eq(enrollmentFailures.codeHash, codeHash), gte(enrollmentFailures.at, since))),
    db.select({ n: count() }).from(enrollmentFailures).where(and(eq(enrollmentFailures.client, client), gte(enrollmentFailures.at, since))),
  ]);
  if ((byCode[0]?.n ?? 0) >= MAX_FAILURES || (byClient[0]?.n ?? 0) >= MAX_FAILURES) {
    throw new ApiError(429, "too_many_attempts", "Too many wrong codes; wait 15 minutes", { retryAfterSeconds: FAILURE_WINDOW_MS / 1000 }, {
      "Retry-After": String(FAILURE_WINDOW_MS / 1000),
    });
  }

  const row = await db
    .select({ code: enrollmentCodes, user: users })
    .from(enrollmentCodes)
    .innerJoin(users, eq(users.id, enrollmentCodes.userId))
    .where(eq(enrollmentCodes.codeHash, codeHash))
    .get();
  const fail = async (status: 401 | 409 | 410, code: string, message: string) => {
    await db.insert(enrollmentFailures).values({ codeHash, client, at: now });
    return new ApiError(status, code, message);
  };
  if (!row || (row.code.demo && production) || !row.user.active) throw await fail(401, "code_unknown", "Unknown enrollment code");
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

  const token = newDeviceToken();
  const deviceId = uuidv7(now);
  await db.batch([
    db.insert(devices).values({ id: deviceId, userId: row.user.id, tokenHash: await hashToken(token), name: input.deviceName ?? null, createdAt: now, lastSeenAt: now }),
    audit(db, { userId: row.user.id, deviceId }, { action: "device.enroll", entity: "device", entityId: deviceId }, now),
  ]);
  const u = row.user;
  return { token, deviceId, user: { id: u.id, name: u.name, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId } };
}
