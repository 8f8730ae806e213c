import { DEFAULT_PULL_LIMIT, MAX_MUTATIONS_PER_PUSH, MAX_PULL_LIMIT, MAX_PUSH_BYTES } from "../../../domain/sync/limits.ts";
import type { OutboxReport } from "../../../domain/sync/outbox-report.ts";
import type { MutationResult } from "../../../domain/sync/protocol.ts";
import { META, type LocalStore, type OutboxCounts, type PullProgress } from "../store/local.ts";
import type { OutboxItem } from "../store/db.ts";
import { backoffDelay } from "./backoff.ts";
import { estimateRemainingMs, type PullRun } from "./progress.ts";
import { TransportError, type PulledPage, type Transport } from "./transport.ts";

/**
 * Changes per page while the phone pulls its area from scratch (a first sync, or after a reset).
 * Every page costs a round trip: at 300 ms of latency, 22 pages of 500 spent 7 s of a 10,000-record
 * pekon's first sync on waiting alone (scripts/bench-first-sync.ts). The server allows up to
 * MAX_PULL_LIMIT; a page of 2,000 visits is about 1.4 MB of JSON in memory at once.
 */
export const FIRST_SYNC_PULL_LIMIT = MAX_PULL_LIMIT;

/** A save is sent shortly after, so a run of quick edits goes in one push. */
export const SAVE_SYNC_DELAY_MS = 1_500;
/** Sync in the background this often while the app is open and visible. */
export const PERIODIC_SYNC_MS = 5 * 60_000;
/**
 * While nothing changes, the background sync backs off, doubling up to this (issue 14: an idle
 * phone left open costs its user at most 20 KB of prepaid data a day). A save, a regained signal
 * and coming back to the app still sync at once; the first cycle that moves data resets it.
 */
export const IDLE_SYNC_MAX_MS = 60 * 60_000;

/** The background interval after `quiet` cycles in a row that moved nothing: 5, 10, 20, 40, 60 minutes. */
export function periodicDelay(quiet: number): number {
  return Math.min(IDLE_SYNC_MAX_MS, PERIODIC_SYNC_MS * 2 ** Math.max(0, Math.min(quiet, 20) - 1));
}
/** Coming back to the app syncs only if the last try is older than this. */
export const VISIBLE_RESYNC_MS = 30_000;
/**
 * A User Timing measure of one step of a pull (`simpul:pull:fetch`, `simpul:pull:apply`), for
 * scripts/bench-first-sync.ts and the DevTools performance panel. Cheap; absent outside a browser.
 */
export function measurePull(step: string, start: number): void {
  if (typeof performance !== "undefined" && typeof performance.measure === "function") performance.measure(`simpul:pull:${step}`, { start, end: performance.now() });
}

/** A runaway server answer (hasMore forever) must not spin the phone. */
const MAX_PAGES_PER_CYCLE = 10_000;

export type SyncReason = "start" | "online" | "visible" | "save" | "manual" | "periodic" | "retry";

export interface SyncError {
  status: number;
  code: string;
  message: string;
}

export interface SyncState {
  phase: "idle" | "pushing" | "pulling";
  lastSyncAt: number | null;
  lastAttemptAt: number | null;
  /** The last cycle failed because no answer came (no signal). */
  offline: boolean;
  /** ok, or why the server refused this device; both stop automatic syncing. */
  auth: "ok" | "unauthenticated" | "revoked";
  error: SyncError | null;
  counts: OutboxCounts;
  /**
   * First sync (or after a reset): received / total from the pull's `remaining`, bytes received,
   * and the time the rest should take at this run's pace (null before a page arrived).
   */
  progress: (PullProgress & { etaMs: number | null }) | null;
  attempt: number;
  nextRetryAt: number | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EngineOptions {
  transport: Transport;
  store: LocalStore;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  pullLimit?: number;
  /** Changes per page of a first sync (default FIRST_SYNC_PULL_LIMIT; pullLimit when only that is given). */
  firstPullLimit?: number;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * The outbox engine: push the outbox, then pull changes after the cursor, then wait. Failures
 * back off with jitter; a device the server refuses stops until the user acts. Screens only
 * call `sync()`, `notifySaved()` and read `state`.
 */
export class SyncEngine {
  private readonly transport: Transport;
  private readonly store: LocalStore;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly pullLimit: number;
  private readonly firstPullLimit: number;
  private running: Promise<void> | null = null;
  private again = false;
  /** Cycles in a row that sent and received nothing (the background sync's backoff). */
  private quiet = 0;
  private retryTimer: unknown = null;
  private saveTimer: unknown = null;
  private periodicTimer: unknown = null;
  private listeners = new Set<(s: SyncState) => void>();
  private detach: (() => void) | null = null;
  state: SyncState;

  constructor(opts: EngineOptions) {
    this.transport = opts.transport;
    this.store = opts.store;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.timers = opts.timers ?? defaultTimers;
    this.pullLimit = opts.pullLimit ?? DEFAULT_PULL_LIMIT;
    this.firstPullLimit = opts.firstPullLimit ?? opts.pullLimit ?? FIRST_SYNC_PULL_LIMIT;
    this.state = {
      phase: "idle", lastSyncAt: null, lastAttemptAt: null, offline: false, auth: "ok", error: null,
      counts: { pending: 0, rejected: 0, conflicts: 0 }, progress: null, attempt: 0, nextRetryAt: null,
    };
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  /** Load what the last session left (last sync time, counts, an interrupted first sync). */
  async init(): Promise<void> {
    const [lastSyncAt, progress, counts, revoked] = await Promise.all([
      this.store.getMeta(META.lastSyncAt),
      this.store.getMeta(META.pullProgress),
      this.store.counts(),
      this.store.getMeta(META.revoked),
    ]);
    this.set({ lastSyncAt: lastSyncAt ?? null, progress: progress ? { ...progress, etaMs: null } : null, counts, ...(revoked ? { auth: "revoked" as const } : {}) });
  }

  /** Wire the browser triggers: online, coming back to the app, and a periodic tick. */
  start(win: Window | null = typeof window === "undefined" ? null : window): void {
    if (win && !this.detach) {
      const onOnline = () => void this.sync("online");
      const onVisible = () => {
        if (win.document.visibilityState !== "visible") return;
        const last = this.state.lastAttemptAt ?? 0;
        if (this.now() - last >= VISIBLE_RESYNC_MS) void this.sync("visible");
      };
      win.addEventListener("online", onOnline);
      win.document.addEventListener("visibilitychange", onVisible);
      this.detach = () => {
        win.removeEventListener("online", onOnline);
        win.document.removeEventListener("visibilitychange", onVisible);
      };
    }
    void this.sync("start");
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
    for (const t of [this.retryTimer, this.saveTimer, this.periodicTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.retryTimer = this.saveTimer = this.periodicTimer = null;
  }

  /** A save just queued a mutation: update the counts now and send it shortly. */
  async notifySaved(): Promise<void> {
    this.set({ counts: await this.store.counts() });
    if (this.saveTimer !== null) this.timers.clearTimeout(this.saveTimer);
    this.saveTimer = this.timers.setTimeout(() => {
      this.saveTimer = null;
      void this.sync("save");
    }, SAVE_SYNC_DELAY_MS);
  }

  async refreshCounts(): Promise<void> {
    this.set({ counts: await this.store.counts() });
  }

  /** Run one cycle; a call during a cycle runs one more after it (its trigger may be newer). */
  sync(reason: SyncReason = "manual"): Promise<void> {
    if (this.state.auth !== "ok" && reason !== "manual") return Promise.resolve();
    // Automatic triggers wait out the backoff; the user and a regained signal do not.
    if (this.retryTimer !== null) {
      if (reason === "periodic" || reason === "save" || reason === "visible") return Promise.resolve();
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (reason === "manual" || reason === "online") this.set({ attempt: 0 });
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.cycle();
        } while (this.again && this.state.auth === "ok" && this.retryTimer === null);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async cycle(): Promise<void> {
    this.set({ lastAttemptAt: this.now(), auth: "ok" });
    try {
      this.set({ phase: "pushing" });
      const pushed = await this.pushAll();
      this.set({ phase: "pulling" });
      const pulled = await this.pullAll();
      this.quiet = pushed === 0 && pulled === 0 ? this.quiet + 1 : 0;
      const at = this.now();
      await this.store.setMeta(META.lastSyncAt, at);
      this.set({ phase: "idle", lastSyncAt: at, offline: false, error: null, attempt: 0, nextRetryAt: null, progress: null, counts: await this.store.counts() });
      this.schedulePeriodic();
    } catch (e) {
      await this.fail(e);
    }
  }

  private async fail(e: unknown): Promise<void> {
    const err = e instanceof TransportError ? e : new TransportError(-1, "local_error", e instanceof Error ? e.message : String(e));
    const counts = await this.store.counts().catch(() => this.state.counts);
    const error = { status: err.status, code: err.code, message: err.message };
    if (err.status === 401) {
      const revoked = err.code === "device_revoked";
      // Kept in clear, so that after a reload the lock screen can offer to wipe without the PIN.
      if (revoked) await this.store.setMeta(META.revoked, this.now()).catch(() => undefined);
      this.set({ phase: "idle", error, counts, auth: revoked ? "revoked" : "unauthenticated", nextRetryAt: null });
      return;
    }
    const attempt = this.state.attempt + 1;
    const delay = Math.max(backoffDelay(attempt, this.random), err.retryAfterMs ?? 0);
    this.set({ phase: "idle", error, counts, offline: err.isNetwork, attempt, nextRetryAt: this.now() + delay });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      void this.sync("retry");
    }, delay);
  }

  private schedulePeriodic(): void {
    if (this.periodicTimer !== null) this.timers.clearTimeout(this.periodicTimer);
    this.periodicTimer = this.timers.setTimeout(() => {
      this.periodicTimer = null;
      const hidden = typeof document !== "undefined" && document.visibilityState === "hidden";
      if (hidden) this.schedulePeriodic();
      else void this.sync("periodic");
    }, periodicDelay(this.quiet));
  }

  // --- push ---

  /** Send the outbox; resolves with how many mutations went. */
  private async pushAll(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.store.takeBatch(MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES);
      if (batch.length === 0) return sent;
      sent += batch.length;
      await this.send(batch);
      this.set({ counts: await this.store.counts() });
    }
  }

  /**
   * Send items already marked sending. A request-level refusal (413, or a 4xx without
   * per-mutation results) is bisected until the one item at fault is found and marked rejected,
   * so one bad visit cannot block the others behind it.
   */
  private async send(items: OutboxItem[]): Promise<void> {
    let results: MutationResult[];
    try {
      results = (await this.transport.push(items.map((i) => i.mutation))).results;
    } catch (e) {
      const ids = items.map((i) => i.id);
      if (!(e instanceof TransportError) || e.retryable || e.status === 401) {
        await this.store.releaseSending(ids);
        throw e;
      }
      if (items.length === 1) {
        await this.store.rejectLocally(items[0]!.id, { code: e.code, message: e.message });
        return;
      }
      const half = Math.ceil(items.length / 2);
      try {
        await this.send(items.slice(0, half));
        await this.send(items.slice(half));
      } catch (inner) {
        await this.store.releaseSending(ids);
        throw inner;
      }
      return;
    }
    await this.store.applyPushResults(items, results, this.now());
  }

  // --- pull ---

  /** Pull to the end; resolves with how many changes came. */
  private async pullAll(): Promise<number> {
    let cursor = await this.store.cursor();
    // The tag that came with the cursor: an unchanged scope then costs one bodiless 304.
    let etag = cursor ? await this.store.getMeta(META.pullEtag) : undefined;
    let changes = 0;
    // No cursor: the first sync (or one after invalid_cursor); show received / total.
    let progress: PullProgress | null = cursor ? ((await this.store.getMeta(META.pullProgress)) ?? null) : { received: 0, total: 0, bytes: 0 };
    // This run's pace, for the estimate: an earlier run's rows came over another link.
    let run: PullRun = { startedAt: this.now(), rows0: progress?.received ?? 0 };
    let restarted = false;
    // The next page, already asked for while this one is written (a first sync on 2G spends
    // its time on the link: the phone's own work on a page hides behind the next page's transfer).
    let ahead: Promise<PulledPage> | null = null;
    const fetchPage = (from: string | null, limit: number, report?: OutboxReport, tag?: string): Promise<PulledPage> => {
      const fetched = performance.now();
      const p = this.transport.pull(from, limit, report, tag).then((r) => (measurePull("fetch", fetched), r));
      // Handled where it is awaited; this only keeps a page dropped after a failed write from
      // being reported as an unhandled rejection.
      p.catch(() => undefined);
      return p;
    };
    for (let page = 0; page < MAX_PAGES_PER_CYCLE; page++) {
      let res: PulledPage;
      try {
        if (ahead) res = await ahead;
        else {
          // The first page tells the server what this outbox still holds (the puskesmas's devices list).
          const report = page === 0 ? await this.store.counts().then(({ pending, rejected }) => ({ pending, rejected })) : undefined;
          // A first sync's first page is an ordinary one: the bar moves and the total is known
          // soon (a page of 2,000 takes about 7 s at 400 kbps), then the pages grow.
          res = await fetchPage(cursor, this.pullLimit, report, etag);
        }
        ahead = null;
        etag = undefined;
      } catch (e) {
        ahead = null;
        if (e instanceof TransportError && e.code === "invalid_cursor" && !restarted) {
          restarted = true;
          await this.store.clearCursor();
          cursor = null;
          progress = { received: 0, total: 0, bytes: 0 };
          run = { startedAt: this.now(), rows0: 0 };
          continue;
        }
        throw e;
      }
      // Nothing new after the cursor this phone holds: it keeps cursor and tag, nothing to write.
      if (res.notModified) return changes;
      // The pace is measured to this page's arrival, not to after the next page's request has left.
      const arrivedAt = this.now();
      if (res.reset && !progress) progress = { received: 0, total: 0, bytes: 0 };
      const stuck = res.hasMore && res.changes.length === 0 && res.cursor === cursor;
      if (res.hasMore && !stuck) ahead = fetchPage(res.cursor, progress ? this.firstPullLimit : this.pullLimit);
      if (progress) {
        if (res.reset) run = { startedAt: run.startedAt, rows0: 0 };
        const received = (res.reset ? 0 : progress.received) + res.changes.length;
        // The page's JSON length: what came over the link before compression, close enough to
        // bytes for a progress line (names are mostly ASCII). The transport counts it as it reads.
        const bytes = (res.reset ? 0 : (progress.bytes ?? 0)) + (res.bytes ?? JSON.stringify(res.changes).length);
        progress = { received, total: received + Math.max(0, res.remaining), bytes };
      }
      const applied = performance.now();
      await this.store.applyPullPage(res, res.hasMore ? progress : null, res.hasMore ? null : (res.etag ?? null));
      measurePull("apply", applied);
      changes += res.changes.length + (res.reset ? 1 : 0);
      if (progress && res.hasMore) this.set({ progress: { ...progress, etaMs: estimateRemainingMs(progress, run, arrivedAt) } });
      cursor = res.cursor;
      if (!res.hasMore || stuck) return changes;
    }
    return changes;
  }
}
