import { sha256Hex } from "../../domain/util/codes.ts";

/** Device tokens: 256 random bits, base64url; only the SHA-256 is stored. */
export function newDeviceToken(): string {
  const b = new Uint8Array(32);
  crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function hashToken(token: string): Promise<string> {
  return sha256Hex("device:" + token);
}
