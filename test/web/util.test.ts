import { describe, expect, it } from "vitest";
import { hashLegacyPin, pinBackoffMs, PIN_BACKOFF_MAX_MS, PIN_FREE_TRIES, recordFailure, verifyLegacyPin } from "../../web/src/auth/pin.ts";
import { fold, matches, searchable, withinOneEdit } from "../../web/src/util/search.ts";
import { nikFitsSex } from "../../web/src/util/validate.ts";
import { parseHash } from "../../web/src/router.ts";
import { en } from "../../web/src/i18n/en.ts";
import { id } from "../../web/src/i18n/id.ts";

describe("tolerant registry search", () => {
  const siti = searchable("Siti Nurhaliza", "1804104101950001");
  it("folds case, accents, old spellings and doubled letters", () => {
    expect(fold("SOEHARTO")).toBe("suharto");
    expect(fold("Djoko Tjahjono")).toBe("joko cahjono");
    expect(fold("Nurhalizza")).toBe(fold("Nurhaliza"));
    expect(fold("Nur'aini")).toBe("nur aini");
  });
  it("matches prefixes, one typo in longer words, and word order", () => {
    expect(matches("siti", siti)).toBe(true);
    expect(matches("nurh sit", siti)).toBe(true);
    expect(matches("Nurhalisa", siti)).toBe(true); // one letter off
    expect(matches("Nruhaliza", siti)).toBe(true); // swapped letters
    expect(matches("sri", siti)).toBe(false);
    expect(matches("xyz", siti)).toBe(false);
  });
  it("finds by NIK digits", () => {
    expect(matches("4101950001", siti)).toBe(true);
    expect(matches("9999", siti)).toBe(false);
  });
  it("one edit at most", () => {
    expect(withinOneEdit("lestari", "lestary")).toBe(true);
    expect(withinOneEdit("lestari", "lestri")).toBe(true);
    expect(withinOneEdit("lestari", "lstry")).toBe(false);
  });
});

describe("PIN", () => {
  it("checks version 1's salted hash (the upgrade path)", async () => {
    const rec = await hashLegacyPin("2580", 1000);
    expect(rec.hash).not.toContain("2580");
    expect(await verifyLegacyPin("2580", rec)).toBe(true);
    expect(await verifyLegacyPin("2581", rec)).toBe(false);
    const again = await hashLegacyPin("2580", 1000);
    expect(again.salt).not.toBe(rec.salt);
    expect(again.hash).not.toBe(rec.hash);
  });
  it("backs off after the free tries, doubling, capped", () => {
    expect(pinBackoffMs(PIN_FREE_TRIES - 1)).toBe(0);
    expect(pinBackoffMs(PIN_FREE_TRIES)).toBe(30_000);
    expect(pinBackoffMs(PIN_FREE_TRIES + 1)).toBe(60_000);
    expect(pinBackoffMs(50)).toBe(PIN_BACKOFF_MAX_MS);
    const f = recordFailure(recordFailure(recordFailure(undefined, 0), 0), 1000);
    expect(f).toEqual({ count: 3, until: 31_000 });
  });
});

describe("small helpers", () => {
  it("NIK day field fits the sex (+40 for women)", () => {
    expect(nikFitsSex("1804104101950001", "P")).toBe(true);
    expect(nikFitsSex("1804104101950001", "L")).toBe(false);
    expect(nikFitsSex("1804100101950001", "L")).toBe(true);
  });
  it("parses hash routes", () => {
    const r = parseHash("#/visit/new/abc/anc?x=1");
    expect(r.parts).toEqual(["visit", "new", "abc", "anc"]);
    expect(r.query.get("x")).toBe("1");
    expect(parseHash("").parts).toEqual([]);
  });
  it("the English catalogue has every Indonesian key, and no empty message", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const v of [...Object.values(id), ...Object.values(en)]) expect(v.trim()).not.toBe("");
  });
});
