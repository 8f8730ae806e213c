/**
 * How the PWA ships form definitions (issue 15), shared by the build (web/vite.config.ts), the
 * phone's warm-up (web/src/forms-warm.ts), the budget (scripts/budget.mjs) and the e2e tests.
 * Plain constants: no definition, no zod.
 */

/** Each definition file `domain/forms/<id>-v<n>.ts` becomes `assets/form-<id>-v<n>-<hash>.js`. */
export const FORM_CHUNK_PREFIX = "assets/form-";
/** The runtime cache the service worker serves form chunks from (CacheFirst); the warm-up fills it. */
export const FORMS_CACHE = "simpul-forms";
/** Written by the build beside index.html: which chunk files each definition file needs. */
export const FORM_CHUNKS_FILE = "form-chunks.json";

/**
 * The content of form-chunks.json. `lazy`: per definition file (`anc-v2`), the chunk files a phone
 * must hold to open it that the service worker does not precache (its own, and lazy form chunks
 * it imports). `core`: definition files the app's precached chunks import statically (the rules
 * read their constants), so every phone has them.
 */
export interface FormChunks {
  lazy: Record<string, string[]>;
  core: string[];
}

export function isFormChunks(v: unknown): v is FormChunks {
  if (typeof v !== "object" || v === null || !("lazy" in v) || !("core" in v)) return false;
  const { lazy, core } = v;
  return typeof lazy === "object" && lazy !== null && Object.values(lazy).every((x) => Array.isArray(x) && x.every((f) => typeof f === "string"))
    && Array.isArray(core) && core.every((f) => typeof f === "string");
}
