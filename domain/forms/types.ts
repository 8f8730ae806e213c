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
}

/** A reference to a field, or to a context value with "$" (e.g. "$visitDate"). */
export type Ref = string;

export type Condition =
  | { field: Ref; op: "eq" | "ne"; value: string | number | boolean }
  | { field: Ref; op: "lt" | "lte" | "gt" | "gte"; value: number }
  /** Compare with another field's value. */
  | { field: Ref; op: "lt" | "lte" | "gt" | "gte"; ref: Ref }
  | { field: Ref; op: "in" | "notIn"; value: string[] }
  /** For multiple choice: the answer contains (or not) this option. */
  | { field: Ref; op: "includes" | "excludes"; value: string }
  | { field: Ref; op: "answered" | "unanswered" }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type Expression =
  /** A date `days` after the date in `field` (YYYY-MM-DD). */
  | { fn: "addDays"; field: Ref; days: number }
  /** Whole weeks from `from` to `to` (both dates); null if negative. */
  | { fn: "weeksBetween"; from: Ref; to: Ref }
  /** Whole days from `from` to `to`. */
  | { fn: "daysBetween"; from: Ref; to: Ref };

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

/** A clinical finding derived from the answers; "refer" means refer to pustu/puskesmas/RS. */
export interface Flag {
  id: string;
  when: Condition;
  severity: "refer" | "risk";
  label: Text;
}

export interface FormDefinition {
  id: string;
  version: number;
  title: Text;
  /** ILP cluster: 2 ibu dan anak, 3 dewasa dan lansia, 4 penyakit menular. */
  cluster: 1 | 2 | 3 | 4;
  /** Who the form is for, so screens offer it only where it fits. */
  appliesTo?: { sex?: "L" | "P"; pregnant?: boolean };
  sections: Section[];
  checks?: Check[];
  flags?: Flag[];
}
