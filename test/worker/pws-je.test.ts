import { beforeAll, describe, expect, it } from "vitest";
import type { PwsTable } from "../../domain/pws/types.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_A, enrollUser, household, insertRow, KEC, mutation, person, seedWorld, type RoleName } from "./fixtures.ts";
import { ok, rec } from "./pws-world.ts";

/**
 * JE in the PWS (issue 15): a coverage over the 10-month cohort, only where JE is in the routine
 * programme (domain/area/je-endemic.ts: Bali, Kalimantan Barat, DI Yogyakarta). A pekon of Bali
 * (51) beside the Lampung world (18): there the indicator is in the table and counted; in Lampung
 * it is not in the table at all (no desa of the view has its sasaran). October 2026; by hand below.
 */
const BALI_KAB = "51.71";
const BALI_KEC = "51.71.01";
const BALI_DESA = "51.71.01.1001";
const BALI_DUSUN = uuidv7();
let tokens: Record<RoleName, string>;
let bali: { puskesmas: string; pustu: string };
const M = "2026-10";

async function table(token: string, area?: string): Promise<PwsTable> {
  const res = await api("GET", `/api/pws?month=${M}${area ? `&area=${area}` : ""}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<PwsTable>;
}

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  await insertRow("area", BALI_KAB, { parentCode: "51", level: "kabupaten", name: "Kota Denpasar", desaTerm: "desa" }, { area: BALI_KAB });
  await insertRow("area", BALI_KEC, { parentCode: BALI_KAB, level: "kecamatan", name: "Denpasar Selatan", desaTerm: "desa" }, { area: BALI_KEC });
  await insertRow("area", BALI_DESA, { parentCode: BALI_KEC, level: "desa", name: "Sanur", desaTerm: "desa" }, { area: BALI_DESA });
  await insertRow("dusun", BALI_DUSUN, { desaCode: BALI_DESA, name: "Banjar I" }, { area: BALI_DESA });
  bali = {
    puskesmas: (await enrollUser("puskesmasBali", { role: "puskesmas", areaCode: BALI_KEC })).token,
    pustu: (await enrollUser("pustuBali", { role: "pustu", areaCode: BALI_DESA })).token,
  };
  const hh = uuidv7();
  const [j1, j2, j3, a1] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
  const p = (id: string, sex: string, birthDate: string, h = hh) => mutation("person", id, "create", person(h, { name: "Uji je", sex, birthDate }));
  await ok(bali.pustu, [
    mutation("household", hh, "create", household(BALI_DESA, BALI_DUSUN)),
    // j1 born 10 December 2025: 10 months in October; JE on 12 October.
    // j2 born 5 January 2025: 10 months in November 2025 (last year's cohort); JE (kejar) on 3 March 2026.
    // j3 born 20 March 2026: reaches 10 months in January 2027, not in the 2026 cohort.
    p(j1, "P", "2025-12-10"), p(j2, "L", "2025-01-05"), p(j3, "L", "2026-03-20"),
  ]);
  await ok(bali.pustu, [
    rec(j1, "imunisasi", "2026-10-12", { antigen: ["je"] }, 2),
    rec(j2, "imunisasi", "2026-03-03", { antigen: ["je"] }, 2),
  ]);
  // In Lampung (desa A): a child born in December 2025 given JE anyway (moved from Bali, say).
  const hA = uuidv7();
  await ok(tokens.pustu, [mutation("household", hA, "create", household(DESA_A)), p(a1, "P", "2025-12-01", hA)]);
  await ok(tokens.pustu, [rec(a1, "imunisasi", "2026-10-02", { antigen: ["je"] }, 2)]);
});

describe("PWS JE: only where JE is in the routine programme", () => {
  it("a Bali kecamatan: JE over the 10-month cohort", async () => {
    const t = await table(bali.puskesmas);
    expect(t.indicators).toContain("imunisasi.je");
    // Cohort: reached 10 months in October (born December 2025): j1; from January (born March–December 2025): j1.
    // Doses: j1 in October; j2's catch-up in March counts in the year's doses (as the other antigens' kejar doses).
    expect(t.cells["imunisasi.je"]![BALI_DESA]).toEqual({ month: { num: 1, den: 1 }, ytd: { num: 2, den: 1 } });
    expect(t.targets["imunisasi.je"]).toBe(90);
    // The desa view (its dusun): the same.
    const d = await table(bali.pustu);
    expect(d.total["imunisasi.je"]).toEqual({ month: { num: 1, den: 1 }, ytd: { num: 2, den: 1 } });
  });

  it("a Lampung kecamatan or desa has no JE column; the trend there has no sasaran", async () => {
    for (const [token, area] of [[tokens.puskesmas, undefined], [tokens.pustu, undefined], [tokens.dinkes, undefined]] as const) {
      const t = await table(token, area);
      expect(t.indicators).not.toContain("imunisasi.je");
      expect(t.cells["imunisasi.je"]).toBeUndefined();
      expect(t.indicators).toContain("imunisasi.idl");
    }
    const res = await api("GET", `/api/pws/trend?indicator=imunisasi.je&to=${M}&area=${KEC}`, { token: tokens.puskesmas });
    expect(res.status).toBe(200);
    const tr = (await res.json()) as { total: { num: number; den: number }[] };
    // a1's dose in October is counted; no desa of the view has a JE sasaran: "—".
    expect(tr.total[11]).toEqual({ num: 1, den: 0 });
  });
});
