/**
 * The monthly report files in the browser (issue 13, part 4), against the real worker with a fresh
 * D1 seeded with a year of history: the puskesmas opens #/interop, downloads the gizi report of the
 * last closed month in the Indonesian Excel dialect and one desa's KIA report in the standard one,
 * and the figures equal those of the PWS console's own CSV for the same month (opened through the
 * UI too): the file and the screen agree to the unit.
 */
import { readFileSync } from "node:fs";
import type { Download, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../domain/util/csv.ts";
import { DEMO, e2eLifecycle, openConsole, type Phone, type Server } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];
/** Enough people for weighings in several desa; the history seed stays quick. */
const PERSONS = 300;
const UI = 60_000;
/** A kecamatan's first pull with a year of history, on a loaded 2-core machine. */
const FIRST_SYNC = 300_000;
const KEC = "18.04.10";

e2eLifecycle("interop-reports", phones, (s) => (server = s), () => server, { persons: PERSONS, history: true });

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: UI }), click()]);
  return { d, bytes: readFileSync((await d.path())!) };
}

/** A file's rows after checking its BOM. */
function rowsOf(bytes: Buffer, sep: string): string[][] {
  expect([...bytes.subarray(0, 3)], "UTF-8 BOM").toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(bytes.subarray(3).toString("utf8"), sep);
}

const col = (rows: string[][], header: string) => {
  const i = rows[0]!.indexOf(header);
  expect(i, header).toBeGreaterThan(1);
  return i;
};

describe("the monthly report files", () => {
  it("downloads the gizi and KIA files; their figures are the PWS console's", { timeout: 600_000 }, async () => {
    const { page } = await openConsole(server.url, DEMO.puskesmas, { timeout: FIRST_SYNC, phones });

    await page.getByTestId("home-interop").click();
    await page.getByTestId("interop-reports").waitFor({ timeout: UI });
    // Bahasa Indonesia: Excel's Indonesian dialect first.
    expect(await page.getByTestId("ir-sep").inputValue()).toBe("semicolon");
    const month = await page.getByTestId("ir-month").inputValue();
    expect(month).toMatch(/^\d{4}-\d{2}$/);

    const gizi = await downloaded(page, () => page.getByTestId("ir-download-gizi").click());
    expect(gizi.d.suggestedFilename()).toBe(`laporan-gizi-${month}-${KEC}.csv`);
    const g = rowsOf(gizi.bytes, ";");
    expect(g[0]!.slice(0, 3)).toEqual(["Kode wilayah", "Desa", "S (balita di wilayah)"]);
    const total = g[g.length - 1]!;
    expect(total[0]).toBe(KEC);
    expect(total[1]).toMatch(/^Jumlah /);
    const desaRows = g.slice(1, -1);
    expect(desaRows.length).toBeGreaterThan(1);
    const [S, D, N] = ["S (balita di wilayah)", "D (balita ditimbang)", "N (naik berat badan)"].map((h) => col(g, h));
    expect(Number(total[S!])).toBeGreaterThan(0);

    // One desa's KIA file, standard dialect: its dusun rows.
    await page.getByTestId("ir-sep").selectOption("comma");
    const desa = desaRows[0]![0]!;
    await page.getByTestId("ir-area").selectOption(desa);
    const kia = await downloaded(page, () => page.getByTestId("ir-download-kia").click());
    expect(kia.d.suggestedFilename()).toBe(`laporan-kia-${month}-${desa}.csv`);
    const k = rowsOf(kia.bytes, ",");
    expect(k[0]!.slice(0, 2)).toEqual(["Kode wilayah", "Dusun"]);
    expect(k[k.length - 1]![0]).toBe(desa);

    // The PWS console's CSV of the same month (its own download, its default dialect ";").
    await page.evaluate((m) => (location.hash = `#/pws?month=${m}`), month);
    await page.getByTestId("pws-table").waitFor({ timeout: UI });
    const pws = rowsOf((await downloaded(page, () => page.getByTestId("pws-csv").click())).bytes, ";");
    // [unit, code, group, indicator, target, month num, month den, month %, ytd num, ytd den, ytd %, target ytd]
    const cell = (indicator: string, code: string) => {
      const r = pws.find((x) => x[3] === indicator && x[1] === code);
      expect(r, `${indicator} ${code}`).toBeDefined();
      return { num: r![5], den: r![6] };
    };
    for (const r of desaRows) {
      expect([r[S!], r[D!], r[N!]], r[1]).toEqual([cell("D/S", r[0]!).den, cell("D/S", r[0]!).num, cell("N/D", r[0]!).num]);
    }
    // The total row of the PWS CSV has no code.
    expect([total[S!], total[D!], total[N!]]).toEqual([cell("D/S", "").den, cell("D/S", "").num, cell("N/D", "").num]);
  });
});
