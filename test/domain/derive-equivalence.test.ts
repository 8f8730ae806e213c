/**
 * Issue 14: deriving a pekon is about twice as fast (compiled form conditions, ages computed once
 * per record, 2T from the last two statuses instead of the whole history at every weighing). On
 * the bench's synthetic pekon (scripts/bench-clinical-pekon.ts, fewer persons), every record's
 * derivation must equal the straightforward computation: the form engine's interpreter as it was
 * (engine-reference.ts) for answers, values and form flags, and N/T and 2T over the whole
 * weighing history; and the tasks from a full re-derivation equal those from the stored ones.
 */
import { describe, expect, it } from "vitest";
import { getForm, validateAnswers, FORM_ERROR_KEY, formContext, type AnswerValue } from "../../domain/forms/index.ts";
import { loadGrowthTables } from "../../domain/growth/load.ts";
import { is2T, weightGainStatus, type NTStatus } from "../../domain/growth/weight-gain.ts";
import { computeTasks, deriveRecord, type RecordEntity, type RecordLike } from "../../domain/rules/index.ts";
import { pekon, TODAY } from "../../scripts/bench-clinical-pekon.ts";
import { refAgeAt, refEvaluate, refResolveAnswers } from "./engine-reference.ts";

const PERSONS = 400;

/** N/T of every weighing against the one before it, and 2T, the long way. */
function referenceNt(history: readonly RecordLike[], current: RecordLike, birthDate: string): { nt: NTStatus | null; twoT: boolean } {
  const byDay = new Map<string, { date: string; kg: number }>();
  for (const r of [...history].filter((h) => h.visitDate < current.visitDate).sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : (a.id ?? "") < (b.id ?? "") ? -1 : 1))) {
    if (typeof r.data.bb === "number") byDay.set(r.visitDate, { date: r.visitDate, kg: r.data.bb });
  }
  const weighings = [...byDay.values(), { date: current.visitDate, kg: current.data.bb as number }];
  const status = (i: number): NTStatus | null => {
    const age = refAgeAt(birthDate, weighings[i]!.date);
    if (!age) return null;
    try {
      return weightGainStatus(weighings[i - 1]?.kg, weighings[i - 1]?.date, weighings[i]!.kg, weighings[i]!.date, age.days / 30.4375);
    } catch {
      return null;
    }
  };
  const all = weighings.map((_, i) => status(i));
  const nt = all[all.length - 1]!;
  return { nt, twoT: nt !== null && is2T(all.filter((s): s is NTStatus => s !== null)) };
}

describe("a pekon's fast derivation = the straightforward one", async () => {
  const tables = await loadGrowthTables();
  const { persons, records } = pekon(PERSONS);
  const personOf = new Map(persons.map((p) => [p.id, p]));
  const byPerson = new Map<string, RecordEntity[]>();
  for (const r of records) (byPerson.get(r.data.personId) ?? byPerson.set(r.data.personId, []).get(r.data.personId)!).push(r);

  it("every record: answers, computed values, form flags, N/T and 2T", () => {
    let balita = 0;
    let twoT = 0;
    let flags = 0;
    // Differences are collected and compared once (an expect per field is slower than the derivation).
    const diffs: string[] = [];
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${what}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    };
    for (const [pid, list] of byPerson) {
      const person = personOf.get(pid)!.data;
      list.sort((a, b) => (a.data.visitDate < b.data.visitDate ? -1 : 1));
      const previous: RecordLike[] = [];
      for (const r of list) {
        const def = getForm(r.data.formId, r.data.formVersion)!;
        const cur: RecordLike = { id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data };
        const d = deriveRecord({ def, answers: r.data.data, visitDate: r.data.visitDate, person, previous }, tables);

        // The answers as the interpreter resolved them, invalid ones dropped and recomputed.
        const ctx = formContext(r.data.visitDate, person);
        const resolved = refResolveAnswers(def, r.data.data, ctx);
        const check = validateAnswers(def, resolved, ctx);
        const clean: Record<string, AnswerValue> = { ...resolved };
        for (const k of Object.keys(check.errors)) if (k !== FORM_ERROR_KEY) delete clean[k];
        const answers = check.valid ? resolved : refResolveAnswers(def, clean, ctx);
        const formFlags = new Set((def.flags ?? []).map((f) => `${def.id}.${f.id}`));
        same(`${r.id} flags`, d.flags.filter((f) => formFlags.has(f.id)).map((f) => f.id), (def.flags ?? []).filter((f) => refEvaluate(f.when, answers, ctx)).map((f) => `${def.id}.${f.id}`));
        for (const f of def.sections.flatMap((s) => s.fields)) if (f.type === "computed") same(`${r.id} ${f.id}`, d.values?.[f.id], answers[f.id] ?? null);
        flags += d.flags.length;

        if (r.data.formId === "balita") {
          balita++;
          const ref = referenceNt(previous, cur, person.birthDate);
          same(`${r.id} N/T`, d.growth?.nt ?? null, ref.nt);
          same(`${r.id} 2T`, d.growth?.twoT, ref.twoT);
          if (ref.twoT) twoT++;
          previous.push(cur);
        }
      }
    }
    expect(diffs.slice(0, 10)).toEqual([]);
    // The pekon exercises what is compared (so the comparison can fail).
    expect(balita).toBeGreaterThan(300);
    expect(twoT).toBeGreaterThan(5);
    expect(flags).toBeGreaterThan(500);
  }, 60_000);

  it("the tasks of a full re-derivation equal the tasks from derivations stored one record at a time", () => {
    const stored: RecordEntity[] = [];
    for (const [pid, list] of byPerson) {
      const previous: RecordLike[] = [];
      for (const r of [...list].sort((a, b) => (a.data.visitDate < b.data.visitDate ? -1 : 1))) {
        const d = deriveRecord({ def: getForm(r.data.formId, r.data.formVersion)!, answers: r.data.data, visitDate: r.data.visitDate, person: personOf.get(pid)!.data, previous }, tables);
        stored.push({ id: r.id, data: { ...r.data, derived: d as unknown as Record<string, unknown> } });
        if (r.data.formId === "balita") previous.push({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data });
      }
    }
    const fromStored = computeTasks({ persons, records: stored, referrals: [] }, TODAY, { growthTables: tables });
    const recomputed = computeTasks({ persons, records, referrals: [] }, TODAY, { growthTables: tables, recompute: "always" });
    expect(recomputed.length).toBeGreaterThan(300);
    expect(recomputed).toEqual(fromStored);
  }, 60_000);
});
