import { isVisible } from "../../../domain/forms/engine.ts";
import type { Answers, FormContext, Section } from "../../../domain/forms/types.ts";

/**
 * A form section's state for its folded header (issue 12 §5): how much is filled, whether every
 * required question is answered, and how many fields need fixing. Pure, so it is tested in node.
 */
export type SectionState = "empty" | "partial" | "complete" | "error";

export interface SectionStatus {
  /** Questions asked now (visible, not computed). */
  asked: number;
  answered: number;
  /** Fields with an error (counted only once errors are shown, as the fields show them). */
  errors: number;
  state: SectionState;
}

const answered = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/**
 * `errors`: validateAnswers' errors by field id. `showErrors`: the user has tried to save, so the
 * fields show their messages; before that a header saying "2 to fix" would point at nothing, and a
 * section with a wrong value is only not yet complete.
 */
export function sectionStatus(section: Section, answers: Answers, errors: Record<string, unknown>, ctx: FormContext, showErrors: boolean): SectionStatus {
  let asked = 0;
  let filled = 0;
  let bad = 0;
  let missingRequired = false;
  for (const f of section.fields) {
    if (!isVisible(f, answers, ctx)) continue;
    if (errors[f.id] !== undefined) bad++;
    if (f.type === "computed") continue;
    asked++;
    if (answered(answers[f.id])) filled++;
    else if (f.required) missingRequired = true;
  }
  // Complete: nothing required left, nothing wrong, and something answered (an untouched section of
  // optional questions is not "complete", it is unseen).
  const state: SectionState =
    showErrors && bad > 0 ? "error" : bad === 0 && !missingRequired && (filled > 0 || asked === 0) ? "complete" : filled === 0 ? "empty" : "partial";
  return { asked, answered: filled, errors: showErrors ? bad : 0, state };
}
