import { z } from "zod";

/**
 * The pull cursor: "every change with seq ≤ s in these scope keys has been delivered".
 * When the user's scope only gains keys (a mitra's office named a party of another commitment),
 * the new keys are backfilled up to s before the cursor moves on, so they arrive in full. When
 * a key is lost the client is told to reset: it must not keep data it may no longer see. A key
 * replaced by a wider one is lost too (a kader moved from a dusun to the whole desa holds
 * `health|dusun|…` and now has `health|desa|…`): that is a reset, not a backfill.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  s: z.int().min(0),
  k: z.array(z.string()),
  /** Backfill of keys added to the scope: delivered up to b.s (exclusive of s's later changes). */
  b: z.object({ k: z.array(z.string()), s: z.int().min(0) }).optional(),
  /**
   * A pull from scratch still under way: the latest seq when it began. The phone holds no row
   * deleted at or before f (it received every row after that), so no pruned tombstone up to f
   * concerns it: the prune's reset compares max(s, f), not s alone (see planPull).
   */
  f: z.int().min(0).optional(),
  /**
   * A pull under way: the changes still to come after this page, counted once on its first page
   * and carried down. Counting on every page read the whole rest of the scope each time, which
   * made a first pull's rows read quadratic (9.2 M rows for a desa after five years; docs/SCALE.md,
   * "Pull of one pekon"). Only the progress bar reads it.
   */
  r: z.int().min(0).optional(),
});
export type CursorState = z.infer<typeof cursorSchema>;

export function encodeCursor(c: CursorState): string {
  return btoa(JSON.stringify(c)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(s: string): CursorState | null {
  try {
    const json = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const r = cursorSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export type PullPlan =
  | {
    phase: "main";
    since: number;
    keys: string[];
    /**
     * Departures (rows that moved out of a key's area) after this seq concern the phone: it may
     * hold those rows. Null for a pull from scratch, which holds nothing; a pull from scratch
     * still under way holds no row that left before it began (f).
     */
    departuresAfter: number | null;
  }
  | { phase: "backfill"; since: number; until: number; keys: string[]; mainKeys: string[] };

/**
 * Decide what this pull page reads, from the client's cursor and the current scope.
 * Returns reset = true when the client must drop its data and start over: when a key it held is
 * no longer in its scope, or when its cursor is older than what the server has pruned.
 *
 * @param prunedThrough the server's tombstones with seq ≤ this are pruned (docs/SYNC.md,
 *   "Pruning"): a phone whose cursor is below it may hold a row whose deletion it would never
 *   receive, so it starts over instead of keeping a gap.
 */
export function planPull(cursor: CursorState | null, scope: readonly string[], prunedThrough = 0): { plan: PullPlan; reset: boolean } {
  const current = [...new Set(scope)].sort();
  if (!cursor) return { plan: { phase: "main", since: 0, keys: current, departuresAfter: null }, reset: false };
  const known = new Set([...cursor.k, ...(cursor.b?.k ?? [])]);
  const lost = [...known].some((k) => !current.includes(k));
  if (lost || Math.max(cursor.s, cursor.f ?? 0) < prunedThrough) return { plan: { phase: "main", since: 0, keys: current, departuresAfter: null }, reset: true };
  const added = current.filter((k) => !cursor.k.includes(k));
  if (added.length === 0) return { plan: { phase: "main", since: cursor.s, keys: current, departuresAfter: Math.max(cursor.s, cursor.f ?? 0) }, reset: false };
  // Keys already being backfilled keep their progress; keys added since start from 0.
  const resumable = cursor.b && added.every((k) => cursor.b!.k.includes(k)) && cursor.b.k.every((k) => added.includes(k));
  return {
    plan: { phase: "backfill", since: resumable ? cursor.b!.s : 0, until: cursor.s, keys: added, mainKeys: cursor.k },
    reset: false,
  };
}
