import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
// wrangler refuses to start without the [assets] directory; the worker tests don't need a build.
mkdirSync(path.join(root, "dist"), { recursive: true });

/** Tests are split by where they run (as in workbox): node, workerd, and chromium. */
export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: { name: "domain", root, include: ["test/domain/**/*.test.ts"], environment: "node" },
      },
      {
        test: { name: "web", root, include: ["test/web/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: path.join(root, "worker/index.ts"),
            wrangler: { configPath: path.join(root, "wrangler.toml") },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(path.join(root, "migrations")),
                ENVIRONMENT: "test",
                // test/worker/fuzz.test.ts: how many requests, from which seed (`npm run fuzz`).
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
                FUZZ_SEED: process.env.FUZZ_SEED ?? "",
                // SATUSEHAT sending (test/worker/satusehat.test.ts): configured for the second
                // kecamatan only (Batu Brak stays unconfigured, as fhir-export.test.ts expects), at
                // a closed port: a job that runs here fails fast with no answer, never reaching out.
                SATUSEHAT_AUTH_URL: "http://127.0.0.1:9/oauth2/v1",
                SATUSEHAT_BASE_URL: "http://127.0.0.1:9/fhir-r4/v1",
                SATUSEHAT_CREDENTIALS: JSON.stringify({ "18.04.11": { organizationId: "100000998", clientId: "simpul-uji", clientSecret: "rahasia-uji" } }),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          root,
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/setup.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          root,
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
