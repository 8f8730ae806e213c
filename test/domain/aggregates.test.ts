/** The aggregates' pure rules (issue 16): which months the cron sends, when a month is final, and small-cell suppression. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isAggregatableMonth, isEmptyCell, isFinal, isSafeCell, monthOfInstant, monthsToAggregate, recomputedUntil, suppressColumn, suppressYear,
  type Counts,
} from "../../domain/aggregates/pws.ts";

const at = (iso: string) => Date.parse(iso);
const NULL = { num: null, den: null, pct: null };

describe("aggregates", () => {
  it("sends the previous and the current month, or twelve for a kabupaten never aggregated (WIB months)", () => {
    expect(monthsToAggregate(at("2026-11-05T03:17:00Z"), true)).toEqual(["2026-10", "2026-11"]);
    expect(monthsToAggregate(at("2026-01-02T03:17:00Z"), true)).toEqual(["2025-12", "2026-01"]);
    const back = monthsToAggregate(at("2026-11-05T03:17:00Z"), false);
    expect(back).toHaveLength(12);
    expect([back[0], back[11]]).toEqual(["2025-12", "2026-11"]);
    // 31 October 20:00 UTC is already 1 November in WIB.
    expect(monthOfInstant(at("2026-10-31T20:00:00Z"))).toBe("2026-11");
  });

  it("calls a month final only once the cron no longer recomputes it: after the month that follows it", () => {
    // October is recomputed by every cron of November (monthsToAggregate's "previous month").
    expect(monthsToAggregate(at("2026-11-30T03:17:00Z"), true)).toContain("2026-10");
    expect(isFinal("2026-10", at("2026-11-01T03:17:00Z"))).toBe(false);
    expect(isFinal("2026-10", at("2026-11-30T16:59:00Z"))).toBe(false); // 23:59 WIB on 30 November
    expect(monthsToAggregate(at("2026-12-01T03:17:00Z"), true)).not.toContain("2026-10");
    expect(isFinal("2026-10", at("2026-11-30T17:00:00Z"))).toBe(true); // 00:00 WIB on 1 December
    expect(isFinal("2026-10", at("2026-10-31T03:17:00Z"))).toBe(false);
    expect(isFinal("2025-12", at("2026-02-01T00:00:00Z"))).toBe(true);
    expect(recomputedUntil("2026-10")).toBe("2026-11-30");
    expect(recomputedUntil("2026-12")).toBe("2027-01-31");
    expect(recomputedUntil("2027-01")).toBe("2027-02-28");
    expect(isAggregatableMonth("2026-11", at("2026-11-05T00:00:00Z"))).toBe(true);
    expect(isAggregatableMonth("2026-12", at("2026-11-05T00:00:00Z"))).toBe(false);
    expect(isAggregatableMonth("2026-13", at("2026-11-05T00:00:00Z"))).toBe(false);
  });

  it("a figure is safe when both its served and its unserved number reach 5 (a zero numerator is shown), as lintas's rule", () => {
    expect(isSafeCell({ num: 5, den: 10 })).toBe(true);
    expect(isSafeCell({ num: 0, den: 5 })).toBe(true);
    expect(isSafeCell({ num: 0, den: 4 })).toBe(false);
    expect(isSafeCell({ num: 6, den: 6 })).toBe(false); // all six served
    expect(isSafeCell({ num: 7, den: 8 })).toBe(false); // one not served
    expect(isSafeCell({ num: 1, den: 40 })).toBe(false); // one with the finding
    expect(isSafeCell({ num: 4, den: 3 })).toBe(false); // over 100 %
  });

  it("suppresses a small desa and the next smallest with it, so the total does not give it back", () => {
    const cells = new Map([["a", { num: 2, den: 3 }], ["b", { num: 10, den: 20 }], ["c", { num: 0, den: 8 }]]);
    const out = suppressColumn(cells, { num: 12, den: 31 });
    expect(out.cells.get("a")).toEqual(NULL);
    // a ∪ c = 2/11: 2 served is under 5; a ∪ b = 12/23 is safe: b, not the smaller c, is hidden.
    expect(out.cells.get("b")).toEqual(NULL);
    expect(out.cells.get("c")).toEqual({ num: 0, den: 8, pct: 0 });
    expect(out.total).toEqual({ num: 12, den: 31, pct: 38.7 });
  });

  it("the review's cases: an empty desa protects nothing, and two small desa do not protect each other", () => {
    // A 0/0, B 0/2, C 8/10, D 9/12, total 17/24: total − C − D would be B.
    const one = suppressColumn(new Map([["A", { num: 0, den: 0 }], ["B", { num: 0, den: 2 }], ["C", { num: 8, den: 10 }], ["D", { num: 9, den: 12 }]]), { num: 17, den: 24 });
    expect(one.cells.get("A")).toEqual({ num: 0, den: 0, pct: null });
    expect(one.cells.get("B")).toEqual(NULL);
    // C is shown only if B ∪ C were safe: 8/12 leaves 4 unserved, so D, then C, are hidden.
    expect([...one.hidden].sort()).toEqual(["B", "C", "D"]);
    // A 1/1, B 2/2, C 8/10, total 11/13: A ∪ B = 3/3 would say all three women were served.
    const two = suppressColumn(new Map([["A", { num: 1, den: 1 }], ["B", { num: 2, den: 2 }], ["C", { num: 8, den: 10 }]]), { num: 11, den: 13 });
    expect(two.cells.get("C")).toEqual(NULL);
    expect(two.total).toEqual(NULL); // 11/13: only 2 unserved in all, a small cell itself
    // A small total alone.
    expect(suppressColumn(new Map([["a", { num: 1, den: 2 }]]), { num: 1, den: 2 }).total).toEqual(NULL);
  });

  it("hides everything under a unit hidden above, and protects against a total the reader knows", () => {
    const cells = new Map([["a", { num: 10, den: 20 }], ["b", { num: 0, den: 0 }]]);
    const all = suppressColumn(cells, { num: 10, den: 20 }, { hideAll: true });
    expect(all.cells.get("a")).toEqual(NULL);
    expect(all.cells.get("b")).toEqual({ num: 0, den: 0, pct: null });
    expect(all.total).toEqual(NULL);
    // The total 3/10 is small, but a dinkes sees it in its kabupaten view: a and b are both hidden.
    const known = suppressColumn(new Map([["a", { num: 1, den: 2 }], ["b", { num: 2, den: 8 }]]), { num: 3, den: 10 }, { totalKnown: true });
    expect(known.total).toEqual({ num: 3, den: 10, pct: 30 });
    expect([...known.hidden].sort()).toEqual(["a", "b"]);
  });

  it("links the month with the year to date, and keeps a unit hidden for the rest of the year", () => {
    const col = (o: Record<string, [number, number]>) => new Map(Object.entries(o).map(([u, [num, den]]) => [u, { num, den }]));
    // January: all safe. February: a's month is small (2/3). March: all safe again.
    const out = suppressYear([
      { month: col({ a: [5, 10], b: [5, 10], c: [5, 10] }), ytd: col({ a: [5, 10], b: [5, 10], c: [5, 10] }) },
      { month: col({ a: [2, 3], b: [5, 10], c: [5, 10] }), ytd: col({ a: [7, 13], b: [10, 20], c: [10, 20] }) },
      { month: col({ a: [5, 10], b: [5, 10], c: [5, 10] }), ytd: col({ a: [12, 23], b: [15, 30], c: [15, 30] }) },
    ]);
    expect(out[0]!.month.hidden.size).toBe(0);
    // February: a hidden in the month (and a complement), and so in the year to date, though 7/13 is safe.
    expect(out[1]!.month.hidden.has("a")).toBe(true);
    expect(out[1]!.ytd.hidden.has("a")).toBe(true);
    expect([...out[1]!.ytd.hidden].sort()).toEqual([...out[1]!.month.hidden].sort());
    // March: a's figures are safe, but its year to date minus January's and March's month would give February back.
    expect(out[2]!.month.hidden.has("a")).toBe(true);
    expect(out[2]!.ytd.hidden.has("a")).toBe(true);
  });
});

// Random columns: small counts (where suppression matters), some desa empty, some over 100 %.
const cellArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ num: 0, den: 0 }) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 }).chain((den) => fc.integer({ min: 0, max: den }).map((num) => ({ num, den }))) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 })).map(([den, over]) => ({ num: den + over, den })) },
);
const columnArb = fc.array(cellArb, { minLength: 1, maxLength: 12 }).map((cs) => new Map(cs.map((c, i) => [`d${String(i).padStart(2, "0")}`, c])));
const sum = (cs: Iterable<Counts>) => [...cs].reduce((t, c) => ({ num: t.num + c.num, den: t.den + c.den }), { num: 0, den: 0 });

/** What a reader can work out of one column: the shown cells, and the hidden union when the total is shown. */
function checkColumn(cells: Map<string, Counts>, out: ReturnType<typeof suppressColumn>, totalShown: boolean, totalKnown = false) {
  for (const [u, c] of cells) {
    const shown = out.cells.get(u)!;
    if (out.hidden.has(u)) {
      expect(shown).toEqual(NULL);
      expect(isEmptyCell(c), "an empty cell is never counted as hidden").toBe(false);
    } else {
      expect(shown.num).toBe(c.num);
      expect(shown.den).toBe(c.den);
      expect(isEmptyCell(c) || isSafeCell(c), `${u} shown while small`).toBe(true);
    }
  }
  const nonEmpty = [...cells].filter(([, c]) => !isEmptyCell(c)).length;
  // A total the reader knows elsewhere and that is small itself: every non-empty cell is hidden, so the column tells nothing more.
  if (totalKnown && !isSafeCell(sum(cells.values())) && out.hidden.size) expect(out.hidden.size).toBe(nonEmpty);
  else if (totalShown && out.hidden.size) {
    const union = sum([...out.hidden].map((u) => cells.get(u)!));
    // The hidden union (total − shown) is itself safe: den − num ≥ 5 (so den ≥ 5), num 0 or ≥ 5.
    expect(union.den - union.num).toBeGreaterThanOrEqual(5);
    expect(union.den).toBeGreaterThanOrEqual(5);
    expect(union.num === 0 || union.num >= 5).toBe(true);
    // So it spans two cells or more: one hidden cell alone would be given back whole.
    expect(out.hidden.size).toBeGreaterThanOrEqual(2);
  }
}

describe("small cells, for random columns", () => {
  it("no hidden cell can be worked out from the shown cells and the total", () => {
    fc.assert(
      fc.property(columnArb, (cells) => {
        const total = sum(cells.values());
        const out = suppressColumn(cells, total);
        const totalShown = out.total.num !== null;
        expect(totalShown).toBe(isEmptyCell(total) || isSafeCell(total));
        if (totalShown) expect(out.total).toMatchObject(total);
        checkColumn(cells, out, totalShown);
      }),
      { numRuns: 2000 },
    );
  });

  it("the same when the reader knows the total from elsewhere", () => {
    fc.assert(
      fc.property(columnArb, (cells) => {
        const out = suppressColumn(cells, sum(cells.values()), { totalKnown: true });
        expect(out.total.num).not.toBeNull();
        checkColumn(cells, out, true, true);
      }),
      { numRuns: 1000 },
    );
  });

  it("through a year: month and year to date hidden together, never shown again that year, each month's unions safe", () => {
    const yearArb = fc.array(columnArb, { minLength: 1, maxLength: 6 }).chain((months) => {
      const units = [...months[0]!.keys()];
      // Same desa every month; the year to date is the running sum of the months.
      const ms = months.map((m) => new Map(units.map((u, i) => [u, [...m.values()][i % m.size]!])));
      const ytd: Map<string, Counts>[] = [];
      ms.forEach((m, k) => ytd.push(new Map(units.map((u) => [u, k ? sum([ytd[k - 1]!.get(u)!, m.get(u)!]) : m.get(u)!]))));
      return fc.constant(ms.map((m, k) => ({ month: m, ytd: ytd[k]! })));
    });
    fc.assert(
      fc.property(yearArb, (periods) => {
        const out = suppressYear(periods);
        const before = new Set<string>();
        out.forEach((o, k) => {
          checkColumn(periods[k]!.month, o.month, o.month.total.num !== null);
          checkColumn(periods[k]!.ytd, o.ytd, o.ytd.total.num !== null);
          for (const u of periods[k]!.month.keys()) {
            const nonEmpty = !isEmptyCell(periods[k]!.month.get(u)!) && !isEmptyCell(periods[k]!.ytd.get(u)!);
            if (nonEmpty) expect(o.month.hidden.has(u), `${u} month/ytd linked in ${k}`).toBe(o.ytd.hidden.has(u));
            if (before.has(u) && !isEmptyCell(periods[k]!.ytd.get(u)!)) expect(o.ytd.hidden.has(u), `${u} stays hidden in ${k}`).toBe(true);
          }
          for (const u of [...o.month.hidden, ...o.ytd.hidden]) before.add(u);
        });
      }),
      { numRuns: 500 },
    );
  });
});
