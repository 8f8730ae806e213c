import type { Principal } from "../../../domain/access/policy.ts";
import { areaLevel, isAreaCode } from "../../../domain/area/codes.ts";
import {
  AGGREGATE_MIN_DENOMINATOR, countOf, isAggregatableMonth, isFinal, recomputedUntil, suppressColumn, suppressYear,
  type AggregateCell, type AggregateCount, type Counts, type Freshness,
} from "../../../domain/aggregates/pws.ts";
import { PWS_INDICATORS, PWS_INDICATOR_BY_ID } from "../../../domain/pws/indicators.ts";
import { twelveMonths } from "../../../domain/pws/rules.ts";
import { shardKeyOf, shardOfArea, shardsOfProvinsi, type ShardEntry } from "../../../domain/shards/registry.ts";
import type { Db } from "../../db/client.ts";
import { ApiError, forbidden } from "../../http/errors.ts";
import { authorize } from "../../http/route.ts";
import { audit } from "../audit.ts";
import { below } from "../pws/area.ts";
import { checkMonth } from "../pws/table.ts";
import { enqueueAggregates } from "./queue.ts";
import type { Env } from "../../env.ts";

/**
 * The provincial view of the aggregates (GET /api/aggregates, /api/aggregates/trend): from the
 * central database only, never a kabupaten's. A provinsi is shown per kabupaten, a kabupaten per
 * kecamatan, a kecamatan per desa (the finest level; its small cells suppressed). Who sees what:
 * docs/ACCESS.md ("Aggregates"). Every read is audited in the reader's own database.
 */

export type AggregateLevel = "provinsi" | "kabupaten" | "kecamatan";
export interface AggregateUnit {
  code: string;
  name: string;
}
export type { AggregateCell, Freshness };

interface ViewArea {
  code: string;
  name: string;
  level: AggregateLevel;
  unitLevel: "kabupaten" | "kecamatan" | "desa";
  units: AggregateUnit[];
  /** The kabupaten databases the area's figures come from. */
  shards: ShardEntry[];
  /** Length of a unit's code (a prefix of the desa code), for GROUP BY substr. */
  unitLength: number;
}

const UNIT_LENGTH = { kabupaten: 5, kecamatan: 8, desa: 13 } as const;

/** The area of a view: named or the reader's own, within its reach, and known to the central store. */
async function viewArea(central: Db, p: Principal, code: string | undefined): Promise<ViewArea> {
  const areaCode = code ?? p.areaCode;
  if (!isAreaCode(areaCode)) throw new ApiError(422, "validation_failed", "area is not a wilayah code", { fields: { area: "not a wilayah code" } });
  const level = areaLevel(areaCode);
  if (level === "desa") throw new ApiError(422, "validation_failed", "Aggregates are shown for a provinsi, kabupaten or kecamatan", { fields: { area: "desa" } });
  authorize(p, "aggregates:read", { areaCode });
  const named = (rows: { code: string; name: string }[]) => rows.map((r) => ({ code: r.code, name: r.name }));
  const unknown = () => new ApiError(404, "unknown_area", `Area ${areaCode} is not a known wilayah code`, { area: areaCode });
  if (level === "provinsi") {
    const shards = shardsOfProvinsi(areaCode);
    const row = await central.$client.prepare("SELECT name FROM areas WHERE id = ? AND deleted = 0").bind(areaCode).first<{ name: string }>();
    if (!row && !shards.length) throw unknown();
    const stored = await namesOf(central, shards.map((s) => s.kabupaten));
    const units = shards.map((s) => ({ code: s.kabupaten, name: stored.get(s.kabupaten) ?? s.name }));
    return { code: areaCode, name: row?.name ?? areaCode, level, unitLevel: "kabupaten", units, shards, unitLength: UNIT_LENGTH.kabupaten };
  }
  const shard = shardOfArea(areaCode);
  if (!shard) throw unknown();
  const self = await central.$client.prepare("SELECT name FROM aggregate_areas WHERE code = ?").bind(areaCode).first<{ name: string }>();
  if (!self && level === "kecamatan") throw unknown();
  const unitLevel = level === "kabupaten" ? "kecamatan" : "desa";
  const units = await central.$client
    .prepare("SELECT code, name FROM aggregate_areas WHERE parent_code = ? AND level = ? ORDER BY code")
    .bind(areaCode, unitLevel)
    .all<{ code: string; name: string }>();
  return { code: areaCode, name: self?.name ?? shard.name, level, unitLevel, units: named(units.results), shards: [shard], unitLength: UNIT_LENGTH[unitLevel] };
}

async function namesOf(central: Db, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await central.$client.prepare("SELECT code, name FROM aggregate_areas WHERE code IN (SELECT value FROM json_each(?))").bind(JSON.stringify(codes)).all<{ code: string; name: string }>();
  return new Map(rows.results.map((r) => [r.code, r.name]));
}

/** The last run of each of the area's kabupaten for the month. */
async function freshnessOf(central: Db, shards: ShardEntry[], month: string, now: number): Promise<Freshness[]> {
  const keys = shards.map((s) => shardKeyOf(s.kabupaten));
  const runs = await central.$client
    .prepare("SELECT shard, computed_at AS at, rows, desa FROM aggregate_runs WHERE month = ? AND shard IN (SELECT value FROM json_each(?))")
    .bind(month, JSON.stringify(keys))
    .all<{ shard: string; at: number; rows: number; desa: number }>();
  const byShard = new Map(runs.results.map((r) => [r.shard, r]));
  return shards.map((s, i) => {
    const r = byShard.get(keys[i]!);
    return { shard: keys[i]!, kabupaten: s.kabupaten, name: s.name, computedAt: r ? new Date(r.at).toISOString() : null, final: r ? isFinal(month, now) : false, recomputedUntil: recomputedUntil(month), rows: r?.rows ?? 0, desa: r?.desa ?? 0 };
  });
}

interface Sums {
  nm: number;
  dm: number;
  ny: number;
  dy: number;
}

/** One column of unit figures (one indicator, one period): unit → counts. */
type Column = Map<string, Counts>;

function sumOf(cells: Column): Counts {
  let num = 0;
  let den = 0;
  for (const c of cells.values()) (num += c.num), (den += c.den);
  return { num, den };
}

/**
 * Who reads decides what is suppressed (domain/aggregates/pws.ts, AGGREGATE_MIN_DENOMINATOR):
 * - a dinkes provinsi: every level. Its view's total is the area's own figure in its parent's
 *   column, so the area is first placed in each column above it, from the provinsi down; if it is
 *   hidden in any (`hiddenAbove`), everything under it is hidden too, or its units would sum back
 *   to it and undo the protection of the column above.
 * - a dinkes (its own kabupaten): desa figures only; the kecamatan total is shown plainly, as in
 *   its kabupaten view, so the desa column is protected against it.
 * This function does the kabupaten and kecamatan columns; desa columns go through desaYearColumn.
 */
function column(p: Principal, cells: Column, hiddenAbove: boolean) {
  const total = sumOf(cells);
  if (p.role === "dinkes_provinsi") return suppressColumn(cells, total, { hideAll: hiddenAbove });
  return { cells: new Map([...cells].map(([u, c]) => [u, countOf(c.num, c.den)])), total: countOf(total.num, total.den) };
}

/** The columns above an area, from the provinsi down: [provinsi per kabupaten, kabupaten per kecamatan] as far as the area goes. */
function ancestry(area: ViewArea): { code: string; unitLength: number; unit: string }[] {
  const prov = area.code.slice(0, 2);
  const kab = area.code.slice(0, UNIT_LENGTH.kabupaten);
  if (area.level === "kabupaten") return [{ code: prov, unitLength: UNIT_LENGTH.kabupaten, unit: kab }];
  if (area.level === "kecamatan") return [{ code: prov, unitLength: UNIT_LENGTH.kabupaten, unit: kab }, { code: kab, unitLength: UNIT_LENGTH.kecamatan, unit: area.code }];
  return [];
}

/** Is the area's own figure hidden in one of the columns above it? `columns` from the top, each with the unit on the area's path. */
function hiddenFromAbove(columns: readonly { cells: Column; unit: string }[]): boolean {
  let hidden = false;
  for (const { cells, unit } of columns) hidden = suppressColumn(cells, sumOf(cells), { hideAll: hidden }).hidden.has(unit) || hidden;
  return hidden;
}

/** One month's sums per unit and indicator under an area: one range scan of the primary key (month, desa, indicator). */
async function monthSums(central: Db, month: string, code: string, unitLength: number): Promise<Map<string, Map<string, Sums>>> {
  const { lo, hi } = below(code);
  const rows = await central.$client
    .prepare(`SELECT substr(desa, 1, ?) AS unit, indicator, sum(num_month) AS nm, sum(den_month) AS dm, sum(num_ytd) AS ny, sum(den_ytd) AS dy
      FROM pws_aggregates WHERE month = ? AND desa >= ? AND desa < ? GROUP BY unit, indicator`)
    .bind(unitLength, month, lo, hi)
    .all<Sums & { unit: string; indicator: string }>();
  const byIndicator = new Map<string, Map<string, Sums>>();
  for (const r of rows.results) {
    let m = byIndicator.get(r.indicator);
    if (!m) byIndicator.set(r.indicator, (m = new Map()));
    m.set(r.unit, r);
  }
  return byIndicator;
}

/** The months of a year from January up to `month`: the periods suppressYear links. */
function fromJanuary(month: string): string[] {
  return Array.from({ length: Number(month.slice(5, 7)) }, (_, i) => `${month.slice(0, 4)}-${String(i + 1).padStart(2, "0")}`);
}

/**
 * The desa rows under a kecamatan for the months from..to (inclusive), optionally one indicator:
 * indicator → month → desa → sums. A kecamatan's desa × 53 indicators × up to 23 months: a few
 * thousand rows of one range scan of the primary key (month, desa, indicator) per month.
 */
async function desaMonths(central: Db, code: string, from: string, to: string, indicator?: string): Promise<Map<string, Map<string, Map<string, Sums>>>> {
  const { lo, hi } = below(code);
  const rows = await central.$client
    .prepare(`SELECT month, desa AS unit, indicator, num_month AS nm, den_month AS dm, num_ytd AS ny, den_ytd AS dy
      FROM pws_aggregates WHERE month >= ? AND month <= ? AND desa >= ? AND desa < ? AND (?5 IS NULL OR indicator = ?5)`)
    .bind(from, to, lo, hi, indicator ?? null)
    .all<Sums & { month: string; unit: string; indicator: string }>();
  const out = new Map<string, Map<string, Map<string, Sums>>>();
  for (const r of rows.results) {
    let byMonth = out.get(r.indicator);
    if (!byMonth) out.set(r.indicator, (byMonth = new Map()));
    let per = byMonth.get(r.month);
    if (!per) byMonth.set(r.month, (per = new Map()));
    per.set(r.unit, r);
  }
  return out;
}

/** A desa column through the year (suppressYear) up to `month`: the month's cells, month and year to date. */
function desaYearColumn(p: Principal, byMonth: Map<string, Map<string, Sums>> | undefined, month: string, hiddenAbove: (m: string) => boolean) {
  const periods = fromJanuary(month).map((k) => ({
    month: monthCol(byMonth?.get(k)),
    ytd: ytdCol(byMonth?.get(k)),
    hideAll: p.role === "dinkes_provinsi" && hiddenAbove(k),
    totalKnown: p.role !== "dinkes_provinsi",
  }));
  return suppressYear(periods).at(-1)!;
}

const monthCol = (per: Map<string, Sums> | undefined): Column => new Map([...(per ?? [])].map(([u, s]) => [u, { num: s.nm, den: s.dm }]));
const ytdCol = (per: Map<string, Sums> | undefined): Column => new Map([...(per ?? [])].map(([u, s]) => [u, { num: s.ny, den: s.dy }]));

/** GET /api/aggregates: one month, every indicator, per unit of the area. */
export async function aggregatesView(db: Db, central: Db, p: Principal, month: string, areaCode: string | undefined, now: number) {
  checkMonth(month);
  const area = await viewArea(central, p, areaCode);
  const year = area.unitLevel === "desa" ? await desaMonths(central, area.code, `${month.slice(0, 4)}-01`, month) : null;
  const byIndicator = year
    ? new Map([...year].filter(([, byMonth]) => byMonth.has(month)).map(([id, byMonth]) => [id, byMonth.get(month)!]))
    : await monthSums(central, month, area.code, area.unitLength);
  const above = p.role === "dinkes_provinsi" ? await Promise.all(ancestry(area).map(async (a) => ({ ...a, sums: await monthSums(central, month, a.code, a.unitLength) }))) : [];
  const indicators = PWS_INDICATORS.map((x) => x.id).filter((id) => byIndicator.has(id));
  const cells: Record<string, Record<string, AggregateCell>> = {};
  const total: Record<string, AggregateCell> = {};
  for (const id of indicators) {
    const per = byIndicator.get(id)!;
    const hiddenM = hiddenFromAbove(above.map((a) => ({ cells: monthCol(a.sums.get(id)), unit: a.unit })));
    const hiddenY = hiddenFromAbove(above.map((a) => ({ cells: ytdCol(a.sums.get(id)), unit: a.unit })));
    // Desa: linked through the year (suppressYear). The columns above are read for the month shown
    // only; earlier months' (and the levels above's own differencing) are the residual risk of
    // docs/SCALE.md, "Reading: levels and small cells".
    const { month: m, ytd: y } = year
      ? desaYearColumn(p, year.get(id), month, (k) => k === month && (hiddenM || hiddenY))
      : { month: column(p, monthCol(per), hiddenM), ytd: column(p, ytdCol(per), hiddenY) };
    cells[id] = Object.fromEntries([...per.keys()].map((u) => [u, { month: m.cells.get(u)!, ytd: y.cells.get(u)! }]));
    total[id] = { month: m.total, ytd: y.total };
  }
  await audit(db, p, { action: "aggregates.read", entity: "area", entityId: area.code, details: { month } }, now);
  return {
    month,
    area: { code: area.code, name: area.name, level: area.level },
    unitLevel: area.unitLevel,
    units: area.units,
    indicators,
    cells,
    total,
    freshness: await freshnessOf(central, area.shards, month, now),
    minDenominator: AGGREGATE_MIN_DENOMINATOR,
    generatedAt: new Date(now).toISOString(),
  };
}

/** One indicator's month figures per month and unit under an area, for the trend's months. */
async function trendSums(central: Db, indicator: string, months: readonly string[], code: string, unitLength: number): Promise<Map<string, Column>> {
  const { lo, hi } = below(code);
  const rows = await central.$client
    .prepare(`SELECT month, substr(desa, 1, ?) AS unit, sum(num_month) AS num, sum(den_month) AS den
      FROM pws_aggregates WHERE month >= ? AND month <= ? AND desa >= ? AND desa < ? AND indicator = ? GROUP BY month, unit`)
    .bind(unitLength, months[0], months.at(-1), lo, hi, indicator)
    .all<{ month: string; unit: string; num: number; den: number }>();
  const byMonth = new Map<string, Column>();
  for (const r of rows.results) {
    let m = byMonth.get(r.month);
    if (!m) byMonth.set(r.month, (m = new Map()));
    m.set(r.unit, { num: r.num, den: r.den });
  }
  return byMonth;
}

/** GET /api/aggregates/trend: one indicator's month figures for the 12 months up to `to`, per unit. */
export async function aggregatesTrend(db: Db, central: Db, p: Principal, indicator: string, to: string, areaCode: string | undefined, now: number) {
  checkMonth(to);
  if (!PWS_INDICATOR_BY_ID.has(indicator)) throw new ApiError(400, "unknown_indicator", `No PWS indicator ${indicator}`, { indicator });
  const area = await viewArea(central, p, areaCode);
  const months = twelveMonths(to);
  const byMonth = await trendSums(central, indicator, months, area.code, area.unitLength);
  const above = p.role === "dinkes_provinsi" ? await Promise.all(ancestry(area).map(async (a) => ({ ...a, byMonth: await trendSums(central, indicator, months, a.code, a.unitLength) }))) : [];
  const unitCodes = new Set([...area.units.map((u) => u.code), ...[...byMonth.values()].flatMap((m) => [...m.keys()])]);
  const series: Record<string, (AggregateCount | null)[]> = Object.fromEntries([...unitCodes].map((u) => [u, months.map(() => null)]));
  const hiddenAt = (month: string) => hiddenFromAbove(above.map((a) => ({ cells: a.byMonth.get(month) ?? new Map(), unit: a.unit })));
  const year = area.unitLevel === "desa" ? (await desaMonths(central, area.code, `${months[0]!.slice(0, 4)}-01`, to, indicator)).get(indicator) : undefined;
  const totals: (AggregateCount | null)[] = months.map((month, i) => {
    const per = byMonth.get(month);
    if (!per) return null;
    const col = area.unitLevel === "desa" ? desaYearColumn(p, year, month, (k) => k === month && hiddenAt(month)).month : column(p, per, hiddenAt(month));
    for (const [u, c] of col.cells) series[u]![i] = c;
    return col.total;
  });
  await audit(db, p, { action: "aggregates.read", entity: "area", entityId: area.code, details: { indicator, to } }, now);
  return {
    indicator,
    area: { code: area.code, name: area.name, level: area.level },
    unitLevel: area.unitLevel,
    months,
    units: area.units,
    series,
    total: totals,
    generatedAt: new Date(now).toISOString(),
  };
}

/**
 * POST /api/aggregates/publish: a dinkes refreshes its own kabupaten's month now (the same
 * message as the cron's). Answered 202 before the work is done.
 */
export async function publishAggregates(env: Env, db: Db, shard: string, p: Principal, month: string, now: number, waitUntil: (p: Promise<unknown>) => void) {
  checkMonth(month);
  if (!isAggregatableMonth(month, now)) throw new ApiError(422, "validation_failed", "month is in the future", { fields: { month: "future" } });
  const entry = shardOfArea(p.areaCode);
  // The caller's database is its kabupaten's: a principal of the central database has no kabupaten to publish.
  if (!entry || shardKeyOf(entry.kabupaten) !== shard) throw forbidden("Only a kabupaten's dinkes publishes its aggregates", { permission: "aggregates:publish" });
  authorize(p, "aggregates:publish", { areaCode: entry.kabupaten });
  const how = await enqueueAggregates(env, [{ kind: "pws-month", shard, month }], now, waitUntil);
  await audit(db, p, { action: "aggregates.publish", entity: "area", entityId: entry.kabupaten, details: { month, via: how } }, now);
  return { shard, kabupaten: entry.kabupaten, month, queued: how === "queued" };
}
