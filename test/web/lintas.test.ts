import { describe, expect, it } from "vitest";
import { decodeStrokes, encodeStrokes, GRID_H, GRID_W, MAX_STROKES_CHARS, type Stroke } from "../../web/src/components/strokes.ts";
import { MemoryPhotoStore, PhotoQueue, type PhotoStatus, type PhotoTransport } from "../../web/src/sync/photos.ts";
import { TransportError } from "../../web/src/sync/transport.ts";

/** A wobbly handwritten-like signature of `n` strokes with `pts` points each. */
function scribble(n: number, pts: number, seed = 1): Stroke[] {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, (_, k) =>
    Array.from({ length: pts }, (_, i) => [Math.min(1, (k / n) + (i / pts) * 0.3 + rnd() * 0.01), 0.5 + 0.4 * Math.sin(i / 3 + k) * rnd()] as [number, number]),
  );
}

describe("signature strokes", () => {
  it("encodes a typical signature in well under 5 KB and decodes to the same grid points", () => {
    const strokes = scribble(4, 120);
    const enc = encodeStrokes(strokes);
    expect(enc.length).toBeLessThan(2000);
    const dec = decodeStrokes(enc);
    expect(dec).toHaveLength(4);
    for (const [k, st] of strokes.entries()) {
      const last = st.at(-1)!;
      expect(dec[k]!.at(-1)).toEqual([Math.round(last[0] * (GRID_W - 1)), Math.round(last[1] * (GRID_H - 1))]);
      expect(dec[k]![0]).toEqual([Math.round(st[0]![0] * (GRID_W - 1)), Math.round(st[0]![1] * (GRID_H - 1))]);
    }
  });

  it("thins an enormous scribble until it fits the 5120-character limit", () => {
    const enc = encodeStrokes(scribble(40, 800, 7));
    expect(enc.length).toBeLessThanOrEqual(MAX_STROKES_CHARS);
    expect(decodeStrokes(enc).length).toBeGreaterThan(0);
    expect(enc).toMatch(/^1[.A-Za-z0-9_-]*$/);
  });

  it("splits long jumps into steps that still land on the point", () => {
    const enc = encodeStrokes([[[0, 0], [1, 1]]]);
    expect(decodeStrokes(enc)[0]!.at(-1)).toEqual([GRID_W - 1, GRID_H - 1]);
  });
});

/** A server that keeps what arrived; can drop the connection after N chunks or lose an answer. */
class FakePhotoServer implements PhotoTransport {
  uploads = new Map<string, { size: number; bytes: number[]; completed: boolean }>();
  chunks = 0;
  failAfter = Infinity;
  loseAnswerAt = -1;
  declares = 0;
  async declare(d: { id: string; size: number }): Promise<PhotoStatus> {
    this.declares++;
    const u = this.uploads.get(d.id) ?? { size: d.size, bytes: [], completed: false };
    this.uploads.set(d.id, u);
    return { id: d.id, size: u.size, received: u.bytes.length, completed: u.completed };
  }
  async putChunk(id: string, offset: number, bytes: Uint8Array): Promise<PhotoStatus> {
    if (this.chunks >= this.failAfter) throw new TransportError(0, "network", "no signal");
    this.chunks++;
    const u = this.uploads.get(id)!;
    if (offset !== u.bytes.length) throw new TransportError(409, "wrong_offset", "wrong offset", { received: u.bytes.length });
    u.bytes.push(...bytes);
    u.completed = u.bytes.length === u.size;
    // The server stored the chunk but the answer never came back.
    if (this.chunks === this.loseAnswerAt) throw new TransportError(0, "network", "answer lost");
    return { id, size: u.size, received: u.bytes.length, completed: u.completed };
  }
}

const photo = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31) & 255);

describe("photo upload queue", () => {
  it("waits for the progress text, then uploads in chunks", async () => {
    const server = new FakePhotoServer();
    let textSynced = false;
    const q = new PhotoQueue(new MemoryPhotoStore(), server, async () => textSynced, 1000);
    await q.add({ id: "p1", itemId: "i1", progressId: "pr1", contentType: "image/jpeg", bytes: photo(3500) });
    expect(await q.run()).toBe(0);
    expect(server.declares).toBe(0);
    textSynced = true;
    expect(await q.run()).toBe(1);
    expect(server.chunks).toBe(4);
    expect(server.uploads.get("p1")!.bytes).toEqual([...photo(3500)]);
    expect(await q.pending()).toHaveLength(0);
  });

  it("resumes after a dropped connection from the last confirmed chunk", async () => {
    const server = new FakePhotoServer();
    const store = new MemoryPhotoStore();
    const q = new PhotoQueue(store, server, async () => true, 1000);
    await q.add({ id: "p1", itemId: "i1", progressId: "pr1", contentType: "image/jpeg", bytes: photo(5200) });
    server.failAfter = 2;
    expect(await q.run()).toBe(0);
    expect((await store.get("p1"))!.received).toBe(2000);
    // Stalled on no signal: the uploader retries on its own timer, not only at the next sync.
    expect(q.stalled).toBe(true);
    server.failAfter = Infinity;
    expect(await q.run()).toBe(1);
    expect(q.stalled).toBe(false);
    expect(server.chunks).toBe(6);
    expect(server.uploads.get("p1")!.bytes).toEqual([...photo(5200)]);
  });

  it("goes on from the server's `received` when an answer was lost (409 wrong_offset)", async () => {
    const server = new FakePhotoServer();
    const store = new MemoryPhotoStore();
    const q = new PhotoQueue(store, server, async () => true, 1000);
    await q.add({ id: "p1", itemId: "i1", progressId: "pr1", contentType: "image/png", bytes: photo(2500) });
    server.loseAnswerAt = 2;
    expect(await q.run()).toBe(0);
    // The phone thinks 1000 arrived; the server holds 2000.
    expect((await store.get("p1"))!.received).toBe(1000);
    expect(await q.run()).toBe(1);
    expect(server.uploads.get("p1")!.bytes).toEqual([...photo(2500)]);
    expect((await store.get("p1"))!.completed).toBe(true);
  });

  it("a run asked for while one is under way runs again after it: a photo whose text synced meanwhile goes now, not at the next sync", async () => {
    const server = new FakePhotoServer();
    const synced = new Set<string>();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    // The first readiness check waits: the run is under way when the second photo's text syncs.
    const q = new PhotoQueue(new MemoryPhotoStore(), server, async (r) => {
      if (first) {
        first = false;
        await gate;
      }
      return synced.has(r.progressId);
    }, 1000);
    await q.add({ id: "p1", itemId: "i1", progressId: "pr1", contentType: "image/jpeg", bytes: photo(1500) });
    const running = q.run();
    await q.add({ id: "p2", itemId: "i1", progressId: "pr2", contentType: "image/jpeg", bytes: photo(1500) });
    synced.add("pr1").add("pr2");
    const again = q.run();
    release();
    await running;
    await again;
    expect(await q.pending()).toEqual([]);
    expect(server.uploads.get("p2")?.completed).toBe(true);
  });

  it("refuses a photo over 150 KB before queueing it", async () => {
    const q = new PhotoQueue(new MemoryPhotoStore(), new FakePhotoServer(), async () => true);
    await expect(q.add({ id: "big", itemId: "i", progressId: "p", contentType: "image/jpeg", bytes: new Uint8Array(151 * 1024) })).rejects.toThrow("photo_too_large");
  });
});
