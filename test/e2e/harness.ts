/**
 * End-to-end harness: a fresh local D1 (migrated and seeded) behind its own `wrangler dev`, and
 * Chromium through playwright-core. Each call to startServer() owns its temp directory and its
 * process group, and stop() removes both.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = ENV): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
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
    // Inside vitest NODE_ENV is "test", which would build a PWA without its service worker registration.
    sh("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { ...ENV, NODE_ENV: "production" });
  }
}

export interface Server {
  url: string;
  persistTo: string;
  stop(): Promise<void>;
  log(): string;
  /** Run SQL against this server's local D1 (e.g. to inspect what a push stored). */
  sql<T = Record<string, unknown>>(query: string): T[];
  /** The Worker's own workerd address, behind wrangler dev's proxy (see runtimeUrl). */
  runtimeUrl(): Promise<string>;
}

/**
 * `wrangler dev` runs two workerd processes: its ProxyWorker on the public port, which forwards
 * every request to the Worker's own workerd (the one with the inspector). Under a long load (the
 * 20-phone chaos run, 15 minutes and more) the ProxyWorker's heap grows until it aborts
 * ("Reached heap limit", measured: about 2.5 MB/s of RSS while the Worker's own process stays
 * level). This finds the Worker's workerd in the group and the port it serves, so a long run can
 * talk to the runtime itself. The same code and the same local D1 answer either way.
 */
export async function runtimeUrl(groupPid: number): Promise<string> {
  const pids = sh("pgrep", ["-g", String(groupPid)]).split("\n").filter(Boolean);
  const runtime = pids.filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmd.includes("workerd") && cmd.includes("--inspector-addr");
    } catch {
      return false;
    }
  });
  const listening = sh("ss", ["-ltnpH"]).split("\n");
  for (const pid of runtime) {
    for (const line of listening.filter((l) => l.includes(`pid=${pid},`))) {
      const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
      if (!port) continue;
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) return `http://127.0.0.1:${port}`;
      } catch {
        // The inspector's port, or not HTTP.
      }
    }
  }
  throw new Error("the Worker's own workerd was not found behind wrangler dev");
}

/**
 * `persons`: how many synthetic people the seed makes (default E2E_PERSONS). `history`: also seed
 * the year of visits, referrals and the lintas sektor commitment (default false: the tests count
 * the rows they make, and a population-only seed is faster). `vars`: extra Worker vars for this
 * server only (test/e2e/satusehat.test.ts points SATUSEHAT_* at its fake).
 */
export async function startServer(opts: { persons?: number; history?: boolean; vars?: Record<string, string> } = {}): Promise<Server> {
  ensureBuild();
  const persistTo = mkdtempSync(path.join(tmpdir(), "simpul-e2e-"));
  sh("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
  sh("npx", ["tsx", "scripts/seed.ts", "--persist-to", persistTo, "--count", String(opts.persons ?? E2E_PERSONS), ...(opts.history ? [] : ["--no-history"])]);
  // The same step as `npm start`: the forms table mirrors the definitions this build ships.
  sh("npx", ["tsx", "scripts/publish-forms.ts", "--persist-to", persistTo]);
  const port = await freePort();
  // Its own inspector port too: two servers (a test and `npm run chaos`) would both take 9229 and the second exits.
  const inspectorPort = await freePort();
  const child: ChildProcess = spawn(
    "npx",
    ["wrangler", "dev", "--port", String(port), "--inspector-port", String(inspectorPort), "--ip", "127.0.0.1", "--persist-to", persistTo, "--show-interactive-dev-session=false",
      // Extra Worker vars (`--var KEY:VALUE`; wrangler splits at the first colon), e.g. a test's SATUSEHAT endpoints.
      ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`])],
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
          runtimeUrl: () => runtimeUrl(child.pid!),
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
 * A JSON call from the test itself. Node's fetch keeps connections alive, and workerd closes an
 * idle one after a while: a request sent on a connection closed under it fails with
 * UND_ERR_SOCKET before the server saw it, so that one failure is tried once more on a new one.
 */
export async function api<T>(server: Server, method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: T }> {
  const send = () =>
    fetch(server.url + p, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let r: Response;
  try {
    r = await send();
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw e;
    r = await send();
  }
  return { status: r.status, json: (await r.json()) as T };
}

/**
 * The life cycle every browser test file shares: one server for the file, every phone closed at
 * the end, and a screenshot of each open phone when a test fails (test-results/ is git-ignored).
 */
export function e2eLifecycle(
  name: string,
  phones: Phone[],
  setServer: (s: Server) => void,
  getServer: () => Server | undefined,
  opts: { persons?: number; history?: boolean; setup?: (s: Server) => Promise<void> } = {},
): void {
  beforeAll(async () => {
    const server = await startServer({ persons: opts.persons, history: opts.history });
    setServer(server);
    await opts.setup?.(server);
  }, 600_000);
  // Every screen a test walks is also checked for CSP violations (csp.test.ts walks them on purpose).
  afterEach(() => {
    expect(phones.flatMap((p) => p.cspViolations)).toEqual([]);
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
