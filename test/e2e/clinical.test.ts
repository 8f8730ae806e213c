/**
 * Issue 5 in the browser, against the real worker (its own wrangler dev, fresh seeded D1):
 * offline, a demo balita of Pekon Kembahang is weighed with a height below −2 SD for her age;
 * the stunting flag shows at once, the result panel says what to do, and a referral task is on
 * Home, all computed on the phone. After sync the server holds the same derivation and the same
 * referral id (its own recomputation; a forged derivation is replaced).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { loadGrowthTables, lmsAt, lmsValue } from "../../domain/growth/index.ts";
import { DEMO, ROOT, enrollPhone, idbAll, idbOpened, openPhone, startServer, unlock, type Phone, type Server, e2eLifecycle, completeAncVisit, fieldErrors, jakartaToday, dayNumber, type PersonRow, seededPerson, MONTH_DAYS } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];

e2eLifecycle("clinical", phones, (s) => (server = s), () => server);



async function reloadUnderServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

describe("clinical: flags, referral and tasks computed offline, same as the server", () => {
  it("weighs a stunted balita offline: flag at once, referral task on Home; after sync the server holds the same derivation and referral", async () => {
    const phone = await openPhone(server.url);
    phones.push(phone);
    const { page, context } = phone;
    await enrollPhone(page, DEMO.pustu);
    await reloadUnderServiceWorker(page);
    await unlock(page);

    // A seeded child of Pekon Kembahang, 18–48 months old, with a known birth date.
    const today = jakartaToday();
    const child = await seededPerson(page, { minDays: 18 * MONTH_DAYS, maxDays: 48 * MONTH_DAYS });
    expect(child, "a seeded child 18–48 months old").toBeTruthy();
    const ageDays = dayNumber(today) - dayNumber(child!.data.birthDate);
    const standing = ageDays >= 731;

    // A height at −2.6 SD of the WHO length/height-for-age (below −2: pendek) and a weight at −1 SD.
    const tables = await loadGrowthTables();
    const len = lmsAt(tables.len, child!.data.sex, ageDays)!;
    const wei = lmsAt(tables.wei, child!.data.sex, ageDays)!;
    const heightCm = Math.floor(lmsValue(-2.6, len.l, len.m, len.s) * 10) / 10;
    const weightKg = Math.round(lmsValue(-1, wei.l, wei.m, wei.s) * 10) / 10;

    await context.setOffline(true);
    await page.goto(`${server.url}/#/visit/new/${child!.id}/balita`);
    await page.locator("input[name=bb]").waitFor();
    await page.locator("input[name=bb]").fill(String(weightKg).replace(".", ","));
    await page.locator("input[name=panjang_tinggi]").fill(String(heightCm).replace(".", ","));
    await page.locator(`input[name=posisi_ukur][value=${standing ? "berdiri" : "berbaring"}]`).check();
    // The flag shows at once, before saving, from the WHO tables loaded offline (precached).
    await page.locator("[data-testid=flags] [data-flag$=stunted]").first().waitFor({ timeout: 15_000 });
    const liveZ = Number((await page.locator("[data-z=lhfa]").textContent())!.replace(",", "."));
    expect(liveZ).toBeLessThan(-2);
    expect(await page.getByTestId("flags").textContent()).toMatch(/pendek/i);

    await page.getByTestId("save-visit").click();
    await page.getByTestId("result").waitFor({ timeout: 15_000 });
    expect(await page.locator(".has-error").evaluateAll((els) => els.map((e) => e.getAttribute("data-field")))).toEqual([]);
    const resultText = (await page.getByTestId("result").textContent())!;
    expect(resultText).toMatch(/pendek/i);
    expect(resultText).toContain("Yang perlu dilakukan");
    await page.getByTestId("result-referral").first().waitFor();
    await page.screenshot({ path: path.join(ROOT, "test-results", "clinical-result.png") });
    expect(await page.getByTestId("visits").textContent()).toContain("Belum terkirim");

    // What the phone stored: the record with its derivation, and the referral (a create mutation).
    const outbox = await idbOpened<{ mutation: { entity: string; entityId: string; op: string; payload: Record<string, unknown> } }>(page, "outbox");
    const recordM = outbox.find((o) => o.mutation.entity === "record")!.mutation;
    const referralM = outbox.find((o) => o.mutation.entity === "referral")!.mutation;
    expect(referralM.op).toBe("create");
    expect(referralM.payload).toMatchObject({ personId: child!.id, recordId: recordM.entityId, reason: expect.stringMatching(/^balita\./) });
    const localDerived = recordM.payload.derived as { flags: { id: string }[]; growth: { zscores: Record<string, number | null> } };
    expect(localDerived.flags.map((f) => f.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^balita\.(severely_)?stunted$/)]));

    // Home, still offline: the referral task for this child.
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("tasks").waitFor();
    const task = page.locator(`[data-testid=tasks] li[data-rule="balita.rujuk_gizi"]`, { hasText: child!.data.name });
    await task.first().waitFor();
    mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, "test-results", "clinical-home.png") });
    expect(await task.first().textContent()).toMatch(/Rujuk ke puskesmas|Rujuk ke pustu/);

    // Online: sync; the server recomputed the derivation and holds the same flags and referral.
    await context.setOffline(false);
    await page.getByTestId("sync-now").click();
    await expect.poll(() => page.getByTestId("sync-pending").textContent(), { timeout: 30_000 }).toBe("Semua data terkirim");
    // Nothing refused: the server took our referral create as the row it had already made.
    expect(await idbAll(page, "outbox")).toEqual([]);
    const stored = server.sql<{ derived: string }>(`SELECT derived FROM records WHERE id = '${recordM.entityId}'`);
    expect(stored.length).toBe(1);
    const serverDerived = JSON.parse(stored[0]!.derived) as typeof localDerived;
    expect(serverDerived).toEqual(localDerived);
    const refs = server.sql<{ id: string; reason: string }>(`SELECT id, reason FROM referrals WHERE record_id = '${recordM.entityId}'`);
    expect(refs.map((r) => r.id)).toEqual([referralM.entityId]);
    expect(refs[0]!.reason).toBe(referralM.payload.reason);

    // Rujuk balik on the person page closes the referral (an update mutation), and the task goes.
    await page.goto(`${server.url}/#/person/${child!.id}`);
    await page.getByTestId("referral-record").first().click();
    await page.locator("input[name^=outcome-][value=datang_ditangani]").check();
    await page.locator("[data-testid=referral-outcome-form] button[type=submit]").click();
    await page.locator("[data-testid=referrals]").getByText("Rujuk balik").first().waitFor();
    const ups = await idbOpened<{ mutation: { entity: string; op: string; payload: Record<string, unknown> } }>(page, "outbox");
    expect(ups.find((o) => o.mutation.entity === "referral")?.mutation).toMatchObject({ op: "update", payload: { outcome: "datang_ditangani", outcomeAt: today } });
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("tasks").waitFor();
    await expect.poll(() => page.locator(`[data-testid=tasks] li[data-rule="balita.rujuk_gizi"]`, { hasText: child!.data.name }).count()).toBe(0);

    // The child's page draws the growth chart with the WHO lines and her point.
    await page.goto(`${server.url}/#/person/${child!.id}`);
    await page.getByTestId("growth-svg").waitFor();
    expect(await page.locator("[data-testid=growth-svg] path[data-z]").count()).toBe(5);
    await page.locator("[data-testid=growth-chart] button[data-ind=len]").click();
    expect(await page.locator("[data-testid=growth-svg] circle[data-point]").count()).toBe(1);
    mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    await page.getByTestId("growth-chart").screenshot({ path: path.join(ROOT, "test-results", "clinical-growth-chart.png") });
  });

  it("shows a pregnancy's ANC visits on a timeline from HPHT to HPL", async () => {
    const phone = await openPhone(server.url);
    phones.push(phone);
    const { page } = phone;
    await enrollPhone(page, DEMO.pustu);
    const rows = await idbOpened<PersonRow & { data: { pregnant?: boolean } }>(page, "rows");
    const mother = rows.find((r) => r.entity === "person" && r.data.pregnant === true && r.data.sex === "P");
    expect(mother, "a seeded pregnant woman").toBeTruthy();
    await page.goto(`${server.url}/#/visit/new/${mother!.id}/anc`);
    await page.locator("input[name=hpht]").waitFor();
    await page.locator("input[name=hpht]").fill(new Date(Date.now() - 20 * 7 * 86_400_000).toISOString().slice(0, 10));
    await page.locator("input[name=bb]").fill("58,5");
    await page.locator("input[name=lila]").fill("24");
    await page.locator("input[name=td_sistolik]").fill("120");
    await page.locator("input[name=td_diastolik]").fill("80");
    await completeAncVisit(page, { gravida: "2", para: "1" });
    await page.getByTestId("save-visit").click();
    await page.locator("[data-testid=result], [data-testid=form-errors]").first().waitFor();
    expect(await fieldErrors(page)).toEqual([]);
    await page.getByTestId("anc-timeline").waitFor();
    expect(await page.locator("[data-testid=anc-timeline] [data-visit]").count()).toBe(1);
    expect(await page.getByTestId("anc-timeline").textContent()).toContain("HPL");
    await page.getByTestId("anc-timeline").screenshot({ path: path.join(ROOT, "test-results", "clinical-anc-timeline.png") });
  });
});
