import type { Text } from "../forms/types.ts";
import { pisPkField, PIS_PK_LABELS } from "../forms/kunjungan-rumah-v1.ts";
import type { AnswerValue } from "../forms/types.ts";

/**
 * IKS (Indeks Keluarga Sehat) per family, Permenkes 39/2016 (PIS-PK): the indicators met divided
 * by the indicators that apply to the family (a family without a baby is not judged on
 * immunisation). > 0.800 keluarga sehat, 0.500–0.800 pra-sehat, < 0.500 tidak sehat.
 */

/** IKS > 0.8 = keluarga sehat (Permenkes 39/2016, PIS-PK). */
export const IKS_SEHAT_ABOVE = 0.8;
/** IKS 0.5–0.8 = keluarga pra-sehat; below 0.5 tidak sehat (Permenkes 39/2016, PIS-PK). */
export const IKS_PRA_SEHAT_FROM = 0.5;

/** The 12 indicator keys, in Permenkes order (the same as `PIS_PK_INDICATORS` in schemas.ts). */
export const PIS_PK_KEYS: readonly string[] = PIS_PK_LABELS.map((x) => x.id);

/** true = met, false = not met, null = does not apply to this family; a missing key = not assessed. */
export type PisPk = Partial<Record<string, boolean | null>>;

export type IksCategory = "sehat" | "pra_sehat" | "tidak_sehat";

export const IKS_LABELS: Readonly<Record<IksCategory, Text>> = {
  sehat: { id: "Keluarga sehat", en: "Healthy family" },
  pra_sehat: { id: "Keluarga pra-sehat", en: "Pre-healthy family" },
  tidak_sehat: { id: "Keluarga tidak sehat", en: "Unhealthy family" },
};

export interface IksResult {
  /** Rounded to 3 decimals (as the PIS-PK application reports it); null when not every indicator was assessed or none applies. */
  value: number | null;
  category: IksCategory | null;
  met: number;
  applicable: number;
  /** Indicators not yet assessed (no answer): the IKS waits for them rather than guessing. */
  missing: string[];
}

export function iksCategory(value: number): IksCategory {
  if (value > IKS_SEHAT_ABOVE) return "sehat";
  if (value >= IKS_PRA_SEHAT_FROM) return "pra_sehat";
  return "tidak_sehat";
}

export function computeIks(pisPk: PisPk | null | undefined): IksResult {
  let met = 0;
  let applicable = 0;
  const missing: string[] = [];
  for (const k of PIS_PK_KEYS) {
    const v = pisPk?.[k];
    if (v === undefined) missing.push(k);
    else if (v !== null) {
      applicable++;
      if (v) met++;
    }
  }
  if (missing.length || applicable === 0) return { value: null, category: null, met, applicable, missing };
  // Compare the exact fraction, not the rounded value: 0.8004 would round to 0.8 yet is "sehat".
  const exact = met / applicable;
  return { value: Math.round(exact * 1000) / 1000, category: iksCategory(exact), met, applicable, missing };
}

/** The household.pisPk shape from a home visit's answers ("ya" → true, "tidak" → false, "tb" → null). */
export function pisPkFromAnswers(answers: Readonly<Record<string, AnswerValue | undefined>>): PisPk {
  const out: PisPk = {};
  for (const k of PIS_PK_KEYS) {
    const v = answers[pisPkField(k)];
    if (v === "ya") out[k] = true;
    else if (v === "tidak") out[k] = false;
    else if (v === "tb") out[k] = null;
  }
  return out;
}
