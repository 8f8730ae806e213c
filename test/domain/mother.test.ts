import { describe, expect, it } from "vitest";
import { motherNik, needsMotherNik, type MotherCandidate } from "../../domain/rules/mother.ts";

/** The mother's NIK of an infant without one (domain/rules/mother.ts; SATUSEHAT nik-ibu). */

const NIK_IBU = "1804104403950001";
const baby: MotherCandidate = { id: "b", sex: "L", birthDate: "2026-06-01", nik: null, relation: "anak" };
const ibu: MotherCandidate = { id: "i", sex: "P", birthDate: "1995-03-04", nik: NIK_IBU, relation: "istri" };
const ayah: MotherCandidate = { id: "a", sex: "L", birthDate: "1990-05-10", nik: "1804101005900001", relation: "kepala" };
const AT = "2026-11-30";

describe("motherNik", () => {
  it("an infant without a NIK takes the one woman who fits: the wife, or a female head", () => {
    expect(motherNik(baby, [ayah, ibu, baby], AT)).toBe(NIK_IBU);
    expect(motherNik(baby, [{ ...ibu, relation: "kepala" }, baby], AT)).toBe(NIK_IBU);
  });

  it("a grandchild takes the head's daughter or daughter-in-law, not the grandmother", () => {
    const cucu = { ...baby, relation: "cucu" as const };
    const nenek = { ...ibu, id: "n", birthDate: "1970-01-01", nik: "1804104101700001", relation: "kepala" as const };
    expect(motherNik(cucu, [nenek, { ...ibu, relation: "menantu" }, cucu], AT)).toBe(NIK_IBU);
    expect(motherNik(cucu, [nenek, cucu], AT)).toBeNull();
  });

  it("none when ambiguous, implausible, male, without a NIK, or the child is no infant or has its own NIK", () => {
    expect(motherNik(baby, [ibu, { ...ibu, id: "i2", nik: "1804104403950002" }], AT)).toBeNull(); // two wives
    expect(motherNik(baby, [{ ...ibu, birthDate: "2016-01-01" }], AT)).toBeNull(); // 10 at the birth
    expect(motherNik(baby, [{ ...ibu, birthDate: "1960-01-01" }], AT)).toBeNull(); // 66 at the birth
    expect(motherNik(baby, [{ ...ibu, sex: "L" }], AT)).toBeNull();
    expect(motherNik(baby, [{ ...ibu, nik: null }], AT)).toBeNull();
    expect(motherNik(baby, [{ ...ibu, relation: "lainnya" }], AT)).toBeNull();
    expect(motherNik({ ...baby, birthDate: "2025-06-01" }, [ibu], AT)).toBeNull(); // 17 months
    expect(motherNik({ ...baby, nik: "1804100106260001" }, [ibu], AT)).toBeNull();
    expect(motherNik({ ...baby, relation: "lainnya" }, [ibu], AT)).toBeNull();
  });

  it("needsMotherNik: no valid NIK and under 12 months at the date", () => {
    expect(needsMotherNik(baby, AT)).toBe(true);
    expect(needsMotherNik({ ...baby, birthDate: "2025-11-30" }, AT)).toBe(false);
    expect(needsMotherNik({ ...baby, birthDate: "2025-12-15" }, AT)).toBe(true);
    expect(needsMotherNik({ ...baby, nik: "123" }, AT)).toBe(true);
    expect(needsMotherNik({ ...baby, nik: "1804100106260001" }, AT)).toBe(false);
  });
});
