import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { en } from "../../web/src/i18n/en.ts";
import { id } from "../../web/src/i18n/id.ts";
import { adminConsoleEn, adminConsoleId } from "../../web/src/i18n/admin-console.ts";
import { TransportError } from "../../web/src/sync/transport.ts";

// The catalogue reads the language from localStorage at import; node has none: Bahasa Indonesia.
const { serverError } = await import("../../web/src/i18n/index.ts");
const a = adminConsoleId;
const { appUrl, countdown, formErrors, newUserBody, newUserProblems, shareText, waLink } = await import("../../web/src/screens/admin/logic.ts");

const root = new URL("../../", import.meta.url);
/** Every error code the admin API, its gate and enrollment can answer, read from the worker's source. */
function adminErrorCodes(): string[] {
  const files = ["worker/services/admin.ts", "worker/services/enroll.ts", "worker/services/auth.ts", "worker/services/device-report.ts", "worker/http/route.ts", "worker/http/body.ts", "worker/http/errors.ts", "worker/index.ts"];
  const codes = new Set<string>();
  for (const f of files) {
    const src = readFileSync(new URL(f, root), "utf8");
    for (const m of src.matchAll(/(?:ApiError\(\d+, |badRequest\()"([a-z_]+)"/g)) codes.add(m[1]!);
    for (const m of src.matchAll(/new ApiError\(\d+, "([a-z_]+)"/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe("admin screens: the server's refusals next to their fields, in words", () => {
  it("maps every error code the admin API can answer through the catalogue, in both languages", () => {
    const codes = adminErrorCodes();
    expect(codes).toEqual(expect.arrayContaining(["cannot_deactivate_self", "forbidden", "invalid_reference", "not_found", "unknown_area", "user_inactive", "validation_failed"]));
    for (const code of codes) {
      expect(id, code).toHaveProperty(`err_${code}`);
      expect(en, code).toHaveProperty(`err_${code}`);
      expect(serverError(code, "raw English from the server")).not.toContain("raw English");
    }
  });

  it("puts a rule's refusal (details.field) next to that field", () => {
    const e = new TransportError(422, "invalid_reference", "The dusun is not in this desa", { field: "dusunId" });
    expect(formErrors(e)).toEqual({ fields: { dusunId: id.err_invalid_reference }, general: null });
    const area = formErrors(new TransportError(403, "forbidden", "The area is outside yours", { field: "areaCode" }));
    expect(area.fields.areaCode).toBe(id.err_forbidden);
    expect(formErrors(new TransportError(422, "cannot_deactivate_self", "x", { field: "active" })).fields.active).toBe(id.err_cannot_deactivate_self);
  });

  it("puts a shape error (details.issues) next to each field, in words, and a field-less one above the buttons", () => {
    const e = new TransportError(422, "validation_failed", "Invalid body", {
      issues: [
        { path: "name", code: "too_big", message: "Too big: expected string to have <=120 characters" },
        { path: "areaCode", code: "invalid_format", message: "Invalid string" },
        { path: "name", code: "too_small", message: "second issue of the same field is not shown" },
      ],
    });
    const out = formErrors(e);
    expect(out.fields).toEqual({ name: a.admIssue_too_big, areaCode: a.admIssue_invalid_format });
    expect(out.general).toBeNull();
    expect(JSON.stringify(out)).not.toContain("expected string");
    const root = formErrors(new TransportError(422, "validation_failed", "Invalid body", { issues: [{ path: "", code: "unrecognized_keys", message: 'Unrecognized key: "role"' }] }));
    expect(root).toEqual({ fields: {}, general: a.admIssue_unrecognized_keys });
    // An issue code the catalogue lacks still reads as words, never raw.
    expect(formErrors(new TransportError(422, "validation_failed", "x", { issues: [{ path: "name", code: "brand_new", message: "raw" }] })).fields.name).toBe(id.err_validation_failed);
  });

  it("shows a refusal without a field, a missing signal and an unknown code as one general message", () => {
    expect(formErrors(new TransportError(409, "user_inactive", "The user is deactivated"))).toEqual({ fields: {}, general: id.err_user_inactive });
    expect(formErrors(new TransportError(0, "network", "Failed to fetch")).general).toBe(a.admOffline);
    expect(formErrors(new TransportError(418, "teapot", "I am a teapot")).general).toBe(id.err_generic.replace("{message}", "I am a teapot"));
  });

  it("checks a new user before asking the server, and sends only the fields its role uses", () => {
    expect(newUserProblems({ name: " ", role: "", areaCode: "", dusunId: "", officeId: "" })).toEqual({ name: a.admNameRequired, role: a.admRequired, areaCode: a.admRequired });
    expect(newUserProblems({ name: "x".repeat(121), role: "pustu", areaCode: "18.04.10.2001", dusunId: "", officeId: "" })).toEqual({ name: a.admTooLong.replace("{max}", "120") });
    expect(newUserProblems({ name: "KUA", role: "mitra", areaCode: "18.04.10", dusunId: "", officeId: "" })).toEqual({ officeId: a.admRequired });
    const dusun = "01900000-0000-7000-8000-00000000a001";
    expect(newUserBody({ name: " Sari ", role: "kader", areaCode: "18.04.10.2001", dusunId: dusun, officeId: "x" })).toEqual({ name: "Sari", role: "kader", areaCode: "18.04.10.2001", dusunId: dusun });
    expect(newUserBody({ name: "Bidan", role: "pustu", areaCode: "18.04.10.2001", dusunId: dusun, officeId: "" })).toEqual({ name: "Bidan", role: "pustu", areaCode: "18.04.10.2001" });
    expect(newUserBody({ name: "KUA", role: "mitra", areaCode: "18.04.10", dusunId: "", officeId: "o1" })).toEqual({ name: "KUA", role: "mitra", areaCode: "18.04.10", officeId: "o1" });
  });
});

describe("the console's own catalogue", () => {
  it("has every key in both languages, and stays out of the main one (first load)", () => {
    for (const k of Object.keys(adminConsoleId)) expect((adminConsoleEn as Record<string, string>)[k], k).toBeTruthy();
    for (const k of Object.keys(adminConsoleId)) expect(id, k).not.toHaveProperty(k);
  });
});

describe("admin screens: an issued code", () => {
  const issued = Date.UTC(2026, 11, 2, 8, 0, 0);
  const expires = new Date(issued + 72 * 3600_000).toISOString();

  it("counts down in hours and minutes, then minutes and seconds, then says it expired", () => {
    expect(countdown(expires, issued)).toEqual({ expired: false, leftMs: 72 * 3600_000, text: "72 jam 0 menit" });
    expect(countdown(expires, issued + 60_500).text).toBe("71 jam 58 menit");
    expect(countdown(expires, issued + 72 * 3600_000 - 65_000)).toMatchObject({ expired: false, text: "1 menit 5 detik" });
    expect(countdown(expires, issued + 72 * 3600_000)).toEqual({ expired: true, leftMs: 0, text: a.admCodeExpired });
    expect(countdown(expires, issued + 100 * 3600_000).expired).toBe(true);
    expect(countdown("not a date", issued).expired).toBe(true);
  });

  it("shares a Bahasa Indonesia message with the code, the app's address and the deadline, and nothing personal", () => {
    const text = shareText("ABCD-EFGH", "https://simpul.example.id/", "Sabtu, 5 Desember 2026 15.00 WIB");
    expect(text).toContain("ABCD-EFGH");
    expect(text).toContain("https://simpul.example.id/");
    expect(text).toContain("Berlaku sampai Sabtu, 5 Desember 2026 15.00 WIB");
    expect(text).toMatch(/^Kode pendaftaran Simpul Anda/);
    const link = waLink(text);
    expect(link.startsWith("https://wa.me/?text=")).toBe(true);
    // The whole message survives the URL, line breaks and all, and no raw space or newline leaks.
    expect(decodeURIComponent(new URL(link).searchParams.get("text") ?? "")).toBe(text);
    expect(new URL(link).searchParams.get("text")).toBe(text);
    expect(link).not.toMatch(/[\s]/);
  });

  it("links to the app itself, not to the admin screen", () => {
    expect(appUrl({ origin: "https://simpul.example.id", pathname: "/" })).toBe("https://simpul.example.id/");
    expect(appUrl({ origin: "http://127.0.0.1:8787", pathname: "/index.html" })).toBe("http://127.0.0.1:8787/");
  });
});
