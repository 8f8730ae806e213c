import type { FlagColour } from "../../../domain/forms/types.ts";
import { t } from "../i18n/index.ts";

/**
 * How a derived flag is shown as a badge, generic for every form: a flag with a chart colour
 * (MTBS merah/kuning/hijau) shows that colour and its words; otherwise the severity decides
 * (refer = red "Rujuk", risk = amber "Risiko", info = blue "Catatan").
 */
export interface FlagLike {
  severity: string;
  colour?: FlagColour | string;
}

export type FlagBadgeKind = "warn" | "danger" | "info" | "ok";

const COLOUR_KIND: Record<FlagColour, FlagBadgeKind> = { merah: "danger", kuning: "warn", hijau: "ok" };
const COLOUR_WORD = { merah: "flagColour_merah", kuning: "flagColour_kuning", hijau: "flagColour_hijau" } as const;

const isColour = (c: unknown): c is FlagColour => c === "merah" || c === "kuning" || c === "hijau";

export function flagBadgeKind(f: FlagLike): FlagBadgeKind {
  if (isColour(f.colour)) return COLOUR_KIND[f.colour];
  return f.severity === "refer" ? "danger" : f.severity === "info" ? "info" : "warn";
}

export function flagBadgeWord(f: FlagLike): string {
  if (isColour(f.colour)) return t(COLOUR_WORD[f.colour]);
  return f.severity === "refer" ? t("flagsRefer") : f.severity === "info" ? t("flagsInfo") : t("flagsRisk");
}
