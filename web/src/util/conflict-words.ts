import type { Text } from "../../../domain/forms/types.ts";
import { formatDate, getLang, t, type MessageKey } from "../i18n/index.ts";

/**
 * A conflicting field and its two values in words (issue 12): the field's label (a form field's
 * from its definition, an entity field's from the catalogue) and each value as the screen shows
 * it (an option's label, a date formatted, yes/no), never a field id or a stored code.
 */

/**
 * A form field as a conflict needs it (from the lazily loaded forms module: forms.fieldById), so
 * this file does not pull the form engine into the first load.
 */
export interface AnswerField {
  label: Text;
  options?: readonly { value: string; label: Text }[];
}

/** Entity fields and the catalogue key of their label (the same words as the edit screens). */
const FIELD_LABEL: Readonly<Record<string, MessageKey>> = {
  "person.name": "name", "person.sex": "sex", "person.birthDate": "birthDate", "person.birthDatePrecision": "birthPrecision",
  "person.nik": "nik", "person.relation": "relation", "person.phone": "phone", "person.jkn": "jkn", "person.pregnant": "pregnant",
  "person.householdId": "personFamily",
  "household.dusunId": "dusun", "household.rt": "rt", "household.address": "address", "household.noKk": "noKk", "household.desaCode": "desa",
  "record.visitDate": "visitDate", "record.facilityId": "facility",
  "referral.outcome": "referralOutcome", "referral.outcomeNote": "referralOutcomeNote", "referral.outcomeAt": "referralOutcomeDate",
  "referral.destination": "cfDestination", "referral.referredAt": "cfReferredAt",
};

/** Coded values of entity fields and the catalogue prefix of their words. */
const VALUE_WORDS: Readonly<Record<string, string>> = {
  "person.sex": "sex", "person.relation": "rel_", "person.birthDatePrecision": "precision_",
  "referral.outcome": "refOut_", "referral.destination": "dest_",
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The label of an entity field; of a form answer when `answer` is given (its field, when the form is known). */
export function fieldLabel(entity: string, field: string, answer?: { field?: AnswerField | null }): string {
  if (answer) return answer.field?.label[getLang()] ?? t("cfAnswer");
  const key = FIELD_LABEL[`${entity}.${field}`];
  return key ? t(key) : entity === "record" && field === "data" ? t("cfAnswers") : t("cfOtherField");
}

function scalarWords(v: unknown): string {
  if (v === null || v === undefined || v === "") return t("none");
  if (typeof v === "boolean") return v ? t("yes") : t("no");
  if (typeof v === "number") return v.toLocaleString(getLang() === "id" ? "id-ID" : "en-GB");
  if (typeof v === "string" && ISO_DATE.test(v)) return formatDate(v);
  return String(v);
}

/** A value of an entity field, or of a form answer (`answer`), in words. */
export function valueWords(entity: string, field: string, v: unknown, answer?: { field?: AnswerField | null }): string {
  if (Array.isArray(v)) return v.length ? v.map((x) => valueWords(entity, field, x, answer)).join(", ") : t("none");
  if (answer) {
    const opt = answer.field?.options?.find((o) => o.value === v);
    if (opt) return opt.label[getLang()];
    return scalarWords(v);
  }
  const prefix = VALUE_WORDS[`${entity}.${field}`];
  if (prefix && typeof v === "string") {
    const key = (prefix === "sex" ? `sex${v}` : `${prefix}${v}`) as MessageKey;
    const words = t(key) as string | undefined;
    if (words !== undefined) return words;
  }
  if (v !== null && typeof v === "object") return t("cfSeveral");
  return scalarWords(v);
}
