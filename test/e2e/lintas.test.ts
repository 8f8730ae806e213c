/**
 * Lintas sektor in the browser (issue 6), against the real worker with a fresh seeded D1:
 * an offline minilokakarya on the puskesmas phone (attendance, a commitment, signatures), the
 * sync that follows, a mitra's "Komitmen saya" and progress with a photo, the camat's view and
 * the print page.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, ROOT, enrollPhone, idbAll, idbOpened, openPhone, startServer, waitSynced, type Phone, type Server, e2eLifecycle } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];

e2eLifecycle("lintas", phones, (s) => (server = s), () => server);

async function enrolled(code: string): Promise<Phone> {
  const p = await openPhone(server.url);
  phones.push(p);
  await enrollPhone(p.page, code);
  return p;
}

const go = (page: Page, hash: string) => page.evaluate((h) => (location.hash = h), hash);

/** Draw a signature on the pad: two strokes with the mouse (pointer events). */
async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId("signature-pad");
  // In the middle of the screen, clear of the bottom tabs.
  await pad.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = (await pad.boundingBox())!;
  for (const [y0, y1] of [[0.3, 0.7], [0.6, 0.2]] as const) {
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * y0);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.06), box.y + box.height * (y0 + ((y1 - y0) * i) / 12 + (i % 2 ? 0.05 : -0.05)));
    await page.mouse.up();
  }
}

async function outboxCount(page: Page): Promise<number> {
  return (await idbAll<{ state: string }>(page, "outbox")).length;
}

const count = (table: string, where = "") => Number(server.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${where}`)[0]!.n);

let commitmentId = "";
let kuaItemId = "";

describe("lintas sektor", () => {
  it("1. offline meeting: 5 attendees, a commitment with 4 items for 3 offices, 3 signatures; syncs once", { timeout: 300_000 }, async () => {
    const { page, context } = await enrolled(DEMO.puskesmas);
    await page.getByRole("link", { name: "Lintas sektor" }).click();
    await page.getByTestId("lx-new-meeting").waitFor();
    await context.setOffline(true);

    // The meeting.
    await page.getByTestId("lx-new-meeting").click();
    await page.locator("input[name=place]").fill("Aula Kecamatan Batu Brak");
    await page.locator("input[name=chair]").fill("Camat Batu Brak");
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByTestId("lx-add-attendee").click();

    // Attendance on one phone passed around.
    const people = [
      ["Ahmad Fauzan", "Kepala KUA"], ["Rosmawati", "Ketua TP PKK"], ["Suparman", "Kepala UPT Pendidikan"],
      ["Hendra Saputra", "Peratin"], ["dr. Lestari", "Kepala Puskesmas"],
    ];
    for (const [i, [name, position]] of people.entries()) {
      await page.locator("input[name=attName]").fill(name!);
      await page.getByTestId("lx-attendee-form").locator("select").selectOption({ index: i + 1 });
      await page.locator("input[name=attPosition]").fill(position!);
      await sign(page);
      await page.getByTestId("lx-save-attendee").click();
      await expect.poll(() => page.locator("[data-testid=lx-attendance] li").count()).toBe(i + 1);
    }
    await expect.poll(() => page.locator("[data-testid=lx-attendance] svg.sig").count()).toBe(5);

    // The commitment, from the seed-report template: keep 4 items (pemdes ×2, KUA, pendidikan).
    await page.getByTestId("lx-commitment-from-meeting").click();
    await page.getByLabel("Mulai dari contoh").selectOption("komitmen-ilp");
    await expect.poll(() => page.getByTestId("lx-item-edit").count()).toBe(6);
    await page.getByTestId("lx-remove-item").nth(5).click();
    await page.getByTestId("lx-remove-item").nth(4).click();
    await expect.poll(() => page.getByTestId("lx-item-edit").count()).toBe(4);
    await page.getByTestId("lx-save-commitment").click();
    await page.getByTestId("lx-doc-title").waitFor();
    commitmentId = page.url().split("#/lintas/commitment/")[1]!.split(/[/?]/)[0]!;
    await expect.poll(() => page.locator("[data-testid=lx-doc-items] li").count()).toBe(4);

    // Three parties sign, one after another.
    for (const [i, [name, position]] of [["Hendra Saputra", "Peratin"], ["Ahmad Fauzan", "Kepala KUA"], ["Suparman", "Kepala UPT"]].entries()) {
      await page.getByTestId("lx-sign").click();
      await page.getByLabel("Menandatangani atas nama").selectOption({ index: 1 });
      await page.locator("input[name=signName]").fill(name!);
      await page.locator("input[name=signPosition]").fill(position!);
      await sign(page);
      await page.getByTestId("lx-save-signature").click();
      await expect.poll(() => page.getByTestId("lx-sign-count").textContent()).toContain(`${i + 1} dari 3`);
    }
    expect(await page.getByTestId("lx-sign").count()).toBe(0);
    const queued = await outboxCount(page);
    expect(queued).toBe(1 + 5 + 1 + 3 + 4 + 3);

    // Back in signal: everything goes, once.
    await context.setOffline(false);
    await go(page, "#/");
    await page.getByTestId("sync-now").click();
    await expect.poll(() => outboxCount(page), { timeout: 60_000 }).toBe(0);
    await waitSynced(page);
    expect(count("meetings")).toBe(1);
    expect(count("attendances")).toBe(5);
    expect(count("commitments")).toBe(1);
    expect(count("commitment_parties", `WHERE commitment_id = '${commitmentId}'`)).toBe(3);
    expect(count("commitment_items", `WHERE commitment_id = '${commitmentId}'`)).toBe(4);
    expect(count("signatures", `WHERE commitment_id = '${commitmentId}'`)).toBe(3);
    expect(count("signatures", "WHERE needs_review = 1")).toBe(0);
    expect(count("conflicts")).toBe(0);
    expect(count("commitment_versions")).toBe(1);
    // A signature stays small.
    const longest = server.sql<{ n: number }>("SELECT MAX(LENGTH(strokes)) AS n FROM signatures")[0]!.n;
    expect(longest).toBeLessThanOrEqual(5120);
    // Each signature kept both of its strokes.
    const strokes = server.sql<{ s: string }>("SELECT strokes AS s FROM signatures UNION ALL SELECT signature AS s FROM attendances").map((r) => r.s);
    expect(strokes.map((x) => x.split(".").length - 1), strokes.join("\n")).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    // Syncing again sends nothing new.
    await page.getByTestId("sync-now").click();
    await waitSynced(page);
    expect(count("attendances")).toBe(5);
    expect(count("signatures")).toBe(3);
  });

  it("2. the KUA mitra sees only its items and reports progress with a photo", { timeout: 300_000 }, async () => {
    const { page } = await enrolled(DEMO.mitra);
    await page.getByRole("link", { name: "Lintas sektor" }).click();
    await page.getByRole("heading", { name: "Komitmen saya" }).waitFor();
    await expect.poll(() => page.locator("[data-testid=lx-items] li").count()).toBe(1);
    // No health data tab for a mitra.
    expect(await page.getByRole("link", { name: "Warga" }).count()).toBe(0);
    const kua = server.sql<{ id: string; office_id: string }>(`SELECT i.id, i.office_id FROM commitment_items i JOIN offices o ON o.id = i.office_id WHERE o.kind = 'kua'`);
    expect(kua).toHaveLength(1);
    kuaItemId = kua[0]!.id;
    await page.locator("[data-testid=lx-items] a").first().click();
    await page.getByTestId("lx-progress-form").waitFor();
    await page.locator("textarea[name=note]").fill("Skrining 12 catin bersama bidan desa");
    await page.locator("input[name=value]").fill("60");
    await page.getByLabel("Status baru").selectOption("selesai");
    // A camera photo, made in the page.
    await page.evaluate(async () => {
      const c = document.createElement("canvas");
      c.width = 1600;
      c.height = 1200;
      const g = c.getContext("2d")!;
      for (let i = 0; i < 400; i++) {
        g.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
        g.fillRect((i * 97) % 1600, (i * 53) % 1200, 120, 90);
      }
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), "image/jpeg", 0.95));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], "bukti.jpg", { type: "image/jpeg" }));
      const input = document.querySelector<HTMLInputElement>("[data-testid=lx-photo-input]")!;
      input.files = dt.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await page.getByTestId("lx-photo-count").waitFor();
    await page.getByTestId("lx-save-progress").click();
    await expect.poll(() => page.locator("[data-testid=lx-progress] li").count()).toBe(1);
    // Text first, then the photo in chunks.
    await expect.poll(() => count("progress"), { timeout: 30_000 }).toBe(1);
    const keys = JSON.parse(server.sql<{ photo_keys: string }>("SELECT photo_keys FROM progress")[0]!.photo_keys) as string[];
    expect(keys).toHaveLength(1);
    const token = (await idbOpened<{ token: string }>(page, "session"))[0]!.token;
    const status = async () => (await fetch(`${server.url}/api/photos/${keys[0]}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as { completed: boolean; size: number };
    await expect.poll(async () => (await status()).completed, { timeout: 30_000 }).toBe(true);
    const s = await status();
    expect(s.size).toBeLessThanOrEqual(150 * 1024);
    const img = await fetch(`${server.url}/api/photos/${keys[0]}/content`, { headers: { authorization: `Bearer ${token}` } });
    expect(img.status).toBe(200);
    expect((await img.arrayBuffer()).byteLength).toBe(s.size);
    expect(server.sql<{ status: string }>(`SELECT status FROM commitment_items WHERE id = '${kuaItemId}'`)[0]!.status).toBe("selesai");
    // Issue 12, item 7: the entry says when and who; the share goes to the KUA's number on file.
    const reporter = server.sql<{ reporter_role: string; reporter_office_id: string; reported_at: string }>("SELECT reporter_role, reporter_office_id, reported_at FROM progress")[0]!;
    expect(reporter).toMatchObject({ reporter_role: "mitra", reporter_office_id: kua[0]!.office_id });
    expect(await page.getByTestId("lx-progress-meta").textContent()).toBe(`${await page.evaluate((d) => new Date(d + "T00:00:00Z").toLocaleDateString("id-ID", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }), reporter.reported_at.slice(0, 10))} · Dilaporkan oleh KUA Batu Brak`);
    const phone = server.sql<{ phone: string }>(`SELECT phone FROM offices WHERE id = '${kua[0]!.office_id}'`)[0]!.phone;
    expect(phone).toMatch(/^628\d{8,11}$/);
    expect(await page.getByTestId("lx-wa").getAttribute("href")).toMatch(new RegExp(`^https://wa\\.me/${phone}\\?text=`));
  });

  it("3. the camat sees the new status; the print page renders with the signatures", { timeout: 300_000 }, async () => {
    const { page } = await enrolled(DEMO.camat);
    await page.getByRole("link", { name: "Lintas sektor" }).click();
    await page.getByTestId("lx-chart").waitFor();
    await expect.poll(() => page.getByTestId("lx-summary").textContent()).toMatch(/^1Selesai/);
    const kuaRow = page.locator(`[data-testid=lx-items] a[href$="/item/${kuaItemId}"]`);
    await expect.poll(() => kuaRow.textContent()).toContain("Selesai");
    expect(await page.getByRole("link", { name: "Warga" }).count()).toBe(0);
    mkdirSync(path.join(ROOT, "docs/screenshots"), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/21-camat.png"), fullPage: true });

    // Issue 12, item 7: the KUA's photo, as the camat: a thumbnail, then full size; fetched once, then offline.
    const photoId = (JSON.parse(server.sql<{ photo_keys: string }>("SELECT photo_keys FROM progress")[0]!.photo_keys) as string[])[0]!;
    let fetches = 0;
    page.on("request", (r) => void (r.url().endsWith(`/api/photos/${photoId}/content`) && fetches++));
    await kuaRow.click();
    await expect.poll(() => page.getByTestId("lx-progress-meta").textContent()).toContain("Dilaporkan oleh KUA Batu Brak");
    const thumb = page.getByTestId("lx-photo-thumb").locator("canvas");
    await thumb.waitFor();
    // Drawn: a canvas the size of the thumbnail with the photo's pixels (not blank).
    const drawn = (sel: string) => page.locator(sel).evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 3; i < px.length; i += 4 * 97) if (px[i]! > 0 && px[i - 1]! + px[i - 2]! + px[i - 3]! > 0) lit++;
      return { w: c.width, h: c.height, lit, shown: c.getBoundingClientRect().width };
    });
    await page.getByTestId("lx-progress-entry").evaluate((el) => el.scrollIntoView({ block: "center" }));
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/23-lintas-evidence.png") });
    const small = await drawn("[data-testid=lx-photo-thumb] canvas");
    expect(small.w).toBe(192);
    expect(small.lit).toBeGreaterThan(10);
    await page.getByTestId("lx-photo-thumb").click();
    await page.getByTestId("lx-photo-full").waitFor();
    const full = await drawn("[data-testid=lx-photo-full] canvas");
    expect(full.w).toBeGreaterThan(small.w); // the photo at its own size (1280 px wide after compression)
    expect(full.lit).toBeGreaterThan(10);
    expect(full.shown).toBeLessThanOrEqual(360);
    await page.getByRole("button", { name: "Tutup foto" }).click();
    expect(fetches).toBe(1);
    const { context } = phones[phones.length - 1]!;
    await context.setOffline(true);
    await go(page, "#/lintas");
    await page.getByTestId("lx-chart").waitFor();
    await kuaRow.click();
    await page.getByTestId("lx-photo-thumb").locator("canvas").waitFor();
    expect(fetches).toBe(1);
    await context.setOffline(false);
    // The photo is kept sealed on the phone, like every other personal value.
    const kept = await page.evaluate((id) => new Promise<{ keys: string[]; completed: boolean } | null>((resolve, reject) => {
      const open = indexedDB.open("simpul-photos");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction("photos").objectStore("photos").get(id);
        get.onsuccess = () => {
          open.result.close();
          resolve(get.result ? { keys: Object.keys(get.result as object).sort(), completed: (get.result as { completed: boolean }).completed } : null);
        };
      };
    }), photoId);
    expect(kept?.completed).toBe(true);
    expect(kept?.keys).toContain("box");
    expect(kept?.keys).not.toContain("bytes");

    await go(page, `#/lintas/commitment/${commitmentId}/print`);
    await page.getByTestId("lx-print-page").waitFor();
    await expect.poll(() => page.locator(".print-sig svg.sig path").count()).toBe(3);
    expect(await page.locator(".print-items tbody tr").count()).toBe(4);
    await checkPrintPage(page, { parties: 3, signed: 3, version: 1 });
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/20-komitmen-print.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4" }).catch(() => null);
    if (pdf) expect(pdf.byteLength).toBeGreaterThan(1000);
  });

  it("4. an edit after signing makes version 2; the history keeps version 1's signatures; v2 is signed again", { timeout: 300_000 }, async () => {
    const { page } = phones[0]!;
    await go(page, `#/lintas/commitment/${commitmentId}`);
    await page.getByTestId("lx-doc-title").waitFor();
    await page.getByRole("button", { name: "Tambah butir" }).click();
    await page.getByTestId("lx-item-edit").locator("select").first().selectOption({ index: 1 });
    await page.locator("textarea[name=action-5]").fill("Kelas ibu balita tiap bulan");
    await page.locator("input[name=indicator-5]").fill("Kelas dilaksanakan");
    await page.getByRole("button", { name: "Simpan" }).click();
    await expect.poll(() => page.locator("[data-testid=lx-doc-items] li").count()).toBe(5);
    await expect.poll(() => page.getByTestId("lx-version").count()).toBe(2);
    await expect.poll(() => page.getByTestId("lx-version").first().textContent()).toContain("Versi 2");
    expect(await page.getByTestId("lx-version").nth(1).locator("svg.sig").count()).toBe(3);
    await page.getByTestId("lx-sign").click();
    await page.getByLabel("Menandatangani atas nama").selectOption({ index: 1 });
    await page.locator("input[name=signName]").fill("Hendra Saputra");
    await page.locator("input[name=signPosition]").fill("Peratin");
    await sign(page);
    await page.getByTestId("lx-save-signature").click();
    await page.getByTestId("lx-sign-count").waitFor();
    await go(page, "#/");
    await page.getByTestId("sync-now").click();
    await expect.poll(() => outboxCount(page), { timeout: 60_000 }).toBe(0);
    await waitSynced(page);
    expect(server.sql<{ v: number }>(`SELECT doc_version AS v FROM commitments WHERE id = '${commitmentId}'`)[0]!.v).toBe(2);
    expect(count("signatures", `WHERE commitment_id = '${commitmentId}' AND doc_version = 1`)).toBe(3);
    expect(count("signatures", `WHERE commitment_id = '${commitmentId}' AND doc_version = 2`)).toBe(1);
    expect(count("signatures", "WHERE needs_review = 1")).toBe(0);
    expect(count("commitment_versions")).toBe(2);
    // Version 2 on paper: every party has its block (the new item's office joined as a fourth), one
    // signed again, three left to sign by hand.
    await go(page, `#/lintas/commitment/${commitmentId}/print`);
    await page.getByTestId("lx-print-page").waitFor();
    await checkPrintPage(page, { parties: 4, signed: 1, version: 2 });
    expect(await page.locator("[data-testid=lx-party-block][data-signed='0']").allTextContents()).toEqual(Array(3).fill(expect.stringContaining("Belum ditandatangani")));
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/22-komitmen-print-360.png"), fullPage: true });
    // The paper's code is the one the commitment screen shows, so a reader can compare them.
    const printed = (await page.getByTestId("lx-verification").textContent())!.match(/[0-9A-F]{4}-[0-9A-F]{4}/)![0];
    await go(page, `#/lintas/commitment/${commitmentId}`);
    expect(await page.getByTestId("lx-view-verification").textContent()).toBe(`Kode verifikasi ${printed}`);

    // The administrator puts a pekon office's WhatsApp number on file, typed the way people write it.
    const pemdes = server.sql<{ id: string }>("SELECT id FROM offices WHERE kind = 'pemdes' AND phone IS NULL ORDER BY name LIMIT 1")[0]!.id;
    await go(page, "#/admin/offices");
    const row = page.locator(`[data-testid=admin-office][data-id="${pemdes}"]`);
    await row.getByTestId("admin-office-phone-edit").click();
    await row.locator("input[name=officePhone]").fill("0812 99");
    await row.getByRole("button", { name: "Simpan" }).click();
    await expect.poll(() => row.locator(".error").textContent()).toContain("Bukan nomor Indonesia");
    await row.locator("input[name=officePhone]").fill("0812-3456-7890");
    await row.getByRole("button", { name: "Simpan" }).click();
    await expect.poll(() => row.getByTestId("admin-office-phone").textContent()).toContain("081234567890");
    await expect.poll(() => server.sql<{ phone: string | null }>(`SELECT phone FROM offices WHERE id = '${pemdes}'`)[0]!.phone, { timeout: 30_000 }).toBe("6281234567890");
  });
});

/**
 * The printed document (issue 12, item 6) as the DOM shows it: the kop, the meeting, the
 * attendance with offices, a block for every party (name, position and office), the short
 * verification code of the version the server froze, and no horizontal overflow at 360 px.
 */
async function checkPrintPage(page: Page, want: { parties: number; signed: number; version: number }): Promise<void> {
  expect(page.viewportSize()!.width).toBe(360);
  // The kabupaten's name comes from /api/me (a phone pulls no row above its kecamatan), then stays for offline printing.
  const kop = async () => (await page.getByTestId("lx-kop").innerText()).toUpperCase().replace(/\s+/g, " ");
  await expect.poll(kop).toBe("PEMERINTAH KABUPATEN LAMPUNG BARAT KECAMATAN BATU BRAK");
  expect(await page.getByTestId("lx-print-meeting").textContent()).toMatch(/Minilokakarya lintas sektor pada .+ di Aula Kecamatan Batu Brak, dipimpin oleh Camat Batu Brak/);
  expect(await page.getByTestId("lx-print-place").textContent()).toMatch(/^Batu Brak, \d{1,2} \S+ \d{4}$/);
  // The attendance: five people, each with the office they chose.
  const rows = page.locator("[data-testid=lx-print-attendance] tbody tr");
  expect(await rows.count()).toBe(5);
  const offices = await rows.locator("td:nth-child(4)").allTextContents();
  expect(offices.every((o) => o.length > 2 && o !== "?" && o !== "—"), offices.join()).toBe(true);
  // A block for every party, whether signed or not.
  const parties = server.sql<{ office_id: string; name: string }>(`SELECT p.office_id, o.name FROM commitment_parties p JOIN offices o ON o.id = p.office_id WHERE p.commitment_id = '${commitmentId}' AND p.deleted = 0`);
  expect(parties).toHaveLength(want.parties);
  const blocks = page.getByTestId("lx-party-block");
  expect(await blocks.count()).toBe(want.parties);
  for (const p of parties) expect(await page.locator(`[data-testid=lx-party-block][data-office="${p.office_id}"]`).textContent()).toContain(p.name);
  expect(await page.locator("[data-testid=lx-party-block][data-signed='1']").count()).toBe(want.signed);
  expect(await page.locator("[data-testid=lx-party-block][data-signed='1'] svg.sig").count()).toBe(want.signed);
  const signers = server.sql<{ name: string; position: string }>(`SELECT name, position FROM signatures WHERE commitment_id = '${commitmentId}' AND doc_version = ${want.version}`);
  for (const s of signers) expect(await page.locator("[data-testid=lx-party-block][data-signed='1']").allTextContents()).toContainEqual(expect.stringContaining(`${s.name}Nama${s.position}Jabatan`));
  // The footer: the version and 8 hex digits of the hash its signatures bind, not 64.
  const hash = server.sql<{ h: string }>(`SELECT content_hash AS h FROM commitment_versions WHERE commitment_id = '${commitmentId}' AND doc_version = ${want.version}`)[0]!.h;
  const foot = await page.getByTestId("lx-print-footer").textContent();
  expect(foot).toContain(`Versi ${want.version}`);
  expect(foot).toContain(`Kode verifikasi ${hash.slice(0, 4).toUpperCase()}-${hash.slice(4, 8).toUpperCase()}`);
  expect(foot).not.toContain(hash);
  // 360 px: nothing wider than the screen.
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}
