import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PHOTO_CHUNK_BYTES } from "../../domain/lintas/photos.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, kuaItem, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
let itemKua: string;

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  itemKua = (await kuaItem(tokens)).itemId;
});

/** A synthetic "JPEG": the SOI/APP0 signature, then noise (what matters here is the bytes). */
function fakeJpeg(size: number) {
  const b = new Uint8Array(size);
  crypto.getRandomValues(b.subarray(0, Math.min(size, 65536)));
  for (let i = 65536; i < size; i += 65536) b.set(b.subarray(0, Math.min(65536, size - i)), i);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}
async function sha(b: Uint8Array) {
  return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", b)), (x) => x.toString(16).padStart(2, "0")).join("");
}
const put = (token: string, id: string, offset: number, bytes: Uint8Array) =>
  api("PUT", `/api/photos/${id}?offset=${offset}`, { token, raw: bytes, headers: { "content-type": "application/octet-stream" } });

describe("evidence photos in R2", () => {
  it("upload in chunks, resume after a lost answer, and come back byte for byte", async () => {
    const photo = fakeJpeg(90 * 1024);
    const id = uuidv7();
    const decl = { id, itemId: itemKua, contentType: "image/jpeg", size: photo.byteLength, sha256: await sha(photo) };
    expect((await api("POST", "/api/photos", { token: tokens.mitraKua, body: decl })).status).toBe(201);
    // The declaration is repeated (its answer was lost): same upload, nothing duplicated.
    expect(((await (await api("POST", "/api/photos", { token: tokens.mitraKua, body: decl })).json()) as { received: number }).received).toBe(0);

    expect((await put(tokens.mitraKua, id, 0, photo.subarray(0, PHOTO_CHUNK_BYTES))).status).toBe(200);
    // The connection dropped after the server stored chunk 1; the phone resends it.
    const again = await put(tokens.mitraKua, id, 0, photo.subarray(0, PHOTO_CHUNK_BYTES));
    expect(again.status).toBe(409);
    const { received } = (await (await api("GET", `/api/photos/${id}`, { token: tokens.mitraKua })).json()) as { received: number };
    expect(received).toBe(PHOTO_CHUNK_BYTES);
    let offset = received;
    let last: { completed: boolean } = { completed: false };
    while (offset < photo.byteLength) {
      const chunk = photo.subarray(offset, offset + PHOTO_CHUNK_BYTES);
      const res = await put(tokens.mitraKua, id, offset, chunk);
      expect(res.status).toBe(200);
      last = (await res.json()) as { completed: boolean };
      offset += chunk.byteLength;
    }
    expect(last.completed).toBe(true);
    const stored = await env.PHOTOS.get(`photos/${id}`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(photo);
    expect((await env.PHOTOS.list({ prefix: `uploads/${id}/` })).objects).toHaveLength(0);
    const back = await api("GET", `/api/photos/${id}/content`, { token: tokens.camat });
    expect(back.status).toBe(200);
    expect(back.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(photo);
  });

  it("refuses an oversized photo before any byte is sent", async () => {
    const res = await api("POST", "/api/photos", { token: tokens.mitraKua, body: { id: uuidv7(), itemId: itemKua, contentType: "image/jpeg", size: 151 * 1024, sha256: "0".repeat(64) } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("photo_too_large");
  });

  it("refuses a non-image type, and a file whose bytes are not the image it claims", async () => {
    const pdf = await api("POST", "/api/photos", { token: tokens.mitraKua, body: { id: uuidv7(), itemId: itemKua, contentType: "application/pdf", size: 1000, sha256: "0".repeat(64) } });
    expect(pdf.status).toBe(422);
    const text = new TextEncoder().encode("%PDF-1.4 this is not a photo at all".repeat(20));
    const id = uuidv7();
    await api("POST", "/api/photos", { token: tokens.mitraKua, body: { id, itemId: itemKua, contentType: "image/jpeg", size: text.byteLength, sha256: await sha(text) } });
    const res = await put(tokens.mitraKua, id, 0, text);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_an_image");
    expect(await env.PHOTOS.get(`photos/${id}`)).toBeNull();
    expect((await env.PHOTOS.list({ prefix: `uploads/${id}/` })).objects).toHaveLength(0);
  });

  it("lets only the responsible office (or the puskesmas/camat) attach evidence", async () => {
    const body = { id: uuidv7(), itemId: itemKua, contentType: "image/jpeg", size: 1000, sha256: "0".repeat(64) };
    expect((await api("POST", "/api/photos", { token: tokens.mitraPkk, body })).status).toBe(403);
    expect((await api("POST", "/api/photos", { token: tokens.pustu, body })).status).toBe(403);
    expect((await api("POST", "/api/photos", { token: tokens.puskesmas, body })).status).toBe(201);
  });
});

describe("evidence photos for every role that sees the item (issue 12, item 7)", () => {
  it("open for the camat, the puskesmas, the dinkes, the pustu and the office; not for another office or kecamatan, nor a kader", async () => {
    const photo = fakeJpeg(4 * 1024);
    const id = uuidv7();
    await api("POST", "/api/photos", { token: tokens.mitraKua, body: { id, itemId: itemKua, contentType: "image/jpeg", size: photo.byteLength, sha256: await sha(photo) } });
    expect((await put(tokens.mitraKua, id, 0, photo)).status).toBe(200);
    const read = async (who: RoleName) => (await api("GET", `/api/photos/${id}/content`, { token: tokens[who] })).status;
    for (const who of ["camat", "puskesmas", "dinkes", "pustu", "mitraKua"] as const) expect(await read(who), who).toBe(200);
    for (const who of ["mitraPkk", "puskesmasOther", "kader"] as const) expect(await read(who), who).toBe(403);
  });
});
