import { describe, expect, it } from "vitest";
import { DROPOUT_MIN_DENOMINATOR, PWS_INDICATOR_BY_ID, PWS_INDICATORS, WORDS_KB_POSTPARTUM_DAYS, WORDS_KPSP_PER_YEAR } from "../../domain/pws/indicators.ts";
import { KB_POSTPARTUM_DAYS } from "../../domain/forms/kb-v1.ts";
import { KPSP_PER_YEAR, SDIDTK_SASARAN_MONTHS } from "../../domain/pws/marks.ts";
import { PWS_GROUPS } from "../../domain/pws/types.ts";
import { JE_DUE_MONTHS } from "../../domain/rules/je.ts";
import { ANTIGEN_BY_ID, dueMonthsOf, IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import { annualSasaranOf, annualSasaranRange, BALITA_MONTHS, cohortOf, cohortRange, PWS_RULES, ruleAppliesIn } from "../../domain/pws/rules.ts";

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

  it("only the yearly PTM and lansia screenings and SDIDTK divide by it; the antigens and IDL by their cohort", () => {
    const annual = PWS_INDICATORS.filter((x) => annualSasaranOf(PWS_RULES[x.id]!, "2026-10")).map((x) => x.id);
    expect(annual.sort()).toEqual(["balita.sdidtk", "ptm.skrining_lansia", "ptm.skrining_produktif"]);
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

describe("PWS indicator definitions (every indicator, and those of issue 15)", () => {
  it("every indicator has a rule, a group, a kind with a target of the right sort, its sasaran in both languages and a source", () => {
    for (const x of PWS_INDICATORS) {
      expect(PWS_RULES[x.id], x.id).toBeDefined();
      expect(PWS_GROUPS, x.id).toContain(x.group);
      expect(["coverage", "prevalence", "dropout", "distribution"], x.id).toContain(x.kind);
      if (x.kind === "distribution") expect(x.defaultTarget, x.id).toBeNull();
      if (x.defaultTarget !== null) expect(x.defaultTarget >= 0 && x.defaultTarget <= 100, x.id).toBe(true);
      for (const words of [x.label, x.description, x.sasaran]) {
        expect(words.id.trim().length, x.id).toBeGreaterThan(0);
        expect(words.en.trim().length, x.id).toBeGreaterThan(0);
      }
      expect(x.source.trim().length, x.id).toBeGreaterThan(10);
    }
    expect(Object.keys(PWS_RULES).sort()).toEqual(PWS_INDICATORS.map((x) => x.id).sort());
  });

  it("the issue-15 indicators: kind, default target and source", () => {
    const of = (id: string) => PWS_INDICATOR_BY_ID.get(id)!;
    expect([of("ibu_hamil.pn").kind, of("ibu_hamil.pn").defaultTarget]).toEqual(["coverage", 100]);
    expect(of("ibu_hamil.pn").source).toMatch(/PWS KIA/);
    expect([of("ibu_hamil.kbpp").kind, of("ibu_hamil.kbpp").defaultTarget]).toEqual(["coverage", 70]);
    expect(of("ibu_hamil.kbpp").source).toMatch(/Perpres 72\/2021/);
    expect([of("balita.sdidtk").kind, of("balita.sdidtk").defaultTarget, of("balita.sdidtk").proRate]).toEqual(["coverage", 100, true]);
    expect([of("imunisasi.je").kind, of("imunisasi.je").defaultTarget]).toEqual(["coverage", 90]);
    // Findings with no default target: pneumonia among MTBS visits, anaemia and KEK among catin screened.
    for (const id of ["balita.pneumonia", "catin.anemia", "catin.kek"]) expect([of(id).kind, of(id).defaultTarget], id).toEqual(["prevalence", null]);
    expect(cohortOf(PWS_RULES["imunisasi.je"]!, "2026-10", false)).toEqual(cohortRange(JE_DUE_MONTHS, "2026-10", false));
  });

  it("the words the console shows use the counting constants (the console chunk does not load them)", () => {
    expect(WORDS_KPSP_PER_YEAR).toBe(KPSP_PER_YEAR);
    expect(WORDS_KB_POSTPARTUM_DAYS).toBe(KB_POSTPARTUM_DAYS);
    expect(SDIDTK_SASARAN_MONTHS).toBe(BALITA_MONTHS);
  });

  it("JE has a sasaran only in desa of the JE areas; every other indicator everywhere", () => {
    const je = PWS_RULES["imunisasi.je"]!;
    expect(ruleAppliesIn(je, "51.71.01.1001")).toBe(true); // Kota Denpasar, Bali
    expect(ruleAppliesIn(je, "61.71.01.1001")).toBe(true); // Kota Pontianak, Kalimantan Barat
    expect(ruleAppliesIn(je, "34.71.01.1001")).toBe(true); // Kota Yogyakarta
    expect(ruleAppliesIn(je, "18.04.01.2001")).toBe(false); // Lampung Barat
    for (const x of PWS_INDICATORS) if (x.id !== "imunisasi.je") expect(ruleAppliesIn(PWS_RULES[x.id]!, "18.04.01.2001"), x.id).toBe(true);
  });
});
