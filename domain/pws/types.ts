/**
 * PWS (Pemantauan Wilayah Setempat): the shapes the console and the API share. Zod-free, so the
 * PWA's console chunk imports it without the validation library; the indicator definitions
 * themselves (rules, sasaran, targets, sources) live beside it in domain/pws/.
 *
 * Codes travel, words are rendered: an indicator is sent by id and the PWA renders its name from
 * the definition in the language the user chose.
 */

export const PWS_GROUPS = ["balita", "imunisasi", "ibu_hamil", "catin", "ptm", "menular", "keluarga"] as const;
export type PwsGroup = (typeof PWS_GROUPS)[number];

export interface Words {
  id: string;
  en: string;
}

/**
 * - coverage: share of the sasaran served; higher is better; the target is a minimum.
 * - prevalence: share of those examined with a finding (stunting, KEK, anaemia); lower is better;
 *   the target is a maximum.
 * - dropout: share lost between two services; lower is better; the target is a maximum.
 * - distribution: a count split into classes (IKS: sehat / pra-sehat / tidak sehat); no target.
 */
export type PwsKind = "coverage" | "prevalence" | "dropout" | "distribution";

/** What the console needs to show an indicator (the rule itself stays on the server side of domain/pws). */
export interface PwsIndicatorMeta {
  id: string; // e.g. "balita.ds"
  group: PwsGroup;
  /** Short label for a table header, e.g. "D/S", "K4", "IDL". */
  label: Words;
  /** One line: numerator ÷ denominator in words. */
  description: Words;
  kind: PwsKind;
  /** Annual target in percent (a minimum for coverage, a maximum otherwise); null when none. */
  defaultTarget: number | null;
  /** Who the denominator counts, in words (e.g. "balita 0–59 bulan di registri"). */
  sasaran: Words;
  /** The Kemenkes document the definition and the default target come from. */
  source: string;
  /** A cell drills down to the sasaran not yet served (names: only for roles that may read them). */
  drillDown: boolean;
  /**
   * The smallest denominator whose percentage means something. Below it the console shows "—"
   * with the counts (no percentage, no colour) and the CSV the counts with an empty percentage.
   * Absent: any denominator above 0.
   */
  minDenominator?: number;
  /**
   * The year to date grows through the year towards an annual target (coverage over a fixed
   * annual sasaran): colours compare the cumulative with target × month ÷ 12 and the month's own
   * figure with target ÷ 12 (Pedoman PWS KIA 2010). Absent: both with the target as set.
   */
  proRate?: boolean;
}

/** A numerator over a denominator; the console computes the percentage (den 0 → "—"). */
export interface PwsCount {
  num: number;
  den: number;
}

/** A row of the table: a desa (for a kecamatan or kabupaten view) or a dusun (for a desa view). */
export interface PwsUnit {
  code: string; // desa code, or dusun id
  name: string;
  kind: "desa" | "dusun";
  /** For a kabupaten view: the kecamatan the desa belongs to. */
  kecCode?: string;
}

export interface PwsCell {
  /** Served in the month itself. */
  month: PwsCount;
  /** Cumulative from January to the month (for coverage: against the annual sasaran). */
  ytd: PwsCount;
}

/** GET /api/pws?month=YYYY-MM[&area=code]: one month's table for an area within the caller's. */
export interface PwsTable {
  month: string; // "2026-11"
  area: { code: string; name: string; level: "kabupaten" | "kecamatan" | "desa" };
  units: PwsUnit[];
  /** Indicator ids in display order: those that apply in the area (JE only where JE is given: PwsRule.onlyWhere). */
  indicators: string[];
  /** The annual target per indicator for this area's puskesmas and year (percent), default or set. */
  targets: Record<string, number | null>;
  /** cells[indicatorId][unitCode] */
  cells: Record<string, Record<string, PwsCell>>;
  /** The whole area, per indicator. */
  total: Record<string, PwsCell>;
  /** For distribution indicators (IKS): counts per class, per unit, for the month's cumulative state. */
  classes?: Record<string, Record<string, Record<string, number>>>;
  /** When the server computed it (ISO 8601): the console shows it on a copy opened offline. */
  generatedAt: string;
}

/** GET /api/pws/trend?indicator=id&to=YYYY-MM[&area=code]: the 12 months up to `to`, per unit. */
export interface PwsTrend {
  indicator: string;
  area: { code: string; name: string; level: "kabupaten" | "kecamatan" | "desa" };
  months: string[]; // 12, oldest first
  units: PwsUnit[];
  /** series[unitCode][i] is months[i]'s month count. */
  series: Record<string, PwsCount[]>;
  total: PwsCount[];
  generatedAt: string;
}

/** One person of the sasaran not yet served: what the kader take to the homes. */
export interface PwsMissedPerson {
  personId: string;
  name: string;
  householdId: string;
  dusunId: string | null;
  dusunName: string | null;
  /** Age or pregnancy week, rendered by the console (e.g. { months: 14 } or { weeks: 30 }). */
  age: { months?: number; years?: number; weeks?: number };
  /** Codes of what is missing (e.g. "ditimbang", "k4", "mr"), rendered from the indicator's words. */
  missing: string[];
  /** The last service of this kind, if any (ISO date). */
  lastServiceDate: string | null;
}

/** GET /api/pws/missed?indicator=id&unit=code&month=YYYY-MM: names, for roles that may read health data. */
export interface PwsMissed {
  indicator: string;
  unit: PwsUnit;
  month: string;
  people: PwsMissedPerson[];
  generatedAt: string;
}

/** GET/PUT /api/pws/targets?year=YYYY[&area=kecCode]: a puskesmas's annual targets. */
export interface PwsTargets {
  kecCode: string;
  year: number;
  /** Percent per indicator id: the puskesmas's own where set, else the default. */
  targets: Record<string, number | null>;
  /** Ids whose target the puskesmas set itself. */
  custom: string[];
}
