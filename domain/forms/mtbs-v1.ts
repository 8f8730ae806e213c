import { BALITA_HEAD_RANGE_CM, BALITA_LENGTH_RANGE_CM, BALITA_LILA_RANGE_CM, BALITA_MAX_AGE_MONTHS, BALITA_WEIGHT_RANGE_KG, LILA_FROM_MONTHS } from "./balita-v1.ts";
import { ageMonthsAtLeast, anySign, dangerSigns, opt, t } from "./common.ts";
import type { Condition, Flag, FormDefinition, Text } from "./types.ts";

/**
 * MTBS (Manajemen Terpadu Balita Sakit, IMCI) for a sick child aged 2 months up to 5 years at the
 * pustu: general danger signs, cough or difficult breathing, diarrhoea, fever (malaria, measles,
 * dengue), nutrition and anaemia. Each symptom is classified by colour as the chart booklet does:
 *   merah  (pink): severe, refer urgently   → severity "refer", colour "merah" (URGENT_FLAGS)
 *   kuning (yellow): treat at the pustu and come back for a follow-up visit
 *                                           → severity "risk",  colour "kuning" (task: tasks-mtbs.ts)
 *   hijau  (green): home care               → severity "info",  colour "hijau" (shown, no action owed)
 * Within one symptom only the most severe row shows: the booklet's tables are read top-down and
 * the first row that matches wins, written here as "this row AND NOT the rows above".
 *
 * The young infant (< 2 months: MTBM, Manajemen Terpadu Bayi Muda) has its own chart and is out of
 * scope: the neonatal form covers the danger signs of the first weeks. Ear problems, HIV, TB
 * contact and the immunisation/vitamin A check of the chart are not asked here (the imunisasi and
 * balita forms hold the latter).
 *
 * The nutrition classification needs the WHO weight-for-length/height z-score: like the balita
 * form, it is derived in domain/rules/derive.ts (case "mtbs") with domain/growth, from the fields
 * bb, panjang_tinggi, posisi_ukur, lila and edema below, and the danger signs / other red
 * classifications as "complications".
 */

/**
 * The edition followed. The rows below were written from the WHO IMCI Chart Booklet (March 2014),
 * which the Indonesian 2015 edition adapts, and from what is known of the Indonesian adaptation
 * (PNEUMONIA BERAT includes chest indrawing; DBD and "kunjungan ulang" days). The Indonesian text
 * itself could not be opened while writing this: every figure marked "to check" below must be
 * checked against the printed Buku Bagan by a bidan/dokter MTBS trainer before use.
 */
export const MTBS_EDITION = "Buku Bagan MTBS, Kemenkes RI, 2015 (adaptasi WHO IMCI Chart Booklet 2014)";
export const MTBS_TEXT_CONFIRMED = false;

/** MTBS "anak umur 2 bulan sampai 5 tahun"; under 2 months = MTBM (Buku Bagan MTBS 2015; WHO IMCI 2014, "Sick child age 2 months up to 5 years"). */
export const MTBS_MIN_AGE_MONTHS = 2;
export const MTBS_MAX_AGE_MONTHS = BALITA_MAX_AGE_MONTHS; // 60: "sampai 5 tahun" (< 60 months)

/** Napas cepat: 2–< 12 months ≥ 50/min; 12 months–< 5 years ≥ 40/min (WHO IMCI Chart Booklet 2014, "Cough or difficult breathing"; MTBS 2015 "Batuk atau sukar bernapas"). */
export const NAPAS_CEPAT_BAYI_MIN = 50;
export const NAPAS_CEPAT_ANAK_MIN = 40;
export const NAPAS_CEPAT_ANAK_FROM_MONTHS = 12;
/**
 * The chart's "12 months" is the first birthday (calendar age), so the boundary reads $ageYears
 * (completed calendar years), not $ageMonths: 12 WHO months are 365.25 days, which would keep a
 * child on the first birthday (365 days) in the 2–<12 months row for one more day.
 */
export const NAPAS_CEPAT_ANAK_FROM_YEARS = NAPAS_CEPAT_ANAK_FROM_MONTHS / 12;
/** SpO2 < 90 % = severe (WHO IMCI Chart Booklet 2014, "Cough or difficult breathing" "oxygen saturation < 90%" where a pulse oximeter is available). Indonesian row: to check. */
export const SATURASI_BERAT_BELOW = 90;
/** Cough for more than 14 days → refer for TB/asthma assessment (WHO IMCI 2014, "Cough or difficult breathing", COUGH OR COLD; MTBS 2015: to check). */
export const BATUK_LAMA_ABOVE_DAYS = 14;
/** Diarrhoea for 14 days or more = persistent (WHO IMCI 2014, "Diarrhoea"; MTBS 2015 "Diare persisten"). */
export const DIARE_PERSISTEN_FROM_DAYS = 14;
/** Fever every day for more than 7 days → refer for assessment (WHO IMCI 2014, "Fever"; MTBS 2015: to check). */
export const DEMAM_LAMA_ABOVE_DAYS = 7;

// Follow-up days per yellow classification: MTBS_FOLLOW_UP_DAYS in domain/rules/mtbs.ts (tasks-mtbs.ts reads them).

// --- building blocks --------------------------------------------------------------------------------

const yes = (field: string): Condition => ({ field, op: "eq", value: true });
const eq = (field: string, value: string): Condition => ({ field, op: "eq", value });
const not = (c: Condition): Condition => ({ not: c });
const all = (...c: Condition[]): Condition => ({ all: c });
const any = (...c: Condition[]): Condition => ({ any: c });
/** At least `n` of the conditions hold (every combination of n, written out: plain data). */
function atLeast(n: number, conds: Condition[]): Condition {
  const out: Condition[] = [];
  const pick = (start: number, chosen: Condition[]) => {
    if (chosen.length === n) return void out.push(all(...chosen));
    for (let i = start; i < conds.length; i++) pick(i + 1, [...chosen, conds[i]!]);
  };
  pick(0, []);
  return any(...out);
}

/** One classification of the chart: its colour decides severity (see the file comment). */
function klasifikasi(id: string, colour: "merah" | "kuning" | "hijau", when: Condition, label: Text, action: Text): Flag {
  if (colour === "merah") return { id, when, severity: "refer", colour, label, action, destination: "rumah_sakit" };
  return { id, when, severity: colour === "kuning" ? "risk" : "info", colour, label, action };
}

// --- conditions, top-down per symptom ------------------------------------------------------------------

/** Any general danger sign (tanda bahaya umum). */
export const TANDA_BAHAYA_UMUM: Condition = anySign("tanda_bahaya_umum");
const letargis: Condition = { field: "tanda_bahaya_umum", op: "includes", value: "letargis" };

const batuk = yes("batuk");
const napasCepat: Condition = any(
  all({ field: "$ageYears", op: "lt", value: NAPAS_CEPAT_ANAK_FROM_YEARS }, { field: "napas_per_menit", op: "gte", value: NAPAS_CEPAT_BAYI_MIN }),
  all({ field: "$ageYears", op: "gte", value: NAPAS_CEPAT_ANAK_FROM_YEARS }, { field: "napas_per_menit", op: "gte", value: NAPAS_CEPAT_ANAK_MIN }),
);
const pneumoniaBerat = all(batuk, any(TANDA_BAHAYA_UMUM, yes("tarikan_dinding_dada"), yes("stridor"), { field: "saturasi_o2", op: "lt", value: SATURASI_BERAT_BELOW }));
const pneumonia = all(batuk, napasCepat, not(pneumoniaBerat));
const batukBukanPneumonia = all(batuk, { field: "napas_per_menit", op: "answered" }, not(pneumoniaBerat), not(pneumonia));

const diare = yes("diare");
// Dehydration: two of the signs of a row. A skin pinch going back "very slowly" also goes back
// "slowly" (the yellow row), so a very slow pinch counts there too.
const dehidrasiBerat = all(diare, atLeast(2, [letargis, yes("mata_cekung"), eq("minum", "tidak_bisa_malas"), eq("cubitan_kulit", "sangat_lambat")]));
const dehidrasiRinganSedang = all(diare, not(dehidrasiBerat), atLeast(2, [
  yes("gelisah_rewel"), yes("mata_cekung"), eq("minum", "haus_lahap"), { field: "cubitan_kulit", op: "in", value: ["lambat", "sangat_lambat"] },
]));
const tanpaDehidrasi = all(diare, { field: "cubitan_kulit", op: "answered" }, not(dehidrasiBerat), not(dehidrasiRinganSedang));
const diareLama: Condition = { field: "diare_lama_hari", op: "gte", value: DIARE_PERSISTEN_FROM_DAYS };
const persistenBerat = all(diare, diareLama, any(dehidrasiBerat, dehidrasiRinganSedang));
const persisten = all(diare, diareLama, not(persistenBerat));
const disentri = all(diare, yes("diare_darah"));

const demam = yes("demam");
const risikoMalaria = any(yes("daerah_endemis_malaria"), yes("bepergian_endemis"));
const penyakitBeratDemam = all(demam, any(TANDA_BAHAYA_UMUM, yes("kaku_kuduk")));
const malaria = all(demam, risikoMalaria, eq("rdt_malaria", "positif"), not(penyakitBeratDemam));
const demamBukanMalaria = all(demam, not(penyakitBeratDemam), not(malaria),
  any(eq("rdt_malaria", "negatif"), all({ field: "daerah_endemis_malaria", op: "eq", value: false }, { field: "bepergian_endemis", op: "eq", value: false })));

const campak = all(demam, yes("tanda_campak"));
const campakBerat = all(campak, any(TANDA_BAHAYA_UMUM, yes("kornea_keruh"), eq("luka_mulut", "dalam_luas")));
const campakMataMulut = all(campak, not(campakBerat), any(yes("nanah_mata"), eq("luka_mulut", "ringan")));
const campakSaja = all(campak, { field: "luka_mulut", op: "answered" }, not(campakBerat), not(campakMataMulut));

const DBD_BERAT_SIGNS = ["syok", "muntah_darah", "berak_hitam", "perdarahan_hidung_gusi", "petekie_torniket_positif", "sering_muntah"] as const;
const DBD_MUNGKIN_SIGNS = ["demam_mendadak_tinggi", "nyeri_ulu_hati", "gelisah", "petekie_torniket_negatif"] as const;
const dbd = all(demam, any(...DBD_BERAT_SIGNS.map((v): Condition => ({ field: "tanda_dbd", op: "includes", value: v }))));
const mungkinDbd = all(demam, not(dbd), any(...DBD_MUNGKIN_SIGNS.map((v): Condition => ({ field: "tanda_dbd", op: "includes", value: v }))));
const bukanDbd = all(demam, { field: "tanda_dbd", op: "includes", value: "tidak_ada" });

const anemiaBerat = eq("pucat_telapak_tangan", "sangat_pucat");
const anemia = eq("pucat_telapak_tangan", "agak_pucat");
const tidakAnemia = eq("pucat_telapak_tangan", "tidak_pucat");

// --- the form ------------------------------------------------------------------------------------------

export const MTBS_V1: FormDefinition = {
  id: "mtbs",
  version: 1,
  title: t("MTBS (balita sakit 2 bulan–5 tahun)", "IMCI (sick child 2 months–5 years)"),
  cluster: 2,
  appliesTo: { minAgeMonths: MTBS_MIN_AGE_MONTHS, maxAgeMonths: MTBS_MAX_AGE_MONTHS },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "tanda_bahaya",
      title: t("Tanda bahaya umum", "General danger signs"),
      fields: [
        dangerSigns("tanda_bahaya_umum", [
          opt("tidak_bisa_minum", "Tidak bisa minum atau menyusu", "Not able to drink or breastfeed"),
          opt("muntah_semua", "Memuntahkan semua makanan/minuman", "Vomits everything"),
          opt("kejang", "Kejang (sekarang atau selama sakit ini)", "Convulsions (now or during this illness)"),
          opt("letargis", "Letargis atau tidak sadar", "Lethargic or unconscious"),
        ], t("Tanda bahaya umum", "General danger signs")),
      ],
    },
    {
      id: "batuk",
      title: t("Batuk atau sukar bernapas", "Cough or difficult breathing"),
      fields: [
        { id: "batuk", type: "yesno", required: true, label: t("Anak batuk atau sukar bernapas?", "Does the child have cough or difficult breathing?") },
        { id: "batuk_lama_hari", type: "number", unit: "hari", min: 0, max: 365, decimals: 0, required: true, showIf: batuk, label: t("Sudah berapa hari?", "For how many days?") },
        {
          id: "napas_per_menit", type: "number", unit: "/menit", min: 10, max: 120, decimals: 0, required: true, showIf: batuk,
          label: t("Hitung napas dalam 1 menit (anak tenang)", "Breaths counted in one minute (child calm)"),
          hint: t("Napas cepat: 2–<12 bulan ≥ 50/menit; 12 bulan–<5 tahun ≥ 40/menit", "Fast breathing: 2–<12 months ≥ 50/min; 12 months–<5 years ≥ 40/min"),
        },
        { id: "tarikan_dinding_dada", type: "yesno", required: true, showIf: batuk, label: t("Tarikan dinding dada ke dalam?", "Chest indrawing?") },
        { id: "stridor", type: "yesno", required: true, showIf: batuk, label: t("Stridor (anak tenang)?", "Stridor (calm child)?") },
        {
          id: "saturasi_o2", type: "number", unit: "%", min: 50, max: 100, decimals: 0, showIf: batuk,
          label: t("Saturasi oksigen (SpO₂)", "Oxygen saturation (SpO₂)"), hint: t("Isi bila ada oksimeter", "Fill in if a pulse oximeter is available"),
        },
      ],
    },
    {
      id: "diare",
      title: t("Diare", "Diarrhoea"),
      fields: [
        { id: "diare", type: "yesno", required: true, label: t("Anak diare?", "Does the child have diarrhoea?") },
        { id: "diare_lama_hari", type: "number", unit: "hari", min: 1, max: 90, decimals: 0, required: true, showIf: diare, label: t("Sudah berapa hari?", "For how many days?") },
        { id: "diare_darah", type: "yesno", required: true, showIf: diare, label: t("Ada darah dalam tinja?", "Is there blood in the stool?") },
        { id: "gelisah_rewel", type: "yesno", required: true, showIf: diare, label: t("Gelisah, rewel atau mudah marah?", "Restless or irritable?") },
        { id: "mata_cekung", type: "yesno", required: true, showIf: diare, label: t("Mata cekung?", "Sunken eyes?") },
        {
          id: "minum", type: "single", required: true, showIf: diare, label: t("Saat diberi minum", "When offered a drink"),
          options: [
            opt("tidak_bisa_malas", "Tidak bisa minum atau malas minum", "Not able to drink or drinking poorly"),
            opt("haus_lahap", "Haus, minum dengan lahap", "Drinks eagerly, thirsty"),
            opt("biasa", "Minum biasa, tidak haus", "Drinks normally, not thirsty"),
          ],
        },
        {
          id: "cubitan_kulit", type: "single", required: true, showIf: diare, label: t("Cubitan kulit perut kembali", "Skin pinch of the abdomen goes back"),
          options: [
            opt("sangat_lambat", "Sangat lambat (lebih dari 2 detik)", "Very slowly (longer than 2 seconds)"),
            opt("lambat", "Lambat", "Slowly"),
            opt("segera", "Segera", "Immediately"),
          ],
        },
      ],
    },
    {
      id: "demam",
      title: t("Demam", "Fever"),
      fields: [
        {
          id: "demam", type: "yesno", required: true, label: t("Anak demam?", "Does the child have fever?"),
          hint: t("Menurut ibu, teraba panas, atau suhu ≥ 37,5 °C", "By history, feels hot, or temperature ≥ 37.5 °C"),
        },
        { id: "suhu", type: "number", unit: "°C", min: 34, max: 43, decimals: 1, showIf: demam, label: t("Suhu badan", "Body temperature") },
        { id: "demam_lama_hari", type: "number", unit: "hari", min: 0, max: 90, decimals: 0, required: true, showIf: demam, label: t("Sudah berapa hari?", "For how many days?") },
        { id: "daerah_endemis_malaria", type: "yesno", required: true, showIf: demam, label: t("Tinggal di daerah endemis malaria?", "Lives in a malaria-endemic area?") },
        {
          id: "bepergian_endemis", type: "yesno", required: true, showIf: all(demam, { field: "daerah_endemis_malaria", op: "eq", value: false }),
          label: t("Dalam 2 minggu terakhir bepergian ke daerah endemis malaria?", "Travelled to a malaria-endemic area in the last 2 weeks?"),
        },
        {
          id: "rdt_malaria", type: "single", required: true, showIf: all(demam, risikoMalaria), label: t("Hasil RDT malaria", "Malaria RDT result"),
          hint: t("Bila RDT tidak tersedia, rujuk ke puskesmas untuk pemeriksaan", "If no RDT is available, refer to the puskesmas for testing"),
          options: [opt("positif", "Positif", "Positive"), opt("negatif", "Negatif", "Negative")],
        },
        { id: "kaku_kuduk", type: "yesno", required: true, showIf: demam, label: t("Kaku kuduk?", "Stiff neck?") },
        {
          id: "tanda_campak", type: "yesno", required: true, showIf: demam,
          label: t("Campak sekarang atau dalam 3 bulan terakhir?", "Measles now or within the last 3 months?"),
          hint: t("Ruam kemerahan menyeluruh dan salah satu: batuk, pilek atau mata merah", "Generalised rash and one of: cough, runny nose or red eyes"),
        },
        { id: "kornea_keruh", type: "yesno", required: true, showIf: all(demam, yes("tanda_campak")), label: t("Kekeruhan pada kornea mata?", "Clouding of the cornea?") },
        { id: "nanah_mata", type: "yesno", required: true, showIf: all(demam, yes("tanda_campak")), label: t("Mata bernanah?", "Pus draining from the eye?") },
        {
          id: "luka_mulut", type: "single", required: true, showIf: all(demam, yes("tanda_campak")), label: t("Luka di mulut", "Mouth ulcers"),
          options: [opt("dalam_luas", "Dalam atau luas", "Deep or extensive"), opt("ringan", "Ada, tidak dalam/luas", "Present, not deep or extensive"), opt("tidak", "Tidak ada", "None")],
        },
        {
          ...dangerSigns("tanda_dbd", [
          opt("syok", "Tanda syok: ujung tangan/kaki dingin dan nadi sangat lemah", "Signs of shock: cold hands/feet and very weak pulse"),
          opt("muntah_darah", "Muntah bercampur darah atau seperti kopi", "Vomit with blood or like coffee grounds"),
          opt("berak_hitam", "Berak berwarna hitam", "Black stools"),
          opt("perdarahan_hidung_gusi", "Perdarahan hidung atau gusi", "Bleeding from the nose or gums"),
          opt("petekie_torniket_positif", "Bintik perdarahan di kulit dan uji torniket positif", "Skin petechiae and positive tourniquet test"),
          opt("sering_muntah", "Sering muntah", "Frequent vomiting"),
          opt("demam_mendadak_tinggi", "Demam mendadak tinggi dan terus-menerus", "Sudden high, continuous fever"),
          opt("nyeri_ulu_hati", "Nyeri ulu hati", "Epigastric pain"),
          opt("gelisah", "Gelisah", "Restless"),
          opt("petekie_torniket_negatif", "Bintik perdarahan di kulit dan uji torniket negatif", "Skin petechiae and negative tourniquet test"),
          ], t("Tanda demam berdarah dengue (DBD)", "Signs of dengue haemorrhagic fever")),
          showIf: demam,
          hint: t("Pilih semua yang ditemukan", "Tick every sign found"),
        },
      ],
    },
    {
      id: "gizi",
      title: t("Status gizi dan anemia", "Nutrition and anaemia"),
      fields: [
        { id: "bb", type: "number", unit: "kg", ...BALITA_WEIGHT_RANGE_KG, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
        { id: "panjang_tinggi", type: "number", unit: "cm", ...BALITA_LENGTH_RANGE_CM, decimals: 1, label: t("Panjang badan (PB) / tinggi badan (TB)", "Length / height") },
        {
          id: "posisi_ukur", type: "single", required: true, showIf: { field: "panjang_tinggi", op: "answered" }, label: t("Cara mengukur", "How it was measured"),
          options: [opt("berbaring", "Berbaring (PB)", "Lying (length)"), opt("berdiri", "Berdiri (TB)", "Standing (height)")],
        },
        {
          id: "lila", type: "number", unit: "cm", ...BALITA_LILA_RANGE_CM, decimals: 1, showIf: ageMonthsAtLeast(LILA_FROM_MONTHS),
          label: t("Lingkar lengan atas (LiLA)", "Mid-upper arm circumference (MUAC)"),
        },
        { id: "edema", type: "yesno", required: true, label: t("Pembengkakan (edema) di kedua punggung kaki?", "Oedema of both feet?") },
        {
          id: "uji_nafsu_makan", type: "single", showIf: ageMonthsAtLeast(LILA_FROM_MONTHS), label: t("Uji nafsu makan (RUTF)", "Appetite test (RUTF)"),
          hint: t("Lakukan bila BB/PB < −3 SD, LiLA < 11,5 cm atau edema", "Do it when weight-for-length < −3 SD, MUAC < 11.5 cm or oedema"),
          options: [opt("lulus", "Lulus (mau makan)", "Passed (eats)"), opt("tidak_lulus", "Tidak lulus", "Failed")],
        },
        {
          id: "pucat_telapak_tangan", type: "single", required: true, label: t("Pucat pada telapak tangan", "Palmar pallor"),
          options: [opt("sangat_pucat", "Sangat pucat", "Severe"), opt("agak_pucat", "Agak pucat", "Some"), opt("tidak_pucat", "Tidak pucat", "None")],
        },
        { id: "lingkar_kepala", type: "number", unit: "cm", ...BALITA_HEAD_RANGE_CM, decimals: 1, label: t("Lingkar kepala (LK)", "Head circumference") },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan dan tindakan", "Notes and treatment given") },
      ],
    },
  ],
  flags: [
    klasifikasi("penyakit_sangat_berat", "merah", TANDA_BAHAYA_UMUM, t("PENYAKIT SANGAT BERAT (ada tanda bahaya umum)", "VERY SEVERE DISEASE (general danger sign)"),
      t("Rujuk SEGERA. Selesaikan pemeriksaan dengan cepat; beri tindakan pra-rujukan (obat kejang, cegah gula darah turun, antibiotik pertama) sesuai bagan.", "Refer URGENTLY. Finish the assessment quickly; give the chart's pre-referral treatment (anticonvulsant, prevent low blood sugar, first antibiotic dose).")),

    klasifikasi("pneumonia_berat", "merah", pneumoniaBerat, t("PNEUMONIA BERAT", "SEVERE PNEUMONIA"),
      t("Beri dosis pertama antibiotik yang sesuai; rujuk SEGERA.", "Give the first dose of an appropriate antibiotic; refer URGENTLY.")),
    klasifikasi("pneumonia", "kuning", pneumonia, t("PNEUMONIA (napas cepat)", "PNEUMONIA (fast breathing)"),
      t("Beri amoksisilin oral; obati wheezing bila ada; nasihati kapan kembali segera; kunjungan ulang 2 hari.", "Give oral amoxicillin; treat wheezing if present; advise when to return at once; follow up in 2 days.")),
    klasifikasi("batuk_bukan_pneumonia", "hijau", batukBukanPneumonia, t("BATUK BUKAN PNEUMONIA", "COUGH OR COLD (no pneumonia)"),
      t("Pelega tenggorokan/pereda batuk yang aman; nasihati kapan kembali segera; kunjungan ulang 5 hari bila tidak membaik.", "Soothe the throat with a safe remedy; advise when to return at once; follow up in 5 days if not improving.")),
    { id: "batuk_lama", when: all(batuk, { field: "batuk_lama_hari", op: "gt", value: BATUK_LAMA_ABOVE_DAYS }), severity: "refer", destination: "puskesmas",
      label: t("Batuk lebih dari 14 hari", "Cough for more than 14 days"),
      action: t("Rujuk ke puskesmas untuk pemeriksaan TBC/asma.", "Refer to the puskesmas for TB/asthma assessment.") },

    klasifikasi("diare_dehidrasi_berat", "merah", dehidrasiBerat, t("DIARE DEHIDRASI BERAT", "DIARRHOEA WITH SEVERE DEHYDRATION"),
      t("Rujuk SEGERA; selama perjalanan ibu terus memberi oralit sedikit-sedikit dan menyusui. Bila tidak ada klasifikasi berat lain dan bisa infus: Rencana Terapi C.", "Refer URGENTLY; the mother gives sips of ORS on the way and keeps breastfeeding. With no other severe classification and IV possible: Plan C.")),
    klasifikasi("diare_dehidrasi_ringan_sedang", "kuning", dehidrasiRinganSedang, t("DIARE DEHIDRASI RINGAN/SEDANG", "DIARRHOEA WITH SOME DEHYDRATION"),
      t("Oralit dan tablet zinc sesuai Rencana Terapi B; nasihati kapan kembali segera; kunjungan ulang 3 hari bila tidak membaik.", "ORS and zinc as in Plan B; advise when to return at once; follow up in 3 days if not improving.")),
    klasifikasi("diare_tanpa_dehidrasi", "hijau", tanpaDehidrasi, t("DIARE TANPA DEHIDRASI", "DIARRHOEA WITH NO DEHYDRATION"),
      t("Cairan, zinc dan makanan sesuai Rencana Terapi A; nasihati kapan kembali segera.", "Fluids, zinc and food as in Plan A; advise when to return at once.")),
    klasifikasi("diare_persisten_berat", "merah", persistenBerat, t("DIARE PERSISTEN BERAT", "SEVERE PERSISTENT DIARRHOEA"),
      t("Atasi dehidrasi sebelum dirujuk (kecuali ada klasifikasi berat lain); rujuk.", "Treat the dehydration before referral (unless another severe classification); refer.")),
    klasifikasi("diare_persisten", "kuning", persisten, t("DIARE PERSISTEN", "PERSISTENT DIARRHOEA"),
      t("Nasihati pemberian makan untuk diare persisten; zinc 10 hari; kunjungan ulang 5 hari.", "Advise on feeding for persistent diarrhoea; zinc for 10 days; follow up in 5 days.")),
    klasifikasi("disentri", "kuning", disentri, t("DISENTRI (darah dalam tinja)", "DYSENTERY (blood in the stool)"),
      t("Beri antibiotik yang sesuai untuk disentri dan zinc; kunjungan ulang 3 hari.", "Give an appropriate antibiotic for dysentery and zinc; follow up in 3 days.")),

    klasifikasi("penyakit_berat_dengan_demam", "merah", penyakitBeratDemam, t("PENYAKIT BERAT DENGAN DEMAM", "VERY SEVERE FEBRILE DISEASE"),
      t("Beri dosis pertama antibiotik (dan artesunat/kina bila daerah malaria); cegah gula darah turun; parasetamol bila ≥ 38,5 °C; rujuk SEGERA.", "Give the first antibiotic dose (and artesunate/quinine in a malaria area); prevent low blood sugar; paracetamol if ≥ 38.5 °C; refer URGENTLY.")),
    klasifikasi("malaria", "kuning", malaria, t("MALARIA (RDT positif)", "MALARIA (positive RDT)"),
      t("Beri obat antimalaria oral pilihan pertama (DHP + primakuin sesuai pedoman); parasetamol bila ≥ 38,5 °C; kunjungan ulang 3 hari bila tetap demam.", "Give the first-line oral antimalarial (DHP + primaquine per guideline); paracetamol if ≥ 38.5 °C; follow up in 3 days if the fever persists.")),
    klasifikasi("demam_mungkin_bukan_malaria", "hijau", demamBukanMalaria, t("DEMAM MUNGKIN BUKAN MALARIA", "FEVER: MALARIA UNLIKELY"),
      t("Obati penyebab demam lain yang jelas; parasetamol bila ≥ 38,5 °C; kunjungan ulang 3 hari bila tetap demam.", "Treat any other obvious cause of fever; paracetamol if ≥ 38.5 °C; follow up in 3 days if the fever persists.")),
    { id: "demam_lama", when: all(demam, { field: "demam_lama_hari", op: "gt", value: DEMAM_LAMA_ABOVE_DAYS }), severity: "refer", destination: "puskesmas",
      label: t("Demam lebih dari 7 hari", "Fever for more than 7 days"),
      action: t("Rujuk ke puskesmas untuk pemeriksaan lebih lanjut.", "Refer to the puskesmas for further assessment.") },
    klasifikasi("campak_komplikasi_berat", "merah", campakBerat, t("CAMPAK DENGAN KOMPLIKASI BERAT", "SEVERE COMPLICATED MEASLES"),
      t("Beri vitamin A dan dosis pertama antibiotik; salep mata bila kornea keruh atau bernanah; rujuk SEGERA.", "Give vitamin A and the first antibiotic dose; eye ointment if clouded cornea or pus; refer URGENTLY.")),
    klasifikasi("campak_komplikasi_mata_mulut", "kuning", campakMataMulut, t("CAMPAK DENGAN KOMPLIKASI PADA MATA DAN/ATAU MULUT", "MEASLES WITH EYE OR MOUTH COMPLICATIONS"),
      t("Beri vitamin A; salep mata tetrasiklin bila bernanah; obati luka mulut; kunjungan ulang 3 hari.", "Give vitamin A; tetracycline eye ointment if pus; treat mouth ulcers; follow up in 3 days.")),
    klasifikasi("campak", "hijau", campakSaja, t("CAMPAK", "MEASLES"), t("Beri vitamin A.", "Give vitamin A.")),
    klasifikasi("dbd", "merah", dbd, t("DEMAM BERDARAH DENGUE (DBD)", "DENGUE HAEMORRHAGIC FEVER"),
      t("Bila ada syok beri cairan/oksigen sesuai bagan; beri oralit sedikit-sedikit selama perjalanan; rujuk SEGERA.", "If in shock give fluids/oxygen per the chart; sips of ORS on the way; refer URGENTLY.")),
    klasifikasi("mungkin_dbd", "kuning", mungkinDbd, t("MUNGKIN DBD", "POSSIBLE DENGUE"),
      t("Parasetamol (tanpa aspirin/ibuprofen); banyak minum; nasihati tanda bahaya dan kapan kembali segera; kunjungan ulang 1 hari.", "Paracetamol (no aspirin/ibuprofen); plenty of fluids; advise on danger signs and when to return at once; follow up in 1 day.")),
    klasifikasi("demam_mungkin_bukan_dbd", "hijau", bukanDbd, t("DEMAM MUNGKIN BUKAN DBD", "FEVER: DENGUE UNLIKELY"),
      t("Obati penyebab demam lain; nasihati kapan kembali segera.", "Treat other causes of fever; advise when to return at once.")),

    klasifikasi("anemia_berat", "merah", anemiaBerat, t("ANEMIA BERAT (telapak tangan sangat pucat)", "SEVERE ANAEMIA (severe palmar pallor)"), t("Rujuk SEGERA.", "Refer URGENTLY.")),
    klasifikasi("anemia", "kuning", anemia, t("ANEMIA (telapak tangan agak pucat)", "ANAEMIA (some palmar pallor)"),
      t("Beri zat besi; obat cacing bila ≥ 1 tahun dan belum dalam 6 bulan; kunjungan ulang 14 hari.", "Give iron; deworm if ≥ 1 year and none in 6 months; follow up in 14 days.")),
    klasifikasi("tidak_anemia", "hijau", tidakAnemia, t("TIDAK ANEMIA", "NO ANAEMIA"), t("Nasihati makanan bergizi.", "Advise on nutritious food.")),
  ],
};

/** The booklet's ordered rows per symptom, top first: for tests and docs ("first match wins"). */
export const MTBS_ROWS: Readonly<Record<string, readonly string[]>> = {
  tanda_bahaya_umum: ["penyakit_sangat_berat"],
  batuk: ["pneumonia_berat", "pneumonia", "batuk_bukan_pneumonia"],
  dehidrasi: ["diare_dehidrasi_berat", "diare_dehidrasi_ringan_sedang", "diare_tanpa_dehidrasi"],
  diare_persisten: ["diare_persisten_berat", "diare_persisten"],
  disentri: ["disentri"],
  malaria: ["penyakit_berat_dengan_demam", "malaria", "demam_mungkin_bukan_malaria"],
  campak: ["campak_komplikasi_berat", "campak_komplikasi_mata_mulut", "campak"],
  dbd: ["dbd", "mungkin_dbd", "demam_mungkin_bukan_dbd"],
  gizi: ["gizi_buruk_komplikasi", "gizi_buruk_tanpa_komplikasi", "gizi_kurang", "gizi_baik"],
  anemia: ["anemia_berat", "anemia", "tidak_anemia"],
};
