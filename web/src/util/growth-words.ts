import { growthStatus } from "../../../domain/growth/status.ts";
import type { NTStatus } from "../../../domain/growth/weight-gain.ts";
import type { IndicatorId } from "../../../domain/growth/zscore.ts";
import type { DerivedGrowth } from "../../../domain/rules/derive.ts";
import { getLang, t, type MessageKey } from "../i18n/index.ts";

/** The order a bidan reads a balita's result in: the KMS weight first, then stunting, then wasting. */
const ORDER: readonly IndicatorId[] = ["wfa", "lhfa", "wflh", "bmifa", "hcfa", "acfa"];

/** A z-score as written on a form: two decimals, the language's decimal mark ("-2,41" in Bahasa Indonesia). */
export function formatZ(z: number): string {
  const s = z.toFixed(2);
  return getLang() === "id" ? s.replace(".", ",") : s;
}

/** The index's name; length or height as the child was measured (PB lying, TB standing). */
export function indexName(indicator: IndicatorId, measuredAs: DerivedGrowth["measuredAs"]): string {
  const how = measuredAs === "lying" ? "_lying" : measuredAs === "standing" ? "_standing" : "";
  const key = indicator === "lhfa" || indicator === "wflh" ? `gi_${indicator}${how || "_standing"}` : `gi_${indicator}`;
  return t(key as MessageKey);
}

export interface GrowthLine {
  indicator: IndicatorId;
  z: number;
  /** The status category code (domain/growth/status.ts), null for an index without one. */
  status: string | null;
  /** The index's name as measured ("PB/U" lying, "TB/U" standing). */
  index: string;
  /** The status in words, null for an index without one. */
  word: string | null;
  /** "PB/U: Pendek (stunting) (-2,41)". */
  text: string;
}

/** Each measured index in words, the z-score beside: "BB/U: BB normal (-0,84)". */
export function growthLines(g: Pick<DerivedGrowth, "zscores" | "measuredAs">): GrowthLine[] {
  const out: GrowthLine[] = [];
  for (const indicator of ORDER) {
    const z = g.zscores[indicator];
    if (z === null || z === undefined) continue;
    const status = growthStatus(indicator, z);
    const index = indexName(indicator, g.measuredAs);
    const text = status ? t("growthLine", { index, status: t(`gs_${status}` as MessageKey), z: formatZ(z) }) : t("growthZOnly", { index, z: formatZ(z) });
    out.push({ indicator, z, status, index, word: status ? t(`gs_${status}` as MessageKey) : null, text });
  }
  return out;
}

/** N/T as the KMS says it: "Naik (N)", "Tidak naik (T)". */
export function ntWords(nt: NTStatus): string {
  return t(`nt_${nt}` as MessageKey);
}
