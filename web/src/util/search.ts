/**
 * Tolerant name search for the registry. Names in a pekon are spelled many ways (old and new
 * spelling, doubled letters, a typo on a cracked screen), so both the query and the names are
 * folded the same way, and a word may differ by one letter once it is long enough.
 */

/** Old (pre-1972 EYD) spellings still seen on KTP: oe→u, dj→j, tj→c, j→y before a vowel is too risky. */
const FOLDS: [RegExp, string][] = [
  [/oe/g, "u"],
  [/dj/g, "j"],
  [/tj/g, "c"],
  [/sj/g, "sy"],
  [/ch/g, "kh"],
  [/ph/g, "f"],
  [/(.)\1+/g, "$1"],
];

export function fold(s: string): string {
  let out = s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9 ]+/g, " ");
  for (const [re, to] of FOLDS) out = out.replace(re, to);
  return out.replace(/\s+/g, " ").trim();
}

/** One edit (insert, delete, substitute or swap of neighbours) at most. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Words shorter than this must match as a prefix (one wrong letter in "Sri" finds everyone). */
const FUZZY_MIN_LENGTH = 4;

function wordMatches(q: string, words: string[]): boolean {
  return words.some((w) => w.startsWith(q) || (q.length >= FUZZY_MIN_LENGTH && (withinOneEdit(q, w) || withinOneEdit(q, w.slice(0, q.length)))));
}

export interface Searchable {
  words: string[];
  nik: string;
}

export function searchable(name: string, nik: string | null | undefined): Searchable {
  return { words: fold(name).split(" ").filter(Boolean), nik: nik ?? "" };
}

/**
 * The query as a test of one name, folded once: a search over 10,000 persons folds the query
 * once, not once per person.
 */
export function compileQuery(query: string): (item: Searchable) => boolean {
  const digits = query.replace(/\D/g, "");
  if (digits.length >= 4 && digits.length === query.replace(/\s/g, "").length) return (item) => item.nik.includes(digits);
  const q = fold(query).split(" ").filter(Boolean);
  if (q.length === 0) return () => false;
  return (item) => q.every((w) => wordMatches(w, item.words));
}

/** True when every word of the query matches some word of the name, or the digits match the NIK. */
export function matches(query: string, item: Searchable): boolean {
  return compileQuery(query)(item);
}

/** The indexes of the items the query matches, in order (all of them: the count is shown). */
export function search(query: string, items: readonly Searchable[]): number[] {
  const test = compileQuery(query);
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) if (test(items[i]!)) out.push(i);
  return out;
}
