import { ENTITIES, type EntityName } from "../../domain/entities/registry.ts";
import { fields, formContext, getForm, resolveAnswers, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import type { AssessTables } from "../../domain/growth/zscore.ts";
import { deriveRecord, type Derived, type RecordLike } from "../../domain/rules/derive.ts";
import { referralsFromRecord, type RecordEntity, type ReferralDraft } from "../../domain/rules/referrals.ts";
import { changedFields } from "../../domain/sync/merge.ts";
import type { RowScope } from "../../domain/sync/index-columns.ts";

/**
 * The history's writes, in the order a server would have stored them, each made by the same
 * domain code a push runs (worker/services/push/hooks/record.ts): a record's answers pass
 * validateAnswers of its form version, its computed answers come from resolveAnswers, its
 * `derived` from deriveRecord (with the person's earlier records and the WHO tables), and the
 * referrals it makes from referralsFromRecord, written right after it as the server does.
 * Rules are never copied here: a rule change changes the seed.
 */

export interface HistoryWrite {
  entity: EntityName;
  id: string;
  op: "create" | "update";
  /** A create: the whole payload as stored; an update: the fields it changes. */
  payload: Record<string, unknown>;
  /** When it was written (ms): the row times and change_log.at. */
  at: number;
  scope: RowScope;
  /** Made by the server while applying another write (a record's referrals, a signed version's snapshot). */
  serverMade?: boolean;
}

export interface SeedPerson {
  id: string;
  sex: "L" | "P";
  birthDate: string;
  scope: RowScope;
}

/** What a record write returns to its caller: its id, derivation and the referrals it made. */
export interface RecordOutcome {
  id: string;
  derived: Derived;
  referrals: ReferralDraft[];
}

export class Ledger {
  readonly writes: HistoryWrite[] = [];
  private readonly records = new Map<string, RecordEntity[]>();
  private readonly rows = new Map<string, Record<string, unknown>>();

  constructor(private readonly growthTables: AssessTables, private readonly newId: () => string) {}

  /** A record, validated and derived exactly as the server does on a push. Throws on invalid answers (a seed bug). */
  record(person: SeedPerson, formId: string, formVersion: number, visitDate: string, facilityId: string | null, raw: Answers, at: number): RecordOutcome {
    const def = getForm(formId, formVersion);
    if (!def) throw new Error(`seed: form ${formId}@${formVersion} is not published`);
    const who = { sex: person.sex, birthDate: person.birthDate };
    const ctx = formContext(visitDate, who);
    const data = resolveAnswers(def, raw, ctx);
    const computed = Object.fromEntries(fields(def).filter((f) => f.type === "computed").map((f) => [f.id, data[f.id]]));
    const check = validateAnswers(def, { ...raw, ...computed }, ctx);
    if (!check.valid) throw new Error(`seed: ${formId} on ${visitDate} for ${person.id} is invalid: ${JSON.stringify(Object.fromEntries(Object.entries(check.errors).map(([k, v]) => [k, v.en])))}`);
    const history = this.records.get(person.id) ?? [];
    const id = this.newId();
    const previous: RecordLike[] = history.map((r) => ({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data }));
    const derived = deriveRecord({ def, answers: data, visitDate, person: who, previous }, this.growthTables);
    if (derived.errors?.length) throw new Error(`seed: ${formId} on ${visitDate} derives errors: ${JSON.stringify(derived.errors)}`);
    const payload = { personId: person.id, formId, formVersion, visitDate, facilityId, data, derived };
    this.create("record", id, payload, person.scope, at);
    const entity: RecordEntity = { id, data: payload as unknown as RecordEntity["data"] };
    history.push(entity);
    this.records.set(person.id, history);
    const referrals = referralsFromRecord(entity, derived, { id: person.id }, history);
    for (const r of referrals) this.create("referral", r.id, { ...r.data }, person.scope, at, true);
    return { id, derived, referrals };
  }

  /** A fresh id from the history's own id stream. */
  newRowId(): string {
    return this.newId();
  }

  /** A row created by a user (or, with serverMade, by the server while applying one). Checked against the sync schema. */
  create(entity: EntityName, id: string, payload: Record<string, unknown>, scope: RowScope, at: number, serverMade = false): void {
    const parsed = ENTITIES[entity].schema.safeParse(payload);
    if (!parsed.success) throw new Error(`seed: ${entity} ${id} is invalid: ${parsed.error.message}`);
    if (this.rows.has(id)) throw new Error(`seed: ${entity} ${id} written twice`);
    this.rows.set(id, { ...payload });
    this.writes.push({ entity, id, op: "create", payload, scope, at, ...(serverMade ? { serverMade } : {}) });
  }

  /** An edit of a row this history created: only the fields that change are written (as a push does). */
  update(entity: EntityName, id: string, changes: Record<string, unknown>, scope: RowScope, at: number): void {
    const row = this.rows.get(id);
    if (!row) throw new Error(`seed: update of ${entity} ${id}, which the history did not create`);
    const parsed = ENTITIES[entity].schema.partial().safeParse(changes);
    if (!parsed.success) throw new Error(`seed: update of ${entity} ${id} is invalid: ${parsed.error.message}`);
    const changed = changedFields(row, changes);
    if (!changed.length) return;
    const payload = Object.fromEntries(changed.map((f) => [f, changes[f]]));
    Object.assign(row, payload);
    this.writes.push({ entity, id, op: "update", payload, scope, at });
  }

  /** The row as it stands after the writes so far. */
  current(id: string): Readonly<Record<string, unknown>> | undefined {
    return this.rows.get(id);
  }

  recordsOf(personId: string): readonly RecordEntity[] {
    return this.records.get(personId) ?? [];
  }
}

/** The writes in time order; writes at the same time keep their order (a record before its referrals). */
export function inTimeOrder(writes: readonly HistoryWrite[]): HistoryWrite[] {
  return writes.map((w, i) => ({ w, i })).sort((a, b) => a.w.at - b.w.at || a.i - b.i).map((x) => x.w);
}
