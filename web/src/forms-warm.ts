import type { Role } from "../../domain/access/policy.ts";
import { FORM_CHUNKS_FILE, FORMS_CACHE, isFormChunks } from "../../domain/forms/chunks.ts";
// The catalogue itself, not meta.ts: this chunk is fetched from the first load's code, and meta.ts
// would list the engine and the ANC schedule among its dependencies there.
import { FORM_CATALOG } from "../../domain/forms/catalog.ts";

/**
 * The warm-up (issue 15): the definition chunks of every form the signed-in role enters, put into
 * the runtime cache the service worker serves them from (CacheFirst, web/vite.config.ts), one at a
 * time in idle time after unlock, so a bidan opens any of her forms offline, a kader's phone never
 * fetches MTBS and a camat's phone no form at all. Chunks of forms the role no longer enters (or of
 * an older build) leave the cache. Core definitions (those the rules import) are precached.
 */
export interface WarmResult {
  /** Chunk files the role needs (lazy ones). */
  wanted: number;
  /** Of those, fetched now (the others were cached already). */
  fetched: number;
  /** Bytes fetched now (as the network delivered them, decoded). */
  bytes: number;
  removed: number;
}

/** The lazy chunk files the role's phone keeps: form-chunks.json's lists for its forms' files. */
export async function roleChunkUrls(role: Role): Promise<string[]> {
  const modules = new Set(FORM_CATALOG.filter((m) => m.roles.includes(role)).map((m) => m.module));
  if (modules.size === 0) return [];
  const res = await fetch(`/${FORM_CHUNKS_FILE}`);
  if (!res.ok) throw new Error(`${FORM_CHUNKS_FILE}: HTTP ${res.status}`);
  const map: unknown = await res.json();
  if (!isFormChunks(map)) throw new Error(`${FORM_CHUNKS_FILE}: unexpected shape`);
  const files = new Set<string>();
  for (const m of modules) for (const f of map.lazy[m] ?? []) files.add(f);
  return [...files].sort().map((f) => new URL(`/${f}`, location.origin).href);
}

export async function warmForms(role: Role): Promise<WarmResult> {
  const urls = await roleChunkUrls(role);
  const wanted = new Set(urls);
  const cache = await caches.open(FORMS_CACHE);
  const have = new Set((await cache.keys()).map((r) => r.url));
  let fetched = 0;
  let bytes = 0;
  // One at a time: the warm-up never takes the whole of a 2G link from what the user is doing.
  for (const url of urls) {
    if (have.has(url)) continue;
    const res = await fetch(url, { credentials: "same-origin" });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const body = await res.clone().arrayBuffer();
    await cache.put(url, res);
    fetched++;
    bytes += body.byteLength;
  }
  let removed = 0;
  for (const req of await cache.keys()) {
    if (!wanted.has(req.url) && (await cache.delete(req))) removed++;
  }
  return { wanted: wanted.size, fetched, bytes, removed };
}

/** The warm-up as the app runs it (forms-warm-start.ts): the outcome on `<html data-forms-warm>`. */
/** True when every wanted chunk is cached; false (and the caller tries again at the next unlock) otherwise. */
export async function warmAndMark(role: Role): Promise<boolean> {
  try {
    const r = await warmForms(role);
    document.documentElement.dataset.formsWarm = `done:${r.fetched}/${r.wanted}`;
    return true;
  } catch (e) {
    document.documentElement.dataset.formsWarm = "failed";
    console.warn("forms warm-up failed", e);
    return false;
  }
}
