import { describe, expect, it } from "vitest";
import { catinIndicator } from "../../domain/lintas/indicators.ts";

// The catalogue reads the language from localStorage at import; node has none: Bahasa Indonesia.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };
const { loadLang, setLang, t } = await import("../../web/src/i18n/index.ts");
await loadLang("en");
const { liveFacts } = await import("../../web/src/screens/lintas/indicator.tsx");

/** Issue 15: the KUA item's catin line, from the server's counts, in both languages; a hidden count says so. */
describe("a commitment item's live catin figure", () => {
  // 4 catin of one desa, 2 anaemic (one rechecked): 2 < 5, so found and followed up are hidden.
  const small = catinIndicator([
    { id: "r1", personId: "p1", desaCode: "d", visitDate: "2026-03-01", findings: ["catin.anemia"] },
    { id: "r2", personId: "p1", desaCode: "d", visitDate: "2026-06-01", findings: [] },
    { id: "r3", personId: "p2", desaCode: "d", visitDate: "2026-03-01", findings: ["catin.kek"] },
    { id: "r4", personId: "p3", desaCode: "d", visitDate: "2026-03-01", findings: [] },
    { id: "r5", personId: "p4", desaCode: "d", visitDate: "2026-04-01", findings: [] },
  ], ["d"], 2026);

  it("hides small counts and says so, in Bahasa Indonesia and English", () => {
    expect(small.total).toEqual({ screened: 4, found: null, followedUp: null });
    setLang("id");
    expect(liveFacts(small)).toEqual([["Catin diperiksa", "4"], ["Anemia atau KEK", "disembunyikan"], ["Sudah diperiksa ulang", "disembunyikan"]]);
    expect(t("lxLiveCatin", { year: 2026 })).toBe("Data kesehatan catin 2026 (dari pustu)");
    setLang("en");
    expect(liveFacts(small)).toEqual([["Screened", "4"], ["Anaemic or chronic energy deficiency", "hidden"], ["Rechecked", "hidden"]]);
    setLang("id");
  });

  it("shows a count of zero and counts that are large enough", () => {
    const none = catinIndicator([{ id: "r1", personId: "p1", desaCode: "d", visitDate: "2026-03-01", findings: [] }], ["d"], 2026);
    expect(liveFacts(none).map(([, v]) => v)).toEqual(["1", "0", "0"]);
    // 20 screened, 10 found, 5 rechecked: 10 ≥ 5 and 20 − 10 ≥ 5; 5 ≥ 5 and 10 − 5 ≥ 5.
    const rows = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, personId: `p${i}`, desaCode: "d", visitDate: "2026-03-01", findings: i < 10 ? ["catin.anemia"] : [] }));
    const later = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, personId: `p${i}`, desaCode: "d", visitDate: "2026-06-01", findings: [] }));
    expect(liveFacts(catinIndicator([...rows, ...later], ["d"], 2026)).map(([, v]) => v)).toEqual(["20", "10", "5"]);
  });
});
