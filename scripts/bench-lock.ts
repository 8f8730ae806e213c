/**
 * Issue 9 bench: what the PIN lock and encryption at rest cost a bidan, in Chromium with 4× CPU
 * throttling, through the real app against a real `wrangler dev`, for a pekon of about 3,000
 * persons (Kembahang, from a kecamatan seeded with BENCH_LOCK_PERSONS people).
 *
 *   npx tsx scripts/bench-lock.ts        # prints ms; not part of npm test
 *
 * - unlock: PIN typed, "Buka" tapped → the lock is gone (PBKDF2 + unwrapping the data key), and
 *   → Home drawn (its tasks read and decrypt every row of the pekon);
 * - registry: tap "Warga" → the dusun list drawn (every person and household opened);
 * - search: a name typed into the registry → its results drawn.
 * It also prints the PBKDF2 iterations this browser calibrated for its PIN.
 *
 * The same script runs unchanged against an older build of the app (it only drives the UI), which
 * is how the "before" figures in docs/PERFORMANCE.md were taken.
 */
process.env.SIMPUL_E2E_PERSONS ??= process.env.BENCH_LOCK_PERSONS ?? "33000";
const { enrollPhone, openPhone, startServer, PIN } = await import("../test/e2e/harness.ts");

const RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await startServer();
try {
  const persons = server.sql<{ n: number }>("SELECT count(*) AS n FROM persons p JOIN households h ON h.id = p.household_id WHERE h.desa_code = '18.04.10.2001'")[0]!.n;
  const phone = await openPhone(server.url);
  try {
    const { page, context } = phone;
    await enrollPhone(page, "DEMO-PSTU");
    const iterations = await page.evaluate(
      () =>
        new Promise<number | null>((resolve) => {
          const o = indexedDB.open("simpul");
          o.onsuccess = () => {
            const r = o.result.transaction("meta").objectStore("meta").get("vault");
            r.onsuccess = () => resolve((r.result as { iterations?: number } | undefined)?.iterations ?? null);
          };
        }),
    );
    const cdp = await context.newCDPSession(page);
    const unlockMs: number[] = [];
    const homeMs: number[] = [];
    const registryMs: number[] = [];
    const searchMs: number[] = [];
    let hits = 0;
    for (let r = 0; r < RUNS; r++) {
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
      await page.goto(server.url + "/#/");
      await page.reload();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
      await dialog.locator("input[name=pin]").fill(PIN);
      const t0 = Date.now();
      await dialog.getByRole("button", { name: "Buka" }).click();
      await dialog.waitFor({ state: "detached", timeout: 120_000 });
      unlockMs.push(Date.now() - t0);
      await page.getByTestId("sync-card").waitFor({ timeout: 120_000 });
      homeMs.push(Date.now() - t0);

      const t1 = Date.now();
      await page.getByRole("link", { name: "Warga" }).click();
      await page.locator("[data-testid=dusun-list] li").first().waitFor({ timeout: 120_000 });
      registryMs.push(Date.now() - t1);

      const name = "Siti";
      const box = page.getByRole("searchbox");
      await box.fill("");
      const t2 = Date.now();
      await box.fill(name);
      await page.locator("[data-testid=search-results] li").first().waitFor({ timeout: 60_000 });
      searchMs.push(Date.now() - t2);
      hits = await page.locator("[data-testid=search-results] li").count();
      await box.fill("");
    }
    console.log(`lock bench, pekon Kembahang with ${persons} persons, ${RATE}× CPU throttling, ${RUNS} runs (median):`);
    console.log(`  PBKDF2 iterations calibrated by this browser: ${iterations ?? "none (PIN hash version)"}`);
    console.log(`  unlock (tap → lock gone):     ${median(unlockMs)} ms  (${unlockMs.join(", ")})`);
    console.log(`  unlock (tap → Home drawn):    ${median(homeMs)} ms  (${homeMs.join(", ")})`);
    console.log(`  registry (tap → dusun list):  ${median(registryMs)} ms  (${registryMs.join(", ")})`);
    console.log(`  search "Siti" (→ ${hits} results): ${median(searchMs)} ms  (${searchMs.join(", ")})`);
  } finally {
    await phone.close();
  }
} finally {
  await server.stop();
}
