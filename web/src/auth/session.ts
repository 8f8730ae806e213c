import type { EnrolledUser } from "../sync/transport.ts";

/** What enrollment leaves on the phone. The token is the device's credential for /api/*. */
export interface Session {
  token: string;
  deviceId: string;
  deviceName: string | null;
  user: EnrolledUser;
  enrolledAt: number;
}

/** Roles that see residents' health data (domain/access/policy.ts, "health:read"). */
export const HEALTH_ROLES: readonly EnrolledUser["role"][] = ["dinkes", "puskesmas", "pustu", "kader"];
export const HEALTH_WRITE_ROLES: readonly EnrolledUser["role"][] = ["puskesmas", "pustu", "kader"];
