import { dueMonthsOf, IDL_BEFORE_MONTHS, IMMUNISATION_SCHEDULE } from "../forms/imunisasi-v1.ts";
import { addDays, addMonths, monthBounds } from "../rules/dates.ts";
import { isJeEndemic } from "../area/je-endemic.ts";
import { JE_DUE_MONTHS } from "../rules/je.ts";
import { antigenMark, IKS_CLASSES, iksClassMark, iksSupersededMark, MARK } from "./marks.ts";

/**
 * How each PWS indicator is counted: which marks (domain/pws/marks.ts) its numerator adds, and
 * what it divides by: other marks, or a sasaran counted from the registry (persons by age at the
 * month's end, births, households). The worker turns these into SQL (worker/services/pws/);
 * the golden tests count the same by hand.
 *
 * A cell has the month and the year to date (January to the month):
 * - num: Σ marks `month` in the month; Σ marks `ytd` (default `month`) from January. `minus`
 *   subtracts another mark's sums (drop-out: DPT-HB-Hib 1 − MR 1).
 * - den "marks": the same with its own codes; `cumulative`: the month cell also divides by the
 *   year-to-date sum (an annual sasaran that grows as pregnancies are registered).
 * - den "cohort": the due-age cohort of an antigen or IDL (`cohortRange`): the persons who reached
 *   the due age in the month, or from 1 January to the month's end (the year to date);
 * - den "pop": persons of an age group in the registry;
 *   ytd "annual": the month cell and the year to date both divide by the annual sasaran, the
 *   persons in the age band as the year opened (`annualSasaranRange`: the yearly PTM and lansia
 *   screenings);
 *   ytd "sum_months": by the sum of each month's count at the month's end (D/S: the average
 *   monthly participation; the month cell divides by the month's own count);
 *   ytd "vita_rounds": by the sum over the vitamin A months so far, each counted at that month's
 *   end (the month cell too, only in February and August).
 * - pop "lahir" (ytd "at_month"): born in the month / from January; "keluarga" (ytd "at_month"):
 *   households in the registry at the month's end.
 */

export type Pop = "balita" | "balita_6_59" | "bayi" | "baduta" | "produktif" | "lansia" | "lahir" | "keluarga";

export interface NumRule {
  month: string;
  ytd?: string;
  minus?: string;
}

/** An age band of the registry (persons by birth date); "lahir" and "keluarga" are not. */
export type AgeBand = Exclude<Pop, "lahir" | "keluarga">;

export type DenRule =
  | { kind: "marks"; month: string; ytd?: string; cumulative?: boolean }
  | { kind: "cohort"; dueMonths: number }
  | { kind: "pop"; pop: AgeBand; ytd: "annual" | "sum_months" | "vita_rounds" }
  | { kind: "pop"; pop: "lahir" | "keluarga"; ytd: "at_month" };

export interface PwsRule {
  num: NumRule;
  den: DenRule;
  /**
   * Where the indicator applies: "je_endemic", only in the desa of the JE areas
   * (domain/area/je-endemic.ts isJeEndemic). Elsewhere its denominator is 0 (the console shows
   * "—"; the numerator still shows a dose recorded there, e.g. a child who moved from Bali).
   */
  onlyWhere?: "je_endemic";
  /**
   * The classes of a distribution indicator: per class, the marks it adds and those it subtracts
   * (January to the month), so that each person counts in the class of their latest mark.
   */
  classes?: Readonly<Record<string, { plus: string; minus: string }>>;
}

/** Balita: 0–59 completed months (WHO standards to 60 months); bayi 0–11; baduta 12–23. */
export const BALITA_MONTHS = 60;
export const BAYI_MONTHS = 12;
export const BADUTA_MONTHS = 24;
/** Vitamin A from 6 months (Kemenkes; domain/forms/balita-v1.ts). */
export const VITAMIN_A_FROM_MONTHS = 6;
/** Usia produktif 15–59 years, lansia 60+ (ILP brief; Kemenkes). */
export const PRODUKTIF_FROM_YEARS = 15;
export const LANSIA_FROM_YEARS = 60;
/** Vitamin A months: February and August (domain/forms/balita-v1.ts VITAMIN_A_MONTHS). */
export const VITAMIN_A_ROUNDS = [2, 8] as const;

const marks = (month: string, ytd?: string, cumulative?: boolean): DenRule => ({ kind: "marks", month, ...(ytd ? { ytd } : {}), ...(cumulative ? { cumulative } : {}) });
/** An age band over its annual sasaran (default: the PTM and lansia screenings), or per month (D/S, vitamin A). */
const pop = (p: AgeBand, ytd: "annual" | "sum_months" | "vita_rounds" = "annual"): DenRule => ({ kind: "pop", pop: p, ytd });
/** The due-age cohort of an antigen (its due age in the national schedule) or of IDL (the first birthday). */
const cohort = (dueMonths: number): DenRule => ({ kind: "cohort", dueMonths });
const BIRTHS: DenRule = { kind: "pop", pop: "lahir", ytd: "at_month" };
const HOUSEHOLDS: DenRule = { kind: "pop", pop: "keluarga", ytd: "at_month" };
const PREGNANCIES = marks(MARK.pregnancy, undefined, true);

export const PWS_RULES: Readonly<Record<string, PwsRule>> = {
  "balita.ds": { num: { month: MARK.weighed }, den: pop("balita", "sum_months") },
  "balita.nd": { num: { month: MARK.gained }, den: marks(MARK.weighed) },
  "balita.stunting": { num: { month: MARK.stunted }, den: marks(MARK.lengthMeasured) },
  "balita.wasting": { num: { month: MARK.wasted }, den: marks(MARK.wflhMeasured) },
  "balita.underweight": { num: { month: MARK.underweight }, den: marks(MARK.wfaMeasured) },
  "balita.vita": { num: { month: MARK.vitaminA }, den: pop("balita_6_59", "vita_rounds") },
  "balita.sdidtk": { num: { month: MARK.kpsp, ytd: MARK.kpspTwiceYear }, den: pop("balita") },
  "balita.pneumonia": { num: { month: MARK.pneumonia }, den: marks(MARK.mtbs) },
  "catin.anemia": { num: { month: MARK.catinAnaemia, ytd: MARK.catinAnaemiaYear }, den: marks(MARK.catinHbTested, MARK.catinHbTestedYear) },
  "catin.kek": { num: { month: MARK.catinKek, ytd: MARK.catinKekYear }, den: marks(MARK.catinLilaMeasured, MARK.catinLilaMeasuredYear) },
  "imunisasi.idl": { num: { month: MARK.idl }, den: cohort(IDL_BEFORE_MONTHS) },
  "imunisasi.je": { num: { month: MARK.je }, den: cohort(JE_DUE_MONTHS), onlyWhere: "je_endemic" },
  "imunisasi.do_dpt_mr": { num: { month: antigenMark("dpt1"), minus: antigenMark("mr1") }, den: marks(antigenMark("dpt1")) },
  ...Object.fromEntries(IMMUNISATION_SCHEDULE.map((a) => [`imunisasi.${a.id}`, { num: { month: antigenMark(a.id) }, den: cohort(dueMonthsOf(a)) }])),
  "ibu_hamil.k1": { num: { month: MARK.k1 }, den: PREGNANCIES },
  "ibu_hamil.k4": { num: { month: MARK.k4 }, den: PREGNANCIES },
  "ibu_hamil.k6": { num: { month: MARK.k6 }, den: PREGNANCIES },
  "ibu_hamil.kek": { num: { month: MARK.kek }, den: marks(MARK.k1) },
  "ibu_hamil.anemia": { num: { month: MARK.anaemia }, den: marks(MARK.hbTested) },
  "ibu_hamil.risti": { num: { month: MARK.risti }, den: PREGNANCIES },
  "ibu_hamil.risti_rujuk": { num: { month: MARK.referralBack }, den: marks(MARK.referred) },
  "ibu_hamil.pf": { num: { month: MARK.facilityBirth }, den: marks(MARK.birthRecorded) },
  "ibu_hamil.pn": { num: { month: MARK.attendedBirth }, den: marks(MARK.birthRecorded) },
  "ibu_hamil.kbpp": { num: { month: MARK.kbPostpartum }, den: marks(MARK.birthRecorded) },
  "ibu_hamil.kf": { num: { month: MARK.kfComplete }, den: marks(MARK.birth) },
  "ibu_hamil.kn": { num: { month: MARK.knComplete }, den: BIRTHS },
  "ptm.skrining_produktif": { num: { month: MARK.ptmScreened, ytd: MARK.ptmScreenedYear }, den: pop("produktif") },
  "ptm.skrining_lansia": { num: { month: MARK.lansiaScreened, ytd: MARK.lansiaScreenedYear }, den: pop("lansia") },
  "ptm.hipertensi": { num: { month: MARK.hypertension, ytd: MARK.hypertensionYear }, den: marks(MARK.adultScreened, MARK.adultScreenedYear) },
  "ptm.dm": { num: { month: MARK.diabetes, ytd: MARK.diabetesYear }, den: marks(MARK.adultScreened, MARK.adultScreenedYear) },
  "menular.tb_terduga": { num: { month: MARK.tbPresumptive, ytd: MARK.tbPresumptiveYear }, den: marks(MARK.tbScreened, MARK.tbScreenedYear) },
  "menular.tb_rujuk": { num: { month: MARK.tbExamined }, den: marks(MARK.tbPresumptiveYear) },
  "menular.malaria_pos": { num: { month: MARK.malariaPositive }, den: marks(MARK.malariaTested) },
  "keluarga.iks": { num: { month: MARK.iksAssessed, ytd: MARK.iksAssessedYear }, den: HOUSEHOLDS, classes: Object.fromEntries(IKS_CLASSES.map((c) => [c, { plus: iksClassMark(c), minus: iksSupersededMark(c) }])) },
};

/** Whether a rule has a sasaran in a desa (JE: only in the JE areas; every other rule everywhere). */
export function ruleAppliesIn(rule: PwsRule, desaCode: string): boolean {
  return rule.onlyWhere !== "je_endemic" || isJeEndemic(desaCode);
}

/** Birth dates of a sasaran at a date: born after `after` (exclusive) and on or before `upTo`. */
export interface BirthRange {
  after: string | null;
  upTo: string;
}

/** The birth-date range of an age group on `date` (ages in completed months or years). */
export function ageRange(p: AgeBand, date: string): BirthRange {
  const m = (n: number) => addMonths(date, -n);
  switch (p) {
    case "balita": return { after: m(BALITA_MONTHS), upTo: date };
    case "balita_6_59": return { after: m(BALITA_MONTHS), upTo: m(VITAMIN_A_FROM_MONTHS) };
    case "bayi": return { after: m(BAYI_MONTHS), upTo: date };
    case "baduta": return { after: m(BADUTA_MONTHS), upTo: m(BAYI_MONTHS) };
    case "produktif": return { after: m(LANSIA_FROM_YEARS * 12), upTo: m(PRODUKTIF_FROM_YEARS * 12) };
    case "lansia": return { after: null, upTo: m(LANSIA_FROM_YEARS * 12) };
  }
}

/**
 * THE ANNUAL SASARAN of the yearly PTM and lansia screenings: the persons who were in the age
 * band as the year opened, that is on 31 December of the year before, in completed years, counted
 * from the registry as it stands at the month's end: alive (not deleted) and living in the unit now
 * (a person who moves takes their place in the sasaran along, as their marks; docs/SYNC.md, moves).
 *
 * Why as at 1 January and not at the month's end: the numerator is everyone screened since
 * January (one mark per person and year); a band counted at each month's end loses those who left
 * it during the year (a 59-year-old screened in March is 60 in June) while their screening stays
 * in the numerator, so the year to date drifts above the served share for the whole year. As at
 * 1 January the band is one fixed number (the SPM sasaran), the persons screened who were in it
 * are a subset of it, and only persons who enter the band during the year (turning 15 or 60, about
 * one birth-year of a 45-year band) can add to the numerator without the denominator: small, not
 * systematic. Its year to date grows towards the annual target: `proRate`.
 */
export function annualSasaranRange(p: AgeBand, year: number): BirthRange {
  return ageRange(p, `${year - 1}-12-31`);
}

/** The birth-date range of a rule's annual sasaran in the month's year; null when its denominator is not one. */
export function annualSasaranOf(rule: PwsRule, month: string): BirthRange | null {
  return rule.den.kind === "pop" && rule.den.ytd === "annual" ? annualSasaranRange(rule.den.pop, Number(month.slice(0, 4))) : null;
}

/**
 * THE DUE-AGE COHORT of an antigen (or of IDL, whose due age is the first birthday): the persons
 * who reached the due age during the month, or from 1 January to the month's end for the year to
 * date, counted from the registry as it stands now (alive, living in the unit; as every sasaran).
 * Reaching A months in [start, end] ⇔ born in [start − A months, end − A months]: for a month, the
 * persons born in the month A months before; for the year to date, born from 1 January − A months
 * to the month's end − A months. HB0 (0 months): born in the period.
 *
 * Why: each dose goes to a child around its due age, so the doses given in a period and the
 * children who reached the due age in it are the same children give or take the lateness of the
 * dose; the share is a true coverage and does not sit systematically above 100 % (an annual
 * sasaran of last year's births put HB0 and BCG, given to this year's babies, at 167–400 % in small
 * desa; one counted at each month's end lost those who turned one, with their doses). The cohort
 * grows through the year as the numerator does: the year to date is compared with the target as
 * set, not pro-rated. Kemenkes, Pedoman PWS Imunisasi: coverage = doses ÷ sasaran; the sasaran is
 * the children of the age the dose is due at.
 */
export function cohortRange(dueMonths: number, month: string, ytd: boolean): BirthRange {
  const from = addMonths(ytd ? `${month.slice(0, 4)}-01-01` : `${month}-01`, -dueMonths);
  const to = monthBounds(addMonths(`${month}-01`, -dueMonths).slice(0, 7)).last;
  return { after: addDays(from, -1), upTo: to };
}

/** The birth-date range of a rule's cohort; null when its denominator is not one. */
export function cohortOf(rule: PwsRule, month: string, ytd: boolean): BirthRange | null {
  return rule.den.kind === "cohort" ? cohortRange(rule.den.dueMonths, month, ytd) : null;
}

/** Born in the month, or from 1 January to the month's end. */
export function birthsRange(month: string, ytd: boolean): BirthRange {
  const { first, last } = monthBounds(month);
  return { after: addDays(ytd ? `${month.slice(0, 4)}-01-01` : first, -1), upTo: last };
}

/** The months January..month of its year, "YYYY-MM". */
export function monthsToDate(month: string): string[] {
  const y = month.slice(0, 4);
  const n = Number(month.slice(5, 7));
  return Array.from({ length: n }, (_, i) => `${y}-${String(i + 1).padStart(2, "0")}`);
}

/** The 12 months ending with `to`, oldest first. */
export function twelveMonths(to: string): string[] {
  return Array.from({ length: 12 }, (_, i) => addMonths(`${to}-01`, i - 11).slice(0, 7));
}

export const isVitaminAMonth = (month: string) => (VITAMIN_A_ROUNDS as readonly number[]).includes(Number(month.slice(5, 7)));

/** Every mark code an indicator reads. */
export function codesOf(rule: PwsRule): string[] {
  const out = [rule.num.month, rule.num.ytd, rule.num.minus];
  if (rule.den.kind === "marks") out.push(rule.den.month, rule.den.ytd);
  return [...new Set(out.filter((x): x is string => !!x))];
}
