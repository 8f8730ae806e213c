#!/usr/bin/env node
// npm run screenshots: the main screens at 360×640 CSS px (device scale 2, the phone Simpul is designed for) into
// docs/screenshots/. Starts its own seeded `wrangler dev` through the e2e harness, so the
// pictures show the real app on synthetic demo data.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { tsImport } from "tsx/esm/api";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "docs", "screenshots");
const h = await tsImport("../test/e2e/harness.ts", import.meta.url);

mkdirSync(OUT, { recursive: true });
process.env.SIMPUL_E2E_REBUILD ??= "1";
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
