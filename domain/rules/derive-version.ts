/**
 * Bumped when the shape or the rules of `deriveRecord` change, so stored results from older code
 * are recomputed. Its own module so that readers of stored results (referrals, the PWA's words)
 * do not pull the derivation and every form definition into the PWA's first load.
 */
// 2 (issue 15): a single T, the orange line and the unrounded IMT/U; colours and "info" flags (MTBS);
// imunisasi kejar values; the new forms' hooks (anak-sekolah, sdidtk, mtbs).
export const DERIVE_VERSION = 2;
