/**
 * The chaos run (issue 10 item 9): many simulated phones against one real `wrangler dev`, with
 * aborted requests, lost answers, replays, reordered batches, concurrent edits of the same and of
 * different fields of shared persons and visit records, household and person moves, and cut pulls;
 * then every device sends what it still holds and pulls to the end, and verify.ts checks D1.
 *
 * Used by `npm run chaos` (scripts/chaos.ts, 20 devices × 500 mutations) and by the small run in
 * `npm test` (test/e2e/chaos.test.ts). Only 127.0.0.1 is ever called.
 */
import { getForm } from "../../domain/forms/index.ts";
import { addDays } from "../../domain/rules/dates.ts";
import type { Mutation, MutationResult } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { createRng, type Rng } from "../seed/prng.ts";
import { randomAnswers } from "./answers.ts";
import { CHAOS_RATES, Device, Registry, type EnrolledUser, type World } from "./device.ts";
import { call, newHttpStats, type HttpStats } from "./http.ts";
import { fullPull, KNOWN_GAPS, verify, type Check, type KnownGap, type SqlServer } from "./verify.ts";

export interface ChaosOptions {
  devices: number;
  /** Mutations each device makes (new outbox entries; saves folded into an unsent one do not count). */
  mutations: number;
  /** Seed of the run's choices (timing still varies between runs). */
  seed: string;
  /** Hot households per desa made before the devices start (each with 2 mothers and a visit each). */
  hotHouseholds: number;
  /** Wall-clock limit of the chaos phase; the final sync and the checks come after it. */
  maxSeconds: number;
  /** Wall-clock limit of the final sync (sending what is left, then pulling to the end). */
  drainSeconds: number;
  /** Known gaps (verify.ts KNOWN_GAPS) whose checks fail the run all the same. */
  enforce: readonly KnownGap[];
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: ChaosOptions = { devices: 20, mutations: 500, seed: "chaos", hotHouseholds: 3, maxSeconds: 1_500, drainSeconds: 300, enforce: [] };

/** The kecamatan and the two pekon the run writes in (scripts/seed, docs: README's demo table). */
export const KEC = "18.04.10";
export const KEMBAHANG = "18.04.10.2001";
export const NEGERI_RATU = "18.04.10.2002";

export interface ChaosReport {
  options: ChaosOptions;
  checks: Check[];
  figures: Record<string, number | string>;
  failed: Check[];
  /** Counts a test can assert on: that the faults and the collisions really happened. */
  totals: { acknowledged: number; conflicts: number; merged: number; duplicates: number; faults: number; rejected: number };
  seconds: { setup: number; chaos: number; drain: number; verify: number; total: number };
}

async function enroll(http: HttpStats, base: string, code: string): Promise<{ token: string; user: EnrolledUser }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const r = await call<{ token: string; user: EnrolledUser }>(http, base, "POST", "/api/enroll", undefined, { code });
    if (r.kind === "answer" && r.status === 200) return r.json;
    if (r.kind === "answer" && r.status < 500) throw new Error(`enroll ${code}: ${r.status} ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`enroll ${code}: no answer`);
}

async function pushAll(http: HttpStats, base: string, token: string, mutations: Mutation[]): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (let i = 0; i < mutations.length; i += 100) {
    const r = await call<{ results: MutationResult[] }>(http, base, "POST", "/api/sync/push", token, { mutations: mutations.slice(i, i + 100) });
    if (r.kind !== "answer" || r.status !== 200) throw new Error(`setup push: ${JSON.stringify(r).slice(0, 400)}`);
    const bad = r.json.results.filter((x) => x.status !== "applied");
    if (bad.length) throw new Error(`setup push not applied: ${JSON.stringify(bad).slice(0, 400)}`);
    results.push(...r.json.results);
  }
  return results;
}

/** Kader for the second dusun of Kembahang, made through the admin API: households move between the two. */
async function issueKaderCode(http: HttpStats, base: string, pkmToken: string, dusunId: string, n: number): Promise<string> {
  let userId = kaderUsers.get(dusunId);
  if (!userId) {
    const u = await call<{ id: string }>(http, base, "POST", "/api/admin/users", pkmToken, { name: "Kader Chaos Dusun II", role: "kader", areaCode: KEMBAHANG, dusunId });
    if (u.kind !== "answer" || u.status !== 201) throw new Error(`create kader: ${JSON.stringify(u).slice(0, 300)}`);
    userId = u.json.id;
    kaderUsers.set(dusunId, userId);
  }
  const c = await call<{ code: string }>(http, base, "POST", `/api/admin/users/${userId}/enrollment-codes`, pkmToken, undefined);
  if (c.kind !== "answer" || c.status !== 201) throw new Error(`issue code ${n}: ${JSON.stringify(c).slice(0, 300)}`);
  return c.json.code;
}
const kaderUsers = new Map<string, string>();

/** The hot set: households in each dusun the devices share, two mothers each, one ANC visit each. */
function hotSet(world: World, perDesa: number, rng: Rng): Mutation[] {
  const out: Mutation[] = [];
  const mut = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });
  const def = getForm("anc", 2)!;
  for (const desa of world.desa) {
    for (let h = 0; h < perDesa; h++) {
      // Kembahang's first two dusun are the two kader's: the hot households sit in them.
      const dusunId = desa.dusun[h % Math.min(2, desa.dusun.length)]!;
      const hh = mut("household", { desaCode: desa.code, dusunId, rt: "001", address: `Rumah bersama ${h + 1}`, noKk: null, pisPk: null });
      out.push(hh);
      for (let p = 0; p < 2; p++) {
        const birthDate = addDays(world.today, -(rng.int(20, 34) * 365));
        const person = mut("person", {
          householdId: hh.entityId, name: `Ibu Bersama ${h + 1}-${p + 1}`, sex: "P", birthDate, birthDatePrecision: "day", nik: null, relation: p ? "anak" : "istri",
          phone: null, jkn: null, pregnant: true,
        });
        out.push(person);
        const visitDate = addDays(world.today, -rng.int(1, 10));
        out.push(mut("record", { personId: person.entityId, formId: def.id, formVersion: def.version, visitDate, facilityId: null, data: randomAnswers(def, visitDate, { sex: "P", birthDate }, rng) }));
      }
    }
  }
  return out;
}

/** Who the devices are, in turn: the people who share Kembahang's and Negeri Ratu's households. */
const ROTATION = ["DEMO-PSTU", "DEMO-KADR", "DEMO-PKM1", "kader-dusun-2", "DEMO-PST2"] as const;

export async function runChaos(server: SqlServer, opts: Partial<ChaosOptions> = {}): Promise<ChaosReport> {
  const o: ChaosOptions = { ...DEFAULT_OPTIONS, ...opts };
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const http = newHttpStats();
  const rng = createRng(`chaos:${o.seed}`);
  const registry = new Registry();

  // --- setup: the place, the hot rows, the baseline ---
  const setup = await enroll(http, server.url, "DEMO-PKM1");
  const ref = await fullPull(server.url, setup.token);
  const dusunOf = (desa: string) =>
    [...ref.rows].filter(([k, r]) => k.startsWith("dusun:") && r.data.desaCode === desa).map(([k]) => k.slice(6));
  const today = new Date().toISOString().slice(0, 10);
  const world: World = {
    kecCode: KEC,
    desa: [KEMBAHANG, NEGERI_RATU].map((code) => ({ code, dusun: dusunOf(code) })),
    facilities: [...ref.rows].filter(([k]) => k.startsWith("facility:")).map(([k]) => k.slice(9)),
    hot: new Set(),
    today,
  };
  // The demo kader's dusun first (the seed binds DEMO-KADR to the first dusun it made for Kembahang).
  const demoKader = await enroll(http, server.url, "DEMO-KADR");
  const kemb = world.desa[0]!;
  kemb.dusun = [demoKader.user.dusunId!, ...kemb.dusun.filter((d) => d !== demoKader.user.dusunId)];
  if (world.desa.some((d) => d.dusun.length < 2)) throw new Error("the seed has fewer than 2 dusun in a chaos desa");
  const hot = hotSet(world, o.hotHouseholds, rng);
  const hotResults = await pushAll(http, server.url, setup.token, hot);
  for (const [i, m] of hot.entries()) {
    world.hot.add(`${m.entity}:${m.entityId}`);
    registry.register({ m, device: -1, userId: setup.user.id, kind: `setup.${m.entity}`, seen: {}, baseStamped: false, answers: [] });
    registry.answer(hotResults[i]!);
  }
  const baseline = await fullPull(server.url, setup.token);
  log(`setup: ${hot.length} hot rows in ${world.desa.map((d) => `${d.code} (${d.dusun.length} dusun)`).join(", ")}; baseline ${baseline.rows.size} rows`);

  // --- enroll the devices ---
  const devices: Device[] = [];
  for (let i = 0; i < o.devices; i++) {
    const slot = ROTATION[i % ROTATION.length]!;
    const code = slot === "kader-dusun-2" ? await issueKaderCode(http, server.url, setup.token, kemb.dusun[1]!, i) : slot;
    const e = await enroll(http, server.url, code);
    const label = slot === "kader-dusun-2" ? "kader dusun 2" : `${e.user.role} ${slot}`;
    devices.push(new Device(i, label, e.token, e.user, server.url, world, registry, http, createRng(`chaos:${o.seed}:device:${i}`), CHAOS_RATES));
  }
  const firstSyncDeadline = Date.now() + 300_000;
  await Promise.all(devices.map((d) => d.finalPull(firstSyncDeadline)));
  const setupS = (Date.now() - started) / 1000;
  log(`enrolled ${devices.length} devices and pulled (${setupS.toFixed(1)} s)`);

  // --- chaos ---
  const chaosStart = Date.now();
  const deadline = chaosStart + o.maxSeconds * 1000;
  let ticker: ReturnType<typeof setInterval> | undefined;
  if (o.log) {
    ticker = setInterval(() => {
      const made = devices.reduce((s, d) => s + d.stats.created, 0);
      log(`  ${((Date.now() - chaosStart) / 1000).toFixed(0)} s: ${made} / ${o.devices * o.mutations} mutations made, ${registry.byId.size} sent, ${http.busy} busy, ${http.serverErrors} server errors`);
    }, 15_000);
  }
  try {
    await Promise.all(devices.map((d) => d.run(o.mutations, deadline)));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const chaosS = (Date.now() - chaosStart) / 1000;
  const timedOut = devices.some((d) => d.stats.created < o.mutations);
  log(`chaos phase: ${chaosS.toFixed(1)} s${timedOut ? " (time limit reached before every device made its quota)" : ""}`);

  // --- final sync: send everything (Retry-After honoured), then pull to the end ---
  const drainStart = Date.now();
  const drainDeadline = drainStart + o.drainSeconds * 1000;
  for (let round = 0; round < 5 && devices.some((d) => d.outbox.length) && Date.now() < drainDeadline; round++) {
    await Promise.all(devices.map((d) => d.drain(drainDeadline)));
  }
  const pulled = await Promise.all(devices.map((d) => d.finalPull(Math.max(drainDeadline, Date.now() + 60_000))));
  const drainS = (Date.now() - drainStart) / 1000;
  log(`final sync: ${drainS.toFixed(1)} s${pulled.every(Boolean) ? "" : ` (${pulled.filter((x) => !x).length} devices did not reach the end of their pull)`}`);

  // --- verify ---
  const verifyStart = Date.now();
  const { checks, figures } = await verify({
    server, registry, devices, baseline, truthToken: setup.token, enforce: o.enforce,
    serverErrors: http.serverErrors, serverErrorSamples: http.serverErrorSamples,
  });
  const verifyS = (Date.now() - verifyStart) / 1000;
  if (timedOut) {
    const quota = { name: "quota", count: devices.filter((d) => d.stats.created < o.mutations).length, enforced: true, what: "devices that did not make their mutations within --max-seconds", samples: [] };
    checks.push(quota);
  }
  if (!pulled.every(Boolean)) checks.push({ name: "final pull", count: pulled.filter((x) => !x).length, enforced: true, what: "devices whose final clean pull did not reach the end", samples: [] });

  const sum = (f: (d: Device) => number) => devices.reduce((s, d) => s + f(d), 0);
  const answers = [...registry.byId.values()].filter((r) => r.device >= 0);
  const statusOf = (r: MutationResult) => (r.status === "duplicate" ? `duplicate (${r.originalStatus})` : r.status);
  const answerCounts: Record<string, number> = {};
  let merged = 0;
  for (const rec of answers) {
    for (const a of rec.answers) answerCounts[statusOf(a)] = (answerCounts[statusOf(a)] ?? 0) + 1;
    if (rec.answers.some((a) => a.merged)) merged++;
  }
  const acknowledged = answers.filter((r) => r.answers.some((a) => a.status !== "rejected")).length;
  const kinds: Record<string, number> = {};
  for (const d of devices) for (const [k, n] of Object.entries(d.stats.kinds)) kinds[k] = (kinds[k] ?? 0) + n;
  const allFigures: Record<string, number | string> = {
    devices: `${o.devices} (${[...new Set(devices.map((d) => d.label))].join(", ")})`,
    "mutations made": sum((d) => d.stats.created),
    "saves (incl. folded into an unsent mutation)": `${sum((d) => d.stats.saves)} (${sum((d) => d.stats.folded)} folded, ${sum((d) => d.stats.skippedSaves)} picks with nothing to edit)`,
    "saves by kind": Object.entries(kinds).sort().map(([k, n]) => `${k} ${n}`).join(", "),
    "mutations sent / acknowledged": `${answers.length} / ${acknowledged}`,
    "answers": Object.entries(answerCounts).map(([k, n]) => `${k} ${n}`).join(", "),
    "merged stale edits (different fields)": merged,
    ...figures,
    "push requests (incl. replays)": `${sum((d) => d.stats.pushes)} (+${sum((d) => d.stats.replays)} immediate replays, ${sum((d) => d.stats.oldReplays)} old batches replayed, ${sum((d) => d.stats.parallel)} twin pushes, ${sum((d) => d.stats.reordered)} reordered batches)`,
    "faults": `${http.aborted} requests aborted, ${http.dropped} answers dropped (and ${http.closed} kept-alive connections the server had closed, sent again)`,
    "503 busy_retry (Retry-After honoured)": `${http.busy} (${http.busyWaitS} s waited in total)`,
    ...(http.reloads ? { "wrangler dev's own 503 \"Your worker restarted mid-request\" (its runtime restarted; not the Worker's answer)": `${http.reloads} (${bursts(http.reloadTimes, chaosStart)})` } : {}),
    "pulls": `${sum((d) => d.stats.pulls)} (${sum((d) => d.stats.pages)} pages, ${sum((d) => d.stats.cutPulls)} cut, ${sum((d) => d.stats.uncommittedPages)} pages applied without keeping the cursor, ${sum((d) => d.stats.resets)} resets)`,
    "http requests": `${http.requests} (${Object.entries(http.byStatus).map(([s, n]) => `${s}: ${n}`).join(", ")})`,
    "chaos phase": `${chaosS.toFixed(1)} s, ${(acknowledged / chaosS).toFixed(0)} acknowledged mutations/s`,
  };
  const failed = checks.filter((c) => c.enforced && c.count > 0);
  const totals = {
    acknowledged,
    conflicts: Number(figures["conflict answers"] ?? 0),
    merged,
    duplicates: Object.entries(answerCounts).filter(([k]) => k.startsWith("duplicate")).reduce((s, [, n]) => s + n, 0),
    faults: http.aborted + http.dropped,
    rejected: answerCounts.rejected ?? 0,
  };
  return {
    options: o, checks, figures: allFigures, failed, totals,
    seconds: { setup: setupS, chaos: chaosS, drain: drainS, verify: verifyS, total: (Date.now() - started) / 1000 },
  };
}

/** "at 12 s (×20), 340 s (×27)": answers grouped by the second they came in (5 s apart = another burst). */
function bursts(times: number[], start: number): string {
  const groups: { at: number; n: number; last: number }[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    const g = groups.at(-1);
    if (g && t - g.last < 5_000) {
      g.n++;
      g.last = t;
    } else groups.push({ at: t, n: 1, last: t });
  }
  return groups.map((g) => `at ${((g.at - start) / 1000).toFixed(0)} s ×${g.n}`).join(", ");
}

export function formatReport(r: ChaosReport): string {
  const lines: string[] = [];
  lines.push(`== chaos: ${r.options.devices} devices × ${r.options.mutations} mutations (seed "${r.options.seed}") ==`);
  for (const [k, v] of Object.entries(r.figures)) lines.push(`${k}: ${v}`);
  lines.push(`time: setup ${r.seconds.setup.toFixed(1)} s, chaos ${r.seconds.chaos.toFixed(1)} s, final sync ${r.seconds.drain.toFixed(1)} s, checks ${r.seconds.verify.toFixed(1)} s, total ${r.seconds.total.toFixed(1)} s`);
  lines.push("checks:");
  for (const c of r.checks) {
    const state = c.count === 0 ? "ok" : c.enforced ? "FAIL" : `known gap "${c.gap}", not enforced`;
    lines.push(`  ${String(c.count).padStart(6)}  ${c.name} [${state}]`);
    for (const s of c.samples.slice(0, 5)) lines.push(`            ${s}`);
  }
  const gaps = r.checks.filter((c) => !c.enforced && c.count > 0 && c.gap);
  for (const g of new Set(gaps.map((c) => c.gap!))) lines.push(`known gap "${g}": ${KNOWN_GAPS[g]} (--enforce ${g} to fail on it)`);
  lines.push(r.failed.length ? `FAILED: ${r.failed.map((c) => c.name).join(", ")}` : "PASSED (every enforced check is 0)");
  return lines.join("\n");
}
