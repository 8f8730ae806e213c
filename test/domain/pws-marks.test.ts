import { describe, expect, it } from "vitest";
import { KB_POSTPARTUM_DAYS } from "../../domain/forms/kb-v1.ts";
import { MARK, pwsMarks, SAME_DELIVERY_DAYS, type MarkPerson, type MarkRecord } from "../../domain/pws/marks.ts";

/**
 * PWS marks of the issue-15 forms, one person at a time (domain/pws/marks.ts): the delivery
 * record as the primary source of births (PF, PN, KF, KB pascapersalinan), with nifas and the HPL
 * as fallbacks; SDIDTK, MTBS, catin and JE. Worked by hand beside each case; the worker golden
 * test (test/worker/pws.test.ts) counts the same through SQL.
 */
const WOMAN: MarkPerson = { id: "w", birthDate: "1995-03-04", pregnant: false, updatedOn: "2026-01-01" };
let n = 0;
const rec = (formId: string, visitDate: string, data: Record<string, unknown>, flags: string[] = []): MarkRecord =>
  ({ id: `r${String(++n).padStart(4, "0")}`, formId, visitDate, data: data as MarkRecord["data"], derived: { flags: flags.map((id) => ({ id, severity: "risk" })), values: {} } });
const codes = (person: MarkPerson, records: MarkRecord[]) => pwsMarks(person, records, []).map((m) => `${m.code}@${m.month}`).sort();
const only = (all: string[], prefix: string) => all.filter((c) => c.startsWith(prefix));
const PERSALINAN = { tanggal_persalinan: "2026-10-03", hasil_persalinan: "lahir", tempat_persalinan: "rumah", penolong: "bidan" };
const NIFAS = { tanggal_persalinan: "2026-10-03", tempat_persalinan: "faskes", penolong: "bidan" };
const KB = { metode: "suntik_3_bulan", status_peserta: "baru" };

describe("births: the persalinan record first, nifas and the HPL as fallback", () => {
  it("a persalinan record: birth, recorded, PN (bidan), not PF (home); a nifas visit of the same delivery does not make it PF", () => {
    const m = codes(WOMAN, [rec("persalinan", "2026-10-03", PERSALINAN), rec("nifas", "2026-10-05", { ...NIFAS, tanggal_persalinan: "2026-10-04" })]);
    expect(only(m, "h.")).toEqual(["h.nifas@2026-10", "h.pn@2026-10", "h.salin@2026-10"]);
  });

  it("each facility place is PF; a dukun or family is not PN", () => {
    for (const place of ["puskesmas", "pustu", "rumah_sakit", "klinik", "pmb"]) {
      expect(codes(WOMAN, [rec("persalinan", "2026-10-03", { ...PERSALINAN, tempat_persalinan: place, penolong: "dukun" })]), place).toContain("h.faskes@2026-10");
    }
    const m = codes(WOMAN, [rec("persalinan", "2026-10-03", { ...PERSALINAN, penolong: "keluarga" })]);
    expect(m).not.toContain("h.pn@2026-10");
    expect(m).not.toContain("h.faskes@2026-10");
  });

  it("old data: a nifas visit alone records the birth (faskes: PF; bidan or dokter: PN; dukun: not PN)", () => {
    expect(only(codes(WOMAN, [rec("nifas", "2026-08-02", { ...NIFAS, tanggal_persalinan: "2026-08-01" })]), "h.")).toEqual(["h.faskes@2026-08", "h.nifas@2026-08", "h.pn@2026-08", "h.salin@2026-08"]);
    expect(only(codes(WOMAN, [rec("nifas", "2026-08-02", { ...NIFAS, tanggal_persalinan: "2026-08-01", tempat_persalinan: "rumah", penolong: "dukun" })]), "h.")).toEqual(["h.nifas@2026-08", "h.salin@2026-08"]);
  });

  it(`a nifas date more than ${SAME_DELIVERY_DAYS} days from the recorded delivery is another birth`, () => {
    // 3 October + 43 days = 15 November: two births; + 42 days (14 November): the same one.
    expect(only(codes(WOMAN, [rec("persalinan", "2026-10-03", PERSALINAN), rec("nifas", "2026-11-16", { ...NIFAS, tanggal_persalinan: "2026-11-15" })]), "h.salin")).toEqual(["h.salin@2026-10", "h.salin@2026-11"]);
    expect(only(codes(WOMAN, [rec("persalinan", "2026-10-03", PERSALINAN), rec("nifas", "2026-11-16", { ...NIFAS, tanggal_persalinan: "2026-11-14" })]), "h.salin")).toEqual(["h.salin@2026-10"]);
  });

  it("two persalinan records within 42 days are one delivery (the later record wins)", () => {
    // Recorded on 5 October as the 3rd at home; corrected on 6 October as the 2nd at the puskesmas.
    const m = codes(WOMAN, [rec("persalinan", "2026-10-05", PERSALINAN), rec("persalinan", "2026-10-06", { ...PERSALINAN, tanggal_persalinan: "2026-09-30", tempat_persalinan: "puskesmas" })]);
    expect(only(m, "h.")).toEqual(["h.faskes@2026-09", "h.nifas@2026-09", "h.pn@2026-09", "h.salin@2026-09"]);
  });

  it("KF complete counts the nifas visits of the recorded delivery", () => {
    const kf = [1, 2, 3, 4].map((k, i) => rec("nifas", `2026-10-${String(4 + i * 5).padStart(2, "0")}`, { ...NIFAS, kunjungan_kf: k }));
    expect(codes(WOMAN, [rec("persalinan", "2026-10-03", PERSALINAN), ...kf])).toContain("h.kf@2026-10");
    expect(codes(WOMAN, [rec("persalinan", "2026-10-03", PERSALINAN), ...kf.slice(0, 3)])).not.toContain("h.kf@2026-10");
  });

  it("an ANC pregnancy ended by a persalinan record has no HPL birth; an abortus ends it and is no birth", () => {
    // HPHT 1 January: HPL 8 October. Delivered 20 September: the birth in September only.
    const anc = rec("anc", "2026-03-01", { hpht: "2026-01-01" });
    expect(only(codes(WOMAN, [anc, rec("persalinan", "2026-09-20", { ...PERSALINAN, tanggal_persalinan: "2026-09-20" })]), "h.salin")).toEqual(["h.salin@2026-09"]);
    // No record: expected at HPL (October).
    expect(only(codes(WOMAN, [anc]), "h.salin")).toEqual(["h.salin@2026-10"]);
    // An abortus at 10 weeks (12 March): no birth at all, neither recorded nor at HPL.
    const m = codes(WOMAN, [anc, rec("persalinan", "2026-03-12", { tanggal_persalinan: "2026-03-12", hasil_persalinan: "abortus", tempat_persalinan: "puskesmas", penolong: "bidan" })]);
    expect(only(m, "h.salin")).toEqual([]);
    expect(only(m, "h.nifas")).toEqual([]);
    expect(m).toContain("h.hamil@2026-01");
  });

  it(`KB pascapersalinan: a KB service from the delivery day to ${KB_POSTPARTUM_DAYS} days after, not a removal`, () => {
    const birth = rec("persalinan", "2026-10-03", PERSALINAN);
    // 3 October + 42 days = 14 November (in); 15 November (out); the day before the delivery (out).
    expect(codes(WOMAN, [birth, rec("kb", "2026-11-14", KB)])).toContain("h.kbpp@2026-10");
    expect(codes(WOMAN, [birth, rec("kb", "2026-10-03", KB)])).toContain("h.kbpp@2026-10");
    expect(codes(WOMAN, [birth, rec("kb", "2026-11-15", KB)])).not.toContain("h.kbpp@2026-10");
    expect(codes(WOMAN, [birth, rec("kb", "2026-10-02", KB)])).not.toContain("h.kbpp@2026-10");
    expect(codes(WOMAN, [birth, rec("kb", "2026-10-20", { ...KB, status_peserta: "berhenti" })])).not.toContain("h.kbpp@2026-10");
    // Without a recorded birth a KB visit marks nothing.
    expect(only(codes(WOMAN, [rec("kb", "2026-10-20", KB)]), "h.")).toEqual([]);
  });
});

describe("SDIDTK, MTBS, catin, JE", () => {
  const child = (birthDate: string): MarkPerson => ({ id: "c", birthDate, pregnant: false, updatedOn: "2026-01-01" });
  const kpsp = (d: string, done = true) => rec("sdidtk", d, { kpsp_dilakukan: done });

  it("KPSP: each month with one; the year's second (another day) at its month; only for the year's annual balita sasaran", () => {
    // Born 15 January 2025: 11 months as 2026 opened, in the sasaran.
    expect(only(codes(child("2025-01-15"), [kpsp("2026-04-10"), kpsp("2026-10-12"), kpsp("2026-11-12")]), "d.")).toEqual(["d.kpsp2.y@2026-10", "d.kpsp@2026-04", "d.kpsp@2026-10", "d.kpsp@2026-11"]);
    // Twice on the same day is one screening; KPSP not done is none.
    expect(only(codes(child("2025-01-15"), [kpsp("2026-04-10"), kpsp("2026-04-10"), kpsp("2026-05-10", false)]), "d.")).toEqual(["d.kpsp@2026-04"]);
    // The retest 14 days after a "meragukan" (2026-04-24) is not the year's second screening; the
    // next scheduled one (2026-07-10, 91 days later) is. Under the old rule 2026-04-24 counted.
    expect(only(codes(child("2025-01-15"), [kpsp("2026-04-10"), kpsp("2026-04-24"), kpsp("2026-07-10")]), "d.")).toEqual(["d.kpsp2.y@2026-07", "d.kpsp@2026-04", "d.kpsp@2026-07"]);
    // Born 2026 (not in the 2026 sasaran): nothing in 2026, counted from 2027.
    expect(only(codes(child("2026-03-10"), [kpsp("2026-09-15"), kpsp("2027-03-15")]), "d.")).toEqual(["d.kpsp@2027-03"]);
    // 60 months or more as the year opened (born 31 December 2020 or before): out; born 1 January 2021: in.
    expect(only(codes(child("2020-12-31"), [kpsp("2026-03-01")]), "d.")).toEqual([]);
    expect(only(codes(child("2021-01-01"), [kpsp("2026-03-01")]), "d.")).toEqual(["d.kpsp@2026-03"]);
  });

  it("MTBS: seen in the month; pneumonia from either pneumonia row only", () => {
    const c = child("2024-03-01");
    expect(only(codes(c, [rec("mtbs", "2026-09-20", {}, ["mtbs.batuk_bukan_pneumonia"]), rec("mtbs", "2026-10-08", {}, ["mtbs.pneumonia"]), rec("mtbs", "2026-11-08", {}, ["mtbs.pneumonia_berat", "mtbs.penyakit_sangat_berat"])]), "b.")).toEqual(
      ["b.mtbs@2026-09", "b.mtbs@2026-10", "b.mtbs@2026-11", "b.pneu@2026-10", "b.pneu@2026-11"],
    );
  });

  it("catin: Hb tested and anaemic (either anaemia row), LiLA measured and KEK, with the first month of the year", () => {
    const m = codes(WOMAN, [rec("catin", "2026-03-02", { hb: 7.5, lila: 24 }, ["catin.anemia", "catin.anemia_berat"]), rec("catin", "2026-10-02", { hb: 12.5, lila: 22 }, ["catin.kek"])]);
    expect(only(m, "c.")).toEqual([
      "c.anemia.y@2026-03", "c.anemia@2026-03", "c.hb.y@2026-03", "c.hb@2026-03", "c.hb@2026-10", "c.kek.y@2026-10", "c.kek@2026-10", "c.lila.y@2026-03", "c.lila@2026-03", "c.lila@2026-10",
    ]);
  });

  it("JE: the month of the first dose (tanggal_pemberian when recorded later)", () => {
    const m = codes(child("2025-09-01"), [rec("imunisasi", "2026-08-01", { antigen: ["je"], tanggal_pemberian: "2026-07-05" }), rec("imunisasi", "2026-09-01", { antigen: ["je"] })]);
    expect(only(m, MARK.je)).toEqual(["i.je@2026-07"]);
  });
});
