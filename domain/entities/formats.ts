/**
 * The formats of entity fields, without zod: fields.ts builds the server's schemas on them, and the
 * PWA's registry forms check the same patterns in their first load (web/src/util/validate.ts).
 */

/** A desa/kelurahan code (Kemendagri), e.g. 18.04.10.2001. */
export const DESA_CODE_RE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
/** A kecamatan code (Kemendagri), e.g. 18.04.10. */
export const KEC_CODE_RE = /^\d{2}\.\d{2}\.\d{2}$/;
export const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** NIK: 16 digits (6 wilayah, DDMMYY with +40 on DD for women, 4 sequence). */
export const NIK_RE = /^\d{16}$/;
/** No. KK: the 16-digit family card number. */
export const NO_KK_RE = /^\d{16}$/;
export const PHONE_RE = /^\+?\d{8,15}$/;
/**
 * An Indonesian phone number as an office's contact is stored: E.164 digits without the "+",
 * i.e. country code 62 (ITU-T E.164 assignment) and the national number without its trunk "0".
 * The national number is 8–12 digits and never starts with 0: mobile numbers are 8xx plus 6–9
 * digits (0812-3456-7890 → 6281234567890), fixed lines an area code plus the subscriber number.
 * wa.me takes exactly this form ("full phone number in international format", no +, no 0).
 */
export const ID_PHONE_RE = /^62[1-9]\d{7,11}$/;

/**
 * How a person types an Indonesian number ("0812-3456-7890", "+62 812 3456 7890",
 * "62812…", "812…") as stored (ID_PHONE_RE), or null when it is not one.
 */
export function normalizeIdPhone(input: string): string | null {
  const digits = input.replace(/[\s().-]/g, "");
  if (!/^\+?\d+$/.test(digits)) return null;
  const bare = digits.replace(/^\+/, "");
  const national = bare.startsWith("62") ? bare.slice(2) : bare.startsWith("0") ? bare.slice(1) : digits.startsWith("+") ? null : bare;
  if (national === null) return null;
  const out = `62${national}`;
  return ID_PHONE_RE.test(out) ? out : null;
}
/** JKN/BPJS card number: 13 digits. */
export const JKN_RE = /^\d{13}$/;
/** RT (rukun tetangga) number: 1–3 digits. */
export const RT_RE = /^\d{1,3}$/;
export const SHA256_HEX_RE = /^[0-9a-f]{64}$/;

/** YYYY-MM-DD and a real day of the calendar (no 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE_RE.test(s)) return false;
  const d = new Date(s + "T00:00:00Z");
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** NIK digits 7–8 are the birth day, plus 40 for women (Dukcapil). */
export const NIK_FEMALE_DAY_OFFSET = 40;

/** The NIK's day field must fit the sex: 1–31 for men ("L"), 41–71 for women ("P"). */
export function nikFitsSex(nik: string, sex: string): boolean {
  const day = Number(nik.slice(6, 8));
  return sex === "P" ? day > NIK_FEMALE_DAY_OFFSET && day <= NIK_FEMALE_DAY_OFFSET + 31 : day >= 1 && day <= 31;
}
