import type { Antigen } from "../forms/imunisasi-v1.ts";

/**
 * Japanese encephalitis (JE) vaccine as an antigen of the routine programme of the endemic areas
 * (where: domain/area/je-endemic.ts). Definition-free (no form imported at run time), so the rules
 * chunk can read it without a form definition (issue 15).
 */

/**
 * One dose at 10 months (Kepmenkes HK.01.07/MENKES/1462/2023: introduction "ke dalam program
 * imunisasi rutin dengan sasaran anak usia minimal 10 bulan"; Bali routine for every infant of 10
 * months since 2018, Kemenkes press statement 11 November 2018).
 */
export const JE_DUE_MONTHS = 10;
/**
 * Not before 9 months: the youngest age JE is given in the programme (the catch-up campaign is for
 * 9 months to < 15 years; Kepmenkes HK.01.07/MENKES/1462/2023; Kemenkes, Petunjuk Teknis Kampanye
 * Imunisasi JE 2017, Kata Pengantar).
 */
export const JE_MIN_AGE_MONTHS = 9;
/** 9 completed WHO months (days / 30.4375 ≥ 9, as $ageMonths counts them) = 274 days. */
export const JE_MIN_AGE_DAYS = Math.ceil(JE_MIN_AGE_MONTHS * 30.4375);

/**
 * Not part of IDL (`basic: false`): IDL is the national list of basic antigens and stays as it is
 * (a JE area's IDL is not defined differently in any source found).
 */
export const JE_ANTIGEN: Antigen = {
  id: "je",
  label: { id: "JE (Japanese encephalitis)", en: "JE (Japanese encephalitis)" },
  series: "je", dose: 1, dueAgeMonths: JE_DUE_MONTHS, basic: false,
};
