/**
 * The page of scripts/bench-clinical.ts: builds a synthetic pekon in the browser (deterministic,
 * scripts/bench-clinical-pekon.ts) and times deriveRecord over every record and computeTasks over
 * the scope, with the domain code the PWA and the worker share.
 */
import { getForm } from "../domain/forms/index.ts";
import { loadGrowthTables } from "../domain/growth/load.ts";
import { computeTasks, deriveRecord, todayAndOverdue, type RecordEntity, type RecordLike } from "../domain/rules/index.ts";
import { pekon, TODAY } from "./bench-clinical-pekon.ts";

async function bench() {
  const tables = await loadGrowthTables();
  const t0 = performance.now();
  const { persons, records } = pekon();
  const t1 = performance.now();
  // Every record's derivation, as the phone does on save (with the person's earlier weighings).
  const byPerson = new Map<string, RecordEntity[]>();
  for (const rec of records) (byPerson.get(rec.data.personId) ?? byPerson.set(rec.data.personId, []).get(rec.data.personId)!).push(rec);
  const personOf = new Map(persons.map((p) => [p.id, p]));
  let flags = 0;
  const stored: RecordEntity[] = [];
  for (const [pid, list] of byPerson) {
    list.sort((a, b) => (a.data.visitDate < b.data.visitDate ? -1 : 1));
    const previous: RecordLike[] = [];
    for (const rec of list) {
      const def = getForm(rec.data.formId, rec.data.formVersion)!;
      const d = deriveRecord({ def, answers: rec.data.data, visitDate: rec.data.visitDate, person: personOf.get(pid)!.data, previous }, tables);
      flags += d.flags.length;
      stored.push({ id: rec.id, data: { ...rec.data, derived: d as unknown as Record<string, unknown> } });
      if (rec.data.formId === "balita") previous.push({ id: rec.id, formId: rec.data.formId, formVersion: rec.data.formVersion, visitDate: rec.data.visitDate, data: rec.data.data });
    }
  }
  const t2 = performance.now();
  const tasks = computeTasks({ persons, records: stored, referrals: [] }, TODAY, { growthTables: tables });
  const lists = todayAndOverdue(tasks, TODAY);
  const t3 = performance.now();
  computeTasks({ persons, records, referrals: [] }, TODAY, { growthTables: tables, recompute: "always" });
  const t4 = performance.now();
  return {
    persons: persons.length, records: records.length, tasks: tasks.length, flags, hariIni: lists.hariIni.length, terlambat: lists.terlambat.length,
    generateMs: Math.round(t1 - t0), deriveMs: Math.round(t2 - t1), tasksStoredMs: Math.round(t3 - t2), tasksRecomputeMs: Math.round(t4 - t3),
  };
}

(window as unknown as { simpulBench: typeof bench }).simpulBench = bench;
