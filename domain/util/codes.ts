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

/** The stored form of an enrollment code. */
export function hashCode(code: string): Promise<string> {
  return sha256Hex("enroll:" + normaliseCode(code));
}
