import { IDL_BEFORE_MONTHS, IMMUNISATION_SCHEDULE } from "../forms/imunisasi-v1.ts";
import type { AnswerValue } from "../forms/types.ts";
import { KB_POSTPARTUM_DAYS } from "../forms/kb-v1.ts";
import { FASKES_PLACES, NAKES_ATTENDANTS } from "../forms/persalinan-v1.ts";
import { trimesterOf } from "../rules/anc-schedule.ts";
import { addDays, addMonths, dateToDays } from "../rules/dates.ts";
import type { Derived } from "../rules/derive.ts";
import { immunisationStatus } from "../rules/immunisation.ts";
import { JE_ANTIGEN } from "../rules/je.ts";
import { POSTPARTUM_DAYS } from "../forms/postpartum.ts";

/**
 * PWS marks: what one person counts for, month by month, computed from the person and all of
 * their records (with the `derived` the server stored: the same flags, growth and IKS the phone
 * shows) and referrals. A mark is (code, month "YYYY-MM"), at most one per code and month.
 *
 * The server keeps them in `pws_marks` (one row per person, code and month, with the person's
 * desa and dusun), recomputed inside the push batch whenever the person, one of their records or
 * referrals is written; `pws_counts` sums them per desa, dusun, month and code (SQLite triggers).
 * The PWS tables add those sums (domain/pws/rules.ts says which codes each indicator divides).
 * Anything that writes records outside the push (a seed, a migration) writes the marks with this
 * same function.
 */

export interface MarkPerson {
  id: string;
  birthDate: string;
  pregnant: boolean;
  /** The date (YYYY-MM-DD) the person row was last written: when a "pregnant" mark without ANC was seen. */
  updatedOn: string;
}

export interface MarkRecord {
  id: string;
  formId: string;
  visitDate: string;
  data: Readonly<Record<string, AnswerValue>>;
  derived: Readonly<Record<string, unknown>> | null | undefined;
}

export interface MarkReferral {
  recordId: string | null;
  outcome: string | null;
  outcomeAt: string | null;
}

export interface Mark {
  code: string;
  month: string;
}

/** The mark codes (short: they are stored once per person and month). */
export const MARK = {
  // balita (form balita; derived.growth)
  weighed: "b.d", gained: "b.n",
  lengthMeasured: "b.tbu", stunted: "b.stunt",
  wflhMeasured: "b.bbtb", wasted: "b.wast",
  wfaMeasured: "b.bbu", underweight: "b.uw",
  vitaminA: "b.vita",
  // imunisasi: `i.<antigen>` at the month first given, and IDL at the month of the first birthday
  idl: "i.idl",
  // JE (imunisasi v2, endemic areas only: not in the national schedule): the month of the first dose
  je: "i.je",
  // ibu hamil
  pregnancy: "h.hamil", k1: "h.k1", k4: "h.k4", k6: "h.k6", kek: "h.kek", hbTested: "h.hb", anaemia: "h.anemia",
  risti: "h.risti", referred: "h.rujuk", referralBack: "h.rujuk_ok",
  // births: `h.salin` every birth (recorded, or expected at HPL: the KF sasaran); `h.nifas` a birth
  // recorded at a persalinan or nifas visit (the code predates the persalinan form; kept so stored
  // marks stay valid); of those: at a facility, attended by a health worker (PN), KB within 42 days.
  birth: "h.salin", birthRecorded: "h.nifas", facilityBirth: "h.faskes", attendedBirth: "h.pn", kbPostpartum: "h.kbpp", kfComplete: "h.kf",
  knComplete: "n.kn",
  // SDIDTK (form sdidtk): a KPSP in the month, and the month the year's second KPSP was done (SPM: 2 × a year);
  // only for children of the year's annual balita sasaran (0–59 months as the year opened)
  kpsp: "d.kpsp", kpspTwiceYear: "d.kpsp2.y",
  // MTBS (form mtbs): a sick child seen with MTBS in the month; classified PNEUMONIA or PNEUMONIA BERAT
  mtbs: "b.mtbs", pneumonia: "b.pneu",
  // catin (form catin): Hb tested / anaemic, LiLA measured / KEK; `.y` = the first month of the year
  catinHbTested: "c.hb", catinHbTestedYear: "c.hb.y", catinAnaemia: "c.anemia", catinAnaemiaYear: "c.anemia.y",
  catinLilaMeasured: "c.lila", catinLilaMeasuredYear: "c.lila.y", catinKek: "c.kek", catinKekYear: "c.kek.y",
  // PTM (15–59, form ptm), lansia (60+, form lansia), either (a.*); `.y` = the first month of the year
  ptmScreened: "p.skr", ptmScreenedYear: "p.skr.y", lansiaScreened: "l.skr", lansiaScreenedYear: "l.skr.y",
  adultScreened: "a.skr", adultScreenedYear: "a.skr.y", hypertension: "a.ht", hypertensionYear: "a.ht.y", diabetes: "a.dm", diabetesYear: "a.dm.y",
  // TB and malaria
  tbScreened: "t.skr", tbScreenedYear: "t.skr.y", tbPresumptive: "t.terduga", tbPresumptiveYear: "t.terduga.y", tbExamined: "t.rujuk_ok",
  malariaTested: "m.tes", malariaPositive: "m.pos",
  // keluarga (IKS of a pendataan keluarga home visit): assessed, first of the year, and the class of the month's last one
  iksAssessed: "k.iks", iksAssessedYear: "k.iks.y",
} as const;

export const antigenMark = (antigen: string) => `i.${antigen}`;
export const IKS_CLASSES = ["sehat", "pra_sehat", "tidak_sehat"] as const;
export const iksClassMark = (category: string) => `k.${category}`;
/** A family's class replaced by a later assessment in the same year, in that later month. */
export const iksSupersededMark = (category: string) => `k.${category}.x`;
export const IKS_CLASS_MARKS = IKS_CLASSES.map(iksClassMark);

/**
 * Two ANC records belong to different pregnancies when the later HPHT is more than 20 weeks
 * after the earlier one (our choice: a corrected HPHT moves by weeks, a new pregnancy starts after
 * the last one ended; 20 weeks is the WHO boundary between miscarriage and stillbirth).
 */
export const NEW_PREGNANCY_AFTER_DAYS = 20 * 7;
/** A pregnancy counts as ongoing until 42 completed weeks after HPHT (post-term), or its recorded delivery. */
export const PREGNANCY_MAX_DAYS = 42 * 7 + 6;
/** K4 (Juknis PWS KIA; PMK 43/2016): ≥ 1 visit in trimester 1, ≥ 1 in 2, ≥ 2 in 3. */
export const K4_MIN_PER_TRIMESTER = { 1: 1, 2: 1, 3: 2 } as const;
/** K6 (Permenkes 21/2021): ≥ 1 visit in trimester 1, ≥ 2 in 2, ≥ 3 in 3. */
export const K6_MIN_PER_TRIMESTER = { 1: 1, 2: 2, 3: 3 } as const;
/** KF1–KF4 and KN1–KN3 (Kemenkes Buku KIA; forms nifas and neonatal). */
export const KF_ALL = [1, 2, 3, 4] as const;
export const KN_ALL = [1, 2, 3] as const;
/** Referral outcomes that mean the person arrived (rujuk balik); "tidak_datang" does not. */
export const ARRIVED_OUTCOMES: ReadonlySet<string> = new Set(["datang_ditangani", "dirujuk_lanjut", "dirawat", "meninggal"]);
/** TB results that show the terduga was examined (TCM done). */
export const TCM_RESULTS: ReadonlySet<string> = new Set(["negatif", "positif_rif_sensitif", "positif_rif_resisten"]);

const HT_FLAGS = new Set(["hipertensi", "hipertensi_krisis"]);
/** MTBS rows of "batuk atau sukar bernapas" that are pneumonia (yellow, fast breathing; red, severe). */
const PNEUMONIA_FLAGS = new Set(["mtbs.pneumonia", "mtbs.pneumonia_berat"]);
/** Catin anaemia: Hb < 12 (women) / < 13 g/dL (men), and the severe row (< 8) of the same finding. */
const CATIN_ANAEMIA_FLAGS = new Set(["catin.anemia", "catin.anemia_berat"]);
const DM_FLAGS = new Set(["curiga_dm"]);
const ANAEMIA_FLAGS = new Set(["anc.anemia", "anc.anemia_berat"]);
/**
 * SDIDTK: development monitored at least twice a year (Permenkes 4/2019, SPM pelayanan kesehatan
 * balita: "pemantauan perkembangan minimal 2 kali dalam setahun"; page not confirmed).
 */
export const KPSP_PER_YEAR = 2;
/**
 * Two KPSP count as two screenings only this far apart: more than the 14-day retest after a
 * "meragukan" result (Pedoman SDIDTK 2016) and less than the 3-monthly schedule (pilihan Simpul,
 * issue 15 review: the retest was counted as the year's second screening).
 */
export const KPSP_SCREENINGS_APART_DAYS = 60;
/** The annual balita sasaran: 0–59 completed months as the year opened (= BALITA_MONTHS, rules.ts annualSasaranRange("balita")). */
export const SDIDTK_SASARAN_MONTHS = 60;

const monthOf = (date: string) => date.slice(0, 7);
const yearOf = (month: string) => month.slice(0, 4);

interface Flag { id: string; severity: string }
function flagsOf(r: MarkRecord): Flag[] {
  const f = (r.derived as Partial<Derived> | null | undefined)?.flags;
  return Array.isArray(f) ? (f as Flag[]) : [];
}
function valueOf(r: MarkRecord, key: string): unknown {
  const v = (r.derived as Partial<Derived> | null | undefined)?.values?.[key];
  return v ?? r.data[key] ?? null;
}
function growthOf(r: MarkRecord) {
  return (r.derived as Partial<Derived> | null | undefined)?.growth ?? null;
}
const byVisit = (a: MarkRecord, b: MarkRecord) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function pwsMarks(person: MarkPerson, records: readonly MarkRecord[], referrals: readonly MarkReferral[]): Mark[] {
  const out = new Map<string, Mark>();
  const add = (code: string, month: string) => out.set(`${code}@${month}`, { code, month });
  const sorted = [...records].sort(byVisit);
  const of = (form: string) => sorted.filter((r) => r.formId === form);
  /** A `.y` mark at the first month of each year a monthly mark occurs. */
  const firstOfYear = (monthly: string, yearly: string, months: Iterable<string>) => {
    const seen = new Set<string>();
    for (const m of [...months].sort()) {
      if (seen.has(yearOf(m))) continue;
      seen.add(yearOf(m));
      add(yearly, m);
    }
    for (const m of months) add(monthly, m);
  };

  balitaMarks(of("balita"), add);
  immunisationMarks(person, sorted, add);
  const deliveries = deliveryMarks(of("persalinan"), of("nifas"), of("kb"), add);
  pregnancyMarks(person, of("anc"), deliveries, referrals, add);
  const kn = new Set(of("neonatal").map((r) => valueOf(r, "kunjungan_kn")));
  if (of("neonatal").length && KN_ALL.every((k) => kn.has(k)) && dateToDays(person.birthDate) !== null) add(MARK.knComplete, monthOf(person.birthDate));

  // JE (endemic areas; table.ts shows it only there): the month of the first dose.
  const je = of("imunisasi").filter((r) => Array.isArray(r.data.antigen) && (r.data.antigen as unknown[]).includes(JE_ANTIGEN.id)).map(givenOn).sort()[0];
  if (je) add(MARK.je, monthOf(je));

  sdidtkMarks(person, of("sdidtk"), add);

  // MTBS: a sick child seen in the month, and classified pneumonia (either row) in the month.
  for (const r of of("mtbs")) {
    add(MARK.mtbs, monthOf(r.visitDate));
    if (flagsOf(r).some((f) => PNEUMONIA_FLAGS.has(f.id))) add(MARK.pneumonia, monthOf(r.visitDate));
  }

  // Catin: Hb tested / anaemic (either anaemia flag), LiLA measured / KEK; each also at the first month of the year.
  const catin = of("catin");
  const catinMonths = (pick: (r: MarkRecord) => boolean) => new Set(catin.filter(pick).map((r) => monthOf(r.visitDate)));
  firstOfYear(MARK.catinHbTested, MARK.catinHbTestedYear, catinMonths((r) => typeof r.data.hb === "number"));
  firstOfYear(MARK.catinAnaemia, MARK.catinAnaemiaYear, catinMonths((r) => typeof r.data.hb === "number" && flagsOf(r).some((f) => CATIN_ANAEMIA_FLAGS.has(f.id))));
  firstOfYear(MARK.catinLilaMeasured, MARK.catinLilaMeasuredYear, catinMonths((r) => typeof r.data.lila === "number"));
  firstOfYear(MARK.catinKek, MARK.catinKekYear, catinMonths((r) => typeof r.data.lila === "number" && flagsOf(r).some((f) => f.id === "catin.kek")));

  // PTM and lansia screenings; hypertension and suspected diabetes from their flags.
  const ptm = of("ptm");
  const lansia = of("lansia");
  const adult = [...ptm, ...lansia];
  firstOfYear(MARK.ptmScreened, MARK.ptmScreenedYear, new Set(ptm.map((r) => monthOf(r.visitDate))));
  firstOfYear(MARK.lansiaScreened, MARK.lansiaScreenedYear, new Set(lansia.map((r) => monthOf(r.visitDate))));
  firstOfYear(MARK.adultScreened, MARK.adultScreenedYear, new Set(adult.map((r) => monthOf(r.visitDate))));
  const local = (id: string) => id.slice(id.indexOf(".") + 1);
  firstOfYear(MARK.hypertension, MARK.hypertensionYear, new Set(adult.filter((r) => flagsOf(r).some((f) => HT_FLAGS.has(local(f.id)))).map((r) => monthOf(r.visitDate))));
  firstOfYear(MARK.diabetes, MARK.diabetesYear, new Set(adult.filter((r) => flagsOf(r).some((f) => DM_FLAGS.has(local(f.id)))).map((r) => monthOf(r.visitDate))));

  // TB symptom screening; terduga; examined = the referral came back or a TCM result is recorded.
  const tbScreens = of("tb").filter((r) => r.data.jenis_kunjungan === "skrining");
  firstOfYear(MARK.tbScreened, MARK.tbScreenedYear, new Set(tbScreens.map((r) => monthOf(r.visitDate))));
  const terduga = tbScreens.filter((r) => flagsOf(r).some((f) => f.id === "tb.terduga"));
  firstOfYear(MARK.tbPresumptive, MARK.tbPresumptiveYear, new Set(terduga.map((r) => monthOf(r.visitDate))));
  const firstTerdugaOfYear = new Map<string, MarkRecord>();
  for (const r of terduga) if (!firstTerdugaOfYear.has(yearOf(monthOf(r.visitDate)))) firstTerdugaOfYear.set(yearOf(monthOf(r.visitDate)), r);
  for (const [year, first] of firstTerdugaOfYear) {
    const ofYear = new Set(terduga.filter((r) => yearOf(monthOf(r.visitDate)) === year).map((r) => r.id));
    const back = referrals.some((x) => x.recordId !== null && ofYear.has(x.recordId) && x.outcomeAt && x.outcome && ARRIVED_OUTCOMES.has(x.outcome));
    const tcm = tbScreens.some((r) => r.visitDate >= first.visitDate && TCM_RESULTS.has(String(r.data.hasil_tcm)));
    if (back || tcm) add(MARK.tbExamined, monthOf(first.visitDate));
  }

  for (const r of of("malaria")) {
    if (r.data.jenis_tes !== "rdt" && r.data.jenis_tes !== "mikroskopis") continue;
    add(MARK.malariaTested, monthOf(r.visitDate));
    if (r.data.hasil === "positif") add(MARK.malariaPositive, monthOf(r.visitDate));
  }

  // IKS: per month, the class of the month's last assessment; when a later assessment of the same
  // year replaces it, a "superseded" mark in that later month. The class a family is in at a month
  // (its latest from January) is then a sum: class marks minus superseded marks, January to month.
  const iks = of("kunjungan-rumah").filter((r) => typeof valueOf(r, "kategori_iks") === "string");
  firstOfYear(MARK.iksAssessed, MARK.iksAssessedYear, new Set(iks.map((r) => monthOf(r.visitDate))));
  const lastOfMonth = new Map<string, MarkRecord>();
  for (const r of iks) lastOfMonth.set(monthOf(r.visitDate), r);
  const assessed = [...lastOfMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  assessed.forEach(([m, r], i) => {
    add(iksClassMark(String(valueOf(r, "kategori_iks"))), m);
    const next = assessed[i + 1];
    if (next && yearOf(next[0]) === yearOf(m)) add(iksSupersededMark(String(valueOf(r, "kategori_iks"))), next[0]);
  });

  return [...out.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.month < b.month ? -1 : 1));
}

type Add = (code: string, month: string) => void;

/** The date a dose was given: `tanggal_pemberian` (a dose recorded later), else the visit date. */
const givenOn = (r: MarkRecord) => (validDate(r.data.tanggal_pemberian) ? r.data.tanggal_pemberian : r.visitDate);

/**
 * KPSP done (`kpsp_dilakukan`), for a child of the year's annual balita sasaran (born in the 60
 * months before 1 January): a mark in each month with one, and one at the month of the year's
 * second (SPM: twice a year), on different days. A child born this year enters next year's sasaran
 * and is not counted yet: the numerator stays a part of the denominator (as the yearly PTM screenings).
 */
function sdidtkMarks(person: MarkPerson, sdidtk: readonly MarkRecord[], add: Add) {
  if (dateToDays(person.birthDate) === null) return;
  // Per year: how many screenings count towards "twice", and the day of the last one that counted.
  const perYear = new Map<number, { count: number; lastDay: number }>();
  const inOrder = [...sdidtk].sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : 0));
  for (const r of inOrder) {
    if (r.data.kpsp_dilakukan !== true || !validDate(r.visitDate)) continue;
    const y = Number(r.visitDate.slice(0, 4));
    const opened = `${y - 1}-12-31`;
    if (!(person.birthDate <= opened && person.birthDate > addMonths(opened, -SDIDTK_SASARAN_MONTHS))) continue;
    add(MARK.kpsp, monthOf(r.visitDate));
    const day = dateToDays(r.visitDate)!;
    const seen = perYear.get(y);
    // The retest 14 days after a "meragukan" is the same screening finished, not the second one.
    if (seen && day - seen.lastDay < KPSP_SCREENINGS_APART_DAYS) continue;
    const next = { count: (seen?.count ?? 0) + 1, lastDay: day };
    perYear.set(y, next);
    if (next.count === KPSP_PER_YEAR) add(MARK.kpspTwiceYear, monthOf(r.visitDate));
  }
}

function balitaMarks(balita: readonly MarkRecord[], add: Add) {
  const byMonth = new Map<string, MarkRecord[]>();
  for (const r of balita) byMonth.set(monthOf(r.visitDate), [...(byMonth.get(monthOf(r.visitDate)) ?? []), r]);
  for (const [m, rs] of byMonth) {
    add(MARK.weighed, m);
    // The month's last weighing decides N/T and each status (the last one that measured it).
    const last = <T>(pick: (r: MarkRecord) => T | null | undefined): T | null => {
      for (let i = rs.length - 1; i >= 0; i--) {
        const v = pick(rs[i]!);
        if (v !== null && v !== undefined) return v;
      }
      return null;
    };
    if (last((r) => growthOf(r)?.nt) === "N") add(MARK.gained, m);
    const stunting = last((r) => growthOf(r)?.stunting);
    if (stunting) add(MARK.lengthMeasured, m);
    if (stunting === "pendek" || stunting === "sangat_pendek") add(MARK.stunted, m);
    const wasting = last((r) => growthOf(r)?.wasting);
    if (wasting) add(MARK.wflhMeasured, m);
    if (wasting === "gizi_kurang" || wasting === "gizi_buruk") add(MARK.wasted, m);
    const underweight = last((r) => growthOf(r)?.underweight);
    if (underweight) add(MARK.wfaMeasured, m);
    if (underweight === "kurang" || underweight === "sangat_kurang") add(MARK.underweight, m);
    if (rs.some((r) => r.data.vitamin_a === true)) add(MARK.vitaminA, m);
  }
}

function immunisationMarks(person: MarkPerson, records: readonly MarkRecord[], add: Add) {
  if (dateToDays(person.birthDate) === null) return;
  const like = records.map((r) => ({ id: r.id, formId: r.formId, formVersion: 1, visitDate: r.visitDate, data: r.data }));
  const status = immunisationStatus(person.birthDate, like, person.birthDate);
  for (const a of IMMUNISATION_SCHEDULE) {
    const date = status.given[a.id];
    if (date) add(antigenMark(a.id), monthOf(date));
  }
  // IDL at the month of the first birthday, not of the last dose: its sasaran is the children who
  // turned one in the period (domain/pws/rules.ts cohortRange), so the numerator is exactly those
  // of them who had every basic antigen before it. Counted at the last dose (9–11 months), a child
  // was in the numerator up to three months before being in the denominator.
  if (status.idl && status.idlDate) add(MARK.idl, monthOf(addMonths(person.birthDate, IDL_BEFORE_MONTHS)));
}

interface Delivery {
  date: string;
  /** False for a pregnancy that ended before 20 weeks (persalinan `hasil_persalinan` = abortus): it ends the pregnancy, but is no birth. */
  birth: boolean;
  /** From a persalinan record (any date after HPHT ends its pregnancy), or only from nifas visits (old data: after 20 weeks). */
  recorded: "persalinan" | "nifas";
}

/**
 * A nifas visit's `tanggal_persalinan` within this many days of a recorded delivery is that same
 * delivery typed again (the nifas period: 42 days; as `lastDeliveryDate` in domain/forms/meta.ts).
 */
export const SAME_DELIVERY_DAYS = POSTPARTUM_DAYS;
/** Nifas v1's attendants who are health workers (its options: bidan, dokter, dukun, sendiri). */
const NIFAS_NAKES: ReadonlySet<string> = new Set(["bidan", "dokter"]);
const FASKES: ReadonlySet<string> = new Set(FASKES_PLACES);
const NAKES: ReadonlySet<string> = new Set(NAKES_ATTENDANTS);

const validDate = (d: unknown): d is string => typeof d === "string" && dateToDays(d) !== null;

/**
 * The deliveries of a woman and their birth marks, at the month of the delivery date.
 *
 * THE SOURCE (issue 15): the persalinan record first (its date, place, attendant and outcome); a
 * nifas visit's `tanggal_persalinan` only when no persalinan record lies within 42 days of it (data
 * from before the persalinan form, or a delivery nobody recorded as such). For each birth:
 * - birth and birth recorded (the KF, PF, PN and KB pascapersalinan denominators);
 * - PF: place a health facility (persalinan: FASKES_PLACES; nifas: "faskes");
 * - PN: attended by a health worker (persalinan: NAKES_ATTENDANTS; nifas: bidan, dokter);
 * - KF complete: nifas visits of this delivery with KF1–KF4;
 * - KB pascapersalinan: a KB service (not a removal) from the delivery day to 42 days after.
 * An abortus record ends its pregnancy (no HPL birth is expected for it) and marks nothing.
 */
function deliveryMarks(persalinan: readonly MarkRecord[], nifas: readonly MarkRecord[], kb: readonly MarkRecord[], add: Add): Delivery[] {
  const days = (d: string) => dateToDays(d)!;
  // Two persalinan records within 42 days of each other are one delivery recorded twice (a
  // corrected date): the later record (by visit) wins.
  const byDate = new Map<string, MarkRecord>();
  for (const r of persalinan) {
    const d = r.data.tanggal_persalinan;
    if (!validDate(d)) continue;
    for (const x of [...byDate.keys()]) if (Math.abs(days(x) - days(d)) <= SAME_DELIVERY_DAYS) byDate.delete(x);
    byDate.set(d, r);
  }
  const recordedDates = [...byDate.keys()];
  const ofRecorded = (d: string) => recordedDates.find((x) => Math.abs(days(x) - days(d)) <= SAME_DELIVERY_DAYS);
  const nifasOf = new Map<string, MarkRecord[]>();
  for (const r of nifas) {
    const d = r.data.tanggal_persalinan;
    if (!validDate(d)) continue;
    const key = ofRecorded(d) ?? d;
    nifasOf.set(key, [...(nifasOf.get(key) ?? []), r]);
  }
  const out: Delivery[] = [];
  for (const d of new Set([...recordedDates, ...nifasOf.keys()])) {
    const p = byDate.get(d);
    const rs = nifasOf.get(d) ?? [];
    const birth = p ? p.data.hasil_persalinan !== "abortus" : true;
    out.push({ date: d, birth, recorded: p ? "persalinan" : "nifas" });
    if (!birth) continue;
    const m = monthOf(d);
    add(MARK.birth, m);
    add(MARK.birthRecorded, m);
    if (p ? FASKES.has(String(p.data.tempat_persalinan)) : rs.some((r) => r.data.tempat_persalinan === "faskes")) add(MARK.facilityBirth, m);
    if (p ? NAKES.has(String(p.data.penolong)) : rs.some((r) => NIFAS_NAKES.has(String(r.data.penolong)))) add(MARK.attendedBirth, m);
    const kf = new Set(rs.map((r) => valueOf(r, "kunjungan_kf")));
    if (KF_ALL.every((k) => kf.has(k))) add(MARK.kfComplete, m);
    const until = days(d) + KB_POSTPARTUM_DAYS;
    if (kb.some((r) => validDate(r.visitDate) && days(r.visitDate) >= days(d) && days(r.visitDate) <= until && typeof r.data.metode === "string" && r.data.status_peserta !== "berhenti")) add(MARK.kbPostpartum, m);
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

interface Pregnancy { hpht: string; visits: MarkRecord[] }

/** ANC records grouped into pregnancies (in visit order; a later HPHT within 20 weeks corrects the earlier one). */
export function pregnanciesOf(anc: readonly MarkRecord[]): Pregnancy[] {
  const out: Pregnancy[] = [];
  for (const r of anc) {
    const h = r.data.hpht;
    if (typeof h !== "string" || dateToDays(h) === null) continue;
    const cur = out[out.length - 1];
    if (cur && dateToDays(h)! - dateToDays(cur.hpht)! <= NEW_PREGNANCY_AFTER_DAYS) {
      cur.hpht = h;
      cur.visits.push(r);
    } else out.push({ hpht: h, visits: [r] });
  }
  return out;
}

function pregnancyMarks(person: MarkPerson, anc: readonly MarkRecord[], deliveries: readonly Delivery[], referrals: readonly MarkReferral[], add: Add) {
  const pregnancies = pregnanciesOf(anc);
  for (const p of pregnancies) {
    const h = dateToDays(p.hpht)!;
    // A persalinan record ends it from HPHT on (an abortus too); a nifas date only after 20 weeks (a birth).
    const delivery = deliveries.find((d) => dateToDays(d.date)! > h + (d.recorded === "persalinan" ? 0 : NEW_PREGNANCY_AFTER_DAYS) && dateToDays(d.date)! <= h + PREGNANCY_MAX_DAYS);
    const end = delivery ? delivery.date : addDays(p.hpht, PREGNANCY_MAX_DAYS);
    // Registered: once in each calendar year it spans, at its first month in that year.
    for (let y = Number(p.hpht.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) add(MARK.pregnancy, y === Number(p.hpht.slice(0, 4)) ? monthOf(p.hpht) : `${y}-01`);
    // A birth expected at HPL when no persalinan or nifas visit recorded it (KF sasaran).
    if (!delivery) add(MARK.birth, monthOf(addDays(p.hpht, 280)));

    // Visits on or after HPHT, one per day, with their trimester.
    const days: MarkRecord[] = [];
    for (const r of p.visits) if (r.visitDate >= p.hpht && !days.some((d) => d.visitDate === r.visitDate)) days.push(r);
    if (!days.length) continue;
    add(MARK.k1, monthOf(days[0]!.visitDate));
    const counts = { 1: 0, 2: 0, 3: 0 };
    let k4 = false;
    let k6 = false;
    for (const v of days) {
      counts[trimesterOf(dateToDays(v.visitDate)! - h)]++;
      const meets = (min: Record<1 | 2 | 3, number>) => counts[1] >= min[1] && counts[2] >= min[2] && counts[3] >= min[3];
      if (!k4 && meets(K4_MIN_PER_TRIMESTER)) (k4 = true), add(MARK.k4, monthOf(v.visitDate));
      if (!k6 && meets(K6_MIN_PER_TRIMESTER)) (k6 = true), add(MARK.k6, monthOf(v.visitDate));
    }
    const inPregnancy = p.visits.filter((r) => r.visitDate >= p.hpht);
    const k1Day = days[0]!.visitDate;
    if (inPregnancy.some((r) => r.visitDate === k1Day && flagsOf(r).some((f) => f.id === "anc.kek"))) add(MARK.kek, monthOf(k1Day));
    const hb = inPregnancy.find((r) => typeof r.data.hb === "number");
    if (hb) {
      add(MARK.hbTested, monthOf(hb.visitDate));
      if (flagsOf(hb).some((f) => ANAEMIA_FLAGS.has(f.id))) add(MARK.anaemia, monthOf(hb.visitDate));
    }
    const risti = inPregnancy.find((r) => flagsOf(r).some((f) => f.id.startsWith("anc.")));
    if (risti) add(MARK.risti, monthOf(risti.visitDate));
    const referred = inPregnancy.filter((r) => flagsOf(r).some((f) => f.id.startsWith("anc.") && f.severity === "refer"));
    if (referred.length) {
      const m = monthOf(referred[0]!.visitDate);
      add(MARK.referred, m);
      const ids = new Set(referred.map((r) => r.id));
      if (referrals.some((x) => x.recordId !== null && ids.has(x.recordId) && x.outcomeAt && x.outcome && ARRIVED_OUTCOMES.has(x.outcome))) add(MARK.referralBack, m);
    }
  }
  // Marked pregnant in the registry with no ANC pregnancy around that date: registered, not yet served.
  if (person.pregnant && dateToDays(person.updatedOn) !== null) {
    const on = dateToDays(person.updatedOn)!;
    const covered = pregnancies.some((p) => on >= dateToDays(p.hpht)! && on <= dateToDays(p.hpht)! + PREGNANCY_MAX_DAYS);
    if (!covered) add(MARK.pregnancy, monthOf(person.updatedOn));
  }
}


