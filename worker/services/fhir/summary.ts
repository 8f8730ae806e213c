import type { Principal } from "../../../domain/access/policy.ts";
import type { FhirSummary, FhirSummaryUnit } from "../../../domain/fhir/summary.ts";
import type { Db } from "../../db/client.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../http/errors.ts";
import { pwsArea } from "../pws/area.ts";
import { exportContext, mapPage } from "./export.ts";
import { loadPage, PAGE_PERSONS_MAX, type Period } from "./load.ts";

/**
 * GET /api/fhir/summary: per desa of a kecamatan (or one desa), what its export for the period
 * would hold: resources per type, and how many records could not be exported, counted by
 * reason. Counts only, no names: it is not audited. It runs the same pages and the same mapping
 * as the export (nothing is estimated), one page at a time, so its memory stays one page's.
 */

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

export async function fhirSummary(db: Db, env: Env, p: Principal, areaCode: string | undefined, period: Period, now: number): Promise<FhirSummary> {
  const area = await pwsArea(db, p, areaCode, "interop:export");
  if (area.level === "kabupaten") {
    throw new ApiError(422, "validation_failed", "The summary covers a kecamatan or a desa: give area", { fields: { area: "a kecamatan or desa code" } });
  }
  const desas = area.level === "desa" ? [{ code: area.code, name: area.name }] : area.units.map((u) => ({ code: u.code, name: u.name }));
  const total: FhirSummary["total"] = { persons: 0, counts: {}, unexported: 0, reasons: {} };
  const units: FhirSummaryUnit[] = [];
  let configured = true;
  for (const d of desas) {
    const { context, configured: c } = await exportContext(db, env, d.code);
    configured &&= c;
    const unit: FhirSummaryUnit = { code: d.code, name: d.name, persons: 0, counts: {}, unexported: 0, reasons: {} };
    let cursor: string | null = null;
    do {
      const page = await loadPage(db, d.code, period, cursor, PAGE_PERSONS_MAX);
      const { unexported, counts } = mapPage(page, context, false);
      unit.persons += page.persons.length;
      add(unit.counts, counts);
      unit.unexported += unexported.length;
      for (const u of unexported) unit.reasons[u.reason] = (unit.reasons[u.reason] ?? 0) + 1;
      cursor = page.nextCursor;
    } while (cursor);
    units.push(unit);
    total.persons += unit.persons;
    add(total.counts, unit.counts);
    total.unexported += unit.unexported;
    add(total.reasons, unit.reasons);
  }
  return { area: { code: area.code, name: area.name, level: area.level }, period, organizationConfigured: configured, units, total, generatedAt: new Date(now).toISOString() };
}
