import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Principal } from "../../../domain/access/policy.ts";
import { childrenOf, ENTITIES, type EntityName, type EntitySpec } from "../../../domain/entities/registry.ts";
import type { RowScope } from "../../../domain/sync/index-columns.ts";
import { loadGrowthTables, type GrowthTables } from "../../../domain/growth/load.ts";
import type { Mutation } from "../../../domain/sync/protocol.ts";
import { chunk, type Db } from "../../db/client.ts";
import { changeLog, conflicts } from "../../db/schema.ts";
import { ENTITY_TABLES, tableName, type SyncedTable } from "../../db/tables.ts";
import { columnsOf } from "./columns.ts";
import type { GroupView } from "./hooks/lintas.ts";
import { rowKey, stateOf, type RowState } from "./state.ts";

/** Ids per `IN (…)` list: under D1's 100 bound parameters, with room for the query's own. */
export const IDS_PER_QUERY = 90;

/**
 * What a push reads from D1, and the rows as the push has changed them so far. Loading happens
 * once, up front, in a handful of chunked queries; deciding mutations then reads only this.
 */
export class PushContext {
  /** entity:id → the row (null: looked for, absent). Mutations update it as they are decided. */
  readonly rows = new Map<string, RowState | null>();
  readonly knownAreas = new Set<string>();
  growthTables: GrowthTables | undefined;

  constructor(readonly db: Db, readonly p: Principal, readonly now: number) {}

  row(entity: EntityName, id: string): RowState | null | undefined {
    return this.rows.get(rowKey(entity, id));
  }

  put(state: RowState): void {
    const k = rowKey(state.entity, state.id);
    this.seen(k);
    this.rows.set(k, state);
    const owner = state.entity === "record" || state.entity === "referral" ? state.data.personId : undefined;
    if (typeof owner === "string") {
      let keys = this.byPerson.get(owner);
      if (!keys) this.byPerson.set(owner, (keys = new Set()));
      keys.add(k);
    }
  }

  /**
   * Records and referrals by person (their personId never changes: registry `immutable`), so a
   * person's history is found without scanning every loaded row: a push of 100 visits asked for
   * histories 300 times over about a thousand rows (docs/PERFORMANCE.md, "Push").
   */
  private readonly byPerson = new Map<string, Set<string>>();
  /** The order rows were first met (as `rows` keeps them), so a history comes in the same order as a scan. */
  private readonly order = new Map<string, number>();
  private seen(k: string): void {
    if (!this.order.has(k)) this.order.set(k, this.order.size);
  }

  /**
   * A row moved: the rows under it that this push has loaded take its new scope and a new
   * version, as moves.ts writes them in D1 at this point of the batch (their guards, if a later
   * mutation writes them, then expect that version).
   */
  moveUnder(entity: EntityName, id: string, scope: RowScope): void {
    for (const child of childrenOf(entity)) {
      for (const s of [...this.rows.values()]) {
        if (!s || s.entity !== child.entity || s.deleted || s.data[child.field] !== id) continue;
        s.scope = { ...scope };
        s.version += 1;
        s.dbVersion += 1;
        s.pushHistory.push({ version: s.version, fields: [] });
        this.moveUnder(s.entity, s.id, scope);
      }
    }
  }

  /** Live rows of one entity that belong to a person (a record's history and referrals). */
  ofPerson(entity: "record" | "referral", personId: unknown): RowState[] {
    const keys = typeof personId === "string" ? this.byPerson.get(personId) : undefined;
    if (!keys) return [];
    const out: RowState[] = [];
    for (const k of [...keys].sort((a, b) => this.order.get(a)! - this.order.get(b)!)) {
      const s = this.rows.get(k);
      if (s && s.entity === entity && !s.deleted && s.data.personId === personId) out.push(s);
    }
    return out;
  }

  /** The group view the lintas rules read: rows of one commitment, as this push has them. */
  readonly groups: GroupView = {
    row: (entity, id) => this.row(entity, id),
    members: (commitmentId, entity) => {
      const out: RowState[] = [];
      for (const s of this.rows.values()) if (s && s.entity === entity && s.scope.grp === commitmentId) out.push(s);
      return out;
    },
  };

  partiesOf(commitmentId: string): string[] {
    return this.groups.members(commitmentId, "commitment_party").filter((s) => !s.deleted).map((s) => s.data.officeId as string);
  }

  /**
   * Two rounds of reads: the rows mutated, then the parents, references and areas they name;
   * then the histories records need and the commitments lintas rows belong to.
   */
  async load(mutations: readonly Mutation[]): Promise<void> {
    if (!mutations.length) return;
    await this.loadRows(mutations.map((m) => [m.entity, m.entityId] as const));

    const second: (readonly [EntityName, string])[] = [];
    const areaCodes = new Set<string>();
    for (const m of mutations) {
      const spec = ENTITIES[m.entity] as EntitySpec;
      const merged = { ...(this.row(m.entity, m.entityId)?.data ?? {}), ...m.payload };
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
    // The histories need only the person ids (from payloads and the rows just read): read them in
    // the same round as parents and areas (one round trip fewer per push).
    await Promise.all([this.loadRows(second), this.loadAreas([...areaCodes]), this.loadHistories(mutations)]);
    this.weighHistories();

    const groups = new Set<string>();
    for (const s of this.rows.values()) if (s?.scope.grp) groups.add(s.scope.grp);
    for (const m of mutations) if (m.entity === "commitment") groups.add(m.entityId);
    await this.loadGroups([...groups]);
  }

  /** Ids of a row's open conflicts (a mutation that settles some names them in `resolves`). */
  async openConflictIds(s: RowState): Promise<number[]> {
    const rows = await this.db
      .select({ id: conflicts.id })
      .from(conflicts)
      .where(and(eq(conflicts.entity, s.entity), eq(conflicts.entityId, s.id), isNull(conflicts.resolvedAt)))
      .all();
    return rows.map((r) => r.id);
  }

  /** Fields the server changed after `base`: from D1's change log, plus this push's own edits. */
  async fieldsChangedSince(s: RowState, base: number): Promise<Set<string>> {
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
      for (const c of chunk([...set], IDS_PER_QUERY)) {
        for (const id of c) {
          this.seen(rowKey(entity, id));
          this.rows.set(rowKey(entity, id), null);
        }
        loads.push(
          this.selectWhere(table, "id", c).then((found) => {
            for (const r of found) this.put(stateOf(entity, r));
          }),
        );
      }
    }
    await Promise.all(loads);
  }

  /** Whole rows of a table whose `column` is one of `values`, as drizzle's select() maps them (columns.ts). */
  private async selectWhere(table: SyncedTable, column: string, values: readonly string[]): Promise<Record<string, unknown>[]> {
    const cols = columnsOf(this.db, table);
    const where = cols.find((c) => c.key === column)!.name;
    const text = `SELECT ${cols.map((c) => `"${c.name}"`).join(", ")} FROM "${tableName(table)}" WHERE "${where}" IN (${values.map(() => "?").join(", ")})`;
    const rows = await this.db.$client.prepare(text).bind(...values).raw();
    return rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const [i, c] of cols.entries()) o[c.key] = r[i] === null || r[i] === undefined ? null : c.fromDriver(r[i]);
      return o;
    });
  }

  /** Rows of `entity` whose `column` is one of `values`, kept unless this push already has them. */
  private async loadWhere(entity: EntityName, column: string, values: readonly string[]) {
    const table = ENTITY_TABLES[entity];
    await Promise.all(
      chunk(values, IDS_PER_QUERY).map(async (c) => {
        const found = await this.selectWhere(table, column, c);
        for (const r of found) if (!this.row(entity, r.id as string)) this.put(stateOf(entity, r));
      }),
    );
  }

  /**
   * Earlier visits and referrals of the persons whose records are pushed (N/T and 2T need last
   * month's weight), and of every person a push writes or whose record or referral it writes or
   * deletes: their PWS marks are recomputed from all of them (services/pws/marks.ts).
   */
  private async loadHistories(mutations: readonly Mutation[]) {
    const records = mutations.filter((m) => m.entity === "record" && m.op !== "delete");
    const personIds = new Set<string>();
    for (const m of mutations) {
      // The payload is not validated yet: only a string id reaches a query (validation refuses the rest).
      const personId = m.entity === "person" ? m.entityId
        : m.entity === "record" || m.entity === "referral" ? (m.payload.personId ?? this.row(m.entity, m.entityId)?.data.personId)
        : undefined;
      if (typeof personId === "string") personIds.add(personId);
    }
    if (!personIds.size) return;
    const ids = [...personIds];
    const [, , tables] = await Promise.all([this.loadWhere("record", "personId", ids), this.loadWhere("referral", "personId", ids), records.length ? loadGrowthTables() : undefined]);
    if (tables) this.growthTables = tables;
    this.historyPersons = ids;
  }

  /**
   * What the marks are computed from, as read: Σ (version + 1) of the history's persons and of
   * their records and referrals (every change raises it), for the marks' guard (services/pws/marks.ts).
   * After every read of load(): the persons themselves come with the parents.
   */
  private weighHistories() {
    if (!this.historyPersons.length) return;
    const personIds = new Set(this.historyPersons);
    this.historyWeight = 0;
    for (const s of this.rows.values()) {
      if (!s || s.dbVersion === 0) continue;
      const owner = s.entity === "person" ? s.id : s.entity === "record" || s.entity === "referral" ? s.data.personId : undefined;
      if (typeof owner === "string" && personIds.has(owner)) this.historyWeight += s.dbVersion + 1;
    }
  }

  /** The persons whose records and referrals were loaded (loadHistories), and their weight as read. */
  historyPersons: string[] = [];
  historyWeight = 0;

  private async loadAreas(codes: string[]) {
    const table = ENTITY_TABLES.area;
    await Promise.all(
      chunk(codes, IDS_PER_QUERY).map(async (c) => {
        const found = await this.db.select({ id: table.id }).from(table).where(and(inArray(table.id, c), eq(table.deleted, false))).all();
        for (const r of found) this.knownAreas.add(r.id as string);
      }),
    );
  }

  /**
   * Everything of the commitments a push touches (the document, its parties, items, signatures,
   * frozen versions and meeting): the lintas rules judge a mutation against the whole document.
   */
  private async loadGroups(groups: string[]) {
    if (!groups.length) return;
    await this.loadRows(groups.map((g) => ["commitment", g] as const));
    const members: EntityName[] = ["commitment_party", "commitment_item", "signature", "commitment_version"];
    await Promise.all(members.map((entity) => this.loadWhere(entity, "scopeGrp", groups)));
    const meetings = groups.map((g) => this.row("commitment", g)?.data.meetingId).filter((x): x is string => typeof x === "string");
    await this.loadRows(meetings.map((id) => ["meeting", id] as const));
  }
}
