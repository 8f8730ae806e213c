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
}

export const CONDITION_RULES: readonly ConditionRule[] = [
  { key: "hipertensi", flags: ["ptm.hipertensi", "ptm.hipertensi_krisis", "lansia.hipertensi", "lansia.hipertensi_krisis", "remaja.hipertensi"], icd: C.ICD10_HYPERTENSION, verification: "provisional", text: "Hipertensi" },
  { key: "hipertensi_kehamilan", flags: ["anc.hipertensi", "nifas.hipertensi"], icd: C.ICD10_MATERNAL_HYPERTENSION, verification: "provisional", text: "Hipertensi pada kehamilan/nifas" },
  { key: "diabetes", flags: ["ptm.curiga_dm", "lansia.curiga_dm"], icd: C.ICD10_DIABETES_UNSPECIFIED, verification: "provisional", text: "Curiga diabetes melitus" },
  { key: "kek", flags: ["anc.kek"], icd: C.ICD10_MALNUTRITION_IN_PREGNANCY, verification: "confirmed", text: "Kurang energi kronis (KEK) pada kehamilan" },
  { key: "anemia_kehamilan", flags: ["anc.anemia", "anc.anemia_berat", "nifas.anemia"], icd: C.ICD10_ANAEMIA_IN_PREGNANCY, verification: "confirmed", text: "Anemia pada kehamilan/nifas" },
  { key: "anemia", flags: ["remaja.anemia"], icd: C.ICD10_ANAEMIA_UNSPECIFIED, verification: "confirmed", text: "Anemia" },
  { key: "stunting", flags: ["balita.stunted", "balita.severely_stunted"], icd: C.ICD10_STUNTING, verification: "confirmed", text: "Stunting" },
  { key: "terduga_tb", flags: ["tb.terduga"], icd: C.ICD10_SUSPECTED_TB, verification: "provisional", text: "Terduga TBC" },
];

const RULE_BY_FLAG = new Map<string, ConditionRule>();
for (const r of CONDITION_RULES) for (const f of r.flags) RULE_BY_FLAG.set(f, r);

/** The condition rule a flag or referral reason (same ids) maps to, if any. */
export const conditionRuleFor = (flagId: string): ConditionRule | undefined => RULE_BY_FLAG.get(flagId);

export interface BuiltCondition {
  id: string;
  resource: Condition;
}

export function conditions(rc: RecordContext): BuiltCondition[] {
  const found = new Set<ConditionRule>();
  for (const f of rc.derived?.flags ?? []) {
    const r = RULE_BY_FLAG.get(f.id);
    if (r) found.add(r);
  }
  // In rule order, not flag order: the bundle does not depend on the order flags were raised.
  return CONDITION_RULES.filter((r) => found.has(r)).map((r) => ({
    id: derivedUuid("condition", rc.input.id, r.key),
    resource: {
      resourceType: "Condition",
      identifier: [{ system: C.sysIds("condition", rc.context.organizationId), value: `${rc.input.id}.${r.key}` }],
      clinicalStatus: { coding: [coding(C.CONDITION_ACTIVE)] },
      verificationStatus: { coding: [coding(r.verification === "provisional" ? C.CONDITION_PROVISIONAL : C.CONDITION_CONFIRMED)] },
      category: [{ coding: [coding(C.CONDITION_ENCOUNTER_DIAGNOSIS)] }],
      code: { coding: [coding(r.icd)], text: r.text },
      subject: rc.patient,
      encounter: rc.encounter,
      recordedDate: rc.times.end,
    },
  }));
}
