import preact from "@preact/preset-vite";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { staticHeadersFile } from "../domain/http/security-headers.ts";

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
  },
  plugins: [
    preact(),
    securityHeadersFile,
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
        // Shell, lazy chunks (the form renderer and every form definition) and icons: all precached,
        // so a phone that installed the app once can open any form with no signal.
        globPatterns: ["**/*.{js,css,html,png}"],
        globIgnores: ["**/.vite/**"],
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
