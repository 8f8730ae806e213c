import { z } from "zod";
import { AREA_CODE_RE } from "../area/codes.ts";
import { UUID_RE } from "../util/uuid.ts";
import { DESA_CODE_RE, ID_PHONE_RE, isCalendarDate, ISO_DATE_RE, JKN_RE, KEC_CODE_RE, NIK_RE, NO_KK_RE, PHONE_RE, SHA256_HEX_RE } from "./formats.ts";

/**
 * Field types shared by the entity payloads. Every string has a ceiling so a pasted novel or a
 * 5 MB value is a validation error, not a row.
 */
export const uuid = z.string().regex(UUID_RE, "must be a UUID");
export const desaCode = z.string().regex(DESA_CODE_RE, "must be a desa code like 18.04.10.2001");
export const kecCode = z.string().regex(KEC_CODE_RE, "must be a kecamatan code like 18.04.10");
export const areaCode = z.string().regex(AREA_CODE_RE, "must be a Kemendagri area code");
export const isoDate = z
  .string()
  .regex(ISO_DATE_RE, "must be a date YYYY-MM-DD")
  .refine(isCalendarDate, "not a calendar date");
export const isoDateTime = z.iso.datetime({ offset: true });
export const shortText = (max = 120) => z.string().trim().min(1).max(max);
export const optionalText = (max = 500) => z.string().max(max).nullable();
/** NIK: 16 digits (6 wilayah, DDMMYY with +40 on DD for women, 4 sequence). Optional in remote pekon. */
export const nik = z.string().regex(NIK_RE, "NIK must be 16 digits");
/** No. KK: the 16-digit family card number. */
export const noKk = z.string().regex(NO_KK_RE, "No. KK must be 16 digits");
export const phone = z.string().regex(PHONE_RE, "phone must be 8–15 digits");
/** An Indonesian number in its stored form (formats.ts ID_PHONE_RE): 62 and the national number. */
export const idPhone = z.string().regex(ID_PHONE_RE, "phone must be an Indonesian number stored as 62…, e.g. 6281234567890");
/** JKN/BPJS card number: 13 digits. */
export const jkn = z.string().regex(JKN_RE, "JKN number must be 13 digits");
export const sha256Hex = z.string().regex(SHA256_HEX_RE, "must be a SHA-256 hex digest");
