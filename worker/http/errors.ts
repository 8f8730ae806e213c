import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorCode } from "../../domain/http/error-codes.ts";

/**
 * Every error leaves the API as `{error: {code, message, details}}` with a 4xx (or, for a bug,
 * a 500 whose body says nothing about the request). Codes are stable; clients branch on them, and
 * each is listed in domain/http/error-codes.ts (the PWA maps every one to words).
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorBody(code: ApiErrorCode, message: string, details?: unknown) {
  return { error: { code, message, details: details ?? null } };
}

export const badRequest = (code: ApiErrorCode, message: string, details?: unknown) => new ApiError(400, code, message, details);
export const forbidden = (message = "Outside your role or area", details?: unknown) => new ApiError(403, "forbidden", message, details);
export const notFound = (message = "Not found", details?: unknown) => new ApiError(404, "not_found", message, details);
