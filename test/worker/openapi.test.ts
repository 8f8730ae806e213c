import { beforeAll, describe, expect, it } from "vitest";
import { can, type Permission, type Principal } from "../../domain/access/policy.ts";
import { DEFAULT_MAX_BODY_BYTES } from "../../worker/http/body.ts";
import { ROUTES, type RouteSpec } from "../../worker/http/route.ts";
import { api, kuaItem, routeKey as key, routeProbes, seedWorld, sendCall, type Call, type Probe, type ProbeWorld, type RoleName } from "./fixtures.ts";

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation & { requestBody?: { content: Record<string, { schema: unknown }> } }>> };

let tokens: Record<RoleName, string>;
let principals: Record<RoleName, Principal>;
let doc: Doc;
const world = {} as ProbeWorld;
const PROBES: Record<string, Probe> = routeProbes(world);

beforeAll(async () => {
  const seeded = await seedWorld();
  tokens = seeded.tokens;
  principals = {} as Record<RoleName, Principal>;
  for (const [name, token] of Object.entries(tokens) as [RoleName, string][]) {
    const me = (await (await api("GET", "/api/me", { token })).json()) as { user: { id: string } & Omit<Principal, "userId"> };
    const { id, ...rest } = me.user;
    principals[name] = { userId: id, ...rest } as Principal;
  }
  const res = await api("GET", "/api/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  // A commitment item of the KUA, for the photo routes.
  Object.assign(world, { ...seeded, itemKua: (await kuaItem(tokens)).itemId });
});

describe("OpenAPI", () => {
  it("documents every route from the schemas that validate it", async () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(ROUTES.length).toBeGreaterThanOrEqual(11);
    for (const r of ROUTES) {
      const op = doc.paths[docPath(r)]?.[r.method];
      expect(op, key(r)).toBeDefined();
    }
    // The push body is the protocol's zod schema: strict objects and the mutation limit.
    const push = doc.paths["/api/sync/push"]!.post!.requestBody!.content["application/json"]!.schema as {
      properties: { mutations: { maxItems: number; items: { additionalProperties: boolean; required: string[] } } };
      additionalProperties: boolean;
    };
    expect(push.additionalProperties).toBe(false);
    expect(push.properties.mutations.maxItems).toBe(100);
    expect(push.properties.mutations.items.required).toEqual(expect.arrayContaining(["id", "entity", "entityId", "op", "baseVersion", "payload"]));
  });
});

// ---------------------------------------------------------------------------------------------
// Every route, called for real: the documented statuses are the ones it answers.

const docPath = (r: Pick<RouteSpec, "path">) => r.path.replace(/:([A-Za-z]+)/g, "{$1}");
const send = (r: RouteSpec, call: Call, over: Parameters<typeof sendCall>[2] = {}) => sendCall(r.method, call, over);

describe("every route answers the statuses its document states", () => {
  it("has a successful call registered for each route in ROUTES, and none for a route that is gone", () => {
    const routes = ROUTES.map(key);
    expect(new Set(routes).size, "a route is defined twice").toBe(routes.length);
    expect(routes.filter((k) => !(k in PROBES)), "routes without a call in PROBES (test/worker/openapi.test.ts)").toEqual([]);
    expect(Object.keys(PROBES).filter((k) => !routes.includes(k)), "calls in PROBES for routes that do not exist").toEqual([]);
  });

  it.each(Object.keys(PROBES))("%s", async (k) => {
    const r = ROUTES.find((x) => key(x) === k);
    expect(r, `${k} is not in ROUTES`).toBeDefined();
    const route = r!;
    const probe = PROBES[k]!;
    const op = doc.paths[docPath(route)]![route.method]!;
    const documented = Object.keys(op.responses);
    const token = probe.as ? tokens[probe.as] : null;
    const call = await probe.call();
    const answered: Record<string, number> = {};

    // The refusals come first: each is decided before the handler runs, so nothing changes.
    if (route.auth !== "public") {
      answered["no token"] = (await send(route, call, { token: null })).status;
      expect(answered["no token"], `${k} without a token`).toBe(401);
    }
    if (route.auth !== "public" && route.auth !== "authenticated") {
      const perm: Permission = route.auth;
      const outsider = (Object.keys(principals) as RoleName[]).find((n) => !can(principals[n], perm));
      expect(outsider, `a test device whose role lacks ${perm}`).toBeDefined();
      answered[`as ${outsider} (lacks ${perm})`] = (await send(route, call, { token: tokens[outsider!] })).status;
      expect(answered[`as ${outsider} (lacks ${perm})`], `${k} as ${outsider}`).toBe(403);
    }
    if (route.params) {
      const bad = call.path.replace(/^[^?]*/, route.path.replace(/:[A-Za-z]+/g, "not-an-id"));
      answered["malformed path parameter"] = (await send(route, call, { token, path: bad })).status;
      expect(answered["malformed path parameter"], `${k} with a malformed path parameter`).toBe(422);
    }
    if (route.query) {
      const bad = `${call.path}${call.path.includes("?") ? "&" : "?"}unknownParameter=1`;
      answered["unknown query parameter"] = (await send(route, call, { token, path: bad })).status;
      expect(answered["unknown query parameter"], `${k} with an unknown query parameter`).toBe(422);
    }
    if (route.body) {
      answered["malformed JSON"] = (await send(route, call, { token, raw: "{" })).status;
      expect(answered["malformed JSON"], `${k} with malformed JSON`).toBe(400);
      answered["a body of the wrong shape"] = (await send(route, call, { token, body: [] })).status;
      expect(answered["a body of the wrong shape"], `${k} with an array for a body`).toBe(422);
      const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      answered["a body over the limit"] = (await send(route, call, { token, raw: `"${"x".repeat(limit)}"` })).status;
      expect(answered["a body over the limit"], `${k} with ${limit + 3} bytes`).toBe(413);
    }
    for (const [what, status] of Object.entries(answered)) {
      expect(documented, `${k} answers ${status} for ${what}; its document lists ${documented.join(", ")}`).toContain(String(status));
    }

    // The real call, as a device allowed to make it.
    const res = await send(route, call, { token });
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const text = type === "application/json" || res.status === 204 ? await res.text() : `(${type})`;
    expect(res.status, `${k}: ${text.slice(0, 300)}`).toBe(route.status);
    expect(documented.filter((s) => s.startsWith("2")), `${k}: documented success statuses`).toEqual([String(route.status)]);
    const success = op.responses[String(route.status)]!;
    if (route.status === 204) {
      expect(text).toBe("");
      expect(success.content).toBeUndefined();
    } else {
      expect(Object.keys(success.content ?? {}), `${k} answers ${type}`).toContain(type);
    }
  });
});
