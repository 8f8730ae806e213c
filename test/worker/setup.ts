import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { CENTRAL, SHARDS } from "../../domain/shards/registry.ts";

// Each test file gets isolated storage; migrations are idempotent per database. Every database
// the Worker serves (each kabupaten's and the central one) gets the same migrations.
const bindings = env as unknown as Record<string, D1Database>;
for (const name of [...SHARDS.map((s) => s.binding), CENTRAL.binding]) await applyD1Migrations(bindings[name]!, env.TEST_MIGRATIONS);
