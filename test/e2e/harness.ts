/**
 * End-to-end harness: the server (server.ts), the phones (phone.ts) and the life cycle every
 * browser test file shares (vitest hooks). Tests import from here; scripts import server.ts and
 * phone.ts directly, which keeps vitest out of them.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { idbOpened, type Phone } from "./phone.ts";
import { ROOT, startServer, type Server } from "./server.ts";

export * from "./phone.ts";
export * from "./server.ts";

/** The phone's date (the harness runs Chromium in Asia/Jakarta, UTC+7). */
export const jakartaToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayNumber = (iso: string) => Math.floor(Date.parse(iso + "T00:00:00Z") / 86_400_000);

/** A person row as the phone's IndexedDB holds it (idbAll "rows"). */
export interface PersonRow {
  entity: string;
  id: string;
  data: { name: string; sex: "L" | "P"; birthDate: string; birthDatePrecision: string; pregnant?: boolean };
}

/** WHO months and calendar years in days, to pick seeded people by age. */
export const MONTH_DAYS = 30.4375;
export const YEAR_DAYS = 365.25;

/**
 * A seeded person on the phone (unlocked) with a known sex and an exact birth date, aged
 * `minDays`–`maxDays` today (Asia/Jakarta), of `sex` if given; undefined when there is none.
 */
export async function seededPerson(page: Page, age: { minDays: number; maxDays: number; sex?: "L" | "P" }): Promise<PersonRow | undefined> {
  const today = dayNumber(jakartaToday());
  const rows = await idbOpened<PersonRow>(page, "rows");
  return rows.find((r) => {
    if (r.entity !== "person" || r.data.birthDatePrecision !== "day" || (r.data.sex !== "L" && r.data.sex !== "P")) return false;
    if (age.sex && r.data.sex !== age.sex) return false;
    const days = today - dayNumber(r.data.birthDate);
    return days >= age.minDays && days <= age.maxDays;
  });
}

/**
 * The life cycle every browser test file shares: one server for the file, every phone closed at
 * the end, and a screenshot of each open phone when a test fails (test-results/ is git-ignored).
 */
export function e2eLifecycle(
  name: string,
  phones: Phone[],
  setServer: (s: Server) => void,
  getServer: () => Server | undefined,
  opts: { persons?: number; history?: boolean; shards?: string[]; setup?: (s: Server) => Promise<void> } = {},
): void {
  beforeAll(async () => {
    const server = await startServer({ persons: opts.persons, history: opts.history, shards: opts.shards });
    setServer(server);
    await opts.setup?.(server);
  }, 600_000);
  // Every screen a test walks is also checked for CSP violations (csp.test.ts walks them on purpose).
  afterEach(() => {
    expect(phones.flatMap((p) => p.cspViolations)).toEqual([]);
  });
  afterAll(async () => {
    for (const p of phones) await p.close().catch(() => undefined);
    await getServer()?.stop();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    const test = ctx.task.name.slice(0, 2).replace(/\W/g, "");
    for (const [i, p] of phones.entries()) {
      await p.page.screenshot({ path: path.join(ROOT, "test-results", `e2e-${name}-${test}-${i}.png`), fullPage: true }).catch(() => undefined);
    }
    // What wrangler dev said (synthetic data only): CI once lost its server mid-file with no trace.
    const server = getServer();
    if (server) {
      writeFileSync(path.join(ROOT, "test-results", `e2e-${name}-${test}-server.log`), server.log());
      console.error(`[${name}] wrangler dev, last lines:\n${server.log().split("\n").slice(-15).join("\n")}`);
    }
  });
}
