import type { CodeableConcept, Observation } from "@medplum/fhirtypes";
import { lhfaStatus, wfaStatus, wflhStatus, type LhfaStatus, type WfaStatus, type WflhStatus } from "../growth/status.ts";
import type { ImtCategory } from "../rules/derive.ts";
import * as C from "./codes.ts";
import { coding, derivedUuid, numberAnswer, answer, type RecordContext } from "./shared.ts";

/**
 * Observation, one per measurement of a record, and one per growth index of a balita weighing
 * (z-score with the Kemenkes status interpretation). Every one: identifier
 * `http://sys-ids.kemkes.go.id/observation/{organizationId}` | `<recordId>.<field>`, status final,
 * category, code, subject, encounter, effectiveDateTime (the visit's in-progress start) and a UCUM
 * valueQuantity. The field → code table below is the mapping; docs/INTEROP.md lists it with sources.
 */

export type Category = typeof C.CATEGORY_VITAL_SIGNS | typeof C.CATEGORY_LABORATORY | typeof C.CATEGORY_EXAM | typeof C.CATEGORY_SURVEY;
type Unit = { unit: string; code: string };
type Code = { system: string; code: string; display: string };

export interface Measure {
  /** The answer (record.data, or derived.values for a computed one). */
  field: string;
  category: Category;
  unit: Unit;
  /** Indonesian name, Observation.code.text. */
  text: string;
  /** The code(s), from the record (e.g. glucose: random or fasting); null = not measured this way, skip. */
  code: (rc: RecordContext) => Code[] | null;
  interpretation?: (rc: RecordContext) => CodeableConcept | null;
}

const fixed = (...codes: Code[]) => () => codes;

const weight: Measure = { field: "bb", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_KG, text: "Berat badan", code: fixed(C.LOINC_BODY_WEIGHT) };
const height: Measure = { field: "tb", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_CM, text: "Tinggi badan", code: fixed(C.LOINC_BODY_HEIGHT) };
const muac: Measure = { field: "lila", category: C.CATEGORY_EXAM, unit: C.UCUM_CM, text: "Lingkar lengan atas (LiLA)", code: fixed(C.SNOMED_MUAC, C.LOINC_MUAC) };
const systolic: Measure = { field: "td_sistolik", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_MMHG, text: "Tekanan darah sistolik", code: fixed(C.LOINC_SYSTOLIC) };
const diastolic: Measure = { field: "td_diastolik", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_MMHG, text: "Tekanan darah diastolik", code: fixed(C.LOINC_DIASTOLIC) };
const hb: Measure = { field: "hb", category: C.CATEGORY_LABORATORY, unit: C.UCUM_G_DL, text: "Hemoglobin", code: fixed(C.LOINC_HEMOGLOBIN) };
const temperature: Measure = { field: "suhu", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_CEL, text: "Suhu tubuh", code: fixed(C.LOINC_BODY_TEMPERATURE) };
const respiratoryRate: Measure = { field: "napas", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_PER_MIN, text: "Frekuensi napas", code: fixed(C.LOINC_RESPIRATORY_RATE) };

/** IMT category (derive.ts imtCategory, Kemenkes P2PTM) as a v3 interpretation with the Indonesian words. NOT CONFIRMED BY SATUSEHAT. */
const IMT_INTERPRETATION: Record<ImtCategory, { coding: Code; text: string }> = {
  kurus_berat: { coding: C.V3_CRITICAL_LOW, text: "Kurus tingkat berat" },
  kurus_ringan: { coding: C.V3_LOW, text: "Kurus tingkat ringan" },
  normal: { coding: C.V3_NORMAL, text: "Normal" },
  gemuk_ringan: { coding: C.V3_HIGH, text: "Gemuk tingkat ringan" },
  obesitas: { coding: C.V3_CRITICAL_HIGH, text: "Obesitas" },
};

const bmi: Measure = {
  field: "imt", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_KG_M2, text: "Indeks massa tubuh (IMT)", code: fixed(C.LOINC_BMI),
  interpretation: (rc) => {
    const cat = rc.derived?.values?.kategori_imt as ImtCategory | undefined;
    const i = cat ? IMT_INTERPRETATION[cat] : undefined;
    return i ? { coding: [coding(i.coding)], text: i.text } : null;
  },
};

const glucose: Measure = {
  field: "gula_darah", category: C.CATEGORY_LABORATORY, unit: C.UCUM_MG_DL, text: "Gula darah",
  code: (rc) => {
    const kind = answer(rc, "jenis_gula_darah");
    return kind === "gds" ? [C.LOINC_GLUCOSE_RANDOM_CAPILLARY] : kind === "gdp" ? [C.LOINC_GLUCOSE_FASTING_CAPILLARY] : null;
  },
};
const waist: Measure = { field: "lingkar_perut", category: C.CATEGORY_EXAM, unit: C.UCUM_CM, text: "Lingkar perut", code: fixed(C.LOINC_WAIST_CIRCUMFERENCE) };
const cholesterol: Measure = { field: "kolesterol", category: C.CATEGORY_LABORATORY, unit: C.UCUM_MG_DL, text: "Kolesterol total", code: fixed(C.LOINC_CHOLESTEROL) };

const ptmMeasures = [systolic, diastolic, glucose, weight, height, bmi, waist, cholesterol];

/** Length/height of a child, with how it was measured (balita, MTBS: the same fields). */
const childLength: Measure = {
  field: "panjang_tinggi", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_CM, text: "Panjang/tinggi badan",
  code: (rc) => {
    const how = answer(rc, "posisi_ukur");
    return how === "berbaring" ? [C.LOINC_BODY_HEIGHT, C.LOINC_BODY_HEIGHT_LYING] : how === "berdiri" ? [C.LOINC_BODY_HEIGHT, C.LOINC_BODY_HEIGHT_STANDING] : [C.LOINC_BODY_HEIGHT];
  },
};
const headCircumference: Measure = { field: "lingkar_kepala", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_CM, text: "Lingkar kepala", code: fixed(C.LOINC_HEAD_CIRCUMFERENCE) };

// --- issue 15 forms ---------------------------------------------------------------------------------

/** A questionnaire total (GDS, MNA-SF, KPSP, ...): category survey, unit {score}. */
const score = (field: string, code: Code, text: string): Measure => ({ field, category: C.CATEGORY_SURVEY, unit: C.UCUM_SCORE, text, code: fixed(code) });
/** MTBS: respiratory rate counted for a full minute (LOINC 9279-1 as the neonatal form), SpO2 by pulse oximeter. */
const mtbsRespiratoryRate: Measure = { ...respiratoryRate, field: "napas_per_menit" };
const spo2: Measure = { field: "saturasi_o2", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_PERCENT, text: "Saturasi oksigen (SpO2)", code: fixed(C.LOINC_OXYGEN_SATURATION, C.LOINC_OXYGEN_SATURATION_PULSE_OXIMETRY) };

/** What each form measures, by form id (all versions: field ids keep their meaning across versions, domain/forms/types.ts). */
export const MEASURES: Readonly<Record<string, readonly Measure[]>> = {
  balita: [weight, childLength, headCircumference, muac],
  anc: [
    weight, height, muac, systolic, diastolic, hb,
    { field: "tfu", category: C.CATEGORY_EXAM, unit: C.UCUM_CM, text: "Tinggi fundus uteri (TFU)", code: fixed(C.LOINC_FUNDAL_HEIGHT) },
    { field: "djj", category: C.CATEGORY_EXAM, unit: C.UCUM_PER_MIN, text: "Denyut jantung janin (DJJ)", code: fixed(C.LOINC_FETAL_HEART_RATE) },
  ],
  ptm: ptmMeasures,
  lansia: [...ptmMeasures, muac],
  remaja: [weight, height, bmi, hb, systolic, diastolic],
  nifas: [systolic, diastolic, temperature, hb],
  neonatal: [
    { field: "berat_lahir", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_G, text: "Berat lahir", code: fixed(C.LOINC_BIRTH_WEIGHT) },
    { field: "berat_sekarang", category: C.CATEGORY_VITAL_SIGNS, unit: C.UCUM_G, text: "Berat badan", code: fixed(C.LOINC_BODY_WEIGHT) },
    temperature, respiratoryRate,
  ],
  malaria: [temperature],
  // Issue 15. ptm v2 and lansia v2 keep the v1 field ids (td_sistolik/td_diastolik are the computed
  // means of the two readings), so the rows above serve them. Persalinan's birth weights and the KB
  // method: domain/fhir/delivery.ts and family-planning.ts.
  catin: [weight, height, bmi, muac, hb, systolic, diastolic],
  kb: [systolic, diastolic],
  mtbs: [weight, childLength, muac, temperature, mtbsRespiratoryRate, spo2, headCircumference],
  "anak-sekolah": [weight, height, bmi, hb, score("sdq_skor", C.SIMPUL_SDQ_TOTAL, "SDQ skor total kesulitan")],
  sdidtk: [
    score("kpsp_ya", C.SIMPUL_KPSP_YES, "KPSP jumlah jawaban Ya"),
    score("kmme_ya", C.SIMPUL_KMME_YES, "KMME jumlah jawaban Ya"),
    score("mchat_skor", C.SIMPUL_MCHAT_R_TOTAL, "M-CHAT-R skor total"),
    score("mchat_followup_skor", C.SIMPUL_MCHAT_RF_FOLLOWUP, "M-CHAT-R/F skor wawancara lanjutan"),
    score("gpph_skor", C.SIMPUL_GPPH_CONNERS, "GPPH skor Conners"),
  ],
  gigi: [
    { field: "def_t", category: C.CATEGORY_EXAM, unit: C.UCUM_TEETH, text: "Indeks def-t (gigi susu)", code: fixed(C.SIMPUL_DEFT) },
    { field: "dmf_t", category: C.CATEGORY_EXAM, unit: C.UCUM_TEETH, text: "Indeks DMF-T (gigi tetap)", code: fixed(C.SIMPUL_DMFT) },
  ],
  "lansia-lanjutan": [
    score("skor_gds", C.LOINC_GDS15_TOTAL, "GDS-15 skor total"),
    score("skor_amt", C.SIMPUL_AMT_TOTAL, "AMT skor total"),
    weight, height, bmi,
    { field: "lingkar_betis", category: C.CATEGORY_EXAM, unit: C.UCUM_CM, text: "Lingkar betis", code: fixed(C.SIMPUL_CALF_CIRCUMFERENCE) },
    score("skor_mna", C.LOINC_MNA_SF_TOTAL, "MNA-SF skor skrining"),
    score("skor_srq", C.SIMPUL_SRQ20_TOTAL, "SRQ-20 jumlah jawaban Ya"),
  ],
};

export function base(rc: RecordContext, key: string, category: Category, code: CodeableConcept): Observation {
  return {
    resourceType: "Observation",
    identifier: [{ system: C.sysIds("observation", rc.context.organizationId), value: `${rc.input.id}.${key}` }],
    status: "final",
    category: [{ coding: [coding(category)] }],
    code,
    subject: rc.patient,
    encounter: rc.encounter,
    effectiveDateTime: rc.times.arrivedEnd,
  };
}

export interface BuiltObservation {
  /** The entry's fullUrl id (deterministic). */
  id: string;
  resource: Observation;
}

/** The measurement Observations of a record. */
export function measurementObservations(rc: RecordContext): BuiltObservation[] {
  const out: BuiltObservation[] = [];
  for (const m of MEASURES[rc.input.record.formId] ?? []) {
    const value = numberAnswer(rc, m.field);
    if (value === null) continue;
    const codes = m.code(rc);
    if (!codes) continue;
    const obs = base(rc, m.field, m.category, { coding: codes.map(coding), text: m.text });
    obs.valueQuantity = { value, unit: m.unit.unit, system: C.SYSTEM_UCUM, code: m.unit.code };
    const interp = m.interpretation?.(rc);
    if (interp) obs.interpretation = [interp];
    out.push({ id: derivedUuid("observation", rc.input.id, m.field), resource: obs });
  }
  return out;
}

// --- growth status ---------------------------------------------------------------------------------

const INTERP_WFA: Record<WfaStatus, { coding: Code; text: string }> = {
  bb_sangat_kurang: { coding: C.OI_BB_SANGAT_KURANG, text: "Berat badan sangat kurang" },
  bb_kurang: { coding: C.OI_BB_KURANG, text: "Berat badan kurang" },
  bb_normal: { coding: C.OI_BB_NORMAL, text: "Berat badan normal" },
  risiko_bb_lebih: { coding: C.OI_RISIKO_BB_LEBIH, text: "Risiko berat badan lebih" },
};
const INTERP_LHFA: Record<LhfaStatus, { coding: Code; text: string }> = {
  sangat_pendek: { coding: C.OI_SANGAT_PENDEK, text: "Sangat pendek" },
  pendek: { coding: C.OI_PENDEK, text: "Pendek" },
  normal: { coding: C.V3_NORMAL, text: "Normal" },
  tinggi: { coding: C.V3_HIGH, text: "Tinggi" },
};
const INTERP_WFLH: Record<WflhStatus, { coding: Code; text: string }> = {
  gizi_buruk: { coding: C.V3_CRITICAL_LOW, text: "Gizi buruk" },
  gizi_kurang: { coding: C.V3_LOW, text: "Gizi kurang" },
  gizi_baik: { coding: C.V3_NORMAL, text: "Gizi baik" },
  risiko_gizi_lebih: { coding: C.V3_HIGH, text: "Berisiko gizi lebih" },
  gizi_lebih: { coding: C.V3_HIGH, text: "Gizi lebih" },
  obesitas: { coding: C.V3_CRITICAL_HIGH, text: "Obesitas" },
};

interface GrowthIndex {
  key: "bb_u" | "pb_tb_u" | "bb_pb_tb";
  zscore: "wfa" | "lhfa" | "wflh";
  text: (lying: boolean) => string;
  code: (lying: boolean) => Code;
  interpret: (z: number) => { coding: Code; text: string };
}

/** BB/U, PB/U–TB/U and BB/PB–BB/TB (Permenkes 2/2020; status cut-offs: domain/growth/status.ts, the phone's). */
export const GROWTH_INDICES: readonly GrowthIndex[] = [
  { key: "bb_u", zscore: "wfa", text: () => "BB/U (z-score)", code: () => C.SNOMED_WEIGHT_FOR_AGE_Z, interpret: (z) => INTERP_WFA[wfaStatus(z)] },
  { key: "pb_tb_u", zscore: "lhfa", text: (l) => (l ? "PB/U (z-score)" : "TB/U (z-score)"), code: (l) => (l ? C.SNOMED_LENGTH_FOR_AGE_Z : C.SNOMED_HEIGHT_FOR_AGE_Z), interpret: (z) => INTERP_LHFA[lhfaStatus(z)] },
  { key: "bb_pb_tb", zscore: "wflh", text: (l) => (l ? "BB/PB (z-score)" : "BB/TB (z-score)"), code: (l) => (l ? C.SNOMED_WEIGHT_FOR_LENGTH_Z : C.SNOMED_WEIGHT_FOR_HEIGHT_Z), interpret: (z) => INTERP_WFLH[wflhStatus(z)] },
];

/** The growth-status Observations of a balita weighing, from the server's derived z-scores. */
export function growthObservations(rc: RecordContext): BuiltObservation[] {
  const g = rc.derived?.growth;
  if (rc.input.record.formId !== "balita" || !g) return [];
  // WHO: length (lying) under 24 months, height from 24 (derive.ts measuredAs, after the ±0.7 cm rule).
  const lying = g.measuredAs === "lying";
  const out: BuiltObservation[] = [];
  for (const ix of GROWTH_INDICES) {
    const z = g.zscores?.[ix.zscore];
    if (typeof z !== "number" || !Number.isFinite(z)) continue;
    const code = ix.code(lying);
    const obs = base(rc, ix.key, C.CATEGORY_EXAM, { coding: [coding(code)], text: ix.text(lying) });
    obs.valueQuantity = { value: z, unit: C.UCUM_ZSCORE.unit, system: C.SYSTEM_UCUM, code: C.UCUM_ZSCORE.code };
    const i = ix.interpret(z);
    obs.interpretation = [{ coding: [coding(i.coding)], text: i.text }];
    out.push({ id: derivedUuid("observation", rc.input.id, ix.key), resource: obs });
  }
  return out;
}
