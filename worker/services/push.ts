import { and, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { areaAncestor } from "../../domain/area/codes.ts";
import { can, type Principal, type Target } from "../../domain/access/policy.ts";
import { ENTITIES, payloadSchema, type EntityName, type EntitySpec } from "../../domain/entities/registry.ts";
import { indexColumns, type RowScope } from "../../domain/sync/index-columns.ts";
import { changedFields, mergeFields } from "../../domain/sync/merge.ts";
import type { FieldConflict, Mutation, MutationResult } from "../../domain/sync/protocol.ts";
import { chunk, type Db } from "../db/client.ts";
import { fields, formContext, getForm, resolveAnswers, validateAnswers, FORM_ERROR_KEY, type Answers } from "../../domain/forms/index.ts";
import { loadGrowthTables, type GrowthTables } from "../../domain/growth/load.ts";
import { deriveRecord, type Derived, type RecordLike } from "../../domain/rules/derive.ts";
import { referralsFromRecord, type RecordEntity } from "../../domain/rules/referrals.ts";
import { auditLog, changeLog, conflicts, receipts, syncGuard, syncIndex } from "../db/schema.ts";
import { ENTITY_TABLES, tableName } from "../db/tables.ts";
import { issuesOf } from "../http/body.ts";
import { checkLintas, type GroupView } from "./lintas-rules.ts";
import { newState, Rejection, rowKey, stateOf, type RowState, type Write } from "./push-state.ts";
import { auditRow, AUDIT_ROWS_PER_STATEMENT } from "./audit.ts";

/**
 * POST /api/sync/push: validate every mutation against the current rows, then write all valid
 * ones, their change-log rows, sync-index rows, receipts and audit rows in ONE db.batch().
 *
 * D1 has no interactive transactions, so the batch carries optimistic guards: for every row it
 * touches, a statement that fails (and rolls the whole batch back) if the row's version moved
 * after we read it. A push that loses such a race is planned again from fresh reads.
 */
const MAX_ATTEMPTS = 3;

export async function push(db: Db, p: Principal, mutations: readonly Mutation[], now = Date.now()): Promise<MutationResult[]> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planPush(db, p, mutations, now);
    if (plan.statements.length === 0) return plan.results;
    try {
      await db.batch(plan.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      return plan.results;
    } catch (e) {
      if (attempt < MAX_ATTEMPTS && isRace(e)) continue;
      throw e;
    }
  }
}

/** A guard failed or a concurrent push stored the same receipt first: plan again. */
function isRace(e: unknown): boolean {
  const text = String((e as { cause?: unknown })?.cause ?? e) + String(e);
  return /CHECK constraint failed|UNIQUE constraint failed: receipts/.test(text);
}

async function planPush(db: Db, p: Principal, mutations: readonly Mutation[], now: number) {
  const ctx = new PushContext(db, p, now);
  await ctx.load(mutations);

  const results: MutationResult[] = [];
  const writes: Write[] = [];
  const answered = new Map<string, MutationResult>();
  for (const m of mutations) {
    const earlier = answered.get(m.id) ?? ctx.receipts.get(m.id);
    if (earlier && earlier.status !== "rejected") {
      results.push(asDuplicate(earlier));
      continue;
    }
    let result: MutationResult;
    try {
      const w = await ctx.apply(m);
      result = w.result;
      writes.push(...w.writes);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      result = { id: m.id, status: "rejected", error: { code: e.code, message: e.message, details: e.details ?? null } };
    }
    answered.set(m.id, result);
    results.push(result);
  }

  const stored = results.filter((r) => r.status === "applied" || r.status === "conflict");
  const statements = stored.length ? buildStatements(db, p, writes, stored, now) : [];
  return { results, statements };
}

function asDuplicate(first: MutationResult): MutationResult {
  if (first.status === "duplicate") return first;
  return { ...first, status: "duplicate", originalStatus: first.status as "applied" | "conflict" };
}

class PushContext {
  readonly rows = new Map<string, RowState | null>();
  readonly receipts = new Map<string, MutationResult>();
  readonly knownAreas = new Set<string>();
  growthTables: GrowthTables | undefined;

  constructor(readonly db: Db, readonly p: Principal, readonly now: number) {}

  /** Two rounds of reads: the rows mutated, then the parents, references and areas they name. */
  async load(mutations: readonly Mutation[]) {
    const ids = [...new Set(mutations.map((m) => m.id))];
    const receiptRows = (
      await Promise.all(chunk(ids, 90).map((c) => this.db.select().from(receipts).where(inArray(receipts.mutationId, c)).all()))
    ).flat();
    for (const r of receiptRows) this.receipts.set(r.mutationId, r.result as MutationResult);

    await this.loadRows(mutations.map((m) => [m.entity, m.entityId] as const));

    const second: (readonly [EntityName, string])[] = [];
    const areaCodes = new Set<string>();
    for (const m of mutations) {
      const spec = ENTITIES[m.entity] as EntitySpec;
      const current = this.rows.get(rowKey(m.entity, m.entityId))?.data ?? {};
      const merged = { ...current, ...m.payload };
      if (spec.placement.from === "parent") {
        const parentId = merged[spec.placement.field];
        if (typeof parentId === "string") second.push([spec.placement.entity, parentId]);
      } else {
        const code = merged[spec.placement.field];
        if (typeof code === "string") areaCodes.add(code);
      }
      for (const ref of spec.refs ?? []) {
        const id = merged[ref.field];
        if (typeof id === "string") second.push([ref.entity, id]);
      }
    }
    await this.loadRows(second);
    await this.loadAreas([...areaCodes]);
    await this.loadHistories(mutations);

    const groups = new Set<string>();
    for (const s of this.rows.values()) if (s?.scope.grp) groups.add(s.scope.grp);
    for (const m of mutations) if (m.entity === "commitment") groups.add(m.entityId);
    await this.loadGroups([...groups]);
  }

  /**
   * Everything of the commitments a push touches (the document, its parties, items, signatures,
   * frozen versions and meeting): the lintas rules judge a mutation against the whole document.
   */
  private async loadGroups(groups: string[]) {
    if (!groups.length) return;
    await this.loadRows(groups.map((g) => ["commitment", g] as const));
    const members: EntityName[] = ["commitment_party", "commitment_item", "signature", "commitment_version"];
    const loads: Promise<void>[] = [];
    for (const entity of members) {
      const table = ENTITY_TABLES[entity];
      for (const c of chunk(groups, 90)) {
        loads.push(
          this.db.select().from(table).where(inArray(table.scopeGrp, c)).all().then((found) => {
            for (const r of found as Record<string, unknown>[]) {
              const k = rowKey(entity, r.id as string);
              if (!this.rows.get(k)) this.rows.set(k, stateOf(entity, r));
            }
          }),
        );
      }
    }
    await Promise.all(loads);
    const meetings = groups.map((g) => this.rows.get(rowKey("commitment", g))?.data.meetingId).filter((x): x is string => typeof x === "string");
    await this.loadRows(meetings.map((id) => ["meeting", id] as const));
  }

  /** The group view the lintas rules read: rows of one commitment, as this push has them. */
  readonly groups: GroupView = {
    row: (entity, id) => this.rows.get(rowKey(entity, id)),
    members: (commitmentId, entity) => {
      const out: RowState[] = [];
      for (const s of this.rows.values()) if (s && s.entity === entity && s.scope.grp === commitmentId) out.push(s);
      return out;
    },
  };

  private async loadRows(refs: readonly (readonly [EntityName, string])[]) {
    const byEntity = new Map<EntityName, Set<string>>();
    for (const [entity, id] of refs) {
      if (this.rows.has(rowKey(entity, id))) continue;
      let set = byEntity.get(entity);
      if (!set) byEntity.set(entity, (set = new Set()));
      set.add(id);
    }
    const loads: Promise<void>[] = [];
    for (const [entity, set] of byEntity) {
      const table = ENTITY_TABLES[entity];
      for (const c of chunk([...set], 90)) {
        for (const id of c) this.rows.set(rowKey(entity, id), null);
        loads.push(
          this.db
            .select()
            .from(table)
            .where(inArray(table.id, c))
            .all()
            .then((found) => {
              for (const r of found as Record<string, unknown>[]) this.rows.set(rowKey(entity, r.id as string), stateOf(entity, r));
            }),
        );
      }
    }
    await Promise.all(loads);
  }

  /** Earlier visits of the persons whose records are pushed (N/T and 2T need last month's weight). */
  private async loadHistories(mutations: readonly Mutation[]) {
    const records = mutations.filter((m) => m.entity === "record" && m.op !== "delete");
    if (!records.length) return;
    const personIds = new Set<string>();
    for (const m of records) {
      const personId = (m.payload.personId ?? this.rows.get(rowKey("record", m.entityId))?.data.personId) as string | undefined;
      if (personId) personIds.add(personId);
    }
    for (const entity of ["record", "referral"] as const) {
      const table = ENTITY_TABLES[entity];
      for (const c of chunk([...personIds], 90)) {
        const found = await this.db.select().from(table).where(inArray(table.personId, c)).all();
        for (const r of found as Record<string, unknown>[]) {
          const k = rowKey(entity, r.id as string);
          if (!this.rows.get(k)) this.rows.set(k, stateOf(entity, r));
        }
      }
    }
    this.growthTables = await loadGrowthTables();
  }

  private async loadAreas(codes: string[]) {
    const table = ENTITY_TABLES.area;
    for (const c of chunk(codes, 90)) {
      const found = await this.db.select({ id: table.id }).from(table).where(and(inArray(table.id, c), eq(table.deleted, false))).all();
      for (const r of found) this.knownAreas.add(r.id as string);
    }
  }

  partiesOf(commitmentId: string): string[] {
    return this.groups.members(commitmentId, "commitment_party").filter((s) => !s.deleted).map((s) => s.data.officeId as string);
  }

  /** Decide one mutation against the state so far; the state then includes its effect. */
  async apply(m: Mutation): Promise<{ result: MutationResult; writes: Write[] }> {
    const spec = ENTITIES[m.entity] as EntitySpec;
    if (spec.readOnly) throw new Rejection("read_only_entity", `${m.entity} is maintained by the server and cannot be pushed`);
    const existing = this.rows.get(rowKey(m.entity, m.entityId)) ?? null;

    if (m.op === "delete") {
      if (Object.keys(m.payload).length) throw new Rejection("validation_failed", "A delete carries an empty payload");
      if (!existing || existing.deleted) throw new Rejection("not_found", `${m.entity} ${m.entityId} does not exist`);
      this.authorize(spec, m.entity, existing.data, existing.scope, "update");
      if (spec.domain === "lintas") await checkLintas(this.groups, m, existing, existing.data, existing.scope.grp, this.now);
      return this.applyDelete(m, existing);
    }

    const parsed = payloadSchema(m.entity, m.op).safeParse(m.payload);
    if (!parsed.success) throw new Rejection("validation_failed", `Invalid ${m.entity}`, { issues: issuesOf(parsed.error) });
    const payload = parsed.data as Record<string, unknown>;

    if (m.op === "create" && m.baseVersion !== 0) throw new Rejection("invalid_base_version", "A create has baseVersion 0");
    if (m.op === "update" && !existing) throw new Rejection("not_found", `${m.entity} ${m.entityId} does not exist; create it first`);
    if (existing?.deleted) throw new Rejection("deleted", `${m.entity} ${m.entityId} was deleted on the server`);
    if (existing && m.baseVersion > existing.version) {
      throw new Rejection("invalid_base_version", `baseVersion ${m.baseVersion} is ahead of the server's ${existing.version}`);
    }
    if (existing) {
      for (const f of spec.immutable) {
        if (f in payload && changedFields(existing.data, { [f]: payload[f] }).length) {
          throw new Rejection("immutable_field", `${f} cannot change after creation`, { field: f });
        }
      }
    }

    const next = { ...(existing?.data ?? {}), ...payload };
    const scope = this.resolveScope(spec, m.entity, m.entityId, next);
    this.checkRefs(spec, next, scope);
    if (m.entity === "record") {
      const { data, derived } = this.checkForm(m.entityId, next);
      next.data = data;
      next.derived = derived;
      // The phone's own derived values are never trusted: the server's derivation is stored.
      payload.data = data;
      payload.derived = derived;
    }
    if (m.entity === "signature" && !this.partiesOf(scope.grp!).includes(next.officeId as string)) {
      throw new Rejection("not_a_party", "The signing office is not a party of this commitment", { officeId: next.officeId });
    }
    this.authorize(spec, m.entity, next, scope, existing ? "update" : "create");
    if (existing) this.authorize(spec, m.entity, existing.data, existing.scope, "update");
    const lintas = spec.domain === "lintas" ? await checkLintas(this.groups, m, existing, next, scope.grp, this.now) : {};

    const out = existing ? await this.applyUpdate(m, existing, payload, scope) : this.applyCreate(m, payload, scope, lintas.conflicts ?? []);
    if (m.entity === "record") out.writes.push(...this.referralsFor(m, next, scope));
    if (lintas.snapshot) {
      this.rows.set(rowKey(lintas.snapshot.entity, lintas.snapshot.id), lintas.snapshot);
      out.writes.push({ state: { ...lintas.snapshot }, mutation: m, fields: Object.keys(lintas.snapshot.data), conflicts: [] });
    }
    return out;
  }

  private applyCreate(m: Mutation, payload: Record<string, unknown>, scope: RowScope, flagged: FieldConflict[]) {
    const state = newState(m.entity, m.entityId, payload, scope, this.now);
    // A create can be flagged (a signature over content that does not match): stored, for review.
    if (flagged.length) state.needsReview = true;
    this.rows.set(rowKey(m.entity, m.entityId), state);
    const result: MutationResult = flagged.length ? { id: m.id, status: "conflict", version: 1, conflicts: flagged } : { id: m.id, status: "applied", version: 1 };
    return { result, writes: [{ state: { ...state }, mutation: m, fields: Object.keys(payload), conflicts: flagged }] };
  }

  private async applyUpdate(m: Mutation, s: RowState, payload: Record<string, unknown>, scope: RowScope) {
    let apply = payload;
    let found: FieldConflict[] = [];
    const stale = m.baseVersion < s.version;
    if (stale) {
      const serverChanged = await this.fieldsChangedSince(s, m.baseVersion);
      ({ apply, conflicts: found } = mergeFields(s.data, payload, serverChanged));
    }
    const fields = changedFields(s.data, apply);
    if (fields.length === 0 && found.length === 0) {
      return { result: { id: m.id, status: "applied", version: s.version, ...(stale ? { merged: true } : {}) } as MutationResult, writes: [] as Write[] };
    }
    s.data = { ...s.data, ...apply };
    s.scope = scope;
    s.version += 1;
    if (found.length) s.needsReview = true;
    const touched = found.length ? [...fields, "needsReview"] : fields;
    s.pushHistory.push({ version: s.version, fields: touched });
    const result: MutationResult = found.length
      ? { id: m.id, status: "conflict", version: s.version, conflicts: found }
      : { id: m.id, status: "applied", version: s.version, ...(stale ? { merged: true } : {}) };
    return { result, writes: [{ state: { ...s, data: { ...s.data } }, mutation: m, fields: touched, conflicts: found }] };
  }

  private async applyDelete(m: Mutation, s: RowState) {
    if (m.baseVersion < s.version) {
      const changed = await this.fieldsChangedSince(s, m.baseVersion);
      if (changed.size) {
        // Someone edited the row after this client saw it: keep it and let a person decide.
        const found = [{ field: "deleted", serverValue: false, clientValue: true }];
        s.version += 1;
        s.needsReview = true;
        s.pushHistory.push({ version: s.version, fields: ["needsReview"] });
        return {
          result: { id: m.id, status: "conflict", version: s.version, conflicts: found } as MutationResult,
          writes: [{ state: { ...s }, mutation: m, fields: ["needsReview"], conflicts: found }],
        };
      }
    }
    s.version += 1;
    s.deleted = true;
    s.pushHistory.push({ version: s.version, fields: ["deleted"] });
    return {
      result: { id: m.id, status: "applied", version: s.version } as MutationResult,
      writes: [{ state: { ...s }, mutation: m, fields: ["deleted"], conflicts: [] }],
    };
  }

  /**
   * The referrals a record makes (same rules and ids as on the phone): the server creates the
   * ones that do not exist yet, so it holds them even before the phone pushes its own copy.
   */
  private referralsFor(m: Mutation, record: Record<string, unknown>, scope: RowScope): Write[] {
    const history: RecordEntity[] = [];
    for (const s of this.rows.values()) {
      if (s && s.entity === "record" && !s.deleted && s.data.personId === record.personId) history.push({ id: s.id, data: s.data as RecordEntity["data"] });
    }
    const entity: RecordEntity = { id: m.entityId, data: record as RecordEntity["data"] };
    const writes: Write[] = [];
    for (const draft of referralsFromRecord(entity, record.derived as Derived, { id: record.personId as string }, history)) {
      if (this.rows.get(rowKey("referral", draft.id))) continue;
      const state = newState("referral", draft.id, { ...draft.data }, { ...scope }, this.now);
      this.rows.set(rowKey("referral", draft.id), state);
      writes.push({ state: { ...state }, mutation: m, fields: Object.keys(draft.data), conflicts: [] });
    }
    return writes;
  }

  /** Fields the server changed after `base`: from D1's change log, plus this push's own edits. */
  private async fieldsChangedSince(s: RowState, base: number): Promise<Set<string>> {
    const out = new Set<string>();
    if (s.dbVersion > base) {
      const rows = await this.db
        .select({ fields: changeLog.fields })
        .from(changeLog)
        .where(and(eq(changeLog.entity, s.entity), eq(changeLog.entityId, s.id), gt(changeLog.version, base)))
        .all();
      for (const r of rows) for (const f of r.fields) out.add(f);
    }
    for (const h of s.pushHistory) if (h.version > base) for (const f of h.fields) out.add(f);
    out.delete("needsReview");
    return out;
  }

  private resolveScope(spec: EntitySpec, entity: EntityName, id: string, data: Record<string, unknown>): RowScope {
    if (spec.placement.from === "self") {
      const area = data[spec.placement.field] as string;
      if (!this.knownAreas.has(area)) throw new Rejection("unknown_area", `Area ${area} is not a known wilayah code`, { field: spec.placement.field });
      const dusun = spec.placement.dusunField ? ((data[spec.placement.dusunField] as string | null) ?? null) : null;
      return { area, dusun, grp: spec.groupRoot ? id : null };
    }
    const parentId = data[spec.placement.field] as string;
    const parent = this.rows.get(rowKey(spec.placement.entity, parentId));
    if (!parent || parent.deleted) {
      throw new Rejection("parent_not_found", `${spec.placement.entity} ${parentId} does not exist`, { field: spec.placement.field, entity });
    }
    return { ...parent.scope };
  }

  private checkRefs(spec: EntitySpec, data: Record<string, unknown>, scope: RowScope) {
    for (const ref of spec.refs ?? []) {
      const id = data[ref.field];
      if (id === null || id === undefined) continue;
      const target = this.rows.get(rowKey(ref.entity, id as string));
      const sameArea =
        target &&
        !target.deleted &&
        (ref.entity === "dusun"
          ? target.data.desaCode === areaAncestor(scope.area, "desa")
          : areaAncestor(target.scope.area, "kecamatan") === areaAncestor(scope.area, "kecamatan"));
      if (!sameArea) throw new Rejection("invalid_reference", `${ref.field} does not name a ${ref.entity} in this area`, { field: ref.field });
    }
  }

  /**
   * A record is checked against the form version it was entered with (the same code the phone
   * ran), and its computed fields are recomputed here: the server's derivation is what is stored.
   */
  private checkForm(recordId: string, data: Record<string, unknown>): { data: Record<string, unknown>; derived: Derived } {
    const def = getForm(data.formId as string, data.formVersion as number);
    if (!def) {
      throw new Rejection("unknown_form_version", `Form ${data.formId} version ${data.formVersion} is not published`, {
        formId: data.formId,
        formVersion: data.formVersion,
      });
    }
    const visitDate = data.visitDate as string;
    const person = this.rows.get(rowKey("person", data.personId as string))?.data ?? {};
    // The person's sex and age take part in validation (a form for the wrong age or sex is refused).
    const ctx = formContext(visitDate, { sex: person.sex as string, birthDate: person.birthDate as string });
    const raw = data.data as Answers;
    const resolved = resolveAnswers(def, raw, ctx);
    // Validate what the client typed, with every computed value replaced by the server's.
    const computed = Object.fromEntries(fields(def).filter((f) => f.type === "computed").map((f) => [f.id, resolved[f.id]]));
    const check = validateAnswers(def, { ...raw, ...computed }, ctx);
    if (!check.valid) {
      const fieldErrors = Object.fromEntries(Object.entries(check.errors).map(([f, t]) => [f, t.en]));
      throw new Rejection("validation_failed", `The ${def.id} answers are not valid`, { fields: fieldErrors, form: FORM_ERROR_KEY in fieldErrors ? "unknown answers" : undefined });
    }
    const previous: RecordLike[] = [];
    for (const s of this.rows.values()) {
      if (s && s.entity === "record" && s.id !== recordId && !s.deleted && s.data.personId === data.personId) previous.push({ id: s.id, ...(s.data as Omit<RecordLike, "id">) });
    }
    const derived = deriveRecord({ def, answers: raw, visitDate, person: { sex: person.sex as string, birthDate: person.birthDate as string }, previous }, this.growthTables);
    if (derived.errors?.length) {
      throw new Rejection("validation_failed", `The ${def.id} answers are not valid`, { fields: Object.fromEntries(derived.errors.map((e) => [e.field ?? "_form", e.message.en])) });
    }
    return { data: resolved, derived };
  }


  private authorize(spec: EntitySpec, entity: EntityName, data: Record<string, unknown>, scope: RowScope, op: "create" | "update") {
    const target: Target = {
      areaCode: scope.area,
      dusunId: scope.dusun,
      partyOfficeIds: scope.grp ? this.partiesOf(scope.grp) : [],
      officeId: this.officeOf(entity, data, op),
    };
    if (!can(this.p, `${spec.domain}:write`, target)) {
      throw new Rejection("forbidden", `Your role may not write this ${entity} here`, { entity });
    }
  }

  /** The office a lintas row belongs to, for "a mitra writes only for its own office". */
  private officeOf(entity: EntityName, data: Record<string, unknown>, op: "create" | "update"): string | null {
    switch (entity) {
      case "signature":
        return data.officeId as string;
      case "commitment_item":
        return op === "update" ? (data.officeId as string) : null; // items are created by the puskesmas or camat
      case "progress": {
        const item = this.rows.get(rowKey("commitment_item", data.itemId as string));
        return (item?.data.officeId as string | undefined) ?? null;
      }
      default:
        return null;
    }
  }
}

const LATEST_SEQ: SQL = sql`(SELECT max(${changeLog.seq}) FROM ${changeLog})`;
const RECEIPT_ROWS_PER_STATEMENT = 19; // 5 columns a row, under D1's 100 bound parameters

function buildStatements(db: Db, p: Principal, writes: Write[], stored: MutationResult[], now: number): BatchItem<"sqlite">[] {
  const out: BatchItem<"sqlite">[] = [];
  const guarded = new Set<string>();
  for (const w of writes) {
    const s = w.state;
    const table = ENTITY_TABLES[s.entity];
    const k = rowKey(s.entity, s.id);
    if (!guarded.has(k)) {
      guarded.add(k);
      const name = sql.identifier(tableName(table));
      out.push(db.insert(syncGuard).select(sql`SELECT coalesce((SELECT version FROM ${name} WHERE id = ${s.id}), 0) = ${s.dbVersion}`));
    }
    out.push(
      db.insert(changeLog).values({ entity: s.entity, entityId: s.id, version: s.version, fields: w.fields, mutationId: w.mutation.id, at: now }),
    );
    const row: Record<string, unknown> = {
      ...s.data,
      id: s.id, version: s.version, seq: LATEST_SEQ, deleted: s.deleted, needsReview: s.needsReview,
      scopeArea: s.scope.area, scopeDusun: s.scope.dusun, scopeGrp: s.scope.grp,
      createdAt: s.createdAt, updatedAt: now, updatedBy: p.userId,
    };
    const { id: _id, createdAt: _c, ...update } = row;
    out.push(db.insert(table).values(row).onConflictDoUpdate({ target: table.id, set: update }));
    const spec = ENTITIES[s.entity] as EntitySpec;
    const idx = { ...indexColumns(spec.domain, s.scope), seq: LATEST_SEQ, deleted: s.deleted };
    out.push(
      db.insert(syncIndex).values({ entity: s.entity, entityId: s.id, ...idx }).onConflictDoUpdate({ target: [syncIndex.entity, syncIndex.entityId], set: idx }),
    );
    for (const c of w.conflicts) {
      out.push(
        db.insert(conflicts).values({
          entity: s.entity, entityId: s.id, field: c.field, serverValue: c.serverValue ?? null, clientValue: c.clientValue ?? null,
          mutationId: w.mutation.id, userId: p.userId, at: now,
        }),
      );
    }
  }
  for (const c of chunk(stored, RECEIPT_ROWS_PER_STATEMENT)) {
    out.push(db.insert(receipts).values(c.map((r) => ({ mutationId: r.id, userId: p.userId, deviceId: p.deviceId ?? null, result: r, at: now }))));
  }
  const audits = writes.map((w) =>
    auditRow(p, {
      action: w.conflicts.length ? "sync.conflict" : `sync.${w.mutation.op}`,
      entity: w.state.entity,
      entityId: w.state.id,
      details: { mutationId: w.mutation.id, version: w.state.version, fields: w.fields },
    }, now),
  );
  for (const c of chunk(audits, AUDIT_ROWS_PER_STATEMENT)) out.push(db.insert(auditLog).values(c));
  out.push(db.delete(syncGuard));
  return out;
}
