import { t } from "./common.ts";
import {
  bpChecks, bpSection, cancerFlags, cancerSection, lifestyleFlags, lifestyleSection, metabolicFlags, metabolicSection, senseFlags, senseSection,
  smokingChecks, smokingFlags, smokingSection, srqFlags, srqSection,
} from "./ptm-parts.ts";
import type { FormDefinition } from "./types.ts";

/**
 * Skrining PTM for usia produktif (ILP Klaster 3): from 15 years (ILP brief) up to 59; from 60
 * the `lansia` form carries the same parts with SKILAS and AKS.
 */
export const PTM_MIN_AGE_YEARS = 15;
/** Lansia from 60 years (UU 13/1998 Kesejahteraan Lanjut Usia; Kemenkes). */
export const LANSIA_MIN_AGE_YEARS = 60;

export const PTM_V1: FormDefinition = {
  id: "ptm",
  version: 1,
  title: t("Skrining penyakit tidak menular (PTM)", "Non-communicable disease (NCD) screening"),
  cluster: 3,
  appliesTo: { minAgeYears: PTM_MIN_AGE_YEARS, maxAgeYears: LANSIA_MIN_AGE_YEARS },
  needs: ["sex", "birthDate"],
  sections: [
    bpSection(),
    metabolicSection(),
    smokingSection(),
    lifestyleSection(),
    senseSection(),
    cancerSection(),
    srqSection(),
    { id: "penutup", title: t("Catatan", "Notes"), fields: [{ id: "catatan", type: "text", maxLength: 500, multiline: true, label: t("Catatan", "Notes") }] },
  ],
  checks: [...bpChecks(), ...smokingChecks()],
  flags: [...metabolicFlags(), ...smokingFlags(), ...lifestyleFlags(), ...senseFlags(), ...cancerFlags(), ...srqFlags()],
};
