/**
 * Geometry of the console's charts, apart from rendering so tests can check where bars and lines
 * fall. Hand-written SVG (no chart library: the console is one small lazy chunk). Units are SVG
 * user units; the SVG scales to its box (viewBox), so 360 px phones and 1280 px laptops share it.
 */

/** The scale's top: the largest value or target rounded up to a multiple of SCALE_STEP, at least SCALE_MIN. */
export const SCALE_STEP = 10;
export const SCALE_MIN = 10;

export function scaleMax(values: readonly (number | null)[], target: number | null): number {
  const top = Math.max(SCALE_MIN, target ?? 0, ...values.map((v) => v ?? 0));
  return Math.ceil(top / SCALE_STEP) * SCALE_STEP;
}

/** Grid lines at round values: the first step that divides the scale into at most TICKS_MAX parts. */
export const TICKS_MAX = 5;
export function tickStep(max: number): number {
  return [5, 10, 20, 25, 50].find((s) => max % s === 0 && max / s <= TICKS_MAX) ?? SCALE_STEP;
}

/** Horizontal bars, one per desa: names on the left read at 360 px where vertical labels do not. */
export const BAR = { width: 360, label: 112, value: 48, bar: 18, gap: 10, top: 22, bottom: 22 } as const;

export interface BarInput {
  code: string;
  label: string;
  value: number | null;
}

export interface Bar extends BarInput {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BarGeometry {
  width: number;
  height: number;
  /** Where 0 % sits and how wide 0…max is. */
  x0: number;
  plotW: number;
  max: number;
  bars: Bar[];
  /** The target line's x, or null when the indicator has no target. */
  targetX: number | null;
  /** Grid lines (x positions and their values), at round steps (tickStep). */
  ticks: { x: number; value: number }[];
}

export function barGeometry(items: readonly BarInput[], target: number | null): BarGeometry {
  const max = scaleMax(items.map((i) => i.value), target);
  const x0 = BAR.label;
  const plotW = BAR.width - BAR.label - BAR.value;
  const xOf = (v: number) => x0 + (v / max) * plotW;
  const bars = items.map((it, i) => ({
    ...it,
    x: x0,
    y: BAR.top + i * (BAR.bar + BAR.gap),
    w: it.value === null ? 0 : xOf(Math.max(0, it.value)) - x0,
    h: BAR.bar,
  }));
  const height = BAR.top + items.length * (BAR.bar + BAR.gap) - BAR.gap + BAR.bottom;
  const step = tickStep(max);
  const ticks = Array.from({ length: max / step + 1 }, (_, i) => ({ x: xOf(i * step), value: i * step }));
  return { width: BAR.width, height, x0, plotW, max, bars, targetX: target === null ? null : xOf(target), ticks };
}

/**
 * A small trend chart per desa: 12 months on x, percent on y. The right margin holds the last
 * value's label, beside its point: a label drawn over the plot (as before) sat on the line
 * wherever the last month rose or fell.
 */
export const TREND = { width: 320, height: 120, left: 34, right: 42, top: 8, bottom: 20 } as const;

/** Font sizes (SVG user units) of the axis labels and the value label: pws.css `.pws-trend .ax`, `.val`. */
export const TREND_FONT = { axis: 10, value: 11 } as const;

/** The gap between the last point and its value's label (past the point's radius). */
export const VALUE_GAP = 6;

/**
 * A text's width in em per character, on the generous side for digits and Latin letters in the
 * app's sans-serif (SVG has no text metrics before layout): label boxes are estimates that err
 * towards keeping labels apart.
 */
export const CHAR_EM = 0.62;

export interface TextLabel {
  text: string;
  x: number;
  /** The baseline. */
  y: number;
  anchor: "start" | "middle" | "end";
  size: number;
}

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The box a label covers (ascent 0.8 em above the baseline, descent 0.2 em below). */
export function labelBox(l: TextLabel): Box {
  const w = l.text.length * l.size * CHAR_EM;
  const x0 = l.anchor === "start" ? l.x : l.anchor === "end" ? l.x - w : l.x - w / 2;
  return { x0, x1: x0 + w, y0: l.y - 0.8 * l.size, y1: l.y + 0.2 * l.size };
}

export interface TrendGeometry {
  width: number;
  height: number;
  max: number;
  /** x of each month. */
  xs: number[];
  /** The line, broken where a month has no denominator. */
  segments: [number, number][][];
  /** Every month with a value, for dots and their labels. */
  points: { i: number; x: number; y: number; value: number }[];
  targetY: number | null;
  /** y of 0 and of the scale's top. */
  y0: number;
  yMax: number;
  /** The month names under the axis: the first, the middle and the last month. */
  monthLabels: TextLabel[];
  /** The last value, to the right of its point, never over the line. */
  valueLabel: TextLabel | null;
}

export function trendGeometry(
  values: readonly (number | null)[],
  target: number | null,
  max = scaleMax(values, target),
  opts: { months?: readonly string[]; valueText?: (v: number) => string } = {},
): TrendGeometry {
  const plotW = TREND.width - TREND.left - TREND.right;
  const plotH = TREND.height - TREND.top - TREND.bottom;
  const n = values.length;
  const xs = values.map((_, i) => TREND.left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW));
  const yOf = (v: number) => TREND.top + plotH - (Math.max(0, Math.min(v, max)) / max) * plotH;
  const segments: [number, number][][] = [];
  const points: TrendGeometry["points"] = [];
  let cur: [number, number][] | null = null;
  values.forEach((v, i) => {
    if (v === null) {
      cur = null;
      return;
    }
    const p: [number, number] = [xs[i]!, yOf(v)];
    points.push({ i, x: p[0], y: p[1], value: v });
    if (!cur) segments.push((cur = []));
    cur.push(p);
  });
  const y0 = yOf(0);
  const months = opts.months ?? [];
  const monthLabels: TextLabel[] = months.length
    ? [...new Set([0, Math.floor((months.length - 1) / 2), months.length - 1])].map((i) => ({
      text: months[i] ?? "", x: xs[i] ?? TREND.left, y: TREND.height - 4, size: TREND_FONT.axis,
      anchor: i === 0 ? "start" as const : i === months.length - 1 ? "end" as const : "middle" as const,
    }))
    : [];
  // The last value's label starts right of its point, centred on it vertically, and stays inside
  // the plot's height: nothing of the line lies right of the last point.
  const last = points[points.length - 1];
  const size = TREND_FONT.value;
  const valueLabel: TextLabel | null = last
    ? {
      text: (opts.valueText ?? ((v: number) => v.toFixed(1)))(last.value), x: last.x + VALUE_GAP, anchor: "start", size,
      y: Math.min(Math.max(last.y + 0.3 * size, TREND.top + 0.8 * size), y0 + 0.3 * size),
    }
    : null;
  return { width: TREND.width, height: TREND.height, max, xs, segments, points, targetY: target === null ? null : yOf(target), y0, yMax: yOf(max), monthLabels, valueLabel };
}

/** An SVG path ("M x y L x y …") through the segments. */
export function pathOf(segments: readonly (readonly [number, number])[][]): string {
  return segments.map((s) => s.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`).join(" ")).join(" ");
}
