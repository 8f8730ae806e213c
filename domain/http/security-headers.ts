/**
 * Security headers, defined once. The worker sends them on every API answer
 * (worker/http/security.ts); the PWA build writes them into dist/_headers, which Workers Static
 * Assets applies to the app's HTML, scripts, service worker, manifest and icons (web/vite.config.ts).
 * References: the CSP Level 3 directives (https://www.w3.org/TR/CSP3/), and Cloudflare's
 * `_headers` file (https://developers.cloudflare.com/workers/static-assets/headers/).
 */

/** A policy as directive → sources, in the order it is written out. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export function cspString(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => (sources.length ? `${name} ${sources.join(" ")}` : name))
    .join("; ");
}

/**
 * The app: everything from its own origin, nothing inline, nothing framing it. The app needs no
 * more: Vite emits module scripts and CSS files (no inline script or style), the service worker
 * and the manifest are same-origin files, images are the icons, signatures are inline SVG
 * elements, and photos are compressed on a canvas and shown on one (evidence.tsx), never through
 * blob: or data: URLs.
 * Preact's `style={…}` props go through the CSSOM, which `style-src 'self'` allows; a `style`
 * attribute in HTML would not be, so index.html has none.
 */
export const APP_CSP_DIRECTIVES: CspDirectives = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'"],
  "manifest-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};
export const APP_CSP = cspString(APP_CSP_DIRECTIVES);

/** API answers are JSON, never a document: they may load nothing and be framed by no one. */
export const API_CSP_DIRECTIVES: CspDirectives = {
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
};
export const API_CSP = cspString(API_CSP_DIRECTIVES);

/**
 * A stored evidence photo: if it is ever opened as a page, it may show itself and nothing else,
 * and `sandbox` gives it an opaque origin with no script, whatever its bytes say.
 */
export const PHOTO_CSP_DIRECTIVES: CspDirectives = {
  "default-src": ["'none'"],
  "img-src": ["'self'"],
  "frame-ancestors": ["'none'"],
  sandbox: [],
};
export const PHOTO_CSP = cspString(PHOTO_CSP_DIRECTIVES);

/**
 * No Referer at all: the app's own calls need none, and a link out (a WhatsApp share) must not
 * tell the other side where the phone came from.
 */
export const REFERRER_POLICY = "no-referrer";

/**
 * HSTS for production answers: one year (the minimum hstspreload.org asks for) and subdomains.
 * Not `preload`: entering the preload list is a decision for whoever owns the domain.
 */
export const HSTS = "max-age=31536000; includeSubDomains";

/** API answers are never stored by a browser or a proxy: they hold tokens and personal data. */
export const API_CACHE_CONTROL = "no-store";

/**
 * Headers on everything, the app's files and the API alike. `X-Frame-Options` repeats
 * `frame-ancestors` for WebViews too old for CSP 2.
 */
export const COMMON_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": REFERRER_POLICY,
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

/**
 * The headers every static file of the app carries. No HSTS here: dist/ is the same build in
 * every environment (docs/SECURITY.md says where production gets HSTS for the static files).
 */
export const APP_HEADERS: Readonly<Record<string, string>> = { "Content-Security-Policy": APP_CSP, ...COMMON_HEADERS };

/**
 * Headers that only a document (or a worker script) obeys: a script, a style sheet or an image
 * runs under the CSP of the page that loads it, and framing and opener rules concern pages.
 * Hashed chunks and icons drop them (`! Name` in `_headers`): over HTTP/1.1 they cost ≈ 350 bytes
 * on each of the dozen files of a first load (issue 14). They keep nosniff, CORP and the
 * referrer policy.
 */
export const DOCUMENT_ONLY_HEADERS = ["Content-Security-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"] as const;

/** Paths whose files are never documents: Vite's hashed chunks and the icons. */
export const SUBRESOURCE_PATHS = ["/assets/*", "/icons/*"] as const;

/**
 * Vite's chunks are named by their content hash, so a browser may keep one for a year without
 * asking again (RFC 8246 `immutable`); a new build has new names. index.html and sw.js keep
 * the default (revalidated), so an update is still found.
 */
export const HASHED_ASSETS_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * dist/_headers: one rule for every path Workers Static Assets serves, then the subresource paths
 * detach the document-only headers, and the hashed chunks are cached for good.
 */
export function staticHeadersFile(): string {
  const lines = ["/*", ...Object.entries(APP_HEADERS).map(([k, v]) => `  ${k}: ${v}`)];
  for (const p of SUBRESOURCE_PATHS) {
    lines.push(p, ...DOCUMENT_ONLY_HEADERS.map((h) => `  ! ${h}`));
    if (p === "/assets/*") lines.push(`  Cache-Control: ${HASHED_ASSETS_CACHE_CONTROL}`);
  }
  return [...lines, ""].join("\n");
}
