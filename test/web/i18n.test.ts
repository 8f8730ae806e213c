import { describe, expect, it } from "vitest";
import { id } from "../../web/src/i18n/id.ts";
import { en } from "../../web/src/i18n/en.ts";

// serverError reads the language from localStorage at import; node has none, so it starts in Bahasa Indonesia.
const { serverError } = await import("../../web/src/i18n/index.ts");

describe("server error codes in words", () => {
  it("maps a known code through the catalogue, and an unknown one to the generic text", () => {
    expect(serverError("field_not_writable", "Only status may change")).toBe(id.err_field_not_writable);
    expect(serverError("forbidden", "Your role may not write this household here")).not.toContain("Your role");
    expect(serverError("some_new_code", "Server said so")).toBe(id.err_generic.replace("{message}", "Server said so"));
  });
  it("every err_ key exists in both languages", () => {
    const keys = Object.keys(id).filter((k) => k.startsWith("err_"));
    expect(keys.length).toBeGreaterThan(30);
    for (const k of keys) expect((en as Record<string, string>)[k], k).toBeTruthy();
  });
});

describe("English is a lazy chunk (issue 14)", () => {
  it("setLang('en') loads the catalogue before switching; t answers in English after, Indonesian before", async () => {
    (globalThis as { document?: unknown }).document ??= { documentElement: {} };
    const i18n = await import("../../web/src/i18n/index.ts");
    expect(i18n.getLang()).toBe("id");
    expect(i18n.t("save")).toBe(id.save);
    const switching = i18n.setLang("en");
    // Not switched until the catalogue is there: no screen is drawn half in a missing language.
    expect(i18n.getLang()).toBe("id");
    await switching;
    expect(i18n.getLang()).toBe("en");
    expect(i18n.t("save")).toBe(en.save);
    await i18n.setLang("id");
    expect(i18n.t("save")).toBe(id.save);
  });
});
