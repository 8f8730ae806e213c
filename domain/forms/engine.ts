import type { AnswerValue, Answers, Condition, Expression, Field, FormContext, FormDefinition, Lang, Text } from "./types.ts";

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

export function fields(def: FormDefinition): Field[] {
  return def.sections.flatMap((s) => s.fields);
}

export function fieldById(def: FormDefinition, id: string): Field | undefined {
  return fields(def).find((f) => f.id === id);
}

/** Days since 1970-01-01 for a YYYY-MM-DD that is a real calendar date, else null. */
export function dateToDays(s: unknown): number | null {
  if (typeof s !== "string" || !ISO_DATE_RE.test(s)) return null;
  const t = Date.parse(s + "T00:00:00Z");
  if (Number.isNaN(t) || !new Date(t).toISOString().startsWith(s)) return null;
  return Math.round(t / DAY_MS);
}

export function daysToDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

function resolve(ref: string, answers: Answers, ctx: FormContext): AnswerValue | undefined {
  if (ref.startsWith("$")) return ref === "$visitDate" ? ctx.visitDate : undefined;
  return answers[ref];
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
  const v = resolve(c.field, answers, ctx);
  switch (c.op) {
    case "answered":
      return isAnswered(v);
    case "unanswered":
      return !isAnswered(v);
    case "eq":
      return v === c.value;
    case "ne":
      return isAnswered(v) && v !== c.value;
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

export function compute(e: Expression, answers: Answers, ctx: FormContext): AnswerValue {
  if (e.fn === "addDays") {
    const d = dateToDays(resolve(e.field, answers, ctx));
    return d === null ? null : daysToDate(d + e.days);
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
  for (const f of fields(def)) {
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
      return v.length > Math.min(f.maxLength, MAX_TEXT) ? M.tooLong(Math.min(f.maxLength, MAX_TEXT)) : null;
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
  const all = fields(def);
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
  return { valid: Object.keys(errors).length === 0, errors };
}
