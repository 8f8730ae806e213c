import { areaAncestor } from "../../../domain/area/codes.ts";
import { can, lockedFields, writeRule, type Target } from "../../../domain/access/policy.ts";
import { ENTITIES, payloadSchema, type EntityName, type EntitySpec } from "../../../domain/entities/registry.ts";
import type { RowScope } from "../../../domain/sync/index-columns.ts";
import { changedFields, mergeFields } from "../../../domain/sync/merge.ts";
import type { FieldConflict, Mutation, MutationResult } from "../../../domain/sync/protocol.ts";
import { issuesOf } from "../../http/body.ts";
import type { PushContext } from "./context.ts";
import { hooksOf, type EntityHooks, type Proposal } from "./hooks/index.ts";
import { scopeMoved } from "./moves.ts";
import { newState, Rejection, type RowState, type Write } from "./state.ts";

export interface Decision {
  result: MutationResult;
  writes: Write[];
}

/**
 * Decide one mutation against the state so far (the state then includes its effect). The steps
 * every entity passes are here; an entity's own rules are its hooks (hooks/index.ts).
 */
export async function decide(ctx: PushContext, m: Mutation): Promise<Decision> {
  const spec = ENTITIES[m.entity] as EntitySpec;
  const hooks = hooksOf(m.entity);
  if (spec.readOnly) throw new Rejection("read_only_entity", `${m.entity} is maintained by the server and cannot be pushed`);
  const existing = ctx.row(m.entity, m.entityId) ?? null;

  if (m.resolves && m.op !== "update") throw new Rejection("validation_failed", "Only an update settles conflicts (`resolves`)");
  if (m.op === "delete") {
    if (Object.keys(m.payload).length) throw new Rejection("validation_failed", "A delete carries an empty payload");
    if (!existing || existing.deleted) throw new Rejection("not_found", `${m.entity} ${m.entityId} does not exist`);
    authorize(ctx, spec, m.entity, existing.data, existing.scope, "update");
    checkWriteRule(ctx, spec, m, existing, {});
    await hooks.document?.(ctx, { m, existing, next: existing.data, payload: {}, scope: existing.scope });
    return applyDelete(ctx, m, existing);
  }

  const payload = parsePayload(m);
  checkVersionAndImmutables(spec, m, existing, payload);
  const next = { ...(existing?.data ?? {}), ...payload };
  const scope = resolveScope(ctx, spec, m.entity, m.entityId, next);
  checkRefs(ctx, spec, next, scope);
  const proposal: Proposal = { m, existing, next, payload, scope };
  hooks.check?.(ctx, proposal);
  authorize(ctx, spec, m.entity, next, scope, existing ? "update" : "create");
  if (existing) authorize(ctx, spec, m.entity, existing.data, existing.scope, "update");
  checkWriteRule(ctx, spec, m, existing, payload);
  const verdict = (await hooks.document?.(ctx, proposal)) ?? {};

  const out = existing ? await applyUpdate(ctx, hooks, m, existing, payload, scope) : applyCreate(ctx, hooks, m, payload, scope, verdict.flagged ?? []);
  const stored = ctx.row(m.entity, m.entityId)!;
  for (const row of [...(hooks.follow?.(ctx, stored) ?? []), ...(verdict.also ?? [])]) {
    ctx.put(row);
    out.writes.push({ state: { ...row }, mutation: m, fields: Object.keys(row.data), conflicts: [] });
  }
  for (const w of out.writes) w.parent = parentOf(ctx, w.state);
  return out;
}

/** The row a written row takes its place from (none for rows placed by their own area field). */
function parentOf(ctx: PushContext, s: RowState): Write["parent"] {
  const spec = ENTITIES[s.entity] as EntitySpec;
  if (spec.placement.from !== "parent") return undefined;
  const id = s.data[spec.placement.field] as string;
  const parent = ctx.row(spec.placement.entity, id);
  return parent ? { entity: spec.placement.entity, id, scope: { ...parent.scope } } : undefined;
}

function parsePayload(m: Mutation): Record<string, unknown> {
  const parsed = payloadSchema(m.entity, m.op as "create" | "update").safeParse(m.payload);
  if (!parsed.success) throw new Rejection("validation_failed", `Invalid ${m.entity}`, { issues: issuesOf(parsed.error) });
  return parsed.data as Record<string, unknown>;
}

function checkVersionAndImmutables(spec: EntitySpec, m: Mutation, existing: RowState | null, payload: Record<string, unknown>) {
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
}

function applyCreate(ctx: PushContext, hooks: EntityHooks, m: Mutation, payload: Record<string, unknown>, scope: RowScope, flagged: FieldConflict[]): Decision {
  Object.assign(payload, hooks.derive?.(ctx, m.entityId, payload));
  const state = newState(m.entity, m.entityId, payload, scope, ctx.now);
  // A create can be flagged (a signature over content that does not match): stored, for review.
  if (flagged.length) state.needsReview = true;
  ctx.put(state);
  const result: MutationResult = flagged.length ? { id: m.id, status: "conflict", version: 1, conflicts: flagged } : { id: m.id, status: "applied", version: 1 };
  return { result, writes: [{ state: { ...state }, mutation: m, fields: Object.keys(payload), conflicts: flagged }] };
}

async function applyUpdate(ctx: PushContext, hooks: EntityHooks, m: Mutation, s: RowState, payload: Record<string, unknown>, scope: RowScope): Promise<Decision> {
  let apply = payload;
  let found: FieldConflict[] = [];
  const stale = m.baseVersion < s.version;
  let serverChanged = new Set<string>();
  if (stale) {
    serverChanged = await ctx.fieldsChangedSince(s, m.baseVersion);
    ({ apply, conflicts: found } = mergeFields(s.data, payload, serverChanged));
  }
  // A settlement of open conflicts (the user picked or typed the value the payload carries): the
  // ids must be this row's open conflicts; the fields it names are the user's decision, applied
  // even where another edit came in meanwhile.
  let settled: number[] = [];
  let stillOpen = 0;
  if (m.resolves?.length) {
    const open = await ctx.openConflictIds(s);
    const unknown = m.resolves.filter((id) => !open.includes(id));
    if (unknown.length) throw new Rejection("unknown_conflict", "These conflicts are not open on this row", { conflicts: unknown });
    settled = m.resolves;
    stillOpen = open.length - settled.length;
    found = found.filter((c) => !(c.field in payload));
    apply = { ...apply, ...payload };
  }
  // What the server computes comes from the row as it will be stored, after the merge.
  Object.assign(apply, hooks.derive?.(ctx, s.id, { ...s.data, ...apply }));
  const fields = changedFields(s.data, apply);
  const clears = settled.length > 0 && stillOpen === 0 && found.length === 0 && s.needsReview;
  // What the phone's copy lacks after a stale edit: the stored value of every field others
  // changed since its base, or the server computed, that is not what the phone sent.
  const changed = () => {
    const out: Record<string, unknown> = {};
    for (const f of new Set([...serverChanged, ...Object.keys(apply)])) {
      if (!(f in s.data)) continue;
      if (!(f in payload) || changedFields({ [f]: payload[f] }, { [f]: s.data[f] }).length) out[f] = s.data[f];
    }
    return Object.keys(out).length ? { changed: out } : {};
  };
  if (fields.length === 0 && found.length === 0 && settled.length === 0) {
    return { result: { id: m.id, status: "applied", version: s.version, ...(stale ? { merged: true, ...changed() } : {}) }, writes: [] };
  }
  s.data = { ...s.data, ...apply };
  const from = s.scope;
  // Where the row lives follows what is stored: when the merge kept the server's dusun or
  // household over the client's (a conflict), the row stays where that puts it (the client's
  // proposal was authorized above; what is stored was authorized when it was written).
  const placedBy = ENTITIES[s.entity].placement;
  const placementChanged = placedBy.field in apply || ("dusunField" in placedBy && placedBy.dusunField !== undefined && placedBy.dusunField in apply);
  s.scope = placementChanged ? scope : from;
  s.version += 1;
  // Moved is where the row is stored now, not where the client proposed: a move that lost its
  // conflict moves nothing, and the rows under it that this push writes later stay with it.
  const moved = scopeMoved(from, s.scope);
  // The rows under it move with it, in D1 (moves.ts) and in what this push has loaded.
  if (moved) ctx.moveUnder(s.entity, s.id, s.scope);
  if (found.length) s.needsReview = true;
  if (clears) s.needsReview = false;
  const touched = found.length || clears ? [...fields, "needsReview"] : fields;
  s.pushHistory.push({ version: s.version, fields: touched });
  const result: MutationResult = found.length
    ? { id: m.id, status: "conflict", version: s.version, conflicts: found, ...changed() }
    : { id: m.id, status: "applied", version: s.version, ...(stale ? { merged: true, ...changed() } : {}) };
  const state = { ...s, data: { ...s.data }, ...(settled.length ? { resolves: settled } : {}) };
  return { result, writes: [{ state, mutation: m, fields: touched, conflicts: found, ...(moved ? { movedFrom: from } : {}) }] };
}

async function applyDelete(ctx: PushContext, m: Mutation, s: RowState): Promise<Decision> {
  if (m.baseVersion < s.version) {
    const changed = await ctx.fieldsChangedSince(s, m.baseVersion);
    if (changed.size) {
      // Someone edited the row after this client saw it: keep it and let a person decide.
      const found = [{ field: "deleted", serverValue: false, clientValue: true }];
      s.version += 1;
      s.needsReview = true;
      s.pushHistory.push({ version: s.version, fields: ["needsReview"] });
      const kept = Object.fromEntries([...changed].filter((f) => f in s.data).map((f) => [f, s.data[f]]));
      return {
        result: { id: m.id, status: "conflict", version: s.version, conflicts: found, ...(Object.keys(kept).length ? { changed: kept } : {}) },
        writes: [{ state: { ...s }, mutation: m, fields: ["needsReview"], conflicts: found }],
      };
    }
  }
  s.version += 1;
  s.deleted = true;
  s.pushHistory.push({ version: s.version, fields: ["deleted"] });
  return {
    result: { id: m.id, status: "applied", version: s.version },
    writes: [{ state: { ...s }, mutation: m, fields: ["deleted"], conflicts: [] }],
  };
}

/** The row's area, dusun and group: from its own area field or from its parent, never from the client. */
function resolveScope(ctx: PushContext, spec: EntitySpec, entity: EntityName, id: string, data: Record<string, unknown>): RowScope {
  if (spec.placement.from === "self") {
    const area = data[spec.placement.field] as string;
    if (!ctx.knownAreas.has(area)) throw new Rejection("unknown_area", `Area ${area} is not a known wilayah code`, { field: spec.placement.field });
    const dusun = spec.placement.dusunField ? ((data[spec.placement.dusunField] as string | null) ?? null) : null;
    return { area, dusun, grp: spec.groupRoot ? id : null };
  }
  const parentId = data[spec.placement.field] as string;
  const parent = ctx.row(spec.placement.entity, parentId);
  if (!parent || parent.deleted) {
    throw new Rejection("parent_not_found", `${spec.placement.entity} ${parentId} does not exist`, { field: spec.placement.field, entity });
  }
  return { ...parent.scope };
}

/** References name a live row of the same kecamatan (a dusun: of the same desa). */
function checkRefs(ctx: PushContext, spec: EntitySpec, data: Record<string, unknown>, scope: RowScope) {
  for (const ref of spec.refs ?? []) {
    const id = data[ref.field];
    if (id === null || id === undefined) continue;
    const target = ctx.row(ref.entity, id as string);
    const sameArea =
      target &&
      !target.deleted &&
      (ref.entity === "dusun"
        ? target.data.desaCode === areaAncestor(scope.area, "desa")
        : areaAncestor(target.scope.area, "kecamatan") === areaAncestor(scope.area, "kecamatan"));
    if (!sameArea) throw new Rejection("invalid_reference", `${ref.field} does not name a ${ref.entity} in this area`, { field: ref.field });
  }
}

function authorize(ctx: PushContext, spec: EntitySpec, entity: EntityName, data: Record<string, unknown>, scope: RowScope, op: "create" | "update") {
  const target: Target = {
    areaCode: scope.area,
    dusunId: scope.dusun,
    partyOfficeIds: scope.grp ? ctx.partiesOf(scope.grp) : [],
    officeId: officeOf(ctx, entity, data, op),
  };
  if (!can(ctx.p, `${spec.domain}:write`, target)) {
    throw new Rejection("forbidden", `Your role may not write this ${entity} here`, { entity });
  }
}

/** The role's write rule beyond area and office: a mitra changes only an item's status, adds progress, signs. */
function checkWriteRule(ctx: PushContext, spec: EntitySpec, m: Mutation, existing: RowState | null, payload: Record<string, unknown>) {
  const rule = writeRule(ctx.p, `${spec.domain}:write`, m.entity);
  if (m.op === "delete") {
    if (!rule.delete) throw new Rejection("delete_not_allowed", `Your role may not delete a ${m.entity}`, { entity: m.entity });
  } else if (!existing) {
    if (!rule.create) throw new Rejection("create_not_allowed", `Your role may not create a ${m.entity}`, { entity: m.entity });
  } else {
    const locked = lockedFields(rule, changedFields(existing.data, payload));
    if (locked.length) {
      const allowed = rule.update === "any" || rule.update.length === 0 ? "nothing" : rule.update.join(", ");
      throw new Rejection("field_not_writable", `Your role may change only ${allowed} of a ${m.entity}`, { entity: m.entity, fields: locked });
    }
  }
}

/** The office a lintas row belongs to, for "a mitra writes only for its own office". */
function officeOf(ctx: PushContext, entity: EntityName, data: Record<string, unknown>, op: "create" | "update"): string | null {
  switch (entity) {
    case "signature":
      return data.officeId as string;
    case "commitment_item":
      return op === "update" ? (data.officeId as string) : null; // items are created by the puskesmas or camat
    case "progress": {
      const item = ctx.row("commitment_item", data.itemId as string);
      return (item?.data.officeId as string | undefined) ?? null;
    }
    default:
      return null;
  }
}
