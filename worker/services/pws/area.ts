import { can, type Permission, type Principal } from "../../../domain/access/policy.ts";
import { areaAncestor, areaLevel, areaWithin, isAreaCode } from "../../../domain/area/codes.ts";
import type { PwsUnit } from "../../../domain/pws/types.ts";
import type { Db } from "../../db/client.ts";
import { ApiError, forbidden } from "../../http/errors.ts";

/** An area a PWS view covers, its rows (desa, or dusun for a desa) and the range of desa codes it spans. */
export interface PwsArea {
  code: string;
  name: string;
  level: "kabupaten" | "kecamatan" | "desa";
  units: PwsUnit[];
  /** Desa codes in [lo, hi): one desa, or every desa under a kecamatan or kabupaten. */
  lo: string;
  hi: string;
  /** The kecamatan whose puskesmas sets the targets (null for a kabupaten). */
  kecCode: string | null;
}

/** A dusun-less row of a desa view (persons or households without a dusun). */
export const NO_DUSUN = "-";

/** Codes below `code`: from "code." up to "code/" ('/' follows '.' in ASCII). */
export const below = (code: string) => ({ lo: `${code}.`, hi: `${code}/` });

/**
 * The area of a PWS view: the caller's own unless another is named; it must lie within what the
 * caller's `perm` reaches (docs/ACCESS.md). Unknown codes are 404 `unknown_area`.
 */
export async function pwsArea(db: Db, p: Principal, code: string | undefined, perm: Permission = "pws:read"): Promise<PwsArea> {
  const areaCode = code ?? p.areaCode;
  if (!isAreaCode(areaCode)) throw new ApiError(422, "validation_failed", "area is not a wilayah code", { fields: { area: "not a wilayah code" } });
  const level = areaLevel(areaCode);
  if (level === "provinsi") throw new ApiError(422, "validation_failed", "PWS covers a kabupaten, kecamatan or desa", { fields: { area: "provinsi" } });
  if (!can(p, perm, { areaCode })) throw forbidden("Outside your role or area", { permission: perm });
  const row = await db.$client.prepare("SELECT name FROM areas WHERE id = ? AND deleted = 0").bind(areaCode).first<{ name: string }>();
  if (!row) throw new ApiError(404, "unknown_area", `Area ${areaCode} is not a known wilayah code`, { area: areaCode });
  if (level === "desa") {
    const dusun = await db.$client.prepare("SELECT id, name FROM dusun WHERE desa_code = ? AND deleted = 0 ORDER BY name, id").bind(areaCode).all<{ id: string; name: string }>();
    const units: PwsUnit[] = dusun.results.map((d) => ({ code: d.id, name: d.name, kind: "dusun" }));
    return { code: areaCode, name: row.name, level, units, lo: areaCode, hi: `${areaCode}\u0000`, kecCode: areaAncestor(areaCode, "kecamatan") };
  }
  const { lo, hi } = below(areaCode);
  const desa = await db.$client
    .prepare("SELECT id, name, parent_code AS kec FROM areas WHERE id >= ? AND id < ? AND level = 'desa' AND deleted = 0 ORDER BY id")
    .bind(lo, hi)
    .all<{ id: string; name: string; kec: string }>();
  const units: PwsUnit[] = desa.results.map((d) => ({ code: d.id, name: d.name, kind: "desa", ...(level === "kabupaten" ? { kecCode: d.kec } : {}) }));
  return { code: areaCode, name: row.name, level, units, lo, hi, kecCode: level === "kecamatan" ? areaCode : null };
}

/** The unit a row of counts belongs to in this view: its desa, or in a desa view its dusun. */
export function unitOf(area: PwsArea, desa: string, dusun: string | null): string {
  if (area.level !== "desa") return desa;
  return dusun ? dusun : NO_DUSUN;
}

/** Whether a desa lies in the view (for rows read by range). */
export const inArea = (area: PwsArea, desa: string) => (area.level === "desa" ? desa === area.code : areaWithin(desa, area.code));
