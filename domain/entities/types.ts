import type { EntityPayload } from "./registry.ts";

/**
 * The entities' shapes by name, as the schemas in schemas.ts define them. Types only: importing
 * this module costs the PWA's first load nothing (zod stays in the schemas, which the server runs).
 */
export type Area = EntityPayload<"area">;
export type Dusun = EntityPayload<"dusun">;
export type Facility = EntityPayload<"facility">;
export type Household = EntityPayload<"household">;
export type Person = EntityPayload<"person">;
export type VisitRecord = EntityPayload<"record">;
export type Referral = EntityPayload<"referral">;
export type Office = EntityPayload<"office">;
export type Meeting = EntityPayload<"meeting">;
export type Attendance = EntityPayload<"attendance">;
export type Commitment = EntityPayload<"commitment">;
export type CommitmentParty = EntityPayload<"commitment_party">;
export type CommitmentItem = EntityPayload<"commitment_item">;
export type Signature = EntityPayload<"signature">;
export type Progress = EntityPayload<"progress">;
export type CommitmentVersion = EntityPayload<"commitment_version">;
