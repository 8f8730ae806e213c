/**
 * Issue 12 §5, readable flows, in Chromium at 360×640 as the puskesmas coordinator: the first sync
 * on a slow link (bar, rows, bytes, an estimate, no "Semua data terkirim", an unclipped label),
 * the registry's dusun under their pekon, the search cleared by the Warga tab, NIK and No. KK on one
 * line, a long form's sections that fold and say their state, and a result no toast covers.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO, PIN, e2eLifecycle, idbOpened, openPhone, waitSynced, type Phone, type Server, jakartaToday } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];
e2eLifecycle("flows", phones, (s) => (server = s), () => server);

/**
 * A slow link for the first pages: the puskesmas pulls the whole kecamatan (thousands of rows in
 * 500-row pages), so at this pace the rest would take more than the 10 s from which the phone
 * gives an estimate (SLOW_LINK_ETA_MS). The later pages come at full speed, to keep the test short.
 */
const SLOW_PAGES = 2;
const PAGE_DELAY_MS = 2_500;

interface Snap {
  label: string;
  detail: string;
  allSent: boolean;
  clipped: boolean;
}

interface Row {
  entity: string;
  id: string;
  data: Record<string, unknown>;
}

let phone: Phone;
let rows: Row[];

const monthsOld = (birth: string) => (Date.parse(jakartaToday()) - Date.parse(birth)) / (30.4375 * 86_400_000);

/** The box of a locator in page pixels. */
async function box(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
}

describe("readable flows (issue 12 §5)", () => {
  it("1. first sync on a slow link: a bar with rows and bytes, an estimate, no 'Semua data terkirim', the label whole", async () => {
    phone = await openPhone(server.url);
    phones.push(phone);
    const { page, context } = phone;
    let pulls = 0;
    await context.route("**/api/sync/pull**", async (route) => {
      if (++pulls <= SLOW_PAGES) await new Promise((r) => setTimeout(r, PAGE_DELAY_MS));
      await route.continue();
    });
    // Every state of the card while the bar shows, as the user could have seen it.
    await page.addInitScript(() => {
      const w = window as unknown as { __snaps: unknown[] };
      w.__snaps = [];
      new MutationObserver(() => {
        const bar = document.querySelector("[data-testid=sync-card] [role=progressbar]");
        if (!bar) return;
        const label = document.querySelector<HTMLElement>("[data-testid=progress-label]");
        w.__snaps.push({
          label: label?.textContent ?? "",
          detail: document.querySelector(".progress-detail")?.textContent ?? "",
          allSent: /Semua data terkirim/.test(document.body.innerText),
          clipped: !label || label.scrollWidth > label.clientWidth || label.scrollHeight > label.clientHeight || label.getBoundingClientRect().right > window.innerWidth,
        });
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.reload();
    await page.getByLabel("Kode pendaftaran").fill(DEMO.puskesmas);
    await page.getByRole("button", { name: "Daftar" }).click();
    await page.locator("input[name=pin]").fill(PIN);
    await page.locator("input[name=pin2]").fill(PIN);
    await page.getByRole("button", { name: "Simpan PIN" }).click();
    await waitSynced(page, 90_000);
    await context.unroute("**/api/sync/pull**");

    const snaps = await page.evaluate(() => (window as unknown as { __snaps: Snap[] }).__snaps);
    expect(snaps.length).toBeGreaterThan(0);
    expect(snaps.filter((s) => s.allSent)).toEqual([]);
    expect(snaps.filter((s) => s.clipped)).toEqual([]);
    expect(snaps.some((s) => /Mengunduh data wilayah: [\d.]+ dari [\d.]+/.test(s.label))).toBe(true);
    // Bytes received of the expected total, and on this link how long the rest will take.
    expect(snaps.some((s) => /\d+(,\d)? (KB|MB) dari ±\d+(,\d)? (KB|MB)/.test(s.detail))).toBe(true);
    expect(snaps.some((s) => /Perkiraan selesai ±\d+ (detik|menit) lagi/.test(s.detail))).toBe(true);
    // Done: the bar is gone and the card says everything is sent.
    expect(await page.locator("[role=progressbar]").count()).toBe(0);
    expect(await page.getByTestId("sync-pending").textContent()).toBe("Semua data terkirim");
    rows = await idbOpened<Row>(page, "rows");
  });

  it("2. the registry groups dusun under their pekon's name; the Warga tab clears the search", async () => {
    const { page } = phone;
    await page.getByRole("link", { name: "Warga" }).click();
    await page.locator(".desa-group").first().waitFor();
    const desaNames = new Map(rows.filter((r) => r.entity === "area" && r.data.level === "desa").map((r) => [r.id, r.data.name as string]));
    const dusunByDesa = new Map<string, string[]>();
    for (const d of rows.filter((r) => r.entity === "dusun")) dusunByDesa.set(d.data.desaCode as string, [...(dusunByDesa.get(d.data.desaCode as string) ?? []), d.data.name as string]);
    const shown = await page.locator(".desa-group[data-desa]").evaluateAll((els) =>
      els.map((el) => ({ desa: el.getAttribute("data-desa")!, title: el.querySelector("h2")!.textContent!, dusun: Array.from(el.querySelectorAll("li strong")).map((s) => s.textContent!) })),
    );
    expect(shown.length).toBe(dusunByDesa.size);
    expect(shown.length).toBeGreaterThan(1);
    for (const g of shown) {
      expect(g.title).toContain(desaNames.get(g.desa));
      expect(g.dusun.sort()).toEqual([...(dusunByDesa.get(g.desa) ?? [])].sort());
    }

    // A search, then Home, then back to the Warga tab: the box is empty and the dusun list shows.
    const name = rows.find((r) => r.entity === "person")!.data.name as string;
    await page.getByRole("searchbox").fill(name.split(" ")[0]!);
    await page.locator("[data-testid=search-results] li").first().waitFor();
    await page.getByRole("link", { name: "Beranda" }).click();
    await page.getByTestId("sync-card").waitFor();
    await page.getByRole("link", { name: "Warga" }).click();
    await page.locator(".desa-group").first().waitFor();
    expect(await page.getByRole("searchbox").inputValue()).toBe("");
    expect(await page.locator("[data-testid=search-results]").count()).toBe(0);
  });

  it("3. NIK and No. KK stay on one line", async () => {
    const { page } = phone;
    const withNik = rows.find((r) => r.entity === "person" && typeof r.data.nik === "string" && (r.data.nik as string).length === 16)!;
    const withKk = rows.find((r) => r.entity === "household" && typeof r.data.noKk === "string" && (r.data.noKk as string).length === 16)!;
    expect(withNik && withKk, "a seeded person with a NIK and a household with a No. KK").toBeTruthy();
    for (const [hash, testid] of [[`#/person/${withNik.id}`, "nik"], [`#/household/${withKk.id}`, "no-kk"]] as const) {
      await page.goto(`${server.url}/${hash}`);
      const el = page.getByTestId(testid);
      await el.waitFor();
      const m = await el.evaluate((e) => {
        const dd = e.closest("dd")!;
        const card = e.closest(".card")!.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return { lines: e.getClientRects().length, height: r.height, line: parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.6, ddOverflow: dd.scrollWidth > dd.clientWidth, inCard: r.right <= card.right };
      });
      expect(m, testid).toMatchObject({ lines: 1, ddOverflow: false, inCard: true });
      expect(m.height).toBeLessThan(m.line * 1.5);
    }
  });

  it("4. after a save, the result is on screen with no toast over it", async () => {
    const { page } = phone;
    const child = rows.find((r) => r.entity === "person" && r.data.birthDatePrecision === "day" && monthsOld(r.data.birthDate as string) >= 12 && monthsOld(r.data.birthDate as string) <= 48)!;
    await page.goto(`${server.url}/#/visit/new/${child.id}/balita`);
    await page.locator("input[name=bb]").waitFor();
    await page.locator("input[name=bb]").fill("11,5");
    await page.getByTestId("save-visit").click();
    await page.getByTestId("result").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("result-saved").textContent()).toMatch(/Tersimpan/);
    const result = await box(page, "[data-testid=result]");
    // Whatever toast is up (none is expected) lies clear of the result.
    const toasts = await page.locator("[data-testid=toast]").evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }));
    for (const t of toasts) expect(t.bottom <= result.top || t.top >= result.bottom || t.right <= result.left || t.left >= result.right).toBe(true);
  });

  it("5. a long form folds by section, each saying its state; a save with errors opens the folded one", async () => {
    const { page } = phone;
    const woman = rows.find((r) => r.entity === "person" && r.data.sex === "P" && r.data.pregnant === true)!;
    await page.goto(`${server.url}/#/visit/new/${woman.id}/anc`);
    await page.locator("details.form-section").first().waitFor();
    const sections = page.locator("details.form-section");
    expect(await sections.count()).toBeGreaterThanOrEqual(4);
    const riwayat = page.locator("details.form-section[data-section=riwayat]");
    expect(await riwayat.getAttribute("data-state")).toBe("empty");
    expect(await riwayat.getByTestId("section-state").textContent()).toMatch(/^0 dari 3 terisi$/);

    // Filled: complete.
    await page.locator("input[name=gravida]").fill("2");
    await page.locator("input[name=para]").fill("0");
    await expect.poll(() => riwayat.getAttribute("data-state")).toBe("partial");
    await page.locator("input[name=abortus]").fill("1");
    await expect.poll(() => riwayat.getAttribute("data-state")).toBe("complete");
    expect(await riwayat.getByTestId("section-state").textContent()).toContain("Lengkap");

    // Folded from its header: the fields go, the header and its state stay.
    await riwayat.locator("summary").click();
    await expect.poll(() => riwayat.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator("input[name=gravida]").isVisible()).toBe(false);
    expect(await riwayat.getByTestId("section-state").isVisible()).toBe(true);

    // Fold the examiner section (nothing answered), then save: it opens and says what to fix.
    const pemeriksa = page.locator("details.form-section[data-section=pemeriksa]");
    await pemeriksa.locator("summary").click();
    await expect.poll(() => pemeriksa.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.getByTestId("save-visit").click();
    await expect.poll(() => pemeriksa.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await pemeriksa.getAttribute("data-state")).toBe("error");
    expect(await pemeriksa.getByTestId("section-state").textContent()).toBe("1 perlu diperbaiki");
    expect(await page.locator("input[name=pemeriksa]").first().isVisible()).toBe(true);
    // The complete section stays folded.
    expect(await riwayat.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  });
});
