import preact from "@preact/preset-vite";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { staticHeadersFile } from "../domain/http/security-headers.ts";
import { FORM_CHUNK_PREFIX, FORM_CHUNKS_FILE, FORMS_CACHE, type FormChunks } from "../domain/forms/chunks.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/**
 * dist/_headers: Workers Static Assets serve the app's files without running the worker, and add
 * the headers this file lists (CSP, nosniff, Referrer-Policy; domain/http/security-headers.ts).
 */
const securityHeadersFile: Plugin = {
  name: "simpul-security-headers",
  apply: "build",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "_headers", source: staticHeadersFile() });
  },
};

/** A form definition file, `domain/forms/<id>-v<n>.ts`: one lazy chunk each (web/src/forms-loader.ts). */
const DEFINITION_MODULE = /[\\/]domain[\\/]forms[\\/]([a-z0-9-]+-v\d+)\.ts$/;

/**
 * Form chunks (issue 15). Every definition file is its own chunk, `assets/form-<file>-<hash>.js`.
 * Those no precached chunk imports statically are "lazy": the service worker does not precache
 * them (a camat's phone downloads no form, a kader's no MTBS); a phone's warm-up (web/src/forms-warm.ts)
 * puts the chunks of the forms its role enters into the runtime cache the service worker serves
 * them from. Definition files the rules import for their constants are "core": precached for all.
 * form-chunks.json tells the warm-up and the budget which files each definition needs.
 */
const lazyFormFiles = new Set<string>();
const formChunksFile: Plugin = {
  name: "simpul-form-chunks",
  apply: "build",
  generateBundle(_options, bundle) {
    lazyFormFiles.clear();
    const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const moduleOf = new Map<string, string>();
    for (const c of chunks) {
      const m = c.facadeModuleId?.match(DEFINITION_MODULE);
      if (m && c.fileName.startsWith(FORM_CHUNK_PREFIX)) moduleOf.set(c.fileName, m[1]!);
    }
    // Core: reached through static imports from any chunk that is not a form chunk.
    const core = new Set<string>();
    const reach = (file: string, into: Set<string>) => {
      for (const imp of byFile.get(file)?.imports ?? []) {
        if (into.has(imp)) continue;
        into.add(imp);
        reach(imp, into);
      }
    };
    for (const c of chunks) if (!moduleOf.has(c.fileName)) reach(c.fileName, core);
    const lazy: FormChunks["lazy"] = {};
    for (const file of moduleOf.keys()) if (!core.has(file)) lazyFormFiles.add(file);
    for (const [file, module] of moduleOf) {
      if (core.has(file)) continue;
      const deps = new Set<string>();
      reach(file, deps);
      lazy[module] = [file, ...[...deps].filter((d) => lazyFormFiles.has(d)).sort()];
    }
    // Core: every definition file bundled into a chunk that is not lazy (the rules chunk carries those
    // whose constants the rules import; rolldown may merge them there rather than give them a chunk).
    const coreModules = new Set<string>();
    for (const c of chunks) {
      if (lazyFormFiles.has(c.fileName)) continue;
      for (const id of c.moduleIds) {
        const m = id.match(DEFINITION_MODULE);
        if (m) coreModules.add(m[1]!);
      }
    }
    const out: FormChunks = { lazy, core: [...coreModules].sort() };
    this.emitFile({ type: "asset", fileName: FORM_CHUNKS_FILE, source: JSON.stringify(out) });
  },
};

/** The PWA: built into ../dist, which wrangler serves as static assets beside the /api worker. */
export default defineConfig({
  root: here,
  base: "/",
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    __BUILD_TIME__: JSON.stringify(new Date().toISOString().slice(0, 16).replace("T", " ")),
  },
  publicDir: "public",
  server: {
    // `vite dev` has no API of its own; the worker runs beside it under `npm start`.
    proxy: { "/api": "http://127.0.0.1:8787" },
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
  },
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // Cheap Android phones run Chrome 80+ WebView at best; ES2020 keeps optional chaining native.
    target: "es2020",
    // The budget script reads the manifest to tell the first load from lazy chunks.
    manifest: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // One recognisable chunk per form definition (formChunksFile above).
        chunkFileNames: (chunk) => (chunk.facadeModuleId && DEFINITION_MODULE.test(chunk.facadeModuleId) ? `${FORM_CHUNK_PREFIX}[name]-[hash].js` : "assets/[name]-[hash].js"),
      },
    },
  },
  plugins: [
    preact(),
    securityHeadersFile,
    formChunksFile,
    VitePWA({
      // A new version waits until the user taps "Muat ulang": never reload over a form being filled.
      registerType: "prompt",
      injectRegister: false,
      strategies: "generateSW",
      filename: "sw.js",
      manifestFilename: "manifest.webmanifest",
      // Icons come in through globPatterns; listing them again would precache them twice.
      includeAssets: [],
      includeManifestIcons: false,
      manifest: {
        id: "/?app=simpul",
        name: "Simpul",
        short_name: "Simpul",
        description: "Layanan primer terintegrasi (ILP) untuk pustu, posyandu dan kader — bekerja tanpa sinyal.",
        lang: "id",
        start_url: "/?source=pwa",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#ffffff",
        theme_color: "#0f766e",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // Shell, lazy chunks (the form renderer, the rules) and icons: all precached, so a phone that
        // installed the app once opens every screen with no signal. Form definitions are not: each
        // phone keeps those of its role (formChunksFile above; the warm-up and runtimeCaching below).
        globPatterns: ["**/*.{js,css,html,png}", FORM_CHUNKS_FILE],
        globIgnores: ["**/.vite/**"],
        manifestTransforms: [async (entries) => ({ manifest: entries.filter((e) => !lazyFormFiles.has(e.url.replace(/^\//, ""))), warnings: [] })],
        // A form chunk comes from the runtime cache the warm-up filled (offline), else the network,
        // and is kept. Its name carries its content hash, so a cached copy is never stale.
        runtimeCaching: [{ urlPattern: /\/assets\/form-[^/]+\.js$/, handler: "CacheFirst", options: { cacheName: FORMS_CACHE } }],
        navigateFallback: "index.html",
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // Waiting is what the update banner relies on: a new version activates only on the user's tap.
        skipWaiting: false,
        // Claiming only matters on the very first install (nothing to replace): the page that
        // installed the app is served offline at once, without a reload. Updates still wait.
        clientsClaim: true,
      },
      devOptions: { enabled: false },
    }),
  ],
});
