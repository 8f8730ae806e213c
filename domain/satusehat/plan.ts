/**
 * What to send of an exported transaction Bundle, given what was sent before (issue 13, part 3:
 * "a resend sends only what failed"). Pure; the worker reads the send log and writes the answers.
 *
 * Each entry is keyed by its `fullUrl` (urn:uuid:…, stable per Simpul record: domain/fhir/) and
 * fingerprinted by a SHA-256 of its resource and conditional-create query in canonical JSON.
 * - never sent, or sent and failed: sent again as exported (POST; a Patient with ifNoneExist);
 * - sent, server id known, fingerprint unchanged: left out. Entries that reference it by its
 *   urn:uuid are pointed at the server's `Type/id` instead (FHIR R4 §3.1.0.11.2: references to a
 *   urn:uuid must resolve inside the Bundle, so a left-out entry must not stay referenced so);
 * - sent, server id known, fingerprint changed (a corrected visit): sent as an update,
 *   `PUT Type/id` with that id, so the server keeps one resource and a new version of it, never
 *   a second copy (FHIR R4 http.html#update). So is an entry whose server id is known but whose
 *   last send (an update) failed;
 * - sent and refused by the server itself (a 4xx naming the entry), unchanged since: held back,
 *   since it would be refused again and take its whole transaction down (all or nothing, FHIR R4
 *   §3.1.0.11.2); so is what references it by urn:uuid. It goes again once it changes;
 * A sent entry whose answer gave no location cannot be referenced by id: it is kept (sent again),
 * which the server answers without a duplicate only when it is a conditional create; docs say so.
 *
 * A Patient is never updated. It is created with ifNoneExist on the NIK, and SATUSEHAT usually
 * answers 200 with the location of its national master record (Master Patient Index, which Simpul
 * did not create and must not replace: a PUT is a full replace, FHIR R4 http.html#update). So a
 * Patient whose server id is known is left out, and referenced by that id, as long as it would be
 * matched on the same identifier (its ifNoneExist), even when its content changed (a renamed
 * person); when the match identifier changed (a corrected NIK) the old id is dropped and it is
 * POSTed again with the new ifNoneExist, and what was sent referencing it is sent again (updates
 * pointing at the Patient in the Bundle) so that it leaves the wrong person. The log keeps a
 * keyed hash of the match query, never the query (it holds the NIK): `matchHash`.
 */
import type { Bundle, BundleEntry } from "@medplum/fhirtypes";
import { sha256HexSync } from "../rules/hash.ts";

/** What the send log holds about one entry. */
export interface LoggedEntry {
  hash: string;
  /** The last answer was a 2xx. */
  ok: boolean;
  /** `Type/id` on the server, from the answer's location. */
  ref: string | null;
  /** `matchHash` of the ifNoneExist the entry was last sent with; null when none or not logged. */
  match?: string | null;
  /** The server refused this entry itself (a 4xx naming it), not the Bundle around it. */
  refused?: boolean;
}

/** Resource types that are master data at SATUSEHAT: found by their identifier, never updated. */
export const NEVER_UPDATED_TYPES: ReadonlySet<string> = new Set(["Patient"]);

export interface PlannedEntry {
  key: string;
  resourceType: string;
  hash: string;
  action: "create" | "update" | "resend";
  /** `matchHash` of the entry's ifNoneExist as sent; null when it has none. */
  match: string | null;
  /**
   * The server id known before must not be kept for this entry (its match identifier changed):
   * if the answer gives no new location, the log forgets the old one.
   */
  forgetRef: boolean;
}

export interface SendPlan {
  /** The Bundle to send; null when nothing in the page needs sending. */
  bundle: Bundle | null;
  /** One per entry of `bundle`, in its order. */
  entries: PlannedEntry[];
  /** Keys left out because they were sent before and did not change. */
  unchanged: string[];
  /**
   * Keys left out because the server holds them as master data matched on an unchanged
   * identifier, although their content changed (a renamed Patient): referenced by id, never PUT.
   */
  held: string[];
  /**
   * Keys held back: refused by the server before (a 4xx naming the entry) and unchanged since,
   * so the same request would be refused again and take its page down with it; and, with them,
   * entries that reference one of those by its urn:uuid (it would not resolve in the Bundle).
   */
  heldBack: string[];
}

/** JSON with object keys sorted, so that equal content always hashes equal. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

export function entryHash(e: BundleEntry): string {
  return sha256HexSync(canonicalJson({ resource: e.resource ?? null, ifNoneExist: e.request?.ifNoneExist ?? null }));
}

/**
 * The send log's fingerprint of a conditional-create query (ifNoneExist, e.g.
 * `identifier=https://fhir.kemkes.go.id/id/nik|…`): SHA-256 of it keyed with `secret` (the
 * kecamatan's client secret, a Worker secret outside the database), so that a NIK, which has few
 * possible values, cannot be recovered from the log by trying them all. A changed secret makes
 * every Patient look re-identified: it is POSTed once more with ifNoneExist, which SATUSEHAT
 * answers with the same record, and never PUT.
 */
export function matchHash(query: string, secret: string): string {
  return sha256HexSync(`${secret}\u0000${query}`);
}

/** Whether any `reference` string (deep) is in `keys`. */
function referencesAny(v: unknown, keys: ReadonlySet<string>): boolean {
  if (v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some((x) => referencesAny(x, keys));
  return Object.entries(v as Record<string, unknown>).some(([k, x]) => (k === "reference" && typeof x === "string" ? keys.has(x) : referencesAny(x, keys)));
}

/** Replace every `reference` string found in `map` (deep, on a copy). */
export function rewriteReferences<T>(v: T, map: ReadonlyMap<string, string>): T {
  if (map.size === 0 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => rewriteReferences(x, map)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = k === "reference" && typeof x === "string" && map.has(x) ? map.get(x) : rewriteReferences(x, map);
  }
  return out as T;
}

/**
 * The plan for one exported page. `baseUrl` is the FHIR base (an updated entry's fullUrl is its
 * absolute URL there, as FHIR asks of an entry that is not new). `secret` keys `matchHash`.
 */
export function planSend(bundle: Bundle, log: ReadonlyMap<string, LoggedEntry>, baseUrl: string, secret = ""): SendPlan {
  const all = (bundle.entry ?? []).filter((e): e is BundleEntry & { fullUrl: string } => typeof e.fullUrl === "string" && !!e.resource);
  const hashes = new Map(all.map((e) => [e.fullUrl, entryHash(e)]));
  const matches = new Map(all.map((e) => [e.fullUrl, e.request?.ifNoneExist ? matchHash(e.request.ifNoneExist, secret) : null]));
  const leftOut = new Map<string, string>();
  const held: string[] = [];
  for (const e of all) {
    const l = log.get(e.fullUrl);
    if (l?.ok && l.ref && l.hash === hashes.get(e.fullUrl)) leftOut.set(e.fullUrl, l.ref);
    else if (NEVER_UPDATED_TYPES.has(e.resource!.resourceType) && l?.ref?.startsWith(e.resource!.resourceType + "/") && l.match && l.match === matches.get(e.fullUrl)) {
      leftOut.set(e.fullUrl, l.ref);
      held.push(e.fullUrl);
    }
  }
  // Refused before and unchanged: held back (its known id, if any, still serves references).
  const heldBack = new Set<string>();
  for (const e of all) {
    const l = log.get(e.fullUrl);
    if (!leftOut.has(e.fullUrl) && l && !l.ok && l.refused && l.hash === hashes.get(e.fullUrl)) heldBack.add(e.fullUrl);
  }
  // A re-identified Patient (known id, another match identifier) gets a new id: what was sent
  // referencing the old one is sent again (an update) so that it points at the right person.
  const reidentified = new Set(all.filter((e) => !leftOut.has(e.fullUrl) && !heldBack.has(e.fullUrl) && NEVER_UPDATED_TYPES.has(e.resource!.resourceType) && log.get(e.fullUrl)?.ref).map((e) => e.fullUrl));
  if (reidentified.size) {
    for (const e of all) if (leftOut.has(e.fullUrl) && !held.includes(e.fullUrl) && referencesAny(e.resource, reidentified)) leftOut.delete(e.fullUrl);
  }
  // References to entries that are sent (again) with a new fullUrl: an update's absolute URL.
  const renamed = new Map(leftOut);
  for (const k of heldBack) {
    const ref = log.get(k)?.ref;
    if (ref) renamed.set(k, ref);
  }
  // What references a held-back entry that has no server id cannot go either (to a fixpoint).
  for (let grew = true; grew;) {
    grew = false;
    const unresolved = new Set([...heldBack].filter((k) => !renamed.has(k)));
    if (!unresolved.size) break;
    for (const e of all) {
      if (leftOut.has(e.fullUrl) || heldBack.has(e.fullUrl) || !referencesAny(e.resource, unresolved)) continue;
      heldBack.add(e.fullUrl);
      grew = true;
    }
  }
  const entries: PlannedEntry[] = [];
  const out: BundleEntry[] = [];
  for (const e of all) {
    if (leftOut.has(e.fullUrl) || heldBack.has(e.fullUrl)) continue;
    const l = log.get(e.fullUrl);
    const hash = hashes.get(e.fullUrl)!;
    const resourceType = e.resource!.resourceType;
    const match = matches.get(e.fullUrl) ?? null;
    if (l?.ref && l.ref.startsWith(resourceType + "/") && !NEVER_UPDATED_TYPES.has(resourceType)) {
      const id = l.ref.slice(resourceType.length + 1);
      renamed.set(e.fullUrl, l.ref);
      out.push({ fullUrl: `${baseUrl.replace(/\/+$/, "")}/${l.ref}`, resource: { ...e.resource!, id } as BundleEntry["resource"], request: { method: "PUT", url: l.ref } });
      entries.push({ key: e.fullUrl, resourceType, hash, action: "update", match, forgetRef: false });
    } else {
      // Master data with a known id but another match identifier (or none logged): POSTed again
      // as exported, with its ifNoneExist; the old id is not referenced and not kept.
      out.push(e);
      entries.push({ key: e.fullUrl, resourceType, hash, action: l ? "resend" : "create", match, forgetRef: NEVER_UPDATED_TYPES.has(resourceType) && !!l?.ref });
    }
  }
  const heldSet = new Set(held);
  const unchanged = [...leftOut.keys()].filter((k) => !heldSet.has(k));
  if (out.length === 0) return { bundle: null, entries, unchanged, held, heldBack: [...heldBack] };
  return {
    bundle: { ...bundle, entry: out.map((e) => ({ ...e, resource: rewriteReferences(e.resource, renamed) })) },
    entries,
    unchanged,
    held,
    heldBack: [...heldBack],
  };
}
