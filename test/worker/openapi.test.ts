import { describe, expect, it } from "vitest";
import { ROUTES } from "../../worker/http/route.ts";
import { api } from "./fixtures.ts";

describe("OpenAPI", () => {
  it("documents every route from the schemas that validate it", async () => {
    const res = await api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties?: boolean } }> } }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(ROUTES.length).toBeGreaterThanOrEqual(11);
    for (const r of ROUTES) {
      const op = doc.paths[r.path.replace(/:([A-Za-z]+)/g, "{$1}")]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
    }
    // The push body is the protocol's zod schema: strict objects and the mutation limit.
    const push = doc.paths["/api/sync/push"]!.post!.requestBody!.content["application/json"]!.schema as unknown as {
      properties: { mutations: { maxItems: number; items: { additionalProperties: boolean; required: string[] } } };
      additionalProperties: boolean;
    };
    expect(push.additionalProperties).toBe(false);
    expect(push.properties.mutations.maxItems).toBe(100);
    expect(push.properties.mutations.items.required).toEqual(expect.arrayContaining(["id", "entity", "entityId", "op", "baseVersion", "payload"]));
  });
});
