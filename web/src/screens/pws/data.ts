import type { PwsMissed, PwsTable, PwsTargets, PwsTrend } from "../../../../domain/pws/types.ts";
import type { LocalStore } from "../../store/local.ts";
import { TransportError } from "../../sync/transport.ts";
import type { PwsApi } from "./api.ts";

/**
 * The console's reads: from the server when it answers, kept as a sealed copy (LocalStore's cached
 * answers: personal names in a drill-down are sealed like every row); with no answer, the copy.
 * A copy is per user, so a phone handed to someone else never shows the previous user's lists.
 */

/** How many answers the phone keeps (a month's table is a few KB; older ones go first). */
export const PWS_CACHE_MAX = 40;

export type Loaded<T> = { data: T; offline: false } | { data: T; offline: true; at: number };

/** No answer and no copy: the screen says to open the PWS once with a signal. */
export class NotCachedError extends Error {
  constructor(readonly cause: unknown) {
    super("not cached");
    this.name = "NotCachedError";
  }
}

/** An error the copy stands in for: no answer at all, or a server that is down or busy. */
export function isUnreachable(e: unknown): boolean {
  return e instanceof TransportError && e.retryable;
}

export class PwsData {
  constructor(
    private readonly api: PwsApi,
    private readonly store: LocalStore,
    private readonly userId: string,
    private readonly now: () => number = Date.now,
  ) {}

  private get prefix(): string {
    return `pws:${this.userId}:`;
  }

  /** The month's table; offline, its copy, else the last table this user loaded (another month). */
  table(month: string, area?: string): Promise<Loaded<PwsTable>> {
    return this.load(`table:${area ?? "-"}:${month}`, () => this.api.table({ month, area }), "table");
  }

  trend(indicator: string, to: string, area?: string): Promise<Loaded<PwsTrend>> {
    return this.load(`trend:${area ?? "-"}:${indicator}:${to}`, () => this.api.trend({ indicator, to, area }));
  }

  missed(indicator: string, unit: string, month: string): Promise<Loaded<PwsMissed>> {
    return this.load(`missed:${unit}:${indicator}:${month}`, () => this.api.missed({ indicator, unit, month }));
  }

  targets(year: number, area?: string): Promise<Loaded<PwsTargets>> {
    return this.load(`targets:${area ?? "-"}:${year}`, () => this.api.targets({ year, area }));
  }

  /** Saving needs the server (no offline queue for targets); the copy follows the answer. */
  async saveTargets(year: number, targets: Record<string, number | null>, area?: string): Promise<PwsTargets> {
    const saved = await this.api.saveTargets({ year, area }, targets);
    await this.keep(`targets:${area ?? "-"}:${year}`, saved);
    return saved;
  }

  private async load<T>(key: string, fetch: () => Promise<T>, last?: string): Promise<Loaded<T>> {
    try {
      const data = await fetch();
      await this.keep(key, data, last);
      return { data, offline: false };
    } catch (e) {
      if (!isUnreachable(e)) throw e;
      const hit = (await this.store.getCached<T>(this.prefix + key)) ?? (last ? await this.lastOf<T>(last) : undefined);
      if (!hit) throw new NotCachedError(e);
      return { data: hit.value, offline: true, at: hit.at };
    }
  }

  private async lastOf<T>(kind: string) {
    const pointer = await this.store.getCached<string>(`${this.prefix}last:${kind}`);
    return pointer ? this.store.getCached<T>(this.prefix + pointer.value) : undefined;
  }

  private async keep(key: string, data: unknown, last?: string): Promise<void> {
    const at = this.now();
    await this.store.putCached(this.prefix + key, data, at);
    if (last) await this.store.putCached(`${this.prefix}last:${last}`, key, at);
    const all = (await this.store.listCached(this.prefix)).filter((c) => !c.key.startsWith(`${this.prefix}last:`));
    if (all.length > PWS_CACHE_MAX) {
      const old = all.sort((a, b) => a.at - b.at).slice(0, all.length - PWS_CACHE_MAX);
      for (const c of old) await this.store.deleteCached(c.key);
    }
  }
}
