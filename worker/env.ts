/** Bindings from wrangler.toml. */
export interface Env {
  DB: D1Database;
  PHOTOS: R2Bucket;
  ASSETS: Fetcher;
  /** "production" turns off the fixed demo enrollment codes. */
  ENVIRONMENT: string;
}
