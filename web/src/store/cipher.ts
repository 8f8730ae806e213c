/**
 * Encryption of what the phone keeps (issue 9): every personal value in IndexedDB is an AES-GCM
 * box under the device's data key, a random 256-bit key that exists in clear only in memory,
 * after the PIN has unwrapped it (auth/vault.ts). WebCrypto does the work, off the main thread.
 *
 * A box is bound to where it lives (additional authenticated data such as "row:person:<id>"), so
 * a box copied into another row does not open. Each box has a fresh 96-bit IV (NIST SP 800-38D
 * §8.2.2: random IVs are safe far beyond the number of boxes one phone writes).
 */

/** What IndexedDB holds for one encrypted value. */
export interface Sealed {
  iv: Uint8Array;
  ct: ArrayBuffer;
}

const IV_BYTES = 12; // NIST SP 800-38D: 96-bit IVs for GCM
/** Opened values kept in memory while unlocked, so a screen read twice is decrypted once. */
const CACHE_MAX = 200_000;

const enc = new TextEncoder();
const dec = new TextDecoder();

function ivKey(iv: Uint8Array): string {
  let s = "";
  for (let i = 0; i < iv.length; i++) s += String.fromCharCode(iv[i]!);
  return s;
}

export class Cipher {
  private cache = new Map<string, unknown>();

  constructor(private readonly key: CryptoKey) {}

  /** A cipher over a fresh random key (tests, and the first PIN on a phone). */
  static async random(extractable = false): Promise<Cipher> {
    return new Cipher(await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, extractable, ["encrypt", "decrypt"]));
  }

  get cryptoKey(): CryptoKey {
    return this.key;
  }

  async seal(value: unknown, aad: string): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv as BufferSource, additionalData: enc.encode(aad) as BufferSource }, this.key, enc.encode(JSON.stringify(value ?? null)) as BufferSource);
    return { iv, ct };
  }

  /**
   * Open a box. Callers treat the result as read-only: the same object answers the next read of
   * the same box (the IV is unique per box, so it is the cache key).
   */
  async open<T>(box: Sealed, aad: string): Promise<T> {
    const k = ivKey(box.iv) + aad;
    if (this.cache.has(k)) return this.cache.get(k) as T;
    const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv as BufferSource, additionalData: enc.encode(aad) as BufferSource }, this.key, box.ct);
    const value = JSON.parse(dec.decode(pt)) as T;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(k, value);
    return value;
  }

  /** Binary content (an evidence photo): sealed as it is, never cached. */
  async sealBytes(bytes: Uint8Array, aad: string): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv as BufferSource, additionalData: enc.encode(aad) as BufferSource }, this.key, bytes as BufferSource);
    return { iv, ct };
  }

  async openBytes(box: Sealed, aad: string): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv as BufferSource, additionalData: enc.encode(aad) as BufferSource }, this.key, box.ct));
  }

  /** Forget every opened value (the app locked). The key stays until the cipher is dropped. */
  forget(): void {
    this.cache.clear();
  }
}

export function isSealed(v: unknown): v is Sealed {
  return !!v && typeof v === "object" && (v as Sealed).iv instanceof Uint8Array && (v as Sealed).ct instanceof ArrayBuffer;
}

/** The store was used while locked: no key in memory. */
export class LockedError extends Error {
  constructor() {
    super("locked");
    this.name = "LockedError";
  }
}
