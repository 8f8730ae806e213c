import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formContext, getForm, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import { DEV_ENROLLMENT_CODE_KEY, formatCode, hashCode, normaliseCode } from "../../domain/util/codes.ts";
import { buildSeed, demoCodeStatements, loadRegionAreas, type SeedResult } from "../../scripts/seed/build.ts";
import { DEMO_ACCOUNTS, demoAccountsOf } from "../../scripts/seed/demo-accounts.ts";
import { SEED_REGIONS, seedStream } from "../../scripts/seed/regions.ts";

/**
 * The seed by region (issue 16: one D1 database per kabupaten). Lampung Barat (18.04) is the seed
 * it was before regions, row for row: the e2e tests and the README's demo depend on its ids.
 * Belitung (19.02) is its own kabupaten: its areas, its demo accounts, and ids that never meet
 * Lampung Barat's, because a person can later move from one kabupaten's database to the other.
 */

const TODAY = "2026-12-03";
const PERSONS = 200;
/** Building two small years takes a few seconds; more on a busy machine. */
const SLOW_MS = 120_000;

/**
 * sha256 of the 18.04 statements, computed before the seed took a region (commit 8566205). The
 * history runs through the domain's rules (scripts/seed/ledger.ts: "a rule change changes the
 * seed"), so a deliberate change of a form, derivation or referral rule changes HISTORY_DIGEST;
 * then check that PLACES_PEOPLE_DIGEST still holds (the ids of places, people and demo users that
 * the e2e tests use) and put the new value here. A change of the seed's own code must keep both.
 */
const HISTORY_DIGEST = "fae618acdc273914f252a2f83bf59de0b4c5708619152e1b8bc2364090b29d5e";
const PLACES_PEOPLE_DIGEST = "b4bcd4f720c19be81ec07cfc907322ebae07fbb238c9948d9f0b2adc72a97266";
/** The demo code statements of 18.04 at a fixed time (default key). */
const DEMO_CODES_DIGEST = "7bdee1ab3f05c25a918a78f4fac7e1d95751b628987138b0218ae21afcd38bf5";
const CODES_AT = 1_700_000_000_000;

const sha256 = (statements: readonly string[]) => createHash("sha256").update(statements.join("\n")).digest("hex");

/** The first column (the id) of every row a table's INSERTs write. */
function rowIds(seed: SeedResult, table: string): string[] {
  const ids: string[] = [];
  for (const s of seed.statements) {
    if (!s.startsWith(`INSERT INTO ${table} (`)) continue;
    for (const m of s.matchAll(/^\('((?:[^']|'')*)'/gm)) ids.push(m[1]!);
  }
  return ids;
}

/** Every table whose first column is a row id (not change_log, sync_index, pws_marks, enrollment_codes). */
const ID_TABLES = [
  "dusun", "facilities", "offices", "households", "persons", "users", "records", "referrals", "meetings", "attendances",
  "commitments", "commitment_parties", "commitment_items", "signatures", "commitment_versions", "progress",
] as const;

describe("seed regions", () => {
  it("keeps Lampung Barat (18.04) exactly the seed it was", { timeout: SLOW_MS }, async () => {
    const bare = await buildSeed({ today: TODAY, persons: PERSONS, history: false });
    expect(sha256(bare.statements), "places, people and demo users of 18.04").toBe(PLACES_PEOPLE_DIGEST);
    const full = await buildSeed({ today: TODAY, persons: PERSONS });
    expect(sha256(full.statements), "18.04 with its history (see HISTORY_DIGEST)").toBe(HISTORY_DIGEST);
    // The region given explicitly is the default.
    const explicit = await buildSeed({ region: SEED_REGIONS["18.04"], today: TODAY, persons: PERSONS });
    expect(sha256(explicit.statements)).toBe(HISTORY_DIGEST);

    expect(sha256(await demoCodeStatements(undefined, CODES_AT))).toBe(DEMO_CODES_DIGEST);
    expect(sha256(await demoCodeStatements(undefined, CODES_AT, SEED_REGIONS["18.04"]))).toBe(DEMO_CODES_DIGEST);
    // Its PRNG streams keep the names they had; every other region salts them.
    expect(seedStream(SEED_REGIONS["18.04"]!, "people")).toBe("simpul-seed:people");
    for (const r of Object.values(SEED_REGIONS)) if (r.kabupaten !== "18.04") expect(seedStream(r, "people")).not.toBe("simpul-seed:people");
    expect(demoAccountsOf("18.04")).toBe(DEMO_ACCOUNTS);
  });

  it("seeds Belitung (19.02) with its own areas, demo accounts and ids", { timeout: SLOW_MS }, async () => {
    const region = SEED_REGIONS["19.02"]!;
    const lampung = await buildSeed({ today: TODAY, persons: PERSONS });
    const belitung = await buildSeed({ region, today: TODAY, persons: PERSONS });
    expect(belitung.counts.persons).toBe(PERSONS);
    expect(belitung.counts.records).toBeGreaterThan(100);
    expect(belitung.counts.commitments).toBe(1);

    // Its areas: the whole kabupaten (every code under 19.02, besides the provinsi itself).
    const file = loadRegionAreas(region);
    expect(file.kabupaten).toEqual({ code: "19.02", name: "Kabupaten Belitung" });
    expect(file.provinsi).toEqual({ code: "19", name: "Kepulauan Bangka Belitung" });
    expect(file.desaTerm).toBe("desa");
    const areas = rowIds(belitung, "areas");
    expect(areas.filter((c) => c !== "19").every((c) => c.startsWith("19.02"))).toBe(true);
    expect(areas).toContain(region.kecamatan);
    expect(areas.length).toBe(2 + file.kecamatan.length + file.kecamatan.reduce((n, k) => n + k.desa.length, 0));
    // People live in the seed kecamatan only.
    const households = belitung.statements.filter((s) => s.startsWith("INSERT INTO households ("));
    expect(households.join("\n").match(/'19\.02\.04\.\d{4}'/g)?.length).toBeGreaterThan(0);
    expect(households.join("\n")).not.toMatch(/'18\.04/);

    // Its demo accounts: the same roles as Lampung Barat, codes enrollment accepts, areas in its file.
    const accounts = demoAccountsOf("19.02");
    expect(accounts).toBe(region.demoAccounts);
    expect(accounts.map((a) => a.role).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.role).sort());
    const desaCodes = new Set(file.kecamatan.flatMap((k) => k.desa.map(([c]) => c)));
    for (const a of accounts) {
      expect(formatCode(normaliseCode(a.code)), a.code).toBe(a.code);
      expect(normaliseCode(a.code), a.code).toMatch(/^BLTG[A-Z0-9]{4}$/);
      expect(areas, `${a.code} ${a.area}`).toContain(a.area);
      expect(a.area === "19.02" || a.area === region.kecamatan || desaCodes.has(a.area), a.area).toBe(true);
    }
    const users = rowIds(belitung, "users");
    expect(users.sort()).toEqual(accounts.map((a) => a.id).sort());
    const stored = rowIds(belitung, "enrollment_codes");
    for (const a of accounts) expect(stored).toContain(await hashCode(a.code, DEV_ENROLLMENT_CODE_KEY));
    const codeStatements = await demoCodeStatements(undefined, CODES_AT, region);
    expect(codeStatements.join("\n")).toContain(accounts[0]!.id);
    expect(codeStatements.join("\n")).not.toContain(DEMO_ACCOUNTS[0]!.id);

    // No id in common with Lampung Barat's: same `today` and count, so only the salt tells them apart.
    const ours = new Set(ID_TABLES.flatMap((t) => rowIds(lampung, t)));
    for (const t of ID_TABLES) {
      const theirs = rowIds(belitung, t);
      if (["persons", "households", "records", "dusun", "facilities", "users"].includes(t)) expect(theirs.length, t).toBeGreaterThan(0);
      expect(theirs.filter((id) => ours.has(id)), t).toEqual([]);
    }
    expect(accounts.filter((a) => DEMO_ACCOUNTS.some((b) => b.code === a.code || b.id === a.id))).toEqual([]);

    // Its history passes the same forms a push checks (every record valid for its person).
    const people = new Map(belitung.people.map((p) => [p.id, p]));
    const invalid = belitung.history.filter((w) => w.entity === "record" && w.op === "create").flatMap((w) => {
      const r = w.payload as { personId: string; formId: string; formVersion: number; visitDate: string; data: Answers };
      const def = getForm(r.formId, r.formVersion);
      const who = people.get(r.personId)!;
      return def && validateAnswers(def, r.data, formContext(r.visitDate, { sex: who.sex, birthDate: who.birthDate })).valid ? [] : [`${r.formId}@${r.formVersion} ${r.visitDate}`];
    });
    expect(invalid.slice(0, 3)).toEqual([]);

    // Its own words: no Lampung name or term in the Belitung rows.
    const text = belitung.statements.join("\n");
    expect(text).toContain("Puskesmas Sijuk");
    expect(text).toContain("Pemerintah Desa Batu Itam");
    expect(text).not.toMatch(/Batubrak|Batu Brak|Lampung|Liwa|\bpekon\b|Pekon|Peratin/);
  });

  it("refuses an area file of another kabupaten", async () => {
    await expect(buildSeed({ region: SEED_REGIONS["19.02"], areas: loadRegionAreas(SEED_REGIONS["18.04"]!), today: TODAY, persons: 10 })).rejects.toThrow(/area file is of 18\.04/);
  });
});
