import { describe, expect, it } from "vitest";
import { API_CSP, APP_CSP, APP_CSP_DIRECTIVES, APP_HEADERS, HSTS, PHOTO_CSP, staticHeadersFile } from "../../domain/http/security-headers.ts";

/** The policies themselves (issue 9, item 3); test/worker/headers.test.ts and test/e2e/csp.test.ts check that they are sent. */
describe("security headers", () => {
  it("the app's CSP: own origin only, nothing inline or evaluated, not framable, no plugins, no base or form hijack", () => {
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'", "worker-src 'self'", "manifest-src 'self'",
      "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) {
      expect(APP_CSP.split("; "), d).toContain(d);
    }
    for (const policy of [APP_CSP, API_CSP, PHOTO_CSP]) {
      expect(policy).not.toMatch(/unsafe-|\*|data:|blob:|https?:/);
    }
    // Every directive lists only keywords: no host the app would trust besides itself.
    for (const [name, sources] of Object.entries(APP_CSP_DIRECTIVES)) expect(sources.every((s) => /^'(self|none)'$/.test(s)), name).toBe(true);
  });

  it("API answers and photos load nothing else; HSTS lasts a year", () => {
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(PHOTO_CSP).toBe("default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox");
    expect(HSTS).toBe("max-age=31536000; includeSubDomains");
  });

  it("dist/_headers: one rule for every path, each header indented under it, no HSTS", () => {
    const lines = staticHeadersFile().trimEnd().split("\n");
    expect(lines[0]).toBe("/*");
    const all = Object.entries(APP_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
    expect(lines.slice(1, 1 + all.length)).toEqual(all);
    expect(lines).toContain(`  Content-Security-Policy: ${APP_CSP}`);
    expect(lines).toContain("  X-Content-Type-Options: nosniff");
    expect(lines).toContain("  Referrer-Policy: no-referrer");
    expect(staticHeadersFile()).not.toMatch(/Strict-Transport-Security/i);
  });

  it("chunks and icons drop the document-only headers and keep nosniff; hashed chunks are immutable (issue 14)", () => {
    const rules = staticHeadersFile().trimEnd().split(/\n(?=\/)/);
    const assets = rules.find((r) => r.startsWith("/assets/*\n"))!;
    const icons = rules.find((r) => r.startsWith("/icons/*\n"))!;
    for (const rule of [assets, icons]) {
      expect(rule).toContain("  ! Content-Security-Policy");
      expect(rule).toContain("  ! X-Frame-Options");
      expect(rule).not.toContain("X-Content-Type-Options");
    }
    expect(assets).toContain("  Cache-Control: public, max-age=31536000, immutable");
    expect(icons).not.toContain("Cache-Control");
  });
});
