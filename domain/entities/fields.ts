import { z } from "zod";
import { UUID_RE } from "../util/uuid.ts";

/**
 * Field types shared by the entity payloads. Every string has a ceiling so a pasted novel or a
 * 5 MB value is a validation error, not a row.
 */
export const uuid = z.string().regex(UUID_RE, "must be a UUID");
export const desaCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, "must be a desa code like 18.04.10.2001");
export const kecCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, "must be a kecamatan code like 18.04.10");
export const areaCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, "must be a Kemendagri area code");
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(s + "T00:00:00Z")) && new Date(s + "T00:00:00Z").toISOString().startsWith(s), "not a calendar date");
export const isoDateTime = z.iso.datetime({ offset: true });
export const shortText = (max = 120) => z.string().trim().min(1).max(max);
export const optionalText = (max = 500) => z.string().max(max).nullable();
/** NIK: 16 digits (6 wilayah, DDMMYY with +40 on DD for women, 4 sequence). Optional in remote pekon. */
export const nik = z.string().regex(/^\d{16}$/, "NIK must be 16 digits");
/** No. KK: the 16-digit family card number. */
export const noKk = z.string().regex(/^\d{16}$/, "No. KK must be 16 digits");
export const phone = z.string().regex(/^\+?\d{8,15}$/, "phone must be 8–15 digits");
/** JKN/BPJS card number: 13 digits. */
export const jkn = z.string().regex(/^\d{13}$/, "JKN number must be 13 digits");
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 hex digest");
