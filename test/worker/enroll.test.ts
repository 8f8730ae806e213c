import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { DEV_ENROLLMENT_CODE_KEY, hashCode, normaliseCode, sha256Hex } from "../../domain/util/codes.ts";
import worker from "../../worker/index.ts";
import { api, DESA_A, KEC, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
let userIds: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens, userIds } = await seedWorld());
});

async function newUserCode(client?: string) {
  const created = await api("POST", "/api/admin/users", { token: tokens.puskesmas, body: { name: "Bidan Baru", role: "pustu", areaCode: DESA_A } });
  expect(created.status).toBe(201);
  const user = (await created.json()) as { id: string };
  const res = await api("POST", `/api/admin/users/${user.id}/enrollment-codes`, { token: tokens.puskesmas, headers: client ? { "cf-connecting-ip": client } : {} });
  expect(res.status).toBe(201);
  return { userId: user.id, ...((await res.json()) as { code: string; expiresAt: string }) };
}

const enroll = (code: string, client = "10.0.0.1") => api("POST", "/api/enroll", { body: { code }, headers: { "cf-connecting-ip": client } });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("enrollment codes", () => {
  it("are short, readable, expire after 72 h, and are stored as an HMAC under the Worker's key", async () => {
    const { code, expiresAt } = await newUserCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    const hours = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    const stored = (value: string) => env.DB.prepare("SELECT count(*) AS n FROM enrollment_codes WHERE code_hash = ?").bind(value).first<{ n: number }>().then((r) => r!.n);
    // The tests run without the secret: the public development key stands in.
    expect(await stored(await hashCode(code, DEV_ENROLLMENT_CODE_KEY))).toBe(1);
    expect(await stored(code)).toBe(0);
    // Neither a plain SHA-256 (which anyone can compute for all 31^8 codes) nor an HMAC under another key.
    expect(await stored(await sha256Hex("enroll:" + normaliseCode(code)))).toBe(0);
    expect(await stored(await hashCode(code, "another key of at least thirty-two characters"))).toBe(0);
  });

  it("fail closed in production without the ENROLLMENT_CODE_KEY secret, and work with it", async () => {
    const call = async (path: string, over: Record<string, unknown>, init: { token?: string; body?: unknown } = {}) => {
      const ctx = createExecutionContext();
      const headers: Record<string, string> = { "content-type": "application/json", "cf-connecting-ip": "10.9.0.1" };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const req = new Request(`http://simpul.test${path}`, { method: "POST", headers, body: JSON.stringify(init.body ?? {}) });
      const res = await worker.fetch(req, { ...env, ...over }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const created = (await (await api("POST", "/api/admin/users", { token: tokens.puskesmas, body: { name: "Bidan Prod", role: "pustu", areaCode: DESA_A } })).json()) as { id: string };
    const issuePath = `/api/admin/users/${created.id}/enrollment-codes`;
    for (const over of [{ ENVIRONMENT: "production" }, { ENVIRONMENT: "production", ENROLLMENT_CODE_KEY: "short" }, { ENVIRONMENT: "production", ENROLLMENT_CODE_KEY: DEV_ENROLLMENT_CODE_KEY }]) {
      for (const res of [await call("/api/enroll", over, { body: { code: "ABCD-EFGH" } }), await call(issuePath, over, { token: tokens.puskesmas })]) {
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ error: { code: "not_configured", details: { setting: "ENROLLMENT_CODE_KEY" } } });
      }
    }
    const prod = { ENVIRONMENT: "production", ENROLLMENT_CODE_KEY: "k".repeat(24) + crypto.randomUUID() };
    const issued = await call(issuePath, prod, { token: tokens.puskesmas });
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string };
    // Stored under the production key, so the development key does not find it.
    expect((await call("/api/enroll", { ENVIRONMENT: "test" }, { body: { code } })).status).toBe(401);
    expect((await call("/api/enroll", prod, { body: { code } })).status).toBe(200);
  });

  it("work once, typed in any case and spacing, and give a ≥128-bit token stored hashed", async () => {
    const { code } = await newUserCode();
    const ok = await enroll(code.toLowerCase().replace("-", " "), "10.0.0.2");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { token: string; deviceId: string };
    expect(body.token.length).toBeGreaterThanOrEqual(43); // 32 bytes base64url
    const dev = await env.DB.prepare("SELECT token_hash FROM devices WHERE id = ?").bind(body.deviceId).first<{ token_hash: string }>();
    expect(dev!.token_hash).not.toBe(body.token);
    const again = await enroll(code, "10.0.0.2");
    expect(again.status).toBe(409);
    expect(await codeOf(again)).toBe("code_used");
  });

  it("expire after 72 hours", async () => {
    const { code } = await newUserCode();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 72 * 3_600_000 + 1000);
    try {
      const res = await enroll(code, "10.0.0.3");
      expect(res.status).toBe(410);
      expect(await codeOf(res)).toBe("code_expired");
    } finally {
      vi.useRealTimers();
    }
  });

  it("rate-limit per code: 429 after 5 failures in 15 minutes, even for the right code", async () => {
    const { code } = await newUserCode();
    // Failures against this code come from the code being used already; burn it first.
    expect((await enroll(code, "10.1.0.0")).status).toBe(200);
    for (let i = 1; i <= 5; i++) expect((await enroll(code, `10.1.0.${i}`)).status).toBe(409);
    const limited = await enroll(code, "10.1.0.9");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
  });

  it("rate-limit per client: 429 after 5 wrong codes from one address", async () => {
    for (let i = 0; i < 5; i++) expect((await enroll(`ZZZZ-ZZZ${i + 2}`, "10.2.0.1")).status).toBe(401);
    const { code } = await newUserCode();
    const limited = await enroll(code, "10.2.0.1");
    expect(limited.status).toBe(429);
    expect(await codeOf(limited)).toBe("too_many_attempts");
    // Another client is not affected, and the window passes.
    expect((await enroll(code, "10.2.0.2")).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1000);
    try {
      expect((await enroll("ZZZZ-ZZZZ", "10.2.0.1")).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rate-limit atomically: of 30 parallel wrong codes from one client, at most 5 get an answer other than 429", async () => {
    const wrong = Array.from({ length: 30 }, (_, i) => `QQQQ-${"23456789ABCDEFGHJKMNPQRSTUVWXYZ"[i]}QQQ`);
    const statuses = await Promise.all(wrong.map((code) => enroll(code, "10.4.0.1").then((r) => r.status)));
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    // Every answered attempt was recorded before it was answered: the failures in D1 match.
    const rows = await env.CENTRAL.prepare("SELECT count(*) AS n FROM enrollment_failures WHERE client = ?").bind("10.4.0.1").first<{ n: number }>();
    expect(rows!.n).toBe(statuses.filter((s) => s !== 429).length);
  });

  it("rate-limit atomically per code: 30 parallel tries of one used code from 30 clients, at most 5 answered", async () => {
    const { code } = await newUserCode();
    expect((await enroll(code, "10.5.1.0")).status).toBe(200);
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => enroll(code, `10.5.0.${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);
  });

  it("keep no failure row for a code that worked, and audit failures without the code or the address", async () => {
    const { code, userId } = await newUserCode();
    for (let i = 0; i < 4; i++) expect((await enroll(code, "10.6.0.1")).status).toBe(i === 0 ? 200 : 409);
    const failures = await env.CENTRAL.prepare("SELECT count(*) AS n FROM enrollment_failures WHERE client = ?").bind("10.6.0.1").first<{ n: number }>();
    expect(failures!.n).toBe(3);
    expect((await enroll("WXYZ-WXYZ", "10.6.0.2")).status).toBe(401);
    const rows = (await env.DB.prepare("SELECT * FROM audit_log WHERE action = 'enroll.failed' ORDER BY id").all<Record<string, unknown>>()).results;
    const forUser = rows.filter((r) => r.entity_id === userId);
    expect(forUser).toHaveLength(3);
    expect(forUser[0]).toMatchObject({ entity: "user", user_id: null, details: JSON.stringify({ reason: "code_used" }) });
    expect(rows.some((r) => r.entity_id === null && r.details === JSON.stringify({ reason: "code_unknown" }))).toBe(true);
    const text = JSON.stringify(rows);
    for (const secret of [code, normaliseCode(code), "WXYZ", "10.6.0.1", "10.6.0.2", await hashCode(code, DEV_ENROLLMENT_CODE_KEY)]) expect(text).not.toContain(secret);
  });

  it("a code for a user who holds more than its issuer is audited and flagged in the list of codes", async () => {
    const create = async (token: string, body: Record<string, unknown>) => ((await (await api("POST", "/api/admin/users", { token, body })).json()) as { id: string }).id;
    const issue = async (token: string, userId: string) => {
      const res = await api("POST", `/api/admin/users/${userId}/enrollment-codes`, { token });
      expect(res.status).toBe(201);
      return (await res.json()) as { code: string; widerRole: boolean };
    };
    // A dinkes may not write health data, but it creates a puskesmas user and issues its code.
    const pkm = await create(tokens.dinkes, { name: "Koordinator Baru", role: "puskesmas", areaCode: KEC });
    const wide = await issue(tokens.dinkes, pkm);
    expect(wide.widerRole).toBe(true);
    const bidan = await create(tokens.puskesmas, { name: "Bidan Lain", role: "pustu", areaCode: DESA_A });
    const narrow = await issue(tokens.puskesmas, bidan);
    expect(narrow.widerRole).toBe(false);
    expect((await enroll(narrow.code, "10.7.0.1")).status).toBe(200);

    const audits = (await env.DB.prepare("SELECT * FROM audit_log WHERE entity_id IN (?, ?) AND action LIKE 'admin.issue_code%'").bind(pkm, bidan).all<Record<string, unknown>>()).results;
    expect(audits.find((r) => r.entity_id === pkm)).toMatchObject({
      action: "admin.issue_code_wider", entity: "user", user_id: userIds.dinkes,
      details: JSON.stringify({ role: "puskesmas", issuerRole: "dinkes", permissions: ["health:write", "lintas:write"] }),
    });
    expect(audits.find((r) => r.entity_id === bidan)).toMatchObject({ action: "admin.issue_code", user_id: userIds.puskesmas });

    const list = await api("GET", "/api/admin/enrollment-codes", { token: tokens.puskesmas });
    expect(list.status).toBe(200);
    const { codes } = (await list.json()) as { codes: Record<string, unknown>[] };
    expect(codes.find((c) => c.userId === pkm)).toMatchObject({
      role: "puskesmas", state: "unused", widerRole: true, demo: false, usedAt: null, issuedBy: { id: userIds.dinkes, role: "dinkes", name: "Uji dinkes" },
    });
    expect(codes.find((c) => c.userId === bidan)).toMatchObject({ state: "used", widerRole: false, issuedBy: { id: userIds.puskesmas, role: "puskesmas" }, usedAt: expect.any(String) });
    const text = JSON.stringify(codes);
    for (const secret of [wide.code, narrow.code, await hashCode(wide.code, DEV_ENROLLMENT_CODE_KEY), await hashCode(narrow.code, DEV_ENROLLMENT_CODE_KEY)]) expect(text).not.toContain(secret);
    // One user's codes; an expired one; another kecamatan sees none of them.
    const mine = (await (await api("GET", `/api/admin/enrollment-codes?userId=${pkm}`, { token: tokens.puskesmas })).json()) as { codes: { userId: string }[] };
    expect(mine.codes.map((c) => c.userId)).toEqual([pkm]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 73 * 3_600_000);
    try {
      const later = (await (await api("GET", `/api/admin/enrollment-codes?userId=${pkm}`, { token: tokens.puskesmas })).json()) as { codes: { state: string }[] };
      expect(later.codes[0]!.state).toBe("expired");
    } finally {
      vi.useRealTimers();
    }
    const other = (await (await api("GET", "/api/admin/enrollment-codes", { token: tokens.puskesmasOther })).json()) as { codes: { userId: string }[] };
    expect(other.codes.some((c) => c.userId === pkm || c.userId === bidan)).toBe(false);
    expect((await api("GET", "/api/admin/enrollment-codes", { token: tokens.pustu })).status).toBe(403);
  });

  it("demo codes are refused in production", async () => {
    const demo = await env.DB.prepare("SELECT count(*) AS n FROM enrollment_codes WHERE demo = 1").first<{ n: number }>();
    expect(demo!.n).toBeGreaterThan(0);
    const { enroll: enrollService, routeCode } = await import("../../worker/services/enroll.ts");
    const { openDb } = await import("../../worker/db/client.ts");
    const codeKey = DEV_ENROLLMENT_CODE_KEY;
    const routed = (production: boolean) => routeCode(openDb(env.CENTRAL), "TEST-PUSK1", "10.3.0.1", { production, codeKey }, Date.now());
    await expect(enrollService(openDb(env.DB), await routed(true), {}, { production: true, codeKey }, Date.now())).rejects.toMatchObject({ code: "code_unknown", status: 401 });
    await expect(enrollService(openDb(env.DB), await routed(false), {}, { production: false, codeKey }, Date.now())).resolves.toMatchObject({ user: { role: "puskesmas" } });
  });
});

describe("PIN recovery", () => {
  const recover = (code: string, deviceId: string, client = "10.0.9.1") => api("POST", "/api/enroll/recover", { body: { code, deviceId }, headers: { "cf-connecting-ip": client } });
  const issueFor = async (userId: string) => {
    const res = await api("POST", `/api/admin/users/${userId}/enrollment-codes`, { token: tokens.puskesmas });
    expect(res.status).toBe(201);
    return ((await res.json()) as { code: string }).code;
  };

  it("a new code of the same user re-issues the device's token and returns its recovery key; the old token stops", async () => {
    const { userId, code } = await newUserCode();
    const first = (await (await enroll(code)).json()) as { token: string; deviceId: string; recoveryKey: string };
    expect(first.recoveryKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await recover(await issueFor(userId), first.deviceId);
    expect(res.status).toBe(200);
    const again = (await res.json()) as { token: string; deviceId: string; recoveryKey: string; user: { id: string } };
    expect(again).toMatchObject({ deviceId: first.deviceId, recoveryKey: first.recoveryKey, user: { id: userId } });
    expect(again.token).not.toBe(first.token);
    expect((await api("GET", "/api/me", { token: first.token })).status).toBe(401);
    expect((await api("GET", "/api/me", { token: again.token })).status).toBe(200);
    const audited = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'device.recover' AND entity_id = ?").bind(first.deviceId).first<{ n: number }>();
    expect(audited!.n).toBe(1);
    // The recovery key is stored with the device and never in the audit log.
    const leaked = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE details LIKE ?").bind(`%${first.recoveryKey}%`).first<{ n: number }>();
    expect(leaked!.n).toBe(0);
  });

  it("refuses another user's device, a revoked device, and spends the code either way", async () => {
    const a = await newUserCode();
    const b = await newUserCode();
    const devA = (await (await enroll(a.code)).json()) as { deviceId: string };
    const devB = (await (await enroll(b.code)).json()) as { deviceId: string };
    const codeB = await issueFor(b.userId);
    const wrong = await recover(codeB, devA.deviceId);
    expect(wrong.status).toBe(403);
    expect(await codeOf(wrong)).toBe("device_mismatch");
    expect(await codeOf(await recover(codeB, devB.deviceId))).toBe("code_used");

    expect((await api("POST", `/api/admin/devices/${devB.deviceId}/revoke`, { token: tokens.puskesmas, body: {} })).status).toBeLessThan(300);
    const revoked = await recover(await issueFor(b.userId), devB.deviceId);
    expect(revoked.status).toBe(403);
    expect(await codeOf(revoked)).toBe("device_revoked");
  });

  it("counts failures with the enrollment limiter", async () => {
    const { userId, code } = await newUserCode();
    const dev = (await (await enroll(code)).json()) as { deviceId: string };
    for (let i = 0; i < 5; i++) expect((await recover(`QQRQ-QQQ${i + 2}`, dev.deviceId, "10.0.9.77")).status).toBe(401);
    const blocked = await recover(await issueFor(userId), dev.deviceId, "10.0.9.77");
    expect(blocked.status).toBe(429);
  });
});
