import { isoDateToDays } from "../growth/age.ts";
import type { AnswerValue, Answers, Condition, Expression, Field, FormContext, FormDefinition, Lang, Ref, Text } from "./types.ts";

/**
 * Evaluation of form definitions: skip logic, computed values, flags and validation. Pure and
 * framework-free: the PWA renders with it and the worker validates pushed records with it.
 */

const DAY_MS = 86_400_000;
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
  if (typeof s !== "string") return null;
  // isoDateToDays checks the length, the dashes and the month and day digits, and gives NaN for
  // a year that is not four digits: together exactly the /^\d{4}-\d{2}-\d{2}$/ test it replaced.
  const d = isoDateToDays(s);
  return d === null || Number.isNaN(d) ? null : d;
}

export function daysToDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** WHO anthro: one month is 365.25 / 12 days (as domain/growth counts age in months). */
export const DAYS_PER_WHO_MONTH = 30.4375;

/**
 * YYYYMMDD as one integer (2026-03-05 → 20260305) of a string already checked by dateToDays:
 * completed years are then one subtraction (the classic (to − from) / 10000 rule), without
 * splitting strings for every condition on the age.
 */
function ymdNumber(s: string): number {
  let n = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** Completed calendar years from birth to a date (the age people say), or null. */
export function completedYears(birthDate: unknown, date: unknown): number | null {
  const b = dateToDays(birthDate);
  const d = dateToDays(date);
  if (b === null || d === null || d < b) return null;
  // Years apart, less one when the date's month-day is before the birthday's: the month-day
  // part of the difference lies in −1231..1231, so the floor does exactly that.
  return Math.floor((ymdNumber(date as string) - ymdNumber(birthDate as string)) / 10000);
}

/** Age facts of a person at the visit date; null where they cannot be known. */
export function ageAt(birthDate: unknown, date: unknown): { days: number; months: number; years: number } | null {
  const b = dateToDays(birthDate);
  const d = dateToDays(date);
  if (b === null || d === null || d < b) return null;
  const days = d - b;
  return { days, months: Math.floor(days / DAYS_PER_WHO_MONTH), years: Math.floor((ymdNumber(date as string) - ymdNumber(birthDate as string)) / 10000) };
}

/**
 * The "$" values of a context, computed once per context (not once per condition that reads
 * them): a full re-derivation of a pekon evaluates about a million conditions. Keys are the
 * references themselves ("$ageYears"); undefined where a value cannot be known.
 */
interface ContextValues {
  readonly [ref: string]: AnswerValue | undefined;
}
const CONTEXT_REFS = ["$visitDate", "$visitMonth", "$sex", "$birthDate", "$ageDays", "$ageMonths", "$ageYears"] as const;
const isContextRef = (ref: string) => (CONTEXT_REFS as readonly string[]).includes(ref);

function contextValuesOf(ctx: FormContext): ContextValues {
  const visitOk = dateToDays(ctx.visitDate) !== null;
  const birthOk = dateToDays(ctx.birthDate) !== null;
  const a = visitOk && birthOk ? ageAt(ctx.birthDate, ctx.visitDate) : null;
  return {
    $visitDate: ctx.visitDate,
    $visitMonth: visitOk ? Number(ctx.visitDate!.slice(5, 7)) : undefined,
    $sex: ctx.sex === "L" || ctx.sex === "P" ? ctx.sex : undefined,
    $birthDate: birthOk ? ctx.birthDate! : undefined,
    $ageDays: a ? a.days : undefined,
    $ageMonths: a ? a.months : undefined,
    $ageYears: a ? a.years : undefined,
  };
}

// The values of the last context seen: deriving a record evaluates one context (one visit, one
// person) several times in a row, and a WeakMap lookup per call cost more than the values. A
// context whose fields were changed in between is recomputed.
let lastContext: FormContext | null = null;
let lastVisitDate: unknown;
let lastBirthDate: unknown;
let lastSex: unknown;
let lastValues: ContextValues = {};

function contextValues(ctx: FormContext): ContextValues {
  if (ctx === lastContext && ctx.visitDate === lastVisitDate && ctx.birthDate === lastBirthDate && ctx.sex === lastSex) return lastValues;
  lastValues = contextValuesOf(ctx);
  lastContext = ctx;
  lastVisitDate = ctx.visitDate;
  lastBirthDate = ctx.birthDate;
  lastSex = ctx.sex;
  return lastValues;
}

/** A field's answer, or a "$" context value (undefined for a "$" name the engine does not know). */
function resolve(ref: string, answers: Answers, cv: ContextValues): AnswerValue | undefined {
  if (ref.charCodeAt(0) !== 36 /* $ */) return answers[ref];
  return isContextRef(ref) ? cv[ref] : undefined;
}

export function isAnswered(v: AnswerValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

// --- Conditions and expressions, compiled once ------------------------------------------------
//
// A condition is data; walking it (which key is present, which op, is the reference a "$" one)
// for every evaluation was most of a re-derivation's time (issue 14). Each condition and
// expression is turned once into a closure that does only the comparison or the arithmetic.
//
// Two kinds of compiled code share one compiler:
// - per condition object (`evaluate`, `isVisible`, `compute`): answers are read from the answers
//   object, remembered in a WeakMap keyed by the condition;
// - per form definition (`resolveAnswers`, `validateAnswers`, `activeFlags`): the form's fields
//   are numbered once and their values held in an array ("slots"), so a record is evaluated
//   without copying, deleting and looking up keys of answer objects. A reference to a name that
//   is not one of the form's fields still reads the answers object, as before.
// Both give the results of the interpreter they replaced, which test/domain/engine-compile.test.ts
// keeps as the reference and compares against.

type Slots = (AnswerValue | undefined)[];
type Getter = (s: Slots, answers: Answers, cv: ContextValues) => AnswerValue | undefined;
type Compiled = (s: Slots, answers: Answers, cv: ContextValues) => boolean;
type CompiledExpr = (s: Slots, answers: Answers, cv: ContextValues) => AnswerValue;
/** How a reference is read: by slot for a field of the form, else from the answers or the context. */
type GetterFor = (ref: Ref) => Getter;

const NO_SLOTS: Slots = [];
const UNDEFINED_GETTER: Getter = () => undefined;

function objectGetter(ref: Ref): Getter {
  if (ref.charCodeAt(0) !== 36 /* $ */) return (_s, answers) => answers[ref];
  return isContextRef(ref) ? (_s, _a, cv) => cv[ref] : UNDEFINED_GETTER;
}

/**
 * In resolveAnswers a field's slot holds its value once the field is reached; before that it
 * holds PENDING and the answer reads as entered.
 */
const PENDING = Symbol("pending") as unknown as AnswerValue;

function slotGetterFor(slotOf: ReadonlyMap<string, number>): GetterFor {
  return (ref) => {
    const k = slotOf.get(ref);
    if (k === undefined) return objectGetter(ref);
    return (s, answers) => {
      const v = s[k];
      return v === PENDING ? answers[ref] : v;
    };
  };
}

function compileCondition(c: Condition, get: GetterFor): Compiled {
  if ("all" in c) {
    const parts = c.all.map((x) => compileCondition(x, get));
    return (s, a, cv) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(s, a, cv)) return false;
      return true;
    };
  }
  if ("any" in c) {
    const parts = c.any.map((x) => compileCondition(x, get));
    return (s, a, cv) => {
      for (let i = 0; i < parts.length; i++) if (parts[i]!(s, a, cv)) return true;
      return false;
    };
  }
  if ("not" in c) {
    const inner = compileCondition(c.not, get);
    return (s, a, cv) => !inner(s, a, cv);
  }
  const leaf = compileLeaf(c, get);
  if (c.ifUnknown === undefined) return leaf;
  // The result when a "$" value the condition reads is not available.
  const ifUnknown = c.ifUnknown;
  const refs = [c.field, "ref" in c ? c.ref : undefined].filter((r): r is string => r !== undefined && r.startsWith("$"));
  if (!refs.length) return leaf;
  const context = refs.map(objectGetter);
  return (s, a, cv) => {
    for (let i = 0; i < context.length; i++) if (context[i]!(s, a, cv) === undefined) return ifUnknown;
    return leaf(s, a, cv);
  };
}

type Leaf = Exclude<Condition, { all: Condition[] } | { any: Condition[] } | { not: Condition }>;

function compileLeaf(c: Leaf, getterOf: GetterFor): Compiled {
  const get = getterOf(c.field);
  if ((c.op === "eq" || c.op === "ne") && "ref" in c) {
    // Equal (or not) to another value; false when either is unanswered.
    const other = getterOf(c.ref);
    const eq = c.op === "eq";
    return (s, a, cv) => {
      const v = get(s, a, cv);
      if (!isAnswered(v)) return false;
      const o = other(s, a, cv);
      if (o === undefined || !isAnswered(o)) return false;
      return eq ? v === o : v !== o;
    };
  }
  switch (c.op) {
    case "answered":
      return (s, a, cv) => isAnswered(get(s, a, cv));
    case "unanswered":
      return (s, a, cv) => !isAnswered(get(s, a, cv));
    case "eq": {
      if (!("value" in c)) return () => false;
      const value = c.value;
      return (s, a, cv) => get(s, a, cv) === value;
    }
    case "ne": {
      if (!("value" in c)) return () => false;
      const value = c.value;
      return (s, a, cv) => {
        const v = get(s, a, cv);
        return isAnswered(v) && v !== value;
      };
    }
    case "in": {
      const values: readonly AnswerValue[] = c.value;
      return (s, a, cv) => {
        const v = get(s, a, cv);
        return typeof v === "string" && values.includes(v);
      };
    }
    case "notIn": {
      const values: readonly AnswerValue[] = c.value;
      return (s, a, cv) => {
        const v = get(s, a, cv);
        return typeof v === "string" && !values.includes(v);
      };
    }
    case "includes": {
      const value = c.value;
      return (s, a, cv) => {
        const v = get(s, a, cv);
        return Array.isArray(v) && v.includes(value);
      };
    }
    case "excludes": {
      const value = c.value;
      return (s, a, cv) => {
        const v = get(s, a, cv);
        return Array.isArray(v) && !v.includes(value);
      };
    }
    default: {
      // An unanswered value satisfies no comparison: a flag never fires on a blank.
      const value = (c as { value?: unknown }).value as AnswerValue | undefined;
      const other: Getter = "ref" in c ? getterOf(c.ref) : () => value;
      const op = c.op;
      return (s, a, cv) => {
        const v = get(s, a, cv);
        const o = other(s, a, cv);
        if (typeof v !== "number" || typeof o !== "number") return false;
        return op === "lt" ? v < o : op === "lte" ? v <= o : op === "gt" ? v > o : v >= o;
      };
    }
  }
}

const compiledCache = new WeakMap<Condition, Compiled>();
function compiledForObject(c: Condition): Compiled {
  let fn = compiledCache.get(c);
  if (!fn) compiledCache.set(c, (fn = compileCondition(c, objectGetter)));
  return fn;
}

export function evaluate(c: Condition, answers: Answers, ctx: FormContext = {}): boolean {
  return compiledForObject(c)(NO_SLOTS, answers, contextValues(ctx));
}

/** Half away from zero, so 23.45 shows as 23.5 on every device; never -0. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
  return r === 0 ? 0 : r;
}

const NUMERIC_TEXT_RE = /^-?\d+(\.\d+)?$/;

/** A number answer, or a single-choice option whose value is a number ("2"). */
function numeric(v: AnswerValue | undefined): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && NUMERIC_TEXT_RE.test(v)) return Number(v);
  return null;
}

/** The numbers of all these references, or null unless every one is a number. */
function numbersOf(gets: readonly Getter[], s: Slots, a: Answers, cv: ContextValues): number[] | null {
  const out: number[] = [];
  for (const g of gets) {
    const n = numeric(g(s, a, cv));
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

function compileExpression(e: Expression, getterOf: GetterFor): CompiledExpr {
  switch (e.fn) {
    case "addDays": {
      const get = getterOf(e.field);
      const days = e.days;
      return (s, a, cv) => {
        const d = dateToDays(get(s, a, cv));
        return d === null ? null : daysToDate(d + days);
      };
    }
    case "bmi": {
      const weight = getterOf(e.weight);
      const height = getterOf(e.height);
      return (s, a, cv) => {
        const w = numeric(weight(s, a, cv));
        const h = numeric(height(s, a, cv));
        if (w === null || h === null || w <= 0 || h <= 0) return null;
        return roundTo(w / ((h / 100) * (h / 100)), 1);
      };
    }
    case "sum": {
      const gets = e.fields.map(getterOf);
      return (s, a, cv) => {
        const ns = numbersOf(gets, s, a, cv);
        return ns === null ? null : roundTo(ns.reduce((x, y) => x + y, 0), 6);
      };
    }
    case "countTrue": {
      const gets = e.fields.map(getterOf);
      return (s, a, cv) => {
        let n = 0;
        for (const g of gets) {
          const v = g(s, a, cv);
          if (typeof v !== "boolean") return null;
          if (v) n++;
        }
        return n;
      };
    }
    case "mean": {
      const gets = e.fields.map(getterOf);
      const decimals = e.decimals;
      return (s, a, cv) => {
        const ns = numbersOf(gets, s, a, cv);
        return ns === null || ns.length === 0 ? null : roundTo(ns.reduce((x, y) => x + y, 0) / ns.length, decimals);
      };
    }
    case "product": {
      const gets = e.fields.map(getterOf);
      const divisor = e.divisor ?? 1;
      const decimals = e.decimals;
      return (s, a, cv) => {
        const ns = numbersOf(gets, s, a, cv);
        return ns === null || ns.length === 0 ? null : roundTo(ns.reduce((x, y) => x * y, 1) / divisor, decimals);
      };
    }
    case "band": {
      const get = getterOf(e.field);
      const bounds = e.bounds;
      return (s, a, cv) => {
        const v = numeric(get(s, a, cv));
        if (v === null || v < 0) return null;
        const i = bounds.findIndex((b) => v < b);
        return i < 0 ? null : i + 1;
      };
    }
    case "puma": {
      const sexOf = getterOf(e.sex);
      const ageOf = getterOf(e.ageYears);
      const packOf = getterOf(e.packYears);
      const items = e.items.map(getterOf);
      const nonSmokerOf = e.nonSmoker ? getterOf(e.nonSmoker.field) : null;
      const nonSmokerValue = e.nonSmoker?.value;
      return (s, a, cv) => {
        const sex = sexOf(s, a, cv);
        const age = numeric(ageOf(s, a, cv));
        // A never-smoker scores 0 on pack-years (Kemenkes PUMA form: "Tidak" → 0), with no pack-years asked.
        const pack = nonSmokerOf !== null && nonSmokerOf(s, a, cv) === nonSmokerValue ? 0 : numeric(packOf(s, a, cv));
        if ((sex !== "L" && sex !== "P") || age === null || pack === null || age < PUMA_MIN_AGE_YEARS) return null;
        let score = sex === "L" ? 1 : 0;
        score += age < PUMA_AGE_BANDS[0] ? 0 : age < PUMA_AGE_BANDS[1] ? 1 : 2;
        score += pack < PUMA_PACK_YEAR_BANDS.one ? 0 : pack <= PUMA_PACK_YEAR_BANDS.twoAbove ? 1 : 2;
        for (const g of items) {
          const v = g(s, a, cv);
          if (typeof v !== "boolean") return null;
          if (v) score++;
        }
        return score;
      };
    }
    case "cases": {
      const cases = e.cases.map((c) => ({ when: compileCondition(c.when, getterOf), expr: compileExpression(c.expr, getterOf) }));
      return (s, a, cv) => {
        for (const c of cases) if (c.when(s, a, cv)) return c.expr(s, a, cv);
        return null;
      };
    }
    default: {
      // weeksBetween, daysBetween
      const fromOf = getterOf(e.from);
      const toOf = getterOf(e.to);
      const inDays = e.fn === "daysBetween";
      return (s, a, cv) => {
        const from = dateToDays(fromOf(s, a, cv));
        const to = dateToDays(toOf(s, a, cv));
        if (from === null || to === null || to < from) return null;
        return inDays ? to - from : Math.floor((to - from) / 7);
      };
    }
  }
}

const compiledExprCache = new WeakMap<Expression, CompiledExpr>();

export function compute(e: Expression, answers: Answers, ctx: FormContext): AnswerValue {
  let fn = compiledExprCache.get(e);
  if (!fn) compiledExprCache.set(e, (fn = compileExpression(e, objectGetter)));
  return fn(NO_SLOTS, answers, contextValues(ctx));
}

/** A form definition compiled once: its fields numbered, their conditions and expressions compiled. */
interface Plan {
  fields: readonly Field[];
  /** The slot of each field (same order as fields; a repeated id shares its slot, as it shares its key in an object). */
  slot: Int32Array;
  slots: number;
  /** For resolveAnswers: reading the slots. */
  showIfView: readonly (Compiled | null)[];
  expr: readonly (CompiledExpr | null)[];
  /** For validateAnswers and activeFlags: reading the answers object. */
  showIf: readonly (Compiled | null)[];
  flags: readonly Compiled[];
  checks: readonly Compiled[];
  /** The answer keys the form accepts: its field ids that are well-formed keys. */
  accepted: ReadonlySet<string>;
}

const planCache = new WeakMap<FormDefinition, Plan>();

function planOf(def: FormDefinition): Plan {
  let plan = planCache.get(def);
  if (plan) return plan;
  const list = fieldList(def);
  const slotOf = new Map<string, number>();
  for (const f of list) if (!slotOf.has(f.id)) slotOf.set(f.id, slotOf.size);
  const viewGetter = slotGetterFor(slotOf);
  plan = {
    fields: list,
    slot: Int32Array.from(list, (f) => slotOf.get(f.id)!),
    slots: slotOf.size,
    showIfView: list.map((f) => (f.showIf ? compileCondition(f.showIf, viewGetter) : null)),
    expr: list.map((f) => (f.type === "computed" ? compileExpression(f.expr, viewGetter) : null)),
    showIf: list.map((f) => (f.showIf ? compileCondition(f.showIf, objectGetter) : null)),
    flags: (def.flags ?? []).map((fl) => compileCondition(fl.when, objectGetter)),
    checks: (def.checks ?? []).map((c) => compileCondition(c.when, objectGetter)),
    accepted: new Set([...slotOf.keys()].filter((id) => ANSWER_KEY_RE.test(id))),
  };
  planCache.set(def, plan);
  return plan;
}

/**
 * The answers with computed fields filled in (in definition order, so a computed field may use
 * an earlier one) and hidden fields removed: what a record stores.
 */
export function resolveAnswers(def: FormDefinition, input: Answers, ctx: FormContext = {}): Record<string, AnswerValue> {
  const plan = planOf(def);
  const cv = contextValues(ctx);
  // The slots are what later skip logic sees: hidden answers dropped, computed values filled in;
  // a field not yet reached reads as entered.
  const view: Slots = new Array(plan.slots).fill(PENDING);
  const out: Record<string, AnswerValue> = {};
  const { fields: list, slot, showIfView, expr } = plan;
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    const visible = showIfView[i];
    if (visible && !visible(view, input, cv)) {
      view[slot[i]!] = undefined;
      continue;
    }
    const e = expr[i];
    let v = e ? e(view, input, cv) : input[f.id];
    if (typeof v === "string" && f.type === "text") v = v.trim();
    view[slot[i]!] = v;
    if (v !== undefined && isAnswered(v)) out[f.id] = v;
  }
  return out;
}

export function isVisible(f: Field, answers: Answers, ctx: FormContext = {}): boolean {
  return !f.showIf || compiledForObject(f.showIf)(NO_SLOTS, answers, contextValues(ctx));
}

export function activeFlags(def: FormDefinition, answers: Answers, ctx: FormContext = {}) {
  const flags = def.flags;
  if (!flags || !flags.length) return [];
  const plan = planOf(def);
  const cv = contextValues(ctx);
  return flags.filter((_fl, i) => plan.flags[i]!(NO_SLOTS, answers, cv));
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
  // A whole number below 1e21 prints without a point or exponent: none (as String() would say, more slowly).
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return 0;
  const s = String(n);
  if (s.includes("e-")) return Number(s.split("e-")[1]);
  return s.includes(".") ? s.split(".")[1]!.length : 0;
}

function checkField(f: Field, v: AnswerValue | undefined, cv: ContextValues, answers: Answers): Text | null {
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
        const ref = dateToDays(resolve(f.range.relativeTo, answers, cv));
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
  const plan = planOf(def);
  const cv = contextValues(ctx);
  const errors: Record<string, Text> = {};
  const unknown = Object.keys(answers).filter((k) => answers[k] !== undefined && !plan.accepted.has(k));
  if (unknown.length) errors[FORM_ERROR_KEY] = M.unknown(unknown);
  const { fields: list, showIf } = plan;
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    const v = answers[f.id];
    const visible = showIf[i];
    if (visible && !visible(NO_SLOTS, answers, cv)) {
      if (isAnswered(v) && f.type !== "computed") errors[f.id] = M.hidden;
      continue;
    }
    const e = checkField(f, v, cv, answers);
    if (e) errors[f.id] = e;
  }
  const checks = def.checks ?? [];
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i]!;
    if (!errors[c.field] && plan.checks[i]!(NO_SLOTS, answers, cv)) errors[c.field] = c.message;
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
      // The range text is built only for the message.
      if (!ageFits(def.appliesTo, age)) {
        const range = ageRangeText(def.appliesTo);
        if (range) out.push(P.ageOutside(range));
      }
    }
  }
  return out;
}
