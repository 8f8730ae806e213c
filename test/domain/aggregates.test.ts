/** The aggregates' pure rules (issue 16): which months the cron sends, when a month is final, and small-cell suppression. */
import { describe, expect, it } from "vitest";
import { isAggregatableMonth, isFinal, monthOfInstant, monthsToAggregate, suppressColumn } from "../../domain/aggregates/pws.ts";

const at = (iso: string) => Date.parse(iso);

describe("aggregates", () => {
  it("sends the previous and the current month, or twelve for a kabupaten never aggregated (WIB months)", () => {
    expect(monthsToAggregate(at("2026-11-05T03:17:00Z"), true)).toEqual(["2026-10", "2026-11"]);
    expect(monthsToAggregate(at("2026-01-02T03:17:00Z"), true)).toEqual(["2025-12", "2026-01"]);
    const back = monthsToAggregate(at("2026-11-05T03:17:00Z"), false);
    expect(back).toHaveLength(12);
    expect([back[0], back[11]]).toEqual(["2025-12", "2026-11"]);
    // 31 October 20:00 UTC is already 1 November in WIB.
    expect(monthOfInstant(at("2026-10-31T20:00:00Z"))).toBe("2026-11");
  });

  it("calls a month final once computed after it ended", () => {
    expect(isFinal("2026-10", at("2026-11-01T03:17:00Z"))).toBe(true);
    expect(isFinal("2026-10", at("2026-10-31T03:17:00Z"))).toBe(false);
    expect(isAggregatableMonth("2026-11", at("2026-11-05T00:00:00Z"))).toBe(true);
    expect(isAggregatableMonth("2026-12", at("2026-11-05T00:00:00Z"))).toBe(false);
    expect(isAggregatableMonth("2026-13", at("2026-11-05T00:00:00Z"))).toBe(false);
  });

  it("suppresses desa under 5, and one more when only one is, so the total does not give it back", () => {
    const cells = new Map([["a", { num: 2, den: 3 }], ["b", { num: 10, den: 20 }], ["c", { num: 6, den: 8 }]]);
    const out = suppressColumn(cells, { num: 18, den: 31 });
    expect(out.cells.get("a")).toEqual({ num: null, den: null, pct: null });
    // c (den 8) is the smallest other: suppressed too; b stays.
    expect(out.cells.get("c")).toEqual({ num: null, den: null, pct: null });
    expect(out.cells.get("b")).toEqual({ num: 10, den: 20, pct: 50 });
    expect(out.total).toEqual({ num: 18, den: 31, pct: 58.1 });
  });

  it("needs no complement when two are suppressed, and suppresses a small total", () => {
    const two = suppressColumn(new Map([["a", { num: 1, den: 2 }], ["b", { num: 0, den: 1 }], ["c", { num: 9, den: 10 }]]), { num: 10, den: 13 });
    expect(two.cells.get("c")).toEqual({ num: 9, den: 10, pct: 90 });
    const small = suppressColumn(new Map([["a", { num: 1, den: 2 }]]), { num: 1, den: 2 });
    expect(small.total).toEqual({ num: null, den: null, pct: null });
  });
});
