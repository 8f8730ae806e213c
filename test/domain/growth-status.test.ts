import { describe, expect, it } from "vitest";
import { growthStatus, lhfaStatus, wfaStatus, wflhStatus } from "../../domain/growth/status.ts";

/** Permenkes 2/2020 (Standar Antropometri Anak), categories and cut-offs, strict as in flags.ts. */
describe("growth status categories", () => {
  it("PB/U–TB/U: sangat pendek < −3 ≤ pendek < −2 ≤ normal ≤ +3 < tinggi", () => {
    expect([-3.01, -3, -2.01, -2, 0, 3, 3.01].map(lhfaStatus)).toEqual(["sangat_pendek", "pendek", "pendek", "normal", "normal", "normal", "tinggi"]);
  });
  it("BB/U: sangat kurang < −3 ≤ kurang < −2 ≤ normal ≤ +1 < risiko lebih", () => {
    expect([-3.01, -3, -2.01, -2, 1, 1.01].map(wfaStatus)).toEqual(["bb_sangat_kurang", "bb_kurang", "bb_kurang", "bb_normal", "bb_normal", "risiko_bb_lebih"]);
  });
  it("BB/PB–BB/TB and IMT/U: gizi buruk, kurang, baik, risiko lebih, lebih, obesitas", () => {
    expect([-3.01, -3, -2, 1, 1.01, 2, 2.01, 3, 3.01].map(wflhStatus)).toEqual([
      "gizi_buruk", "gizi_kurang", "gizi_baik", "gizi_baik", "risiko_gizi_lebih", "risiko_gizi_lebih", "gizi_lebih", "gizi_lebih", "obesitas",
    ]);
    expect(growthStatus("bmifa", -2.5)).toBe("gizi_kurang");
  });
  it("head and arm circumference have no category", () => {
    expect(growthStatus("hcfa", -2.5)).toBeNull();
    expect(growthStatus("acfa", 0)).toBeNull();
  });
});
