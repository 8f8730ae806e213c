import type { Hono } from "hono";
import { z } from "zod";
import { MONTHLY_REPORT_IDS, MONTHLY_REPORTS, REPORT_SEPARATORS, dialectOf, monthlyReportRows, reportFileName } from "../../domain/reports/monthly.ts";
import { toCsv } from "../../domain/util/csv.ts";
import { define, type AppEnv } from "../http/route.ts";
import { pwsArea } from "../services/pws/area.ts";
import { settleDirtyMarks } from "../services/pws/dirty.ts";
import { pwsTable } from "../services/pws/table.ts";

/**
 * The monthly report files the puskesmas sends upward (issue 13, part 4; docs/INTEROP.md "Monthly
 * report files"): gizi, KIA, imunisasi and PTM as CSV, one row per desa (a desa: per dusun) and
 * the total. Built from the very table GET /api/pws answers (the same services, dirty marks settled
 * first), so each figure is a part of a PWS cell; the columns are domain/reports/monthly.ts.
 *
 * interop:export (the puskesmas over its kecamatan, the dinkes over its kabupaten) at the route and
 * over the area; the table itself also needs pws:read, which both roles hold. Aggregates only, no
 * names: not audited, as GET /api/pws is not.
 */

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM");

export function reportRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "get", path: "/api/reports/monthly", tag: "interop", auth: "interop:export", status: 200,
      query: z.strictObject({
        report: z.enum(MONTHLY_REPORT_IDS),
        month,
        area: z.string().max(20).optional(),
        sep: z.enum(REPORT_SEPARATORS).optional(),
      }),
      summary: "A monthly report file (gizi, kia, imunisasi or ptm) as CSV with a UTF-8 BOM: one row per desa (a desa: per dusun) and the total, every figure from the PWS table of the month; sep=semicolon gives Excel's Indonesian dialect (';' and a decimal comma)",
      response: z.string(), mediaTypes: ["text/csv"],
      errors: [404],
    },
    async ({ db, principal, query, now }) => {
      // Reach first (404 for an unknown area, 403 outside the caller's), with this route's permission.
      const area = await pwsArea(db, principal, query.area, "interop:export");
      await settleDirtyMarks(db);
      const table = await pwsTable(db, principal, query.month, area.code, now);
      const csv = toCsv(monthlyReportRows(MONTHLY_REPORTS[query.report], table), dialectOf(query.sep ?? "comma"));
      return new Response(csv, {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${reportFileName(query.report, table.month, table.area.code)}"`,
        },
      });
    },
  );
}
