import { and, eq } from "drizzle-orm";
import { can, type Principal } from "../../domain/access/policy.ts";
import { PHOTO_CSP } from "../../domain/http/security-headers.ts";
import type { ApiErrorCode } from "../../domain/http/error-codes.ts";
import { MAX_PHOTO_BYTES, sniffImageType, type PhotoType } from "../../domain/lintas/photos.ts";
import { LEGACY_SHARD_KEY, shardByKey, type ShardKey } from "../../domain/shards/registry.ts";
import type { Db } from "../db/client.ts";
import { commitmentItems, commitmentParties, photoUploads } from "../db/schema.ts";
import { ApiError, forbidden, notFound } from "../http/errors.ts";
import { audit } from "./audit.ts";

/**
 * Resumable photo uploads into R2. The phone declares the photo (size, type, SHA-256), then sends
 * chunks at the offset the server last confirmed; each chunk is its own R2 object, so a dropped
 * connection loses at most one chunk. When the last byte arrives the chunks are joined, checked
 * (size, hash, image signature) and stored as one object; a bad file is discarded whole.
 */
export interface PhotoDeclaration {
  id: string;
  itemId: string;
  contentType: PhotoType;
  size: number;
  sha256: string;
}

/**
 * Where a kabupaten's photos live in the one R2 bucket: under its shard key (`1902/photos/<id>`,
 * `1902/uploads/<id>/<offset>`), so the storage namespace follows the database namespace. The id
 * is chosen by the declaring phone and checked for reuse in its own database only; without the
 * prefix a device of one kabupaten could declare the id of another kabupaten's photo and overwrite
 * it (issue 16 review, S1). Photos stored before sharding keep their unprefixed keys
 * (`photos/<id>`, `uploads/<id>/…`), all of them the pilot's (LEGACY_SHARD_KEY): they are read
 * there, never written (docs/SCALE.md, "Photos").
 */
export interface PhotoKeys {
  photo(id: string): string;
  uploads(id: string): string;
  chunk(id: string, offset: number): string;
}

export function photoKeys(shard: ShardKey): PhotoKeys {
  // Only a kabupaten's database holds commitment items; "pusat" or an unknown key has no photos.
  if (!shardByKey(shard)) throw notFound("No such photo");
  return keysUnder(`${shard}/`);
}

/** The keys before sharding: read (and the pilot's leftover chunks cleared), never written. */
const LEGACY_KEYS = keysUnder("");

function keysUnder(prefix: string): PhotoKeys {
  const uploads = (id: string) => `${prefix}uploads/${id}/`;
  return {
    photo: (id) => `${prefix}photos/${id}`,
    uploads,
    // Zero-padded to 7 digits (MAX_PHOTO_BYTES < 10^7), so the keys of one upload sort by offset.
    chunk: (id, offset) => `${uploads(id)}${String(offset).padStart(7, "0")}`,
  };
}

const isLegacy = (shard: ShardKey) => shard === LEGACY_SHARD_KEY;

async function itemTarget(db: Db, itemId: string) {
  const item = await db.select().from(commitmentItems).where(and(eq(commitmentItems.id, itemId), eq(commitmentItems.deleted, false))).get();
  if (!item) throw notFound("No such commitment item");
  const parties = await db
    .select({ officeId: commitmentParties.officeId })
    .from(commitmentParties)
    .where(and(eq(commitmentParties.commitmentId, item.commitmentId), eq(commitmentParties.deleted, false)))
    .all();
  return { areaCode: item.scopeArea, partyOfficeIds: parties.map((x) => x.officeId), officeId: item.officeId };
}

/** Who may attach evidence: whoever may report progress on the item (same rule as a push). */
async function authorizeItem(db: Db, p: Principal, itemId: string, perm: "lintas:write" | "lintas:read") {
  const target = await itemTarget(db, itemId);
  if (!can(p, perm, target)) throw forbidden("Outside your role, office or area");
}

export async function declarePhoto(db: Db, shard: ShardKey, p: Principal, d: PhotoDeclaration, now: number) {
  const keys = photoKeys(shard);
  if (d.size > MAX_PHOTO_BYTES) {
    throw new ApiError(413, "photo_too_large", `A photo may be at most ${MAX_PHOTO_BYTES / 1024} KB; compress it first`, { field: "size", limit: MAX_PHOTO_BYTES });
  }
  await authorizeItem(db, p, d.itemId, "lintas:write");
  const existing = await db.select().from(photoUploads).where(eq(photoUploads.id, d.id)).get();
  if (existing) {
    // A repeated declaration (the answer was lost) resumes the same upload.
    if (existing.sha256 !== d.sha256 || existing.size !== d.size || existing.itemId !== d.itemId) {
      throw new ApiError(409, "upload_mismatch", "This upload id was declared with other contents");
    }
    return status(existing);
  }
  const row = { id: d.id, key: keys.photo(d.id), itemId: d.itemId, userId: p.userId, contentType: d.contentType, size: d.size, sha256: d.sha256, received: 0, completedAt: null, createdAt: now };
  await db.batch([db.insert(photoUploads).values(row), audit(db, p, { action: "photo.declare", entity: "commitment_item", entityId: d.itemId, details: { photoId: d.id, size: d.size } }, now)]);
  return status(row);
}

export async function putChunk(db: Db, bucket: R2Bucket, shard: ShardKey, p: Principal, id: string, offset: number, bytes: Uint8Array, now: number) {
  const keys = photoKeys(shard);
  const up = await db.select().from(photoUploads).where(eq(photoUploads.id, id)).get();
  if (!up || up.userId !== p.userId) throw notFound("No such upload");
  if (up.completedAt) return status(up);
  if (offset !== up.received) throw new ApiError(409, "wrong_offset", `Send the bytes from offset ${up.received}`, { received: up.received });
  if (!bytes.byteLength) throw new ApiError(422, "empty_chunk", "A chunk carries at least one byte");
  if (offset + bytes.byteLength > up.size) throw new ApiError(413, "photo_too_large", "More bytes than declared", { field: "size", limit: up.size });

  await bucket.put(keys.chunk(id, offset), bytes);
  const received = offset + bytes.byteLength;
  // Guarded by the old offset: two racing retries of the same chunk advance it once.
  const moved = await db.update(photoUploads).set({ received }).where(and(eq(photoUploads.id, id), eq(photoUploads.received, offset))).run();
  if (moved.meta.changes !== 1) throw new ApiError(409, "wrong_offset", "Another chunk arrived first; ask for the status", { received: up.received });
  if (received < up.size) return status({ ...up, received });
  return complete(db, bucket, shard, p, { ...up, received }, now);
}

async function complete(db: Db, bucket: R2Bucket, shard: ShardKey, p: Principal, up: typeof photoUploads.$inferSelect, now: number) {
  const keys = photoKeys(shard);
  // By offset. An upload of the pilot begun before sharding has its first chunks under the old
  // prefix; a chunk sent again under the new one wins.
  const byOffset = new Map<string, string>();
  const listed: string[] = [];
  for (const prefix of isLegacy(shard) ? [LEGACY_KEYS.uploads(up.id), keys.uploads(up.id)] : [keys.uploads(up.id)]) {
    for (const o of (await bucket.list({ prefix })).objects) {
      listed.push(o.key);
      byOffset.set(o.key.slice(prefix.length), o.key);
    }
  }
  const parts = [...byOffset.keys()].sort().map((k) => byOffset.get(k)!);
  const bytes = new Uint8Array(up.size);
  let at = 0;
  for (const k of parts) {
    const obj = await bucket.get(k);
    if (!obj) continue;
    const b = new Uint8Array(await obj.arrayBuffer());
    bytes.set(b.subarray(0, Math.max(0, Math.min(b.byteLength, up.size - at))), at);
    at += b.byteLength;
  }
  const discard = async (status: 415 | 422, code: ApiErrorCode, message: string) => {
    await bucket.delete(listed);
    await db.delete(photoUploads).where(eq(photoUploads.id, up.id));
    return new ApiError(status, code, message);
  };
  if (at !== up.size) throw await discard(422, "incomplete_upload", "The chunks do not add up to the declared size; upload again");
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== up.sha256) throw await discard(422, "hash_mismatch", "The photo arrived damaged (SHA-256 differs); upload again");
  if (sniffImageType(bytes.subarray(0, 16)) !== up.contentType) throw await discard(415, "not_an_image", `The file is not a ${up.contentType} image`);
  // Under the caller's shard, whatever the row says: a row declared before sharding names the old key.
  const key = keys.photo(up.id);
  await bucket.put(key, bytes, { httpMetadata: { contentType: up.contentType }, sha256: hex });
  await bucket.delete(listed);
  await db.batch([
    db.update(photoUploads).set({ key, completedAt: now }).where(eq(photoUploads.id, up.id)),
    audit(db, p, { action: "photo.store", entity: "commitment_item", entityId: up.itemId, details: { photoId: up.id } }, now),
  ]);
  return status({ ...up, completedAt: now });
}

export async function photoStatus(db: Db, p: Principal, id: string) {
  const up = await db.select().from(photoUploads).where(eq(photoUploads.id, id)).get();
  if (!up) throw notFound("No such photo");
  await authorizeItem(db, p, up.itemId, "lintas:read");
  return status(up);
}

/** The stored photo; each read is audited (fetched alongside the audit write, not after it). */
export async function photoContent(db: Db, bucket: R2Bucket, shard: ShardKey, p: Principal, id: string, now: number) {
  const keys = photoKeys(shard);
  const up = await db.select().from(photoUploads).where(eq(photoUploads.id, id)).get();
  if (!up?.completedAt) throw notFound("No such photo");
  await authorizeItem(db, p, up.itemId, "lintas:read");
  const [stored] = await Promise.all([
    bucket.get(keys.photo(up.id)),
    audit(db, p, { action: "photo.read", entity: "commitment_item", entityId: up.itemId, details: { photoId: up.id } }, now),
  ]);
  // A photo of the pilot stored before sharding is where it was: no copy was made.
  const obj = stored ?? (isLegacy(shard) ? await bucket.get(LEGACY_KEYS.photo(up.id)) : null);
  if (!obj) throw notFound("No such photo");
  // Its declared type (one of PHOTO_TYPES, checked against the bytes on upload), and a CSP that
  // lets it run nothing if it is ever opened as a page. Not cached: see API_CACHE_CONTROL.
  return new Response(obj.body, { headers: { "content-type": up.contentType, "content-security-policy": PHOTO_CSP } });
}

function status(up: { id: string; size: number; received: number; completedAt: number | null }) {
  return { id: up.id, size: up.size, received: up.received, completed: up.completedAt !== null };
}

