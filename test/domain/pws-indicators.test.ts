import { describe, expect, it } from "vitest";
import { DROPOUT_MIN_DENOMINATOR, PWS_INDICATOR_BY_ID, PWS_INDICATORS } from "../../domain/pws/indicators.ts";
import { ANTIGEN_BY_ID, dueMonthsOf, IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import { annualSasaranOf, annualSasaranRange, cohortOf, cohortRange, PWS_RULES } from "../../domain/pws/rules.ts";

/** The PWS definitions as data (domain/pws): due-age cohorts, the annual sasaran, pro-rated targets, minimum denominators. */
describe("PWS due-age cohorts", () => {
  it("reached the due age in the month, or from 1 January to the month's end: born that many months before", () => {
    // HB0 (at birth): born in the month, or this year.
    expect(cohortRange(0, "2026-10", false)).toEqual({ after: "2026-09-30", upTo: "2026-10-31" });
    expect(cohortRange(0, "2026-10", true)).toEqual({ after: "2025-12-31", upTo: "2026-10-31" });
    // DPT-HB-Hib 1 (2 months) in March: born in January; January–March: born November–January.
    expect(cohortRange(2, "2026-03", false)).toEqual({ after: "2025-12-31", upTo: "2026-01-31" });
    expect(cohortRange(2, "2026-03", true)).toEqual({ after: "2025-10-31", upTo: "2026-01-31" });
    // MR 1 (9 months) in November 2026: born in February 2026 (a 28-day month's end).
    expect(cohortRange(9, "2026-11", false)).toEqual({ after: "2026-01-31", upTo: "2026-02-28" });
    // IDL (the first birthday) for the year to date in December: exactly last year's births.
    expect(cohortRange(12, "2026-12", true)).toEqual({ after: "2024-12-31", upTo: "2025-12-31" });
  });

  it("each antigen's cohort is its due age in the national schedule; IDL's the first birthday", () => {
    for (const a of IMMUNISATION_SCHEDULE) expect(cohortOf(PWS_RULES[`imunisasi.${a.id}`]!, "2026-10", false), a.id).toEqual(cohortRange(dueMonthsOf(a), "2026-10", false));
    expect(dueMonthsOf(ANTIGEN_BY_ID.get("hb0")!)).toBe(0);
    expect(dueMonthsOf(ANTIGEN_BY_ID.get("dpt1")!)).toBe(2);
    expect(dueMonthsOf(ANTIGEN_BY_ID.get("mr1")!)).toBe(9);
    expect(dueMonthsOf(ANTIGEN_BY_ID.get("dpt4")!)).toBe(18);
    expect(cohortOf(PWS_RULES["imunisasi.idl"]!, "2026-10", true)).toEqual(cohortRange(12, "2026-10", true));
  });
});

describe("PWS annual sasaran", () => {
  it("is the age band as the year opened", () => {
    expect(annualSasaranRange("bayi", 2026)).toEqual({ after: "2024-12-31", upTo: "2025-12-31" });
    expect(annualSasaranRange("baduta", 2026)).toEqual({ after: "2023-12-31", upTo: "2024-12-31" });
    expect(annualSasaranRange("produktif", 2026)).toEqual({ after: "1965-12-31", upTo: "2010-12-31" });
    expect(annualSasaranRange("lansia", 2026)).toEqual({ after: null, upTo: "1965-12-31" });
    // The same in every month of the year.
    expect(annualSasaranOf(PWS_RULES["ptm.skrining_lansia"]!, "2026-01")).toEqual(annualSasaranOf(PWS_RULES["ptm.skrining_lansia"]!, "2026-12"));
  });

  it("only the yearly PTM and lansia screenings divide by it; the antigens and IDL by their cohort", () => {
    const annual = PWS_INDICATORS.filter((x) => annualSasaranOf(PWS_RULES[x.id]!, "2026-10")).map((x) => x.id);
    expect(annual.sort()).toEqual(["ptm.skrining_lansia", "ptm.skrining_produktif"]);
    for (const id of annual) expect(PWS_INDICATOR_BY_ID.get(id)!.kind, id).toBe("coverage");
  });
});

describe("PWS display rules", () => {
  it("a target is pro-rated exactly where the cumulative grows towards it over a fixed annual sasaran (not over a cohort that grows with it)", () => {
    for (const x of PWS_INDICATORS) {
      expect(!!x.proRate, x.id).toBe(!!annualSasaranOf(PWS_RULES[x.id]!, "2026-10"));
    }
    expect(PWS_INDICATOR_BY_ID.get("imunisasi.hb0")!.proRate).toBeFalsy();
    expect(PWS_INDICATOR_BY_ID.get("imunisasi.idl")!.proRate).toBeFalsy();
  });

  it("the drop-out has a minimum denominator of 10; no other indicator has one", () => {
    expect(DROPOUT_MIN_DENOMINATOR).toBe(10);
    expect(PWS_INDICATOR_BY_ID.get("imunisasi.do_dpt_mr")!.minDenominator).toBe(DROPOUT_MIN_DENOMINATOR);
    expect(PWS_INDICATORS.filter((x) => x.minDenominator !== undefined).map((x) => x.id)).toEqual(["imunisasi.do_dpt_mr"]);
  });
});
