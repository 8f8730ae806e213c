import { can, type Principal } from "../../../domain/access/policy.ts";
import type { EnrolledUser } from "../sync/transport.ts";

/**
 * What a screen offers the user to write: only the places the server's policy (domain/access,
 * the same `can` the push checks every mutation with) lets this user write health data in. A
 * kader bound to a dusun is offered her dusun only, a pustu its desa only, so a save is not
 * refused after the fact (issue 12).
 */
export function principalOf(u: Pick<EnrolledUser, "id" | "role" | "areaCode" | "dusunId" | "officeId">): Principal {
  return { userId: u.id, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId };
}

/** Desa (area rows of level desa) where the user may write a household (a dusun-bound kader: in her dusun). */
export function writableDesa<A extends { id: string; data: { level: string } }>(p: Principal, areas: readonly A[]): A[] {
  return areas.filter((a) => a.data.level === "desa" && can(p, "health:write", { areaCode: a.id, dusunId: p.dusunId ?? null }));
}

/** The dusun of `desaCode` the user may put a household in. */
export function writableDusun<D extends { id: string; data: { desaCode: string } }>(p: Principal, desaCode: string, dusun: readonly D[]): D[] {
  if (!desaCode) return [];
  return dusun.filter((d) => d.data.desaCode === desaCode && can(p, "health:write", { areaCode: desaCode, dusunId: d.id }));
}

/** Whether the user may leave a household of `desaCode` without a dusun (a dusun-bound kader may not). */
export function mayLeaveDusunEmpty(p: Principal, desaCode: string): boolean {
  return !desaCode || can(p, "health:write", { areaCode: desaCode, dusunId: null });
}
