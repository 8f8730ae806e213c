import type { Principal } from "../../../domain/access/policy.ts";
import { areaLevel, isAreaCode } from "../../../domain/area/codes.ts";
import { AGGREGATE_MIN_DENOMINATOR, countOf, isAggregatableMonth, isFinal, suppressColumn, type AggregateCount } from "../../../domain/aggregates/pws.ts";
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
export interface AggregateCell {
  month: AggregateCount;
  ytd: AggregateCount;
}
export interface Freshness {
  shard: string;
  kabupaten: string;
  name: string;
  /** When its month was last computed (ISO 8601), null when never. */
  computedAt: string | null;
  /** Computed after the month ended: the month's final figures. */
  final: boolean;
  rows: number;
  desa: number;
}

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
async function freshnessOf(central: Db, shards: ShardEntry[], month: string): Promise<Freshness[]> {
  const keys = shards.map((s) => shardKeyOf(s.kabupaten));
  const runs = await central.$client
    .prepare("SELECT shard, computed_at AS at, rows, desa FROM aggregate_runs WHERE month = ? AND shard IN (SELECT value FROM json_each(?))")
    .bind(month, JSON.stringify(keys))
    .all<{ shard: string; at: number; rows: number; desa: number }>();
  const byShard = new Map(runs.results.map((r) => [r.shard, r]));
  return shards.map((s, i) => {
    const r = byShard.get(keys[i]!);
    return { shard: keys[i]!, kabupaten: s.kabupaten, name: s.name, computedAt: r ? new Date(r.at).toISOString() : null, final: r ? isFinal(month, r.at) : false, rows: r?.rows ?? 0, desa: r?.desa ?? 0 };
  });
}

interface Sums {
  nm: number;
  dm: number;
  ny: number;
  dy: number;
}

/** A column of unit figures and its total: suppressed at desa level, plain above. */
function column(area: ViewArea, cells: Map<string, { num: number; den: number }>) {
  let num = 0;
  let den = 0;
  for (const c of cells.values()) (num += c.num), (den += c.den);
  if (area.unitLevel === "desa") return suppressColumn(cells, { num, den });
  return { cells: new Map([...cells].map(([u, c]) => [u, countOf(c.num, c.den)])), total: countOf(num, den) };
}

/** GET /api/aggregates: one month, every indicator, per unit of the area. */
export async function aggregatesView(db: Db, central: Db, p: Principal, month: string, areaCode: string | undefined, now: number) {
  checkMonth(month);
  const area = await viewArea(central, p, areaCode);
  const { lo, hi } = below(area.code);
  const rows = await central.$client
    .prepare(`SELECT substr(desa, 1, ?) AS unit, indicator, sum(num_month) AS nm, sum(den_month) AS dm, sum(num_ytd) AS ny, sum(den_ytd) AS dy
      FROM pws_aggregates WHERE month = ? AND desa >= ? AND desa < ? GROUP BY unit, indicator`)
    .bind(area.unitLength, month, lo, hi)
    .all<Sums & { unit: string; indicator: string }>();
  const byIndicator = new Map<string, Map<string, Sums>>();
  for (const r of rows.results) {
    let m = byIndicator.get(r.indicator);
    if (!m) byIndicator.set(r.indicator, (m = new Map()));
    m.set(r.unit, r);
  }
  const indicators = PWS_INDICATORS.map((x) => x.id).filter((id) => byIndicator.has(id));
  const cells: Record<string, Record<string, AggregateCell>> = {};
  const total: Record<string, AggregateCell> = {};
  for (const id of indicators) {
    const per = byIndicator.get(id)!;
    const m = column(area, new Map([...per].map(([u, s]) => [u, { num: s.nm, den: s.dm }])));
    const y = column(area, new Map([...per].map(([u, s]) => [u, { num: s.ny, den: s.dy }])));
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
    freshness: await freshnessOf(central, area.shards, month),
    minDenominator: AGGREGATE_MIN_DENOMINATOR,
    generatedAt: new Date(now).toISOString(),
  };
}

/** GET /api/aggregates/trend: one indicator's month figures for the 12 months up to `to`, per unit. */
export async function aggregatesTrend(db: Db, central: Db, p: Principal, indicator: string, to: string, areaCode: string | undefined, now: number) {
  checkMonth(to);
  if (!PWS_INDICATOR_BY_ID.has(indicator)) throw new ApiError(400, "unknown_indicator", `No PWS indicator ${indicator}`, { indicator });
  const area = await viewArea(central, p, areaCode);
  const months = twelveMonths(to);
  const { lo, hi } = below(area.code);
  const rows = await central.$client
    .prepare(`SELECT month, substr(desa, 1, ?) AS unit, sum(num_month) AS num, sum(den_month) AS den
      FROM pws_aggregates WHERE month >= ? AND month <= ? AND desa >= ? AND desa < ? AND indicator = ? GROUP BY month, unit`)
    .bind(area.unitLength, months[0], to, lo, hi, indicator)
    .all<{ month: string; unit: string; num: number; den: number }>();
  const byMonth = new Map<string, Map<string, { num: number; den: number }>>();
  for (const r of rows.results) {
    let m = byMonth.get(r.month);
    if (!m) byMonth.set(r.month, (m = new Map()));
    m.set(r.unit, { num: r.num, den: r.den });
  }
  const unitCodes = new Set([...area.units.map((u) => u.code), ...rows.results.map((r) => r.unit)]);
  const series: Record<string, (AggregateCount | null)[]> = Object.fromEntries([...unitCodes].map((u) => [u, months.map(() => null)]));
  const totals: (AggregateCount | null)[] = months.map((month, i) => {
    const per = byMonth.get(month);
    if (!per) return null;
    const col = column(area, per);
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
