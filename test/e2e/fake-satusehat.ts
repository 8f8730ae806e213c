/**
 * A stand-in for SATUSEHAT that a test starts on 127.0.0.1 (no machine here reaches the real one).
 * It answers as the SATUSEHAT API catalogue documents its API, and as FHIR R4 specifies a
 * transaction (the catalogue's examples and hl7.org/fhir/R4/http.html#transaction):
 *
 * - POST /oauth2/v1/accesstoken?grant_type=client_credentials, form body client_id and
 *   client_secret: 200 with `access_token`, `expires_in` (seconds, as a string, as in the
 *   catalogue's example), `token_type` "BearerToken", `issued_at`; wrong credentials: 401 with the
 *   documented OperationOutcome ("The user or system was not able to be authenticated …").
 * - POST /fhir-r4/v1 with `Authorization: Bearer <token>` and a transaction Bundle: processed all
 *   or nothing. An entry POSTs a new resource (201 Created, location Type/id/_history/1), or with
 *   `ifNoneExist` on an identifier that already exists answers 200 OK with the existing resource's
 *   location and creates nothing; an entry PUT Type/id updates it (200 OK, next version).
 *   References to urn:uuid must name an entry of the Bundle, references Type/id a stored
 *   resource (or master data the test names as `known`); else the Bundle is refused (400
 *   OperationOutcome) and nothing is stored. An
 *   unknown or expired token: 401 OperationOutcome.
 * - The test can make it answer 429 (with Retry-After) or 500 a few times, refuse the next
 *   transaction with a 400 whose OperationOutcome names one entry (`expression`
 *   `Bundle.entry[n]…`, FHIR R4 operationoutcome.html), expire every token, change the accepted
 *   secret, or hold its answers (a slow server).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;
interface Stored {
  resource: Json;
  version: number;
}
export interface BundleCall {
  /** The HTTP status the fake answered. */
  status: number;
  entries: number;
  methods: Record<string, number>;
}

const outcome = (severity: string, code: string, text: string) => ({ resourceType: "OperationOutcome", issue: [{ severity, code, details: { text } }] });
/** The catalogue's wording for refused client credentials. */
export const BAD_CREDENTIALS_TEXT = "The user or system was not able to be authenticated (either client_id or client_secret combination is unacceptable)";

export interface FakeSatusehat {
  url: string;
  authUrl: string;
  baseUrl: string;
  /** Stored resources per type. */
  store: Map<string, Map<string, Stored>>;
  count(type?: string): number;
  /** Every Bundle POST, in order (including refused ones). */
  bundles: BundleCall[];
  tokenRequests: { ok: boolean }[];
  /** The next `times` Bundle POSTs answer `status` (429 with Retry-After `retryAfter` s). */
  failNext(status: number, times: number, retryAfter?: number): void;
  /**
   * The next transaction is refused (400, nothing stored) with an OperationOutcome naming the entry
   * `pick` chooses, as `Bundle.entry[n].resource.code`; the diagnostics echo a name and a birth date.
   */
  refuseEntryNext(pick: (entries: Json[]) => number): void;
  /** Every token issued so far is refused from now on (401), as an expired one is. */
  expireTokens(): void;
  setSecret(secret: string): void;
  /** Hold each Bundle answer this long (ms). */
  holdMs: number;
  stop(): Promise<void>;
}

/**
 * `known`: references to master data that SATUSEHAT holds before any Bundle (the puskesmas's
 * Organization, registered with its client credentials), e.g. "Organization/100000999".
 */
export async function startFakeSatusehat(client: { clientId: string; clientSecret: string }, known: readonly string[] = []): Promise<FakeSatusehat> {
  let secret = client.clientSecret;
  const tokens = new Set<string>();
  const store = new Map<string, Map<string, Stored>>();
  const failures: { status: number; retryAfter?: number }[] = [];
  let refuseEntry: ((entries: Json[]) => number) | null = null;
  const bundles: BundleCall[] = [];
  const tokenRequests: { ok: boolean }[] = [];
  const typeStore = (t: string) => store.get(t) ?? (store.set(t, new Map()), store.get(t)!);

  const send = (res: http.ServerResponse, status: number, body: unknown, type = "application/json", headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": type, ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };

  function token(req: http.IncomingMessage, url: URL, body: string, res: http.ServerResponse) {
    const form = new URLSearchParams(body);
    const ok = url.searchParams.get("grant_type") === "client_credentials"
      && (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
      && form.get("client_id") === client.clientId && form.get("client_secret") === secret;
    tokenRequests.push({ ok });
    if (!ok) return send(res, 401, outcome("error", "invalid", BAD_CREDENTIALS_TEXT));
    const t = randomUUID().replace(/-/g, "");
    tokens.add(t);
    send(res, 200, {
      refresh_token_expires_in: "0", api_product_list: "[api-dev]", organization_name: "ihs-prod-1", "developer.email": "uji@example.org",
      token_type: "BearerToken", issued_at: String(Date.now()), client_id: client.clientId, access_token: t,
      application_name: "simpul-uji", scope: "", expires_in: "14399", refresh_count: "0", status: "approved",
    });
  }

  /** `identifier=system|value` (FHIR token search), the one conditional form the export uses. */
  function matches(type: string, query: string): Stored | undefined {
    const q = new URLSearchParams(query);
    const ident = q.get("identifier");
    if (!ident) return undefined;
    const [system, value] = ident.includes("|") ? ident.split("|", 2) : [undefined, ident];
    for (const s of typeStore(type).values()) {
      const ids = (s.resource.identifier as { system?: string; value?: string }[] | undefined) ?? [];
      if (ids.some((i) => i.value === value && (system === undefined || i.system === system))) return s;
    }
    return undefined;
  }

  function transaction(bundle: Json): { status: number; body: unknown } {
    if (bundle.resourceType !== "Bundle" || bundle.type !== "transaction") return { status: 400, body: outcome("error", "invalid", "Bundle.type must be transaction") };
    const entries = (bundle.entry as Json[] | undefined) ?? [];
    const fullUrls = new Set(entries.map((e) => e.fullUrl as string));
    // Check everything first: a transaction changes nothing unless all of it succeeds.
    const problems: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (!v || typeof v !== "object") return;
      for (const [k, x] of Object.entries(v as Json)) {
        if (k === "reference" && typeof x === "string") {
          if (x.startsWith("urn:uuid:") && !fullUrls.has(x)) problems.push(`${at}: reference to an entry not in the Bundle`);
          const m = /^([A-Z][A-Za-z]+)\/([^/]+)$/.exec(x);
          if (m && !typeStore(m[1]!).has(m[2]!) && !known.includes(x)) problems.push(`${at}: ${m[1]} not found`);
        } else walk(x, at);
      }
    };
    entries.forEach((e, i) => {
      const r = e.resource as Json | undefined;
      const req = e.request as Json | undefined;
      if (!r?.resourceType || !req?.method || !req.url) return problems.push(`Bundle.entry[${i}]: resource and request are required`);
      if (req.method === "PUT") {
        const [type, id] = String(req.url).split("/");
        if (type !== r.resourceType || !id || !typeStore(type).has(id) || r.id !== id) problems.push(`Bundle.entry[${i}]: update of an unknown resource`);
      } else if (req.method !== "POST" || req.url !== r.resourceType) problems.push(`Bundle.entry[${i}]: unsupported request`);
      walk(r, `Bundle.entry[${i}]`);
    });
    if (problems.length) return { status: 400, body: { resourceType: "OperationOutcome", issue: problems.slice(0, 20).map((p) => ({ severity: "error", code: "invalid", details: { text: p } })) } };
    // Apply: ids first (urn:uuid → Type/id), then the resources with their references resolved.
    const resolved = new Map<string, string>();
    const plan = entries.map((e) => {
      const r = e.resource as Json;
      const req = e.request as Json;
      const type = r.resourceType as string;
      if (req.method === "PUT") return { kind: "update" as const, type, id: String(req.url).split("/")[1]! };
      const hit = typeof req.ifNoneExist === "string" ? matches(type, req.ifNoneExist) : undefined;
      const id = hit ? (hit.resource.id as string) : randomUUID();
      resolved.set(e.fullUrl as string, `${type}/${id}`);
      return { kind: hit ? ("exists" as const) : ("create" as const), type, id };
    });
    const resolve = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(resolve);
      if (!v || typeof v !== "object") return v;
      return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, k === "reference" && typeof x === "string" && resolved.has(x) ? resolved.get(x) : resolve(x)]));
    };
    const out = plan.map((p, i) => {
      const s = typeStore(p.type);
      if (p.kind === "exists") return { response: { status: "200 OK", location: `${p.type}/${p.id}/_history/${s.get(p.id)!.version}` } };
      const version = p.kind === "update" ? s.get(p.id)!.version + 1 : 1;
      s.set(p.id, { resource: { ...(resolve(entries[i]!.resource) as Json), id: p.id }, version });
      return { response: { status: p.kind === "update" ? "200 OK" : "201 Created", location: `${p.type}/${p.id}/_history/${version}`, lastModified: new Date().toISOString() } };
    });
    return { status: 200, body: { resourceType: "Bundle", type: "transaction-response", entry: out } };
  }

  const fake: FakeSatusehat = {
    url: "", authUrl: "", baseUrl: "", store, bundles, tokenRequests, holdMs: 0,
    count: (type) => (type ? typeStore(type).size : [...store.values()].reduce((n, m) => n + m.size, 0)),
    failNext: (status, times, retryAfter) => void failures.push(...Array.from({ length: times }, () => ({ status, retryAfter }))),
    refuseEntryNext: (pick) => void (refuseEntry = pick),
    expireTokens: () => tokens.clear(),
    setSecret: (s) => void (secret = s),
    stop: () => new Promise((r) => server.close(() => r())),
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://fake");
      if (req.method === "POST" && url.pathname === "/oauth2/v1/accesstoken") return token(req, url, body, res);
      if (req.method === "POST" && (url.pathname === "/fhir-r4/v1" || url.pathname === "/fhir-r4/v1/")) {
        const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
        let parsed: Json | null = null;
        try {
          parsed = JSON.parse(body) as Json;
        } catch {
          // answered below
        }
        const entries = ((parsed?.entry as Json[] | undefined) ?? []);
        const methods: Record<string, number> = {};
        for (const e of entries) {
          const m = String((e.request as Json | undefined)?.method);
          methods[m] = (methods[m] ?? 0) + 1;
        }
        const answer = (status: number, b: unknown, headers: Record<string, string> = {}) => {
          bundles.push({ status, entries: entries.length, methods });
          setTimeout(() => send(res, status, b, typeof b === "string" ? "text/plain" : status === 200 ? "application/fhir+json" : "application/json", headers), fake.holdMs);
        };
        if (!auth || !tokens.has(auth)) return answer(401, outcome("error", "login", "Access token invalid or expired"));
        if (!(req.headers["content-type"] ?? "").startsWith("application/fhir+json")) return answer(415, outcome("error", "not-supported", "Content-Type must be application/fhir+json"));
        const f = failures.shift();
        if (f) {
          return f.status === 429
            ? answer(429, outcome("error", "throttled", "Too many requests"), f.retryAfter !== undefined ? { "retry-after": String(f.retryAfter) } : {})
            : answer(f.status, "Internal Server Error");
        }
        if (!parsed) return answer(400, outcome("error", "structure", "Body is not JSON"));
        if (refuseEntry) {
          const n = refuseEntry(entries);
          refuseEntry = null;
          return answer(400, { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "required", diagnostics: "Observation for Siti Aminah, lahir 1990-01-31: code is required", expression: [`Bundle.entry[${n}].resource.code`] }] });
        }
        const r = transaction(parsed);
        return answer(r.status, r.body);
      }
      send(res, 404, outcome("error", "not-found", "No such endpoint"));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}`;
  fake.authUrl = `${fake.url}/oauth2/v1`;
  fake.baseUrl = `${fake.url}/fhir-r4/v1`;
  return fake;
}
