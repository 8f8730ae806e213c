/**
 * Valid visit answers for the chaos devices, made from the real form definitions (domain/forms):
 * every visible field gets a value of its type within its range, hidden fields stay empty, the
 * computed fields are filled by `resolveAnswers`, and the result must pass `validateAnswers` (the
 * same check the worker runs); a draw that fails a cross-field check is drawn again.
 */
import { addDays } from "../../domain/rules/dates.ts";
import {
  fields, formContext, isVisible, resolveAnswers, roundTo, validateAnswers, type AnswerValue, type Answers, type Field, type FormDefinition,
} from "../../domain/forms/index.ts";
import type { Rng } from "../seed/prng.ts";

/** Where a field's random value comes from, when not from its whole range. */
export interface FieldHint {
  /** For a number: the range to draw from (inside the field's min–max). */
  range?: [number, number];
  /** For a date with a `range`: days before its reference date to draw from. */
  daysBefore?: [number, number];
  /** For a single or multiple choice: weights per option value (others weigh 0). */
  weights?: Record<string, number>;
  /** Chance an optional field is left empty (default 0.15). */
  emptyChance?: number;
}

/**
 * An ANC visit as a pustu records it: normal values mostly, and blood pressures that cross the
 * 140/90 line often enough that the hypertension flag and its referral come and go under edits.
 */
export const ANC_HINTS: Record<string, FieldHint> = {
  hpht: { daysBefore: [70, 250] },
  bb: { range: [42, 80] },
  tb: { range: [142, 168] },
  lila: { range: [21.5, 30] },
  td_sistolik: { range: [96, 168] },
  td_diastolik: { range: [56, 104] },
  hb: { range: [8, 13.5] },
  tfu: { range: [12, 34] },
  djj: { range: [116, 164] },
  protein_urine: { weights: { negatif: 8, pos1: 1, belum: 1 } },
  status_td: { weights: { t1: 2, t2: 3, t3: 2, t5: 1 } },
  ttd_diberikan: { range: [0, 90] },
  tes_hiv: { weights: { non_reaktif: 20, reaktif: 1, belum: 2 } },
  tes_sifilis: { weights: { non_reaktif: 20, belum: 2 } },
  tes_hepatitis_b: { weights: { non_reaktif: 20, belum: 2 } },
  gravida: { range: [1, 5] },
  para: { range: [0, 3] },
  abortus: { range: [0, 1] },
  // Before the HPHT (which is at most 250 days before the visit) and within 40 years.
  tanggal_persalinan_terakhir: { daysBefore: [400, 3000] },
  pemeriksa: { weights: { bidan: 6, dokter: 2, perawat: 1 } },
  tanda_bahaya: { weights: { tidak_ada: 30, demam: 1, sakit_kepala: 1 } },
  catatan: { emptyChance: 0.3 },
};

const NOTES = ["Kunjungan rutin", "Ibu sehat", "Konseling gizi", "Ibu mengeluh pusing ringan", "Kontrol ulang bulan depan", "TTD diminum teratur"];

function drawNumber(f: Extract<Field, { type: "number" }>, hint: FieldHint | undefined, rng: Rng): number {
  const [lo, hi] = hint?.range ?? [f.min, f.max];
  const min = Math.max(f.min, lo);
  const max = Math.min(f.max, hi);
  return roundTo(min + rng.next() * (max - min), f.decimals);
}

function drawChoice(options: readonly { value: string }[], hint: FieldHint | undefined, rng: Rng): string {
  const weighted = options.map((o) => [o.value, hint?.weights ? (hint.weights[o.value] ?? 0) : 1] as const).filter(([, w]) => w > 0);
  return rng.weighted(weighted.length ? weighted : options.map((o) => [o.value, 1] as const));
}

function drawValue(f: Field, view: Answers, visitDate: string, hint: FieldHint | undefined, rng: Rng): AnswerValue | undefined {
  switch (f.type) {
    case "number":
      return drawNumber(f, hint, rng);
    case "single":
      return drawChoice(f.options, hint, rng);
    case "multi": {
      const first = drawChoice(f.options, hint, rng);
      if (first === f.exclusive) return [first];
      const second = drawChoice(f.options.filter((o) => o.value !== f.exclusive && o.value !== first), undefined, rng);
      return rng.chance(0.3) ? [first, second] : [first];
    }
    case "yesno":
      return rng.chance(0.5);
    case "date": {
      const ref = f.range?.relativeTo === "$visitDate" || !f.range ? visitDate : (view[f.range.relativeTo.replace(/^\$/, "")] as string | undefined) ?? visitDate;
      const [lo, hi] = hint?.daysBefore ?? [f.range?.minDaysBefore ?? 0, Math.min(f.range?.maxDaysBefore ?? 365, 3650)];
      return addDays(ref, -rng.int(lo, hi));
    }
    case "text":
      return rng.pick(NOTES).slice(0, f.maxLength);
    case "computed":
      return undefined;
  }
}

/**
 * Fresh answers for `def` at `visitDate` for `person`: valid, resolved (computed fields filled),
 * exactly what a phone stores and pushes. Throws after 200 draws that all fail validation.
 */
export function randomAnswers(
  def: FormDefinition,
  visitDate: string,
  person: { sex: string; birthDate: string },
  rng: Rng,
  hints: Record<string, FieldHint> = ANC_HINTS,
): Record<string, AnswerValue> {
  const ctx = formContext(visitDate, person);
  for (let attempt = 0; attempt < 200; attempt++) {
    const answers: Answers = {};
    for (const f of fields(def)) {
      if (f.type === "computed") continue;
      const view = resolveAnswers(def, answers, ctx);
      if (!isVisible(f, view, ctx)) continue;
      const hint = hints[f.id];
      if (!f.required && rng.chance(hint?.emptyChance ?? 0.15)) continue;
      const v = drawValue(f, view, visitDate, hint, rng);
      if (v !== undefined) answers[f.id] = v;
    }
    const resolved = resolveAnswers(def, answers, ctx);
    if (validateAnswers(def, resolved, ctx).valid) return resolved;
  }
  throw new Error(`could not draw valid ${def.id}@${def.version} answers`);
}

/**
 * An edit of stored answers: `change` picks new values for some fields (e.g. the blood pressure),
 * the rest stay; the result is resolved again and must be valid, else another draw is tried.
 * Returns null when no valid edit came out (the caller skips the edit).
 */
export function editAnswers(
  def: FormDefinition,
  current: Readonly<Record<string, AnswerValue>>,
  visitDate: string,
  person: { sex: string; birthDate: string },
  rng: Rng,
  change: string[],
  hints: Record<string, FieldHint> = ANC_HINTS,
): Record<string, AnswerValue> | null {
  const ctx = formContext(visitDate, person);
  const byId = new Map(fields(def).map((f) => [f.id, f]));
  for (let attempt = 0; attempt < 50; attempt++) {
    const answers: Answers = { ...current };
    for (const id of change) {
      const f = byId.get(id);
      if (!f || f.type === "computed") continue;
      const view = resolveAnswers(def, answers, ctx);
      if (!isVisible(f, view, ctx)) continue;
      const v = drawValue(f, view, visitDate, hints[id], rng);
      if (v !== undefined) answers[id] = v;
    }
    const resolved = resolveAnswers(def, answers, ctx);
    if (validateAnswers(def, resolved, ctx).valid) return resolved;
  }
  return null;
}

/** The answers a person typed: the stored answers without the computed ones. */
export function typedAnswers(def: FormDefinition, data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const computed = new Set(fields(def).filter((f) => f.type === "computed").map((f) => f.id));
  return Object.fromEntries(Object.entries(data).filter(([k]) => !computed.has(k)));
}
