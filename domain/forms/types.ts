/**
 * The form definition format. A form is versioned data: fields, units, ranges, skip logic,
 * computed values and clinical flags are all plain objects, so a definition can travel as JSON,
 * be precached by the PWA, and be checked by the worker with the same `validateAnswers`.
 * A record keeps the (formId, formVersion) it was entered with; changing a published version
 * is never allowed: publish a new one.
 */

/** Every user-facing string, Bahasa Indonesia first. */
export interface Text {
  id: string;
  en: string;
}

export type Lang = keyof Text;

/** The value of one answer, as stored in a record's data (see `answerValue` in schemas.ts). */
export type AnswerValue = string | number | boolean | null | string[];
export type Answers = Record<string, AnswerValue | undefined>;

/** Values that come from the record, not from a field. */
export interface FormContext {
  /** The visit date, YYYY-MM-DD. Computed fields and date limits that use it need it. */
  visitDate?: string;
  /**
   * The person's sex and birth date (see `formContext` in index.ts). Absent = not supplied (a
   * caller that does not know the person, e.g. an older worker build): conditions on them then
   * fall back to their `ifUnknown`. null = known to be missing: an error for forms that need it.
   */
  sex?: "L" | "P" | null;
  birthDate?: string | null;
}

/**
 * A reference to a field, or to a context value with "$": "$visitDate", "$visitMonth" (1–12),
 * "$sex", "$birthDate", "$ageDays", "$ageMonths" (completed WHO months, days / 30.4375) and
 * "$ageYears" (completed calendar years), the last three at the visit date.
 */
export type Ref = string;

/**
 * Leaf options. `ifUnknown`: the result when a "$" context value the condition reads is not
 * available (not supplied, or an invalid birth date). Without it such a condition is false, as
 * before. Skip logic on the person's age or sex uses `ifUnknown: true`, so a validator that does
 * not know the person accepts the field rather than rejecting it as hidden.
 */
interface LeafOptions {
  ifUnknown?: boolean;
}

export type Condition =
  | ({ field: Ref; op: "eq" | "ne"; value: string | number | boolean } & LeafOptions)
  | ({ field: Ref; op: "lt" | "lte" | "gt" | "gte"; value: number } & LeafOptions)
  /** Compare with another field's value. */
  | ({ field: Ref; op: "lt" | "lte" | "gt" | "gte"; ref: Ref } & LeafOptions)
  /** Equal (or not) to another field's or context value; false when either is unanswered. */
  | ({ field: Ref; op: "eq" | "ne"; ref: Ref } & LeafOptions)
  | ({ field: Ref; op: "in" | "notIn"; value: string[] } & LeafOptions)
  /** For multiple choice: the answer contains (or not) this option. */
  | ({ field: Ref; op: "includes" | "excludes"; value: string } & LeafOptions)
  | ({ field: Ref; op: "answered" | "unanswered" } & LeafOptions)
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type Expression =
  /** A date `days` after the date in `field` (YYYY-MM-DD). */
  | { fn: "addDays"; field: Ref; days: number }
  /** Whole weeks from `from` to `to` (both dates); null if negative. */
  | { fn: "weeksBetween"; from: Ref; to: Ref }
  /** Whole days from `from` to `to`. */
  | { fn: "daysBetween"; from: Ref; to: Ref }
  /** IMT (BMI) in kg/m² from weight (kg) and height (cm), 1 decimal. */
  | { fn: "bmi"; weight: Ref; height: Ref }
  /**
   * Sum of the values (numbers, or single-choice options whose value is a number such as "2"):
   * a score. Null unless every one is answered: a total of a half-filled form is a wrong number.
   */
  | { fn: "sum"; fields: Ref[] }
  /** How many of these yes/no answers are "yes". Null unless every one is answered. */
  | { fn: "countTrue"; fields: Ref[] }
  /** Mean of the numbers, rounded to `decimals`. Null unless every one is answered. */
  | { fn: "mean"; fields: Ref[]; decimals: number }
  /** Product of the numbers divided by `divisor` (default 1), rounded to `decimals`. */
  | { fn: "product"; fields: Ref[]; divisor?: number; decimals: number }
  /**
   * Which band a number falls in: 1 when value < bounds[0], 2 when < bounds[1], …; null when
   * it is negative or at least the last bound (e.g. KF1–KF4 from the day after birth).
   */
  | { fn: "band"; field: Ref; bounds: number[] }
  /**
   * PUMA score (PPOK screening, Kemenkes): sex, age band and pack-years bands plus one point per
   * "yes" item. Null when the person is under 40 or anything is unknown. With `nonSmoker`, an
   * answer equal to `value` at `field` (a never-smoker) scores the pack-years item 0 without
   * pack-years, as the Kemenkes PUMA form does ("Tidak" → 0); without it a missing pack-years
   * makes the score null (v1 forms, which score only smokers).
   */
  | { fn: "puma"; sex: Ref; ageYears: Ref; packYears: Ref; items: Ref[]; nonSmoker?: { field: Ref; value: string } }
  /**
   * The value of the first case whose condition holds; null when none does. For a score whose
   * items depend on a band (KPSP by age): each case counts only its own band's items, so the
   * hidden items of the other bands never make the total null.
   */
  | { fn: "cases"; cases: { when: Condition; expr: Expression }[] };

export interface Option {
  value: string;
  label: Text;
}

interface FieldBase {
  /** The answer key: [a-z0-9_], stable across versions when the meaning is the same. */
  id: string;
  label: Text;
  hint?: Text;
  required?: boolean;
  /** Skip logic: the field is asked (and may hold an answer) only when this holds. */
  showIf?: Condition;
}

export interface NumberField extends FieldBase {
  type: "number";
  unit: string;
  /** Physically possible values; outside them the entry is a typo, not a finding. */
  min: number;
  max: number;
  /** Decimal places allowed (0 = whole numbers). */
  decimals: number;
}

export interface TextField extends FieldBase {
  type: "text";
  maxLength: number;
  multiline?: boolean;
  /** A shape the text must have (e.g. a time HH:MM), with the message when it does not. */
  pattern?: { regex: string; message: Text };
}

export interface DateField extends FieldBase {
  type: "date";
  /** Allowed distance in days before `relativeTo` (e.g. HPHT 0–308 days before the visit). */
  range?: { relativeTo: Ref; minDaysBefore: number; maxDaysBefore: number };
}

export interface SingleChoiceField extends FieldBase {
  type: "single";
  options: Option[];
}

export interface MultiChoiceField extends FieldBase {
  type: "multi";
  options: Option[];
  /** An option that excludes all others ("tidak ada"). */
  exclusive?: string;
}

export interface YesNoField extends FieldBase {
  type: "yesno";
}

export interface ComputedField extends FieldBase {
  type: "computed";
  expr: Expression;
  /** How to show the value: a date or a number with a unit. */
  display: { kind: "date" } | { kind: "number"; unit: string };
}

export type Field = NumberField | TextField | DateField | SingleChoiceField | MultiChoiceField | YesNoField | ComputedField;
export type FieldType = Field["type"];

export interface Section {
  id: string;
  title: Text;
  fields: Field[];
}

/** A cross-field check: when `when` holds, `field` shows `message` and the form cannot be saved. */
export interface Check {
  field: string;
  when: Condition;
  message: Text;
}

/** Where a referral goes; matches REFERRAL_DESTINATIONS in domain/entities/schemas.ts. */
export type ReferralDestination = "pustu" | "puskesmas" | "rumah_sakit" | "lab_tcm";

/**
 * A colour classification (MTBS chart booklet): merah = refer urgently (severity "refer"),
 * kuning = treat and follow up (severity "risk"), hijau = home care (severity "info").
 */
export type FlagColour = "merah" | "kuning" | "hijau";

/**
 * A clinical finding derived from the answers; "refer" means refer to pustu/puskesmas/RS, "risk"
 * a finding to act on without referral, "info" a classification shown for the record that owes
 * no action (e.g. MTBS green rows: BATUK BUKAN PNEUMONIA).
 */
export interface Flag {
  id: string;
  when: Condition;
  severity: "refer" | "risk" | "info";
  /** The chart colour, where the source classifies by colour (shown as a chip; optional). */
  colour?: FlagColour;
  label: Text;
  /** What the kader or bidan does next, in plain words. */
  action?: Text;
  /** For "refer": where to (default puskesmas). */
  destination?: ReferralDestination;
}

export interface FormDefinition {
  id: string;
  version: number;
  title: Text;
  /** ILP cluster: 2 ibu dan anak, 3 dewasa dan lansia, 4 penyakit menular. */
  cluster: 1 | 2 | 3 | 4;
  /** Who the form is for, so screens offer it only where it fits (see `formsFor`). */
  appliesTo?: AppliesTo;
  /**
   * Person facts the form cannot be judged without. When the caller supplies them (FormContext)
   * and one is missing or impossible, validateAnswers says so instead of computing on it.
   */
  needs?: ("sex" | "birthDate")[];
  sections: Section[];
  checks?: Check[];
  flags?: Flag[];
}

/**
 * Who a form fits. Ages are at the visit date; every minimum is inclusive and every maximum
 * exclusive (maxAgeMonths: 60 = "0–59 months"). Months are completed WHO months (days / 30.4375,
 * as the growth standards count them); years are completed calendar years.
 */
export interface AppliesTo {
  sex?: "L" | "P";
  /** true: only a woman marked pregnant (ANC); false: not while she is marked pregnant (KB). */
  pregnant?: boolean;
  /** For a woman after delivery (nifas): delivered in the last 42 days and no longer marked pregnant. */
  postpartum?: boolean;
  /**
   * Pregnant OR postpartum (as above): the delivery form (persalinan), offered while she is still
   * marked pregnant (recording the delivery is what ends it) and in the 42 days after.
   */
  pregnantOrPostpartum?: boolean;
  minAgeDays?: number;
  maxAgeDays?: number;
  minAgeMonths?: number;
  maxAgeMonths?: number;
  minAgeYears?: number;
  maxAgeYears?: number;
}
