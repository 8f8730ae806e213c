// npm start: build the PWA, migrate and (if empty) seed every local D1 database (each kabupaten's
// and the central one), then serve on :8787.
import { existsSync } from "node:fs";
import { ENV, prepareDatabase, ROOT, run } from "./lib/proc.mjs";
import { spawn } from "node:child_process";

const URL_BASE = "http://127.0.0.1:8787";

if (existsSync(`${ROOT}/web/vite.config.ts`)) run("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
prepareDatabase();
console.log(`\nSimpul is starting on ${URL_BASE} (demo accounts: see README.md)\n`);
// --test-scheduled: the daily Cron Trigger can be fired by hand at /__scheduled (wrangler.toml's
// run_worker_first sends that path to the Worker; `/cdn-cgi/handler/scheduled` fails in this
// wrangler for a Worker with assets, cloudflare/workers-sdk#9882).
const child = spawn("npx", ["wrangler", "dev", "--port", "8787", "--ip", "127.0.0.1", "--test-scheduled"], { cwd: ROOT, env: ENV, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

// The cron once at start, as Cloudflare would run it daily: it sends each kabupaten's monthly PWS
// through the aggregates queue (Miniflare runs Queues locally) to the central database, so the
// provincial console has a year of figures from the first minute (docs/SCALE.md, "Aggregates").
for (let i = 0; i < 120; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  const up = await fetch(`${URL_BASE}/api/health`).then((r) => r.ok, () => false);
  if (!up) continue;
  const ran = await fetch(`${URL_BASE}/__scheduled?cron=${encodeURIComponent("17 3 * * *")}`).then((r) => r.ok, () => false);
  console.log(ran ? "\nstart: ran the daily cron once (aggregates queued for every kabupaten)\n" : "\nstart: the cron could not run now; the provincial figures come with its next run\n");
  break;
}
