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

/**
 * An OperationOutcome in a line: each issue's severity, code and text (details.text, else
 * diagnostics, else its coding). The server may echo values it rejected, and those can be
 * personal (a NIK, a name in a diagnostic): every run of 6 or more digits becomes "#", quoted
 * text becomes "…", and the line is cut, so the send log never stores what it must not.
 */
export function outcomeText(json: unknown): string | null {
  if (!json || typeof json !== "object") return null;
  const o = json as { resourceType?: unknown; issue?: unknown };
  if (o.resourceType !== "OperationOutcome" || !Array.isArray(o.issue)) return null;
  const parts = o.issue.map((i: unknown) => {
    const x = (i ?? {}) as { severity?: unknown; code?: unknown; details?: { text?: unknown; coding?: { code?: unknown }[] }; diagnostics?: unknown; expression?: unknown };
    const text = typeof x.details?.text === "string" ? x.details.text
      : typeof x.diagnostics === "string" ? x.diagnostics
      : Array.isArray(x.details?.coding) ? x.details.coding.map((c) => String(c?.code ?? "")).filter(Boolean).join(",") : "";
    const where = Array.isArray(x.expression) && typeof x.expression[0] === "string" ? ` @${x.expression[0]}` : "";
    return `${String(x.severity ?? "?")}/${String(x.code ?? "?")}: ${text}${where}`;
  });
  return scrub(parts.join("; "));
}

export function scrub(text: string): string {
  const s = text
    .replace(/"[^"]*"|'[^']*'|“[^”]*”/g, "…")
    .replace(/\d{6,}/g, "#")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > MAX_OUTCOME_CHARS ? s.slice(0, MAX_OUTCOME_CHARS - 1) + "…" : s;
}
