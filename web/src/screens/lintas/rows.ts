/**
 * How the lintas screens draw a long item list (issue 14: the camat's view, 30 commitments /
 * 400 items, tap to drawn ≤ 300 ms at 4× CPU). Drawing every row before the first paint cost more
 * than the rest of the screen together (scripts/bench-camat-view.ts with BENCH_PROFILE: DOM
 * creation, style and layout of 400 rows), so a screenful is drawn with the screen and the rest
 * in slices while the phone is idle; and a re-read that changed nothing (every sync ends with one)
 * keeps the slices already drawn.
 */

/**
 * Item rows drawn with the rest of the screen. The list sits below the summary, the per-office
 * chart and the per-desa table, so on a 360×640 screen these fill the first screen and more.
 */
export const FIRST_ROWS = 20;
/** Rows added per idle moment after that: roughly one frame's work at 4× CPU, so a tap still answers at once. */
export const MORE_ROWS = 40;

/** The [start, end) bounds of the slices of a list of `n` rows: the first `first`, then `more` at a time. */
export function sliceBounds(n: number, first = FIRST_ROWS, more = MORE_ROWS): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + (i === 0 ? first : more));
    out.push([i, end]);
    i = end;
  }
  return out;
}

/** Whether two lists of render inputs are the same, element by element (identity, not deep). */
export function sameInputs(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Run `fn` when the main thread is idle (at the latest after `ms`); Safari has no requestIdleCallback. */
export function whenIdle(fn: () => void, ms = 200): () => void {
  if (typeof requestIdleCallback === "function") {
    const h = requestIdleCallback(fn, { timeout: ms });
    return () => cancelIdleCallback(h);
  }
  const h = setTimeout(fn, 16);
  return () => clearTimeout(h);
}
