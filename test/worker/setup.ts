import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Each test file gets isolated storage; migrations are idempotent per database.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
