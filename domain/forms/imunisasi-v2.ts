import { t } from "./common.ts";
import { IMUNISASI_V1 } from "./imunisasi-v1.ts";
import { JE_ANTIGEN, JE_MIN_AGE_DAYS, JE_MIN_AGE_MONTHS } from "../rules/je.ts";
import type { Check, Field, FormDefinition, MultiChoiceField } from "./types.ts";

/**
 * Imunisasi v2: v1 plus Japanese encephalitis (JE), so a JE dose can be recorded. Everything else
 * is v1's (imported, not copied): the schedule, the fields, the checks and the KIPI flag.
 *
 * JE is deliberately NOT in IMMUNISATION_SCHEDULE: that list is national (the posyandu screen,
 * the PWS antigen indicators, IDL and the routine task all read it) and JE is given only in the
 * endemic areas (domain/area/je-endemic.ts). Adding it there would make JE due, missing from IDL
 * and a PWS indicator in every desa of Indonesia. Its task is a separate area rule
 * (domain/rules/tasks-imunisasi.ts). The answer option is offered everywhere because a dose given
 * elsewhere (a child who moved from Bali, a private clinic) must still be recordable.
 */

const v1Fields = IMUNISASI_V1.sections[0]!.fields;
const antigenV1 = v1Fields.find((f) => f.id === "antigen") as MultiChoiceField;

// The option says where JE is given, so a bidan outside the JE areas does not pick it by mistake.
const jeOption = { value: JE_ANTIGEN.id, label: t(`${JE_ANTIGEN.label.id}, daerah endemis JE`, `${JE_ANTIGEN.label.en}, JE-endemic areas`) };
const antigenV2: MultiChoiceField = { ...antigenV1, options: [...antigenV1.options, jeOption] };

const jeTooYoung: Check[] = [
  {
    field: "antigen",
    when: { all: [{ field: "antigen", op: "includes", value: JE_ANTIGEN.id }, { field: "umur_saat_pemberian", op: "lt", value: JE_MIN_AGE_DAYS }] },
    message: t("JE diberikan mulai umur 9 bulan", "JE is given from 9 months of age"),
  },
  {
    field: "antigen",
    when: { all: [{ field: "antigen", op: "includes", value: JE_ANTIGEN.id }, { field: "$ageMonths", op: "lt", value: JE_MIN_AGE_MONTHS }, { field: "tanggal_pemberian", op: "unanswered" }] },
    message: t("JE diberikan mulai umur 9 bulan", "JE is given from 9 months of age"),
  },
];

export const IMUNISASI_V2: FormDefinition = {
  ...IMUNISASI_V1,
  version: 2,
  sections: [
    { ...IMUNISASI_V1.sections[0]!, fields: v1Fields.map((f): Field => (f.id === "antigen" ? antigenV2 : f)) },
    ...IMUNISASI_V1.sections.slice(1),
  ],
  checks: [...(IMUNISASI_V1.checks ?? []), ...jeTooYoung],
};

/** Every antigen an `imunisasi` record (any version) may name: the national schedule and JE. */
export const IMUNISASI_ANTIGEN_IDS: readonly string[] = antigenV2.options.map((o) => o.value);
