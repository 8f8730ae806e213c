import { fields, formContext, getForm, mayEnterForm, resolveAnswers, validateAnswers, FORM_ERROR_KEY, type Answers } from "../../../../domain/forms/index.ts";
import { deriveRecord, type Derived, type RecordLike } from "../../../../domain/rules/derive.ts";
import { referralGroups, referralId, referralsFromRecord, storedDerived, type RecordEntity } from "../../../../domain/rules/referrals.ts";
import type { PushContext } from "../context.ts";
import { newState, Rejection, type RowState } from "../state.ts";
import type { EntityHooks, Proposal } from "./types.ts";

/**
 * A visit record: checked against the form version it was entered with (the same code the phone
 * ran); its computed answers and `derived` (flags, growth, scores) computed by the server from the
 * answers it stores, after the merge of a stale edit; and the referrals those flags call for,
 * created by the server. A conflict keeps the server's answers, so nothing is derived or referred
 * from the answers it refused.
 */
export const recordHooks: EntityHooks = {
  check: checkForm,
  // A delete passes no `check` (decide.ts): the form's roles are checked here, so a kader cannot
  // delete a pustu's MTBS record she could not have entered (issue 15 review).
  document: async (ctx, c) => {
    if (c.m.op === "delete") checkFormRole(ctx, c.existing!.data.formId as string);
    return {};
  },
  derive: (ctx, id, row) => {
    // Computed answers (gestational age, age in months…) depend on the visit date and the person
    // as well as the answers: an edit of the visit date alone recomputes them too.
    const data = resolveAnswers(formOf(row), row.data as Answers, formContext(row.visitDate as string, personOf(ctx, row)));
    return { data, derived: deriveOf(ctx, id, { ...row, data }) };
  },
  follow: referralsOf,
};

/**
 * A referral a phone made from a record is stored only if the record's stored answers call for
 * it: a phone whose edit lost a conflict has referred from answers the server did not keep.
 * (A referral without a record, or one the server already made, passes.)
 */
export const referralHooks: EntityHooks = {
  check: (ctx, c) => {
    if (c.existing || typeof c.next.recordId !== "string") return;
    const record = ctx.row("record", c.next.recordId)!; // checkRefs found it
    const indicated = referralGroups(record.data.formId as string, derivedOf(ctx, record)).map((g) => referralId(record.id, g.rule.id));
    if (!indicated.includes(c.m.entityId)) {
      throw new Rejection("referral_not_indicated", "The record's stored answers do not call for this referral", { field: "recordId", recordId: record.id });
    }
  },
};

function formOf(row: Readonly<Record<string, unknown>>) {
  const def = getForm(row.formId as string, row.formVersion as number);
  if (!def) {
    throw new Rejection("unknown_form_version", `Form ${row.formId} version ${row.formVersion} is not published`, {
      formId: row.formId,
      formVersion: row.formVersion,
    });
  }
  return def;
}

function personOf(ctx: PushContext, row: Readonly<Record<string, unknown>>) {
  const person = ctx.row("person", row.personId as string)?.data ?? {};
  return { sex: person.sex as string, birthDate: person.birthDate as string };
}

/**
 * Issue 15: a role enters (creates, edits, deletes) only its forms (domain/forms/roles.ts): a
 * kader's phone never offers MTBS, and a record of it pushed from one (an old build, a crafted
 * request) is refused alone.
 */
function checkFormRole(ctx: PushContext, formId: string): void {
  if (!mayEnterForm(ctx.p.role, formId)) {
    throw new Rejection("form_not_allowed", `The ${ctx.p.role} role does not enter the ${formId} form`, { formId, role: ctx.p.role });
  }
}

/**
 * The answers the client proposes must pass the form's validation (a form for the wrong age or sex
 * is refused); computed answers are replaced by the server's.
 */
function checkForm(ctx: PushContext, c: Proposal): void {
  const def = formOf(c.next);
  checkFormRole(ctx, def.id);
  const person = personOf(ctx, c.next);
  const ctxForm = formContext(c.next.visitDate as string, person);
  const raw = c.next.data as Answers;
  const resolved = resolveAnswers(def, raw, ctxForm);
  // Validate what the client typed, with every computed value replaced by the server's.
  const computed = Object.fromEntries(fields(def).filter((f) => f.type === "computed").map((f) => [f.id, resolved[f.id]]));
  const check = validateAnswers(def, { ...raw, ...computed }, ctxForm);
  if (!check.valid) {
    const fieldErrors = Object.fromEntries(Object.entries(check.errors).map(([f, t]) => [f, t.en]));
    throw new Rejection("validation_failed", `The ${def.id} answers are not valid`, { fields: fieldErrors, form: FORM_ERROR_KEY in fieldErrors ? "unknown answers" : undefined });
  }
  if ("data" in c.payload) c.payload.data = resolved;
  // The phone's own derived values are never trusted, nor merged: `derive` computes the server's.
  delete c.payload.derived;
}

/** A record's derivation as stored, or computed now when it is from older code. */
function derivedOf(ctx: PushContext, record: RowState): Derived {
  const stored = storedDerived({ id: record.id, data: record.data as RecordEntity["data"] });
  if (stored) return stored;
  try {
    return deriveOf(ctx, record.id, record.data);
  } catch (e) {
    if (e instanceof Rejection) return { v: 0, form: "", flags: [] };
    throw e;
  }
}

/** The server's derivation of a record row (answers, visit date, the person, earlier visits). */
export function deriveOf(ctx: PushContext, id: string, row: Readonly<Record<string, unknown>>): Derived {
  const def = formOf(row);
  const previous: RecordLike[] = ctx.ofPerson("record", row.personId).filter((s) => s.id !== id).map((s) => ({ id: s.id, ...(s.data as Omit<RecordLike, "id">) }));
  const derived = deriveRecord({ def, answers: row.data as Answers, visitDate: row.visitDate as string, person: personOf(ctx, row), previous }, ctx.growthTables);
  if (derived.errors?.length) {
    throw new Rejection("validation_failed", `The ${def.id} answers are not valid`, { fields: Object.fromEntries(derived.errors.map((e) => [e.field ?? "_form", e.message.en])) });
  }
  return derived;
}

/**
 * The referrals a record makes (same rules and ids as on the phone): the server creates the ones
 * that do not exist yet, so it holds them even before the phone pushes its own copy.
 */
function referralsOf(ctx: PushContext, stored: RowState): RowState[] {
  const history: RecordEntity[] = ctx.ofPerson("record", stored.data.personId).map((s) => ({ id: s.id, data: s.data as RecordEntity["data"] }));
  const entity: RecordEntity = { id: stored.id, data: stored.data as RecordEntity["data"] };
  const out: RowState[] = [];
  for (const draft of referralsFromRecord(entity, stored.data.derived as Derived, { id: stored.data.personId as string }, history)) {
    if (ctx.row("referral", draft.id)) continue;
    out.push(newState("referral", draft.id, { ...draft.data }, { ...stored.scope }, ctx.now));
  }
  return out;
}
