import { describe, expect, it } from "vitest";
import { formContext, formsFor, getForm, resolveAnswers, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import { deriveRecord, type Derived } from "../../domain/rules/derive.ts";
import { referralDue, referralGroups, type RecordEntity } from "../../domain/rules/referrals.ts";

/**
 * Golden tests for the dental and oral screening form: which questions each age group gets, the
 * def-t / DMF-T counts, and every flag. Counts are worked by hand in the comments.
 */

const VISIT = "2026-03-10";
const def = getForm("gigi", 1)!;
type Person = { sex: "L" | "P"; birthDate: string };
const BALITA: Person = { sex: "L", birthDate: "2023-03-01" }; // 36 months
const ANAK: Person = { sex: "P", birthDate: "2018-01-15" }; // 8 years
const REMAJA: Person = { sex: "P", birthDate: "2012-02-01" }; // 14 years
const IBU: Person = { sex: "P", birthDate: "1998-05-05" }; // 27 years
const BAPAK: Person = { sex: "L", birthDate: "1981-01-01" }; // 45 years
const KAKEK: Person = { sex: "L", birthDate: "1955-06-01" }; // 70 years

const derive = (answers: Answers, person: Person): Derived => deriveRecord({ def, answers, visitDate: VISIT, person });
const flagIds = (d: Derived) => d.flags.map((f) => f.id.replace("gigi.", ""));
const asked = (answers: Answers, person: Person) => {
  const ctx = formContext(VISIT, person);
  return Object.keys(validateAnswers(def, resolveAnswers(def, answers, ctx), ctx).errors).sort();
};

const COMMON = { sakit_gigi: false, abses: false, gigi_berlubang: false, kebersihan_mulut: "baik", sikat_gigi_2x: true };
const BALITA_OK: Answers = { ...COMMON, bercak_putih: false, susu_botol_tidur: false, def_d: 0, def_e: 0, def_f: 0 };
const ANAK_OK: Answers = { ...COMMON, def_d: 0, def_e: 0, def_f: 0, dmf_d: 0, dmf_m: 0, dmf_f: 0, gusi_berdarah: false, karang_gigi: false };
const REMAJA_OK: Answers = { ...COMMON, dmf_d: 0, dmf_m: 0, dmf_f: 0, gusi_berdarah: false, karang_gigi: false };
const DEWASA_OK: Answers = { ...REMAJA_OK, gigi_tiruan: "tidak", lesi_mulut: false };

describe("gigi: who is asked what", () => {
  it("fits everyone from 6 months (first teeth), entered at the pustu or puskesmas", () => {
    expect(def.appliesTo).toEqual({ minAgeMonths: 6 });
    expect(formsFor({ sex: "L", birthDate: "2026-01-01" }, VISIT, "pustu").map((f) => f.id)).not.toContain("gigi"); // 2 months
    expect(formsFor({ sex: "L", birthDate: "2025-08-01" }, VISIT, "pustu").map((f) => f.id)).toContain("gigi"); // 7 months
    expect(formsFor(KAKEK, VISIT, "puskesmas").map((f) => f.id)).toContain("gigi");
  });

  it("each age group's complete answers are valid, with nothing missing (required fields follow the age)", () => {
    expect(asked(BALITA_OK, BALITA)).toEqual([]);
    expect(asked(ANAK_OK, ANAK)).toEqual([]);
    expect(asked(REMAJA_OK, REMAJA)).toEqual([]);
    expect(asked({ ...DEWASA_OK, sedang_hamil: false }, IBU)).toEqual([]);
    expect(asked(DEWASA_OK, BAPAK)).toEqual([]);
    expect(asked(DEWASA_OK, KAKEK)).toEqual([]);
  });

  it("the questions of other ages are not asked: a balita gets no DMF-T, gums, calculus, lesion or pregnancy question", () => {
    const ctx = formContext(VISIT, BALITA);
    const extra = { ...BALITA_OK, dmf_d: 0, dmf_m: 0, dmf_f: 0, gusi_berdarah: true, karang_gigi: true, lesi_mulut: true, gigi_tiruan: "tidak", sedang_hamil: true };
    expect(Object.keys(validateAnswers(def, extra, ctx).errors).sort()).toEqual(["dmf_d", "dmf_f", "dmf_m", "gigi_tiruan", "gusi_berdarah", "karang_gigi", "lesi_mulut", "sedang_hamil"]);
  });

  it("a woman 15–49 is asked whether pregnant; a man or a woman of 14 is not", () => {
    expect(asked(DEWASA_OK, IBU)).toEqual(["sedang_hamil"]);
    expect(asked(DEWASA_OK, BAPAK)).toEqual([]);
    expect(asked(REMAJA_OK, REMAJA)).toEqual([]);
  });
});

describe("def-t and DMF-T", () => {
  it("d 2 + e 1 + f 1 = def-t 4; D 1 + M 0 + F 2 = DMF-T 3 at 8 years (mixed dentition)", () => {
    const d = derive({ ...ANAK_OK, gigi_berlubang: true, def_d: 2, def_e: 1, def_f: 1, dmf_d: 1, dmf_m: 0, dmf_f: 2 }, ANAK);
    expect(d.values).toMatchObject({ def_t: 4, dmf_t: 3 });
    expect(flagIds(d)).toEqual(["karies_perlu_rawat"]);
  });
  it("d + e + f above 20 primary teeth is a typing slip", () => {
    // 10 + 6 + 5 = 21 > 20.
    expect(asked({ ...ANAK_OK, gigi_berlubang: true, def_d: 10, def_e: 6, def_f: 5 }, ANAK)).toEqual(["def_f"]);
  });
  it("a decayed count with 'no cavities' answered is contradictory", () => {
    expect(asked({ ...ANAK_OK, dmf_d: 2 }, ANAK)).toEqual(["gigi_berlubang"]);
  });
  it("filled teeth only (d 0, f 3): no caries to treat", () => {
    const d = derive({ ...ANAK_OK, def_f: 3 }, ANAK);
    expect(d.values?.def_t).toBe(3);
    expect(flagIds(d)).toEqual([]);
  });
});

describe("gigi: flags", () => {
  it("balita: white spots and bottle at night are findings with counselling; a cavity refers to the dental clinic", () => {
    expect(flagIds(derive({ ...BALITA_OK, bercak_putih: true, susu_botol_tidur: true }, BALITA))).toEqual(["bercak_putih", "susu_botol_tidur"]);
    const caries = derive({ ...BALITA_OK, gigi_berlubang: true, def_d: 3 }, BALITA);
    expect(caries.flags.map((f) => [f.id, f.severity, f.destination])).toEqual([["gigi.karies_perlu_rawat", "refer", "puskesmas"]]);
    expect(caries.flags[0]!.action.id).toMatch(/poli gigi.*2 kali sehari.*berfluoride/);
  });

  it("pregnant woman with bleeding gums: refer (gingivitis in pregnancy); not pregnant: counselling only", () => {
    expect(flagIds(derive({ ...DEWASA_OK, sedang_hamil: true, gusi_berdarah: true }, IBU))).toEqual(["gingivitis_hamil"]);
    expect(flagIds(derive({ ...DEWASA_OK, sedang_hamil: false, gusi_berdarah: true }, IBU))).toEqual(["gusi_berdarah"]);
  });

  it("a mouth lesion over 2 weeks refers within the 3-day check (not same day), with the abscess in one referral", () => {
    const d = derive({ ...DEWASA_OK, lesi_mulut: true, abses: true }, BAPAK);
    expect(flagIds(d)).toEqual(["lesi_mulut_2_minggu", "abses_gigi"]);
    const groups = referralGroups("gigi", d);
    expect(groups.map((g) => [g.rule.id, g.destination, g.urgent])).toEqual([["rujuk.lainnya", "puskesmas", false]]);
    const rec = { id: "r", data: { personId: "p", formId: "gigi", formVersion: 1, visitDate: VISIT, data: {} } } as RecordEntity;
    expect(referralDue(rec, groups[0]!)).toBe("2026-03-13");
  });

  it("calculus, poor hygiene and not brushing twice a day are findings with their advice", () => {
    expect(flagIds(derive({ ...DEWASA_OK, karang_gigi: true, kebersihan_mulut: "buruk", sikat_gigi_2x: false }, BAPAK)))
      .toEqual(["karang_gigi", "kebersihan_buruk", "tidak_sikat_gigi_2x"]);
  });

  it("lansia with 13 teeth missing (19 left of 32) and no dentures: fewer than 20 natural teeth; 12 missing or with dentures: no flag", () => {
    expect(flagIds(derive({ ...DEWASA_OK, dmf_m: 13 }, KAKEK))).toEqual(["gigi_kurang_20"]);
    expect(flagIds(derive({ ...DEWASA_OK, dmf_m: 12 }, KAKEK))).toEqual([]);
    expect(flagIds(derive({ ...DEWASA_OK, dmf_m: 20, gigi_tiruan: "lepasan" }, KAKEK))).toEqual([]);
  });

  it("a healthy mouth makes no flag at any age", () => {
    expect(flagIds(derive(BALITA_OK, BALITA))).toEqual([]);
    expect(flagIds(derive(DEWASA_OK, KAKEK))).toEqual([]);
  });
});
