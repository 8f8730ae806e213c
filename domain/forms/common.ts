import type { Condition, Field, Flag, NumberField, Option, Text } from "./types.ts";

/**
 * Building blocks shared by the ILP form definitions: labels, yes/no options, the blood
 * pressure pair and the person-context conditions. Definitions stay plain data: these helpers
 * only build objects, they are not kept in the definitions.
 */

export const t = (id: string, en: string): Text => ({ id, en });
export const opt = (value: string, id: string, en: string): Option => ({ value, label: t(id, en) });

/** Blood pressure ≥ 140/90 mmHg = hypertension (Kemenkes PTM; JNC 7 / ISH 2020 stage 2 cut-off). */
export const TD_HYPERTENSION_SYSTOLIC_MMHG = 140;
export const TD_HYPERTENSION_DIASTOLIC_MMHG = 90;
/** ≥ 180/110 mmHg: hypertensive crisis, refer the same day (Kemenkes PTM / PERHI 2019 krisis hipertensi). */
export const TD_CRISIS_SYSTOLIC_MMHG = 180;
export const TD_CRISIS_DIASTOLIC_MMHG = 110;

/** Physically possible blood pressures: outside them the entry is a typo, not a finding. */
export const TD_SYSTOLIC_RANGE = { min: 60, max: 260 } as const;
export const TD_DIASTOLIC_RANGE = { min: 30, max: 160 } as const;

/** Haemoglobin 3–20 g/dL: below 3 or above 20 is a typing slip (Hb 40 is impossible). */
export const HB_RANGE_G_DL = { min: 3, max: 20 } as const;

export function bpFields(prefix = "td", label?: Text): [NumberField, NumberField] {
  const suffix = label ? ` (${label.id})` : "";
  const suffixEn = label ? ` (${label.en})` : "";
  return [
    {
      id: `${prefix}_sistolik`, type: "number", unit: "mmHg", ...TD_SYSTOLIC_RANGE, decimals: 0, required: true,
      label: t(`Tekanan darah sistolik${suffix}`, `Systolic blood pressure${suffixEn}`),
    },
    {
      id: `${prefix}_diastolik`, type: "number", unit: "mmHg", ...TD_DIASTOLIC_RANGE, decimals: 0, required: true,
      label: t(`Tekanan darah diastolik${suffix}`, `Diastolic blood pressure${suffixEn}`),
    },
  ];
}

/** The "diastolic must be below systolic" check for a pair of fields. */
export function bpCheck(prefix = "td") {
  return {
    field: `${prefix}_diastolik`,
    when: { field: `${prefix}_diastolik`, op: "gte", ref: `${prefix}_sistolik` } as Condition,
    message: t("Diastolik harus lebih rendah dari sistolik", "Diastolic must be lower than systolic"),
  };
}

export function hypertensionWhen(prefix = "td", sys = TD_HYPERTENSION_SYSTOLIC_MMHG, dia = TD_HYPERTENSION_DIASTOLIC_MMHG): Condition {
  return { any: [{ field: `${prefix}_sistolik`, op: "gte", value: sys }, { field: `${prefix}_diastolik`, op: "gte", value: dia }] };
}

export const hbField = (required = false): NumberField => ({
  id: "hb", type: "number", unit: "g/dL", ...HB_RANGE_G_DL, decimals: 1, required,
  label: t("Hemoglobin (Hb)", "Haemoglobin (Hb)"), hint: t("Isi bila diperiksa", "Fill in if tested"),
});

/** A multiple-choice "danger signs" field with "tidak ada" as the exclusive first option. */
export function dangerSigns(id: string, options: Option[], label = t("Tanda bahaya yang ditemukan", "Danger signs found")): Field {
  return {
    id, type: "multi", required: true, exclusive: "tidak_ada", label,
    hint: t("Ada tanda bahaya: rujuk segera", "Any danger sign: refer now"),
    options: [opt("tidak_ada", "Tidak ada", "None"), ...options],
  };
}

/** True when a danger-sign list is answered and is not "tidak ada". */
export function anySign(id: string): Condition {
  return { all: [{ field: id, op: "answered" }, { field: id, op: "excludes", value: "tidak_ada" }] };
}

// --- person context (see FormContext): unknown → shown, so a validator without the person accepts ---

export const isFemale: Condition = { field: "$sex", op: "eq", value: "P", ifUnknown: true };
export const isMale: Condition = { field: "$sex", op: "eq", value: "L", ifUnknown: true };
export const ageYearsAtLeast = (y: number): Condition => ({ field: "$ageYears", op: "gte", value: y, ifUnknown: true });
export const ageYearsBelow = (y: number): Condition => ({ field: "$ageYears", op: "lt", value: y, ifUnknown: true });
export const ageMonthsAtLeast = (m: number): Condition => ({ field: "$ageMonths", op: "gte", value: m, ifUnknown: true });
export const ageMonthsBelow = (m: number): Condition => ({ field: "$ageMonths", op: "lt", value: m, ifUnknown: true });

/** For flags: true only when the person is known to be this sex / in this age (never on unknown). */
export const knownSex = (sex: "L" | "P"): Condition => ({ field: "$sex", op: "eq", value: sex });
export const knownAgeYears = (op: "lt" | "lte" | "gt" | "gte", value: number): Condition => ({ field: "$ageYears", op, value });

export const YES_NO_NA: Option[] = [
  opt("ya", "Ya", "Yes"),
  opt("tidak", "Tidak", "No"),
  opt("tb", "Tidak berlaku", "Not applicable"),
];

/** Shorthand for a refer flag with its next step. */
export function refer(id: string, when: Condition, label: Text, action: Text, destination: Flag["destination"] = "puskesmas"): Flag {
  return { id, when, severity: "refer", label, action, destination };
}

export function risk(id: string, when: Condition, label: Text, action: Text): Flag {
  return { id, when, severity: "risk", label, action };
}

/** Smoking status, shared by remaja, PTM and lansia. */
export const smokingField: Field = {
  id: "merokok", type: "single", required: true, label: t("Merokok", "Smoking"),
  options: [
    opt("tidak", "Tidak pernah", "Never"),
    opt("ya", "Ya, masih merokok", "Yes, currently"),
    opt("mantan", "Dulu merokok, sudah berhenti", "Former smoker"),
  ],
};
