import { formatOutboxReport, OUTBOX_REPORT_HEADER, type OutboxReport } from "../../../domain/sync/outbox-report.ts";
import type { Mutation, MutationResult, PullResponse } from "../../../domain/sync/protocol.ts";
import { TransportError, type EnrollResponse, type MeResponse, type PulledPage, type Transport } from "./transport.ts";

/** A 2G request that has not answered in this long is treated as lost (then retried with backoff). */
export const REQUEST_TIMEOUT_MS = 45_000;

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

/** The Transport over the same-origin JSON API. */
export class HttpTransport implements Transport {
  /** Push bodies go gzipped where the browser can (CompressionStream) until a server refuses one. */
  private gzipPush = typeof CompressionStream === "function";

  constructor(
    private readonly getToken: () => string | null,
    private readonly base = "",
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  /** `seen`: filled with the answer's status and ETag; a 304 then resolves with null (a conditional pull). */
  private async call<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}, seen?: { status?: number; etag?: string | null; bytes?: number }): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json", ...extra };
    const token = this.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS);
    let res: Response;
    try {
      res = await this.fetchImpl(this.base + path, {
        method,
        headers,
        // A push may arrive already encoded (a gzip Blob, gzipJson); everything else is JSON.
        body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
        signal: ctrl.signal,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      throw new TransportError(0, "network", e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
    if (seen) {
      seen.status = res.status;
      seen.etag = res.headers.get("etag");
      if (res.status === 304) return null as T;
    }
    let json: unknown = null;
    try {
      if (seen) {
        const text = await res.text();
        seen.bytes = text.length;
        json = JSON.parse(text);
      } else json = await res.json();
    } catch {
      // A proxy's HTML error page or a cut-off body: judged by the status alone below.
      if (res.ok) throw new TransportError(0, "bad_response", `unreadable response (${res.status})`);
    }
    if (!res.ok) {
      const err = (json as ErrorEnvelope | null)?.error;
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new TransportError(
        res.status,
        err?.code ?? `http_${res.status}`,
        err?.message ?? res.statusText,
        err?.details,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    }
    return json as T;
  }

  enroll(code: string, deviceName?: string): Promise<EnrollResponse> {
    return this.call("POST", "/api/enroll", deviceName ? { code, deviceName } : { code });
  }

  recover(code: string, deviceId: string): Promise<EnrollResponse> {
    return this.call("POST", "/api/enroll/recover", { code, deviceId });
  }

  me(): Promise<MeResponse> {
    return this.call("GET", "/api/me");
  }

  async push(mutations: Mutation[]): Promise<{ results: MutationResult[] }> {
    const lean = { mutations: mutations.map(wireMutation) };
    try {
      const gz = this.gzipPush && mutations.length >= GZIP_MIN_MUTATIONS ? await gzipJson(lean) : null;
      try {
        return gz
          ? await this.call<{ results: MutationResult[] }>("POST", "/api/sync/push", gz, { "content-encoding": "gzip" })
          : await this.call<{ results: MutationResult[] }>("POST", "/api/sync/push", lean);
      } catch (e) {
        // A server that does not read gzip bodies (an older deploy) answers 400/415: send plain from now on.
        if (!gz || !(e instanceof TransportError) || !(e.status === 415 || e.code === "invalid_json")) throw e;
        this.gzipPush = false;
        return await this.call<{ results: MutationResult[] }>("POST", "/api/sync/push", lean);
      }
    } catch (e) {
      // Every mutation rejected: a 4xx whose details carry the same per-mutation results.
      const results = e instanceof TransportError ? (e.details as { results?: unknown } | undefined)?.results : undefined;
      if (Array.isArray(results)) return { results: results as MutationResult[] };
      throw e;
    }
  }

  async pull(cursor: string | null, limit: number, outbox?: OutboxReport, ifNoneMatch?: string): Promise<PulledPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set("cursor", cursor);
    const headers: Record<string, string> = outbox ? { [OUTBOX_REPORT_HEADER]: formatOutboxReport(outbox) } : {};
    // Only with the cursor it came with: the tag says "this cursor, nothing new since" (docs/SYNC.md).
    if (cursor && ifNoneMatch) headers["if-none-match"] = ifNoneMatch;
    const seen: { status?: number; etag?: string | null; bytes?: number } = {};
    const page = await this.call<PullResponse | null>("GET", `/api/sync/pull?${q}`, undefined, headers, seen);
    if (seen.status === 304 || !page) return { changes: [], cursor: cursor ?? "", hasMore: false, reset: false, remaining: 0, notModified: true, etag: seen.etag ?? ifNoneMatch ?? null };
    return { ...page, etag: seen.etag ?? null, ...(seen.bytes === undefined ? {} : { bytes: seen.bytes }) };
  }

  request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }
}

/**
 * Pushes of this many mutations or more go gzipped (our choice): a batch shares field names and
 * ids' time prefixes, so gzip takes it to about a sixth (scripts/bench.ts, 100 varied visits);
 * one or two edits gain little over gzip's own 18-byte frame.
 */
export const GZIP_MIN_MUTATIONS = 3;

/**
 * A mutation as it goes over the wire: a record's `derived` stays on the phone, since the server
 * ignores it and computes its own from the answers (worker/services/push/hooks/record.ts); it is
 * about half of a visit's bytes (scripts/bench.ts, "bytes per visit").
 */
export function wireMutation(m: Mutation): Mutation {
  if (m.entity !== "record" || !("derived" in m.payload)) return m;
  const { derived: _derived, ...payload } = m.payload;
  return { ...m, payload };
}

/** JSON, gzipped by the browser (CompressionStream, RFC 1952): about a seventh of the bytes for a batch of visits. */
export async function gzipJson(value: unknown): Promise<Blob> {
  const stream = new Blob([JSON.stringify(value)]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(stream).blob();
}
