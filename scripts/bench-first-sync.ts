/**
 * Issue 14 bench: the first sync of a 10,000-record pekon on a cheap phone on a poor link.
 * A real `wrangler dev` (the e2e server: seeded population) gets a synthetic pekon pushed into it
 * the way scripts/bench.ts makes it (300 pregnant women in Kegeringan, then ANC visits up to
 * BENCH_RECORDS records); a new pustu of that desa then enrolls in the real PWA in Chromium at
 * 400 kbps both ways with 300 ms latency (CDP Network.emulateNetworkConditions) and 4× CPU
 * (Emulation.setCPUThrottlingRate), and pulls everything into IndexedDB.
 *
 *   npx tsx scripts/bench-first-sync.ts          # SIMPUL_ASSETS=<dir> for another build than dist/
 *   BENCH_RECORDS=10000 BENCH_KBPS=400 BENCH_LATENCY_MS=300 BENCH_CPU_RATE=4
 *
 * Timed from "enrollment done" (the PIN saved: the phone has its token and key, the first sync
 * starts) to "usable": the first sync has landed (the sync card says "Sinkron terakhir" and its
 * button is free) and Home has drawn its task board from the landed data (the first render of
 * [data-testid=tasks] after the sync ended). Also: when the progress bar first moved, how many
 * times it moved, the bytes Chromium received (sum of encodedDataLength, all requests after the
 * enrollment) and where the time went: the app's User Timing measures of each pull page
 * (simpul:pull:fetch, :seal, :write, :apply; sync/engine.ts and store/local.ts) and Home's task
 * computations (data-ms of the task board).
 */
import path from "node:path";
import { chromium } from "playwright-core";
import type { Mutation, PushResponse } from "../domain/sync/protocol.ts";
import { uuidv7 } from "../domain/util/uuid.ts";
import { CHROMIUM, CHROMIUM_ARGS, PHONE, PIN } from "../test/e2e/phone.ts";
import { startServer } from "../test/e2e/server.ts";

const SYNTHETIC_DESA = "18.04.10.2003"; // Kegeringan, as scripts/bench.ts
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const KBPS = Number(process.env.BENCH_KBPS ?? 400);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 300);
const CPU_RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const assets = process.env.SIMPUL_ASSETS ? path.resolve(process.env.SIMPUL_ASSETS) : undefined;

const server = await startServer({ assets });
const base = server.url;

async function call<T>(method: string, p: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(base + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}
const mut = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });
const anc = () => ({
  hpht: "2026-07-03", bb: 55 + Math.round(Math.random() * 100) / 10, tb: 150, lila: 24.1, td_sistolik: 110, td_diastolik: 70, hb: 11.5,
  tfu: 20, djj: 142, protein_urine: "negatif", status_td: "t2", td_diberikan: false, ttd_diberikan: 30,
  tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "non_reaktif", tanda_bahaya: ["tidak_ada"], catatan: "Kunjungan rutin, ibu sehat",
});
async function push(token: string, mutations: Mutation[]) {
  const r = await call<PushResponse>("POST", "/api/sync/push", token, { mutations });
  if (r.results.some((x) => x.status === "rejected")) throw new Error(`push: ${JSON.stringify(r).slice(0, 300)}`);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  // --- the synthetic pekon ---
  const seedStart = performance.now();
  const pkm = (await call<{ token: string }>("POST", "/api/enroll", undefined, { code: "DEMO-PKM1" })).token;
  const mothers: string[] = [];
  for (let h = 0; h < 5; h++) {
    const hh = uuidv7();
    const batch = [mut("household", { desaCode: SYNTHETIC_DESA, dusunId: null, rt: "001", address: null, noKk: null, pisPk: null }, hh)];
    for (let i = 0; i < 60; i++) {
      const id = uuidv7();
      mothers.push(id);
      batch.push(mut("person", { householdId: hh, name: `Ibu Sintetis ${h * 60 + i}`, sex: "P", birthDate: "1996-05-05", birthDatePrecision: "day", nik: null, relation: "istri", phone: null, jkn: null, pregnant: true }, id));
    }
    await push(pkm, batch);
  }
  for (let n = 0; n < RECORDS; n += 100) {
    await push(pkm, Array.from({ length: Math.min(100, RECORDS - n) }, (_, i) => mut("record", { personId: mothers[(n + i) % mothers.length]!, formId: "anc", formVersion: 1, visitDate: "2026-11-20", facilityId: null, data: anc() })));
  }
  const created = await call<{ id: string }>("POST", "/api/admin/users", pkm, { name: "Bidan Bench", role: "pustu", areaCode: SYNTHETIC_DESA });
  const { code } = await call<{ code: string }>("POST", `/api/admin/users/${created.id}/enrollment-codes`, pkm);
  const inScope = server.sql<{ n: number }>(`SELECT count(*) AS n FROM sync_index WHERE desa = '${SYNTHETIC_DESA}'`)[0]?.n;
  console.error(`synthetic pekon: ${RECORDS} records pushed in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; ${inScope} rows indexed in the desa`);

  // --- the phone ---
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta", serviceWorkers: "allow" });
  // Watch the progress bar, the sync card and the task board from inside the page (cheap: no polling from here).
  // A string, not a function: tsx would wrap the named arrows in a helper the page does not have.
  await context.addInitScript(`
    (() => {
      const b = (window.__bench = { progress: [], synced: null, tasks: [] });
      let lastV = null, lastTasks = null, lastMs = null;
      const check = () => {
        const now = performance.timeOrigin + performance.now();
        const bar = document.querySelector("[role=progressbar]");
        const v = bar ? bar.getAttribute("aria-valuenow") : null;
        if (v !== null && v !== lastV) b.progress.push({ t: now, v: v + "/" + bar.getAttribute("aria-valuemax") });
        lastV = v;
        const last = (document.querySelector("[data-testid=sync-last]") || {}).textContent || "";
        const btn = document.querySelector("[data-testid=sync-now]");
        if (b.synced === null && /Sinkron terakhir/.test(last) && btn && btn.disabled === false) b.synced = now;
        const tasks = document.querySelector("[data-testid=tasks]");
        const ms = tasks ? tasks.getAttribute("data-ms") : null;
        if (tasks && (tasks !== lastTasks || ms !== lastMs)) b.tasks.push({ t: now, ms, groups: tasks.querySelectorAll("[data-testid=task-group]").length });
        lastTasks = tasks;
        lastMs = ms;
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    })();
  `);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  let counting = false;
  let bytes = 0;
  let requests = 0;
  const pulls: { bytes: number }[] = [];
  const urls = new Map<string, string>();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => {
    if (!counting) return;
    bytes += e.encodedDataLength;
    requests++;
    if (urls.get(e.requestId)?.includes("/api/sync/pull")) pulls.push({ bytes: e.encodedDataLength });
  });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: LATENCY_MS, downloadThroughput: (KBPS * 1024) / 8, uploadThroughput: (KBPS * 1024) / 8 });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_RATE });

  await page.goto(base, { waitUntil: "domcontentloaded", timeout: 120_000 });
  await page.getByLabel("Kode pendaftaran").fill(code, { timeout: 120_000 });
  await page.getByRole("button", { name: "Daftar" }).click();
  await page.locator("input[name=pin]").fill(PIN, { timeout: 120_000 });
  await page.locator("input[name=pin2]").fill(PIN);
  counting = true;
  const enrolled = Date.now();
  await page.getByRole("button", { name: "Simpan PIN" }).click();
  await page.waitForFunction(() => (window as unknown as { __bench: { synced: number | null } }).__bench.synced !== null, undefined, { timeout: 600_000, polling: 500 });
  // Home's board after the last page: wait until it has been drawn after the sync ended and stays put.
  await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench: { synced: number; tasks: { t: number }[] } }).__bench;
      const after = b.tasks.filter((x) => x.t >= b.synced);
      return after.length > 0 && performance.timeOrigin + performance.now() - after.at(-1)!.t > 3000;
    },
    undefined,
    { timeout: 300_000, polling: 500 },
  );
  const b = await page.evaluate(() => (window as unknown as { __bench: { progress: { t: number; v: string }[]; synced: number; tasks: { t: number; ms: string | null; groups: number }[] } }).__bench);
  const measures = await page.evaluate(() =>
    performance.getEntriesByType("measure").filter((m) => m.name.startsWith("simpul:pull:")).map((m) => ({ name: m.name.slice(12), ms: m.duration })),
  );
  const rows = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const o = indexedDB.open("simpul");
        o.onsuccess = () => {
          const r = o.result.transaction("rows").objectStore("rows").count();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        };
        o.onerror = () => reject(o.error);
      }),
  );
  const firstHome = b.tasks.find((x) => x.t >= b.synced)!;
  const s = (t: number) => ((t - enrolled) / 1000).toFixed(1);
  const sum = (name: string) => measures.filter((m) => m.name === name).reduce((a, m) => a + m.ms, 0);
  const count = (name: string) => measures.filter((m) => m.name === name).length;
  console.log(`\n== first sync: a new pustu of a pekon with ${RECORDS} synthetic records (${inScope} rows in its desa index), Chromium at ${KBPS} kbps, ${LATENCY_MS} ms latency, ${CPU_RATE}× CPU ==`);
  console.log(`usable (sync landed, Home's tasks drawn from it): ${s(firstHome.t)} s after enrollment; sync landed at ${s(b.synced)} s`);
  console.log(`progress bar: first moved at ${b.progress[0] ? s(b.progress[0].t) : "never"} s, ${b.progress.length} updates (${b.progress.slice(0, 3).map((p) => p.v).join(", ")} … ${b.progress.at(-1)?.v ?? ""})`);
  console.log(`received: ${(bytes / 1024).toFixed(0)} KB in ${requests} requests (encodedDataLength); pull pages: ${pulls.length}, ${(pulls.reduce((a, p) => a + p.bytes, 0) / 1024).toFixed(0)} KB; rows in IndexedDB: ${rows}`);
  console.log(`where the time went (sums over ${count("fetch")} pages, User Timing in the page):`);
  console.log(`  fetch (request to parsed JSON): ${(sum("fetch") / 1000).toFixed(1)} s`);
  console.log(`  apply: ${(sum("apply") / 1000).toFixed(1)} s = seal (AES-GCM per row) ${(sum("seal") / 1000).toFixed(1)} s + IndexedDB write ${(sum("write") / 1000).toFixed(1)} s + waiting for the store's lock`);
  console.log(`  Home's task board during the sync: ${b.tasks.filter((x) => x.t < b.synced).length} renders; task computations (data-ms): ${b.tasks.map((x) => x.ms).filter((x, i, a) => x !== a[i - 1]).join(", ")} ms`);
  console.log(JSON.stringify({ usableS: Number(s(firstHome.t)), syncedS: Number(s(b.synced)), firstProgressS: b.progress[0] ? Number(s(b.progress[0].t)) : null, progressUpdates: b.progress.length, kb: Math.round(bytes / 1024), pages: count("fetch"), fetchS: sum("fetch") / 1000, sealS: sum("seal") / 1000, writeS: sum("write") / 1000, applyS: sum("apply") / 1000 }));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
