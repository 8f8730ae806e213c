import type { AnswerValue, Text } from "../forms/types.ts";
import { LILA_GIZI_BURUK_BELOW_CM, LILA_GIZI_KURANG_BELOW_CM, SEVERELY_WASTED_BELOW_Z, WASTED_BELOW_Z } from "../growth/flags.ts";
import { assessGrowth, type AssessTables } from "../growth/zscore.ts";
import type { DerivedError, DerivedFlag, DerivedValue, PersonLike } from "./derive.ts";

/**
 * MTBS rules that need more than the form engine (definition-free, so the PWA's rules chunk does
 * not carry the MTBS form): the nutrition classification, which reads the WHO weight-for-length/
 * height z-score (the balita hook's machinery, domain/growth) and the other classifications as
 * complications, and the follow-up days of the yellow classifications (tasks-mtbs.ts).
 * Edition and sources: domain/forms/mtbs-v1.ts (MTBS_EDITION).
 */

/**
 * Kunjungan ulang (follow-up visit), days after the visit, per yellow classification (local flag
 * id). WHO IMCI Chart Booklet 2014, "Give follow-up care", unless said; every row is to check
 * against the Indonesian Buku Bagan MTBS (it is known to use 2 days for pneumonia, where WHO 2014
 * says 3).
 */
export const MTBS_FOLLOW_UP_DAYS: Readonly<Record<string, number>> = {
  pneumonia: 2, // MTBS (Indonesia): "kunjungan ulang 2 hari" — to check; WHO 2014: 3 days
  diare_dehidrasi_ringan_sedang: 3, // "bila tidak ada perbaikan" — to check; WHO 2014: 5 days
  diare_persisten: 5, // WHO 2014: 5 days
  disentri: 3, // WHO 2014: 3 days
  malaria: 3, // "bila tetap demam"; WHO 2014: 3 days
  campak_komplikasi_mata_mulut: 3, // WHO 2014: 3 days
  mungkin_dbd: 1, // MTBS (Indonesia) DBD rows, not in WHO 2014: to check
  gizi_buruk_tanpa_komplikasi: 7, // WHO 2014: 7 days
  gizi_kurang: 30, // WHO 2014: 30 days
  anemia: 14, // WHO 2014: 14 days
};

/**
 * Nutrition rows, top first (WHO IMCI Chart Booklet 2014, "Malnutrition and anaemia" "Check for acute malnutrition";
 * the Indonesian names as in the MTBS booklet: to check):
 *  - GIZI BURUK DENGAN KOMPLIKASI (merah): BB/PB(TB) < −3 SD, or LiLA < 11.5 cm, or oedema of
 *    both feet, AND a complication: a general danger sign, another red classification, or a failed
 *    appetite test (≥ 6 months).
 *  - GIZI BURUK TANPA KOMPLIKASI (kuning): the same signs without a complication.
 *  - GIZI KURANG (kuning): BB/PB(TB) −3 to < −2 SD, or LiLA 11.5 to < 12.5 cm.
 *  - GIZI BAIK (hijau): neither, with at least BB/PB(TB) or LiLA known.
 * Cut-offs: SEVERELY_WASTED_BELOW_Z, WASTED_BELOW_Z, LILA_GIZI_BURUK_BELOW_CM, LILA_GIZI_KURANG_BELOW_CM
 * (domain/growth/flags.ts, with their sources): the same as the balita form uses.
 */
export const MTBS_GIZI_CUTOFFS = { SEVERELY_WASTED_BELOW_Z, WASTED_BELOW_Z, LILA_GIZI_BURUK_BELOW_CM, LILA_GIZI_KURANG_BELOW_CM } as const;

const GIZI: Record<"gizi_buruk_komplikasi" | "gizi_buruk_tanpa_komplikasi" | "gizi_kurang" | "gizi_baik", { colour: "merah" | "kuning" | "hijau"; label: Text; action: Text }> = {
  gizi_buruk_komplikasi: {
    colour: "merah",
    label: { id: "GIZI BURUK DENGAN KOMPLIKASI", en: "COMPLICATED SEVERE ACUTE MALNUTRITION" },
    action: { id: "Beri dosis pertama antibiotik; cegah gula darah turun; hangatkan badan; rujuk SEGERA.", en: "Give the first antibiotic dose; prevent low blood sugar; keep the child warm; refer URGENTLY." },
  },
  gizi_buruk_tanpa_komplikasi: {
    colour: "kuning",
    label: { id: "GIZI BURUK TANPA KOMPLIKASI", en: "UNCOMPLICATED SEVERE ACUTE MALNUTRITION" },
    action: { id: "Rawat jalan gizi buruk (RUTF/F100, antibiotik oral); konseling pemberian makan; kunjungan ulang 7 hari.", en: "Outpatient care for severe malnutrition (RUTF, oral antibiotic); feeding counselling; follow up in 7 days." },
  },
  gizi_kurang: {
    colour: "kuning",
    label: { id: "GIZI KURANG", en: "MODERATE ACUTE MALNUTRITION" },
    action: { id: "Nilai dan konseling pemberian makan (PMBA); PMT; kunjungan ulang 30 hari.", en: "Assess feeding and counsel (infant and young child feeding); supplementary food; follow up in 30 days." },
  },
  gizi_baik: {
    colour: "hijau",
    label: { id: "GIZI BAIK", en: "NO ACUTE MALNUTRITION" },
    action: { id: "Puji ibu; nasihati pemberian makan sesuai umur.", en: "Praise the mother; advise on feeding for the child's age." },
  },
};

const num = (v: AnswerValue | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The nutrition classification of an MTBS record, appended to `flags` (which already hold the
 * form's classifications: a red one is a complication). The z-score needs the WHO tables and the
 * person's sex and birth date; without them LiLA and oedema still classify, and the missing
 * z-score is reported as an error.
 */
export function mtbsNutrition(
  answers: Readonly<Record<string, AnswerValue>>, visitDate: string, person: PersonLike, tables: AssessTables | undefined,
  flags: DerivedFlag[], values: Record<string, DerivedValue>, errors: DerivedError[],
): void {
  const weightKg = num(answers.bb);
  const lengthCm = num(answers.panjang_tinggi);
  const muacCm = num(answers.lila);
  let z: number | null = null;
  let wasted: "buruk" | "kurang" | null = null;
  let lila: "buruk" | "kurang" | null = null;
  let zKnown = false;
  let lilaKnown = false;
  if (tables) {
    const sex = person.sex === "L" || person.sex === "P" ? person.sex : null;
    const a = assessGrowth({
      sex, birthDate: typeof person.birthDate === "string" ? person.birthDate : "", visitDate, weightKg, lengthCm,
      measured: answers.posisi_ukur === "berbaring" ? "lying" : answers.posisi_ukur === "berdiri" ? "standing" : null, muacCm,
    }, tables);
    const r = a.results.wflh;
    if (r && r.ok) {
      z = r.z;
      zKnown = true;
    }
    const codes = new Set(a.flags.map((f) => f.code));
    if (codes.has("severely_wasted")) wasted = "buruk";
    else if (codes.has("wasted")) wasted = "kurang";
    if (a.lila) {
      lilaKnown = true;
      lila = a.lila.category === "gizi_buruk" ? "buruk" : a.lila.category === "gizi_kurang" ? "kurang" : null;
    }
  } else {
    errors.push({ code: "GROWTH_TABLES_MISSING", message: { id: "Tabel WHO belum dimuat: BB/PB belum dihitung", en: "WHO tables not loaded: weight-for-length not computed" } });
    // LiLA alone still classifies (the same cut-offs as domain/growth, 6–59 months: the form asks it only then).
    if (muacCm !== null) {
      lilaKnown = true;
      lila = muacCm < LILA_GIZI_BURUK_BELOW_CM ? "buruk" : muacCm < LILA_GIZI_KURANG_BELOW_CM ? "kurang" : null;
    }
  }
  values.bb_pb_z = z === null ? null : Math.round(z * 100) / 100;
  const edema = answers.edema === true;
  const buruk = wasted === "buruk" || lila === "buruk" || edema;
  const kurang = !buruk && (wasted === "kurang" || lila === "kurang");
  let row: keyof typeof GIZI | null;
  if (buruk) {
    const complication = flags.some((f) => f.colour === "merah") || answers.uji_nafsu_makan === "tidak_lulus";
    row = complication ? "gizi_buruk_komplikasi" : "gizi_buruk_tanpa_komplikasi";
  } else if (kurang) row = "gizi_kurang";
  else row = zKnown || lilaKnown ? "gizi_baik" : null;
  values.klasifikasi_gizi = row;
  if (!row) return;
  const g = GIZI[row];
  const flag: DerivedFlag = { id: `mtbs.${row}`, severity: g.colour === "merah" ? "refer" : g.colour === "kuning" ? "risk" : "info", colour: g.colour, label: g.label, action: g.action };
  if (g.colour === "merah") flag.destination = "rumah_sakit";
  flags.push(flag);
}
