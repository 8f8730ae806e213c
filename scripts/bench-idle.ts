/**
 * Issue 14 bench: the data an idle phone spends. A pustu phone (DEMO-PSTU) enrolls in the real
 * PWA (a built dist served by a real `wrangler dev` with the seeded population), finishes its
 * first sync, and is then left open, visible and online for 8 hours of fake time with nothing
 * changing on the server. Every timer of the page runs (playwright's clock, installed before the
 * app loads, advanced minute by minute with real time in between so each request completes): the
 * background sync with its backoff, the service worker's update check, the idle lock.
 *
 *   npx tsx scripts/bench-idle.ts                 # SIMPUL_ASSETS=<dir> for another build than dist/
 *   BENCH_IDLE_HOURS=8                            # fake hours to run
 *
 * Two counts, after the first sync has finished (the wire count is the figure):
 *  - CDP Network on the page and on the service worker target (Target auto-attach): the sum of
 *    `encodedDataLength` (headers and body as received) of every finished request, and the
 *    request count. A page request the service worker answered counts on the worker's side only.
 *  - a TCP proxy between Chromium and wrangler dev: every byte on the wire in both directions,
 *    request lines included, whoever made the request (the browser's own update check of sw.js too).
 * Plain HTTP/1.1 on localhost: in production the same requests go over TLS with HTTP/2 header
 * compression, so repeated headers cost less there, and TLS records add a little.
 */
import net from "node:net";
import path from "node:path";
import { chromium, type CDPSession } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, DEMO, PHONE, enrollPhone, waitSynced } from "../test/e2e/phone.ts";
import { freePort, startServer } from "../test/e2e/server.ts";

const HOURS = Number(process.env.BENCH_IDLE_HOURS ?? 8);
const STEP_MS = 60_000;
const assets = process.env.SIMPUL_ASSETS ? path.resolve(process.env.SIMPUL_ASSETS) : undefined;

interface Counted { requests: number; encoded: number; urls: Map<string, { n: number; bytes: number }> }
const fresh = (): Counted => ({ requests: 0, encoded: 0, urls: new Map() });

/** CDP Network events of one target: finished requests, their encodedDataLength, what is in flight. */
class NetCounter {
  counted = fresh();
  counting = false;
  inflight = new Set<string>();
  private urls = new Map<string, string>();
  private fromSw = new Set<string>();
  constructor(readonly label: string) {}
  on(method: string, p: Record<string, unknown>): void {
    const id = p.requestId as string;
    if (method === "Network.requestWillBeSent") {
      this.inflight.add(id);
      const u = new URL((p.request as { url: string }).url);
      this.urls.set(id, `${(p.request as { method: string }).method} ${u.pathname}`);
    } else if (method === "Network.responseReceived") {
      if ((p.response as { fromServiceWorker?: boolean }).fromServiceWorker) this.fromSw.add(id);
    } else if (method === "Network.loadingFinished" || method === "Network.loadingFailed") {
      this.inflight.delete(id);
      if (!this.counting || !this.urls.has(id)) return;
      const bytes = this.fromSw.has(id) ? 0 : ((p.encodedDataLength as number | undefined) ?? 0);
      this.counted.requests++;
      this.counted.encoded += bytes;
      const key = `${this.label} ${this.urls.get(id)!.replace(/\/api\/sync\/pull.*/, "/api/sync/pull")}${this.fromSw.has(id) ? " (served by the SW)" : ""}`;
      const u = this.counted.urls.get(key) ?? { n: 0, bytes: 0 };
      this.counted.urls.set(key, { n: u.n + 1, bytes: u.bytes + bytes });
    }
  }
}

/** A TCP proxy that counts every byte each way and the request lines it sees go up. */
async function countingProxy(target: URL) {
  const port = await freePort();
  const c = { up: 0, down: 0, counting: false, lines: [] as string[], byRequest: new Map<string, { n: number; up: number; down: number; statuses: string[] }>() };
  const entry = (k: string) => c.byRequest.get(k) ?? (c.byRequest.set(k, { n: 0, up: 0, down: 0, statuses: [] }), c.byRequest.get(k)!);
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    // HTTP/1.1 without pipelining: answers come back in the order the requests went.
    const waiting: string[] = [];
    let current = "?";
    client.on("data", (d) => {
      if (c.counting) {
        c.up += d.length;
        const text = d.toString("latin1");
        const m = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.1/.exec(text);
        if (m) {
          const key = `${m[1]} ${m[2]!.replace(/\?.*/, "")}`;
          c.lines.push(key);
          waiting.push(key);
          entry(key).n++;
          entry(key).up += d.length;
        }
      }
      upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (c.counting) {
        c.down += d.length;
        const status = /^HTTP\/1\.1 (\d{3})/.exec(d.toString("latin1"));
        if (status) {
          current = waiting.shift() ?? "?";
          entry(current).statuses.push(status[1]!);
        }
        entry(current).down += d.length;
      }
      client.write(d);
    });
    const end = () => (client.destroy(), upstream.destroy());
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}`, c, close: () => new Promise((r) => server.close(r)) };
}

const server = await startServer({ assets });
const proxy = await countingProxy(new URL(server.url));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const context = await browser.newContext({
    viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta", serviceWorkers: "allow",
  });
  // Before the app loads, so every timer it sets is the clock's; time flows until pauseAt.
  await context.clock.install();
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));

  const counters: NetCounter[] = [];
  const pageNet = new NetCounter("page");
  counters.push(pageNet);
  const cdp = await context.newCDPSession(page);
  for (const m of ["Network.requestWillBeSent", "Network.responseReceived", "Network.loadingFinished", "Network.loadingFailed"] as const) cdp.on(m, (p) => pageNet.on(m, p as Record<string, unknown>));
  await cdp.send("Network.enable");

  // The service worker: attached from the browser target (non-flat sessions, so playwright's
  // connection carries its messages as events of this session).
  const bcdp: CDPSession = await browser.newBrowserCDPSession();
  const swSessions = new Map<string, NetCounter>();
  bcdp.on("Target.attachedToTarget", (e) => {
    const info = e.targetInfo as { type: string; url: string };
    if (info.type !== "service_worker") return;
    const counter = new NetCounter("sw");
    counter.counting = pageNet.counting;
    counters.push(counter);
    swSessions.set(e.sessionId, counter);
    void bcdp.send("Target.sendMessageToTarget", { sessionId: e.sessionId, message: JSON.stringify({ id: 1, method: "Network.enable", params: {} }) });
  });
  bcdp.on("Target.receivedMessageFromTarget", (e) => {
    const counter = swSessions.get(e.sessionId);
    if (!counter) return;
    const msg = JSON.parse(e.message) as { method?: string; params?: Record<string, unknown> };
    if (msg.method) counter.on(msg.method, msg.params ?? {});
  });
  bcdp.on("Target.targetCreated", (e) => {
    if (e.targetInfo.type === "service_worker") void bcdp.send("Target.attachToTarget", { targetId: e.targetInfo.targetId, flatten: false }).catch((err: Error) => console.error("attach to the service worker:", err.message));
  });
  await bcdp.send("Target.setDiscoverTargets", { discover: true });

  await page.goto(proxy.url, { waitUntil: "domcontentloaded", timeout: 60_000 });
  await enrollPhone(page, DEMO.pustu, undefined, 180_000);
  await waitSynced(page, 180_000);
  // Let the first sync's tail settle (service worker precache, photos, the first report).
  const quiet = async (ms: number) => {
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, ms));
      if (counters.every((x) => x.inflight.size === 0)) return;
    }
  };
  await new Promise((r) => setTimeout(r, 3000));
  await quiet(200);
  const visible = await page.evaluate(() => document.visibilityState);
  const swAttached = counters.length - 1;

  for (const x of counters) x.counting = true;
  pageNet.counting = true;
  proxy.c.counting = true;
  const t0 = await page.evaluate(() => Date.now());
  await context.clock.pauseAt(t0 + 1_000);
  const started = performance.now();
  for (let t = 0; t < HOURS * 3_600_000; t += STEP_MS) {
    await context.clock.runFor(STEP_MS);
    await quiet(30);
  }
  await new Promise((r) => setTimeout(r, 500));
  await quiet(100);
  const realS = (performance.now() - started) / 1000;
  const state = await page.evaluate(() => ({ online: navigator.onLine, visible: document.visibilityState }));

  const total = counters.reduce((a, x) => ({ requests: a.requests + x.counted.requests, encoded: a.encoded + x.counted.encoded }), { requests: 0, encoded: 0 });
  const wire = proxy.c.up + proxy.c.down;
  const perDay = (n: number) => ((n * 24) / HOURS / 1024).toFixed(1);
  console.log(`\n== idle phone: DEMO-PSTU, ${HOURS} h of fake time after the first sync (${realS.toFixed(0)} s real), page ${visible}→${state.visible}, online ${state.online}; service worker targets attached: ${swAttached} ==`);
  // Chromium reports encodedDataLength 0 for a 304, and the browser's own update check of sw.js
  // shows on no target: the wire count below is the figure (docs/PERFORMANCE.md).
  console.log(`CDP encodedDataLength (page + service worker targets; blind to 304s and the update check): ${total.requests} requests, ${total.encoded} B in ${HOURS} h`);
  console.log(`on the wire (TCP proxy, both ways): ${proxy.c.lines.length} requests, ${proxy.c.down} B down + ${proxy.c.up} B up = ${wire} B in ${HOURS} h (${(wire / 1024).toFixed(1)} KB); ×${(24 / HOURS).toFixed(0)} for a day left open: ${perDay(wire)} KB`);
  const byUrl = new Map<string, { n: number; bytes: number }>();
  for (const x of counters) for (const [k, v] of x.counted.urls) byUrl.set(k, { n: (byUrl.get(k)?.n ?? 0) + v.n, bytes: (byUrl.get(k)?.bytes ?? 0) + v.bytes });
  for (const [k, v] of [...byUrl].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`  ${k}: ${v.n} × ${(v.bytes / Math.max(1, v.n)).toFixed(0)} B = ${v.bytes} B`);
  console.log("  on the wire, per request (up = request line + headers, down = status, headers, body):");
  for (const [k, v] of [...proxy.c.byRequest].sort((a, b) => b[1].up + b[1].down - a[1].up - a[1].down)) {
    const statuses = [...new Set(v.statuses)].map((st) => `${st}×${v.statuses.filter((x) => x === st).length}`).join(" ");
    console.log(`    ${k}: ${v.n} × (${(v.up / v.n).toFixed(0)} B up + ${(v.down / v.n).toFixed(0)} B down) = ${v.up + v.down} B  [${statuses}]`);
  }
  await context.close();
} finally {
  await browser.close();
  await proxy.close();
  await server.stop();
}
