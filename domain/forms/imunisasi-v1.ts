import { opt, t } from "./common.ts";
import type { FormDefinition, Text } from "./types.ts";

/**
 * Imunisasi rutin bayi dan baduta: the national schedule as named data (so the rules can find
 * the next antigen due and IDL), and the form that records the antigens given at a visit.
 *
 * Schedule: the ILP brief, which follows Permenkes 12/2017 Penyelenggaraan Imunisasi with the
 * later national introductions (PCV 2+1, rotavirus 3 doses, IPV 2nd dose at 9 months; Kemenkes
 * 2022–2023). Due ages are the recommended ages; a dose is "late" after its due date.
 */

export interface Antigen {
  /** Answer value and schedule key. */
  id: string;
  label: Text;
  /** Series (doses of the same vaccine) and dose number, for the minimum interval between doses. */
  series: string;
  dose: number;
  /** Recommended age: days after birth (HB0) or calendar months after the birth date. */
  dueAgeDays?: number;
  dueAgeMonths?: number;
  /** The latest age it may still be given, in days (HB0: 7 days); absent = no upper limit here. */
  maxAgeDays?: number;
  /** Minimum days after the previous dose of the same series. */
  minIntervalDays?: number;
  /** Part of imunisasi dasar lengkap (IDL): every antigen due before 12 months. */
  basic: boolean;
}

/** WHO minimum interval between doses of a primary series: 4 weeks. */
export const MIN_DOSE_INTERVAL_DAYS = 28;
/**
 * DPT-HB-Hib booster (dose 4) at 18 months, at least 12 months after dose 3 (Kemenkes imunisasi
 * lanjutan). A bidan should confirm this interval for catch-up.
 */
export const DPT_BOOSTER_MIN_INTERVAL_DAYS = 365;
/** IDL: every basic antigen given before the first birthday (Kemenkes). */
export const IDL_BEFORE_MONTHS = 12;
/** HB0 within 24 hours of birth; still given up to 7 days (Kemenkes). */
export const HB0_MAX_AGE_DAYS = 7;
/**
 * BCG is not offered from the first birthday (the routine programme's catch-up ends there; from
 * 3 months it needs a tuberculin test first, Permenkes 12/2017 lampiran). Without a limit the
 * posyandu screen offered BCG to a 3-year-old. A clinician should confirm the limit.
 */
export const BCG_MAX_AGE_DAYS = 364;

const a = (id: string, labelId: string, labelEn: string, series: string, dose: number, due: { days?: number; months?: number }, extra: Partial<Antigen> = {}): Antigen => ({
  id, label: t(labelId, labelEn), series, dose,
  ...(due.days !== undefined ? { dueAgeDays: due.days } : {}),
  ...(due.months !== undefined ? { dueAgeMonths: due.months } : {}),
  basic: (due.months ?? 0) < IDL_BEFORE_MONTHS,
  ...extra,
});

export const IMMUNISATION_SCHEDULE: readonly Antigen[] = [
  a("hb0", "HB0 (hepatitis B < 24 jam)", "HB0 (hepatitis B < 24 h)", "hb0", 1, { days: 0 }, { maxAgeDays: HB0_MAX_AGE_DAYS }),
  a("bcg", "BCG", "BCG", "bcg", 1, { months: 1 }, { maxAgeDays: BCG_MAX_AGE_DAYS }),
  a("opv1", "Polio tetes (OPV) 1", "Oral polio (OPV) 1", "opv", 1, { months: 1 }),
  a("dpt1", "DPT-HB-Hib 1", "DTP-HepB-Hib 1", "dpt", 1, { months: 2 }),
  a("opv2", "Polio tetes (OPV) 2", "Oral polio (OPV) 2", "opv", 2, { months: 2 }),
  a("pcv1", "PCV 1", "PCV 1", "pcv", 1, { months: 2 }),
  a("rv1", "Rotavirus (RV) 1", "Rotavirus (RV) 1", "rv", 1, { months: 2 }),
  a("dpt2", "DPT-HB-Hib 2", "DTP-HepB-Hib 2", "dpt", 2, { months: 3 }),
  a("opv3", "Polio tetes (OPV) 3", "Oral polio (OPV) 3", "opv", 3, { months: 3 }),
  a("pcv2", "PCV 2", "PCV 2", "pcv", 2, { months: 3 }),
  a("rv2", "Rotavirus (RV) 2", "Rotavirus (RV) 2", "rv", 2, { months: 3 }),
  a("dpt3", "DPT-HB-Hib 3", "DTP-HepB-Hib 3", "dpt", 3, { months: 4 }),
  a("opv4", "Polio tetes (OPV) 4", "Oral polio (OPV) 4", "opv", 4, { months: 4 }),
  a("ipv1", "Polio suntik (IPV) 1", "Inactivated polio (IPV) 1", "ipv", 1, { months: 4 }),
  a("rv3", "Rotavirus (RV) 3", "Rotavirus (RV) 3", "rv", 3, { months: 4 }),
  a("mr1", "Campak-Rubela (MR) 1", "Measles-rubella (MR) 1", "mr", 1, { months: 9 }),
  a("ipv2", "Polio suntik (IPV) 2", "Inactivated polio (IPV) 2", "ipv", 2, { months: 9 }),
  a("pcv3", "PCV 3 (lanjutan)", "PCV 3 (booster)", "pcv", 3, { months: 12 }),
  a("dpt4", "DPT-HB-Hib lanjutan", "DTP-HepB-Hib booster", "dpt", 4, { months: 18 }, { minIntervalDays: DPT_BOOSTER_MIN_INTERVAL_DAYS }),
  a("mr2", "Campak-Rubela (MR) lanjutan", "Measles-rubella (MR) booster", "mr", 2, { months: 18 }),
];

/**
 * The due age of an antigen in completed months, from its recommended age (HB0: 0 days, at
 * birth): the age whose cohort is its PWS sasaran (domain/pws/rules.ts cohortRange).
 */
export function dueMonthsOf(a: Antigen): number {
  return a.dueAgeMonths ?? Math.floor((a.dueAgeDays ?? 0) / 30);
}

export const ANTIGEN_BY_ID: ReadonlyMap<string, Antigen> = new Map(IMMUNISATION_SCHEDULE.map((x) => [x.id, x]));

/** The routine schedule covers the first 5 years (catch-up included); older children are BIAS at school. */
export const IMUNISASI_MAX_AGE_MONTHS = 60;

export const IMUNISASI_V1: FormDefinition = {
  id: "imunisasi",
  version: 1,
  title: t("Imunisasi bayi dan baduta", "Infant and child immunisation"),
  cluster: 2,
  appliesTo: { maxAgeMonths: IMUNISASI_MAX_AGE_MONTHS },
  needs: ["birthDate"],
  sections: [
    {
      id: "imunisasi",
      title: t("Imunisasi yang diberikan", "Vaccines given"),
      fields: [
        {
          id: "antigen", type: "multi", required: true, label: t("Antigen yang diberikan", "Antigens given"),
          options: IMMUNISATION_SCHEDULE.map((x) => ({ value: x.id, label: x.label })),
        },
        {
          id: "tanggal_pemberian", type: "date", label: t("Tanggal pemberian", "Date given"),
          hint: t("Kosongkan bila hari ini; isi bila mencatat dari Buku KIA", "Leave empty if today; fill in when copying from the Buku KIA"),
          range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: IMUNISASI_MAX_AGE_MONTHS * 31 },
        },
        {
          id: "umur_saat_pemberian", type: "computed", expr: { fn: "daysBetween", from: "$birthDate", to: "tanggal_pemberian" },
          label: t("Umur saat diberikan", "Age when given"), display: { kind: "number", unit: "hari" },
        },
        { id: "no_batch", type: "text", maxLength: 40, label: t("Nomor batch vaksin (bila ada)", "Vaccine batch number (optional)") },
        {
          id: "kipi", type: "single", label: t("Keluhan setelah imunisasi sebelumnya (KIPI)", "Reaction after the previous vaccination (AEFI)"),
          options: [opt("tidak", "Tidak ada", "None"), opt("ringan", "Ringan (demam, bengkak di tempat suntik)", "Mild (fever, swelling at the site)"), opt("berat", "Berat (kejang, sesak, pingsan, dirawat)", "Serious (convulsions, breathlessness, fainting, admitted)")],
        },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    {
      field: "antigen",
      when: { all: [{ field: "antigen", op: "includes", value: "hb0" }, { field: "umur_saat_pemberian", op: "gt", value: HB0_MAX_AGE_DAYS }] },
      message: t("HB0 hanya diberikan umur 0–7 hari", "HB0 is given only at 0–7 days"),
    },
    {
      field: "antigen",
      when: { all: [{ field: "antigen", op: "includes", value: "hb0" }, { field: "$ageDays", op: "gt", value: HB0_MAX_AGE_DAYS }, { field: "tanggal_pemberian", op: "unanswered" }] },
      message: t("HB0 hanya diberikan umur 0–7 hari; bila mencatat dari Buku KIA isi tanggal pemberian", "HB0 is given only at 0–7 days; when copying from the Buku KIA fill in the date given"),
    },
    {
      field: "tanggal_pemberian",
      // The age at the date given is null when that date is before the birth date.
      when: { all: [{ field: "tanggal_pemberian", op: "answered" }, { field: "$birthDate", op: "answered" }, { field: "umur_saat_pemberian", op: "unanswered" }] },
      message: t("Tanggal pemberian sebelum tanggal lahir", "The date given is before the birth date"),
    },
  ],
  flags: [
    {
      id: "kipi_berat", severity: "refer", destination: "puskesmas",
      when: { field: "kipi", op: "eq", value: "berat" },
      label: t("KIPI berat: laporkan dan rujuk", "Serious adverse event after immunisation: report and refer"),
      action: t("Rujuk ke puskesmas hari ini dan laporkan KIPI ke petugas imunisasi.", "Refer to the puskesmas today and report the AEFI to the immunisation officer."),
    },
  ],
};
