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
 * A sent entry whose answer gave no location cannot be referenced by id: it is kept (sent again),
 * which the server answers without a duplicate only when it is a conditional create; docs say so.
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
}

export interface PlannedEntry {
  key: string;
  resourceType: string;
  hash: string;
  action: "create" | "update" | "resend";
}

export interface SendPlan {
  /** The Bundle to send; null when nothing in the page needs sending. */
  bundle: Bundle | null;
  /** One per entry of `bundle`, in its order. */
  entries: PlannedEntry[];
  /** Keys left out because they were sent before and did not change. */
  unchanged: string[];
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
 * absolute URL there, as FHIR asks of an entry that is not new).
 */
export function planSend(bundle: Bundle, log: ReadonlyMap<string, LoggedEntry>, baseUrl: string): SendPlan {
  const all = (bundle.entry ?? []).filter((e): e is BundleEntry & { fullUrl: string } => typeof e.fullUrl === "string" && !!e.resource);
  const hashes = new Map(all.map((e) => [e.fullUrl, entryHash(e)]));
  const leftOut = new Map<string, string>();
  for (const e of all) {
    const l = log.get(e.fullUrl);
    if (l?.ok && l.ref && l.hash === hashes.get(e.fullUrl)) leftOut.set(e.fullUrl, l.ref);
  }
  // References to entries that are sent (again) with a new fullUrl: an update's absolute URL.
  const renamed = new Map(leftOut);
  const entries: PlannedEntry[] = [];
  const out: BundleEntry[] = [];
  for (const e of all) {
    if (leftOut.has(e.fullUrl)) continue;
    const l = log.get(e.fullUrl);
    const hash = hashes.get(e.fullUrl)!;
    const resourceType = e.resource!.resourceType;
    if (l?.ref && l.ref.startsWith(resourceType + "/")) {
      const id = l.ref.slice(resourceType.length + 1);
      renamed.set(e.fullUrl, l.ref);
      out.push({ fullUrl: `${baseUrl.replace(/\/+$/, "")}/${l.ref}`, resource: { ...e.resource!, id } as BundleEntry["resource"], request: { method: "PUT", url: l.ref } });
      entries.push({ key: e.fullUrl, resourceType, hash, action: "update" });
    } else {
      out.push(e);
      entries.push({ key: e.fullUrl, resourceType, hash, action: l ? "resend" : "create" });
    }
  }
  const unchanged = [...leftOut.keys()];
  if (out.length === 0) return { bundle: null, entries, unchanged };
  return {
    bundle: { ...bundle, entry: out.map((e) => ({ ...e, resource: rewriteReferences(e.resource, renamed) })) },
    entries,
    unchanged,
  };
}
