/**
 * Issue 15 in the browser: form definitions load per form, and each phone keeps those of its role.
 *  (a) a pustu phone enrolls, waits for its service worker and the forms warm-up, goes offline,
 *      opens, fills and saves a CATIN visit and an MTBS visit (their chunks come from the forms
 *      cache, in a page loaded offline), syncs once online, and the server holds both records
 *      with the flags it derived itself;
 *  (b) a kader phone never downloads the MTBS chunk (and is not offered MTBS for a child);
 *  (c) a camat phone downloads no lazy form chunk at all.
 * Chunk names come from the build's form-chunks.json (web/vite.config.ts).
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { DEMO, enrollPhone, formsWarm, idbOpened, openPhone, unlock, type Phone, type Server, e2eLifecycle, fieldErrors, jakartaToday, dayNumber, seededPerson, MONTH_DAYS, YEAR_DAYS } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];

e2eLifecycle("forms-offline", phones, (s) => (server = s), () => server);

const isoDay = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

interface FormChunks {
  lazy: Record<string, string[]>;
  core: string[];
}
async function formChunks(): Promise<FormChunks> {
  const res = await fetch(`${server.url}/form-chunks.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as FormChunks;
}

/** Every URL this phone's pages and service worker ask the network (or the SW) for, from now on. */
function networkLog(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (r) => urls.push(new URL(r.url()).pathname));
  return urls;
}

async function reloadUnderServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

/** A new phone with its network log from the very first request. */
async function phoneWithLog(): Promise<{ phone: Phone; log: string[] }> {
  const phone = await openPhone("about:blank");
  phones.push(phone);
  const log = networkLog(phone.context);
  await phone.page.goto(server.url, { waitUntil: "domcontentloaded" });
  return { phone, log };
}

const cachedForms = (page: Page) =>
  page.evaluate(async () => (await (await caches.open("simpul-forms")).keys()).map((r) => new URL(r.url).pathname));

describe("forms per role, offline", () => {
  it("(a) a pustu phone opens, fills and saves a CATIN and an MTBS visit offline, and both sync with their flags", async () => {
    const { phone, log } = await phoneWithLog();
    const { page, context } = phone;
    await enrollPhone(page, DEMO.pustu);
    await reloadUnderServiceWorker(page);
    await unlock(page);
    expect(await formsWarm(page)).toMatch(/^done:\d+\/\d+$/);
    const chunks = await formChunks();
    // The two forms' chunks are lazy (not precached), and now in the forms cache.
    const catinFiles = chunks.lazy["catin-v1"]!;
    const mtbsFiles = chunks.lazy["mtbs-v1"]!;
    expect(catinFiles.length).toBeGreaterThan(0);
    expect(mtbsFiles.length).toBeGreaterThan(0);
    const cached = await cachedForms(page);
    for (const f of [...catinFiles, ...mtbsFiles]) expect(cached).toContain(`/${f}`);
    // Every lazy chunk of every form a pustu enters (all of them).
    expect(new Set(cached)).toEqual(new Set(Object.values(chunks.lazy).flat().map((f) => `/${f}`)));
    expect(log.filter((u) => u.endsWith(`/${mtbsFiles[0]}`)).length).toBeGreaterThan(0);

    // A man of 20–40 with a known birth date (catin: from 15 years), and a child of 6–48 months (MTBS: 2–59).
    const today = jakartaToday();
    const man = await seededPerson(page, { minDays: 20 * YEAR_DAYS, maxDays: 40 * YEAR_DAYS, sex: "L" });
    const child = await seededPerson(page, { minDays: 6 * MONTH_DAYS, maxDays: 48 * MONTH_DAYS });
    expect(man, "a seeded man of 20–40").toBeTruthy();
    expect(child, "a seeded child of 6–48 months").toBeTruthy();

    // Offline from here, in a page loaded offline: no chunk is in memory, all come from the service worker.
    await context.setOffline(true);
    await page.reload();
    await unlock(page);

    // CATIN (domain/forms/catin-v1.ts): a groom with Hb 12.0 g/dL, below 13 for men: anaemia.
    await page.goto(`${server.url}/#/person/${man!.id}`);
    await page.getByTestId("new-visit").locator(`a[href$="/catin"]`).waitFor();
    await page.goto(`${server.url}/#/visit/new/${man!.id}/catin`);
    await page.locator("input[name=bb]").waitFor({ timeout: 15_000 });
    await page.locator("input[name=tanggal_rencana_nikah]").fill(isoDay(dayNumber(today) + 60));
    await page.locator("input[name=bb]").fill("65");
    await page.locator("input[name=tb]").fill("170");
    await page.locator("input[name=hb]").fill("12");
    await page.locator("input[name=td_sistolik]").fill("120");
    await page.locator("input[name=td_diastolik]").fill("80");
    await page.locator("input[name=konseling][value=kespro]").check();
    await page.locator("[data-testid=flags] [data-flag='catin.anemia'], [data-testid=flags] [data-flag='anemia']").waitFor({ timeout: 15_000 });
    await page.getByTestId("save-visit").click();
    await page.getByTestId("result").waitFor({ timeout: 15_000 });
    expect(await fieldErrors(page)).toEqual([]);

    // MTBS (domain/forms/mtbs-v1.ts): a well child (no danger sign, cough, diarrhoea or fever),
    // LiLA 13.5 cm (≥ 12.5: gizi baik), palms not pale (tidak anemia): green classifications.
    await page.goto(`${server.url}/#/visit/new/${child!.id}/mtbs`);
    await page.locator("input[name=bb]").waitFor({ timeout: 15_000 });
    await page.locator("input[name=tanda_bahaya_umum][value=tidak_ada]").check();
    for (const f of ["batuk", "diare", "demam", "edema"]) await page.locator(`input[name=${f}][value=no]`).check();
    await page.locator("input[name=bb]").fill("11");
    await page.locator("input[name=lila]").fill("13,5");
    await page.locator("input[name=pucat_telapak_tangan][value=tidak_pucat]").check();
    await page.getByTestId("save-visit").click();
    await page.getByTestId("result").waitFor({ timeout: 15_000 });
    expect(await fieldErrors(page)).toEqual([]);

    const outbox = await idbOpened<{ mutation: { entity: string; entityId: string; payload: { formId?: string } } }>(page, "outbox");
    const catinId = outbox.find((o) => o.mutation.entity === "record" && o.mutation.payload.formId === "catin")?.mutation.entityId;
    const mtbsId = outbox.find((o) => o.mutation.entity === "record" && o.mutation.payload.formId === "mtbs")?.mutation.entityId;
    expect(catinId).toBeTruthy();
    expect(mtbsId).toBeTruthy();

    // Online: both reach the server, which derives their flags itself.
    await context.setOffline(false);
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("sync-now").click();
    await expect.poll(() => page.getByTestId("sync-pending").textContent(), { timeout: 30_000 }).toBe("Semua data terkirim");
    const stored = server.sql<{ id: string; form_id: string; derived: string }>(`SELECT id, form_id, derived FROM records WHERE id IN ('${catinId}', '${mtbsId}')`);
    const flagsOf = (id: string) => (JSON.parse(stored.find((r) => r.id === id)!.derived) as { flags: { id: string }[] }).flags.map((f) => f.id);
    expect(stored.map((r) => r.form_id).sort()).toEqual(["catin", "mtbs"]);
    expect(flagsOf(catinId!)).toContain("catin.anemia");
    expect(flagsOf(mtbsId!)).toEqual(expect.arrayContaining(["mtbs.gizi_baik", "mtbs.tidak_anemia"]));
  });

  it("(b) a kader phone never downloads the MTBS chunk, and is not offered MTBS", async () => {
    const { phone, log } = await phoneWithLog();
    const { page } = phone;
    await enrollPhone(page, DEMO.kader);
    await reloadUnderServiceWorker(page);
    await unlock(page);
    expect(await formsWarm(page)).toMatch(/^done:[1-9]\d*\/[1-9]\d*$/);
    const chunks = await formChunks();
    const mtbs = chunks.lazy["mtbs-v1"]!;
    // The log works: the kader's own lazy forms (nifas) were fetched by the warm-up.
    expect(log).toContain(`/${chunks.lazy["nifas-v1"]![0]}`);
    // A child on the kader's phone: balita is offered, MTBS is not.
    const child = await seededPerson(page, { minDays: 6 * MONTH_DAYS, maxDays: 48 * MONTH_DAYS });
    expect(child, "a child on the kader's phone").toBeTruthy();
    await page.goto(`${server.url}/#/person/${child!.id}`);
    await page.getByTestId("new-visit").locator(`a[href$="/balita"]`).waitFor();
    expect(await page.getByTestId("new-visit").locator(`a[href$="/mtbs"]`).count()).toBe(0);
    // Typed by hand, the MTBS link says the form is not for her role, and fetches nothing.
    await page.goto(`${server.url}/#/visit/new/${child!.id}/mtbs`);
    await expect.poll(() => page.getByTestId("form-not-allowed").textContent()).toContain("bukan untuk peran Anda");
    for (const f of mtbs) expect(log.filter((u) => u.endsWith(`/${f}`))).toEqual([]);
    expect((await cachedForms(page)).filter((u) => mtbs.some((f) => u.endsWith(f)))).toEqual([]);
  });

  it("(c) a camat phone downloads no lazy form chunk", async () => {
    const { phone, log } = await phoneWithLog();
    const { page } = phone;
    await enrollPhone(page, DEMO.camat);
    await reloadUnderServiceWorker(page);
    await unlock(page);
    expect(await formsWarm(page)).toBe("done:0/0");
    const lazy = new Set(Object.values((await formChunks()).lazy).flat().map((f) => `/${f}`));
    expect(lazy.size).toBeGreaterThan(0);
    // The precache was downloaded (the app works offline), but no lazy form chunk.
    expect(log.some((u) => u.endsWith("/sw.js"))).toBe(true);
    expect(log.filter((u) => lazy.has(u))).toEqual([]);
    expect(await cachedForms(page)).toEqual([]);
  });
});
