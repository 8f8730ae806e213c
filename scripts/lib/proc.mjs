// Small process helpers shared by start, test, bench and the e2e harness.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "true", NO_COLOR: "1" };

/** Run a command to completion, inheriting stdio; exit on failure unless `allowFail`. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: opts.capture ? "pipe" : "inherit", env: { ...ENV, ...(opts.env ?? {}) }, encoding: "utf8" });
  if (r.status !== 0 && !opts.allowFail) {
    if (opts.capture) process.stderr.write((r.stdout ?? "") + (r.stderr ?? ""));
    console.error(`✗ ${cmd} ${args.join(" ")} exited ${r.status}`);
    process.exit(r.status ?? 1);
  }
  return r;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Start `wrangler dev` in its own process group and wait for /api/health. Returns a stop()
 * that kills the whole group: wrangler leaves workerd behind if only the parent dies.
 */
export async function startWrangler({ port, persistTo, vars = {}, quiet = true, assets } = {}) {
  const args = ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false"];
  if (persistTo) args.push("--persist-to", persistTo);
  // Another build of the PWA than dist/ (a bench comparing two builds, or a helper's own copy).
  if (assets) args.push("--assets", assets);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn("npx", args, { cwd: ROOT, env: ENV, detached: true, stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"] });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    return new Promise((r) => setTimeout(r, 300)).then(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return { url, stop, child, log: () => log };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 60 s:\n${log}`);
}

/**
 * Migrate every local D1 database (each kabupaten's and the central one), seed them (if empty) and
 * publish the form definitions, in one process (scripts/seed.ts). `history: false` for population
 * only; `shards` to seed only some kabupaten (e.g. ["18.04"]; default every one with a seed region).
 */
export function prepareDatabase({ persistTo, ifEmpty = true, quiet = false, history = true, shards, count } = {}) {
  const where = persistTo ? ["--persist-to", persistTo] : [];
  run("npx", ["tsx", "scripts/seed.ts", "--migrate", "--publish-forms", ...where, ...(ifEmpty ? ["--if-empty"] : []), ...(history ? [] : ["--no-history"]), ...(shards ? ["--shards", shards.join(",")] : []), ...(count !== undefined ? ["--count", String(count)] : [])], { capture: quiet });
}
