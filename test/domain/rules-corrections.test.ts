/**
 * Issue 15, "rules to correct against the source": each test here fails under the old rule.
 * - Buku KIA 2023 KMS: T once, below the red line and above the orange line refer (old: only 2T
 *   and BGM referred; T was a risk finding and there was no orange line).
 * - PUMA (Kemenkes form): everyone ≥ 40 is scored, a never-smoker's pack-years item is 0, refer at
 *   > 7 (old, ptm@1/lansia@1: smokers only, refer at ≥ 6).
 * - IMT/U: scored from the unrounded weight / height², as anthroplus does, and from 60 months
 *   (old: the 1-decimal IMT, from 61 months).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { currentForm, getForm, type Answers } from "../../domain/forms/index.ts";
import { PUMA_REFER_ABOVE } from "../../domain/forms/ptm-parts.ts";
import { loadGrowthTables, type GrowthTables } from "../../domain/growth/index.ts";
import { BGM_BELOW_Z, deriveRecord, KMS_ORANGE_LINE_ABOVE_Z, type Derived, type RecordLike } from "../../domain/rules/derive.ts";
import { BFA_MIN_AGE_MONTHS, bmiForAgeZ, bmiForAgeZFromMeasures } from "../../domain/rules/imt-u.ts";
import { decideReferrals, REFERRAL_RULES, REREFERRAL_AFTER_DAYS, referralsFromRecord, type RecordEntity, type ReferralGroup, type ReferralMemory } from "../../domain/rules/referrals.ts";
import { LANSIA_VALID, PTM_VALID } from "./ilp-fixtures.ts";
import { WHO2007_SURVEY_BFA } from "./who2007-survey-fixture.ts";

let tables: GrowthTables;
beforeAll(async () => {
  tables = await loadGrowthTables();
});

const GIRL = { id: "p-girl", sex: "P", birthDate: "2023-09-10" }; // 912 days = 29.96 months on 2026-03-10
const weighing = (visitDate: string, bb: number): RecordLike => ({ id: `w-${visitDate}`, formId: "balita", formVersion: 1, visitDate, data: { bb } });

function deriveBalita(bb: number, previous: RecordLike[] = []): Derived {
  return deriveRecord({ def: getForm("balita", 1)!, answers: { bb }, visitDate: "2026-03-10", person: GIRL, previous }, tables);
}
function referrals(formId: string, version: number, answers: Answers, derived: Derived, person: { id: string }) {
  const record: RecordEntity = { id: `r-${formId}`, data: { personId: person.id, formId, formVersion: version, visitDate: "2026-03-10", data: answers as RecordEntity["data"]["data"] } };
  return referralsFromRecord(record, derived, person);
}

describe("Buku KIA 2023 KMS: refer when T, below the red line or above the orange line", () => {
  it("one T (not only 2T) is a referral to the pustu", () => {
    // 30 months: KBM 200 g. 11.3 kg on 10 Feb → 11.4 kg on 10 Mar: +100 g < 200 g → T, the first one.
    const d = deriveBalita(11.4, [weighing("2026-02-10", 11.3)]);
    expect(d.growth).toMatchObject({ nt: "T", twoT: false, gainGrams: 100, kbmGrams: 200 });
    expect(d.flags).toEqual([expect.objectContaining({ id: "balita.t", severity: "refer", destination: "pustu" })]);
    // Old rule: balita.t was "risk" and made no referral.
    const drafts = referrals("balita", 1, { bb: 11.4 }, d, GIRL);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.data).toMatchObject({ reason: "balita.t", destination: "pustu", referredAt: "2026-03-10" });
  });

  it("2T still refers (one flag, balita.2t)", () => {
    const d = deriveBalita(11.4, [weighing("2026-01-10", 11.2), weighing("2026-02-10", 11.3)]);
    expect(d.growth!.twoT).toBe(true);
    expect(d.flags.map((f) => f.id)).toEqual(["balita.2t"]);
    expect(referrals("balita", 1, { bb: 11.4 }, d, GIRL).map((r) => r.data.reason)).toEqual(["balita.2t"]);
  });

  it("BB/U +2.5 SD is above the orange line: a referral to the pustu", () => {
    // weianthro.txt girl, 912 days: L −0.31, M 12.6982, S 0.12585.
    // 17.7 kg: ((17.7 / 12.6982)^−0.31 − 1) / (−0.31 × 0.12585) = 2.5076 → +2.51 SD > +1 (orange line).
    const d = deriveBalita(17.7);
    expect(d.growth!.zscores.wfa).toBe(2.51);
    expect(d.growth!.aboveOrange).toBe(true);
    expect(d.flags).toEqual([expect.objectContaining({ id: "balita.atas_garis_oranye", severity: "refer", destination: "pustu" })]);
    expect(referrals("balita", 1, { bb: 17.7 }, d, GIRL).map((r) => [r.data.reason, r.data.destination])).toEqual([["balita.atas_garis_oranye", "pustu"]]);
  });

  it("the orange line is BB/U > +1 SD, strictly", () => {
    expect(KMS_ORANGE_LINE_ABOVE_Z).toBe(1);
    // 14.5 kg: ((14.5 / 12.6982)^−0.31 − 1) / (−0.31 × 0.12585) = 1.0329 → +1.03: above.
    expect(deriveBalita(14.5).growth).toMatchObject({ zscores: expect.objectContaining({ wfa: 1.03 }), aboveOrange: true });
    // 14.4 kg: 0.9801 → +0.98: not above, no flag.
    const below = deriveBalita(14.4);
    expect(below.growth).toMatchObject({ zscores: expect.objectContaining({ wfa: 0.98 }), aboveOrange: false });
    expect(below.flags).toEqual([]);
  });

  it("below the red line (BB/U < −3 SD) still refers, to the puskesmas", () => {
    expect(BGM_BELOW_Z).toBe(-3);
    const d = deriveBalita(7);
    expect(d.growth).toMatchObject({ bgm: true, aboveOrange: false });
    expect(d.flags.find((f) => f.id === "balita.bgm")).toMatchObject({ severity: "refer", destination: "puskesmas" });
    expect(referrals("balita", 1, { bb: 7 }, d, GIRL)).toHaveLength(1);
  });
});

describe("a growth referral held back only when it goes no further (review of issue 15)", () => {
  const rule = REFERRAL_RULES.find((r) => r.id === "balita.rujuk_gizi")!;
  const group = (destination: ReferralGroup["destination"]): ReferralGroup => ({ rule, flags: [], destination, urgent: false });
  it("T to the pustu on day 0; BGM to the puskesmas on day 30 is referred; another T on day 60 is held back", () => {
    expect(rule.chronic).toBe(true);
    const last: ReferralMemory = new Map();
    expect(decideReferrals([group("pustu")], 0, last)).toHaveLength(1);
    // Under the old rule (day only) this was held back: 30 < 90 days.
    expect(decideReferrals([group("puskesmas")], 30, last)).toHaveLength(1);
    expect(decideReferrals([group("pustu")], 60, last)).toHaveLength(0);
    expect(decideReferrals([group("puskesmas")], 60, last)).toHaveLength(0);
    expect(decideReferrals([group("pustu")], 30 + REREFERRAL_AFTER_DAYS, last)).toHaveLength(1);
  });
});

describe("PUMA as the Kemenkes form scores it (ptm@2, lansia@2)", () => {
  const MAN_55 = { id: "p-man55", sex: "L", birthDate: "1970-06-01" }; // 55 on 2026-03-10
  const MAN_70 = { id: "p-man70", sex: "L", birthDate: "1955-06-01" }; // 70
  const noItems = { puma_sesak: false, puma_dahak: false, puma_batuk: false, puma_spirometri: false };
  const derive = (formId: string, version: number, answers: Answers, person: { sex: string; birthDate: string }) =>
    deriveRecord({ def: getForm(formId, version)!, answers, visitDate: "2026-03-10", person });
  const hasPpok = (d: Derived, formId: string) => d.flags.some((f) => f.id === `${formId}.curiga_ppok`);

  it("new visits use the v2 forms", () => {
    expect(currentForm("ptm")!.version).toBe(2);
    expect(currentForm("lansia")!.version).toBe(2);
    expect(PUMA_REFER_ABOVE).toBe(7);
  });

  it("a score of 7 is not referred (old rule: ≥ 6 referred)", () => {
    // Man 55: sex 1 + age 50–59 1 + 20/day × 40 y / 20 = 40 pack-years (> 30) 2 + breathless, phlegm, cough 3 = 7.
    const answers = { ...PTM_VALID, merokok: "ya", rokok_per_hari: 20, lama_merokok: 40, ...noItems, puma_sesak: true, puma_dahak: true, puma_batuk: true };
    const v2 = derive("ptm", 2, answers, MAN_55);
    expect(v2.values).toMatchObject({ bungkus_tahun: 40, skor_puma: 7 });
    expect(hasPpok(v2, "ptm")).toBe(false);
    // The same answers on a v1 record still derive as v1 did (published versions never change).
    expect(hasPpok(derive("ptm", 1, answers, MAN_55), "ptm")).toBe(true);
  });

  it("a score of 8 is referred to the puskesmas for spirometry", () => {
    // Man 70: sex 1 + age ≥ 60 2 + 40 pack-years 2 + breathless, phlegm, cough 3 = 8 > 7.
    const answers = { ...LANSIA_VALID, merokok: "mantan", rokok_per_hari: 20, lama_merokok: 40, ...noItems, puma_sesak: true, puma_dahak: true, puma_batuk: true };
    const d = derive("lansia", 2, answers, MAN_70);
    expect(d.values!.skor_puma).toBe(8);
    expect(d.flags.find((f) => f.id === "lansia.curiga_ppok")).toMatchObject({ severity: "refer", destination: "puskesmas" });
  });

  it("a never-smoker aged ≥ 40 is asked and scored, pack-years 0 (old rule: not scored at all)", () => {
    // Man 70, never smoked: sex 1 + age 2 + pack-years 0 + all four items 4 = 7: scored, not referred.
    const answers = { ...LANSIA_VALID, merokok: "tidak", puma_sesak: true, puma_dahak: true, puma_batuk: true, puma_spirometri: true };
    const d = derive("lansia", 2, answers, MAN_70);
    expect(d.errors).toBeUndefined();
    expect(d.values!.skor_puma).toBe(7);
    expect(hasPpok(d, "lansia")).toBe(false);
    // v1 never asked a non-smoker: its score stays null.
    expect(derive("lansia", 1, { ...LANSIA_VALID, merokok: "tidak" }, MAN_70).values!.skor_puma).toBeNull();
    // v2 requires the PUMA items of a never-smoker aged ≥ 40.
    expect(derive("ptm", 2, { ...PTM_VALID, merokok: "tidak" }, MAN_55).errors?.map((e) => e.field)).toEqual(expect.arrayContaining(["puma_sesak", "puma_dahak", "puma_batuk", "puma_spirometri"]));
  });

  it("under 40 PUMA is neither asked nor scored", () => {
    const d = derive("ptm", 2, { ...PTM_VALID, merokok: "ya", rokok_per_hari: 10, lama_merokok: 10 }, { sex: "L", birthDate: "1996-01-01" });
    expect(d.errors).toBeUndefined();
    expect(d.values!.skor_puma).toBeNull();
  });
});

describe("IMT/U (WHO 2007) as anthroplus scores it", () => {
  it("the 915 WHO survey children: every z-score equals anthroplus's from the unrounded BMI", () => {
    let differ = 0;
    let differRounded = 0;
    let maxRounded = 0;
    for (const [sex, ageMonths, kg, cm, zbfa] of WHO2007_SURVEY_BFA) {
      const s = sex === 1 ? "L" : "P";
      const z = bmiForAgeZFromMeasures(s, ageMonths, kg, cm);
      if (z === null || Math.abs(z - zbfa) > 1e-9) differ++;
      // The old path: the form's IMT, rounded to 1 decimal, scored.
      const old = bmiForAgeZ(s, ageMonths, Math.round((kg / (cm / 100) ** 2) * 10) / 10)!;
      if (Math.abs(old - zbfa) > 1e-9) differRounded++;
      maxRounded = Math.max(maxRounded, Math.abs(old - zbfa));
    }
    expect(WHO2007_SURVEY_BFA).toHaveLength(915);
    expect(differ).toBe(0);
    // What the rounded IMT did (documented in imt-u.ts): 601 children off by up to 0.05 SD.
    expect(differRounded).toBe(601);
    expect(maxRounded).toBeCloseTo(0.05, 6);
  });

  it("remaja: the derived z-score uses the unrounded IMT", () => {
    // 38 kg / 1.60² = 14.84375 (shown as IMT 14,8). Girl of 180 months:
    // bmiForAgeZ(14.84375) = −2.66; the rounded 14.8 gave −2.69 (old rule).
    const d = deriveRecord({ def: getForm("remaja", 1)!, answers: { bb: 38, tb: 160 }, visitDate: "2026-03-10", person: { sex: "P", birthDate: "2011-03-10" } });
    expect(d.values).toMatchObject({ imt: 14.8, imt_u_z: -2.66, kategori_imt_u: "gizi_kurang" });
    expect(bmiForAgeZ("P", 180, 14.8)).toBe(-2.69);
  });

  it("the month-60 row is used from 60 months (anthroplus 1.0.0 test vectors)", () => {
    expect(BFA_MIN_AGE_MONTHS).toBe(60);
    // anthroplus tests/testthat/test-zscores.R "computes correct value for age ~ 60 months":
    // girls, 60.32 months 113.8 cm 18.7 kg → zbfa −0.58; 60.911701 months 113.6 cm 20.5 kg → 0.42.
    expect(bmiForAgeZFromMeasures("P", 60.32, 18.7, 113.8)).toBe(-0.58);
    expect(bmiForAgeZFromMeasures("P", 60.911701, 20.5, 113.6)).toBe(0.42);
    expect(bmiForAgeZ("P", 59.99, 15)).toBeNull();
  });
});
