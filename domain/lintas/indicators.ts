import { catinFollowUp, type CatinVisit } from "../rules/tasks-catin.ts";

/**
 * Live health figures for a commitment item (issue 15): the KUA promised to screen catin for
 * anaemia and KEK, so its item shows, from the pustu's catin visits, how many catin were screened,
 * how many were found anaemic or with KEK, and how many of those were followed up (the recheck
 * task of domain/rules/tasks-catin.ts is done). Counts only: no person, name or date reaches a
 * mitra (UU 27/2022 PDP; health data is a specific kind of personal data, Pasal 4 ayat 2).
 *
 * Which items show them: the items of an office kind listed in LIVE_INDICATOR_BY_OFFICE_KIND. A
 * KUA's commitments in ILP are about catin screening (ILP brief §5, the seed reports), so this
 * needs no new item field, no migration and no change to the signed content of a commitment
 * (domain/lintas/content.ts); older phones, which do not ask, keep working. A per-item indicator
 * code would be the next step if another office kind ever needs a different figure.
 */

export type LiveIndicator = "catin";

export const LIVE_INDICATOR_BY_OFFICE_KIND: Readonly<Record<string, LiveIndicator>> = { kua: "catin" };

/**
 * Small-cell suppression: a count of people with a finding is shown only when it is 0, or when
 * both it and the rest of its base are at least 5. The KUA registers every marriage, so it knows
 * who the catin of a desa are: "1 catin anaemic" (or "all 6 anaemic") in its area would tell it
 * a named person's Hb. 5 is the usual minimum cell of official statistics (e.g. the threshold of
 * 5 in Eurostat/ONS disclosure guidance; our choice among the common 3–10). Screened counts are
 * not suppressed: the KUA sees each catin's screening certificate anyway.
 * Residual risk: a reader who watches the figures change day by day can still difference them;
 * the route is audited per read for that reason.
 */
export const SMALL_CELL_MIN = 5;

/** A count, or null when it is suppressed. */
export type Cell = number | null;

export function suppress(count: number, base: number, min = SMALL_CELL_MIN): Cell {
  if (count === 0) return 0;
  return count >= min && base - count >= min ? count : null;
}

/** One catin visit as the aggregate reads it: whose (never sent on), where, when and what it found. */
export interface CatinVisitRow extends CatinVisit {
  personId: string;
  desaCode: string;
}

export interface CatinIndicator {
  indicator: "catin";
  year: number;
  minCell: number;
  /** Per desa of the item: catin screened in the year (people, not visits). */
  desa: { code: string; screened: number }[];
  /**
   * Over all the item's desa: screened; found anaemic or KEK at a visit in the year; of those,
   * followed up (a later catin visit, by now). Findings are not given per desa: with only
   * per-desa totals suppressed, the item total minus the others would reveal the small one.
   * For the same reason they are given only for an item over every desa of its kecamatan: items
   * over different sets of desa (any camat or puskesmas may write one) would otherwise subtract
   * to a suppressed desa (the whole kecamatan minus all but one). The kecamatan is the only cell.
   */
  total: { screened: number; found: Cell; followedUp: Cell };
}

/**
 * The catin figures of a year over a set of desa. `rows` are every catin visit of people of those
 * desa from the year's start up to today (later visits close a follow-up found in the year). A
 * person is counted in the desa of their latest visit in the year.
 */
export function catinIndicator(rows: readonly CatinVisitRow[], desaCodes: readonly string[], year: number, wholeKecamatan = true): CatinIndicator {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const byPerson = new Map<string, CatinVisitRow[]>();
  for (const r of rows) {
    const list = byPerson.get(r.personId);
    if (list) list.push(r);
    else byPerson.set(r.personId, [r]);
  }
  const wanted = new Set(desaCodes);
  const screenedIn = new Map<string, number>(desaCodes.map((c) => [c, 0]));
  let screened = 0;
  let found = 0;
  let followedUp = 0;
  for (const visits of byPerson.values()) {
    const inYear = visits.filter((v) => v.visitDate >= from && v.visitDate <= to).sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : 0));
    const last = inYear.at(-1);
    if (!last || !wanted.has(last.desaCode)) continue;
    screened++;
    screenedIn.set(last.desaCode, screenedIn.get(last.desaCode)! + 1);
    if (!inYear.some((v) => v.findings.length > 0)) continue;
    found++;
    // The follow-up over all their visits: done when a visit came after the last finding.
    if (catinFollowUp(visits)?.doneBy) followedUp++;
  }
  const foundCell = wholeKecamatan ? suppress(found, screened) : null;
  return {
    indicator: "catin", year, minCell: SMALL_CELL_MIN,
    desa: desaCodes.map((code) => ({ code, screened: screenedIn.get(code)! })),
    // A follow-up count of a suppressed finding count is suppressed too (it would bound it).
    total: { screened, found: foundCell, followedUp: foundCell === null ? null : found === 0 ? 0 : suppress(followedUp, found) },
  };
}
