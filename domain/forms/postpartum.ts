/**
 * The postpartum (nifas) period: 42 days after birth (Kemenkes, Permenkes 21/2021 Pelayanan
 * Kesehatan Masa Sesudah Melahirkan; WHO). One constant for every rule that counts it: who sees
 * nifas, KB pascapersalinan, the PWS's "same delivery" and its words. Zod-free and tiny, so the
 * console and the first load can import it.
 */
export const POSTPARTUM_DAYS = 42;
