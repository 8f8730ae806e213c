/**
 * The chaos devices' HTTP: fetch to 127.0.0.1 only, with the faults a phone on a bad signal sees
 * made on purpose (a request aborted after a few milliseconds, which may or may not have reached
 * the server; an answer that arrived and is thrown away) and every server answer counted, so that
 * a 5xx other than a busy 503 with Retry-After is a finding.
 */

export interface HttpStats {
  requests: number;
  /** Requests we aborted on purpose (the server may or may not have applied them). */
  aborted: number;
  /** Answers that arrived and were dropped on purpose (the server applied the request). */
  dropped: number;
  /** 503 busy_retry answers with a Retry-After header: allowed, the client waits. */
  busy: number;
  /** Seconds the devices waited because of Retry-After. */
  busyWaitS: number;
  /**
   * `wrangler dev`'s proxy answering its own 503 "Your worker restarted mid-request" (with
   * Retry-After: 0) because it restarted the Worker's runtime while the request was in flight, e.g.
   * after a source file changed under it: not the Worker's answer (the push may or may not have been
   * applied, like a lost answer). Run from a checkout nobody edits. Sent again like any request
   * without an answer.
   */
  reloads: number;
  /** When each reload answer came (ms since the epoch), to tell one restart from many. */
  reloadTimes: number[];
  /**
   * A kept-alive connection the server had just closed, reused by undici for the next request
   * ("other side closed"): the request is sent again like any request without an answer.
   */
  closed: number;
  /** Any other 5xx, a 503 without Retry-After, or a connection the server broke: each is a finding. */
  serverErrors: number;
  serverErrorSamples: string[];
  /** Answers by HTTP status. */
  byStatus: Record<string, number>;
}

export function newHttpStats(): HttpStats {
  return { requests: 0, aborted: 0, dropped: 0, busy: 0, busyWaitS: 0, reloads: 0, reloadTimes: [], closed: 0, serverErrors: 0, serverErrorSamples: [], byStatus: {} };
}

export type Outcome<T> =
  /** A JSON answer was read. */
  | { kind: "answer"; status: number; json: T; retryAfterS?: number }
  /** No usable answer: aborted by us, dropped by us, or the connection failed. */
  | { kind: "none"; why: "aborted" | "dropped" | "network" | "reload" };

export interface Fault {
  /** Abort the request after this many ms (0–40 in practice). */
  abortAfterMs?: number;
  /** Read the whole answer, then act as if it never came. */
  dropAnswer?: boolean;
}

const MAX_SAMPLES = 10;

function onlyLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`chaos talks only to 127.0.0.1, not ${host}`);
}

export async function call<T>(
  stats: HttpStats,
  base: string,
  method: "GET" | "POST",
  path: string,
  token: string | undefined,
  body: unknown,
  fault: Fault = {},
  timeoutMs = 60_000,
): Promise<Outcome<T>> {
  onlyLocal(base);
  stats.requests++;
  const ctrl = new AbortController();
  const ours = fault.abortAfterMs !== undefined;
  const timer = setTimeout(() => ctrl.abort(), fault.abortAfterMs ?? timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await fetch(base + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal,
    });
    text = await res.text();
  } catch (e) {
    clearTimeout(timer);
    if (ctrl.signal.aborted && ours) {
      stats.aborted++;
      return { kind: "none", why: "aborted" };
    }
    const cause = (e as { cause?: { code?: string } })?.cause;
    // The server closed a kept-alive connection (undici reports it either way); the request is
    // sent again by its caller, as a phone would after a dropped connection.
    if (!ctrl.signal.aborted && (cause?.code === "UND_ERR_SOCKET" || cause?.code === "ECONNRESET")) {
      stats.closed++;
      return { kind: "none", why: "network" };
    }
    stats.serverErrors++;
    if (stats.serverErrorSamples.length < MAX_SAMPLES) stats.serverErrorSamples.push(`${method} ${path}: ${ctrl.signal.aborted ? `no answer within ${timeoutMs} ms` : String((e as Error)?.cause ?? e)}`);
    return { kind: "none", why: "network" };
  }
  clearTimeout(timer);
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  let json: T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    json = { error: { code: "not_json", message: text.slice(0, 200) } } as T;
  }
  const retryAfter = res.headers.get("retry-after");
  const code = (json as { error?: { code?: string } })?.error?.code;
  if (res.status === 503 && /worker restarted mid-request/i.test(text)) {
    stats.reloads++;
    stats.reloadTimes.push(Date.now());
    return { kind: "none", why: "reload" };
  }
  if (res.status >= 500) {
    if (res.status === 503 && code === "busy_retry" && retryAfter && /^\d+$/.test(retryAfter)) {
      stats.busy++;
    } else {
      stats.serverErrors++;
      if (stats.serverErrorSamples.length < MAX_SAMPLES) stats.serverErrorSamples.push(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    }
  }
  if (fault.dropAnswer) {
    stats.dropped++;
    return { kind: "none", why: "dropped" };
  }
  return { kind: "answer", status: res.status, json, ...(retryAfter && /^\d+$/.test(retryAfter) ? { retryAfterS: Number(retryAfter) } : {}) };
}
