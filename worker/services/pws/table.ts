import type { Principal } from "../../../domain/access/policy.ts";
import { PWS_INDICATORS, PWS_INDICATOR_BY_ID } from "../../../domain/pws/indicators.ts";
import { ageRange, annualSasaranRange, birthsRange, codesOf, cohortRange, isVitaminAMonth, monthsToDate, PWS_RULES, ruleAppliesIn, twelveMonths, type AgeBand, type BirthRange, type PwsRule } from "../../../domain/pws/rules.ts";
import type { PwsCell, PwsCount, PwsTable, PwsTrend, PwsUnit } from "../../../domain/pws/types.ts";
import { monthBounds } from "../../../domain/rules/dates.ts";
import type { Db } from "../../db/client.ts";
import { ApiError } from "../../http/errors.ts";
import { NO_DUSUN, pwsArea, unitOf, type PwsArea } from "./area.ts";
import { targetsFor } from "./targets.ts";

/**
 * The PWS month table and the 12-month trend, from four index reads and no record: the marks'
 * sums (`pws_counts`, kept by triggers), the sasaran counted from `persons` by birth date (one
 * pass over the covering index `persons_pws`, one conditional sum per age group and month),
 * households (`households_pws`) and, for the IKS classes, the month's latest marks. The queries
 * and their plans are in docs/PERFORMANCE.md ("PWS queries").
 */

type PopKey = string; // `${pop}@${month}` (at the month's end), `${pop}@y${year}` (annual sasaran), "lahir@${month}", "lahir@ytd", `c${months}@${month}` or `c${months}@ytd${month}` (due-age cohort)

interface Sasaran {
  key: PopKey;
  range: BirthRange;
}

function popKey(pop: AgeBand | "lahir", month: string): Sasaran {
  if (pop === "lahir") return { key: `lahir@${month}`, range: birthsRange(month, false) };
  return { key: `${pop}@${month}`, range: ageRange(pop, monthBounds(month).last) };
}

/** The annual sasaran of an age band in the month's year (domain/pws/rules.ts annualSasaranRange). */
function annualKey(pop: AgeBand, month: string): Sasaran {
  const year = Number(month.slice(0, 4));
  return { key: `${pop}@y${year}`, range: annualSasaranRange(pop, year) };
}

/** The due-age cohort of the month, or from January to it (domain/pws/rules.ts cohortRange). */
function cohortKey(dueMonths: number, month: string, ytd: boolean): Sasaran {
  return { key: `c${dueMonths}@${ytd ? "ytd" : ""}${month}`, range: cohortRange(dueMonths, month, ytd) };
}

/**
 * The age groups (and months) the rules need: one conditional sum each. For a month table
 * (`ytdOf` set): the due-age cohort of the month and from January, the annual sasaran of the year, every month from January for a sum over months,
 * the vitamin A months so far, births in the month and from January. For a trend: each of its
 * months (an annual sasaran once per year the months span).
 */
function sasaranFor(rules: readonly PwsRule[], months: readonly string[], ytdOf: string | null): Sasaran[] {
  const out = new Map<string, Sasaran>();
  const put = (s: Sasaran) => out.set(s.key, s);
  for (const r of rules) {
    const den = r.den;
    if (den.kind === "cohort") {
      for (const m of ytdOf ? [ytdOf] : months) put(cohortKey(den.dueMonths, m, false));
      if (ytdOf) put(cohortKey(den.dueMonths, ytdOf, true));
      continue;
    }
    if (den.kind !== "pop" || den.pop === "keluarga") continue;
    if (den.pop === "lahir") {
      for (const m of ytdOf ? [ytdOf] : months) put(popKey("lahir", m));
      if (ytdOf) put({ key: "lahir@ytd", range: birthsRange(ytdOf, true) });
    } else if (den.ytd === "annual") {
      for (const m of ytdOf ? [ytdOf] : months) put(annualKey(den.pop, m));
    } else {
      for (const m of ytdOf ? monthsToDate(ytdOf) : months) if (den.ytd !== "vita_rounds" || isVitaminAMonth(m)) put(popKey(den.pop, m));
    }
  }
  return [...out.values()];
}

/**
 * Persons of the area: per desa and dusun, a count per sasaran. Two passes over the covering index
 * `persons_pws`: the children's groups (born in the last years) only look at rows past the
 * youngest cut-off, so most rows are tested once; the adult groups are two sums over every row.
 */
function sasaranQueries(db: Db, area: PwsArea, list: readonly Sasaran[]): D1PreparedStatement[] {
  const young = (s: Sasaran) => s.range.after !== null && Number(s.range.after.slice(0, 4)) >= Number(s.range.upTo.slice(0, 4)) - CHILD_YEARS;
  const parts = [list.filter(young), list.filter((s) => !young(s))];
  const out: D1PreparedStatement[] = [];
  for (const [i, part] of parts.entries()) {
    if (!part.length) continue;
    const exprs: string[] = [];
    const params: string[] = [];
    for (const s of part) {
      const k = list.indexOf(s);
      if (s.range.after) {
        exprs.push(`sum(birth_date > ? AND birth_date <= ?) AS s${k}`);
        params.push(s.range.after, s.range.upTo);
      } else {
        exprs.push(`sum(birth_date <= ?) AS s${k}`);
        params.push(s.range.upTo);
      }
    }
    const cutoff = i === 0 ? part.map((s) => s.range.after!).sort()[0]! : null;
    out.push(db.$client
      .prepare(`SELECT scope_area AS desa, scope_dusun AS dusun, ${exprs.join(", ")} FROM persons
        WHERE scope_area >= ? AND scope_area < ? AND deleted = 0${cutoff ? " AND birth_date > ?" : ""} GROUP BY scope_area, scope_dusun`)
      .bind(...params, area.lo, area.hi, ...(cutoff ? [cutoff] : [])));
  }
  return out;
}

/** Age groups that start within this many years of the month are the children's pass. */
const CHILD_YEARS = 6;

const householdsQuery = (db: Db, area: PwsArea) =>
  db.$client.prepare("SELECT scope_area AS desa, scope_dusun AS dusun, count(*) AS n FROM households WHERE scope_area >= ? AND scope_area < ? AND deleted = 0 GROUP BY scope_area, scope_dusun").bind(area.lo, area.hi);

/** Per unit: the person counts of each sasaran and the households. */
class Population {
  readonly pop = new Map<string, Map<PopKey, number>>();
  readonly households = new Map<string, number>();
  constructor(private readonly area: PwsArea, private readonly list: readonly Sasaran[]) {}
  addPersons(rows: readonly Record<string, unknown>[]) {
    for (const r of rows) {
      const u = unitOf(this.area, r.desa as string, r.dusun as string | null);
      let m = this.pop.get(u);
      if (!m) this.pop.set(u, (m = new Map()));
      this.list.forEach((s, i) => m!.set(s.key, (m!.get(s.key) ?? 0) + Number(r[`s${i}`] ?? 0)));
    }
  }
  addHouseholds(rows: readonly Record<string, unknown>[]) {
    for (const r of rows) {
      const u = unitOf(this.area, r.desa as string, r.dusun as string | null);
      this.households.set(u, (this.households.get(u) ?? 0) + Number(r.n));
    }
  }
  get(unit: string, key: PopKey) {
    return this.pop.get(unit)?.get(key) ?? 0;
  }
}

/** Counts of marks for one unit: in a month, and summed from January to it. */
interface Counts {
  c(code: string): number;
  y(code: string): number;
}

/** A cell from a rule: the month itself, and January to the month. */
function cellOf(rule: PwsRule, month: string, counts: Counts, pop: Population, unit: string): PwsCell {
  const { num, den } = rule;
  const numMonth = counts.c(num.month) - (num.minus ? counts.c(num.minus) : 0);
  const numYtd = counts.y(num.ytd ?? num.month) - (num.minus ? counts.y(num.minus) : 0);
  let denMonth: number;
  let denYtd: number;
  if (den.kind === "marks") {
    denYtd = counts.y(den.ytd ?? den.month);
    denMonth = den.cumulative ? denYtd : counts.c(den.month);
  } else if (den.kind === "cohort") {
    // Those who reached the due age in the month, and from January (a trend reads the month only).
    denMonth = pop.get(unit, cohortKey(den.dueMonths, month, false).key);
    denYtd = pop.get(unit, cohortKey(den.dueMonths, month, true).key);
  } else if (den.pop === "keluarga") {
    denMonth = denYtd = pop.households.get(unit) ?? 0;
  } else if (den.pop === "lahir") {
    denMonth = pop.get(unit, `lahir@${month}`);
    denYtd = pop.get(unit, "lahir@ytd");
  } else if (den.ytd === "annual") {
    // The yearly screenings: the month and the cumulative both over the band as the year opened.
    denMonth = denYtd = pop.get(unit, annualKey(den.pop, month).key);
  } else {
    const months = monthsToDate(month).filter((m) => den.ytd === "sum_months" || isVitaminAMonth(m));
    denYtd = months.reduce((a, m) => a + pop.get(unit, `${den.pop}@${m}`), 0);
    denMonth = den.ytd === "vita_rounds" && !isVitaminAMonth(month) ? 0 : pop.get(unit, `${den.pop}@${month}`);
  }
  return { month: { num: numMonth, den: denMonth }, ytd: { num: numYtd, den: denYtd } };
}

/**
 * A rule that applies only in some desa (JE: the endemic areas) has no sasaran elsewhere: its
 * denominator is 0 there (shown "—"), its numerator as counted. The unit is a desa, or in a desa
 * view a dusun of the viewed desa.
 */
function applies(rule: PwsRule, area: PwsArea, unit: string): boolean {
  return ruleAppliesIn(rule, area.level === "desa" ? area.code : unit);
}

function cellIn(rule: PwsRule, month: string, counts: Counts, pop: Population, area: PwsArea, unit: string): PwsCell {
  const c = cellOf(rule, month, counts, pop, unit);
  return applies(rule, area, unit) ? c : { month: { num: c.month.num, den: 0 }, ytd: { num: c.ytd.num, den: 0 } };
}

const add = (a: PwsCount, b: PwsCount): PwsCount => ({ num: a.num + b.num, den: a.den + b.den });

/** The units of the view, with a dusun-less row when some data has no dusun. */
function unitsWith(area: PwsArea, seen: Iterable<string>): PwsUnit[] {
  const units = [...area.units];
  if (area.level === "desa" && [...seen].includes(NO_DUSUN)) units.push({ code: NO_DUSUN, name: "—", kind: "dusun" });
  return units;
}

/** Rows of pws_counts outside the known dusun of a desa view are shown on its dusun-less row. */
function knownUnit(area: PwsArea, unit: string): string {
  return area.level === "desa" && unit !== NO_DUSUN && !area.units.some((u) => u.code === unit) ? NO_DUSUN : unit;
}

export function checkMonth(month: string): void {
  const m = Number(month.slice(5, 7));
  if (!/^\d{4}-\d{2}$/.test(month) || m < 1 || m > 12) throw new ApiError(422, "validation_failed", "month is YYYY-MM", { fields: { month: "YYYY-MM" } });
}

/** GET /api/pws: one month's table of an area. */
export async function pwsTable(db: Db, p: Principal, month: string, areaCode: string | undefined, now: number): Promise<PwsTable> {
  checkMonth(month);
  const area = await pwsArea(db, p, areaCode);
  const year = Number(month.slice(0, 4));
  const rules = PWS_INDICATORS.map((x) => PWS_RULES[x.id]!);
  const list = sasaranFor(rules, monthsToDate(month), month);
  // Grouped in the index's own order (desa, dusun, code): no sort; dusun rows fold into desa in JS.
  const [counts, households, ...persons] = await db.$client.batch<Record<string, unknown>>([
    db.$client
      .prepare(`SELECT desa, dusun, code, sum(CASE WHEN month = ? THEN n ELSE 0 END) AS m, sum(n) AS y FROM pws_counts
        WHERE yr = ? AND desa >= ? AND desa < ? AND month <= ? GROUP BY desa, dusun, code`)
      .bind(month, year, area.lo, area.hi, month),
    householdsQuery(db, area),
    ...sasaranQueries(db, area, list),
  ]);
  const byUnit = new Map<string, Map<string, { m: number; y: number }>>();
  for (const r of counts!.results) {
    const u = knownUnit(area, unitOf(area, r.desa as string, r.dusun as string));
    let m = byUnit.get(u);
    if (!m) byUnit.set(u, (m = new Map()));
    const cur = m.get(r.code as string) ?? { m: 0, y: 0 };
    m.set(r.code as string, { m: cur.m + Number(r.m), y: cur.y + Number(r.y) });
  }
  const pop = new Population(area, list);
  for (const part of persons) pop.addPersons(part.results);
  pop.addHouseholds(households!.results);
  const units = unitsWith(area, [...byUnit.keys(), ...pop.pop.keys(), ...pop.households.keys()].map((u) => knownUnit(area, u)));

  // An indicator with a sasaran only in some desa (JE) is left out of a view where none of them lies.
  const desaCodes = area.level === "desa" ? [area.code] : area.units.map((u) => u.code);
  const shown = PWS_INDICATORS.filter((x) => desaCodes.some((d) => ruleAppliesIn(PWS_RULES[x.id]!, d)));
  const cells: PwsTable["cells"] = {};
  const total: PwsTable["total"] = {};
  for (const meta of shown) {
    const rule = PWS_RULES[meta.id]!;
    const row: Record<string, PwsCell> = {};
    let sum: PwsCell = { month: { num: 0, den: 0 }, ytd: { num: 0, den: 0 } };
    for (const u of units) {
      const m = byUnit.get(u.code);
      const c = cellIn(rule, month, { c: (code) => m?.get(code)?.m ?? 0, y: (code) => m?.get(code)?.y ?? 0 }, pop, area, u.code);
      row[u.code] = c;
      sum = { month: add(sum.month, c.month), ytd: add(sum.ytd, c.ytd) };
    }
    cells[meta.id] = row;
    total[meta.id] = sum;
  }
  const classes: NonNullable<PwsTable["classes"]> = {};
  for (const meta of shown) {
    const cls = PWS_RULES[meta.id]!.classes;
    if (!cls) continue;
    const per: Record<string, Record<string, number>> = {};
    for (const u of units) {
      const m = byUnit.get(u.code);
      const y = (code: string) => m?.get(code)?.y ?? 0;
      per[u.code] = Object.fromEntries(Object.entries(cls).map(([c, { plus, minus }]) => [c, y(plus) - y(minus)]));
    }
    classes[meta.id] = per;
  }
  return {
    month,
    area: { code: area.code, name: area.name, level: area.level },
    units,
    indicators: shown.map((x) => x.id),
    targets: await targetsFor(db, area.kecCode, year),
    cells,
    total,
    classes,
    generatedAt: new Date(now).toISOString(),
  };
}

/** GET /api/pws/trend: one indicator's month cells for the 12 months up to `to`, per unit. */
export async function pwsTrend(db: Db, p: Principal, indicator: string, to: string, areaCode: string | undefined, now: number): Promise<PwsTrend> {
  checkMonth(to);
  const rule = PWS_RULES[indicator];
  if (!rule || !PWS_INDICATOR_BY_ID.has(indicator)) throw new ApiError(400, "unknown_indicator", `No PWS indicator ${indicator}`, { indicator });
  const area = await pwsArea(db, p, areaCode);
  const months = twelveMonths(to);
  const firstYear = Number(months[0]!.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  const list = sasaranFor([rule], months, null);
  const [counts, households, ...persons] = await db.$client.batch<Record<string, unknown>>([
    db.$client
      .prepare(`SELECT desa, dusun, code, month, n FROM pws_counts
        WHERE yr BETWEEN ?1 AND ?2 AND desa >= ?3 AND desa < ?4 AND month <= ?5 AND code IN (SELECT value FROM json_each(?6))`)
      .bind(firstYear, lastYear, area.lo, area.hi, to, JSON.stringify(codesOf(rule))),
    householdsQuery(db, area),
    ...sasaranQueries(db, area, list),
  ]);
  // unit → code → month → n
  const byUnit = new Map<string, Map<string, Map<string, number>>>();
  for (const r of counts!.results) {
    const u = knownUnit(area, unitOf(area, r.desa as string, r.dusun as string));
    let m = byUnit.get(u);
    if (!m) byUnit.set(u, (m = new Map()));
    let c = m.get(r.code as string);
    if (!c) m.set(r.code as string, (c = new Map()));
    c.set(r.month as string, (c.get(r.month as string) ?? 0) + Number(r.n));
  }
  const pop = new Population(area, list);
  for (const part of persons) pop.addPersons(part.results);
  pop.addHouseholds(households!.results);
  const units = unitsWith(area, [...byUnit.keys(), ...pop.pop.keys(), ...pop.households.keys()].map((u) => knownUnit(area, u)));
  const series: PwsTrend["series"] = {};
  const total: PwsCount[] = months.map(() => ({ num: 0, den: 0 }));
  for (const u of units) {
    const m = byUnit.get(u.code);
    series[u.code] = months.map((month, i) => {
      const counts: Counts = {
        c: (code) => m?.get(code)?.get(month) ?? 0,
        y: (code) => monthsToDate(month).reduce((a, x) => a + (m?.get(code)?.get(x) ?? 0), 0),
      };
      const c = cellIn(rule, month, counts, pop, area, u.code).month;
      total[i] = add(total[i]!, c);
      return c;
    });
  }
  return { indicator, area: { code: area.code, name: area.name, level: area.level }, months, units, series, total, generatedAt: new Date(now).toISOString() };
}
