import { describe, expect, it } from "vitest";
import type { Derived } from "../../domain/rules/derive.ts";
import { en } from "../../web/src/i18n/en.ts";
import { id } from "../../web/src/i18n/id.ts";

// The catalogue reads the language from localStorage at import; node has none: Bahasa Indonesia.
const { loadLang, setLang } = await import("../../web/src/i18n/index.ts");
// English is a lazy chunk in the app (issue 14); load it once so setLang("en") switches at once.
await loadLang("en");
const { growthLines, ntWords } = await import("../../web/src/util/growth-words.ts");
const { referralReason } = await import("../../web/src/util/referral-words.ts");
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

/** Issue 12: results, reasons and queue items in words, in the current language, never codes. */
describe("growth results in words, the z-score beside", () => {
  const g = { zscores: { wfa: -0.84, lhfa: -2.41, wflh: 1.2, bmifa: null, hcfa: null, acfa: null }, measuredAs: "standing" as const };
  it("in Bahasa Indonesia, as the KMS names them", () => {
    setLang("id");
    expect(growthLines(g).map((l) => l.text)).toEqual(["BB/U: BB normal (-0,84)", "TB/U: Pendek (stunting) (-2,41)", "BB/TB: Risiko gizi lebih (1,20)"]);
    expect(ntWords("N")).toBe("Naik (N)");
    expect(ntWords("T")).toBe("Tidak naik (T)");
  });
  it("in English after the switch; lying length is PB", () => {
    setLang("en");
    expect(growthLines({ ...g, measuredAs: "lying" }).map((l) => l.text)).toEqual(["Weight-for-age: Normal weight (-0.84)", "Length-for-age: Stunted (-2.41)", "Weight-for-length: Possible risk of overweight (1.20)"]);
    setLang("id");
  });
  it("every status word and index name exists in both languages", () => {
    for (const k of Object.keys(id).filter((k) => /^(gs|gi|nt)_/.test(k))) expect((en as Record<string, string>)[k], k).toBeTruthy();
  });
});

describe("a referral's reason follows the language", () => {
  const derived = {
    v: 1, form: "balita@1",
    flags: [
      { id: "balita.stunted", severity: "refer", label: { id: "Pendek", en: "Stunted" }, action: { id: "", en: "" }, destination: "pustu" },
      { id: "balita.wasted", severity: "refer", label: { id: "Gizi kurang", en: "Wasted" }, action: { id: "", en: "" }, destination: "pustu" },
    ],
  } as Derived;
  const record = { data: { formId: "balita", derived } };
  const ref = { reason: "balita.stunted", reasonText: "Pendek; Gizi kurang" };
  it("from the record's flags, in Bahasa Indonesia and in English", () => {
    setLang("id");
    expect(referralReason(ref, record)).toBe("Gizi kurang; Pendek".split("; ").reverse().join("; "));
    setLang("en");
    expect(referralReason(ref, record)).toBe("Stunted; Wasted");
    setLang("id");
  });
  it("the stored text when the record is not on the phone", () => {
    expect(referralReason(ref, null)).toBe("Pendek; Gizi kurang");
  });
});

describe("the sync queue and conflicts in words", async () => {
  const { describeItem, personIdsOf } = await import("../../web/src/util/outbox.ts");
  const { fieldLabel, valueWords } = await import("../../web/src/util/conflict-words.ts");
  const SARI = "0190a000-0000-7000-8000-000000000001";
  const item = (entity: string, op: "create" | "update" | "delete", payload: Record<string, unknown>) =>
    ({ id: "m", state: "pending", createdAt: Date.parse("2026-11-30T08:00:00Z"), attempts: 0, mutation: { id: "m", entity, entityId: SARI, op, baseVersion: 0, payload } }) as never;
  it("a visit: the form's name, the person's name and the day", () => {
    setLang("id");
    const anc = item("record", "create", { personId: SARI, formId: "anc", formVersion: 2, visitDate: "2026-11-30", data: {} });
    expect(personIdsOf([anc])).toEqual([SARI]);
    expect(describeItem(anc, new Map([[SARI, "Ibu Sari"]]))).toBe("Kunjungan ANC · Ibu Sari · 30 Nov");
    expect(describeItem(item("person", "create", { name: "Sari", householdId: "h" }))).toBe("Warga baru · Sari · 30 Nov");
    setLang("en");
    expect(describeItem(anc, new Map([[SARI, "Ibu Sari"]]))).toBe("ANC visit · Ibu Sari · 30 Nov");
    setLang("id");
  });
  it("a conflict's field by its label and its values in words", () => {
    setLang("id");
    expect(fieldLabel("referral", "outcome")).toBe("Hasil rujukan");
    expect(valueWords("referral", "outcome", "datang_ditangani")).toBe("Datang dan ditangani");
    expect(valueWords("referral", "outcome", null)).toBe("—");
    expect(valueWords("person", "sex", "P")).toBe("Perempuan");
    expect(valueWords("person", "pregnant", true)).toBe("Ya");
    expect(valueWords("referral", "outcomeAt", "2026-11-30")).toMatch(/30 Nov.* 2026/);
    const field = { label: { id: "Posisi ukur", en: "Measured" }, options: [{ value: "berdiri", label: { id: "Berdiri", en: "Standing" } }] };
    expect(fieldLabel("record", "data", { field })).toBe("Posisi ukur");
    expect(valueWords("record", "data", "berdiri", { field })).toBe("Berdiri");
  });
});

describe("a draft's title is stored as a code and said in the current language", async () => {
  const { draftTitle, draftTitleWords } = await import("../../web/src/util/draft-title.ts");
  it("a visit form's title and the person, and a catalogue key", () => {
    const visit = draftTitle({ form: { id: "Pemeriksaan ibu hamil (ANC)", en: "Antenatal care (ANC)" }, name: "Ibu Sari" });
    const hh = draftTitle({ key: "addHousehold" });
    setLang("id");
    expect(draftTitleWords(visit)).toBe("Pemeriksaan ibu hamil (ANC) · Ibu Sari");
    expect(draftTitleWords(hh)).toBe(id.addHousehold);
    setLang("en");
    expect(draftTitleWords(visit)).toBe("Antenatal care (ANC) · Ibu Sari");
    expect(draftTitleWords(hh)).toBe(en.addHousehold);
    setLang("id");
    // A title an older version stored as words stays as it was.
    expect(draftTitleWords("Tambah keluarga")).toBe("Tambah keluarga");
  });
});
