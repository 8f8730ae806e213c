import "fake-indexeddb/auto";
import { changedFields, mergeFields } from "../../domain/sync/merge.ts";
import type { OutboxReport } from "../../domain/sync/outbox-report.ts";
import type { Change, Mutation, MutationResult, PullResponse } from "../../domain/sync/protocol.ts";
import { Cipher } from "../../web/src/store/cipher.ts";
import { openSimpulDB } from "../../web/src/store/db.ts";
import { LocalStore } from "../../web/src/store/local.ts";
import type { Timers } from "../../web/src/sync/engine.ts";
import { TransportError, type EnrollResponse, type MeResponse, type PulledPage, type Transport } from "../../web/src/sync/transport.ts";

let n = 0;
/** A store as the app has it after the PIN: unlocked with a random data key. */
export async function freshStore(): Promise<LocalStore> {
  const store = await LocalStore.open(`simpul-test-${++n}-${Math.random()}`);
  store.unlock(await Cipher.random());
  return store;
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
  private held: { entered: () => void; gate: Promise<void> } | null = null;

  /** Keep the next push on the wire until `release()`: its answer is still on the way. `sent` resolves once it left. */
  hold(): { sent: Promise<void>; release: () => void } {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent = new Promise<void>((r) => (entered = r));
    this.held = { entered, gate };
    return { sent, release };
  }

  enroll(): Promise<EnrollResponse> {
    throw new Error("not used");
  }
  recover(): Promise<EnrollResponse> {
    throw new Error("not used");
  }
  me(): Promise<MeResponse> {
    throw new Error("not used");
  }
  request<T>(): Promise<T> {
    throw new Error("not used");
  }

  async push(ms: Mutation[]): Promise<{ results: MutationResult[] }> {
    this.pushes.push(ms);
    const held = this.held;
    if (held) {
      this.held = null;
      held.entered();
      await held.gate;
    }
    const f = this.failPush.shift();
    if (f) throw f;
    const r = this.onPush(ms);
    if (r instanceof Error) throw r;
    return { results: r };
  }

  /** The outbox report each pull carried (undefined: none). */
  reports: (OutboxReport | undefined)[] = [];

  /** The If-None-Match each pull carried (undefined: none). */
  ifNoneMatch: (string | undefined)[] = [];
  /**
   * Conditional pulls as the worker answers them (routes/sync.ts): a last page carries the tag
   * `"t:<its cursor>"`, and a pull with that tag and nothing new after its cursor is a 304.
   */
  etags = false;

  async pull(cursor: string | null, _limit?: number, outbox?: OutboxReport, ifNoneMatch?: string): Promise<PulledPage> {
    this.pulls.push(cursor);
    this.reports.push(outbox);
    this.ifNoneMatch.push(ifNoneMatch);
    const f = this.failPull.shift();
    if (f) throw f;
    const page = this.pages.get(cursor ?? "");
    if (!page) throw new TransportError(400, "invalid_cursor", "no such cursor");
    if (!this.etags || page.hasMore || page.reset) return page;
    if (cursor && ifNoneMatch === `"t:${cursor}"` && page.changes.length === 0) {
      return { changes: [], cursor, hasMore: false, reset: false, remaining: 0, notModified: true, etag: ifNoneMatch };
    }
    return { ...page, etag: `"t:${page.cursor}"` };
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

/**
 * A server with the real field merge (domain/sync/merge.ts) and receipts, as worker/services/push.ts
 * decides: a create of a new row is version 1; a mutation based on an older version merges with the
 * fields changed since, and a field both sides changed to different values is a conflict. Like the
 * worker, applying a record also creates the referrals it makes (`derives`), before the phone's own
 * create of them arrives. Use as `transport.onPush = server.push`.
 */
export class FieldServer {
  rows = new Map<string, { version: number; data: Record<string, unknown>; history: { version: number; fields: string[] }[] }>();
  receipts = new Map<string, MutationResult>();
  /** The referrals the server makes when it applies a record: record id → referral id and data. */
  derives = new Map<string, { id: string; data: Record<string, unknown> }[]>();
  answers: MutationResult[] = [];

  push = (ms: Mutation[]): MutationResult[] => ms.map((m) => this.apply(m));

  data(entity: string, id: string): Record<string, unknown> | undefined {
    return this.rows.get(`${entity}:${id}`)?.data;
  }

  private create(key: string, data: Record<string, unknown>) {
    this.rows.set(key, { version: 1, data: { ...data }, history: [{ version: 1, fields: Object.keys(data) }] });
  }

  apply(m: Mutation): MutationResult {
    const seen = this.receipts.get(m.id);
    if (seen) return this.answer({ ...seen, status: "duplicate", originalStatus: seen.status as "applied" | "conflict" });
    const key = `${m.entity}:${m.entityId}`;
    const row = this.rows.get(key);
    let result: MutationResult;
    if (!row) {
      if (m.op !== "create") return this.answer({ id: m.id, status: "rejected", error: { code: "not_found", message: `${key} does not exist` } });
      this.create(key, m.payload);
      result = { id: m.id, status: "applied", version: 1 };
    } else {
      const since = new Set(row.history.filter((h) => h.version > m.baseVersion).flatMap((h) => h.fields));
      const { apply, conflicts } = mergeFields(row.data, m.payload, since);
      const fields = changedFields(row.data, apply);
      if (fields.length || conflicts.length) {
        row.version += 1;
        row.data = { ...row.data, ...apply };
        row.history.push({ version: row.version, fields });
      }
      // As the server answers a stale edit (worker/services/push/decide.ts): what others changed.
      const changed = Object.fromEntries(
        [...since].filter((f) => f in row.data && (!(f in m.payload) || changedFields({ [f]: m.payload[f] }, { [f]: row.data[f] }).length)).map((f) => [f, row.data[f]]),
      );
      const extra = { ...(since.size && !conflicts.length ? { merged: true } : {}), ...(Object.keys(changed).length ? { changed } : {}) };
      result = conflicts.length ? { id: m.id, status: "conflict", version: row.version, conflicts, ...extra } : { id: m.id, status: "applied", version: row.version, ...extra };
    }
    if (m.entity === "record") {
      for (const d of this.derives.get(m.entityId) ?? []) if (!this.rows.has(`referral:${d.id}`)) this.create(`referral:${d.id}`, d.data);
    }
    this.receipts.set(m.id, result);
    return this.answer(result);
  }

  private answer(r: MutationResult): MutationResult {
    this.answers.push(r);
    return r;
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

type StoreName = "rows" | "outbox" | "notices" | "meta" | "drafts";

/**
 * Every byte these stores of a database hold (values, and keys where asked), as text with buffers
 * decoded as UTF-8: what a copied phone profile reveals.
 */
export async function rawIdbText(name: string, stores: readonly StoreName[], opts: { keysOf?: readonly StoreName[] } = {}): Promise<string> {
  const db = await openSimpulDB(name);
  const parts: string[] = [];
  const dec = new TextDecoder("utf-8", { fatal: false });
  const walk = (v: unknown): void => {
    if (v instanceof ArrayBuffer) parts.push(dec.decode(v));
    else if (ArrayBuffer.isView(v)) parts.push(dec.decode(v as Uint8Array));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) (parts.push(k), walk(x));
    else parts.push(String(v));
  };
  for (const s of stores) walk(await db.getAll(s));
  for (const s of opts.keysOf ?? []) walk(await db.getAllKeys(s));
  db.close();
  return parts.join("\n");
}
