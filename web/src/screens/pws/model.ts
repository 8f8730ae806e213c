import { PWS_GROUPS, type PwsCell, type PwsGroup, type PwsIndicatorMeta, type PwsMissed, type PwsMissedPerson, type PwsTable, type PwsTrend, type Words } from "../../../../domain/pws/types.ts";
import type { CsvCell } from "./csv.ts";
import { round1 } from "./csv.ts";
import { belowMinimum, formatPercent, negativeDropout, reach, shownPercent, targetAt, type Reach } from "./reach.ts";

/** The screen logic of the console, without the DOM: what each cell shows and what each CSV holds. */

export type Lang = "id" | "en";

export { NAME_ROLES, PWS_ROLES, TARGET_ROLES } from "./roles.ts";

export const words = (w: Words, lang: Lang) => w[lang] || w.id;

export function metaById(metas: readonly PwsIndicatorMeta[]): Map<string, PwsIndicatorMeta> {
  return new Map(metas.map((m) => [m.id, m]));
}

export interface Column {
  meta: PwsIndicatorMeta;
  target: number | null;
}

/** The table's indicators by group, in the groups' order and the server's order within a group; ids this PWA does not know are left out. */
export function columnGroups(table: Pick<PwsTable, "indicators" | "targets">, metas: readonly PwsIndicatorMeta[]): { group: PwsGroup; columns: Column[] }[] {
  const byId = metaById(metas);
  const out: { group: PwsGroup; columns: Column[] }[] = [];
  for (const group of PWS_GROUPS) {
    const columns = table.indicators.flatMap((id) => {
      const meta = byId.get(id);
      return meta && meta.group === group ? [{ meta, target: table.targets[id] ?? null }] : [];
    });
    if (columns.length) out.push({ group, columns });
  }
  return out;
}

/**
 * Why a figure is shown without colour though it has a denominator: "small" (below the
 * indicator's minimum: "—", the counts only), "negative" (a negative drop-out: shown, not coloured).
 */
export type FigureNote = "small" | "negative" | null;

export interface FigureView {
  value: number | null;
  text: string;
  reach: Reach;
  num: number;
  den: number;
  /** The target this figure is compared with (pro-rated where the indicator says so), or null. */
  target: number | null;
  note: FigureNote;
}

/** A cell as shown: the cumulative (year-to-date) figure against the target to date; `month` the month's own against its share. */
export interface CellView extends FigureView {
  month: FigureView;
}

function figureView(meta: PwsIndicatorMeta, count: PwsCell["ytd"] | undefined, target: number | null, locale: string): FigureView {
  const c = count ?? { num: 0, den: 0 };
  const value = shownPercent(meta, c);
  const note: FigureNote = belowMinimum(meta, c) ? "small" : negativeDropout(meta.kind, value) ? "negative" : null;
  return { value, text: formatPercent(value, locale), reach: reach(meta.kind, value, target), num: c.num, den: c.den, target, note };
}

/**
 * A cell of the table for `month`: the year to date against targetAt(…, "ytd") (a pro-rated
 * indicator: target × month ÷ 12), and the month against targetAt(…, "month") (target ÷ 12).
 */
export function cellView(col: Column, cell: PwsCell | undefined, locale: string, month: string): CellView {
  return {
    ...figureView(col.meta, cell?.ytd, targetAt(col.meta, col.target, month, "ytd"), locale),
    month: figureView(col.meta, cell?.month, targetAt(col.meta, col.target, month, "month"), locale),
  };
}

// --- months ---

export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

export function isMonth(s: string | null | undefined): s is string {
  return !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** The months a picker offers: the current one and the 23 before it, newest first. */
export function monthChoices(current: string, count = 24): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(current, -i));
}

export function monthLabel(month: string, locale: string, style: "long" | "short" = "long"): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(locale, { month: style, year: "numeric", timeZone: "UTC" });
}

// --- the sasaran not yet served ---

export interface AgeWords {
  months: string;
  years: string;
  weeks: string;
}

export function ageText(age: PwsMissedPerson["age"], w: AgeWords): string {
  if (age.weeks !== undefined) return w.weeks.replace("{n}", String(age.weeks));
  if (age.years !== undefined) return w.years.replace("{n}", String(age.years));
  if (age.months !== undefined) return w.months.replace("{n}", String(age.months));
  return "—";
}

/**
 * A missing-service code in words: its words in domain/pws (PWS_MISSING_WORDS), else the label of
 * the indicator it names (an id ending in ".<code>", or the code itself), else the code as written.
 */
export function missingText(code: string, metas: readonly PwsIndicatorMeta[], lang: Lang, missingWords: Readonly<Record<string, Words>> = {}): string {
  const own = missingWords[code];
  if (own) return words(own, lang);
  const m = metas.find((x) => x.id === code || x.id.endsWith("." + code));
  return m ? words(m.label, lang) : code.replace(/_/g, " ");
}

/** The list the kader take to the homes: by dusun, then name. */
export function sortMissed(people: readonly PwsMissedPerson[], locale: string): PwsMissedPerson[] {
  return [...people].sort((a, b) => (a.dusunName ?? "").localeCompare(b.dusunName ?? "", locale) || a.name.localeCompare(b.name, locale));
}

// --- CSV rows (headers in the user's language, numbers as numbers) ---

export interface CsvWords {
  unit: string;
  code: string;
  groupHeader: string;
  group: (g: PwsGroup) => string;
  indicator: string;
  target: string;
  monthNum: string;
  monthDen: string;
  monthPct: string;
  ytdNum: string;
  ytdDen: string;
  ytdPct: string;
  /** The target the year to date is compared with (pro-rated to the month where the indicator says so). */
  targetYtd: string;
  total: string;
}

/**
 * One row per unit and indicator (and the area's total): a long table that pivots in Excel. The
 * percentages are empty where the console shows "—" (no denominator, or one below the
 * indicator's minimum); the counts are always there. The last column is the target the year to
 * date is compared with (the annual target pro-rated to the month for a pro-rated indicator).
 */
export function tableCsvRows(table: PwsTable, metas: readonly PwsIndicatorMeta[], lang: Lang, w: CsvWords): CsvCell[][] {
  const rows: CsvCell[][] = [[w.unit, w.code, w.groupHeader, w.indicator, w.target, w.monthNum, w.monthDen, w.monthPct, w.ytdNum, w.ytdDen, w.ytdPct, w.targetYtd]];
  const units = [...table.units.map((u) => ({ code: u.code, name: u.name })), { code: "", name: w.total }];
  for (const { group, columns } of columnGroups(table, metas)) {
    for (const col of columns) {
      for (const u of units) {
        const cell = u.code ? table.cells[col.meta.id]?.[u.code] : table.total[col.meta.id];
        const m = cell?.month ?? { num: 0, den: 0 };
        const y = cell?.ytd ?? { num: 0, den: 0 };
        const pct = (c: typeof m) => round1(shownPercent(col.meta, c));
        rows.push([u.name, u.code, w.group(group), words(col.meta.label, lang), col.target, m.num, m.den, pct(m), y.num, y.den, pct(y), round1(targetAt(col.meta, col.target, table.month, "ytd"))]);
      }
    }
  }
  return rows;
}

/** One row per unit and month (and the area's total); the percentage empty where the console shows "—". */
export function trendCsvRows(trend: PwsTrend, w: { unit: string; code: string; month: string; num: string; den: string; pct: string; total: string }, meta: Pick<PwsIndicatorMeta, "minDenominator"> = {}): CsvCell[][] {
  const rows: CsvCell[][] = [[w.unit, w.code, w.month, w.num, w.den, w.pct]];
  const series = [...trend.units.map((u) => ({ code: u.code, name: u.name, s: trend.series[u.code] ?? [] })), { code: "", name: w.total, s: trend.total }];
  for (const u of series) {
    trend.months.forEach((month, i) => {
      const c = u.s[i] ?? { num: 0, den: 0 };
      rows.push([u.name, u.code, month, c.num, c.den, round1(shownPercent(meta, c))]);
    });
  }
  return rows;
}

/** The list the kader take: name, dusun, age, what is missing, the last service. */
export function missedCsvRows(
  missed: PwsMissed,
  metas: readonly PwsIndicatorMeta[],
  lang: Lang,
  locale: string,
  w: { name: string; dusun: string; age: string; missing: string; last: string; ages: AgeWords },
  missingWords: Readonly<Record<string, Words>> = {},
): CsvCell[][] {
  const rows: CsvCell[][] = [[w.name, w.dusun, w.age, w.missing, w.last]];
  for (const p of sortMissed(missed.people, locale)) {
    rows.push([p.name, p.dusunName ?? "", ageText(p.age, w.ages), p.missing.map((c) => missingText(c, metas, lang, missingWords)).join(", "), p.lastServiceDate ?? ""]);
  }
  return rows;
}

// --- targets ---

/** Parse a target typed by the user: "" → null (use the default), "85,5" → 85.5; undefined when not a number in 0…100. */
export function parseTarget(s: string): number | null | undefined {
  const v = s.trim().replace(",", ".");
  if (v === "") return null;
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 0 && n <= 100 ? n : undefined;
}

/**
 * The server's validation details placed at the fields. Two shapes: zod's `{issues: [{path, code}]}`
 * (path "targets.<indicator id>") and the targets service's `{fields: {<indicator id>: words}}`,
 * whose English words are read into a code (range, unknown, distribution, else other). What names
 * no field stays in `other`.
 */
export function targetIssues(details: unknown, ids: readonly string[]): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  const d = (details ?? {}) as { issues?: unknown; field?: unknown; fields?: unknown };
  const issues: { path: string; code: string }[] = [];
  if (Array.isArray(d.issues)) for (const i of d.issues as { path?: unknown; code?: unknown }[]) issues.push({ path: String(i?.path ?? ""), code: String(i?.code ?? "other") });
  if (d.fields && typeof d.fields === "object") {
    for (const [path, msg] of Object.entries(d.fields as Record<string, unknown>)) {
      const m = String(msg);
      issues.push({ path, code: /between/i.test(m) ? "range" : /unknown/i.test(m) ? "unknown" : /distribution/i.test(m) ? "distribution" : "other" });
    }
  }
  if (typeof d.field === "string") issues.push({ path: d.field, code: "other" });
  for (const i of issues) {
    const id = ids.find((x) => i.path === x || i.path === `targets.${x}` || i.path.startsWith(`targets.${x}.`));
    if (id) byField[id] = i.code;
    else other.push(i.code);
  }
  return { byField, other };
}
