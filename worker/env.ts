import type { AggregateMessage } from "../domain/aggregates/pws.ts";
import type { ChoresMessage } from "./services/chores.ts";

/** Bindings from wrangler.toml. */
export interface Env {
  /**
   * The pilot kabupaten's database (Lampung Barat). Every kabupaten has its own D1 binding, named
   * in domain/shards/list.ts (DB_1902, …) and generated into wrangler.toml; worker/db/shards.ts
   * finds them by name, so adding a kabupaten touches no type here.
   */
  DB: D1Database;
  /** The central database: enrollment directory, provincial users, aggregates, transfers. */
  CENTRAL: D1Database;
  PHOTOS: R2Bucket;
  ASSETS: Fetcher;
  /** "production" turns off the fixed demo enrollment codes. */
  ENVIRONMENT: string;
  /**
   * Secret (`wrangler secret put ENROLLMENT_CODE_KEY`, at least 32 characters): the HMAC key of
   * stored enrollment codes. Required in production; elsewhere a public development key stands in.
   */
  ENROLLMENT_CODE_KEY?: string;
  /**
   * Secret (`wrangler secret put SATUSEHAT_CREDENTIALS`; issue 13), JSON keyed by kecamatan code:
   * `{ "18.04.10": { "organizationId": "…", "clientId": "…", "clientSecret": "…" } }`, one
   * SATUSEHAT organisation (the puskesmas) and its OAuth2 client per kecamatan. Parsed by
   * worker/services/fhir/config.ts; absent: the export still works, with Simpul's own facility id
   * as the Organization (and says so), and nothing can be sent.
   */
  SATUSEHAT_CREDENTIALS?: string;
  /**
   * SATUSEHAT (issue 13, part 3; docs/INTEROP.md, "Sending to SATUSEHAT"). The OAuth2 base, e.g.
   * https://api-satusehat-stg.dto.kemkes.go.id/oauth2/v1 (sandbox), and the FHIR base, e.g.
   * https://api-satusehat-stg.dto.kemkes.go.id/fhir-r4/v1. Unset: sending answers satusehat_not_configured.
   */
  SATUSEHAT_AUTH_URL?: string;
  SATUSEHAT_BASE_URL?: string;
  /** Optional: persons per sent Bundle page (the export's `limit`; default in worker/services/satusehat/jobs.ts). */
  SATUSEHAT_PAGE_SIZE?: string;
  /** The aggregates queue (wrangler.toml; worker/services/aggregates/queue.ts): one message per kabupaten-month. */
  AGGREGATES_QUEUE?: Queue<AggregateMessage>;
  /** Each kabupaten database's daily chores, one message per database (wrangler.toml; services/chores.ts). */
  CHORES_QUEUE?: Queue<ChoresMessage>;
  /** Queue of send jobs (wrangler.toml [[queues.producers]]); absent: jobs run in waitUntil and the cron. */
  SATUSEHAT_QUEUE?: Queue<SatusehatJobMessage>;
}

/** A message on SATUSEHAT_QUEUE: the job row holds everything else. */
export interface SatusehatJobMessage {
  jobId: string;
  /** The kabupaten database that holds the job (domain/shards/registry.ts); absent in messages queued before sharding: the pilot's. */
  shard?: string;
}

/** Work that may outlive the answer (ctx.waitUntil), as the chores, queues and jobs receive it. */
export type WaitUntil = (p: Promise<unknown>) => void;

/** The invocation's waitUntil; without a context (a direct call in a test), the work runs unawaited and its failure is dropped. */
export function waitUntilOf(ctx: ExecutionContext | undefined): WaitUntil {
  return (p) => (ctx ? ctx.waitUntil(p) : void p.catch(() => undefined));
}
