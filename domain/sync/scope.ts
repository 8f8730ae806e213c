import { areaLevel } from "../area/codes.ts";
import { POLICY, reachArea, type Principal } from "../access/policy.ts";
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

const DOMAINS: DataDomain[] = ["reference", "health", "lintas"];
const LEVEL_COLUMN = { kabupaten: "kab", kecamatan: "kec", desa: "desa" } as const;

/**
 * @param partyCommitmentIds for a mitra: the commitments where its office is a party (the
 *   server looks them up; the reach "party" cannot be expressed as an area).
 */
export function pullScope(p: Principal, partyCommitmentIds: readonly string[] = []): ScopeKey[] {
  const keys: ScopeKey[] = [];
  for (const domain of DOMAINS) {
    const reach = POLICY[p.role][`${domain}:read`];
    if (reach === false) continue;
    if (reach === "party" || reach === "office") {
      for (const id of partyCommitmentIds) keys.push({ domain, column: "grp", value: id });
      continue;
    }
    if (domain === "health" && p.dusunId) {
      keys.push({ domain, column: "dusun", value: p.dusunId });
      continue;
    }
    const area = reachArea(p, `${domain}:read`)!;
    const level = areaLevel(area);
    if (level === "provinsi") continue; // no role is bound to a provinsi
    keys.push({ domain, column: LEVEL_COLUMN[level], value: area });
  }
  return keys;
}

export function scopeKeyString(k: ScopeKey): string {
  return `${k.domain}|${k.column}|${k.value}`;
}

export function parseScopeKey(s: string): ScopeKey | null {
  const [domain, column, value] = s.split("|");
  if (!domain || !column || !value) return null;
  if (!DOMAINS.includes(domain as DataDomain)) return null;
  if (!["kab", "kec", "desa", "dusun", "grp"].includes(column)) return null;
  return { domain: domain as DataDomain, column: column as ScopeColumn, value };
}
