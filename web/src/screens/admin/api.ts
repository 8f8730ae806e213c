/**
 * The admin API (worker/routes/admin.ts) as the console calls it, through the app's Transport
 * with the device token. Shapes mirror the routes' response schemas (types only: no zod here).
 */
import type { Role } from "../../../../domain/access/policy.ts";
import { app } from "../../state.ts";
import type { EnrolledUser } from "../../sync/transport.ts";

/** A user as the admin API lists them: the enrolled user's fields, and whether they are active. */
export interface AdminUser extends EnrolledUser {
  active: boolean;
}

export type CodeState = "unused" | "used" | "expired";

export interface CodeRow {
  userId: string;
  userName: string;
  role: Role;
  areaCode: string;
  state: CodeState;
  demo: boolean;
  widerRole: boolean;
  issuedAt: string;
  expiresAt: string;
  usedAt: string | null;
  issuedBy: { id: string; role: string; name: string | null } | null;
}

export interface IssuedCode {
  code: string;
  expiresAt: string;
  widerRole: boolean;
}

export interface DeviceRow {
  id: string;
  userId: string;
  userName: string;
  role: string;
  name: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  lastSyncAt: string | null;
  outbox: { pending: number; rejected: number } | null;
  revokedAt: string | null;
}

export interface NewUser {
  name: string;
  role: Role | "";
  areaCode: string;
  dusunId?: string;
  officeId?: string;
}

export interface UserChange {
  name?: string;
  areaCode?: string;
  dusunId?: string | null;
  active?: boolean;
}

const q = (userId?: string) => (userId ? `?userId=${encodeURIComponent(userId)}` : "");

export const adminApi = {
  users: () => app.transport.request<{ users: AdminUser[] }>("GET", "/api/admin/users").then((r) => r.users),
  createUser: (body: NewUser) => app.transport.request<AdminUser>("POST", "/api/admin/users", body),
  updateUser: (id: string, change: UserChange) => app.transport.request<AdminUser>("PUT", `/api/admin/users/${encodeURIComponent(id)}`, change),
  issueCode: (userId: string) => app.transport.request<IssuedCode>("POST", `/api/admin/users/${encodeURIComponent(userId)}/enrollment-codes`),
  codes: (userId?: string) => app.transport.request<{ codes: CodeRow[] }>("GET", `/api/admin/enrollment-codes${q(userId)}`).then((r) => r.codes),
  devices: (userId?: string) => app.transport.request<{ devices: DeviceRow[] }>("GET", `/api/admin/devices${q(userId)}`).then((r) => r.devices),
  revokeDevice: (id: string) => app.transport.request<{ id: string; revokedAt: string }>("POST", `/api/admin/devices/${encodeURIComponent(id)}/revoke`),
};
