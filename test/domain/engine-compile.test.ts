/**
 * Issue 14: the form engine compiles each condition and expression once (domain/forms/engine.ts)
 * instead of walking the definition at every evaluation. These properties check that it gives
 * exactly what the straightforward interpreter gave (test/domain/engine-reference.ts), for every
 * published form, on random answers (blank, wrong-typed, out of range and valid ones) and random
 * person contexts (missing, invalid or valid birth dates and sexes).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  activeFlags, ageAt, completedYears, compute, dateToDays, evaluate, fields, FORMS, isVisible, resolveAnswers, validateAnswers,
  type AnswerValue, type Answers, type Condition, type Expression, type Field, type FormContext, type FormDefinition,
} from "../../domain/forms/index.ts";
import { refAgeAt, refCompletedYears, refCompute, refDateToDays, refDecimalsOf, refEvaluate, refIsAnswered, refResolveAnswers } from "./engine-reference.ts";

const SEED = Number(process.env.ENGINE_PROPERTY_SEED ?? 14);
const RUNS = Number(process.env.ENGINE_PROPERTY_RUNS ?? 200);

const DAY = 86_400_000;
const isoOf = (days: number) => new Date(days * DAY).toISOString().slice(0, 10);
const VISIT_FROM = Date.UTC(2024, 0, 1) / DAY;

/** Dates that parse, dates that do not, and things that are not dates. */
const dateLike = (around: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: around - 400, max: around + 30 }).map(isoOf) },
    { weight: 1, arbitrary: fc.constantFrom("2024-02-30", "2023-02-29", "2024-13-01", "20x4-01-01", "2024-1-01", "2024-01-01 ", "", "2024/01/01") },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 20240101) },
  );

function valueFor(f: Field, visitDays: number): fc.Arbitrary<AnswerValue | undefined> {
  const blank = fc.constantFrom<AnswerValue | undefined>(undefined, null, "", "  ", []);
  const wrong = fc.oneof(fc.string({ maxLength: 6 }), fc.boolean(), fc.double({ noNaN: false }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }));
  let typed: fc.Arbitrary<AnswerValue | undefined>;
  switch (f.type) {
    case "number": {
      const span = f.max - f.min;
      typed = fc.oneof(
        fc.integer({ min: Math.floor(f.min), max: Math.ceil(f.max) }),
        fc.double({ min: f.min - span * 0.2, max: f.max + span * 0.2, noNaN: true }).map((x) => Math.round(x * 100) / 100),
        fc.double({ min: f.min, max: f.max, noNaN: true }),
      );
      break;
    }
    case "single":
      typed = fc.oneof(fc.constantFrom(...f.options.map((o) => o.value)), fc.constantFrom(" " + f.options[0]!.value, "bukan_pilihan"));
      break;
    case "multi":
      typed = fc.subarray(f.options.map((o) => o.value));
      break;
    case "yesno":
      typed = fc.boolean();
      break;
    case "date":
      typed = dateLike(visitDays) as fc.Arbitrary<AnswerValue | undefined>;
      break;
    case "text":
      typed = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("  ruang  ", "07:30", "7:3"));
      break;
    case "computed":
      typed = fc.oneof(fc.integer({ min: -5, max: 80 }), dateLike(visitDays) as fc.Arbitrary<AnswerValue | undefined>);
      break;
  }
  return fc.oneof({ weight: 3, arbitrary: typed }, { weight: 2, arbitrary: blank }, { weight: 1, arbitrary: wrong });
}

interface Case {
  answers: Answers;
  ctx: FormContext;
}

function caseFor(def: FormDefinition): fc.Arbitrary<Case> {
  return fc.integer({ min: VISIT_FROM, max: VISIT_FROM + 1000 }).chain((visitDays) => {
    const answers = fc.record(Object.fromEntries(fields(def).map((f) => [f.id, valueFor(f, visitDays)])), { requiredKeys: [] }) as fc.Arbitrary<Answers>;
    const extra = fc.dictionary(fc.constantFrom("bukan_isian", "$ageYears", "x y"), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxKeys: 2 });
    const ctx = fc.record({
      visitDate: fc.oneof({ weight: 8, arbitrary: fc.constant(isoOf(visitDays)) }, { weight: 1, arbitrary: fc.constantFrom(undefined, "2024-02-30") }),
      // From newborn to 90 years, around birthdays (completed years and months change there), or unusable.
      birthDate: fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: visitDays - 33_000, max: visitDays + 5 }).map(isoOf) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 90 }).map((y) => isoOf(visitDays).replace(/^\d{4}/, (s) => String(Number(s) - y).padStart(4, "0"))) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, null, "", "2001-02-29") },
      ),
      sex: fc.constantFrom("L" as const, "P" as const, null, undefined),
    }, { requiredKeys: [] }) as fc.Arbitrary<FormContext>;
    return fc.record({ answers: fc.tuple(answers, extra).map(([a, x]) => ({ ...x, ...a })), ctx });
  });
}

/** Every condition of a definition (skip logic, checks, flags) and its computed expressions. */
function conditionsOf(def: FormDefinition): Condition[] {
  const out: Condition[] = [];
  const walk = (c: Condition) => {
    out.push(c);
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else if ("not" in c) walk(c.not);
  };
  for (const f of fields(def)) if (f.showIf) walk(f.showIf);
  for (const c of def.checks ?? []) walk(c.when);
  for (const fl of def.flags ?? []) walk(fl.when);
  return out;
}
const expressionsOf = (def: FormDefinition): Expression[] => fields(def).flatMap((f) => (f.type === "computed" ? [f.expr] : []));

describe("compiled form engine = the interpreter it replaced", () => {
  for (const def of Object.values(FORMS)) {
    it(`${def.id}@${def.version}: conditions, computed values, resolved answers, flags, visibility`, () => {
      const conditions = conditionsOf(def);
      const exprs = expressionsOf(def);
      fc.assert(
        fc.property(caseFor(def), ({ answers, ctx }) => {
          for (const c of conditions) expect(evaluate(c, answers, ctx), JSON.stringify(c)).toBe(refEvaluate(c, answers, ctx));
          for (const e of exprs) expect(compute(e, answers, ctx), JSON.stringify(e)).toEqual(refCompute(e, answers, ctx));
          const resolved = resolveAnswers(def, answers, ctx);
          const ref = refResolveAnswers(def, answers, ctx);
          expect(resolved).toEqual(ref);
          // Same keys in the same order (a record stores this object).
          expect(Object.keys(resolved)).toEqual(Object.keys(ref));
          for (const input of [answers, resolved]) {
            expect(activeFlags(def, input, ctx).map((f) => f.id)).toEqual((def.flags ?? []).filter((f) => refEvaluate(f.when, input, ctx)).map((f) => f.id));
            for (const f of fields(def)) expect(isVisible(f, input, ctx)).toBe(!f.showIf || refEvaluate(f.showIf, input, ctx));
          }
          // Validation: hidden answers and cross-field checks follow the interpreter's visibility.
          const errors = validateAnswers(def, resolved, ctx).errors;
          for (const f of fields(def)) {
            const hidden = !!f.showIf && !refEvaluate(f.showIf, resolved, ctx);
            if (hidden && f.type !== "computed" && refIsAnswered(resolved[f.id])) expect(errors[f.id]?.en, f.id).toBe("Does not apply given the other answers");
            if (hidden && !refIsAnswered(resolved[f.id])) expect(errors[f.id], f.id).toBeUndefined();
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }, 60_000);
  }

  // The published forms use only some ops and no forward references, so random conditions on a
  // made-up form cover the rest: every op, "ref" comparisons, ifUnknown, "$" values (known and
  // not), names that are not fields, and skip logic on fields further down the form.
  it("random conditions on a made-up form (every op, forward references, unknown names)", () => {
    const refs = ["n", "s", "m", "t", "d", "y", "k", "zz", "$ageYears", "$ageMonths", "$ageDays", "$sex", "$visitMonth", "$birthDate", "$visitDate", "$nope"];
    const scalar = fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom("a", "b", "", " ", "L", "P"), fc.boolean());
    const leaf: fc.Arbitrary<Condition> = fc.record({
      field: fc.constantFrom(...refs),
      op: fc.constantFrom("eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn", "includes", "excludes", "answered", "unanswered"),
      value: scalar,
      list: fc.array(fc.constantFrom("a", "b", "", "L"), { maxLength: 3 }),
      ref: fc.option(fc.constantFrom(...refs), { nil: undefined }),
      ifUnknown: fc.option(fc.boolean(), { nil: undefined }),
    }).map(({ field, op, value, list, ref, ifUnknown }) => {
      const base: Record<string, unknown> = { field, op };
      if (op === "in" || op === "notIn") base.value = list;
      else if (op === "includes" || op === "excludes") base.value = String(value);
      else if (op !== "answered" && op !== "unanswered") {
        if (ref !== undefined && (op === "eq" || op === "ne" || op === "lt" || op === "lte" || op === "gt" || op === "gte")) base.ref = ref;
        else base.value = op === "eq" || op === "ne" ? value : typeof value === "number" ? value : 3;
      }
      if (ifUnknown !== undefined) base.ifUnknown = ifUnknown;
      return base as unknown as Condition;
    });
    const condition = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("c"), { maxLength: 3 }).map((all) => ({ all })),
        fc.array(tie("c"), { maxLength: 3 }).map((any) => ({ any })),
        tie("c").map((not) => ({ not })),
      ),
    })).c;
    const form = fc.tuple(fc.array(fc.option(condition, { nil: undefined }), { minLength: 7, maxLength: 7 }), fc.array(condition, { maxLength: 4 })).map(([showIfs, flagConds]): FormDefinition => {
      const [n, s, m, t, d, y, k] = showIfs;
      const opt = (c: Condition | undefined) => (c ? { showIf: c } : {});
      const label = { id: "x", en: "x" };
      const options = ["a", "b", "L"].map((value) => ({ value, label }));
      return {
        id: "uji", version: 1, title: label, cluster: 2,
        sections: [{ id: "s", title: label, fields: [
          { id: "n", type: "number", label, unit: "kg", min: 0, max: 99, decimals: 1, ...opt(n) },
          { id: "s", type: "single", label, options, ...opt(s) },
          { id: "m", type: "multi", label, options, ...opt(m) },
          { id: "t", type: "text", label, maxLength: 20, ...opt(t) },
          { id: "d", type: "date", label, ...opt(d) },
          { id: "y", type: "yesno", label, ...opt(y) },
          { id: "k", type: "computed", label, expr: { fn: "sum", fields: ["n", "k"] }, display: { kind: "number", unit: "" }, ...opt(k) },
        ] }],
        flags: flagConds.map((when, i) => ({ id: `f${i}`, when, severity: "risk", label })),
      } as unknown as FormDefinition;
    });
    const answers = fc.record({
      n: fc.oneof(fc.integer({ min: -1, max: 80 }), fc.constantFrom("4", "", null)),
      s: fc.constantFrom("a", "b", "L", "", " a", null, 3),
      m: fc.oneof(fc.subarray(["a", "b", "L"]), fc.constantFrom("a", null)),
      t: fc.constantFrom("a", " a ", "", "  ", "L", 5),
      d: fc.constantFrom("2025-01-01", "2025-02-30", "", null),
      y: fc.oneof(fc.boolean(), fc.constantFrom("ya", null)),
      k: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant("2025-01-01")),
      zz: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom("a", "")),
    }, { requiredKeys: [] }) as fc.Arbitrary<Answers>;
    const ctx = fc.record({
      visitDate: fc.constantFrom("2025-06-15", "2025-02-30", undefined),
      birthDate: fc.constantFrom("2025-06-16", "2024-06-15", "1990-06-16", "1990-06-15", "2021-02-28", null, undefined, "x"),
      sex: fc.constantFrom("L" as const, "P" as const, null, undefined),
    }, { requiredKeys: [] }) as fc.Arbitrary<FormContext>;
    fc.assert(
      fc.property(form, answers, ctx, (def, a, c) => {
        for (const cond of conditionsOf(def)) expect(evaluate(cond, a, c), JSON.stringify(cond)).toBe(refEvaluate(cond, a, c));
        const resolved = resolveAnswers(def, a, c);
        expect(resolved).toEqual(refResolveAnswers(def, a, c));
        expect(Object.keys(resolved)).toEqual(Object.keys(refResolveAnswers(def, a, c)));
        for (const input of [a, resolved]) {
          expect(activeFlags(def, input, c).map((f) => f.id)).toEqual((def.flags ?? []).filter((f) => refEvaluate(f.when, input, c)).map((f) => f.id));
        }
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  }, 60_000);

  it("a context changed in place between evaluations is read afresh", () => {
    const c: Condition = { field: "$ageYears", op: "gte", value: 18 };
    const ctx: FormContext = { visitDate: "2026-06-01", birthDate: "2010-06-02" };
    expect(evaluate(c, {}, ctx)).toBe(false);
    ctx.birthDate = "2008-06-01";
    expect(evaluate(c, {}, ctx)).toBe(true);
  });
});

describe("dates and ages = the Date.parse and string-splitting versions", () => {
  const text = fc.oneof(
    fc.integer({ min: -800_000, max: 2_900_000 }).map(isoOf),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    fc.stringMatching(/^[0-9x+ -]{8,11}$/),
  );
  it("dateToDays", () => {
    fc.assert(fc.property(text, (s) => {
      expect(dateToDays(s)).toBe(refDateToDays(s));
    }), { seed: SEED, numRuns: 5000 });
  });
  it("completedYears and ageAt, including 29 February birthdays", () => {
    const leapBirth = fc.integer({ min: 0, max: 400 }).map((k) => `${String(1600 + k * 4).padStart(4, "0")}-02-29`);
    fc.assert(
      fc.property(fc.oneof(text, leapBirth), text, (b, d) => {
        expect(completedYears(b, d)).toBe(refCompletedYears(b, d));
        expect(ageAt(b, d)).toEqual(refAgeAt(b, d));
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });
  it("the decimals check gives the printed number's decimals", () => {
    const def = FORMS["balita@1"]!;
    const bb = fields(def).find((f) => f.id === "bb")!;
    if (bb.type !== "number") throw new Error("balita bb is a number field");
    fc.assert(
      fc.property(fc.double({ min: bb.min, max: bb.max, noNaN: true }), (kg) => {
        const err = validateAnswers(def, { bb: kg }).errors.bb;
        expect(err !== undefined).toBe(refDecimalsOf(kg) > bb.decimals);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
