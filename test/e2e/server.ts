/**
 * The e2e server: a fresh local D1 (migrated and seeded) behind its own `wrangler dev`. Each call
 * to startServer() owns its temp directory and its process group, and stop() removes both.
 * No vitest here: scripts (bench, chaos) import it too; test/e2e/harness.ts re-exports it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };
/** Persons the e2e seed creates: the seed default, which gives a pustu more than one pull page. */
export const E2E_PERSONS = Number(process.env.SIMPUL_E2E_PERSONS ?? 3000);

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = ENV): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
    srv.on("error", reject);
  });
}

/** Build the PWA once per run unless dist/ is already a build (npm test builds first). */
export function ensureBuild(): void {
  if (!existsSync(path.join(ROOT, "dist/sw.js")) || process.env.SIMPUL_E2E_REBUILD === "1") {
    // Inside vitest NODE_ENV is "test", which would build a PWA without its service worker registration.
    sh("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { ...ENV, NODE_ENV: "production" });
  }
}

export interface Server {
  url: string;
  persistTo: string;
  stop(): Promise<void>;
  log(): string;
  /** Run SQL against one of this server's local D1 databases (default DB, Lampung Barat; e.g. to inspect what a push stored). */
  sql<T = Record<string, unknown>>(query: string, binding?: string): T[];
  /** The Worker's own workerd address, behind wrangler dev's proxy (see runtimeUrl). */
  runtimeUrl(): Promise<string>;
}

/**
 * `wrangler dev` runs two workerd processes: its ProxyWorker on the public port, which forwards
 * every request to the Worker's own workerd (the one with the inspector). Under a long load (the
 * 20-phone chaos run, 15 minutes and more) the ProxyWorker's heap grows until it aborts
 * ("Reached heap limit", measured: about 2.5 MB/s of RSS while the Worker's own process stays
 * level). This finds the Worker's workerd in the group and the port it serves, so a long run can
 * talk to the runtime itself. The same code and the same local D1 answer either way.
 */
export async function runtimeUrl(groupPid: number): Promise<string> {
  const pids = sh("pgrep", ["-g", String(groupPid)]).split("\n").filter(Boolean);
  const runtime = pids.filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmd.includes("workerd") && cmd.includes("--inspector-addr");
    } catch {
      return false;
    }
  });
  const listening = sh("ss", ["-ltnpH"]).split("\n");
  for (const pid of runtime) {
    for (const line of listening.filter((l) => l.includes(`pid=${pid},`))) {
      const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
      if (!port) continue;
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) return `http://127.0.0.1:${port}`;
      } catch {
        // The inspector's port, or not HTTP.
      }
    }
  }
  throw new Error("the Worker's own workerd was not found behind wrangler dev");
}

/**
 * `persons`: how many synthetic people the seed makes (default E2E_PERSONS). `history`: also seed
 * the year of visits, referrals and the lintas sektor commitment (default false: the tests count
 * the rows they make, and a population-only seed is faster). `vars`: extra Worker vars for this
 * server only (test/e2e/satusehat.test.ts points SATUSEHAT_* at its fake). `shards`: the kabupaten
 * seeded (default Lampung Barat alone; every database is migrated either way).
 */
export async function startServer(opts: { persons?: number; history?: boolean; vars?: Record<string, string>; assets?: string; shards?: string[] } = {}): Promise<Server> {
  // `assets` (or SIMPUL_ASSETS): serve another build of the PWA than dist/, e.g. a bench comparing two builds.
  const assets = opts.assets ?? process.env.SIMPUL_ASSETS;
  if (!assets) ensureBuild();
  const persistTo = mkdtempSync(path.join(tmpdir(), "simpul-e2e-"));
  // The same steps as `npm start` in one process: every database migrated, the forms table mirroring
  // the definitions this build ships; Lampung Barat seeded unless a test asks for more kabupaten.
  sh("npx", ["tsx", "scripts/seed.ts", "--migrate", "--publish-forms", "--persist-to", persistTo, "--shards", (opts.shards ?? ["18.04"]).join(","), "--count", String(opts.persons ?? E2E_PERSONS), ...(opts.history ? [] : ["--no-history"])]);
  const port = await freePort();
  // Its own inspector port too: two servers (a test and `npm run chaos`) would both take 9229 and the second exits.
  const inspectorPort = await freePort();
  const child: ChildProcess = spawn(
    "npx",
    ["wrangler", "dev", "--port", String(port), "--inspector-port", String(inspectorPort), "--ip", "127.0.0.1", "--persist-to", persistTo, "--show-interactive-dev-session=false",
      // The Cron Trigger by hand at /__scheduled (test/e2e/kabupaten.test.ts fires it).
      "--test-scheduled",
      // Extra Worker vars (`--var KEY:VALUE`; wrangler splits at the first colon), e.g. a test's SATUSEHAT endpoints.
      ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
      ...(assets ? ["--assets", assets] : [])],
    { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (child.pid === undefined) return;
    // The whole group: wrangler leaves workerd running if only the parent dies.
    for (const sig of ["SIGTERM", "SIGKILL"] as const) {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
      await new Promise((r) => setTimeout(r, 400));
    }
    rmSync(persistTo, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited early:\n${log}`);
    }
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) {
        return {
          url, persistTo, stop, log: () => log,
          runtimeUrl: () => runtimeUrl(child.pid!),
          sql<T>(query: string, binding = "DB"): T[] {
            // A second process opening the SQLite file that `wrangler dev` holds can fail once in a
            // while under load (miniflare answers "false == true"); a read is safe to repeat.
            const args = ["wrangler", "d1", "execute", binding, "--local", "--persist-to", persistTo, "--json", "--command", query];
            let out = "";
            for (let attempt = 1; ; attempt++) {
              try {
                out = sh("npx", args);
                break;
              } catch (e) {
                if (attempt >= 4 || !/^\s*select/i.test(query)) throw e;
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * attempt);
              }
            }
            return (JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[])[0]?.results ?? [];
          },
        };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 90 s:\n${log}`);
}

/**
 * A JSON call from the test itself. Node's fetch keeps connections alive, and workerd closes an
 * idle one after a while: a request sent on a connection closed under it fails with
 * UND_ERR_SOCKET before the server saw it, so that one failure is tried once more on a new one.
 */
export async function api<T>(server: Server, method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: T }> {
  const send = () =>
    fetch(server.url + p, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let r: Response;
  try {
    r = await send();
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw e;
    r = await send();
  }
  return { status: r.status, json: (await r.json()) as T };
}
