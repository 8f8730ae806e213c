import { isoDateToDays } from "../growth/age.ts";
import type { AnswerValue, Answers, Condition, Expression, Field, FormContext, FormDefinition, Lang, Ref, Text } from "./types.ts";

/**
 * Evaluation of form definitions: skip logic, computed values, flags and validation. Pure and
 * framework-free: the PWA renders with it and the worker validates pushed records with it.
 */

const DAY_MS = 86_400_000;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ANSWER_KEY_RE = /^[a-zA-Z0-9_]{1,64}$/;
/** Matches the record schema's ceilings (domain/entities/schemas.ts `answerValue`). */
const MAX_TEXT = 2000;
const MAX_CHOICES = 50;

// Definitions are immutable once published, so their flat field list is computed once.
const fieldCache = new WeakMap<FormDefinition, readonly Field[]>();
function fieldList(def: FormDefinition): readonly Field[] {
  let list = fieldCache.get(def);
  if (!list) fieldCache.set(def, (list = def.sections.flatMap((s) => s.fields)));
  return list;
}

export function fields(def: FormDefinition): Field[] {
  return [...fieldList(def)];
}

export function fieldById(def: FormDefinition, id: string): Field | undefined {
  return fieldList(def).find((f) => f.id === id);
}

/**
 * Days since 1970-01-01 for a YYYY-MM-DD that is a real calendar date, else null. Calendar
 * arithmetic (domain/growth/age.ts), not Date.parse: the rules parse tens of thousands of dates
 * at once on slow phones. Same answers as the regex + Date.parse check it replaced.
 */
export function dateToDays(s: unknown): number | null {
  if (typeof s !== "string" || !ISO_DATE_RE.test(s)) return null;
  return isoDateToDays(s);
}

export function daysToDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** WHO anthro: one month is 365.25 / 12 days (as domain/growth counts age in months). */
export const DAYS_PER_WHO_MONTH = 30.4375;

/** Completed calendar years from birth to a date (the age people say), or null. */
export function completedYears(birthDate: unknown, date: unknown): number | null {
  const b = dateToDays(birthDate);
  const d = dateToDays(date);
  if (b === null || d === null || d < b) return null;
  const [by, bm, bd] = (birthDate as string).split("-").map(Number) as [number, number, number];
  const [dy, dm, dd] = (date as string).split("-").map(Number) as [number, number, number];
  return dy - by - (dm < bm || (dm === bm && dd < bd) ? 1 : 0);
}

/** Age facts of a person at the visit date; null where they cannot be known. */
export function ageAt(birthDate: unknown, date: unknown): { days: number; months: number; years: number } | null {
  const b = dateToDays(birthDate);
  const d = dateToDays(date);
  if (b === null || d === null || d < b) return null;
  const days = d - b;
  return { days, months: Math.floor(days / DAYS_PER_WHO_MONTH), years: completedYears(birthDate, date)! };
}

function contextValue(ref: string, ctx: FormContext): AnswerValue | undefined {
  switch (ref) {
    case "$visitDate":
      return ctx.visitDate;
    case "$visitMonth":
      return dateToDays(ctx.visitDate) === null ? undefined : Number(ctx.visitDate!.slice(5, 7));
    case "$sex":
      return ctx.sex === "L" || ctx.sex === "P" ? ctx.sex : undefined;
    case "$birthDate":
      return dateToDays(ctx.birthDate) === null ? undefined : ctx.birthDate!;
    case "$ageDays":
    case "$ageMonths":
    case "$ageYears": {
      const a = ageAt(ctx.birthDate, ctx.visitDate);
      if (!a) return undefined;
      return ref === "$ageDays" ? a.days : ref === "$ageMonths" ? a.months : a.years;
    }
    default:
      return undefined;
  }
}

// A context is read many times per evaluation (every condition on "$ageYears"), so its values
// are remembered per context object, and forgotten if its fields are changed in between.
interface ContextMemo {
  visitDate: unknown;
  birthDate: unknown;
  sex: unknown;
  values: Map<string, AnswerValue | undefined>;
}
const contextCache = new WeakMap<FormContext, ContextMemo>();

function resolve(ref: string, answers: Answers, ctx: FormContext): AnswerValue | undefined {
  if (ref.charCodeAt(0) !== 36 /* $ */) return answers[ref];
  let memo = contextCache.get(ctx);
  if (!memo || memo.visitDate !== ctx.visitDate || memo.birthDate !== ctx.birthDate || memo.sex !== ctx.sex) {
    memo = { visitDate: ctx.visitDate, birthDate: ctx.birthDate, sex: ctx.sex, values: new Map() };
    contextCache.set(ctx, memo);
  }
  if (memo.values.has(ref)) return memo.values.get(ref);
  const v = contextValue(ref, ctx);
  memo.values.set(ref, v);
  return v;
}

/** A "$" reference whose value is not available in this context. */
function unknownContext(ref: string | undefined, answers: Answers, ctx: FormContext): boolean {
  return ref !== undefined && ref.startsWith("$") && resolve(ref, answers, ctx) === undefined;
}

export function isAnswered(v: AnswerValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export function evaluate(c: Condition, answers: Answers, ctx: FormContext = {}): boolean {
  if ("all" in c) return c.all.every((x) => evaluate(x, answers, ctx));
  if ("any" in c) return c.any.some((x) => evaluate(x, answers, ctx));
  if ("not" in c) return !evaluate(c.not, answers, ctx);
  if (c.ifUnknown !== undefined && (unknownContext(c.field, answers, ctx) || unknownContext("ref" in c ? c.ref : undefined, answers, ctx))) {
    return c.ifUnknown;
  }
  const v = resolve(c.field, answers, ctx);
  if ((c.op === "eq" || c.op === "ne") && "ref" in c) {
    const other = resolve(c.ref, answers, ctx);
    if (!isAnswered(v) || other === undefined || !isAnswered(other)) return false;
    return c.op === "eq" ? v === other : v !== other;
  }
  switch (c.op) {
    case "answered":
      return isAnswered(v);
    case "unanswered":
      return !isAnswered(v);
    case "eq":
      return "value" in c && v === c.value;
    case "ne":
      return "value" in c && isAnswered(v) && v !== c.value;
    case "in":
      return typeof v === "string" && c.value.includes(v);
    case "notIn":
      return typeof v === "string" && !c.value.includes(v);
    case "includes":
      return Array.isArray(v) && v.includes(c.value);
    case "excludes":
      return Array.isArray(v) && !v.includes(c.value);
    default: {
      // An unanswered value satisfies no comparison: a flag never fires on a blank.
      const other = "ref" in c ? resolve(c.ref, answers, ctx) : c.value;
      if (typeof v !== "number" || typeof other !== "number") return false;
      if (c.op === "lt") return v < other;
      if (c.op === "lte") return v <= other;
      if (c.op === "gt") return v > other;
      return v >= other;
    }
  }
}

/** Half away from zero, so 23.45 shows as 23.5 on every device; never -0. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
  return r === 0 ? 0 : r;
}

/** A number answer, or a single-choice option whose value is a number ("2"). */
function numeric(v: AnswerValue | undefined): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

function numbers(refs: Ref[], answers: Answers, ctx: FormContext): number[] | null {
  const out: number[] = [];
  for (const r of refs) {
    const n = numeric(resolve(r, answers, ctx));
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/**
 * PUMA (Kemenkes skrining PPOK, after López Varela et al. 2016): sex (male 1), age 40–49 0,
 * 50–59 1, ≥ 60 2; pack-years < 20 0, 20–30 1, > 30 2; then 1 per "yes" (shortness of breath,
 * phlegm, cough, earlier spirometry). Under 40 the tool does not apply.
 */
export const PUMA_MIN_AGE_YEARS = 40;
export const PUMA_AGE_BANDS = [50, 60] as const;
export const PUMA_PACK_YEAR_BANDS = { one: 20, twoAbove: 30 } as const;

function pumaScore(e: Extract<Expression, { fn: "puma" }>, answers: Answers, ctx: FormContext): number | null {
  const sex = resolve(e.sex, answers, ctx);
  const age = numeric(resolve(e.ageYears, answers, ctx));
  const pack = numeric(resolve(e.packYears, answers, ctx));
  if ((sex !== "L" && sex !== "P") || age === null || pack === null || age < PUMA_MIN_AGE_YEARS) return null;
  let score = sex === "L" ? 1 : 0;
  score += age < PUMA_AGE_BANDS[0] ? 0 : age < PUMA_AGE_BANDS[1] ? 1 : 2;
  score += pack < PUMA_PACK_YEAR_BANDS.one ? 0 : pack <= PUMA_PACK_YEAR_BANDS.twoAbove ? 1 : 2;
  for (const r of e.items) {
    const v = resolve(r, answers, ctx);
    if (typeof v !== "boolean") return null;
    if (v) score++;
  }
  return score;
}

export function compute(e: Expression, answers: Answers, ctx: FormContext): AnswerValue {
  if (e.fn === "addDays") {
    const d = dateToDays(resolve(e.field, answers, ctx));
    return d === null ? null : daysToDate(d + e.days);
  }
  switch (e.fn) {
    case "bmi": {
      const w = numeric(resolve(e.weight, answers, ctx));
      const h = numeric(resolve(e.height, answers, ctx));
      if (w === null || h === null || w <= 0 || h <= 0) return null;
      return roundTo(w / ((h / 100) * (h / 100)), 1);
    }
    case "sum": {
      const ns = numbers(e.fields, answers, ctx);
      return ns === null ? null : roundTo(ns.reduce((a, b) => a + b, 0), 6);
    }
    case "countTrue": {
      let n = 0;
      for (const r of e.fields) {
        const v = resolve(r, answers, ctx);
        if (typeof v !== "boolean") return null;
        if (v) n++;
      }
      return n;
    }
    case "mean": {
      const ns = numbers(e.fields, answers, ctx);
      return ns === null || ns.length === 0 ? null : roundTo(ns.reduce((a, b) => a + b, 0) / ns.length, e.decimals);
    }
    case "product": {
      const ns = numbers(e.fields, answers, ctx);
      return ns === null || ns.length === 0 ? null : roundTo(ns.reduce((a, b) => a * b, 1) / (e.divisor ?? 1), e.decimals);
    }
    case "band": {
      const v = numeric(resolve(e.field, answers, ctx));
      if (v === null || v < 0) return null;
      const i = e.bounds.findIndex((b) => v < b);
      return i < 0 ? null : i + 1;
    }
    case "puma":
      return pumaScore(e, answers, ctx);
    default:
      break;
  }
  const from = dateToDays(resolve(e.from, answers, ctx));
  const to = dateToDays(resolve(e.to, answers, ctx));
  if (from === null || to === null || to < from) return null;
  return e.fn === "daysBetween" ? to - from : Math.floor((to - from) / 7);
}

/**
 * The answers with computed fields filled in (in definition order, so a computed field may use
 * an earlier one) and hidden fields removed: what a record stores.
 */
export function resolveAnswers(def: FormDefinition, input: Answers, ctx: FormContext = {}): Record<string, AnswerValue> {
  // `view` is what later skip logic sees: hidden answers dropped, computed values filled in.
  const view: Answers = { ...input };
  const out: Record<string, AnswerValue> = {};
  for (const f of fieldList(def)) {
    if (f.showIf && !evaluate(f.showIf, view, ctx)) {
      delete view[f.id];
      continue;
    }
    let v = f.type === "computed" ? compute(f.expr, view, ctx) : input[f.id];
    if (typeof v === "string" && f.type === "text") v = v.trim();
    view[f.id] = v;
    if (v !== undefined && isAnswered(v)) out[f.id] = v;
  }
  return out;
}

export function isVisible(f: Field, answers: Answers, ctx: FormContext = {}): boolean {
  return !f.showIf || evaluate(f.showIf, answers, ctx);
}

export function activeFlags(def: FormDefinition, answers: Answers, ctx: FormContext = {}) {
  return (def.flags ?? []).filter((fl) => evaluate(fl.when, answers, ctx));
}

// --- messages ---

const fmt = (n: number, lang: Lang) => (lang === "id" ? String(n).replace(".", ",") : String(n));

const M = {
  required: { id: "Wajib diisi", en: "Required" },
  notNumber: { id: "Harus berupa angka", en: "Must be a number" },
  notDate: { id: "Tanggal tidak valid (TTTT-BB-HH)", en: "Not a valid date (YYYY-MM-DD)" },
  notChoice: { id: "Pilihan tidak dikenal", en: "Unknown option" },
  notYesNo: { id: "Jawab ya atau tidak", en: "Answer yes or no" },
  notText: { id: "Harus berupa teks", en: "Must be text" },
  hidden: { id: "Tidak berlaku untuk jawaban lain di formulir ini", en: "Does not apply given the other answers" },
  computedType: { id: "Nilai hitungan tidak valid", en: "Invalid computed value" },
  range: (min: number, max: number, unit: string): Text => ({
    id: `Di luar rentang yang mungkin (${fmt(min, "id")}–${fmt(max, "id")} ${unit}). Periksa kembali.`,
    en: `Outside the possible range (${min}–${max} ${unit}). Check again.`,
  }),
  decimals: (d: number): Text => d === 0
    ? { id: "Harus bilangan bulat", en: "Must be a whole number" }
    : { id: `Paling banyak ${d} angka di belakang koma`, en: `At most ${d} decimal place${d > 1 ? "s" : ""}` },
  tooLong: (n: number): Text => ({ id: `Terlalu panjang (maks. ${n} huruf)`, en: `Too long (max ${n} characters)` }),
  afterRef: { id: "Tidak boleh setelah tanggal kunjungan", en: "Cannot be after the visit date" },
  tooEarly: (days: number): Text => ({
    id: `Lebih dari ${Math.round(days / 7)} minggu sebelum tanggal kunjungan. Periksa kembali.`,
    en: `More than ${Math.round(days / 7)} weeks before the visit date. Check again.`,
  }),
  tooSoon: (days: number): Text => ({
    id: `Harus paling sedikit ${days} hari sebelum tanggal kunjungan`,
    en: `Must be at least ${days} days before the visit date`,
  }),
  exclusive: (label: Text): Text => ({ id: `"${label.id}" tidak bisa dipilih bersama pilihan lain`, en: `"${label.en}" cannot be combined with other options` }),
  tooMany: { id: "Terlalu banyak pilihan", en: "Too many options" },
  unknown: (keys: string[]): Text => ({ id: `Isian tidak dikenal: ${keys.join(", ")}`, en: `Unknown answers: ${keys.join(", ")}` }),
};

export const FORM_ERROR_KEY = "_form";

export interface ValidationResult {
  valid: boolean;
  /** Per field id (and "_form" for the whole form): the message in Indonesian and English. */
  errors: Record<string, Text>;
}

function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes("e-")) return Number(s.split("e-")[1]);
  return s.includes(".") ? s.split(".")[1]!.length : 0;
}

function checkField(f: Field, v: AnswerValue | undefined, ctx: FormContext, answers: Answers): Text | null {
  if (!isAnswered(v)) return f.required && f.type !== "computed" ? M.required : null;
  switch (f.type) {
    case "number":
      if (typeof v !== "number" || !Number.isFinite(v)) return M.notNumber;
      if (v < f.min || v > f.max) return M.range(f.min, f.max, f.unit);
      if (decimalsOf(v) > f.decimals) return M.decimals(f.decimals);
      return null;
    case "text":
      if (typeof v !== "string") return M.notText;
      if (v.length > Math.min(f.maxLength, MAX_TEXT)) return M.tooLong(Math.min(f.maxLength, MAX_TEXT));
      return f.pattern && !new RegExp(f.pattern.regex).test(v.trim()) ? f.pattern.message : null;
    case "date": {
      const d = dateToDays(v);
      if (d === null) return M.notDate;
      if (f.range) {
        const ref = dateToDays(resolve(f.range.relativeTo, answers, ctx));
        if (ref !== null) {
          if (d > ref) return M.afterRef;
          if (ref - d < f.range.minDaysBefore) return M.tooSoon(f.range.minDaysBefore);
          if (ref - d > f.range.maxDaysBefore) return M.tooEarly(f.range.maxDaysBefore);
        }
      }
      return null;
    }
    case "single":
      return typeof v === "string" && f.options.some((o) => o.value === v) ? null : M.notChoice;
    case "multi": {
      if (!Array.isArray(v)) return M.notChoice;
      if (v.length > MAX_CHOICES) return M.tooMany;
      if (v.some((x) => !f.options.some((o) => o.value === x)) || new Set(v).size !== v.length) return M.notChoice;
      const ex = f.exclusive && f.options.find((o) => o.value === f.exclusive);
      if (ex && v.includes(ex.value) && v.length > 1) return M.exclusive(ex.label);
      return null;
    }
    case "yesno":
      return typeof v === "boolean" ? null : M.notYesNo;
    case "computed":
      // Recomputed on every save; only its shape is checked here (the server may lack context).
      return f.display.kind === "date" ? (dateToDays(v) === null ? M.computedType : null) : typeof v === "number" ? null : M.computedType;
  }
}

/**
 * Check a set of answers against a definition. Hidden fields must be empty, required visible
 * fields answered, every value of the right type and within range, and every cross-field check
 * passed. Returns one message per field, in Indonesian and English.
 */
export function validateAnswers(def: FormDefinition, answers: Answers, ctx: FormContext = {}): ValidationResult {
  const errors: Record<string, Text> = {};
  const all = fieldList(def);
  const known = new Set(all.map((f) => f.id));
  const unknown = Object.keys(answers).filter((k) => answers[k] !== undefined && (!known.has(k) || !ANSWER_KEY_RE.test(k)));
  if (unknown.length) errors[FORM_ERROR_KEY] = M.unknown(unknown);
  for (const f of all) {
    const v = answers[f.id];
    if (!isVisible(f, answers, ctx)) {
      if (isAnswered(v) && f.type !== "computed") errors[f.id] = M.hidden;
      continue;
    }
    const e = checkField(f, v, ctx, answers);
    if (e) errors[f.id] = e;
  }
  for (const c of def.checks ?? []) {
    if (!errors[c.field] && evaluate(c.when, answers, ctx)) errors[c.field] = c.message;
  }
  const person = personErrors(def, ctx);
  if (person.length) {
    const all = errors[FORM_ERROR_KEY] ? [errors[FORM_ERROR_KEY], ...person] : person;
    errors[FORM_ERROR_KEY] = { id: all.map((m) => m.id).join(" · "), en: all.map((m) => m.en).join(" · ") };
  }
  return { valid: Object.keys(errors).length === 0, errors };
}

const P = {
  sexMissing: { id: "Jenis kelamin belum diisi di data orang ini: lengkapi dulu (L/P)", en: "This person's sex is missing: complete it first (L/P)" },
  birthInvalid: { id: "Tanggal lahir di data orang ini tidak valid: perbaiki dulu", en: "This person's birth date is not valid: correct it first" },
  birthAfterVisit: { id: "Tanggal lahir sesudah tanggal kunjungan: periksa tanggal lahir atau tanggal kunjungan", en: "The birth date is after the visit date: check the birth date or the visit date" },
  wrongSex: (sex: "L" | "P"): Text => sex === "P"
    ? { id: "Formulir ini hanya untuk perempuan", en: "This form is for women only" }
    : { id: "Formulir ini hanya untuk laki-laki", en: "This form is for men only" },
  ageOutside: (range: Text): Text => ({ id: `Formulir ini untuk ${range.id}; umur orang ini tidak sesuai`, en: `This form is for ${range.en}; this person's age does not fit` }),
};

/** "umur 0–59 bulan" / "aged 0–59 months": the age range of a form, for messages. */
export function ageRangeText(a: NonNullable<FormDefinition["appliesTo"]>): Text | null {
  const span = (min: number | undefined, max: number | undefined, id: string, en: string): Text | null => {
    if (min === undefined && max === undefined) return null;
    if (max === undefined) return { id: `umur ${min} ${id} ke atas`, en: `aged ${min} ${en} and over` };
    return { id: `umur ${min ?? 0}–${max - 1} ${id}`, en: `aged ${min ?? 0}–${max - 1} ${en}` };
  };
  return span(a.minAgeDays, a.maxAgeDays, "hari", "days") ?? span(a.minAgeMonths, a.maxAgeMonths, "bulan", "months") ?? span(a.minAgeYears, a.maxAgeYears, "tahun", "years");
}

/** Whether an age (at the visit) fits a form's appliesTo ranges. */
export function ageFits(a: NonNullable<FormDefinition["appliesTo"]>, age: { days: number; months: number; years: number }): boolean {
  const inRange = (v: number, min?: number, max?: number) => (min === undefined || v >= min) && (max === undefined || v < max);
  return inRange(age.days, a.minAgeDays, a.maxAgeDays) && inRange(age.months, a.minAgeMonths, a.maxAgeMonths) && inRange(age.years, a.minAgeYears, a.maxAgeYears);
}

/**
 * Person facts a form needs, checked only when the caller supplied them: so the phone and a
 * worker that passes the person refuse a balita form without a sex or for a 7-year-old, and an
 * older caller that passes only the visit date keeps its behaviour.
 */
function personErrors(def: FormDefinition, ctx: FormContext): Text[] {
  const needs = def.needs ?? [];
  const out: Text[] = [];
  if (needs.includes("sex") && ctx.sex !== undefined && ctx.sex !== "L" && ctx.sex !== "P") out.push(P.sexMissing);
  const only = def.appliesTo?.sex;
  if (only && (ctx.sex === "L" || ctx.sex === "P") && ctx.sex !== only) out.push(P.wrongSex(only));
  if (needs.includes("birthDate") && ctx.birthDate !== undefined) {
    const b = dateToDays(ctx.birthDate);
    const v = dateToDays(ctx.visitDate);
    if (b === null) out.push(P.birthInvalid);
    else if (v !== null && b > v) out.push(P.birthAfterVisit);
    else if (v !== null && def.appliesTo) {
      const age = ageAt(ctx.birthDate, ctx.visitDate)!;
      const range = ageRangeText(def.appliesTo);
      if (range && !ageFits(def.appliesTo, age)) out.push(P.ageOutside(range));
    }
  }
  return out;
}
