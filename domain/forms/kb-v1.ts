import { bpCheck, hypertensionWhen, isFemale, knownSex, opt, refer, risk, t } from "./common.ts";
import type { Condition, FormDefinition, NumberField, Option } from "./types.ts";
import { POSTPARTUM_DAYS } from "./postpartum.ts";

/**
 * KB (keluarga berencana) service: one contraceptive service visit. Sources:
 * - Permenkes 21/2021 (Penyelenggaraan Pelayanan Kesehatan Masa Sebelum Hamil, Masa Hamil,
 *   Persalinan, dan Masa Sesudah Melahirkan, Pelayanan Kontrasepsi, serta Pelayanan Kesehatan
 *   Seksual): pelayanan kontrasepsi, including KB pascapersalinan in the 42 days after birth.
 * - WHO, Medical eligibility criteria for contraceptive use (MEC), 5th ed. 2015: hypertension rows.
 * - WHO, Selected practice recommendations for contraceptive use (SPR), 3rd ed. 2016: re-injection
 *   intervals and follow-up visits.
 * - BKKBN record cards (K/I/KB, K/IV/KB): status peserta baru / lama / ganti cara and "tanggal
 *   dipesan kembali" (the next visit the provider books), which is `tanggal_kembali` here.
 * Page numbers were not available to us: not confirmed.
 *
 * Cluster: 2. KB after birth is part of the maternal pathway (Permenkes 21/2021, masa sesudah
 * melahirkan) and the bidan at the pustu gives it with ANC and nifas. The ILP juknis (KMK
 * HK.01.07/MENKES/2015/2023) text was not available to us to confirm whether it lists KB under
 * klaster 2 or klaster 3 (usia dewasa): not confirmed.
 *
 * Who: women of reproductive age 15–49 (PUS, pasangan usia subur: the wife 15–49, BKKBN) and men
 * for the two male methods, condom and vasectomy (MOP; BKKBN "KB pria"). appliesTo is 15–49 for both
 * sexes; a check keeps a man to condom or MOP.
 */

export const KB_MIN_AGE_YEARS = 15;
/** PUS: wife aged 15–49 (BKKBN); maxAgeYears is exclusive, so 50. */
export const KB_MAX_AGE_YEARS = 50;
/** KB pascapersalinan: a method started within 42 days after birth (Permenkes 21/2021; Kemenkes KBPP). */
export const KB_POSTPARTUM_DAYS = POSTPARTUM_DAYS;
/** A booked next visit is at most 400 days ahead (a yearly IUD/implant check, with slack): our choice. */
export const KB_REVISIT_MAX_DAYS = 400;

/**
 * WHO MEC 2015, hypertension: combined hormonal methods (COC, combined injectable) are category 3 at
 * 140–159/90–99 mmHg and category 4 at ≥ 160/≥ 100; DMPA (suntik 3 bulan) is category 2 at
 * 140–159/90–99 and category 3 at ≥ 160/≥ 100; progestin-only pill, implant and IUD are 1–2.
 */
export const MEC_SEVERE_SYSTOLIC_MMHG = 160;
export const MEC_SEVERE_DIASTOLIC_MMHG = 100;

/** Methods with oestrogen (combined): WHO MEC category 3–4 with hypertension. */
export const COMBINED_METHODS = ["pil_kombinasi", "suntik_1_bulan"] as const;
/** Hormonal methods: blood pressure is measured before giving them (WHO SPR 2016; our rule: always for these). */
export const HORMONAL_METHODS = ["pil_kombinasi", "pil_progestin", "suntik_1_bulan", "suntik_3_bulan", "implan"] as const;
/** Methods a man uses (BKKBN KB pria). */
export const MALE_METHODS = ["kondom", "mop"] as const;

const METHODS: Option[] = [
  opt("pil_kombinasi", "Pil KB kombinasi", "Combined pill"),
  opt("pil_progestin", "Pil progestin (minipil, untuk ibu menyusui)", "Progestin-only pill (for breastfeeding mothers)"),
  opt("suntik_1_bulan", "Suntik 1 bulan (kombinasi)", "Monthly (combined) injectable"),
  opt("suntik_3_bulan", "Suntik 3 bulan (DMPA)", "3-monthly injectable (DMPA)"),
  opt("implan", "Implan", "Implant"),
  opt("iud", "AKDR / IUD", "IUD"),
  opt("mow", "MOW / tubektomi", "Tubal ligation"),
  opt("mop", "MOP / vasektomi", "Vasectomy"),
  opt("kondom", "Kondom", "Condom"),
  opt("mal", "MAL (metode amenore laktasi)", "Lactational amenorrhoea (LAM)"),
];

const method = (values: readonly string[]): Condition => ({ field: "metode", op: "in", value: [...values] });
const stopping: Condition = { field: "status_peserta", op: "eq", value: "berhenti" };

/** Side effects and complaints that need a doctor (WHO Family Planning Global Handbook 2022, warning signs per method; ACHES for combined methods). */
export const KB_REFER_COMPLAINTS = ["perdarahan_banyak", "sakit_kepala_hebat", "nyeri_dada_tungkai", "gangguan_penglihatan", "nyeri_perut_hebat", "demam_keputihan", "benang_iud", "infeksi_luka", "curiga_hamil"] as const;
/** Common, mostly harmless effects: counsel (WHO Family Planning Global Handbook 2022). */
export const KB_COUNSEL_COMPLAINTS = ["bercak", "tidak_haid", "sakit_kepala_ringan", "mual", "berat_badan_naik", "lainnya"] as const;

const tdFields = (): NumberField[] => [
  {
    id: "td_sistolik", type: "number", unit: "mmHg", min: 60, max: 260, decimals: 0, required: true, showIf: method(HORMONAL_METHODS),
    label: t("Tekanan darah sistolik", "Systolic blood pressure"), hint: t("Wajib untuk metode hormonal", "Required for hormonal methods"),
  },
  {
    id: "td_diastolik", type: "number", unit: "mmHg", min: 30, max: 160, decimals: 0, required: true, showIf: method(HORMONAL_METHODS),
    label: t("Tekanan darah diastolik", "Diastolic blood pressure"),
  },
];

export const KB_V1: FormDefinition = {
  id: "kb",
  version: 1,
  title: t("Pelayanan KB", "Family planning service"),
  cluster: 2,
  // Not while she is marked pregnant: contraception starts after the delivery (KB pasca persalinan).
  appliesTo: { minAgeYears: KB_MIN_AGE_YEARS, maxAgeYears: KB_MAX_AGE_YEARS, pregnant: false },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "layanan",
      title: t("Metode dan status", "Method and status"),
      fields: [
        { id: "metode", type: "single", required: true, label: t("Metode kontrasepsi", "Contraceptive method"), options: METHODS },
        {
          id: "status_peserta", type: "single", required: true, label: t("Status peserta KB", "Family planning user status"),
          options: [
            opt("baru", "Peserta baru (pertama kali ber-KB, atau kembali setelah hamil/berhenti)", "New user (first time, or again after a pregnancy/stop)"),
            opt("lama", "Peserta lama (melanjutkan metode yang sama)", "Continuing user (same method)"),
            opt("ganti_cara", "Ganti cara (pindah dari metode lain)", "Switching from another method"),
            opt("berhenti", "Berhenti / lepas alat (cabut implan atau AKDR)", "Stopping / removal (implant or IUD)"),
          ],
        },
        {
          id: "pasca_persalinan", type: "yesno", required: true, showIf: isFemale,
          label: t(`Ibu melahirkan dalam ${KB_POSTPARTUM_DAYS} hari terakhir (KB pascapersalinan)?`, `Gave birth in the last ${KB_POSTPARTUM_DAYS} days (postpartum family planning)?`),
        },
        {
          id: "jumlah_siklus_pil", type: "number", unit: "strip", min: 1, max: 13, decimals: 0, showIf: { all: [method(["pil_kombinasi", "pil_progestin"]), { not: stopping }] },
          label: t("Jumlah strip pil yang diberikan", "Pill packs given"), hint: t("1 strip = 28 hari", "1 pack = 28 days"),
        },
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan dan keluhan", "Examination and complaints"),
      fields: [
        ...tdFields(),
        {
          id: "keluhan", type: "multi", required: true, exclusive: "tidak_ada", label: t("Efek samping / keluhan", "Side effects / complaints"),
          options: [
            opt("tidak_ada", "Tidak ada", "None"),
            opt("perdarahan_banyak", "Perdarahan banyak atau lama (> 8 hari, atau 2 kali lipat biasanya)", "Heavy or prolonged bleeding (> 8 days, or twice the usual)"),
            opt("sakit_kepala_hebat", "Sakit kepala hebat / migrain dengan aura", "Severe headache / migraine with aura"),
            opt("nyeri_dada_tungkai", "Nyeri dada, sesak, atau tungkai bengkak dan nyeri", "Chest pain, breathlessness, or a swollen painful leg"),
            opt("gangguan_penglihatan", "Pandangan kabur / gangguan penglihatan", "Blurred vision / visual disturbance"),
            opt("nyeri_perut_hebat", "Nyeri perut bagian bawah yang hebat", "Severe lower abdominal pain"),
            opt("demam_keputihan", "Demam, keputihan berbau (AKDR)", "Fever, foul discharge (IUD)"),
            opt("benang_iud", "Benang AKDR tidak teraba / AKDR keluar", "IUD strings missing / IUD expelled"),
            opt("infeksi_luka", "Luka pemasangan/operasi merah, bernanah", "Insertion/operation wound red, with pus"),
            opt("curiga_hamil", "Terlambat haid / curiga hamil", "Late period / possibly pregnant"),
            opt("bercak", "Bercak darah / haid tidak teratur", "Spotting / irregular bleeding"),
            opt("tidak_haid", "Tidak haid (amenore)", "No periods (amenorrhoea)"),
            opt("sakit_kepala_ringan", "Sakit kepala ringan", "Mild headache"),
            opt("mual", "Mual", "Nausea"),
            opt("berat_badan_naik", "Berat badan naik", "Weight gain"),
            opt("lainnya", "Lainnya", "Other"),
          ],
        },
      ],
    },
    {
      id: "kunjungan_ulang",
      title: t("Kunjungan ulang", "Next visit"),
      fields: [
        {
          id: "tanggal_kembali", type: "date", showIf: { not: stopping }, label: t("Tanggal kunjungan ulang (dipesan kembali)", "Next visit date (booked)"),
          hint: t(
            "Kosongkan untuk jadwal baku: suntik 1 bulan 4 minggu, suntik 3 bulan 12 minggu, pil 28 hari per strip, kondom dan MAL 1 bulan, AKDR/implan baru 6 minggu, MOW/MOP 1 minggu",
            "Leave empty for the standard: monthly injectable 4 weeks, 3-monthly 12 weeks, pill 28 days per pack, condom and LAM 1 month, new IUD/implant 6 weeks, sterilisation 1 week",
          ),
        },
        {
          id: "hari_sampai_kembali", type: "computed", expr: { fn: "daysBetween", from: "$visitDate", to: "tanggal_kembali" },
          label: t("Hari sampai kunjungan ulang", "Days to the next visit"), display: { kind: "number", unit: "hari" },
        },
        { id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") },
      ],
    },
  ],
  checks: [
    bpCheck(),
    {
      field: "tanggal_kembali",
      when: { all: [{ field: "tanggal_kembali", op: "answered" }, { any: [{ field: "hari_sampai_kembali", op: "unanswered" }, { field: "hari_sampai_kembali", op: "lt", value: 1 }, { field: "hari_sampai_kembali", op: "gt", value: KB_REVISIT_MAX_DAYS }] }] },
      message: t(`Tanggal kunjungan ulang harus sesudah hari ini dan paling lama ${KB_REVISIT_MAX_DAYS} hari lagi`, `The next visit must be after today and at most ${KB_REVISIT_MAX_DAYS} days ahead`),
    },
    {
      field: "metode",
      when: { all: [knownSex("L"), { field: "metode", op: "notIn", value: [...MALE_METHODS] }] },
      message: t("Untuk laki-laki hanya kondom atau MOP (vasektomi)", "For a man only condom or vasectomy"),
    },
    {
      field: "metode",
      when: { all: [knownSex("P"), { field: "metode", op: "eq", value: "mop" }] },
      message: t("MOP (vasektomi) adalah metode untuk laki-laki", "Vasectomy is a method for men"),
    },
  ],
  flags: [
    refer("hipertensi_kb_kombinasi", { all: [method(COMBINED_METHODS), { not: stopping }, hypertensionWhen()] },
      t("Hipertensi (TD ≥ 140/90) dengan KB hormonal kombinasi: jangan lanjutkan", "Hypertension (BP ≥ 140/90) with a combined hormonal method: do not continue"),
      t("Jangan beri pil kombinasi atau suntik 1 bulan (WHO MEC kategori 3–4); tawarkan AKDR, implan, minipil atau kondom; rujuk ke puskesmas untuk tata laksana hipertensi.", "Do not give the combined pill or the monthly injectable (WHO MEC category 3–4); offer an IUD, implant, progestin-only pill or condoms; refer to the puskesmas for hypertension care.")),
    refer("hipertensi_berat_suntik_3", { all: [method(["suntik_3_bulan"]), { not: stopping }, hypertensionWhen("td", MEC_SEVERE_SYSTOLIC_MMHG, MEC_SEVERE_DIASTOLIC_MMHG)] },
      t("Hipertensi berat (TD ≥ 160/100) dengan suntik 3 bulan", "Severe hypertension (BP ≥ 160/100) with the 3-monthly injectable"),
      t("Suntik 3 bulan tidak dianjurkan (WHO MEC kategori 3); tawarkan AKDR, implan atau kondom; rujuk ke puskesmas untuk tata laksana hipertensi.", "The 3-monthly injectable is not recommended (WHO MEC category 3); offer an IUD, implant or condoms; refer to the puskesmas for hypertension care.")),
    risk("hipertensi", {
      all: [hypertensionWhen(), { not: { all: [method(COMBINED_METHODS), { not: stopping }] } },
        { not: { all: [method(["suntik_3_bulan"]), { not: stopping }, hypertensionWhen("td", MEC_SEVERE_SYSTOLIC_MMHG, MEC_SEVERE_DIASTOLIC_MMHG)] } }],
    },
      t("Tekanan darah tinggi (≥ 140/90)", "High blood pressure (≥ 140/90)"),
      t("Ukur ulang setelah istirahat; bila tetap tinggi rujuk untuk skrining PTM. Metode yang diberikan boleh dilanjutkan (WHO MEC kategori 1–2).", "Measure again after rest; if still high refer for NCD screening. The method given may continue (WHO MEC category 1–2).")),
    refer("efek_samping_rujuk", { any: KB_REFER_COMPLAINTS.map((v): Condition => ({ field: "keluhan", op: "includes", value: v })) },
      t("Efek samping / keluhan KB yang perlu dokter: rujuk", "Side effect / complaint that needs a doctor: refer"),
      t("Rujuk ke puskesmas untuk pemeriksaan dokter. Nyeri dada, sesak, tungkai bengkak, pandangan kabur atau nyeri perut hebat: rujuk hari ini dan hentikan KB kombinasi. Curiga hamil: tes kehamilan dulu.", "Refer to the puskesmas for a doctor. Chest pain, breathlessness, a swollen leg, blurred vision or severe abdominal pain: refer today and stop a combined method. Possibly pregnant: do a pregnancy test first.")),
    risk("efek_samping_ringan", { all: [{ any: KB_COUNSEL_COMPLAINTS.map((v): Condition => ({ field: "keluhan", op: "includes", value: v })) }, { not: { any: KB_REFER_COMPLAINTS.map((v): Condition => ({ field: "keluhan", op: "includes", value: v })) } }] },
      t("Efek samping ringan", "Mild side effects"),
      t("Jelaskan bahwa keluhan ini umum dan tidak berbahaya; tawarkan ganti cara bila ibu tidak nyaman.", "Explain that these effects are common and harmless; offer another method if she is uncomfortable.")),
  ],
};
