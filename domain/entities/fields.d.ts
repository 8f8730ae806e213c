import { z } from "zod";
/**
 * Field types shared by the entity payloads. Every string has a ceiling so a pasted novel or a
 * 5 MB value is a validation error, not a row.
 */
export declare const uuid: z.ZodString;
export declare const desaCode: z.ZodString;
export declare const kecCode: z.ZodString;
export declare const areaCode: z.ZodString;
export declare const isoDate: z.ZodString;
export declare const isoDateTime: z.ZodISODateTime;
export declare const shortText: (max?: number) => z.ZodString;
export declare const optionalText: (max?: number) => z.ZodNullable<z.ZodString>;
/** NIK: 16 digits (6 wilayah, DDMMYY with +40 on DD for women, 4 sequence). Optional in remote pekon. */
export declare const nik: z.ZodString;
/** No. KK: the 16-digit family card number. */
export declare const noKk: z.ZodString;
export declare const phone: z.ZodString;
/** JKN/BPJS card number: 13 digits. */
export declare const jkn: z.ZodString;
export declare const sha256Hex: z.ZodString;
