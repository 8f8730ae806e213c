import { can, type Principal } from "../../../domain/access/policy.ts";
import { areaLevel, isAreaCode } from "../../../domain/area/codes.ts";
import { ageAt } from "../../../domain/forms/engine.ts";
import { ANTIGEN_BY_ID, IMMUNISATION_SCHEDULE, type Antigen } from "../../../domain/forms/imunisasi-v1.ts";
import { PWS_INDICATOR_BY_ID } from "../../../domain/pws/indicators.ts";
import { antigenMark, MARK } from "../../../domain/pws/marks.ts";
import { ageRange, annualSasaranOf, birthsRange, cohortOf, isVitaminAMonth, monthsToDate, PWS_RULES, type BirthRange } from "../../../domain/pws/rules.ts";
import type { PwsMissed, PwsMissedPerson, PwsUnit } from "../../../domain/pws/types.ts";
import { addMonths, monthBounds } from "../../../domain/rules/dates.ts";
import { recommendedDate } from "../../../domain/rules/immunisation.ts";
import { UUID_RE } from "../../../domain/util/uuid.ts";
import type { Db } from "../../db/client.ts";
import { ApiError, forbidden } from "../../http/errors.ts";
import { audit } from "../audit.ts";
import { checkMonth } from "./table.ts";

/**
 * GET /api/pws/missed: the sasaran of one desa or dusun whom an indicator's service has not yet
 * reached by the month, with what is missing: the list the kader take to the homes. Names are
 * personal data: the caller needs health:read over the unit (a camat, who sees the aggregates,
 * does not), and the read is audited (indicator, unit and count; no names).
 */

/** At most this many persons in one list (a desa's balita are a few hundred). */
export const MISSED_MAX = 2000;
/** A pregnancy's visits are looked for in the 11 months up to the month (HPHT to 42 weeks and the K1 month). */
export const PREGNANCY_WINDOW_MONTHS = 11;

interface Candidate {
  id: string;
  birthDate: string;
}

/** How one indicator's list is drawn: who is in it, and what each still lacks (empty: served). */
interface MissedRule {
  /** Mark codes read for the unit. */
  codes: string[];
  /** Candidates: persons of an age group at a date, marked pregnant, or holding a mark (among). */
  who: { range: BirthRange } | { pregnant: true } | { among: string; from: string };
  form: string;
  missing(has: (code: string, from: string, to?: string) => boolean, at: (code: string) => string[], c: Candidate): string[];
}

function ruleFor(indicator: string, month: string): MissedRule | null {
  const end = monthBounds(month).last;
  const jan = `${month.slice(0, 4)}-01`;
  const window = addMonths(`${month}-01`, -(PREGNANCY_WINDOW_MONTHS - 1)).slice(0, 7);
  const due = (a: Antigen, c: Candidate) => recommendedDate(a, c.birthDate) <= end;
  // The persons a coverage indicator divides by in the year to date, as the table counts them: the
  // antigens' and IDL's due-age cohort from January, the screenings' annual sasaran.
  const annual = (id: string) => annualSasaranOf(PWS_RULES[id]!, month)!;
  const cohort = (id: string) => cohortOf(PWS_RULES[id]!, month, true)!;
  const sameMonth = (need: string, ok: string) => (has: (c: string, f: string, t?: string) => boolean, at: (c: string) => string[]) =>
    at(need).some((m) => m >= jan && m <= month && !has(ok, m, m));
  switch (indicator) {
    case "balita.ds":
      return { codes: [MARK.weighed], who: { range: ageRange("balita", end) }, form: "balita", missing: (has) => (has(MARK.weighed, month) ? [] : ["ditimbang"]) };
    case "balita.nd":
      return { codes: [MARK.weighed, MARK.gained], who: { among: MARK.weighed, from: month }, form: "balita", missing: (has) => (has(MARK.gained, month) ? [] : ["naik"]) };
    case "balita.vita": {
      const round = monthsToDate(month).filter(isVitaminAMonth).pop();
      if (!round) return null;
      return { codes: [MARK.vitaminA], who: { range: ageRange("balita_6_59", monthBounds(round).last) }, form: "balita", missing: (has) => (has(MARK.vitaminA, round) ? [] : ["vitamin_a"]) };
    }
    case "imunisasi.idl":
      return {
        codes: IMMUNISATION_SCHEDULE.filter((a) => a.basic).map((a) => antigenMark(a.id)), who: { range: cohort(indicator) }, form: "imunisasi",
        missing: (has, _at, c) => IMMUNISATION_SCHEDULE.filter((a) => a.basic && due(a, c) && !has(antigenMark(a.id), "0000-00")).map((a) => a.id),
      };
    case "imunisasi.do_dpt_mr": {
      const mr1 = ANTIGEN_BY_ID.get("mr1")!;
      return {
        codes: [antigenMark("dpt1"), antigenMark("mr1")], who: { among: antigenMark("dpt1"), from: "0000-00" }, form: "imunisasi",
        missing: (has, _at, c) => (due(mr1, c) && addMonths(c.birthDate, 60) > end && !has(antigenMark("mr1"), "0000-00") ? ["mr1"] : []),
      };
    }
    case "ibu_hamil.k1":
    case "ibu_hamil.k4":
    case "ibu_hamil.k6": {
      const k = indicator.slice(-2);
      const code = { k1: MARK.k1, k4: MARK.k4, k6: MARK.k6 }[k]!;
      return { codes: [code], who: { pregnant: true }, form: "anc", missing: (has) => (has(code, window) ? [] : [k]) };
    }
    case "ibu_hamil.risti_rujuk":
      return { codes: [MARK.referred, MARK.referralBack], who: { among: MARK.referred, from: jan }, form: "anc", missing: (has, at) => (sameMonth(MARK.referred, MARK.referralBack)(has, at) ? ["rujuk_balik"] : []) };
    case "ibu_hamil.kf":
      return { codes: [MARK.birth, MARK.kfComplete], who: { among: MARK.birth, from: jan }, form: "nifas", missing: (has, at) => (sameMonth(MARK.birth, MARK.kfComplete)(has, at) ? ["kf"] : []) };
    case "ibu_hamil.kbpp":
      return { codes: [MARK.birthRecorded, MARK.kbPostpartum], who: { among: MARK.birthRecorded, from: jan }, form: "kb", missing: (has, at) => (sameMonth(MARK.birthRecorded, MARK.kbPostpartum)(has, at) ? ["kb_pascasalin"] : []) };
    case "balita.sdidtk":
      return { codes: [MARK.kpspTwiceYear], who: { range: annual(indicator) }, form: "sdidtk", missing: (has) => (has(MARK.kpspTwiceYear, jan) ? [] : ["kpsp"]) };
    case "ibu_hamil.kn":
      return { codes: [MARK.knComplete], who: { range: birthsRange(month, true) }, form: "neonatal", missing: (has) => (has(MARK.knComplete, "0000-00") ? [] : ["kn"]) };
    case "ptm.skrining_produktif":
      return { codes: [MARK.ptmScreenedYear], who: { range: annual(indicator) }, form: "ptm", missing: (has) => (has(MARK.ptmScreenedYear, jan) ? [] : ["skrining"]) };
    case "ptm.skrining_lansia":
      return { codes: [MARK.lansiaScreenedYear], who: { range: annual(indicator) }, form: "lansia", missing: (has) => (has(MARK.lansiaScreenedYear, jan) ? [] : ["skrining"]) };
    case "menular.tb_rujuk":
      return { codes: [MARK.tbPresumptiveYear, MARK.tbExamined], who: { among: MARK.tbPresumptiveYear, from: jan }, form: "tb", missing: (has, at) => (sameMonth(MARK.tbPresumptiveYear, MARK.tbExamined)(has, at) ? ["tcm"] : []) };
  }
  if (indicator.startsWith("imunisasi.")) {
    const a = ANTIGEN_BY_ID.get(indicator.slice("imunisasi.".length));
    if (!a) return null;
    const code = antigenMark(a.id);
    return { codes: [code], who: { range: cohort(indicator) }, form: "imunisasi", missing: (has, _at, c) => (due(a, c) && !has(code, "0000-00") ? [a.id] : []) };
  }
  return null;
}

interface UnitRef {
  unit: PwsUnit;
  desa: string;
  dusun: string | null;
}

async function unitOf(db: Db, code: string): Promise<UnitRef> {
  if (isAreaCode(code) && areaLevel(code) === "desa") {
    const row = await db.$client.prepare("SELECT name FROM areas WHERE id = ? AND deleted = 0").bind(code).first<{ name: string }>();
    if (!row) throw new ApiError(404, "unknown_area", `Area ${code} is not a known wilayah code`, { area: code });
    return { unit: { code, name: row.name, kind: "desa" }, desa: code, dusun: null };
  }
  if (UUID_RE.test(code)) {
    const row = await db.$client.prepare("SELECT name, desa_code AS desa FROM dusun WHERE id = ? AND deleted = 0").bind(code).first<{ name: string; desa: string }>();
    if (row) return { unit: { code, name: row.name, kind: "dusun" }, desa: row.desa, dusun: code };
    throw new ApiError(404, "unknown_area", `No dusun ${code}`, { unit: code });
  }
  throw new ApiError(422, "validation_failed", "unit is a desa code or a dusun id", { fields: { unit: "a desa code or a dusun id" } });
}

export async function pwsMissed(db: Db, p: Principal, indicator: string, unitCode: string, month: string, now: number): Promise<PwsMissed> {
  checkMonth(month);
  const meta = PWS_INDICATOR_BY_ID.get(indicator);
  if (!meta) throw new ApiError(400, "unknown_indicator", `No PWS indicator ${indicator}`, { indicator });
  if (!meta.drillDown) throw new ApiError(400, "no_drill_down", `${indicator} has no list of persons`, { indicator });
  const ref = await unitOf(db, unitCode);
  if (!can(p, "pws:read", { areaCode: ref.desa })) throw forbidden("Outside your role or area", { permission: "pws:read" });
  // Names: only for who may read the health data of this unit.
  if (!can(p, "health:read", { areaCode: ref.desa, dusunId: ref.dusun })) throw forbidden("Names of the sasaran need health:read over this unit", { permission: "health:read" });
  const rule = ruleFor(indicator, month);
  const people = rule ? await listMissed(db, ref, rule, month) : [];
  await audit(db, p, { action: "pws.missed", entity: "area", entityId: ref.desa, details: { indicator, unit: unitCode, month, count: people.length } }, now);
  return { indicator, unit: ref.unit, month, people, generatedAt: new Date(now).toISOString() };
}

async function listMissed(db: Db, ref: UnitRef, rule: MissedRule, month: string): Promise<PwsMissedPerson[]> {
  const marks = await db.$client
    .prepare(`SELECT person_id AS p, code, month FROM pws_marks WHERE code IN (SELECT value FROM json_each(?1)) AND desa = ?2 AND (?3 = '' OR dusun = ?3) AND month <= ?4`)
    .bind(JSON.stringify(rule.codes), ref.desa, ref.dusun ?? "", month)
    .all<{ p: string; code: string; month: string }>();
  const byPerson = new Map<string, Map<string, string[]>>();
  for (const m of marks.results) {
    let codes = byPerson.get(m.p);
    if (!codes) byPerson.set(m.p, (codes = new Map()));
    codes.set(m.code, [...(codes.get(m.code) ?? []), m.month]);
  }
  const select = `SELECT p.id, p.name, p.household_id AS hh, p.scope_dusun AS dusun, d.name AS dusun_name, p.birth_date AS birth
    FROM persons p LEFT JOIN dusun d ON d.id = p.scope_dusun WHERE p.scope_area = ?1 AND p.deleted = 0 AND (?2 = '' OR p.scope_dusun = ?2)`;
  let q: D1PreparedStatement;
  if ("range" in rule.who) {
    const { after, upTo } = rule.who.range;
    q = db.$client.prepare(`${select} AND p.birth_date > ?3 AND p.birth_date <= ?4 ORDER BY p.scope_dusun, p.name LIMIT ${MISSED_MAX}`).bind(ref.desa, ref.dusun ?? "", after ?? "", upTo);
  } else if ("pregnant" in rule.who) {
    q = db.$client.prepare(`${select} AND p.pregnant = 1 ORDER BY p.scope_dusun, p.name LIMIT ${MISSED_MAX}`).bind(ref.desa, ref.dusun ?? "");
  } else {
    const { among, from } = rule.who;
    const ids = [...byPerson].filter(([, codes]) => (codes.get(among) ?? []).some((m) => m >= from && m <= month)).map(([id]) => id);
    q = db.$client.prepare(`${select} AND p.id IN (SELECT value FROM json_each(?3)) ORDER BY p.scope_dusun, p.name LIMIT ${MISSED_MAX}`).bind(ref.desa, ref.dusun ?? "", JSON.stringify(ids));
  }
  const persons = (await q.all<{ id: string; name: string; hh: string; dusun: string | null; dusun_name: string | null; birth: string }>()).results;
  const out: PwsMissedPerson[] = [];
  for (const r of persons) {
    const codes = byPerson.get(r.id);
    const at = (code: string) => codes?.get(code) ?? [];
    const has = (code: string, from: string, to = month) => at(code).some((m) => m >= from && m <= to);
    const missing = rule.missing(has, at, { id: r.id, birthDate: r.birth });
    if (!missing.length) continue;
    const age = ageAt(r.birth, monthBounds(month).last);
    out.push({
      personId: r.id, name: r.name, householdId: r.hh, dusunId: r.dusun, dusunName: r.dusun_name,
      age: age ? (age.years < 5 ? { months: age.months } : { years: age.years }) : {},
      missing, lastServiceDate: null,
    });
  }
  if (out.length) {
    const last = await db.$client
      .prepare("SELECT person_id AS p, max(visit_date) AS d FROM records WHERE person_id IN (SELECT value FROM json_each(?1)) AND form_id = ?2 AND deleted = 0 GROUP BY person_id")
      .bind(JSON.stringify(out.map((x) => x.personId)), rule.form)
      .all<{ p: string; d: string }>();
    const byId = new Map(last.results.map((r) => [r.p, r.d]));
    for (const x of out) x.lastServiceDate = byId.get(x.personId) ?? null;
  }
  return out;
}
