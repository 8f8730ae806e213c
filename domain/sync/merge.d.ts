import type { FieldConflict } from "./protocol.ts";
/**
 * Field-level merge of a stale edit (rocicorp-style row versioning, at field granularity).
 *
 * `serverChanged` holds the fields the server changed after the client's base version.
 * A field the client changed that the server did not touch is applied. A field both changed to
 * different values is a conflict: the server keeps its value, the client's is kept beside it,
 * and the row is flagged for review. Nothing is overwritten silently.
 */
export declare function mergeFields(current: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>, serverChanged: ReadonlySet<string>): {
    apply: Record<string, unknown>;
    conflicts: FieldConflict[];
};
/** The fields whose values differ: what a mutation really changes. */
export declare function changedFields(current: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): string[];
export declare function sameValue(a: unknown, b: unknown): boolean;
/** JSON with object keys sorted, so equal values serialise equally (also used for hashes). */
export declare function canonicalJson(value: unknown): string;
