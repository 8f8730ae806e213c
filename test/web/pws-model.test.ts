/** The console's screen logic against typed fixtures of domain/pws/types.ts: columns, cells, CSV rows, targets. */
import { describe, expect, it } from "vitest";
import { pwsEn, pwsId } from "../../web/src/i18n/pws.ts";
import { CSV_DIALECTS, toCsv } from "../../web/src/screens/pws/csv.ts";
import {
  addMonths, ageText, cellView, columnGroups, isMonth, missedCsvRows, missingText, monthChoices, NAME_ROLES, parseTarget, PWS_ROLES, sortMissed,
  tableCsvRows, targetIssues, trendCsvRows, type CsvWords,
} from "../../web/src/screens/pws/model.ts";
import { METAS, missed, table, trend } from "./pws-fixtures.ts";

const W: CsvWords = {
  unit: "Desa", code: "kode", groupHeader: "Kelompok", group: (g) => g, indicator: "Indikator", target: "Target",
  monthNum: "mn", monthDen: "md", monthPct: "m%", ytdNum: "yn", ytdDen: "yd", ytdPct: "y%", targetYtd: "T ytd", total: "Total",
};
const AGES = { months: "{n} bln", years: "{n} th", weeks: "hamil {n} mgg" };

describe("PWS table model", () => {
  it("groups columns in the groups' order, keeps the server's order within a group, drops unknown ids", () => {
    const g = columnGroups(table(), METAS);
    expect(g.map((x) => x.group)).toEqual(["balita", "imunisasi", "ibu_hamil", "keluarga"]);
    expect(g[0]!.columns.map((c) => c.meta.id)).toEqual(["balita.ds", "balita.stunting"]);
    expect(g.flatMap((x) => x.columns).some((c) => c.meta.id === "future.x")).toBe(false);
    expect(g[0]!.columns[0]!.target).toBe(80); // the table's target (the puskesmas's own), not the default 85
  });

  it("a cell shows the cumulative percent and its colour; '—' without a denominator", () => {
    const [balita] = columnGroups(table(), METAS);
    const [ds, stunting] = balita!.columns;
    const t = table();
    const M = t.month;
    expect(cellView(ds!, t.cells["balita.ds"]!["18.04.10.2001"], "id-ID", M)).toMatchObject({ value: 90, text: "90,0", reach: "good", num: 45, den: 50, target: 80, note: null });
    expect(cellView(ds!, t.cells["balita.ds"]!["18.04.10.2002"], "id-ID", M).reach).toBe("near");
    expect(cellView(ds!, t.cells["balita.ds"]!["18.04.10.2003"], "id-ID", M)).toMatchObject({ value: null, text: "—", reach: "none" });
    expect(cellView(ds!, undefined, "id-ID", M).text).toBe("—");
    expect(cellView(stunting!, t.cells["balita.stunting"]!["18.04.10.2001"], "en-GB", M)).toMatchObject({ text: "12.5", reach: "good" });
    expect(cellView(stunting!, t.cells["balita.stunting"]!["18.04.10.2002"], "en-GB", M).reach).toBe("near");
    expect(cellView(stunting!, t.cells["balita.stunting"]!["18.04.10.2003"], "en-GB", M).reach).toBe("bad");
    // Not pro-rated: the month's own figure against the target as set (D/S month 80 % of 80).
    expect(cellView(ds!, t.cells["balita.ds"]!["18.04.10.2001"], "id-ID", M).month).toMatchObject({ value: 80, reach: "good", target: 80 });
  });

  it("a pro-rated indicator: the year to date against target × month ÷ 12, the month against target ÷ 12", () => {
    const t = table(); // November, IDL target 95
    const idl = columnGroups(t, METAS).flatMap((g) => g.columns).find((c) => c.meta.id === "imunisasi.idl")!;
    const view = (u: string) => cellView(idl, t.cells["imunisasi.idl"]![u], "id-ID", t.month);
    const a = view("18.04.10.2001");
    expect(a).toMatchObject({ value: 88, reach: "good" }); // against the full 95 it would be "near"
    expect(a.target).toBeCloseTo((95 * 11) / 12);
    expect(a.month).toMatchObject({ value: 8, reach: "good" });
    expect(a.month.target).toBeCloseTo(95 / 12);
    expect(view("18.04.10.2002")).toMatchObject({ value: 70, reach: "near", month: { value: 5, reach: "bad" } });
    expect(view("18.04.10.2003").reach).toBe("bad");
    // In March the same 22 of 25 is far above the target to date.
    expect(cellView(idl, t.cells["imunisasi.idl"]!["18.04.10.2001"], "id-ID", "2026-03").target).toBeCloseTo(95 / 4);
  });

  it("drop-out: '—' and no colour below the minimum denominator; a negative drop-out is shown but not coloured", () => {
    const t = table();
    const dropout = columnGroups(t, METAS).flatMap((g) => g.columns).find((c) => c.meta.id === "imunisasi.do_dpt_mr")!;
    const view = (u: string) => cellView(dropout, t.cells["imunisasi.do_dpt_mr"]![u], "id-ID", t.month);
    // 1 DPT1, 5 MR1: −400 % before; now the counts only.
    expect(view("18.04.10.2001")).toMatchObject({ value: null, text: "—", reach: "none", num: -4, den: 1, note: "small", month: { value: null, note: "small" } });
    const neg = view("18.04.10.2002");
    expect(neg).toMatchObject({ text: "-16,7", reach: "none", note: "negative", num: -2, den: 12 });
    expect(neg.value).toBeCloseTo(-16.67, 1);
    expect(view("18.04.10.2003")).toMatchObject({ value: 5, reach: "good", note: null });
    expect(cellView(dropout, t.total["imunisasi.do_dpt_mr"], "id-ID", t.month)).toMatchObject({ reach: "none", note: "negative" });
  });

  it("the table's CSV has a row per desa and indicator plus the area's total, and reads in Indonesian Excel", () => {
    const rows = tableCsvRows(table(), METAS, "id", W);
    expect(rows[0]).toEqual(["Desa", "kode", "Kelompok", "Indikator", "Target", "mn", "md", "m%", "yn", "yd", "y%", "T ytd"]);
    const known = columnGroups(table(), METAS).flatMap((g) => g.columns).length;
    expect(rows.length).toBe(1 + known * (3 + 1));
    expect(rows).toContainEqual(["Kembahang", "18.04.10.2001", "balita", "D/S", 80, 40, 50, 80, 45, 50, 90, 80]);
    expect(rows).toContainEqual(["Bakhu", "18.04.10.2003", "balita", "D/S", 80, 0, 0, null, 0, 0, null, 80]);
    expect(rows).toContainEqual(["Total", "", "balita", "Stunting", 14, 17, 110, 15.5, 21, 110, 19.1, 14]);
    // Pro-rated: the target to date is 95 × 11 ÷ 12.
    expect(rows).toContainEqual(["Kembahang", "18.04.10.2001", "imunisasi", "IDL", 95, 2, 25, 8, 22, 25, 88, 87.1]);
    // Below the minimum denominator: the counts, an empty percentage; a negative drop-out above it as computed.
    expect(rows).toContainEqual(["Kembahang", "18.04.10.2001", "imunisasi", "DO DPT1→MR", 5, -1, 1, null, -4, 1, null, 5]);
    expect(rows).toContainEqual(["Canggu", "18.04.10.2002", "imunisasi", "DO DPT1→MR", 5, 0, 2, null, -2, 12, -16.7, 5]);
    const csv = toCsv(rows, CSV_DIALECTS.excel_id);
    expect(csv).toContain("Total;;balita;Stunting;14;17;110;15,5;21;110;19,1;14\r\n");
    expect(csv).toContain("Kembahang;18.04.10.2001;imunisasi;DO DPT1→MR;5;-1;1;;-4;1;;5\r\n");
    expect(tableCsvRows(table(), METAS, "en", W).some((r) => r[3] === "FHI")).toBe(true);
  });

  it("the trend's CSV has a row per desa and month", () => {
    const rows = trendCsvRows(trend(), { unit: "Desa", code: "kode", month: "Bulan", num: "n", den: "d", pct: "%", total: "Total" });
    expect(rows.length).toBe(1 + 12 * 2);
    expect(rows[1]).toEqual(["Kembahang", "18.04.10.2001", "2026-01", 30, 50, 60]);
    expect(rows[4]).toEqual(["Kembahang", "18.04.10.2001", "2026-04", 0, 0, null]);
    // An indicator with a minimum denominator: the counts, no percentage below it.
    const small = trendCsvRows(trend(), { unit: "Desa", code: "kode", month: "Bulan", num: "n", den: "d", pct: "%", total: "Total" }, { minDenominator: 60 });
    expect(small[1]).toEqual(["Kembahang", "18.04.10.2001", "2026-01", 30, 50, null]);
    expect(small[13]).toEqual(["Total", "", "2026-01", 60, 100, 60]);
  });
});

describe("the sasaran not yet served", () => {
  it("sorted by dusun then name; ages and missing services in words; CSV rows", () => {
    const m = missed();
    expect(sortMissed(m.people, "id-ID").map((p) => p.personId)).toEqual(["p1", "p2"]);
    expect(ageText({ months: 9 }, AGES)).toBe("9 bln");
    expect(ageText({ years: 34 }, AGES)).toBe("34 th");
    expect(ageText({ weeks: 30 }, AGES)).toBe("hamil 30 mgg");
    expect(ageText({}, AGES)).toBe("—");
    expect(missingText("mr", METAS, "id")).toBe("MR");
    expect(missingText("imunisasi.idl", METAS, "id")).toBe("IDL");
    expect(missingText("kunjungan_rumah", METAS, "id")).toBe("kunjungan rumah");
    const rows = missedCsvRows(m, METAS, "id", "id-ID", { name: "Nama", dusun: "Dusun", age: "Umur", missing: "Belum", last: "Terakhir", ages: AGES });
    expect(rows[1]).toEqual(["Nur Aisyah Kembahang", "Pekon Atas", "9 bln", "MR, IDL", ""]);
    expect(rows[2]).toEqual(["Zahra", "Pekon Tengah", "10 bln", "MR", "2026-08-01"]);
  });

  it("names only for pustu, puskesmas and dinkes; never the camat", () => {
    expect(PWS_ROLES).toContain("camat");
    expect(NAME_ROLES).not.toContain("camat");
    expect([...NAME_ROLES].sort()).toEqual(["dinkes", "puskesmas", "pustu"]);
  });
});

describe("months and targets", () => {
  it("month arithmetic across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-11", 2)).toBe("2027-01");
    expect(monthChoices("2026-02", 3)).toEqual(["2026-02", "2026-01", "2025-12"]);
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth("2026-09")).toBe(true);
  });

  it("a typed target: empty is the default, a decimal comma is read, outside 0…100 is refused", () => {
    expect(parseTarget("")).toBeNull();
    expect(parseTarget(" 85 ")).toBe(85);
    expect(parseTarget("82,5")).toBe(82.5);
    expect(parseTarget("101")).toBeUndefined();
    expect(parseTarget("-1")).toBeUndefined();
    expect(parseTarget("abc")).toBeUndefined();
  });

  it("server validation details land at their field (indicator ids hold dots)", () => {
    const ids = ["balita.ds", "imunisasi.idl"];
    expect(targetIssues({ issues: [{ path: "targets.balita.ds", code: "too_big", message: "x" }, { path: "year", code: "invalid_type" }] }, ids)).toEqual({
      byField: { "balita.ds": "too_big" },
      other: ["invalid_type"],
    });
    expect(targetIssues({ field: "imunisasi.idl" }, ids).byField).toEqual({ "imunisasi.idl": "other" });
    // The targets service's shape (worker/services/pws/targets.ts).
    expect(targetIssues({ fields: { "balita.ds": "between 0 and 100", "imunisasi.idl": "unknown indicator", area: "a kecamatan code" } }, ids)).toEqual({
      byField: { "balita.ds": "range", "imunisasi.idl": "unknown" },
      other: ["other"],
    });
    expect(targetIssues(null, ids)).toEqual({ byField: {}, other: [] });
  });

  it("the PWS catalogue has every key in both languages, with the same placeholders", () => {
    for (const k of Object.keys(pwsId) as (keyof typeof pwsId)[]) {
      expect(pwsEn[k], k).toBeTruthy();
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(pwsEn[k]), k).toEqual(ph(pwsId[k]));
    }
  });
});

describe("the PWS routes' error codes", () => {
  it("every code the PWS routes answer is in the catalogue, in both languages", async () => {
    const { serverError } = await import("../../web/src/i18n/index.ts");
    const { id } = await import("../../web/src/i18n/id.ts");
    const { en } = await import("../../web/src/i18n/en.ts");
    // worker/routes/pws.ts and worker/services/pws/*: validation, scope, unknown area/indicator, no list; plus what every route may answer.
    const codes = ["validation_failed", "forbidden", "not_found", "unknown_area", "unknown_indicator", "no_drill_down", "unauthenticated", "device_revoked", "busy_retry", "invalid_json", "payload_too_large"];
    for (const code of codes) {
      const key = `err_${code}` as keyof typeof id;
      expect(id[key], code).toBeTruthy();
      expect((en as Record<string, string>)[key], code).toBeTruthy();
      expect(serverError(code, "raw English")).not.toContain("raw English");
    }
  });
});

describe("the PWS API client", () => {
  it("asks the routes of worker/routes/pws.ts with their query and body shapes", async () => {
    const { RequestPwsApi } = await import("../../web/src/screens/pws/api.ts");
    const calls: [string, string, unknown][] = [];
    const api = new RequestPwsApi(async <T,>(method: "GET" | "PUT", path: string, body?: unknown) => {
      calls.push([method, path, body]);
      return {} as T;
    });
    await api.table({ month: "2026-11" });
    await api.table({ month: "2026-11", area: "18.04.10.2001" });
    await api.trend({ indicator: "balita.ds", to: "2026-11" });
    await api.missed({ indicator: "imunisasi.idl", unit: "18.04.10.2001", month: "2026-11" });
    await api.targets({ year: 2026 });
    await api.saveTargets({ year: 2026 }, { "balita.ds": 85 });
    await api.saveTargets({ year: 2026, area: "18.04.10" }, { "balita.ds": null });
    expect(calls).toEqual([
      ["GET", "/api/pws?month=2026-11", undefined],
      ["GET", "/api/pws?month=2026-11&area=18.04.10.2001", undefined],
      ["GET", "/api/pws/trend?indicator=balita.ds&to=2026-11", undefined],
      ["GET", "/api/pws/missed?indicator=imunisasi.idl&unit=18.04.10.2001&month=2026-11", undefined],
      ["GET", "/api/pws/targets?year=2026", undefined],
      ["PUT", "/api/pws/targets", { year: 2026, targets: { "balita.ds": 85 } }],
      ["PUT", "/api/pws/targets", { year: 2026, area: "18.04.10", targets: { "balita.ds": null } }],
    ]);
  });
});
