/**
 * Strings of the provincial console (issue 16): only its lazy chunk imports this file, like the
 * PWS console's (pws.ts). Indicator names and groups come from domain/pws and the PWS catalogue.
 */
import { getLang } from "./index.ts";

export const agId = {
  agTitle: "Agregat PWS provinsi",
  agTitleKab: "Agregat PWS kabupaten",
  agIntro: "Angka bulanan PWS tiap kabupaten, dihitung dari basis data kabupaten: jumlah saja, tanpa nama. Ketuk nama wilayah untuk melihat rinciannya.",
  agUnit_kabupaten: "Kabupaten",
  agUnit_kecamatan: "Kecamatan",
  agUnit_desa: "Desa",
  agUp_provinsi: "‹ Provinsi",
  agUp_kabupaten: "‹ Kabupaten",
  agLegend: "Persen kumulatif Januari s.d. bulan terpilih. Warna: hijau mencapai target nasional, kuning hampir (≥ 80%), merah di bawah; untuk prevalensi dan drop-out, makin rendah makin baik. Arahkan ke sel untuk pembilang, penyebut dan angka bulan itu saja.",
  agFreshness: "Kesegaran data",
  agFresh_final: "Final: dihitung {at}; tidak lagi dihitung ulang setiap hari",
  agFresh_provisional: "Sementara: dihitung {at}; dihitung ulang setiap hari sampai {until}",
  agFresh_none: "Belum ada angka untuk bulan ini",
  agSuppressed: "disembunyikan: sel kecil (di bawah {min}), atau agar sel kecil tidak dapat dihitung",
  agMissing: "belum dihitung",
  agNoDen: "tanpa sasaran (penyebut 0)",
  agSmallCells: "Angka disembunyikan (—) bila yang tercakup atau yang tidak tercakup kurang dari {min} orang (kecuali nol tercakup), beserta angka lain secukupnya agar tidak dapat dihitung dari total atau dari bulan lain. Berlaku untuk desa, dan untuk dinas kesehatan provinsi di semua tingkat.",
  agEmpty: "Belum ada angka agregat untuk bulan ini.",
  agTrend: "Tren 12 bulan",
  agTrendOf: "{indicator}: cakupan tiap bulan, {area}",
  agTrendPick: "Indikator",
  agPublish: "Hitung ulang sekarang",
  agPublished: "Permintaan dikirim: angka bulan {month} dihitung ulang dalam beberapa menit.",
  agNotForRole: "Layar ini untuk dinas kesehatan provinsi dan kabupaten.",
  agLoadFailed: "Angka agregat tidak dapat dimuat: {error}",
  agGenerated: "Dimuat {at}",
} as const;

export type AgKey = keyof typeof agId;

export const agEn: Record<AgKey, string> = {
  agTitle: "Provincial PWS aggregates",
  agTitleKab: "District PWS aggregates",
  agIntro: "Each district's monthly PWS figures, computed from the district's database: counts only, no names. Tap an area's name for its breakdown.",
  agUnit_kabupaten: "District",
  agUnit_kecamatan: "Subdistrict",
  agUnit_desa: "Village",
  agUp_provinsi: "‹ Province",
  agUp_kabupaten: "‹ District",
  agLegend: "Cumulative percent from January to the chosen month. Colours: green meets the national target, yellow nearly (≥ 80%), red below; for prevalence and drop-out, lower is better. Hover a cell for the numerator, the denominator and the month's own figure.",
  agFreshness: "Freshness",
  agFresh_final: "Final: computed {at}; no longer recomputed daily",
  agFresh_provisional: "Provisional: computed {at}; recomputed daily until {until}",
  agFresh_none: "No figures for this month yet",
  agSuppressed: "hidden: a small cell (under {min}), or so that a small cell cannot be worked out",
  agMissing: "not computed yet",
  agNoDen: "no target group (denominator 0)",
  agSmallCells: "A figure is hidden (—) when fewer than {min} people are counted, or fewer than {min} are not (unless none is counted), with as many others as needed so that none can be worked out from the total or from other months. This applies to villages, and for a provincial health office to every level.",
  agEmpty: "No aggregate figures for this month yet.",
  agTrend: "12-month trend",
  agTrendOf: "{indicator}: coverage per month, {area}",
  agTrendPick: "Indicator",
  agPublish: "Recompute now",
  agPublished: "Request sent: the figures of {month} are recomputed within minutes.",
  agNotForRole: "This screen is for the provincial and district health offices.",
  agLoadFailed: "The aggregate figures could not be loaded: {error}",
  agGenerated: "Loaded {at}",
};

/** A string of the provincial console in the current language (placeholders `{name}`). */
export function tAg(key: AgKey, params?: Record<string, string | number>): string {
  const s = (getLang() === "en" ? agEn : agId)[key] ?? agId[key];
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}
