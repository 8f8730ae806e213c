import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "./errors.ts";

/** Default ceiling for JSON bodies of routes that do not set their own. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Read a JSON body without trusting Content-Length: count bytes as they stream and stop at the
 * limit, so a 5 MB body costs at most `limit` bytes of memory and gets a 413.
 */
export async function readJson(c: Context, limit: number): Promise<unknown> {
  const bytes = await gunzipIfGzip(c, await readBytes(c, limit), limit);
  if (!bytes.byteLength) throw new ApiError(400, "invalid_json", "Request body is empty; a JSON object is required");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_json", "Body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, "invalid_json", "Body is not valid JSON", { parser: (e as Error).message.slice(0, 200) });
  }
}

/** The raw body, at most `limit` bytes (413 beyond, without reading the rest). */
export async function readBytes(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  return readCapped(body.getReader(), limit);
}

/**
 * A gzipped JSON body (`Content-Encoding: gzip`, RFC 9110 §8.4; the phone gzips its pushes,
 * web/src/sync/http.ts): inflated as it streams, the inflated bytes held to the same `limit`
 * (a small bomb gets a 413, not the memory). Told by the header or by gzip's magic bytes (1f 8b,
 * RFC 1952), which no JSON text starts with, so a runtime that already inflated it is no problem.
 */
async function gunzipIfGzip(c: Context, bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const gzip = bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gzip) return bytes;
  if (!/\bgzip\b/i.test(c.req.header("content-encoding") ?? "")) throw new ApiError(400, "invalid_json", "Body is gzip without Content-Encoding: gzip");
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  try {
    return await readCapped(reader, limit);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, "invalid_json", "Body is not valid gzip");
  }
}

/** Every chunk of a stream in one array, cancelled with a 413 as soon as it passes `limit`. */
async function readCapped(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return out;
}

function tooLarge(limit: number) {
  return new ApiError(413, "payload_too_large", `Body exceeds ${limit} bytes`, { limit });
}

/** Zod issues without the offending values: inputs may be personal data. */
export function issuesOf(error: z.ZodError) {
  return error.issues.slice(0, 50).map((i) => ({ path: i.path.join("."), code: i.code, message: i.message }));
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(422, "validation_failed", `Invalid ${what}`, { issues: issuesOf(r.error) });
  return r.data;
}
