/**
 * npx tsx scripts/bench-push.ts: push throughput alone (batches of 100 ANC visits, as in
 * scripts/bench.ts) against a real `wrangler dev` (workerd + local D1), with an optional CPU
 * profile of the worker (BENCH_PROFILE=path.cpuprofile, through wrangler's inspector port).
 * BENCH_DB=dir reuses a prepared database directory (copied, so every run starts from the same rows).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import type { Mutation, PushResponse } from "../domain/sync/protocol.ts";
import { uuidv7 } from "../domain/util/uuid.ts";
import { gzipSync } from "node:zlib";
import { loadGrowthTables } from "../domain/growth/load.ts";
import { variedVisits } from "./lib/varied-visits.ts";
// @ts-expect-error plain ESM helper shared with the test runner
import { ENV, freePort, prepareDatabase, ROOT } from "./lib/proc.mjs";

const SYNTHETIC_DESA = "18.04.10.2003"; // Kegeringan
const PUSH_BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);

const dir = mkdtempSync(path.join(tmpdir(), "simpul-bench-push-"));
const prepared = process.env.BENCH_DB;
if (prepared && existsSync(prepared)) cpSync(prepared, dir, { recursive: true });
else {
  prepareDatabase({ persistTo: dir, ifEmpty: false, quiet: true, history: false, shards: ["18.04"] });
  if (prepared) cpSync(dir, prepared, { recursive: true });
}
const port = await freePort();
const inspector = await freePort();
const child = spawn("npx", ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", "--persist-to", dir, "--inspector-port", String(inspector)], {
  cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
child.stdout?.on("data", (d) => (log += d));
child.stderr?.on("data", (d) => (log += d));
const base = `http://127.0.0.1:${port}`;
for (let t = Date.now(); ; ) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  if (Date.now() - t > 60_000) throw new Error(log);
  await new Promise((r) => setTimeout(r, 250));
}

/**
 * CPU seconds used so far by wrangler's process group (workerd runs the worker and local D1):
 * utime + stime from /proc (Linux), at the kernel's 100 ticks a second. On a machine shared with
 * other work, the CPU a batch costs the server is steadier than the wall time it takes.
 */
function serverCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Fields after the name: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
      if (Number(f[2]) === child.pid) ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks / 100;
}

async function call<T>(method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(base + p, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: (await res.json()) as T };
}
const enroll = async (code: string) => (await call<{ token: string }>("POST", "/api/enroll", undefined, { code })).json.token;
async function push(token: string, mutations: Mutation[]) {
  const r = await call<PushResponse>("POST", "/api/sync/push", token, { mutations });
  if (r.status !== 200 || r.json.results.some((x) => x.status === "rejected")) throw new Error(`push: ${JSON.stringify(r.json).slice(0, 500)}`);
}
const anc = () => ({
  hpht: "2026-07-03", bb: 55 + Math.round(Math.random() * 100) / 10, tb: 150, lila: 24.1, td_sistolik: 110, td_diastolik: 70, hb: 11.5,
  tfu: 20, djj: 142, protein_urine: "negatif", status_td: "t2", td_diberikan: false, ttd_diberikan: 30,
  tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "non_reaktif", tanda_bahaya: ["tidak_ada"], catatan: "Kunjungan rutin, ibu sehat",
});
const visitMutation = (personId: string): Mutation => ({
  id: uuidv7(), entity: "record", entityId: uuidv7(), op: "create", baseVersion: 0,
  payload: { personId, formId: "anc", formVersion: 1, visitDate: "2026-11-20", facilityId: null, data: anc() },
});
const mut = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });

// Minimal CDP client over the inspector's websocket (Node 20 has no global WebSocket: use ws, which wrangler brings).
async function profiler() {
  const list = (await (await fetch(`http://127.0.0.1:${inspector}/json`)).json()) as { webSocketDebuggerUrl: string; title?: string }[];
  // @ts-expect-error no types installed for ws (a wrangler dependency)
  const { default: WebSocket } = await import("ws");
  const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
  await new Promise((r, j) => { ws.on("open", r); ws.on("error", j); });
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.on("message", (data: unknown) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (msg.id && pending.has(msg.id)) { pending.get(msg.id)!(msg.result); pending.delete(msg.id); }
  });
  const send = (method: string, params: Record<string, unknown> = {}) => new Promise<unknown>((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
  return { send, close: () => ws.close() };
}

try {
  const pkm = await enroll("DEMO-PKM1");
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const cdp = process.env.BENCH_PROFILE ? await profiler() : null;
  for (let round = 0; round < ROUNDS; round++) {
    const mothers: string[] = [];
    for (let h = 0; h < 5; h++) {
      const hh = uuidv7();
      const batch = [mut("household", { desaCode: SYNTHETIC_DESA, dusunId: null, rt: "001", address: null, noKk: null, pisPk: null }, hh)];
      for (let i = 0; i < 60; i++) {
        const id = uuidv7();
        mothers.push(id);
        batch.push(mut("person", { householdId: hh, name: `Ibu Sintetis ${i}`, sex: "P", birthDate: "1996-05-05", birthDatePrecision: "day", nik: null, relation: "istri", phone: null, jkn: null, pregnant: true }, id));
      }
      await push(pkm, batch);
    }
    if (cdp && round === ROUNDS - 1) { await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 200 }); await cdp.send("Profiler.start"); }
    const t0 = performance.now();
    const cpu0 = serverCpuSeconds();
    let pushed = 0;
    for (let b = 0; b < PUSH_BATCHES; b++) {
      const batch = Array.from({ length: 100 }, (_, i) => visitMutation(mothers[(b * 100 + i) % mothers.length]!));
      await push(pkm, batch);
      pushed += batch.length;
    }
    const ms = performance.now() - t0;
    const cpu = serverCpuSeconds() - cpu0;
    rates.push((pushed / ms) * 1000);
    cpuRates.push(pushed / cpu);
    console.log(`round ${round + 1}: ${PUSH_BATCHES} batches × 100 ANC visits in ${ms.toFixed(0)} ms → ${((pushed / ms) * 1000).toFixed(0)} mutations/s; server CPU ${(cpu * 1000).toFixed(0)} ms (${((cpu * 1000) / PUSH_BATCHES).toFixed(0)} ms a batch) → ${(pushed / cpu).toFixed(0)} mutations per CPU second`);
  }
  if (cdp) {
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: unknown };
    writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    cdp.close();
  }
  // The 100 varied visits of scripts/bench.ts, gzipped as the phone sends them: all must be applied.
  if (process.env.BENCH_VARIED !== "0") {
    const varied = variedVisits(SYNTHETIC_DESA, await loadGrowthTables());
    for (let i = 0; i < varied.setup.length; i += 100) await push(pkm, varied.setup.slice(i, i + 100));
    const body = gzipSync(JSON.stringify({ mutations: varied.visits.map((m) => ({ ...m, payload: Object.fromEntries(Object.entries(m.payload).filter(([k]) => k !== "derived")) })) }));
    const t0 = performance.now();
    const res = await fetch(`${base}/api/sync/push`, { method: "POST", headers: { authorization: `Bearer ${pkm}`, "content-type": "application/json", "content-encoding": "gzip" }, body });
    const json = (await res.json()) as PushResponse;
    const ms = performance.now() - t0;
    const bad = json.results?.filter((r) => r.status !== "applied") ?? [];
    console.log(`varied batch: ${res.status}, ${json.results?.length ?? 0} answered, ${bad.length} not applied, ${ms.toFixed(0)} ms, ${(body.length / 100).toFixed(0)} B gzip per visit`);
    if (bad.length || res.status !== 200) console.log(JSON.stringify(bad.length ? bad.slice(0, 5) : json).slice(0, 1500));
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const cpuSorted = [...cpuRates].sort((a, b) => a - b);
  console.log(`push: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} mutations/s, ${cpuSorted[Math.floor(cpuSorted.length / 2)]!.toFixed(0)} mutations per server CPU second, over ${ROUNDS} round(s)`);
  if (process.env.BENCH_LOG) writeFileSync(process.env.BENCH_LOG, log);
} finally {
  try { process.kill(-child.pid!, "SIGTERM"); } catch {}
  await new Promise((r) => setTimeout(r, 300));
  try { process.kill(-child.pid!, "SIGKILL"); } catch {}
  rmSync(dir, { recursive: true, force: true });
}
