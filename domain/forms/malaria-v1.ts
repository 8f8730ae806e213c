import { anySign, dangerSigns, opt, refer, risk, t } from "./common.ts";
import type { Condition, FormDefinition } from "./types.ts";

/**
 * Malaria (Klaster 4; high endemic in Papua): fever, RDT or microscopy, result, species,
 * treatment. Treatment names follow the Kemenkes Pedoman Tata Laksana Malaria (2020): DHP for
 * uncomplicated malaria with primakuin (1 day for falciparum, 14 days for vivax/ovale), and
 * injectable artesunate before referral for severe malaria.
 */

/** Temperature ≥ 37.5 °C = fever (Kemenkes tata laksana malaria). */
export const MALARIA_FEVER_C = 37.5;

const positive: Condition = { field: "hasil", op: "eq", value: "positif" };
const tested: Condition = { field: "jenis_tes", op: "in", value: ["rdt", "mikroskopis"] };

export const MALARIA_V1: FormDefinition = {
  id: "malaria",
  version: 1,
  title: t("Pemeriksaan malaria", "Malaria check"),
  cluster: 4,
  sections: [
    {
      id: "gejala",
      title: t("Gejala", "Symptoms"),
      fields: [
        { id: "demam", type: "yesno", required: true, label: t("Demam sekarang atau dalam 48 jam terakhir?", "Fever now or in the last 48 hours?") },
        { id: "suhu", type: "number", unit: "°C", min: 34, max: 43, decimals: 1, label: t("Suhu badan", "Body temperature") },
        dangerSigns("tanda_berat", [
          opt("kesadaran", "Kesadaran menurun / sangat lemah", "Reduced consciousness / prostration"),
          opt("kejang", "Kejang", "Convulsions"),
          opt("tidak_bisa_minum", "Tidak bisa makan atau minum, muntah terus", "Cannot eat or drink, persistent vomiting"),
          opt("sesak", "Sesak napas", "Breathing difficulty"),
          opt("perdarahan", "Perdarahan", "Bleeding"),
          opt("kuning", "Kulit/mata kuning", "Jaundice"),
          opt("urin_gelap", "Air kencing seperti teh / sangat sedikit", "Tea-coloured or very little urine"),
          opt("pucat_berat", "Sangat pucat", "Severe pallor"),
        ], t("Tanda malaria berat", "Signs of severe malaria")),
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan darah", "Blood test"),
      fields: [
        {
          id: "jenis_tes", type: "single", required: true, label: t("Pemeriksaan", "Test"),
          options: [opt("rdt", "RDT (tes cepat)", "RDT (rapid test)"), opt("mikroskopis", "Mikroskopis", "Microscopy"), opt("tidak", "Tidak diperiksa", "Not tested")],
        },
        {
          id: "hasil", type: "single", required: true, showIf: tested, label: t("Hasil", "Result"),
          options: [opt("positif", "Positif", "Positive"), opt("negatif", "Negatif", "Negative")],
        },
        {
          id: "spesies", type: "single", required: true, showIf: positive, label: t("Jenis plasmodium", "Plasmodium species"),
          options: [
            opt("pf", "P. falciparum", "P. falciparum"), opt("pv", "P. vivax", "P. vivax"), opt("pm", "P. malariae", "P. malariae"),
            opt("po", "P. ovale", "P. ovale"), opt("pk", "P. knowlesi", "P. knowlesi"), opt("mix", "Campuran (mix)", "Mixed"),
            opt("tidak_diketahui", "Tidak dapat ditentukan (RDT)", "Cannot tell (RDT)"),
          ],
        },
      ],
    },
    {
      id: "pengobatan",
      title: t("Pengobatan", "Treatment"),
      fields: [
        {
          id: "pengobatan", type: "single", required: true, showIf: positive, label: t("Pengobatan diberikan", "Treatment given"),
          options: [
            opt("dhp_primakuin", "DHP + primakuin", "DHP + primaquine"),
            opt("dhp", "DHP saja (mis. ibu hamil, bayi < 6 bulan)", "DHP only (e.g. pregnant, infant < 6 months)"),
            opt("artesunat_rujuk", "Artesunat injeksi lalu rujuk", "Injectable artesunate, then referral"),
            opt("lainnya", "Lainnya", "Other"),
            opt("belum", "Belum diobati", "Not treated yet"),
          ],
        },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  flags: [
    refer("malaria_berat", anySign("tanda_berat"), t("Tanda malaria berat: rujuk segera", "Signs of severe malaria: refer now"),
      t("Beri artesunat injeksi bila tersedia, lalu rujuk hari ini ke rumah sakit.", "Give injectable artesunate if available, then refer today to hospital."), "rumah_sakit"),
    refer("positif_belum_diobati", { all: [positive, { field: "pengobatan", op: "eq", value: "belum" }] }, t("Malaria positif belum diobati: rujuk", "Positive malaria not treated: refer"),
      t("Rujuk hari ini ke puskesmas untuk pengobatan.", "Refer today to the puskesmas for treatment.")),
    risk("malaria_positif", positive, t("Malaria positif", "Malaria positive"),
      t("Pastikan obat diminum sampai habis (primakuin 14 hari untuk vivax/ovale); periksa ulang hari ke-3, 7 dan 28.", "Make sure the course is finished (primaquine 14 days for vivax/ovale); follow up on days 3, 7 and 28.")),
    risk("demam_belum_dites", { all: [{ any: [{ field: "demam", op: "eq", value: true }, { field: "suhu", op: "gte", value: MALARIA_FEVER_C }] }, { field: "jenis_tes", op: "eq", value: "tidak" }] },
      t("Demam belum diperiksa malaria", "Fever not tested for malaria"),
      t("Periksa RDT atau mikroskopis hari ini (semua demam di daerah endemis harus dites).", "Do an RDT or microscopy today (every fever in an endemic area must be tested).")),
  ],
};
