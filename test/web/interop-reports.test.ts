import { describe, expect, it } from "vitest";
import { MONTHLY_REPORT_IDS } from "../../domain/reports/monthly.ts";
import { interopReportsEn, interopReportsId } from "../../web/src/i18n/interop-reports.ts";

describe("monthly report words (web/src/i18n/interop-reports.ts)", () => {
  it("has every key in both languages with the same placeholders, and a name for every report", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(interopReportsId)) {
      const en = (interopReportsEn as Record<string, string>)[k];
      expect(en, k).toBeTruthy();
      expect(placeholders(en!), k).toEqual(placeholders(v));
    }
    expect(Object.keys(interopReportsEn).sort()).toEqual(Object.keys(interopReportsId).sort());
    for (const r of MONTHLY_REPORT_IDS) expect(interopReportsId, r).toHaveProperty(`irReport_${r}`);
  });
});
