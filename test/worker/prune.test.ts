import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import { ENROLLMENT_FAILURE_RETENTION_MS } from "../../worker/services/prune.ts";
import { api } from "./fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;
const enroll = (code: string, client: string) => api("POST", "/api/enroll", { body: { code }, headers: { "cf-connecting-ip": client } });
const clients = async () => (await env.CENTRAL.prepare("SELECT client FROM enrollment_failures ORDER BY client").all<{ client: string }>()).results.map((r) => r.client);

describe("scheduled clean-up (Cron Trigger)", () => {
  it("purges failed enrollment attempts and their client addresses after 30 days", async () => {
    expect(ENROLLMENT_FAILURE_RETENTION_MS).toBe(30 * DAY);
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(now - 31 * DAY);
      expect((await enroll("OLDD-CODE", "10.8.0.1")).status).toBe(401);
      vi.setSystemTime(now - 29 * DAY);
      expect((await enroll("NEWW-CODE", "10.8.0.2")).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
    expect((await enroll("TDAY-CODE", "10.8.0.3")).status).toBe(401);
    expect(await clients()).toEqual(["10.8.0.1", "10.8.0.2", "10.8.0.3"]);

    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env);
    expect(await clients()).toEqual(["10.8.0.2", "10.8.0.3"]);
  });
});
