/**
 * Issue 6 bench, issue 14 target: time from the tap on the lintas tab to the camat's view drawn
 * (every commitment of the kecamatan, tallies per office and desa, the SVG chart, the first item
 * rows) for 30 commitments and 400 items, in Chromium with 4× CPU throttling, through the real app
 * against a real `wrangler dev`. "Drawn" is measured in the page: from the hash change (what the tab
 * link does) to the first frame after the chart and an item row are in the DOM (a MutationObserver,
 * then requestAnimationFrame + a task, i.e. after that frame was produced). Also reported: the time
 * until every item row is in the list (the screen adds rows past the first screenful while idle).
 *
 *   npx tsx scripts/bench-camat-view.ts     # prints ms; not part of npm test
 *
 * BENCH_RUNS (default 7), BENCH_CPU_RATE (default 4).
 * BENCH_BASELINE=<dir of another PWA build>: a second server and phone serve that build, and the
 *   runs alternate between the two, so both see the same machine load (figures before/after).
 * BENCH_PROFILE=<dir>: trace one run (<dir>/camat-<label>.trace.json) and CPU-profile another
 *   (<dir>/camat-<label>.cpuprofile, open either in DevTools), and print the main thread's self time
 *   per trace event between the tap and drawn, and the top self-time functions.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CDPSession } from "playwright-core";
import { uuidv7 } from "../domain/util/uuid.ts";
import type { Mutation } from "../domain/sync/protocol.ts";
import { api, enrollPhone, openPhone, startServer, type Phone, type Server } from "../test/e2e/harness.ts";

const COMMITMENTS = 30;
const ITEMS = 400;
const RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PROFILE = process.env.BENCH_PROFILE;

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

/** Self time per trace event on the renderer's main thread (ms), largest first: script, style, layout, paint, GC. */
function traceSelf(events: TraceEvent[], top = 20): string[] {
  const main = events.find((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const tap = events.find((e) => e.name === "camat:tap")?.ts ?? -Infinity;
  const drawn = events.find((e) => e.name === "camat:drawn")?.ts ?? Infinity;
  const xs = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined && e.ts >= tap && e.ts <= drawn).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  for (const e of xs) {
    while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur! / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur! / 1000);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  return [`tap to drawn ${((drawn - tap) / 1000).toFixed(0)} ms, main thread busy ${busy.toFixed(0)} ms`, ...[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`)];
}

/** Self time per function (ms), largest first: where the samples landed. */
function selfTimes(p: Profile, top = 25): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]!)!;
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ""}`.trim();
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

interface Side {
  label: string;
  server: Server;
  phone: Phone;
  cdp: CDPSession;
  made: number;
  drawn: number[];
  all: number[];
  task: number[];
}

/** A server with the kecamatan's commitments, and a camat's phone enrolled on it, throttled. */
async function side(label: string, assets: string | undefined): Promise<Side> {
  const server = await startServer({ assets });
  const pkm = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: "DEMO-PKM1" });
  const token = pkm.json.token;
  const offices = server.sql<{ id: string }>("SELECT id FROM offices WHERE kec_code = '18.04.10' ORDER BY name").map((r) => r.id);
  const desa = server.sql<{ id: string }>("SELECT id FROM areas WHERE parent_code = '18.04.10' ORDER BY id").map((r) => r.id);
  const mut = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });
  const statuses = ["belum_mulai", "berjalan", "selesai", "berjalan"];
  let made = 0;
  for (let c = 0; c < COMMITMENTS; c++) {
    const commitmentId = uuidv7();
    const count = Math.floor(ITEMS / COMMITMENTS) + (c < ITEMS % COMMITMENTS ? 1 : 0);
    const batch: Mutation[] = [mut("commitment", { kecCode: "18.04.10", meetingId: null, title: `Komitmen lintas sektor ${c + 1}`, period: "2026", docVersion: 1 }, commitmentId)];
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      const officeId = offices[(c + i) % offices.length]!;
      used.add(officeId);
      batch.push(mut("commitment_item", {
        commitmentId, number: i + 1, officeId, action: `Aksi ${i + 1} untuk komitmen ${c + 1}`, indicator: "Cakupan", targetKind: "number", targetValue: 80, targetUnit: "%",
        desaCodes: i % 3 === 0 ? null : [desa[(c + i) % desa.length]!], dueDate: `2026-${String(1 + ((c + i) % 12)).padStart(2, "0")}-28`, status: statuses[(c + i) % 4],
      }));
    }
    for (const officeId of used) batch.push(mut("commitment_party", { commitmentId, officeId }));
    const res = await api<{ results: { status: string }[] }>(server, "POST", "/api/sync/push", token, { mutations: batch });
    if (res.status !== 200) throw new Error(`push ${res.status}: ${JSON.stringify(res.json).slice(0, 300)}`);
    made += count;
  }
  const phone = await openPhone(server.url);
  await enrollPhone(phone.page, "DEMO-CAMT");
  const cdp = await phone.context.newCDPSession(phone.page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  await cdp.send("Performance.enable");
  return { label, server, phone, cdp, made, drawn: [], all: [], task: [] };
}

/** One tap from Home to the camat's view; with `trace` or `profile`, record it. */
async function run(s: Side, opts: { trace?: boolean; profile?: boolean } = {}): Promise<void> {
  const { page } = s.phone;
  const { cdp } = s;
  await page.goto(s.server.url + "/#/");
  await page.getByTestId("sync-card").waitFor();
  await page.waitForTimeout(300); // let Home settle (its own reads and paints) before the tap
  const traced: TraceEvent[] = [];
  let traceDone: Promise<void> | undefined;
  if (opts.trace) {
    const collect = (e: { value: unknown[] }) => void traced.push(...(e.value as TraceEvent[]));
    cdp.on("Tracing.dataCollected", collect);
    traceDone = new Promise((res) => cdp.once("Tracing.tracingComplete", () => { cdp.off("Tracing.dataCollected", collect); res(); }));
    await cdp.send("Tracing.start", { categories: "devtools.timeline,v8.execute,blink.user_timing,__metadata", transferMode: "ReportEvents" });
  }
  if (opts.profile) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  const metrics = async () => Object.fromEntries(((await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  // In-page code as a string: tsx would wrap named functions in a helper the page does not have.
  const drawn = (await page.evaluate(`new Promise((resolve) => {
    const ready = () => document.querySelector("[data-testid=lx-chart]") && document.querySelector("[data-testid=lx-items] li");
    const t0 = performance.now();
    performance.mark("camat:tap");
    window.camatT0 = t0;
    const mo = new MutationObserver(() => {
      if (!ready()) return;
      mo.disconnect();
      // The frame holding them: its rAF callbacks run before it is painted, a task queued there after.
      requestAnimationFrame(() => setTimeout(() => {
        performance.mark("camat:drawn");
        resolve(performance.now() - t0);
      }));
    });
    mo.observe(document.body, { childList: true, subtree: true });
    location.hash = "#/lintas";
  })`)) as number;
  const m1 = await metrics();
  s.task.push(Math.round((m1.TaskDuration! - m0.TaskDuration!) * 1000));
  if (!opts.trace && !opts.profile) s.drawn.push(Math.round(drawn));
  if (opts.trace) {
    await cdp.send("Tracing.end");
    await traceDone;
    if (PROFILE) {
      mkdirSync(PROFILE, { recursive: true });
      writeFileSync(path.join(PROFILE, `camat-${s.label}.trace.json`), JSON.stringify({ traceEvents: traced }));
    }
    console.log(`[${s.label}] traced run (${Math.round(drawn)} ms), main thread self time per event between the tap and drawn:\n${traceSelf(traced).join("\n")}`);
  }
  if (opts.profile) {
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: Profile };
    if (PROFILE) {
      mkdirSync(PROFILE, { recursive: true });
      writeFileSync(path.join(PROFILE, `camat-${s.label}.cpuprofile`), JSON.stringify(profile));
    }
    console.log(`[${s.label}] profiled run (${Math.round(drawn)} ms), self time per function (throttled):\n${selfTimes(profile).join("\n")}`);
  }
  const all = (await page.evaluate(`new Promise((resolve) => {
    const check = () => {
      if (document.querySelectorAll("[data-testid=lx-items] li").length >= ${s.made}) resolve(performance.now() - window.camatT0);
      else setTimeout(check, 20);
    };
    check();
  })`)) as number;
  if (!opts.trace && !opts.profile) s.all.push(Math.round(all));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sides: Side[] = [];
try {
  sides.push(await side("current", undefined));
  if (process.env.BENCH_BASELINE) sides.push(await side("baseline", process.env.BENCH_BASELINE));
  for (const s of sides) {
    await run(s); // warm-up: the lintas chunk and the first reads, not counted
    s.drawn.length = s.all.length = s.task.length = 0;
  }
  for (let r = 0; r < RUNS; r++) for (const s of r % 2 ? [...sides].reverse() : sides) await run(s);
  if (PROFILE) {
    for (const s of sides) await run(s, { trace: true });
    for (const s of sides) await run(s, { profile: true });
  }
  for (const s of sides) {
    const rows = await s.phone.page.getByTestId("lx-items").locator("li").count();
    console.log(`[${s.label}] camat view, ${COMMITMENTS} commitments / ${s.made} items, ${RATE}× CPU throttling: tap to drawn median ${median(s.drawn)} ms (runs: ${s.drawn.join(", ")}); `
      + `main-thread task time median ${median(s.task)} ms; every row in the list: median ${median(s.all)} ms (${rows} item rows)`);
  }
} finally {
  for (const s of sides) {
    await s.phone.close().catch(() => undefined);
    await s.server.stop().catch(() => undefined);
  }
}
