/**
 * The first load as Chromium transfers it (issue 14): the sum of every response's
 * `encodedDataLength` (headers + compressed body, as Chromium reports them through playwright's
 * `request.sizes()`) from navigation until the load event plus 2 s with no request in flight,
 * cold cache, 360×640, against a real `wrangler dev` serving the built PWA (dist/).
 *
 *   enroll: a new phone opens Simpul: the enrollment screen. Service workers are allowed, as on a
 *           phone; anything the worker fetches inside the window counts too (it registers after
 *           the page has gone idle: web/src/pwa.ts), and what it precaches afterwards is reported
 *           on its own line (background bytes, not first load).
 *   home:   an enrolled phone (pustu, a year of seeded history, first sync done) opened with a
 *           cold HTTP cache and no service worker: the lock screen, the PIN, then Home with its
 *           tasks: every byte from navigation until Home is drawn and the network has been idle
 *           for 2 s (the app's own sync on opening included).
 *
 *   npx tsx scripts/first-load.ts            # prints a table
 *   npx tsx scripts/first-load.ts --json F   # also writes the figures to F (scripts/budget.mjs)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, DEMO, enrollPhone, PHONE, PIN } from "../test/e2e/phone.ts";
import { startServer } from "../test/e2e/server.ts";

/** The window closes this long after the load event once nothing is in flight (issue 14). */
const NETWORK_IDLE_MS = 2000;
/** A window that never goes idle is cut here and reported as such. */
const WINDOW_CAP_MS = 60_000;

export interface Transfer {
  url: string;
  bytes: number;
  fromServiceWorker: boolean;
}
export interface Measured {
  bytes: number;
  transfers: Transfer[];
  /** The window was cut at WINDOW_CAP_MS: the page never went idle. */
  capped: boolean;
}

/**
 * Count every request while `act` runs and until idle: the page's through CDP (`encodedDataLength`
 * of each finished request; for one that failed after its answer started, e.g. a pull the app
 * aborted once it had the status, what arrived until then), and its service worker's through
 * playwright's `request.sizes()` (headers + encoded body: the same `encodedDataLength`, read from
 * the worker's own CDP session).
 */
async function measure(context: BrowserContext, page: Page, act: () => Promise<void>): Promise<Measured> {
  const debug = !!process.env.FIRST_LOAD_DEBUG;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const inflight = new Set<string>();
  const pageBytes = new Map<string, { url: string; bytes: number }>();
  const swTransfers: Promise<Transfer | null>[] = [];
  let lastChange = Date.now();
  const begin = (id: string) => {
    inflight.add(id);
    lastChange = Date.now();
  };
  const end = (id: string) => {
    inflight.delete(id);
    lastChange = Date.now();
  };
  cdp.on("Network.requestWillBeSent", (e) => {
    if (debug) console.log("request", e.request.url);
    if (!pageBytes.has(e.requestId)) pageBytes.set(e.requestId, { url: e.request.url, bytes: 0 });
    begin(e.requestId);
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = pageBytes.get(e.requestId);
    if (r) r.bytes = Math.max(r.bytes, e.response.encodedDataLength);
  });
  cdp.on("Network.dataReceived", (e) => {
    const r = pageBytes.get(e.requestId);
    if (r) r.bytes += e.encodedDataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = pageBytes.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
    end(e.requestId);
  });
  cdp.on("Network.loadingFailed", (e) => {
    if (debug) console.log("failed", pageBytes.get(e.requestId)?.url, e.errorText);
    end(e.requestId);
  });
  // The service worker's own fetches (its install precache) are not the page's: playwright sees them.
  const onRequest = (r: Request) => {
    if (r.serviceWorker()) begin(`sw:${r.url()}`);
  };
  const onSwDone = (r: Request) => {
    if (!r.serviceWorker()) return;
    end(`sw:${r.url()}`);
    swTransfers.push(r.sizes().then((x) => ({ url: r.url(), bytes: x.responseHeadersSize + x.responseBodySize, fromServiceWorker: true }), () => null));
  };
  const onSwFailed = (r: Request) => {
    if (r.serviceWorker()) end(`sw:${r.url()}`);
  };
  context.on("request", onRequest);
  context.on("requestfinished", onSwDone);
  context.on("requestfailed", onSwFailed);
  const started = Date.now();
  await act();
  let capped = false;
  for (;;) {
    if (inflight.size === 0 && Date.now() - lastChange >= NETWORK_IDLE_MS) break;
    if (Date.now() - started > WINDOW_CAP_MS) {
      capped = true;
      break;
    }
    await page.waitForTimeout(100);
  }
  context.off("request", onRequest);
  context.off("requestfinished", onSwDone);
  context.off("requestfailed", onSwFailed);
  await cdp.detach();
  const transfers = [
    ...[...pageBytes.values()].map((r) => ({ url: r.url, bytes: r.bytes, fromServiceWorker: false })),
    ...(await Promise.all(swTransfers)).filter((t): t is Transfer => t !== null),
  ];
  return { bytes: transfers.reduce((n, t) => n + t.bytes, 0), transfers, capped };
}

async function launch(dir: string, serviceWorkers: "allow" | "block"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true,
    viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: "id-ID", timezoneId: "Asia/Jakarta", serviceWorkers,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** What a new phone transfers to show the enrollment screen, and what its service worker precaches after. */
export async function measureEnroll(url: string): Promise<Measured & { precache: Measured }> {
  const dir = mkdtempSync(path.join(tmpdir(), "simpul-first-load-"));
  const { context, page } = await launch(dir, "allow");
  try {
    const first = await measure(context, page, async () => {
      await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      await page.getByLabel("Kode pendaftaran").waitFor();
    });
    // The background precache: until the worker is active and the network quiet again.
    const precache = await measure(context, page, async () => {
      await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), undefined, { timeout: 60_000 });
    });
    return { ...first, precache };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What an enrolled phone transfers from a cold cache (no service worker) until Home is drawn after the PIN. */
export async function measureHome(url: string, code = DEMO.pustu): Promise<Measured> {
  const dir = mkdtempSync(path.join(tmpdir(), "simpul-first-load-"));
  try {
    {
      const { context, page } = await launch(dir, "block");
      await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      await enrollPhone(page, code, PIN, 300_000);
      // Home has computed its tasks once (and kept them: web/src/clinical.ts), as on a phone used for a day.
      await page.getByTestId("tasks").waitFor({ timeout: 120_000 });
      await page.waitForTimeout(1000);
      await context.close();
    }
    // A new browser on the same profile: IndexedDB (the enrollment, the pekon's data) survives;
    // the HTTP cache is cleared so every file comes over the network.
    const { context, page } = await launch(dir, "block");
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.clearBrowserCache");
      return await measure(context, page, async () => {
        await page.goto(url, { waitUntil: "load", timeout: 60_000 });
        await page.getByRole("dialog").locator("input[name=pin]").fill(PIN);
        await page.getByRole("button", { name: "Buka" }).click();
        await page.getByRole("dialog").waitFor({ state: "detached" });
        // The bidan's Home with its task lists (web/src/screens/home/tasks.tsx) is drawn.
        await page.getByTestId("tasks").waitFor({ timeout: 60_000 });
      });
    } finally {
      await context.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(name: string, m: Measured) {
  console.log(`${name}: ${(m.bytes / 1024).toFixed(1)} KB over ${m.transfers.length} requests${m.capped ? " (never went idle: cut at 60 s)" : ""}`);
  for (const t of [...m.transfers].sort((a, b) => b.bytes - a.bytes)) {
    console.log(`  ${(t.bytes / 1024).toFixed(1).padStart(6)} KB  ${t.fromServiceWorker ? "[sw] " : ""}${new URL(t.url).pathname}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const jsonAt = process.argv.indexOf("--json");
  const server = await startServer({ history: true });
  try {
    const enroll = await measureEnroll(server.url + "/");
    const home = await measureHome(server.url + "/");
    print("first load, enrollment screen", enroll);
    print("service worker precache after it (background)", enroll.precache);
    print("first load, Home after enrollment (cold cache, PIN, Home drawn)", home);
    if (jsonAt > 0) {
      writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify({
        enroll: { bytes: enroll.bytes, capped: enroll.capped, requests: enroll.transfers.length },
        precache: { bytes: enroll.precache.bytes, requests: enroll.precache.transfers.length },
        home: { bytes: home.bytes, capped: home.capped, requests: home.transfers.length },
      }));
    }
  } finally {
    await server.stop();
  }
}
