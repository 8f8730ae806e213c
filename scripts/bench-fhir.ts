/**
 * npm run bench (part): the SATUSEHAT FHIR export (issue 13) on the seeded data, against a real
 * `wrangler dev`: a fresh local D1 with the demo seed (Kecamatan Batu Brak, `--persons` synthetic
 * people, a year of history up to today), then as the puskesmas (DEMO-PKM1):
 *
 *   - one desa-month: every page of GET /api/fhir/bundle for last month's busiest desa, `--runs` times;
 *   - a kecamatan-year: every page of every desa for the 12 months up to last month, once;
 *   - the summary (GET /api/fhir/summary) of the kecamatan for last month and for the year;
 *
 * - the console: the busiest desa's year downloaded in Chromium, the tab's JS heap sampled (CDP);
 *
 * each with its time (wall clock at the client, so the HTTP and JSON transfer are included), the
 * bytes of the answers (raw, gzip), the pages, the entries and the largest page. The Worker's
 * memory: the peak resident size (VmHWM) of the Worker's own workerd process before and after
 * the kecamatan-year, read from /proc (it includes the runtime and SQLite's cache; its growth is
 * the upper bound of what the export added). Figures go to docs/PERFORMANCE.md ("FHIR export").
 *
 *   npx tsx --expose-gc scripts/bench-fhir.ts [--persons 3000] [--runs 5]
 *
 * Synthetic people only.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { previousMonth } from "../domain/rules/dates.ts";
// phone.ts and server.ts, not harness.ts: no vitest in a script.
import { DEMO, openConsole } from "../test/e2e/phone.ts";
import { startServer, type Server } from "../test/e2e/server.ts";

const { values } = parseArgs({ options: { persons: { type: "string", default: "3000" }, runs: { type: "string", default: "5" } } });
const PERSONS = Number(values.persons);
const RUNS = Number(values.runs);
const KEC = "18.04.10";

interface Page { bundle: { entry?: unknown[] }; counts: Record<string, number>; unexported: unknown[]; persons: number; nextCursor: string | null }

async function get(server: Server, token: string, path: string): Promise<{ text: string; ms: number; status: number }> {
  const t0 = performance.now();
  const r = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
  const text = await r.text();
  return { text, ms: performance.now() - t0, status: r.status };
}

interface Run { ms: number; bytes: number; gzip: number; pages: number; entries: number; persons: number; unexported: number; maxPageBytes: number; maxPageEntries: number; counts: Record<string, number>; maxPageText?: string }

async function exportDesa(server: Server, token: string, desa: string, period: string): Promise<Run> {
  const out: Run = { ms: 0, bytes: 0, gzip: 0, pages: 0, entries: 0, persons: 0, unexported: 0, maxPageBytes: 0, maxPageEntries: 0, counts: {} };
  let cursor: string | null = null;
  do {
    const r = await get(server, token, `/api/fhir/bundle?desa=${desa}&${period}${cursor ? `&cursor=${cursor}` : ""}`);
    if (r.status !== 200) throw new Error(`bundle ${desa} ${period}: ${r.status} ${r.text.slice(0, 300)}`);
    const page = JSON.parse(r.text) as Page;
    const n = page.bundle.entry?.length ?? 0;
    out.ms += r.ms;
    out.bytes += r.text.length;
    out.gzip += gzipSync(r.text).length;
    out.pages++;
    out.entries += n;
    out.persons += page.persons;
    out.unexported += page.unexported.length;
    if (r.text.length > out.maxPageBytes) out.maxPageText = r.text;
    out.maxPageBytes = Math.max(out.maxPageBytes, r.text.length);
    out.maxPageEntries = Math.max(out.maxPageEntries, n);
    for (const [k, v] of Object.entries(page.counts)) out.counts[k] = (out.counts[k] ?? 0) + v;
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const merge = (a: Run, b: Run): Run => ({
  ms: a.ms + b.ms, bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip, pages: a.pages + b.pages, entries: a.entries + b.entries, persons: a.persons + b.persons,
  unexported: a.unexported + b.unexported, maxPageBytes: Math.max(a.maxPageBytes, b.maxPageBytes), maxPageText: a.maxPageBytes >= b.maxPageBytes ? a.maxPageText : b.maxPageText, maxPageEntries: Math.max(a.maxPageEntries, b.maxPageEntries),
  counts: Object.fromEntries([...new Set([...Object.keys(a.counts), ...Object.keys(b.counts)])].map((k) => [k, (a.counts[k] ?? 0) + (b.counts[k] ?? 0)])),
});
const empty = (): Run => ({ ms: 0, bytes: 0, gzip: 0, pages: 0, entries: 0, persons: 0, unexported: 0, maxPageBytes: 0, maxPageEntries: 0, counts: {} });
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const kb = (n: number) => `${(n / 1e3).toFixed(0)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Peak and current resident size (kB) of the Worker's own workerd, found by the port it serves (harness.runtimeUrl). */
function workerMemory(runtimeUrl: string): { hwm: number; rss: number } | null {
  const port = new URL(runtimeUrl).port;
  const line = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" }).split("\n").find((l) => l.includes(`127.0.0.1:${port} `));
  const pid = line && /pid=(\d+)/.exec(line)?.[1];
  if (!pid) return (console.warn(`no process listens on ${port}`), null);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kbOf = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { hwm: kbOf("VmHWM"), rss: kbOf("VmRSS") };
}

const t0 = Date.now();
const server = await startServer({ persons: PERSONS, history: true });
console.log(`seeded ${PERSONS} persons with a year of history and started wrangler dev in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
try {
  const enroll = await fetch(server.url + "/api/enroll", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: "DEMO-PKM1" }) });
  const token = ((await enroll.json()) as { token: string }).token;
  const month = previousMonth(new Date().toISOString().slice(0, 7));
  // The 12 months up to last month: from the first of the month 11 months before it.
  const first = (() => {
    let m = month;
    for (let i = 0; i < 11; i++) m = previousMonth(m);
    return `${m}-01`;
  })();
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const yearQuery = `from=${first}&to=${lastDay}`;

  // Summary of the month: which desa is busiest (the desa-month case), and its time.
  const s1 = await get(server, token, `/api/fhir/summary?month=${month}`);
  if (s1.status !== 200) throw new Error(`summary ${s1.status} ${s1.text.slice(0, 300)}`);
  const summary = JSON.parse(s1.text) as { units: { code: string; name: string; persons: number; counts: Record<string, number> }[]; total: { persons: number; counts: Record<string, number>; unexported: number } };
  const busiest = [...summary.units].sort((a, b) => b.persons - a.persons)[0]!;
  const sMonth: number[] = [s1.ms];
  for (let r = 1; r < RUNS; r++) sMonth.push((await get(server, token, `/api/fhir/summary?month=${month}`)).ms);

  // One desa-month, RUNS times.
  const desaRuns: Run[] = [];
  for (let r = 0; r < RUNS; r++) desaRuns.push(await exportDesa(server, token, busiest.code, `month=${month}`));
  const d = desaRuns[0]!;

  // The kecamatan-year, once, with the Worker's memory before and after.
  const runtime = await server.runtimeUrl().catch((e: Error) => (console.warn(`runtime not found: ${e.message}`), null));
  const before = runtime ? workerMemory(runtime) : null;
  let year = empty();
  for (const u of summary.units) year = merge(year, await exportDesa(server, token, u.code, yearQuery));
  const after = runtime ? workerMemory(runtime) : null;
  const sYear = await get(server, token, `/api/fhir/summary?${yearQuery}`);

  console.log(`\nFHIR export, Kecamatan Batu Brak seed (${PERSONS} persons, ${summary.units.length} desa), puskesmas, wrangler dev (local D1)`);
  console.log(`desa-month: ${busiest.name} (${busiest.code}), ${month}: ${d.persons} persons, ${d.entries} entries (${JSON.stringify(d.counts)}), ${d.unexported} unexported, ${d.pages} page(s)`);
  console.log(`  time: median ${median(desaRuns.map((x) => x.ms)).toFixed(0)} ms (runs: ${desaRuns.map((x) => x.ms.toFixed(0)).join(", ")} ms); bytes ${kb(d.bytes)} raw, ${kb(d.gzip)} gzip`);
  console.log(`kecamatan-year: ${first} to ${lastDay}, every desa: ${year.persons} persons, ${year.entries} entries (${JSON.stringify(year.counts)}), ${year.unexported} unexported, ${year.pages} pages`);
  console.log(`  time: ${(year.ms / 1000).toFixed(1)} s; bytes ${mb(year.bytes)} raw, ${mb(year.gzip)} gzip; largest page ${kb(year.maxPageBytes)} (${year.maxPageEntries} entries)`);
  if (before && after) console.log(`  Worker workerd resident size: ${(before.rss / 1024).toFixed(0)} MB before, ${(after.rss / 1024).toFixed(0)} MB after; peak (VmHWM) ${(before.hwm / 1024).toFixed(0)} → ${(after.hwm / 1024).toFixed(0)} MB`);
  else console.log("  Worker memory: the runtime process was not found");
  // The largest page as V8 objects (the engine workerd runs): what the Worker holds of its bundle
  // besides the rows it read and the answer's text. Needs node --expose-gc (npx tsx --expose-gc …).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && year.maxPageText) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const objects = JSON.parse(year.maxPageText) as unknown;
    gc();
    const h1 = process.memoryUsage().heapUsed;
    console.log(`  largest page as objects: ${mb(h1 - h0)} of V8 heap (its JSON text ${mb(year.maxPageText.length)})`);
    void objects;
  }
  console.log(`summary, kecamatan-month: median ${median(sMonth).toFixed(0)} ms (${s1.text.length} bytes); kecamatan-year: ${sYear.ms.toFixed(0)} ms (status ${sYear.status})`);

  // The console: a desa-year downloaded in Chromium, the tab's JS heap sampled while it joins the pages.
  const phone = await openConsole(server.url, DEMO.puskesmas);
  try {
    const page = phone.page;
    await page.goto(`${server.url}/#/interop`);
    await page.getByTestId("fhir-summary").waitFor({ timeout: 120_000 });
    await page.getByTestId("fhir-period-kind").selectOption("year");
    await page.getByTestId("fhir-year").selectOption(month.slice(0, 4));
    await page.waitForFunction(() => document.querySelector("[data-testid=fhir-summary] td[data-col=encounters]") !== null && !document.body.textContent!.includes("Menghitung"), null, { timeout: 120_000 });
    const code = await page.locator("[data-testid^=fhir-row-]").evaluateAll((trs) =>
      trs.map((tr) => ({ code: (tr as HTMLElement).dataset.testid!.slice("fhir-row-".length), n: Number(tr.querySelector("td[data-col=observations]")!.textContent!.replace(/\D/g, "")) })).sort((a, b) => b.n - a.n)[0]!.code,
    );
    const cdp = await phone.context.newCDPSession(page);
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = async () => ((await cdp.send("Runtime.getHeapUsage")) as { usedSize: number }).usedSize;
    const base = await heap();
    let peak = base;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap());
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t1 = performance.now();
    const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 300_000 }), page.getByTestId(`fhir-download-${code}`).click()]);
    const file = readFileSync((await dl.path())!);
    const tDl = performance.now() - t1;
    sampling = false;
    await sampler;
    const entries = (JSON.parse(file.toString("utf8")) as { entry: unknown[] }).entry.length;
    console.log(`console, desa-year in Chromium: ${code}, ${month.slice(0, 4)}: ${entries} entries, file ${mb(file.length)}, ${(tDl / 1000).toFixed(1)} s; tab JS heap ${mb(base)} before, peak ${mb(peak)} while joining the pages (+${mb(peak - base)})`);
  } finally {
    await phone.close();
  }
} finally {
  await server.stop();
}
