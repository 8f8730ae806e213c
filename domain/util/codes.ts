/**
 * Enrollment codes: short and readable aloud over a bad phone line. The alphabet drops
 * 0/O, 1/I/L so that a code read from paper is typed right.
 */
export const ENROLLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const ENROLLMENT_CODE_LENGTH = 8; // 31^8 ≈ 8.5e11, with 5 tries per 15 min per code

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export function formatCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

export function randomCode(): string {
  const out: string[] = [];
  const bytes = new Uint8Array(ENROLLMENT_CODE_LENGTH * 2);
  crypto.getRandomValues(bytes);
  for (const b of bytes) {
    // Rejection sampling keeps every letter equally likely.
    if (b < 248) out.push(ENROLLMENT_ALPHABET[b % 31]!);
    if (out.length === ENROLLMENT_CODE_LENGTH) break;
  }
  return out.length === ENROLLMENT_CODE_LENGTH ? formatCode(out.join("")) : randomCode();
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The key local development, the tests and the demo seed use when the Worker has no
 * ENROLLMENT_CODE_KEY secret. It is public (it is in the repository), so production refuses it:
 * there the secret must be set with `wrangler secret put ENROLLMENT_CODE_KEY` (docs/ACCESS.md).
 */
export const DEV_ENROLLMENT_CODE_KEY = "simpul-local-development-only-this-key-is-public";

/** How long an issued code works (docs/ACCESS.md, "Enrollment codes"). */
export const ENROLLMENT_CODE_TTL_MS = 72 * 60 * 60 * 1000;
/** HMAC-SHA-256 keys shorter than the hash add no strength (RFC 2104 §3): 32 bytes at least. */
export const MIN_CODE_KEY_LENGTH = 32;

/**
 * The key codes are stored under, or null when enrollment must fail closed: production needs
 * the secret ENROLLMENT_CODE_KEY, long enough and not the public development key; elsewhere
 * the development key stands in. The Worker (worker/services/enroll.ts) and
 * `npm run create-admin` (scripts/create-admin.ts) decide with this one function.
 */
export function enrollmentCodeKey(production: boolean, key: string | undefined): string | null {
  if (!production) return key || DEV_ENROLLMENT_CODE_KEY;
  if (!key || key.length < MIN_CODE_KEY_LENGTH || key === DEV_ENROLLMENT_CODE_KEY) return null;
  return key;
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/**
 * The stored form of an enrollment code: HMAC-SHA-256 under the Worker secret. A plain hash
 * of a code from a 31^8 alphabet can be reversed offline by trying every code; without the key, a
 * leaked table reveals no working code.
 */
export async function hashCode(code: string, key: string): Promise<string> {
  let k = hmacKeys.get(key);
  if (!k) hmacKeys.set(key, (k = crypto.subtle.importKey("raw", new TextEncoder().encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])));
  const mac = await crypto.subtle.sign("HMAC", await k, new TextEncoder().encode("enroll:" + normaliseCode(code)));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}
