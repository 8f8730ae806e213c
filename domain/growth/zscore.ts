import type { LmsTable, TableId } from "./codec.ts";
import { daysToMonths, isoDateToDays } from "./age.ts";
import { growthErrors, type GrowthError, type I18nText } from "./errors.ts";
import { growthFlags, lilaCategory, type GrowthFlag, type LilaResult } from "./flags.ts";
import { lmsAt, lmsZ, restrictedZ, round2, type Sex } from "./lms.ts";

/**
 * WHO Child Growth Standards z-scores for a balita visit (BB/U, PB/U–TB/U, BB/PB–BB/TB, IMT/U,
 * LK/U, LiLA/U), computed as the WHO anthro package computes them (anthro 1.x, R), with typed
 * errors where a z-score cannot be computed. Synchronous and allocation-light: the tables are
 * loaded (and decoded) once with loadGrowthTables() and passed in.
 */

// --- Age and length rules (WHO, as implemented in anthro) ---------------------------------------

/** Lying length below 24 months, standing height from 24 months (= 731 days; anthro adjust_lenhei). */
export const HEIGHT_FROM_AGE_DAYS = 731;
/** WHO MGRS: standing height is 0.7 cm less than recumbent length on average; convert by ±0.7 cm. */
export const LENGTH_HEIGHT_OFFSET_CM = 0.7;
/**
 * anthro treats a standing height under 9 months as a recording error: it ignores the position
 * (no +0.7 cm) and raises c9mo_flag. We do the same and add a warning.
 */
export const STANDING_MIN_AGE_MONTHS = 9;
/**
 * The standards end at 60 months. anthro's nominal range is 0–1856 days, but it also requires
 * age in months < 60 (1826.25 days) and its tables end at day 1826, so 1826 is the last day.
 */
export const MAX_AGE_DAYS = 1826;
/** Weight-for-length covers 45–110 cm lying; weight-for-height 65–120 cm standing (wflanthro, wfhanthro). */
export const WFL_RANGE_CM = { min: 45, max: 110 } as const;
export const WFH_RANGE_CM = { min: 65, max: 120 } as const;
/** Arm circumference-for-age starts at 3 months (acanthro.txt begins at day 91). */
export const MUAC_FOR_AGE_MIN_DAYS = 91;

// --- Plausibility limits: values outside are typing errors, not children -------------------------

/**
 * Weight: above 0 and at most 60 kg. WHO weight-for-age +5 SD (anthro's own implausibility limit)
 * at 60 months is 35 kg for boys and 39 kg for girls, so 60 kg is the mother's weight or a slip.
 */
export const WEIGHT_MIN_EXCLUSIVE_KG = 0;
export const WEIGHT_MAX_KG = 60;
/**
 * Length/height 38–130 cm: −6 SD at birth is 38.0 (girls) – 38.5 (boys) cm (anthro flags |z| > 6
 * as implausible); 130 cm is +4.3 SD at 60 months. Outside, it is mm typed as cm, or a slip.
 */
export const LENGTH_MIN_CM = 38;
export const LENGTH_MAX_CM = 130;
/** Head circumference 25–60 cm: WHO −6 SD at birth is 26.8 cm, +6 SD at 60 months 58.5–59.7 cm. */
export const HEAD_MIN_CM = 25;
export const HEAD_MAX_CM = 60;
/** MUAC (LiLA) 6–30 cm: WHO −5 SD at 3 months is 8.5–8.9 cm, +5 SD at 60 months 25.6–26.6 cm. */
export const MUAC_MIN_CM = 6;
export const MUAC_MAX_CM = 30;

/**
 * anthro's "biologically implausible" z-score flags (flen, fwei, fwfl, fbmi, fhc, fac): the z is
 * still returned, with a warning to re-measure.
 */
export const IMPLAUSIBLE_Z = {
  wfa: { below: -6, above: 5 },
  lhfa: { below: -6, above: 6 },
  wflh: { below: -5, above: 5 },
  bmifa: { below: -5, above: 5 },
  hcfa: { below: -5, above: 5 },
  acfa: { below: -5, above: 5 },
} as const;

// --- Types -----------------------------------------------------------------------------------------

export type IndicatorId = "wfa" | "lhfa" | "wflh" | "bmifa" | "hcfa" | "acfa";
export type Measured = "lying" | "standing";

export interface GrowthInput {
  sex?: Sex | null;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** YYYY-MM-DD: the day of the measurement. */
  visitDate: string;
  weightKg?: number | null;
  lengthCm?: number | null;
  /** How the length/height was taken; when missing, the right way for the age is assumed. */
  measured?: Measured | null;
  headCm?: number | null;
  muacCm?: number | null;
  /** YYYY-MM-DD, optional: when given, birth and visit dates after it are rejected. */
  today?: string;
}

export interface IndicatorLabel {
  /** Short name: id "PB/U", en "LFA". */
  short: I18nText;
  name: I18nText;
}

export type IndicatorResult = IndicatorLabel & { indicator: IndicatorId } & (
    | {
        ok: true;
        /** Rounded to 2 decimals, as anthro reports it; the flags use this rounded value. */
        z: number;
        /** The WHO table used (len for both PB/U and TB/U; wfl or wfh for BB/PB–BB/TB). */
        table: TableId;
        /** The measurement looked up: weight, corrected length/height, BMI, head or arm circumference. */
        value: number;
      }
    | { ok: false; error: GrowthError }
  );

export type GrowthWarningCode = "STANDING_UNDER_9_MONTHS" | "Z_IMPLAUSIBLE";
export interface GrowthWarning {
  code: GrowthWarningCode;
  indicator?: IndicatorId;
  message: I18nText;
}

export interface GrowthAssessment {
  /** Completed days from birth to visit; null when a date is missing or invalid. */
  ageDays: number | null;
  /** ageDays / 30.4375 (unrounded). */
  ageMonths: number | null;
  /** Length or height after the ±0.7 cm conversion, with the position it now stands for. */
  lengthUsed?: { cm: number; as: Measured; convertedCm: number };
  /** Every distinct error found, input-level first (sex, dates, age), then per measurement. */
  errors: GrowthError[];
  /** One entry for each indicator whose measurements were given (an indicator never measured is absent). */
  results: Partial<Record<IndicatorId, IndicatorResult>>;
  flags: GrowthFlag[];
  /** LiLA category (6–59 months), when a plausible LiLA and a valid age were given. */
  lila?: LilaResult;
  warnings: GrowthWarning[];
}

// --- Labels ----------------------------------------------------------------------------------------

// Frozen: every result shares these objects.
const t = (id: string, en: string): I18nText => Object.freeze({ id, en });
const lab = (sid: string, sen: string, nid: string, nen: string): IndicatorLabel => Object.freeze({ short: t(sid, sen), name: t(nid, nen) });

export const INDICATOR_LABELS = {
  wfa: lab("BB/U", "WFA", "Berat badan menurut umur", "Weight-for-age"),
  lfa: lab("PB/U", "LFA", "Panjang badan menurut umur", "Length-for-age"),
  hfa: lab("TB/U", "HFA", "Tinggi badan menurut umur", "Height-for-age"),
  lhfa: lab("PB/U atau TB/U", "LFA/HFA", "Panjang/tinggi badan menurut umur", "Length/height-for-age"),
  wfl: lab("BB/PB", "WFL", "Berat badan menurut panjang badan", "Weight-for-length"),
  wfh: lab("BB/TB", "WFH", "Berat badan menurut tinggi badan", "Weight-for-height"),
  wflh: lab("BB/PB atau BB/TB", "WFL/WFH", "Berat badan menurut panjang/tinggi badan", "Weight-for-length/height"),
  bmifa: lab("IMT/U", "BMIFA", "Indeks massa tubuh menurut umur", "BMI-for-age"),
  hcfa: lab("LK/U", "HCFA", "Lingkar kepala menurut umur", "Head circumference-for-age"),
  acfa: lab("LiLA/U", "ACFA", "Lingkar lengan atas menurut umur", "Arm circumference-for-age"),
} as const satisfies Record<string, IndicatorLabel>;

function labelFor(indicator: IndicatorId, ageDays: number | null): IndicatorLabel {
  const lying = ageDays === null ? null : ageDays < HEIGHT_FROM_AGE_DAYS;
  if (indicator === "lhfa") return lying === null ? INDICATOR_LABELS.lhfa : lying ? INDICATOR_LABELS.lfa : INDICATOR_LABELS.hfa;
  if (indicator === "wflh") return lying === null ? INDICATOR_LABELS.wflh : lying ? INDICATOR_LABELS.wfl : INDICATOR_LABELS.wfh;
  return INDICATOR_LABELS[indicator];
}

// --- Building blocks -------------------------------------------------------------------------------

/** WHO applies the restricted (SD23) tails to the weight-based indicators and to arm circumference. */
export const RESTRICTED_TABLES: ReadonlySet<TableId> = new Set<TableId>(["wei", "wfl", "wfh", "bmi", "ac"]);

/** Unrounded z of y on a table at index x (age in days or cm), or null outside the table. */
export function zAt(table: LmsTable, sex: Sex, x: number, y: number): number | null {
  const p = lmsAt(table, sex, x);
  if (p === null) return null;
  return RESTRICTED_TABLES.has(table.id) ? restrictedZ(y, p.l, p.m, p.s) : lmsZ(y, p.l, p.m, p.s);
}

/** zAt for a whole-day age already checked to be in the table: no interpolation, no allocation. */
function zAtDay(table: LmsTable, sex: Sex, day: number, y: number): number {
  const k = sex === "L" ? 0 : 1;
  const i = day - table.start;
  const l = table.l[k][i]!;
  const m = table.m[k][i]!;
  const s = table.s[k][i]!;
  return RESTRICTED_TABLES.has(table.id) ? restrictedZ(y, l, m, s) : lmsZ(y, l, m, s);
}

/**
 * Length as the standards expect it for the age: lying below 731 days, standing from 731. A
 * standing height under 24 months gains 0.7 cm; a lying length from 24 months loses 0.7 cm.
 */
export function standardLength(
  cm: number,
  ageDays: number,
  measured?: Measured | null,
): { cm: number; as: Measured; convertedCm: number; standingUnder9Months: boolean } {
  const as: Measured = ageDays < HEIGHT_FROM_AGE_DAYS ? "lying" : "standing";
  const standingUnder9Months = measured === "standing" && daysToMonths(ageDays) < STANDING_MIN_AGE_MONTHS;
  const how = standingUnder9Months ? as : (measured ?? as);
  const delta = how === as ? 0 : as === "lying" ? LENGTH_HEIGHT_OFFSET_CM : -LENGTH_HEIGHT_OFFSET_CM;
  return { cm: cm + delta, as, convertedCm: delta, standingUnder9Months };
}

const given = (x: number | null | undefined): x is number => x !== undefined && x !== null;
/** In range, and not NaN or ±Infinity (which fail every comparison). */
const within = (x: number, min: number, max: number) => x >= min && x <= max;

/** Sex, dates and age: the errors that stop every indicator. */
function inputErrors(input: GrowthInput, birth: number | null, visit: number | null): GrowthError[] {
  const errs: GrowthError[] = [];
  if (input.sex !== "L" && input.sex !== "P") errs.push(growthErrors.sexMissing());
  const today = input.today === undefined ? null : isoDateToDays(input.today);
  if (birth === null) errs.push(growthErrors.birthDateInvalid());
  if (visit === null) errs.push(growthErrors.visitDateInvalid());
  if (today !== null && birth !== null && birth > today) errs.push(growthErrors.birthDateInFuture());
  else if (birth !== null && visit !== null && birth > visit) errs.push(growthErrors.birthAfterVisit());
  if (today !== null && visit !== null && visit > today) errs.push(growthErrors.visitDateInFuture());
  if (birth !== null && visit !== null && visit - birth > MAX_AGE_DAYS) errs.push(growthErrors.ageOver60Months());
  return errs;
}

function failed(out: GrowthAssessment, indicator: IndicatorId, error: GrowthError): void {
  const label = labelFor(indicator, out.ageDays);
  out.results[indicator] = { indicator, short: label.short, name: label.name, ok: false, error };
}

function scored(out: GrowthAssessment, indicator: IndicatorId, table: LmsTable, sex: Sex, x: number, value: number): void {
  // Every caller has already checked sex, age and range, so the lookup cannot miss.
  const z = round2(table.unit === "day" ? zAtDay(table, sex, x, value) : zAt(table, sex, x, value)!);
  const label = labelFor(indicator, out.ageDays);
  out.results[indicator] = { indicator, short: label.short, name: label.name, ok: true, z, table: table.id, value };
  const lim = IMPLAUSIBLE_Z[indicator];
  if (z < lim.below || z > lim.above) {
    out.warnings.push({
      code: "Z_IMPLAUSIBLE",
      indicator,
      message: {
        id: `${label.short.id} ${z}: di luar batas wajar WHO (${lim.below} s.d. +${lim.above}); ukur ulang`,
        en: `${label.short.en} ${z}: outside WHO's plausible range (${lim.below} to +${lim.above}); measure again`,
      },
    });
  }
}

const STANDING_UNDER_9_MONTHS_WARNING: GrowthWarning = {
  code: "STANDING_UNDER_9_MONTHS",
  message: {
    id: "Di bawah 9 bulan anak diukur berbaring: posisi berdiri diabaikan, ukur ulang berbaring",
    en: "Under 9 months a child is measured lying: the standing position was ignored; measure again lying",
  },
};

// --- assessGrowth ----------------------------------------------------------------------------------

/** The tables assessGrowth reads; loadGrowthTables() returns them all. */
export type AssessTables = Readonly<Record<"wei" | "len" | "wfl" | "wfh" | "bmi" | "hc" | "ac", LmsTable>>;

/**
 * All z-scores, flags and the LiLA category of one balita visit. Never throws on bad data: each
 * measured indicator is either a rounded z or a typed error. Written without per-call closures
 * or repeated date parsing because PWS screens run it for every visit of every child.
 */
export function assessGrowth(input: GrowthInput, tables: AssessTables): GrowthAssessment {
  const birth = isoDateToDays(input.birthDate);
  const visit = isoDateToDays(input.visitDate);
  const blocking = inputErrors(input, birth, visit);
  const rawAge = birth === null || visit === null ? null : visit - birth;
  const ageDays = rawAge !== null && rawAge >= 0 ? rawAge : null;
  // Age is usable when no date error blocks it (a missing sex still blocks the z-scores).
  const ageOk = ageDays !== null && ageDays <= MAX_AGE_DAYS && (blocking.length === 0 || (blocking.length === 1 && blocking[0]!.code === "SEX_MISSING"));
  const sex: Sex | null = input.sex === "L" || input.sex === "P" ? input.sex : null;
  const { weightKg: w, lengthCm: len, headCm: head, muacCm: muac } = input;

  const weightErr = given(w) && !(w > WEIGHT_MIN_EXCLUSIVE_KG && w <= WEIGHT_MAX_KG) ? growthErrors.weightImplausible(WEIGHT_MIN_EXCLUSIVE_KG, WEIGHT_MAX_KG) : undefined;
  const lengthErr = given(len) && !within(len, LENGTH_MIN_CM, LENGTH_MAX_CM) ? growthErrors.lengthImplausible(LENGTH_MIN_CM, LENGTH_MAX_CM) : undefined;
  const headErr = given(head) && !within(head, HEAD_MIN_CM, HEAD_MAX_CM) ? growthErrors.headImplausible(HEAD_MIN_CM, HEAD_MAX_CM) : undefined;
  const muacErr = given(muac) && !within(muac, MUAC_MIN_CM, MUAC_MAX_CM) ? growthErrors.muacImplausible(MUAC_MIN_CM, MUAC_MAX_CM) : undefined;

  const out: GrowthAssessment = {
    ageDays,
    ageMonths: ageDays === null ? null : daysToMonths(ageDays),
    errors: [...blocking],
    results: {},
    flags: [],
    warnings: [],
  };
  if (weightErr) out.errors.push(weightErr);
  if (lengthErr) out.errors.push(lengthErr);
  if (headErr) out.errors.push(headErr);
  if (muacErr) out.errors.push(muacErr);
  const firstBlocking = blocking[0];

  let lengthCm = 0;
  if (ageOk && given(len) && !lengthErr) {
    const l = standardLength(len, ageDays, input.measured);
    lengthCm = l.cm;
    out.lengthUsed = { cm: l.cm, as: l.as, convertedCm: l.convertedCm };
    if (l.standingUnder9Months) out.warnings.push(STANDING_UNDER_9_MONTHS_WARNING);
  }

  // BB/U
  if (given(w)) {
    const err = firstBlocking ?? weightErr;
    if (err) failed(out, "wfa", err);
    else scored(out, "wfa", tables.wei, sex!, ageDays!, w);
  }
  // PB/U or TB/U (the len table switches from length to height rows at day 731)
  if (given(len)) {
    const err = firstBlocking ?? lengthErr;
    if (err) failed(out, "lhfa", err);
    else scored(out, "lhfa", tables.len, sex!, ageDays!, lengthCm);
  }
  if (given(w) && given(len)) {
    const err = firstBlocking ?? weightErr ?? lengthErr;
    if (err) {
      failed(out, "wflh", err);
      failed(out, "bmifa", err);
    } else {
      // BB/PB below 731 days, BB/TB from 731
      const table = ageDays! < HEIGHT_FROM_AGE_DAYS ? tables.wfl : tables.wfh;
      if (lmsAt(table, sex!, lengthCm) === null) {
        const { min, max } = table === tables.wfl ? WFL_RANGE_CM : WFH_RANGE_CM;
        const e = growthErrors.lengthOutOfTable(labelFor("wflh", ageDays).short, min, max, lengthCm);
        out.errors.push(e);
        failed(out, "wflh", e);
      } else scored(out, "wflh", table, sex!, lengthCm, w);
      // IMT/U: BMI from the converted length/height, as anthro's cbmi
      const m = lengthCm / 100;
      scored(out, "bmifa", tables.bmi, sex!, ageDays!, w / (m * m));
    }
  }
  // LK/U
  if (given(head)) {
    const err = firstBlocking ?? headErr;
    if (err) failed(out, "hcfa", err);
    else scored(out, "hcfa", tables.hc, sex!, ageDays!, head);
  }
  // LiLA/U (from 3 months)
  if (given(muac)) {
    let err = firstBlocking ?? muacErr;
    if (!err && ageDays! < MUAC_FOR_AGE_MIN_DAYS) {
      err = growthErrors.ageBelowTable(INDICATOR_LABELS.acfa.short, MUAC_FOR_AGE_MIN_DAYS);
      out.errors.push(err);
    }
    if (err) failed(out, "acfa", err);
    else scored(out, "acfa", tables.ac, sex!, ageDays!, muac);
  }

  out.flags = growthFlags(out.results);
  // The LiLA cut-offs do not depend on sex, so a missing sex does not hide them.
  if (ageOk && given(muac) && !muacErr) {
    const lila = lilaCategory(muac, ageDays);
    if (lila) {
      out.lila = lila;
      if (lila.flag) out.flags.push(lila.flag);
    }
  }
  return out;
}
