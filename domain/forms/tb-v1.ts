import { opt, refer, risk, t } from "./common.ts";
import type { Condition, FormDefinition } from "./types.ts";

/**
 * TB (Klaster 4): symptom screening, and contact investigation when this person is a confirmed
 * index case. Contacts are screened with this same form on each household member; the rules
 * (domain/rules/tasks.ts) make one screening task per member and close it with that record.
 *
 * Terduga TB (presumptive TB), our reading of Kemenkes (Juknis penanggulangan TBC 2023; ILP
 * brief): cough ≥ 2 weeks; or a cough of any length with another symptom; or, in a contact of
 * a TB patient or a person with HIV, any symptom. A bidan should review this rule.
 */

/** Cough lasting 2 weeks or more (Kemenkes skrining gejala TBC). */
export const TB_COUGH_WEEKS = 2;
/** Contact investigation covers household members of a confirmed index case (Kemenkes Juknis Investigasi Kontak 2019). */
export const TB_INDEX_STATUSES = ["terkonfirmasi_bakteriologis", "terdiagnosis_klinis"] as const;

const yes = (id: string): Condition => ({ field: id, op: "eq", value: true });
const screening: Condition = { field: "jenis_kunjungan", op: "eq", value: "skrining" };
const contactMode: Condition = { field: "jenis_kunjungan", op: "eq", value: "investigasi_kontak" };
const anyCough: Condition = { field: "batuk", op: "in", value: ["kurang_2_minggu", "2_minggu_lebih"] };
const otherSymptom: Condition = { any: [yes("demam"), yes("keringat_malam"), yes("bb_turun"), yes("benjolan_leher")] };
const anySymptom: Condition = { any: [anyCough, otherSymptom] };
const highRisk: Condition = { any: [yes("kontak_tb"), { field: "kelompok_risiko", op: "includes", value: "hiv" }] };

export const TB_PRESUMPTIVE: Condition = {
  all: [
    screening,
    {
      any: [
        { field: "batuk", op: "eq", value: "2_minggu_lebih" },
        { all: [anyCough, otherSymptom] },
        { all: [highRisk, anySymptom] },
      ],
    },
  ],
};

export const TB_V1: FormDefinition = {
  id: "tb",
  version: 1,
  title: t("Skrining dan investigasi kontak TBC", "TB screening and contact investigation"),
  cluster: 4,
  sections: [
    {
      id: "jenis",
      title: t("Jenis kunjungan", "Visit type"),
      fields: [
        {
          id: "jenis_kunjungan", type: "single", required: true, label: t("Jenis kunjungan", "Visit type"),
          options: [
            opt("skrining", "Skrining gejala TBC", "TB symptom screening"),
            opt("investigasi_kontak", "Orang ini pasien TBC (kasus indeks): mulai investigasi kontak serumah", "This person has TB (index case): start household contact investigation"),
          ],
        },
      ],
    },
    {
      id: "gejala",
      title: t("Gejala", "Symptoms"),
      fields: [
        {
          id: "batuk", type: "single", required: true, showIf: screening, label: t("Batuk", "Cough"),
          options: [opt("tidak", "Tidak batuk", "No cough"), opt("kurang_2_minggu", "Batuk kurang dari 2 minggu", "Cough under 2 weeks"), opt("2_minggu_lebih", "Batuk 2 minggu atau lebih", "Cough 2 weeks or more")],
        },
        { id: "demam", type: "yesno", required: true, showIf: screening, label: t("Demam hilang timbul tanpa sebab jelas?", "Fever on and off without a clear cause?") },
        { id: "keringat_malam", type: "yesno", required: true, showIf: screening, label: t("Berkeringat malam tanpa kegiatan?", "Night sweats without exertion?") },
        { id: "bb_turun", type: "yesno", required: true, showIf: screening, label: t("Berat badan turun atau nafsu makan turun tanpa sebab (anak: BB tidak naik 2 bulan)?", "Weight or appetite loss without a cause (child: no weight gain for 2 months)?") },
        { id: "benjolan_leher", type: "yesno", showIf: screening, label: t("Benjolan (pembesaran kelenjar) di leher?", "Lump (swollen gland) in the neck?") },
        { id: "kontak_tb", type: "yesno", required: true, showIf: screening, label: t("Tinggal serumah atau kontak erat dengan pasien TBC?", "Lives with or in close contact with a TB patient?") },
        {
          id: "kelompok_risiko", type: "multi", showIf: screening, exclusive: "tidak_ada", label: t("Kelompok risiko", "Risk groups"),
          options: [opt("tidak_ada", "Tidak ada", "None"), opt("hiv", "ODHIV", "Living with HIV"), opt("dm", "Diabetes", "Diabetes"), opt("merokok", "Perokok", "Smoker"), opt("gizi_kurang", "Gizi kurang", "Undernourished"), opt("lansia", "Lansia", "Older person")],
        },
        {
          id: "hasil_tcm", type: "single", showIf: screening, label: t("Hasil TCM (bila sudah diperiksa)", "Rapid molecular test (TCM) result, if done"),
          options: [
            opt("belum", "Belum diperiksa", "Not tested yet"),
            opt("negatif", "MTB tidak terdeteksi", "MTB not detected"),
            opt("positif_rif_sensitif", "MTB terdeteksi, rifampisin sensitif", "MTB detected, rifampicin sensitive"),
            opt("positif_rif_resisten", "MTB terdeteksi, rifampisin resisten", "MTB detected, rifampicin resistant"),
            opt("invalid", "Invalid / error", "Invalid / error"),
          ],
        },
      ],
    },
    {
      id: "indeks",
      title: t("Kasus indeks", "Index case"),
      fields: [
        {
          id: "status_indeks", type: "single", required: true, showIf: contactMode, label: t("Diagnosis kasus indeks", "Index case diagnosis"),
          options: [opt("terkonfirmasi_bakteriologis", "TBC terkonfirmasi bakteriologis", "Bacteriologically confirmed TB"), opt("terdiagnosis_klinis", "TBC terdiagnosis klinis", "Clinically diagnosed TB")],
        },
        {
          id: "tanggal_diagnosis", type: "date", required: true, showIf: contactMode, label: t("Tanggal diagnosis", "Date of diagnosis"),
          range: { relativeTo: "$visitDate", minDaysBefore: 0, maxDaysBefore: 366 },
        },
        { id: "mulai_pengobatan", type: "yesno", required: true, showIf: contactMode, label: t("Sudah mulai minum obat TBC?", "Started TB treatment?") },
        { id: "jumlah_kontak_serumah", type: "number", unit: "orang", min: 0, max: 50, decimals: 0, required: true, showIf: contactMode, label: t("Jumlah kontak serumah", "Household contacts") },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  flags: [
    refer("terduga", TB_PRESUMPTIVE, t("Terduga TBC: rujuk untuk pemeriksaan TCM", "Presumptive TB: refer for a rapid molecular test (TCM)"),
      t("Ambil atau antar dahak ke laboratorium TCM (puskesmas) dalam 7 hari; ajari etika batuk.", "Collect or take sputum to the TCM laboratory (puskesmas) within 7 days; teach cough etiquette."), "lab_tcm"),
    refer("tcm_positif", { field: "hasil_tcm", op: "in", value: ["positif_rif_sensitif", "positif_rif_resisten"] }, t("TCM positif: mulai pengobatan TBC", "TCM positive: start TB treatment"),
      t("Rujuk ke puskesmas untuk mulai pengobatan hari ini; catat sebagai kasus indeks untuk investigasi kontak.", "Refer to the puskesmas to start treatment today; record as an index case for contact investigation.")),
    risk("kasus_indeks", contactMode, t("Pasien TBC: investigasi kontak serumah", "TB patient: household contact investigation"),
      t("Skrining gejala semua anggota rumah dalam 2 minggu; pantau minum obat.", "Screen every household member for symptoms within 2 weeks; support treatment.")),
  ],
};
