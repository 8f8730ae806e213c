import { describe, expect, it } from "vitest";
import { commitmentContent, contentHash, VERIFICATION_HEX_DIGITS, verificationCode } from "../../domain/lintas/content.ts";
import { formatDateId, reminders, standing, tally, whatsappLink, type ItemLike } from "../../domain/lintas/follow-up.ts";
import { normalizeIdPhone } from "../../domain/entities/formats.ts";
import { sniffImageType } from "../../domain/lintas/photos.ts";
import { addMonths, COMMITMENT_TEMPLATES } from "../../domain/lintas/templates.ts";

const item = (over: Partial<ItemLike>): ItemLike => ({
  id: "i", commitmentId: "c", number: 1, officeId: "kua", action: "Skrining catin", dueDate: "2026-12-31", status: "belum_mulai", desaCodes: null, ...over,
});

describe("follow-up", () => {
  it("places an item by its status and due date", () => {
    expect(standing(item({ status: "selesai", dueDate: "2026-01-01" }), "2026-11-23")).toBe("done");
    expect(standing(item({ status: "berjalan", dueDate: "2026-11-22" }), "2026-11-23")).toBe("late");
    expect(standing(item({ dueDate: "2026-11-30" }), "2026-11-23")).toBe("due_soon");
    expect(standing(item({ dueDate: "2026-12-01" }), "2026-11-23")).toBe("not_started");
    expect(standing(item({ status: "berjalan" }), "2026-11-23")).toBe("ongoing");
    expect(standing(item({ status: "dibatalkan", dueDate: "2026-01-01" }), "2026-11-23")).toBe("dropped");
  });
  it("tallies per office and desa, and reminds each office of its own late and due-soon items", () => {
    const items = [
      item({ id: "a", officeId: "kua", dueDate: "2026-11-01" }),
      item({ id: "b", officeId: "kua", dueDate: "2026-11-25", desaCodes: ["18.04.10.2001"] }),
      item({ id: "c", officeId: "pkk", status: "selesai" }),
      item({ id: "d", officeId: "pkk", dueDate: "2027-02-01", status: "berjalan", desaCodes: ["18.04.10.2001", "18.04.10.2002"] }),
    ];
    const t = tally(items, "2026-11-23");
    expect(t.all).toEqual({ total: 4, done: 1, ongoing: 1, late: 1, dueSoon: 1, notStarted: 0, dropped: 0 });
    expect(t.byOffice.get("kua")).toMatchObject({ total: 2, late: 1, dueSoon: 1 });
    expect(t.byDesa.get("18.04.10.2001")).toMatchObject({ total: 2, dueSoon: 1, ongoing: 1 });
    expect(reminders(items, "2026-11-23", "kua").map((r) => [r.itemId, r.kind, r.daysLeft])).toEqual([["a", "late", -22], ["b", "due_soon", 2]]);
    expect(reminders(items, "2026-11-23", "pkk")).toEqual([]);
    expect(reminders(items, "2026-11-23")).toHaveLength(2);
  });
  it("shares an item as a readable WhatsApp message", () => {
    const link = whatsappLink(item({ dueDate: "2026-11-01" }), { commitmentTitle: "Komitmen ILP", officeName: "KUA Batu Brak", today: "2026-11-23" });
    expect(link.startsWith("https://wa.me/?text=")).toBe(true);
    const text = decodeURIComponent(link.slice("https://wa.me/?text=".length));
    expect(text).toContain("KUA Batu Brak");
    expect(text).toContain("1 November 2026 (terlambat)");
    expect(formatDateId("2027-03-05")).toBe("5 Maret 2027");
  });
});

describe("templates and content", () => {
  it("ship the seed reports' commitments with due dates after the meeting", () => {
    const kinds = COMMITMENT_TEMPLATES[0]!.items.map((i) => i.officeKind);
    expect(kinds).toEqual(expect.arrayContaining(["pemdes", "kua", "pendidikan", "pkk"]));
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
  });
  it("hashes content independently of order, and changes when a promise changes", async () => {
    const c = { title: "K", period: "2026", meetingId: null, kecCode: "18.04.10", docVersion: 1 };
    const items = [
      { number: 2, officeId: "b", action: "x", indicator: "y", targetKind: "number", targetValue: 1, targetUnit: "%", desaCodes: ["2", "1"], dueDate: "2027-01-01", status: "berjalan" },
      { number: 1, officeId: "a", action: "x", indicator: "y", targetKind: "yesno", targetValue: null, targetUnit: null, desaCodes: null, dueDate: "2027-01-01", status: "belum_mulai" },
    ];
    const h1 = await contentHash(commitmentContent(c, [{ officeId: "b" }, { officeId: "a" }], items));
    const h2 = await contentHash(commitmentContent(c, [{ officeId: "a" }, { officeId: "b" }], [...items].reverse().map((i) => ({ ...i, status: "selesai" }))));
    expect(h1).toBe(h2); // order and status are not content
    const h3 = await contentHash(commitmentContent(c, [{ officeId: "a" }, { officeId: "b" }], [{ ...items[0]!, targetValue: 2 }, items[1]!]));
    expect(h3).not.toBe(h1);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
  });
  it("recognises photos by their bytes", () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe1]))).toBe("image/jpeg");
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe("image/png");
    expect(sniffImageType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("%PDF-1.7"))).toBeNull();
  });
});

describe("the office's WhatsApp number and the printed verification code (issue 12)", () => {
  it("stores Indonesian numbers as 62… however they are typed, and refuses others", () => {
    for (const typed of ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456 7890", "812 3456 7890"]) expect(normalizeIdPhone(typed), typed).toBe("6281234567890");
    expect(normalizeIdPhone("0721 123456")).toBe("62721123456"); // a fixed line, with its area code
    for (const bad of ["", "0812", "+1 415 555 0100", "08-12-abc", "0012345678901", "62 0812 3456 7890", "081234567890123"]) expect(normalizeIdPhone(bad), bad).toBeNull();
  });
  it("sends the share to the office's number when one is on file", () => {
    const ctx = { commitmentTitle: "Komitmen ILP", officeName: "KUA Batu Brak", today: "2026-11-23" };
    expect(whatsappLink(item({}), { ...ctx, phone: "6281234567890" }).startsWith("https://wa.me/6281234567890?text=")).toBe(true);
    expect(whatsappLink(item({}), { ...ctx, phone: null }).startsWith("https://wa.me/?text=")).toBe(true);
    expect(whatsappLink(item({}), { ...ctx, phone: "081234567890" }).startsWith("https://wa.me/?text=")).toBe(true); // not the stored form
  });
  it("prints 8 hex digits of the content hash in two groups", () => {
    expect(verificationCode("3f2a9c01" + "e".repeat(56))).toBe("3F2A-9C01");
    expect(VERIFICATION_HEX_DIGITS).toBe(8);
  });
});
