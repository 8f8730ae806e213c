import { describe, expect, it } from "vitest";
import { isJeEndemic, JE_ENDEMIC_AREAS } from "../../domain/area/je-endemic.ts";
import { IMMUNISATION_SCHEDULE, IMUNISASI_V1 } from "../../domain/forms/imunisasi-v1.ts";
import { IMUNISASI_V2 } from "../../domain/forms/imunisasi-v2.ts";
import { biasAntigensFor, biasAntigensGiven, IMUNISASI_SEKOLAH_V1 } from "../../domain/forms/imunisasi-sekolah-v1.ts";
import { currentForm, fieldById, formContext, getForm, isVisible, resolveAnswers, validateAnswers, type Answers, type FormDefinition } from "../../domain/forms/index.ts";
import { PWS_INDICATORS } from "../../domain/pws/indicators.ts";
import { PWS_RULES } from "../../domain/pws/rules.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import { immunisationStatus } from "../../domain/rules/immunisation.ts";
import { isKejar, kejarFrom } from "../../domain/rules/immunisation-kejar.ts";
import { JE_ANTIGEN } from "../../domain/rules/je.ts";
import type { RecordEntity } from "../../domain/rules/referrals.ts";
import { computeTasks, RULE_IDS, type HouseholdEntity, type PersonEntity, type Task } from "../../domain/rules/tasks.ts";
import { programmeOf } from "../../domain/rules/programmes.ts";
import { uid } from "./ilp-fixtures.ts";

/**
 * Issue 15, immunisation: JE in the endemic areas, BIAS at school, and catch-up (kejar) doses.
 * Every expected date below is worked by hand in the comment next to it.
 */

const TODAY = "2026-03-20";
// Kemendagri codes: 51 Bali (JE routine since 2018); 18.04 Lampung Barat (not endemic).
const DESA_BALI = "51.03.01.2001";
const DESA_LAMBAR = "18.04.10.2001";
const HH_BALI = uid(801);
const HH_LAMBAR = uid(802);
const HOUSEHOLDS: HouseholdEntity[] = [
  { id: HH_BALI, data: { desaCode: DESA_BALI } },
  { id: HH_LAMBAR, data: { desaCode: DESA_LAMBAR } },
];

let seq = 0;
function child(n: number, hh: string, birthDate: string, sex: "L" | "P" = "L"): PersonEntity {
  return { id: uid(n), data: { householdId: hh, sex, birthDate, pregnant: false } };
}
function rec(personId: string, formId: string, visitDate: string, data: Answers, version = 1): RecordEntity {
  return { id: uid(5000 + ++seq), data: { personId, formId, formVersion: version, visitDate, data: data as RecordEntity["data"]["data"], derived: null } };
}
function run(persons: PersonEntity[], records: RecordEntity[], today = TODAY, households: HouseholdEntity[] | undefined = HOUSEHOLDS): Task[] {
  return computeTasks({ persons, households, records, referrals: [] }, today);
}
const byRule = (tasks: Task[], ruleId: string) => tasks.filter((t) => t.ruleId === ruleId);
const check = (def: FormDefinition, a: Answers, person: { sex: string; birthDate: string }, visitDate = TODAY) => {
  const ctx = formContext(visitDate, person);
  return validateAnswers(def, resolveAnswers(def, a, ctx), ctx);
};

describe("JE: the endemic areas", () => {
  it("Bali, Kalimantan Barat and DI Yogyakarta (Kemendagri 51, 61, 34), by prefix; others and bad codes are not", () => {
    expect(JE_ENDEMIC_AREAS.map((a) => a.code)).toEqual(["51", "61", "34"]);
    expect(isJeEndemic(DESA_BALI)).toBe(true);
    expect(isJeEndemic("61.71.01.1001")).toBe(true); // Kota Pontianak
    expect(isJeEndemic("34.02.01.2001")).toBe(true); // Bantul
    expect(isJeEndemic(DESA_LAMBAR)).toBe(false);
    expect(isJeEndemic("5")).toBe(false);
    expect(isJeEndemic("510.1")).toBe(false);
    expect(isJeEndemic(null)).toBe(false);
    // "51" must be a code prefix, not a string prefix: 15.xx (Jambi) is not Bali.
    expect(isJeEndemic("15.01.01.2001")).toBe(false);
  });
});

describe("JE: the task at 10 months, only in an endemic desa", () => {
  // Born 2025-05-05: on 2026-03-20 10 months 15 days old. The task opens at 9 months
  // (2026-02-05) and is due by the end of the 10th month: 2025-05-05 + 11 months = 2026-04-05,
  // minus a day = 2026-04-04.
  const BIRTH = "2025-05-05";

  it("a 10-month-old in Bali gets a JE task due 2026-04-04", () => {
    const kid = child(1, HH_BALI, BIRTH);
    const je = byRule(run([kid], []), "imunisasi.je");
    expect(je).toHaveLength(1);
    expect(je[0]).toMatchObject({ status: "open", dueDate: "2026-04-04", assignee: "pustu", kind: "imunisasi", householdId: HH_BALI });
    expect(je[0]!.text).toEqual({ code: "imunisasi", params: { antigens: JE_ANTIGEN.label, due: "2026-04-04" } });
    expect(je[0]!.why.id).toContain("desa 51.03.01.2001");
    expect(RULE_IDS).toContain("imunisasi.je");
    expect(programmeOf(je[0]!)).toBe("imunisasi");
    // Overdue the day after: 2026-04-05.
    expect(byRule(run([kid], [], "2026-04-05"), "imunisasi.je")[0]!.status).toBe("overdue");
  });

  it("none in Lampung Barat, none without the household's desa; the routine tasks are the same everywhere", () => {
    const bali = child(1, HH_BALI, BIRTH);
    const lambar = child(1, HH_LAMBAR, BIRTH); // same id: the routine task ids must match too
    const records = [rec(bali.id, "imunisasi", "2025-06-05", { antigen: ["bcg", "opv1"] })];
    expect(byRule(run([lambar], records), "imunisasi.je")).toEqual([]);
    expect(byRule(run([bali], records, TODAY, []), "imunisasi.je")).toEqual([]);
    const routine = (ts: Task[]) => ts.filter((t) => t.ruleId !== "imunisasi.je").map((t) => ({ ...t, householdId: undefined }));
    expect(routine(run([bali], records))).toEqual(routine(run([lambar], records)));
  });

  it("not before 9 months: born 2025-08-01 is 7 months old (9 months on 2026-05-01)", () => {
    expect(byRule(run([child(2, HH_BALI, "2025-08-01")], []), "imunisasi.je")).toEqual([]);
    expect(byRule(run([child(2, HH_BALI, "2025-08-01")], [], "2026-05-01"), "imunisasi.je")).toHaveLength(1);
  });

  it("done once an imunisasi v2 record names JE (the date given counts, not the visit)", () => {
    const kid = child(1, HH_BALI, BIRTH);
    const r = rec(kid.id, "imunisasi", "2026-03-18", { antigen: ["je"], tanggal_pemberian: "2026-03-10" }, 2);
    const je = byRule(run([kid], [r]), "imunisasi.je");
    expect(je).toHaveLength(1);
    expect(je[0]).toMatchObject({ status: "done", sourceRecordId: r.id, text: { code: "imunisasi_done", params: { antigens: JE_ANTIGEN.label } } });
    expect(je[0]!.why.id).toContain("Diberikan 10 Maret 2026");
  });

  it("no task from 36 months (born 2023-03-20 is 36 months on 2026-03-20)", () => {
    expect(byRule(run([child(3, HH_BALI, "2023-03-20")], []), "imunisasi.je")).toEqual([]);
    expect(byRule(run([child(3, HH_BALI, "2023-03-21")], []), "imunisasi.je")).toHaveLength(1);
  });
});

describe("JE: the form (imunisasi v2) and what stays national", () => {
  it("v2 is v1 plus the JE option; v1 is unchanged and rejects JE", () => {
    expect(currentForm("imunisasi")).toBe(IMUNISASI_V2);
    expect(getForm("imunisasi", 1)).toBe(IMUNISASI_V1);
    const opts = (d: FormDefinition) => (fieldById(d, "antigen") as { options: { value: string }[] }).options.map((o) => o.value);
    expect(opts(IMUNISASI_V1)).toEqual(IMMUNISATION_SCHEDULE.map((a) => a.id));
    expect(opts(IMUNISASI_V2)).toEqual([...IMMUNISATION_SCHEDULE.map((a) => a.id), "je"]);
    expect(IMUNISASI_V2.flags).toBe(IMUNISASI_V1.flags);
    const tenMonths = { sex: "L", birthDate: "2025-05-05" };
    expect(check(IMUNISASI_V1, { antigen: ["je"] }, tenMonths).errors.antigen).toBeDefined();
    expect(check(IMUNISASI_V2, { antigen: ["je"] }, tenMonths).valid).toBe(true);
  });

  it("JE not before 9 months: born 2025-08-01 is 231 days (7 months) old on 2026-03-20", () => {
    const sevenMonths = { sex: "L", birthDate: "2025-08-01" };
    expect(check(IMUNISASI_V2, { antigen: ["je"] }, sevenMonths).errors.antigen?.id).toBe("JE diberikan mulai umur 9 bulan");
    // Copied from the Buku KIA: given 2026-04-30 at 272 days (< 274 = 9 WHO months) is refused; 2026-05-02 (274 days) is not.
    expect(check(IMUNISASI_V2, { antigen: ["je"], tanggal_pemberian: "2026-04-30" }, sevenMonths, "2026-06-01").errors.antigen?.id).toBe("JE diberikan mulai umur 9 bulan");
    expect(check(IMUNISASI_V2, { antigen: ["je"], tanggal_pemberian: "2026-05-02" }, sevenMonths, "2026-06-01").valid).toBe(true);
  });

  it("JE is not in the national schedule: no IDL change; its PWS indicator counts only in JE areas", () => {
    expect(IMMUNISATION_SCHEDULE.some((a) => a.id === "je")).toBe(false);
    expect(PWS_INDICATORS.some((i) => i.id === "imunisasi.je")).toBe(true);
    expect(PWS_RULES["imunisasi.je"]!.onlyWhere).toBe("je_endemic");
    const r = { id: "r", formId: "imunisasi", formVersion: 2, visitDate: "2026-03-10", data: { antigen: ["je"] } };
    const st = immunisationStatus("2025-05-05", [r], TODAY);
    expect(st.given).toEqual({});
    expect(st.missingBasic).toEqual(IMMUNISATION_SCHEDULE.filter((a) => a.basic).map((a) => a.id));
  });
});

describe("BIAS: antigens by grade and sex", () => {
  it("kelas 1 MR and DT; kelas 2 Td; kelas 5 Td and HPV 1 for girls; kelas 6 HPV for girls only", () => {
    expect(biasAntigensFor("1", "L")).toEqual(["mr_kelas1", "dt_kelas1"]);
    expect(biasAntigensFor("1", "P")).toEqual(["mr_kelas1", "dt_kelas1"]);
    expect(biasAntigensFor("2", "P")).toEqual(["td_kelas2"]);
    expect(biasAntigensFor("5", "P")).toEqual(["td_kelas5", "hpv1"]);
    expect(biasAntigensFor("5", "L")).toEqual(["td_kelas5"]);
    expect(biasAntigensFor("6", "P")).toEqual(["hpv1", "hpv2"]);
    expect(biasAntigensFor("6", "L")).toEqual([]);
    expect(biasAntigensFor("3", "P")).toEqual([]);
  });

  const GIRL_11 = { sex: "P", birthDate: "2014-06-01" };
  const BOY_11 = { sex: "L", birthDate: "2014-06-01" };
  const shown = (a: Answers, person: { sex: string; birthDate: string }) => {
    const ctx = formContext(TODAY, person);
    const answers = resolveAnswers(IMUNISASI_SEKOLAH_V1, a, ctx);
    return ["mr", "dt", "td", "hpv"].filter((id) => isVisible(fieldById(IMUNISASI_SEKOLAH_V1, id)!, answers, ctx));
  };

  it("the form shows each grade's antigens, HPV to girls only", () => {
    expect(shown({ kelas: "1" }, BOY_11)).toEqual(["mr", "dt"]);
    expect(shown({ kelas: "2" }, GIRL_11)).toEqual(["td"]);
    expect(shown({ kelas: "5" }, GIRL_11)).toEqual(["td", "hpv"]);
    expect(shown({ kelas: "5" }, BOY_11)).toEqual(["td"]);
    expect(shown({ kelas: "6" }, GIRL_11)).toEqual(["hpv"]);
    expect(shown({ kelas: "6" }, BOY_11)).toEqual([]);
  });

  it("HPV is never recorded for a boy: the answer is refused as not applicable", () => {
    // As pushed (the worker validates the stored answers): refused as not applicable.
    const r = validateAnswers(IMUNISASI_SEKOLAH_V1, { kelas: "5", td: true, hpv: "hpv1" }, formContext(TODAY, BOY_11));
    expect(r.valid).toBe(false);
    expect(r.errors.hpv?.id).toBe("Tidak berlaku untuk jawaban lain di formulir ini");
    // What the record keeps (hidden answers dropped) names no HPV.
    expect(biasAntigensGiven(resolveAnswers(IMUNISASI_SEKOLAH_V1, { kelas: "5", td: true, hpv: "hpv1" }, formContext(TODAY, BOY_11)))).toEqual(["td_kelas5"]);
  });

  it("valid records and the antigens they give", () => {
    expect(check(IMUNISASI_SEKOLAH_V1, { kelas: "1", mr: true, dt: false, nama_sekolah: "SD Negeri 1" }, { sex: "L", birthDate: "2019-02-01" }).valid).toBe(true);
    expect(biasAntigensGiven({ kelas: "1", mr: true, dt: false })).toEqual(["mr_kelas1"]);
    expect(check(IMUNISASI_SEKOLAH_V1, { kelas: "5", td: true, hpv: "hpv1", no_batch: "HPV123" }, GIRL_11).valid).toBe(true);
    expect(biasAntigensGiven({ kelas: "5", td: true, hpv: "hpv1" })).toEqual(["td_kelas5", "hpv1"]);
    expect(biasAntigensGiven({ kelas: "6", hpv: "tidak" })).toEqual([]);
  });

  it("checks: nothing given; HPV under 9 years; HPV 2 in kelas 5", () => {
    expect(check(IMUNISASI_SEKOLAH_V1, { kelas: "2", td: false }, GIRL_11).errors.kelas?.id).toContain("Belum ada imunisasi yang diberikan");
    // Born 2017-06-01: 8 years old on 2026-03-20.
    expect(check(IMUNISASI_SEKOLAH_V1, { kelas: "5", td: false, hpv: "hpv1" }, { sex: "P", birthDate: "2017-06-01" }).errors.hpv?.id).toBe("HPV diberikan mulai umur 9 tahun");
    expect(check(IMUNISASI_SEKOLAH_V1, { kelas: "5", td: false, hpv: "hpv2" }, GIRL_11).errors.hpv?.id).toBe("HPV dosis 2 diberikan di kelas 6");
  });

  it("serious KIPI refers to the puskesmas (the flag of imunisasi v1)", () => {
    const d = deriveRecord({ def: IMUNISASI_SEKOLAH_V1, answers: { kelas: "2", td: true, kipi: "berat" }, visitDate: TODAY, person: GIRL_11 });
    expect(d.flags).toEqual([expect.objectContaining({ id: "imunisasi-sekolah.kipi_berat", severity: "refer", destination: "puskesmas" })]);
    expect(d.errors).toBeUndefined();
  });
});

describe("BIAS: HPV dose 2 task", () => {
  // HPV 1 on 2025-08-15 (kelas 5): the task opens 6 months later (2026-02-15) and is due 12
  // months later (2026-08-15), the next August BIAS in kelas 6.
  const girl = child(10, HH_LAMBAR, "2014-06-01", "P");
  const hpv1 = rec(girl.id, "imunisasi-sekolah", "2025-08-15", { kelas: "5", td: false, hpv: "hpv1" });

  it("open from 6 months after HPV 1, due 12 months after it", () => {
    expect(byRule(run([girl], [hpv1], "2026-02-14"), "imunisasi.hpv2")).toEqual([]);
    const t = byRule(run([girl], [hpv1]), "imunisasi.hpv2");
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ status: "open", dueDate: "2026-08-15", sourceRecordId: hpv1.id, text: { code: "imunisasi", params: { antigens: { id: "HPV dosis 2", en: "HPV dose 2" }, due: "2026-08-15" } } });
    expect(programmeOf(t[0]!)).toBe("imunisasi");
    expect(byRule(run([girl], [hpv1], "2026-08-16"), "imunisasi.hpv2")[0]!.status).toBe("overdue");
  });

  it("done by an HPV 2 record; gone 24 months after HPV 1 (2027-08-15)", () => {
    const hpv2 = rec(girl.id, "imunisasi-sekolah", "2026-08-12", { kelas: "6", hpv: "hpv2" });
    expect(byRule(run([girl], [hpv1, hpv2], "2026-09-01"), "imunisasi.hpv2")[0]!.status).toBe("done");
    expect(byRule(run([girl], [hpv1], "2027-08-15"), "imunisasi.hpv2")).toHaveLength(1);
    expect(byRule(run([girl], [hpv1], "2027-08-16"), "imunisasi.hpv2")).toEqual([]);
  });

  it("no task without HPV 1 (a Td record)", () => {
    expect(byRule(run([girl], [rec(girl.id, "imunisasi-sekolah", "2025-11-10", { kelas: "5", td: true })]), "imunisasi.hpv2")).toEqual([]);
  });
});

describe("kejar: catch-up doses derived from the dates", () => {
  // Born 2026-01-05. DPT-HB-Hib 1 is due at 2 months: on time to 2026-04-04 (the day before 3
  // months), kejar from 2026-01-05 + 3 months = 2026-04-05.
  const BABY = { sex: "L", birthDate: "2026-01-05" };
  const derive = (answers: Answers, visitDate: string, v = 1, person = BABY) =>
    deriveRecord({ def: getForm("imunisasi", v)!, answers, visitDate, person });
  const dpt1 = IMMUNISATION_SCHEDULE.find((a) => a.id === "dpt1")!;

  it("DPT-HB-Hib 1 at 5 months (2026-06-05) is kejar; at 2 months (2026-03-05) it is not", () => {
    expect(kejarFrom(dpt1, BABY.birthDate)).toBe("2026-04-05");
    expect(derive({ antigen: ["dpt1"] }, "2026-06-05").values).toMatchObject({ kejar: true, antigen_kejar: "dpt1" });
    expect(derive({ antigen: ["dpt1"] }, "2026-03-05").values).toMatchObject({ kejar: false, antigen_kejar: null });
    expect(isKejar(dpt1, BABY.birthDate, "2026-04-04")).toBe(false);
    expect(isKejar(dpt1, BABY.birthDate, "2026-04-05")).toBe(true);
  });

  it("per antigen in a record: BCG (due 1 month, kejar from 2026-03-05) is, DPT-HB-Hib 1 is not, on 2026-03-20", () => {
    expect(derive({ antigen: ["bcg", "dpt1"] }, "2026-03-20").values).toMatchObject({ kejar: true, antigen_kejar: "bcg" });
  });

  it("the date given counts (copied from the Buku KIA), not the visit date", () => {
    expect(derive({ antigen: ["dpt1"], tanggal_pemberian: "2026-03-05" }, "2026-07-01").values).toMatchObject({ kejar: false });
    expect(derive({ antigen: ["dpt1"], tanggal_pemberian: "2026-06-05" }, "2026-07-01").values).toMatchObject({ kejar: true, antigen_kejar: "dpt1" });
  });

  it("HB0 is never kejar; JE at 14 months is (born 2025-01-05: kejar from 2025-12-05)", () => {
    expect(derive({ antigen: ["hb0"] }, "2026-01-08").values).toMatchObject({ kejar: false });
    expect(derive({ antigen: ["je"] }, "2026-03-05", 2, { sex: "P", birthDate: "2025-01-05" }).values).toMatchObject({ kejar: true, antigen_kejar: "je" });
    expect(derive({ antigen: ["je"] }, "2025-11-20", 2, { sex: "P", birthDate: "2025-01-05" }).values).toMatchObject({ kejar: false });
  });

  it("IDL is unchanged: a kejar dose before 12 months still counts", () => {
    // HB0 at birth, every other basic antigen at 11 months (kejar) but before the first birthday 2027-01-05.
    const basic = IMMUNISATION_SCHEDULE.filter((a) => a.basic).map((a) => a.id);
    const withHb0 = [
      { id: "a", formId: "imunisasi", formVersion: 1, visitDate: "2026-01-05", data: { antigen: ["hb0"] } },
      { id: "b", formId: "imunisasi", formVersion: 1, visitDate: "2026-12-20", data: { antigen: basic.filter((x) => x !== "hb0") } },
    ];
    expect(immunisationStatus(BABY.birthDate, withHb0, "2027-01-10").idl).toBe(true);
  });
});
