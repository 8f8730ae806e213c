import type { Coding, Immunization } from "@medplum/fhirtypes";
import { ANTIGEN_BY_ID } from "../forms/imunisasi-v1.ts";
import { BIAS_ANTIGENS, biasAntigensGiven } from "../forms/imunisasi-sekolah-v1.ts";
import { JE_ANTIGEN } from "../rules/je.ts";
import { KFA_VACCINES, SYSTEM_KFA, SYSTEM_SIMPUL_ANTIGEN, sysIds } from "./codes.ts";
import { answer, derivedUuid, wibMorning, type RecordContext } from "./shared.ts";

/**
 * Immunization, one per antigen given: the imunisasi form's antigens (domain/forms/imunisasi-v1.ts)
 * and the Td of an ANC visit. status completed, vaccineCode (KFA when KFA_VACCINES knows the
 * product, always the Simpul antigen and its name), patient, encounter, occurrenceDateTime,
 * primarySource, lotNumber (no_batch) and protocolApplied.doseNumberPositiveInt from the schedule.
 *
 * occurrence: the visit's in-progress start; a dose copied from the Buku KIA (tanggal_pemberian
 * before the visit) is at 08:00 WIB of its date, with primarySource false (recorded from a
 * document, not seen given).
 */

/** Td for a pregnant woman (ANC): not in the child schedule. Dose n+1 after status Tn. */
export const TD_ANTIGEN = { id: "td", label: { id: "Td (tetanus-difteri)", en: "Td (tetanus-diphtheria)" }, series: "td" } as const;

export interface BuiltImmunization {
  id: string;
  resource: Immunization;
}

export interface UnknownAntigen {
  antigen: string;
}

function vaccineCoding(antigen: string, displayEn: string): Coding[] {
  const kfa = KFA_VACCINES[antigen];
  return [...(kfa ? [{ system: SYSTEM_KFA, code: kfa.code, display: kfa.display }] : []), { system: SYSTEM_SIMPUL_ANTIGEN, code: antigen, display: displayEn }];
}

function build(rc: RecordContext, antigen: string, label: { id: string; en: string }, series: string, dose: number, occurrence: string, primarySource: boolean): BuiltImmunization {
  const lot = answer(rc, "no_batch");
  return {
    id: derivedUuid("immunization", rc.input.id, antigen),
    resource: {
      resourceType: "Immunization",
      identifier: [{ system: sysIds("immunization", rc.context.organizationId), value: `${rc.input.id}.${antigen}` }],
      status: "completed",
      vaccineCode: { coding: vaccineCoding(antigen, label.en), text: label.id },
      patient: rc.patient,
      encounter: rc.encounter,
      occurrenceDateTime: occurrence,
      primarySource,
      ...(typeof lot === "string" && lot.trim() ? { lotNumber: lot.trim() } : {}),
      protocolApplied: [{ series, doseNumberPositiveInt: dose }],
    },
  };
}

/** The Immunizations of a record, and the antigens it named that Simpul's schedule does not know. */
export function immunizations(rc: RecordContext): { built: BuiltImmunization[]; unknown: string[] } {
  const { record } = rc.input;
  const built: BuiltImmunization[] = [];
  const unknown: string[] = [];
  if (record.formId === "imunisasi") {
    const given = answer(rc, "tanggal_pemberian");
    const copied = typeof given === "string" && given !== record.visitDate ? wibMorning(given) : null;
    const antigens = answer(rc, "antigen");
    for (const id of Array.isArray(antigens) ? [...antigens].sort() : []) {
      // JE (imunisasi v2, endemic areas) is not in the national schedule: domain/rules/je.ts.
      const a = ANTIGEN_BY_ID.get(id) ?? (id === JE_ANTIGEN.id ? JE_ANTIGEN : undefined);
      if (!a) {
        unknown.push(id);
        continue;
      }
      built.push(build(rc, a.id, a.label, a.series, a.dose, copied ?? rc.times.arrivedEnd, copied === null));
    }
  } else if (record.formId === "imunisasi-sekolah") {
    // BIAS: the antigens by grade (domain/forms/imunisasi-sekolah-v1.ts), Simpul codes only.
    const given = answer(rc, "tanggal_pemberian");
    const copied = typeof given === "string" && given !== record.visitDate ? wibMorning(given) : null;
    const answers = Object.fromEntries(["kelas", "mr", "dt", "td", "hpv"].map((k) => [k, answer(rc, k)]));
    for (const id of biasAntigensGiven(answers).sort()) {
      const a = BIAS_ANTIGENS.find((x) => x.id === id)!;
      built.push(build(rc, a.id, a.label, a.series, a.dose, copied ?? rc.times.arrivedEnd, copied === null));
    }
  } else if ((record.formId === "anc" || record.formId === "catin") && answer(rc, "td_diberikan") === true) {
    // Td of a pregnant woman (ANC) or a bride/groom-to-be (catin, issue 15: the same status_td t0–t5 and td_diberikan fields).
    const status = answer(rc, "status_td");
    const m = typeof status === "string" ? /^t([0-4])$/.exec(status) : null;
    if (m) built.push(build(rc, TD_ANTIGEN.id, TD_ANTIGEN.label, TD_ANTIGEN.series, Number(m[1]) + 1, rc.times.arrivedEnd, true));
  }
  return { built, unknown };
}
