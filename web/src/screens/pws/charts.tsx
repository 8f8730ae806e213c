import { useId } from "preact/hooks";
import { locale } from "../../i18n/index.ts";
import { barGeometry, pathOf, TREND, trendGeometry } from "./chart.ts";
import { formatPercent, type Reach } from "./reach.ts";

/**
 * The console's charts, drawn from chart.ts's geometry. Classes colour them (the CSP allows no
 * inline style); "pws-bar", not "bar": the print sheet hides the app's header `.bar`.
 */

const formatTarget = (n: number) => n.toLocaleString(locale(), { maximumFractionDigits: 1 });

export interface BarItem {
  code: string;
  label: string;
  value: number | null;
  reach: Reach;
  /** "12 dari 15": a bar's tooltip and its accessible description. */
  tip: string;
}

/** One bar per desa (cumulative percent), the target as a dashed line. */
export function BarChart({ items, target, title, targetLabel, testid }: { items: BarItem[]; target: number | null; title: string; targetLabel: string; testid: string }) {
  const id = useId();
  const g = barGeometry(items, target);
  const pct = (v: number | null) => (v === null ? "—" : `${formatPercent(v, locale())}%`);
  return (
    <figure class="pws-chart">
      <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={`${id}-t`} data-testid={testid}>
        <title id={`${id}-t`}>{title}</title>
        {g.ticks.map((tk) => (
          <g key={tk.value} class="tick">
            <line x1={tk.x} x2={tk.x} y1={14} y2={g.height - 18} />
            <text x={tk.x} y={g.height - 4} text-anchor="middle">{tk.value}</text>
          </g>
        ))}
        {g.bars.map((b) => (
          <g key={b.code} class={`pws-bar r-${items.find((i) => i.code === b.code)?.reach ?? "none"}`} data-testid={`${testid}-bar-${b.code}`} data-value={b.value ?? ""}>
            <title>{`${b.label}: ${pct(b.value)} (${items.find((i) => i.code === b.code)?.tip ?? ""})`}</title>
            <text x={b.x - 6} y={b.y + b.h / 2 + 5} text-anchor="end" class="lbl">{b.label.length > 14 ? b.label.slice(0, 13) + "…" : b.label}</text>
            <rect x={b.x} y={b.y} width={Math.max(b.w, 0)} height={b.h} rx={2} />
            <text x={b.x + b.w + 4} y={b.y + b.h / 2 + 5} class="val">{pct(b.value)}</text>
          </g>
        ))}
        {g.targetX !== null && (
          <g class="target" data-testid={`${testid}-target`}>
            <title>{`${targetLabel}: ${target === null ? "" : formatTarget(target)}%`}</title>
            <line x1={g.targetX} x2={g.targetX} y1={10} y2={g.height - 18} />
            <text x={g.targetX} y={10} text-anchor={g.targetX > g.width * 0.7 ? "end" : "middle"}>{`${targetLabel} ${target === null ? "" : formatTarget(target)}%`}</text>
          </g>
        )}
      </svg>
    </figure>
  );
}

/** A desa's 12 months: month percent as a line (broken where a month has no sasaran), the target dashed. */
export function TrendChart({ values, months, target, max, title }: { values: (number | null)[]; months: string[]; target: number | null; max: number; title: string }) {
  const id = useId();
  const g = trendGeometry(values, target, Math.ceil(max / 10) * 10, { months, valueText: (v) => formatPercent(v, locale()) });
  return (
    <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="pws-trend">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{values.map((v, i) => `${months[i] ?? i}: ${v === null ? "—" : formatPercent(v, locale()) + "%"}`).join("; ")}</desc>
      <line class="axis" x1={TREND.left} x2={g.width - TREND.right} y1={g.y0} y2={g.y0} />
      <text class="ax" x={TREND.left - 4} y={g.y0 + 4} text-anchor="end">0</text>
      <text class="ax" x={TREND.left - 4} y={g.yMax + 8} text-anchor="end">{g.max}</text>
      {g.targetY !== null && <line class="target" x1={TREND.left} x2={g.width - TREND.right} y1={g.targetY} y2={g.targetY} />}
      <path class="line" d={pathOf(g.segments)} />
      {g.points.map((p) => <circle key={p.i} class="pt" cx={p.x} cy={p.y} r={2.5} />)}
      {g.monthLabels.map((l) => (
        <text key={`${l.x}`} class="ax" x={l.x} y={l.y} text-anchor={l.anchor}>{l.text}</text>
      ))}
      {g.valueLabel && <text class="val" x={g.valueLabel.x} y={g.valueLabel.y} text-anchor={g.valueLabel.anchor}>{g.valueLabel.text}</text>}
    </svg>
  );
}
