import { deleteDB, openDB, type IDBPDatabase } from "idb";
import { MAX_PHOTO_BYTES, PHOTO_CHUNK_BYTES, type PhotoType } from "../../../domain/lintas/photos.ts";
import type { Sealed } from "../store/cipher.ts";
import { PHOTO_DB_NAME } from "./photo-db.ts";
import { TransportError } from "./transport.ts";

/**
 * Evidence photos: compressed on the phone, kept in their own IndexedDB database until the
 * server has them, and uploaded in chunks after the progress text they belong to has synced.
 * Every chunk the server confirms is remembered, and a 409 wrong_offset tells where to go on,
 * so a photo cut off on a weak signal resumes where it stopped.
 */

export interface PhotoRecord {
  id: string;
  itemId: string;
  progressId: string;
  contentType: PhotoType;
  size: number;
  sha256: string;
  bytes: Uint8Array;
  declared: boolean;
  received: number;
  completed: boolean;
  createdAt: number;
  error?: string;
}

export interface PhotoStatus {
  id: string;
  size: number;
  received: number;
  completed: boolean;
}

export interface PhotoTransport {
  declare(d: { id: string; itemId: string; contentType: string; size: number; sha256: string }): Promise<PhotoStatus>;
  putChunk(id: string, offset: number, bytes: Uint8Array): Promise<PhotoStatus>;
}

export interface PhotoStore {
  put(r: PhotoRecord): Promise<void>;
  get(id: string): Promise<PhotoRecord | undefined>;
  all(): Promise<PhotoRecord[]>;
}

export class MemoryPhotoStore implements PhotoStore {
  rows = new Map<string, PhotoRecord>();
  async put(r: PhotoRecord) {
    this.rows.set(r.id, { ...r });
  }
  async get(id: string) {
    const r = this.rows.get(id);
    return r ? { ...r } : undefined;
  }
  async all() {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
}

/** Seals what the photo store keeps (LocalStore, with the data key). */
export interface BytesSealer {
  sealBytes(bytes: Uint8Array, aad: string): Promise<Sealed>;
  openBytes(box: Sealed, aad: string): Promise<Uint8Array>;
}

type StoredPhoto = Omit<PhotoRecord, "bytes"> & { box: Sealed };

/** Photos in their own database; the image itself is sealed like every other personal value. */
export class IdbPhotoStore implements PhotoStore {
  static readonly DB_NAME = PHOTO_DB_NAME;
  private constructor(
    private readonly db: IDBPDatabase,
    private readonly sealer: BytesSealer,
  ) {}
  static async open(sealer: BytesSealer, name = IdbPhotoStore.DB_NAME): Promise<IdbPhotoStore> {
    const db = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore("photos", { keyPath: "id" }) });
    return new IdbPhotoStore(db, sealer);
  }
  /** Wipe: the whole database goes (close any open store first, or the delete waits for it). */
  static destroy(name = IdbPhotoStore.DB_NAME): Promise<void> {
    return deleteDB(name);
  }
  close(): void {
    this.db.close();
  }
  private async unseal(s: StoredPhoto | undefined): Promise<PhotoRecord | undefined> {
    if (!s) return undefined;
    const { box, ...rest } = s;
    return { ...rest, bytes: await this.sealer.openBytes(box, `photo:${s.id}`) };
  }
  async put(r: PhotoRecord) {
    const { bytes, ...rest } = r;
    await this.db.put("photos", { ...rest, box: await this.sealer.sealBytes(bytes, `photo:${r.id}`) } satisfies StoredPhoto);
  }
  async get(id: string) {
    return this.unseal((await this.db.get("photos", id)) as StoredPhoto | undefined);
  }
  async all() {
    const rows = (await this.db.getAll("photos")) as StoredPhoto[];
    return (await Promise.all(rows.map((r) => this.unseal(r)))) as PhotoRecord[];
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class PhotoQueue {
  private running: Promise<number> | null = null;
  private again = false;
  /**
   * The last run stopped on a failure worth retrying (no signal, 429, 5xx) with a photo whose text
   * has synced. The uploader then retries on its own timer: the next sync may be many minutes away
   * on an idle phone (the idle backoff), and a photo should not wait for it.
   */
  stalled = false;
  constructor(
    readonly store: PhotoStore,
    private readonly transport: PhotoTransport,
    /** Has the progress row this photo belongs to reached the server? Photos wait for their text. */
    private readonly ready: (r: PhotoRecord) => Promise<boolean>,
    private readonly chunkBytes = PHOTO_CHUNK_BYTES,
  ) {}

  async add(p: { id: string; itemId: string; progressId: string; contentType: PhotoRecord["contentType"]; bytes: Uint8Array }, now = Date.now()): Promise<PhotoRecord> {
    if (p.bytes.byteLength > MAX_PHOTO_BYTES) throw new Error("photo_too_large");
    const rec: PhotoRecord = { ...p, size: p.bytes.byteLength, sha256: await sha256Hex(p.bytes), declared: false, received: 0, completed: false, createdAt: now };
    await this.store.put(rec);
    return rec;
  }

  async pending(): Promise<PhotoRecord[]> {
    return (await this.store.all()).filter((r) => !r.completed).sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Upload what can go now; resolves with the number of photos completed. A call while a run is
   * under way runs once more after it: that run may have listed the photos, or checked a photo's
   * text, before this call's reason (a photo added, its text synced), which would otherwise wait
   * for the next sync, minutes away.
   */
  run(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let done = 0;
      try {
        do {
          this.again = false;
          this.stalled = false;
          done += await this.drain();
        } while (this.again);
      } finally {
        this.running = null;
      }
      return done;
    })();
    return this.running;
  }

  private async drain(): Promise<number> {
    let done = 0;
    for (const r of await this.pending()) {
      if (!(await this.ready(r))) continue;
      try {
        if (await this.upload(r)) done++;
      } catch (e) {
        // No signal: stop here and try again after the next sync. A refusal is kept on the photo.
        if (e instanceof TransportError && (e.status === 0 || e.retryable)) {
          this.stalled = true;
          break;
        }
        await this.store.put({ ...r, ...(await this.store.get(r.id)), error: e instanceof Error ? e.message : String(e) });
      }
    }
    return done;
  }

  private async upload(start: PhotoRecord): Promise<boolean> {
    let r = start;
    if (!r.declared) {
      const s = await this.transport.declare({ id: r.id, itemId: r.itemId, contentType: r.contentType, size: r.size, sha256: r.sha256 });
      r = { ...r, declared: true, received: s.received, completed: s.completed };
      await this.store.put(r);
    }
    for (let guard = 0; !r.completed && guard < 1000; guard++) {
      let s: PhotoStatus;
      try {
        s = await this.transport.putChunk(r.id, r.received, r.bytes.slice(r.received, r.received + this.chunkBytes));
      } catch (e) {
        const received = e instanceof TransportError && e.code === "wrong_offset" ? (e.details as { received?: number } | undefined)?.received : undefined;
        if (typeof received !== "number") throw e;
        // The server holds a different amount (a lost answer, or another try): go on from there.
        r = { ...r, received };
        await this.store.put(r);
        continue;
      }
      r = { ...r, received: s.received, completed: s.completed };
      await this.store.put(r);
    }
    return r.completed;
  }
}

/** Draw an image onto a canvas and re-encode it, shrinking until it fits `max` bytes. */
export async function compressImage(file: Blob, max = MAX_PHOTO_BYTES): Promise<{ bytes: Uint8Array; contentType: "image/jpeg" | "image/webp" }> {
  const bmp = await createImageBitmap(file);
  let side = 1280;
  for (let round = 0; round < 8; round++) {
    const scale = Math.min(1, side / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bmp.width * scale));
    canvas.height = Math.max(1, Math.round(bmp.height * scale));
    canvas.getContext("2d")!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    for (const q of [0.8, 0.65, 0.5, 0.4]) {
      const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, "image/jpeg", q));
      if (blob && blob.size <= max) return { bytes: new Uint8Array(await blob.arrayBuffer()), contentType: "image/jpeg" };
    }
    side = Math.round(side * 0.7);
  }
  throw new Error("photo_too_large");
}

/** The photo API over fetch (same origin). */
export function httpPhotoTransport(getToken: () => string | null, base = ""): PhotoTransport {
  const call = async (method: string, path: string, body: BodyInit, type: string): Promise<PhotoStatus> => {
    let res: Response;
    try {
      res = await fetch(base + path, { method, body, headers: { "content-type": type, accept: "application/json", authorization: `Bearer ${getToken() ?? ""}` }, cache: "no-store" });
    } catch (e) {
      throw new TransportError(0, "network", e instanceof Error ? e.message : String(e));
    }
    const json = (await res.json().catch(() => null)) as (PhotoStatus & { error?: { code?: string; message?: string; details?: unknown } }) | null;
    if (!res.ok) throw new TransportError(res.status, json?.error?.code ?? `http_${res.status}`, json?.error?.message ?? res.statusText, json?.error?.details);
    return json as PhotoStatus;
  };
  return {
    declare: (d) => call("POST", "/api/photos", JSON.stringify(d), "application/json"),
    putChunk: (id, offset, bytes) => call("PUT", `/api/photos/${id}?offset=${offset}`, bytes as BodyInit, "application/octet-stream"),
  };
}
