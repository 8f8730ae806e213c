import { and, desc, eq, like, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { areaLevel, areaWithin } from "../../domain/area/codes.ts";
import { CREATABLE_ROLES, reachArea, ROLE_AREA_LEVEL, type Principal, type Role } from "../../domain/access/policy.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import type { Db } from "../db/client.ts";
import { areas, devices, dusun, enrollmentCodes, offices, users } from "../db/schema.ts";
import { ApiError, forbidden, notFound } from "../http/errors.ts";
import { audit } from "./audit.ts";
import { issueCode } from "./enroll.ts";
import type { ShardKey } from "../../domain/shards/registry.ts";

export interface NewUser {
  name: string;
  role: Role;
  areaCode: string;
  dusunId?: string | null | undefined;
  officeId?: string | null | undefined;
}

/** An administrator's reach: the area of `admin:users` for this principal. */
function adminArea(p: Principal): string {
  const area = reachArea(p, "admin:users");
  if (!area) throw forbidden();
  return area;
}

export async function createUser(db: Db, p: Principal, input: NewUser, now: number) {
  if (!CREATABLE_ROLES[p.role].includes(input.role)) throw forbidden(`A ${p.role} user cannot create a ${input.role} user`);
  if (!areaWithin(input.areaCode, adminArea(p))) throw forbidden("The area is outside yours", { field: "areaCode" });
  const wantLevel = ROLE_AREA_LEVEL[input.role];
  if (areaLevel(input.areaCode) !== wantLevel) {
    throw new ApiError(422, "validation_failed", `A ${input.role} user is bound to a ${wantLevel}`, { field: "areaCode" });
  }
  const area = await db.select({ id: areas.id }).from(areas).where(eq(areas.id, input.areaCode)).get();
  if (!area) throw new ApiError(422, "unknown_area", "Unknown wilayah code", { field: "areaCode" });
  if (input.dusunId) {
    if (input.role !== "kader") throw new ApiError(422, "validation_failed", "Only a kader is bound to a dusun", { field: "dusunId" });
    const d = await db.select({ desaCode: dusun.desaCode }).from(dusun).where(eq(dusun.id, input.dusunId)).get();
    if (!d || d.desaCode !== input.areaCode) throw new ApiError(422, "invalid_reference", "The dusun is not in this desa", { field: "dusunId" });
  }
  if (input.role === "mitra") {
    if (!input.officeId) throw new ApiError(422, "validation_failed", "A mitra user belongs to an office", { field: "officeId" });
    const o = await db.select({ kecCode: offices.kecCode }).from(offices).where(eq(offices.id, input.officeId)).get();
    if (!o || o.kecCode !== input.areaCode) throw new ApiError(422, "invalid_reference", "The office is not in this kecamatan", { field: "officeId" });
  } else if (input.officeId) {
    throw new ApiError(422, "validation_failed", "Only a mitra user belongs to an office", { field: "officeId" });
  }
  const id = uuidv7(now);
  const row = { id, name: input.name, role: input.role, areaCode: input.areaCode, dusunId: input.dusunId ?? null, officeId: input.officeId ?? null, active: true, createdAt: now, createdBy: p.userId };
  await db.batch([db.insert(users).values(row), audit(db, p, { action: "admin.create_user", entity: "user", entityId: id }, now)]);
  return publicUser(row);
}

export function publicUser(u: typeof users.$inferSelect) {
  return { id: u.id, name: u.name, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId, active: u.active };
}

async function userInReach(db: Db, p: Principal, userId: string) {
  const u = await db.select().from(users).where(eq(users.id, userId)).get();
  // Out of reach answers like absent: an admin of one kecamatan learns nothing about another.
  if (!u || !areaWithin(u.areaCode, adminArea(p))) throw notFound("No such user in your area");
  return u;
}

export interface UserChange {
  name?: string | undefined;
  areaCode?: string | undefined;
  dusunId?: string | null | undefined;
  active?: boolean | undefined;
}

/**
 * Rename a user, move them to another area or dusun, or deactivate them. Their devices notice on
 * the next pull: a wider scope is backfilled, a narrower one makes the phone drop what it may no
 * longer see; a deactivated user's devices are refused (401 user_inactive). An administrator
 * cannot deactivate themselves (the last dinkes would lock everyone out).
 */
export async function updateUser(db: Db, p: Principal, userId: string, change: UserChange, now: number) {
  const u = await userInReach(db, p, userId);
  if (change.active === false && userId === p.userId) {
    throw new ApiError(422, "cannot_deactivate_self", "An administrator cannot deactivate their own account", { field: "active" });
  }
  const next = { areaCode: change.areaCode ?? u.areaCode, dusunId: change.dusunId === undefined ? u.dusunId : change.dusunId };
  if (!areaWithin(next.areaCode, adminArea(p))) throw forbidden("The area is outside yours", { field: "areaCode" });
  if (areaLevel(next.areaCode) !== ROLE_AREA_LEVEL[u.role]) {
    throw new ApiError(422, "validation_failed", `A ${u.role} user is bound to a ${ROLE_AREA_LEVEL[u.role]}`, { field: "areaCode" });
  }
  const area = await db.select({ id: areas.id }).from(areas).where(eq(areas.id, next.areaCode)).get();
  if (!area) throw new ApiError(422, "unknown_area", "Unknown wilayah code", { field: "areaCode" });
  if (next.dusunId) {
    if (u.role !== "kader") throw new ApiError(422, "validation_failed", "Only a kader is bound to a dusun", { field: "dusunId" });
    const d = await db.select({ desaCode: dusun.desaCode }).from(dusun).where(eq(dusun.id, next.dusunId)).get();
    if (!d || d.desaCode !== next.areaCode) throw new ApiError(422, "invalid_reference", "The dusun is not in this desa", { field: "dusunId" });
  }
  const row = { ...u, ...next, name: change.name ?? u.name, active: change.active ?? u.active };
  await db.batch([
    db.update(users).set({ name: row.name, areaCode: row.areaCode, dusunId: row.dusunId, active: row.active }).where(eq(users.id, userId)),
    audit(db, p, { action: "admin.update_user", entity: "user", entityId: userId, details: { fields: Object.keys(change) } }, now),
  ]);
  return publicUser(row);
}

/**
 * An administrator's read of staff data, audited alongside the read (concurrently, not in a
 * db.batch: D1's batch answers rows as objects, where a join's equal column names collide).
 */
function adminRead(db: Db, p: Principal, what: string, now: number, details: Record<string, unknown> = {}) {
  return audit(db, p, { action: "admin.read", entity: what, details }, now);
}

export async function listUsers(db: Db, p: Principal, now: number) {
  const area = adminArea(p);
  const [rows] = await Promise.all([
    db.select().from(users).where(or(eq(users.areaCode, area), like(users.areaCode, `${area}.%`))).orderBy(users.name).all(),
    adminRead(db, p, "users", now, { area }),
  ]);
  return { users: rows.map(publicUser) };
}

export async function issueEnrollmentCode(db: Db, directory: { central: Db; shard: ShardKey }, p: Principal, userId: string, codeKey: string, now: number) {
  const u = await userInReach(db, p, userId);
  if (!u.active) throw new ApiError(409, "user_inactive", "The user is deactivated");
  return issueCode(db, directory, codeKey, { userId: u.id, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId }, p, now);
}

export type CodeState = "unused" | "used" | "expired";

/**
 * The enrollment codes of users in the caller's area: state, who issued them, and whether the
 * user holds permissions its issuer lacks (`widerRole`). Never the code or its hash.
 */
export async function listEnrollmentCodes(db: Db, p: Principal, userId: string | undefined, now: number) {
  const area = adminArea(p);
  const issuer = alias(users, "issuer");
  const inArea = or(eq(users.areaCode, area), like(users.areaCode, `${area}.%`));
  const [rows] = await Promise.all([
    db
      .select({ code: enrollmentCodes, user: users, issuer: { id: issuer.id, name: issuer.name, role: issuer.role, areaCode: issuer.areaCode } })
      .from(enrollmentCodes)
      .innerJoin(users, eq(users.id, enrollmentCodes.userId))
      .leftJoin(issuer, eq(issuer.id, enrollmentCodes.createdBy))
      .where(userId ? and(inArea, eq(users.id, userId)) : inArea)
      .orderBy(desc(enrollmentCodes.createdAt))
      .all(),
    adminRead(db, p, "enrollment_codes", now, { area, ...(userId ? { userId } : {}) }),
  ]);
  return {
    codes: rows.map(({ code: c, user: u, issuer: i }) => {
      const state: CodeState = c.usedAt !== null && !c.demo ? "used" : c.expiresAt < now ? "expired" : "unused";
      // An issuer's name only when it works in or above the caller's area (a moved user's code may
      // have been issued elsewhere; one kecamatan learns nothing about another's staff).
      const related = i?.areaCode != null && (areaWithin(i.areaCode, area) || areaWithin(area, i.areaCode));
      return {
        userId: u.id, userName: u.name, role: u.role, areaCode: u.areaCode, state, demo: c.demo, widerRole: c.widerRole,
        issuedAt: new Date(c.createdAt).toISOString(), expiresAt: new Date(c.expiresAt).toISOString(),
        usedAt: c.usedAt !== null ? new Date(c.usedAt).toISOString() : null,
        issuedBy: i?.id ? { id: i.id, role: i.role, name: related ? i.name : null } : null,
      };
    }),
  };
}

export async function listDevices(db: Db, p: Principal, userId: string | undefined, now: number) {
  const area = adminArea(p);
  const inArea = or(eq(users.areaCode, area), like(users.areaCode, `${area}.%`));
  const [rows] = await Promise.all([
    db
      .select({ device: devices, user: users })
      .from(devices)
      .innerJoin(users, eq(users.id, devices.userId))
      .where(userId ? and(inArea, eq(users.id, userId)) : inArea)
      .orderBy(desc(devices.createdAt))
      .all(),
    adminRead(db, p, "devices", now, { area, ...(userId ? { userId } : {}) }),
  ]);
  return {
    devices: rows.map(({ device: d, user: u }) => ({
      id: d.id, userId: u.id, userName: u.name, role: u.role, name: d.name,
      createdAt: new Date(d.createdAt).toISOString(),
      lastSeenAt: d.lastSeenAt ? new Date(d.lastSeenAt).toISOString() : null,
      lastSyncAt: d.lastSyncAt ? new Date(d.lastSyncAt).toISOString() : null,
      // Null until the phone reports (X-Simpul-Outbox on a pull; older app versions never do).
      outbox: d.outboxPending === null || d.outboxRejected === null ? null : { pending: d.outboxPending, rejected: d.outboxRejected },
      revokedAt: d.revokedAt ? new Date(d.revokedAt).toISOString() : null,
    })),
  };
}

export async function revokeDevice(db: Db, p: Principal, deviceId: string, now: number) {
  const d = await db.select().from(devices).where(eq(devices.id, deviceId)).get();
  if (!d) throw notFound("No such device in your area");
  await userInReach(db, p, d.userId);
  if (!d.revokedAt) {
    await db.batch([
      db.update(devices).set({ revokedAt: now, revokedBy: p.userId }).where(eq(devices.id, deviceId)),
      audit(db, p, { action: "admin.revoke_device", entity: "device", entityId: deviceId }, now),
    ]);
  }
  return { id: deviceId, revokedAt: new Date(d.revokedAt ?? now).toISOString() };
}

