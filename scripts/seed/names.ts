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

export function personName(rng: Rng, sex: "L" | "P", birthYear: number, ageYears: number): string {
  const gen = generation(birthYear);
  const given = rng.pick(sex === "L" ? MALE[gen] : FEMALE[gen]);
  // Older people more often go by a single name.
  const secondChance = gen === "old" ? 0.3 : gen === "middle" ? 0.6 : 0.8;
  const parts = [given];
  if (rng.chance(secondChance)) {
    const second = rng.pick(sex === "L" ? MALE_SECOND : FEMALE_SECOND);
    if (second !== given) parts.push(second);
  }
  if (sex === "L" && ageYears >= 40 && rng.chance(0.06)) parts.unshift(rng.pick(MALE_ADOK));
  return parts.join(" ");
}

/** Local-sounding dusun names: a common Lampung place prefix plus a hopeful ending. */
const DUSUN_PREFIX = ["Suka", "Sinar", "Talang", "Tanjung", "Way", "Bumi", "Pagar", "Sumber"] as const;
const DUSUN_SUFFIX = ["Jaya", "Maju", "Baru", "Makmur", "Indah", "Agung", "Damai", "Mulya", "Harapan", "Sari"] as const;
const ROMAN = ["I", "II", "III", "IV", "V", "VI"] as const;

export function romanDusunName(index: number): string {
  return `Dusun ${ROMAN[index] ?? String(index + 1)}`;
}

export function localDusunName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const name = `${rng.pick(DUSUN_PREFIX)} ${rng.pick(DUSUN_SUFFIX)}`;
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
