import { describe, expect, it } from "vitest";
import { parseCsv } from "../../domain/util/csv.ts";
import { BOM, CSV_DIALECTS, csvField, toCsv } from "../../web/src/screens/pws/csv.ts";

const ID = CSV_DIALECTS.excel_id;
const STD = CSV_DIALECTS.standard;

describe("PWS CSV writer", () => {
  it("starts with a UTF-8 BOM and ends lines with CRLF", () => {
    const s = toCsv([["a", "b"], [1, 2]], STD);
    expect(s.startsWith(BOM)).toBe(true);
    expect(s.charCodeAt(0)).toBe(0xfeff);
    expect(s.slice(1)).toBe("a,b\r\n1,2\r\n");
    // As bytes: EF BB BF first (what Excel looks for).
    expect([...new TextEncoder().encode(s).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("separates with ';' and writes a decimal comma for Indonesian Excel", () => {
    expect(toCsv([["Desa", "%"], ["Kembahang", 84.2]], ID).slice(1)).toBe("Desa;%\r\nKembahang;84,2\r\n");
    expect(toCsv([["Desa", "%"], ["Kembahang", 84.2]], STD).slice(1)).toBe("Desa,%\r\nKembahang,84.2\r\n");
  });

  it("quotes fields holding a separator, a quote or a line break (RFC 4180), in both dialects", () => {
    expect(csvField('Dusun "Atas"', STD)).toBe('"Dusun ""Atas"""');
    expect(csvField("a,b", STD)).toBe('"a,b"');
    expect(csvField("a;b", ID)).toBe('"a;b"');
    expect(csvField("a,b", ID)).toBe("a,b"); // a comma is plain text where ';' separates
    expect(csvField("dua\nbaris", ID)).toBe('"dua\nbaris"');
    expect(csvField(" spasi", STD)).toBe('" spasi"');
    expect(csvField("biasa", ID)).toBe("biasa");
    // A decimal comma in the ";" dialect needs no quotes; in the "," dialect numbers use a point.
    expect(csvField(12.5, ID)).toBe("12,5");
    expect(csvField(12.5, STD)).toBe("12.5");
  });

  it("writes empty cells for null, undefined and non-finite numbers; integers stay plain, no grouping", () => {
    expect(toCsv([[null, undefined, Number.NaN, 1234567]], ID).slice(1)).toBe(";;;1234567\r\n");
  });

  it("never lets a text cell start a formula", () => {
    expect(csvField('=HYPERLINK("x")', STD)).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("+62812", ID)).toBe("'+62812");
    expect(csvField("-", ID)).toBe("'-");
    expect(csvField("@a", ID)).toBe("'@a");
    // Numbers are numbers, negative ones too.
    expect(csvField(-3, ID)).toBe("-3");
  });

  it("parses back to the same cells (a round trip through a minimal RFC 4180 reader)", () => {
    const rows = [["Nama", "Dusun", "%"], ['Siti "Ani"', "Pekon; Atas", 7.5], ["Budi", "a\r\nb", 100]];
    for (const d of [ID, STD]) {
      const back = parseCsv(toCsv(rows, d), d.separator);
      expect(back).toEqual(rows.map((r) => r.map((c) => (typeof c === "number" ? String(c).replace(".", d.decimal) : c))));
    }
  });
});
