import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PWS_INDICATOR_BY_ID } from "../../domain/pws/indicators.ts";
import type { PwsCell, PwsTable } from "../../domain/pws/types.ts";
import { MONTHLY_REPORT_IDS, MONTHLY_REPORTS, type MonthlyReportId, type ReportColumn } from "../../domain/reports/monthly.ts";
import { parseCsv } from "../../domain/util/csv.ts";
import { api, DESA_A, DESA_B, DESA_OTHER_KEC, ids, KAB, KEC, KEC_OTHER, type RoleName } from "./fixtures.ts";
import { seedPwsWorld } from "./pws-world.ts";

/**
 * The monthly report files (issue 13, part 4): GET /api/reports/monthly. A small world pushed
 * through the real push path (a subset of pws.test.ts's), then: the file's shape (BOM, header,
 * one row per desa or dusun and the total, both dialects); every figure of every report against
 * the cell of GET /api/pws for the same month and area, read independently of the report module;
 * a few figures against hand counts; who may download; bad input.
 */
const M = "2026-10";
let tokens: Record<RoleName, string>;
const P: Record<string, string> = {};

beforeAll(async () => {
  // The PWS golden tests' world without its TB, malaria and home-visit records (pws-world.ts).
  ({ tokens } = await seedPwsWorld());
});

// --- helpers ---

function get(q: Record<string, string | undefined>, token = tokens.puskesmas) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, v);
  return api("GET", `/api/reports/monthly?${p}`, { token });
}

async function pwsTable(month: string, area: string | undefined, token = tokens.puskesmas): Promise<PwsTable> {
  const res = await api("GET", `/api/pws?month=${month}${area ? `&area=${area}` : ""}`, { token });
  expect(res.status).toBe(200);
  return res.json() as Promise<PwsTable>;
}

/** The file as bytes and rows, after checking the answer's status, type and BOM. */
async function file(q: Record<string, string | undefined>, token = tokens.puskesmas) {
  const res = await get(q, token);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)], "UTF-8 BOM").toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.endsWith("\r\n"), "the file ends with CRLF").toBe(true);
  return { res, rows: parseCsv(text, q.sep === "semicolon" ? ";" : ","), text };
}

/**
 * What a column must show, read straight from the PWS cell and written independently of
 * domain/reports/monthly.ts: the count, or the console's percentage (one decimal; empty without a
 * denominator or below the indicator's minimum), with the dialect's decimal mark.
 */
function expected(col: ReportColumn, cell: PwsCell | undefined, decimal: "." | ","): string {
  expect(cell, `${col.indicator} has a PWS cell`).toBeDefined();
  const c = cell![col.scope];
  if (col.part !== "pct") return String(c[col.part]);
  const min = PWS_INDICATOR_BY_ID.get(col.indicator)!.minDenominator ?? 1;
  if (c.den <= 0 || c.den < min) return "";
  return String(Math.round((c.num / c.den) * 1000) / 10).replace(".", decimal);
}

/** Every figure of a report's file against the PWS table of the same month and area. */
async function compareWithPws(report: MonthlyReportId, area: string | undefined, sep: "comma" | "semicolon", token = tokens.puskesmas) {
  const table = await pwsTable(M, area, token);
  const { rows } = await file({ report, month: M, area, sep }, token);
  const def = MONTHLY_REPORTS[report];
  const [head, ...body] = rows;
  expect(head).toEqual(["Kode wilayah", table.area.level === "desa" ? "Dusun" : "Desa", ...def.columns.map((c) => c.header.id)]);
  expect(body.length, "one row per unit and the total").toBe(table.units.length + 1);
  const decimal = sep === "semicolon" ? "," : ".";
  let figures = 0;
  table.units.forEach((u, i) => {
    const row = body[i]!;
    expect(row.slice(0, 2)).toEqual([u.code, u.name]);
    def.columns.forEach((c, j) => {
      expect(row[2 + j], `${report} ${u.name} ${c.id}`).toBe(expected(c, table.cells[c.indicator]?.[u.code], decimal));
      figures++;
    });
  });
  const total = body[body.length - 1]!;
  expect(total.slice(0, 2)).toEqual([table.area.code, `Jumlah ${table.area.name}`]);
  def.columns.forEach((c, j) => {
    expect(total[2 + j], `${report} total ${c.id}`).toBe(expected(c, table.total[c.indicator], decimal));
    figures++;
  });
  return { rows, figures, table };
}

const cellOf = (rows: string[][], unit: string, header: string) => {
  const col = rows[0]!.indexOf(header);
  expect(col, header).toBeGreaterThan(1);
  const row = rows.find((r) => r[0] === unit);
  expect(row, unit).toBeDefined();
  return row![col];
};

// --- tests ---

describe("monthly report files: shape", () => {
  it("a CSV with a BOM, the header row, one row per desa and the total, named for the report, month and area", async () => {
    const { res, rows } = await file({ report: "gizi", month: M });
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="laporan-gizi-${M}-${KEC}.csv"`);
    expect(rows[0]!.slice(0, 5)).toEqual(["Kode wilayah", "Desa", "S (balita di wilayah)", "D (balita ditimbang)", "N (naik berat badan)"]);
    expect(rows.map((r) => r[0])).toEqual(["Kode wilayah", DESA_A, DESA_B, KEC]);
    expect(rows.map((r) => r[1])).toEqual(["Desa", "Kembahang", "Negeri Ratu", "Jumlah Batu Brak"]);
    for (const r of rows) expect(r.length).toBe(rows[0]!.length);
  });

  it("figures match the hand counts of the PWS golden test (pws.test.ts)", async () => {
    const gizi = (await file({ report: "gizi", month: M })).rows;
    // S, D, N of October: desa A b1 b2 c1 i1 n1 = 5, b1 b2 weighed, b1 gained; desa B b3, not weighed.
    expect([DESA_A, DESA_B, KEC].map((u) => ["S (balita di wilayah)", "D (balita ditimbang)", "N (naik berat badan)", "D/S (%)", "N/D (%)"].map((h) => cellOf(gizi, u, h)))).toEqual([
      ["5", "2", "1", "40", "50"], ["1", "0", "0", "0", ""], ["6", "2", "1", "33.3", "50"],
    ]);
    // D/S January–October: A 3 ÷ 39 = 7.7 %; B 1 ÷ 10.
    expect(cellOf(gizi, DESA_A, "D/S rata-rata Jan s.d. bulan ini (%)")).toBe("7.7");
    expect(cellOf(gizi, DESA_A, "Pendek + sangat pendek (PB/U, TB/U < −2 SD)")).toBe("1");
    const kia = (await file({ report: "kia", month: M })).rows;
    // w1: K1 in May, K4 in October, KEK at K1, anaemia, referred with rujuk balik; w3: facility birth, KF1–KF4; n1: KN1–KN3.
    expect(["K1 (akses) s.d. bulan ini", "K4 bulan ini", "K4 (%)", "K6 s.d. bulan ini", "Bumil KEK (LiLA < 23,5 cm) s.d. bulan ini", "Risti dirujuk, ada rujuk balik s.d. bulan ini", "Persalinan di fasyankes (PF) s.d. bulan ini", "KF lengkap (KF1–KF4) s.d. bulan ini", "KN lengkap (KN1–KN3) bulan ini", "Bayi lahir s.d. bulan ini"].map((h) => cellOf(kia, DESA_A, h)))
      .toEqual(["1", "1", "100", "0", "1", "1", "1", "1", "1", "2"]);
    const imm = (await file({ report: "imunisasi", month: M })).rows;
    // HB0: n1 in October and i1 in March, over the babies born in 2026 (i1 n1); BCG 2 doses (i1, c1's catch-up) over 1 child.
    expect(["HB0 bulan ini", "HB0 s.d. bulan ini", "Sasaran HB0 s.d. bulan ini", "HB0 (%)", "BCG s.d. bulan ini", "BCG (%)", "IDL s.d. bulan ini", "Sasaran IDL (ulang tahun pertama) s.d. bulan ini"].map((h) => cellOf(imm, DESA_A, h)))
      .toEqual(["1", "2", "2", "100", "2", "200", "1", "3"]);
    // Drop-out: 2 DPT-HB-Hib 1 doses, below the minimum of 10: the count, no percentage.
    expect(["DPT-HB-Hib 1 s.d. bulan ini (penyebut DO)", "DO DPT-HB-Hib 1 − MR 1 s.d. bulan ini", "DO DPT-HB-Hib 1 – MR 1 (%)"].map((h) => cellOf(imm, DESA_A, h))).toEqual(["2", "1", ""]);
    const ptm = (await file({ report: "ptm", month: M })).rows;
    // a1 screened in October (hypertension, suspected DM), a2 in June; l1 (desa B) a lansia screening in October.
    expect(["Sasaran usia 15–59 tahun (awal tahun)", "Diskrining 15–59 bulan ini", "Diskrining 15–59 s.d. bulan ini", "Skrining 15–59 (%)", "Hipertensi (TD ≥ 140/90) bulan ini", "Curiga DM s.d. bulan ini", "Hipertensi (%)"].map((h) => cellOf(ptm, DESA_A, h)))
      .toEqual(["4", "1", "2", "50", "1", "1", "50"]);
    expect(["Lansia diskrining bulan ini", "Skrining lansia (%)", "Diperiksa PTM (15+) bulan ini"].map((h) => cellOf(ptm, DESA_B, h))).toEqual(["1", "100", "1"]);
  });

  it("the semicolon option is Excel's Indonesian dialect: ';' between fields, a decimal comma, the same cells otherwise", async () => {
    for (const report of MONTHLY_REPORT_IDS) {
      const comma = (await file({ report, month: M, sep: "comma" })).rows;
      const { rows: semi, text } = await file({ report, month: M, sep: "semicolon" });
      expect(text.split("\r\n")[0]!.split(";").length, "header split by ';'").toBe(semi[0]!.length);
      expect(semi).toEqual(comma.map((r) => r.map((c) => (/^-?\d+\.\d+$/.test(c) ? c.replace(".", ",") : c))));
    }
    const gizi = (await file({ report: "gizi", month: M, sep: "semicolon" })).rows;
    expect(cellOf(gizi, DESA_A, "D/S rata-rata Jan s.d. bulan ini (%)")).toBe("7,7");
    expect(cellOf(gizi, KEC, "D/S (%)")).toBe("33,3");
    // The default is the RFC 4180 comma dialect.
    const plain = await get({ report: "gizi", month: M });
    expect((await plain.text()).split("\r\n")[0]).toContain("Kode wilayah,Desa,");
  });
});

describe("monthly report files: every figure is the PWS cell", () => {
  it.each(MONTHLY_REPORT_IDS)("%s: the kecamatan (one row per desa) and a desa (one row per dusun), both dialects", async (report) => {
    const kec = await compareWithPws(report, undefined, "comma");
    expect(kec.table.units.map((u) => u.code)).toEqual([DESA_A, DESA_B]);
    expect(kec.figures).toBe(MONTHLY_REPORTS[report].columns.length * 3);
    const desa = await compareWithPws(report, DESA_A, "semicolon");
    expect(desa.rows[0]![1]).toBe("Dusun");
    expect(desa.table.units.map((u) => u.code).sort()).toEqual([ids.dusunA1, ids.dusunA2].sort());
    // A desa's file sums to the desa's row of the kecamatan's file.
    const total = desa.rows[desa.rows.length - 1]!;
    const inKec = kec.rows.find((r) => r[0] === DESA_A)!;
    expect(total.slice(2).map((c) => c.replace(",", "."))).toEqual(inKec.slice(2));
  });

  it("the dinkes: its kabupaten, every desa of every kecamatan", async () => {
    for (const report of MONTHLY_REPORT_IDS) {
      const { table, rows } = await compareWithPws(report, undefined, "comma", tokens.dinkes);
      expect(table.area.code).toBe(KAB);
      expect(rows.map((r) => r[0]).slice(1)).toEqual([DESA_A, DESA_B, DESA_OTHER_KEC, KAB]);
    }
    await compareWithPws("kia", KEC, "semicolon", tokens.dinkes);
  });

  it("every column reads an existing PWS indicator", () => {
    for (const r of Object.values(MONTHLY_REPORTS)) for (const c of r.columns) expect(PWS_INDICATOR_BY_ID.has(c.indicator), `${r.id} ${c.id}`).toBe(true);
  });
});

describe("monthly report files: access and bad input", () => {
  it("403 for pustu, kader, camat and mitra; a puskesmas outside its kecamatan; no token 401", async () => {
    for (const role of ["pustu", "pustuB", "kader", "camat", "mitraKua", "mitraPkk"] as const) {
      const res = await get({ report: "gizi", month: M }, tokens[role]);
      expect(res.status, role).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      // Naming an area it holds does not help: the permission is missing.
      expect((await get({ report: "gizi", month: M, area: DESA_A }, tokens[role])).status, `${role} desa`).toBe(403);
    }
    for (const [token, area] of [[tokens.puskesmasOther, KEC], [tokens.puskesmasOther, DESA_A], [tokens.puskesmas, KEC_OTHER], [tokens.puskesmas, DESA_OTHER_KEC], [tokens.puskesmas, KAB]] as const) {
      const res = await get({ report: "kia", month: M, area }, token);
      expect(res.status, area).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    // A puskesmas of another kecamatan gets its own kecamatan, never Batu Brak's rows.
    const own = await file({ report: "gizi", month: M }, tokens.puskesmasOther);
    expect(own.rows.map((r) => r[0]).slice(1)).toEqual([DESA_OTHER_KEC, KEC_OTHER]);
    expect((await api("GET", `/api/reports/monthly?report=gizi&month=${M}`)).status).toBe(401);
  });

  it("bad input is a 4xx with {error: {code, message, details}}", async () => {
    for (const q of [
      { report: "lb1", month: M },
      { report: "gizi", month: "2026-13" },
      { report: "gizi", month: "Oktober" },
      { report: "gizi" },
      { month: M },
      { report: "gizi", month: M, sep: "tab" },
      { report: "gizi", month: M, area: "not-a-code" },
      { report: "gizi", month: M, area: "18" },
      { report: "gizi", month: M, extra: "1" },
    ] as Record<string, string>[]) {
      const res = await get(q);
      expect(res.status, JSON.stringify(q)).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe("validation_failed");
      expect(typeof body.error.message).toBe("string");
      expect(body.error.details).not.toBeNull();
    }
    const unknown = await get({ report: "gizi", month: M, area: "18.04.10.9999" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("unknown_area");
  });
});
