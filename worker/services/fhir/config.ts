import { z } from "zod";
import { KEC_CODE_RE } from "../../../domain/entities/formats.ts";
import type { Env } from "../../env.ts";

/**
 * SATUSEHAT configuration per kecamatan (issue 13), from the Worker secret SATUSEHAT_CREDENTIALS
 * (worker/env.ts): the puskesmas's SATUSEHAT Organization id and its OAuth2 client credentials.
 * The export (services/fhir/export.ts) reads the Organization id; the sender reads the client.
 * Nothing of it is in the repository, in a log or in an answer (the secret is never echoed back).
 */
export const satusehatCredential = z.object({
  organizationId: z.string().min(1).max(100),
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(500),
});
export type SatusehatCredential = z.infer<typeof satusehatCredential>;

const credentialsSchema = z.record(z.string().regex(KEC_CODE_RE, "a kecamatan code"), satusehatCredential);
export type SatusehatCredentials = z.infer<typeof credentialsSchema>;

export type ParsedCredentials = { ok: true; byKec: SatusehatCredentials } | { ok: false; byKec: SatusehatCredentials; problem: string };

/**
 * Parse the secret. Absent or empty: no kecamatan configured. Malformed (not JSON, or a key or
 * entry of the wrong shape): nothing configured and a `problem` naming what is wrong (paths
 * only: never a value, which may be a secret).
 */
export function parseSatusehatCredentials(raw: string | undefined): ParsedCredentials {
  if (raw === undefined || raw.trim() === "") return { ok: true, byKec: {} };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, byKec: {}, problem: "SATUSEHAT_CREDENTIALS is not JSON" };
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    return { ok: false, byKec: {}, problem: `SATUSEHAT_CREDENTIALS has the wrong shape at ${where}` };
  }
  return { ok: true, byKec: parsed.data };
}

const logged = new Set<string>();

/** The configuration of one kecamatan, or null (absent or malformed secret; a malformed one is logged once per isolate). */
export function satusehatConfigFor(env: Pick<Env, "SATUSEHAT_CREDENTIALS">, kecCode: string): SatusehatCredential | null {
  const parsed = parseSatusehatCredentials(env.SATUSEHAT_CREDENTIALS);
  if (!parsed.ok && !logged.has(parsed.problem)) {
    logged.add(parsed.problem);
    console.error(JSON.stringify({ level: "error", event: "satusehat_config_invalid", problem: parsed.problem }));
  }
  return parsed.byKec[kecCode] ?? null;
}
