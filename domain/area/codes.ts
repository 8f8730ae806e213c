/**
 * Kemendagri wilayah codes: "18" provinsi, "18.04" kabupaten, "18.04.10" kecamatan,
 * "18.04.10.2001" desa/kelurahan. Hierarchy is encoded in the code itself, so "is this
 * area inside that scope" is a prefix test and needs no lookup.
 */
export const AREA_LEVELS = ["provinsi", "kabupaten", "kecamatan", "desa"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
export const AREA_CODE_RE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

export function isAreaCode(code: string): boolean {
  return AREA_CODE_RE.test(code);
}

export function areaLevel(code: string): AreaLevel {
  const level = AREA_LEVELS[code.split(".").length - 1];
  if (!level || !isAreaCode(code)) throw new Error(`not an area code: ${code}`);
  return level;
}

/** True when `code` is `scope` itself or lies below it. */
export function areaWithin(code: string, scope: string): boolean {
  return code === scope || code.startsWith(scope + ".");
}

/** The ancestor of `code` at `level`, or null when `code` sits above that level. */
export function areaAncestor(code: string, level: AreaLevel): string | null {
  const depth = AREA_LEVELS.indexOf(level) + 1;
  const parts = code.split(".");
  return parts.length >= depth ? parts.slice(0, depth).join(".") : null;
}
