/**
 * Issue 5 bench: all derived flags and the follow-up tasks of a pekon (3,000 persons, a year of
 * records), computed in Chromium with 4× CPU throttling, with the same domain code the PWA ships.
 *
 *   npx tsx scripts/bench-clinical.ts            # prints ms; not part of npm test
 *   BENCH_COMPARE=/tmp/simpul-head npx tsx scripts/bench-clinical.ts
 *       # the same bench from another checkout (e.g. `git worktree add /tmp/simpul-head HEAD`)
 *       # in a second tab, runs alternating, so "before" and "after" share the machine's load
 *   BENCH_PROFILE=/tmp/clinical.cpuprofile npx tsx scripts/bench-clinical.ts
 *       # a CDP CPU profile of the runs (names kept); open it in Chrome DevTools
 *
 * It bundles a small page (scripts/bench-clinical-page.ts: synthetic pekon + timings) with esbuild
 * (minified, es2020, the WHO tables as their own chunks as in the app), serves it from a local
 * static server, opens Chromium through playwright-core, sets CDP Emulation.setCPUThrottlingRate
 * {rate: 4}, and reads the timings the page reports.
 */
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type CDPSession, type Page } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_PROFILE=out.cpuprofile: a CDP CPU profile of every run (identifiers kept so the names read). */
const PROFILE = process.env.BENCH_PROFILE;

const COMPARE = process.env.BENCH_COMPARE ? path.resolve(process.env.BENCH_COMPARE) : undefined;

type Result = {
  persons: number; records: number; tasks: number; flags: number; deriveMs: number; tasksStoredMs: number; tasksRecomputeMs: number; generateMs: number; hariIni: number; terlambat: number;
  /** Main-thread CPU time of the whole run (all phases), from CDP Performance.getMetrics ThreadTime: less moved by other load on the machine than the wall clock. */
  cpuMs: number;
};

const out = mkdtempSync(path.join(tmpdir(), "simpul-bench-"));
const server = http.createServer((req, res) => {
  const file = (req.url ?? "/").split("?")[0]!.replace(/\/$/, "/index.html").slice(1);
  try {
    const body = readFileSync(path.join(out, path.normalize(file).replace(/^(\.\.[/\\])+/, "")));
    res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html" : "text/javascript" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});

/** Bundle one checkout's bench page into out/<name>/. */
async function bundle(root: string, name: string) {
  const dir = path.join(out, name);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [path.join(root, "scripts/bench-clinical-page.ts")],
    bundle: true, splitting: true, format: "esm", minify: !PROFILE, minifySyntax: true, minifyWhitespace: true, target: "es2020", outdir: dir, logLevel: "warning",
  });
  writeFileSync(path.join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="./bench-clinical-page.js"></script>`);
}

const median = (rs: Result[], k: keyof Result) => rs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rs.length / 2)]!;

function report(label: string, results: Result[]) {
  const r0 = results[0]!;
  console.log(`${label}pekon: ${r0.persons} persons, ${r0.records} records over a year; ${r0.flags} flags, ${r0.tasks} tasks (${r0.hariIni} hari ini, ${r0.terlambat} terlambat)`);
  console.log(`derive every record (deriveRecord, WHO z-scores, flags):   ${median(results, "deriveMs")} ms  [${r0.deriveMs}]`);
  console.log(`tasks from stored derivations (computeTasks, as Home):     ${median(results, "tasksStoredMs")} ms  [${r0.tasksStoredMs}]`);
  console.log(`all flags + tasks, recomputing every derivation:           ${median(results, "tasksRecomputeMs")} ms  [${r0.tasksRecomputeMs}]`);
  console.log(`derive all + tasks (the issue's figure):                   ${median(results, "deriveMs") + median(results, "tasksStoredMs")} ms`);
  console.log(`main-thread CPU of a whole run (all of the above, unthrottled CPU time): ${median(results, "cpuMs")} ms`);
}

try {
  await bundle(ROOT, "this");
  if (COMPARE) await bundle(COMPARE, "compare");
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  const open = async (name: string) => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error(`[page error ${name}]`, e.message));
    await page.goto(`http://127.0.0.1:${port}/${name}/`);
    await page.waitForFunction(() => "simpulBench" in window);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
    await cdp.send("Performance.enable");
    return { page, cdp };
  };
  const pages: { name: string; page: Page; cdp: CDPSession; results: Result[] }[] = [];
  const mine = await open("this");
  pages.push({ name: "this", ...mine, results: [] });
  if (COMPARE) pages.push({ name: "compare", ...(await open("compare")), results: [] });
  const threadTime = async (cdp: CDPSession) => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime")!.value * 1000;
  if (PROFILE) {
    await mine.cdp.send("Profiler.enable");
    await mine.cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await mine.cdp.send("Profiler.start");
  }
  for (let i = 0; i < RUNS; i++) {
    // Alternate which tab goes first, so neither always runs on a warmer or cooler machine.
    const order = i % 2 ? [...pages].reverse() : pages;
    for (const p of order) {
      const cpu0 = await threadTime(p.cdp);
      const r = await p.page.evaluate(() => (window as unknown as { simpulBench: () => Promise<Result> }).simpulBench());
      p.results.push({ ...r, cpuMs: Math.round((await threadTime(p.cdp)) - cpu0) });
    }
  }
  if (PROFILE) {
    const { profile } = await mine.cdp.send("Profiler.stop");
    writeFileSync(PROFILE, JSON.stringify(profile));
    console.log(`CPU profile of this checkout's runs: ${PROFILE}`);
  }
  await browser.close();
  console.log(`Chromium, CPU throttling ${RATE}×, ${RUNS} runs (median; first run in brackets)`);
  if (!COMPARE) report("", pages[0]!.results);
  else {
    report(`this checkout (${ROOT}): `, pages[0]!.results);
    report(`compared with (${COMPARE}): `, pages[1]!.results);
    const [a, b] = [pages[0]!.results[0]!, pages[1]!.results[0]!];
    const same = a.flags === b.flags && a.tasks === b.tasks && a.hariIni === b.hariIni && a.terlambat === b.terlambat;
    console.log(same ? "same flags and task counts in both" : "FLAG OR TASK COUNTS DIFFER between the checkouts");
    for (const k of ["deriveMs", "tasksStoredMs", "tasksRecomputeMs", "cpuMs"] as const) {
      console.log(`${k}: ${median(pages[1]!.results, k)} → ${median(pages[0]!.results, k)} ms (× ${(median(pages[1]!.results, k) / median(pages[0]!.results, k)).toFixed(2)})`);
    }
  }
} finally {
  server.close();
  rmSync(out, { recursive: true, force: true });
}
