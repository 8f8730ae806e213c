/**
 * The administration words the first load needs: the Home link and the server's error code. The
 * console's own words are in admin-console.ts, which only its lazy chunk imports.
 */
export const adminId = {
  admHomeLink: "Administrasi",
  admHomeHint: "Pengguna, kode pendaftaran, perangkat, dusun, posyandu, mitra",
  err_cannot_deactivate_self: "Anda tidak dapat menonaktifkan akun Anda sendiri.",
  // Issue 13: SATUSEHAT and the monthly report files (the screen's own words are in its lazy chunk).
  interopHomeLink: "SATUSEHAT & laporan bulanan",
  interopHomeHint: "Kirim kunjungan ke SATUSEHAT; unduh laporan gizi, KIA, imunisasi, PTM",
};
