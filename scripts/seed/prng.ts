/**
 * A small seeded PRNG, so the seed gives the same people and ids on every run and a test can
 * assert on them. Math.random cannot be seeded; crypto is not reproducible.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Hex string of `n` random bytes. */
  hex(bytes: number): string;
  digits(n: number): string;
}

/** cyrb53-style string hash: turns a readable stream name into a 32-bit seed. */
function hashSeed(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}

/**
 * mulberry32: 32-bit state, full period 2^32, plenty for a few thousand rows.
 * Each concern (places, population, users) uses its own named stream, so scaling --count
 * changes the people but not the dusun, facility or user ids that demos and tests refer to.
 */
export function createRng(streamName: string): Rng {
  let state = hashSeed(streamName);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    hex: (bytes) => Array.from({ length: bytes }, () => int(0, 255).toString(16).padStart(2, "0")).join(""),
    digits: (n) => Array.from({ length: n }, () => String(int(0, 9))).join(""),
  };
}

/**
 * A UUIDv7 (RFC 9562) like domain/util/uuid.ts makes, but with the random bits from `rng`.
 * Successive calls advance the timestamp by 1 ms so ids sort in insertion order, as ids made
 * on phones do.
 */
export function uuidv7Factory(rng: Rng, startMs: number): () => string {
  let ms = startMs;
  return () => {
    const t = (ms++).toString(16).padStart(12, "0");
    const rand = rng.hex(10);
    const variant = ((parseInt(rand.slice(3, 5), 16) & 0x3f) | 0x80).toString(16).padStart(2, "0");
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(5, 7)}-${rand.slice(7, 19)}`;
  };
}
