/**
 * Issue 14 bench: a phone holding 10,000 persons and 50,000 records (plus their referrals), in
 * Chromium at 360×640 with 4× CPU throttling (CDP Emulation.setCPUThrottlingRate):
 * - registry: the Warga tab rendered → its dusun list drawn (cold: opened values forgotten first,
 *   as after a lock; warm: right after another visit);
 * - search: a name typed into the open registry → its results drawn;
 * - person: a person's page rendered → every visit (with its stored flags) and referral drawn;
 * - the first search after a lock (typed as soon as the list is drawn: the search index is built
 *   meanwhile), a dusun's household list, and probes of the store calls alone (where time goes).
 *
 *   npx tsx scripts/bench-phone-scale.ts                         # prints p50/p95; not part of npm test
 *   BENCH_BEFORE_REF=8d7bd1f npx tsx scripts/bench-phone-scale.ts   # also the same page on web/ at that commit
 *
 * It bundles scripts/bench-phone-scale-page.tsx with esbuild (minified, es2020, code split as
 * the app is), serves it locally, and the page fills IndexedDB through the real store
 * (LocalStore.applyPullPage: sealed rows, the real schema and indexes) and renders the real
 * screens. For the "before" column the same page is built against `git archive <ref>` of web/
 * and domain/ (unthrottled while filling; throttled while timing).
 */
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const REPS = Number(process.env.BENCH_RUNS ?? 20);
const BEFORE = process.env.BENCH_BEFORE_REF;
/** The first search after a lock builds the index: fewer repetitions (each opens every person). */
const COLD_REPS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const QUERIES = ["siti", "ahmad sapu", "nurhal", "wayan", "dewi r", "budi", "kartni", "sri han", "joko", "hidayat"];

const tmp = mkdtempSync(path.join(tmpdir(), "simpul-phone-"));

async function bundle(srcRoot: string, out: string): Promise<void> {
  await build({
    entryPoints: [path.join(srcRoot, "scripts/bench-phone-scale-page.tsx")],
    bundle: true, splitting: true, format: "esm", minify: true, target: "es2020", outdir: out, logLevel: "warning",
    jsx: "automatic", jsxImportSource: "preact", nodePaths: [path.join(ROOT, "node_modules")],
    define: { "import.meta.env.PROD": "true", "import.meta.env.DEV": "false" },
  });
  writeFileSync(path.join(out, "index.html"), `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>bench</title><link rel="stylesheet" href="/bench-phone-scale-page.css"><div id="app"></div><script type="module" src="/bench-phone-scale-page.js"></script>`);
}

function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const file = (req.url ?? "/").split("?")[0] === "/" ? "index.html" : (req.url ?? "").slice(1).split("?")[0]!;
    try {
      const body = readFileSync(path.join(dir, path.normalize(file).replace(/^(\.\.[/\\])+/, "")));
      res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html" : file.endsWith(".css") ? "text/css" : "text/javascript" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() })));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50)} ms, p95 ${pct(xs, 95)} ms (n=${xs.length}, max ${Math.round(Math.max(...xs))})`;

interface Figures {
  label: string;
  fill: { persons: number; records: number; referrals: number; fillMs: number };
  registryCold: number[];
  registryWarm: number[];
  search: number[];
  searchCold: number[];
  dusun: number[];
  hits: Record<string, number>;
  person: number[];
  probe: Record<string, number>;
}

type Bench = {
  setup: (db: string) => Promise<Figures["fill"]>;
  openRegistry: (cold: boolean) => Promise<number>;
  settle: () => Promise<void>;
  search: (q: string) => Promise<{ ms: number; hits: number }>;
  openPerson: (i: number) => Promise<number>;
  searchCold: (q: string) => Promise<number>;
  openDusun: (i: number) => Promise<number>;
  probe: () => Promise<Record<string, number>>;
  unmount: () => void;
};

async function run(label: string, dir: string): Promise<Figures> {
  const srv = await serve(dir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    page.on("pageerror", (e) => console.error(`[${label} page error]`, e.message));
    await page.goto(srv.url);
    await page.waitForFunction(() => "phoneBench" in window);
    const cdp = await page.context().newCDPSession(page);
    const call = <K extends keyof Bench>(k: K, ...args: Parameters<Bench[K]>) =>
      page.evaluate(([k, args]) => ((window as unknown as { phoneBench: Record<string, (...a: unknown[]) => unknown> }).phoneBench[k as string]!(...(args as unknown[]))), [k, args] as const) as Promise<Awaited<ReturnType<Bench[K]>>>;
    const fill = await call("setup", `simpul-bench-${label}`);
    console.log(`[${label}] filled ${fill.persons} persons, ${fill.records} records, ${fill.referrals} referrals in ${(fill.fillMs / 1000).toFixed(1)} s (unthrottled)`);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
    const f: Figures = { label, fill, registryCold: [], registryWarm: [], search: [], searchCold: [], dusun: [], hits: {}, person: [], probe: {} };
    // One untimed pass loads the code-split chunks (forms, charts) as a phone has them cached.
    await call("openRegistry", true);
    await call("openPerson", 0);
    for (let i = 0; i < REPS; i++) f.registryCold.push(await call("openRegistry", true));
    for (let i = 0; i < REPS; i++) f.registryWarm.push(await call("openRegistry", false));
    await call("settle");
    for (let i = 0; i < REPS; i++) {
      const q = QUERIES[i % QUERIES.length]!;
      const r = await call("search", q);
      f.search.push(r.ms);
      f.hits[q] = r.hits;
    }
    for (let i = 0; i < REPS; i++) f.person.push(await call("openPerson", i + 1));
    for (let i = 0; i < COLD_REPS; i++) f.searchCold.push(await call("searchCold", QUERIES[i % QUERIES.length]!));
    for (let i = 0; i < REPS; i++) f.dusun.push(await call("openDusun", i));
    f.probe = await call("probe");
    await call("unmount");
    return f;
  } finally {
    await browser.close();
    srv.close();
  }
}

try {
  const results: Figures[] = [];
  if (BEFORE) {
    const src = path.join(tmp, "before-src");
    mkdirSync(path.join(src, "scripts"), { recursive: true });
    execFileSync("sh", ["-c", `git -C "${ROOT}" archive ${BEFORE} web domain | tar -x -C "${src}"`]);
    copyFileSync(path.join(ROOT, "scripts/bench-phone-scale-page.tsx"), path.join(src, "scripts/bench-phone-scale-page.tsx"));
    await bundle(src, path.join(tmp, "before"));
    results.push(await run(`before (${BEFORE})`, path.join(tmp, "before")));
  }
  await bundle(ROOT, path.join(tmp, "after"));
  results.push(await run(BEFORE ? "after (working tree)" : "now", path.join(tmp, "after")));

  console.log(`\nphone scale bench: Chromium 360×640, CPU throttling ${RATE}×, ${REPS} repetitions each (p50 / p95)`);
  for (const f of results) {
    console.log(`\n${f.label}: ${f.fill.persons} persons, ${f.fill.records} records, ${f.fill.referrals} referrals`);
    console.log(`  registry, cold (tab → dusun list drawn):  ${fmt(f.registryCold)}`);
    console.log(`  registry, warm:                            ${fmt(f.registryWarm)}`);
    console.log(`  search (keystroke → results drawn):        ${fmt(f.search)}`);
    console.log(`  person (open → visits, flags, referrals):  ${fmt(f.person)}`);
    console.log(`  first search after a lock (typed at once): ${fmt(f.searchCold)}`);
    console.log(`  dusun tapped → its households drawn:       ${fmt(f.dusun)}`);
    for (const [k, v] of Object.entries(f.probe)) console.log(`    probe: ${k}: ${v} ms`);
    console.log(`  hits: ${Object.entries(f.hits).map(([q, n]) => `${q}=${n}`).join(", ")}`);
  }
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
