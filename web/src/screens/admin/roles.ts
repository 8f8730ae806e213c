import { POLICY, type Role } from "../../../../domain/access/policy.ts";

/** Roles that see the administration screens: those with admin:users (puskesmas, dinkes). Small: Home imports it. */
export const canAdminister = (role: Role): boolean => POLICY[role]["admin:users"] !== false;

/** Roles that see the SATUSEHAT export and the monthly reports (issue 13): those with interop:export. */
export const canExport = (role: Role): boolean => POLICY[role]["interop:export"] !== false;
