/** Bindings from wrangler.toml. */
export interface Env {
  DB: D1Database;
  PHOTOS: R2Bucket;
  ASSETS: Fetcher;
  /** "production" turns off the fixed demo enrollment codes. */
  ENVIRONMENT: string;
  /**
   * Secret (`wrangler secret put ENROLLMENT_CODE_KEY`, at least 32 characters): the HMAC key of
   * stored enrollment codes. Required in production; elsewhere a public development key stands in.
   */
  ENROLLMENT_CODE_KEY?: string;
}
