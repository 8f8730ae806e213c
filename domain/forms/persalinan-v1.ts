import { BBLR_BELOW_G, VLBW_BELOW_G } from "./neonatal-v1.ts";
import { opt, refer, risk, t } from "./common.ts";
import type { Condition, Field, FormDefinition, Option } from "./types.ts";

/**
 * Persalinan (delivery) as its own visit (issue 15): the date, place, attendant, mode and outcome
 * of a birth, recorded once. It is the primary source of a woman's delivery date
 * (`lastDeliveryDate` in index.ts): nifas (KF1–KF4) and neonatal (KN1–KN3) count their days from it
 * (their date questions are prefilled from it: domain/rules/persalinan.ts `visitPrefill`), and saving
 * it ends "pregnant" on the person (`personAfterVisit`, same file).
 *
 * Sources: Permenkes 21/2021 (Pelayanan Kesehatan Masa Hamil, Persalinan dan Sesudah Melahirkan):
 * persalinan ditolong tenaga kesehatan di fasilitas pelayanan kesehatan; Permenkes 39/2016 (PIS-PK)
 * indicator 2 "persalinan ibu di fasilitas pelayanan kesehatan"; WHO ICD-11 / Kemenkes for the
 * abortus and preterm cut-offs below. Pages were not available to us (not confirmed).
 */

/**
 * A delivery may be recorded up to a year after it happened (a woman who gave birth at a hospital
 * and comes to the pustu later): our choice; the record still ends the pregnancy and counts in the PWS
 * month of its date. Nifas, which is for the first 42 days, checks its own window.
 */
export const PERSALINAN_RECORD_MAX_DAYS = 365;
/**
 * Abortus: a pregnancy that ends before 20 completed weeks (Kemenkes, Buku Acuan Pelayanan
 * Kesehatan Maternal / POGI definition "< 20 minggu atau berat janin < 500 g"; page not confirmed).
 */
export const ABORTUS_BEFORE_WEEKS = 20;
/** Preterm birth: before 37 completed weeks (WHO, ICD-11 / "Born too soon" 2012). */
export const PRETERM_BEFORE_WEEKS = 37;
/** Plausible gestational age at the end of a pregnancy, in weeks (outside: a typing slip). */
export const GESTATION_WEEKS_RANGE = { min: 4, max: 45 } as const;
/** Babies recorded per delivery: up to triplets (a higher multiple goes in the notes). */
export const MAX_BABIES = 3;

/**
 * Places that count as a health facility ("fasilitas pelayanan kesehatan": puskesmas, pustu,
 * rumah sakit, klinik, praktik mandiri bidan; Permenkes 39/2016 PIS-PK indicator 2). The PWS
 * "persalinan di faskes" reads `tempat_persalinan` in this list.
 */
export const FASKES_PLACES = ["puskesmas", "pustu", "rumah_sakit", "klinik", "pmb"] as const;
export const NON_FASKES_PLACES = ["rumah", "perjalanan", "lainnya"] as const;
/** Attendants that are health workers (tenaga kesehatan: dokter, bidan, perawat; Permenkes 21/2021). */
export const NAKES_ATTENDANTS = ["dokter", "bidan", "perawat"] as const;
export const NON_NAKES_ATTENDANTS = ["dukun", "keluarga", "tanpa_penolong"] as const;

const born: Condition = { field: "hasil_persalinan", op: "eq", value: "lahir" };

function babyFields(n: number): Field[] {
  const show: Condition = n === 1 ? born : { field: "jumlah_bayi", op: "gte", value: n };
  const who = { id: `bayi ke-${n}`, en: `baby ${n}` };
  return [
    {
      id: `bayi${n}_status`, type: "single", required: true, showIf: show, label: t(`Keadaan ${who.id} saat lahir`, `Condition of ${who.en} at birth`),
      options: [opt("hidup", "Lahir hidup", "Born alive"), opt("mati", "Lahir mati", "Stillborn")],
    },
    {
      id: `bayi${n}_jenis_kelamin`, type: "single", required: true, showIf: show, label: t(`Jenis kelamin ${who.id}`, `Sex of ${who.en}`),
      options: [opt("L", "Laki-laki", "Male"), opt("P", "Perempuan", "Female")],
    },
    {
      id: `bayi${n}_berat_lahir`, type: "number", unit: "gram", min: 300, max: 6500, decimals: 0, showIf: show,
      label: t(`Berat lahir ${who.id}`, `Birth weight of ${who.en}`), hint: t("Isi bila ditimbang", "Fill in if weighed"),
    },
  ];
}

const babies = Array.from({ length: MAX_BABIES }, (_, i) => i + 1);
const anyBaby = (f: (n: number) => Condition): Condition => ({ any: babies.map(f) });
/** Baby n was born alive: birth weight and preterm flags advise newborn care, never for a stillborn baby. */
const alive = (n: number): Condition => ({ field: `bayi${n}_status`, op: "eq", value: "hidup" });

const COMPLICATIONS: Option[] = [
  opt("perdarahan", "Perdarahan (> 500 ml atau terus-menerus)", "Haemorrhage (> 500 ml or continuing)"),
  opt("preeklampsia_eklampsia", "Preeklampsia berat / eklampsia (kejang)", "Severe pre-eclampsia / eclampsia (convulsions)"),
  opt("infeksi", "Infeksi / demam (sepsis)", "Infection / fever (sepsis)"),
  opt("partus_lama", "Partus lama / macet", "Prolonged / obstructed labour"),
  opt("ketuban_pecah_dini", "Ketuban pecah dini", "Prelabour rupture of membranes"),
  opt("retensio_plasenta", "Plasenta tidak lahir (retensio plasenta)", "Retained placenta"),
  opt("robekan_jalan_lahir", "Robekan jalan lahir berat", "Severe perineal tear"),
  opt("lainnya", "Lainnya", "Other"),
];

const complication: Condition = { all: [{ field: "komplikasi", op: "answered" }, { field: "komplikasi", op: "excludes", value: "tidak_ada" }] };

export const PERSALINAN_V1: FormDefinition = {
  id: "persalinan",
  version: 1,
  title: t("Persalinan", "Delivery"),
  cluster: 2,
  // Offered while she is marked pregnant (the delivery is what ends it) and in the 42 days after.
  appliesTo: { sex: "P", pregnantOrPostpartum: true },
  needs: ["sex"],
  sections: [
    {
      id: "persalinan",
      title: t("Persalinan", "Delivery"),
      fields: [
        {
          id: "tanggal_persalinan", type: "date", required: true, label: t("Tanggal persalinan", "Date of delivery"),
          hint: t("Tidak boleh sesudah tanggal kunjungan", "Not after the visit date"),
          range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: PERSALINAN_RECORD_MAX_DAYS },
        },
        {
          id: "jam_persalinan", type: "text", maxLength: 5, label: t("Jam persalinan (JJ:MM)", "Time of delivery (HH:MM)"),
          pattern: { regex: "^([01]\\d|2[0-3]):[0-5]\\d$", message: t("Tulis jam seperti 07:45 (00:00–23:59)", "Write the time like 07:45 (00:00–23:59)") },
        },
        {
          id: "usia_kehamilan", type: "number", unit: "minggu", ...GESTATION_WEEKS_RANGE, decimals: 0,
          label: t("Usia kehamilan saat persalinan", "Gestational age at delivery"), hint: t("Minggu lengkap, dari HPHT atau USG", "Completed weeks, from the LMP or ultrasound"),
        },
        {
          id: "hasil_persalinan", type: "single", required: true, label: t("Hasil kehamilan", "Outcome of the pregnancy"),
          options: [
            opt("lahir", "Bayi lahir (hidup atau mati, ≥ 20 minggu)", "Baby born (alive or stillborn, ≥ 20 weeks)"),
            opt("abortus", "Keguguran / abortus (< 20 minggu)", "Miscarriage / abortion (< 20 weeks)"),
          ],
        },
        {
          id: "tempat_persalinan", type: "single", required: true, label: t("Tempat persalinan", "Place of delivery"),
          options: [
            opt("puskesmas", "Puskesmas", "Puskesmas"), opt("pustu", "Pustu", "Pustu (sub-health centre)"),
            opt("rumah_sakit", "Rumah sakit", "Hospital"), opt("klinik", "Klinik", "Clinic"),
            opt("pmb", "Praktik mandiri bidan (PMB)", "Private midwife practice"),
            opt("rumah", "Rumah", "Home"), opt("perjalanan", "Dalam perjalanan", "On the way"), opt("lainnya", "Lainnya", "Other"),
          ],
        },
        {
          id: "penolong", type: "single", required: true, label: t("Penolong persalinan", "Birth attendant"),
          options: [
            opt("dokter", "Dokter", "Doctor"), opt("bidan", "Bidan", "Midwife"), opt("perawat", "Perawat", "Nurse"),
            opt("dukun", "Dukun bayi", "Traditional birth attendant"), opt("keluarga", "Keluarga / orang lain", "Family / someone else"),
            opt("tanpa_penolong", "Tanpa penolong", "Unattended"),
          ],
        },
        {
          id: "cara_persalinan", type: "single", required: true, showIf: born, label: t("Cara persalinan", "Mode of delivery"),
          options: [
            opt("spontan", "Spontan (normal)", "Spontaneous vaginal"), opt("vakum", "Vakum", "Vacuum"), opt("forsep", "Forsep", "Forceps"),
            opt("sungsang", "Sungsang pervaginam", "Vaginal breech"), opt("sc", "Operasi sesar (SC)", "Caesarean section"),
          ],
        },
      ],
    },
    {
      id: "bayi",
      title: t("Bayi", "Babies"),
      fields: [
        {
          id: "jumlah_bayi", type: "number", unit: "bayi", min: 1, max: MAX_BABIES, decimals: 0, required: true, showIf: born,
          label: t("Jumlah bayi yang lahir", "Number of babies born"), hint: t("2 = kembar dua, 3 = kembar tiga", "2 = twins, 3 = triplets"),
        },
        ...babies.flatMap(babyFields),
      ],
    },
    {
      id: "ibu",
      title: t("Keadaan ibu", "The mother"),
      fields: [
        {
          id: "komplikasi", type: "multi", required: true, exclusive: "tidak_ada", label: t("Komplikasi persalinan pada ibu", "Maternal complications of the delivery"),
          options: [opt("tidak_ada", "Tidak ada", "None"), ...COMPLICATIONS],
        },
        {
          id: "komplikasi_ditangani", type: "yesno", required: true, showIf: complication,
          label: t("Komplikasi sudah ditangani di puskesmas PONED atau rumah sakit?", "Complication already treated at a PONED puskesmas or hospital?"),
        },
        {
          id: "kondisi_ibu", type: "single", required: true, label: t("Keadaan ibu sekarang", "The mother's condition now"),
          options: [opt("sehat", "Sehat", "Well"), opt("sakit", "Sakit / dirawat", "Ill / admitted"), opt("meninggal", "Meninggal", "Died")],
        },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    {
      field: "usia_kehamilan",
      when: { all: [{ field: "hasil_persalinan", op: "eq", value: "abortus" }, { field: "usia_kehamilan", op: "gte", value: ABORTUS_BEFORE_WEEKS }] },
      message: t(`Abortus adalah kehamilan yang berakhir sebelum ${ABORTUS_BEFORE_WEEKS} minggu: periksa usia kehamilan atau hasilnya`, `An abortion ends before ${ABORTUS_BEFORE_WEEKS} weeks: check the gestational age or the outcome`),
    },
    {
      field: "usia_kehamilan",
      when: { all: [born, { field: "usia_kehamilan", op: "lt", value: ABORTUS_BEFORE_WEEKS }] },
      message: t(`Sebelum ${ABORTUS_BEFORE_WEEKS} minggu dicatat sebagai keguguran/abortus`, `Before ${ABORTUS_BEFORE_WEEKS} weeks it is recorded as a miscarriage/abortion`),
    },
  ],
  flags: [
    refer("komplikasi", { all: [complication, { field: "komplikasi_ditangani", op: "ne", value: true }] },
      t("Komplikasi persalinan belum ditangani: rujuk segera", "Untreated delivery complication: refer now"),
      t("Rujuk hari ini ke puskesmas PONED atau rumah sakit PONEK; dampingi ibu dan isi surat rujukan.", "Refer today to a PONED puskesmas or a PONEK hospital; accompany the mother and fill in the referral letter."),
      "rumah_sakit"),
    risk("riwayat_komplikasi", { all: [complication, { field: "komplikasi_ditangani", op: "eq", value: true }] },
      t("Komplikasi persalinan (sudah ditangani)", "Delivery complication (treated)"),
      t("Pantau ketat pada KF1 dan KF2: perdarahan, tekanan darah, suhu; catat hasil perawatan di rumah sakit.", "Watch closely at KF1 and KF2: bleeding, blood pressure, temperature; note the hospital's treatment.")),
    risk("bukan_faskes", { field: "tempat_persalinan", op: "in", value: [...NON_FASKES_PLACES] },
      t("Persalinan tidak di fasilitas kesehatan", "Delivery not at a health facility"),
      t("Kunjungi ibu dan bayi dalam 6–48 jam (KF1 dan KN1); periksa perdarahan dan berikan vitamin K1, HB0 dan salep mata bila belum.", "Visit mother and baby within 6–48 hours (KF1 and KN1); check bleeding and give vitamin K1, HB0 and eye ointment if not yet given.")),
    risk("bukan_nakes", { field: "penolong", op: "in", value: [...NON_NAKES_ATTENDANTS] },
      t("Persalinan tidak ditolong tenaga kesehatan", "Delivery not attended by a health worker"),
      t("Kunjungi ibu dan bayi dalam 6–48 jam (KF1 dan KN1); diskusikan dengan dukun/keluarga rujukan persalinan berikutnya ke faskes.", "Visit mother and baby within 6–48 hours (KF1 and KN1); agree with the traditional attendant/family on referring the next birth to a facility.")),
    refer("bblsr", anyBaby((n) => ({ all: [alive(n), { field: `bayi${n}_berat_lahir`, op: "lt", value: VLBW_BELOW_G }] })),
      t(`Bayi berat lahir sangat rendah (< ${VLBW_BELOW_G} g): rujuk`, `Very low birth weight baby (< ${VLBW_BELOW_G} g): refer`),
      t("Rujuk bayi hari ini ke rumah sakit; jaga kehangatan (perawatan metode kanguru) selama perjalanan.", "Refer the baby today to hospital; keep warm (kangaroo care) on the way."), "rumah_sakit"),
    risk("bblr", anyBaby((n) => ({ all: [alive(n), { field: `bayi${n}_berat_lahir`, op: "lt", value: BBLR_BELOW_G }, { field: `bayi${n}_berat_lahir`, op: "gte", value: VLBW_BELOW_G }] })),
      t(`Bayi berat lahir rendah (BBLR, < ${BBLR_BELOW_G} g)`, `Low birth weight baby (< ${BBLR_BELOW_G} g)`),
      t("KN1 dalam 6–48 jam; ajarkan perawatan metode kanguru dan menyusui sering; timbang tiap minggu.", "KN1 within 6–48 hours; teach kangaroo care and frequent breastfeeding; weigh every week.")),
    risk("prematur", { all: [born, anyBaby(alive), { field: "usia_kehamilan", op: "lt", value: PRETERM_BEFORE_WEEKS }] },
      t(`Bayi lahir prematur (< ${PRETERM_BEFORE_WEEKS} minggu)`, `Preterm birth (< ${PRETERM_BEFORE_WEEKS} weeks)`),
      t("KN1 dalam 6–48 jam; jaga kehangatan, menyusui sering, kenali tanda bahaya bayi.", "KN1 within 6–48 hours; keep warm, breastfeed often, know the newborn danger signs.")),
    risk("lahir_mati", anyBaby((n) => ({ field: `bayi${n}_status`, op: "eq", value: "mati" })),
      t("Bayi lahir mati", "Stillbirth"),
      t("Laporkan kematian perinatal ke puskesmas untuk audit maternal perinatal; dukung ibu dan tetap lakukan kunjungan nifas.", "Report the perinatal death to the puskesmas for the maternal-perinatal audit; support the mother and keep the postpartum visits.")),
    risk("kematian_ibu", { field: "kondisi_ibu", op: "eq", value: "meninggal" },
      t("Kematian ibu", "Maternal death"),
      t("Laporkan segera ke puskesmas untuk audit maternal perinatal (AMP); pastikan bayi dirawat dan dikunjungi (KN).", "Report at once to the puskesmas for the maternal-perinatal audit (AMP); make sure the baby is cared for and visited (KN).")),
  ],
};
