import { describe, expect, it } from "vitest";
import { formContext, getForm, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import { addDays } from "../../domain/rules/dates.ts";
import { buildSeed, DEFAULT_PERSONS } from "../../scripts/seed/build.ts";
import { NEW_VERSIONS_DAYS } from "../../scripts/seed/history.ts";

/**
 * The demo seed is deterministic: the same `today` gives the same SQL (people, visits, ids, row
 * times); another day gives another history. Its history's rows follow the push
 * (test/worker/seed-history.test.ts replays one through the real push).
 */
describe("seed", () => {
  it("gives the same database for the same day, and a history only when asked", { timeout: 120_000 }, async () => {
    const a = await buildSeed({ today: "2026-03-10", persons: 400 });
    const b = await buildSeed({ today: "2026-03-10", persons: 400 });
    expect(b.statements).toEqual(a.statements);
    expect(a.counts.records).toBeGreaterThan(100);
    expect(a.counts.commitments).toBe(1);
    // The PWS marks a push would have written (scripts/seed/marks.ts).
    expect(a.counts.pws_marks).toBeGreaterThan(a.counts.records! / 2);
    // Seqs are consecutive: one change_log row per write, the last one is the max.
    expect(a.lastSeq).toBe(a.counts.change_log);

    const other = await buildSeed({ today: "2026-03-11", persons: 400 });
    expect(other.statements).not.toEqual(a.statements);

    const bare = await buildSeed({ today: "2026-03-10", persons: 400, history: false });
    expect(bare.counts.records).toBeUndefined();
    expect(bare.history).toEqual([]);
    expect(bare.counts.persons).toBe(400);
  });

  /**
   * The default demo (3,000 persons, a year up to a fixed day): every record of every form
   * validates against its own form version with the person's sex and birth date (what the push
   * checks), and the issue-15 services appear in realistic numbers. The minimums are about half of
   * what the seed gives today (2026-12-03: persalinan 51, kb 535, catin 164, sdidtk 316, mtbs 334,
   * anak-sekolah 236, imunisasi-sekolah 242, gigi ~200, lansia-lanjutan 36, imunisasi@2 84,
   * ptm@2 65, lansia@2 38), so a change of shares does not break it but losing a service does.
   */
  it("stores only valid records, and every service of the ILP forms in the default demo", { timeout: 180_000 }, async () => {
    const today = "2026-12-03";
    const seed = await buildSeed({ today, persons: DEFAULT_PERSONS });
    const people = new Map(seed.people.map((p) => [p.id, p]));
    const records = seed.history.filter((w) => w.entity === "record" && w.op === "create").map((w) => w.payload as {
      personId: string; formId: string; formVersion: number; visitDate: string; data: Answers; derived: { flags: { id: string; colour?: string }[] };
    });
    const invalid: string[] = [];
    const count = new Map<string, number>();
    for (const r of records) {
      const def = getForm(r.formId, r.formVersion);
      const who = people.get(r.personId)!;
      const check = def ? validateAnswers(def, r.data, formContext(r.visitDate, { sex: who.sex, birthDate: who.birthDate })) : { valid: false, errors: {} };
      if (!check.valid) invalid.push(`${r.formId}@${r.formVersion} ${r.visitDate}: ${JSON.stringify(check.errors)}`);
      count.set(r.formId, (count.get(r.formId) ?? 0) + 1);
      count.set(`${r.formId}@${r.formVersion}`, (count.get(`${r.formId}@${r.formVersion}`) ?? 0) + 1);
    }
    expect(invalid.slice(0, 3)).toEqual([]);
    const minimum: Record<string, number> = {
      persalinan: 25, kb: 250, catin: 80, sdidtk: 150, mtbs: 150, "anak-sekolah": 100, "imunisasi-sekolah": 100, gigi: 100, "lansia-lanjutan": 15,
      "imunisasi@2": 40, "ptm@2": 30, "lansia@2": 15, "imunisasi@1": 300, "ptm@1": 250, "lansia@1": 80,
    };
    for (const [form, n] of Object.entries(minimum)) expect(count.get(form) ?? 0, form).toBeGreaterThanOrEqual(n);

    // Older records keep their version; visits since the new versions came into use have them.
    const newFrom = addDays(today, -NEW_VERSIONS_DAYS);
    for (const r of records.filter((x) => ["imunisasi", "ptm", "lansia"].includes(x.formId))) expect(r.formVersion, `${r.formId} ${r.visitDate}`).toBe(r.visitDate < newFrom ? 1 : 2);

    // Every delivery is followed by its nifas visits; the forms' own flags decide the findings.
    const flags = (form: string) => records.filter((r) => r.formId === form).flatMap((r) => r.derived.flags);
    const mothers = new Set(records.filter((r) => r.formId === "persalinan").map((r) => r.personId));
    for (const m of mothers) expect(records.some((r) => r.formId === "nifas" && r.personId === m)).toBe(true);
    expect(flags("catin").some((f) => f.id === "catin.anemia")).toBe(true);
    expect(flags("catin").some((f) => f.id === "catin.kek")).toBe(true);
    const mtbs = flags("mtbs");
    const visits = count.get("mtbs")!;
    expect(mtbs.filter((f) => f.colour === "kuning").length).toBeGreaterThan(visits / 20);
    // Red is rare: fewer than 1 visit in 20.
    expect(mtbs.filter((f) => f.colour === "merah").length).toBeLessThan(visits / 20);
    expect(flags("sdidtk").some((f) => f.id === "sdidtk.kpsp_meragukan")).toBe(true);
    expect(flags("sdidtk").some((f) => f.id === "sdidtk.kpsp_penyimpangan")).toBe(true);
    // Follow-ups come from the derived flags: catin rechecks, MTBS kunjungan ulang, KB re-visits.
    const twice = (form: string) => {
      const per = new Map<string, number>();
      for (const r of records.filter((x) => x.formId === form)) per.set(r.personId, (per.get(r.personId) ?? 0) + 1);
      return [...per.values()].filter((n) => n > 1).length;
    };
    expect(twice("catin"), "catin rechecks").toBeGreaterThan(5);
    expect(twice("mtbs"), "MTBS follow-ups").toBeGreaterThan(5);
    expect(twice("kb"), "KB re-visits").toBeGreaterThan(50);
    // BIAS happens in August and November only.
    expect(new Set(records.filter((r) => r.formId === "imunisasi-sekolah").map((r) => r.visitDate.slice(5, 7)))).toEqual(new Set(["08", "11"]));
  });

  it("refuses a malformed day", async () => {
    await expect(buildSeed({ today: "10-03-2026", persons: 10 })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
