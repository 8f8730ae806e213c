import { describe, expect, it } from "vitest";
// Every definition in the registry, as in the worker: computeTasks derives the records below (derived: null) from it (issue 15).
import "../../domain/forms/index.ts";
import { computeTasks, type PersonEntity, type Task } from "../../domain/rules/tasks.ts";
import type { RecordEntity } from "../../domain/rules/referrals.ts";
import { loadGrowthTables } from "../../domain/growth/index.ts";
import { ANC_V2_VALID, uid } from "../domain/ilp-fixtures.ts";

// The catalogue reads the language from localStorage at import; node has none: Bahasa Indonesia.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };
const { loadLang, setLang } = await import("../../web/src/i18n/index.ts");
// English is a lazy chunk in the app (issue 14); load it once so setLang("en") switches at once.
await loadLang("en");
const { taskSentence } = await import("../../web/src/util/task-words.ts");

const TODAY = "2026-03-20";
const HH = uid(900);
const person = (n: number, data: Partial<PersonEntity["data"]>): PersonEntity => ({ id: uid(n), data: { householdId: HH, sex: "P", birthDate: "1990-01-01", pregnant: false, ...data } });
const rec = (n: number, personId: string, formId: string, visitDate: string, data: Record<string, unknown>, formVersion = 1): RecordEntity =>
  ({ id: uid(2000 + n), data: { personId, formId, formVersion, visitDate, data: data as RecordEntity["data"]["data"], derived: null } });

/** Issue 12: a task is said as a sentence a bidan would say, from its code and parameters, never "Aturan: …". */
describe("tasks as sentences", async () => {
  const tables = await loadGrowthTables();
  const ibu = person(1, { pregnant: true });
  const baru = person(2, { pregnant: true });
  const kid = person(3, { sex: "L", birthDate: "2024-01-05" });
  const bayi = person(4, { sex: "P", birthDate: "2026-02-01" });
  const tasks: Task[] = computeTasks({
    persons: [ibu, baru, kid, bayi],
    records: [rec(1, ibu.id, "anc", "2026-01-10", { ...ANC_V2_VALID, hpht: "2025-11-01", td_sistolik: 150, td_diastolik: 95 }, 2), rec(2, kid.id, "balita", "2026-01-10", { bb: 11 })],
    referrals: [],
  }, TODAY, { growthTables: tables });
  const codes = new Set(tasks.map((t) => t.text.code));

  it("covers the rules this scope raises", () => {
    for (const c of ["anc_first", "anc_visit", "balita_unweighed", "imunisasi", "referral"] as const) expect(codes, c).toContain(c);
  });
  it("the kader's home visit for an unweighed child, in Bahasa Indonesia and in English", () => {
    const unweighed = tasks.find((t) => t.text.code === "balita_unweighed" && t.dueDate === "2026-02-28")!;
    setLang("id");
    expect(taskSentence(unweighed)).toBe("Kunjungi rumahnya: balita ini belum ditimbang di bulan Februari 2026.");
    setLang("en");
    expect(taskSentence(unweighed)).toBe("Visit the home: this child was not weighed in February 2026.");
    setLang("id");
  });
  it("every sentence is whole in both languages: no placeholder, rule jargon or code left", () => {
    for (const lang of ["id", "en"] as const) {
      setLang(lang);
      for (const task of tasks) {
        const s = taskSentence(task);
        expect(s, task.ruleId).not.toMatch(/\{|\}|undefined|Aturan|Rule:|→|_/);
        expect(s.endsWith(".")).toBe(true);
      }
    }
    setLang("id");
  });
});
