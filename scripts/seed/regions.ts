import { BELITUNG_DEMO_ACCOUNTS, DEMO_ACCOUNTS, type DemoAccount } from "./demo-accounts.ts";
import { LAMPUNG_LANDMARKS } from "./population.ts";
import { BELITUNG_DUSUN_NAMES, BELITUNG_MELAYU_NAMES, LAMPUNG_DUSUN_NAMES, LAMPUNG_SAIBATIN_NAMES, POSYANDU_NAMES, type DusunNameParts, type NameParts } from "./names.ts";

/**
 * What differs between the kabupaten the demo seeds (issue 16: one D1 database per kabupaten):
 * the kabupaten and the kecamatan that gets people and history, the area file, the names of the
 * facilities, the local words, the lintas sektor meeting, the demo accounts, and the salt of the
 * PRNG streams. Everything else (the population model, the services, the shares) is the same
 * code for every region; its shares are labelled approximations for rural Lampung
 * (scripts/seed/visits.ts, services.ts), which stand in for Belitung too.
 *
 * Lampung Barat (18.04) is the seed as it was before regions: the same rows and ids byte for byte
 * (test/worker/seed-regions.test.ts pins a digest), so its PRNG streams keep their names (no salt).
 * Every other region salts every stream, so its person, household, visit and place ids never
 * equal Lampung Barat's: people can move between kabupaten, and an id must stay unique across
 * the databases.
 */
export interface SeedRegion {
  /** Kemendagri kabupaten code, "18.04": the database (shard) the region is seeded into. */
  kabupaten: string;
  /** The kecamatan that gets dusun, facilities, people, history and demo users. */
  kecamatan: string;
  /** The area file under scripts/data/ (written by `npx tsx scripts/import-areas.ts <kabupaten>`). */
  areaFile: string;
  /**
   * The kabupaten's word for a desa, as in its area file (scripts/import-areas.ts desaTermFor);
   * buildSeed refuses an area file that says otherwise.
   */
  desaTerm: string;
  /** The title of a desa head, as the lintas sektor attendance and notes write it. */
  villageHead: string;
  /** The kecamatan's puskesmas (facility and lintas sektor office). */
  puskesmas: string;
  /** The pustu of a desa. */
  pustu: (desaName: string) => string;
  /** Posyandu names (a flower, then the desa), unique within a desa. */
  posyanduNames: readonly string[];
  /** The kabupaten hospital a referral goes on to (rujuk lanjut). */
  referralHospital: string;
  /** The January minilokakarya lintas sektor. */
  lintas: { place: string; chair: string };
  names: NameParts;
  dusunNames: DusunNameParts;
  /** Free-text address hints as a kader writes them (household.address). */
  landmarks: readonly string[];
  demoAccounts: readonly DemoAccount[];
  /**
   * Salt of every PRNG stream (stream names `simpul-seed:<salt>:<stream>`); empty for Lampung
   * Barat only, whose streams keep the names they had before regions (`simpul-seed:<stream>`).
   */
  prngSalt: string;
}

/** The name of one of a region's PRNG streams ("places", "people", `history:${today}`…). */
export function seedStream(region: SeedRegion, stream: string): string {
  return region.prngSalt ? `simpul-seed:${region.prngSalt}:${stream}` : `simpul-seed:${stream}`;
}

/** Lampung Barat, Kecamatan Batu Brak: the pilot's demo (README, e2e tests). */
export const LAMPUNG_BARAT: SeedRegion = {
  kabupaten: "18.04",
  kecamatan: "18.04.10", // Batu Brak
  areaFile: "areas-18.04.json",
  desaTerm: "pekon",
  // Lampung Barat's pekon is led by a peratin (docs ilp-domain.md §2).
  villageHead: "Peratin",
  puskesmas: "Puskesmas Batubrak",
  pustu: (desa) => `Pustu ${desa}`,
  posyanduNames: POSYANDU_NAMES,
  // RSUD Alimuddin Umar in Liwa, Lampung Barat's kabupaten hospital.
  referralHospital: "RSUD Alimuddin Umar Liwa",
  lintas: { place: "Aula Puskesmas Batubrak", chair: "Camat Batu Brak" },
  names: LAMPUNG_SAIBATIN_NAMES,
  dusunNames: LAMPUNG_DUSUN_NAMES,
  landmarks: LAMPUNG_LANDMARKS,
  demoAccounts: DEMO_ACCOUNTS,
  prngSalt: "",
};

/**
 * Kabupaten Belitung (Provinsi Kepulauan Bangka Belitung), Kecamatan Sijuk: 10 desa (idn-area-data
 * 4.0.1), close to Batu Brak's 11 pekon. Facility names are synthetic in the pattern of the
 * pilot's ("Puskesmas Sijuk", "Pustu <desa>"); they do not claim to list the real facilities.
 */
export const BELITUNG: SeedRegion = {
  kabupaten: "19.02",
  kecamatan: "19.02.04", // Sijuk
  areaFile: "areas-19.02.json",
  // Belitung has no local term of its own in scripts/import-areas.ts: the generic "desa".
  desaTerm: "desa",
  villageHead: "Kepala Desa",
  puskesmas: "Puskesmas Sijuk",
  pustu: (desa) => `Pustu ${desa}`,
  posyanduNames: POSYANDU_NAMES,
  // RSUD dr. H. Marsidi Judono in Tanjungpandan, Kabupaten Belitung's own hospital.
  referralHospital: "RSUD dr. H. Marsidi Judono Tanjungpandan",
  lintas: { place: "Aula Puskesmas Sijuk", chair: "Camat Sijuk" },
  names: BELITUNG_MELAYU_NAMES,
  dusunNames: BELITUNG_DUSUN_NAMES,
  landmarks: [
    "Dekat masjid", "Belakang balai desa", "Depan SD negeri", "Jalan ke kebun lada", "Samping warung",
    "Ujung gang", "Dekat jembatan", "Seberang lapangan", "Dekat pos ronda", "Dekat pantai",
  ],
  demoAccounts: BELITUNG_DEMO_ACCOUNTS,
  prngSalt: "19.02",
};

/** The regions the demo seeds, by kabupaten code. */
export const SEED_REGIONS: Readonly<Record<string, SeedRegion>> = {
  [LAMPUNG_BARAT.kabupaten]: LAMPUNG_BARAT,
  [BELITUNG.kabupaten]: BELITUNG,
};

/** The default region: Lampung Barat, the pilot. */
export const DEFAULT_SEED_REGION = LAMPUNG_BARAT;

/** The region of a kabupaten code; throws for one without a demo seed. */
export function seedRegionOf(kabupaten: string): SeedRegion {
  const region = SEED_REGIONS[kabupaten];
  if (!region) throw new Error(`no seed region for kabupaten ${kabupaten} (known: ${Object.keys(SEED_REGIONS).join(", ")})`);
  return region;
}
