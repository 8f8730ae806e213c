/**
 * When the SATUSEHAT sender tries again (issue 13, part 3). Pure: the worker's sender
 * (worker/services/satusehat/send.ts) asks these functions and sleeps; the tests check them alone.
 *
 * - 429 and 5xx, and a network failure (no answer), are transient: try again after a delay.
 * - 401 means the access token expired or was revoked: fetch a new token and try once more.
 * - Any other 4xx is the request's fault (an OperationOutcome says what): sending it again
 *   unchanged gives the same answer, so it is recorded as failed and not repeated.
 *
 * The delay is "full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): a random wait in [0, min(cap, base·2^attempt)], so many senders that failed
 * together do not come back together. A server's Retry-After (RFC 9110 §10.2.3: seconds or an
 * HTTP-date) is a floor: it is never waited less than that.
 */

export type Verdict = "ok" | "retry" | "refresh_token" | "fail";

export interface BackoffPolicy {
  /** Attempts per request in total, the first one included. */
  maxAttempts: number;
  /** The first retry waits up to this (ms); each further one up to twice the previous bound. */
  baseMs: number;
  /** No single wait is longer (ms), Retry-After included: a longer one ends the attempts. */
  capMs: number;
}

/**
 * The sender's defaults. Five attempts over at most 0.5+1+2+4 s plus the waits a server asks for:
 * short enough for one queue invocation (15 min wall clock, developers.cloudflare.com/queues/
 * platform/limits/) to send a whole desa-month, long enough to ride out a gateway's brief failure.
 * A page still failing after that is recorded as failed and sent again by the next send.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, baseMs: 500, capMs: 60_000 };

export function classifyStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401) return "refresh_token";
  if (status === 429 || status >= 500) return "retry";
  return "fail";
}

/** The wait before attempt `attempt + 1` (attempt counts from 1), `random` in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const bound = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * bound);
}

/** Retry-After in ms from now, or null when absent or unreadable (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The next wait, or null to stop: after the last attempt, or when the server asks for a longer
 * wait than the cap (then the page is left for a later send rather than holding the consumer).
 */
export function nextDelay(attempt: number, policy: BackoffPolicy, random: number, retryAfter: number | null): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const wait = Math.max(backoffDelay(attempt, policy, random), retryAfter ?? 0);
  return wait > policy.capMs ? null : wait;
}
