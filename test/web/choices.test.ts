import { describe, expect, it } from "vitest";
import { can } from "../../domain/access/policy.ts";
import { mayLeaveDusunEmpty, principalOf, writableDesa, writableDusun } from "../../web/src/util/choices.ts";

const DESA = "18.04.01.2001";
const OTHER_DESA = "18.04.01.2002";
const areas = [
  { id: "18.04.01", data: { level: "kecamatan" } },
  { id: DESA, data: { level: "desa" } },
  { id: OTHER_DESA, data: { level: "desa" } },
];
const dusun = [
  { id: "d1", data: { desaCode: DESA, name: "Dusun I" } },
  { id: "d2", data: { desaCode: DESA, name: "Dusun II" } },
  { id: "d3", data: { desaCode: OTHER_DESA, name: "Dusun A" } },
];
const user = (role: "kader" | "pustu" | "puskesmas", areaCode: string, dusunId: string | null = null) => principalOf({ id: "u", role, areaCode, dusunId, officeId: null });

/** Issue 12: a screen offers only what the server's policy lets the user write. */
describe("choices follow domain/access", () => {
  it("a kader bound to Dusun I is offered Dusun I only, and must choose it", () => {
    const kader = user("kader", DESA, "d1");
    expect(writableDesa(kader, areas).map((a) => a.id)).toEqual([DESA]);
    expect(writableDusun(kader, DESA, dusun).map((d) => d.id)).toEqual(["d1"]);
    expect(mayLeaveDusunEmpty(kader, DESA)).toBe(false);
    // What the push would check for each offered choice (worker/services/push/decide.ts authorize).
    for (const d of writableDusun(kader, DESA, dusun)) expect(can(kader, "health:write", { areaCode: DESA, dusunId: d.id })).toBe(true);
    expect(can(kader, "health:write", { areaCode: DESA, dusunId: "d2" })).toBe(false);
  });
  it("a pustu is offered its desa and every dusun of it; a puskesmas every desa of its kecamatan", () => {
    const pustu = user("pustu", DESA);
    expect(writableDesa(pustu, areas).map((a) => a.id)).toEqual([DESA]);
    expect(writableDusun(pustu, DESA, dusun).map((d) => d.id)).toEqual(["d1", "d2"]);
    expect(writableDusun(pustu, OTHER_DESA, dusun)).toEqual([]);
    expect(mayLeaveDusunEmpty(pustu, DESA)).toBe(true);
    const pkm = user("puskesmas", "18.04.01");
    expect(writableDesa(pkm, areas).map((a) => a.id)).toEqual([DESA, OTHER_DESA]);
    expect(writableDusun(pkm, OTHER_DESA, dusun).map((d) => d.id)).toEqual(["d3"]);
  });
});
