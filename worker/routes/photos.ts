import type { Hono } from "hono";
import { z } from "zod";
import { sha256Hex, uuid } from "../../domain/entities/fields.ts";
import { PHOTO_CHUNK_BYTES, PHOTO_TYPES } from "../../domain/lintas/photos.ts";
import { readBytes } from "../http/body.ts";
import { define, type AppEnv } from "../http/route.ts";
import { declarePhoto, photoContent, photoStatus, putChunk } from "../services/photos.ts";

const photoStatusSchema = z.object({ id: z.string(), size: z.int(), received: z.int(), completed: z.boolean() });
const idParam = z.strictObject({ id: uuid });

export function photoRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/photos", tag: "photos", auth: "lintas:write", status: 201,
      summary: "Declare an evidence photo for a commitment item (≤ 150 KB, JPEG/WebP/PNG)",
      body: z.strictObject({ id: uuid, itemId: uuid, contentType: z.enum(PHOTO_TYPES), size: z.int().min(1), sha256: sha256Hex }),
      response: photoStatusSchema, errors: [404, 409, 413, 415],
    },
    ({ db, shard, principal, body, now }) => declarePhoto(db, shard, principal, body, now),
  );
  define(
    app,
    {
      method: "put", path: "/api/photos/:id", tag: "photos", auth: "lintas:write", params: idParam, status: 200,
      query: z.strictObject({ offset: z.coerce.number().int().min(0) }),
      summary: "Send the photo's bytes from `offset` (resumable; body is raw bytes, ≤ 32 KB a chunk)",
      response: photoStatusSchema, errors: [404, 409, 413, 415, 422],
    },
    async ({ c, db, shard, env, principal, params, query, now }) => putChunk(db, env.PHOTOS, shard, principal, params.id, query.offset, await readBytes(c, PHOTO_CHUNK_BYTES), now),
  );
  define(
    app,
    { method: "get", path: "/api/photos/:id", tag: "photos", auth: "lintas:read", params: idParam, status: 200, summary: "How much of the photo has arrived", response: photoStatusSchema, errors: [404] },
    ({ db, principal, params }) => photoStatus(db, principal, params.id),
  );
  define(
    app,
    { method: "get", path: "/api/photos/:id/content", tag: "photos", auth: "lintas:read", params: idParam, status: 200, summary: "The stored photo (its bytes, of the type declared and checked on upload)", response: z.any(), mediaTypes: PHOTO_TYPES, errors: [404] },
    ({ db, shard, env, principal, params, now }) => photoContent(db, env.PHOTOS, shard, principal, params.id, now),
  );
}
