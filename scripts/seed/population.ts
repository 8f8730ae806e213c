import type { EntityPayload } from "../../domain/entities/registry.ts";
import { personName, type NameParts } from "./names.ts";
import type { Rng } from "./prng.ts";

/**
 * Synthetic households and people for one kecamatan. Everything here is invented: names are
 * random combinations of common name parts and NIK, No. KK, phone and JKN numbers are drawn
 * at random in the documented formats. Proportions follow rural Lampung closely enough that
 * the sasaran counts (ibu hamil, balita, lansia) on the dashboards look like a real pekon.
 */

/** Approx. share of 0–59-month-olds (balita) in rural Lampung, as in Kemenkes sasaran estimates (~9–10%). */
export const BALITA_SHARE = 0.095;
/** Approx. share of people aged 60 or more in Lampung (BPS, Statistik Penduduk Lanjut Usia: ~10%). */
export const LANSIA_SHARE = 0.1;
/**
 * Kemenkes estimates sasaran ibu hamil as 1.1 × crude birth rate × population. With a rural
 * CBR of about 20 per 1,000 that is ~2.2% of everyone (~66 in 3,000 people), i.e. roughly one
 * in twelve women aged 15–49, not 2% of them.
 */
export const PREGNANT_SHARE = 0.022;
/** Household sizes 2–6; mean ≈ 3.8, near the BPS average household size for rural Lampung. */
const HOUSEHOLD_SIZE_WEIGHTS = [[2, 0.17], [3, 0.25], [4, 0.28], [5, 0.18], [6, 0.12]] as const;
/** Most people have an NIK; infants are often not yet on the family card. */
const NIK_SHARE = 0.71;
const NIK_SHARE_INFANT = 0.35;
/** Families are covered by JKN as a whole (PBI is granted per family), then a few members lapse. */
const JKN_HOUSEHOLD_SHARE = 0.62;
const JKN_MEMBER_SHARE = 0.97;
/** Older people more often know only their birth year (stored as YYYY-07-01, precision "year"). */
const YEAR_ONLY_SHARE = [[60, 0.4], [40, 0.1], [18, 0.03]] as const;
/** Share of households a PIS-PK family visit has already covered. */
const PIS_PK_SURVEYED_SHARE = 0.6;
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

export interface DesaPlace {
  code: string;
  name: string;
  dusun: { id: string; name: string; rtCount: number }[];
  /** Relative population of the pekon. */
  weight: number;
}

export type HouseholdRow = EntityPayload<"household"> & { id: string };
export type PersonRow = EntityPayload<"person"> & { id: string };

type Relation = NonNullable<EntityPayload<"person">["relation"]>;
interface Member {
  sex: "L" | "P";
  age: number; // whole years
  relation: Relation;
}

/** Ages of children of a mother aged `motherAge`: youngest first, 1–5 years apart. */
function childAges(rng: Rng, motherAge: number, n: number): number[] {
  if (n === 0) return [];
  // A mother's last birth was at 20–40; young mothers' youngest is usually a balita.
  const lastBirthAge = rng.int(19, Math.max(19, Math.min(motherAge, 40)));
  let age = Math.max(0, motherAge - lastBirthAge);
  if (motherAge <= 32 && rng.chance(0.2)) age = rng.int(0, 4);
  const ages: number[] = [];
  for (let i = 0; i < n; i++) {
    ages.push(age);
    age += rng.weighted([[2, 0.3], [3, 0.3], [4, 0.2], [5, 0.1], [1, 0.1]] as const);
  }
  return ages;
}

function couple(rng: Rng, husbandAge: number): Member[] {
  const wifeAge = Math.max(17, husbandAge - rng.weighted([[0, 0.2], [2, 0.3], [4, 0.25], [6, 0.15], [9, 0.1]] as const));
  return [
    { sex: "L", age: husbandAge, relation: "kepala" },
    { sex: "P", age: wifeAge, relation: "istri" },
  ];
}

function children(rng: Rng, ages: number[], relation: Relation = "anak"): Member[] {
  return ages.map((age) => ({ sex: rng.chance(0.51) ? "L" : "P", age, relation }));
}

/** The members of one household of exactly `size` people, by a household type fitting that size. */
function composeHousehold(rng: Rng, size: number): Member[] {
  const type = rng.weighted<string>(
    size === 2
      ? [["young_couple", 0.3], ["old_couple", 0.35], ["single_parent", 0.2], ["lansia_cucu", 0.15]]
      : size === 3
        ? [["nuclear", 0.66], ["single_parent", 0.12], ["lansia_cucu", 0.07], ["three_gen", 0.15]]
        : [["nuclear", 0.62], ["nuclear_gp", 0.2], ["three_gen", 0.15], ["single_parent", 0.03]],
  );
  switch (type) {
    case "young_couple":
      return couple(rng, rng.int(20, 30));
    case "old_couple":
      return couple(rng, rng.int(50, 82));
    case "lansia_cucu": {
      const head: Member = { sex: rng.chance(0.5) ? "L" : "P", age: rng.int(60, 84), relation: "kepala" };
      return [head, ...children(rng, Array.from({ length: size - 1 }, () => rng.int(2, 17)), "cucu")];
    }
    case "single_parent": {
      // Mostly widows; their children are often grown.
      const head: Member = { sex: rng.chance(0.7) ? "P" : "L", age: rng.int(32, 75), relation: "kepala" };
      return [head, ...children(rng, childAges(rng, Math.min(head.age, 52), size - 1).map((a) => Math.min(a, head.age - 18)))];
    }
    case "three_gen": {
      // Older couple (or a widowed head), a married child with spouse, and their children.
      const headAge = rng.int(50, 74);
      const elders = size >= 5 ? couple(rng, headAge) : [{ sex: rng.chance(0.4) ? "L" : "P", age: headAge, relation: "kepala" } as Member];
      const youngestElder = Math.min(...elders.map((e) => e.age));
      const childAge = Math.min(youngestElder - 20, rng.int(21, 34));
      const childSex = rng.chance(0.5) ? "L" : "P";
      const young: Member[] = [
        { sex: childSex, age: childAge, relation: "anak" },
        { sex: childSex === "L" ? "P" : "L", age: Math.min(youngestElder - MIN_GENERATION_GAP, childAge + rng.int(-3, 3)), relation: "menantu" },
      ];
      const motherAge = childSex === "P" ? childAge : young[1]!.age;
      const youngerParent = Math.min(childAge, young[1]!.age);
      const nCucu = size - elders.length - 2;
      return [...elders, ...young, ...children(rng, childAges(rng, motherAge, nCucu).map((a) => Math.min(a, youngerParent - 18)), "cucu")];
    }
    case "nuclear_gp": {
      const members = nuclear(rng, size - 1, rng.int(28, 52));
      const olderParent = Math.max(members[0]!.age, members[1]!.age);
      const age = Math.max(rng.int(62, 88), olderParent + MIN_GENERATION_GAP + rng.int(1, 8));
      return [...members, { sex: rng.chance(0.6) ? "P" : "L", age, relation: rng.chance(0.5) ? "orang_tua" : "mertua" }];
    }
    default: {
      const [minAge, maxAge] = rng.weighted([[[22, 34], 0.3], [[35, 49], 0.42], [[50, 62], 0.28]] as const);
      return nuclear(rng, size, rng.int(minAge, maxAge));
    }
  }
}

function nuclear(rng: Rng, size: number, husbandAge: number): Member[] {
  const parents = couple(rng, husbandAge);
  const motherAge = parents[1]!.age;
  const ages = childAges(rng, motherAge, size - 2);
  const oldest = ages[ages.length - 1] ?? 0;
  if (oldest > motherAge - MIN_GENERATION_GAP) {
    const shift = oldest - (motherAge - MIN_GENERATION_GAP);
    parents[0]!.age += shift;
    parents[1]!.age += shift;
  }
  return [...parents, ...children(rng, ages)];
}

/** Generation within the household, for age-gap checks: grandparents 0 … grandchildren 3. */
const GENERATION: Record<Relation, number> = {
  orang_tua: 0, mertua: 0, kepala: 1, istri: 1, suami: 1, lainnya: 1, anak: 2, menantu: 2, cucu: 3,
};
const MIN_GENERATION_GAP = 17; // years between a parent and their child
const MAX_MOTHER_AGE_AT_BIRTH = 45;

/** True when `m` can be `age` years old without being too close in age to another generation. */
function fitsHousehold(household: Member[], m: Member, age: number): boolean {
  return household.every((o) => {
    if (o === m) return true;
    const d = GENERATION[m.relation] - GENERATION[o.relation];
    return d === 0 || (d > 0 ? o.age - age >= MIN_GENERATION_GAP * d : age - o.age >= -MIN_GENERATION_GAP * d);
  });
}

function hasPlausibleMother(household: Member[], child: Member, age: number): boolean {
  return household.some((o) => o.sex === "P" && GENERATION[o.relation] === GENERATION[child.relation] - 1 && o.age - age <= MAX_MOTHER_AGE_AT_BIRTH);
}

/**
 * In a few thousand people the household model alone lands the balita and lansia shares
 * within about ±1 point of their targets. Dashboards show those counts as sasaran, so the
 * seed nudges a few ages (within household constraints) to hit the targets exactly.
 */
function calibrateAges(rng: Rng, households: Member[][], total: number): void {
  const all = households.flatMap((h) => h.map((m) => ({ m, h })));
  const shuffled = all.map((x) => ({ ...x, k: rng.next() })).sort((a, b) => a.k - b.k);
  interface Nudge {
    target: number;
    counts: (age: number) => boolean;
    /** Ages that may move out of the group, and where to. */
    leaving: (age: number) => boolean;
    leaveTo: [number, number];
    /** Ages that may move into the group, and where to. */
    joining: (age: number) => boolean;
    joinTo: [number, number];
    canJoin?: (h: Member[], m: Member, age: number) => boolean;
  }
  const nudge = (n: Nudge) => {
    let count = all.filter((x) => n.counts(x.m.age)).length;
    for (const { m, h } of shuffled) {
      if (count === n.target) return;
      const leave = count > n.target;
      if (leave ? !n.leaving(m.age) : !n.joining(m.age)) continue;
      const age = rng.int(...(leave ? n.leaveTo : n.joinTo));
      if (!fitsHousehold(h, m, age) || (!leave && n.canJoin && !n.canJoin(h, m, age))) continue;
      m.age = age;
      count += leave ? -1 : 1;
    }
  };
  nudge({
    target: Math.round(BALITA_SHARE * total),
    counts: (a) => a <= 4,
    leaving: (a) => a <= 4,
    leaveTo: [5, 8],
    joining: (a) => a >= 5 && a <= 9,
    joinTo: [0, 4],
    canJoin: (h, m, age) => (m.relation === "anak" || m.relation === "cucu") && hasPlausibleMother(h, m, age),
  });
  nudge({
    target: Math.round(LANSIA_SHARE * total),
    counts: (a) => a >= 60,
    leaving: (a) => a >= 60 && a <= 64,
    leaveTo: [55, 59],
    joining: (a) => a >= 55 && a <= 59,
    joinTo: [60, 64],
  });
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** NIK: 6-digit kecamatan, DDMMYY of birth with 40 added to DD for women, 4-digit sequence. */
function nikFor(wilayah: string, birthDate: string, sex: "L" | "P", seqByDate: Map<string, number>): string {
  const [y, m, d] = birthDate.split("-");
  const dd = String(Number(d) + (sex === "P" ? 40 : 0)).padStart(2, "0");
  const ddmmyy = `${dd}${m}${y!.slice(2)}`;
  const seq = (seqByDate.get(ddmmyy) ?? 0) + 1;
  seqByDate.set(ddmmyy, seq);
  return `${wilayah}${ddmmyy}${String(seq).padStart(4, "0")}`;
}

export interface PopulationOptions {
  rng: Rng;
  newId: () => string;
  /** Reference time: ages are measured back from it. */
  now: number;
  /** Kecamatan code, e.g. 18.04.10: the first 6 digits of every NIK and No. KK. */
  kecCode: string;
  desa: DesaPlace[];
  persons: number;
  /** The region's name parts (default: Lampung Saibatin, names.ts). */
  names?: NameParts;
  /** The region's address hints (default: LAMPUNG_LANDMARKS). */
  landmarks?: readonly string[];
}

export function buildPopulation(o: PopulationOptions): { households: HouseholdRow[]; persons: PersonRow[] } {
  const { rng, now } = o;
  const wilayah = o.kecCode.replaceAll(".", "");

  // Sizes first, so the total is exactly the requested count.
  const sizes: number[] = [];
  let total = 0;
  while (total < o.persons) {
    const s = rng.weighted(HOUSEHOLD_SIZE_WEIGHTS);
    sizes.push(s);
    total += s;
  }
  for (let i = sizes.length - 1; total > o.persons; i = (i - 1 + sizes.length) % sizes.length) {
    if (sizes[i]! > 2) {
      sizes[i]!--;
      total--;
    } else if (sizes.every((s) => s <= 2)) {
      sizes[i] = 1; // only when the count is tiny; a lone person still needs a household
      total--;
    }
  }

  const placed = sizes.map((size) => {
    const desaIndex = rng.weighted(o.desa.map((d, i) => [i, d.weight] as const));
    const desa = o.desa[desaIndex]!;
    const dusunIndex = rng.int(0, desa.dusun.length - 1);
    const dusun = desa.dusun[dusunIndex]!;
    const rt = rng.int(1, dusun.rtCount);
    return { size, desa, dusun, rt: String(rt).padStart(3, "0"), order: (desaIndex * 100 + dusunIndex) * 1000 + rt };
  });
  // Grouped by place so ids and sync seqs run pekon by pekon, as a kader would register them.
  placed.sort((a, b) => a.order - b.order);

  const households: HouseholdRow[] = [];
  const persons: PersonRow[] = [];
  const nikSeq = new Map<string, number>();
  const kkSeq = new Map<string, number>();
  const jknTaken = new Set<string>();
  const womenOfChildbearingAge: { person: PersonRow; age: number }[] = [];

  const compositions = placed.map((p) =>
    p.size === 1 ? [{ sex: rng.chance(0.5) ? "L" : "P", age: rng.int(60, 85), relation: "kepala" } as Member] : composeHousehold(rng, p.size),
  );
  calibrateAges(rng, compositions, o.persons);

  placed.forEach((p, h) => {
    const members = compositions[h]!;
    const id = o.newId();
    const hasJkn = rng.chance(JKN_HOUSEHOLD_SHARE);

    // No. KK: kecamatan code, issue date (DDMMYY), 4-digit sequence per issue date.
    const kkDate = isoDate(now - rng.int(30, 15 * 365) * DAY_MS);
    const [ky, km, kd] = kkDate.split("-");
    const kkKey = `${kd}${km}${ky!.slice(2)}`;
    const kkNo = (kkSeq.get(kkKey) ?? 0) + 1;
    kkSeq.set(kkKey, kkNo);

    const rows = members.map((m): PersonRow => {
      const ageDays = Math.floor((m.age + rng.next()) * YEAR_DAYS);
      let birthDate = isoDate(now - ageDays * DAY_MS);
      const yearOnlyShare = YEAR_ONLY_SHARE.find(([minAge]) => m.age >= minAge)?.[1] ?? 0;
      const yearOnly = rng.chance(yearOnlyShare);
      if (yearOnly) birthDate = `${birthDate.slice(0, 4)}-07-01`;
      const birthYear = Number(birthDate.slice(0, 4));
      const adult = m.age >= 17;
      const phoneShare = !adult ? 0 : m.age >= 60 ? 0.15 : m.relation === "kepala" ? 0.65 : 0.4;
      return {
        id: o.newId(),
        householdId: id,
        name: personName(rng, m.sex, birthYear, m.age, o.names),
        sex: m.sex,
        birthDate,
        birthDatePrecision: yearOnly ? "year" : "day",
        nik: rng.chance(m.age === 0 ? NIK_SHARE_INFANT : NIK_SHARE) ? nikFor(wilayah, birthDate, m.sex, nikSeq) : null,
        relation: m.relation,
        // 0810 is not allocated to any Indonesian mobile operator, so no real phone is dialled.
        phone: rng.chance(phoneShare) ? `0810${rng.digits(8)}` : null,
        jkn: hasJkn && rng.chance(JKN_MEMBER_SHARE) ? uniqueJkn(rng, jknTaken) : null,
        pregnant: false,
      };
    });
    rows.forEach((r, i) => {
      const m = members[i]!;
      const married = m.relation === "istri" || (m.relation === "menantu" && m.sex === "P") || (m.relation === "anak" && m.sex === "P" && members.some((x) => x.relation === "menantu"));
      // A mother of a baby under one is rarely pregnant again; leave her out.
      const hasInfant = members.some((x) => GENERATION[x.relation] === GENERATION[m.relation] + 1 && x.age === 0);
      if (m.sex === "P" && m.age >= 15 && m.age <= 49 && married && !hasInfant) womenOfChildbearingAge.push({ person: r, age: m.age });
    });

    households.push({
      id,
      desaCode: p.desa.code,
      dusunId: p.dusun.id,
      rt: p.rt,
      address: rng.chance(0.3) ? rng.pick(o.landmarks ?? LAMPUNG_LANDMARKS) : null,
      noKk: `${wilayah}${kkKey}${String(kkNo).padStart(4, "0")}`,
      pisPk: rng.chance(PIS_PK_SURVEYED_SHARE) ? pisPk(rng, members, rows) : null,
    });
    persons.push(...rows);
  });

  markPregnancies(rng, womenOfChildbearingAge, Math.round(PREGNANT_SHARE * o.persons));
  return { households, persons };
}

/** Free-text address hints as a kader writes them in Lampung Barat; dusun and RT are separate fields. */
export const LAMPUNG_LANDMARKS: readonly string[] = [
  "Dekat masjid", "Belakang balai pekon", "Depan SD negeri", "Jalan ke kebun kopi", "Samping warung",
  "Ujung gang", "Dekat jembatan", "Seberang lapangan", "Dekat pos ronda",
];

/** JKN card numbers are 13 digits starting 000; drawn at random, so they match no real card holder's record. */
function uniqueJkn(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const n = `000${rng.digits(10)}`;
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
}

/** Age-specific fertility is highest at 20–34 (SDKI); weights for who is currently pregnant. */
function pregnancyWeight(age: number): number {
  if (age < 20) return 0.35;
  if (age < 25) return 1;
  if (age < 30) return 1.15;
  if (age < 35) return 0.9;
  if (age < 40) return 0.5;
  if (age < 45) return 0.15;
  return 0.03;
}

function markPregnancies(rng: Rng, candidates: { person: PersonRow; age: number }[], target: number): void {
  const pool = candidates.map((c) => ({ ...c, w: pregnancyWeight(c.age) }));
  for (let n = 0; n < target && pool.length > 0; n++) {
    const chosen = rng.weighted(pool.map((c, i) => [i, c.w] as const));
    pool[chosen]!.person.pregnant = true;
    pool.splice(chosen, 1);
  }
}

/** The 12 PIS-PK indicators of a surveyed family; null where it does not apply (Permenkes 39/2016). */
function pisPk(rng: Rng, members: Member[], rows: PersonRow[]): NonNullable<EntityPayload<"household">["pisPk"]> {
  const ages = members.map((m) => m.age);
  const hasCoupleOfChildbearingAge = members.some((m) => m.relation === "istri" && m.age <= 49);
  const hasInfant = ages.some((a) => a === 0);
  const hasToddler = ages.some((a) => a === 1);
  const hasBalita = ages.some((a) => a <= 4);
  return {
    kb: hasCoupleOfChildbearingAge ? rng.chance(0.62) : null,
    persalinan_faskes: hasInfant ? rng.chance(0.85) : null,
    imunisasi_dasar: hasToddler ? rng.chance(0.78) : null,
    asi_eksklusif: hasInfant || hasToddler ? rng.chance(0.6) : null,
    pemantauan_balita: hasBalita ? rng.chance(0.75) : null,
    tb_berobat: rng.chance(0.01) ? rng.chance(0.7) : null,
    hipertensi_berobat: ages.some((a) => a >= 40) && rng.chance(0.35) ? rng.chance(0.4) : null,
    gangguan_jiwa_berobat: rng.chance(0.01) ? rng.chance(0.5) : null,
    tidak_merokok: rng.chance(0.45),
    jkn: rows.every((r) => r.jkn !== null),
    air_bersih: rng.chance(0.85),
    jamban_sehat: rng.chance(0.75),
  };
}
