import { areaAncestor, areaWithin } from "../area/codes.ts";

/**
 * The role × permission table. Every route and every pushed mutation is checked by `can()`
 * below; docs/ACCESS.md is this table in prose and test/worker/access.test.ts tests each cell.
 */
export const ROLES = ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "health:read", // households, persons, visit records: personal health data
  "health:write",
  "lintas:read", // meetings, commitments, items, signatures, progress
  "lintas:write",
  "reference:read", // areas, dusun, facilities, offices, form definitions
  "reference:write",
  "admin:users", // users, enrollment codes, devices
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * How far a permission reaches from the user's own area.
 * - own: the user's area (and, for a dusun-bound kader, the dusun)
 * - kecamatan: the kecamatan that contains the user's area
 * - party: only commitments whose parties include the user's office
 * - office: as party, and the target must belong to the user's office
 */
export type Reach = false | "own" | "kecamatan" | "party" | "office";

export const POLICY: Record<Role, Record<Permission, Reach>> = {
  dinkes: {
    "health:read": "own", "health:write": false,
    "lintas:read": "own", "lintas:write": false,
    "reference:read": "own", "reference:write": "own",
    "admin:users": "own",
  },
  puskesmas: {
    "health:read": "own", "health:write": "own",
    "lintas:read": "own", "lintas:write": "own",
    "reference:read": "own", "reference:write": "own",
    "admin:users": "own",
  },
  pustu: {
    "health:read": "own", "health:write": "own",
    "lintas:read": "kecamatan", "lintas:write": false,
    "reference:read": "kecamatan", "reference:write": false,
    "admin:users": false,
  },
  kader: {
    "health:read": "own", "health:write": "own",
    "lintas:read": false, "lintas:write": false,
    "reference:read": "kecamatan", "reference:write": false,
    "admin:users": false,
  },
  camat: {
    "health:read": false, "health:write": false,
    "lintas:read": "own", "lintas:write": "own",
    "reference:read": "own", "reference:write": false,
    "admin:users": false,
  },
  mitra: {
    "health:read": false, "health:write": false,
    "lintas:read": "party", "lintas:write": "office",
    "reference:read": "own", "reference:write": false,
    "admin:users": false,
  },
};

/** The area level each role is bound to when it is created. */
export const ROLE_AREA_LEVEL: Record<Role, "kabupaten" | "kecamatan" | "desa"> = {
  dinkes: "kabupaten",
  puskesmas: "kecamatan",
  pustu: "desa",
  kader: "desa",
  camat: "kecamatan",
  mitra: "kecamatan",
};

/** Which roles an administrator may create: never one that reaches wider than their own. */
export const CREATABLE_ROLES: Record<Role, readonly Role[]> = {
  dinkes: ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra"],
  puskesmas: ["puskesmas", "pustu", "kader", "camat", "mitra"],
  pustu: [],
  kader: [],
  camat: [],
  mitra: [],
};

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
export function reachArea(p: Principal, perm: Permission): string | null {
  const reach = POLICY[p.role][perm];
  if (reach === false) return null;
  if (reach === "kecamatan") return areaAncestor(p.areaCode, "kecamatan");
  return p.areaCode;
}

export function can(p: Principal, perm: Permission, target?: Target): boolean {
  const reach = POLICY[p.role][perm];
  if (reach === false) return false;
  if (!target) return true; // permission to use the route at all; targets are checked later
  const area = reachArea(p, perm);
  if (!area || !areaWithin(target.areaCode, area)) return false;
  if (reach === "own" && p.dusunId && perm.startsWith("health:") && target.dusunId !== p.dusunId) {
    return false;
  }
  if (reach === "party" || reach === "office") {
    if (!p.officeId || !target.partyOfficeIds?.includes(p.officeId)) return false;
  }
  if (reach === "office" && target.officeId !== p.officeId) return false;
  return true;
}
