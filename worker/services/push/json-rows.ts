/**
 * Rows as JSON array parameters (`json_each`), each under JSON_CHARS_PER_STATEMENT: a push's
 * set-wise statements bind one parameter where D1 allows at most 100 per statement, and each
 * stays well under D1's 100 KB statement size, as services/pws/marks.ts keeps its marks.
 */
export function jsonChunks(rows: readonly unknown[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (part.length && size + text.length + 1 > JSON_CHARS_PER_STATEMENT) {
      out.push(`[${part.join(",")}]`);
      part = [];
      size = 2;
    }
    part.push(text);
    size += text.length + 1;
  }
  if (part.length) out.push(`[${part.join(",")}]`);
  return out;
}

/** Characters of JSON per parameter (our choice: a push of 100 visits takes two or three). */
export const JSON_CHARS_PER_STATEMENT = 60_000;
