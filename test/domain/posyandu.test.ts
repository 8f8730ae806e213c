import { describe, expect, it } from "vitest";
import { groupByProgramme, programmeOf } from "../../domain/rules/programmes.ts";
import { isSasaranBalita, nextPosyanduDay, posyanduTally } from "../../domain/rules/posyandu.ts";
import type { Derived } from "../../domain/rules/derive.ts";

describe("Home groups tasks by programme (issue 12)", () => {
  it("maps each rule to its programme; any referral task is rujukan", () => {
    expect(programmeOf({ ruleId: "anc.kunjungan" })).toBe("ibu_hamil");
    expect(programmeOf({ ruleId: "balita.belum_ditimbang" })).toBe("balita");
    expect(programmeOf({ ruleId: "imunisasi.berikutnya" })).toBe("imunisasi");
    expect(programmeOf({ ruleId: "ptm.cek_ulang" })).toBe("ptm_lansia");
    expect(programmeOf({ ruleId: "tb.skrining_kontak" })).toBe("tb");
    expect(programmeOf({ ruleId: "anc.rujuk", referralId: "r1" })).toBe("rujukan");
    expect(programmeOf({ ruleId: "rujukan.tidak_datang", referralId: "r2" })).toBe("rujukan");
    expect(programmeOf({ ruleId: "new.rule" })).toBe("lainnya");
  });

  it("groups in programme order, each by due date", () => {
    const groups = groupByProgramme([
      { ruleId: "imunisasi.berikutnya", dueDate: "2026-12-05" },
      { ruleId: "anc.kunjungan", dueDate: "2026-12-09" },
      { ruleId: "anc.kunjungan", dueDate: "2026-11-01" },
      { ruleId: "balita.rujuk_gizi", referralId: "x", dueDate: "2026-12-01" },
    ]);
    expect(groups.map((g) => [g.programme, g.tasks.map((t) => t.dueDate)])).toEqual([
      ["ibu_hamil", ["2026-11-01", "2026-12-09"]],
      ["imunisasi", ["2026-12-05"]],
      ["rujukan", ["2026-12-01"]],
    ]);
  });
});

describe("posyandu mode (issue 12)", () => {
  it("a sasaran balita is born on or before the day and under 60 months", () => {
    expect(isSasaranBalita("2026-12-02", "2026-12-02")).toBe(true);
    expect(isSasaranBalita("2021-12-03", "2026-12-02")).toBe(true);
    expect(isSasaranBalita("2021-12-02", "2026-12-02")).toBe(false);
    expect(isSasaranBalita("2026-12-03", "2026-12-02")).toBe(false);
    expect(isSasaranBalita(null, "2026-12-02")).toBe(false);
  });

  it("the next posyandu day is the dusun's usual day of the month, else today (daily posyandu at the pustu)", () => {
    const dates = ["2026-09-14", "2026-10-14", "2026-10-14", "2026-11-14", "2026-11-20", "2025-01-02"];
    expect(nextPosyanduDay(dates, "2026-12-02")).toEqual({ date: "2026-12-14", fromHistory: true });
    expect(nextPosyanduDay(dates, "2026-12-14")).toEqual({ date: "2026-12-14", fromHistory: true });
    expect(nextPosyanduDay(dates, "2026-12-15")).toEqual({ date: "2027-01-14", fromHistory: true });
    expect(nextPosyanduDay(["2026-10-31", "2026-11-30"], "2027-02-01")).toEqual({ date: "2027-02-28", fromHistory: true });
    expect(nextPosyanduDay([], "2026-12-02")).toEqual({ date: "2026-12-02", fromHistory: false });
  });

  it("the tally counts D, N, T, BGM and the children referred", () => {
    const g = (nt: "N" | "T" | "O" | "B" | null, bgm: boolean, refer = false): Derived =>
      ({ v: 1, form: "balita@1", flags: refer ? [{ id: "balita.bgm", severity: "refer", label: { id: "", en: "" }, action: { id: "", en: "" } }] : [], growth: { nt, bgm } }) as unknown as Derived;
    expect(posyanduTally([g("N", false), g("T", false), g("T", true, true), g("B", false), g(null, false), null])).toEqual({ d: 4, n: 1, t: 2, o: 0, b: 1, bgm: 1, referred: 1 });
  });
});
