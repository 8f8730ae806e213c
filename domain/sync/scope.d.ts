import { type Principal } from "../access/policy.ts";
import type { DataDomain } from "../entities/registry.ts";
/**
 * What a device pulls, as a list of scope keys. Each key names one indexed column of the
 * server's sync index, so a pull is one index range scan per key and never reads rows outside
 * the caller's scope.
 */
export type ScopeColumn = "kab" | "kec" | "desa" | "dusun" | "grp";
export interface ScopeKey {
    domain: DataDomain;
    column: ScopeColumn;
    value: string;
}
/**
 * @param partyCommitmentIds for a mitra: the commitments where its office is a party (the
 *   server looks them up; the reach "party" cannot be expressed as an area).
 */
export declare function pullScope(p: Principal, partyCommitmentIds?: readonly string[]): ScopeKey[];
export declare function scopeKeyString(k: ScopeKey): string;
export declare function parseScopeKey(s: string): ScopeKey | null;
