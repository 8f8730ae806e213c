/**
 * A SATUSEHAT send job's states and failure codes (issue 13, part 3), shared by the worker
 * (worker/services/satusehat/jobs.ts writes them) and the console (web/src/i18n/interop-send.ts
 * says each in words; test/web/interop-send.test.ts walks both lists).
 */
export const SEND_JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type SendJobStatus = (typeof SEND_JOB_STATUSES)[number];

/**
 * Why a job failed:
 * - not_configured: no URL or credentials for the kecamatan (anymore) when it ran;
 * - auth_failed: the token endpoint refused the client credentials;
 * - rejected: SATUSEHAT answered a page with a 4xx (its OperationOutcome is in the send log);
 * - unavailable: no answer, 429 or 5xx after every attempt;
 * - forbidden: the user who asked no longer holds interop:export over the desa;
 * - export_failed: the export itself failed (logged by name, never with data).
 */
export const SEND_JOB_ERRORS = ["not_configured", "auth_failed", "rejected", "unavailable", "forbidden", "export_failed"] as const;
export type SendJobError = (typeof SEND_JOB_ERRORS)[number];
