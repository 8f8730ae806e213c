/**
 * Typed growth errors: a code the app can branch on and a message in Indonesian (first) and
 * English. A z-score is either a number or one of these, never a number standing in for an error.
 */

export interface I18nText {
  id: string;
  en: string;
}

export type GrowthErrorCode =
  | "SEX_MISSING"
  | "BIRTH_DATE_INVALID"
  | "VISIT_DATE_INVALID"
  | "BIRTH_DATE_IN_FUTURE"
  | "VISIT_DATE_IN_FUTURE"
  | "BIRTH_AFTER_VISIT"
  | "AGE_OVER_60_MONTHS"
  | "AGE_BELOW_TABLE"
  | "WEIGHT_IMPLAUSIBLE"
  | "LENGTH_IMPLAUSIBLE"
  | "HEAD_IMPLAUSIBLE"
  | "MUAC_IMPLAUSIBLE"
  | "LENGTH_OUT_OF_TABLE"
  | "PREVIOUS_AFTER_CURRENT";

export interface GrowthError {
  code: GrowthErrorCode;
  message: I18nText;
}

/** Thrown where an API returns a plain value (weight gain status): carries the same typed error. */
export class GrowthInputError extends Error {
  readonly code: GrowthErrorCode;
  readonly detail: GrowthError;
  constructor(detail: GrowthError) {
    super(`${detail.code}: ${detail.message.en}`);
    this.name = "GrowthInputError";
    this.code = detail.code;
    this.detail = detail;
  }
}

/** Up to two decimals, so 121.4 − 0.7 prints as 120.7 and not 120.70000000000002. */
const fmt = (n: number) => String(Math.round(n * 100) / 100);
const fmtId = (n: number) => fmt(n).replace(".", ",");

export const growthErrors = {
  sexMissing: (): GrowthError => ({
    code: "SEX_MISSING",
    message: { id: "Jenis kelamin belum diisi (L/P): z-score tidak dapat dihitung", en: "Sex is missing (L/P): z-scores cannot be computed" },
  }),
  birthDateInvalid: (): GrowthError => ({
    code: "BIRTH_DATE_INVALID",
    message: { id: "Tanggal lahir tidak valid (TTTT-BB-HH)", en: "Birth date is not a valid date (YYYY-MM-DD)" },
  }),
  visitDateInvalid: (): GrowthError => ({
    code: "VISIT_DATE_INVALID",
    message: { id: "Tanggal kunjungan tidak valid (TTTT-BB-HH)", en: "Visit date is not a valid date (YYYY-MM-DD)" },
  }),
  birthDateInFuture: (): GrowthError => ({
    code: "BIRTH_DATE_IN_FUTURE",
    message: { id: "Tanggal lahir di masa depan", en: "Birth date is in the future" },
  }),
  visitDateInFuture: (): GrowthError => ({
    code: "VISIT_DATE_IN_FUTURE",
    message: { id: "Tanggal kunjungan di masa depan", en: "Visit date is in the future" },
  }),
  birthAfterVisit: (): GrowthError => ({
    code: "BIRTH_AFTER_VISIT",
    message: { id: "Tanggal lahir sesudah tanggal kunjungan", en: "Birth date is after the visit date" },
  }),
  ageOver60Months: (): GrowthError => ({
    code: "AGE_OVER_60_MONTHS",
    message: {
      id: "Umur di atas 60 bulan: standar WHO 2006 hanya untuk balita 0–59 bulan",
      en: "Age is over 60 months: the WHO 2006 standards cover children aged 0–59 months",
    },
  }),
  ageBelowTable: (what: I18nText, minDays: number): GrowthError => ({
    code: "AGE_BELOW_TABLE",
    message: {
      id: `${what.id} hanya dihitung mulai umur ${minDays} hari (3 bulan)`,
      en: `${what.en} is computed from ${minDays} days of age (3 months)`,
    },
  }),
  weightImplausible: (min: number, max: number): GrowthError => ({
    code: "WEIGHT_IMPLAUSIBLE",
    message: {
      id: `Berat badan tidak mungkin untuk balita (harus lebih dari ${fmtId(min)} dan paling banyak ${fmtId(max)} kg): periksa kembali`,
      en: `Weight is impossible for a young child (must be above ${fmt(min)} and at most ${fmt(max)} kg): check it`,
    },
  }),
  lengthImplausible: (min: number, max: number): GrowthError => ({
    code: "LENGTH_IMPLAUSIBLE",
    message: {
      id: `Panjang/tinggi badan tidak mungkin untuk balita (${fmtId(min)}–${fmtId(max)} cm): periksa kembali`,
      en: `Length/height is impossible for a young child (${fmt(min)}–${fmt(max)} cm): check it`,
    },
  }),
  headImplausible: (min: number, max: number): GrowthError => ({
    code: "HEAD_IMPLAUSIBLE",
    message: {
      id: `Lingkar kepala tidak mungkin (${fmtId(min)}–${fmtId(max)} cm): periksa kembali`,
      en: `Head circumference is impossible (${fmt(min)}–${fmt(max)} cm): check it`,
    },
  }),
  muacImplausible: (min: number, max: number): GrowthError => ({
    code: "MUAC_IMPLAUSIBLE",
    message: {
      id: `LiLA tidak mungkin (${fmtId(min)}–${fmtId(max)} cm): periksa kembali`,
      en: `Mid-upper arm circumference is impossible (${fmt(min)}–${fmt(max)} cm): check it`,
    },
  }),
  lengthOutOfTable: (what: I18nText, min: number, max: number, used: number): GrowthError => ({
    code: "LENGTH_OUT_OF_TABLE",
    message: {
      id: `${what.id} hanya untuk ${fmtId(min)}–${fmtId(max)} cm (dipakai ${fmtId(used)} cm)`,
      en: `${what.en} covers ${fmt(min)}–${fmt(max)} cm only (used ${fmt(used)} cm)`,
    },
  }),
  previousAfterCurrent: (): GrowthError => ({
    code: "PREVIOUS_AFTER_CURRENT",
    message: {
      id: "Tanggal penimbangan sebelumnya harus sebelum penimbangan ini",
      en: "The previous weighing must be dated before this one",
    },
  }),
};
