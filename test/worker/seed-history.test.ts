import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { EntityPayload } from "../../domain/entities/registry.ts";
import { loadGrowthTables } from "../../domain/growth/load.ts";
import type { Mutation } from "../../domain/sync/protocol.ts";
import { openDb } from "../../worker/db/client.ts";
import { ENTITY_TABLES, payloadOf } from "../../worker/db/tables.ts";
import { buildHistory } from "../../scripts/seed/history.ts";
import type { HistoryWrite } from "../../scripts/seed/ledger.ts";
import type { LintasOffice } from "../../scripts/seed/lintas.ts";
import { buildPopulation, type DesaPlace } from "../../scripts/seed/population.ts";
import { createRng, uuidv7Factory } from "../../scripts/seed/prng.ts";
import { seedMarks } from "../../scripts/seed/marks.ts";
import { historyRows, type HistoryRows } from "../../scripts/seed/rows.ts";
import { DESA_A, DESA_B, ids, KEC, mutation, pushAs, seedWorld } from "./fixtures.ts";

/**
 * The seeded history (scripts/seed/history.ts) is exactly what the real push stores: a small
 * population is pushed, then every history write is replayed through POST /api/sync/push in
 * time order (the server makes the referrals and the signed version itself), and every stored
 * row, version, scope, derived value and change_log entry must equal what the seed writes as SQL
 * (scripts/seed/rows.ts). A record the rules would derive differently, a referral they would not
 * make (or one they make that the seed lacks), or a signature over another content hash fails it.
 */

const TODAY = "2026-06-15";
const PERSONS = 220;
const BATCH = 100;
/** Building and pushing a small year takes a while under vitest-pool-workers. */
const SLOW_MS = 60_000;

let history: HistoryWrite[] = [];
let expected: HistoryRows;
let results: { entity: string; status: string; error?: unknown }[] = [];

const placeId = uuidv7Factory(createRng("seed-history-test:places"), Date.UTC(2026, 0, 1));

async function pushAll(token: string, mutations: Mutation[]) {
  for (let i = 0; i < mutations.length; i += BATCH) {
    const chunk = mutations.slice(i, i + BATCH);
    const res = await pushAs(token, chunk);
    expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
    res.results.forEach((r, j) => results.push({ entity: chunk[j]!.entity, status: r.status, error: r.error }));
  }
}

beforeAll(async () => {
  const { tokens } = await seedWorld();
  // Places: the world's dusun; a pustu per desa and a posyandu per dusun; the offices a minilokakarya seats.
  const desa: DesaPlace[] = [
    { code: DESA_A, name: "Kembahang", weight: 1, dusun: [{ id: ids.dusunA1, name: "Dusun I", rtCount: 2 }, { id: ids.dusunA2, name: "Dusun II", rtCount: 2 }] },
    { code: DESA_B, name: "Negeri Ratu", weight: 1, dusun: [{ id: ids.dusunB1, name: "Dusun I", rtCount: 2 }] },
  ];
  const facilities: { id: string; payload: EntityPayload<"facility"> }[] = [];
  for (const d of desa) {
    facilities.push({ id: placeId(), payload: { kind: "pustu", name: `Pustu ${d.name}`, areaCode: d.code, dusunId: null } });
    for (const u of d.dusun) facilities.push({ id: placeId(), payload: { kind: "posyandu", name: `Posyandu ${u.name} ${d.name}`, areaCode: d.code, dusunId: u.id } });
  }
  const office = (kind: EntityPayload<"office">["kind"], name: string, desaCode: string | null = null): LintasOffice => ({ id: placeId(), payload: { kecCode: KEC, name, kind, desaCode } });
  const newOffices = [
    office("puskesmas", "Puskesmas Batubrak"), office("kecamatan", "Kecamatan Batu Brak"), office("plkb", "PLKB Batu Brak"),
    office("pendidikan", "UPT Pendidikan Batu Brak"), office("sekolah", "SMP Negeri 1 Batu Brak"), office("pertanian", "BPP Batu Brak"),
    office("pemdes", "Pemerintah Pekon Negeri Ratu", DESA_B),
  ];
  const offices: LintasOffice[] = [
    { id: ids.officeKua, payload: { kecCode: KEC, name: "KUA Batu Brak", kind: "kua", desaCode: null } },
    { id: ids.officePkk, payload: { kecCode: KEC, name: "PKK Batu Brak", kind: "pkk", desaCode: null } },
    { id: ids.officePemdes, payload: { kecCode: KEC, name: "Pemerintah Pekon Kembahang", kind: "pemdes", desaCode: DESA_A } },
    ...newOffices,
  ];
  const rng = createRng("seed-history-test:people");
  const { households, persons } = buildPopulation({ rng, newId: uuidv7Factory(rng, Date.UTC(2026, 0, 2)), now: Date.parse(`${TODAY}T05:00:00Z`), kecCode: KEC, desa, persons: PERSONS });
  ({ writes: history } = await buildHistory({ today: TODAY, kecCode: KEC, desa, households, persons, facilities, offices, growthTables: await loadGrowthTables() }));
  expected = historyRows(history, 1);

  await pushAll(tokens.puskesmas, [
    ...facilities.map((f) => mutation("facility", f.id, "create", f.payload)),
    ...newOffices.map((o) => mutation("office", o.id, "create", o.payload)),
    ...households.map(({ id, ...h }) => mutation("household", id, "create", h)),
    ...persons.map(({ id, ...p }) => mutation("person", id, "create", p)),
  ]);
  // The history, as phones and the console would have pushed it: server-made rows are not sent.
  const versions = new Map<string, number>();
  const replay: Mutation[] = [];
  for (const w of expected.changes) {
    const write = history.find((h) => h.id === w.entityId && h.entity === w.entity && (w.version === 1 ? h.op === "create" : h.op === "update" && h.at === w.at))!;
    const base = versions.get(w.entityId) ?? 0;
    versions.set(w.entityId, base + 1);
    if (!write.serverMade) replay.push(mutation(w.entity, w.entityId, write.op, write.payload, base));
  }
  await pushAll(tokens.puskesmas, replay);
}, 240_000);

describe("seeded history = what the push stores", () => {
  it("has every kind of history the demo needs", () => {
    const forms = new Set(history.filter((w) => w.entity === "record").map((w) => w.payload.formId));
    for (const f of ["balita", "imunisasi", "anc", "ptm", "lansia", "tb", "kunjungan-rumah"]) expect(forms, f).toContain(f);
    // The issue-15 services, so their records go through the real push here too.
    for (const f of ["persalinan", "nifas", "kb", "catin", "sdidtk", "mtbs", "anak-sekolah", "imunisasi-sekolah", "gigi", "lansia-lanjutan"]) expect(forms, f).toContain(f);
    const versions = new Set(history.filter((w) => w.entity === "record").map((w) => `${w.payload.formId}@${w.payload.formVersion}`));
    for (const v of ["imunisasi@1", "imunisasi@2", "ptm@1", "ptm@2", "lansia@1", "lansia@2"]) expect(versions, v).toContain(v);
    expect(history.some((w) => w.entity === "referral" && w.op === "update"), "a rujuk balik").toBe(true);
    expect(history.some((w) => w.entity === "referral" && w.op === "create" && !history.some((u) => u.id === w.id && u.op === "update")), "an open referral").toBe(true);
    for (const e of ["meeting", "attendance", "commitment", "commitment_item", "signature", "commitment_version", "progress"]) expect(history.some((w) => w.entity === e), e).toBe(true);
  });

  it("the push applies every write", () => {
    const refused = results.filter((r) => r.status !== "applied");
    expect(refused.slice(0, 5)).toEqual([]);
    expect(results.length).toBeGreaterThan(PERSONS);
  });

  it("stores every row exactly as the seed does: answers, derived, referrals, lintas content, versions, scope", { timeout: SLOW_MS }, async () => {
    const db = openDb(env.DB);
    for (const row of expected.rows) {
      const table = ENTITY_TABLES[row.entity];
      const got = (await db.select().from(table).where(eq(table.id, row.id)))[0] as Record<string, unknown> | undefined;
      expect(got, `${row.entity} ${row.id}`).toBeDefined();
      expect({ version: got!.version, area: got!.scopeArea, dusun: got!.scopeDusun, grp: got!.scopeGrp, deleted: got!.deleted, review: got!.needsReview }, `${row.entity} ${row.id}`)
        .toEqual({ version: row.version, area: row.scope.area, dusun: row.scope.dusun, grp: row.scope.grp, deleted: false, review: false });
      expect(payloadOf(got!), `${row.entity} ${row.id}`).toEqual(row.data);
    }
  });

  it("makes no referral or version the seed lacks", async () => {
    for (const [table, entity] of [["referrals", "referral"], ["records", "record"], ["commitment_versions", "commitment_version"], ["signatures", "signature"]] as const) {
      const n = (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
      expect(n, table).toBe(expected.rows.filter((r) => r.entity === entity).length);
    }
  });

  it("writes the PWS marks the push writes (scripts/seed/marks.ts = the push's pws_marks)", async () => {
    const { results: persons } = await env.DB.prepare("SELECT id, birth_date, pregnant, scope_area, scope_dusun, updated_at FROM persons WHERE deleted = 0").all<Record<string, unknown>>();
    const want = seedMarks(persons.map((p) => ({
      id: p.id as string, birthDate: p.birth_date as string, pregnant: Boolean(p.pregnant),
      scope: { area: p.scope_area as string, dusun: (p.scope_dusun as string | null) ?? null, grp: null }, updatedAt: p.updated_at as number,
    })), expected.rows).map((m) => m.join("|")).sort();
    const { results: got } = await env.DB.prepare("SELECT person_id, code, month, desa, dusun FROM pws_marks").all<Record<string, string>>();
    expect(want.length).toBeGreaterThan(PERSONS);
    expect(got.map((m) => [m.person_id, m.code, m.month, m.desa, m.dusun].join("|")).sort()).toEqual(want);
  });

  it("logs the same changes in the same order (change_log: entity, version, fields)", async () => {
    const ids = new Set(expected.rows.map((r) => r.id));
    const { results: log } = await env.DB.prepare("SELECT entity, entity_id AS id, version, fields FROM change_log ORDER BY seq").all<{ entity: string; id: string; version: number; fields: string }>();
    const got = log.filter((c) => ids.has(c.id)).map((c) => ({ entity: c.entity, id: c.id, version: c.version, fields: [...(JSON.parse(c.fields) as string[])].sort() }));
    expect(got).toEqual(expected.changes.map((c) => ({ entity: c.entity, id: c.entityId, version: c.version, fields: [...c.fields].sort() })));
  });
});
