import { formatOutboxReport, OUTBOX_REPORT_HEADER, type OutboxReport } from "../../../domain/sync/outbox-report.ts";
import type { Mutation, MutationResult, PullResponse } from "../../../domain/sync/protocol.ts";
import { TransportError, type EnrollResponse, type MeResponse, type Transport } from "./transport.ts";

/** A 2G request that has not answered in this long is treated as lost (then retried with backoff). */
export const REQUEST_TIMEOUT_MS = 45_000;

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

/** The Transport over the same-origin JSON API. */
export class HttpTransport implements Transport {
  constructor(
    private readonly getToken: () => string | null,
    private readonly base = "",
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
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
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctrl.signal,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      throw new TransportError(0, "network", e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
    let json: unknown = null;
    try {
      json = await res.json();
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
    try {
      return await this.call<{ results: MutationResult[] }>("POST", "/api/sync/push", { mutations });
    } catch (e) {
      // Every mutation rejected: a 4xx whose details carry the same per-mutation results.
      const results = e instanceof TransportError ? (e.details as { results?: unknown } | undefined)?.results : undefined;
      if (Array.isArray(results)) return { results: results as MutationResult[] };
      throw e;
    }
  }

  pull(cursor: string | null, limit: number, outbox?: OutboxReport): Promise<PullResponse> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set("cursor", cursor);
    return this.call("GET", `/api/sync/pull?${q}`, undefined, outbox ? { [OUTBOX_REPORT_HEADER]: formatOutboxReport(outbox) } : {});
  }

  request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }
}
