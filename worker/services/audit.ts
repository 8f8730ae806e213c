import type { Principal } from "../../domain/access/policy.ts";
import type { Db } from "../db/client.ts";
import { auditLog } from "../db/schema.ts";

export interface AuditEntry {
  action: string;
  entity?: string | null;
  entityId?: string | null;
  /** Ids and counts only: never names, NIK, answers or any other personal field. */
  details?: Record<string, unknown> | null;
}

export function auditRow(p: Pick<Principal, "userId" | "deviceId"> | null, e: AuditEntry, at: number) {
  return {
    at,
    userId: p?.userId ?? null,
    deviceId: p?.deviceId ?? null,
    action: e.action,
    entity: e.entity ?? null,
    entityId: e.entityId ?? null,
    details: e.details ?? null,
  };
}

/** 7 columns a row: 14 rows stay under D1's 100 bound parameters. */
export const AUDIT_ROWS_PER_STATEMENT = 14;

export function audit(db: Db, p: Pick<Principal, "userId" | "deviceId"> | null, e: AuditEntry, at = Date.now()) {
  return db.insert(auditLog).values(auditRow(p, e, at));
}
