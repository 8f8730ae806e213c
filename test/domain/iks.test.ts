import { describe, expect, it } from "vitest";
import { household } from "../../domain/entities/schemas.ts";
import { computeIks, IKS_PRA_SEHAT_FROM, IKS_SEHAT_ABOVE, iksCategory, PIS_PK_KEYS, pisPkFromAnswers } from "../../domain/rules/iks.ts";
import { PISPK_ALL_YES } from "./ilp-fixtures.ts";

const all = (v: boolean | null) => Object.fromEntries(PIS_PK_KEYS.map((k) => [k, v]));

describe("IKS (Permenkes 39/2016 PIS-PK)", () => {
  it("thresholds: > 0.8 sehat, 0.5–0.8 pra-sehat, < 0.5 tidak sehat", () => {
    expect(IKS_SEHAT_ABOVE).toBe(0.8);
    expect(IKS_PRA_SEHAT_FROM).toBe(0.5);
    expect([1, 0.81, 0.8, 0.5, 0.49, 0].map(iksCategory)).toEqual(["sehat", "sehat", "pra_sehat", "pra_sehat", "tidak_sehat", "tidak_sehat"]);
  });

  it("indicators met ÷ indicators that apply", () => {
    expect(computeIks(all(true))).toEqual({ value: 1, category: "sehat", met: 12, applicable: 12, missing: [] });
    // A family without a baby, a TB patient or a mentally ill member: 4 do not apply; 7 of 8 met.
    const r = computeIks({ ...all(true), imunisasi_dasar: null, asi_eksklusif: null, tb_berobat: null, gangguan_jiwa_berobat: null, tidak_merokok: false });
    expect(r).toEqual({ value: 0.875, category: "sehat", met: 7, applicable: 8, missing: [] });
    // 8 of 10: exactly 0.8 is pra-sehat; 4 of 10 is tidak sehat.
    expect(computeIks({ ...all(true), tb_berobat: null, gangguan_jiwa_berobat: null, jkn: false, kb: false }).category).toBe("pra_sehat");
    expect(computeIks({ ...all(false), tb_berobat: null, gangguan_jiwa_berobat: null, kb: true, jkn: true, air_bersih: true, jamban_sehat: true })).toMatchObject({ value: 0.4, category: "tidak_sehat" });
  });

  it("waits for every indicator instead of guessing, and needs at least one that applies", () => {
    const { kb: _kb, ...rest } = all(true);
    expect(computeIks(rest)).toEqual({ value: null, category: null, met: 11, applicable: 11, missing: ["kb"] });
    expect(computeIks(all(null))).toMatchObject({ value: null, category: null, applicable: 0 });
    expect(computeIks(null).missing).toHaveLength(12);
  });

  it("maps home-visit answers to the household's pisPk field", () => {
    const p = pisPkFromAnswers({ ...PISPK_ALL_YES, pispk_kb: "tidak", pispk_tb_berobat: "tb" });
    expect(p.kb).toBe(false);
    expect(p.tb_berobat).toBeNull();
    expect(p.jkn).toBe(true);
    expect(household.safeParse({ desaCode: "18.04.10.2001", dusunId: null, rt: "3", address: null, noKk: null, pisPk: p }).success).toBe(true);
  });
});
