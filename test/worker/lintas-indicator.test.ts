import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_A, DESA_B, DESA_OTHER_KEC, enrollUser, household, ids, KEC, KEC_OTHER, kuaItem, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * The KUA's commitment item shows live catin figures from the pustu's catin visits (issue 15):
 * counts only, over the item's desa, small cells suppressed, for whoever reads the item.
 */

let tokens: Record<RoleName, string>;
let itemAll: string;
const YEAR = 2026;

/** A bride (31 at the visits, born 1995-03-04) with a wedding planned after the visit. */
const bride = (visitDate: string, over: Record<string, unknown> = {}) => ({
  tanggal_rencana_nikah: "2026-12-20", bb: 52, tb: 156, lila: 25, hb: 12.6, td_sistolik: 110, td_diastolik: 70,
  status_td: "t5", konseling: ["kespro", "gizi_ttd"], ...over, _visit: visitDate,
});
function catin(personId: string, answers: ReturnType<typeof bride>) {
  const { _visit, ...data } = answers;
  return mutation("record", uuidv7(), "create", { personId, formId: "catin", formVersion: 1, visitDate: _visit, facilityId: null, data });
}

/** `n` catin of one desa, each with their visits. */
async function catinOf(token: string, desa: string, dusun: string, visitsOf: (i: number) => ReturnType<typeof bride>[], n: number) {
  const hh = uuidv7();
  const muts = [mutation("household", hh, "create", household(desa, dusun))];
  for (let i = 0; i < n; i++) {
    const p = uuidv7();
    muts.push(mutation("person", p, "create", person(hh, { name: `Catin Uji ${desa} ${i}`, relation: "lainnya" })));
    for (const v of visitsOf(i)) muts.push(catin(p, v));
  }
  const res = await pushAs(token, muts);
  expect(res.results.filter((r) => r.status !== "applied").map((r) => r.error), "push").toEqual([]);
}

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  ({ itemId: itemAll } = await kuaItem(tokens));
  // Pekon A: 10 anaemic brides in June (Hb 11.0 < 12); 5 of them rechecked in September with
  // Hb 12.4 (done), the other 5 not yet. 6 healthy brides. Pekon B: 2 healthy brides.
  await catinOf(tokens.pustu, DESA_A, ids.dusunA1, (i) => [
    bride("2026-06-10", { hb: 11 }),
    ...(i < 5 ? [bride("2026-09-10", { hb: 12.4 })] : []),
  ], 10);
  await catinOf(tokens.pustu, DESA_A, ids.dusunA1, () => [bride("2026-07-01")], 6);
  await catinOf(tokens.pustuB, DESA_B, ids.dusunB1, () => [bride("2026-08-01")], 2);
});

const read = (token: string, itemId: string, year = YEAR) => api("GET", `/api/lintas/items/${itemId}/indicator?year=${year}`, { token });

async function newItem(officeId: string, desaCodes: string[] | null) {
  const commitmentId = uuidv7();
  const itemId = uuidv7();
  const res = await pushAs(tokens.puskesmas, [
    mutation("commitment", commitmentId, "create", { kecCode: KEC, meetingId: null, title: "Komitmen", period: "2026", docVersion: 1 }),
    mutation("commitment_party", uuidv7(), "create", { commitmentId, officeId }),
    mutation("commitment_item", itemId, "create", {
      commitmentId, number: 1, officeId, action: "Skrining catin", indicator: "Catin diskrining", targetKind: "number",
      targetValue: 100, targetUnit: "%", desaCodes, dueDate: "2026-12-31", status: "berjalan",
    }),
  ]);
  expect(res.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
  return itemId;
}

describe("GET /api/lintas/items/:id/indicator", () => {
  it("counts the catin of the item's desa: screened per desa, found and followed up in total", async () => {
    const res = await read(tokens.mitraKua, itemAll);
    expect(res.status).toBe(200);
    const body = await res.json();
    // Screened: 10 + 6 in A, 2 in B = 18. Found: the 10 anaemic (10 ≥ 5 and 18 − 10 = 8 ≥ 5: shown).
    // Followed up: 5 of 10 (5 ≥ 5 and 10 − 5 = 5 ≥ 5: shown).
    expect(body).toEqual({
      itemId: itemAll, indicator: "catin", year: YEAR, minCell: 5,
      desa: [{ code: DESA_A, screened: 16 }, { code: DESA_B, screened: 2 }],
      total: { screened: 18, found: 10, followedUp: 5 },
    });
  });

  it("answers counts only: no names, person or record ids", async () => {
    const text = await (await read(tokens.mitraKua, itemAll)).text();
    expect(text).not.toMatch(/Catin Uji|Siti|personId|"id"|\d{4}-\d{2}-\d{2}/);
    // The only id in the answer is the item's own.
    expect(text.replaceAll(itemAll, "item").match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)).toBeNull();
  });

  it("keeps to the item's desa, within the commitment's kecamatan", async () => {
    // Pekon B only (and a desa of another kecamatan, which is ignored): 2 healthy brides.
    const itemB = await newItem(ids.officeKua, [DESA_B, DESA_OTHER_KEC]);
    expect(await (await read(tokens.mitraKua, itemB)).json()).toMatchObject({ desa: [{ code: DESA_B, screened: 2 }], total: { screened: 2, found: null, followedUp: null } });
  });

  it("suppresses small cells: 2 found of 4 screened in pekon B is not shown", async () => {
    const itemA = await newItem(ids.officeKua, [DESA_A]);
    // Pekon A alone: 16 screened. Its findings are hidden: an item over some of the kecamatan's desa
    // never shows them, or the kecamatan's figure minus this one would reveal the other desa's
    // (review of issue 15). Another year: nothing to hide.
    expect(((await (await read(tokens.mitraKua, itemA)).json()) as { total: unknown }).total).toEqual({ screened: 16, found: null, followedUp: null });
    expect(((await (await read(tokens.mitraKua, itemA, 2025)).json()) as { total: unknown }).total).toEqual({ screened: 0, found: null, followedUp: null });
    // Two more anaemic, unfollowed brides in pekon B: 20 screened, 12 found, 5 followed up (12 − 5 = 7: shown);
    // pekon B alone: 4 screened, 2 found → suppressed, and its follow-up count with it.
    await catinOf(tokens.pustuB, DESA_B, ids.dusunB1, () => [bride("2026-10-01", { hb: 10.8, lila: 23 })], 2);
    const itemB = await newItem(ids.officeKua, [DESA_B]);
    expect(((await (await read(tokens.mitraKua, itemB)).json()) as { total: unknown }).total).toEqual({ screened: 4, found: null, followedUp: null });
    expect(((await (await read(tokens.mitraKua, itemAll)).json()) as { total: unknown }).total).toEqual({ screened: 20, found: 12, followedUp: 5 });
  });

  it("no two items' figures subtract to a hidden cell (the kecamatan is the only finding cell)", async () => {
    // Every item over a subset of the kecamatan's desa: its found/followedUp are null, so no
    // difference between the kecamatan-wide item and a subset item (or two subsets) is defined.
    const items = [itemAll, await newItem(ids.officeKua, [DESA_A]), await newItem(ids.officeKua, [DESA_B]), await newItem(ids.officeKua, [DESA_A, DESA_B])];
    const totals = await Promise.all(items.map(async (i) => ((await (await read(tokens.mitraKua, i)).json()) as { total: { found: number | null; followedUp: number | null } }).total));
    const shownFound = totals.map((t) => t.found).filter((f) => f !== null);
    // Only one distinct shown value (the whole kecamatan's): an item naming every desa is the same cell.
    expect(new Set(shownFound).size).toBeLessThanOrEqual(1);
    expect(totals[1]!.found).toBeNull();
    expect(totals[2]!.found).toBeNull();
    expect(totals[1]!.followedUp).toBeNull();
  });

  it("is read by whoever reads the item; another office, another kecamatan and a kader get 403", async () => {
    for (const who of ["mitraKua", "camat", "puskesmas", "pustu", "dinkes"] as const) expect((await read(tokens[who], itemAll)).status, who).toBe(200);
    for (const who of ["mitraPkk", "puskesmasOther", "kader"] as const) expect((await read(tokens[who], itemAll)).status, who).toBe(403);
    const kuaOther = await enrollUser("mitraKuaLain", { role: "mitra", areaCode: KEC_OTHER, officeId: uuidv7() });
    const res = await read(kuaOther.token, itemAll);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/screened/);
    expect((await read(tokens.mitraKua, uuidv7())).status).toBe(404);
  });

  it("an item of an office without a live figure answers indicator: null", async () => {
    const itemPkk = await newItem(ids.officePkk, null);
    expect(await (await read(tokens.puskesmas, itemPkk)).json()).toEqual({ itemId: itemPkk, indicator: null });
  });
});
