import { z } from "zod";
/**
 * Every entity that sync carries, with where its area comes from. The server never trusts a
 * client's idea of an entity's area: it resolves it from the entity's own area field or from
 * its parent, and checks that against the caller's scope.
 */
export type DataDomain = "health" | "lintas" | "reference";
export type Placement = 
/** The area is a field of the entity itself. */
{
    from: "self";
    field: string;
    dusunField?: string;
}
/** The area (and dusun and group) is inherited from a parent entity. */
 | {
    from: "parent";
    entity: EntityName;
    field: string;
};
export interface EntitySpec {
    domain: DataDomain;
    schema: z.ZodObject;
    placement: Placement;
    /** The entity starts a group (a commitment): its children share its id as their group. */
    groupRoot?: boolean;
    /** Fields that may not change after creation (they define where the row lives). */
    immutable: readonly string[];
    /** Fields that point at another entity, which must exist in the same kecamatan. */
    refs?: readonly {
        field: string;
        entity: EntityName;
    }[];
    /** Written only by the server (imports, admin API); a push for it is rejected. */
    readOnly?: boolean;
}
export declare const ENTITIES: any;
export type EntityName = keyof typeof ENTITIES;
export declare const ENTITY_NAMES: [EntityName, ...EntityName[]];
export type EntityPayload<E extends EntityName> = z.infer<(typeof ENTITIES)[E]["schema"]>;
export declare function entitySpec(name: EntityName): EntitySpec;
/** The schema a payload must meet: whole on create, any non-empty subset on update. */
export declare function payloadSchema(name: EntityName, op: "create" | "update"): z.ZodType;
