import "fake-indexeddb/auto";
import type { Change, Mutation, MutationResult, PullResponse } from "../../domain/sync/protocol.ts";
import { LocalStore } from "../../web/src/store/local.ts";
import type { Timers } from "../../web/src/sync/engine.ts";
import { TransportError, type EnrollResponse, type MeResponse, type Transport } from "../../web/src/sync/transport.ts";

let n = 0;
export async function freshStore(): Promise<LocalStore> {
  return LocalStore.open(`simpul-test-${++n}-${Math.random()}`);
}

/** Timers that never fire on their own: tests read what was scheduled and fire it by hand. */
export class ManualTimers implements Timers {
  scheduled: { id: number; ms: number; fn: () => void }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.scheduled.push({ id, ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.scheduled = this.scheduled.filter((t) => t.id !== h);
  }
  delays(): number[] {
    return this.scheduled.map((t) => t.ms);
  }
  fire(ms: number): void {
    const t = this.scheduled.find((x) => x.ms === ms);
    if (!t) throw new Error(`no timer of ${ms} ms`);
    this.clearTimeout(t.id);
    t.fn();
  }
}

type PushHandler = (ms: Mutation[]) => MutationResult[] | Error;

/**
 * A scripted server: pages of changes keyed by cursor, and a push handler. Failures are queued
 * per call so tests can say "the 3rd pull loses its signal".
 */
export class FakeTransport implements Transport {
  pushes: Mutation[][] = [];
  pulls: (string | null)[] = [];
  pages = new Map<string, PullResponse>();
  failPull: (Error | null)[] = [];
  failPush: (Error | null)[] = [];
  onPush: PushHandler = (ms) => ms.map((m) => ({ id: m.id, status: "applied", version: m.op === "create" ? 1 : m.baseVersion + 1 }));

  enroll(): Promise<EnrollResponse> {
    throw new Error("not used");
  }
  me(): Promise<MeResponse> {
    throw new Error("not used");
  }

  async push(ms: Mutation[]): Promise<{ results: MutationResult[] }> {
    this.pushes.push(ms);
    const f = this.failPush.shift();
    if (f) throw f;
    const r = this.onPush(ms);
    if (r instanceof Error) throw r;
    return { results: r };
  }

  async pull(cursor: string | null): Promise<PullResponse> {
    this.pulls.push(cursor);
    const f = this.failPull.shift();
    if (f) throw f;
    const page = this.pages.get(cursor ?? "");
    if (!page) throw new TransportError(400, "invalid_cursor", "no such cursor");
    return page;
  }

  /** Serve `changes` in pages of `size`, cursors "c1", "c2", … */
  servePages(changes: Change[], size: number, opts: { reset?: boolean } = {}): void {
    let cursor = "";
    for (let i = 0; i < changes.length || i === 0; i += size) {
      const next = `c${i / size + 1}`;
      const slice = changes.slice(i, i + size);
      const hasMore = i + size < changes.length;
      this.pages.set(cursor, { changes: slice, cursor: next, hasMore, reset: !!opts.reset && i === 0, remaining: Math.max(0, changes.length - i - size) });
      cursor = next;
      if (changes.length === 0) break;
    }
    this.pages.set(cursor, { changes: [], cursor, hasMore: false, reset: false, remaining: 0 });
  }
}

export const offline = () => new TransportError(0, "network", "Failed to fetch");

export function personChange(i: number, extra: Partial<Change> = {}): Change {
  return {
    entity: "person",
    id: `0190a000-0000-7000-8000-${String(i).padStart(12, "0")}`,
    version: 1,
    seq: i,
    deleted: false,
    data: { householdId: "0190a000-0000-7000-8000-aaaaaaaaaaaa", name: `Orang ${i}`, sex: "P", birthDate: "1995-01-01", birthDatePrecision: "year", nik: null, relation: null, phone: null, jkn: null, pregnant: false },
    ...extra,
  };
}
