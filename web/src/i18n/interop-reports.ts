/**
 * Strings of the monthly report downloads (issue 13, web/src/screens/interop/reports.tsx). Kept out
 * of the main catalogue (id.ts/en.ts), which is in the first load: only the interop console's lazy
 * chunk imports this file. Server error codes are said through the main catalogue (serverError).
 */
import { getLang } from "./index.ts";

export const interopReportsId = {
  irTitle: "Laporan bulanan",
  irIntro: "Berkas CSV per desa untuk dikirim ke Dinas Kesehatan. Setiap angka sama dengan PWS bulan yang sama.",
  irMonth: "Bulan",
  irArea: "Wilayah",
  irAreaAll: "Seluruh wilayah saya",
  irFormat: "Format berkas",
  irFormatSemicolon: "Excel bahasa Indonesia (pemisah ;, desimal koma)",
  irFormatComma: "CSV standar (pemisah ,, desimal titik)",
  irReport_gizi: "Gizi balita (SKDN)",
  irReport_kia: "KIA (PWS KIA)",
  irReport_imunisasi: "Imunisasi rutin",
  irReport_ptm: "Skrining PTM",
  irDownload: "Unduh",
  irDownloading: "Mengunduh…",
  irDownloaded: "{file} sudah diunduh",
  irOffline: "Laporan dibuat oleh server: perlu sinyal untuk mengunduh.",
  irRowsNote: "Satu baris per desa (untuk satu desa: per dusun) dan satu baris jumlah.",
};

export type InteropReportsKey = keyof typeof interopReportsId;

export const interopReportsEn: Record<InteropReportsKey, string> = {
  irTitle: "Monthly reports",
  irIntro: "CSV files per village to send to the district health office. Every figure equals the PWS of the same month.",
  irMonth: "Month",
  irArea: "Area",
  irAreaAll: "All of my area",
  irFormat: "File format",
  irFormatSemicolon: "Excel in Indonesian (; separator, decimal comma)",
  irFormatComma: "Standard CSV (, separator, decimal point)",
  irReport_gizi: "Child nutrition (SKDN)",
  irReport_kia: "Maternal and newborn health (PWS KIA)",
  irReport_imunisasi: "Routine immunisation",
  irReport_ptm: "NCD screening",
  irDownload: "Download",
  irDownloading: "Downloading…",
  irDownloaded: "{file} downloaded",
  irOffline: "Reports are made by the server: a signal is needed to download.",
  irRowsNote: "One row per village (for one village: per hamlet) and a total row.",
};

/** A string of this screen in the current language (placeholders `{name}`, as `t`). */
export function tir(key: InteropReportsKey, params?: Record<string, string | number>): string {
  const s = (getLang() === "en" ? interopReportsEn : interopReportsId)[key] ?? interopReportsId[key];
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}
