/**
 * The PIN that opens Simpul on this phone. It never leaves the device, and nothing derived from
 * it is stored except the data key it wraps (vault.ts), so it is checked offline by unwrapping.
 * A 4–6 digit PIN has at most 10^6 values: in the app, the wrong-PIN backoff below is what
 * protects it; against a copy of the phone's files, see docs/SECURITY.md.
 */

/** The iteration count of version 1's PIN hash (OWASP Password Storage Cheat Sheet, 2021). */
export const LEGACY_PBKDF2_ITERATIONS = 310_000;
export const PIN_RE = /^\d{4,6}$/;
/** Wrong PINs allowed before the first pause. */
export const PIN_FREE_TRIES = 3;
/** First pause after the free tries, doubling with each further miss. */
export const PIN_BACKOFF_BASE_MS = 30_000;
/** Never more than this: a bidan locked out for hours cannot serve a posyandu. */
export const PIN_BACKOFF_MAX_MS = 15 * 60_000;
/** Lock after this long without a touch or key press (shared phones at a posyandu). */
export const LOCK_AFTER_IDLE_MS = 5 * 60_000;

/** Version 1's stored PIN hash, checked once at the first unlock after the update, then deleted. */
export interface LegacyPinRecord {
  salt: string;
  hash: string;
  iterations: number;
}

export interface PinFailures {
  count: number;
  /** Epoch ms before which no PIN is checked. */
  until: number;
}

const b64 = (buf: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations }, key, 256);
  return b64(bits);
}

/** Version 1's PIN hash (kept for the upgrade path and its test). */
export async function hashLegacyPin(pin: string, iterations = LEGACY_PBKDF2_ITERATIONS): Promise<LegacyPinRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: b64(salt), hash: await derive(pin, salt, iterations), iterations };
}

export async function verifyLegacyPin(pin: string, rec: LegacyPinRecord): Promise<boolean> {
  const hash = await derive(pin, unb64(rec.salt), rec.iterations);
  // Constant-time compare: cheap, and removes a question from any review.
  let diff = hash.length ^ rec.hash.length;
  for (let i = 0; i < Math.min(hash.length, rec.hash.length); i++) diff |= hash.charCodeAt(i) ^ rec.hash.charCodeAt(i);
  return diff === 0;
}

/** The pause after `count` consecutive wrong PINs (0 while within the free tries). */
export function pinBackoffMs(count: number): number {
  if (count < PIN_FREE_TRIES) return 0;
  return Math.min(PIN_BACKOFF_MAX_MS, PIN_BACKOFF_BASE_MS * 2 ** (count - PIN_FREE_TRIES));
}

export function recordFailure(prev: PinFailures | undefined, now: number): PinFailures {
  const count = (prev?.count ?? 0) + 1;
  return { count, until: now + pinBackoffMs(count) };
}
