import { ANC_V1 } from "./anc-v1.ts";
import type { FormDefinition } from "./types.ts";

export * from "./types.ts";
export { activeFlags, compute, evaluate, fieldById, fields, FORM_ERROR_KEY, isAnswered, isVisible, resolveAnswers, validateAnswers, type ValidationResult } from "./engine.ts";

/** The key of a form version: "anc@1". */
export const formKey = (id: string, version: number) => `${id}@${version}`;

/**
 * Every published form version. A version once published never changes (records point at it);
 * the worker rejects a record whose (formId, formVersion) is not here.
 */
export const FORMS: Readonly<Record<string, FormDefinition>> = Object.freeze({
  [formKey(ANC_V1.id, ANC_V1.version)]: ANC_V1,
});

export function getForm(id: string, version: number): FormDefinition | undefined {
  return FORMS[formKey(id, version)];
}

/** The newest version of each form: what new visits are entered with. */
export function currentForms(): FormDefinition[] {
  const latest = new Map<string, FormDefinition>();
  for (const f of Object.values(FORMS)) {
    const cur = latest.get(f.id);
    if (!cur || f.version > cur.version) latest.set(f.id, f);
  }
  return [...latest.values()];
}
