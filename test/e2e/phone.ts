/**
 * A phone in Chromium (playwright-core) and what a test or script does on it: enroll through the
 * UI, wait for a sync, unlock, read the app's IndexedDB, fill a visit. No vitest here: scripts
 * (bench-fhir) import it too; test/e2e/harness.ts re-exports it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
/** The phone we design for. */
export const PHONE = { width: 360, height: 640 };

export interface Phone {
  context: BrowserContext;
  page: Page;
  dir: string;
  /** Content-Security-Policy violations Chromium reported on this phone (issue 9: none, on any screen). */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * A phone: a persistent profile (not incognito, so installability and storage.persist behave
 * as on a device) at 360×640 with touch.
 */
export async function openPhone(url: string, opts: { dir?: string } = {}): Promise<Phone> {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), "simpul-phone-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "id-ID",
    timezoneId: "Asia/Jakarta",
    serviceWorkers: "allow",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  const cspViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(`${page.url().replace(/^https?:\/\/[^/]+/, "")}: ${m.text()}`);
  });
  await firstLoad(page, url);
  return {
    context, page, dir, cspViolations,
    async close() {
      await context.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The first navigation of a new Chromium profile. CI once timed out here after 30 s ("waiting until
 * load") while the worker's own tests loaded both cores; the app was fine on the next try. The shell
 * is what a test needs (the app's root), so wait for the DOM rather than every subresource, allow a
 * starved machine longer, and try once more before failing with the server's answer to /api/health.
 */
async function firstLoad(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60_000 });
      return;
    } catch (e) {
      if (attempt >= 2) {
        const health = await fetch(`${new URL(url).origin}/api/health`).then((r) => r.status, (err: Error) => err.message);
        throw new Error(`first load of ${url} failed twice (health: ${health}): ${(e as Error).message}`);
      }
    }
  }
}

export const DEMO = {
  pustu: "DEMO-PSTU",
  kader: "DEMO-KADR",
  puskesmas: "DEMO-PKM1",
  camat: "DEMO-CAMT",
  mitra: "DEMO-MKUA",
} as const;
export const PIN = "2580";

/**
 * Enroll through the UI and set the PIN; waits until the first sync has finished. `timeout`: for
 * the home screen and for that first sync (a kecamatan's first pull on a loaded machine needs
 * minutes: the console and interop tests give 300 s).
 */
export async function enrollPhone(page: Page, code: string, pin = PIN, timeout = 60_000): Promise<void> {
  await page.getByLabel("Kode pendaftaran").fill(code);
  await page.getByRole("button", { name: "Daftar" }).click();
  await page.locator("input[name=pin]").fill(pin);
  await page.locator("input[name=pin2]").fill(pin);
  await page.getByRole("button", { name: "Simpan PIN" }).click();
  await page.getByTestId("sync-card").waitFor({ timeout });
  await waitSynced(page, timeout);
}

/** The consoles (PWS, interop) are used on a laptop: the whole desa × indicator table. */
export const LAPTOP = { width: 1280, height: 900 };

/**
 * A console user's browser: a new profile at laptop size, enrolled with `code` (a puskesmas or
 * dinkes) and its first sync done. `timeout`: as enrollPhone's (default: a kecamatan's year of
 * history under load). `phones`: a test's list (e2eLifecycle screenshots and closes it), joined
 * before enrolling so a failed enrollment leaves its screenshot; without it the phone is closed
 * on a failure here.
 */
export async function openConsole(url: string, code: string, opts: { timeout?: number; phones?: Phone[] } = {}): Promise<Phone> {
  const phone = await openPhone(url);
  opts.phones?.push(phone);
  try {
    await phone.page.setViewportSize(LAPTOP);
    await enrollPhone(phone.page, code, PIN, opts.timeout ?? 300_000);
    return phone;
  } catch (e) {
    if (!opts.phones) await phone.close();
    throw e;
  }
}

/** Until the last sync finished with nothing waiting. */
export async function waitSynced(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const last = document.querySelector("[data-testid=sync-last]")?.textContent ?? "";
      const busy = (document.querySelector("[data-testid=sync-now]") as HTMLButtonElement | null)?.disabled;
      return /Sinkron terakhir|Last sync/.test(last) && !busy;
    },
    undefined,
    { timeout },
  );
}

/**
 * Until this page's form warm-up (web/src/pwa.ts warmFormsWhenReady, issue 15) has put the
 * definition chunks of the role's forms into the forms cache: before that, a lazy form does not
 * open offline. Returns "done:<fetched>/<wanted>".
 */
export async function formsWarm(page: Page, timeout = 60_000): Promise<string> {
  await page.waitForFunction(() => /^done:/.test(document.documentElement.dataset.formsWarm ?? ""), undefined, { timeout });
  return page.evaluate(() => document.documentElement.dataset.formsWarm ?? "");
}

export async function unlock(page: Page, pin = PIN): Promise<void> {
  await page.getByRole("dialog").locator("input[name=pin]").fill(pin);
  await page.getByRole("button", { name: "Buka" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
}

/** Read an IndexedDB store of the app from inside the page, as stored (personal values sealed). */
export async function idbAll<T = unknown>(page: Page, store: string): Promise<T[]> {
  // A screen that has just changed (a wipe lands on enrollment, then the app reloads its state) can
  // navigate under the read: read again once the page has settled.
  for (let attempt = 1; ; attempt++) {
    try {
      return await idbRead<T>(page, store);
    } catch (e) {
      if (attempt >= 3 || !/Execution context was destroyed/.test(String(e))) throw e;
      await page.waitForLoadState("load");
    }
  }
}

function idbRead<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (s) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open("simpul");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(s).objectStore(s).getAll();
          req.onsuccess = () => {
            resolve(req.result as T[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/**
 * Read an IndexedDB store with its boxes opened, the way anyone who knows the PIN could: derive
 * the PIN key from the stored vault, unwrap the data key, decrypt. This follows the stored format
 * on its own (web/src/store/cipher.ts, local.ts), so it also checks that format.
 * `store` "session" reads the sealed session in the meta store.
 */
export function idbOpened<T = unknown>(page: Page, store: "rows" | "outbox" | "drafts" | "notices" | "session", pin = PIN): Promise<T[]> {
  return page.evaluate(
    async ({ store, pin }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const o = indexedDB.open("simpul");
        o.onsuccess = () => resolve(o.result);
        o.onerror = () => reject(o.error);
      });
      const req = <R,>(r: IDBRequest) => new Promise<R>((resolve, reject) => ((r.onsuccess = () => resolve(r.result as R)), (r.onerror = () => reject(r.error))));
      const enc = new TextEncoder();
      type Box = { iv: Uint8Array<ArrayBuffer>; ct: ArrayBuffer };
      const vault = await req<{ salt: Uint8Array<ArrayBuffer>; iterations: number; byPin: { iv: Uint8Array<ArrayBuffer>; key: ArrayBuffer } }>(db.transaction("meta").objectStore("meta").get("vault"));
      const base = await crypto.subtle.importKey("raw", enc.encode(pin), "PBKDF2", false, ["deriveKey"]);
      const wrapper = await crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: vault.salt, iterations: vault.iterations }, base, { name: "AES-GCM", length: 256 }, false, ["unwrapKey"]);
      const key = await crypto.subtle.unwrapKey("raw", vault.byPin.key, wrapper, { name: "AES-GCM", iv: vault.byPin.iv }, { name: "AES-GCM" }, false, ["decrypt"]);
      const open = async (box: Box, aad: string) =>
        JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv, additionalData: enc.encode(aad) }, key, box.ct))) as Record<string, unknown>;
      if (store === "session") {
        const box = await req<Box>(db.transaction("meta").objectStore("meta").get("session"));
        db.close();
        return [await open(box, "meta:session")];
      }
      const all = await req<Record<string, unknown>[]>(db.transaction(store).objectStore(store).getAll());
      db.close();
      return Promise.all(
        all.map(async (x) => {
          const { box, ...rest } = x as { box: Box } & Record<string, unknown>;
          if (store === "rows") return { ...rest, data: await open(box, `row:${String(x.entity)}:${String(x.id)}`) };
          if (store === "drafts") return { ...rest, ...(await open(box, `draft:${String(x.key)}`)) };
          if (store === "notices") return { ...rest, conflicts: await open(box, `notice:${String(x.id)}`) };
          const m = x.mutation as { entity: string; entityId: string };
          const b = await open(box, `outbox:${m.entity}:${m.entityId}`);
          return { ...rest, mutation: { ...m, payload: b.payload }, ...(b.error ? { error: b.error } : {}) };
        }),
      );
    },
    { store, pin },
  ) as Promise<T[]>;
}

/** Every byte the app keeps in IndexedDB, as text (buffers decoded as UTF-8): what a copied profile shows. */
export function idbRawText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const dec = new TextDecoder("utf-8", { fatal: false });
    const walk = (v: unknown): void => {
      if (v instanceof ArrayBuffer) parts.push(dec.decode(v));
      else if (ArrayBuffer.isView(v)) parts.push(dec.decode(v as Uint8Array));
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) (parts.push(k), walk(x));
      else parts.push(String(v));
    };
    for (const name of ["simpul", "simpul-photos"]) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const o = indexedDB.open(name);
        o.onsuccess = () => resolve(o.result);
        o.onerror = () => reject(o.error);
      });
      for (const s of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(s).objectStore(s).getAll();
          r.onsuccess = () => resolve(r.result as unknown[]);
          r.onerror = () => reject(r.error);
        });
        walk(all);
      }
      db.close();
    }
    parts.push(JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }));
    return parts.join("\n");
  });
}

/**
 * Answer the ANC questions after the measurements (immunisation, tablets, TFU/DJJ, tests, danger
 * signs, and ANC v2's obstetric history when the form asks for it) with a normal visit.
 */
export async function completeAncVisit(page: Page, history: { gravida: string; para: string } = { gravida: "1", para: "0" }): Promise<void> {
  await page.locator("input[name=status_td][value=t2]").check();
  await page.locator("input[name=td_diberikan][value=yes]").check();
  await page.locator("input[name=ttd_diberikan]").fill("30");
  await page.locator("input[name=tfu]").fill("20");
  await page.locator("input[name=djj]").fill("140");
  await page.locator("input[name=protein_urine][value=negatif]").check();
  for (const f of ["tes_hiv", "tes_sifilis", "tes_hepatitis_b"]) await page.locator(`input[name=${f}][value=non_reaktif]`).check();
  await page.locator("input[name=tanda_bahaya][value=tidak_ada]").check();
  if (await page.locator("input[name=gravida]").count()) {
    await page.locator("input[name=gravida]").fill(history.gravida);
    await page.locator("input[name=para]").fill(history.para);
    await page.locator("input[name=abortus]").fill("0");
  }
  if (await page.locator("input[name=pemeriksa]").count()) await page.locator("input[name=pemeriksa][value=bidan]").check();
}

/** The fields a form shows errors on, as "field: message" (empty when it saved). */
export function fieldErrors(page: Page): Promise<string[]> {
  return page.locator(".has-error").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-field")}: ${e.querySelector(".error")?.textContent}`));
}
