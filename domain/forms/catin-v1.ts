import { LILA_KEK_CM } from "./anc-v1.ts";
import { bpCheck, bpFields, hbField, hypertensionWhen, isFemale, knownAgeYears, knownSex, opt, refer, risk, t } from "./common.ts";
import { IMT_KURUS_BELOW, IMT_OBESITAS_ABOVE } from "./ptm-parts.ts";
import { HB_ANEMIA_BOYS_15_G_DL, HB_ANEMIA_GIRLS_15_G_DL } from "./remaja-v1.ts";
import type { Condition, FormDefinition, Option } from "./types.ts";

/**
 * Catin (calon pengantin): the health check of a bride- or groom-to-be before marriage.
 * What it holds follows Kemenkes, Dit. Kesehatan Keluarga, "Petunjuk Teknis Pelaksanaan Pelayanan
 * Kesehatan Reproduksi bagi Calon Pengantin di Puskesmas" (2021) and Permenkes 21/2021 (pelayanan
 * kesehatan masa sebelum hamil): status gizi (BB, TB, IMT, LiLA for women), Hb for anaemia, Td
 * immunisation status, blood pressure, counselling (kesehatan reproduksi, gizi and TTD,
 * perencanaan kehamilan and KB) and iron tablets. The same four measurements (BB, TB, LiLA, Hb)
 * are what BKKBN's Elsimil check asks before the KUA registers a marriage (BKKBN, Jan 2022 and
 * Feb 2023 statements). Pages of the juknis: not confirmed (only its front matter was reachable).
 *
 * Cluster 3 (usia dewasa): ILP puts usia produktif/dewasa (18–59) in klaster 3 and nearly every
 * catin is an adult (marriage from 19, UU 16/2019). Not confirmed from the ILP juknis text
 * (KMK HK.01.07/MENKES/2015/2023, Bab V klaster 3): only its table of contents was reachable.
 *
 * Triple elimination (HIV, sifilis, hepatitis B) and other laboratory tests are left out: we
 * could not confirm that the catin juknis lists them as routine for every catin.
 */

/** Marriage is allowed from 19 for both sexes (UU 16/2019, Pasal 7 ayat 1, amending UU 1/1974). */
export const CATIN_MARRIAGE_MIN_AGE_YEARS = 19;
/**
 * The form fits from 15: a court may grant a dispensation below 19 (UU 16/2019 Pasal 7 ayat 2;
 * Perma 5/2019), and such a catin needs the check most. 15 is where WHO's adult Hb cut-offs start
 * (WHO 2011, Table 1) and the ILP PTM screening starts (our choice for the lower bound).
 */
export const CATIN_MIN_AGE_YEARS = 15;
/**
 * Hb < 8 g/dL = severe anaemia for non-pregnant women and men from 15 (WHO 2011,
 * WHO/NMH/NHD/MNM/11.1, Table 1): refer. Anaemia itself (women < 12, men < 13 g/dL, same table)
 * reuses HB_ANEMIA_GIRLS_15_G_DL and HB_ANEMIA_BOYS_15_G_DL of the remaja form.
 */
export const HB_SEVERE_ANEMIA_ADULT_G_DL = 8;
/**
 * The check is done about 3 months before the wedding so that an anaemic bride can finish 90 iron
 * tablets in 90 days (BKKBN, Jan 2022, on the Kemenkes TTD protocol). A plan more than a year
 * ahead is most likely a typing slip (our choice).
 */
export const CATIN_SCREEN_DAYS_BEFORE_WEDDING = 90;
export const CATIN_PLAN_MAX_DAYS_AHEAD = 366;
/** TTD for an anaemic catin: 1 tablet a day for 90 days (Kemenkes protocol, as BKKBN quotes it, Jan 2022). */
export const TTD_CATIN_ANEMIA_TABLETS = 90;

/** Td status of a woman of childbearing age: T5 = lifelong protection (Permenkes 12/2017, imunisasi Td WUS). */
export const TD_STATUS_OPTIONS: Option[] = [
  opt("t0", "Belum pernah (T0)", "Never (T0)"),
  opt("t1", "T1", "T1"), opt("t2", "T2", "T2"), opt("t3", "T3", "T3"), opt("t4", "T4", "T4"),
  opt("t5", "T5 (lengkap)", "T5 (complete)"),
];
export const TD_INCOMPLETE = ["t0", "t1", "t2", "t3", "t4"];

/** Counselling topics of the catin juknis (Kemenkes 2021): codes stored, words rendered. */
export const CATIN_COUNSELLING: Option[] = [
  opt("kespro", "Kesehatan reproduksi dan seksual", "Reproductive and sexual health"),
  opt("gizi_ttd", "Gizi seimbang dan tablet tambah darah (TTD)", "Balanced diet and iron tablets"),
  opt("kb_kehamilan", "Perencanaan kehamilan dan KB", "Pregnancy planning and family planning"),
  opt("ims_hiv", "Pencegahan infeksi menular seksual dan HIV", "Preventing sexually transmitted infections and HIV"),
  opt("jiwa_relasi", "Kesehatan jiwa dan relasi sehat (tanpa kekerasan)", "Mental health and healthy relationships (no violence)"),
  opt("belum", "Belum diberikan", "Not given yet"),
];

const hb = (lt: number, sex: "L" | "P"): Condition => ({ all: [knownSex(sex), { field: "hb", op: "lt", value: lt }] });
const female = knownSex("P");

export const CATIN_V1: FormDefinition = {
  id: "catin",
  version: 1,
  title: t("Pemeriksaan calon pengantin (catin)", "Pre-marriage health check (bride or groom to be)"),
  cluster: 3,
  appliesTo: { minAgeYears: CATIN_MIN_AGE_YEARS },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "pernikahan",
      title: t("Rencana pernikahan", "Marriage plan"),
      fields: [
        {
          id: "tanggal_rencana_nikah", type: "date", required: true, label: t("Rencana tanggal nikah", "Planned wedding date"),
          hint: t("Sebaiknya diperiksa 3 bulan sebelum nikah", "Best checked 3 months before the wedding"),
        },
        {
          id: "hari_menuju_nikah", type: "computed", expr: { fn: "daysBetween", from: "$visitDate", to: "tanggal_rencana_nikah" },
          label: t("Hari menuju pernikahan", "Days to the wedding"), display: { kind: "number", unit: "hari" },
        },
        { id: "terdaftar_kua", type: "yesno", label: t("Sudah mendaftar di KUA/catatan sipil?", "Registered at the KUA/civil registry?") },
      ],
    },
    {
      id: "gizi",
      title: t("Status gizi", "Nutritional status"),
      fields: [
        { id: "bb", type: "number", unit: "kg", min: 25, max: 200, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
        { id: "tb", type: "number", unit: "cm", min: 120, max: 210, decimals: 1, required: true, label: t("Tinggi badan (TB)", "Height") },
        { id: "imt", type: "computed", expr: { fn: "bmi", weight: "bb", height: "tb" }, label: t("Indeks massa tubuh (IMT)", "Body mass index (BMI)"), display: { kind: "number", unit: "kg/m²" } },
        {
          id: "lila", type: "number", unit: "cm", min: 10, max: 50, decimals: 1, required: true, showIf: isFemale,
          label: t("Lingkar lengan atas (LiLA)", "Mid-upper arm circumference (MUAC)"), hint: t(`KEK bila < ${String(LILA_KEK_CM).replace(".", ",")} cm`, `CED if < ${LILA_KEK_CM} cm`),
        },
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan", "Examination"),
      fields: [
        { ...hbField(true), hint: t("Anemia bila < 12 g/dL (perempuan) atau < 13 g/dL (laki-laki)", "Anaemia if < 12 g/dL (women) or < 13 g/dL (men)") },
        ...bpFields(),
      ],
    },
    {
      id: "imunisasi_ttd",
      title: t("Imunisasi Td dan tablet tambah darah", "Td immunisation and iron tablets"),
      fields: [
        {
          id: "status_td", type: "single", required: true, showIf: isFemale, options: TD_STATUS_OPTIONS,
          label: t("Status imunisasi Td", "Td immunisation status"), hint: t("Lihat kartu/buku imunisasi atau riwayat imunisasi sekolah (BIAS)", "See the immunisation card or the school immunisation (BIAS) history"),
        },
        {
          id: "td_diberikan", type: "yesno", showIf: { all: [isFemale, { field: "status_td", op: "in", value: TD_INCOMPLETE }] },
          label: t("Td diberikan hari ini?", "Td given today?"),
        },
        {
          id: "ttd_diberikan", type: "number", unit: "tablet", min: 0, max: 120, decimals: 0, showIf: isFemale,
          label: t("Tablet tambah darah (TTD) diberikan", "Iron-folic acid tablets given"),
          hint: t(`Bila anemia: 1 tablet tiap hari selama ${TTD_CATIN_ANEMIA_TABLETS} hari`, `If anaemic: 1 tablet a day for ${TTD_CATIN_ANEMIA_TABLETS} days`),
        },
      ],
    },
    {
      id: "konseling",
      title: t("Konseling", "Counselling"),
      fields: [
        { id: "konseling", type: "multi", required: true, exclusive: "belum", options: CATIN_COUNSELLING, label: t("Konseling yang diberikan", "Counselling given") },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    bpCheck(),
    {
      field: "tanggal_rencana_nikah",
      when: { all: [{ field: "tanggal_rencana_nikah", op: "answered" }, { field: "hari_menuju_nikah", op: "unanswered" }] },
      message: t("Rencana tanggal nikah tidak boleh sebelum tanggal pemeriksaan", "The planned wedding date cannot be before the check"),
    },
    {
      field: "tanggal_rencana_nikah",
      when: { field: "hari_menuju_nikah", op: "gt", value: CATIN_PLAN_MAX_DAYS_AHEAD },
      message: t("Rencana nikah lebih dari 1 tahun lagi. Periksa kembali tanggalnya.", "The wedding is more than a year away. Check the date again."),
    },
  ],
  flags: [
    refer("anemia_berat", { field: "hb", op: "lt", value: HB_SEVERE_ANEMIA_ADULT_G_DL },
      t("Anemia berat (Hb < 8 g/dL): rujuk", "Severe anaemia (Hb < 8 g/dL): refer"),
      t("Rujuk ke puskesmas untuk pemeriksaan dokter dan cari penyebabnya.", "Refer to the puskesmas for a doctor's assessment and to find the cause.")),
    risk("anemia", { any: [hb(HB_ANEMIA_GIRLS_15_G_DL, "P"), hb(HB_ANEMIA_BOYS_15_G_DL, "L")] },
      t("Anemia (Hb < 12 g/dL perempuan, < 13 g/dL laki-laki)", "Anaemia (Hb < 12 g/dL women, < 13 g/dL men)"),
      t(`Beri TTD 1 tablet tiap hari selama ${TTD_CATIN_ANEMIA_TABLETS} hari dan konseling makanan sumber zat besi; periksa Hb ulang setelah 3 bulan; tunda kehamilan sampai tidak anemia.`,
        `Give one iron tablet a day for ${TTD_CATIN_ANEMIA_TABLETS} days and counsel on iron-rich food; recheck Hb after 3 months; delay pregnancy until no longer anaemic.`)),
    risk("kek", { all: [female, { field: "lila", op: "lt", value: LILA_KEK_CM }] },
      t("KEK (LiLA < 23,5 cm)", "Chronic energy deficiency (MUAC < 23.5 cm)"),
      t("Konseling gizi dan beri makanan tambahan (PMT) bila tersedia; ukur LiLA ulang setelah 3 bulan; tunda kehamilan sampai LiLA ≥ 23,5 cm.",
        "Nutrition counselling and supplementary food where available; measure MUAC again after 3 months; delay pregnancy until MUAC ≥ 23.5 cm.")),
    risk("imt_kurus", { field: "imt", op: "lt", value: IMT_KURUS_BELOW }, t("IMT kurus (< 18,5)", "Underweight (BMI < 18.5)"),
      t("Konseling gizi seimbang; timbang ulang dalam 3 bulan sebelum merencanakan kehamilan.", "Counsel on a balanced diet; weigh again within 3 months before planning a pregnancy.")),
    risk("imt_obesitas", { field: "imt", op: "gt", value: IMT_OBESITAS_ABOVE }, t("Obesitas (IMT > 27)", "Obese (BMI > 27)"),
      t("Konseling gizi seimbang dan aktivitas fisik; periksa gula darah.", "Counsel on a balanced diet and activity; check blood glucose.")),
    refer("hipertensi", hypertensionWhen(), t("Tekanan darah ≥ 140/90: rujuk", "Blood pressure ≥ 140/90: refer"),
      t("Ukur ulang setelah istirahat; bila tetap ≥ 140/90 rujuk ke puskesmas sebelum merencanakan kehamilan.", "Measure again after rest; if still ≥ 140/90 refer to the puskesmas before planning a pregnancy.")),
    // Still below T5 after today's dose: T0–T3, or T4 without a dose today.
    risk("td_belum_lengkap", {
      all: [female, {
        any: [
          { field: "status_td", op: "in", value: ["t0", "t1", "t2", "t3"] },
          { all: [{ field: "status_td", op: "eq", value: "t4" }, { not: { field: "td_diberikan", op: "eq", value: true } }] },
        ],
      }],
    },
      t("Imunisasi Td belum lengkap (belum T5)", "Td immunisation incomplete (not yet T5)"),
      t("Beri Td hari ini bila belum; dosis berikutnya: T2 4 minggu setelah T1, T3 6 bulan setelah T2, T4 dan T5 masing-masing 1 tahun kemudian.",
        "Give Td today if not done; next doses: T2 4 weeks after T1, T3 6 months after T2, T4 and T5 one year apart.")),
    risk("usia_anak", knownAgeYears("lt", CATIN_MARRIAGE_MIN_AGE_YEARS), t("Catin di bawah 19 tahun", "Bride or groom under 19"),
      t("Perkawinan di bawah 19 tahun perlu dispensasi pengadilan; konseling menunda kehamilan sampai usia 20 tahun dan pilihan KB.",
        "Marriage under 19 needs a court dispensation; counsel on delaying pregnancy until 20 and on family planning.")),
  ],
};
