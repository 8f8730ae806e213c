import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, CSV_DIALECTS, parseCsv, toCsv, type CsvDialect } from "../../domain/util/csv.ts";

const DIALECTS: CsvDialect[] = [CSV_DIALECTS.excel_id, CSV_DIALECTS.standard];

/** Text cells the writer keeps as they are: anything but a formula start (toCsv prefixes "'" to those). */
const text = fc.string({ unit: fc.constantFrom("a", "Z", " ", ";", ",", '"', "\r", "\n", "\t", "=", "-", "é", "\uFEFF", "1", ".") })
  .filter((s) => !/^[=+\-@\t\r]/.test(s));
const rowsOf = <T>(cell: fc.Arbitrary<T>) => fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 });

describe("parseCsv (the inverse of toCsv)", () => {
  it("reads back every text cell toCsv wrote, in both dialects", () => {
    fc.assert(
      fc.property(rowsOf(text), fc.constantFrom(...DIALECTS), (rows, d) => {
        expect(parseCsv(toCsv(rows, d), d.separator)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it("reads back numbers with the dialect's decimal mark", () => {
    const n = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(rowsOf(n), fc.constantFrom(...DIALECTS), (rows, d) => {
        const back = parseCsv(toCsv(rows, d), d.separator);
        expect(back.map((r) => r.map((c) => Number(c.replace(d.decimal, "."))))).toEqual(rows.map((r) => r.map((c) => (Object.is(c, -0) ? 0 : c))));
      }),
    );
  });

  it("drops the BOM, takes CRLF, LF or CR as a row end and keeps a last row without one", () => {
    expect(parseCsv(`${BOM}a;b\r\nc;d\ne;f\rg;h`, ";")).toEqual([["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]);
    expect(parseCsv('"x;""y""\r\nz";w\r\n', ";")).toEqual([['x;"y"\r\nz', "w"]]);
    expect(parseCsv("", ",")).toEqual([]);
  });

  it("refuses a quoted field that is never closed", () => {
    expect(() => parseCsv('a,"b\r\n', ",")).toThrow(/not closed/);
  });
});
