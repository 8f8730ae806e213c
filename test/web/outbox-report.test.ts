import { describe, expect, it } from "vitest";
import { formatOutboxReport, parseOutboxReport } from "../../domain/sync/outbox-report.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { SyncEngine } from "../../web/src/sync/engine.ts";
import { HttpTransport } from "../../web/src/sync/http.ts";
import { FakeTransport, freshStore, ManualTimers } from "./fakes.ts";

const HH = "0190a000-0000-7000-8000-aaaaaaaaaaaa";
const person = (name: string) => ({ householdId: HH, name, sex: "P", birthDate: "1990-01-01", birthDatePrecision: "year", nik: null, relation: null, phone: null, jkn: null, pregnant: false });

describe("the outbox report a pull carries (X-Simpul-Outbox)", () => {
  it("round-trips and refuses anything but the exact shape", () => {
    expect(formatOutboxReport({ pending: 3, rejected: 1 })).toBe("pending=3;rejected=1");
    expect(parseOutboxReport("pending=3;rejected=1")).toEqual({ pending: 3, rejected: 1 });
    expect(parseOutboxReport(" pending=3; rejected=1 ")).toEqual({ pending: 3, rejected: 1 });
    for (const bad of ["", "pending=3", "pending=-1;rejected=0", "pending=1.5;rejected=0", "rejected=1;pending=3", "pending=2000000;rejected=0", "pending=1;rejected=1;x=1"]) {
      expect(parseOutboxReport(bad), bad).toBeNull();
    }
  });

  it("is sent on the first page of a cycle with what the outbox holds after the push, and not on later pages", async () => {
    const store = await freshStore();
    const transport = new FakeTransport();
    transport.servePages([], 10);
    // Two mutations: one the server refuses, one it applies.
    const refused = uuidv7();
    transport.onPush = (ms) => ms.map((m) => (m.entityId === refused ? { id: m.id, status: "rejected", error: { code: "forbidden", message: "no" } } : { id: m.id, status: "applied", version: 1 }));
    const engine = new SyncEngine({ transport, store, timers: new ManualTimers(), random: () => 0.5, now: () => 1_700_000_000_000 });
    await engine.init();
    await store.save("person", refused, person("A"));
    await store.save("person", uuidv7(), person("B"));
    await engine.sync("manual");
    expect(transport.reports).toEqual([{ pending: 0, rejected: 1 }]);

    // Several pages: only the first carries the report.
    transport.pages.clear();
    transport.servePages([], 10);
    transport.pages.set("", { changes: [], cursor: "p2", hasMore: true, reset: false, remaining: 0 });
    transport.pages.set("p2", { changes: [], cursor: "p3", hasMore: false, reset: false, remaining: 0 });
    transport.reports = [];
    await store.clearCursor();
    await engine.sync("manual");
    expect(transport.reports).toEqual([{ pending: 0, rejected: 1 }, undefined]);
  });

  it("travels as a header of the pull request", async () => {
    const seen: Headers[] = [];
    const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers));
      return new Response(JSON.stringify({ changes: [], cursor: "c", hasMore: false, reset: false, remaining: 0 }), { status: 200 });
    }) as typeof fetch;
    const http = new HttpTransport(() => "t".repeat(40), "http://simpul.test", fetchImpl);
    await http.pull(null, 50, { pending: 7, rejected: 0 });
    await http.pull("c", 50);
    expect(seen[0]!.get("x-simpul-outbox")).toBe("pending=7;rejected=0");
    expect(seen[1]!.has("x-simpul-outbox")).toBe(false);
  });
});
