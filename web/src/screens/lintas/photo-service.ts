import { app, dataChanged } from "../../state.ts";
import { httpPhotoTransport, IdbPhotoStore, PhotoQueue } from "../../sync/photos.ts";

let queue: Promise<PhotoQueue> | null = null;

/** The app's photo queue: waits for a photo's progress text to reach the server, then uploads. */
export function photoQueue(): Promise<PhotoQueue> {
  queue ??= IdbPhotoStore.open().then(
    (store) =>
      new PhotoQueue(store, httpPhotoTransport(() => app.session?.token ?? null), async (r) => (await app.store.get("progress", r.progressId))?.status === "synced"),
  );
  return queue;
}

let started = false;
/** Upload pending photos after every sync cycle that ends with the text sent. */
export function startPhotoUploads(): void {
  if (started || !app.engine) return;
  started = true;
  let last = app.engine.state.phase;
  const kick = () => void photoQueue().then((q) => q.run()).then((n) => n > 0 && dataChanged()).catch((e: unknown) => console.warn("photos", e));
  app.engine.subscribe((s) => {
    if (last !== "idle" && s.phase === "idle" && !s.offline && s.error === null) kick();
    last = s.phase;
  });
  kick();
}
