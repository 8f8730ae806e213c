import { areaAncestor } from "../area/codes.ts";
import type { DataDomain } from "../entities/registry.ts";

/** Where a row lives, as the server resolved it. */
export interface RowScope {
  /** Desa code for health rows; kecamatan (or desa) code for reference and lintas rows. */
  area: string;
  dusun: string | null;
  /** The commitment a lintas row belongs to. */
  grp: string | null;
}

/** The denormalised scope columns of sync_index for a row (one column per area level). */
export function indexColumns(domain: DataDomain, scope: RowScope) {
  return {
    domain,
    kab: areaAncestor(scope.area, "kabupaten"),
    kec: areaAncestor(scope.area, "kecamatan"),
    desa: areaAncestor(scope.area, "desa"),
    dusun: scope.dusun,
    grp: scope.grp,
  };
}
