/**
 * CSV for Excel (RFC 4180 quoting, CRLF line ends), shared by the PWS console's downloads
 * (web/src/screens/pws/) and the server's monthly report files (worker/routes/reports.ts).
 * Zod-free and DOM-free: the PWA's lazy chunks and the Worker both import it. A UTF-8 byte order
 * mark comes first so Excel reads the names as UTF-8, not in the PC's code page. Excel set to
 * Indonesian (id-ID) splits on the list separator ";" and reads "84,2" as a number; the standard
 * dialect uses "," and "84.2".
 */
export type CsvCell = string | number | null | undefined;

export interface CsvDialect {
  separator: "," | ";";
  decimal: "." | ",";
}

export const CSV_DIALECTS = {
  /** Excel in Indonesian: the list separator of id-ID is ";" and its decimal mark ",". */
  excel_id: { separator: ";", decimal: "," },
  standard: { separator: ",", decimal: "." },
} as const satisfies Record<string, CsvDialect>;
export type CsvDialectName = keyof typeof CSV_DIALECTS;

export const BOM = "\uFEFF";

/** A spreadsheet runs a cell that starts like a formula (OWASP "CSV injection"): text never does. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: CsvCell, d: CsvDialect): string {
  if (v === null || v === undefined) return "";
  let s: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    // No grouping: "1.234" would read as 1,234 in one dialect and 1.234 in the other.
    s = String(v);
    if (d.decimal === ",") s = s.replace(".", ",");
  } else {
    s = FORMULA_START.test(v) ? "'" + v : v;
  }
  const special = s.includes(d.separator) || /["\r\n]/.test(s) || s !== s.trim();
  return special ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole file, BOM first, one line per row. */
export function toCsv(rows: readonly (readonly CsvCell[])[], d: CsvDialect): string {
  return BOM + rows.map((r) => r.map((c) => csvField(c, d)).join(d.separator)).join("\r\n") + "\r\n";
}

/** Round for a CSV cell (one decimal for percentages); null stays empty. */
export function round1(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

/**
 * The inverse of toCsv: RFC 4180 fields (quoted fields may hold the separator, CR, LF and doubled
 * quotes), rows ended by CRLF, LF or CR, a leading BOM dropped, a last row without a line end
 * kept. What a spreadsheet reads back, for tests and scripts that check a written file. It does
 * not undo the formula guard: a cell written as "'=x" reads back as "'=x", as Excel shows it.
 */
export function parseCsv(text: string, sep: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) row.push(field), (field = "");
    else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (quoted) throw new Error("CSV: a quoted field is not closed");
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}
