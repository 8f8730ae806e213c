/**
 * Signature strokes, stored compactly: points quantised onto a GRID_W × GRID_H grid, each stroke
 * "." + its first point (2 + 2 base64url chars) + one char per axis per step for the moves
 * (−32…31 cells; a longer move is split into steps). "1" leads (format version). A signature of
 * a few hundred points takes ~1 KB; anything over the limit is thinned until it fits (≤ 5120).
 */
export const GRID_W = 320;
export const GRID_H = 128;
export const MAX_STROKES_CHARS = 5120;
const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const idx = (c: string) => A.indexOf(c);

/** A point in 0…1 of the pad's width and height. */
export type Point = [number, number];
export type Stroke = Point[];

const clampQ = (v: number, max: number) => Math.max(0, Math.min(max - 1, Math.round(v * (max - 1))));

function encodeOnce(strokes: readonly Stroke[]): string {
  let out = "1";
  for (const s of strokes) {
    if (!s.length) continue;
    let x = clampQ(s[0]![0], GRID_W);
    let y = clampQ(s[0]![1], GRID_H);
    out += "." + A[x >> 6]! + A[x & 63]! + A[y >> 6]! + A[y & 63]!;
    for (const p of s.slice(1)) {
      const tx = clampQ(p[0], GRID_W);
      const ty = clampQ(p[1], GRID_H);
      while (tx !== x || ty !== y) {
        const dx = Math.max(-32, Math.min(31, tx - x));
        const dy = Math.max(-32, Math.min(31, ty - y));
        out += A[dx + 32]! + A[dy + 32]!;
        x += dx;
        y += dy;
      }
    }
  }
  return out;
}

/** Encode, thinning the points (every other one, keeping stroke ends) until it fits `max`. */
export function encodeStrokes(strokes: readonly Stroke[], max = MAX_STROKES_CHARS): string {
  let cur = strokes.filter((s) => s.length > 0);
  for (let round = 0; round < 12; round++) {
    const s = encodeOnce(cur);
    if (s.length <= max) return s;
    cur = cur.map((st) => (st.length <= 2 ? st : st.filter((_, i) => i % 2 === 0 || i === st.length - 1)));
    if (round > 8) cur = cur.slice(0, Math.max(1, Math.floor(cur.length * 0.75)));
  }
  return encodeOnce(cur).slice(0, 1);
}

/** Back to grid points (integers on GRID_W × GRID_H). */
export function decodeStrokes(s: string): [number, number][][] {
  if (!s.startsWith("1")) return [];
  const out: [number, number][][] = [];
  for (const part of s.slice(1).split(".")) {
    if (part.length < 4) continue;
    let x = idx(part[0]!) * 64 + idx(part[1]!);
    let y = idx(part[2]!) * 64 + idx(part[3]!);
    const pts: [number, number][] = [[x, y]];
    for (let i = 4; i + 1 < part.length; i += 2) {
      x += idx(part[i]!) - 32;
      y += idx(part[i + 1]!) - 32;
      pts.push([x, y]);
    }
    out.push(pts);
  }
  return out;
}

/** SVG path data for a signature, in the GRID_W × GRID_H viewBox. */
export function strokesPath(s: string): string {
  return decodeStrokes(s)
    .map((pts) => pts.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join("") + (pts.length === 1 ? "l0.1 0" : ""))
    .join("");
}
