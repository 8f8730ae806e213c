import { can, type Principal } from "../../../domain/access/policy.ts";
import { areaAncestor, areaLevel, areaWithin, isAreaCode } from "../../../domain/area/codes.ts";
import { PWS_INDICATORS, PWS_INDICATOR_BY_ID } from "../../../domain/pws/indicators.ts";
import type { PwsTargets } from "../../../domain/pws/types.ts";
import type { Db } from "../../db/client.ts";
import { ApiError, forbidden } from "../../http/errors.ts";
import { audit } from "../audit.ts";

/** A target is a percentage. */
export const TARGET_MIN = 0;
export const TARGET_MAX = 100;

const DEFAULTS: Readonly<Record<string, number | null>> = Object.fromEntries(PWS_INDICATORS.map((x) => [x.id, x.defaultTarget]));

/** The targets of a kecamatan's puskesmas for a year: its own where set, else the defaults (a kabupaten view: the defaults). */
export async function targetsFor(db: Db, kecCode: string | null, year: number): Promise<Record<string, number | null>> {
  const out = { ...DEFAULTS };
  if (!kecCode) return out;
  const rows = await db.$client.prepare("SELECT indicator, target FROM pws_targets WHERE kec_code = ? AND year = ?").bind(kecCode, year).all<{ indicator: string; target: number }>();
  for (const r of rows.results) if (r.indicator in out) out[r.indicator] = r.target;
  return out;
}

/**
 * The kecamatan a targets request is about: the one named (a desa names its kecamatan), else the
 * caller's. A caller bound above a kecamatan (dinkes) names one.
 */
function kecamatanOf(p: Principal, area: string | undefined): string {
  const code = area ?? p.areaCode;
  if (!isAreaCode(code)) throw new ApiError(422, "validation_failed", "area is not a wilayah code", { fields: { area: "not a wilayah code" } });
  const kec = areaAncestor(code, "kecamatan");
  if (!kec || (areaLevel(code) !== "kecamatan" && areaLevel(code) !== "desa")) {
    throw new ApiError(422, "validation_failed", "Targets belong to a kecamatan: name one in `area`", { fields: { area: "a kecamatan code" } });
  }
  return kec;
}

async function knownArea(db: Db, code: string) {
  const row = await db.$client.prepare("SELECT 1 AS ok FROM areas WHERE id = ? AND deleted = 0").bind(code).first();
  if (!row) throw new ApiError(404, "unknown_area", `Area ${code} is not a known wilayah code`, { area: code });
}

async function answer(db: Db, kecCode: string, year: number): Promise<PwsTargets> {
  const rows = await db.$client.prepare("SELECT indicator FROM pws_targets WHERE kec_code = ? AND year = ? ORDER BY indicator").bind(kecCode, year).all<{ indicator: string }>();
  return { kecCode, year, targets: await targetsFor(db, kecCode, year), custom: rows.results.map((r) => r.indicator).filter((id) => PWS_INDICATOR_BY_ID.has(id)) };
}

/**
 * GET /api/pws/targets: who reads the kecamatan's PWS reads its targets; a pustu those of the
 * kecamatan its desa belongs to (the same figures its own table is coloured against).
 */
export async function getTargets(db: Db, p: Principal, year: number, area: string | undefined): Promise<PwsTargets> {
  const kec = kecamatanOf(p, area);
  if (!can(p, "pws:read", { areaCode: kec }) && !(can(p, "pws:read") && areaWithin(p.areaCode, kec))) throw forbidden("Outside your role or area", { permission: "pws:read" });
  await knownArea(db, kec);
  return answer(db, kec, year);
}

/**
 * PUT /api/pws/targets: a puskesmas sets its kecamatan's annual targets (a dinkes any kecamatan of
 * its kabupaten). A number sets one; null goes back to the default. Audited (ids, never values of people).
 */
export async function putTargets(db: Db, p: Principal, body: { year: number; area?: string; targets: Record<string, number | null> }, now: number): Promise<PwsTargets> {
  const kec = kecamatanOf(p, body.area);
  if (!can(p, "pws:targets", { areaCode: kec })) throw forbidden("Outside your role or area", { permission: "pws:targets" });
  await knownArea(db, kec);
  const fields: Record<string, string> = {};
  for (const [id, value] of Object.entries(body.targets)) {
    const meta = PWS_INDICATOR_BY_ID.get(id);
    if (!meta) fields[id] = "unknown indicator";
    else if (meta.kind === "distribution" && value !== null) fields[id] = "a distribution has no target";
    else if (value !== null && !(value >= TARGET_MIN && value <= TARGET_MAX)) fields[id] = `between ${TARGET_MIN} and ${TARGET_MAX}`;
  }
  if (Object.keys(fields).length) throw new ApiError(422, "validation_failed", "Some targets are not valid", { fields });
  const set = Object.entries(body.targets).filter((e): e is [string, number] => e[1] !== null);
  const reset = Object.entries(body.targets).filter(([, v]) => v === null).map(([id]) => id);
  const stmts: D1PreparedStatement[] = [];
  for (const [id, value] of set) {
    stmts.push(db.$client
      .prepare("INSERT INTO pws_targets (kec_code, year, indicator, target, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kec_code, year, indicator) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
      .bind(kec, body.year, id, value, now, p.userId));
  }
  for (const id of reset) stmts.push(db.$client.prepare("DELETE FROM pws_targets WHERE kec_code = ? AND year = ? AND indicator = ?").bind(kec, body.year, id));
  if (stmts.length) await db.$client.batch(stmts);
  await audit(db, p, { action: "pws.targets", entity: "pws_targets", entityId: kec, details: { year: body.year, set: set.map(([id]) => id), reset } }, now);
  return answer(db, kec, body.year);
}
