import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { openDb } from "../../worker/db/client.ts";
import type { Env } from "../../worker/env.ts";
import { runSendJob } from "../../worker/services/satusehat/jobs.ts";
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
const nikOf = (n: number) => `180411440395${String(n).padStart(4, "0")}`;

/** A stand-in for SATUSEHAT: a token for anyone, every entry created (201) unless told otherwise. */
function standIn() {
  const bundles: { entries: { method: string; url: string; fullUrl: string }[] }[] = [];
  let next = 0;
  let refuse: { status: number; body: unknown } | null = null;
  const fetcher: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.includes("/accesstoken")) return Response.json({ access_token: "tok", expires_in: "14399", token_type: "BearerToken" });
    const b = JSON.parse(String(init!.body)) as { entry: { fullUrl: string; resource: { resourceType: string }; request: { method: string; url: string } }[] };
    bundles.push({ entries: b.entry.map((e) => ({ method: e.request.method, url: e.request.url, fullUrl: e.fullUrl })) });
    if (refuse) return Response.json(refuse.body, { status: refuse.status });
    return Response.json({
      resourceType: "Bundle", type: "transaction-response",
      entry: b.entry.map((e) => (e.request.method === "PUT"
        ? { response: { status: "200 OK", location: `${e.request.url}/_history/2` } }
        : { response: { status: "201 Created", location: `${e.resource.resourceType}/S${++next}/_history/1` } })),
    });
  };
  return { bundles, fetcher, refuse: (r: typeof refuse) => void (refuse = r) };
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
    expect(String(bad[0]!.outcome)).toBe("error/business-rule: Patient NIK # … invalid");

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
