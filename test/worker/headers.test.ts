import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { API_CSP, HSTS, PHOTO_CSP } from "../../domain/http/security-headers.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import worker from "../../worker/index.ts";
import { api, kuaItem, seedWorld, type RoleName } from "./fixtures.ts";

/** Issue 9, item 3: the headers on API answers (the app's static files: test/e2e/csp.test.ts). */
let tokens: Record<RoleName, string>;
let photoId: string;

/** A tiny synthetic "JPEG": its signature, then noise. */
function fakeJpeg(size: number) {
  const b = crypto.getRandomValues(new Uint8Array(size));
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}
const sha = async (b: Uint8Array) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", b)), (x) => x.toString(16).padStart(2, "0")).join("");

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  const itemKua = (await kuaItem(tokens)).itemId;
  const photo = fakeJpeg(2048);
  photoId = uuidv7();
  const decl = { id: photoId, itemId: itemKua, contentType: "image/jpeg", size: photo.byteLength, sha256: await sha(photo) };
  expect((await api("POST", "/api/photos", { token: tokens.mitraKua, body: decl })).status).toBe(201);
  const put = await api("PUT", `/api/photos/${photoId}?offset=0`, { token: tokens.mitraKua, raw: photo, headers: { "content-type": "application/octet-stream" } });
  expect(((await put.json()) as { completed: boolean }).completed).toBe(true);
});

/** The headers every API answer carries, whatever its status. */
function expectApiHeaders(res: Response, what: string) {
  const h = Object.fromEntries(res.headers);
  expect(h, what).toMatchObject({
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
  });
  expect(h["content-security-policy"], what).toBeDefined();
  expect(h["strict-transport-security"], `${what}: no HSTS outside production`).toBeUndefined();
}

describe("security headers on API answers", () => {
  it("public answers: nosniff, Referrer-Policy, the API's CSP, no-store", async () => {
    for (const res of [
      await api("GET", "/api/health"),
      await api("GET", "/api/openapi.json"),
      await api("POST", "/api/enroll", { body: { code: "ZZZZ-ZZZZ" } }),
    ]) {
      expectApiHeaders(res, res.url);
      expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    }
    expect(API_CSP).toContain("default-src 'none'");
    expect(API_CSP).toContain("frame-ancestors 'none'");
  });

  it("authenticated answers are no-store, and so are their errors (401, 403, 400, 422, 404)", async () => {
    const cases: [string, Promise<Response>, number][] = [
      ["me", api("GET", "/api/me", { token: tokens.pustu }), 200],
      ["pull", api("GET", "/api/sync/pull", { token: tokens.pustu }), 200],
      ["no token", api("GET", "/api/me"), 401],
      ["bad token", api("GET", "/api/sync/pull", { token: "x".repeat(43) }), 401],
      ["role lacks permission", api("GET", "/api/admin/users", { token: tokens.pustu }), 403],
      ["invalid body", api("POST", "/api/sync/push", { token: tokens.pustu, body: { mutations: "no" } }), 422],
      ["not JSON", api("POST", "/api/sync/push", { token: tokens.pustu, raw: "{", headers: { "content-type": "application/json" } }), 400],
      ["no such person", api("GET", `/api/persons/${uuidv7()}`, { token: tokens.pustu }), 404],
      ["no such route", api("GET", "/api/nowhere", { token: tokens.pustu }), 404],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      expectApiHeaders(res, what);
      expect(res.headers.get("content-security-policy"), what).toBe(API_CSP);
    }
  });

  it("photo content: its own type, nosniff, a sandboxed CSP that loads nothing else, no-store", async () => {
    const res = await api("GET", `/api/photos/${photoId}/content`, { token: tokens.camat });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expectApiHeaders(res, "photo");
    expect(res.headers.get("content-security-policy")).toBe(PHOTO_CSP);
    expect(PHOTO_CSP).toMatch(/default-src 'none'.*; sandbox$/);
    await res.arrayBuffer();
  });

  it("HSTS in production only, on answers and errors alike", async () => {
    const call = async (environment: string, path: string, token?: string) => {
      const ctx = createExecutionContext();
      const req = new Request(`https://simpul.test${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      const res = await worker.fetch(req, { ...env, ENVIRONMENT: environment }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    for (const [path, token, status] of [["/api/health", undefined, 200], ["/api/me", tokens.pustu, 200], ["/api/me", undefined, 401], ["/api/nowhere", undefined, 404]] as const) {
      const prod = await call("production", path, token);
      expect(prod.status, path).toBe(status);
      expect(prod.headers.get("strict-transport-security"), path).toBe(HSTS);
      expect(prod.headers.get("cache-control"), path).toBe("no-store");
      const dev = await call("development", path, token);
      expect(dev.status, path).toBe(status);
      expect(dev.headers.get("strict-transport-security"), path).toBeNull();
    }
    expect(HSTS).toMatch(/^max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(HSTS)![1])).toBeGreaterThanOrEqual(31536000);
  });
});
