/**
 * Issue 5 bench: all derived flags and the follow-up tasks of a pekon (3,000 persons, a year of
 * records), computed in Chromium with 4× CPU throttling, with the same domain code the PWA ships.
 *
 *   npx tsx scripts/bench-clinical.ts            # prints ms; not part of npm test
 *
 * It bundles a small page (scripts/bench-clinical-page.ts: synthetic pekon + timings) with esbuild
 * (minified, es2020, the WHO tables as their own chunks as in the app), serves it from a local
 * static server, opens Chromium through playwright-core, sets CDP Emulation.setCPUThrottlingRate
 * {rate: 4}, and reads the timings the page reports.
 */
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const out = mkdtempSync(path.join(tmpdir(), "simpul-bench-"));
const server = http.createServer((req, res) => {
  const file = (req.url ?? "/").split("?")[0] === "/" ? "index.html" : (req.url ?? "").slice(1).split("?")[0]!;
  try {
    const body = readFileSync(path.join(out, path.normalize(file).replace(/^(\.\.[/\\])+/, "")));
    res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html" : "text/javascript" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});

try {
  await build({
    entryPoints: [path.join(ROOT, "scripts/bench-clinical-page.ts")],
    bundle: true, splitting: true, format: "esm", minify: true, target: "es2020", outdir: out, logLevel: "warning",
  });
  writeFileSync(path.join(out, "index.html"), `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/bench-clinical-page.js"></script>`);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => "simpulBench" in window);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  type Result = { persons: number; records: number; tasks: number; flags: number; deriveMs: number; tasksStoredMs: number; tasksRecomputeMs: number; generateMs: number; hariIni: number; terlambat: number };
  const results: Result[] = [];
  for (let i = 0; i < RUNS; i++) {
    results.push(await page.evaluate(() => (window as unknown as { simpulBench: () => Promise<Result> }).simpulBench()));
  }
  await browser.close();
  const median = (k: keyof Result) => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
  const r0 = results[0]!;
  console.log(`Chromium, CPU throttling ${RATE}×, ${RUNS} runs (median; first run in brackets)`);
  console.log(`pekon: ${r0.persons} persons, ${r0.records} records over a year; ${r0.flags} flags, ${r0.tasks} tasks (${r0.hariIni} hari ini, ${r0.terlambat} terlambat)`);
  console.log(`derive every record (deriveRecord, WHO z-scores, flags):   ${median("deriveMs")} ms  [${r0.deriveMs}]`);
  console.log(`tasks from stored derivations (computeTasks, as Home):     ${median("tasksStoredMs")} ms  [${r0.tasksStoredMs}]`);
  console.log(`all flags + tasks, recomputing every derivation:           ${median("tasksRecomputeMs")} ms  [${r0.tasksRecomputeMs}]`);
  console.log(`derive all + tasks (the issue's figure):                   ${median("deriveMs") + median("tasksStoredMs")} ms`);
} finally {
  server.close();
  rmSync(out, { recursive: true, force: true });
}
