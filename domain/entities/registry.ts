import { z } from "zod";
import { ENTITY_DOMAIN, ENTITY_NAMES, type DataDomain, type EntityName } from "./enums.ts";
import * as s from "./schemas.ts";

/**
 * Every entity that sync carries, with where its area comes from. The server never trusts a
 * client's idea of an entity's area: it resolves it from the entity's own area field or from
 * its parent, and checks that against the caller's scope.
 */
export type { DataDomain };

export { ENTITY_NAMES, type EntityName };

export type Placement =
  /** The area is a field of the entity itself. */
  | { from: "self"; field: string; dusunField?: string }
  /** The area (and dusun and group) is inherited from a parent entity. */
  | { from: "parent"; entity: EntityName; field: string };

export interface EntitySpec {
  domain: DataDomain;
  schema: z.ZodObject;
  placement: Placement;
  /** The entity starts a group (a commitment): its children share its id as their group. */
  groupRoot?: boolean;
  /** Fields that may not change after creation (they define where the row lives). */
  immutable: readonly string[];
  /** Fields that point at another entity, which must exist in the same kecamatan. */
  refs?: readonly { field: string; entity: EntityName }[];
  /** Written only by the server (imports, admin API); a push for it is rejected. */
  readOnly?: boolean;
}

export const ENTITIES = {
  area: { domain: ENTITY_DOMAIN.area, schema: s.area, placement: { from: "self", field: "id" }, immutable: [], readOnly: true },
  dusun: { domain: ENTITY_DOMAIN.dusun, schema: s.dusun, placement: { from: "self", field: "desaCode" }, immutable: ["desaCode"] },
  facility: { domain: ENTITY_DOMAIN.facility, schema: s.facility, placement: { from: "self", field: "areaCode" }, immutable: ["areaCode"], refs: [{ field: "dusunId", entity: "dusun" }] },
  household: { domain: ENTITY_DOMAIN.household, schema: s.household, placement: { from: "self", field: "desaCode", dusunField: "dusunId" }, immutable: ["desaCode"], refs: [{ field: "dusunId", entity: "dusun" }] },
  person: { domain: ENTITY_DOMAIN.person, schema: s.person, placement: { from: "parent", entity: "household", field: "householdId" }, immutable: [] },
  record: { domain: ENTITY_DOMAIN.record, schema: s.record, placement: { from: "parent", entity: "person", field: "personId" }, immutable: ["personId", "formId", "formVersion"], refs: [{ field: "facilityId", entity: "facility" }] },
  referral: { domain: ENTITY_DOMAIN.referral, schema: s.referral, placement: { from: "parent", entity: "person", field: "personId" }, immutable: ["personId", "recordId", "reason"], refs: [{ field: "recordId", entity: "record" }] },
  office: { domain: ENTITY_DOMAIN.office, schema: s.office, placement: { from: "self", field: "kecCode" }, immutable: ["kecCode"] },
  meeting: { domain: ENTITY_DOMAIN.meeting, schema: s.meeting, placement: { from: "self", field: "kecCode" }, immutable: ["kecCode"] },
  attendance: { domain: ENTITY_DOMAIN.attendance, schema: s.attendance, placement: { from: "parent", entity: "meeting", field: "meetingId" }, immutable: ["meetingId"], refs: [{ field: "officeId", entity: "office" }] },
  commitment: { domain: ENTITY_DOMAIN.commitment, schema: s.commitment, placement: { from: "self", field: "kecCode" }, groupRoot: true, immutable: ["kecCode"], refs: [{ field: "meetingId", entity: "meeting" }] },
  commitment_party: { domain: ENTITY_DOMAIN.commitment_party, schema: s.commitmentParty, placement: { from: "parent", entity: "commitment", field: "commitmentId" }, immutable: ["commitmentId", "officeId"], refs: [{ field: "officeId", entity: "office" }] },
  commitment_item: { domain: ENTITY_DOMAIN.commitment_item, schema: s.commitmentItem, placement: { from: "parent", entity: "commitment", field: "commitmentId" }, immutable: ["commitmentId"], refs: [{ field: "officeId", entity: "office" }] },
  signature: { domain: ENTITY_DOMAIN.signature, schema: s.signature, placement: { from: "parent", entity: "commitment", field: "commitmentId" }, immutable: ["commitmentId", "docVersion", "contentHash", "officeId", "strokes", "signedAt"], refs: [{ field: "officeId", entity: "office" }] },
  commitment_version: { domain: ENTITY_DOMAIN.commitment_version, schema: s.commitmentVersion, placement: { from: "parent", entity: "commitment", field: "commitmentId" }, immutable: [], readOnly: true },
  progress: { domain: ENTITY_DOMAIN.progress, schema: s.progress, placement: { from: "parent", entity: "commitment_item", field: "itemId" }, immutable: ["itemId", "reportedAt", "reporterRole", "reporterOfficeId"] },
} as const satisfies Record<EntityName, EntitySpec>;

export type EntityPayload<E extends EntityName> = z.infer<(typeof ENTITIES)[E]["schema"]>;

export function entitySpec(name: EntityName): EntitySpec {
  return ENTITIES[name];
}

/** The schema a payload must meet: whole on create, any non-empty subset on update. */
export function payloadSchema(name: EntityName, op: "create" | "update"): z.ZodType {
  const schema: z.ZodObject = ENTITIES[name].schema;
  return op === "create" ? schema : schema.partial().refine((o: object) => Object.keys(o).length > 0, "an update must change at least one field");
}

/** An entity placed under another: its rows live where their parent row lives. */
export interface ChildSpec {
  entity: EntityName;
  /** The child's field naming its parent. */
  field: string;
}

const CHILDREN = new Map<EntityName, ChildSpec[]>();
for (const [name, spec] of Object.entries(ENTITIES) as [EntityName, EntitySpec][]) {
  if (spec.placement.from !== "parent") continue;
  const list = CHILDREN.get(spec.placement.entity) ?? [];
  list.push({ entity: name, field: spec.placement.field });
  CHILDREN.set(spec.placement.entity, list);
}

/**
 * The entities whose rows take their place from a row of `name` (a household's persons, a
 * person's records and referrals). When a row moves, these follow it (worker/services/push/moves.ts).
 */
export function childrenOf(name: EntityName): readonly ChildSpec[] {
  return CHILDREN.get(name) ?? [];
}
