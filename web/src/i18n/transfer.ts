/**
 * Strings of the move-to-another-kabupaten screen (issue 16; screens/household/transfer.tsx). Kept
 * out of the main catalogue (id.ts/en.ts, in the first load): only that screen's lazy chunk imports
 * this file. The server's error codes (transfer_*) are in the main catalogue.
 */
import { getLang } from "./index.ts";

export const transferId = {
  title: "Pindah ke kabupaten lain",
  intro: "Seluruh keluarga ini (anggota, kunjungan, rujukan) diserahkan ke kabupaten tujuan. Setelah selesai, data keluarga hilang dari ponsel di sini pada sinkron berikutnya dan muncul di ponsel desa tujuan.",
  syncFirst: "Sinkronkan dulu: perubahan yang belum terkirim untuk keluarga ini akan ditolak setelah pindah.",
  kabupaten: "Kabupaten tujuan",
  desa: "Desa tujuan",
  noOther: "Belum ada kabupaten lain yang dilayani Simpul.",
  loadingDesa: "Memuat daftar desa…",
  needsSignal: "Perlu sinyal: daftar desa dan perpindahan langsung dari server.",
  submit: "Pindahkan keluarga",
  confirm: "Pindahkan keluarga ini ke {desa}, {kabupaten}? Ini tidak bisa dibatalkan dari ponsel.",
  state_requested: "Diminta, sedang diproses…",
  state_copied: "Data sudah diterima kabupaten tujuan, sedang dilepas di sini…",
  state_released: "Hampir selesai…",
  state_done: "Selesai: keluarga sudah pindah ke {desa}. Data ini hilang dari ponsel pada sinkron berikutnya.",
  state_failed: "Gagal, tidak ada yang dipindahkan.",
  retrying: "Server gagal memproses {n} kali; dicoba lagi otomatis.",
  stalled: "Perpindahan macet setelah {n} kali gagal. Data keluarga sudah ada di kabupaten tujuan, tetapi perpindahan belum tercatat selesai. Server tetap mencoba sekali sehari; dinkes harus memeriksanya. Tidak perlu meminta pindah lagi.",
  desaOption: "{desa} (Kec. {kecamatan})",
};

export type TransferKey = keyof typeof transferId;

export const transferEn: Record<TransferKey, string> = {
  title: "Move to another kabupaten",
  intro: "This whole family (members, visits, referrals) is handed over to the destination kabupaten. Once done, the family disappears from phones here at their next sync and appears on the destination village's phones.",
  syncFirst: "Sync first: changes to this family not yet sent will be refused after the move.",
  kabupaten: "Destination kabupaten",
  desa: "Destination village",
  noOther: "Simpul serves no other kabupaten yet.",
  loadingDesa: "Loading the villages…",
  needsSignal: "Needs signal: the village list and the move come straight from the server.",
  submit: "Move the family",
  confirm: "Move this family to {desa}, {kabupaten}? This cannot be undone from the phone.",
  state_requested: "Requested, in progress…",
  state_copied: "The destination has the data; releasing it here…",
  state_released: "Almost done…",
  state_done: "Done: the family moved to {desa}. It disappears from phones here at their next sync.",
  state_failed: "Failed; nothing was moved.",
  retrying: "The server failed {n} times; it retries automatically.",
  stalled: "The move is stuck after {n} failures. The family's data is already in the destination kabupaten, but the move is not recorded as finished. The server still retries once a day; the dinkes must look at it. No need to ask for the move again.",
  desaOption: "{desa} (Kec. {kecamatan})",
};

/** A string of this screen in the current language (placeholders `{name}`, as `t`). */
export function tt(key: TransferKey, params?: Record<string, string | number>): string {
  const s = (getLang() === "en" ? transferEn : transferId)[key] ?? transferId[key];
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}
