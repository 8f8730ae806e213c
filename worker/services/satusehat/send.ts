import type { Bundle } from "@medplum/fhirtypes";
import { classifyStatus, DEFAULT_BACKOFF, nextDelay, retryAfterMs, type BackoffPolicy } from "../../../domain/satusehat/retry.ts";
import { outcomeEntryIndexes, outcomeText, parseTransactionResponse, type EntryAnswer } from "../../../domain/satusehat/response.ts";
import { accessToken, forgetToken, SatusehatAuthError, type ClientCredentials } from "./auth.ts";

/**
 * Send one FHIR transaction Bundle to SATUSEHAT (issue 13, part 3):
 *   POST {SATUSEHAT_BASE_URL}   (FHIR R4 http.html#transaction: "POST [base]")
 *   Authorization: Bearer <access_token>, Content-Type: application/fhir+json
 * with retries as domain/satusehat/retry.ts decides: 429, 5xx and network failures wait (full
 * jitter, at least Retry-After) and try again; a 401 fetches a new token and tries once more;
 * another 4xx is final. The answer is read per entry (transaction-response) or as one
 * OperationOutcome for the whole Bundle (a transaction is all or nothing: FHIR R4 §3.1.0.11.2).
 */

export interface SendTarget {
  authUrl: string;
  baseUrl: string;
  creds: ClientCredentials;
}

export interface SendDeps {
  fetcher?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  policy?: BackoffPolicy;
}

export type SendResult =
  /**
   * The server answered the Bundle: 2xx with per-entry answers, or a final error for all of it;
   * `blamed`: the indexes of the entries its OperationOutcome names (`Bundle.entry[n]`), if any.
   */
  | { kind: "answered"; status: number; entries: EntryAnswer[] | null; outcome: string | null; attempts: number; blamed?: number[] }
  /** No answer after the attempts (network, or 429/5xx every time, or a Retry-After past the cap). */
  | { kind: "gave_up"; status: number; outcome: string; attempts: number }
  /** The token endpoint refused the client (wrong credentials) or kept failing. */
  | { kind: "auth_failed"; status: number; outcome: string; attempts: number };

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function sendTransaction(target: SendTarget, bundle: Bundle, deps: SendDeps = {}): Promise<SendResult> {
  const fetcher = deps.fetcher ?? fetch;
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const policy = deps.policy ?? DEFAULT_BACKOFF;
  const url = target.baseUrl.replace(/\/+$/, "");
  const body = JSON.stringify(bundle);
  let refreshed = false;
  let attempts = 0;
  let last: { status: number; outcome: string } = { status: 0, outcome: "not sent" };
  for (let attempt = 1; ; attempt++) {
    let token: string;
    try {
      token = await accessToken(target.authUrl, target.creds, now(), fetcher);
    } catch (e) {
      if (!(e instanceof SatusehatAuthError)) throw e;
      const wait = e.transient ? nextDelay(attempt, policy, random(), null) : null;
      if (wait === null) return { kind: "auth_failed", status: e.status, outcome: e.reason, attempts };
      await sleep(wait);
      continue;
    }
    let res: Response;
    attempts++;
    try {
      res = await fetcher(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json", accept: "application/fhir+json" },
        body,
      });
    } catch (e) {
      last = { status: 0, outcome: `network: ${(e as Error).name}` };
      const wait = nextDelay(attempt, policy, random(), null);
      if (wait === null) return { kind: "gave_up", ...last, attempts };
      await sleep(wait);
      continue;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // A gateway's plain-text error page.
    }
    const verdict = classifyStatus(res.status);
    if (verdict === "ok") {
      const entries = parseTransactionResponse(json);
      return { kind: "answered", status: res.status, entries, outcome: entries ? null : "unreadable answer (not a transaction-response)", attempts };
    }
    const outcome = outcomeText(json) ?? `HTTP ${res.status}`;
    if (verdict === "refresh_token") {
      if (refreshed) return { kind: "answered", status: res.status, entries: null, outcome, attempts };
      refreshed = true;
      forgetToken(target.authUrl, target.creds);
      attempt--; // a new token is not a retry of the same failure
      continue;
    }
    if (verdict === "fail") return { kind: "answered", status: res.status, entries: null, outcome, attempts, blamed: outcomeEntryIndexes(json) };
    last = { status: res.status, outcome };
    const wait = nextDelay(attempt, policy, random(), retryAfterMs(res.headers.get("retry-after"), now()));
    if (wait === null) return { kind: "gave_up", ...last, attempts };
    await sleep(wait);
  }
}
