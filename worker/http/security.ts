import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { API_CACHE_CONTROL, API_CSP, COMMON_HEADERS, HSTS } from "../../domain/http/security-headers.ts";
import type { AppEnv } from "./route.ts";

/** hono's secure headers with our values (domain/http/security-headers.ts); HSTS only when asked. */
const withHsts = (hsts: string | false) =>
  secureHeaders({
    xContentTypeOptions: COMMON_HEADERS["X-Content-Type-Options"],
    referrerPolicy: COMMON_HEADERS["Referrer-Policy"],
    xFrameOptions: COMMON_HEADERS["X-Frame-Options"],
    crossOriginOpenerPolicy: COMMON_HEADERS["Cross-Origin-Opener-Policy"],
    crossOriginResourcePolicy: COMMON_HEADERS["Cross-Origin-Resource-Policy"],
    strictTransportSecurity: hsts,
    // A handler that set its own CSP (a stored photo) keeps it; everything else gets the API's.
    overwrite: false,
  });
const production = withHsts(HSTS);
/** What a 304 keeps (lower case, as Headers names them). */
const NOT_MODIFIED_KEEPS = new Set(["etag", "cache-control", "date", "vary"]);
const other = withHsts(false);

/**
 * Every API answer, errors and 404s included: the security headers, the API's CSP, HSTS in
 * production only (a browser ignores it over plain HTTP anyway, and a developer's https://localhost
 * must not be pinned), and `Cache-Control: no-store`. No-store goes on every answer, not only on
 * those that needed a token: the public ones are an enrollment (whose answer is a device token),
 * the health check and the OpenAPI document, none of which is worth caching either.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await (c.env.ENVIRONMENT === "production" ? production : other)(c, async () => {
    await next();
    if (!c.res.headers.has("Content-Security-Policy")) c.res.headers.set("Content-Security-Policy", API_CSP);
    c.res.headers.set("Cache-Control", API_CACHE_CONTROL);
  });
  // A 304 (a conditional pull with nothing new, routes/sync.ts) has no content for these headers
  // to protect, and RFC 9110 §15.4.5 asks for little more than its validator: an idle phone gets
  // this answer every hour over prepaid data (issue 14), so it carries the ETag and Cache-Control only.
  if (c.res.status === 304) {
    for (const name of [...c.res.headers.keys()]) if (!NOT_MODIFIED_KEEPS.has(name)) c.res.headers.delete(name);
  }
};
