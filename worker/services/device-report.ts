import { eq } from "drizzle-orm";
import { MAX_OUTBOX_COUNT, OUTBOX_REPORT_HEADER, parseOutboxReport } from "../../domain/sync/outbox-report.ts";
import type { Db } from "../db/client.ts";
import { devices } from "../db/schema.ts";
import { badRequest } from "../http/errors.ts";

/**
 * A pull's outbox report (domain/sync/outbox-report.ts), stored on the device's row with the time
 * of the pull, for the administrator's devices list. A pull without the header changes nothing
 * (older app versions, the first page is the one that carries it). A malformed value is a 400:
 * the app builds it, so a bad one is a bug, not a phone to keep syncing silently.
 */
export function outboxReportUpdate(db: Db, deviceId: string | null | undefined, header: string | undefined, now: number) {
  if (header === undefined || !deviceId) return null;
  const report = parseOutboxReport(header);
  if (!report) {
    throw badRequest("validation_failed", `${OUTBOX_REPORT_HEADER} must read pending=N;rejected=N (N up to ${MAX_OUTBOX_COUNT})`, { field: OUTBOX_REPORT_HEADER });
  }
  return db.update(devices).set({ lastSyncAt: now, outboxPending: report.pending, outboxRejected: report.rejected }).where(eq(devices.id, deviceId));
}
