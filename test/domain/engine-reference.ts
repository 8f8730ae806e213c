/**
 * The form engine's straightforward interpreter, as it was before conditions and expressions were
 * compiled (issue 14; domain/forms/engine.ts at commit 8d7bd1f): it walks a condition object at
 * every evaluation and copies and deletes answer keys. Kept here, unchanged in meaning, as the
 * reference the compiled engine must agree with (test/domain/engine-compile.test.ts,
 * test/domain/derive-equivalence.test.ts). Not used by the app.
 */
import type { AnswerValue, Answers, Condition, Expression, FormContext, FormDefinition, Ref } from "../../domain/forms/types.ts";

const DAY_MS = 86_400_000;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function refDateToDays(s: unknown): number | null {
  if (typeof s !== "string" || !ISO_DATE_RE.test(s)) return null;
  const t = Date.parse(s + "T00:00:00Z");
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s) return null;
  return Math.round(t / DAY_MS);
}

const refDaysToDate = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

export function refCompletedYears(birthDate: unknown, date: unknown): number | null {
  const b = refDateToDays(birthDate);
  const d = refDateToDays(date);
  if (b === null || d === null || d < b) return null;
  const [by, bm, bd] = (birthDate as string).split("-").map(Number) as [number, number, number];
  const [dy, dm, dd] = (date as string).split("-").map(Number) as [number, number, number];
  return dy - by - (dm < bm || (dm === bm && dd < bd) ? 1 : 0);
}

export function refAgeAt(birthDate: unknown, date: unknown): { days: number; months: number; years: number } | null {
  const b = refDateToDays(birthDate);
  const d = refDateToDays(date);
  if (b === null || d === null || d < b) return null;
  const days = d - b;
  return { days, months: Math.floor(days / 30.4375), years: refCompletedYears(birthDate, date)! };
}

function contextValue(ref: string, ctx: FormContext): AnswerValue | undefined {
  switch (ref) {
    case "$visitDate":
      return ctx.visitDate;
    case "$visitMonth":
      return refDateToDays(ctx.visitDate) === null ? undefined : Number(ctx.visitDate!.slice(5, 7));
    case "$sex":
      return ctx.sex === "L" || ctx.sex === "P" ? ctx.sex : undefined;
    case "$birthDate":
      return refDateToDays(ctx.birthDate) === null ? undefined : ctx.birthDate!;
    case "$ageDays":
    case "$ageMonths":
    case "$ageYears": {
      const a = refAgeAt(ctx.birthDate, ctx.visitDate);
      if (!a) return undefined;
      return ref === "$ageDays" ? a.days : ref === "$ageMonths" ? a.months : a.years;
    }
    default:
      return undefined;
  }
}

function resolve(ref: string, answers: Answers, ctx: FormContext): AnswerValue | undefined {
  return ref.startsWith("$") ? contextValue(ref, ctx) : answers[ref];
}

const unknownContext = (ref: string | undefined, answers: Answers, ctx: FormContext) =>
  ref !== undefined && ref.startsWith("$") && resolve(ref, answers, ctx) === undefined;

export function refIsAnswered(v: AnswerValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export function refEvaluate(c: Condition, answers: Answers, ctx: FormContext = {}): boolean {
  if ("all" in c) return c.all.every((x) => refEvaluate(x, answers, ctx));
  if ("any" in c) return c.any.some((x) => refEvaluate(x, answers, ctx));
  if ("not" in c) return !refEvaluate(c.not, answers, ctx);
  if (c.ifUnknown !== undefined && (unknownContext(c.field, answers, ctx) || unknownContext("ref" in c ? c.ref : undefined, answers, ctx))) {
    return c.ifUnknown;
  }
  const v = resolve(c.field, answers, ctx);
  if ((c.op === "eq" || c.op === "ne") && "ref" in c) {
    const other = resolve(c.ref, answers, ctx);
    if (!refIsAnswered(v) || other === undefined || !refIsAnswered(other)) return false;
    return c.op === "eq" ? v === other : v !== other;
  }
  switch (c.op) {
    case "answered":
      return refIsAnswered(v);
    case "unanswered":
      return !refIsAnswered(v);
    case "eq":
      return "value" in c && v === c.value;
    case "ne":
      return "value" in c && refIsAnswered(v) && v !== c.value;
    case "in":
      return typeof v === "string" && c.value.includes(v);
    case "notIn":
      return typeof v === "string" && !c.value.includes(v);
    case "includes":
      return Array.isArray(v) && v.includes(c.value);
    case "excludes":
      return Array.isArray(v) && !v.includes(c.value);
    default: {
      const other = "ref" in c ? resolve(c.ref, answers, ctx) : c.value;
      if (typeof v !== "number" || typeof other !== "number") return false;
      if (c.op === "lt") return v < other;
      if (c.op === "lte") return v <= other;
      if (c.op === "gt") return v > other;
      return v >= other;
    }
  }
}

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
  return r === 0 ? 0 : r;
}

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

function pumaScore(e: Extract<Expression, { fn: "puma" }>, answers: Answers, ctx: FormContext): number | null {
  const sex = resolve(e.sex, answers, ctx);
  const age = numeric(resolve(e.ageYears, answers, ctx));
  const pack = e.nonSmoker && resolve(e.nonSmoker.field, answers, ctx) === e.nonSmoker.value ? 0 : numeric(resolve(e.packYears, answers, ctx));
  if ((sex !== "L" && sex !== "P") || age === null || pack === null || age < 40) return null;
  let score = sex === "L" ? 1 : 0;
  score += age < 50 ? 0 : age < 60 ? 1 : 2;
  score += pack < 20 ? 0 : pack <= 30 ? 1 : 2;
  for (const r of e.items) {
    const v = resolve(r, answers, ctx);
    if (typeof v !== "boolean") return null;
    if (v) score++;
  }
  return score;
}

export function refCompute(e: Expression, answers: Answers, ctx: FormContext): AnswerValue {
  if (e.fn === "addDays") {
    const d = refDateToDays(resolve(e.field, answers, ctx));
    return d === null ? null : refDaysToDate(d + e.days);
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
    case "cases": {
      for (const c of e.cases) if (refEvaluate(c.when, answers, ctx)) return refCompute(c.expr, answers, ctx);
      return null;
    }
    default:
      break;
  }
  const from = refDateToDays(resolve(e.from, answers, ctx));
  const to = refDateToDays(resolve(e.to, answers, ctx));
  if (from === null || to === null || to < from) return null;
  return e.fn === "daysBetween" ? to - from : Math.floor((to - from) / 7);
}

export function refResolveAnswers(def: FormDefinition, input: Answers, ctx: FormContext = {}): Record<string, AnswerValue> {
  const view: Answers = { ...input };
  const out: Record<string, AnswerValue> = {};
  for (const f of def.sections.flatMap((s) => s.fields)) {
    if (f.showIf && !refEvaluate(f.showIf, view, ctx)) {
      delete view[f.id];
      continue;
    }
    let v = f.type === "computed" ? refCompute(f.expr, view, ctx) : input[f.id];
    if (typeof v === "string" && f.type === "text") v = v.trim();
    view[f.id] = v;
    if (v !== undefined && refIsAnswered(v)) out[f.id] = v;
  }
  return out;
}

/** The decimals check as it was: by the printed number. */
export function refDecimalsOf(n: number): number {
  const s = String(n);
  if (s.includes("e-")) return Number(s.split("e-")[1]);
  return s.includes(".") ? s.split(".")[1]!.length : 0;
}
