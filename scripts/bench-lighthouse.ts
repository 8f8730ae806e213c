/**
 * Issue 14 bench: Lighthouse 12.8 on the PWA served by a seeded `wrangler dev`.
 *
 *   npx tsx scripts/bench-lighthouse.ts                 # serves dist/ (build it first); not part of npm test
 *   SIMPUL_ASSETS=/tmp/x/dist npx tsx scripts/bench-lighthouse.ts
 *
 * It builds nothing: it serves the PWA in SIMPUL_ASSETS (default dist/) from its own `wrangler dev`
 * with a fresh, seeded D1 (test/e2e/server.ts startServer), launches Debian's Chromium itself
 * (--remote-debugging-port, its own --user-data-dir) and drives Lighthouse's user-flow API through
 * puppeteer-core. Pages, each LH_RUNS times (default 3; the median run by Lighthouse's own
 * computeMedianRun is printed):
 *
 *   enroll    `/` in a fresh profile (storage reset): the enrollment screen a new phone sees.
 *   home      a pustu phone (DEMO-PSTU) already enrolled with its PIN set in this profile. Opening
 *             the app lands on the lock screen (no screen with personal data mounts before the PIN),
 *             so the navigation is the lock screen's load with storage kept (disableStorageReset:
 *             the service worker, its precache and IndexedDB survive, as on the phone), and a
 *             timespan then measures "PIN typed → Buka → Home drawn".
 *   console   the puskesmas (DEMO-PKM1) enrolled on a laptop-sized screen, opened on `/#/pws`:
 *             the same lock-screen navigation, then unlock → the PWS table drawn. The row's settings
 *             (mobile scoring, simulated slow 4G, 4× CPU) with the viewport at 1280×900.
 *   console-desktop  the same with Lighthouse's desktop preset (desktop throttling and scoring),
 *             for reference only.
 *
 * Navigations use Lighthouse's defaults for mobile: simulated throttling (Lantern) at slow 4G
 * (150 ms RTT, 1.6 Mbps down) with a 4× CPU slowdown, the Moto G Power screen (412×823, DPR 1.75).
 * Timespans cannot simulate, so they apply the same slow 4G and 4× CPU through DevTools throttling.
 *
 * Prints per step: performance score, FCP, LCP, TBT, CLS, Speed Index (navigations), TBT/CLS/INP
 * and the wall-clock unlock time (timespans), the LCP element and its phases, and the top audits
 * Lighthouse says cost points. The reports (JSON per step, HTML per flow) go to
 * node_modules/.cache/lighthouse/<time>/ (not committed).
 *
 * Env: LH_RUNS (3), LH_ONLY=enroll,home,console,console-desktop, LH_PERSONS (seed size, default the
 * seed's 3,000), LH_HISTORY=0 (population only: a quicker seed and first sync, emptier screens),
 * LH_TRACE=1 (also save each step's Chromium trace).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import lighthouse, { desktopConfig, startFlow, type Config, type Flags } from "lighthouse";
import * as lhConstants from "lighthouse/core/config/constants.js";
import { computeMedianRun, filterToValidRuns } from "lighthouse/core/lib/median-run.js";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { CHROMIUM, CHROMIUM_ARGS, DEMO, LAPTOP, PIN, enrollPhone, openPhone } from "../test/e2e/phone.ts";
import { ROOT, startServer } from "../test/e2e/server.ts";

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];

const RUNS = Number(process.env.LH_RUNS ?? 3);
const ONLY = (process.env.LH_ONLY ?? "enroll,home,console,console-desktop").split(",");
const ASSETS = process.env.SIMPUL_ASSETS ?? path.join(ROOT, "dist");
const PERSONS = process.env.LH_PERSONS ? Number(process.env.LH_PERSONS) : undefined;
const HISTORY = process.env.LH_HISTORY !== "0";
/** A kecamatan's first pull with a year of history on 2 busy cores (as test/e2e/console.test.ts). */
const FIRST_SYNC_MS = 300_000;
/**
 * Timespans cannot simulate: they get Lighthouse's own presets as DevTools throttling. Mobile:
 * slow 4G (562.5 ms request latency, 1.47 Mbps down) and 4× CPU; desktop: 40 ms, 10 Mbps, 1× CPU.
 */
const SLOW_4G_DEVTOOLS: Flags = { throttlingMethod: "devtools", throttling: { ...lhConstants.throttling.mobileSlow4G } };
const DESKTOP_DEVTOOLS: Flags = { throttlingMethod: "devtools", throttling: { ...lhConstants.throttling.desktopDense4G } };
/** The console's laptop (test/e2e/phone.ts LAPTOP) under the mobile row's throttling and scoring. */
const LAPTOP_MOBILE_SETTINGS: Config["settings"] = {
  formFactor: "mobile",
  screenEmulation: { mobile: true, width: LAPTOP.width, height: LAPTOP.height, deviceScaleFactor: 1, disabled: false },
};

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const OUT = path.join(ROOT, "node_modules/.cache/lighthouse", stamp);
mkdirSync(OUT, { recursive: true });

/** Chromium launched by us (not chrome-launcher): Debian's binary, its own profile, CDP on a free port. */
async function launch(userDataDir: string): Promise<{ browser: Browser; page: Page; close(): Promise<void> }> {
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, "--remote-debugging-port=0", "--lang=id-ID", "about:blank"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const ws = await new Promise<string>((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port:\n${err}`)), 30_000);
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    });
    child.on("exit", (code) => reject(new Error(`Chromium exited ${code}:\n${err}`)));
  });
  const browser = await puppeteer.connect({ browserWSEndpoint: ws, defaultViewport: null });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  return {
    browser, page,
    async close() {
      const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      await browser.close().catch(() => {});
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) (child.kill("SIGKILL"), await exited);
    },
  };
}

/** Enroll `code` through the UI (playwright, as the e2e tests do) in `dir`, PIN set and first sync done. */
async function enrolledProfile(url: string, code: string, laptop: boolean): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "simpul-lh-"));
  const phone = await openPhone(url, { dir });
  try {
    if (laptop) await phone.page.setViewportSize(LAPTOP);
    await enrollPhone(phone.page, code, PIN, FIRST_SYNC_MS);
    // Let the service worker finish precaching, as on a phone that has been used once.
    await phone.page.evaluate(() => navigator.serviceWorker?.ready.then(() => undefined));
    await phone.page.waitForTimeout(2_000);
  } finally {
    await phone.context.close();
  }
  return dir;
}

interface Step {
  name: string;
  lhr: Result;
  /** Timespans: wall-clock ms from the Buka click to the target screen drawn (under DevTools throttling). */
  unlockMs?: number;
}

async function unlockTo(page: Page, selector: string): Promise<number> {
  await page.waitForSelector("[role=dialog] input[name=pin]", { timeout: 60_000 });
  await page.type("[role=dialog] input[name=pin]", PIN);
  const t0 = Date.now();
  await page.click("[role=dialog] button[type=submit]");
  await page.waitForSelector(selector, { timeout: 120_000 });
  return Date.now() - t0;
}

/**
 * One run of a page: a navigation (Lighthouse's) and, for an enrolled profile, the unlock timespan.
 * `config` undefined: Lighthouse's default (mobile) config.
 */
async function runFlow(opts: { label: string; run: number; url: string; profile?: string; config?: Config; unlockTo?: string; timespanFlags?: Flags }): Promise<Step[]> {
  const dir = opts.profile ?? mkdtempSync(path.join(tmpdir(), "simpul-lh-fresh-"));
  const chrome = await launch(dir);
  try {
    const flow = await startFlow(chrome.page, { name: opts.label, config: opts.config });
    await flow.navigate(opts.url, {
      name: opts.unlockTo ? `${opts.label}: lock screen (load)` : opts.label,
      // A fresh profile gets Lighthouse's storage reset; an enrolled one keeps its service worker,
      // caches and IndexedDB: that is the app a user opens.
      disableStorageReset: !!opts.profile,
      // What a standalone `lighthouse <url>` run gathers (flows default to passive gathering).
      usePassiveGathering: false,
    });
    let unlockMs: number | undefined;
    if (opts.unlockTo) {
      await flow.startTimespan({ name: `${opts.label}: unlock → screen`, ...(opts.timespanFlags ?? SLOW_4G_DEVTOOLS) });
      unlockMs = await unlockTo(chrome.page, opts.unlockTo);
      // Let the screen settle (its IndexedDB reads, the sync that opening fires) inside the timespan.
      await new Promise((r) => setTimeout(r, 3_000));
      await flow.endTimespan();
    }
    const result = await flow.createFlowResult();
    const base = `${opts.label}-${opts.run}`;
    writeFileSync(path.join(OUT, `${base}.flow.html`), await flow.generateReport());
    // LH_TRACE=1: each step's Chromium trace too (open in DevTools' Performance panel) to see where the main thread went.
    if (process.env.LH_TRACE === "1") {
      flow.createArtifactsJson().gatherSteps.forEach((g, i) => {
        if (g.artifacts.Trace) writeFileSync(path.join(OUT, `${base}-step${i}.trace.json`), JSON.stringify(g.artifacts.Trace));
      });
    }
    return result.steps.map((s, i) => {
      writeFileSync(path.join(OUT, `${base}-step${i}.json`), JSON.stringify(s.lhr));
      return { name: s.name, lhr: s.lhr, ...(i === 1 && unlockMs !== undefined ? { unlockMs } : {}) };
    });
  } finally {
    await chrome.close();
    if (!opts.profile) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * A run whose trace Lighthouse could not read (NO_NAVSTART and the like happen now and then on a
 * loaded machine) is run again, at most twice.
 */
async function runFlowRetry(opts: Parameters<typeof runFlow>[0]): Promise<Step[]> {
  for (let attempt = 1; ; attempt++) {
    const steps = await runFlow(opts);
    const err = steps.find((s) => s.lhr.runtimeError)?.lhr.runtimeError;
    if (!err || attempt >= 3) return steps;
    console.warn(`[${opts.label} run ${opts.run}] Lighthouse: ${err.code}; running it again`);
  }
}

const ms = (lhr: Result, id: string) => lhr.audits[id]?.numericValue;
const fmtMs = (v: number | undefined) => (v === undefined ? "—" : `${Math.round(v).toLocaleString("en")} ms`);
const fmtCls = (v: number | undefined) => (v === undefined ? "—" : v.toFixed(3));
const score = (lhr: Result, cat = "performance") => {
  const s = lhr.categories[cat]?.score;
  return s === null || s === undefined ? "—" : String(Math.round(s * 100));
};

/**
 * What costs points, as Lighthouse lists it under "Diagnostics"/"Insights": performance audits
 * (not the metrics themselves) that did not pass, most estimated savings first.
 */
function costs(lhr: Result, n = Infinity): string[] {
  const refs = lhr.categories.performance?.auditRefs ?? [];
  const rows = refs
    .filter((r) => r.group !== "metrics" && r.group !== "hidden")
    .map((r) => lhr.audits[r.id]!)
    .filter((a) => a && a.score !== null && a.score < 0.9 && !["notApplicable", "informative", "manual", "error"].includes(a.scoreDisplayMode))
    .map((a) => {
      const savings = a.metricSavings ?? {};
      const weight = (savings.LCP ?? 0) + (savings.FCP ?? 0) + (savings.TBT ?? 0) + (savings.CLS ?? 0) * 1000;
      return { a, weight };
    })
    .sort((x, y) => y.weight - x.weight || (x.a.score ?? 0) - (y.a.score ?? 0));
  return rows.slice(0, n).map(({ a }) => {
    const s = a.metricSavings ? Object.entries(a.metricSavings).filter(([, v]) => v).map(([k, v]) => `${k} −${k === "CLS" ? v : Math.round(v as number) + " ms"}`).join(", ") : "";
    return `${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}${s ? ` [est. ${s}]` : ""} {${a.id}}`;
  });
}

/** The LCP element and its phases (Lighthouse's lcp-breakdown insight / largest-contentful-paint-element). */
function lcpInfo(lhr: Result): string {
  const el = lhr.audits["largest-contentful-paint-element"]?.details as
    | { items?: { items?: { node?: { snippet?: string; nodeLabel?: string }; phase?: string; timing?: number }[] }[] }
    | undefined;
  const tables = el?.items ?? [];
  const node = tables[0]?.items?.[0]?.node;
  const phases = (tables[1]?.items ?? []).map((p) => `${p.phase} ${Math.round(p.timing ?? 0)} ms`).join(", ");
  return `${node?.snippet ?? node?.nodeLabel ?? "—"}${phases ? `; ${phases}` : ""}`;
}

function printNavigation(label: string, runs: Result[]): Result {
  const valid = filterToValidRuns(runs);
  const lhr = valid.length > 1 ? computeMedianRun(valid) : (valid[0] ?? runs[0]!);
  const all = runs.map((r) => score(r)).join(", ");
  console.log(`\n## ${label}  (${lhr.configSettings.formFactor}, ${lhr.configSettings.screenEmulation.width}×${lhr.configSettings.screenEmulation.height}, ${lhr.configSettings.throttlingMethod} ${lhr.configSettings.throttling.rttMs} ms RTT / ${Math.round(lhr.configSettings.throttling.throughputKbps)} kbps / ${lhr.configSettings.throttling.cpuSlowdownMultiplier}× CPU)`);
  console.log(`performance ${score(lhr)} (runs: ${all})  accessibility ${score(lhr, "accessibility")}  best-practices ${score(lhr, "best-practices")}`);
  // Lighthouse's CPU benchmark of this machine at the time of each run: simulated TBT scales the
  // observed task times by 4, so a busy machine (an index well under ~1,000) inflates TBT and the score.
  const bench = runs.map((r) => Math.round(r.environment.benchmarkIndex));
  console.log(`benchmarkIndex ${bench.join(", ")}${Math.min(...bench) < 1000 ? "  (busy or slow machine: TBT is inflated; re-measure on a quiet one)" : ""}`);
  console.log(`FCP ${fmtMs(ms(lhr, "first-contentful-paint"))}  LCP ${fmtMs(ms(lhr, "largest-contentful-paint"))}  TBT ${fmtMs(ms(lhr, "total-blocking-time"))}  CLS ${fmtCls(ms(lhr, "cumulative-layout-shift"))}  SI ${fmtMs(ms(lhr, "speed-index"))}  TTI ${fmtMs(ms(lhr, "interactive"))}`);
  console.log(`LCP element: ${lcpInfo(lhr)}`);
  const top = costs(lhr, 3);
  console.log(top.length ? `top costs:\n  - ${top.join("\n  - ")}` : "top costs: none (every performance audit passes)");
  // TBT can cost points while every diagnostic passes: name the long tasks behind it.
  const long = ((lhr.audits["long-tasks"]?.details as { items?: { url?: string; duration?: number }[] } | undefined)?.items ?? []).slice(0, 3);
  if ((ms(lhr, "total-blocking-time") ?? 0) > 0 && long.length)
    console.log(`longest tasks (simulated): ${long.map((t) => `${(t.url ?? "?").replace(/^https?:\/\/[^/]+/, "")} ${Math.round(t.duration ?? 0)} ms`).join(", ")}`);
  return lhr;
}

function printTimespan(label: string, steps: Step[]): void {
  const th = steps[0]!.lhr.configSettings.throttling;
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const unlock = steps.map((s) => s.unlockMs ?? NaN);
  const tbt = steps.map((s) => ms(s.lhr, "total-blocking-time") ?? NaN);
  const cls = steps.map((s) => ms(s.lhr, "cumulative-layout-shift") ?? NaN);
  const inp = steps.map((s) => ms(s.lhr, "interaction-to-next-paint") ?? NaN);
  const pass = steps.map((s) => {
    const refs = s.lhr.categories.performance?.auditRefs ?? [];
    const scored = refs.map((r) => s.lhr.audits[r.id]!).filter((a) => a && a.score !== null && !["notApplicable", "informative", "manual"].includes(a.scoreDisplayMode));
    return `${scored.filter((a) => (a.score ?? 0) >= 0.9).length}/${scored.length}`;
  });
  console.log(`\n## ${label}  (timespan, DevTools throttling ${th.requestLatencyMs} ms latency / ${Math.round(th.downloadThroughputKbps ?? 0)} kbps / ${th.cpuSlowdownMultiplier}× CPU)`);
  console.log(`unlock → screen drawn (wall clock, median): ${fmtMs(med(unlock))}  [${unlock.map((x) => Math.round(x)).join(", ")}]`);
  console.log(`TBT ${fmtMs(med(tbt))}  CLS ${fmtCls(med(cls))}  INP ${fmtMs(med(inp))}  audits passed ${pass.join(", ")}`);
  const top = costs(steps[Math.floor(steps.length / 2)]!.lhr, 3);
  if (top.length) console.log(`top costs:\n  - ${top.join("\n  - ")}`);
}

const server = await startServer({ assets: ASSETS, history: HISTORY, ...(PERSONS ? { persons: PERSONS } : {}) });
const profiles = new Map<string, string>();
const summary: Record<string, unknown> = { assets: ASSETS, runs: RUNS, lighthouse: "", chromium: "" };
try {
  console.log(`Lighthouse against ${server.url} (assets ${ASSETS}; seed ${PERSONS ?? "default"} persons, history ${HISTORY}); ${RUNS} run(s) per page; reports in ${path.relative(ROOT, OUT)}/`);

  if (ONLY.includes("enroll")) {
    const runs: Result[] = [];
    for (let i = 0; i < RUNS; i++) runs.push((await runFlowRetry({ label: "enroll", run: i, url: `${server.url}/` }))[0]!.lhr);
    const lhr = printNavigation("Enrollment screen, fresh profile (/)", runs);
    summary.lighthouse = lhr.lighthouseVersion;
    summary.chromium = lhr.environment.hostUserAgent;
    summary.enroll = { median: digest(lhr), runs: runs.map(digest) };
  }

  const unlockPage = async (key: string, label: string, code: string, laptop: boolean, hash: string, selector: string, config?: Config, timespanFlags?: Flags) => {
    // One enrollment per account: a kecamatan's first sync is the slow part.
    let profile = profiles.get(code);
    if (!profile) profiles.set(code, (profile = await enrolledProfile(server.url, code, laptop)));
    const nav: Result[] = [];
    const spans: Step[] = [];
    for (let i = 0; i < RUNS; i++) {
      const steps = await runFlowRetry({ label: key, run: i, url: `${server.url}/${hash}`, profile, config, unlockTo: selector, timespanFlags });
      nav.push(steps[0]!.lhr);
      spans.push(steps[1]!);
    }
    const lhr = printNavigation(`${label}: the lock screen the app opens on (storage kept)`, nav);
    printTimespan(`${label}: unlock → ${selector}`, spans);
    summary[key] = { median: digest(lhr), runs: nav.map(digest), unlockMs: spans.map((s) => s.unlockMs), timespanTbt: spans.map((s) => ms(s.lhr, "total-blocking-time")), timespanCls: spans.map((s) => ms(s.lhr, "cumulative-layout-shift")) };
  };

  if (ONLY.includes("home")) await unlockPage("home", "Home after enrollment (pustu DEMO-PSTU)", DEMO.pustu, false, "", "[data-testid=sync-card]");
  const consoleConfig: Config = { extends: "lighthouse:default", settings: LAPTOP_MOBILE_SETTINGS };
  if (ONLY.includes("console")) await unlockPage("console", "Console (puskesmas DEMO-PKM1, #/pws, 1280×900, mobile throttling)", DEMO.puskesmas, true, "#/pws", "[data-testid=pws-table]", consoleConfig);
  if (ONLY.includes("console-desktop")) await unlockPage("console-desktop", "Console (puskesmas DEMO-PKM1, #/pws, Lighthouse desktop preset)", DEMO.puskesmas, true, "#/pws", "[data-testid=pws-table]", desktopConfig, DESKTOP_DEVTOOLS);

  writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2));
  console.log(`\nsummary: ${path.relative(ROOT, path.join(OUT, "summary.json"))}`);
} finally {
  await server.stop();
  for (const p of profiles.values()) rmSync(p, { recursive: true, force: true });
}

function digest(lhr: Result) {
  return {
    performance: lhr.categories.performance?.score,
    accessibility: lhr.categories.accessibility?.score,
    bestPractices: lhr.categories["best-practices"]?.score,
    fcp: ms(lhr, "first-contentful-paint"),
    lcp: ms(lhr, "largest-contentful-paint"),
    tbt: ms(lhr, "total-blocking-time"),
    cls: ms(lhr, "cumulative-layout-shift"),
    si: ms(lhr, "speed-index"),
    tti: ms(lhr, "interactive"),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    lcpElement: lcpInfo(lhr),
    costs: costs(lhr),
  };
}
