import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { openDb } from "../../worker/db/client.ts";
import type { Env } from "../../worker/env.ts";
import type { Principal } from "../../domain/access/policy.ts";
import { JOB_STALE_MS, logJobError, requeueStale, requestSend, runSendJob } from "../../worker/services/satusehat/jobs.ts";
import { ANC_ANSWERS, api, DESA_A, DESA_OTHER_KEC, household, KEC, KEC_OTHER, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * Sending to SATUSEHAT (issue 13, part 3) in workerd: the routes' answers (202 at once, 409 when
 * not configured, the status per desa), and a send job run to its end against a SATUSEHAT stand-in
 * given to it as its `fetch` (the HTTP one, with retries and a real queue, is test/e2e/satusehat.test.ts).
 * What the job leaves in the send log decides each resend: nothing when nothing changed; an update
 * (PUT with the server's id) for a corrected visit; a refused page recorded with its reason, scrubbed.
 */

const MONTH = "2026-11";
let tokens: Record<RoleName, string>;
let userOther: string;
const records: string[] = [];
const persons: string[] = [];
const nikOf = (n: number) => `180411440395${String(n).padStart(4, "0")}`;

/** A stand-in for SATUSEHAT: a token for anyone, every entry created (201) unless told otherwise. */
function standIn() {
  const bundles: { entries: { method: string; url: string; fullUrl: string; ifNoneExist?: string; subject?: string }[] }[] = [];
  let next = 0;
  let refuse: { status: number; body: unknown } | null = null;
  /** Refuse a Bundle with this status and an OperationOutcome naming its last entry (once). */
  let refuseLast: number | null = null;
  const fetcher: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.includes("/accesstoken")) return Response.json({ access_token: "tok", expires_in: "14399", token_type: "BearerToken" });
    const b = JSON.parse(String(init!.body)) as { entry: { fullUrl: string; resource: { resourceType: string; subject?: { reference?: string } }; request: { method: string; url: string; ifNoneExist?: string } }[] };
    bundles.push({ entries: b.entry.map((e) => ({ method: e.request.method, url: e.request.url, fullUrl: e.fullUrl, ifNoneExist: e.request.ifNoneExist, subject: e.resource.subject?.reference })) });
    if (refuse) return Response.json(refuse.body, { status: refuse.status });
    if (refuseLast) {
      const status = refuseLast;
      refuseLast = null;
      return Response.json({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "required", diagnostics: "Observation.code is required", expression: [`Bundle.entry[${b.entry.length - 1}].resource.code`] }] }, { status });
    }
    return Response.json({
      resourceType: "Bundle", type: "transaction-response",
      entry: b.entry.map((e) => (e.request.method === "PUT"
        ? { response: { status: "200 OK", location: `${e.request.url}/_history/2` } }
        : { response: { status: "201 Created", location: `${e.resource.resourceType}/S${++next}/_history/1` } })),
    });
  };
  return { bundles, fetcher, refuse: (r: typeof refuse) => void (refuse = r), refuseLast: (status: number) => void (refuseLast = status) };
}

const sendEnv = { ...env, SATUSEHAT_PAGE_SIZE: "4" } as Env;
const noWait = { sleep: async () => undefined, random: () => 0 };

async function newJob(desa = DESA_OTHER_KEC): Promise<string> {
  const id = uuidv7();
  await env.DB.prepare("INSERT INTO satusehat_send_jobs (id, kec_code, desa_code, month, status, requested_by, requested_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
    .bind(id, KEC_OTHER, desa, MONTH, userOther, Date.now()).run();
  return id;
}

const logRows = () => env.DB.prepare("SELECT * FROM satusehat_send_log WHERE desa_code = ? ORDER BY key").bind(DESA_OTHER_KEC).all<Record<string, unknown>>().then((r) => r.results);

beforeAll(async () => {
  let userIds: Record<RoleName, string>;
  ({ tokens, userIds } = await seedWorld());
  userOther = userIds.puskesmasOther;
  // Ten women of the second kecamatan's pekon with a NIK and an ANC visit in the month: pages of 4 persons.
  const muts = [];
  for (let i = 0; i < 10; i++) {
    const hh = uuidv7();
    const p = uuidv7();
    const r = uuidv7();
    records.push(r);
    persons.push(p);
    muts.push(
      mutation("household", hh, "create", household(DESA_OTHER_KEC, null)),
      mutation("person", p, "create", person(hh, { name: `Ibu Kirim ${i}`, nik: nikOf(i + 1) })),
      mutation("record", r, "create", visit(p, { visitDate: "2026-11-12" })),
    );
  }
  const res = await pushAs(tokens.puskesmasOther, muts);
  expect(res.results.filter((r) => r.status !== "applied")).toEqual([]);
});

describe("the routes", () => {
  it("a kecamatan without configuration: 409 satusehat_not_configured, and its status says so", async () => {
    const res = await api("POST", "/api/satusehat/send", { token: tokens.puskesmas, body: { desa: DESA_A, month: MONTH } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("satusehat_not_configured");
    const status = await api("GET", `/api/satusehat/status?month=${MONTH}`, { token: tokens.puskesmas });
    const body = (await status.json()) as { configured: Record<string, boolean>; desa: { code: string; configured: boolean; job: unknown }[] };
    expect(body.configured).toEqual({ [KEC]: false });
    expect(body.desa.find((d) => d.code === DESA_A)).toMatchObject({ configured: false, job: null });
  });

  it("outside the caller's area: 403 before anything is recorded", async () => {
    expect((await api("POST", "/api/satusehat/send", { token: tokens.puskesmas, body: { desa: DESA_OTHER_KEC, month: MONTH } })).status).toBe(403);
    expect((await api("GET", `/api/satusehat/status?area=${KEC_OTHER}&month=${MONTH}`, { token: tokens.puskesmas })).status).toBe(403);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM satusehat_send_jobs WHERE desa_code = ?").bind(DESA_OTHER_KEC).first<{ n: number }>())!.n).toBe(0);
  });
});

describe("a send job", () => {
  const fake = standIn();

  it("sends every resource of the month, page by page, and logs each answer without personal data", async () => {
    const done = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(done).toMatchObject({ status: "done", failed: 0, unchanged: 0, unexported: 0, errorCode: null });
    expect(done.pages).toBe(3);
    expect(fake.bundles).toHaveLength(3);
    const sent = fake.bundles.flatMap((b) => b.entries);
    expect(done.sent).toBe(sent.length);
    expect(sent.every((e) => e.method === "POST")).toBe(true);
    const rows = await logRows();
    expect(rows).toHaveLength(sent.length);
    expect(rows.every((r) => r.ok === 1 && r.http_status === 201 && /^[A-Z][a-zA-Z]+\/S\d+$/.test(String(r.server_ref)) && r.attempts === 1)).toBe(true);
    expect(rows.filter((r) => r.resource_type === "Patient").map((r) => r.entity)).toEqual(Array(10).fill("person"));
    expect(JSON.stringify(rows)).not.toMatch(/1804114403|Ibu Kirim/);
  });

  it("sends nothing the second time", async () => {
    const before = fake.bundles.length;
    const done = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(done).toMatchObject({ status: "done", sent: 0, failed: 0 });
    expect(done.unchanged).toBe(done.total);
    expect(fake.bundles.length).toBe(before);
  });

  it("sends a corrected visit as updates of what SATUSEHAT holds (PUT Type/id), and nothing else", async () => {
    const res = await pushAs(tokens.puskesmasOther, [mutation("record", records[0]!, "update", { data: { ...ANC_ANSWERS, bb: 61.2 } }, 1)]);
    expect(res.results[0]!.status).toBe("applied");
    const before = fake.bundles.length;
    const done = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(done.status).toBe("done");
    const sent = fake.bundles.slice(before).flatMap((b) => b.entries);
    expect(sent.length).toBeGreaterThan(0);
    // Only the corrected visit's resources: its Observations (and whatever else the weight changes).
    expect(sent.length).toBeLessThan(done.total / 5);
    expect(sent.every((e) => e.method === "PUT" && /^[A-Z][a-zA-Z]+\/S\d+$/.test(e.url))).toBe(true);
    expect(done.sent).toBe(sent.length);
    expect(done.unchanged).toBe(done.total - sent.length);
  });

  it("a refused page is recorded as failed with a scrubbed reason, not retried, and sent again next time", async () => {
    const res = await pushAs(tokens.puskesmasOther, [mutation("record", records[1]!, "update", { data: { ...ANC_ANSWERS, bb: 49.9 } }, 1)]);
    expect(res.results[0]!.status).toBe("applied");
    fake.refuse({ status: 422, body: { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "business-rule", details: { text: `Patient NIK ${nikOf(2)} "Ibu Kirim 1" invalid` } }] } });
    const before = fake.bundles.length;
    const failed = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(failed).toMatchObject({ status: "failed", errorCode: "rejected", lastHttpStatus: 422, sent: 0 });
    expect(fake.bundles.length).toBe(before + 1);
    const bad = (await logRows()).filter((r) => r.ok === 0);
    expect(bad.length).toBe(failed.failed);
    expect(bad.every((r) => r.http_status === 422 && r.attempts === 2)).toBe(true);
    expect(String(bad[0]!.outcome)).toBe("error/business-rule");

    fake.refuse(null);
    const again = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(again).toMatchObject({ status: "done", failed: 0, sent: failed.failed });
    expect((await logRows()).every((r) => r.ok === 1)).toBe(true);
  });

  it("runs as the user who asked, checked again: a job of a user no longer there fails forbidden and sends nothing", async () => {
    const id = uuidv7();
    await env.DB.prepare("INSERT INTO satusehat_send_jobs (id, kec_code, desa_code, month, status, requested_by, requested_at) VALUES (?, ?, ?, ?, 'queued', 'gone-user', ?)")
      .bind(id, KEC_OTHER, DESA_OTHER_KEC, MONTH, Date.now()).run();
    const before = fake.bundles.length;
    await runSendJob(openDb(env.DB), sendEnv, id, { ...noWait, fetcher: fake.fetcher });
    const row = await env.DB.prepare("SELECT status, error_code FROM satusehat_send_jobs WHERE id = ?").bind(id).first();
    expect(row).toEqual({ status: "failed", error_code: "forbidden" });
    expect(fake.bundles.length).toBe(before);
  });

  it("a job runs once: a second delivery of its message does nothing", async () => {
    const id = await newJob();
    expect(await runSendJob(openDb(env.DB), sendEnv, id, { ...noWait, fetcher: fake.fetcher })).not.toBeNull();
    expect(await runSendJob(openDb(env.DB), sendEnv, id, { ...noWait, fetcher: fake.fetcher })).toBeNull();
  });
});

describe("a Patient is never updated (SATUSEHAT's master record is not Simpul's)", () => {
  const fake = standIn();
  const patientLog = (id: string) => env.DB.prepare("SELECT server_ref, match_hash FROM satusehat_send_log WHERE key = ?").bind(`urn:uuid:${id}`).first<{ server_ref: string; match_hash: string | null }>();

  it("a renamed person sends nothing: the Patient is left out and stays referenced by its known id", async () => {
    // Everything is in the log from the tests above; bring it up to date first.
    await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher });
    const known = (await patientLog(persons[2]!))!;
    expect(known.match_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(known.match_hash).not.toContain(nikOf(3));
    const res = await pushAs(tokens.puskesmasOther, [mutation("person", persons[2]!, "update", { name: "Ibu Kirim Dua Baru" }, 1)]);
    expect(res.results[0]!.status).toBe("applied");
    const before = fake.bundles.length;
    const done = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(done).toMatchObject({ status: "done", sent: 0, failed: 0 });
    expect(done.unchanged).toBe(done.total);
    expect(fake.bundles.slice(before).flatMap((b) => b.entries)).toEqual([]);
    expect((await patientLog(persons[2]!))!.server_ref).toBe(known.server_ref);
  });

  it("a corrected NIK POSTs the Patient again with the new ifNoneExist, and moves what referenced the old id to it", async () => {
    const old = (await patientLog(persons[2]!))!;
    const res = await pushAs(tokens.puskesmasOther, [mutation("person", persons[2]!, "update", { nik: nikOf(77) }, 2)]);
    expect(res.results[0]!.status).toBe("applied");
    const before = fake.bundles.length;
    const done = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(done).toMatchObject({ status: "done", failed: 0 });
    const sent = fake.bundles.slice(before).flatMap((b) => b.entries);
    const patients = sent.filter((e) => e.url.startsWith("Patient"));
    expect(patients).toEqual([{ method: "POST", url: "Patient", fullUrl: `urn:uuid:${persons[2]}`, ifNoneExist: `identifier=https://fhir.kemkes.go.id/id/nik|${nikOf(77)}`, subject: undefined }]);
    // The person's other resources go as updates pointing at the Patient in the Bundle.
    const others = sent.filter((e) => !e.url.startsWith("Patient"));
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((e) => e.method === "PUT" && e.subject !== old.server_ref)).toBe(true);
    const now = (await patientLog(persons[2]!))!;
    expect(now.server_ref).not.toBe(old.server_ref);
    expect(now.match_hash).not.toBe(old.match_hash);
  });
});

describe("requesting a send", () => {
  const month = (m: number) => `2025-${String(m).padStart(2, "0")}`;
  async function principal(): Promise<Principal> {
    const u = (await env.DB.prepare("SELECT id, role, area_code, dusun_id, office_id FROM users WHERE id = ?").bind(userOther).first<Record<string, string | null>>())!;
    return { userId: u.id!, role: u.role as Principal["role"], areaCode: u.area_code!, dusunId: u.dusun_id, officeId: u.office_id, deviceId: null };
  }
  function queue() {
    const sent: { jobId: string }[] = [];
    return { sent, env: { ...sendEnv, SATUSEHAT_QUEUE: { send: async (m: { jobId: string }) => void sent.push(m) } } as unknown as Env };
  }
  const activeJobs = (m: string) => env.DB.prepare("SELECT id, status, requested_at FROM satusehat_send_jobs WHERE desa_code = ? AND month = ? AND status IN ('queued', 'running')").bind(DESA_OTHER_KEC, m).all<{ id: string; status: string; requested_at: number }>().then((r) => r.results);

  it("a queued job whose message was lost is queued again when asked again, once", async () => {
    const q = queue();
    const now = Date.now();
    const id = uuidv7();
    await env.DB.prepare("INSERT INTO satusehat_send_jobs (id, kec_code, desa_code, month, status, requested_by, requested_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
      .bind(id, KEC_OTHER, DESA_OTHER_KEC, month(1), userOther, now - JOB_STALE_MS - 1000).run();
    const first = await requestSend(openDb(env.DB), q.env, await principal(), { desa: DESA_OTHER_KEC, month: month(1) }, now, () => undefined);
    expect(first).toMatchObject({ queued: true, job: { id, status: "queued" } });
    expect(q.sent).toEqual([{ jobId: id, shard: "1804" }]);
    // Asked again at once: the job is fresh again, answered as is.
    const second = await requestSend(openDb(env.DB), q.env, await principal(), { desa: DESA_OTHER_KEC, month: month(1) }, now + 1000, () => undefined);
    expect(second).toMatchObject({ queued: false, job: { id } });
    expect(q.sent).toHaveLength(1);
    expect(await activeJobs(month(1))).toEqual([{ id, status: "queued", requested_at: now }]);
  });

  it("a double tap records one job (one wins the insert, the other reads it back)", async () => {
    const q = queue();
    const p = await principal();
    const now = Date.now();
    const answers = await Promise.all([0, 1, 2].map(() => requestSend(openDb(env.DB), q.env, p, { desa: DESA_OTHER_KEC, month: month(2) }, now, () => undefined)));
    expect(new Set(answers.map((a) => a.job.id)).size).toBe(1);
    expect(answers.filter((a) => a.queued)).toHaveLength(1);
    expect(q.sent).toHaveLength(1);
    expect(await activeJobs(month(2))).toHaveLength(1);
    // The index holds even for a writer that does not read first.
    await expect(env.DB.prepare("INSERT INTO satusehat_send_jobs (id, kec_code, desa_code, month, status, requested_by, requested_at) VALUES (?, ?, ?, ?, 'running', ?, ?)")
      .bind(uuidv7(), KEC_OTHER, DESA_OTHER_KEC, month(2), userOther, now).run()).rejects.toThrow(/UNIQUE/);
  });

  it("the cron without a queue runs one stale job per invocation; with a queue it queues them all", async () => {
    const now = Date.now();
    const ids = [uuidv7(), uuidv7()];
    // Unconfigured kecamatan's desa: a job run here fails at once (not_configured), sending nothing.
    for (const [i, id] of ids.entries()) {
      await env.DB.prepare("INSERT INTO satusehat_send_jobs (id, kec_code, desa_code, month, status, requested_by, requested_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
        .bind(id, KEC, DESA_A, month(3 + i), userOther, now - JOB_STALE_MS - 10_000 + i).run();
    }
    const running: Promise<unknown>[] = [];
    const noQueue = { ...sendEnv, SATUSEHAT_QUEUE: undefined } as Env;
    expect(await requeueStale(openDb(env.DB), noQueue, now, (p) => void running.push(p))).toBe(1);
    await Promise.all(running);
    const status = async (id: string) => (await env.DB.prepare("SELECT status FROM satusehat_send_jobs WHERE id = ?").bind(id).first<{ status: string }>())!.status;
    expect([await status(ids[0]!), await status(ids[1]!)]).toEqual(["failed", "queued"]);
    const q = queue();
    expect(await requeueStale(openDb(env.DB), q.env, now, () => undefined)).toBe(1);
    expect(q.sent).toEqual([{ jobId: ids[1], shard: "1804" }]);
  });

  it("logs a job's failure by name and code, never the message (it may quote data)", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      logJobError("job-1", new SyntaxError(`Unexpected token in JSON: "Siti Aminah ${nikOf(9)}"`), "run_failed");
      expect(spy).toHaveBeenCalledTimes(1);
      const line = String(spy.mock.calls[0]![0]);
      expect(JSON.parse(line)).toEqual({ level: "error", event: "satusehat_job_failed", jobId: "job-1", code: "run_failed", error: "SyntaxError" });
      expect(line).not.toMatch(/Siti|1804114403/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("a refusal that names one entry", () => {
  const fake = standIn();

  it("fails that entry only; the next send holds it back (unchanged) and sends the rest of the page", async () => {
    // Bring the log up to date, then add one woman with a visit: one page of new entries.
    await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher });
    const hh = uuidv7();
    const p = uuidv7();
    const res = await pushAs(tokens.puskesmasOther, [
      mutation("household", hh, "create", household(DESA_OTHER_KEC, null)),
      mutation("person", p, "create", person(hh, { name: "Ibu Tolak", nik: nikOf(88) })),
      mutation("record", uuidv7(), "create", visit(p, { visitDate: "2026-11-20" })),
    ]);
    expect(res.results.filter((r) => r.status !== "applied")).toEqual([]);
    fake.refuseLast(400);
    const before = fake.bundles.length;
    const refused = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    expect(refused).toMatchObject({ status: "failed", errorCode: "rejected", lastHttpStatus: 400, sent: 0 });
    const page = fake.bundles.slice(before).flatMap((b) => b.entries);
    expect(page.length).toBeGreaterThan(2);
    const blamed = page.at(-1)!.fullUrl;
    const rows = (await logRows()).filter((r) => page.some((e) => e.fullUrl === r.key));
    expect(rows.filter((r) => r.refused === 1).map((r) => [r.key, r.http_status, r.outcome])).toEqual([[blamed, 400, "error/required @Bundle.entry[" + (page.length - 1) + "].resource.code"]]);
    expect(rows.filter((r) => r.key !== blamed).every((r) => r.ok === 0 && r.http_status === 0 && r.refused === 0)).toBe(true);

    const mid = fake.bundles.length;
    const next = (await runSendJob(openDb(env.DB), sendEnv, await newJob(), { ...noWait, fetcher: fake.fetcher }))!;
    const resent = fake.bundles.slice(mid).flatMap((b) => b.entries);
    expect(resent.map((e) => e.fullUrl).sort()).toEqual(page.slice(0, -1).map((e) => e.fullUrl).sort());
    // Still refused: the job says so, counting the held-back entry as failed.
    expect(next).toMatchObject({ status: "failed", errorCode: "rejected", failed: 1, sent: page.length - 1 });
  });
});
