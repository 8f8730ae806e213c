/**
 * The SATUSEHAT export's client side (issue 13): read every page of a desa-period's transaction
 * Bundle (GET /api/fhir/bundle) and join them into one Bundle file, without holding the whole
 * file in the page's JavaScript heap. Each page's entries become a Blob as soon as the page
 * arrives (the browser keeps Blob bytes outside the JS heap and spills large ones to disk), then
 * the page's objects are dropped: the heap holds one page (≤ PAGE_RECORDS_MAX records on the
 * server, a few MB) whatever the period. A month and a year take the same path; a year is one
 * file per desa. Pages are joined as they are: a person's resources are all on one page, and
 * every fullUrl (urn:uuid) is unique, so the joined entries are one valid transaction Bundle.
 */
import type { FhirSummary } from "../../../../domain/fhir/summary.ts";

export type { FhirSummary, FhirSummaryUnit } from "../../../../domain/fhir/summary.ts";

export interface FhirUnexported {
  entity: "person" | "record" | "referral";
  id: string;
  reason: string;
  detail?: string;
  personId: string;
  name?: string;
  formId?: string;
  date?: string;
}

export interface FhirPage {
  desa: { code: string; name: string };
  period: { from: string; to: string };
  organizationId: string;
  organizationConfigured: boolean;
  bundle: { resourceType: "Bundle"; type: "transaction"; entry?: unknown[] };
  unexported: FhirUnexported[];
  counts: Record<string, number>;
  persons: number;
  nextCursor: string | null;
}

export type FhirPeriodQuery = { month: string } | { from: string; to: string };

/** What the panel asks the server; tests give a fake. */
export interface FhirApi {
  page(q: { desa: string; cursor?: string | null } & FhirPeriodQuery): Promise<FhirPage>;
  summary(q: { area?: string } & FhirPeriodQuery): Promise<FhirSummary>;
}

export type Requester = <T>(method: "GET", path: string) => Promise<T>;

function query(q: Record<string, string | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  return p.toString();
}

export class RequestFhirApi implements FhirApi {
  constructor(private readonly request: Requester) {}
  page(q: { desa: string; cursor?: string | null } & FhirPeriodQuery): Promise<FhirPage> {
    return this.request("GET", `/api/fhir/bundle?${query(q as Record<string, string | null | undefined>)}`);
  }
  summary(q: { area?: string } & FhirPeriodQuery): Promise<FhirSummary> {
    return this.request("GET", `/api/fhir/summary?${query(q as Record<string, string | undefined>)}`);
  }
}

/** A period choice as a query: a month (YYYY-MM) or a calendar year (YYYY). */
export function periodQuery(kind: "month" | "year", value: string): FhirPeriodQuery {
  return kind === "month" ? { month: value } : { from: `${value}-01-01`, to: `${value}-12-31` };
}

/** The file name: satusehat-<desa code>-<month or year>.json (codes only, no names). */
export function bundleFileName(desa: string, period: FhirPeriodQuery): string {
  const when = "month" in period ? period.month : period.from.slice(0, 4);
  return `satusehat-${desa}-${when}.json`;
}

export interface CollectedBundle {
  blob: Blob;
  entries: number;
  pages: number;
  counts: Record<string, number>;
  unexported: FhirUnexported[];
  organizationConfigured: boolean;
}

/** The head and tail of the joined Bundle: the fields a transaction Bundle needs (FHIR R4 Bundle: resourceType, type, entry). */
export const BUNDLE_HEAD = '{"resourceType":"Bundle","type":"transaction","entry":[';
export const BUNDLE_TAIL = "]}";

/** Read every page of a desa-period and join them into one Bundle Blob; `onPage` reports progress. */
export async function collectBundle(
  api: FhirApi,
  desa: string,
  period: FhirPeriodQuery,
  onPage?: (p: { page: number; entries: number }) => void,
): Promise<CollectedBundle> {
  const parts: BlobPart[] = [BUNDLE_HEAD];
  const counts: Record<string, number> = {};
  const unexported: FhirUnexported[] = [];
  let entries = 0;
  let pages = 0;
  let configured = true;
  let cursor: string | null = null;
  do {
    const page: FhirPage = await api.page({ desa, ...period, ...(cursor ? { cursor } : {}) });
    pages++;
    const list = page.bundle.entry ?? [];
    if (list.length) {
      // Entries of this page as one Blob (out of the JS heap), comma-joined with the pages before.
      const text = list.map((e) => JSON.stringify(e)).join(",");
      parts.push(new Blob([entries ? "," : "", text], { type: "application/json" }));
      entries += list.length;
    }
    for (const [k, v] of Object.entries(page.counts)) counts[k] = (counts[k] ?? 0) + v;
    unexported.push(...page.unexported);
    configured &&= page.organizationConfigured;
    cursor = page.nextCursor;
    onPage?.({ page: pages, entries });
  } while (cursor);
  parts.push(BUNDLE_TAIL);
  return { blob: new Blob(parts, { type: "application/fhir+json" }), entries, pages, counts, unexported, organizationConfigured: configured };
}

/** The summary's columns: patients, encounters, observations, the rest together. */
export function summaryColumns(counts: Record<string, number>): { patients: number; encounters: number; observations: number; others: number } {
  const patients = counts.Patient ?? 0;
  const encounters = counts.Encounter ?? 0;
  const observations = counts.Observation ?? 0;
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  return { patients, encounters, observations, others: all - patients - encounters - observations };
}

/** Unexported entries grouped by person (a person without a NIK, then the visits that could not go with her). */
export function groupUnexported(list: readonly FhirUnexported[]): { personId: string; name?: string; items: FhirUnexported[] }[] {
  const by = new Map<string, { personId: string; name?: string; items: FhirUnexported[] }>();
  for (const u of list) {
    let g = by.get(u.personId);
    if (!g) by.set(u.personId, (g = { personId: u.personId, items: [] }));
    if (u.name && !g.name) g.name = u.name;
    g.items.push(u);
  }
  return [...by.values()].sort((a, b) => (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff") || a.personId.localeCompare(b.personId));
}
