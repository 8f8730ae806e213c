/**
 * The vault: how the PIN opens the phone's data (issue 9).
 *
 * - A random AES-GCM data key encrypts everything personal on the phone (store/cipher.ts).
 * - The PIN never encrypts data directly: PBKDF2-HMAC-SHA-256 turns it into a key-wrapping key,
 *   which wraps the data key. Changing the PIN re-wraps one key instead of re-encrypting the data.
 * - The server also hands the phone a recovery key at enrollment, which wraps the data key a
 *   second time. It is never stored on the phone. A bidan who forgets her PIN asks the puskesmas
 *   for a new code; the server then returns the recovery key, and nothing unsent is lost.
 *
 * A wrong PIN fails AES-GCM's authentication when unwrapping: no PIN hash is stored at all.
 */

export interface Wrapped {
  iv: Uint8Array;
  key: ArrayBuffer;
}

export interface VaultRecord {
  v: 1;
  salt: Uint8Array;
  iterations: number;
  byPin: Wrapped;
  /** The data key wrapped with the server-held recovery key; null for a phone enrolled without one. */
  byRecovery: Wrapped | null;
}

/**
 * Issue 9: "as many iterations as a low-end phone affords in ≤ 1 s". Each phone measures itself
 * when the PIN is set and takes what fits in this budget, leaving the rest of the second for
 * unwrapping and the first screen.
 */
export const PBKDF2_TARGET_MS = 800;
/** Floor for a phone slower than any we expect; OWASP's 2023 figure is 600,000 (PBKDF2-HMAC-SHA256). */
export const PBKDF2_MIN_ITERATIONS = 100_000;
/** Ceiling: past this a fast laptop only makes tests slow, and adds little against a 6-digit PIN. */
export const PBKDF2_MAX_ITERATIONS = 2_000_000;
/** The probe that measures this phone (~1/10 of a cheap phone's budget). */
const CALIBRATION_ITERATIONS = 50_000;

const IV_BYTES = 12;
const enc = new TextEncoder();

async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", enc.encode(pin) as BufferSource, "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["wrapKey", "unwrapKey"],
  );
}

/** How many PBKDF2 iterations this device runs in `budgetMs` (the best of two probes). */
export async function calibrateIterations(budgetMs = PBKDF2_TARGET_MS): Promise<number> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    await pinKey("000000", salt, CALIBRATION_ITERATIONS);
    best = Math.min(best, performance.now() - t0);
  }
  const fit = Math.floor((CALIBRATION_ITERATIONS * budgetMs) / Math.max(best, 1));
  return Math.min(PBKDF2_MAX_ITERATIONS, Math.max(PBKDF2_MIN_ITERATIONS, Math.round(fit / 10_000) * 10_000));
}

async function wrap(dataKey: CryptoKey, wrapper: CryptoKey): Promise<Wrapped> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  return { iv, key: await crypto.subtle.wrapKey("raw", dataKey, wrapper, { name: "AES-GCM", iv: iv as BufferSource }) };
}

async function unwrap(w: Wrapped, wrapper: CryptoKey, extractable: boolean): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.unwrapKey("raw", w.key, wrapper, { name: "AES-GCM", iv: w.iv as BufferSource }, { name: "AES-GCM", length: 256 }, extractable, ["encrypt", "decrypt"]);
  } catch {
    return null; // AES-GCM authentication failed: the wrong PIN or the wrong recovery key
  }
}

function base64UrlBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function recoveryWrapper(recoveryKey: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", base64UrlBytes(recoveryKey) as BufferSource, { name: "AES-GCM" }, false, ["wrapKey", "unwrapKey"]);
}

/** A new data key, wrapped by the PIN and (when the server sent one) by the recovery key. */
export async function createVault(pin: string, opts: { iterations: number; recoveryKey?: string | null | undefined; dataKey?: CryptoKey }): Promise<{ record: VaultRecord; key: CryptoKey }> {
  const dataKey = opts.dataKey ?? (await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]));
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const byPin = await wrap(dataKey, await pinKey(pin, salt, opts.iterations));
  const byRecovery = opts.recoveryKey ? await wrap(dataKey, await recoveryWrapper(opts.recoveryKey)) : null;
  return { record: { v: 1, salt, iterations: opts.iterations, byPin, byRecovery }, key: dataKey };
}

/**
 * The data key, or null for a wrong PIN. It is extractable so that a new recovery key can wrap
 * it after a re-enrollment; it only ever lives in this page's memory.
 */
export async function openWithPin(record: VaultRecord, pin: string): Promise<CryptoKey | null> {
  return unwrap(record.byPin, await pinKey(pin, record.salt, record.iterations), true);
}

/** Wrap the data key with a new recovery key (the same user enrolled this phone again). */
export async function withRecovery(record: VaultRecord, dataKey: CryptoKey, recoveryKey: string): Promise<VaultRecord> {
  return { ...record, byRecovery: await wrap(dataKey, await recoveryWrapper(recoveryKey)) };
}

/**
 * A forgotten PIN: the recovery key from the server opens the data key, and a new PIN wraps it.
 * Null when the key does not open this vault.
 */
export async function resetPin(record: VaultRecord, recoveryKey: string, newPin: string, iterations: number): Promise<{ record: VaultRecord; key: CryptoKey } | null> {
  if (!record.byRecovery) return null;
  const dataKey = await unwrap(record.byRecovery, await recoveryWrapper(recoveryKey), true);
  if (!dataKey) return null;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const byPin = await wrap(dataKey, await pinKey(newPin, salt, iterations));
  return { record: { ...record, salt, iterations, byPin }, key: dataKey };
}
