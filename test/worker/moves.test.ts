import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { prune } from "../../worker/services/prune.ts";
import { openDb } from "../../worker/db/client.ts";
import { ANC_ANSWERS, api, DESA_A, DESA_B, enrollUser, household, ids, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * Issue 10, item 4: a household or person that moves takes everything under it. Every move path
 * is checked from both sides: the devices of the old place drop the rows, those of the new place
 * receive them, D1 and its sync index agree, the old user is refused and the new one may edit.
 */

let tokens: Record<RoleName, string>;
/** A kader of the other dusun of desa A (the seeded kader holds dusun A1). */
let kaderA2: string;

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  ({ token: kaderA2 } = await enrollUser("kaderA2", { role: "kader", areaCode: DESA_A, dusunId: ids.dusunA2 }));
});

/** A phone's synced copy: what its pulls leave it holding (a reset drops everything first). */
class Device {
  rows = new Map<string, number>();
  cursor: string | undefined;
  resets = 0;
  constructor(readonly token: string) {}
  async sync(limit = 50) {
    for (;;) {
      const q = new URLSearchParams({ limit: String(limit), ...(this.cursor ? { cursor: this.cursor } : {}) });
      const res = await api("GET", `/api/sync/pull?${q}`, { token: this.token });
      expect(res.status).toBe(200);
      const page = (await res.json()) as PullResponse;
      if (page.reset) {
        this.rows.clear();
        this.resets++;
      }
      for (const c of page.changes) {
        if (c.deleted) this.rows.delete(`${c.entity}:${c.id}`);
        else this.rows.set(`${c.entity}:${c.id}`, c.version);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return this;
    }
  }
  has(...keys: string[]) {
    return keys.filter((k) => this.rows.has(k));
  }
}

/** A household with a pregnant woman whose ANC visit had high blood pressure (so a referral), and a second member. */
async function family(token: string, desa = DESA_A, dusun: string | null = ids.dusunA1) {
  const [hh, mother, visitId, child] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
  const r = await pushAs(token, [
    mutation("household", hh, "create", household(desa, dusun)),
    mutation("person", mother, "create", person(hh)),
    mutation("record", visitId, "create", visit(mother, { data: { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100 } })),
    mutation("person", child, "create", person(hh, { name: "Anak Uji", sex: "L", birthDate: "2024-01-10", relation: "anak" })),
  ]);
  expect(r.results.map((x) => x.status)).toEqual(["applied", "applied", "applied", "applied"]);
  const ref = await env.DB.prepare("SELECT id FROM referrals WHERE record_id = ?").bind(visitId).first<{ id: string }>();
  expect(ref, "the hypertensive visit made a referral").not.toBeNull();
  return {
    hh, mother, visitId, child, referral: ref!.id,
    keys: { hh: `household:${hh}`, mother: `person:${mother}`, visit: `record:${visitId}`, child: `person:${child}`, referral: `referral:${ref!.id}` },
  };
}

/** Each row's own scope and its sync_index entry, which must agree. */
async function placeOf(entity: string, table: string, id: string) {
  const row = await env.DB.prepare(`SELECT scope_area AS area, scope_dusun AS dusun, version FROM ${table} WHERE id = ?`).bind(id).first<{ area: string; dusun: string | null; version: number }>();
  const idx = await env.DB.prepare("SELECT desa, dusun FROM sync_index WHERE entity = ? AND entity_id = ?").bind(entity, id).first<{ desa: string; dusun: string | null }>();
  expect(idx).toEqual({ desa: row!.area, dusun: row!.dusun });
  return row!;
}

/** An edit of the hypertensive visit: the same answers with a lower Hb. */
const EDIT = { data: { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100, hb: 10.5 } };

async function versionOf(table: string, id: string) {
  return (await env.DB.prepare(`SELECT version FROM ${table} WHERE id = ?`).bind(id).first<{ version: number }>())!.version;
}

describe("a household that changes dusun", () => {
  it("takes its persons, records and referrals: the old dusun's kader drops them, the new one receives them", async () => {
    const f = await family(tokens.pustu);
    const old = await new Device(tokens.kader).sync();
    const next = await new Device(kaderA2).sync();
    const bidan = await new Device(tokens.pustu).sync();
    const all = Object.values(f.keys);
    expect(old.has(...all)).toEqual(all);
    expect(next.has(...all)).toEqual([]);

    const moved = await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1)]);
    expect(moved.results[0]).toMatchObject({ status: "applied", version: 2 });

    for (const [entity, table, id] of [["household", "households", f.hh], ["person", "persons", f.mother], ["person", "persons", f.child], ["record", "records", f.visitId], ["referral", "referrals", f.referral]] as const) {
      expect(await placeOf(entity, table, id), `${entity} moved`).toMatchObject({ area: DESA_A, dusun: ids.dusunA2 });
    }
    await Promise.all([old.sync(), next.sync(), bidan.sync()]);
    expect(old.has(...all), "the old dusun's kader drops them").toEqual([]);
    expect(next.has(...all), "the new dusun's kader receives them").toEqual(all);
    expect(bidan.has(...all), "the desa's bidan keeps them").toEqual(all);
    expect(old.resets + next.resets + bidan.resets).toBe(0);
    // The phones hold the versions D1 holds.
    expect(next.rows.get(f.keys.visit)).toBe(await versionOf("records", f.visitId));
    expect(bidan.rows.get(f.keys.mother)).toBe(await versionOf("persons", f.mother));

    // The old kader is refused, the new kader may edit.
    expect((await api("GET", `/api/persons/${f.mother}`, { token: tokens.kader })).status).toBe(403);
    expect((await api("GET", `/api/persons/${f.mother}`, { token: kaderA2 })).status).toBe(200);
    const refused = await pushAs(tokens.kader, [mutation("person", f.mother, "update", { phone: "081200000001" }, 1)]);
    expect(refused.results[0]).toMatchObject({ status: "rejected", error: { code: "forbidden" } });
    const edited = await pushAs(kaderA2, [mutation("person", f.mother, "update", { phone: "081200000002" }, next.rows.get(f.keys.mother))]);
    expect(edited.results[0]).toMatchObject({ status: "applied" });
    // A stale edit from before the move (base 1) merges: the move changed no field.
    const stale = await pushAs(tokens.pustu, [mutation("record", f.visitId, "update", EDIT, 1)]);
    expect(stale.results[0]).toMatchObject({ status: "applied", merged: true });

    // And back: the rows return to the first kader, the second drops them.
    const back = await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA1 }, 2)]);
    expect(back.results[0]!.status).toBe("applied");
    await Promise.all([old.sync(), next.sync()]);
    expect(old.has(...all)).toEqual(all);
    expect(next.has(...all)).toEqual([]);
    expect(old.rows.get(f.keys.visit)).toBe(await versionOf("records", f.visitId));
  });

  it("is audited with where it went, and a kader cannot move a household out of their dusun", async () => {
    const f = await family(tokens.pustu);
    const out = await pushAs(tokens.kader, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1)]);
    expect(out.results[0]).toMatchObject({ status: "rejected", error: { code: "forbidden" } });
    await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1)]);
    const audit = await env.DB.prepare("SELECT details FROM audit_log WHERE entity = 'household' AND entity_id = ? AND action = 'sync.update'").bind(f.hh).first<{ details: string }>();
    expect(JSON.parse(audit!.details).moved).toEqual({ from: [DESA_A, ids.dusunA1], to: [DESA_A, ids.dusunA2] });
  });
});

describe("two moves of one household at once", () => {
  it("the one that loses the conflict leaves the household, and everything under it, where the kept value puts it", async () => {
    const f = await family(tokens.pustu);
    const first = await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1)]);
    expect(first.results[0]).toMatchObject({ status: "applied", version: 2 });
    // The puskesmas, from version 1, puts it back in dusun A1: a conflict; the server keeps A2.
    const second = await pushAs(tokens.puskesmas, [mutation("household", f.hh, "update", { dusunId: ids.dusunA1, rt: "009" }, 1)]);
    expect(second.results[0]).toMatchObject({ status: "conflict", conflicts: [{ field: "dusunId", serverValue: ids.dusunA2, clientValue: ids.dusunA1 }] });
    const hh = await env.DB.prepare("SELECT dusun_id AS data, scope_dusun AS scope, rt FROM households WHERE id = ?").bind(f.hh).first();
    expect(hh).toEqual({ data: ids.dusunA2, scope: ids.dusunA2, rt: "009" });
    for (const [entity, table, id] of [["person", "persons", f.mother], ["record", "records", f.visitId], ["referral", "referrals", f.referral]] as const) {
      expect(await placeOf(entity, table, id), `${entity} stays with the kept dusun`).toMatchObject({ dusun: ids.dusunA2 });
    }
  });

  it("with the members written in the same push, the members stay with the household too", async () => {
    const f = await family(tokens.pustu);
    await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1)]);
    // The losing move, then edits of a member and a visit the same phone made after it: they must
    // be stored where the household is (A2), not where the refused move would have put them (A1).
    const second = await pushAs(tokens.puskesmas, [
      mutation("household", f.hh, "update", { dusunId: ids.dusunA1 }, 1),
      mutation("person", f.mother, "update", { phone: "081234567890" }, 2),
      mutation("record", f.visitId, "update", EDIT, 2),
    ]);
    expect(second.results.map((x) => x.status)).toEqual(["conflict", "applied", "applied"]);
    for (const [entity, table, id] of [["person", "persons", f.mother], ["person", "persons", f.child], ["record", "records", f.visitId]] as const) {
      expect(await placeOf(entity, table, id), `${entity} stays with the kept dusun`).toMatchObject({ dusun: ids.dusunA2 });
    }
  });
});

describe("a person who changes household", () => {
  it("takes their records and referrals to the new household's dusun; the rest of the old household stays", async () => {
    const f = await family(tokens.pustu);
    const there = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", there, "create", household(DESA_A, ids.dusunA2))]);
    const old = await new Device(tokens.kader).sync();
    const next = await new Device(kaderA2).sync();
    expect(next.has(f.keys.mother)).toEqual([]);

    const moved = await pushAs(tokens.pustu, [mutation("person", f.mother, "update", { householdId: there }, 1)]);
    expect(moved.results[0]).toMatchObject({ status: "applied", version: 2 });
    for (const [entity, table, id] of [["person", "persons", f.mother], ["record", "records", f.visitId], ["referral", "referrals", f.referral]] as const) {
      expect(await placeOf(entity, table, id)).toMatchObject({ dusun: ids.dusunA2 });
    }
    expect(await placeOf("person", "persons", f.child)).toMatchObject({ dusun: ids.dusunA1 });

    await Promise.all([old.sync(), next.sync()]);
    const followed = [f.keys.mother, f.keys.visit, f.keys.referral];
    expect(old.has(...followed)).toEqual([]);
    expect(old.has(f.keys.hh, f.keys.child), "the household and the other member stay").toEqual([f.keys.hh, f.keys.child]);
    expect(next.has(...followed, `household:${there}`)).toEqual([...followed, `household:${there}`]);
    expect((await api("GET", `/api/persons/${f.mother}`, { token: tokens.kader })).status).toBe(403);
    const visitEdit = await pushAs(kaderA2, [mutation("record", f.visitId, "update", EDIT, next.rows.get(f.keys.visit))]);
    expect(visitEdit.results[0]!.status).not.toBe("rejected");
  });

  it("in one push with an edit of their visit and a new visit: all land in the new place, at the versions answered", async () => {
    const f = await family(tokens.pustu);
    const there = uuidv7();
    const newVisit = uuidv7();
    const r = await pushAs(tokens.pustu, [
      mutation("household", there, "create", household(DESA_A, ids.dusunA2)),
      mutation("person", f.mother, "update", { householdId: there }, 1),
      mutation("record", f.visitId, "update", EDIT, 1),
      mutation("record", newVisit, "create", visit(f.mother, { visitDate: "2026-11-27" })),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(["applied", "applied", "applied", "applied"]);
    // The visit was moved (version 2), then edited on top (3): a stale base 1 merged cleanly.
    expect(r.results[2]).toMatchObject({ version: 3, merged: true });
    expect(await versionOf("records", f.visitId)).toBe(3);
    for (const id of [f.visitId, newVisit]) expect(await placeOf("record", "records", id)).toMatchObject({ dusun: ids.dusunA2 });
  });

  it("moved after a visit made in the same push: the visit follows too", async () => {
    const f = await family(tokens.pustu);
    const there = uuidv7();
    const before = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", there, "create", household(DESA_A, ids.dusunA2))]);
    const r = await pushAs(tokens.pustu, [
      mutation("record", before, "create", visit(f.mother, { visitDate: "2026-11-27" })),
      mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(["applied", "applied"]);
    // Answered version 1 (its create); the move made it 2, which the pull delivers.
    expect(r.results[0]!.version).toBe(1);
    expect(await placeOf("record", "records", before)).toMatchObject({ dusun: ids.dusunA2, version: 2 });
    expect(await placeOf("person", "persons", f.child)).toMatchObject({ dusun: ids.dusunA2 });
  });

  it("a member who joined earlier in the same push (new, or moved in from another household) moves with the household", async () => {
    const f = await family(tokens.pustu);
    const other = await family(tokens.pustu);
    const baby = uuidv7();
    const r = await pushAs(tokens.pustu, [
      mutation("person", baby, "create", person(f.hh, { name: "Bayi Baru", sex: "P", birthDate: "2026-11-01", relation: "anak" })),
      mutation("person", other.child, "update", { householdId: f.hh }, 1),
      mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(["applied", "applied", "applied"]);
    for (const id of [baby, other.child, f.mother]) expect(await placeOf("person", "persons", id)).toMatchObject({ dusun: ids.dusunA2 });
  });
});

describe("a person moved to another desa by the puskesmas", () => {
  it("leaves the old pustu (refused from then on) and arrives at the new one, with the history", async () => {
    const f = await family(tokens.pustu);
    const there = uuidv7();
    await pushAs(tokens.pustuB, [mutation("household", there, "create", household(DESA_B, ids.dusunB1))]);
    const oldPustu = await new Device(tokens.pustu).sync();
    const newPustu = await new Device(tokens.pustuB).sync();
    const puskesmas = await new Device(tokens.puskesmas).sync();
    const followed = [f.keys.mother, f.keys.visit, f.keys.referral];
    expect(newPustu.has(...followed)).toEqual([]);

    // A pustu may not move someone out of its desa; the puskesmas, over both, may.
    const refused = await pushAs(tokens.pustu, [mutation("person", f.mother, "update", { householdId: there }, 1)]);
    expect(refused.results[0]).toMatchObject({ status: "rejected", error: { code: "forbidden" } });
    const moved = await pushAs(tokens.puskesmas, [mutation("person", f.mother, "update", { householdId: there }, 1)]);
    expect(moved.results[0]).toMatchObject({ status: "applied" });
    for (const [entity, table, id] of [["person", "persons", f.mother], ["record", "records", f.visitId], ["referral", "referrals", f.referral]] as const) {
      expect(await placeOf(entity, table, id)).toMatchObject({ area: DESA_B, dusun: ids.dusunB1 });
    }

    await Promise.all([oldPustu.sync(), newPustu.sync(), puskesmas.sync()]);
    expect(oldPustu.has(...followed)).toEqual([]);
    expect(oldPustu.has(f.keys.hh, f.keys.child)).toEqual([f.keys.hh, f.keys.child]);
    expect(newPustu.has(...followed)).toEqual(followed);
    expect(puskesmas.has(...followed), "the puskesmas sees both desa and keeps them").toEqual(followed);
    expect((await api("GET", `/api/persons/${f.mother}`, { token: tokens.pustu })).status).toBe(403);
    expect((await api("GET", `/api/persons/${f.mother}`, { token: tokens.pustuB })).status).toBe(200);
    const oldEdit = await pushAs(tokens.pustu, [mutation("record", f.visitId, "update", EDIT, 1)]);
    expect(oldEdit.results[0]).toMatchObject({ status: "rejected", error: { code: "forbidden" } });
    const newEdit = await pushAs(tokens.pustuB, [mutation("referral", f.referral, "update", { outcome: "datang_ditangani", outcomeAt: "2026-11-28" }, newPustu.rows.get(f.keys.referral))]);
    expect(newEdit.results[0]).toMatchObject({ status: "applied" });
  });
});

describe("a page of departures", () => {
  it("stops where a full range stops, also when one row's departures count once (small pages)", { timeout: 60_000 }, async () => {
    const empty = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", empty, "create", household())]);
    const leaving = await family(tokens.pustu);
    const there = uuidv7();
    await pushAs(tokens.pustuB, [mutation("household", there, "create", household(DESA_B, ids.dusunB1))]);
    const pustu = await new Device(tokens.pustu).sync(2);
    expect(pustu.has(leaving.keys.mother)).toEqual([leaving.keys.mother]);
    // A household with nobody in it moves three times within the pustu's desa (three departures
    // of one row, whose index entry stays in the desa), then a person leaves the desa: with pages
    // of 2 the three departures fill their range while the page holds one row.
    let v = 1;
    for (const d of [ids.dusunA2, ids.dusunA1, ids.dusunA2]) {
      const r = await pushAs(tokens.pustu, [mutation("household", empty, "update", { dusunId: d }, v)]);
      v = r.results[0]!.version!;
    }
    const out = await pushAs(tokens.puskesmas, [mutation("person", leaving.mother, "update", { householdId: there }, 1)]);
    expect(out.results[0]!.status).toBe("applied");
    await pustu.sync(2);
    expect(pustu.has(leaving.keys.mother, leaving.keys.visit), "the person who left is dropped").toEqual([]);
    expect(pustu.has(`household:${empty}`, leaving.keys.hh), "the household that moved within the desa stays").toEqual([`household:${empty}`, leaving.keys.hh]);
  });
});

describe("departures and the prune", () => {
  it("a phone that first syncs after a move is not told about it; departures go with the tombstones", async () => {
    const f = await family(tokens.pustu);
    await pushAs(tokens.pustu, [mutation("household", f.hh, "update", { dusunId: ids.dusunA2 }, 1)]);
    const fresh = new Device(tokens.kader);
    const q = await api("GET", "/api/sync/pull?limit=1000", { token: tokens.kader });
    const page = (await q.json()) as PullResponse;
    expect(page.changes.filter((c) => Object.values(f.keys).includes(`${c.entity}:${c.id}`)), "a pull from scratch carries no departures").toEqual([]);
    await fresh.sync();
    expect(fresh.has(...Object.values(f.keys))).toEqual([]);

    const departures = () => env.DB.prepare("SELECT count(*) AS n FROM sync_departures").first<{ n: number }>().then((r) => r!.n);
    expect(await departures()).toBeGreaterThan(0);
    await prune(openDb(env.DB), Date.now() + 91 * 86_400_000);
    expect(await departures(), "pruned with the tombstones, after the longest offline period").toBe(0);
  });
});
