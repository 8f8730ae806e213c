import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      /** Kabupaten Belitung (domain/shards/list.ts). */
      DB_1902: D1Database;
      CENTRAL: D1Database;
      PHOTOS: R2Bucket;
      ASSETS: Fetcher;
      ENVIRONMENT: string;
      ENROLLMENT_CODE_KEY?: string;
      TEST_MIGRATIONS: D1Migration[];
      /** test/worker/fuzz.test.ts: requests in all, and the seed ("" = the defaults). */
      FUZZ_RUNS: string;
      FUZZ_SEED: string;
    }
  }
}
