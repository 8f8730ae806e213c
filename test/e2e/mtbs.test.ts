/**
 * Issue 15 in the browser: an MTBS visit entered offline at the pustu. A seeded child of 12–48
 * months with cough and 55 breaths/min (fast: ≥ 40/min from 12 months), no chest indrawing, no
 * pallor and LiLA 14 cm is classified at once, by colour: PNEUMONIA (kuning), TIDAK ANEMIA and
 * GIZI BAIK (hijau). After sync the server holds the same derivation (its own recomputation).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO, e2eLifecycle, enrollPhone, fieldErrors, idbAll, idbOpened, openPhone, ROOT, unlock, type Phone, type Server, seededPerson, MONTH_DAYS } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];

e2eLifecycle("mtbs", phones, (s) => (server = s), () => server);



describe("MTBS: colour classifications offline, same as the server", () => {
  it("a child with cough and fast breathing: PNEUMONIA in yellow at once; saved offline and synced", async () => {
    const phone = await openPhone(server.url);
    phones.push(phone);
    const { page, context } = phone;
    await enrollPhone(page, DEMO.pustu);
    // index.html's static shell is gone once the app has drawn (it once stayed above every screen).
    expect(await page.locator("#app .boot").count()).toBe(0);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    await unlock(page);

    const child = await seededPerson(page, { minDays: 13 * MONTH_DAYS, maxDays: 48 * MONTH_DAYS });
    expect(child, "a seeded child 13–48 months old").toBeTruthy();

    await context.setOffline(true);
    await page.goto(`${server.url}/#/visit/new/${child!.id}/mtbs`);
    await page.locator("input[name=tanda_bahaya_umum][value=tidak_ada]").waitFor({ timeout: 15_000 });
    await page.locator("input[name=tanda_bahaya_umum][value=tidak_ada]").check();
    await page.locator("input[name=batuk][value=yes]").check();
    await page.locator("input[name=batuk_lama_hari]").fill("3");
    await page.locator("input[name=napas_per_menit]").fill("55");
    await page.locator("input[name=tarikan_dinding_dada][value=no]").check();
    await page.locator("input[name=stridor][value=no]").check();
    await page.locator("input[name=diare][value=no]").check();
    await page.locator("input[name=demam][value=no]").check();
    await page.locator("input[name=bb]").fill("12");
    await page.locator("input[name=lila]").fill("14");
    await page.locator("input[name=edema][value=no]").check();
    await page.locator("input[name=pucat_telapak_tangan][value=tidak_pucat]").check();

    // The colour chips show at once, before saving (generic flag colours, words from the catalogue).
    const pneumonia = page.locator("[data-testid=flags] [data-flag='mtbs.pneumonia']");
    await pneumonia.waitFor({ timeout: 15_000 });
    expect(await pneumonia.getAttribute("data-colour")).toBe("kuning");
    expect(await pneumonia.textContent()).toContain("Kuning · obati, kunjungan ulang");
    expect(await page.locator("[data-testid=flags] [data-flag='mtbs.tidak_anemia']").getAttribute("data-colour")).toBe("hijau");
    expect(await page.locator("[data-testid=flags] [data-flag='mtbs.gizi_baik']").getAttribute("data-colour")).toBe("hijau");
    expect(await page.locator("[data-testid=flags] .badge.warn").count()).toBe(1);
    await page.locator("[data-testid=flags]").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/48-mtbs-colours.png") });

    await page.getByTestId("save-visit").click();
    await page.getByTestId("result").waitFor({ timeout: 15_000 });
    expect(await fieldErrors(page)).toEqual([]);
    expect(await page.locator("[data-testid=result] [data-flag='mtbs.pneumonia']").getAttribute("data-colour")).toBe("kuning");
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/49-mtbs-result.png"), fullPage: true });

    const outbox = await idbOpened<{ mutation: { entity: string; entityId: string; payload: Record<string, unknown> } }>(page, "outbox");
    const recordM = outbox.find((o) => o.mutation.entity === "record")!.mutation;
    expect(outbox.some((o) => o.mutation.entity === "referral")).toBe(false);
    const localDerived = recordM.payload.derived as { flags: { id: string; colour?: string }[] };
    expect(localDerived.flags.map((f) => [f.id, f.colour])).toEqual([["mtbs.pneumonia", "kuning"], ["mtbs.tidak_anemia", "hijau"], ["mtbs.gizi_baik", "hijau"]]);

    await page.goto(`${server.url}/#/`);
    await page.getByTestId("tasks").waitFor();
    await context.setOffline(false);
    await page.getByTestId("sync-now").click();
    await expect.poll(() => page.getByTestId("sync-pending").textContent(), { timeout: 30_000 }).toBe("Semua data terkirim");
    expect(await idbAll(page, "outbox")).toEqual([]);
    const stored = server.sql<{ derived: string }>(`SELECT derived FROM records WHERE id = '${recordM.entityId}'`);
    expect(JSON.parse(stored[0]!.derived)).toEqual(localDerived);
  });
});
