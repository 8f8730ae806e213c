import type { FieldConflict } from "./protocol.ts";

/**
 * Field-level merge of a stale edit (rocicorp-style row versioning, at field granularity).
 *
 * `serverChanged` holds the fields the server changed after the client's base version.
 * A field the client changed that the server did not touch is applied. A field both changed to
 * different values is a conflict: the server keeps its value, the client's is kept beside it,
 * and the row is flagged for review. Nothing is overwritten silently.
 */
export function mergeFields(
  current: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
  serverChanged: ReadonlySet<string>,
): { apply: Record<string, unknown>; conflicts: FieldConflict[] } {
  const apply: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, clientValue] of Object.entries(patch)) {
    if (serverChanged.has(field) && !sameValue(current[field], clientValue)) {
      conflicts.push({ field, serverValue: current[field] ?? null, clientValue });
    } else {
      apply[field] = clientValue;
    }
  }
  return { apply, conflicts };
}

/** The fields whose values differ: what a mutation really changes. */
export function changedFields(current: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(next).filter((k) => !sameValue(current[k], next[k]));
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** JSON with object keys sorted, so equal values serialise equally (also used for hashes). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
