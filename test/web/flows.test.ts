/**
 * Issue 12 §5, readable flows, in node: the first-sync estimate and bytes, a form section's
 * folded state, and the registry's dusun grouped by pekon. The browser half is test/e2e/flows.test.ts.
 */
import { describe, expect, it } from "vitest";
import { BALITA_V1 } from "../../domain/forms/balita-v1.ts";
import { resolveAnswers, validateAnswers, type Answers } from "../../domain/forms/index.ts";
import { SyncEngine } from "../../web/src/sync/engine.ts";
import { estimateRemainingMs, etaParts, expectedBytes, formatBytes, shownEta, SLOW_LINK_ETA_MS } from "../../web/src/sync/progress.ts";
import { groupDusunByDesa } from "../../web/src/util/registry.ts";
import { sectionStatus } from "../../web/src/util/sections.ts";
import { FakeTransport, freshStore, ManualTimers, offline, personChange } from "./fakes.ts";

describe("first-sync progress", () => {
  it("estimates the rest from this run's pace, and shows it only on a slow link", () => {
    const run = { startedAt: 1_000, rows0: 0 };
    // 500 rows in 5 s, 4500 to go: 45 s more.
    expect(estimateRemainingMs({ received: 500, total: 5000 }, run, 6_000)).toBe(45_000);
    // A resumed run counts only its own rows: 1000 stored from before, 500 in 2 s now.
    expect(estimateRemainingMs({ received: 1500, total: 2500 }, { startedAt: 0, rows0: 1000 }, 2_000)).toBe(4_000);
    expect(estimateRemainingMs({ received: 1000, total: 2500 }, { startedAt: 0, rows0: 1000 }, 2_000)).toBeNull();
    expect(shownEta(4_000)).toBeNull();
    expect(shownEta(SLOW_LINK_ETA_MS)).toBe(SLOW_LINK_ETA_MS);
    expect(shownEta(null)).toBeNull();
    expect(etaParts(45_000)).toEqual({ unit: "s", n: 50 });
    expect(etaParts(12_000)).toEqual({ unit: "s", n: 10 });
    expect(etaParts(185_000)).toEqual({ unit: "min", n: 3 });
  });

  it("says bytes as a phone plan counts them, and the expected total from bytes per row", () => {
    expect(formatBytes(999, "id-ID")).toBe("999 B");
    expect(formatBytes(820_400, "id-ID")).toBe("820 KB");
    expect(formatBytes(1_440_000, "id-ID")).toBe("1,4 MB");
    expect(formatBytes(1_440_000, "en-GB")).toBe("1.4 MB");
    expect(expectedBytes({ received: 500, total: 2000, bytes: 250_000 })).toBe(1_000_000);
    expect(expectedBytes({ received: 0, total: 2000, bytes: 0 })).toBeNull();
    expect(expectedBytes({ received: 10, total: 20 })).toBeNull();
  });

  it("the engine counts bytes and an estimate per page", async () => {
    const store = await freshStore();
    const transport = new FakeTransport();
    const changes = Array.from({ length: 30 }, (_, i) => personChange(i + 1));
    transport.servePages(changes, 10);
    let now = 1_700_000_000_000;
    // Each page takes 2 s on this link.
    const pull = transport.pull.bind(transport);
    transport.pull = async (...args) => {
      now += 2_000;
      return pull(...args);
    };
    const engine = new SyncEngine({ transport, store, timers: new ManualTimers(), random: () => 0.5, now: () => now });
    await engine.init();
    const seen: { received: number; bytes?: number; etaMs: number | null }[] = [];
    engine.subscribe((s) => s.progress && seen.push({ received: s.progress.received, bytes: s.progress.bytes, etaMs: s.progress.etaMs }));
    await engine.sync("start");
    const pageBytes = (i: number) => JSON.stringify(changes.slice(i * 10, i * 10 + 10)).length;
    expect(seen[0]).toEqual({ received: 10, bytes: pageBytes(0), etaMs: 4_000 });
    expect(seen.at(-1)).toEqual({ received: 20, bytes: pageBytes(0) + pageBytes(1), etaMs: 2_000 });
    expect(engine.state.progress).toBeNull();
  });

  it("an interrupted first sync resumes with its bytes, and estimates from the new run only", async () => {
    const store = await freshStore();
    const transport = new FakeTransport();
    const changes = Array.from({ length: 30 }, (_, i) => personChange(i + 1));
    transport.servePages(changes, 10);
    let now = 1_700_000_000_000;
    let pageMs = 2_000;
    const pull = transport.pull.bind(transport);
    transport.pull = async (...args) => {
      now += pageMs;
      return pull(...args);
    };
    transport.failPull = [null, offline()];
    const engine = new SyncEngine({ transport, store, timers: new ManualTimers(), random: () => 0.5, now: () => now });
    await engine.init();
    await engine.sync("start");
    // Later, on a faster link: the bytes carry on from the stored page, the pace is this run's.
    const again = new SyncEngine({ transport, store, timers: new ManualTimers(), random: () => 0.5, now: () => now });
    await again.init();
    expect(again.state.progress).toEqual({ received: 10, total: 30, bytes: JSON.stringify(changes.slice(0, 10)).length, etaMs: null });
    pageMs = 500;
    const seen: { received: number; bytes?: number; etaMs: number | null }[] = [];
    again.subscribe((s) => s.progress && seen.push({ received: s.progress.received, bytes: s.progress.bytes, etaMs: s.progress.etaMs }));
    await again.sync("manual");
    expect(seen.at(-1)).toEqual({ received: 20, bytes: JSON.stringify(changes.slice(0, 10)).length + JSON.stringify(changes.slice(10, 20)).length, etaMs: 500 });
  });
});

describe("form sections", () => {
  const anthro = BALITA_V1.sections.find((s) => s.id === "antropometri")!;
  const ctx = { visitDate: "2026-11-30", sex: "P" as const, birthDate: "2025-01-10" };
  const status = (a: Answers, showErrors = false) => {
    const answers = resolveAnswers(BALITA_V1, a, ctx);
    return sectionStatus(anthro, answers, validateAnswers(BALITA_V1, answers, ctx).errors, ctx, showErrors);
  };

  it("counts what is asked now, and is complete only when nothing required is left", () => {
    const empty = status({});
    expect(empty.state).toBe("empty");
    expect(empty.answered).toBe(0);
    // Weight alone: the length is optional here, but position is asked only once a length is given.
    const asked0 = empty.asked;
    expect(status({ bb: 9.5 }).state).toBe("complete");
    const withLength = status({ bb: 9.5, panjang_tinggi: 75 });
    expect(withLength.asked).toBe(asked0 + 1);
    expect(withLength.state).toBe("partial");
    expect(status({ bb: 9.5, panjang_tinggi: 75, posisi_ukur: "berbaring" }).state).toBe("complete");
  });

  it("a wrong value keeps it from complete, and shows as an error once errors are shown", () => {
    const typo = status({ bb: 950 });
    expect(typo.state).toBe("partial");
    expect(typo.errors).toBe(0);
    const shown = status({ bb: 950 }, true);
    expect(shown.state).toBe("error");
    expect(shown.errors).toBe(1);
    // After a save attempt an empty required field is an error of its section too.
    expect(status({}, true)).toMatchObject({ state: "error", errors: 1 });
  });
});

describe("registry grouping", () => {
  const dusun = (id: string, name: string, desaCode: string) => ({ id, data: { name, desaCode } });
  it("puts each dusun under its pekon's name, pekon and dusun in name order", () => {
    const groups = groupDusunByDesa(
      [dusun("d1", "Dusun II", "18.04.01.2001"), dusun("d2", "Dusun I", "18.04.01.2002"), dusun("d3", "Dusun I", "18.04.01.2001"), dusun("d4", "Sukamaju", "18.04.01.2009")],
      [{ id: "18.04.01.2001", data: { name: "Kembahang" } }, { id: "18.04.01.2002", data: { name: "Bakhu" } }],
    );
    expect(groups.map((g) => [g.name, g.dusun.map((d) => d.id)])).toEqual([
      ["18.04.01.2009", ["d4"]],
      ["Bakhu", ["d2"]],
      ["Kembahang", ["d3", "d1"]],
    ]);
  });
});
