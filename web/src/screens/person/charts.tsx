import { useEffect, useState } from "preact/hooks";
import { curves, type Curve } from "../../../../domain/growth/curves.ts";
import { ageInDays, daysToMonths } from "../../../../domain/growth/age.ts";
import { loadSomeTables } from "../../../../domain/growth/load.ts";
import { currentPregnancy, T1_LAST_WEEK, T2_LAST_WEEK } from "../../../../domain/rules/anc-schedule.ts";
import { formatDate, t, useLang } from "../../i18n/index.ts";
import { Loading } from "../../components/ui.tsx";
import type { Person, VisitRecord } from "../../util/people.ts";

/**
 * Pictures on the person page, in their own lazy chunk with the WHO tables they need: the growth
 * chart (hand-written SVG: the WHO −3, −2, 0, +2, +3 SD lines and the child's points) and the
 * pregnancy timeline (HPHT → HPL, trimester bands, the ANC visits).
 */

type Indicator = "wei" | "len";
const W = 340;
const H = 300;
/** Room for 18-unit labels: the chart is drawn about 0.9× on a 360 px screen, so text stays ≥ 16 px. */
const PAD = { l: 40, r: 10, t: 12, b: 46 };
/** Line colours of the KMS: the median green, ±2 SD orange-red, ±3 SD dark. */
const LINE: Record<number, { stroke: string; width: number }> = {
  [-3]: { stroke: "#1f2937", width: 1.2 },
  [-2]: { stroke: "#dc2626", width: 1.2 },
  [0]: { stroke: "#15803d", width: 1.6 },
  [2]: { stroke: "#dc2626", width: 1.2 },
  [3]: { stroke: "#1f2937", width: 1.2 },
};

interface Point {
  months: number;
  value: number;
  date: string;
}

function pointsOf(records: { data: VisitRecord }[], person: Person, ind: Indicator): Point[] {
  const out: Point[] = [];
  for (const { data: r } of records) {
    if (r.formId !== "balita") continue;
    const g = (r.derived as { growth?: { ageDays?: number | null; lengthUsedCm?: number | null } } | null | undefined)?.growth;
    let days = g?.ageDays ?? null;
    if (days === null || days === undefined) {
      const d = ageInDays(person.birthDate, r.visitDate);
      days = typeof d === "number" ? d : null;
    }
    if (days === null || days < 0) continue;
    const raw = ind === "wei" ? r.data.bb : (g?.lengthUsedCm ?? r.data.panjang_tinggi);
    if (typeof raw !== "number") continue;
    out.push({ months: daysToMonths(days), value: raw, date: r.visitDate });
  }
  return out.sort((a, b) => a.months - b.months);
}

function Chart({ curve, points, ind }: { curve: Curve; points: Point[]; ind: Indicator }) {
  const lastMonth = points.length ? points[points.length - 1]!.months : 0;
  // Show the child's part of 0–60 months: up to a year past the last point, at least 2 years.
  const xMax = Math.min(60, Math.max(24, Math.ceil((lastMonth + 12) / 6) * 6));
  const idx = curve.x.map((x, i) => [x, i] as const).filter(([x]) => x <= xMax).map(([, i]) => i);
  const lo = curve.lines[0]!.y;
  const hi = curve.lines[curve.lines.length - 1]!.y;
  let yMin = Math.min(...idx.map((i) => lo[i]!), ...points.map((p) => p.value));
  let yMax = Math.max(...idx.map((i) => hi[i]!), ...points.filter((p) => p.months <= xMax).map((p) => p.value));
  // At most about 7 labelled lines, so 16 px labels never overlap.
  const yStep = [1, 2, 5, 10, 20].find((st) => (yMax - yMin) / st <= 7) ?? 20;
  yMin = Math.floor(yMin / yStep) * yStep;
  yMax = Math.ceil(yMax / yStep) * yStep;
  const sx = (x: number) => PAD.l + (x / xMax) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - ((y - yMin) / (yMax - yMin)) * (H - PAD.t - PAD.b);
  const path = (ys: number[]) => idx.map((i, k) => `${k ? "L" : "M"}${sx(curve.x[i]!).toFixed(1)},${sy(ys[i]!).toFixed(1)}`).join("");
  const xTicks: number[] = [];
  for (let m = 0; m <= xMax; m += xMax > 36 ? 12 : 6) xTicks.push(m);
  const yTicks: number[] = [];
  for (let y = yMin; y <= yMax + 1e-9; y += yStep) yTicks.push(y);
  const shown = points.filter((p) => p.months <= xMax);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t(ind === "wei" ? "chartWfaLong" : "chartLhfaLong")} data-testid="growth-svg" class="chart">
      {yTicks.map((y) => (
        <g key={`y${y}`}>
          <line x1={PAD.l} x2={W - PAD.r} y1={sy(y)} y2={sy(y)} stroke="#e5e7eb" stroke-width="0.6" />
          <text x={PAD.l - 4} y={sy(y) + 6} text-anchor="end" font-size="18" fill="#4b5563">{y}</text>
        </g>
      ))}
      {xTicks.map((m) => (
        <g key={`x${m}`}>
          <line x1={sx(m)} x2={sx(m)} y1={PAD.t} y2={H - PAD.b} stroke="#e5e7eb" stroke-width="0.6" />
          <text x={sx(m)} y={H - PAD.b + 20} text-anchor="middle" font-size="18" fill="#4b5563">{m}</text>
        </g>
      ))}
      <text x={(PAD.l + W - PAD.r) / 2} y={H - 6} text-anchor="middle" font-size="18" fill="#4b5563">{t("chartAgeAxis")}</text>
      {curve.lines.map((l) => (
        <path key={l.z} d={path(l.y)} fill="none" stroke={LINE[l.z]!.stroke} stroke-width={LINE[l.z]!.width} data-z={l.z} />
      ))}
      {shown.length > 1 && <polyline points={shown.map((p) => `${sx(p.months).toFixed(1)},${sy(p.value).toFixed(1)}`).join(" ")} fill="none" stroke="#1d4ed8" stroke-width="1.5" />}
      {shown.map((p) => (
        <circle key={p.date + p.months} cx={sx(p.months)} cy={sy(p.value)} r="3.5" fill="#1d4ed8" data-point={p.date}>
          <title>{`${formatDate(p.date)}: ${p.value}`}</title>
        </circle>
      ))}
    </svg>
  );
}

/** The growth chart of a child, with a toggle between BB/U and PB/U–TB/U. Loads only the two WHO tables it draws. */
export function GrowthChart({ person, records }: { person: Person; records: { data: VisitRecord }[] }) {
  useLang();
  const [ind, setInd] = useState<Indicator>("wei");
  const [tables, setTables] = useState<Awaited<ReturnType<typeof loadSomeTables<Indicator>>> | null>(null);
  useEffect(() => {
    let live = true;
    loadSomeTables(["wei", "len"] as const).then((x) => live && setTables(x), (e: unknown) => console.error(e));
    return () => {
      live = false;
    };
  }, []);
  const sex = person.sex === "L" || person.sex === "P" ? person.sex : null;
  if (!sex) return null;
  const points = pointsOf(records, person, ind);
  return (
    <section class="card" data-testid="growth-chart">
      <h2>{t("chartTitle")}</h2>
      <div class="seg" role="group" aria-label={t("chartTitle")}>
        {(["wei", "len"] as const).map((k) => (
          <button key={k} type="button" class={"btn " + (ind === k ? "primary" : "secondary")} aria-pressed={ind === k} onClick={() => setInd(k)} data-ind={k}>
            {t(k === "wei" ? "chartWfa" : "chartLhfa")}
          </button>
        ))}
      </div>
      <p class="muted">{t(ind === "wei" ? "chartWfaLong" : "chartLhfaLong")}</p>
      {tables ? <Chart curve={curves(ind, sex, tables)} points={points} ind={ind} /> : <Loading />}
      {points.length === 0 && <p class="muted">{t("chartNoPoints")}</p>}
      <p class="muted small">{t("chartLegend")}</p>
    </section>
  );
}

/** Gestational length drawn on the timeline: 40 weeks (Naegele, HPHT + 280 days). */
const TERM_DAYS = 280;
const dayOf = (iso: string) => Math.floor(Date.parse(iso + "T00:00:00Z") / 86_400_000);

/** The current pregnancy on a line from HPHT to HPL, with trimester bands and the ANC visits K1–K6. */
export function AncTimeline({ records, today }: { records: { id: string; data: VisitRecord }[]; today: string }) {
  useLang();
  const preg = currentPregnancy(records.map((r) => ({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data })));
  if (!preg) return null;
  const h = dayOf(preg.hpht);
  const x = (day: number) => 10 + (Math.max(0, Math.min(TERM_DAYS + 14, day)) / (TERM_DAYS + 14)) * 320;
  const bands = [
    { from: 0, to: (T1_LAST_WEEK + 1) * 7, label: "T1", fill: "#ecfdf5" },
    { from: (T1_LAST_WEEK + 1) * 7, to: (T2_LAST_WEEK + 1) * 7, label: "T2", fill: "#eff6ff" },
    { from: (T2_LAST_WEEK + 1) * 7, to: TERM_DAYS, label: "T3", fill: "#fef3c7" },
  ];
  const seen = new Set<string>();
  const visits = preg.visits.filter((v) => (seen.has(v.visitDate) ? false : (seen.add(v.visitDate), true)));
  const todayX = x(dayOf(today) - h);
  return (
    <section class="card" data-testid="anc-timeline">
      <h2>{t("pregTitle")}</h2>
      <p>
        {t("pregHpht", { date: formatDate(preg.hpht) })} → <strong>{t("pregHpl", { date: formatDate(preg.hpl) })}</strong>
      </p>
      <svg viewBox="0 0 340 124" width="100%" role="img" aria-label={t("pregTitle")} class="chart">
        {bands.map((b) => (
          <g key={b.label}>
            <rect x={x(b.from)} y={30} width={x(b.to) - x(b.from)} height={34} fill={b.fill} stroke="#d1d5db" stroke-width="0.5" />
            <text x={(x(b.from) + x(b.to)) / 2} y={24} text-anchor="middle" font-size="18" fill="#374151">{b.label}</text>
          </g>
        ))}
        <line x1={todayX} x2={todayX} y1={24} y2={70} stroke="#1f2937" stroke-dasharray="3 2" />
        <text x={todayX} y={88} text-anchor="middle" font-size="18" fill="#1f2937">{t("pregToday")}</text>
        {visits.map((v, i) => {
          const cx = x(dayOf(v.visitDate) - h);
          return (
            <g key={v.visitDate} data-visit={v.visitDate}>
              <circle cx={cx} cy={47} r="11" fill="#0f766e" />
              <text x={cx} y={53} text-anchor="middle" font-size="18" fill="#fff">{i + 1}</text>
              <title>{t("pregVisit", { n: i + 1, date: formatDate(v.visitDate) })}</title>
            </g>
          );
        })}
        <text x={10} y={118} font-size="18" fill="#4b5563">HPHT</text>
        <text x={x(TERM_DAYS)} y={118} text-anchor="middle" font-size="18" fill="#4b5563">HPL</text>
      </svg>
      <p class="muted">{t("pregCounts", { t1: preg.counts[1], t2: preg.counts[2], t3: preg.counts[3] })}</p>
      {visits.map((v, i) => (
        <p key={v.visitDate} class="muted">{t("pregVisit", { n: i + 1, date: formatDate(v.visitDate) })}</p>
      ))}
    </section>
  );
}
