/**
 * The role × permission table. Every route and every pushed mutation is checked by `can()`
 * below; docs/ACCESS.md is this table in prose and test/worker/access.test.ts tests each cell.
 */
export declare const ROLES: readonly ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra"];
export type Role = (typeof ROLES)[number];
export declare const PERMISSIONS: readonly ["health:read", "health:write", "lintas:read", "lintas:write", "reference:read", "reference:write", "admin:users", "audit:read"];
export type Permission = (typeof PERMISSIONS)[number];
/**
 * How far a permission reaches from the user's own area.
 * - own: the user's area (and, for a dusun-bound kader, the dusun)
 * - kecamatan: the kecamatan that contains the user's area
 * - party: only commitments whose parties include the user's office
 * - office: as party, and the target must belong to the user's office
 */
export type Reach = false | "own" | "kecamatan" | "party" | "office";
export declare const POLICY: Record<Role, Record<Permission, Reach>>;
/** The area level each role is bound to when it is created. */
export declare const ROLE_AREA_LEVEL: Record<Role, "kabupaten" | "kecamatan" | "desa">;
/** Which roles an administrator may create: never one that reaches wider than their own. */
export declare const CREATABLE_ROLES: Record<Role, readonly Role[]>;
export interface Principal {
    userId: string;
    role: Role;
    /** Kemendagri code of the area the user serves. */
    areaCode: string;
    /** Set for a kader bound to one dusun. */
    dusunId?: string | null;
    /** Set for a mitra: the partner office the user belongs to. */
    officeId?: string | null;
    deviceId?: string | null;
}
/** What a permission is checked against. Only the fields that matter for the domain are set. */
export interface Target {
    areaCode: string;
    dusunId?: string | null;
    /** Offices that are parties of the commitment the target belongs to. */
    partyOfficeIds?: readonly string[];
    /** The office a target belongs to (an item's responsible office, a signing office). */
    officeId?: string | null;
}
/** The area a permission reaches for this user, or null when the role lacks it. */
export declare function reachArea(p: Principal, perm: Permission): string | null;
export declare function can(p: Principal, perm: Permission, target?: Target): boolean;
