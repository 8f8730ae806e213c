import { ageMonthsBelow, ageYearsAtLeast, ageYearsBelow, isFemale, opt, refer, risk, t } from "./common.ts";
import type { Check, Condition, Field, FormDefinition } from "./types.ts";

/**
 * Skrining kesehatan gigi dan mulut for every age group ILP screens (Klaster 2: balita, anak
 * sekolah, remaja, ibu hamil; Klaster 3: dewasa, lansia). Sources:
 * - Permenkes 89/2015 tentang Upaya Kesehatan Gigi dan Mulut (dental care by life stage, incl.
 *   pemeriksaan gigi ibu hamil and UKGS for school children; pages not confirmed here).
 * - WHO Oral Health Surveys: Basic Methods, 5th ed. 2013 (def-t for primary teeth, DMF-T for
 *   permanent teeth: decayed, missing because of caries, filled).
 * - WHO, Ending childhood dental caries: WHO implementation manual, 2019 (brushing twice a day
 *   with fluoride toothpaste; page not confirmed).
 * The ILP juknis text for the dental screening itself (what a pustu records per age) was not
 * found in our search: the age groups and items below follow the brief of issue 15 and the
 * sources above. Context: the engine knows sex and age, not pregnancy, so a woman 15–49 is asked.
 */

/** Teeth start to erupt at about 6 months (Buku KIA; WHO): the form fits from 6 months. */
export const GIGI_MIN_AGE_MONTHS = 6;
/** Balita: under 60 months. */
export const GIGI_BALITA_UNDER_MONTHS = 60;
/** def-t (primary teeth) up to 11 years: the last primary molars shed at about 12 (WHO 2013 counts both in mixed dentition). */
export const DEF_T_UNDER_YEARS = 12;
/** DMF-T (permanent teeth) from 6 years: first permanent molars erupt at about 6. */
export const DMF_T_FROM_YEARS = 6;
/** 20 primary teeth; 32 permanent teeth (WHO 2013 counts all 32 in DMF-T). */
export const PRIMARY_TEETH = 20;
export const PERMANENT_TEETH = 32;
/** Gusi berdarah and karang gigi asked from school age (5 years; ILP anak usia sekolah). */
export const GUSI_FROM_YEARS = 5;
/** Karang gigi (calculus) from school age too (issue 15 brief: anak sekolah and remaja). */
export const KARANG_FROM_YEARS = 5;
/** Oral lesion check from 15 years (Kemenkes PTM screening age; oral cancer risk is adult). */
export const LESI_FROM_YEARS = 15;
/**
 * A mouth ulcer, white or red patch or lump not healed in 2 weeks: refer to exclude oral cancer
 * (Kemenkes deteksi dini kanker rongga mulut, as given in the issue 15 brief; not confirmed in a
 * Kemenkes text here. NICE NG12 (2015) uses > 3 weeks for a suspected-cancer referral).
 */
export const LESI_WEEKS = 2;
/** Women of reproductive age 15–49 are asked whether pregnant (Kemenkes/BKKBN WUS definition). */
export const WUS_MIN_YEARS = 15;
export const WUS_MAX_YEARS_EXCLUSIVE = 50;
/**
 * Fewer than 20 natural teeth = no functional dentition (WHO 1992 oral health goal, "20 teeth"):
 * with 32 permanent teeth, more than 12 missing. Only a finding (risk) with counselling.
 */
export const FUNCTIONAL_TEETH = 20;
export const MISSING_FOR_NONFUNCTIONAL = PERMANENT_TEETH - FUNCTIONAL_TEETH; // > 12

const yes = (id: string): Condition => ({ field: id, op: "eq", value: true });
const balita = ageMonthsBelow(GIGI_BALITA_UNDER_MONTHS);
const defAge = ageYearsBelow(DEF_T_UNDER_YEARS);
const dmfAge = ageYearsAtLeast(DMF_T_FROM_YEARS);
const wus: Condition = { all: [isFemale, ageYearsAtLeast(WUS_MIN_YEARS), ageYearsBelow(WUS_MAX_YEARS_EXCLUSIVE)] };
const hamil = yes("sedang_hamil");

const count = (id: string, labelId: string, labelEn: string, max: number, showIf: Condition, hint?: [string, string]): Field => ({
  id, type: "number", unit: "gigi", min: 0, max, decimals: 0, required: true, showIf, label: t(labelId, labelEn),
  ...(hint ? { hint: t(hint[0], hint[1]) } : {}),
});

const fields: Field[] = [
  {
    id: "sedang_hamil", type: "yesno", required: true, showIf: wus,
    label: t("Apakah sedang hamil?", "Is she pregnant?"),
    hint: t("Ibu hamil dianjurkan periksa gigi minimal sekali selama kehamilan", "A pregnant woman should have a dental check at least once in pregnancy"),
  },
  { id: "sakit_gigi", type: "yesno", required: true, label: t("Ada keluhan sakit gigi atau gigi goyang?", "Toothache or loose teeth?") },
  { id: "abses", type: "yesno", required: true, label: t("Ada gusi bengkak bernanah atau pipi bengkak karena gigi?", "Swollen gum with pus, or swollen cheek from a tooth?") },
  // Balita: early childhood caries starts as white chalky spots on the upper front teeth.
  { id: "bercak_putih", type: "yesno", required: true, showIf: balita, label: t("Ada bercak putih seperti kapur pada gigi (lihat gigi depan atas)?", "White chalky spots on the teeth (look at the upper front teeth)?") },
  { id: "gigi_berlubang", type: "yesno", required: true, label: t("Ada gigi berlubang, hitam, atau patah karena karies?", "Any tooth with a cavity, blackened or broken by decay?") },
  { id: "susu_botol_tidur", type: "yesno", required: true, showIf: balita, label: t("Anak tidur sambil minum susu/minuman manis dari botol?", "Does the child fall asleep drinking milk or a sweet drink from a bottle?") },
  // def-t: primary teeth decayed, extracted/indicated for extraction, filled.
  count("def_d", "d: gigi susu berlubang (belum ditambal)", "d: decayed primary teeth (not filled)", PRIMARY_TEETH, defAge, ["Isi 0 bila tidak ada", "0 if none"]),
  count("def_e", "e: gigi susu dicabut/harus dicabut karena karies", "e: primary teeth extracted or to extract for decay", PRIMARY_TEETH, defAge),
  count("def_f", "f: gigi susu ditambal", "f: filled primary teeth", PRIMARY_TEETH, defAge),
  { id: "def_t", type: "computed", showIf: defAge, expr: { fn: "sum", fields: ["def_d", "def_e", "def_f"] }, label: t("def-t", "def-t"), display: { kind: "number", unit: "gigi" } },
  // DMF-T: permanent teeth decayed, missing, filled.
  count("dmf_d", "D: gigi tetap berlubang (belum ditambal)", "D: decayed permanent teeth (not filled)", PERMANENT_TEETH, dmfAge, ["Isi 0 bila tidak ada", "0 if none"]),
  count("dmf_m", "M: gigi tetap hilang/dicabut", "M: missing permanent teeth", PERMANENT_TEETH, dmfAge),
  count("dmf_f", "F: gigi tetap ditambal", "F: filled permanent teeth", PERMANENT_TEETH, dmfAge),
  { id: "dmf_t", type: "computed", showIf: dmfAge, expr: { fn: "sum", fields: ["dmf_d", "dmf_m", "dmf_f"] }, label: t("DMF-T", "DMF-T"), display: { kind: "number", unit: "gigi" } },
  { id: "gusi_berdarah", type: "yesno", required: true, showIf: ageYearsAtLeast(GUSI_FROM_YEARS), label: t("Gusi berdarah saat sikat gigi, atau gusi merah dan bengkak?", "Gums bleed on brushing, or red and swollen gums?") },
  { id: "karang_gigi", type: "yesno", required: true, showIf: ageYearsAtLeast(KARANG_FROM_YEARS), label: t("Ada karang gigi?", "Calculus (tartar) present?") },
  {
    id: "kebersihan_mulut", type: "single", required: true, label: t("Kebersihan gigi dan mulut (plak, sisa makanan)", "Oral hygiene (plaque, food debris)"),
    options: [opt("baik", "Baik: bersih", "Good: clean"), opt("sedang", "Sedang: sedikit plak", "Fair: some plaque"), opt("buruk", "Buruk: banyak plak/sisa makanan", "Poor: much plaque/debris")],
  },
  {
    id: "gigi_tiruan", type: "single", required: true, showIf: ageYearsAtLeast(LESI_FROM_YEARS), label: t("Gigi tiruan", "Dentures"),
    options: [opt("tidak", "Tidak memakai", "None"), opt("lepasan", "Gigi tiruan lepasan", "Removable"), opt("cekat", "Gigi tiruan cekat", "Fixed")],
  },
  {
    id: "lesi_mulut", type: "yesno", required: true, showIf: ageYearsAtLeast(LESI_FROM_YEARS),
    label: t(`Ada sariawan/luka, bercak putih atau merah, atau benjolan di mulut yang tidak sembuh lebih dari ${LESI_WEEKS} minggu?`, `A mouth ulcer, white or red patch, or lump not healed for more than ${LESI_WEEKS} weeks?`),
  },
  {
    id: "sikat_gigi_2x", type: "yesno", required: true, label: t("Sikat gigi 2 kali sehari (pagi setelah sarapan dan malam sebelum tidur) dengan pasta berfluoride?", "Brushes twice a day (morning after breakfast and night before bed) with fluoride toothpaste?"),
    hint: t("Untuk balita: ditanyakan ke pengasuh", "For a young child: ask the carer"),
  },
];

const checks: Check[] = [
  {
    field: "def_f", when: { field: "def_t", op: "gt", value: PRIMARY_TEETH },
    message: t(`d + e + f tidak boleh lebih dari ${PRIMARY_TEETH} gigi susu`, `d + e + f cannot exceed ${PRIMARY_TEETH} primary teeth`),
  },
  {
    field: "dmf_f", when: { field: "dmf_t", op: "gt", value: PERMANENT_TEETH },
    message: t(`D + M + F tidak boleh lebih dari ${PERMANENT_TEETH} gigi tetap`, `D + M + F cannot exceed ${PERMANENT_TEETH} permanent teeth`),
  },
  {
    field: "gigi_berlubang", when: { all: [{ field: "gigi_berlubang", op: "eq", value: false }, { any: [{ field: "def_d", op: "gt", value: 0 }, { field: "dmf_d", op: "gt", value: 0 }] }] },
    message: t("Jumlah gigi berlubang (d/D) lebih dari 0: jawab Ya", "Decayed count (d/D) above 0: answer Yes"),
  },
];

const poliGigi = "Rujuk ke poli gigi puskesmas";
const SIKAT_GIGI = "Sikat gigi 2 kali sehari (pagi setelah sarapan dan malam sebelum tidur) dengan pasta gigi berfluoride";
const BRUSH = "Brush twice a day (morning after breakfast and night before bed) with fluoride toothpaste";

export const GIGI_V1: FormDefinition = {
  id: "gigi",
  version: 1,
  title: t("Skrining kesehatan gigi dan mulut", "Dental and oral health screening"),
  // Cross-cluster like kunjungan-rumah: klaster 2 (anak, ibu hamil) and klaster 3 (dewasa, lansia) alike.
  cluster: 1,
  appliesTo: { minAgeMonths: GIGI_MIN_AGE_MONTHS },
  needs: ["sex", "birthDate"],
  sections: [{ id: "gigi_mulut", title: t("Pemeriksaan gigi dan mulut", "Teeth and mouth"), fields }, {
    id: "penutup", title: t("Catatan", "Notes"), fields: [{ id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") }],
  }],
  checks,
  flags: [
    refer("lesi_mulut_2_minggu", yes("lesi_mulut"),
      t(`Luka/bercak/benjolan di mulut > ${LESI_WEEKS} minggu: rujuk segera (curiga kanker mulut)`, `Mouth ulcer/patch/lump > ${LESI_WEEKS} weeks: refer soon (possible oral cancer)`),
      t(`${poliGigi} dalam minggu ini untuk pemeriksaan dokter gigi; bila perlu dirujuk lanjut ke rumah sakit. Hentikan rokok, sirih dan alkohol.`,
        "Refer to the puskesmas dental clinic this week for a dentist's examination, onward to hospital if needed. Stop smoking, betel chewing and alcohol.")),
    refer("abses_gigi", yes("abses"),
      t("Gusi/pipi bengkak bernanah: rujuk ke poli gigi", "Swelling with pus: refer to the dental clinic"),
      t(`${poliGigi} segera; bila bengkak meluas, demam atau sulit menelan/bernapas, ke IGD.`,
        "Refer to the puskesmas dental clinic soon; if the swelling spreads, with fever or difficulty swallowing/breathing, go to the emergency room.")),
    refer("karies_perlu_rawat", { any: [yes("gigi_berlubang"), { field: "def_d", op: "gt", value: 0 }, { field: "dmf_d", op: "gt", value: 0 }] },
      t("Gigi berlubang (karies) perlu dirawat: rujuk ke poli gigi", "Decayed teeth need treatment: refer to the dental clinic"),
      t(`${poliGigi} untuk penambalan/perawatan. ${SIKAT_GIGI}; kurangi makanan dan minuman manis di antara waktu makan.`,
        `Refer to the puskesmas dental clinic for filling/treatment. ${BRUSH}; cut down sweet food and drinks between meals.`)),
    refer("gingivitis_hamil", { all: [hamil, yes("gusi_berdarah")] },
      t("Ibu hamil dengan gusi berdarah/bengkak: rujuk ke poli gigi", "Pregnant woman with bleeding/swollen gums: refer to the dental clinic"),
      t(`${poliGigi} untuk pembersihan karang gigi dan perawatan gusi (aman saat hamil, terutama trimester 2). ${SIKAT_GIGI}.`,
        `Refer to the puskesmas dental clinic for scaling and gum care (safe in pregnancy, best in trimester 2). ${BRUSH}.`)),
    risk("bercak_putih", yes("bercak_putih"),
      t("Bercak putih pada gigi balita: tanda awal karies", "White spots on a young child's teeth: early decay"),
      t("Sikat gigi anak 2 kali sehari dengan pasta berfluoride seujung/sebutir beras (< 3 tahun) atau sebesar biji jagung (3–6 tahun); tawarkan olesan fluor di poli gigi; periksa ulang 3 bulan.",
        "Brush the child's teeth twice a day with a smear (< 3 years) or pea-sized amount (3–6 years) of fluoride toothpaste; offer fluoride varnish at the dental clinic; recheck in 3 months.")),
    risk("susu_botol_tidur", yes("susu_botol_tidur"),
      t("Tidur dengan botol susu/minuman manis: risiko karies", "Falls asleep with a bottle of milk/sweet drink: risk of decay"),
      t("Jangan biarkan anak tidur dengan botol; beri air putih bila perlu; bersihkan gigi sebelum tidur.", "Do not let the child sleep with a bottle; give plain water if needed; clean the teeth before sleep.")),
    risk("gusi_berdarah", { all: [yes("gusi_berdarah"), { not: hamil }] },
      t("Gusi berdarah/radang gusi", "Bleeding gums/gingivitis"),
      t(`${SIKAT_GIGI}, sikat juga batas gusi dengan lembut; periksa ke poli gigi bila tidak membaik dalam 2 minggu.`,
        `${BRUSH}, brushing gently along the gum line; see the dental clinic if not better in 2 weeks.`)),
    risk("karang_gigi", yes("karang_gigi"),
      t("Ada karang gigi", "Calculus present"),
      t("Anjurkan pembersihan karang gigi (scaling) di poli gigi puskesmas; sikat gigi 2 kali sehari.", "Advise scaling at the puskesmas dental clinic; brush twice a day.")),
    risk("kebersihan_buruk", { field: "kebersihan_mulut", op: "eq", value: "buruk" },
      t("Kebersihan mulut buruk", "Poor oral hygiene"),
      t(`Ajarkan cara sikat gigi yang benar. ${SIKAT_GIGI}.`, `Teach correct brushing. ${BRUSH}.`)),
    risk("gigi_kurang_20", { all: [{ field: "dmf_m", op: "gt", value: MISSING_FOR_NONFUNCTIONAL }, { field: "gigi_tiruan", op: "eq", value: "tidak" }] },
      t(`Kurang dari ${FUNCTIONAL_TEETH} gigi asli tanpa gigi tiruan`, `Fewer than ${FUNCTIONAL_TEETH} natural teeth and no dentures`),
      t("Sulit mengunyah dapat menurunkan gizi: konsultasikan gigi tiruan ke poli gigi; pilih makanan lunak bergizi.", "Poor chewing can harm nutrition: ask the dental clinic about dentures; choose soft nutritious food.")),
    risk("tidak_sikat_gigi_2x", { field: "sikat_gigi_2x", op: "eq", value: false },
      t("Belum sikat gigi 2 kali sehari dengan pasta berfluoride", "Not brushing twice a day with fluoride toothpaste"),
      t(`${SIKAT_GIGI}.`, `${BRUSH}.`)),
  ],
};
