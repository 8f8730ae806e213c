import { describe, expect, it } from "vitest";
import { API_ERROR_CODES } from "../../domain/http/error-codes.ts";
import { TRANSFER_FAILURES, TRANSFER_STATES } from "../../domain/transfers/rules.ts";

// The catalogue reads the language from localStorage at import; node has none, so it starts in Bahasa Indonesia.
const { transferEn, transferId, tt } = await import("../../web/src/i18n/transfer.ts");

/** The move-to-another-kabupaten screen's words (issue 16): every state in both languages, every failure a catalogued code. */
describe("transfer screen words", () => {
  it("has every string in both languages", () => {
    expect(Object.keys(transferEn).sort()).toEqual(Object.keys(transferId).sort());
    for (const [k, v] of Object.entries(transferEn)) expect(v, k).toBeTruthy();
  });

  it("says every state of a transfer, and a failure's code through the error catalogue", () => {
    for (const s of TRANSFER_STATES) {
      expect((transferId as Record<string, string>)[`state_${s}`], s).toBeTruthy();
      expect((transferEn as Record<string, string>)[`state_${s}`], s).toBeTruthy();
    }
    for (const code of TRANSFER_FAILURES) expect(API_ERROR_CODES).toContain(code);
    expect(tt("state_done", { desa: "Desa Uji" })).toContain("Desa Uji");
  });

  it("says what a stalled transfer is and that the dinkes must look at it", () => {
    const text = tt("stalled", { n: 8 });
    expect(text).toContain("8 kali gagal");
    expect(text).toContain("dinkes");
    expect(transferEn.stalled).toContain("dinkes");
    expect(tt("retrying", { n: 2 })).toContain("2 kali");
  });
});
