import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PHOTO_CHUNK_BYTES } from "../../domain/lintas/photos.ts";
import { LEGACY_SHARD_KEY } from "../../domain/shards/registry.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, BLT, insertRow, KAB, kuaItem, mutation, pushAs, seedBelitung, seedWorld, type BelitungRole, type RoleName } from "./fixtures.ts";

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
/** Lampung Barat's shard key, the database of seedWorld() (binding DB). */
const LAMPUNG = KAB.replace(".", "");

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
    // Under Lampung Barat's shard key (issue 16): the storage namespace follows the database's.
    const stored = await env.PHOTOS.get(`${LAMPUNG}/photos/${id}`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(photo);
    expect((await env.PHOTOS.list({ prefix: `${LAMPUNG}/uploads/${id}/` })).objects).toHaveLength(0);
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
    expect(await env.PHOTOS.get(`${LAMPUNG}/photos/${id}`)).toBeNull();
    expect((await env.PHOTOS.list({ prefix: `${LAMPUNG}/uploads/${id}/` })).objects).toHaveLength(0);
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

describe("photos per kabupaten: R2 keys under the shard key (issue 16 review, S1)", () => {
  let blt: Record<BelitungRole, string>;
  let itemBlt: string;

  beforeAll(async () => {
    ({ tokens: blt } = await seedBelitung());
    // A commitment item of Belitung's puskesmas, in Belitung's database, for the Belitung uploads.
    const office = uuidv7();
    await insertRow("office", office, { kecCode: BLT.kec, name: "KUA Sijuk", kind: "kua", desaCode: null }, { area: BLT.kec }, env.DB_1902);
    const commitmentId = uuidv7();
    itemBlt = uuidv7();
    const res = await pushAs(blt.puskesmas, [
      mutation("commitment", commitmentId, "create", { kecCode: BLT.kec, meetingId: null, title: "Komitmen Sijuk", period: "2026", docVersion: 1 }),
      mutation("commitment_party", uuidv7(), "create", { commitmentId, officeId: office }),
      mutation("commitment_item", itemBlt, "create", {
        commitmentId, number: 1, officeId: office, action: "Skrining catin", indicator: "Catin diskrining", targetKind: "yesno",
        targetValue: null, targetUnit: null, desaCodes: null, dueDate: "2026-12-31", status: "berjalan",
      }),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
  });

  const declare = async (token: string, id: string, itemId: string, photo: Uint8Array) =>
    api("POST", "/api/photos", { token, body: { id, itemId, contentType: "image/jpeg", size: photo.byteLength, sha256: await sha(photo) } });
  const content = async (token: string, id: string) => {
    const res = await api("GET", `/api/photos/${id}/content`, { token });
    return { status: res.status, bytes: res.ok ? new Uint8Array(await res.arrayBuffer()) : null };
  };
  const object = async (key: string) => {
    const o = await env.PHOTOS.get(key);
    return o ? new Uint8Array(await o.arrayBuffer()) : null;
  };
  /** Objects under the pre-sharding keys, put there by these tests (as the pilot left them). */
  const planted = new Set<string>();
  const plant = async (key: string, bytes: Uint8Array) => {
    planted.add(key);
    await env.PHOTOS.put(key, bytes);
  };
  const unprefixed = async () => [...(await env.PHOTOS.list({ prefix: "photos/" })).objects, ...(await env.PHOTOS.list({ prefix: "uploads/" })).objects].map((o) => o.key);

  it("a Belitung device that reuses a Lampung Barat photo's id leaves that photo and its bytes untouched", async () => {
    const lampung = fakeJpeg(3 * 1024);
    const id = uuidv7();
    expect((await declare(tokens.mitraKua, id, itemKua, lampung)).status).toBe(201);
    expect((await put(tokens.mitraKua, id, 0, lampung)).status).toBe(200);

    // The same id, declared against Belitung's own item: its database has no such row, so it is
    // accepted, and stored in Belitung's namespace.
    const belitung = fakeJpeg(2 * 1024);
    expect((await declare(blt.puskesmas, id, itemBlt, belitung)).status).toBe(201);
    const up = await put(blt.puskesmas, id, 0, belitung);
    expect(up.status).toBe(200);
    expect(((await up.json()) as { completed: boolean }).completed).toBe(true);

    expect(await content(tokens.camat, id)).toEqual({ status: 200, bytes: lampung });
    expect(await object(`${LAMPUNG}/photos/${id}`)).toEqual(lampung);
    expect(await content(blt.puskesmas, id)).toEqual({ status: 200, bytes: belitung });
    expect(await object(`${BLT.key}/photos/${id}`)).toEqual(belitung);
  });

  it("a Belitung upload of the same id does not remove the chunks of a Lampung Barat upload under way", async () => {
    const lampung = fakeJpeg(PHOTO_CHUNK_BYTES + 1000);
    const id = uuidv7();
    await declare(tokens.mitraKua, id, itemKua, lampung);
    expect((await put(tokens.mitraKua, id, 0, lampung.subarray(0, PHOTO_CHUNK_BYTES))).status).toBe(200);

    const belitung = fakeJpeg(1500);
    await declare(blt.puskesmas, id, itemBlt, belitung);
    expect((await put(blt.puskesmas, id, 0, belitung)).status).toBe(200);

    // Lampung Barat's phone goes on where it stopped, and its photo comes back whole.
    const rest = await put(tokens.mitraKua, id, PHOTO_CHUNK_BYTES, lampung.subarray(PHOTO_CHUNK_BYTES));
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { completed: boolean }).completed).toBe(true);
    expect(await content(tokens.camat, id)).toEqual({ status: 200, bytes: lampung });
    expect(await content(blt.puskesmas, id)).toEqual({ status: 200, bytes: belitung });
  });

  it("serves a pilot photo stored before sharding from its old key, for Lampung Barat only", async () => {
    expect(LEGACY_SHARD_KEY).toBe(LAMPUNG);
    const old = fakeJpeg(2500);
    const id = uuidv7();
    const row = { id, itemId: itemKua, contentType: "image/jpeg", size: old.byteLength, sha256: await sha(old), received: old.byteLength, completed_at: Date.now() };
    // As the pilot left it: the row names the old key, the object is there and nowhere else.
    await env.DB.prepare("INSERT INTO photo_uploads (id, key, item_id, user_id, content_type, size, sha256, received, completed_at, created_at) VALUES (?, ?, ?, 'pilot', ?, ?, ?, ?, ?, ?)")
      .bind(id, `photos/${id}`, row.itemId, row.contentType, row.size, row.sha256, row.received, row.completed_at, row.completed_at).run();
    await plant(`photos/${id}`, old);
    expect(await content(tokens.camat, id)).toEqual({ status: 200, bytes: old });
    expect(await object(`${LAMPUNG}/photos/${id}`)).toBeNull(); // read in place, not copied

    // Belitung's database has no such photo; and a Belitung row never falls back to an old key.
    expect((await content(blt.puskesmas, id)).status).toBe(404);
    const strayId = uuidv7();
    await env.DB_1902.prepare("INSERT INTO photo_uploads (id, key, item_id, user_id, content_type, size, sha256, received, completed_at, created_at) VALUES (?, ?, ?, 'x', 'image/jpeg', ?, ?, ?, ?, ?)")
      .bind(strayId, `${BLT.key}/photos/${strayId}`, itemBlt, old.byteLength, row.sha256, old.byteLength, row.completed_at, row.completed_at).run();
    await plant(`photos/${strayId}`, old);
    expect((await content(blt.puskesmas, strayId)).status).toBe(404);
  });

  it("finishes a pilot upload begun before sharding under the new key, its old chunks joined and cleared", async () => {
    const photo = fakeJpeg(PHOTO_CHUNK_BYTES + 700);
    const id = uuidv7();
    expect((await declare(tokens.mitraKua, id, itemKua, photo)).status).toBe(201);
    // Rewind the row to how the pilot left it: the old key, the first chunk under the old prefix.
    await env.DB.prepare("UPDATE photo_uploads SET key = ?, received = ? WHERE id = ?").bind(`photos/${id}`, PHOTO_CHUNK_BYTES, id).run();
    await plant(`uploads/${id}/0000000`, photo.subarray(0, PHOTO_CHUNK_BYTES));

    const res = await put(tokens.mitraKua, id, PHOTO_CHUNK_BYTES, photo.subarray(PHOTO_CHUNK_BYTES));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { completed: boolean }).completed).toBe(true);
    expect(await object(`${LAMPUNG}/photos/${id}`)).toEqual(photo);
    expect(await object(`photos/${id}`)).toBeNull();
    expect((await env.PHOTOS.list({ prefix: `uploads/${id}/` })).objects).toHaveLength(0);
    expect((await env.PHOTOS.list({ prefix: `${LAMPUNG}/uploads/${id}/` })).objects).toHaveLength(0);
    expect(await env.DB.prepare("SELECT key FROM photo_uploads WHERE id = ?").bind(id).first("key")).toBe(`${LAMPUNG}/photos/${id}`);
    expect(await content(tokens.camat, id)).toEqual({ status: 200, bytes: photo });
  });

  it("writes nothing under an unprefixed key (runs last: it checks what the tests above left)", async () => {
    expect(planted.size).toBeGreaterThan(0);
    expect((await unprefixed()).filter((k) => !planted.has(k))).toEqual([]);
  });
});
