/**
 * The administration words the first load needs: the Home link and the server's error code. The
 * console's own words are in admin-console.ts, which only its lazy chunk imports.
 */
export const adminId = {
  admHomeLink: "Administrasi",
  admHomeHint: "Pengguna, kode pendaftaran, perangkat, dusun, posyandu, mitra",
  err_cannot_deactivate_self: "Anda tidak dapat menonaktifkan akun Anda sendiri.",
};

export const adminEn: Record<keyof typeof adminId, string> = {
  admHomeLink: "Administration",
  admHomeHint: "Users, enrollment codes, devices, dusun, posyandu, partners",
  err_cannot_deactivate_self: "You cannot deactivate your own account.",
};
