/**
 * Reading SATUSEHAT's answers (issue 13, part 3). Pure, so that the tests check them without a
 * server. The shapes follow the SATUSEHAT API catalogue ("Autentikasi", "Akses Token":
 * satusehat.kemkes.go.id/platform/docs/id/api-catalogue/authentication/apis/token) and FHIR R4
 * (hl7.org/fhir/R4/http.html#transaction-response, bundle.html, operationoutcome.html).
 */

/**
 * The token answer. SATUSEHAT documents `access_token` (used as `Authorization: Bearer …`),
 * `token_type` "BearerToken", `issued_at` (ms, as a string) and `expires_in` (seconds; a string
 * in the documented example, a number in plain OAuth 2.0, RFC 6749 §5.1): both are read.
 */
export interface AccessToken {
  token: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** Renew this long before the stated expiry: a token that expires in flight gives a 401 mid-send. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;
/** When the answer gives no lifetime: assume a short one rather than reuse a dead token. */
const DEFAULT_TOKEN_LIFETIME_S = 300;

export function parseTokenResponse(json: unknown, now: number): AccessToken | null {
  if (!json || typeof json !== "object") return null;
  const o = json as Record<string, unknown>;
  const token = typeof o.access_token === "string" && o.access_token.length > 0 ? o.access_token : null;
  if (!token) return null;
  const raw = typeof o.expires_in === "number" ? o.expires_in : typeof o.expires_in === "string" ? Number(o.expires_in) : NaN;
  const lifetime = Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_TOKEN_LIFETIME_S;
  return { token, expiresAt: now + Math.max(0, lifetime * 1000 - TOKEN_EXPIRY_MARGIN_MS) };
}

/** One entry of a transaction-response Bundle, read. */
export interface EntryAnswer {
  /** The HTTP status of the entry ("201 Created" → 201); 0 when unreadable. */
  status: number;
  /** `Patient/abc/_history/1` or an absolute URL, as given. */
  location: string | null;
  /** `Patient/abc`: the resource's type and server id from the location, without the version. */
  ref: string | null;
  outcome: string | null;
}

/**
 * The answers of a transaction-response, in request order (FHIR R4 §3.1.0.11.2: "the response
 * bundle … SHALL contain an entry for each entry in the request, in the same order").
 * Null when the body is not a transaction-response.
 */
export function parseTransactionResponse(json: unknown): EntryAnswer[] | null {
  if (!json || typeof json !== "object") return null;
  const b = json as { resourceType?: unknown; type?: unknown; entry?: unknown };
  if (b.resourceType !== "Bundle" || (b.type !== "transaction-response" && b.type !== "batch-response")) return null;
  const entries = Array.isArray(b.entry) ? b.entry : [];
  return entries.map((e: unknown): EntryAnswer => {
    const r = ((e as { response?: unknown })?.response ?? {}) as { status?: unknown; location?: unknown; outcome?: unknown };
    const status = typeof r.status === "string" ? Number(/^\s*(\d{3})/.exec(r.status)?.[1] ?? 0) : 0;
    const location = typeof r.location === "string" ? r.location : null;
    return { status, location, ref: location ? resourceRef(location) : null, outcome: r.outcome ? outcomeText(r.outcome) : null };
  });
}

/** `Type/id` from a location (`[base/]Type/id[/_history/v]`), or null. */
export function resourceRef(location: string): string | null {
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?\/?$/.exec(location);
  return m ? `${m[1]}/${m[2]}` : null;
}

/** Outcome text longer than this is cut: the log keeps a reason, not a document. */
export const MAX_OUTCOME_CHARS = 300;

/** What an issue's severity and code may be (FHIR R4 valuesets issue-severity, issue-type). */
const ISSUE_TOKEN = /^[a-z][a-z-]{0,39}$/;
/** A coding's code kept from details.coding: a short token (SATUSEHAT's e.g. "MSG_ERROR_1"). */
const CODING_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
/**
 * An expression or location kept: a plain FHIRPath of element names and indexes
 * (`Bundle.entry[2].resource.identifier[0]`), nothing quoted, no function call that could hold a value.
 */
const ELEMENT_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\[\d{1,5}\])?(?:\.[A-Za-z][A-Za-z0-9_]*(?:\[\d{1,5}\])?){0,15}$/;

/**
 * An OperationOutcome in a line: per issue its severity and code, its details.coding codes and
 * its expression (else location), as `error/invalid [MSG_ERROR_1] @Bundle.entry[2].resource`.
 * No free text is kept (details.text, diagnostics): a server may echo the values it rejected,
 * and those can be personal in any form (a NIK, a name quoted or not, a birth date), which no
 * scrubber recognises reliably. Only tokens of a fixed shape pass; the line is cut.
 */
export function outcomeText(json: unknown): string | null {
  if (!json || typeof json !== "object") return null;
  const o = json as { resourceType?: unknown; issue?: unknown };
  if (o.resourceType !== "OperationOutcome" || !Array.isArray(o.issue)) return null;
  const parts = o.issue.map((i: unknown) => {
    const x = (i ?? {}) as { severity?: unknown; code?: unknown; details?: { coding?: { code?: unknown }[] }; expression?: unknown; location?: unknown };
    const token = (v: unknown) => (typeof v === "string" && ISSUE_TOKEN.test(v) ? v : "?");
    const codes = Array.isArray(x.details?.coding) ? x.details.coding.map((c) => c?.code).filter((c): c is string => typeof c === "string" && CODING_CODE.test(c) && !/\d{6,}/.test(c)) : [];
    const paths = (Array.isArray(x.expression) && x.expression.length ? x.expression : Array.isArray(x.location) ? x.location : [])
      .filter((p): p is string => typeof p === "string" && ELEMENT_PATH.test(p));
    return `${token(x.severity)}/${token(x.code)}${codes.length ? ` [${codes.join(",")}]` : ""}${paths.length ? ` @${paths[0]}` : ""}`;
  });
  return scrub(parts.join("; "));
}

/**
 * Which entries of the sent Bundle an OperationOutcome blames: the `n` of each issue's expression
 * (else location) `Bundle.entry[n]…` (FHIR R4 operationoutcome.html: expression is a FHIRPath to
 * the element at fault, from the root of the resource sent, here the Bundle). Empty when no issue
 * names an entry: then the whole Bundle is at fault.
 */
export function outcomeEntryIndexes(json: unknown): number[] {
  if (!json || typeof json !== "object") return [];
  const o = json as { resourceType?: unknown; issue?: unknown };
  if (o.resourceType !== "OperationOutcome" || !Array.isArray(o.issue)) return [];
  const out = new Set<number>();
  for (const i of o.issue) {
    const x = (i ?? {}) as { severity?: unknown; expression?: unknown; location?: unknown };
    if (x.severity !== "error" && x.severity !== "fatal") continue;
    const paths = [...(Array.isArray(x.expression) ? x.expression : []), ...(Array.isArray(x.location) ? x.location : [])];
    for (const p of paths) {
      const m = typeof p === "string" ? /^Bundle\.entry\[(\d{1,5})\]/.exec(p) : null;
      if (m) out.add(Number(m[1]));
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * For the sender's own reasons and a last guard on any line stored: quoted text, dates
 * (yyyy-mm-dd, dd-mm-yyyy, with - / or .) and runs of 6 or more digits (a NIK, a phone) go.
 */
export function scrub(text: string): string {
  const s = text
    .replace(/"[^"]*"|'[^']*'|“[^”]*”/g, "…")
    .replace(/\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b/g, "…")
    .replace(/\d{6,}/g, "#")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > MAX_OUTCOME_CHARS ? s.slice(0, MAX_OUTCOME_CHARS - 1) + "…" : s;
}
