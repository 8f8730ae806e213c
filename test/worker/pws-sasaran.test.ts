import { beforeAll, describe, expect, it } from "vitest";
import type { PwsMissed, PwsTable, PwsTrend } from "../../domain/pws/types.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DESA_A, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

/**
 * The due-age cohort of each antigen and of IDL (issue 11; domain/pws/rules.ts cohortRange): the
 * persons who reached the antigen's due age in the month, or from 1 January to the month's end;
 * the yearly PTM and lansia screenings keep the annual sasaran (the band as the year opened). A
 * desa with two babies born in 2025 and four in 2026: over last year's births (the rule before),
 * HB0, given to this year's babies, was 3 ÷ 2 = 150 %; over the babies born this year it is
 * 3 ÷ 4 = 75 %. MR 1 (9 months) and the booster MR 2 (18 months) are hand-counted beside it.
 *
 * Every figure below is counted by hand from the fixture.
 */
let tokens: Record<RoleName, string>;
const P: Record<string, string> = {};
const M = "2026-10";

const rec = (personId: string, formId: string, visitDate: string, data: Record<string, unknown>) =>
  mutation("record", uuidv7(), "create", { personId, formId, formVersion: 1, visitDate, facilityId: null, data });
const PTM_VALID = {
  td1_sistolik: 120, td1_diastolik: 80, td2_sistolik: 118, td2_diastolik: 78, jenis_gula_darah: "gds", gula_darah: 110,
  bb: 60, tb: 160, lingkar_perut: 78, merokok: "tidak", aktivitas_cukup: true, gula_lebih: false, garam_lebih: false,
  lemak_lebih: false, sayur_buah_kurang: false, penglihatan: "normal", pendengaran: "normal", skrining_jiwa: false,
};
const BASIC = ["hb0", "bcg", "opv1", "dpt1", "opv2", "pcv1", "rv1", "dpt2", "opv3", "pcv2", "rv2", "dpt3", "opv4", "ipv1", "rv3", "mr1", "ipv2"];
const AFTER_HB0 = BASIC.slice(1);

async function ok(token: string, muts: ReturnType<typeof mutation>[]) {
  const res = await pushAs(token, muts);
  expect(res.results.map((r) => (r.status === "rejected" ? JSON.stringify(r.error) : r.status)), "push").toEqual(muts.map(() => "applied"));
}

async function get<T>(path: string): Promise<T> {
  const res = await api("GET", path, { token: tokens.puskesmas });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<T>;
}
const cell = (t: PwsTable, id: string) => t.cells[id]![DESA_A]!;

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  const hh = uuidv7();
  for (const k of ["z1", "x1", "y1", "y2", "y3", "y4", "e5", "g1"]) P[k] = uuidv7();
  const p = (k: string, sex: string, birthDate: string) => mutation("person", P[k]!, "create", person(hh, { name: `Uji ${k}`, sex, birthDate }));
  await ok(tokens.pustu, [
    mutation("household", hh, "create", household(DESA_A, ids.dusunA1)),
    p("z1", "L", "2025-04-20"), p("x1", "P", "2025-12-10"),
    p("y1", "L", "2026-02-05"), p("y2", "P", "2026-05-20"), p("y3", "L", "2026-09-14"), p("y4", "P", "2026-10-03"),
    p("e5", "L", "2026-07-07"), p("g1", "L", "1966-06-01"),
  ]);
  await ok(tokens.pustu, [
    // z1: HB0 at birth, every other basic antigen at 9 months (January 2026): IDL, counted in
    // April 2026, the month of the first birthday.
    rec(P.z1!, "imunisasi", "2025-04-20", { antigen: ["hb0"] }),
    rec(P.z1!, "imunisasi", "2026-01-25", { antigen: AFTER_HB0 }),
    // x1: HB0 at birth (2025), nothing since.
    rec(P.x1!, "imunisasi", "2025-12-10", { antigen: ["hb0"] }),
    // y1, y2, y3: HB0 at birth in 2026; y1 BCG in March. y4 (born in October): nothing yet.
    rec(P.y1!, "imunisasi", "2026-02-05", { antigen: ["hb0"] }),
    rec(P.y1!, "imunisasi", "2026-03-05", { antigen: ["bcg"] }),
    rec(P.y2!, "imunisasi", "2026-05-20", { antigen: ["hb0"] }),
    rec(P.y3!, "imunisasi", "2026-09-14", { antigen: ["hb0"] }),
    rec(P.e5!, "imunisasi", "2026-07-07", { antigen: ["hb0"] }),
    // g1: screened for PTM in March 2026 at 59; 60 since June.
    rec(P.g1!, "ptm", "2026-03-10", PTM_VALID),
  ]);
  // e5, born in 2026, removed from the registry: no longer in any sasaran, nor its dose.
  await ok(tokens.pustu, [mutation("person", P.e5!, "delete", {}, 1)]);
});

// The cohorts of desa A, by hand (reached age A months in a period ⇔ born A months before it):
// - HB0 (0 months): born in October: y4 = 1; January–October 2026: y1 y2 y3 y4 = 4 (not e5, deleted).
// - BCG (1 month): born in September: y3 = 1; December 2025–September 2026: x1 y1 y2 y3 = 4.
// - DPT-HB-Hib 1 (2 months): born in August: 0; November 2025–August 2026: x1 y1 y2 = 3.
// - MR 1 (9 months): born in January 2026: 0; April 2025–January 2026: z1 x1 = 2.
// - IDL (12 months): born in October 2025: 0; January–October 2025: z1 = 1.
// - MR 2 (18 months): born in April 2025: z1 = 1; July 2024–April 2025: z1 = 1.
// 15–59 on 31 December 2025 (born 1966–2010): g1 = 1; 60+ then: 0.
// The rule before (annual sasaran, born in 2025: z1 x1 = 2) gave HB0 3 ÷ 2 = 150 %, BCG 2 ÷ 2,
// IDL in January 1 ÷ 2, MR 1 in January 1 ÷ 2.

describe("PWS due-age cohorts of the antigens and IDL", () => {
  it("October: the month and the year to date over each antigen's cohort", async () => {
    const t = await get<PwsTable>(`/api/pws?month=${M}`);
    // HB0 in 2026: y1 y2 y3 (z1's and x1's were in 2025; e5 is deleted). 75 %, not 150 %.
    expect(cell(t, "imunisasi.hb0")).toEqual({ month: { num: 0, den: 1 }, ytd: { num: 3, den: 4 } });
    // BCG in 2026: z1 (January, catch-up) and y1 (March).
    expect(cell(t, "imunisasi.bcg")).toEqual({ month: { num: 0, den: 1 }, ytd: { num: 2, den: 4 } });
    // DPT-HB-Hib 1 and MR 1 in 2026: z1 (January).
    expect(cell(t, "imunisasi.dpt1")).toEqual({ month: { num: 0, den: 0 }, ytd: { num: 1, den: 3 } });
    expect(cell(t, "imunisasi.mr1")).toEqual({ month: { num: 0, den: 0 }, ytd: { num: 1, den: 2 } });
    // IDL: z1, counted in April (its first birthday), among those who turned one this year (z1).
    expect(cell(t, "imunisasi.idl")).toEqual({ month: { num: 0, den: 0 }, ytd: { num: 1, den: 1 } });
    // MR 2: z1 reached 18 months in October, not given.
    expect(cell(t, "imunisasi.mr2")).toEqual({ month: { num: 0, den: 1 }, ytd: { num: 0, den: 1 } });
    // g1 was 59 as 2026 opened: in the 15–59 sasaran, screened in March; not in the 60+.
    expect(cell(t, "ptm.skrining_produktif")).toEqual({ month: { num: 0, den: 1 }, ytd: { num: 1, den: 1 } });
    expect(cell(t, "ptm.skrining_lansia")).toEqual({ month: { num: 0, den: 0 }, ytd: { num: 0, den: 0 } });
  });

  it("January and April: the cohort grows with the year", async () => {
    const jan = await get<PwsTable>("/api/pws?month=2026-01");
    // MR 1: z1 reached 9 months in January and was given it then.
    expect(cell(jan, "imunisasi.mr1")).toEqual({ month: { num: 1, den: 1 }, ytd: { num: 1, den: 1 } });
    // IDL: z1 is not one yet; its IDL counts in April.
    expect(cell(jan, "imunisasi.idl")).toEqual({ month: { num: 0, den: 0 }, ytd: { num: 0, den: 0 } });
    const apr = await get<PwsTable>("/api/pws?month=2026-04");
    expect(cell(apr, "imunisasi.idl")).toEqual({ month: { num: 1, den: 1 }, ytd: { num: 1, den: 1 } });
  });

  it("the trend: each month over the babies who reached the due age in it", async () => {
    const t = await get<PwsTrend>(`/api/pws/trend?indicator=imunisasi.hb0&to=${M}`);
    expect(t.months[0]).toBe("2025-11");
    const z = { num: 0, den: 0 };
    const one = { num: 1, den: 1 };
    // Born: x1 December, y1 February, y2 May, y3 September, y4 October (no HB0 yet).
    expect(t.series[DESA_A]).toEqual([z, one, z, one, z, z, one, z, z, z, one, { num: 0, den: 1 }]);
  });

  it("the drill-down lists the persons of the cohort not yet served", async () => {
    const hb0 = await get<PwsMissed>(`/api/pws/missed?indicator=imunisasi.hb0&unit=${DESA_A}&month=${M}`);
    expect(hb0.people.map((x) => [x.name, x.missing])).toEqual([["Uji y4", ["hb0"]]]);
    const mr1 = await get<PwsMissed>(`/api/pws/missed?indicator=imunisasi.mr1&unit=${DESA_A}&month=${M}`);
    expect(mr1.people.map((x) => x.name)).toEqual(["Uji x1"]);
    // IDL in October: z1 is complete; in December x1 turns one, without the antigens after HB0.
    expect((await get<PwsMissed>(`/api/pws/missed?indicator=imunisasi.idl&unit=${DESA_A}&month=${M}`)).people).toEqual([]);
    const idl = await get<PwsMissed>(`/api/pws/missed?indicator=imunisasi.idl&unit=${DESA_A}&month=2026-12`);
    expect(idl.people.map((x) => [x.name, x.missing])).toEqual([["Uji x1", AFTER_HB0]]);
    // g1 was screened this year and is in the 15–59 sasaran; the 60+ list has nobody.
    expect((await get<PwsMissed>(`/api/pws/missed?indicator=ptm.skrining_produktif&unit=${DESA_A}&month=${M}`)).people).toEqual([]);
    expect((await get<PwsMissed>(`/api/pws/missed?indicator=ptm.skrining_lansia&unit=${DESA_A}&month=${M}`)).people).toEqual([]);
  });
});
