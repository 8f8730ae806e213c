import { describe, expect, it } from "vitest";
import {
  formContext, formsFor, getForm, lastDeliveryDate, resolveAnswers, validateAnswers, type Answers, type FormDefinition,
} from "../../domain/forms/index.ts";
import { KB_V1 } from "../../domain/forms/kb-v1.ts";
import { NIFAS_V1 } from "../../domain/forms/nifas-v1.ts";
import { NEONATAL_V1 } from "../../domain/forms/neonatal-v1.ts";
import { PERSALINAN_V1 } from "../../domain/forms/persalinan-v1.ts";
import { deriveRecord, type RecordLike } from "../../domain/rules/derive.ts";
import { personAfterVisit, visitPrefill } from "../../domain/rules/persalinan.ts";
import { referralGroups, type RecordEntity } from "../../domain/rules/referrals.ts";
import { kbRevisitDate } from "../../domain/rules/tasks-kb.ts";
import { computeTasks, type PersonEntity, type Task } from "../../domain/rules/tasks.ts";
import { ANC_V2_VALID, NIFAS_VALID, uid } from "./ilp-fixtures.ts";

/**
 * Issue 15, klaster 2: the delivery (persalinan) as its own visit, the KB service and its tasks,
 * and the two ANC doctor visits as tasks. Every expected value below is worked by hand.
 */

const IBU = { sex: "P" as const, birthDate: "1995-01-20" };
const BAPAK = { sex: "L" as const, birthDate: "1990-06-15" };

function flags(def: FormDefinition, a: Answers, visitDate: string, person: { sex: "L" | "P"; birthDate: string } = IBU): string[] {
  return deriveRecord({ def, answers: a, visitDate, person }).flags.map((f) => f.id).sort();
}
function errors(def: FormDefinition, a: Answers, visitDate: string, person: { sex: "L" | "P"; birthDate: string } = IBU): string[] {
  const ctx = formContext(visitDate, person);
  return Object.keys(validateAnswers(def, resolveAnswers(def, a, ctx), ctx).errors).sort();
}

// --- Persalinan ------------------------------------------------------------------------------------

const SALIN_DATE = "2026-03-06";
/** A single live birth at the puskesmas with a bidan, 39 weeks, 3100 g, no complication. */
const SALIN_OK: Answers = {
  tanggal_persalinan: "2026-03-05", jam_persalinan: "07:30", usia_kehamilan: 39, hasil_persalinan: "lahir",
  tempat_persalinan: "puskesmas", penolong: "bidan", cara_persalinan: "spontan", jumlah_bayi: 1,
  bayi1_status: "hidup", bayi1_jenis_kelamin: "P", bayi1_berat_lahir: 3100, komplikasi: ["tidak_ada"], kondisi_ibu: "sehat",
};
const TWINS: Answers = { ...SALIN_OK, jumlah_bayi: 2, bayi2_status: "hidup", bayi2_jenis_kelamin: "L", bayi2_berat_lahir: 2600 };

describe("persalinan v1: the delivery as its own visit", () => {
  it("is published as persalinan@1, cluster 2, for women pregnant or recently delivered", () => {
    expect(getForm("persalinan", 1)).toBe(PERSALINAN_V1);
    expect(PERSALINAN_V1.cluster).toBe(2);
    expect(PERSALINAN_V1.appliesTo).toEqual({ sex: "P", pregnantOrPostpartum: true });
  });

  it("a normal facility birth is valid and raises no flag", () => {
    expect(errors(PERSALINAN_V1, SALIN_OK, SALIN_DATE)).toEqual([]);
    expect(flags(PERSALINAN_V1, SALIN_OK, SALIN_DATE)).toEqual([]);
  });

  it("the date: not after the visit, at most 365 days before it", () => {
    // 2026-03-07 is after the visit of 2026-03-06.
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, tanggal_persalinan: "2026-03-07" }, SALIN_DATE)).toEqual(["tanggal_persalinan"]);
    // 2025-03-06 → 2026-03-06 is 365 days: allowed; 2025-03-05 is 366: refused.
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, tanggal_persalinan: "2025-03-06" }, SALIN_DATE)).toEqual([]);
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, tanggal_persalinan: "2025-03-05" }, SALIN_DATE)).toEqual(["tanggal_persalinan"]);
    // The time is optional but must be HH:MM.
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, jam_persalinan: "25:00" }, SALIN_DATE)).toEqual(["jam_persalinan"]);
  });

  it("outcome vs gestational age: abortus < 20 weeks, a birth from 20", () => {
    const abortus: Answers = { tanggal_persalinan: "2026-03-05", usia_kehamilan: 12, hasil_persalinan: "abortus", tempat_persalinan: "puskesmas", penolong: "dokter", komplikasi: ["tidak_ada"], kondisi_ibu: "sehat" };
    // No mode or baby questions for an abortus (hidden, so not required).
    expect(errors(PERSALINAN_V1, abortus, SALIN_DATE)).toEqual([]);
    expect(errors(PERSALINAN_V1, { ...abortus, usia_kehamilan: 20 }, SALIN_DATE)).toEqual(["usia_kehamilan"]);
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, usia_kehamilan: 19 }, SALIN_DATE)).toEqual(["usia_kehamilan"]);
  });

  it("twins: the second baby's questions are asked and required", () => {
    expect(errors(PERSALINAN_V1, TWINS, SALIN_DATE)).toEqual([]);
    const { bayi2_status: _s, bayi2_jenis_kelamin: _j, ...missing } = TWINS;
    expect(errors(PERSALINAN_V1, missing, SALIN_DATE)).toEqual(["bayi2_jenis_kelamin", "bayi2_status"]);
    // Three babies at most.
    expect(errors(PERSALINAN_V1, { ...TWINS, jumlah_bayi: 4 }, SALIN_DATE)).toContain("jumlah_bayi");
  });

  it("not at a facility / not by a health worker: risk flags (PIS-PK persalinan di faskes)", () => {
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, tempat_persalinan: "rumah", penolong: "dukun" }, SALIN_DATE)).toEqual(["persalinan.bukan_faskes", "persalinan.bukan_nakes"]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, tempat_persalinan: "perjalanan", penolong: "keluarga" }, SALIN_DATE)).toEqual(["persalinan.bukan_faskes", "persalinan.bukan_nakes"]);
    // A home birth with a bidan: only the place; a PMB birth with a bidan: nothing.
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, tempat_persalinan: "rumah" }, SALIN_DATE)).toEqual(["persalinan.bukan_faskes"]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, tempat_persalinan: "pmb" }, SALIN_DATE)).toEqual([]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, penolong: "tanpa_penolong" }, SALIN_DATE)).toEqual(["persalinan.bukan_nakes"]);
  });

  it("birth weight: BBLR < 2500 g (risk), < 1500 g refer (neonatal's constants), any baby", () => {
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, bayi1_berat_lahir: 2500 }, SALIN_DATE)).toEqual([]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, bayi1_berat_lahir: 2499 }, SALIN_DATE)).toEqual(["persalinan.bblr"]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, bayi1_berat_lahir: 1500 }, SALIN_DATE)).toEqual(["persalinan.bblr"]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, bayi1_berat_lahir: 1499 }, SALIN_DATE)).toEqual(["persalinan.bblsr"]);
    // Twins: the second baby (2400 g) is BBLR, the first (3100 g) is not.
    expect(flags(PERSALINAN_V1, { ...TWINS, bayi2_berat_lahir: 2400 }, SALIN_DATE)).toEqual(["persalinan.bblr"]);
    // A third baby's weight when only two were born is hidden: dropped, no flag.
    expect(flags(PERSALINAN_V1, { ...TWINS, bayi3_berat_lahir: 1200 }, SALIN_DATE)).toEqual([]);
    const d = deriveRecord({ def: PERSALINAN_V1, answers: { ...SALIN_OK, bayi1_berat_lahir: 1400 }, visitDate: SALIN_DATE, person: IBU });
    expect(d.flags.find((f) => f.id === "persalinan.bblsr")).toMatchObject({ severity: "refer", destination: "rumah_sakit" });
  });

  it("a stillborn baby makes no BBLR/BBLSR referral and no preterm newborn care; a live twin still does", () => {
    // Single stillbirth of 1400 g at 30 weeks: only the stillbirth (no "refer the baby today", no KN1 advice).
    const still: Answers = { ...SALIN_OK, bayi1_status: "mati", bayi1_berat_lahir: 1400, usia_kehamilan: 30 };
    expect(flags(PERSALINAN_V1, still, SALIN_DATE)).toEqual(["persalinan.lahir_mati"]);
    // Twins at 30 weeks: baby 1 stillborn (1400 g), baby 2 alive (1450 g) → the live twin is BBLSR and preterm.
    const twins: Answers = { ...TWINS, usia_kehamilan: 30, bayi1_status: "mati", bayi1_berat_lahir: 1400, bayi2_berat_lahir: 1450 };
    expect(flags(PERSALINAN_V1, twins, SALIN_DATE)).toEqual(["persalinan.bblsr", "persalinan.lahir_mati", "persalinan.prematur"]);
    // Twins: the stillborn twin is the light one (1400 g), the live one 2600 g → no birth-weight flag.
    expect(flags(PERSALINAN_V1, { ...TWINS, bayi1_status: "mati", bayi1_berat_lahir: 1400 }, SALIN_DATE)).toEqual(["persalinan.lahir_mati"]);
  });

  it("preterm < 37 weeks, stillbirth, maternal death", () => {
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, usia_kehamilan: 36 }, SALIN_DATE)).toEqual(["persalinan.prematur"]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, usia_kehamilan: 37 }, SALIN_DATE)).toEqual([]);
    expect(flags(PERSALINAN_V1, { ...TWINS, bayi2_status: "mati" }, SALIN_DATE)).toEqual(["persalinan.lahir_mati"]);
    expect(flags(PERSALINAN_V1, { ...SALIN_OK, kondisi_ibu: "meninggal" }, SALIN_DATE)).toEqual(["persalinan.kematian_ibu"]);
  });

  it("a complication not yet treated refers today to hospital; a treated one is a risk", () => {
    const untreated = { ...SALIN_OK, komplikasi: ["perdarahan"], komplikasi_ditangani: false };
    expect(flags(PERSALINAN_V1, untreated, SALIN_DATE)).toEqual(["persalinan.komplikasi"]);
    const d = deriveRecord({ def: PERSALINAN_V1, answers: untreated, visitDate: SALIN_DATE, person: IBU });
    const groups = referralGroups("persalinan", d);
    expect(groups.map((g) => [g.rule.id, g.destination, g.urgent])).toEqual([["rujuk.lainnya", "rumah_sakit", true]]);
    expect(flags(PERSALINAN_V1, { ...untreated, komplikasi_ditangani: true }, SALIN_DATE)).toEqual(["persalinan.riwayat_komplikasi"]);
    // Whether it was treated must be answered once there is a complication.
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, komplikasi: ["eklampsia_tidak_ada"] }, SALIN_DATE)).toContain("komplikasi");
    expect(errors(PERSALINAN_V1, { ...SALIN_OK, komplikasi: ["infeksi"] }, SALIN_DATE)).toEqual(["komplikasi_ditangani"]);
  });
});

// --- Delivery date, pregnant flag, nifas and neonatal following the delivery ------------------------

const rl = (formId: string, visitDate: string, data: Answers, formVersion = 1, id?: string): RecordLike =>
  ({ id: id ?? `${formId}-${visitDate}`, formId, formVersion, visitDate, data: data as RecordLike["data"] });
// HPHT 2025-06-01 → HPL 2026-03-08 (+280 days: Jun 29 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 = 272, + 8).
const ANC_LATE = rl("anc", "2025-12-01", { ...ANC_V2_VALID, hpht: "2025-06-01" }, 2);
const SALIN_REC = rl("persalinan", "2026-03-02", { ...SALIN_OK, tanggal_persalinan: "2026-03-01" });

describe("lastDeliveryDate: the persalinan record first", () => {
  it("reads the delivery record before the HPL estimate (old rule: 2026-03-08, the HPL)", () => {
    expect(lastDeliveryDate({ pregnant: false }, [ANC_LATE, SALIN_REC], "2026-03-10")).toBe("2026-03-01");
    // Without the record: the estimate (HPL 2026-03-08, not after the date).
    expect(lastDeliveryDate({ pregnant: false }, [ANC_LATE], "2026-03-10")).toBe("2026-03-08");
  });
  it("a nifas date of the same birth (within 42 days) does not override the record; old data with only nifas still counts", () => {
    const nifasTypo = rl("nifas", "2026-03-04", { ...NIFAS_VALID, tanggal_persalinan: "2026-03-02" });
    expect(lastDeliveryDate({ pregnant: false }, [ANC_LATE, SALIN_REC, nifasTypo], "2026-03-10")).toBe("2026-03-01");
    expect(lastDeliveryDate({ pregnant: false }, [ANC_LATE, nifasTypo], "2026-03-10")).toBe("2026-03-02");
    // A later birth known only from nifas (2027-05-01 is > 42 days after 2026-03-01): that one.
    const later = rl("nifas", "2027-05-03", { ...NIFAS_VALID, tanggal_persalinan: "2027-05-01" });
    expect(lastDeliveryDate({ pregnant: false }, [SALIN_REC, later], "2027-05-10")).toBe("2027-05-01");
  });
  it("still marked pregnant: null; a delivery after the date is not read", () => {
    expect(lastDeliveryDate({ pregnant: true }, [ANC_LATE, SALIN_REC], "2026-03-10")).toBeNull();
    expect(lastDeliveryDate({ pregnant: false }, [SALIN_REC], "2026-02-28")).toBeNull();
  });
});

describe("recording the delivery ends 'pregnant'", () => {
  it("a persalinan record of the current pregnancy clears the flag", () => {
    expect(personAfterVisit({ pregnant: true }, { formId: "persalinan", data: SALIN_REC.data }, [ANC_LATE])).toEqual({ pregnant: false });
    // No ANC record at all: the delivery still ends the pregnancy she is marked with.
    expect(personAfterVisit({ pregnant: true }, { formId: "persalinan", data: SALIN_REC.data }, [])).toEqual({ pregnant: false });
  });
  it("a late record of an earlier birth (before the current HPHT) leaves her pregnant; other forms change nothing", () => {
    expect(personAfterVisit({ pregnant: true }, { formId: "persalinan", data: { ...SALIN_OK, tanggal_persalinan: "2025-01-10" } }, [ANC_LATE])).toBeNull();
    expect(personAfterVisit({ pregnant: false }, { formId: "persalinan", data: SALIN_REC.data }, [ANC_LATE])).toBeNull();
    expect(personAfterVisit({ pregnant: true }, { formId: "nifas", data: NIFAS_VALID }, [ANC_LATE])).toBeNull();
  });
  it("the forms offered: persalinan while pregnant; persalinan and nifas for 42 days after the recorded delivery", () => {
    const offered = (pregnant: boolean, date: string) =>
      formsFor({ ...IBU, pregnant, lastDeliveryDate: lastDeliveryDate({ pregnant }, [ANC_LATE, SALIN_REC], date) }, date).map((f) => f.id);
    expect(offered(true, "2026-02-20")).toEqual(expect.arrayContaining(["anc", "persalinan"]));
    expect(offered(true, "2026-02-20")).not.toContain("nifas");
    // After the save: not pregnant, delivered 2026-03-01.
    expect(offered(false, "2026-03-10")).toEqual(expect.arrayContaining(["persalinan", "nifas"]));
    expect(offered(false, "2026-03-10")).not.toContain("anc");
    // 2026-04-12 is 42 days after: still; 2026-04-13 (43 days): neither.
    expect(offered(false, "2026-04-12")).toEqual(expect.arrayContaining(["persalinan", "nifas"]));
    expect(offered(false, "2026-04-13")).not.toContain("persalinan");
    expect(offered(false, "2026-04-13")).not.toContain("nifas");
  });
});

describe("nifas and neonatal follow the recorded delivery", () => {
  const { tanggal_persalinan: _d, tempat_persalinan: _t, penolong: _p, ...nifasRest } = NIFAS_VALID;
  it("a new nifas visit starts from the persalinan record: KF band from its date", () => {
    const prefill = visitPrefill("nifas", IBU, [ANC_LATE, SALIN_REC], "2026-03-10");
    expect(prefill).toEqual({ tanggal_persalinan: "2026-03-01", tempat_persalinan: "faskes", penolong: "bidan" });
    // 2026-03-01 → 2026-03-10 = 9 days: KF3 (bounds 3, 8, 29).
    const ctx = formContext("2026-03-10", IBU);
    const a = resolveAnswers(NIFAS_V1, { ...nifasRest, ...prefill }, ctx);
    expect([a.hari_nifas, a.kunjungan_kf]).toEqual([9, 3]);
    expect(validateAnswers(NIFAS_V1, a, ctx).valid).toBe(true);
    // On 2026-03-02 (day 1): KF1.
    const kf1 = resolveAnswers(NIFAS_V1, { ...nifasRest, ...visitPrefill("nifas", IBU, [SALIN_REC], "2026-03-02") }, formContext("2026-03-02", IBU));
    expect(kf1.kunjungan_kf).toBe(1);
  });
  it("a home birth by a dukun maps to nifas v1's options; after 42 days there is no prefill", () => {
    const home = rl("persalinan", "2026-03-02", { ...SALIN_OK, tanggal_persalinan: "2026-03-01", tempat_persalinan: "rumah", penolong: "keluarga" });
    expect(visitPrefill("nifas", IBU, [home], "2026-03-05")).toEqual({ tanggal_persalinan: "2026-03-01", tempat_persalinan: "rumah", penolong: "dukun" });
    expect(visitPrefill("nifas", IBU, [SALIN_REC], "2026-04-13")).toEqual({});
    expect(visitPrefill("ptm", IBU, [SALIN_REC], "2026-03-05")).toEqual({});
  });
  it("a new neonatal visit starts from the baby's birth date: KN band", () => {
    const baby = { sex: "P" as const, birthDate: "2026-03-01" };
    const prefill = visitPrefill("neonatal", baby, [], "2026-03-05");
    expect(prefill).toEqual({ tanggal_lahir: "2026-03-01" });
    // 4 days: KN2 (bounds 3, 8, 29).
    expect(resolveAnswers(NEONATAL_V1, prefill, formContext("2026-03-05", baby)).kunjungan_kn).toBe(2);
    // 29 days: past the neonatal period.
    expect(visitPrefill("neonatal", baby, [], "2026-03-30")).toEqual({});
  });
});

// --- KB ---------------------------------------------------------------------------------------------

const KB_DATE = "2026-03-10";
const KB_OK: Answers = { metode: "suntik_3_bulan", status_peserta: "baru", pasca_persalinan: false, td_sistolik: 110, td_diastolik: 70, keluhan: ["tidak_ada"] };

describe("kb v1: family planning service", () => {
  it("is published as kb@1, cluster 2, for ages 15–49", () => {
    expect(getForm("kb", 1)).toBe(KB_V1);
    expect(KB_V1.appliesTo).toEqual({ minAgeYears: 15, maxAgeYears: 50, pregnant: false });
    expect(formsFor({ ...IBU, pregnant: false }, KB_DATE).map((f) => f.id)).toContain("kb");
    expect(formsFor({ ...BAPAK }, KB_DATE).map((f) => f.id)).toContain("kb");
    // 50 years: out (PUS is 15–49).
    expect(formsFor({ sex: "P", birthDate: "1976-03-10" }, KB_DATE).map((f) => f.id)).not.toContain("kb");
  });

  it("a new DMPA user with normal BP is valid and flag-free", () => {
    expect(errors(KB_V1, KB_OK, KB_DATE)).toEqual([]);
    expect(flags(KB_V1, KB_OK, KB_DATE)).toEqual([]);
  });

  it("blood pressure is required for hormonal methods only", () => {
    const { td_sistolik: _s, td_diastolik: _d, ...noBp } = KB_OK;
    expect(errors(KB_V1, noBp, KB_DATE)).toEqual(["td_diastolik", "td_sistolik"]);
    expect(errors(KB_V1, { ...noBp, metode: "iud" }, KB_DATE)).toEqual([]);
  });

  it("a man: condom or vasectomy only; a woman: no vasectomy", () => {
    const man: Answers = { metode: "kondom", status_peserta: "baru", keluhan: ["tidak_ada"] };
    expect(errors(KB_V1, man, KB_DATE, BAPAK)).toEqual([]);
    expect(errors(KB_V1, { ...man, metode: "mop" }, KB_DATE, BAPAK)).toEqual([]);
    expect(errors(KB_V1, { ...man, metode: "iud" }, KB_DATE, BAPAK)).toEqual(["metode"]);
    expect(errors(KB_V1, { ...man, metode: "mop", pasca_persalinan: false }, KB_DATE)).toEqual(["metode"]);
  });

  it("hypertension with a combined method (WHO MEC 3–4): refer; DMPA refers from 160/100 (MEC 3); else a risk", () => {
    // Combined pill: 140/85 (systolic at the cut-off) refers; 139/89 does not.
    expect(flags(KB_V1, { ...KB_OK, metode: "pil_kombinasi", td_sistolik: 140, td_diastolik: 85 }, KB_DATE)).toEqual(["kb.hipertensi_kb_kombinasi"]);
    expect(flags(KB_V1, { ...KB_OK, metode: "pil_kombinasi", td_sistolik: 139, td_diastolik: 89 }, KB_DATE)).toEqual([]);
    expect(flags(KB_V1, { ...KB_OK, metode: "suntik_1_bulan", td_sistolik: 130, td_diastolik: 90 }, KB_DATE)).toEqual(["kb.hipertensi_kb_kombinasi"]);
    // DMPA: 160/95 refers (systolic ≥ 160); 159/99 is only a risk (MEC 2).
    expect(flags(KB_V1, { ...KB_OK, td_sistolik: 160, td_diastolik: 95 }, KB_DATE)).toEqual(["kb.hipertensi_berat_suntik_3"]);
    expect(flags(KB_V1, { ...KB_OK, td_sistolik: 159, td_diastolik: 99 }, KB_DATE)).toEqual(["kb.hipertensi"]);
    expect(flags(KB_V1, { ...KB_OK, td_sistolik: 120, td_diastolik: 100 }, KB_DATE)).toEqual(["kb.hipertensi_berat_suntik_3"]);
    // Implant at 145/92: risk only. Stopping the combined pill at 150/95: risk only.
    expect(flags(KB_V1, { ...KB_OK, metode: "implan", td_sistolik: 145, td_diastolik: 92 }, KB_DATE)).toEqual(["kb.hipertensi"]);
    expect(flags(KB_V1, { ...KB_OK, metode: "pil_kombinasi", status_peserta: "berhenti", td_sistolik: 150, td_diastolik: 95 }, KB_DATE)).toEqual(["kb.hipertensi"]);
  });

  it("side effects: warning signs refer, common ones are counselled", () => {
    expect(flags(KB_V1, { ...KB_OK, keluhan: ["perdarahan_banyak"] }, KB_DATE)).toEqual(["kb.efek_samping_rujuk"]);
    expect(flags(KB_V1, { ...KB_OK, keluhan: ["bercak", "tidak_haid"] }, KB_DATE)).toEqual(["kb.efek_samping_ringan"]);
    expect(flags(KB_V1, { ...KB_OK, keluhan: ["bercak", "nyeri_dada_tungkai"] }, KB_DATE)).toEqual(["kb.efek_samping_rujuk"]);
    expect(errors(KB_V1, { ...KB_OK, keluhan: ["tidak_ada", "mual"] }, KB_DATE)).toEqual(["keluhan"]);
  });

  it("the booked next visit: after the visit day, at most 400 days ahead", () => {
    expect(errors(KB_V1, { ...KB_OK, tanggal_kembali: "2026-06-02" }, KB_DATE)).toEqual([]);
    expect(errors(KB_V1, { ...KB_OK, tanggal_kembali: "2026-03-10" }, KB_DATE)).toEqual(["tanggal_kembali"]);
    expect(errors(KB_V1, { ...KB_OK, tanggal_kembali: "2026-03-01" }, KB_DATE)).toEqual(["tanggal_kembali"]);
    // 2026-03-10 + 401 days = 2027-04-15.
    expect(errors(KB_V1, { ...KB_OK, tanggal_kembali: "2027-04-15" }, KB_DATE)).toEqual(["tanggal_kembali"]);
    expect(errors(KB_V1, { ...KB_OK, tanggal_kembali: "2027-04-14" }, KB_DATE)).toEqual([]);
  });

  it("kbRevisitDate: booked date, else by method", () => {
    // Mar 10 + 84 days: 21 (to Mar 31) + 30 + 31 = 82 → Jun 2.
    expect(kbRevisitDate(KB_DATE, KB_OK)).toBe("2026-06-02");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "suntik_1_bulan" })).toBe("2026-04-07");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "pil_kombinasi", jumlah_siklus_pil: 3 })).toBe("2026-06-02");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "pil_progestin" })).toBe("2026-04-07");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "iud" })).toBe("2026-04-21");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "iud", status_peserta: "lama" })).toBe("2027-03-10");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "mow", status_peserta: "lama" })).toBeNull();
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, metode: "mop", status_peserta: "baru" })).toBe("2026-03-17");
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, status_peserta: "berhenti" })).toBeNull();
    expect(kbRevisitDate(KB_DATE, { ...KB_OK, tanggal_kembali: "2026-04-01" })).toBe("2026-04-01");
  });
});

// --- Tasks ------------------------------------------------------------------------------------------

const HH = uid(950);
let seq = 0;
const person = (n: number, data: Partial<PersonEntity["data"]>): PersonEntity => ({ id: uid(n), data: { householdId: HH, sex: "P", birthDate: "1995-01-20", pregnant: false, ...data } });
const rec = (personId: string, formId: string, visitDate: string, data: Answers, formVersion = 1): RecordEntity =>
  ({ id: uid(5000 + ++seq), data: { personId, formId, formVersion, visitDate, data: data as RecordEntity["data"]["data"], derived: null } });
const tasksOf = (persons: PersonEntity[], records: RecordEntity[], today: string, ruleId: string): Task[] =>
  computeTasks({ persons, records, referrals: [] }, today).filter((t) => t.ruleId === ruleId);
const brief = (ts: Task[]) => ts.map((t) => [t.title.id, t.dueDate, t.status]);

describe("task: KB kunjungan ulang", () => {
  const ibu = person(1, {});
  it("due at the computed date, overdue after it, done by a later KB record", () => {
    const first = rec(ibu.id, "kb", KB_DATE, KB_OK);
    expect(brief(tasksOf([ibu], [first], "2026-06-01", "kb.kunjungan_ulang"))).toEqual([["KB kunjungan ulang: suntik KB 3 bulan", "2026-06-02", "open"]]);
    expect(brief(tasksOf([ibu], [first], "2026-06-03", "kb.kunjungan_ulang"))).toEqual([["KB kunjungan ulang: suntik KB 3 bulan", "2026-06-02", "overdue"]]);
    // Served on 2026-06-02: the first is done, the next is due Jun 2 + 84 = Aug 25 (28 + 31 + 25).
    const second = rec(ibu.id, "kb", "2026-06-02", { ...KB_OK, status_peserta: "lama" });
    expect(brief(tasksOf([ibu], [first, second], "2026-06-03", "kb.kunjungan_ulang"))).toEqual([
      ["KB kunjungan ulang: suntik KB 3 bulan", "2026-06-02", "done"],
      ["KB kunjungan ulang: suntik KB 3 bulan", "2026-08-25", "open"],
    ]);
  });
  it("the booked date wins; a stop makes no task", () => {
    expect(tasksOf([ibu], [rec(ibu.id, "kb", KB_DATE, { ...KB_OK, tanggal_kembali: "2026-05-20" })], "2026-03-20", "kb.kunjungan_ulang").map((t) => t.dueDate)).toEqual(["2026-05-20"]);
    expect(tasksOf([ibu], [rec(ibu.id, "kb", KB_DATE, { ...KB_OK, status_peserta: "berhenti" })], "2026-03-20", "kb.kunjungan_ulang")).toEqual([]);
  });
});

describe("task: KB pascapersalinan from nifas", () => {
  const ibu = person(2, {});
  // Delivery 2026-03-05 + 42 days = 2026-04-16 (26 days to Mar 31, + 16).
  const nifas = (metode: string) => rec(ibu.id, "nifas", "2026-03-08", { ...NIFAS_VALID, metode_kb: metode });
  it("a method chosen at nifas and no KB record → task due 42 days after the delivery", () => {
    expect(brief(tasksOf([ibu], [nifas("iud")], "2026-03-20", "kb.pasca_persalinan"))).toEqual([["Layani KB pascapersalinan: AKDR", "2026-04-16", "open"]]);
    expect(tasksOf([ibu], [nifas("iud")], "2026-04-17", "kb.pasca_persalinan")[0]!.status).toBe("overdue");
  });
  it("done by a KB record after the delivery; none when no method was chosen", () => {
    const kb = rec(ibu.id, "kb", "2026-03-25", { ...KB_OK, metode: "iud", pasca_persalinan: true });
    expect(tasksOf([ibu], [nifas("iud"), kb], "2026-03-30", "kb.pasca_persalinan")[0]!.status).toBe("done");
    // A KB record from before the delivery does not count.
    const before = rec(ibu.id, "kb", "2025-06-01", { ...KB_OK, metode: "kondom" });
    expect(tasksOf([ibu], [before, nifas("suntik")], "2026-03-30", "kb.pasca_persalinan")[0]!.status).toBe("open");
    expect(tasksOf([ibu], [nifas("belum")], "2026-03-20", "kb.pasca_persalinan")).toEqual([]);
  });
});

describe("task: the two ANC doctor visits (T1 and T3)", () => {
  // HPHT 2025-11-01. T1 ends at week 12 (day 90 = 2026-01-30); due T1 = +84 days = 2026-01-24
  // (29 to Nov 30, + 31, + 24); due T3 = week 36 = +252 days = 2026-07-11.
  const anc = (personId: string, visitDate: string, pemeriksa: string) => rec(personId, "anc", visitDate, { ...ANC_V2_VALID, hpht: "2025-11-01", pemeriksa }, 2);
  it("week 10 with only a bidan visit: the T1 doctor task is open (the old rules had none)", () => {
    const ibu = person(3, { pregnant: true });
    expect(brief(tasksOf([ibu], [anc(ibu.id, "2025-12-10", "bidan")], "2026-01-10", "anc.dokter"))).toEqual([["Pemeriksaan dokter trimester 1", "2026-01-24", "open"]]);
  });
  it("a doctor visit in T1 → done, and the T3 one comes next", () => {
    const ibu = person(4, { pregnant: true });
    expect(brief(tasksOf([ibu], [anc(ibu.id, "2025-12-10", "dokter")], "2026-01-10", "anc.dokter"))).toEqual([
      ["Pemeriksaan dokter trimester 1", "2026-01-24", "done"],
      ["Pemeriksaan dokter trimester 3", "2026-07-11", "open"],
    ]);
  });
  it("T1 passed without a doctor: missed (not offered), T3 is next; a T2 doctor visit does not count for T3", () => {
    const ibu = person(5, { pregnant: true });
    // 2026-03-01 is day 120 (week 17, T2).
    expect(brief(tasksOf([ibu], [anc(ibu.id, "2025-12-10", "bidan"), anc(ibu.id, "2026-03-01", "dokter")], "2026-03-02", "anc.dokter"))).toEqual([
      ["Pemeriksaan dokter trimester 3", "2026-07-11", "open"],
    ]);
    // A doctor in T3 (2026-06-01 = day 212, week 30) closes it.
    expect(brief(tasksOf([ibu], [anc(ibu.id, "2025-12-10", "bidan"), anc(ibu.id, "2026-06-01", "dokter")], "2026-06-02", "anc.dokter"))).toEqual([
      ["Pemeriksaan dokter trimester 3", "2026-07-11", "done"],
    ]);
  });
  it("ANC v1 visits have no examiner; not pregnant: no task", () => {
    const ibu = person(6, { pregnant: true });
    const v1 = rec(ibu.id, "anc", "2025-12-10", { hpht: "2025-11-01" }, 1);
    expect(tasksOf([ibu], [v1], "2026-01-10", "anc.dokter").map((t) => t.status)).toEqual(["open"]);
    const delivered = person(7, { pregnant: false });
    expect(tasksOf([delivered], [anc(delivered.id, "2025-12-10", "bidan")], "2026-01-10", "anc.dokter")).toEqual([]);
  });
});
