/**
 * Every error code the server can send: in an API error body (`{error: {code, message,
 * details}}`) and in a pushed mutation's `rejected` answer. The worker's ApiError and the push's
 * Rejection take only these codes (a new one fails `tsc` until it is listed here), and
 * test/web/error-catalogue.test.ts walks this list against the PWA's catalogue, so a phone never
 * shows a code or the server's English message in its place. Zod-free: the PWA reads it too.
 */
export const API_ERROR_CODES = [
  // Request shape (worker/http/body.ts, worker/index.ts)
  "invalid_json", "payload_too_large", "validation_failed", "not_found", "internal",
  // Authentication and access (worker/services/auth.ts, worker/http/route.ts)
  "unauthenticated", "device_revoked", "user_inactive", "forbidden",
  // Enrollment and recovery (worker/services/enroll.ts)
  "not_configured", "too_many_attempts", "code_unknown", "code_used", "code_expired", "device_mismatch", "no_recovery_key",
  // Administration (worker/services/admin.ts)
  "unknown_area", "invalid_reference", "cannot_deactivate_self",
  // Sync (worker/routes/sync.ts, worker/services/pull.ts, worker/services/push/index.ts)
  "rejected", "invalid_cursor", "busy_retry",
  // Photos (worker/services/photos.ts)
  "photo_too_large", "upload_mismatch", "wrong_offset", "empty_chunk", "incomplete_upload", "hash_mismatch", "not_an_image",
  // PWS (worker/services/pws/)
  "unknown_indicator", "no_drill_down",
  // SATUSEHAT FHIR export (worker/services/fhir/export.ts)
  "invalid_period",
  // Sending to SATUSEHAT (worker/services/satusehat/)
  "satusehat_not_configured",
  // Moves between kabupaten (worker/services/transfers/; domain/transfers/rules.ts TRANSFER_FAILURES)
  "transfer_same_kabupaten", "transfer_unknown_kabupaten", "transfer_in_progress", "transfer_id_conflict", "transfer_source_gone",
  "transfer_attempts_exhausted",
] as const;

/**
 * The codes of a pushed mutation answered `rejected` (worker/services/push/: decide.ts and the
 * entity hooks). Some are shared with API errors (forbidden, not_found, validation_failed).
 */
export const REJECTION_CODES = [
  "read_only_entity", "validation_failed", "not_found", "deleted", "invalid_base_version", "immutable_field",
  "unknown_conflict", "unknown_area", "parent_not_found", "invalid_reference", "forbidden",
  "delete_not_allowed", "create_not_allowed", "field_not_writable",
  // The row, or the parent a create names, was handed over to another kabupaten (worker/services/push/transferred.ts)
  "moved_to_other_kabupaten",
  // Entity hooks (worker/services/push/hooks/)
  "nik_sex_mismatch", "referral_not_indicated", "unknown_form_version", "form_not_allowed",
  "invalid_doc_version", "signed_version_locked", "due_before_meeting", "signature_immutable", "already_signed", "not_a_party",
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export type RejectionCode = (typeof REJECTION_CODES)[number];
export type ErrorCode = ApiErrorCode | RejectionCode;

/** Every code, once. */
export const ERROR_CODES: readonly ErrorCode[] = [...new Set<ErrorCode>([...API_ERROR_CODES, ...REJECTION_CODES])];
