import { isFemale, knownAgeYears, opt, t } from "./common.ts";
import { IMUNISASI_V1 } from "./imunisasi-v1.ts";
import type { AnswerValue, Check, Condition, Field, Flag, FormDefinition, Text } from "./types.ts";

/**
 * BIAS (Bulan Imunisasi Anak Sekolah): the school immunisations of SD/MI, given by grade (kelas),
 * not by age. A schoolchild is found by the class register, so the form asks the grade and offers
 * only that grade's antigens, and HPV only for girls.
 *
 * Schedule (Kemenkes, Direktorat Imunisasi, "Kebijakan Pelaksanaan Imunisasi Lanjutan pada Anak
 * Usia Sekolah pada Kegiatan BIAS", koordinasi BIAS 17 July 2025, and the BIAS 2025 schedule
 * announced by the Ketua Tim Kerja Imunisasi Bayi dan Anak on 25 July 2025; routine imunisasi
 * lanjutan anak usia sekolah dasar in Permenkes 12/2017 Penyelenggaraan Imunisasi, lampiran):
 *
 * | kelas | August (BIAS campak) | November (BIAS DT/Td) |
 * |---|---|---|
 * | 1 | MR | DT |
 * | 2 | – | Td |
 * | 5 | HPV dose 1 (girls) | Td |
 * | 6 | HPV dose 2 (girls) | – |
 *
 * HPV: national programme since 2023 for girls in kelas 5 (dose 1) and kelas 6 (dose 2); a girl
 * of kelas 6 who had no dose 1 gets it then (kejar). Not confirmed here: the 2023 introduction
 * letter's number (the 2025 sources above state the grades and the two doses).
 *
 * Kelas 3 and 4 have no BIAS antigen and are not offered. Repeated fields (date given, batch,
 * KIPI, notes) and the serious-KIPI flag are imunisasi v1's, imported.
 */

/** The BIAS grades (SD/MI kelas). */
export const BIAS_GRADES = ["1", "2", "5", "6"] as const;
export type BiasGrade = (typeof BIAS_GRADES)[number];

/**
 * Who the form fits: from 5 completed years (SD entry is at 7, or from 6 on 1 July, exceptionally
 * from 5 years 6 months: Permendikbud 1/2021 Penerimaan Peserta Didik Baru, syarat usia kelas 1 SD) to 15 completed years (children who
 * start late or repeat a grade; HPV's two-dose schedule is for girls who start before 15, WHO HPV
 * position paper, WER 97(50), December 2022).
 */
export const BIAS_MIN_AGE_YEARS = 5;
export const BIAS_MAX_AGE_YEARS = 16;
/** HPV from 9 years (WHO HPV position paper 2022: primary target girls 9–14 years). */
export const HPV_MIN_AGE_YEARS = 9;

/** One BIAS antigen: the field that records it and what it is (for FHIR, the PWS and the tasks). */
export interface BiasAntigen {
  /** Antigen id in derived lists, FHIR and the PWS: `<vaccine>_kelas<n>` or hpv1/hpv2. */
  id: string;
  label: Text;
  series: "mr" | "dt" | "td" | "hpv";
  /** Dose number within the school series (Td: kelas 2 = 1, kelas 5 = 2; HPV 1, 2). */
  dose: number;
  grades: readonly BiasGrade[];
  girlsOnly: boolean;
}

export const BIAS_ANTIGENS: readonly BiasAntigen[] = [
  { id: "mr_kelas1", label: t("Campak-Rubela (MR) kelas 1", "Measles-rubella (MR), grade 1"), series: "mr", dose: 1, grades: ["1"], girlsOnly: false },
  { id: "dt_kelas1", label: t("DT (difteri-tetanus) kelas 1", "DT (diphtheria-tetanus), grade 1"), series: "dt", dose: 1, grades: ["1"], girlsOnly: false },
  { id: "td_kelas2", label: t("Td (tetanus-difteri) kelas 2", "Td (tetanus-diphtheria), grade 2"), series: "td", dose: 1, grades: ["2"], girlsOnly: false },
  { id: "td_kelas5", label: t("Td (tetanus-difteri) kelas 5", "Td (tetanus-diphtheria), grade 5"), series: "td", dose: 2, grades: ["5"], girlsOnly: false },
  { id: "hpv1", label: t("HPV dosis 1", "HPV dose 1"), series: "hpv", dose: 1, grades: ["5", "6"], girlsOnly: true },
  { id: "hpv2", label: t("HPV dosis 2", "HPV dose 2"), series: "hpv", dose: 2, grades: ["6"], girlsOnly: true },
];

/** The antigens a grade is offered, for a girl (sex "P") or a boy ("L"). */
export function biasAntigensFor(grade: string, sex: "L" | "P"): string[] {
  return BIAS_ANTIGENS.filter((a) => (a.grades as readonly string[]).includes(grade) && (!a.girlsOnly || sex === "P")).map((a) => a.id);
}

/** The antigens a BIAS record says were given (answers as stored: hidden fields already dropped). */
export function biasAntigensGiven(answers: Readonly<Record<string, AnswerValue | undefined>>): string[] {
  const out: string[] = [];
  const kelas = answers.kelas;
  if (kelas === "1" && answers.mr === true) out.push("mr_kelas1");
  if (kelas === "1" && answers.dt === true) out.push("dt_kelas1");
  if (kelas === "2" && answers.td === true) out.push("td_kelas2");
  if (kelas === "5" && answers.td === true) out.push("td_kelas5");
  if ((kelas === "5" || kelas === "6") && (answers.hpv === "hpv1" || answers.hpv === "hpv2")) out.push(answers.hpv);
  return out;
}

const v1 = (id: string): Field => IMUNISASI_V1.sections[0]!.fields.find((f) => f.id === id)!;
const kelasIs = (...grades: BiasGrade[]): Condition => ({ field: "kelas", op: "in", value: [...grades] });
const HPV_GIVEN: Condition = { field: "hpv", op: "in", value: ["hpv1", "hpv2"] };

const checks: Check[] = [
  {
    field: "kelas",
    // Nothing given: a BIAS record is of vaccines given (a boy of kelas 6 has none).
    when: {
      all: [
        { field: "kelas", op: "answered" },
        { not: { field: "mr", op: "eq", value: true } }, { not: { field: "dt", op: "eq", value: true } },
        { not: { field: "td", op: "eq", value: true } }, { not: HPV_GIVEN },
      ],
    },
    message: t("Belum ada imunisasi yang diberikan: catat BIAS hanya bila ada yang diberikan", "No vaccine marked as given: record BIAS only when one is given"),
  },
  {
    field: "hpv",
    when: { all: [HPV_GIVEN, knownAgeYears("lt", HPV_MIN_AGE_YEARS)] },
    message: t("HPV diberikan mulai umur 9 tahun", "HPV is given from 9 years of age"),
  },
  {
    field: "hpv",
    when: { all: [{ field: "hpv", op: "eq", value: "hpv2" }, { field: "kelas", op: "eq", value: "5" }] },
    message: t("HPV dosis 2 diberikan di kelas 6", "HPV dose 2 is given in grade 6"),
  },
];

const kipiFlag: Flag = IMUNISASI_V1.flags!.find((f) => f.id === "kipi_berat")!;

export const IMUNISASI_SEKOLAH_V1: FormDefinition = {
  id: "imunisasi-sekolah",
  version: 1,
  title: t("Imunisasi anak sekolah (BIAS)", "School immunisation (BIAS)"),
  cluster: 2,
  appliesTo: { minAgeYears: BIAS_MIN_AGE_YEARS, maxAgeYears: BIAS_MAX_AGE_YEARS },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "sekolah",
      title: t("Sekolah", "School"),
      fields: [
        {
          id: "kelas", type: "single", required: true, label: t("Kelas (SD/MI)", "Grade (primary school)"),
          hint: t("BIAS diberikan di kelas 1, 2, 5 dan 6", "BIAS is given in grades 1, 2, 5 and 6"),
          options: [
            opt("1", "Kelas 1", "Grade 1"), opt("2", "Kelas 2", "Grade 2"),
            opt("5", "Kelas 5", "Grade 5"), opt("6", "Kelas 6", "Grade 6"),
          ],
        },
        { id: "nama_sekolah", type: "text", maxLength: 120, label: t("Nama sekolah (bila ada)", "School name (optional)") },
      ],
    },
    {
      id: "imunisasi",
      title: t("Imunisasi yang diberikan", "Vaccines given"),
      fields: [
        { id: "mr", type: "yesno", required: true, showIf: kelasIs("1"), label: t("Campak-Rubela (MR) diberikan", "Measles-rubella (MR) given"), hint: t("BIAS Agustus", "BIAS in August") },
        { id: "dt", type: "yesno", required: true, showIf: kelasIs("1"), label: t("DT (difteri-tetanus) diberikan", "DT (diphtheria-tetanus) given"), hint: t("BIAS November", "BIAS in November") },
        { id: "td", type: "yesno", required: true, showIf: kelasIs("2", "5"), label: t("Td (tetanus-difteri) diberikan", "Td (tetanus-diphtheria) given"), hint: t("BIAS November", "BIAS in November") },
        {
          id: "hpv", type: "single", required: true, showIf: { all: [kelasIs("5", "6"), isFemale] },
          label: t("HPV (anak perempuan)", "HPV (girls)"),
          hint: t("Dosis 1 di kelas 5, dosis 2 di kelas 6 (BIAS Agustus); kelas 6 yang belum pernah: dosis 1", "Dose 1 in grade 5, dose 2 in grade 6 (BIAS in August); grade 6 never vaccinated: dose 1"),
          options: [opt("hpv1", "HPV dosis 1", "HPV dose 1"), opt("hpv2", "HPV dosis 2", "HPV dose 2"), opt("tidak", "Tidak diberikan", "Not given")],
        },
        v1("tanggal_pemberian"),
        v1("no_batch"),
        v1("kipi"),
        v1("catatan"),
      ],
    },
  ],
  checks,
  flags: [kipiFlag],
};
