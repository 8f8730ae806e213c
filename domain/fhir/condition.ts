import type { Condition } from "@medplum/fhirtypes";
import * as C from "./codes.ts";
import { coding, derivedUuid, type RecordContext } from "./shared.ts";

/**
 * Condition for a diagnosis or risk, from the record's derived flags (domain/rules/derive.ts:
 * the same rules the phone ran, recomputed by the server). One Condition per finding and record,
 * even when several flags raise it (hipertensi and hipertensi_krisis are one hypertension).
 *
 * Verification: what a screening suspects (a raised blood pressure or glucose at one visit, terduga
 * TBC) is provisional, a diagnosis for the puskesmas to confirm; what the measurement itself
 * defines (anaemia by Hb, KEK by LiLA, stunting by PB/U–TB/U) is confirmed. Category
 * encounter-diagnosis: found at this visit. docs/INTEROP.md has the table with sources.
 */

export interface ConditionRule {
  key: string;
  /** Derived flag ids (`${formId}.${flagId}`) that raise it. */
  flags: readonly string[];
  icd: { system: string; code: string; display: string };
  verification: "provisional" | "confirmed";
  text: string;
  /** Condition.severity, when the classification names it (MTBS PNEUMONIA BERAT). */
  severity?: { system: string; code: string; display: string };
}

export const CONDITION_RULES: readonly ConditionRule[] = [
  { key: "hipertensi", flags: ["ptm.hipertensi", "ptm.hipertensi_krisis", "lansia.hipertensi", "lansia.hipertensi_krisis", "remaja.hipertensi", "catin.hipertensi", "kb.hipertensi", "kb.hipertensi_kb_kombinasi", "kb.hipertensi_berat_suntik_3"], icd: C.ICD10_HYPERTENSION, verification: "provisional", text: "Hipertensi" },
  { key: "hipertensi_kehamilan", flags: ["anc.hipertensi", "nifas.hipertensi"], icd: C.ICD10_MATERNAL_HYPERTENSION, verification: "provisional", text: "Hipertensi pada kehamilan/nifas" },
  { key: "diabetes", flags: ["ptm.curiga_dm", "lansia.curiga_dm"], icd: C.ICD10_DIABETES_UNSPECIFIED, verification: "provisional", text: "Curiga diabetes melitus" },
  { key: "kek", flags: ["anc.kek"], icd: C.ICD10_MALNUTRITION_IN_PREGNANCY, verification: "confirmed", text: "Kurang energi kronis (KEK) pada kehamilan" },
  { key: "anemia_kehamilan", flags: ["anc.anemia", "anc.anemia_berat", "nifas.anemia"], icd: C.ICD10_ANAEMIA_IN_PREGNANCY, verification: "confirmed", text: "Anemia pada kehamilan/nifas" },
  { key: "anemia", flags: ["remaja.anemia", "catin.anemia", "catin.anemia_berat", "anak-sekolah.anemia", "anak-sekolah.anemia_berat"], icd: C.ICD10_ANAEMIA_UNSPECIFIED, verification: "confirmed", text: "Anemia" },
  { key: "stunting", flags: ["balita.stunted", "balita.severely_stunted"], icd: C.ICD10_STUNTING, verification: "confirmed", text: "Stunting" },
  { key: "terduga_tb", flags: ["tb.terduga"], icd: C.ICD10_SUSPECTED_TB, verification: "provisional", text: "Terduga TBC" },

  // Issue 15 (hipertensi and anemia above also take catin, KB and anak-sekolah flags: outside
  // pregnancy, so never O16/O99.0/O25 for a catin). KEK of a catin: E46 (O25 is pregnancy only).
  { key: "kek", flags: ["catin.kek"], icd: C.ICD10_PEM_UNSPECIFIED, verification: "confirmed", text: "Kurang energi kronis (KEK)" },
  // MTBS (domain/forms/mtbs-v1.ts, domain/rules/mtbs.ts): the classifications that are diagnoses.
  // Signs-based rows are provisional (a bidan or perawat classifies by the chart; the doctor confirms);
  // rows a test or a measurement defines (malaria by RDT, malnutrition by z-score/LiLA) are confirmed.
  { key: "pneumonia_berat", flags: ["mtbs.pneumonia_berat"], icd: C.ICD10_PNEUMONIA, verification: "provisional", text: "Pneumonia berat", severity: C.SNOMED_SEVERE },
  { key: "pneumonia", flags: ["mtbs.pneumonia"], icd: C.ICD10_PNEUMONIA, verification: "provisional", text: "Pneumonia" },
  { key: "diare", flags: ["mtbs.diare_dehidrasi_berat", "mtbs.diare_dehidrasi_ringan_sedang", "mtbs.diare_tanpa_dehidrasi", "mtbs.diare_persisten_berat", "mtbs.diare_persisten"], icd: C.ICD10_GASTROENTERITIS, verification: "provisional", text: "Diare" },
  { key: "dehidrasi", flags: ["mtbs.diare_dehidrasi_berat", "mtbs.diare_dehidrasi_ringan_sedang", "mtbs.diare_persisten_berat"], icd: C.ICD10_VOLUME_DEPLETION, verification: "provisional", text: "Dehidrasi" },
  { key: "disentri", flags: ["mtbs.disentri"], icd: C.ICD10_GASTROENTERITIS_INFECTIOUS, verification: "provisional", text: "Disentri" },
  { key: "malaria", flags: ["mtbs.malaria"], icd: C.ICD10_MALARIA_UNSPECIFIED, verification: "confirmed", text: "Malaria (RDT positif)" },
  { key: "campak_komplikasi", flags: ["mtbs.campak_komplikasi_berat", "mtbs.campak_komplikasi_mata_mulut"], icd: C.ICD10_MEASLES_COMPLICATED, verification: "provisional", text: "Campak dengan komplikasi" },
  { key: "campak", flags: ["mtbs.campak"], icd: C.ICD10_MEASLES, verification: "provisional", text: "Campak" },
  { key: "dbd", flags: ["mtbs.dbd"], icd: C.ICD10_DENGUE_HAEMORRHAGIC, verification: "provisional", text: "Demam berdarah dengue (DBD)" },
  { key: "mungkin_dbd", flags: ["mtbs.mungkin_dbd"], icd: C.ICD10_DENGUE, verification: "provisional", text: "Mungkin DBD" },
  { key: "gizi_buruk", flags: ["mtbs.gizi_buruk_komplikasi", "mtbs.gizi_buruk_tanpa_komplikasi"], icd: C.ICD10_SEVERE_PEM, verification: "confirmed", text: "Gizi buruk" },
  { key: "gizi_kurang", flags: ["mtbs.gizi_kurang"], icd: C.ICD10_MODERATE_PEM, verification: "confirmed", text: "Gizi kurang" },
  // Palmar pallor, no Hb: provisional (remaja/catin anaemia is measured, confirmed: another key).
  { key: "anemia_klinis", flags: ["mtbs.anemia_berat", "mtbs.anemia"], icd: C.ICD10_ANAEMIA_UNSPECIFIED, verification: "provisional", text: "Anemia (telapak tangan pucat)" },
  // Development, lansia instruments, dental: screens, provisional.
  { key: "keterlambatan_perkembangan", flags: ["sdidtk.kpsp_penyimpangan"], icd: C.ICD10_DELAYED_MILESTONE, verification: "provisional", text: "Kemungkinan penyimpangan perkembangan (KPSP)" },
  { key: "depresi", flags: ["lansia-lanjutan.gds_depresi_berat", "lansia-lanjutan.gds_depresi"], icd: C.ICD10_DEPRESSIVE_EPISODE, verification: "provisional", text: "Kemungkinan depresi (GDS-15)" },
  { key: "gangguan_kognitif", flags: ["lansia-lanjutan.amt_gangguan_kognitif"], icd: C.ICD10_COGNITIVE_SIGNS, verification: "provisional", text: "Gangguan kognitif (AMT)" },
  { key: "malnutrisi", flags: ["lansia-lanjutan.mna_malnutrisi"], icd: C.ICD10_PEM_UNSPECIFIED, verification: "provisional", text: "Malnutrisi (MNA-SF)" },
  { key: "karies", flags: ["gigi.karies_perlu_rawat"], icd: C.ICD10_DENTAL_CARIES, verification: "provisional", text: "Karies gigi" },
  { key: "gingivitis", flags: ["gigi.gingivitis_hamil", "gigi.gusi_berdarah"], icd: C.ICD10_CHRONIC_GINGIVITIS, verification: "provisional", text: "Radang gusi (gingivitis)" },
];

/** Flag id -> every rule it raises (one MTBS diarrhoea row raises both diarrhoea and dehydration). */
const RULES_BY_FLAG = new Map<string, ConditionRule[]>();
for (const r of CONDITION_RULES) for (const f of r.flags) RULES_BY_FLAG.set(f, [...(RULES_BY_FLAG.get(f) ?? []), r]);

/** The condition rule a flag or referral reason (same ids) maps to, if any. */
export const conditionRuleFor = (flagId: string): ConditionRule | undefined => RULES_BY_FLAG.get(flagId)?.[0];

export interface BuiltCondition {
  id: string;
  resource: Condition;
}

export function conditions(rc: RecordContext): BuiltCondition[] {
  const found = new Set<ConditionRule>();
  for (const f of rc.derived?.flags ?? []) for (const r of RULES_BY_FLAG.get(f.id) ?? []) found.add(r);
  // In rule order, not flag order: the bundle does not depend on the order flags were raised.
  return CONDITION_RULES.filter((r) => found.has(r)).map((r) => ({
    id: derivedUuid("condition", rc.input.id, r.key),
    resource: {
      resourceType: "Condition",
      identifier: [{ system: C.sysIds("condition", rc.context.organizationId), value: `${rc.input.id}.${r.key}` }],
      clinicalStatus: { coding: [coding(C.CONDITION_ACTIVE)] },
      verificationStatus: { coding: [coding(r.verification === "provisional" ? C.CONDITION_PROVISIONAL : C.CONDITION_CONFIRMED)] },
      category: [{ coding: [coding(C.CONDITION_ENCOUNTER_DIAGNOSIS)] }],
      ...(r.severity ? { severity: { coding: [coding(r.severity)] } } : {}),
      code: { coding: [coding(r.icd)], text: r.text },
      subject: rc.patient,
      encounter: rc.encounter,
      recordedDate: rc.times.end,
    },
  }));
}
