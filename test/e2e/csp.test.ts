/**
 * Issue 9, item 3 in the browser: the app's Content-Security-Policy (dist/_headers, from
 * domain/http/security-headers.ts) is on the document, from the network and from the service
 * worker's precache, and no screen a pustu, a camat, a mitra or a puskesmas reaches reports a
 * violation: the lock, the forgotten-PIN and the revoked screens included, and the PWS and
 * administration consoles (lazy chunks with their own CSS). Violations are caught twice:
 * Chromium's console message and the page's `securitypolicyviolation` event.
 */
import type { Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { APP_CSP } from "../../domain/http/security-headers.ts";
import { commitmentContent, contentHash } from "../../domain/lintas/content.ts";
import { encodeStrokes } from "../../domain/lintas/ui-strokes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, completeAncVisit, DEMO, e2eLifecycle, enrollPhone, fieldErrors, idbOpened, openPhone, unlock, type Phone, type Server } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];

e2eLifecycle("csp", phones, (s) => (server = s), () => server);

interface Watched {
  page: Phone["page"];
  context: Phone["context"];
  /** Every violation so far, as "where: what". */
  violations(): Promise<string[]>;
}

/** A phone whose every page load records CSP violations; its first document must carry the CSP. */
async function watchedPhone(): Promise<Watched> {
  const phone = await openPhone(server.url);
  phones.push(phone);
  const { page, context } = phone;
  const fromConsole: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) fromConsole.push(`${page.url()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__csp.push(`${location.hash || "/"}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const res = await page.reload();
  expectCsp(res, "first load");
  expect(res!.fromServiceWorker()).toBe(false);
  // Events of pages already left are in the console list; the current page's in __csp.
  const violations = async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
  return { page, context, violations };
}

function expectCsp(res: Response | null, what: string): void {
  expect(res, what).not.toBeNull();
  const h = res!.headers();
  expect(h["content-security-policy"], what).toBe(APP_CSP);
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("no-referrer");
}

/** Once the service worker controls the page (it claims it on first install), reload from its precache: the CSP is still there. */
async function reloadFromServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 60_000 });
  const res = await page.reload();
  expectCsp(res, "from the service worker");
  expect(res!.fromServiceWorker()).toBe(true);
  await unlock(page);
}

/** Go to a hash route and wait for what shows that the screen has rendered. */
async function visit(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.locator(ready).first().waitFor();
  // A violation event is a queued task: let it land before the next screen.
  await page.waitForTimeout(150);
}

const KEC = "18.04.10";
const DESA = "18.04.10.2001";

describe("Content-Security-Policy in Chromium", () => {
  it("pustu: every screen, from enrollment to a saved visit and the lock, reports no violation", { timeout: 300_000 }, async () => {
    const { page, violations } = await watchedPhone();
    await page.getByLabel("Kode pendaftaran").waitFor();
    await enrollPhone(page, DEMO.pustu);
    await reloadFromServiceWorker(page);

    const woman = server.sql<{ id: string; household_id: string; name: string }>(
      `SELECT id, household_id, name FROM persons WHERE scope_area = '${DESA}' AND pregnant = 1 LIMIT 1`,
    )[0]!;
    expect(woman, "a pregnant woman in the seed").toBeTruthy();

    await visit(page, "#/", "[data-testid=sync-card]");
    await visit(page, "#/registry", "[data-testid=dusun-list] li");
    await page.locator("[data-testid=dusun-list] a").first().click();
    await page.locator("[data-testid=household-list] li").first().waitFor();
    await page.getByRole("searchbox").fill(woman.name.split(" ")[0]!);
    await page.locator("[data-testid=search-results] li").first().waitFor();
    await visit(page, `#/household/${woman.household_id}`, "[data-testid=members] li");
    await visit(page, `#/household/${woman.household_id}/edit`, "input[name=rt]");
    await visit(page, "#/household/new", "input[name=rt]");
    await visit(page, `#/person/new?household=${woman.household_id}`, "input[name=name]");
    await visit(page, `#/person/${woman.id}/edit`, "input[name=name]");
    await visit(page, `#/person/${woman.id}`, "[data-testid=new-visit]");

    // A visit form (a lazy chunk), saved: the result, the person's timeline, the record.
    await visit(page, `#/visit/new/${woman.id}/anc`, "input[name=bb]");
    await page.locator("input[name=hpht]").fill(new Date(Date.now() - 20 * 7 * 86_400_000).toISOString().slice(0, 10));
    await page.locator("input[name=bb]").fill("58,5");
    await page.locator("input[name=lila]").fill("25");
    await page.locator("input[name=td_sistolik]").fill("120");
    await page.locator("input[name=td_diastolik]").fill("80");
    await completeAncVisit(page);
    await page.getByTestId("save-visit").click();
    await page.locator("[data-testid=visits] li, [data-testid=result], [data-testid=form-errors]").first().waitFor();
    expect(await fieldErrors(page)).toEqual([]);
    await visit(page, `#/person/${woman.id}`, "[data-testid=visits] li a");
    await page.locator("[data-testid=visits] li a").first().click();
    await page.locator("input[name=bb]").first().waitFor();

    await visit(page, "#/sync", "[data-testid=sync-card], [data-testid=queue], main");
    await visit(page, "#/lintas", "main h1, main h2");
    await visit(page, "#/settings", "[data-testid=storage]");
    // The lock screen, and back.
    await page.getByRole("button", { name: "Kunci sekarang" }).click();
    await page.getByRole("dialog").locator("input[name=pin]").waitFor();
    await unlock(page);
    await page.waitForTimeout(150);

    expect(await violations()).toEqual([]);
  });

  it("camat and mitra: lintas home, meeting, commitment, item, signing pad, print page, progress with a photo; no violation", { timeout: 300_000 }, async () => {
    // A signed commitment for the KUA, written through the API as the puskesmas's phone would.
    const enrolled = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: DEMO.puskesmas });
    expect(enrolled.status).toBe(200);
    const token = enrolled.json.token;
    const kua = server.sql<{ id: string }>(`SELECT id FROM offices WHERE kind = 'kua' AND scope_area = '${KEC}'`)[0]!.id;
    const strokes = encodeStrokes([[[0.1, 0.5], [0.3, 0.2], [0.5, 0.7], [0.8, 0.4]], [[0.2, 0.8], [0.7, 0.8]]]);
    const meetingId = uuidv7();
    const commitmentId = uuidv7();
    const itemId = uuidv7();
    const commitment = { kecCode: KEC, meetingId, title: "Komitmen Bersama ILP Batu Brak", period: "2026", docVersion: 1 };
    const party = { commitmentId, officeId: kua };
    const item = {
      commitmentId, number: 1, officeId: kua, action: "Skrining anemia catin", indicator: "Catin diskrining", targetKind: "number",
      targetValue: 100, targetUnit: "%", desaCodes: null, dueDate: "2026-12-31", status: "berjalan",
    };
    const m = (entity: string, entityId: string, payload: Record<string, unknown>) => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });
    const push = await api<{ results: { status: string }[] }>(server, "POST", "/api/sync/push", token, {
      mutations: [
        m("meeting", meetingId, { kecCode: KEC, kind: "lintas_sektor", date: "2026-11-20", place: "Aula Kecamatan Batu Brak", chair: "Camat Batu Brak", agenda: null, minutes: null }),
        m("attendance", uuidv7(), { meetingId, name: "Ahmad Fauzan", officeId: kua, position: "Kepala KUA", signature: strokes }),
        m("commitment", commitmentId, commitment),
        m("commitment_party", uuidv7(), party),
        m("commitment_item", itemId, item),
        m("signature", uuidv7(), {
          commitmentId, docVersion: 1, contentHash: await contentHash(commitmentContent(commitment, [party], [item])), officeId: kua,
          name: "Ahmad Fauzan", position: "Kepala KUA", strokes, signedAt: "2026-11-20T10:00:00+07:00",
        }),
      ],
    });
    expect(push.status).toBe(200);
    expect(push.json.results.map((r) => r.status)).toEqual(Array(6).fill("applied"));

    // The camat.
    const camat = await watchedPhone();
    await enrollPhone(camat.page, DEMO.camat);
    await reloadFromServiceWorker(camat.page);
    const cp = camat.page;
    await visit(cp, "#/lintas", "[data-testid=lx-chart]");
    await visit(cp, `#/lintas/meeting/${meetingId}`, "[data-testid=lx-attendance] svg.sig");
    await visit(cp, `#/lintas/commitment/${commitmentId}`, "[data-testid=lx-doc-title]");
    await visit(cp, `#/lintas/commitment/${commitmentId}/item/${itemId}`, "[data-testid=lx-item-status]");
    await visit(cp, `#/lintas/commitment/${commitmentId}/print`, ".print-sig svg.sig path");
    await visit(cp, "#/lintas/meeting/new", "input[name=place]");
    await visit(cp, "#/lintas/commitment/new", "[data-testid=lx-save-commitment]");
    await visit(cp, `#/lintas/commitment/${commitmentId}/sign`, "[data-testid=signature-pad]");
    // Draw on the pad: the strokes become SVG paths.
    const pad = cp.getByTestId("signature-pad");
    await pad.evaluate((el) => el.scrollIntoView({ block: "center" }));
    const box = (await pad.boundingBox())!;
    await cp.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    await cp.mouse.down();
    for (let i = 1; i <= 8; i++) await cp.mouse.move(box.x + box.width * (0.2 + i * 0.07), box.y + box.height * (0.5 + (i % 2 ? 0.2 : -0.2)));
    await cp.mouse.up();
    await visit(cp, "#/settings", "[data-testid=storage]");
    expect(await camat.violations()).toEqual([]);

    // The KUA mitra: its items, and progress with a photo made in the page (canvas, upload).
    const mitra = await watchedPhone();
    await enrollPhone(mitra.page, DEMO.mitra);
    const mp = mitra.page;
    await visit(mp, "#/lintas", "[data-testid=lx-items] li");
    await visit(mp, `#/lintas/commitment/${commitmentId}/item/${itemId}`, "[data-testid=lx-progress-form]");
    await mp.evaluate(async () => {
      const c = document.createElement("canvas");
      c.width = 800;
      c.height = 600;
      const g = c.getContext("2d")!;
      for (let i = 0; i < 60; i++) {
        g.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
        g.fillRect((i * 97) % 800, (i * 53) % 600, 120, 90);
      }
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), "image/jpeg", 0.9));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], "bukti.jpg", { type: "image/jpeg" }));
      const input = document.querySelector<HTMLInputElement>("[data-testid=lx-photo-input]")!;
      input.files = dt.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await mp.getByTestId("lx-photo-count").waitFor();
    await mp.locator("textarea[name=note]").fill("Skrining 12 catin");
    await mp.getByTestId("lx-save-progress").click();
    await expect.poll(() => mp.locator("[data-testid=lx-progress] li").count()).toBe(1);
    // The photo reaches R2 through the page's own fetch (connect-src 'self').
    await expect
      .poll(() => Number(server.sql<{ n: number }>("SELECT COUNT(*) AS n FROM photo_uploads WHERE completed_at IS NOT NULL")[0]!.n), { timeout: 60_000 })
      .toBe(1);
    await visit(mp, `#/lintas/commitment/${commitmentId}/print`, ".print-sig svg.sig path");
    expect(await mitra.violations()).toEqual([]);
  });

  it("puskesmas: the PWS and administration consoles (a wider-role code flagged in the list of codes); kader: forgotten PIN, revoked lock and revoked screen; no violation", { timeout: 400_000 }, async () => {
    // Through the API: the dinkes creates a puskesmas user in Batu Brak and issues its code, a code
    // for a user who holds more than its issuer (health:write, which a dinkes lacks).
    const dinkes = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: "DEMO-DINK" });
    expect(dinkes.status).toBe(200);
    const wideName = "Koordinator ILP Baru";
    const wide = await api<{ id: string }>(server, "POST", "/api/admin/users", dinkes.json.token, { name: wideName, role: "puskesmas", areaCode: KEC });
    expect(wide.status).toBe(201);
    const wideCode = await api<{ widerRole: boolean }>(server, "POST", `/api/admin/users/${wide.json.id}/enrollment-codes`, dinkes.json.token, {});
    expect(wideCode.status).toBe(201);
    expect(wideCode.json.widerRole).toBe(true);

    const pkm = await watchedPhone();
    const pp = pkm.page;
    await enrollPhone(pp, DEMO.puskesmas);
    await reloadFromServiceWorker(pp);

    // The PWS console (a lazy chunk and its stylesheet): table, a cell's detail, trend, drill-down, print, targets.
    const month = new Date().toISOString().slice(0, 7);
    await visit(pp, "#/", "[data-testid=home-pws]");
    await visit(pp, "#/pws", "[data-testid=pws-table]");
    await pp.locator("[data-testid^=pws-cell-]").first().click();
    await pp.getByTestId("pws-detail").waitFor();
    await visit(pp, "#/pws/trend/balita.ds", "[data-testid=pws-trend]");
    await visit(pp, `#/pws/missed/balita.ds/${DESA}?month=${month}`, "[data-testid=pws-missed-count]");
    await visit(pp, `#/pws/print?month=${month}`, "[data-testid=pws-print]");
    await visit(pp, "#/pws/targets", "[data-testid=pws-targets]");

    // Administration (another lazy chunk): every section, a user, the new-user form.
    await visit(pp, "#/admin", "[data-testid=admin-nav-users]");
    await visit(pp, "#/admin/users", "[data-testid=admin-user]");
    await visit(pp, `#/admin/users/${wide.json.id}`, "[data-testid=admin-user-summary]");
    // The user's own codes say that this one reaches further than whoever issued it.
    await pp.locator("[data-testid=admin-code]").first().waitFor();
    expect(await pp.locator("[data-testid=admin-code] [data-testid=admin-code-wider]").count()).toBe(1);
    await visit(pp, "#/admin/users/new", "[data-testid=admin-user-form]");
    await visit(pp, "#/admin/codes", "[data-testid=admin-code]");
    // Issue 9: the list of codes flags the wider-role code, and only that one (the demo codes are not).
    const flagged = pp.locator("[data-testid=admin-code]:has([data-testid=admin-code-wider])");
    await expect.poll(() => flagged.count()).toBe(1);
    expect(await flagged.textContent()).toContain(wideName);
    expect(await flagged.getByTestId("admin-code-wider").textContent()).toBe("hak lebih luas dari pembuatnya");
    await visit(pp, "#/admin/devices", "[data-testid=admin-device]");
    await visit(pp, "#/admin/places", "main select");
    await pp.getByLabel("Pilih desa").selectOption(DESA);
    await pp.getByTestId("admin-dusun-list").waitFor();
    await visit(pp, "#/admin/offices", "[data-testid=admin-office-list]");
    await visit(pp, "#/admin/forms", "[data-testid=admin-form]");
    expect(await pkm.violations()).toEqual([]);

    // A kader's phone: the forgotten-PIN screen, then revoked: the lock says so, and after the PIN the revoked screen.
    const kader = await watchedPhone();
    const kp = kader.page;
    await enrollPhone(kp, DEMO.kader);
    const { deviceId } = (await idbOpened<{ deviceId: string }>(kp, "session"))[0]!;
    await kp.reload();
    await kp.getByRole("dialog").locator("input[name=pin]").waitFor();
    await kp.getByTestId("forgot-pin").click();
    await kp.getByTestId("forgot-unsent").waitFor();
    await kp.waitForTimeout(150);
    await kp.getByRole("button", { name: "Kembali" }).click();
    await unlock(kp);
    const admin = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: DEMO.puskesmas });
    expect((await api(server, "POST", `/api/admin/devices/${deviceId}/revoke`, admin.json.token, {})).status).toBe(200);
    // The phone learns it at its next request: a sync may still be running since the unlock (its
    // button disabled on a loaded machine); start one whenever none is, until the revoked screen shows.
    await expect.poll(async () => {
      if (await kp.getByTestId("revoked").isVisible()) return true;
      const syncNow = kp.getByTestId("sync-now");
      if (await syncNow.isEnabled({ timeout: 1000 }).catch(() => false)) await syncNow.click({ timeout: 2000 }).catch(() => undefined);
      return false;
    }, { timeout: 120_000, interval: 1000 }).toBe(true);
    await kp.reload();
    await kp.getByTestId("lock-revoked").waitFor();
    await kp.waitForTimeout(150);
    await unlock(kp);
    await kp.getByTestId("revoked").waitFor();
    await kp.waitForTimeout(150);
    expect(await kader.violations()).toEqual([]);
  });
});
