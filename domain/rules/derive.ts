// The engine and the metadata only, never forms/index.ts: that would bundle every definition into
// the PWA's rules chunk (issue 15; test/domain/form-catalog.test.ts checks).
import { ageAt, dateToDays, fields, FORM_ERROR_KEY, resolveAnswers, validateAnswers, activeFlags } from "../forms/engine.ts";
import { formContext } from "../forms/meta.ts";
import type { AnswerValue, Answers, FlagColour, FormDefinition, ReferralDestination, Text } from "../forms/types.ts";
import { AKS_BERAT_MIN, AKS_MANDIRI, AKS_RINGAN_MIN, AKS_SEDANG_MIN } from "../forms/lansia-v1.ts";
import { IMT_GEMUK_ABOVE, IMT_KURUS_BELOW, IMT_KURUS_BERAT_BELOW, IMT_OBESITAS_ABOVE } from "../forms/ptm-parts.ts";
import { daysToMonths } from "../growth/age.ts";
import { growthErrors } from "../growth/errors.ts";
import { FLAGS as GROWTH_FLAGS, type GrowthFlag } from "../growth/flags.ts";
import { is2T, kbmGrams, T_NEXT, TWO_T_NEXT, weightGainStatus, type NTStatus } from "../growth/weight-gain.ts";
import { assessGrowth, type AssessTables, type IndicatorId } from "../growth/zscore.ts";
import { computeIks, IKS_LABELS, pisPkFromAnswers } from "./iks.ts";
import { kejarAntigens } from "./immunisation-kejar.ts";
import { mtbsNutrition } from "./mtbs.ts";
import { bmiForAgeZ, bmiUnrounded, IMTU_LABELS, imtuCategory } from "./imt-u.ts";

/**
 * deriveRecord: everything computed from a record that the phone shows at once and the server
 * stores in `record.derived`: the form's flags with a next step, balita growth (WHO z-scores,
 * status, LiLA, BGM, N/T, 2T), IMT/U for remaja, scores and categories, and the IKS of a home
 * visit. Pure, deterministic and JSON-serialisable: the server recomputes it from the answers
 * and the person, so a derived value sent by a client is never trusted.
 */

import { kpspCategory, mchatRisk } from "../forms/sdidtk-v1.ts";
import { DERIVE_VERSION } from "./derive-version.ts";
export { DERIVE_VERSION };

/**
 * The KMS (grafik BB/U) in the Buku KIA, and what the kader does with it: "Rujuk bila berat badan
 * anak tidak naik (T) atau di bawah garis merah atau di atas garis oranye" — the kader plots the
 * weighing, counsels the mother and refers to the petugas kesehatan, who confirms and manages it
 * under Permenkes 2/2020 (Kemenkes, Buku Kesehatan Ibu dan Anak, edisi 2023 (cetak 6 Mei 2023),
 * the KMS page "Grafik Berat Badan" of the anak section — page 54 of the fliphtml5 copy; the printed
 * page number is not confirmed). The KMS was redrawn on Permenkes 2/2020's BB/U categories
 * (Kemenkes, Petunjuk Teknis Penggunaan KMS Balita, Direktorat Gizi Masyarakat 2021, Kata Pengantar).
 */
/**
 * BGM (bawah garis merah): BB/U below −3 SD, "berat badan sangat kurang" (Permenkes 2/2020
 * Standar Antropometri Anak, Lampiran, kategori BB/U; the KMS red line). Refers to the puskesmas.
 */
export const BGM_BELOW_Z = -3;
/**
 * Above the orange line: BB/U above +1 SD, "risiko berat badan lebih" (Permenkes 2/2020, kategori
 * BB/U: > +1 SD), the KMS's upper risk limit. Refers to the petugas kesehatan (pustu) to be checked
 * with BB/PB–BB/TB. Not confirmed from the printed chart itself: the line's z-score is taken from the
 * Permenkes category the 2021 KMS was redrawn on.
 */
export const KMS_ORANGE_LINE_ABOVE_Z = 1;

export interface DerivedFlag {
  /** `${formId}.${flagId}`, e.g. "anc.hipertensi", "balita.stunted", "balita.2t". */
  id: string;
  severity: "refer" | "risk" | "info";
  /** The chart colour (MTBS: merah/kuning/hijau), when the form's flag has one. */
  colour?: FlagColour;
  label: Text;
  /** What to do next, in plain Indonesian (and English). */
  action: Text;
  /** For "refer": where to. */
  destination?: ReferralDestination;
}

export interface DerivedError {
  code: string;
  /** The answer it concerns, when it is one answer. */
  field?: string;
  message: Text;
}

export interface DerivedGrowth {
  ageDays: number | null;
  ageMonths: number | null;
  /** The length/height used after the ±0.7 cm rule, and how the standard expects it. */
  lengthUsedCm: number | null;
  measuredAs: "lying" | "standing" | null;
  /** Rounded z-scores; null when not measured or not computable (see errors). */
  zscores: Record<IndicatorId, number | null>;
  stunting: "sangat_pendek" | "pendek" | "normal" | null;
  wasting: "gizi_buruk" | "gizi_kurang" | "normal" | "berisiko_gizi_lebih" | "gizi_lebih" | "obesitas" | null;
  underweight: "sangat_kurang" | "kurang" | "normal" | null;
  overweight: boolean | null;
  lila: "gizi_buruk" | "gizi_kurang" | "normal" | null;
  bgm: boolean | null;
  /** Above the KMS orange line (BB/U > KMS_ORANGE_LINE_ABOVE_Z); null without a BB/U z-score. */
  aboveOrange: boolean | null;
  /** N naik, T tidak naik, O not weighed last month, B first weighing; null without a valid weight. */
  nt: NTStatus | null;
  gainGrams: number | null;
  kbmGrams: number | null;
  twoT: boolean;
  errors: DerivedError[];
  warnings: DerivedError[];
}

export type DerivedValue = string | number | boolean | null;

export interface Derived {
  v: number;
  /** "balita@1": the definition it was derived with. */
  form: string;
  flags: DerivedFlag[];
  growth?: DerivedGrowth;
  values?: Record<string, DerivedValue>;
  errors?: DerivedError[];
}

/** A record as derive and the rules read it (the `record` entity payload, with its id when known). */
export interface RecordLike {
  id?: string;
  formId: string;
  formVersion: number;
  visitDate: string;
  data: Readonly<Record<string, AnswerValue>>;
}

export interface PersonLike {
  sex?: string | null;
  birthDate?: string | null;
}

export interface DeriveInput {
  def: FormDefinition;
  answers: Answers;
  visitDate: string;
  person: PersonLike;
  /** Earlier records of the same person, any form, any order (only earlier balita weighings are read, for N/T and 2T). */
  previous?: readonly RecordLike[];
}

const computedCache = new WeakMap<FormDefinition, readonly { id: string }[]>();
function computedFields(def: FormDefinition): readonly { id: string }[] {
  let list = computedCache.get(def);
  if (!list) computedCache.set(def, (list = fields(def).filter((f) => f.type === "computed")));
  return list;
}

const DEFAULT_ACTION: Record<DerivedFlag["severity"], Text> = {
  refer: { id: "Rujuk ke pustu/puskesmas dan catat hasil rujukan balik.", en: "Refer to the pustu/puskesmas and record the referral's outcome." },
  risk: { id: "Beri konseling dan periksa lagi pada kunjungan berikutnya.", en: "Counsel and check again at the next visit." },
  info: { id: "Nasihati perawatan di rumah.", en: "Advise on home care." },
};

export function deriveRecord(input: DeriveInput, growthTables?: AssessTables): Derived {
  const { def, visitDate, person } = input;
  const ctx = formContext(visitDate, person);
  const resolved = resolveAnswers(def, input.answers, ctx);
  const check = validateAnswers(def, resolved, ctx);
  const errors: DerivedError[] = [];
  // An impossible answer (BB 0, Hb 40) never feeds a flag or a number: it is dropped here and
  // reported. The answers are copied only when one is actually dropped (most errors are a
  // required field left blank, which is not in the answers at all).
  let clean: Record<string, AnswerValue> | null = null;
  for (const field of Object.keys(check.errors)) {
    const message = check.errors[field]!;
    if (field === FORM_ERROR_KEY) errors.push({ code: "FORM", message });
    else {
      errors.push({ code: "ANSWER_INVALID", field, message });
      if (Object.prototype.hasOwnProperty.call(clean ?? resolved, field)) delete (clean ??= { ...resolved })[field];
    }
  }
  // Computed fields that read a dropped answer are recomputed without it (resolveAnswers does
  // not change its input, so the answers themselves stand in for an unchanged copy).
  const answers = check.valid ? resolved : resolveAnswers(def, clean ?? resolved, ctx);

  const flags: DerivedFlag[] = activeFlags(def, answers, ctx).map((f) => ({
    id: `${def.id}.${f.id}`,
    severity: f.severity,
    ...(f.colour ? { colour: f.colour } : {}),
    label: f.label,
    action: f.action ?? DEFAULT_ACTION[f.severity],
    ...(f.severity === "refer" ? { destination: f.destination ?? "puskesmas" } : {}),
  }));

  const values: Record<string, DerivedValue> = {};
  for (const f of computedFields(def)) {
    const v = answers[f.id];
    values[f.id] = v === undefined || Array.isArray(v) ? null : v;
  }

  const out: Derived = { v: DERIVE_VERSION, form: `${def.id}@${def.version}`, flags };
  switch (def.id) {
    case "balita": {
      const g = deriveGrowth(answers, visitDate, person, input.previous ?? [], growthTables);
      if (g) {
        out.growth = g.growth;
        flags.push(...g.flags);
      } else errors.push({ code: "GROWTH_TABLES_MISSING", message: { id: "Tabel WHO belum dimuat: status gizi belum dihitung", en: "WHO tables not loaded: nutritional status not computed" } });
      break;
    }
    case "remaja":
    case "anak-sekolah":
      // IMT/U (WHO 2007) for every school-age form: one hook, flags named after the form.
      remajaImtU(answers, visitDate, person, values, flags, errors, def.id);
      break;
    case "sdidtk":
      sdidtkValues(answers, values);
      break;
    case "mtbs":
      // Nutrition by colour needs the WHO z-score (like balita) and the other classifications.
      mtbsNutrition(answers, visitDate, person, growthTables, flags, values, errors);
      break;
    case "imunisasi": {
      // Catch-up doses, from the dates (domain/rules/immunisation-kejar.ts): never typed.
      const kejar = kejarAntigens(answers, visitDate, person.birthDate);
      values.kejar = kejar.length > 0;
      values.antigen_kejar = kejar.length ? kejar.join(" ") : null;
      break;
    }
    case "ptm":
    case "lansia":
      adultCategories(answers, values);
      break;
    case "kunjungan-rumah":
      if (Array.isArray(answers.alasan) && answers.alasan.includes("pendataan_keluarga")) {
        const iks = computeIks(pisPkFromAnswers(answers));
        values.iks = iks.value;
        values.kategori_iks = iks.category;
        values.iks_terpenuhi = iks.met;
        values.iks_berlaku = iks.applicable;
      }
      break;
  }
  if (Object.keys(values).length) out.values = values;
  if (errors.length) out.errors = errors;
  return out;
}

// --- PTM / lansia categories ----------------------------------------------------------------------

export type ImtCategory = "kurus_berat" | "kurus_ringan" | "normal" | "gemuk_ringan" | "obesitas";
export type AksCategory = "mandiri" | "ringan" | "sedang" | "berat" | "total";

/** IMT category for adults (Kemenkes; thresholds in domain/forms/ptm-parts.ts). */
export function imtCategory(imt: number): ImtCategory {
  if (imt < IMT_KURUS_BERAT_BELOW) return "kurus_berat";
  if (imt < IMT_KURUS_BELOW) return "kurus_ringan";
  if (imt <= IMT_GEMUK_ABOVE) return "normal";
  if (imt <= IMT_OBESITAS_ABOVE) return "gemuk_ringan";
  return "obesitas";
}

/** AKS (Barthel 0–20) category (Kemenkes; thresholds in domain/forms/lansia-v1.ts). */
export function aksCategory(score: number): AksCategory {
  if (score >= AKS_MANDIRI) return "mandiri";
  if (score >= AKS_RINGAN_MIN) return "ringan";
  if (score >= AKS_SEDANG_MIN) return "sedang";
  if (score >= AKS_BERAT_MIN) return "berat";
  return "total";
}

function adultCategories(answers: Record<string, AnswerValue>, values: Record<string, DerivedValue>): void {
  if (typeof answers.imt === "number") values.kategori_imt = imtCategory(answers.imt);
  if (typeof answers.skor_aks === "number") values.kategori_aks = aksCategory(answers.skor_aks);
}

// --- SDIDTK ----------------------------------------------------------------------------------------

/** KPSP result (S/M/P) and M-CHAT-R risk level from the totals (thresholds in domain/forms/sdidtk-v1.ts). */
function sdidtkValues(answers: Record<string, AnswerValue>, values: Record<string, DerivedValue>): void {
  const ya = num(answers.kpsp_ya);
  values.kpsp_hasil = ya === null ? null : kpspCategory(ya);
  const mchat = num(answers.mchat_skor);
  values.mchat_risiko = mchat === null ? null : mchatRisk(mchat);
}

// --- Remaja IMT/U ----------------------------------------------------------------------------------

function remajaImtU(answers: Record<string, AnswerValue>, visitDate: string, person: PersonLike, values: Record<string, DerivedValue>, flags: DerivedFlag[], errors: DerivedError[], formId = "remaja"): void {
  // Scored from the unrounded weight / height², as anthroplus does, not from the 1-decimal IMT
  // shown on the form (domain/rules/imt-u.ts).
  const bmi = bmiUnrounded(num(answers.bb), num(answers.tb));
  if (bmi === null) return;
  if (person.sex !== "L" && person.sex !== "P") {
    errors.push({ code: "SEX_MISSING", message: growthErrors.sexMissing().message });
    return;
  }
  const age = ageAt(person.birthDate, visitDate);
  if (!age) {
    errors.push({ code: "BIRTH_DATE_INVALID", message: { id: "Tanggal lahir tidak valid atau sesudah tanggal kunjungan: IMT/U tidak dihitung", en: "Birth date invalid or after the visit date: BMI-for-age not computed" } });
    return;
  }
  const z = bmiForAgeZ(person.sex, daysToMonths(age.days), bmi);
  values.imt_u_z = z;
  if (z === null) return;
  const cat = imtuCategory(z);
  values.kategori_imt_u = cat;
  const label = (c: typeof cat) => ({ id: `IMT/U: ${IMTU_LABELS[c].id} (${String(z).replace(".", ",")} SD)`, en: `BMI-for-age: ${IMTU_LABELS[c].en} (${z} SD)` });
  if (cat === "gizi_buruk") {
    flags.push({ id: `${formId}.imt_u_gizi_buruk`, severity: "refer", destination: "puskesmas", label: label(cat), action: { id: "Rujuk ke puskesmas untuk pemeriksaan dokter dan konseling gizi.", en: "Refer to the puskesmas for a doctor's assessment and nutrition counselling." } });
  } else if (cat === "gizi_kurang") {
    flags.push({ id: `${formId}.imt_u_gizi_kurang`, severity: "risk", label: label(cat), action: { id: "Konseling gizi (makan 3 kali sehari, lauk hewani); timbang ulang dalam 1 bulan.", en: "Nutrition counselling (3 meals a day, animal protein); weigh again in a month." } });
  } else if (cat === "gizi_lebih" || cat === "obesitas") {
    flags.push({ id: `${formId}.imt_u_${cat}`, severity: "risk", label: label(cat), action: { id: "Konseling gizi seimbang, kurangi minuman manis, aktivitas fisik 60 menit sehari.", en: "Counsel on a balanced diet, fewer sweet drinks, 60 minutes of activity a day." } });
  }
}

// --- Balita growth -----------------------------------------------------------------------------------

const INDICATORS: readonly IndicatorId[] = ["wfa", "lhfa", "wflh", "bmifa", "hcfa", "acfa"];

function growthFlag(f: GrowthFlag): DerivedFlag {
  return {
    id: `balita.${f.code}`,
    severity: f.refer ? "refer" : "risk",
    label: f.label,
    action: f.next,
    ...(f.refer ? { destination: f.severity === "severe" ? "puskesmas" : "pustu" } : {}),
  };
}

const BGM_FLAG: DerivedFlag = {
  id: "balita.bgm",
  severity: "refer",
  destination: "puskesmas",
  label: { id: "BGM (bawah garis merah): berat badan sangat kurang", en: "Below the red line: severely underweight" },
  action: GROWTH_FLAGS.severely_underweight.next,
};
const TWO_T_FLAG: DerivedFlag = {
  id: "balita.2t",
  severity: "refer",
  destination: "pustu",
  label: { id: "2T: dua kali berturut-turut berat badan tidak naik", en: "2T: two weighings in a row without enough gain" },
  action: TWO_T_NEXT,
};
/** T once refers (Buku KIA 2023, KMS: "Rujuk bila berat badan anak tidak naik (T)"), to the petugas kesehatan at the pustu. */
const T_FLAG: DerivedFlag = {
  id: "balita.t",
  severity: "refer",
  destination: "pustu",
  label: { id: "Berat badan tidak naik (T) sejak bulan lalu", en: "Did not gain enough weight since last month (T)" },
  action: T_NEXT,
};
const ORANGE_FLAG: DerivedFlag = {
  id: "balita.atas_garis_oranye",
  severity: "refer",
  destination: "pustu",
  label: { id: "Di atas garis oranye KMS: risiko berat badan lebih", en: "Above the orange line of the KMS: risk of overweight" },
  action: {
    id: "Rujuk ke petugas kesehatan (pustu) untuk menilai BB/PB atau BB/TB; konseling makan anak (kurangi minuman manis dan makanan ringan).",
    en: "Refer to the health worker (pustu) to check weight-for-length/height; counsel on child feeding (fewer sweet drinks and snacks).",
  },
};

/** Errors that make N/T meaningless (a missing sex does not: the KBM does not depend on it). */
const NT_BLOCKING: ReadonlySet<string> = new Set(["BIRTH_DATE_INVALID", "VISIT_DATE_INVALID", "BIRTH_DATE_IN_FUTURE", "VISIT_DATE_IN_FUTURE", "BIRTH_AFTER_VISIT", "AGE_OVER_60_MONTHS", "WEIGHT_IMPLAUSIBLE"]);

const num = (v: AnswerValue | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

interface Weighing {
  date: string;
  kg: number;
}

/** Earlier balita weighings with a usable weight, oldest first (one per day: the last entered). */
function earlierWeighings(previous: readonly RecordLike[], visitDate: string): Weighing[] {
  const byDay = new Map<string, Weighing>();
  const sorted = [...previous].filter((r) => r.formId === "balita" && r.visitDate < visitDate).sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : (a.id ?? "") < (b.id ?? "") ? -1 : 1));
  for (const r of sorted) {
    const kg = num(r.data.bb);
    if (kg !== null && dateToDays(r.visitDate) !== null) byDay.set(r.visitDate, { date: r.visitDate, kg });
  }
  return [...byDay.values()];
}

function statusAt(prev: Weighing | undefined, cur: Weighing, birthDate: string): NTStatus | null {
  // The age in days, as ageAt gives it (null for an invalid date or a birth after the weighing).
  const b = dateToDays(birthDate);
  const d = dateToDays(cur.date);
  if (b === null || d === null || d < b) return null;
  try {
    return weightGainStatus(prev?.kg, prev?.date, cur.kg, cur.date, daysToMonths(d - b));
  } catch {
    return null;
  }
}

function deriveGrowth(answers: Record<string, AnswerValue>, visitDate: string, person: PersonLike, previous: readonly RecordLike[], tables?: AssessTables) {
  if (!tables) return null;
  const sex = person.sex === "L" || person.sex === "P" ? person.sex : null;
  const birthDate = typeof person.birthDate === "string" ? person.birthDate : "";
  const weightKg = num(answers.bb);
  const lengthCm = num(answers.panjang_tinggi);
  const a = assessGrowth({
    sex, birthDate, visitDate, weightKg, lengthCm,
    measured: answers.posisi_ukur === "berbaring" ? "lying" : answers.posisi_ukur === "berdiri" ? "standing" : null,
    headCm: num(answers.lingkar_kepala), muacCm: num(answers.lila),
  }, tables);

  const z = (id: IndicatorId): number | null => {
    const r = a.results[id];
    return r && r.ok ? r.z : null;
  };
  const zscores = Object.fromEntries(INDICATORS.map((id) => [id, z(id)])) as Record<IndicatorId, number | null>;
  const codes = new Set(a.flags.map((f) => f.code));
  const wfa = zscores.wfa, lhfa = zscores.lhfa, wflh = zscores.wflh;

  // N/T and 2T against earlier weighings (each status relative to the weighing before it).
  let nt: NTStatus | null = null;
  let gainGrams: number | null = null;
  let kbm: number | null = null;
  let twoT = false;
  if (weightKg !== null && a.ageDays !== null && !a.errors.some((e) => NT_BLOCKING.has(e.code))) {
    const history = earlierWeighings(previous, visitDate);
    const cur: Weighing = { date: visitDate, kg: weightKg };
    const last = history[history.length - 1];
    nt = statusAt(last, cur, birthDate);
    if (nt) {
      // 2T reads the last two statuses: this one and the latest earlier weighing that has one
      // (each relative to the weighing before it). Found from the end, not recomputed for the
      // whole history at every weighing.
      let before: NTStatus | null = null;
      for (let i = history.length - 1; i >= 0 && !before; i--) before = statusAt(history[i - 1], history[i]!, birthDate);
      twoT = is2T(before ? [before, nt] : [nt]);
      if (last && (nt === "N" || nt === "T")) {
        gainGrams = Math.round(weightKg * 1000) - Math.round(last.kg * 1000);
        kbm = kbmGrams(daysToMonths(a.ageDays));
      }
    }
  }

  const growth: DerivedGrowth = {
    ageDays: a.ageDays,
    ageMonths: a.ageMonths === null ? null : Math.round(a.ageMonths * 100) / 100,
    lengthUsedCm: a.lengthUsed ? Math.round(a.lengthUsed.cm * 100) / 100 : null,
    measuredAs: a.lengthUsed ? a.lengthUsed.as : null,
    zscores,
    stunting: lhfa === null ? null : codes.has("severely_stunted") ? "sangat_pendek" : codes.has("stunted") ? "pendek" : "normal",
    wasting: wflh === null ? null
      : codes.has("severely_wasted") ? "gizi_buruk" : codes.has("wasted") ? "gizi_kurang"
      : codes.has("obese") ? "obesitas" : codes.has("overweight") ? "gizi_lebih" : codes.has("possible_risk_of_overweight") ? "berisiko_gizi_lebih" : "normal",
    underweight: wfa === null ? null : codes.has("severely_underweight") ? "sangat_kurang" : codes.has("underweight") ? "kurang" : "normal",
    overweight: wflh === null ? null : codes.has("overweight") || codes.has("obese"),
    lila: a.lila ? a.lila.category : null,
    bgm: wfa === null ? null : wfa < BGM_BELOW_Z,
    aboveOrange: wfa === null ? null : wfa > KMS_ORANGE_LINE_ABOVE_Z,
    nt,
    gainGrams,
    kbmGrams: kbm,
    twoT,
    errors: a.errors.map((e) => ({ code: e.code, message: e.message })),
    warnings: a.warnings.map((w) => ({ code: w.code, message: w.message })),
  };

  const flags: DerivedFlag[] = [];
  for (const f of a.flags) {
    // BGM is the KMS name of BB/U < −3 SD: one flag, not two.
    if (f.code === "severely_underweight") continue;
    flags.push(growthFlag(f));
  }
  if (growth.bgm) flags.push(BGM_FLAG);
  if (growth.aboveOrange) flags.push(ORANGE_FLAG);
  if (twoT) flags.push(TWO_T_FLAG);
  else if (nt === "T") flags.push(T_FLAG);
  return { growth, flags };
}
