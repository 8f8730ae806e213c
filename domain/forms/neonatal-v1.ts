import { anySign, dangerSigns, opt, refer, risk, t } from "./common.ts";
import type { FormDefinition } from "./types.ts";

/**
 * Neonatal visit, KN1–KN3, with the birth data. Windows from the ILP brief (Kemenkes, Buku KIA
 * 2023): KN1 6–48 hours, KN2 day 3–7, KN3 day 8–28. Danger signs follow MTBM (Manajemen Terpadu
 * Bayi Muda, Kemenkes) as printed in the Buku KIA.
 */

/** The neonatal period: day 0–28. */
export const NEONATAL_MAX_DAYS = 28;
/** Band bounds in days after birth: < 3 → KN1, < 8 → KN2, < 29 → KN3. */
export const KN_BOUNDS_DAYS = [3, 8, 29];
/** Birth weight < 2500 g = BBLR (berat badan lahir rendah), WHO / Kemenkes. */
export const BBLR_BELOW_G = 2500;
/**
 * Birth weight < 1500 g = very low birth weight (WHO): needs facility care, refer. The exact
 * referral cut-off used by the local MTBM chart should be confirmed by a bidan.
 */
export const VLBW_BELOW_G = 1500;
/** Breathing ≥ 60 per minute = fast breathing in a young infant (MTBM / WHO IMCI). */
export const FAST_BREATHING_NEWBORN_PER_MIN = 60;
/** Axillary temperature ≥ 37.5 °C = fever in a young infant (MTBM / WHO IMCI). */
export const NEWBORN_FEVER_C = 37.5;
/** Temperature < 36.5 °C = hypothermia (WHO thermal protection of the newborn). */
export const NEWBORN_HYPOTHERMIA_BELOW_C = 36.5;
/** HB0 within 24 hours of birth, and no later than 7 days (Kemenkes imunisasi). */
export const HB0_LATEST_DAYS = 7;

export const NEONATAL_V1: FormDefinition = {
  id: "neonatal",
  version: 1,
  title: t("Kunjungan neonatal (KN)", "Newborn visit (KN)"),
  cluster: 2,
  appliesTo: { maxAgeDays: NEONATAL_MAX_DAYS + 1 },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "kelahiran",
      title: t("Data kelahiran", "Birth data"),
      fields: [
        {
          id: "tanggal_lahir", type: "date", required: true, label: t("Tanggal lahir", "Date of birth"),
          range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: NEONATAL_MAX_DAYS },
        },
        {
          id: "jam_lahir", type: "text", maxLength: 5, label: t("Jam lahir (JJ:MM)", "Time of birth (HH:MM)"),
          pattern: { regex: "^([01]\\d|2[0-3]):[0-5]\\d$", message: t("Tulis jam seperti 07:45 (00:00–23:59)", "Write the time like 07:45 (00:00–23:59)") },
        },
        {
          id: "umur_hari", type: "computed", expr: { fn: "daysBetween", from: "tanggal_lahir", to: "$visitDate" },
          label: t("Umur bayi", "Baby's age"), display: { kind: "number", unit: "hari" },
        },
        {
          id: "kunjungan_kn", type: "computed", expr: { fn: "band", field: "umur_hari", bounds: KN_BOUNDS_DAYS },
          label: t("Kunjungan neonatal (KN ke-)", "Newborn visit (KN number)"), display: { kind: "number", unit: "" },
        },
        {
          id: "tempat_lahir", type: "single", required: true, label: t("Tempat lahir", "Place of birth"),
          options: [opt("faskes", "Fasilitas kesehatan", "Health facility"), opt("rumah", "Rumah", "Home"), opt("perjalanan", "Dalam perjalanan", "On the way")],
        },
        { id: "berat_lahir", type: "number", unit: "gram", min: 300, max: 6500, decimals: 0, required: true, label: t("Berat lahir", "Birth weight") },
        { id: "panjang_lahir", type: "number", unit: "cm", min: 25, max: 65, decimals: 1, label: t("Panjang lahir", "Birth length") },
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan hari ini", "Today's examination"),
      fields: [
        { id: "berat_sekarang", type: "number", unit: "gram", min: 300, max: 8000, decimals: 0, label: t("Berat badan hari ini", "Weight today") },
        { id: "suhu", type: "number", unit: "°C", min: 30, max: 43, decimals: 1, label: t("Suhu badan (ketiak)", "Temperature (axillary)") },
        { id: "napas", type: "number", unit: "x/menit", min: 10, max: 150, decimals: 0, label: t("Frekuensi napas (hitung 1 menit)", "Breathing rate (count 1 minute)") },
        {
          id: "tali_pusat", type: "single", required: true, label: t("Tali pusat", "Umbilical cord"),
          options: [opt("normal", "Kering, bersih", "Dry, clean"), opt("basah", "Basah atau berbau", "Wet or smelly"), opt("merah_meluas", "Kemerahan meluas ke kulit perut / bernanah", "Redness spreading to the abdomen / pus")],
        },
      ],
    },
    {
      id: "pelayanan",
      title: t("Pelayanan esensial", "Essential newborn care"),
      fields: [
        { id: "vitamin_k", type: "yesno", required: true, label: t("Sudah mendapat vitamin K1 injeksi?", "Vitamin K1 injection given?") },
        {
          id: "hb0", type: "single", required: true, label: t("Imunisasi hepatitis B (HB0)", "Hepatitis B birth dose (HB0)"),
          options: [opt("kurang_24_jam", "Sudah, < 24 jam setelah lahir", "Given, < 24 hours after birth"), opt("1_7_hari", "Sudah, umur 1–7 hari", "Given, at 1–7 days"), opt("belum", "Belum", "Not yet")],
        },
        { id: "salep_mata", type: "yesno", label: t("Sudah mendapat salep mata antibiotik?", "Antibiotic eye ointment given?") },
        { id: "asi_eksklusif", type: "yesno", required: true, label: t("Hanya diberi ASI (ASI eksklusif)?", "Breast milk only (exclusive breastfeeding)?") },
      ],
    },
    {
      id: "tanda_bahaya",
      title: t("Tanda bahaya bayi baru lahir", "Newborn danger signs"),
      fields: [
        dangerSigns("tanda_bahaya", [
          opt("tidak_mau_menyusu", "Tidak mau menyusu atau memuntahkan semua", "Not feeding or vomiting everything"),
          opt("kejang", "Kejang", "Convulsions"),
          opt("lemah", "Lemah, bergerak hanya jika dirangsang", "Lethargic, moves only when stimulated"),
          opt("napas_cepat", "Napas cepat (≥ 60 x/menit)", "Fast breathing (≥ 60/min)"),
          opt("tarikan_dada", "Tarikan dinding dada ke dalam yang kuat", "Severe chest indrawing"),
          opt("merintih", "Merintih", "Grunting"),
          opt("demam_dingin", "Demam (≥ 37,5 °C) atau teraba dingin", "Fever (≥ 37.5 °C) or cold to touch"),
          opt("kuning", "Kulit kuning sampai telapak tangan/kaki, atau kuning < 24 jam", "Yellow skin to palms/soles, or jaundice < 24 hours"),
          opt("diare", "Diare atau muntah terus", "Diarrhoea or persistent vomiting"),
        ]),
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    {
      field: "tanggal_lahir",
      when: { field: "tanggal_lahir", op: "ne", ref: "$birthDate" },
      message: t("Berbeda dengan tanggal lahir di data bayi: perbaiki salah satunya", "Differs from the baby's registered birth date: correct one of them"),
    },
    {
      field: "hb0",
      when: { all: [{ field: "hb0", op: "eq", value: "1_7_hari" }, { field: "umur_hari", op: "lt", value: 1 }] },
      message: t("Bayi belum berumur 1 hari", "The baby is not yet 1 day old"),
    },
  ],
  flags: [
    refer("tanda_bahaya", anySign("tanda_bahaya"), t("Ada tanda bahaya bayi baru lahir: rujuk segera", "Newborn danger sign: refer now"),
      t("Rujuk hari ini ke puskesmas (PONED) atau rumah sakit; jaga bayi tetap hangat dan tetap menyusu selama perjalanan.", "Refer today to the puskesmas (PONED) or hospital; keep the baby warm and breastfeeding on the way.")),
    refer("napas_cepat", { field: "napas", op: "gte", value: FAST_BREATHING_NEWBORN_PER_MIN }, t("Napas cepat (≥ 60 x/menit): rujuk", "Fast breathing (≥ 60/min): refer"),
      t("Hitung ulang saat bayi tenang; bila tetap ≥ 60 rujuk hari ini (kemungkinan infeksi berat).", "Count again when the baby is calm; if still ≥ 60 refer today (possible serious infection).")),
    refer("demam", { field: "suhu", op: "gte", value: NEWBORN_FEVER_C }, t("Demam pada bayi muda (≥ 37,5 °C): rujuk", "Fever in a young infant (≥ 37.5 °C): refer"),
      t("Rujuk hari ini ke puskesmas (kemungkinan infeksi bakteri).", "Refer today to the puskesmas (possible bacterial infection).")),
    refer("infeksi_tali_pusat", { field: "tali_pusat", op: "eq", value: "merah_meluas" }, t("Infeksi tali pusat berat: rujuk", "Severe umbilical infection: refer"),
      t("Rujuk hari ini ke puskesmas.", "Refer today to the puskesmas.")),
    refer("bblsr", { field: "berat_lahir", op: "lt", value: VLBW_BELOW_G }, t("Berat lahir sangat rendah (< 1500 g): rujuk", "Very low birth weight (< 1500 g): refer"),
      t("Rujuk ke rumah sakit untuk perawatan bayi berat lahir sangat rendah.", "Refer to hospital for very-low-birth-weight care."), "rumah_sakit"),
    risk("bblr", { field: "berat_lahir", op: "lt", value: BBLR_BELOW_G }, t("BBLR (berat lahir < 2500 g)", "Low birth weight (< 2500 g)"),
      t("Ajarkan perawatan metode kanguru dan menyusui sesering mungkin; timbang tiap minggu.", "Teach kangaroo mother care and frequent breastfeeding; weigh weekly.")),
    risk("hipotermia", { field: "suhu", op: "lt", value: NEWBORN_HYPOTHERMIA_BELOW_C }, t("Suhu rendah (< 36,5 °C)", "Low temperature (< 36.5 °C)"),
      t("Hangatkan dengan kontak kulit ke kulit; ukur ulang dalam 1 jam, bila tetap rendah rujuk.", "Warm with skin-to-skin contact; measure again in 1 hour, refer if still low.")),
    risk("tali_pusat", { field: "tali_pusat", op: "eq", value: "basah" }, t("Tali pusat basah atau berbau", "Wet or smelly umbilical cord"),
      t("Ajarkan perawatan tali pusat kering dan bersih; periksa lagi dalam 2 hari.", "Teach dry, clean cord care; check again in 2 days.")),
    risk("hb0_belum", { field: "hb0", op: "eq", value: "belum" }, t("HB0 belum diberikan", "HB0 not yet given"),
      t("Beri HB0 hari ini bila umur ≤ 7 hari; bila lewat, lanjutkan jadwal DPT-HB-Hib.", "Give HB0 today if aged ≤ 7 days; if later, continue the DPT-HB-Hib schedule.")),
    risk("vitamin_k_belum", { field: "vitamin_k", op: "eq", value: false }, t("Vitamin K1 belum diberikan", "Vitamin K1 not given"),
      t("Beri vitamin K1 injeksi hari ini.", "Give the vitamin K1 injection today.")),
    risk("tidak_asi_eksklusif", { field: "asi_eksklusif", op: "eq", value: false }, t("Bayi tidak mendapat ASI eksklusif", "Baby not exclusively breastfed"),
      t("Konseling menyusui; bantu posisi dan pelekatan.", "Breastfeeding counselling; help with positioning and attachment.")),
  ],
};
