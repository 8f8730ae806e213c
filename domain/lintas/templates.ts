import type { OFFICE_KINDS } from "../entities/schemas.ts";

/**
 * Commitment templates from the ILP seed reports (Puskesmas Batubrak and Gedung Surian,
 * Kabupaten Lampung Barat): what the sectors promised at the minilokakarya lintas sektor.
 * A template names office kinds; the app maps each to the kecamatan's office of that kind.
 */
export interface ItemTemplate {
  officeKind: (typeof OFFICE_KINDS)[number];
  action: { id: string; en: string };
  indicator: { id: string; en: string };
  targetKind: "number" | "yesno";
  targetValue: number | null;
  targetUnit: string | null;
  /** Months after the meeting the item is due. */
  dueInMonths: number;
}

export interface CommitmentTemplate {
  id: string;
  title: { id: string; en: string };
  items: ItemTemplate[];
}

const t = (id: string, en: string) => ({ id, en });

export const COMMITMENT_TEMPLATES: readonly CommitmentTemplate[] = [
  {
    id: "komitmen-ilp",
    title: t("Komitmen Bersama Lintas Sektor Integrasi Layanan Primer", "Cross-sector joint commitment on integrated primary care"),
    items: [
      {
        officeKind: "pemdes",
        action: t("Mengalokasikan dana desa untuk insentif kader dan PMT lokal", "Allocate village funds for kader incentives and local supplementary food"),
        indicator: t("Dana desa untuk insentif kader dianggarkan", "Village budget for kader incentives approved"),
        targetKind: "yesno", targetValue: null, targetUnit: null, dueInMonths: 3,
      },
      {
        officeKind: "pemdes",
        action: t("Aparat pekon menggerakkan sasaran ke posyandu harian di pustu", "Village officials bring target groups to the daily posyandu at the pustu"),
        indicator: t("Balita ditimbang (D/S)", "Under-fives weighed (D/S)"),
        targetKind: "number", targetValue: 85, targetUnit: "%", dueInMonths: 6,
      },
      {
        officeKind: "kua",
        action: t("Skrining anemia dan KEK bagi calon pengantin sebelum akad nikah", "Screen brides-to-be for anaemia and chronic energy deficiency before marriage"),
        indicator: t("Catin yang diskrining", "Brides-to-be screened"),
        targetKind: "number", targetValue: 100, targetUnit: "%", dueInMonths: 6,
      },
      {
        officeKind: "pendidikan",
        action: t("Aksi bergizi: minum TTD bersama tiap minggu bagi remaja putri di sekolah", "Weekly iron-folic acid tablets for adolescent girls at school"),
        indicator: t("Sekolah yang menjalankan TTD mingguan", "Schools running weekly iron tablets"),
        targetKind: "number", targetValue: 100, targetUnit: "%", dueInMonths: 6,
      },
      {
        officeKind: "pkk",
        action: t("Pendampingan ketahanan pangan keluarga dengan balita stunting", "Food-security support for families with a stunted child"),
        indicator: t("Keluarga balita stunting yang didampingi", "Families with a stunted child supported"),
        targetKind: "number", targetValue: 100, targetUnit: "%", dueInMonths: 6,
      },
      {
        officeKind: "plkb",
        action: t("Konseling KB pasca persalinan bersama bidan desa", "Post-partum family planning counselling with the village midwife"),
        indicator: t("Ibu nifas yang mendapat konseling KB", "Post-partum mothers counselled on family planning"),
        targetKind: "number", targetValue: 80, targetUnit: "%", dueInMonths: 6,
      },
    ],
  },
  {
    id: "stunting-pangan",
    title: t("Komitmen Percepatan Penurunan Stunting dan Ketahanan Pangan", "Commitment to accelerate stunting reduction and food security"),
    items: [
      {
        officeKind: "pertanian",
        action: t("Bantuan bibit dan pekarangan pangan lestari untuk keluarga balita stunting", "Seeds and home gardens for families with a stunted child"),
        indicator: t("Keluarga yang menerima bantuan pangan", "Families receiving food support"),
        targetKind: "number", targetValue: 30, targetUnit: "keluarga", dueInMonths: 4,
      },
      {
        officeKind: "pemdes",
        action: t("Pembangunan jamban sehat (STBM) bagi keluarga yang belum punya", "Build healthy latrines (STBM) for families without one"),
        indicator: t("Jamban sehat dibangun", "Healthy latrines built"),
        targetKind: "number", targetValue: 20, targetUnit: "unit", dueInMonths: 6,
      },
      {
        officeKind: "pkk",
        action: t("Kelas ibu balita dan demo masak MP-ASI lokal tiap bulan", "Monthly mothers' class and local complementary-food cooking demonstration"),
        indicator: t("Kelas dilaksanakan", "Classes held"),
        targetKind: "number", targetValue: 6, targetUnit: "kali", dueInMonths: 6,
      },
    ],
  },
];

/** ISO date `months` after `date` (end-of-month clamped), for template due dates. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
