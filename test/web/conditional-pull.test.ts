import { describe, expect, it } from "vitest";
import { SyncEngine } from "../../web/src/sync/engine.ts";
import { HttpTransport } from "../../web/src/sync/http.ts";
import { META } from "../../web/src/store/local.ts";
import { FakeTransport, freshStore, ManualTimers, personChange } from "./fakes.ts";

/** Issue 14: an unchanged pull costs one bodiless 304 (docs/SYNC.md, "Conditional pull"). */
async function setup() {
  const store = await freshStore();
  const transport = new FakeTransport();
  transport.etags = true;
  const engine = new SyncEngine({ transport, store, timers: new ManualTimers(), random: () => 0.5, pullLimit: 10 });
  await engine.init();
  return { store, transport, engine };
}

describe("conditional pull on the phone", () => {
  it("keeps the last page's tag with its cursor, sends it back, and takes a 304 as nothing new", async () => {
    const { store, transport, engine } = await setup();
    transport.servePages(Array.from({ length: 25 }, (_, i) => personChange(i + 1)), 10);
    await engine.sync("start");
    // A first sync has no cursor, so nothing to make conditional; the pages in between carry no tag.
    expect(transport.pulls).toEqual([null, "c1", "c2"]);
    expect(transport.ifNoneMatch).toEqual([undefined, undefined, undefined]);
    expect(await store.cursor()).toBe("c3");
    expect(await store.getMeta(META.pullEtag)).toBe('"t:c3"');

    const seen: number[] = [];
    engine.subscribe((s) => seen.push(s.counts.pending));
    await engine.sync("periodic");
    expect(transport.pulls.slice(3)).toEqual(["c3"]);
    expect(transport.ifNoneMatch.slice(3)).toEqual(['"t:c3"']);
    // Not modified: the cursor, the tag and the rows stay; the cycle still counts as a sync.
    expect(await store.cursor()).toBe("c3");
    expect(await store.getMeta(META.pullEtag)).toBe('"t:c3"');
    expect(await store.list("person")).toHaveLength(25);
    expect(engine.state.error).toBeNull();
    expect(engine.state.lastSyncAt).not.toBeNull();

    // Something new: the full answer lands, and its new tag replaces the old one.
    transport.pages.set("c3", { changes: [personChange(26)], cursor: "c4", hasMore: false, reset: false, remaining: 0 });
    transport.pages.set("c4", { changes: [], cursor: "c4", hasMore: false, reset: false, remaining: 0 });
    await engine.sync("periodic");
    expect(transport.ifNoneMatch.at(-1)).toBe('"t:c3"');
    expect(await store.list("person")).toHaveLength(26);
    expect(await store.cursor()).toBe("c4");
    expect(await store.getMeta(META.pullEtag)).toBe('"t:c4"');
  });

  it("drops the tag when a cursor comes without one, and with the cursor", async () => {
    const { store, transport, engine } = await setup();
    transport.servePages([personChange(1)], 10);
    await engine.sync("start");
    expect(await store.getMeta(META.pullEtag)).toBe('"t:c1"');
    // A server without conditional pulls (an older worker): no tag, so none is sent next time.
    transport.etags = false;
    transport.pages.set("c1", { changes: [personChange(2)], cursor: "c2", hasMore: false, reset: false, remaining: 0 });
    transport.pages.set("c2", { changes: [], cursor: "c2", hasMore: false, reset: false, remaining: 0 });
    await engine.sync("periodic");
    expect(await store.getMeta(META.pullEtag)).toBeUndefined();
    await engine.sync("periodic");
    expect(transport.ifNoneMatch.at(-1)).toBeUndefined();
    transport.etags = true;
    await engine.sync("periodic");
    expect(await store.getMeta(META.pullEtag)).toBe('"t:c2"');
    await store.clearCursor();
    expect(await store.getMeta(META.pullEtag)).toBeUndefined();
  });

  it("HttpTransport sends If-None-Match with the cursor and reads a 304 as not modified", async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    let answer: () => Response = () => new Response(null, { status: 304, headers: { etag: '"p1.a.b"' } });
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      calls.push({ url, headers: init!.headers as Record<string, string> });
      return answer();
    }) as unknown as typeof fetch;
    const http = new HttpTransport(() => "t", "http://simpul.test", fetchImpl);

    const page = await http.pull("CUR", 500, { pending: 0, rejected: 0 }, '"p1.a.b"');
    expect(calls[0]!.headers["if-none-match"]).toBe('"p1.a.b"');
    expect(calls[0]!.url).toContain("cursor=CUR");
    expect(page).toMatchObject({ notModified: true, changes: [], cursor: "CUR", hasMore: false, reset: false });

    // No cursor, no condition: a tag means "this cursor, nothing new since".
    answer = () => Response.json({ changes: [], cursor: "C2", hasMore: false, reset: false, remaining: 0 }, { headers: { etag: '"p1.c.d"' } });
    const full = await http.pull(null, 500, undefined, '"p1.a.b"');
    expect(calls[1]!.headers["if-none-match"]).toBeUndefined();
    expect(full).toMatchObject({ cursor: "C2", etag: '"p1.c.d"' });
    expect(full.notModified).toBeUndefined();
  });
});
