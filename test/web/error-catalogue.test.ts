import { describe, expect, it } from "vitest";
import { API_ERROR_CODES, ERROR_CODES, REJECTION_CODES } from "../../domain/http/error-codes.ts";
import { en } from "../../web/src/i18n/en.ts";
import { id } from "../../web/src/i18n/id.ts";

// serverError reads the language from localStorage at import; node has none, so it starts in Bahasa Indonesia.
const { serverError, CLIENT_ERROR_CODES } = await import("../../web/src/i18n/index.ts");

/**
 * Catalogue coverage (issue 12): every code the server can send (domain/http/error-codes.ts, the
 * list ApiError and the push's Rejection are typed against) has words in both languages, so a
 * refusal is never shown as a code or as the server's English message.
 */
describe("every server error code has words in both languages", () => {
  it("lists the API and the per-mutation codes", () => {
    expect(API_ERROR_CODES).toContain("forbidden");
    expect(REJECTION_CODES).toContain("field_not_writable");
    expect(ERROR_CODES.length).toBeGreaterThan(40);
  });

  it.each([...ERROR_CODES, ...CLIENT_ERROR_CODES])("%s", (code) => {
    const key = `err_${code}`;
    expect((id as Record<string, string>)[key], `id ${key}`).toBeTruthy();
    expect((en as Record<string, string>)[key], `en ${key}`).toBeTruthy();
    const words = serverError(code, "English text from the server");
    expect(words).not.toContain("English text");
    expect(words).not.toContain(code);
  });

  it("an HTTP status without a body is said in words, not as http_502", () => {
    const words = serverError("http_502", "Bad Gateway");
    expect(words).not.toContain("http_502");
    expect(words).not.toContain("Bad Gateway");
    expect(words).toContain("502");
  });
});
