import { describe, expect, it } from "vitest";
import type { OutboxReport } from "../../domain/sync/outbox-report.ts";
import type { Change } from "../../domain/sync/protocol.ts";
import { FIRST_SYNC_PULL_LIMIT, SyncEngine } from "../../web/src/sync/engine.ts";
import type { LocalStore } from "../../web/src/store/local.ts";
import { TransportError, type PulledPage } from "../../web/src/sync/transport.ts";
import { FakeTransport, freshStore, ManualTimers, personChange } from "./fakes.ts";

/**
 * Issue 14, a first sync on 2G: the pages grow after the first, and the next page is on its way
 * while the phone writes the current one (scripts/bench-first-sync.ts measures the time).
 */
class PagedTransport extends FakeTransport {
  log: string[] = [];
  limits: number[] = [];
  constructor(private readonly all: Change[]) {
    super();
  }
  override async pull(cursor: string | null, limit = 0, _outbox?: OutboxReport): Promise<PulledPage> {
    this.pulls.push(cursor);
    this.limits.push(limit);
    this.log.push(`fetch ${cursor ?? "-"}`);
    const f = this.failPull.shift();
    if (f) throw f;
    const from = cursor ? Number(cursor) : 0;
    const changes = this.all.slice(from, from + limit);
    const to = from + changes.length;
    return { changes, cursor: String(to), hasMore: to < this.all.length, reset: false, remaining: this.all.length - to };
  }
}

function logWrites(store: LocalStore, log: string[]) {
  const apply = store.applyPullPage.bind(store);
  store.applyPullPage = async (page, progress, etag) => {
    log.push(`write ${page.cursor}`);
    await apply(page, progress, etag);
  };
}

describe("first sync pages", () => {
  it("start at the ordinary size, then grow, and fetch the next page before writing the current one", async () => {
    const store = await freshStore();
    const transport = new PagedTransport(Array.from({ length: 90 }, (_, i) => personChange(i + 1)));
    logWrites(store, transport.log);
    const engine = new SyncEngine({ transport, store, timers: new ManualTimers(), pullLimit: 10, firstPullLimit: 40 });
    await engine.init();
    await engine.sync("start");
    expect(transport.limits).toEqual([10, 40, 40]);
    // Each next page was asked for before the page before it was written.
    expect(transport.log).toEqual(["fetch -", "fetch 10", "write 10", "fetch 50", "write 50", "write 90"]);
    expect(await store.list("person")).toHaveLength(90);
    expect(await store.cursor()).toBe("90");

    // Caught up: the ordinary size again.
    (transport as unknown as { all: Change[] }).all.push(personChange(91));
    await engine.sync("periodic");
    expect(transport.limits.at(-1)).toBe(10);
    expect(await store.list("person")).toHaveLength(91);
  });

  it("defaults to the largest page the server allows for a first sync", () => {
    expect(FIRST_SYNC_PULL_LIMIT).toBe(2000);
  });

  it("a page fetched ahead that fails leaves the cursor at the last page written, and the next cycle resumes there", async () => {
    const store = await freshStore();
    const transport = new PagedTransport(Array.from({ length: 30 }, (_, i) => personChange(i + 1)));
    const engine = new SyncEngine({ transport, store, timers: new ManualTimers(), random: () => 0.5, pullLimit: 10, firstPullLimit: 10 });
    await engine.init();
    transport.failPull = [null, new TransportError(0, "network", "no signal")];
    await engine.sync("start");
    expect(engine.state.offline).toBe(true);
    expect(await store.cursor()).toBe("10");
    expect(await store.list("person")).toHaveLength(10);
    await engine.sync("manual");
    expect(transport.pulls.slice(2)).toEqual(["10", "20"]);
    expect(await store.list("person")).toHaveLength(30);
  });
});
