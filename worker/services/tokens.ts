import type { ShardKey } from "../../domain/shards/registry.ts";
import { sha256Hex } from "../../domain/util/codes.ts";

function random256(): string {
  const b = new Uint8Array(32);
  crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Device tokens: the key of the database the device lives in, then 256 random bits, base64url
 * (domain/shards/registry.ts TOKEN_RE); only the SHA-256 of the whole token is stored.
 */
export function newDeviceToken(shard: ShardKey): string {
  return `${shard}.${random256()}`;
}

/** A device's recovery key (an AES-256 key for the phone's vault), base64url. */
export function newRecoveryKey(): string {
  return random256();
}

export function hashToken(token: string): Promise<string> {
  return sha256Hex("device:" + token);
}
