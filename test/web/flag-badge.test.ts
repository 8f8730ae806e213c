import { describe, expect, it } from "vitest";

// The catalogue reads the language from localStorage at import; node has none: Bahasa Indonesia.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };
const { loadLang, setLang } = await import("../../web/src/i18n/index.ts");
await loadLang("en");
const { flagBadgeKind, flagBadgeWord } = await import("../../web/src/util/flag-badge.ts");

/** Issue 15: a classification's chart colour shows as a chip, generic (driven by the flag, no form special case). */
describe("flag badges", () => {
  it("a colour decides the chip and its words, Bahasa Indonesia first", () => {
    setLang("id");
    expect([flagBadgeKind({ severity: "refer", colour: "merah" }), flagBadgeWord({ severity: "refer", colour: "merah" })]).toEqual(["danger", "Merah · rujuk segera"]);
    expect([flagBadgeKind({ severity: "risk", colour: "kuning" }), flagBadgeWord({ severity: "risk", colour: "kuning" })]).toEqual(["warn", "Kuning · obati, kunjungan ulang"]);
    expect([flagBadgeKind({ severity: "info", colour: "hijau" }), flagBadgeWord({ severity: "info", colour: "hijau" })]).toEqual(["ok", "Hijau · rawat di rumah"]);
    setLang("en");
    expect(flagBadgeWord({ severity: "info", colour: "hijau" })).toBe("Green · home care");
  });
  it("without a colour the severity decides, as before; 'info' is a note", () => {
    setLang("id");
    expect([flagBadgeKind({ severity: "refer" }), flagBadgeWord({ severity: "refer" })]).toEqual(["danger", "Rujuk"]);
    expect([flagBadgeKind({ severity: "risk" }), flagBadgeWord({ severity: "risk" })]).toEqual(["warn", "Risiko"]);
    expect([flagBadgeKind({ severity: "info" }), flagBadgeWord({ severity: "info" })]).toEqual(["info", "Catatan"]);
    expect(flagBadgeKind({ severity: "risk", colour: "ungu" })).toBe("warn"); // an unknown colour falls back
  });
});
