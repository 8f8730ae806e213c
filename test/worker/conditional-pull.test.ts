import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { matchingPullEtag, PULL_ETAG_MAX_AGE_MS, pullEtag } from "../../worker/services/pull.ts";
import { api, DESA_B, household, ids, mutation, person, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

/** Pull to the end as a phone does; the last page's cursor and ETag. */
async function catchUp(token: string) {
  let cursor: string | undefined;
  for (;;) {
    const res = await api("GET", `/api/sync/pull?${new URLSearchParams({ limit: "200", ...(cursor ? { cursor } : {}) })}`, { token });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    cursor = page.cursor;
    if (!page.hasMore) return { cursor, etag: res.headers.get("etag") };
    // Only the last page says "caught up": a page with more to come has no tag to hold.
    expect(res.headers.get("etag")).toBeNull();
  }
}

const conditional = (token: string, cursor: string, etag: string, headers: Record<string, string> = {}) =>
  api("GET", `/api/sync/pull?${new URLSearchParams({ cursor })}`, { token, headers: { "if-none-match": etag, ...headers } });

describe("conditional pull (issue 14: an idle phone)", () => {
  it("answers a caught-up phone 304 with no body, until something in its scope changes", async () => {
    const { cursor, etag } = await catchUp(tokens.pustu);
    expect(etag).toMatch(/^"p1\.[0-9a-z]+\.[0-9a-z]+"$/);

    const same = await conditional(tokens.pustu, cursor, etag!);
    expect(same.status).toBe(304);
    expect(same.headers.get("etag")).toBe(etag);
    expect(await same.text()).toBe("");

    // A change in another desa is not this phone's news.
    const hhB = uuidv7();
    expect((await pushAs(tokens.pustuB, [mutation("household", hhB, "create", household(DESA_B, ids.dusunB1))])).status).toBe(200);
    expect((await conditional(tokens.pustu, cursor, etag!)).status).toBe(304);

    // One in its own desa is: the full answer, with the change and a new cursor and tag.
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.kader, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
    const moved = await conditional(tokens.pustu, cursor, etag!);
    expect(moved.status).toBe(200);
    const page = (await moved.json()) as PullResponse;
    expect(page.changes.map((c) => c.id).sort()).toEqual([hh, p].sort());
    expect(page.hasMore).toBe(false);
    const next = moved.headers.get("etag");
    expect(next).toMatch(/^"p1\./);
    expect(next).not.toBe(etag);
    expect((await conditional(tokens.pustu, page.cursor, next!)).status).toBe(304);
  });

  it("answers in full a tag that was issued for another cursor, or none at all", async () => {
    const { cursor, etag } = await catchUp(tokens.pustuB);
    const other = await catchUp(tokens.camat);
    const res = await conditional(tokens.pustuB, cursor, other.etag!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as PullResponse).changes).toEqual([]);
    const plain = await api("GET", `/api/sync/pull?${new URLSearchParams({ cursor })}`, { token: tokens.pustuB });
    expect(plain.status).toBe(200);
    // A list of tags (RFC 9110 §13.1.2), the right one among them, weak or not.
    expect((await conditional(tokens.pustuB, cursor, `"x", W/${etag}`)).status).toBe(304);
  });

  it("still records the outbox report of a 304 for the devices list", async () => {
    const { cursor, etag } = await catchUp(tokens.pustu);
    const res = await conditional(tokens.pustu, cursor, etag!, { "X-Simpul-Outbox": "pending=4;rejected=1" });
    expect(res.status).toBe(304);
    const row = await env.DB.prepare("SELECT outbox_pending AS p, outbox_rejected AS r FROM devices WHERE outbox_pending = 4").first<{ p: number; r: number }>();
    expect(row).toEqual({ p: 4, r: 1 });
  });

  it("lets a tag age out after a day, so a quiet phone's cursor keeps up with the tombstone prune", () => {
    const now = Date.UTC(2026, 10, 20, 8);
    const tag = pullEtag("CURSOR", now);
    expect(matchingPullEtag(tag, "CURSOR", now + 60_000)).toBe(tag);
    expect(matchingPullEtag(tag, "CURSOR", now + PULL_ETAG_MAX_AGE_MS - 60_000)).toBe(tag);
    expect(matchingPullEtag(tag, "CURSOR", now + PULL_ETAG_MAX_AGE_MS)).toBeNull();
    expect(matchingPullEtag(tag, "OTHER", now)).toBeNull();
    // A tag from the future (a clock set back) is not trusted either.
    expect(matchingPullEtag(pullEtag("CURSOR", now + 3_600_000), "CURSOR", now)).toBeNull();
    expect(matchingPullEtag(undefined, "CURSOR", now)).toBeNull();
    expect(matchingPullEtag('"garbage"', "CURSOR", now)).toBeNull();
  });
});

describe("a 304's headers", () => {
  it("carry the validator and Cache-Control, not the headers of a body it does not have", async () => {
    const t = tokens;
    let cursor: string | undefined;
    let etag: string | null = null;
    for (;;) {
      const res = await api("GET", `/api/sync/pull?${new URLSearchParams({ limit: "500", ...(cursor ? { cursor } : {}) })}`, { token: t.kader });
      const page = (await res.json()) as PullResponse;
      cursor = page.cursor;
      etag = res.headers.get("etag");
      if (!page.hasMore) break;
    }
    const res = await conditional(t.kader, cursor, etag!);
    expect(res.status).toBe(304);
    expect([...res.headers.keys()].sort()).toEqual(["cache-control", "etag"]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
