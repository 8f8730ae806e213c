/**
 * Sending to SATUSEHAT (issue 13, part 3) end to end: the real Worker under `wrangler dev` (its
 * queue consumer included, as Miniflare runs it) sends the seeded year of Batu Brak to a fake
 * SATUSEHAT that this test starts (test/e2e/fake-satusehat.ts: it checks the client credentials
 * and the Bearer token and answers as the documented API). No machine here reaches SATUSEHAT.
 *
 * - a desa-month arrives: the fake holds the resources, the send log says sent;
 * - the same month again creates nothing (the log leaves out what was sent; with the log wiped,
 *   the conditional creates still create no second Patient);
 * - 500s past the retries fail one page; the resend sends only that page's resources;
 * - a 400 naming one entry fails that entry only; the resend holds it back and sends the rest;
 * - 429 with Retry-After and an expired token are ridden out;
 * - wrong credentials: the job fails with auth_failed, nothing is sent;
 * - a phone's push answers at once while a send is held up at SATUSEHAT.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, DEMO, startServer, type Server } from "./harness.ts";
import { startFakeSatusehat, type FakeSatusehat } from "./fake-satusehat.ts";

const KEC = "18.04.10";
const MONTH = "2026-11";
const CLIENT = { clientId: "simpul-uji-client", clientSecret: "rahasia-uji-0123456789" };
const ORGANIZATION = "100000999";
/** Persons per page: small, so a desa-month is several Bundles and a failure hits one of them. */
const PAGE = 4;
const PERSONS = 600;

let server: Server;
let fake: FakeSatusehat;
let token: string;

interface Job {
  id: string; status: string; errorCode: string | null; lastHttpStatus: number | null;
  total: number; sent: number; unchanged: number; failed: number; unexported: number;
}
interface StatusRow { code: string; name: string; configured: boolean; pending: boolean; log: { sent: number; failed: number }; job: Job | null }

beforeAll(async () => {
  // The puskesmas's Organization exists at SATUSEHAT before anything is sent (it is registered with the credentials).
  fake = await startFakeSatusehat(CLIENT, [`Organization/${ORGANIZATION}`]);
  server = await startServer({
    persons: PERSONS, history: true,
    vars: {
      SATUSEHAT_AUTH_URL: fake.authUrl,
      SATUSEHAT_BASE_URL: fake.baseUrl,
      SATUSEHAT_CREDENTIALS: JSON.stringify({ [KEC]: { organizationId: ORGANIZATION, ...CLIENT } }),
      SATUSEHAT_PAGE_SIZE: String(PAGE),
    },
  });
  token = (await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: DEMO.puskesmas })).json.token;
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await fake?.stop();
});

/** Desa of the kecamatan with the most persons served in the month, busiest first. */
function busiestDesa(): string[] {
  return server.sql<{ desa: string }>(
    `SELECT p.scope_area AS desa, count(DISTINCT p.id) AS n FROM records r JOIN persons p ON p.id = r.person_id
     WHERE r.deleted = 0 AND r.visit_date BETWEEN '${MONTH}-01' AND '${MONTH}-30' AND p.nik IS NOT NULL
     GROUP BY p.scope_area ORDER BY n DESC`,
  ).map((r) => r.desa);
}

async function send(desa: string) {
  const res = await api<{ queued: boolean; job: Job } | { error: { code: string } }>(server, "POST", "/api/satusehat/send", token, { desa, month: MONTH });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return (res.json as { job: Job }).job;
}

async function status(): Promise<StatusRow[]> {
  const res = await api<{ desa: StatusRow[] }>(server, "GET", `/api/satusehat/status?area=${KEC}&month=${MONTH}`, token);
  expect(res.status).toBe(200);
  return res.json.desa;
}

/** Until the desa's latest job is done or failed. */
async function settled(desa: string, jobId: string, timeout = 90_000): Promise<Job> {
  const end = Date.now() + timeout;
  for (;;) {
    const row = (await status()).find((d) => d.code === desa)!;
    if (row.job?.id === jobId && (row.job.status === "done" || row.job.status === "failed")) return row.job;
    if (Date.now() > end) throw new Error(`job ${jobId} of ${desa} did not finish: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function logRows(desa: string) {
  return server.sql<{ ok: number; n: number }>(`SELECT ok, count(*) AS n FROM satusehat_send_log WHERE desa_code = '${desa}' GROUP BY ok`);
}

describe("sending to SATUSEHAT", () => {
  let desas: string[];
  beforeAll(() => {
    desas = busiestDesa();
    expect(desas.length, "desa with persons served in the month").toBeGreaterThanOrEqual(4);
  });

  it("sends a desa's month: the fake holds every resource, the log says sent, nothing personal in it", async () => {
    const desa = desas[0]!;
    const job = await settled(desa, (await send(desa)).id);
    expect(job).toMatchObject({ status: "done", errorCode: null, failed: 0, unchanged: 0, lastHttpStatus: 200 });
    expect(job.total).toBeGreaterThan(PAGE * 2);
    expect(job.sent).toBe(job.total);
    expect(fake.count()).toBe(job.sent);
    expect(fake.count("Patient")).toBeGreaterThan(0);
    expect(fake.count("Encounter")).toBeGreaterThan(0);
    // More than one page, each a transaction of POSTs, each answered 200 on the first try.
    const calls = fake.bundles.filter((b) => b.status === 200);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((b) => Object.keys(b.methods).join() === "POST")).toBe(true);
    expect(logRows(desa)).toEqual([{ ok: 1, n: job.total }]);
    // The log holds ids, fingerprints and answers: no NIK, no name of the desa's persons.
    const dump = JSON.stringify(server.sql(`SELECT * FROM satusehat_send_log WHERE desa_code = '${desa}'`));
    const people = server.sql<{ nik: string; name: string }>(`SELECT nik, name FROM persons WHERE scope_area = '${desa}' AND nik IS NOT NULL`);
    expect(people.length).toBeGreaterThan(0);
    expect(people.filter((p) => dump.includes(p.nik) || dump.includes(p.name)).length, "personal values in the send log").toBe(0);
    // Status: counts per desa, no names of persons.
    const row = (await status()).find((d) => d.code === desa)!;
    expect(row).toMatchObject({ configured: true, pending: false, log: { sent: job.total, failed: 0 } });
  });

  it("sends the same month again: nothing new at SATUSEHAT; with the log wiped, the conditional creates create nothing either", async () => {
    const desa = desas[0]!;
    const before = { all: fake.count(), calls: fake.bundles.length };
    const job = await settled(desa, (await send(desa)).id);
    expect(job).toMatchObject({ status: "done", sent: 0, failed: 0 });
    expect(job.unchanged).toBe(job.total);
    expect(fake.bundles.length).toBe(before.calls);
    expect(fake.count()).toBe(before.all);

    // The round trip without Simpul's memory: every entry goes again, and each conditional
    // create (ifNoneExist: a Patient by its NIK, every other resource by its sys-ids identifier)
    // finds the one already there: 200 OK, nothing created.
    server.sql(`DELETE FROM satusehat_send_log WHERE desa_code = '${desa}'`);
    const calls = fake.bundles.length;
    const again = await settled(desa, (await send(desa)).id);
    expect(again).toMatchObject({ status: "done", failed: 0 });
    expect(again.sent).toBe(again.total);
    expect(fake.bundles.slice(calls).reduce((n, b) => n + b.entries, 0)).toBe(again.total);
    expect(fake.count()).toBe(before.all);
  });

  it("a page failing past its retries is the only thing the next send sends", async () => {
    const desa = desas[1]!;
    const calls = fake.bundles.length;
    const stored = fake.count();
    // Five 500s: every attempt of the first page (DEFAULT_BACKOFF.maxAttempts), none of the others.
    fake.failNext(500, 5);
    const first = await settled(desa, (await send(desa)).id);
    expect(first).toMatchObject({ status: "failed", errorCode: "unavailable" });
    expect(first.failed).toBeGreaterThan(0);
    expect(first.sent).toBeGreaterThan(0);
    expect(first.sent + first.failed).toBe(first.total);
    expect(fake.bundles.slice(calls, calls + 5).map((b) => b.status)).toEqual([500, 500, 500, 500, 500]);
    expect(fake.count()).toBe(stored + first.sent);
    expect(logRows(desa)).toEqual(expect.arrayContaining([{ ok: 0, n: first.failed }, { ok: 1, n: first.sent }]));
    const failedRow = (await status()).find((d) => d.code === desa)!;
    expect(failedRow.log).toEqual({ sent: first.sent, failed: first.failed });

    const before = fake.bundles.length;
    const retry = await settled(desa, (await send(desa)).id);
    expect(retry).toMatchObject({ status: "done", failed: 0, sent: first.failed, unchanged: first.sent });
    const resent = fake.bundles.slice(before);
    expect(resent.reduce((n, b) => n + b.entries, 0)).toBe(first.failed);
    expect(fake.count()).toBe(stored + first.total);
    expect(logRows(desa)).toEqual([{ ok: 1, n: first.total }]);
  });

  it("a 400 naming one entry fails it alone: the resend holds it back and sends the rest of its page", async () => {
    const desa = desas[4]!;
    expect(desa, "a fifth desa with persons served in the month").toBeTruthy();
    const calls = fake.bundles.length;
    const stored = fake.count();
    fake.refuseEntryNext((entries) => entries.length - 1);
    const first = await settled(desa, (await send(desa)).id);
    expect(first).toMatchObject({ status: "failed", errorCode: "rejected" });
    expect(fake.bundles[calls]!.status).toBe(400);
    // The refused page failed (a transaction is all or nothing), the other pages went.
    expect(first.failed).toBe(fake.bundles[calls]!.entries);
    expect(first.sent).toBe(first.total - first.failed);
    const refused = server.sql<{ key: string; http_status: number; outcome: string }>(`SELECT key, http_status, outcome FROM satusehat_send_log WHERE desa_code = '${desa}' AND refused = 1`);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ http_status: 400, outcome: `error/required @Bundle.entry[${first.failed - 1}].resource.code` });
    expect(JSON.stringify(server.sql(`SELECT * FROM satusehat_send_log WHERE desa_code = '${desa}'`))).not.toMatch(/Siti|Aminah|1990-01-31/);

    const before = fake.bundles.length;
    const retry = await settled(desa, (await send(desa)).id);
    // Still refused (held back, unchanged), counted as failed; the rest of its page went.
    expect(retry).toMatchObject({ status: "failed", errorCode: "rejected", failed: 1, sent: first.failed - 1, unchanged: first.sent });
    expect(fake.bundles.slice(before).reduce((n, b) => n + b.entries, 0)).toBe(first.failed - 1);
    expect(fake.bundles.slice(before).every((b) => b.status === 200)).toBe(true);
    expect(fake.count()).toBe(stored + first.total - 1);
  });

  it("rides out a 429 with Retry-After and an expired token", async () => {
    const desa = desas[2]!;
    const tokensBefore = fake.tokenRequests.length;
    fake.expireTokens();
    fake.failNext(429, 2, 1);
    const t0 = Date.now();
    const job = await settled(desa, (await send(desa)).id);
    expect(job).toMatchObject({ status: "done", failed: 0 });
    expect(job.sent).toBe(job.total);
    // A new token after the 401, and at least the two Retry-After seconds waited.
    expect(fake.tokenRequests.slice(tokensBefore).filter((t) => t.ok).length).toBeGreaterThanOrEqual(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
  });

  it("wrong credentials: the job fails with auth_failed and sends nothing", async () => {
    const desa = desas[3]!;
    const calls = fake.bundles.length;
    fake.setSecret("another-secret");
    fake.expireTokens();
    try {
      const job = await settled(desa, (await send(desa)).id);
      expect(job).toMatchObject({ status: "failed", errorCode: "auth_failed", sent: 0, lastHttpStatus: 401 });
      expect(fake.tokenRequests.at(-1)).toEqual({ ok: false });
      // The refused token endpoint was asked once per job, not in a loop (SATUSEHAT rate-limits failed attempts).
      expect(fake.bundles.slice(calls).every((b) => b.status === 401)).toBe(true);
      expect(logRows(desa)).toEqual([]);
    } finally {
      fake.setSecret(CLIENT.clientSecret);
    }
  });

  it("a phone's push answers at once while SATUSEHAT holds up a send", async () => {
    const desa = desas[3]!;
    fake.holdMs = 8000;
    try {
      const job = await send(desa);
      // Wait until the consumer is at SATUSEHAT (the job is running).
      const end = Date.now() + 30_000;
      while ((await status()).find((d) => d.code === desa)!.job?.status !== "running") {
        if (Date.now() > end) throw new Error("the job did not start");
        await new Promise((r) => setTimeout(r, 200));
      }
      const t0 = Date.now();
      const m = { id: uuidv7(), entity: "meeting", entityId: uuidv7(), op: "create", baseVersion: 0, payload: { kecCode: KEC, kind: "lintas_sektor", date: "2026-11-20", place: "Aula Kecamatan", chair: "Camat", agenda: null, minutes: null } };
      const push = await api<{ results: { status: string }[] }>(server, "POST", "/api/sync/push", token, { mutations: [m] });
      const took = Date.now() - t0;
      expect(push.status).toBe(200);
      expect(push.json.results[0]!.status).toBe("applied");
      expect(took, "push latency while a send is held").toBeLessThan(3000);
      expect((await status()).find((d) => d.code === desa)!.job!.status).toBe("running");
      fake.holdMs = 0;
      const done = await settled(desa, job.id);
      expect(done).toMatchObject({ status: "done", failed: 0 });
    } finally {
      fake.holdMs = 0;
    }
  });
});
