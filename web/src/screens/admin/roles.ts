import { POLICY, type Role } from "../../../../domain/access/policy.ts";

/** Roles that see the administration screens: those with admin:users (puskesmas, dinkes). Small: Home imports it. */
export const canAdminister = (role: Role): boolean => POLICY[role]["admin:users"] !== false;
