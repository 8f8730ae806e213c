import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PWS_INDICATOR_BY_ID } from "../../domain/pws/indicators.ts";
import type { PwsCell, PwsTable } from "../../domain/pws/types.ts";
import { MONTHLY_REPORT_IDS, MONTHLY_REPORTS, type MonthlyReportId, type ReportColumn } from "../../domain/reports/monthly.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { ANC_ANSWERS, api, DESA_A, DESA_B, DESA_OTHER_KEC, household, ids, KAB, KEC, KEC_OTHER, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

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

const rec = (personId: string, formId: string, visitDate: string, data: Record<string, unknown>) =>
  mutation("record", uuidv7(), "create", { personId, formId, formVersion: 1, visitDate, facilityId: null, data });

async function ok(token: string, muts: ReturnType<typeof mutation>[]) {
  const res = await pushAs(token, muts);
  expect(res.results.map((r) => (r.status === "rejected" ? JSON.stringify(r.error) : r.status)), "push").toEqual(muts.map(() => "applied"));
}

// Complete answer sets, as in pws.test.ts.
const NIFAS_VALID = {
  tanggal_persalinan: "2026-03-05", tempat_persalinan: "faskes", penolong: "bidan", td_sistolik: 110, td_diastolik: 70, suhu: 36.8,
  perdarahan: "normal", tanda_bahaya: ["tidak_ada"], menyusui: "eksklusif", konseling_kb: true,
};
const NEONATAL_VALID = {
  tanggal_lahir: "2026-03-08", jam_lahir: "07:45", tempat_lahir: "faskes", berat_lahir: 3100, tali_pusat: "normal",
  vitamin_k: true, hb0: "kurang_24_jam", asi_eksklusif: true, tanda_bahaya: ["tidak_ada"],
};
const PTM_VALID = {
  td1_sistolik: 120, td1_diastolik: 80, td2_sistolik: 118, td2_diastolik: 78, jenis_gula_darah: "gds", gula_darah: 110,
  bb: 60, tb: 160, lingkar_perut: 78, merokok: "tidak", aktivitas_cukup: true, gula_lebih: false, garam_lebih: false,
  lemak_lebih: false, sayur_buah_kurang: false, penglihatan: "normal", pendengaran: "normal", skrining_jiwa: false,
};
const LANSIA_VALID = {
  ...PTM_VALID, penglihatan: undefined, pendengaran: undefined, skrining_jiwa: undefined,
  skilas_orientasi_salah: false, skilas_tidak_ingat: false, skilas_kursi_gagal: false, skilas_bb_turun: false, skilas_nafsu_makan: false,
  lila: 26, skilas_masalah_mata: false, skilas_hitung_jari_gagal: false, skilas_tes_bisik: "dengar", skilas_sedih: false, skilas_kurang_minat: false,
  aks_bab: "2", aks_bak: "2", aks_membersihkan_diri: "1", aks_jamban: "2", aks_makan: "2", aks_berpindah: "3",
  aks_berjalan: "3", aks_berpakaian: "2", aks_tangga: "2", aks_mandi: "1",
};
const ANC_EARLY = { ...ANC_ANSWERS, tfu: undefined, djj: undefined };

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  const H = { a1: uuidv7(), a2: uuidv7(), b: uuidv7(), o: uuidv7() };
  for (const k of ["b1", "b2", "b3", "i1", "c1", "n1", "w1", "w3", "a1", "a2", "l1"]) P[k] = uuidv7();
  const pA = (k: string, hh: string, sex: string, birthDate: string, extra: Record<string, unknown> = {}) => mutation("person", P[k]!, "create", person(hh, { name: `Uji ${k}`, sex, birthDate, ...extra }));
  await ok(tokens.pustu, [
    mutation("household", H.a1, "create", household(DESA_A, ids.dusunA1)),
    mutation("household", H.a2, "create", household(DESA_A, ids.dusunA2)),
    pA("b1", H.a1, "L", "2025-01-15"), pA("b2", H.a2, "P", "2025-06-01"), pA("i1", H.a1, "P", "2026-03-10"), pA("c1", H.a2, "L", "2025-09-01"),
    pA("n1", H.a1, "P", "2026-10-01"), pA("w1", H.a1, "P", "1995-03-04", { pregnant: true }), pA("w3", H.a2, "P", "1996-05-05"),
    pA("a1", H.a1, "L", "1980-02-02"), pA("a2", H.a2, "P", "1990-07-07"),
  ]);
  await ok(tokens.pustuB, [
    mutation("household", H.b, "create", household(DESA_B, ids.dusunB1)),
    pA("b3", H.b, "L", "2024-03-01"), pA("l1", H.b, "L", "1950-01-01"),
  ]);
  const basic = ["bcg", "opv1", "dpt1", "opv2", "pcv1", "rv1", "dpt2", "opv3", "pcv2", "rv2", "dpt3", "opv4", "ipv1", "rv3", "mr1", "ipv2"];
  await ok(tokens.pustu, [
    rec(P.b1!, "balita", "2026-09-10", { bb: 11.0, panjang_tinggi: 85.5, posisi_ukur: "berbaring" }),
    rec(P.b1!, "balita", "2026-10-12", { bb: 11.5, panjang_tinggi: 86, posisi_ukur: "berbaring" }),
    rec(P.b2!, "balita", "2026-10-05", { bb: 7.0, panjang_tinggi: 68, posisi_ukur: "berbaring" }),
    rec(P.i1!, "imunisasi", "2026-03-11", { antigen: ["hb0"] }),
    rec(P.i1!, "imunisasi", "2026-04-15", { antigen: ["bcg", "opv1"] }),
    rec(P.i1!, "imunisasi", "2026-05-12", { antigen: ["dpt1", "opv2", "pcv1", "rv1"] }),
    rec(P.c1!, "imunisasi", "2025-09-02", { antigen: ["hb0"] }),
    rec(P.c1!, "imunisasi", "2026-06-05", { antigen: basic }),
    rec(P.n1!, "neonatal", "2026-10-01", { ...NEONATAL_VALID, tanggal_lahir: "2026-10-01" }),
    rec(P.n1!, "neonatal", "2026-10-05", { ...NEONATAL_VALID, tanggal_lahir: "2026-10-01" }),
    rec(P.n1!, "neonatal", "2026-10-15", { ...NEONATAL_VALID, tanggal_lahir: "2026-10-01" }),
    rec(P.w1!, "anc", "2026-05-01", { ...ANC_EARLY, hpht: "2026-03-01", lila: 22.0, hb: undefined }),
    rec(P.w1!, "anc", "2026-07-10", { ...ANC_ANSWERS, hpht: "2026-03-01", hb: 10.2 }),
    rec(P.w1!, "anc", "2026-09-20", { ...ANC_ANSWERS, hpht: "2026-03-01", td_sistolik: 150, td_diastolik: 95 }),
    rec(P.w1!, "anc", "2026-10-15", { ...ANC_ANSWERS, hpht: "2026-03-01" }),
    ...["2026-08-02", "2026-08-05", "2026-08-15", "2026-09-05"].map((d) => rec(P.w3!, "nifas", d, { ...NIFAS_VALID, tanggal_persalinan: "2026-08-01" })),
    rec(P.a1!, "ptm", "2026-10-03", { ...PTM_VALID, td1_sistolik: 150, td1_diastolik: 95, td2_sistolik: 152, td2_diastolik: 96, gula_darah: 250 }),
    rec(P.a2!, "ptm", "2026-06-10", PTM_VALID),
  ]);
  await ok(tokens.pustuB, [
    rec(P.b3!, "balita", "2026-08-10", { bb: 13.0, panjang_tinggi: 92, posisi_ukur: "berdiri", vitamin_a: true, vitamin_a_kapsul: "merah" }),
    rec(P.l1!, "lansia", "2026-10-20", LANSIA_VALID),
  ]);
  // w1's referral (hypertension in September) came back: rujuk balik.
  const ref = await env.DB.prepare("SELECT r.id, r.version FROM referrals r JOIN records x ON x.id = r.record_id WHERE x.person_id = ? AND x.visit_date = '2026-09-20'").bind(P.w1).first<{ id: string; version: number }>();
  expect(ref, "the server made w1's referral").not.toBeNull();
  await ok(tokens.pustu, [mutation("referral", ref!.id, "update", { outcome: "datang_ditangani", outcomeAt: "2026-09-25" }, ref!.version)]);
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

/** A minimal RFC 4180 reader (quotes, doubled quotes, CRLF rows); the BOM must be stripped first. */
function parseCsv(s: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = "";
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      if (ch === '"' && s[i + 1] === '"') (f += '"'), i++;
      else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === sep) row.push(f), (f = "");
    else if (ch === "\r" && s[i + 1] === "\n") row.push(f), rows.push(row), (row = []), (f = ""), i++;
    else f += ch;
  }
  expect(f, "the file ends with CRLF").toBe("");
  return rows;
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
  return { res, rows: parseCsv(text.slice(1), q.sep === "semicolon" ? ";" : ","), text };
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
