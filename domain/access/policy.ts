import { areaAncestor, areaWithin } from "../area/codes.ts";

/**
 * The role × permission table. Every route and every pushed mutation is checked by `can()`
 * below; docs/ACCESS.md is this table in prose and test/worker/access.test.ts tests each cell.
 */
export const ROLES = ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra", "dinkes_provinsi"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "health:read", // households, persons, visit records: personal health data
  "health:write",
  "lintas:read", // meetings, commitments, items, signatures, progress
  "lintas:write",
  "reference:read", // areas, dusun, facilities, offices, form definitions
  "reference:write",
  "admin:users", // users, enrollment codes, devices
  "pws:read", // PWS coverage tables and trends: aggregates, no names (names need health:read too)
  "pws:targets", // a kecamatan's annual PWS targets
  // Issue 13: SATUSEHAT FHIR bundles (personal data, leaving Simpul) and the monthly report files
  // the puskesmas sends upward. The puskesmas for its kecamatan, the dinkes for its kabupaten.
  "interop:export",
  // Issue 16: the monthly PWS aggregates of the central database (counts per desa, no person):
  // read by a dinkes provinsi for its kabupaten, by a dinkes for its own; published by a dinkes.
  "aggregates:read",
  "aggregates:publish",
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
    "pws:read": "own", "pws:targets": "own",
    "interop:export": "own",
    "aggregates:read": "own", "aggregates:publish": "own",
  },
  puskesmas: {
    "health:read": "own", "health:write": "own",
    "lintas:read": "own", "lintas:write": "own",
    "reference:read": "own", "reference:write": "own",
    "admin:users": "own",
    "pws:read": "own", "pws:targets": "own",
    "interop:export": "own",
    "aggregates:read": false, "aggregates:publish": false,
  },
  pustu: {
    "health:read": "own", "health:write": "own",
    "lintas:read": "kecamatan", "lintas:write": false,
    "reference:read": "kecamatan", "reference:write": false,
    "admin:users": false,
    "pws:read": "own", "pws:targets": false,
    "interop:export": false,
    "aggregates:read": false, "aggregates:publish": false,
  },
  kader: {
    "health:read": "own", "health:write": "own",
    "lintas:read": false, "lintas:write": false,
    "reference:read": "kecamatan", "reference:write": false,
    "admin:users": false,
    "pws:read": false, "pws:targets": false,
    "interop:export": false,
    "aggregates:read": false, "aggregates:publish": false,
  },
  camat: {
    "health:read": false, "health:write": false,
    "lintas:read": "own", "lintas:write": "own",
    "reference:read": "own", "reference:write": false,
    "admin:users": false,
    "pws:read": "own", "pws:targets": false,
    "interop:export": false,
    "aggregates:read": false, "aggregates:publish": false,
  },
  mitra: {
    "health:read": false, "health:write": false,
    "lintas:read": "party", "lintas:write": "office",
    "reference:read": "own", "reference:write": false,
    "admin:users": false,
    "pws:read": false, "pws:targets": false,
    "interop:export": false,
    "aggregates:read": false, "aggregates:publish": false,
  },
  // Issue 16: a provincial health office, enrolled in the central database (docs/SCALE.md). It
  // reads the kabupaten's monthly aggregates and nothing personal: its device token routes to the
  // central database, which holds no person, and it pulls nothing.
  dinkes_provinsi: {
    "health:read": false, "health:write": false,
    "lintas:read": false, "lintas:write": false,
    "reference:read": false, "reference:write": false,
    "admin:users": false,
    "pws:read": false, "pws:targets": false,
    "interop:export": false,
    "aggregates:read": "own", "aggregates:publish": false,
  },
};

/** The area level each role is bound to when it is created. */
export const ROLE_AREA_LEVEL: Record<Role, "provinsi" | "kabupaten" | "kecamatan" | "desa"> = {
  dinkes: "kabupaten",
  puskesmas: "kecamatan",
  pustu: "desa",
  kader: "desa",
  camat: "kecamatan",
  mitra: "kecamatan",
  dinkes_provinsi: "provinsi",
};

/** Which roles an administrator may create: never one that reaches wider than their own. */
export const CREATABLE_ROLES: Record<Role, readonly Role[]> = {
  dinkes: ["dinkes", "puskesmas", "pustu", "kader", "camat", "mitra"],
  puskesmas: ["puskesmas", "pustu", "kader", "camat", "mitra"],
  pustu: [],
  kader: [],
  camat: [],
  mitra: [],
  // Provincial users live in the central database: created by the deployer (scripts/seed), never by a kabupaten's admin.
  dinkes_provinsi: [],
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

/**
 * The permissions `user` holds beyond `admin`'s: one the admin lacks, one reaching an area outside
 * the admin's reach for it, or one with fewer restrictions (no dusun, or all commitments rather
 * than its party's or office's). An administrator who issues an enrollment code for such a user
 * can act as that user, so the code is surfaced (audit log, list of codes): a dinkes, which may
 * not write health data, issuing a code for a puskesmas or a pustu is the typical case.
 */
export function widerPermissions(user: Principal, admin: Principal): Permission[] {
  const restriction: Record<Exclude<Reach, false>, number> = { own: 2, kecamatan: 2, party: 1, office: 0 };
  const out: Permission[] = [];
  for (const perm of PERMISSIONS) {
    const mine = POLICY[user.role][perm];
    const theirs = POLICY[admin.role][perm];
    if (mine === false) continue;
    const wider =
      theirs === false ||
      !areaWithin(reachArea(user, perm)!, reachArea(admin, perm)!) ||
      restriction[mine] > restriction[theirs] ||
      (perm.startsWith("health:") && !!admin.dusunId && user.dusunId !== admin.dusunId);
    if (wider) out.push(perm);
  }
  return out;
}

/**
 * What a principal may do to rows of one entity with a write permission, beyond the area and
 * office check of `can`. Every role writes freely within its reach except one whose reach is its
 * `office` (a mitra): it reports on the work and never rewrites the promise, so it adds progress,
 * signs for its office, and changes only the `status` of its office's items. It creates no item,
 * deletes nothing and changes no other field (see docs/ACCESS.md). The server enforces this on
 * every push (worker/services/push/); the PWA reads the same rule to offer only these edits.
 */
export interface WriteRule {
  create: boolean;
  delete: boolean;
  /** The fields an update may change; "any" for all of them. */
  update: readonly string[] | "any";
}

const FREE_WRITE: WriteRule = { create: true, delete: true, update: "any" };
const NO_WRITE: WriteRule = { create: false, delete: false, update: [] };

/** Entities (domain/entities/registry.ts names) an office-bound role writes, and how. */
export const OFFICE_WRITES: Readonly<Record<string, WriteRule>> = {
  commitment_item: { create: false, delete: false, update: ["status"] },
  progress: { create: true, delete: false, update: [] },
  signature: { create: true, delete: false, update: [] },
};

export function writeRule(p: Principal, perm: Permission, entity: string): WriteRule {
  const reach = POLICY[p.role][perm];
  if (reach === false) return NO_WRITE;
  if (reach !== "office") return FREE_WRITE;
  return OFFICE_WRITES[entity] ?? NO_WRITE;
}

/** The fields of `changed` that the rule does not let an update change ([] when all may). */
export function lockedFields(rule: WriteRule, changed: readonly string[]): string[] {
  return rule.update === "any" ? [] : changed.filter((f) => !rule.update.includes(f));
}
