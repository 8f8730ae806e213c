/**
 * The puskesmas console in the browser (issue 11), against the real worker with a fresh D1 seeded
 * with the year of history the PWS counts: the puskesmas opens the PWS, finds real figures per
 * desa, drills down from a cell to the sasaran not yet served, exports the table as CSV and parses
 * it back (BOM, separator, the same figures as the table); then in the administration it creates
 * a bidan, issues her an enrollment code, enrolls a second browser with it, revokes that device
 * and sees the revoked phone stop at its next sync.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Download, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../domain/util/csv.ts";
import { DEMO, PIN, ROOT, e2eLifecycle, enrollPhone, openPhone, waitSynced, type Phone, type Server } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];
/** Enough people for several desa with sasaran in every group; the history seed stays quick. */
const PERSONS = 600;
/** Generous: a loaded 2-core machine (wrangler dev, Chromium and other helpers' runs). */
const UI = 60_000;
/** A kecamatan's first pull with a year of history, under the same load. */
const FIRST_SYNC = 300_000;

e2eLifecycle("console", phones, (s) => (server = s), () => server, { persons: PERSONS, history: true });

/** What the table shows: every cell's percentage text and its "num dari den" title, by test id. */
interface Shown {
  cols: { id: string; label: string }[];
  cells: Record<string, { text: string; num: number | null; den: number | null }>;
}
async function shownTable(page: Page): Promise<Shown> {
  return page.getByTestId("pws-table").evaluate((table) => {
    const cols = Array.from(table.querySelectorAll<HTMLElement>("th[data-testid^=pws-col-]")).map((th) => {
      const copy = th.cloneNode(true) as HTMLElement;
      copy.querySelector(".pws-target")?.remove();
      return { id: th.dataset.testid!.slice("pws-col-".length), label: copy.textContent!.trim() };
    });
    const cells: Shown["cells"] = {};
    for (const b of Array.from(table.querySelectorAll<HTMLElement>("[data-testid^=pws-cell-]"))) {
      // "12 dari 15", then (pro-rated, small or negative) what the cell was compared with.
      const m = /^(-?\d+) dari (\d+)/.exec(b.title);
      cells[b.dataset.testid!] = { text: b.textContent!.trim(), num: m ? Number(m[1]) : null, den: m ? Number(m[2]) : null };
    }
    return { cols, cells };
  });
}

/** "84,2" or "84.2" as a number; "—" or "" as null. */
const num = (s: string): number | null => (s === "" || s === "—" ? null : Number(s.replace(",", ".")));

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: UI }), click()]);
  const file = await d.path();
  return { d, bytes: readFileSync(file!) };
}


let pkm: Phone;
let desaCode = "";
let shown: Shown;

describe("the puskesmas console", () => {
  it("1. the PWS table shows real figures per desa; a cell drills down to the sasaran not yet served", { timeout: 600_000 }, async () => {
    pkm = await openPhone(server.url);
    phones.push(pkm);
    const page = pkm.page;
    // What a failed call was (for a flaky run's log).
    page.on("requestfailed", (r) => console.warn("[console e2e] request failed:", r.method(), r.url().replace(server.url, ""), r.failure()?.errorText));
    // The console on a laptop: the whole desa × indicator table.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("Kode pendaftaran").waitFor({ timeout: UI });
    await enrollPhone(page, DEMO.puskesmas, PIN, FIRST_SYNC);
    await page.getByTestId("home-pws").click();
    await page.getByTestId("pws-table").waitFor({ timeout: UI });

    shown = await shownTable(page);
    expect(shown.cols.map((c) => c.id)).toContain("balita.ds");
    // D/S per desa from the seeded year: some desa have weighed children, and not all desa alike.
    const ds = Object.entries(shown.cells).filter(([id]) => id.startsWith("pws-cell-balita.ds-") && !id.endsWith("-total"));
    expect(ds.length).toBeGreaterThan(1);
    const real = ds.filter(([, c]) => (c.num ?? 0) > 0 && (c.den ?? 0) > 0);
    expect(real.length).toBeGreaterThan(0);
    for (const [, c] of real) expect(num(c.text)).toBeCloseTo((100 * c.num!) / c.den!, 0);
    expect(new Set(real.map(([, c]) => c.text)).size).toBeGreaterThan(1);

    // A desa with children not weighed: its cell, its detail, and the list the kader take.
    const [cellId] = real.sort(([, a], [, b]) => b.den! - b.num! - (a.den! - a.num!))[0]!;
    desaCode = cellId.slice("pws-cell-balita.ds-".length);
    await page.getByTestId(cellId).click();
    await expect.poll(() => page.getByTestId(cellId).getAttribute("aria-pressed"), { timeout: UI }).toBe("true");
    await page.getByTestId("pws-detail").waitFor({ timeout: UI });
    expect(await page.getByTestId("pws-detail-ytd").textContent()).toContain(`${shown.cells[cellId]!.num} dari ${shown.cells[cellId]!.den}`);
    await page.getByTestId("pws-open-missed").click();
    await page.getByTestId("pws-missed-list").waitFor({ timeout: UI });
    const rows = page.getByTestId("pws-missed-row");
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    expect(await page.getByTestId("pws-missed-count").textContent()).toContain(String(n));
    // Each row names a person and says what is missing.
    const first = await rows.first().locator("td").allTextContents();
    expect(first[1]!.trim().length).toBeGreaterThan(1);
    expect(first[4]!.trim().length).toBeGreaterThan(1);
    // Names are read on the server's record: the drill-down is audited.
    expect(Number(server.sql<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pws.missed'")[0]!.n)).toBeGreaterThan(0);
  });

  it("2. the table's CSV: BOM, the Indonesian Excel dialect (and the standard one), the same rows and figures as the table", { timeout: 300_000 }, async () => {
    const page = pkm.page;
    await page.goBack();
    await page.getByTestId("pws-table").waitFor({ timeout: UI });
    const again = await shownTable(page);
    expect(again.cells).toEqual(shown.cells);

    // The default for Bahasa Indonesia: ";" and a decimal comma, UTF-8 with a byte order mark.
    expect(await page.getByTestId("pws-csv-dialect").inputValue()).toBe("excel_id");
    const { d, bytes } = await downloaded(page, () => page.getByTestId("pws-csv").click());
    expect(d.suggestedFilename()).toMatch(/^pws-.+-\d{4}-\d{2}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text).toContain("\r\n");
    const csv = parseCsv(text, ";");
    const [head, ...body] = csv;
    expect(head!.length).toBe(12);
    expect(head![0]).toBe("Desa");
    for (const r of body) expect(r.length).toBe(12);

    // One row per indicator and desa, and the total: the table's cells exactly.
    const labelToId = new Map(shown.cols.map((c) => [c.label, c.id]));
    expect(body.length).toBe(Object.keys(shown.cells).length);
    const seen = new Set<string>();
    let decimals = 0;
    for (const [, code, , label, , , , , yNum, yDen, yPct] of body as string[][]) {
      const id = labelToId.get(label!);
      expect(id, `indicator "${label}"`).toBeDefined();
      const key = `pws-cell-${id}-${code || "total"}`;
      const cell = shown.cells[key];
      expect(cell, key).toBeDefined();
      seen.add(key);
      if (cell!.num !== null) {
        expect([Number(yNum), Number(yDen)], key).toEqual([cell!.num, cell!.den]);
      } else {
        expect(Number(yDen), key).toBe(0);
      }
      expect(yPct).not.toContain(".");
      if (yPct!.includes(",")) decimals++;
      const a = num(yPct!);
      const b = num(cell!.text);
      if (a === null || b === null) expect([a, b], key).toEqual([null, null]);
      else expect(Math.abs(a - b), key).toBeLessThanOrEqual(0.051);
    }
    expect(seen.size).toBe(Object.keys(shown.cells).length);
    expect(decimals).toBeGreaterThan(0);
    expect(body.some((r) => r[1] === desaCode && Number(r[8]) > 0)).toBe(true);

    // The standard dialect: "," and a decimal point, the same figures.
    await page.getByTestId("pws-csv-dialect").selectOption("standard");
    const std = await downloaded(page, () => page.getByTestId("pws-csv").click());
    expect([...std.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const stdRows = parseCsv(std.bytes.subarray(3).toString("utf8"), ",");
    expect(stdRows.length).toBe(csv.length);
    expect(stdRows.map((r) => [r[1], r[8], r[9], r[10]!.replace(".", ",")])).toEqual(csv.map((r) => [r[1], r[8], r[9], r[10]]));
  });

  it("3. admin: a new bidan, her code, a second browser enrolled with it, revoked; the revoked phone stops", { timeout: 600_000 }, async () => {
    const page = pkm.page;
    await page.evaluate(() => (location.hash = "#/"));
    await page.getByTestId("home-admin").click();
    await page.getByTestId("admin-nav-users").click();
    await page.getByTestId("admin-user").first().waitFor({ timeout: UI });
    await page.getByTestId("admin-user-new").click();
    const form = page.getByTestId("admin-user-form");
    await form.waitFor({ timeout: UI });
    // Empty: refused at the form, nothing sent.
    await page.getByTestId("admin-user-save").click();
    await form.locator(".error").first().waitFor({ timeout: UI });
    const name = "Bidan Uji Konsol";
    await form.getByLabel("Nama").fill(name);
    await form.getByLabel("Peran").selectOption("pustu");
    await form.getByLabel("Desa").selectOption({ index: 1 });
    await page.getByTestId("admin-user-save").click();
    await page.getByTestId("admin-user-summary").waitFor({ timeout: UI });
    const users = server.sql<{ id: string; role: string; active: number }>(`SELECT id, role, active FROM users WHERE name = '${name}'`);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ role: "pustu", active: 1 });

    await page.getByTestId("admin-issue-code").click();
    await page.getByTestId("issued-code").waitFor({ timeout: UI });
    const code = (await page.getByTestId("issued-code").textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // A second browser (its own profile): the bidan's phone, enrolled with that code, syncs.
    const bidan = await openPhone(server.url);
    phones.push(bidan);
    await bidan.page.getByLabel("Kode pendaftaran").waitFor({ timeout: UI });
    await enrollPhone(bidan.page, code, PIN, FIRST_SYNC);
    const devices = server.sql<{ id: string; revoked_at: string | null }>(`SELECT id, revoked_at FROM devices WHERE user_id = '${users[0]!.id}'`);
    expect(devices).toHaveLength(1);
    expect(devices[0]!.revoked_at).toBeNull();

    // The puskesmas sees that device in the kecamatan's list and revokes it, after a confirmation.
    await page.evaluate(() => (location.hash = "#/admin"));
    await page.getByTestId("admin-nav-devices").click();
    const row = page.locator(`[data-testid=admin-device][data-device-id="${devices[0]!.id}"]`);
    // "Muat ulang" until her phone is in the list: a call the loaded machine did not answer in time
    // shows "Tidak ada sinyal" (admin-error), and the user presses it again.
    let refreshes = 0;
    await expect
      .poll(
        async () => {
          if (await row.count()) return true;
          await page.getByTestId("admin-refresh").click();
          refreshes++;
          await Promise.race([row.waitFor({ timeout: 20_000 }), page.getByTestId("admin-error").waitFor({ timeout: 20_000 })]).catch(() => undefined);
          return (await row.count()) > 0;
        },
        { timeout: 180_000, interval: 500 },
      )
      .toBe(true);
    if (refreshes > 1) console.warn(`[console e2e] the device list needed ${refreshes} refreshes`);
    expect(await row.textContent()).toContain(name);
    expect(await row.getAttribute("data-revoked")).toBe("false");
    await row.getByTestId("admin-device-revoke").click();
    const dialog = page.getByTestId("admin-revoke-dialog");
    await dialog.waitFor({ timeout: UI });
    expect(await dialog.textContent()).toContain(name);
    await dialog.getByTestId("admin-confirm-ok").click();
    await page.locator(`[data-testid=admin-device][data-device-id="${devices[0]!.id}"][data-revoked=true]`).waitFor({ timeout: UI });
    await dialog.waitFor({ state: "detached", timeout: UI });
    expect(server.sql<{ revoked_at: string | null }>(`SELECT revoked_at FROM devices WHERE id = '${devices[0]!.id}'`)[0]!.revoked_at).not.toBeNull();

    // The revoked phone's next sync: the revoked screen, and no way back to the data.
    await bidan.page.getByTestId("sync-now").click();
    await bidan.page.getByTestId("revoked").waitFor({ timeout: UI });
    expect(await bidan.page.getByTestId("sync-card").count()).toBe(0);
    await bidan.page.evaluate(() => (location.hash = "#/registry"));
    await bidan.page.getByTestId("revoked").waitFor({ timeout: UI });

    // The puskesmas's own phone keeps working.
    await page.evaluate(() => (location.hash = "#/"));
    await page.getByTestId("sync-now").click();
    await waitSynced(page, 120_000);
  });
});
