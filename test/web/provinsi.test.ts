/** The provincial console's logic (issue 16): suppressed, missing and coloured figures, freshness, drill-down, the trend's values; the catalogue in both languages. */
import { describe, expect, it } from "vitest";
import { PWS_INDICATORS } from "../../domain/pws/indicators.ts";
import { agEn, agId } from "../../web/src/i18n/provinsi.ts";
import { columnGroups } from "../../web/src/screens/pws/model.ts";
import { aggFigure, defaultTargets, drillArea, freshnessState, parentArea, trendValues } from "../../web/src/screens/provinsi/model.ts";

const cols = columnGroups(defaultTargets({ indicators: ["balita.ds", "balita.stunting"] }, PWS_INDICATORS), PWS_INDICATORS).flatMap((g) => g.columns);
const ds = cols.find((c) => c.meta.id === "balita.ds")!;
const stunting = cols.find((c) => c.meta.id === "balita.stunting")!;

describe("provincial console", () => {
  it("takes each indicator's default target (a provinsi sets none)", () => {
    expect(ds.target).toBe(PWS_INDICATORS.find((m) => m.id === "balita.ds")!.defaultTarget);
  });

  it("shows a suppressed figure as — with its reason, never a percentage", () => {
    expect(aggFigure(ds, { num: null, den: null, pct: null }, "2026-10", "ytd", "id-ID")).toMatchObject({ text: "—", note: "suppressed", reach: "none" });
    expect(aggFigure(ds, undefined, "2026-10", "ytd", "id-ID")).toMatchObject({ text: "—", note: "missing" });
    expect(aggFigure(ds, { num: 0, den: 0, pct: null }, "2026-10", "ytd", "id-ID")).toMatchObject({ text: "—", note: "no_den", num: 0, den: 0 });
  });

  it("colours a figure as the PWS console does: higher is better for coverage, lower for prevalence", () => {
    const good = aggFigure(ds, { num: 95, den: 100, pct: 95 }, "2026-10", "ytd", "id-ID");
    expect(good).toMatchObject({ text: "95,0", note: null, reach: "good" });
    expect(aggFigure(ds, { num: 10, den: 100, pct: 10 }, "2026-10", "ytd", "id-ID").reach).toBe("bad");
    expect(aggFigure(stunting, { num: 5, den: 100, pct: 5 }, "2026-10", "ytd", "id-ID").reach).toBe("good");
    expect(aggFigure(stunting, { num: 40, den: 100, pct: 40 }, "2026-10", "ytd", "id-ID").reach).toBe("bad");
  });

  it("says how fresh a kabupaten's figures are", () => {
    expect(freshnessState({ computedAt: null, final: false })).toBe("none");
    expect(freshnessState({ computedAt: "2026-11-05T03:17:00Z", final: true })).toBe("final");
    expect(freshnessState({ computedAt: "2026-10-20T03:17:00Z", final: false })).toBe("provisional");
    // A month computed after its end is still recomputed daily through the next month: the label says until when, and "final" says it no longer is.
    expect(freshnessState({ computedAt: "2026-11-05T03:17:00Z", final: false })).toBe("provisional");
    for (const cat of [agId, agEn]) {
      expect(cat.agFresh_provisional).toContain("{until}");
      expect(cat.agFresh_provisional).not.toMatch(/bulan berjalan|month in progress/);
    }
    expect(agEn.agFresh_final).toMatch(/no longer recomputed/);
    expect(agId.agFresh_final).toMatch(/tidak lagi dihitung ulang/);
  });

  it("drills down to kecamatan and desa, and back up to the reader's own area only", () => {
    expect(drillArea({ unitLevel: "kabupaten" }, "18.04")).toBe("18.04");
    expect(drillArea({ unitLevel: "desa" }, "18.04.10.2001")).toBeNull();
    expect(parentArea("18.04.10", "18")).toBe("18.04");
    expect(parentArea("18.04", "18")).toBe("18");
    expect(parentArea("18", "18")).toBeNull();
    expect(parentArea("18.04", "18.04")).toBeNull();
  });

  it("plots no point for a month not computed, suppressed or without sasaran", () => {
    expect(trendValues([null, { num: null, den: null, pct: null }, { num: 0, den: 0, pct: null }, { num: 1, den: 4, pct: 25 }])).toEqual([null, null, null, 25]);
  });

  it("has every string in both languages", () => {
    expect(Object.keys(agEn).sort()).toEqual(Object.keys(agId).sort());
    for (const v of Object.values(agEn)) expect(v.trim()).not.toBe("");
  });
});
