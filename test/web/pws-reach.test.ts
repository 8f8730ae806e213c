import { describe, expect, it } from "vitest";
import { belowMinimum, formatPercent, NEAR_SHARE, negativeDropout, percent, reach, shownPercent, targetAt } from "../../web/src/screens/pws/reach.ts";

describe("PWS reach colours", () => {
  it("coverage: ≥ target green, ≥ 80 % of target amber, below red", () => {
    expect(NEAR_SHARE).toBe(0.8);
    expect(reach("coverage", 90, 90)).toBe("good");
    expect(reach("coverage", 95, 90)).toBe("good");
    expect(reach("coverage", 89.9, 90)).toBe("near");
    expect(reach("coverage", 72, 90)).toBe("near"); // exactly 80 % of 90
    expect(reach("coverage", 71.9, 90)).toBe("bad");
    expect(reach("coverage", 0, 90)).toBe("bad");
  });

  it("prevalence and drop-out: lower is better; ≤ target green, ≤ 125 % of it amber, above red", () => {
    for (const kind of ["prevalence", "dropout"] as const) {
      expect(reach(kind, 0, 14)).toBe("good");
      expect(reach(kind, 14, 14)).toBe("good");
      expect(reach(kind, 14.1, 14)).toBe("near");
      expect(reach(kind, 17.5, 14)).toBe("near"); // 17.5 × 0.8 = 14
      expect(reach(kind, 17.6, 14)).toBe("bad");
    }
  });

  it("no colour without a denominator, without a target, or for a distribution", () => {
    expect(reach("coverage", null, 90)).toBe("none");
    expect(reach("coverage", 50, null)).toBe("none");
    expect(reach("coverage", 50, undefined)).toBe("none");
    expect(reach("distribution", 50, 10)).toBe("none");
  });

  it("percent is null when the denominator is 0; the console shows '—'", () => {
    expect(percent({ num: 0, den: 0 })).toBeNull();
    expect(percent({ num: 3, den: 0 })).toBeNull();
    expect(percent(undefined)).toBeNull();
    expect(percent({ num: 1, den: 8 })).toBe(12.5);
    expect(formatPercent(null, "id-ID")).toBe("—");
    expect(formatPercent(84.25, "id-ID")).toBe("84,3");
    expect(formatPercent(84.25, "en-GB")).toBe("84.3");
    expect(formatPercent(100, "id-ID")).toBe("100,0");
  });
});

describe("PWS targets to date and small denominators", () => {
  it("a pro-rated indicator is compared with target × month ÷ 12 to date, target ÷ 12 for the month; any other with the target", () => {
    const pro = { proRate: true };
    expect(targetAt(pro, 90, "2026-10", "ytd")).toBeCloseTo(75);
    expect(targetAt(pro, 90, "2026-12", "ytd")).toBe(90);
    expect(targetAt(pro, 90, "2026-01", "ytd")).toBe(7.5);
    expect(targetAt(pro, 90, "2026-10", "month")).toBe(7.5);
    expect(targetAt({}, 90, "2026-10", "ytd")).toBe(90);
    expect(targetAt({}, 90, "2026-10", "month")).toBe(90);
    expect(targetAt(pro, null, "2026-10", "ytd")).toBeNull();
    // 70 % of the infants by October is on track for 90 % in December.
    expect(reach("coverage", 70, targetAt(pro, 90, "2026-10", "ytd"))).toBe("near");
    expect(reach("coverage", 76, targetAt(pro, 90, "2026-10", "ytd"))).toBe("good");
  });

  it("below the minimum denominator no percentage is shown; at it, the percentage", () => {
    const meta = { minDenominator: 10 };
    expect(belowMinimum(meta, { num: -4, den: 1 })).toBe(true);
    expect(shownPercent(meta, { num: -4, den: 1 })).toBeNull();
    expect(shownPercent(meta, { num: 1, den: 10 })).toBe(10);
    expect(belowMinimum(meta, { num: 0, den: 0 })).toBe(false); // no denominator: "—" for that reason
    expect(shownPercent({}, { num: 1, den: 2 })).toBe(50);
  });

  it("a negative drop-out is not coloured as good", () => {
    expect(negativeDropout("dropout", -16.7)).toBe(true);
    expect(reach("dropout", -16.7, 5)).toBe("none");
    expect(reach("dropout", 0, 5)).toBe("good");
    expect(negativeDropout("coverage", -1)).toBe(false);
  });
});
