import { anySign, bpCheck, bpFields, dangerSigns, hbField, hypertensionWhen, opt, refer, risk, t } from "./common.ts";
import type { FormDefinition } from "./types.ts";

/**
 * Nifas (postpartum) visit, KF1–KF4. Windows from the ILP brief (Kemenkes, Buku KIA 2023):
 * KF1 6–48 hours, KF2 day 3–7, KF3 day 8–28, KF4 day 29–42 after birth. Without a time of
 * birth the form counts whole days: day 0–2 is KF1.
 */

/** Band bounds in days after birth: < 3 → KF1, < 8 → KF2, < 29 → KF3, < 43 → KF4. */
export const KF_BOUNDS_DAYS = [3, 8, 29, 43];
/** The nifas period ends 42 days after birth (Kemenkes). */
export const NIFAS_MAX_DAYS = 42;
/** Temperature ≥ 38 °C = fever, a nifas danger sign (Kemenkes Buku KIA: demam). */
export const FEVER_C = 38;
/**
 * Hb < 11 g/dL = anaemia after birth. Our reading of Kemenkes practice (the same cut-off as in
 * pregnancy); WHO uses < 12 for non-pregnant women. A bidan should confirm this cut-off.
 */
export const HB_ANEMIA_POSTPARTUM_G_DL = 11;
/** Vitamin A for ibu nifas: 2 red capsules (200,000 IU), the second 24 hours after the first (Kemenkes). */
export const VITAMIN_A_NIFAS_CAPSULES = 2;

export const NIFAS_V1: FormDefinition = {
  id: "nifas",
  version: 1,
  title: t("Kunjungan nifas (KF)", "Postpartum visit (KF)"),
  cluster: 2,
  appliesTo: { sex: "P", postpartum: true },
  needs: ["sex"],
  sections: [
    {
      id: "persalinan",
      title: t("Persalinan", "Birth"),
      fields: [
        {
          id: "tanggal_persalinan", type: "date", required: true, label: t("Tanggal persalinan", "Date of birth (delivery)"),
          range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: NIFAS_MAX_DAYS },
        },
        {
          id: "hari_nifas", type: "computed", expr: { fn: "daysBetween", from: "tanggal_persalinan", to: "$visitDate" },
          label: t("Hari ke- setelah persalinan", "Days after birth"), display: { kind: "number", unit: "hari" },
        },
        {
          id: "kunjungan_kf", type: "computed", expr: { fn: "band", field: "hari_nifas", bounds: KF_BOUNDS_DAYS },
          label: t("Kunjungan nifas (KF ke-)", "Postpartum visit (KF number)"), display: { kind: "number", unit: "" },
        },
        {
          id: "tempat_persalinan", type: "single", required: true, label: t("Tempat persalinan", "Place of birth"),
          options: [
            opt("faskes", "Fasilitas kesehatan (puskesmas, pustu, klinik, RS)", "Health facility"),
            opt("rumah", "Rumah", "Home"),
            opt("perjalanan", "Dalam perjalanan", "On the way"),
          ],
        },
        {
          id: "penolong", type: "single", required: true, label: t("Penolong persalinan", "Birth attendant"),
          options: [opt("bidan", "Bidan", "Midwife"), opt("dokter", "Dokter", "Doctor"), opt("dukun", "Dukun / bukan tenaga kesehatan", "Traditional attendant / not a health worker"), opt("sendiri", "Tanpa penolong", "Unattended")],
        },
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan", "Examination"),
      fields: [
        ...bpFields(),
        { id: "suhu", type: "number", unit: "°C", min: 34, max: 43, decimals: 1, label: t("Suhu badan", "Body temperature") },
        hbField(),
        {
          id: "perdarahan", type: "single", required: true, label: t("Perdarahan (lokia)", "Bleeding (lochia)"),
          options: [opt("normal", "Normal", "Normal"), opt("banyak", "Banyak (ganti pembalut > 2 kali per jam)", "Heavy (pad changed > 2 times an hour)"), opt("berbau", "Berbau busuk", "Foul-smelling")],
        },
      ],
    },
    {
      id: "tanda_bahaya",
      title: t("Tanda bahaya nifas", "Postpartum danger signs"),
      fields: [
        dangerSigns("tanda_bahaya", [
          opt("perdarahan", "Perdarahan banyak dari jalan lahir", "Heavy bleeding from the birth canal"),
          opt("cairan_berbau", "Keluar cairan berbau dari jalan lahir", "Foul-smelling discharge"),
          opt("demam", "Demam lebih dari 2 hari", "Fever for more than 2 days"),
          opt("sakit_kepala", "Sakit kepala hebat, pandangan kabur, bengkak wajah/tangan/kaki", "Severe headache, blurred vision, swollen face/hands/feet"),
          opt("kejang", "Kejang", "Convulsions"),
          opt("nyeri_tungkai", "Tungkai nyeri, merah atau bengkak", "Painful, red or swollen leg"),
          opt("payudara", "Payudara bengkak, merah dan sakit", "Breast swollen, red and painful"),
          opt("sedih", "Sangat sedih, murung, menangis tanpa sebab, ingin menyakiti diri/bayi", "Very sad, withdrawn, crying without reason, wanting to harm herself/the baby"),
        ]),
      ],
    },
    {
      id: "pelayanan",
      title: t("Menyusui, KB dan pelayanan", "Breastfeeding, family planning and care"),
      fields: [
        {
          id: "menyusui", type: "single", required: true, label: t("Pemberian ASI", "Breastfeeding"),
          options: [opt("eksklusif", "ASI saja (eksklusif)", "Breast milk only (exclusive)"), opt("campuran", "ASI dan susu formula/makanan lain", "Breast milk and formula/other food"), opt("tidak", "Tidak menyusui", "Not breastfeeding")],
        },
        { id: "masalah_menyusui", type: "yesno", label: t("Ada masalah menyusui (puting lecet, ASI sedikit, bayi sulit menyusu)?", "Breastfeeding problems (sore nipples, little milk, baby struggles to feed)?") },
        {
          id: "vitamin_a_nifas", type: "single", label: t("Vitamin A ibu nifas (kapsul merah)", "Postpartum vitamin A (red capsule)"),
          hint: t(`${VITAMIN_A_NIFAS_CAPSULES} kapsul: segera setelah persalinan dan 24 jam kemudian`, `${VITAMIN_A_NIFAS_CAPSULES} capsules: right after birth and 24 hours later`),
          showIf: { field: "kunjungan_kf", op: "eq", value: 1 },
          options: [opt("dua", "Sudah 2 kapsul", "2 capsules given"), opt("satu", "Baru 1 kapsul", "1 capsule given"), opt("belum", "Belum", "Not yet")],
        },
        { id: "ttd_diberikan", type: "number", unit: "tablet", min: 0, max: 90, decimals: 0, label: t("Tablet tambah darah (TTD) diberikan", "Iron-folic acid tablets given") },
        { id: "konseling_kb", type: "yesno", required: true, label: t("Konseling KB pascapersalinan diberikan?", "Postpartum family planning counselling given?") },
        {
          id: "metode_kb", type: "single", label: t("Metode KB yang dipilih", "Family planning method chosen"),
          options: [
            opt("belum", "Belum memilih", "Not chosen yet"), opt("iud", "AKDR/IUD", "IUD"), opt("implan", "Implan", "Implant"),
            opt("suntik", "Suntik", "Injectable"), opt("pil", "Pil", "Pill"), opt("kondom", "Kondom", "Condom"),
            opt("mow", "Tubektomi (MOW)", "Tubal ligation"), opt("mal", "MAL (menyusui)", "Lactational amenorrhoea"),
          ],
        },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [bpCheck()],
  flags: [
    refer("tanda_bahaya", anySign("tanda_bahaya"), t("Ada tanda bahaya nifas: rujuk segera", "Postpartum danger sign: refer now"),
      t("Rujuk hari ini ke puskesmas (PONED) atau rumah sakit; dampingi ibu.", "Refer today to the puskesmas (PONED) or hospital; accompany the mother.")),
    refer("hipertensi", hypertensionWhen(), t("Hipertensi nifas (TD ≥ 140/90): rujuk", "Postpartum hypertension (BP ≥ 140/90): refer"),
      t("Ukur ulang setelah istirahat; bila tetap ≥ 140/90 rujuk hari ini (risiko preeklampsia pascapersalinan).", "Measure again after rest; if still ≥ 140/90 refer today (risk of postpartum pre-eclampsia).")),
    refer("demam", { field: "suhu", op: "gte", value: FEVER_C }, t("Demam (suhu ≥ 38 °C): rujuk", "Fever (≥ 38 °C): refer"),
      t("Rujuk ke puskesmas untuk mencari infeksi nifas.", "Refer to the puskesmas to look for postpartum infection.")),
    refer("perdarahan", { field: "perdarahan", op: "in", value: ["banyak", "berbau"] }, t("Perdarahan banyak atau lokia berbau: rujuk", "Heavy bleeding or foul lochia: refer"),
      t("Rujuk hari ini ke puskesmas (PONED) atau rumah sakit.", "Refer today to the puskesmas (PONED) or hospital.")),
    risk("anemia", { field: "hb", op: "lt", value: HB_ANEMIA_POSTPARTUM_G_DL }, t("Anemia nifas (Hb < 11 g/dL)", "Postpartum anaemia (Hb < 11 g/dL)"),
      t("Lanjutkan TTD setiap hari selama nifas; periksa Hb ulang di kunjungan berikutnya.", "Continue daily iron tablets through the postpartum period; check Hb again at the next visit.")),
    risk("tidak_asi_eksklusif", { field: "menyusui", op: "in", value: ["campuran", "tidak"] }, t("Bayi tidak mendapat ASI eksklusif", "Baby not exclusively breastfed"),
      t("Konseling menyusui; bantu posisi dan pelekatan; kunjungi lagi dalam 1 minggu.", "Breastfeeding counselling; help with positioning and attachment; visit again within a week.")),
    risk("masalah_menyusui", { field: "masalah_menyusui", op: "eq", value: true }, t("Ada masalah menyusui", "Breastfeeding problem"),
      t("Konseling menyusui dan periksa payudara; kunjungi lagi dalam 3 hari.", "Breastfeeding counselling and breast check; visit again within 3 days.")),
  ],
};
