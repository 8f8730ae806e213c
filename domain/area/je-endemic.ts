import { areaWithin, isAreaCode } from "./codes.ts";

/**
 * Where Japanese encephalitis (JE) vaccine is in the routine programme: one dose at 10 months
 * (imunisasi rutin), given only in the areas the Minister names, after a catch-up campaign for
 * children 9 months to < 15 years. Kemendagri codes; a provinsi code covers all its kabupaten/kota.
 *
 * - 51 Bali: campaign in 2018 (April), then routine for every infant of 10 months in the province
 *   (Kemenkes press statement, 11 November 2018, "Tidak benar ada wabah JE di Bali"; Kemenkes,
 *   Petunjuk Teknis Pemberian Imunisasi JE, Ditjen P2P 2023, Kata Pengantar).
 * - 61 Kalimantan Barat and 34 DI Yogyakarta: Kepmenkes HK.01.07/MENKES/1462/2023 "Pemberian
 *   Imunisasi Japanese Encephalitis di Kabupaten/Kota Provinsi Kalimantan Barat dan Kabupaten/Kota
 *   Provinsi Daerah Istimewa Yogyakarta Tahun 2023–2024": campaign, then introduction into the
 *   routine programme "dengan sasaran anak usia minimal 10 bulan" (Kalbar from September 2023,
 *   letter Dirjen P2P IM.02.02/C/3290/2023 of 18 July 2023, point 4; DIY "seluruh kabupaten/kota"
 *   from 2024, Dinkes DIY 26 October 2023; Bantul routine from November 2024).
 *
 * Not confirmed: whether later decrees added areas after 2024 (none was found). A new decree is a
 * one-line change here. The KMK names the kabupaten/kota of the two provinces; the Dinkes DIY
 * statement says all of them, and no exclusion was found for Kalimantan Barat, so the provinsi
 * codes are used.
 *
 * This is a national-programme fact, not a puskesmas preference, so it is a constant rather than
 * a setting: Simpul has no per-area admin setting today (areas are written only by
 * scripts/import-areas.ts). A dinkes that introduces JE ahead of a decree would need one.
 */
export const JE_ENDEMIC_AREAS: readonly { code: string; name: string; since: string; source: string }[] = [
  { code: "51", name: "Bali", since: "2018", source: "Kemenkes 2018 (kampanye dan imunisasi rutin JE Provinsi Bali)" },
  { code: "61", name: "Kalimantan Barat", since: "2023-09", source: "Kepmenkes HK.01.07/MENKES/1462/2023" },
  { code: "34", name: "DI Yogyakarta", since: "2024-01", source: "Kepmenkes HK.01.07/MENKES/1462/2023" },
];

/** True when the desa (or any area code) lies in a JE area. Unknown or invalid codes are not endemic. */
export function isJeEndemic(areaCode: string | null | undefined, areas: readonly { code: string }[] = JE_ENDEMIC_AREAS): boolean {
  if (typeof areaCode !== "string" || !isAreaCode(areaCode)) return false;
  return areas.some((a) => areaWithin(areaCode, a.code));
}
