import type { Role } from "../../../../domain/access/policy.ts";

/**
 * Who gets which part of the PWS console. Its own module: Home (first load) reads PWS_ROLES
 * without pulling the console's code in. The server decides the same (domain/access/policy.ts).
 */

/** Roles that open the console (issue 11: puskesmas, dinkes, pustu; the camat sees aggregates). */
export const PWS_ROLES: readonly Role[] = ["puskesmas", "dinkes", "pustu", "camat"];
/** Roles that may read the names of the sasaran not yet served (never the camat: the server refuses too). */
export const NAME_ROLES: readonly Role[] = ["pustu", "puskesmas", "dinkes"];
/** Roles that set a kecamatan's annual targets: the puskesmas its own, the dinkes any of its kabupaten (policy "pws:targets"). */
export const TARGET_ROLES: readonly Role[] = ["puskesmas", "dinkes"];
