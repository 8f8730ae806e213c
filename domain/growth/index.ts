/**
 * Balita growth: WHO Child Growth Standards (2006) z-scores, nutritional-status flags, N/T and
 * chart lines. The tables load lazily (loadGrowthTables / loadTable); everything else is pure
 * and synchronous.
 */
export { ageInDays, completedMonths, DAYS_PER_MONTH, daysToMonths, isoDateToDays } from "./age.ts";
export type { LmsTable, PackedTable, TableId } from "./codec.ts";
export { CURVE_Z, curves, type Curve } from "./curves.ts";
export { GrowthInputError, growthErrors, type GrowthError, type GrowthErrorCode, type I18nText } from "./errors.ts";
export * from "./flags.ts";
export * from "./status.ts";
export { lmsAt, lmsValue, lmsZ, restrictedZ, round2, tableRange, type Lms, type Sex } from "./lms.ts";
export { loadGrowthTables, loadSomeTables, loadTable, TABLE_IDS, type GrowthTables } from "./load.ts";
export * from "./weight-gain.ts";
export * from "./zscore.ts";
