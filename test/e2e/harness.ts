/**
 * End-to-end harness: a fresh local D1 (migrated and seeded) behind its own `wrangler dev`, and
 * Chromium through playwright-core. Each call to startServer() owns its temp directory and its
 * process group, and stop() removes both.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
/** The phone we design for. */
export const PHONE = { width: 360, height: 640 };
/** Persons the e2e seed creates: the seed default, which gives a pustu more than one pull page. */
export const E2E_PERSONS = Number(process.env.SIMPUL_E2E_PERSONS ?? 3000);

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
    srv.on("error", reject);
  });
}

/** Build the PWA once per run unless dist/ is already a build (npm test builds first). */
export function ensureBuild(): void {
  if (!existsSync(path.join(ROOT, "dist/sw.js")) || process.env.SIMPUL_E2E_REBUILD === "1") {
    sh("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  }
}

export interface Server {
  url: string;
  persistTo: string;
  stop(): Promise<void>;
  log(): string;
  /** Run SQL against this server's local D1 (e.g. to inspect what a push stored). */
  sql<T = Record<string, unknown>>(query: string): T[];
}

export async function startServer(): Promise<Server> {
  ensureBuild();
  const persistTo = mkdtempSync(path.join(tmpdir(), "simpul-e2e-"));
  sh("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
  sh("npx", ["tsx", "scripts/seed.ts", "--persist-to", persistTo, "--count", String(E2E_PERSONS)]);
  // The same step as `npm start`: the forms table mirrors the definitions this build ships.
  sh("npx", ["tsx", "scripts/publish-forms.ts", "--persist-to", persistTo]);
  const port = await freePort();
  const child: ChildProcess = spawn(
    "npx",
    ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistTo, "--show-interactive-dev-session=false"],
    { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (child.pid === undefined) return;
    // The whole group: wrangler leaves workerd running if only the parent dies.
    for (const sig of ["SIGTERM", "SIGKILL"] as const) {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
      await new Promise((r) => setTimeout(r, 400));
    }
    rmSync(persistTo, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited early:\n${log}`);
    }
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) {
        return {
          url, persistTo, stop, log: () => log,
          sql<T>(query: string): T[] {
            // A second process opening the SQLite file that `wrangler dev` holds can fail once in a
            // while under load (miniflare answers "false == true"); a read is safe to repeat.
            const args = ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", "--command", query];
            let out = "";
            for (let attempt = 1; ; attempt++) {
              try {
                out = sh("npx", args);
                break;
              } catch (e) {
                if (attempt >= 4 || !/^\s*select/i.test(query)) throw e;
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * attempt);
              }
            }
            return (JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[])[0]?.results ?? [];
          },
        };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 90 s:\n${log}`);
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  dir: string;
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
  await page.goto(url);
  return {
    context, page, dir,
    async close() {
      await context.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const DEMO = {
  pustu: "DEMO-PSTU",
  kader: "DEMO-KADR",
  puskesmas: "DEMO-PKM1",
  camat: "DEMO-CAMT",
  mitra: "DEMO-MKUA",
} as const;
export const PIN = "2580";

/** Enroll through the UI and set the PIN; waits until the first sync has finished. */
export async function enrollPhone(page: Page, code: string, pin = PIN): Promise<void> {
  await page.getByLabel("Kode pendaftaran").fill(code);
  await page.getByRole("button", { name: "Daftar" }).click();
  await page.locator("input[name=pin]").fill(pin);
  await page.locator("input[name=pin2]").fill(pin);
  await page.getByRole("button", { name: "Simpan PIN" }).click();
  await page.getByTestId("sync-card").waitFor();
  await waitSynced(page);
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

export async function unlock(page: Page, pin = PIN): Promise<void> {
  await page.getByRole("dialog").locator("input[name=pin]").fill(pin);
  await page.getByRole("button", { name: "Buka" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
}

/** Read an IndexedDB store of the app from inside the page. */
export function idbAll<T = unknown>(page: Page, store: string): Promise<T[]> {
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

export async function api<T>(server: Server, method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: T }> {
  const r = await fetch(server.url + p, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as T };
}

/**
 * The life cycle every browser test file shares: one server for the file, every phone closed at
 * the end, and a screenshot of each open phone when a test fails (test-results/ is git-ignored).
 */
export function e2eLifecycle(name: string, phones: Phone[], setServer: (s: Server) => void, getServer: () => Server | undefined): void {
  beforeAll(async () => {
    setServer(await startServer());
  });
  afterAll(async () => {
    for (const p of phones) await p.close().catch(() => undefined);
    await getServer()?.stop();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    const test = ctx.task.name.slice(0, 2).replace(/\W/g, "");
    for (const [i, p] of phones.entries()) {
      await p.page.screenshot({ path: path.join(ROOT, "test-results", `e2e-${name}-${test}-${i}.png`), fullPage: true }).catch(() => undefined);
    }
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
