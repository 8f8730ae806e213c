import { hbField, opt, refer, risk, t } from "./common.ts";
import { HB_ANEMIA_5_11_G_DL, SDQ_PARENT_ABNORMAL_MIN, SDQ_PARENT_BORDERLINE_MIN } from "./remaja-v1.ts";
import type { Condition, FormDefinition } from "./types.ts";

/**
 * Anak usia sekolah (5–9 years): the school health screening (penjaringan kesehatan, UKS /
 * puskesmas) in ILP Klaster 2 (KMK HK.01.07/MENKES/2015/2023: anak usia sekolah). Weight,
 * height and IMT/U (the WHO 2007 z-score and its flags are computed by domain/rules/derive.ts,
 * as for remaja), anaemia where Hb is tested, vision, hearing, a dental pointer (the dental form
 * is its own record) and the SDQ. BIAS immunisations are recorded on the BIAS form, not here.
 *
 * TB/U (height-for-age) is not scored: Simpul holds only the WHO 2007 BMI-for-age table
 * (domain/rules/who2007-bfa.ts), not the 2007 height-for-age reference.
 */

/**
 * Ages: from 60 months (where balita ends: balita maxAgeMonths 60, the same WHO months, so a
 * child is in exactly one of the two) to under 10 years (where remaja starts: remaja
 * minAgeYears 10, the same completed years). No gap and no overlap.
 */
export const ANAK_SEKOLAH_MIN_AGE_MONTHS = 60;
export const ANAK_SEKOLAH_MAX_AGE_YEARS = 10;

/**
 * Anaemia, children 5–11 years: Hb < 11.5 g/dL; severe < 8.0 g/dL (WHO 2011, Haemoglobin
 * concentrations for the diagnosis of anaemia and assessment of severity, WHO/NMH/NHD/MNM/11.1,
 * Table 1: mild 11.0–11.4, moderate 8.0–10.9, severe < 8.0). The 11.5 cut-off is remaja-v1's.
 */
export const HB_ANEMIA_ANAK_SEKOLAH_G_DL = HB_ANEMIA_5_11_G_DL;
export const HB_ANEMIA_BERAT_5_11_G_DL = 8;

/**
 * Mental-emotional screening of school children uses the SDQ (Strengths and Difficulties
 * Questionnaire), filled by a parent or teacher for primary-school pupils (Kemenkes school
 * health screening; teaching material "Teknik pemeriksaan mental emosional anak remaja", RSJ
 * Mutiara Sukma NTB: "dapat dilakukan pada peserta didik SD, SMP, SMA"; not confirmed against
 * the Juknis penjaringan itself). Parent/teacher total difficulties: 14–16 borderline,
 * 17–40 abnormal (Goodman 1997; youthinmind scoring), the same cut-offs as remaja-v1.
 */
export const SDQ_ANAK_BORDERLINE_MIN = SDQ_PARENT_BORDERLINE_MIN;
export const SDQ_ANAK_ABNORMAL_MIN = SDQ_PARENT_ABNORMAL_MIN;

const RESULT = [opt("normal", "Normal", "Normal"), opt("curiga", "Curiga gangguan", "Possible problem")];
const hb = (op: "lt" | "gte", value: number): Condition => ({ field: "hb", op, value });

export const ANAK_SEKOLAH_V1: FormDefinition = {
  id: "anak-sekolah",
  version: 1,
  title: t("Pemeriksaan anak usia sekolah (5–9 tahun)", "School-age child health check (5–9 years)"),
  cluster: 2,
  appliesTo: { minAgeMonths: ANAK_SEKOLAH_MIN_AGE_MONTHS, maxAgeYears: ANAK_SEKOLAH_MAX_AGE_YEARS },
  needs: ["sex", "birthDate"],
  sections: [
    {
      id: "antropometri",
      title: t("Berat, tinggi dan IMT", "Weight, height and BMI"),
      fields: [
        {
          id: "kelas", type: "single", label: t("Kelas", "School grade"),
          options: [
            opt("belum_sekolah", "Belum sekolah / TK", "Not at school / kindergarten"),
            opt("1", "Kelas 1", "Grade 1"), opt("2", "Kelas 2", "Grade 2"), opt("3", "Kelas 3", "Grade 3"), opt("4", "Kelas 4", "Grade 4"),
          ],
        },
        { id: "bb", type: "number", unit: "kg", min: 10, max: 100, decimals: 1, required: true, label: t("Berat badan (BB)", "Weight") },
        { id: "tb", type: "number", unit: "cm", min: 90, max: 180, decimals: 1, required: true, label: t("Tinggi badan (TB)", "Height") },
        { id: "imt", type: "computed", expr: { fn: "bmi", weight: "bb", height: "tb" }, label: t("IMT", "BMI"), display: { kind: "number", unit: "kg/m²" } },
      ],
    },
    {
      id: "pemeriksaan",
      title: t("Pemeriksaan", "Examination"),
      fields: [
        hbField(),
        {
          id: "tajam_penglihatan", type: "single", options: RESULT, label: t("Tes tajam penglihatan (kartu Snellen/E)", "Visual acuity test (Snellen/E chart)"),
          hint: t("Kosongkan bila tidak diperiksa", "Leave empty if not tested"),
        },
        {
          id: "pendengaran", type: "single", options: RESULT, label: t("Tes pendengaran (tes bisik/garpu tala)", "Hearing test (whisper/tuning fork)"),
          hint: t("Kosongkan bila tidak diperiksa", "Leave empty if not tested"),
        },
        {
          id: "masalah_gigi", type: "yesno", required: true, label: t("Ada masalah gigi atau mulut (gigi berlubang, gusi bengkak, sakit)?", "Any tooth or mouth problem (caries, swollen gums, pain)?"),
          hint: t("Bila ya, isi juga formulir pemeriksaan gigi dan mulut", "If yes, also fill in the dental and oral check"),
        },
      ],
    },
    {
      id: "jiwa",
      title: t("Kesehatan jiwa (SDQ)", "Mental health (SDQ)"),
      fields: [
        {
          id: "sdq_skor", type: "number", unit: "", min: 0, max: 40, decimals: 0,
          label: t("Skor total kesulitan SDQ, diisi orang tua/guru (0–40)", "SDQ total difficulties, parent/teacher report (0–40)"),
          hint: t("Kosongkan bila SDQ tidak dilakukan", "Leave empty if no SDQ was done"),
        },
        {
          id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes"),
          hint: t("Imunisasi BIAS dicatat di formulir imunisasi anak sekolah (BIAS)", "BIAS school immunisations are recorded on the BIAS form"),
        },
      ],
    },
  ],
  flags: [
    risk("anemia", { all: [hb("lt", HB_ANEMIA_ANAK_SEKOLAH_G_DL), hb("gte", HB_ANEMIA_BERAT_5_11_G_DL)] },
      t("Anemia (Hb < 11,5 g/dL)", "Anaemia (Hb < 11.5 g/dL)"),
      t("Konseling gizi (makanan sumber zat besi), periksa dan obati cacingan; periksa Hb ulang dalam 3 bulan.", "Counsel on iron-rich food, check and treat worms; recheck Hb in 3 months.")),
    refer("anemia_berat", hb("lt", HB_ANEMIA_BERAT_5_11_G_DL),
      t("Anemia berat (Hb < 8 g/dL)", "Severe anaemia (Hb < 8 g/dL)"),
      t("Rujuk ke puskesmas hari ini untuk pemeriksaan dokter.", "Refer to the puskesmas today for a doctor's assessment.")),
    refer("penglihatan", { field: "tajam_penglihatan", op: "eq", value: "curiga" },
      t("Curiga gangguan penglihatan", "Possible vision problem"),
      t("Rujuk ke puskesmas untuk pemeriksaan mata (kelainan refraksi, kacamata).", "Refer to the puskesmas for an eye check (refractive error, glasses).")),
    refer("pendengaran", { field: "pendengaran", op: "eq", value: "curiga" },
      t("Curiga gangguan pendengaran", "Possible hearing problem"),
      t("Periksa telinga (serumen, infeksi); rujuk ke puskesmas.", "Examine the ears (wax, infection); refer to the puskesmas.")),
    risk("masalah_gigi", { field: "masalah_gigi", op: "eq", value: true },
      t("Masalah gigi atau mulut", "Tooth or mouth problem"),
      t("Isi formulir pemeriksaan gigi dan mulut; ajarkan sikat gigi 2 kali sehari; rujuk ke poli gigi bila perlu.", "Fill in the dental check; teach brushing twice a day; refer to the dental clinic if needed.")),
    refer("sdq_abnormal", { field: "sdq_skor", op: "gte", value: SDQ_ANAK_ABNORMAL_MIN },
      t("SDQ abnormal: rujuk", "SDQ abnormal: refer"),
      t("Rujuk ke puskesmas untuk penilaian dokter/psikolog.", "Refer to the puskesmas for assessment by a doctor/psychologist.")),
    risk("sdq_ambang", { all: [{ field: "sdq_skor", op: "gte", value: SDQ_ANAK_BORDERLINE_MIN }, { field: "sdq_skor", op: "lt", value: SDQ_ANAK_ABNORMAL_MIN }] },
      t("SDQ ambang (borderline)", "SDQ borderline"),
      t("Konseling orang tua dan guru; ulangi SDQ dalam 3 bulan.", "Counsel parents and teacher; repeat the SDQ in 3 months.")),
  ],
};
