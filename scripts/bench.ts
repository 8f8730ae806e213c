/**
 * npm run bench: measure the sync path against a real `wrangler dev` (workerd + local D1) on this
 * machine. Prints figures; it asserts nothing about speed (budgets live in docs/PERFORMANCE.md).
 *
 *   push throughput (mutations/s) for batches of 100 visits, and request bytes per visit (gzip)
 *   bytes per visit of 100 varied visits (scripts/lib/varied-visits.ts) as the phone sends them
 *   full first pull of one seeded pekon: time and bytes (raw and gzip)
 *   the same for a synthetic pekon with 10,000 records
 *   EXPLAIN QUERY PLAN of the pull's index read
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Mutation, PullResponse, PushResponse } from "../domain/sync/protocol.ts";
import { commitmentContent, contentHash } from "../domain/lintas/content.ts";
import { uuidv7 } from "../domain/util/uuid.ts";
import { loadGrowthTables } from "../domain/growth/load.ts";
import { variedVisits } from "./lib/varied-visits.ts";
// @ts-expect-error plain ESM helper shared with the test runner
import { freePort, prepareDatabase, run, startWrangler } from "./lib/proc.mjs";

const SYNTHETIC_DESA = "18.04.10.2003"; // Kegeringan
const SYNTHETIC_RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const PUSH_BATCHES = 20;

const dir = mkdtempSync(path.join(tmpdir(), "simpul-bench-"));
// Population only: the sync figures in docs/PERFORMANCE.md were measured on the seed without its history.
prepareDatabase({ persistTo: dir, ifEmpty: false, quiet: true, history: false, shards: ["18.04"] });
const port = await freePort();
const server = await startWrangler({ port, persistTo: dir });
const base = server.url;

async function call<T>(method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: T; bytes: number }> {
  const res = await fetch(base + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as T, bytes: Buffer.byteLength(text) };
}

async function enroll(code: string) {
  const r = await call<{ token: string }>("POST", "/api/enroll", undefined, { code });
  if (r.status !== 200) throw new Error(`enroll ${code}: ${JSON.stringify(r.json)}`);
  return r.json.token;
}

async function push(token: string, mutations: Mutation[]) {
  const r = await call<PushResponse>("POST", "/api/sync/push", token, { mutations });
  if (r.status !== 200 || r.json.results.some((x) => x.status === "rejected")) throw new Error(`push: ${JSON.stringify(r.json).slice(0, 500)}`);
}

async function fullPull(token: string) {
  const t0 = performance.now();
  let cursor: string | undefined;
  let raw = 0;
  let gz = 0;
  let changes = 0;
  let pages = 0;
  for (;;) {
    const res = await fetch(`${base}/api/sync/pull?limit=500${cursor ? `&cursor=${cursor}` : ""}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    raw += Buffer.byteLength(text);
    gz += gzipSync(text).length;
    const page = JSON.parse(text) as PullResponse;
    changes += page.changes.length;
    pages++;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { ms: performance.now() - t0, raw, gz, changes, pages };
}

const anc = (visitDate: string) => ({
  hpht: "2026-07-03", bb: 55 + Math.round(Math.random() * 100) / 10, tb: 150, lila: 24.1, td_sistolik: 110, td_diastolik: 70, hb: 11.5,
  tfu: 20, djj: 142, protein_urine: "negatif", status_td: "t2", td_diberikan: false, ttd_diberikan: 30,
  tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif", tes_hepatitis_b: "non_reaktif", tanda_bahaya: ["tidak_ada"], catatan: "Kunjungan rutin, ibu sehat",
});
const visitMutation = (personId: string): Mutation => ({
  id: uuidv7(), entity: "record", entityId: uuidv7(), op: "create", baseVersion: 0,
  payload: { personId, formId: "anc", formVersion: 1, visitDate: "2026-11-20", facilityId: null, data: anc("2026-11-20") },
});
/** A mutation as the phone sends it (web/src/sync/http.ts wireMutation; scripts cannot import web/). */
function wireMutation(m: Mutation): Mutation {
  if (m.entity !== "record" || !("derived" in m.payload)) return m;
  const { derived: _derived, ...payload } = m.payload;
  return { ...m, payload };
}
const mut = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });

function household(desaCode: string) {
  return { desaCode, dusunId: null, rt: "001", address: null, noKk: null, pisPk: null };
}
function mother(householdId: string, i: number) {
  return { householdId, name: `Ibu Sintetis ${i}`, sex: "P", birthDate: "1996-05-05", birthDatePrecision: "day", nik: null, relation: "istri", phone: null, jkn: null, pregnant: true };
}

try {
  const pkm = await enroll("DEMO-PKM1");
  const pustu = await enroll("DEMO-PSTU");

  // --- first pull of a seeded pekon (pustu Kembahang) ---
  const seeded = await fullPull(pustu);

  // --- push throughput: batches of 100 ANC visits into the synthetic pekon ---
  const mothers: string[] = [];
  for (let h = 0; h < 5; h++) {
    const hh = uuidv7();
    const batch = [mut("household", household(SYNTHETIC_DESA), hh)];
    for (let i = 0; i < 60; i++) {
      const id = uuidv7();
      mothers.push(id);
      batch.push(mut("person", mother(hh, h * 60 + i), id));
    }
    await push(pkm, batch);
  }
  let bodyGz = 0;
  let bodyRaw = 0;
  const t0 = performance.now();
  let pushed = 0;
  for (let b = 0; b < PUSH_BATCHES; b++) {
    const batch = Array.from({ length: 100 }, (_, i) => visitMutation(mothers[(b * 100 + i) % mothers.length]!));
    const text = JSON.stringify({ mutations: batch });
    bodyRaw += Buffer.byteLength(text);
    bodyGz += gzipSync(text).length;
    await push(pkm, batch);
    pushed += batch.length;
  }
  const pushMs = performance.now() - t0;
  // One visit alone, as a phone that saves and syncs right away sends it (no cross-record gzip gain).
  const single = JSON.stringify({ mutations: [visitMutation(mothers[0]!)] });
  const singleGz = gzipSync(single).length;

  // --- bytes per visit: 100 varied visits (forms, persons, dates, answers) as the phone pushes them ---
  const varied = variedVisits(SYNTHETIC_DESA, await loadGrowthTables());
  for (let i = 0; i < varied.setup.length; i += 100) await push(pkm, varied.setup.slice(i, i + 100));
  // Before: the outbox's mutations as JSON, with each record's `derived`, not compressed.
  const phoneBefore = JSON.stringify({ mutations: varied.visits });
  // Now (web/src/sync/http.ts): without `derived` (the server computes its own), gzipped by
  // CompressionStream, whose gzip is zlib's at its default level, as gzipSync here.
  const lean = JSON.stringify({ mutations: varied.visits.map(wireMutation) });
  const wire = gzipSync(lean);
  const variedRes = await fetch(`${base}/api/sync/push`, {
    method: "POST", headers: { authorization: `Bearer ${pkm}`, "content-type": "application/json", "content-encoding": "gzip" }, body: wire,
  });
  const variedJson = (await variedRes.json()) as PushResponse;
  // Every visit must be one the server accepts: realistic answers, not just bytes.
  if (variedRes.status !== 200 || variedJson.results.some((r) => r.status !== "applied")) throw new Error(`varied push: ${JSON.stringify(variedJson).slice(0, 800)}`);
  const variedForms = new Map<string, number>();
  for (const m of varied.visits) variedForms.set(String(m.payload.formId), (variedForms.get(String(m.payload.formId)) ?? 0) + 1);

  // --- fill the synthetic pekon up to SYNTHETIC_RECORDS records, then pull it as its pustu ---
  for (let n = pushed; n < SYNTHETIC_RECORDS; n += 100) {
    await push(pkm, Array.from({ length: Math.min(100, SYNTHETIC_RECORDS - n) }, (_, i) => visitMutation(mothers[(n + i) % mothers.length]!)));
  }
  const created = await call<{ id: string }>("POST", "/api/admin/users", pkm, { name: "Bidan Bench", role: "pustu", areaCode: SYNTHETIC_DESA });
  const code = await call<{ code: string }>("POST", `/api/admin/users/${created.json.id}/enrollment-codes`, pkm);
  const benchPustu = await enroll(code.json.code);
  const synthetic = await fullPull(benchPustu);

  // --- one signed commitment: 10 items, 8 parties, 8 signatures (issue 6) ---
  const officeRows = run("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", dir, "--json", "--command", "SELECT id FROM offices WHERE kec_code = '18.04.10' AND kind != 'pemdes' ORDER BY name LIMIT 8"], { capture: true });
  const offices = ((JSON.parse(officeRows.stdout)[0]?.results ?? []) as { id: string }[]).map((r) => r.id);
  const commitmentId = uuidv7();
  const meetingId = uuidv7();
  const commitment = { kecCode: "18.04.10", meetingId, title: "Komitmen Bersama Lintas Sektor Integrasi Layanan Primer Kecamatan Batu Brak", period: "2026–2027", docVersion: 1 };
  const parties = offices.map((officeId) => ({ commitmentId, officeId }));
  const items = Array.from({ length: 10 }, (_, i) => ({
    commitmentId, number: i + 1, officeId: offices[i % offices.length]!, action: `Aksi lintas sektor nomor ${i + 1}: menggerakkan sasaran ke posyandu harian dan mendukung ketahanan pangan keluarga`,
    indicator: "Cakupan sasaran yang dilayani", targetKind: "number", targetValue: 80 + i, targetUnit: "%", desaCodes: null, dueDate: "2027-03-31", status: "belum_mulai",
  }));
  const hash = await contentHash(commitmentContent(commitment, parties, items));
  // A signature as a pad writes it: a random walk of ~600 quantised points (about 4 KB, near
  // the 5 KB ceiling), so gzip cannot cheat on regular coordinates.
  let x = 150;
  let y = 60;
  const strokes = "M" + Array.from({ length: 600 }, () => {
    x = Math.max(0, Math.min(300, x + Math.round((Math.random() - 0.5) * 18)));
    y = Math.max(0, Math.min(120, y + Math.round((Math.random() - 0.5) * 14)));
    return `${x} ${y}`;
  }).join(" ").slice(0, 5000);
  const docPush = [
    mut("meeting", { kecCode: "18.04.10", kind: "lintas_sektor", date: "2026-11-20", place: "Aula Kecamatan Batu Brak", chair: "Camat Batu Brak", agenda: "Komitmen ILP", minutes: "Notulen rapat" }, meetingId),
    mut("commitment", commitment, commitmentId),
    ...parties.map((p) => mut("commitment_party", p)),
    ...items.map((it) => mut("commitment_item", it)),
  ];
  const sigPush = offices.map((officeId) => mut("signature", { commitmentId, docVersion: 1, contentHash: hash, officeId, name: "Penandatangan Sintetis", position: "Kepala", strokes, signedAt: "2026-11-20T10:00:00+07:00" }));
  const pushGz = gzipSync(JSON.stringify({ mutations: docPush })).length + gzipSync(JSON.stringify({ mutations: sigPush })).length;
  await push(pkm, docPush);
  await push(pkm, sigPush);
  const mitra = await enroll("DEMO-MKUA");
  const mitraPull = await fullPull(mitra);
  const groupPull = await call<PullResponse>("GET", "/api/sync/pull?limit=2000", mitra);
  const groupChanges = groupPull.json.changes.filter((c) => ["commitment", "commitment_party", "commitment_item", "signature", "commitment_version"].includes(c.entity));
  const groupGz = gzipSync(JSON.stringify(groupChanges)).length;

  const plan = run(
    "npx",
    ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", dir, "--json", "--command",
      "EXPLAIN QUERY PLAN SELECT entity, entity_id, seq, deleted FROM sync_index WHERE domain = 'health' AND desa = '18.04.10.2003' AND seq > 0 ORDER BY seq LIMIT 501"],
    { capture: true },
  );
  const planRows = (JSON.parse(plan.stdout)[0]?.results ?? []) as { detail: string }[];

  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log("\n== Simpul bench (wrangler dev, local D1, this machine) ==");
  console.log(`push: ${PUSH_BATCHES} batches × 100 ANC visits in ${pushMs.toFixed(0)} ms → ${((pushed / pushMs) * 1000).toFixed(0)} mutations/s`);
  console.log(`push request size per visit: ${(bodyRaw / pushed).toFixed(0)} B raw, ${(bodyGz / pushed).toFixed(0)} B gzip in batches of 100; one visit alone ${Buffer.byteLength(single)} B raw, ${singleGz} B gzip`);
  const perVisit = (n: number) => (n / varied.visits.length).toFixed(0);
  console.log(`bytes per visit, ${varied.visits.length} varied visits (${[...variedForms].map(([f, n]) => `${f} ${n}`).join(", ")}): on the wire ${perVisit(wire.length)} B gzip (${perVisit(Buffer.byteLength(lean))} B before gzip); the phone before: ${perVisit(Buffer.byteLength(phoneBefore))} B raw (${perVisit(gzipSync(phoneBefore).length)} B had it been gzipped, with derived)`);
  console.log(`first pull, seeded pekon Kembahang (pustu): ${seeded.changes} changes in ${seeded.pages} pages, ${seeded.ms.toFixed(0)} ms, ${kb(seeded.raw)} KB raw, ${kb(seeded.gz)} KB gzip`);
  console.log(`first pull, synthetic pekon with ${SYNTHETIC_RECORDS} records: ${synthetic.changes} changes in ${synthetic.pages} pages, ${synthetic.ms.toFixed(0)} ms, ${kb(synthetic.raw)} KB raw, ${kb(synthetic.gz)} KB gzip`);
  console.log(`signed commitment (10 items, ${offices.length} parties, ${sigPush.length} signatures of ${strokes.length} B strokes): push ${kb(pushGz)} KB gzip; the commitment's changes in a mitra's pull ${groupChanges.length} changes, ${kb(groupGz)} KB gzip (the mitra's whole first pull incl. reference data: ${kb(mitraPull.gz)} KB gzip)`);
  console.log("EXPLAIN QUERY PLAN (pull index read):");
  for (const r of planRows) console.log(`  ${r.detail}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
