import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { hashCode } from "../../domain/util/codes.ts";
import { api, DESA_A, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
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
  it("are short, readable, expire after 72 h, and are stored hashed", async () => {
    const { code, expiresAt } = await newUserCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    const hours = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    const stored = await env.DB.prepare("SELECT code_hash FROM enrollment_codes WHERE code_hash = ?").bind(await hashCode(code)).first();
    expect(stored).not.toBeNull();
    const plain = await env.DB.prepare("SELECT count(*) AS n FROM enrollment_codes WHERE code_hash = ?").bind(code).first<{ n: number }>();
    expect(plain!.n).toBe(0);
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

  it("demo codes are refused in production", async () => {
    const demo = await env.DB.prepare("SELECT count(*) AS n FROM enrollment_codes WHERE demo = 1").first<{ n: number }>();
    expect(demo!.n).toBeGreaterThan(0);
    const { enroll: enrollService } = await import("../../worker/services/enroll.ts");
    const { openDb } = await import("../../worker/db/client.ts");
    await expect(enrollService(openDb(env.DB), { code: "TEST-PUSK1" }, "10.3.0.1", true, Date.now())).rejects.toMatchObject({ code: "code_unknown", status: 401 });
    await expect(enrollService(openDb(env.DB), { code: "TEST-PUSK1" }, "10.3.0.1", false, Date.now())).resolves.toMatchObject({ user: { role: "puskesmas" } });
  });
});
