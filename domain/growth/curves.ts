import { DAYS_PER_MONTH } from "./age.ts";
import type { LmsTable, TableId } from "./codec.ts";
import { lmsAt, lmsValue, tableRange, type Sex } from "./lms.ts";

/**
 * Reference lines for the growth chart, computed from L, M and S: y = M·(1 + L·S·z)^(1/L).
 * These are the lines WHO prints (its ±3 SD lines are computed the same way).
 */

export const CURVE_Z = [-3, -2, 0, 2, 3] as const;
export type CurveZ = (typeof CURVE_Z)[number];

export interface Curve {
  table: TableId;
  sex: Sex;
  /** Age in months for age-based tables (each point at day round(month × 30.4375)), else cm. */
  xUnit: "month" | "cm";
  x: number[];
  /** One line per z in CURVE_Z, aligned with x. */
  lines: { z: CurveZ; y: number[] }[];
}

/** One point a month for age (a KMS column each month), one a centimetre for length/height. */
export const CURVE_STEP_MONTHS = 1;
export const CURVE_STEP_CM = 1;

/**
 * The −3, −2, 0, +2, +3 SD lines of one table for one sex. `step` is in months (age tables) or
 * cm (length tables); an age table that starts later (arm circumference, 91 days) starts at its
 * first whole step.
 */
export function curves(indicator: TableId, sex: Sex, tables: Partial<Record<TableId, LmsTable>>, step?: number): Curve {
  const table = tables[indicator];
  if (!table) throw new Error(`curves: table "${indicator}" is not loaded (loadTable("${indicator}") first)`);
  const { min, max } = tableRange(table);
  const byAge = table.unit === "day";
  const stepX = step ?? (byAge ? CURVE_STEP_MONTHS : CURVE_STEP_CM);
  if (!(stepX > 0)) throw new Error("curves: step must be positive");
  const x: number[] = [];
  const lines = CURVE_Z.map((z) => ({ z, y: [] as number[] }));
  const first = byAge ? Math.ceil(min / DAYS_PER_MONTH / stepX - 1e-9) * stepX : min;
  for (let i = 0; ; i++) {
    const xi = Math.round((first + i * stepX) * 1e6) / 1e6;
    // anthro turns months into days by rounding half up.
    const index = byAge ? Math.floor(xi * DAYS_PER_MONTH + 0.5) : xi;
    if (index > max + 1e-9) break;
    const p = lmsAt(table, sex, Math.max(index, min));
    if (!p) break;
    x.push(xi);
    for (const line of lines) line.y.push(lmsValue(line.z, p.l, p.m, p.s));
  }
  return { table: table.id, sex, xUnit: byAge ? "month" : "cm", x, lines };
}
