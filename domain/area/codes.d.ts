/**
 * Kemendagri wilayah codes: "18" provinsi, "18.04" kabupaten, "18.04.10" kecamatan,
 * "18.04.10.2001" desa/kelurahan. Hierarchy is encoded in the code itself, so "is this
 * area inside that scope" is a prefix test and needs no lookup.
 */
export type AreaLevel = "provinsi" | "kabupaten" | "kecamatan" | "desa";
export declare function isAreaCode(code: string): boolean;
export declare function areaLevel(code: string): AreaLevel;
/** True when `code` is `scope` itself or lies below it. */
export declare function areaWithin(code: string, scope: string): boolean;
/** The ancestor of `code` at `level`, or null when `code` sits above that level. */
export declare function areaAncestor(code: string, level: AreaLevel): string | null;
