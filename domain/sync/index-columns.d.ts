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
export declare function indexColumns(domain: DataDomain, scope: RowScope): {
    domain: DataDomain;
    kab: string | null;
    kec: string | null;
    desa: string | null;
    dusun: string | null;
    grp: string | null;
};
