import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PUSH_BYTES, type PushResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, household, mutation, person, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * The push as it goes over the wire: gzipped by the phone (web/src/sync/http.ts, tested in
 * test/web/push-wire.test.ts) and read by the worker (worker/http/body.ts).
 */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

/** Gzip as the phone does it (CompressionStream). */
const gzipped = async (value: unknown) =>
  new Uint8Array(await new Response(new Blob([JSON.stringify(value)]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());

function pushRaw(body: BodyInit, headers: Record<string, string>) {
  return api("POST", "/api/sync/push", { token: tokens.pustu, raw: body, headers: { "content-type": "application/json", ...headers } });
}

describe("push over the wire", () => {
  it("applies a gzipped push (Content-Encoding: gzip) exactly as a plain one", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    const rec = uuidv7();
    const body = { mutations: [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh)), mutation("record", rec, "create", visit(p))] };
    const res = await pushRaw(await gzipped(body), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    const json = (await res.json()) as PushResponse;
    expect(json.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    const row = await env.DB.prepare("SELECT person_id, derived FROM records WHERE id = ?").bind(rec).first<{ person_id: string; derived: string }>();
    expect(row?.person_id).toBe(p);
    // The server derived the record itself: the phone did not send `derived`.
    expect(JSON.parse(row!.derived)).toMatchObject({ form: expect.stringMatching(/^anc@/) });
  });

  it("holds the inflated body to the push limit (413), and refuses what is not gzip (400)", async () => {
    // A small gzip that inflates beyond MAX_PUSH_BYTES: refused without holding it all.
    const bomb = await gzipped({ mutations: [], pad: "x".repeat(MAX_PUSH_BYTES + 10) });
    expect(bomb.byteLength).toBeLessThan(MAX_PUSH_BYTES / 10);
    const big = await pushRaw(bomb, { "content-encoding": "gzip" });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");

    const broken = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4]);
    const bad = await pushRaw(broken, { "content-encoding": "gzip" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  });
});
