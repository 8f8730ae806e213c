#!/usr/bin/env node
// npm run screenshots: the main screens at 360×640 CSS px (device scale 2, the phone Simpul is designed for) into
// docs/screenshots/. Starts its own seeded `wrangler dev` through the e2e harness, so the
// pictures show the real app on synthetic demo data.
//   --only=phone     the pustu's screens (01–14), on a population-only seed
//   --only=console   the puskesmas console (30–39: PWS, administration, SATUSEHAT and reports), on a second server seeded
//                    with the year of history the PWS counts
//   --only=home      each role's Home and posyandu mode (40–47, issue 12), on a server seeded with history
import { mkdirSync } from "node:fs";
import path from "node:path";
import { tsImport } from "tsx/esm/api";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "docs", "screenshots");
const h = await tsImport("../test/e2e/harness.ts", import.meta.url);

const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
if (only && only !== "phone" && only !== "console" && only !== "home") throw new Error(`--only=phone, --only=console or --only=home, not ${only}`);

mkdirSync(OUT, { recursive: true });
process.env.SIMPUL_E2E_REBUILD ??= "1";
if (!only || only === "phone") await phoneScreens();
if (!only || only === "console") {
  // The first part built already.
  if (!only) process.env.SIMPUL_E2E_REBUILD = "0";
  await consoleScreens();
}
if (!only || only === "home") {
  if (!only) process.env.SIMPUL_E2E_REBUILD = "0";
  await homeScreens();
}

async function phoneScreens() {
  const server = await h.startServer();
  let phone;
  try {
    phone = await h.openPhone(server.url);
    const { page } = phone;
    const shot = async (name) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      console.log(`docs/screenshots/${name}.png`);
    };
    const go = async (hash) => {
      await page.goto(server.url + "/" + hash);
      await page.waitForTimeout(300);
    };

    await page.getByLabel("Kode pendaftaran").waitFor();
    await shot("01-enroll");
    await page.getByLabel("Kode pendaftaran").fill(h.DEMO.pustu);
    await page.getByRole("button", { name: "Daftar" }).click();
    await page.locator("input[name=pin]").waitFor();
    await shot("02-pin");
    await page.locator("input[name=pin]").fill(h.PIN);
    await page.locator("input[name=pin2]").fill(h.PIN);
    await page.getByRole("button", { name: "Simpan PIN" }).click();
    await h.waitSynced(page);
    await shot("03-home");

    await go("#/registry");
    await shot("04-registry-dusun");
    await page.locator("[data-testid=dusun-list] a").first().click();
    await page.locator("[data-testid=household-list] li").first().waitFor();
    await shot("05-registry-households");
    await page.getByRole("searchbox").fill("sri lestar");
    await page.locator("[data-testid=search-results] li").first().waitFor();
    await shot("06-registry-search");
    await page.getByRole("searchbox").fill("");

    // A pregnant woman from the home screen's list, her record, and a visit form.
    await go("#/");
    await page.locator("[data-testid=anc-due] a").first().click();
    await page.getByTestId("new-visit").waitFor();
    await shot("07-person");
    await page.getByRole("link", { name: /ibu hamil \(ANC\)/ }).click();
    await page.locator("input[name=bb]").waitFor();
    await shot("08-anc-form");
    await page.locator("input[name=hpht]").fill(new Date(Date.now() - 24 * 7 * 86_400_000).toISOString().slice(0, 10));
    await page.locator("input[name=bb]").fill("585");
    await page.locator("input[name=lila]").fill("22,5");
    await page.locator("input[name=td_sistolik]").fill("150");
    await page.locator("input[name=td_diastolik]").fill("95");
    await page.getByTestId("save-visit").click();
    await page.locator("[data-field=bb] .error").waitFor();
    await page.locator("[data-field=bb]").scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -120));
    await shot("09-anc-validation");
    await page.getByTestId("flags").scrollIntoViewIfNeeded();
    await shot("10-anc-flags");

    await go("#/household/new");
    await shot("11-household-edit");
    await go("#/sync");
    await shot("12-sync");
    await go("#/settings");
    await shot("13-settings");
    await page.getByRole("button", { name: "Kunci sekarang" }).click();
    await page.getByRole("dialog").waitFor();
    await shot("14-lock");
  } finally {
    await phone?.close().catch(() => undefined);
    await server.stop();
  }
}

/**
 * The puskesmas console (issue 11) as DEMO-PKM1 sees it after `npm start`: the PWS of Batu Brak
 * from the seeded year (table, chart, trend, the list of sasaran not yet served; the table also at
 * 1280 px, the console on a laptop), and the administration (users, an issued code, devices).
 */
async function consoleScreens() {
  const server = await h.startServer({ history: true });
  const phones = [];
  try {
    const open = async () => {
      const p = await h.openPhone(server.url);
      phones.push(p);
      await p.page.getByLabel("Kode pendaftaran").waitFor({ timeout: 60_000 });
      return p;
    };
    const enroll = async (page, code) => {
      await page.getByLabel("Kode pendaftaran").fill(code);
      await page.getByRole("button", { name: "Daftar" }).click();
      await page.locator("input[name=pin]").fill(h.PIN);
      await page.locator("input[name=pin2]").fill(h.PIN);
      await page.getByRole("button", { name: "Simpan PIN" }).click();
      await page.getByTestId("sync-card").waitFor({ timeout: 60_000 });
      await h.waitSynced(page, 600_000);
    };
    const { page } = await open();
    const shot = async (name, opts = {}) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), ...opts });
      console.log(`docs/screenshots/${name}.png`);
    };
    const go = async (hash) => {
      await page.evaluate((x) => (location.hash = x), hash);
      await page.waitForTimeout(300);
    };
    /** Scroll so that an element starts just under the app bar. */
    const toTop = async (locator, gap = 64) => {
      await locator.evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.evaluate((g) => window.scrollBy(0, -g), gap);
    };

    await enroll(page, h.DEMO.puskesmas);
    await page.getByTestId("home-pws").click();
    await page.getByTestId("pws-table").waitFor({ timeout: 60_000 });
    await toTop(page.locator(".pws-legend"));
    await shot("30-pws-table");
    // The chart of the first indicator with a target (D/S), one bar per desa and the target line.
    await page.locator("[data-testid^=pws-chart-]").first().waitFor();
    await toTop(page.locator(".pws-chart-box"));
    await shot("31-pws-chart");
    // The desa with the most children not weighed: its list for the kader.
    const cells = await page.locator("[data-testid^='pws-cell-balita.ds-']").evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute("data-testid"), m: /^(\d+) dari (\d+)$/.exec(e.getAttribute("title") ?? "") })).filter((c) => c.m && !c.id.endsWith("-total")).map((c) => ({ id: c.id, gap: Number(c.m[2]) - Number(c.m[1]) })),
    );
    cells.sort((a, b) => b.gap - a.gap);
    if (cells[0]) {
      await page.getByTestId(cells[0].id).click();
      await page.getByTestId("pws-open-missed").click();
      await page.getByTestId("pws-missed-count").waitFor({ timeout: 60_000 });
      await toTop(page.getByTestId("pws-missed-count"));
      await shot("33-pws-missed");
    }
    // To the last whole month: the current one has only begun.
    const now = new Date();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    await go(`#/pws/trend/balita.ds?to=${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, "0")}`);
    await page.locator(".pws-trend-fig").first().waitFor({ timeout: 60_000 });
    await toTop(page.locator(".pws-trend-fig").first());
    await shot("32-pws-trend");

    await page.setViewportSize({ width: 1280, height: 800 });
    await go("#/pws");
    await page.getByTestId("pws-table").waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot("34-pws-table-1280");
    // Issue 13: the SATUSEHAT export per desa with its send panel, and the monthly report files.
    await go("#/interop");
    await page.getByTestId("fhir-summary").waitFor({ timeout: 60_000 });
    await page.getByTestId("satusehat-status").waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot("38-interop-1280");
    await page.setViewportSize(h.PHONE);
    // Laid out again at 360 px from a fresh route (a resize alone leaves the wide layout's widths).
    await go("#/");
    await go("#/interop");
    await page.getByTestId("interop-reports").waitFor({ timeout: 60_000 });
    await toTop(page.getByTestId("interop-reports"));
    await shot("39-interop-reports");

    await go("#/admin/users");
    await page.getByTestId("admin-user").first().waitFor({ timeout: 60_000 });
    await shot("35-admin-users");
    // A new bidan and her enrollment code, shown large with its share link and countdown.
    await page.getByTestId("admin-user-new").click();
    const form = page.getByTestId("admin-user-form");
    await form.getByLabel("Nama").fill("Bd. Yuliana Safitri");
    await form.getByLabel("Peran").selectOption("pustu");
    await form.getByLabel("Desa").selectOption({ index: 1 });
    await page.getByTestId("admin-user-save").click();
    await page.getByTestId("admin-user-summary").waitFor({ timeout: 60_000 });
    await page.getByTestId("admin-issue-code").click();
    await page.getByTestId("issued-code").waitFor({ timeout: 60_000 });
    const code = (await page.getByTestId("issued-code").textContent()).trim();
    await page.getByTestId("toast").waitFor({ state: "detached", timeout: 15_000 }).catch(() => undefined);
    await toTop(page.getByTestId("issued-code-card"));
    await shot("36-admin-code");
    // Her phone enrolls with it, so the device list has a second phone with its last sync.
    const bidan = await open();
    await enroll(bidan.page, code);
    await go("#/admin/devices");
    await page.getByTestId("admin-refresh").click();
    await page.locator("[data-testid=admin-device]").nth(1).waitFor({ timeout: 60_000 });
    await shot("37-admin-devices");
  } finally {
    for (const p of phones) await p.close().catch(() => undefined);
    await server.stop();
  }
}

/**
 * Issue 12: each role's Home on the seeded year (the bidan's tasks by programme with the kader's
 * collapsed, the kader's next posyandu, the coordinator's PWS and referrals, the camat's and a
 * mitra's commitments due), and posyandu mode: the session list, one child, the tally.
 */
async function homeScreens() {
  const server = await h.startServer({ history: true });
  const phones = [];
  try {
    const phoneOf = async (code) => {
      const p = await h.openPhone(server.url);
      phones.push(p);
      await p.page.getByLabel("Kode pendaftaran").waitFor({ timeout: 60_000 });
      await p.page.getByLabel("Kode pendaftaran").fill(code);
      await p.page.getByRole("button", { name: "Daftar" }).click();
      await p.page.locator("input[name=pin]").fill(h.PIN);
      await p.page.locator("input[name=pin2]").fill(h.PIN);
      await p.page.getByRole("button", { name: "Simpan PIN" }).click();
      await p.page.getByTestId("sync-card").waitFor({ timeout: 60_000 });
      await h.waitSynced(p.page, 600_000);
      return p.page;
    };
    const shot = async (page, name) => {
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      console.log(`docs/screenshots/${name}.png`);
    };
    /** Scroll so that an element starts just under the app bar. */
    const toTop = async (page, locator, gap = 64) => {
      await locator.evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.evaluate((g) => window.scrollBy(0, -g), gap);
    };

    const bidan = await phoneOf(h.DEMO.pustu);
    await bidan.locator("[data-testid=own-tasks] [data-testid=task-group]").first().waitFor({ timeout: 60_000 });
    await toTop(bidan, bidan.getByTestId("tasks"));
    await shot(bidan, "40-home-bidan");

    const kader = await phoneOf(h.DEMO.kader);
    await kader.getByTestId("posyandu-next").waitFor({ timeout: 60_000 });
    await kader.getByTestId("tasks").waitFor({ timeout: 60_000 });
    await toTop(kader, kader.getByTestId("posyandu-next"));
    await shot(kader, "41-home-kader");
    // Posyandu mode: the session's list, a child being weighed (N/T and status at once), the tally.
    await kader.getByTestId("posyandu-open").click();
    await kader.getByTestId("ps-tally").waitFor({ timeout: 60_000 });
    await shot(kader, "45-posyandu-list");
    await kader.locator("[data-testid=ps-children] li[data-weighed='0'] a").first().click();
    await kader.locator("form[data-form=posyandu] input[name=bb]").waitFor();
    await kader.keyboard.type("11,2");
    await kader.locator("form[data-form=posyandu] input[name=panjang_tinggi]").fill("86,5");
    await kader.getByTestId("ps-status").waitFor({ timeout: 60_000 });
    await shot(kader, "46-posyandu-child");
    await kader.getByTestId("ps-save-list").click();
    await kader.getByTestId("ps-end").click();
    await kader.getByTestId("ps-rekap").waitFor({ timeout: 60_000 });
    await shot(kader, "47-posyandu-tally");

    const pkm = await phoneOf(h.DEMO.puskesmas);
    await pkm.locator("[data-testid=home-pws-summary] li").first().waitFor({ timeout: 60_000 });
    await toTop(pkm, pkm.getByTestId("home-pws-summary"));
    await shot(pkm, "42-home-puskesmas");

    const camat = await phoneOf(h.DEMO.camat);
    await camat.getByTestId("commitments-due").waitFor({ timeout: 60_000 });
    await toTop(camat, camat.getByTestId("commitments-due"));
    await shot(camat, "43-home-camat");

    const mitra = await phoneOf("DEMO-MPKK");
    await mitra.getByTestId("commitments-due").waitFor({ timeout: 60_000 });
    await toTop(mitra, mitra.getByTestId("commitments-due"));
    await shot(mitra, "44-home-mitra");
  } finally {
    for (const p of phones) await p.close().catch(() => undefined);
    await server.stop();
  }
}
