import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEV_ENROLLMENT_CODE_KEY } from "../../domain/util/codes.ts";
import { FIRST_ACCOUNT_ACTION, firstAccount, firstAccountProblem, stateQuery, type SqlStatement } from "../../scripts/admin/first-account.ts";
import { api, DESA_A, insertRow, KAB, seedWorld } from "./fixtures.ts";

beforeAll(async () => {
  await seedWorld();
});

/** Run the statements as `npm run create-admin` does: in one go, in order. */
const run = (statements: SqlStatement[], db: D1Database = env.DB) => db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.params)));
const enroll = (code: string) => api("POST", "/api/enroll", { body: { code, deviceName: "Laptop Dinkes" }, headers: { "cf-connecting-ip": "10.7.0.1" } });

describe("npm run create-admin: the first account of a fresh deployment", () => {
  it("creates a dinkes user whose code enrolls once (keyed like the API's codes), and who then administers the kabupaten", async () => {
    const now = Date.now();
    const account = await firstAccount({ name: "Dinas Kesehatan Uji", kabupaten: KAB, codeKey: DEV_ENROLLMENT_CODE_KEY, now });
    expect(account.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(Date.parse(account.expiresAt) - now).toBe(72 * 3600_000);
    await run([account.directory], env.CENTRAL);
    await run(account.statements);

    const res = await enroll(account.code);
    expect(res.status).toBe(200);
    const enrolled = (await res.json()) as { token: string; user: { id: string; role: string; areaCode: string; name: string } };
    // The directory sent the code to Lampung Barat's database, and the token names it.
    expect(enrolled.token.startsWith("1804.")).toBe(true);
    expect(enrolled.user).toMatchObject({ id: account.userId, role: "dinkes", areaCode: KAB, name: "Dinas Kesehatan Uji" });
    // Single use, as any code.
    expect((await enroll(account.code)).status).toBe(409);
    // The new dinkes makes the next users in the app.
    const made = await api("POST", "/api/admin/users", { token: enrolled.token, body: { name: "Bidan Pertama", role: "pustu", areaCode: DESA_A } });
    expect(made.status).toBe(201);

    const audit = await env.DB.prepare("SELECT user_id, entity, details FROM audit_log WHERE action = ? AND entity_id = ?").bind(FIRST_ACCOUNT_ACTION, account.userId).all();
    expect(audit.results).toEqual([{ user_id: null, entity: "user", details: null }]);
  });

  it("stores only the keyed hash: a code made under another key does not enroll here", async () => {
    const account = await firstAccount({ name: "Dinkes Kunci Lain", kabupaten: KAB, codeKey: "another key of at least thirty-two characters!", now: Date.now() });
    await run(account.statements);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM enrollment_codes WHERE code_hash = ?").bind(account.code).first<{ n: number }>())!.n).toBe(0);
    const res = await enroll(account.code);
    expect(res.status).toBe(401);
  });

  it("writes nothing in a kabupaten database whose areas are not loaded, and says so in the state query; refuses a kabupaten with no database", async () => {
    // Belitung's database (DB_1902) exists here but holds no areas.
    const before = (await env.DB_1902.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>())!.n;
    const account = await firstAccount({ name: "Dinkes Entah", kabupaten: "19.02", codeKey: DEV_ENROLLMENT_CODE_KEY, now: Date.now() });
    expect(account.directory.params[1]).toBe("1902");
    await run(account.statements, env.DB_1902);
    expect((await env.DB_1902.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>())!.n).toBe(before);
    expect((await env.DB_1902.prepare("SELECT count(*) AS n FROM enrollment_codes WHERE user_id = ?").bind(account.userId).first<{ n: number }>())!.n).toBe(0);
    const q = (k: string) => stateQuery(k);
    const state = await env.DB_1902.prepare(q("19.02").sql).bind(...q("19.02").params).first<{ kabupaten: number; users: number }>();
    expect(state).toMatchObject({ kabupaten: 0, users: before });
    expect((await env.DB.prepare(q(KAB).sql).bind(...q(KAB).params).first<{ kabupaten: number }>())!.kabupaten).toBe(1);
    expect(firstAccountProblem({ name: "Dinkes Entah", kabupaten: "18.99" })).toMatch(/shard:add/);
  });

  it("refuses a missing name or a code that is not a kabupaten", () => {
    expect(firstAccountProblem({ name: "  ", kabupaten: KAB })).toMatch(/--name/);
    expect(firstAccountProblem({ name: "x".repeat(121), kabupaten: KAB })).toMatch(/120/);
    for (const k of ["1", "18.04.10", "1804", "18.04; DROP TABLE users", ""]) expect(firstAccountProblem({ name: "A", kabupaten: k }), k).toMatch(/--kabupaten/);
    expect(firstAccountProblem({ name: "A", kabupaten: KAB })).toBeNull();
    return expect(firstAccount({ name: "", kabupaten: KAB, codeKey: DEV_ENROLLMENT_CODE_KEY, now: 0 })).rejects.toThrow(/--name/);
  });
});

describe("npm run create-admin -- --provinsi: a dinkes provinsi in the central database", () => {
  it("creates the user in the central database; its code enrolls into a token for the central database, which reads aggregates only", async () => {
    // The central database's areas, as create-admin writes them first (scripts/seed/provinsi.ts centralAreaStatements).
    await insertRow("area", "18", { parentCode: null, level: "provinsi", name: "Lampung", desaTerm: "desa" }, { area: "18" }, env.CENTRAL);
    const now = Date.now();
    const account = await firstAccount({ name: "Dinas Kesehatan Provinsi Uji", kabupaten: "18", codeKey: DEV_ENROLLMENT_CODE_KEY, now });
    expect(account.directory.params[1]).toBe("pusat");
    await run([account.directory], env.CENTRAL);
    await run(account.statements, env.CENTRAL);
    const res = await enroll(account.code);
    expect(res.status).toBe(200);
    const enrolled = (await res.json()) as { token: string; user: { role: string; areaCode: string } };
    expect(enrolled.token.startsWith("pusat.")).toBe(true);
    expect(enrolled.user).toMatchObject({ role: "dinkes_provinsi", areaCode: "18" });
    expect((await env.DB.prepare("SELECT count(*) AS n FROM users WHERE id = ?").bind(account.userId).first<{ n: number }>())!.n).toBe(0);
    expect((await api("GET", "/api/persons/01940000-0000-7000-8000-000000000001", { token: enrolled.token })).status).toBe(403);
    // A provinsi with no kabupaten served has no account.
    expect(firstAccountProblem({ name: "A", kabupaten: "31" })).toMatch(/no kabupaten served/);
  });
});
