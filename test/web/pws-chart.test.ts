import { describe, expect, it } from "vitest";
import { BAR, barGeometry, labelBox, pathOf, scaleMax, tickStep, TREND, trendGeometry, type Box } from "../../web/src/screens/pws/chart.ts";

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
/** Whether a line segment passes through a box (sampled finely: boxes are a few units wide). */
function crosses(box: Box, [x1, y1]: readonly [number, number], [x2, y2]: readonly [number, number]): boolean {
  for (let k = 0; k <= 200; k++) {
    const x = x1 + ((x2 - x1) * k) / 200;
    const y = y1 + ((y2 - y1) * k) / 200;
    if (x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1) return true;
  }
  return false;
}

describe("PWS chart geometry", () => {
  it("the scale tops the largest value or target, rounded up to 10, at least 10", () => {
    expect(scaleMax([84, 91], 95)).toBe(100);
    expect(scaleMax([104], 95)).toBe(110);
    expect(scaleMax([12.5, 30], 14)).toBe(30);
    expect(scaleMax([null, 0], null)).toBe(10);
  });

  it("bars are proportional to the value, one per desa, stacked down; the target line sits at the target", () => {
    const g = barGeometry(
      [
        { code: "a", label: "Kembahang", value: 90 },
        { code: "b", label: "Canggu", value: 45 },
        { code: "c", label: "Bakhu", value: null },
      ],
      80,
    );
    const plotW = BAR.width - BAR.label - BAR.value;
    expect(g.max).toBe(90);
    expect(g.plotW).toBe(plotW);
    expect(g.bars.map((b) => b.x)).toEqual([BAR.label, BAR.label, BAR.label]);
    expect(g.bars[0]!.w).toBeCloseTo(plotW); // 90 of 90
    expect(g.bars[1]!.w).toBeCloseTo(plotW / 2); // 45 of 90
    expect(g.bars[2]!.w).toBe(0); // no denominator: no bar
    expect(g.bars[1]!.y - g.bars[0]!.y).toBe(BAR.bar + BAR.gap);
    expect(g.targetX).toBeCloseTo(BAR.label + (80 / 90) * plotW);
    // A bar that reaches the target ends exactly on the line.
    const h = barGeometry([{ code: "a", label: "A", value: 80 }], 80);
    expect(h.bars[0]!.x + h.bars[0]!.w).toBeCloseTo(h.targetX!);
    expect(g.height).toBe(BAR.top + 3 * (BAR.bar + BAR.gap) - BAR.gap + BAR.bottom);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(g.ticks[9]!.x).toBeCloseTo(BAR.label + plotW);
    expect(tickStep(100)).toBe(20);
    expect(tickStep(30)).toBe(10);
    expect(tickStep(20)).toBe(5);
    expect(barGeometry([{ code: "a", label: "A", value: 5 }], null).targetX).toBeNull();
  });

  it("a trend line spans 12 months, breaks where a month has no denominator, and the target line is where the target is", () => {
    const values = [50, 60, null, 70, 80, 90, 100, 100, 90, 80, 70, 60];
    const g = trendGeometry(values, 80, 100);
    const plotW = TREND.width - TREND.left - TREND.right;
    const plotH = TREND.height - TREND.top - TREND.bottom;
    expect(g.xs[0]).toBe(TREND.left);
    expect(g.xs[11]).toBeCloseTo(TREND.left + plotW);
    expect(g.segments.length).toBe(2);
    expect(g.segments[0]!.length).toBe(2);
    expect(g.segments[1]!.length).toBe(9);
    expect(g.points.length).toBe(11);
    expect(g.y0).toBe(TREND.top + plotH);
    expect(g.yMax).toBe(TREND.top);
    expect(g.targetY).toBeCloseTo(TREND.top + plotH * 0.2);
    // 100 % is at the top, 50 % half-way.
    expect(g.points.find((p) => p.i === 6)!.y).toBeCloseTo(TREND.top);
    expect(g.points[0]!.y).toBeCloseTo(TREND.top + plotH / 2);
    expect(pathOf(g.segments)).toMatch(/^M34\.0 /);
    expect(pathOf(g.segments).match(/M/g)!.length).toBe(2);
  });

  it("labels never overlap: the last value sits right of its point, off the line; month names apart and inside the chart", () => {
    const months = ["Des 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "Mei 2026", "Jun 2026", "Jul 2026", "Agu 2026", "Sep 2026", "Okt 2026", "Nov 2026"];
    const series: (number | null)[][] = [
      // Kembahang in the screenshot: the last month falls (the old label, left of and above the point, sat on the line).
      [68, 69, 70, 65, 72, 85, 58, 47, 78, 60, 76, 60],
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 100], // rises to the top
      [100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 5, 0], // falls to 0
      [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50],
      [40, 60, 80, 100, 80, 60, 40, 20, 90, null, null, null], // the last months without a sasaran
      [null, null, null, null, null, null, null, null, null, null, null, 100],
    ];
    for (const values of series) {
      const g = trendGeometry(values, 85, 100, { months, valueText: (v) => v.toFixed(1).replace(".", ",") });
      const v = labelBox(g.valueLabel!);
      for (const seg of g.segments) for (let i = 1; i < seg.length; i++) expect(crosses(v, seg[i - 1]!, seg[i]!), `${values.join()}: value label on the line`).toBe(false);
      for (const p of g.points) expect(overlap(v, { x0: p.x - 2.5, x1: p.x + 2.5, y0: p.y - 2.5, y1: p.y + 2.5 }), `${values.join()}: value label on a point`).toBe(false);
      const labels = [...g.monthLabels.map(labelBox), v];
      for (let i = 0; i < labels.length; i++) {
        const b = labels[i]!;
        expect(b.x0 >= 0 && b.x1 <= TREND.width && b.y0 >= 0 && b.y1 <= TREND.height, `${values.join()}: label ${i} inside`).toBe(true);
        for (let j = i + 1; j < labels.length; j++) expect(overlap(b, labels[j]!), `${values.join()}: labels ${i} and ${j}`).toBe(false);
      }
      // Below the axis: no month name crosses the line or the axis.
      for (const m of g.monthLabels) expect(labelBox(m).y0).toBeGreaterThan(g.y0);
    }
    expect(g0().monthLabels.map((l) => [l.text, l.anchor])).toEqual([["Des 2025", "start"], ["Mei 2026", "middle"], ["Nov 2026", "end"]]);
    expect(trendGeometry([null, null], 80, 100).valueLabel).toBeNull();

    function g0() {
      return trendGeometry(series[0]!, 85, 100, { months });
    }
  });
});
