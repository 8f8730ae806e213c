import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      PHOTOS: R2Bucket;
      ASSETS: Fetcher;
      ENVIRONMENT: string;
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
