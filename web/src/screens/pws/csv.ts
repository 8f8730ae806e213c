/**
 * The CSV writer moved to domain/util/csv.ts (issue 13: the server's monthly report files write
 * the same dialects); the console's modules keep importing it from here.
 */
export { BOM, CSV_DIALECTS, csvField, round1, toCsv, type CsvCell, type CsvDialect, type CsvDialectName } from "../../../../domain/util/csv.ts";
