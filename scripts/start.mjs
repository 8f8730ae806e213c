// npm start: build the PWA, migrate and (if empty) seed the local D1, then serve on :8787.
import { existsSync } from "node:fs";
import { ENV, prepareDatabase, ROOT, run } from "./lib/proc.mjs";
import { spawn } from "node:child_process";

if (existsSync(`${ROOT}/web/vite.config.ts`)) run("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
prepareDatabase();
console.log("\nSimpul is starting on http://127.0.0.1:8787 (demo accounts: see README.md)\n");
const child = spawn("npx", ["wrangler", "dev", "--port", "8787", "--ip", "127.0.0.1"], { cwd: ROOT, env: ENV, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
