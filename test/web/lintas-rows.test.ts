/**
 * The camat's long item list (issue 14): drawn a screenful first and the rest in slices, and the
 * due dates formatted once per date. Timings are in scripts/bench-camat-view.ts; these check that
 * nothing is lost or changed on the way.
 */
import { describe, expect, it } from "vitest";
import { formatDay } from "../../web/src/screens/lintas/data.ts";
import { FIRST_ROWS, MORE_ROWS, sameInputs, sliceBounds } from "../../web/src/screens/lintas/rows.ts";
import { formatDate } from "../../web/src/i18n/index.ts";

describe("item list slices", () => {
  it("cover every row once, in order: a screenful first, then the rest", () => {
    for (const n of [0, 1, FIRST_ROWS - 1, FIRST_ROWS, FIRST_ROWS + 1, 400, 401]) {
      const b = sliceBounds(n);
      const rows = b.flatMap(([a, z]) => Array.from({ length: z - a }, (_, i) => a + i));
      expect(rows).toEqual(Array.from({ length: n }, (_, i) => i));
      if (n) expect(b[0]).toEqual([0, Math.min(n, FIRST_ROWS)]);
      for (const [a, z] of b.slice(1)) expect(z - a).toBeLessThanOrEqual(MORE_ROWS);
      expect(b.every(([a, z]) => z > a)).toBe(true);
    }
    // 400 items: 20 with the screen, then 10 slices of at most 40.
    expect(sliceBounds(400)).toHaveLength(1 + Math.ceil((400 - FIRST_ROWS) / MORE_ROWS));
  });

  it("keep a slice only when every input is the same object", () => {
    const data = { action: "Aksi 1" };
    expect(sameInputs(["id", 0, 20, "x", data, "synced"], ["id", 0, 20, "x", data, "synced"])).toBe(true);
    // An equal-looking but re-opened row, a new status, another language, a longer slice: redraw.
    expect(sameInputs(["id", "x", data], ["id", "x", { ...data }])).toBe(false);
    expect(sameInputs(["id", "x", data, "synced"], ["id", "x", data, "pending"])).toBe(false);
    expect(sameInputs(["id", data], ["en", data])).toBe(false);
    expect(sameInputs(["id", data], ["id", data, "y"])).toBe(false);
    expect(sameInputs(undefined, [])).toBe(false);
  });
});

describe("formatDay", () => {
  it("gives what formatDate gives, also for a date asked twice, a timestamp and nothing", () => {
    for (const iso of ["2026-01-28", "2026-12-28", "2026-01-28", "2025-02-29", "2026-03-05T10:00:00+07:00", "not a date", "", null, undefined]) {
      expect(formatDay(iso)).toBe(formatDate(iso));
    }
    expect(formatDay("2026-01-28")).toMatch(/28/);
  });
});
