import type { Rng } from "./prng.ts";

/**
 * Name parts for synthetic people. Batu Brak is Lampung Saibatin country, where given names are
 * mostly Malay-Islamic; fashions moved from Arabic-Malay names (older people) to compound
 * Indonesian names and, for children born after about 2005, to Arabic-modern names. Every
 * name is a random combination of common parts: none belongs to a real person.
 */
type Generation = "old" | "middle" | "young";

const MALE: Record<Generation, readonly string[]> = {
  old: [
    "Abdullah", "Ahmad", "Azhari", "Bachtiar", "Burhanuddin", "Darwis", "Hamzah", "Hasanuddin", "Ibrahim", "Ismail",
    "Jamaludin", "Kamaludin", "Mahmud", "Marzuki", "Nasrun", "Rasyid", "Rusdi", "Saleh", "Sulaiman", "Syamsudin",
    "Thamrin", "Umar", "Usman", "Yahya", "Zainal",
  ],
  middle: [
    "Agus", "Amirudin", "Andi", "Arman", "Budiman", "Darmawan", "Edi", "Effendi", "Erwin", "Fauzi", "Hasbi", "Hendra",
    "Herman", "Irwan", "Jafar", "Joni", "Khairul", "Mulyadi", "Nasir", "Rahmat", "Ridwan", "Rizal", "Sahril",
    "Suhendri", "Syafrudin", "Syahrial", "Taufik", "Wahyudi", "Yusuf", "Zulkifli",
  ],
  young: [
    "Aditya", "Akbar", "Alfarizi", "Alif", "Arkan", "Arsyad", "Azka", "Bima", "Daffa", "Dimas", "Fadil", "Fahri",
    "Farel", "Fathan", "Ghifari", "Hafiz", "Haikal", "Ilham", "Naufal", "Raffa", "Rafi", "Rayyan", "Reza", "Rizky",
    "Satria", "Yusril", "Zaky",
  ],
};

const FEMALE: Record<Generation, readonly string[]> = {
  old: [
    "Aminah", "Asmah", "Fatimah", "Halimah", "Hasanah", "Jamilah", "Khadijah", "Maimunah", "Mariam", "Nurbaya",
    "Nursiah", "Rabiah", "Rohani", "Rosnah", "Rukiah", "Salamah", "Saodah", "Siti", "Zaleha", "Zubaidah",
  ],
  middle: [
    "Desi", "Dewi", "Eka", "Elvi", "Erna", "Fitri", "Herlina", "Indah", "Juliana", "Leni", "Linda", "Lusi", "Marlina",
    "Meri", "Novita", "Nurhayati", "Nurjanah", "Rahmawati", "Reni", "Rina", "Rosmawati", "Sari", "Sri", "Suryani",
    "Susanti", "Wati", "Yanti", "Yeni", "Yulia", "Yusnani",
  ],
  young: [
    "Aisyah", "Alya", "Amira", "Anisa", "Aqila", "Azzahra", "Cinta", "Dinda", "Fadhila", "Hana", "Keisya", "Khansa",
    "Kirana", "Nabila", "Nadia", "Naura", "Nayla", "Putri", "Rara", "Safira", "Salsabila", "Syifa", "Tiara", "Zahra",
    "Zaskia",
  ],
};

/** Second names: common Indonesian endings, not family names (most people here have none). */
const MALE_SECOND = [
  "Saputra", "Pratama", "Hidayat", "Kurniawan", "Setiawan", "Ramadhan", "Firmansyah", "Syahputra", "Gunawan",
  "Wijaya", "Hakim", "Rahman", "Fauzan", "Maulana", "Iskandar", "Nugraha",
] as const;
const FEMALE_SECOND = [
  "Lestari", "Wulandari", "Anggraini", "Oktaviani", "Puspita", "Rahayu", "Safitri", "Ramadhani", "Handayani", "Sari",
  "Maharani", "Septiani", "Yuliani", "Apriani", "Fitriani", "Marlina",
] as const;

/**
 * Saibatin men receive an adok (customary title) at marriage; older men are often known by it.
 * Used sparingly and only for the lower, common ranks.
 */
const MALE_ADOK = ["Minak", "Kimas", "Mas"] as const;

const OLD_BEFORE = 1970; // birth years before this get "old" names
const YOUNG_FROM = 2003; // and from this year on, "young" names

function generation(birthYear: number): Generation {
  return birthYear < OLD_BEFORE ? "old" : birthYear >= YOUNG_FROM ? "young" : "middle";
}

/**
 * The name parts of one region's synthetic people: given names by generation, second names, and
 * titles a few older men are known by. A region's seed picks its parts (scripts/seed/regions.ts).
 */
export interface NameParts {
  male: Readonly<Record<Generation, readonly string[]>>;
  female: Readonly<Record<Generation, readonly string[]>>;
  maleSecond: readonly string[];
  femaleSecond: readonly string[];
  /** Customary titles of older men (Lampung's adok); empty where the region has none in common use. */
  maleTitles: readonly string[];
}

/** Lampung Saibatin (Batu Brak, Lampung Barat): the parts above, with the adok. */
export const LAMPUNG_SAIBATIN_NAMES: NameParts = {
  male: MALE, female: FEMALE, maleSecond: MALE_SECOND, femaleSecond: FEMALE_SECOND, maleTitles: MALE_ADOK,
};

/**
 * Belitung Malay (Melayu Belitong): given names are Malay-Islamic and follow the same national
 * fashions by generation as in Lampung, so the Lampung lists serve, with a few names common in
 * Sumatra's Malay coasts added; there is no adok (a Lampung custom). Still random combinations of
 * common parts: none belongs to a real person.
 */
export const BELITUNG_MELAYU_NAMES: NameParts = {
  male: {
    old: [...MALE.old, "Abdul Manaf", "Junaidi", "Rusli", "Zulkarnain", "Syahbudin"],
    middle: [...MALE.middle, "Hasanudin", "Rustam", "Sukardi", "Zainudin"],
    young: MALE.young,
  },
  female: {
    old: [...FEMALE.old, "Masnah", "Rosidah", "Nuraini", "Sapiah"],
    middle: [...FEMALE.middle, "Erlina", "Misnawati", "Rosita"],
    young: FEMALE.young,
  },
  maleSecond: MALE_SECOND,
  femaleSecond: FEMALE_SECOND,
  maleTitles: [],
};

export function personName(rng: Rng, sex: "L" | "P", birthYear: number, ageYears: number, names: NameParts = LAMPUNG_SAIBATIN_NAMES): string {
  const gen = generation(birthYear);
  const given = rng.pick(sex === "L" ? names.male[gen] : names.female[gen]);
  // Older people more often go by a single name.
  const secondChance = gen === "old" ? 0.3 : gen === "middle" ? 0.6 : 0.8;
  const parts = [given];
  if (rng.chance(secondChance)) {
    const second = rng.pick(sex === "L" ? names.maleSecond : names.femaleSecond);
    if (second !== given) parts.push(second);
  }
  if (sex === "L" && ageYears >= 40 && names.maleTitles.length > 0 && rng.chance(0.06)) parts.unshift(rng.pick(names.maleTitles));
  return parts.join(" ");
}

/** The two halves a local-sounding dusun name is made of (a place prefix and an ending). */
export interface DusunNameParts {
  prefixes: readonly string[];
  suffixes: readonly string[];
}

/** Local-sounding dusun names in Lampung: a common Lampung place prefix plus a hopeful ending. */
export const LAMPUNG_DUSUN_NAMES: DusunNameParts = {
  prefixes: ["Suka", "Sinar", "Talang", "Tanjung", "Way", "Bumi", "Pagar", "Sumber"],
  suffixes: ["Jaya", "Maju", "Baru", "Makmur", "Indah", "Agung", "Damai", "Mulya", "Harapan", "Sari"],
};

/**
 * Belitung places are named after water, capes and hills ("Aik" is Belitung Malay for air, as in
 * the desa Aik Rayak and Aik Ketekok; Tanjung Binga, Batu Itam, Sungai Padang are desa of Sijuk),
 * plus a describing word: invented combinations of those common parts.
 */
export const BELITUNG_DUSUN_NAMES: DusunNameParts = {
  prefixes: ["Aik", "Air", "Tanjung", "Bukit", "Batu", "Sungai", "Pangkal", "Teluk"],
  suffixes: ["Baru", "Jaya", "Kelik", "Merah", "Kuning", "Lebar", "Panjang", "Hitam", "Besar", "Damai"],
};

const ROMAN = ["I", "II", "III", "IV", "V", "VI"] as const;

export function romanDusunName(index: number): string {
  return `Dusun ${ROMAN[index] ?? String(index + 1)}`;
}

export function localDusunName(rng: Rng, taken: Set<string>, parts: DusunNameParts = LAMPUNG_DUSUN_NAMES): string {
  for (;;) {
    const name = `${rng.pick(parts.prefixes)} ${rng.pick(parts.suffixes)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Posyandu are usually named after a flower; unique within a pekon. */
export const POSYANDU_NAMES = [
  "Melati", "Mawar", "Anggrek", "Kenanga", "Dahlia", "Flamboyan", "Cempaka", "Teratai", "Kamboja", "Seruni",
] as const;
