import { PHOTO_TYPES, sniffImageType, type PhotoType } from "../../../../domain/lintas/photos.ts";
import { app, dataChanged } from "../../state.ts";
import { httpPhotoTransport, IdbPhotoStore, PhotoQueue, sha256Hex } from "../../sync/photos.ts";
import { TransportError } from "../../sync/transport.ts";

let queue: Promise<PhotoQueue> | null = null;
let opened: IdbPhotoStore | null = null;

/** The app's photo queue: waits for a photo's progress text to reach the server, then uploads. */
export function photoQueue(): Promise<PhotoQueue> {
  queue ??= IdbPhotoStore.open(app.store).then(
    (store) =>
      new PhotoQueue(
        (opened = store), httpPhotoTransport(() => app.session?.token ?? null), async (r) => (await app.store.get("progress", r.progressId))?.status === "synced"),
  );
  // A phone's first photo: the uploader starts with it (the unlock starts it only where a photo database exists).
  startPhotoUploads();
  return queue;
}

/** Retries of a stalled upload: 5 s, doubling, at most 5 minutes apart (then the sync's own rhythm). */
const PHOTO_RETRY_FIRST_MS = 5_000;
const PHOTO_RETRY_MAX_MS = 5 * 60_000;

let started = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryMs = PHOTO_RETRY_FIRST_MS;
/**
 * Upload pending photos after every sync cycle that ends online (also one whose pull failed: its
 * push may have sent the text), and again on a backoff timer while an upload is stalled.
 */
export function startPhotoUploads(): void {
  if (started || !app.engine) return;
  started = true;
  let last = app.engine.state.phase;
  const kick = (): void =>
    void photoQueue()
      .then(async (q) => {
        const n = await q.run();
        if (n > 0) dataChanged();
        if (retryTimer) clearTimeout(retryTimer);
        retryTimer = null;
        if (!q.stalled) {
          retryMs = PHOTO_RETRY_FIRST_MS;
          return;
        }
        retryTimer = setTimeout(kick, retryMs);
        retryMs = Math.min(retryMs * 2, PHOTO_RETRY_MAX_MS);
      })
      .catch((e: unknown) => console.warn("photos", e instanceof Error ? e.name : "error"));
  app.engine.subscribe((s) => {
    if (last !== "idle" && s.phase === "idle" && !s.offline) kick();
    last = s.phase;
  });
  kick();
}

/** Wipe: close the photo database and delete it. */
export async function destroyPhotos(): Promise<void> {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  opened?.close();
  queue = null;
  opened = null;
  await IdbPhotoStore.destroy();
}

/** What the evidence view can show for one photo. */
export type EvidencePhoto =
  | { state: "ready"; blob: Blob }
  /** The server does not have it (yet): it is still on the reporter's phone. */
  | { state: "not_uploaded" }
  /** Not on this phone, and no signal to fetch it. */
  | { state: "offline" };

const inflight = new Map<string, Promise<EvidencePhoto>>();

/**
 * An evidence photo, for any role that sees the item: from this phone's photo database (sealed
 * like every other personal value, docs/SECURITY.md) when it was taken or opened here before,
 * else fetched once from the server (which checks the reader's scope and audits the read) and
 * kept there as a completed record, so it opens offline from then on. Concurrent views of the
 * same photo share one fetch.
 */
export function evidencePhoto(id: string, itemId: string, progressId: string): Promise<EvidencePhoto> {
  let p = inflight.get(id);
  if (!p) {
    p = loadEvidence(id, itemId, progressId).finally(() => inflight.delete(id));
    inflight.set(id, p);
  }
  return p;
}

async function loadEvidence(id: string, itemId: string, progressId: string): Promise<EvidencePhoto> {
  const store = (await photoQueue()).store;
  const local = await store.get(id);
  if (local) return { state: "ready", blob: new Blob([local.bytes as BlobPart], { type: local.contentType }) };
  let res: Response;
  try {
    res = await fetch(`/api/photos/${encodeURIComponent(id)}/content`, { headers: { authorization: `Bearer ${app.session?.token ?? ""}` }, cache: "no-store" });
  } catch {
    return { state: "offline" };
  }
  if (res.status === 404) return { state: "not_uploaded" };
  if (!res.ok) throw new TransportError(res.status, `http_${res.status}`, res.statusText);
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim() as PhotoType;
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Keep only what is an image of a type the server accepts (its CSP'd answer says which).
  if (!(PHOTO_TYPES as readonly string[]).includes(type) || sniffImageType(bytes.subarray(0, 16)) !== type) throw new Error("not_an_image");
  await store.put({
    id, itemId, progressId, contentType: type, size: bytes.byteLength, sha256: await sha256Hex(bytes), bytes,
    declared: true, received: bytes.byteLength, completed: true, createdAt: Date.now(),
  });
  return { state: "ready", blob: new Blob([bytes as BlobPart], { type }) };
}
