import { outcomeText, parseTokenResponse, type AccessToken } from "../../../domain/satusehat/response.ts";

/**
 * SATUSEHAT access tokens (issue 13, part 3): OAuth 2.0 client credentials as the SATUSEHAT API
 * catalogue documents them ("Autentikasi" → "Akses Token"):
 *   POST {SATUSEHAT_AUTH_URL}/accesstoken?grant_type=client_credentials
 *   Content-Type: application/x-www-form-urlencoded
 *   client_id=…&client_secret=…
 * answered with JSON holding `access_token` and `expires_in` (seconds), or a 401 with an
 * OperationOutcome. The catalogue also documents a rate limit after a failed attempt ("1 request
 * per minute after a failed attempt"): a refused client is therefore not asked again in a loop.
 *
 * A token is cached in the isolate until shortly before it expires (TOKEN_EXPIRY_MARGIN_MS), per
 * auth URL and client id; never in D1, never logged.
 */

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** The token endpoint refused the credentials, or answered what is not a token. */
export class SatusehatAuthError extends Error {
  constructor(
    /** The endpoint's status; 0: no answer (network). */
    readonly status: number,
    /** A scrubbed line for the send log. */
    readonly reason: string,
    /** A network failure or a 5xx/429: worth trying later; a 4xx is not. */
    readonly transient: boolean,
  ) {
    super(`SATUSEHAT token request failed (${status}): ${reason}`);
    this.name = "SatusehatAuthError";
  }
}

const cache = new Map<string, AccessToken>();
const cacheKey = (authUrl: string, c: ClientCredentials) => `${authUrl}\u001f${c.clientId}`;

export function tokenUrl(authUrl: string): string {
  return `${authUrl.replace(/\/+$/, "")}/accesstoken?grant_type=client_credentials`;
}

/** A valid token: the cached one, or a new one from the token endpoint. */
export async function accessToken(authUrl: string, creds: ClientCredentials, now = Date.now(), fetcher: typeof fetch = fetch): Promise<string> {
  const key = cacheKey(authUrl, creds);
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.token;
  cache.delete(key);
  let res: Response;
  try {
    res = await fetcher(tokenUrl(authUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ client_id: creds.clientId, client_secret: creds.clientSecret }).toString(),
    });
  } catch (e) {
    throw new SatusehatAuthError(0, `network: ${(e as Error).name}`, true);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // A gateway's plain-text 5xx ("Gateway Timeout", as documented).
  }
  if (!res.ok) {
    throw new SatusehatAuthError(res.status, outcomeText(json) ?? `HTTP ${res.status}`, res.status === 429 || res.status >= 500);
  }
  const token = parseTokenResponse(json, now);
  if (!token) throw new SatusehatAuthError(res.status, "the answer holds no access_token", false);
  cache.set(key, token);
  return token.token;
}

/** Forget a token the FHIR server refused (401): the next call asks for a new one. */
export function forgetToken(authUrl: string, creds: ClientCredentials): void {
  cache.delete(cacheKey(authUrl, creds));
}
