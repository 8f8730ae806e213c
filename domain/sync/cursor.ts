import { z } from "zod";

/**
 * The pull cursor: "every change with seq ≤ s in these scope keys has been delivered".
 * When the user's scope grows, the keys that are new are backfilled up to s before the cursor
 * moves on, so a pekon added to a user's area arrives in full. When the scope shrinks the
 * client is told to reset: it must not keep data it may no longer see.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  s: z.int().min(0),
  k: z.array(z.string()),
  /** Backfill of keys added to the scope: delivered up to b.s (exclusive of s's later changes). */
  b: z.object({ k: z.array(z.string()), s: z.int().min(0) }).optional(),
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
  | { phase: "main"; since: number; keys: string[] }
  | { phase: "backfill"; since: number; until: number; keys: string[]; mainKeys: string[] };

/**
 * Decide what this pull page reads, from the client's cursor and the current scope.
 * Returns reset = true when the client must drop its data and start over.
 */
export function planPull(cursor: CursorState | null, scope: readonly string[]): { plan: PullPlan; reset: boolean } {
  const current = [...new Set(scope)].sort();
  if (!cursor) return { plan: { phase: "main", since: 0, keys: current }, reset: false };
  const known = new Set([...cursor.k, ...(cursor.b?.k ?? [])]);
  const lost = [...known].some((k) => !current.includes(k));
  if (lost) return { plan: { phase: "main", since: 0, keys: current }, reset: true };
  const added = current.filter((k) => !cursor.k.includes(k));
  if (added.length === 0) return { plan: { phase: "main", since: cursor.s, keys: current }, reset: false };
  // Keys already being backfilled keep their progress; keys added since start from 0.
  const resumable = cursor.b && added.every((k) => cursor.b!.k.includes(k)) && cursor.b.k.every((k) => added.includes(k));
  return {
    plan: { phase: "backfill", since: resumable ? cursor.b!.s : 0, until: cursor.s, keys: added, mainKeys: cursor.k },
    reset: false,
  };
}
