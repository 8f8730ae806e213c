import type { Text } from "../forms/types.ts";
import { addDays, formatDateEn, formatDateId } from "./dates.ts";
import type { Derived } from "./derive.ts";
import { stableUuid } from "./hash.ts";
import type { RecordEntity } from "./referrals.ts";
import type { PersonView, TaskRule } from "./tasks.ts";

/**
 * Catin follow-up (issue 15): a bride- or groom-to-be found anaemic or with KEK at the catin
 * check is checked again after the iron-tablet / supplementary-food course. The same reading
 * (`catinFollowUp`) feeds the KUA's commitment item (domain/lintas/indicators.ts), so the count
 * the KUA sees and the pustu's task list always agree.
 */

/** The catin findings that make a follow-up: anaemia (any degree) and KEK. */
export const CATIN_FOLLOW_UP_FLAGS: readonly string[] = ["catin.anemia", "catin.anemia_berat", "catin.kek"];
/**
 * Recheck Hb and LiLA 90 days after the finding: the length of the TTD course for an anaemic
 * catin (90 tablets in 90 days, the Kemenkes protocol as BKKBN quotes it, Jan 2022), and the
 * "ukur ulang setelah 3 bulan" of the form's KEK advice. The exact interval is our reading.
 */
export const CATIN_RECHECK_DAYS = 90;

/** What the follow-up reads of one catin record: its date, id and whether it has a finding. */
export interface CatinVisit {
  id: string;
  visitDate: string;
  /** The follow-up flags it raised (`catin.anemia`, `catin.kek`, …), empty when none. */
  findings: readonly string[];
}

export interface CatinFollowUp {
  /** The last catin visit with anaemia or KEK: the one the follow-up is for. */
  source: CatinVisit;
  /** The later catin visit that closes it (by construction without the findings), or null while open. */
  doneBy: CatinVisit | null;
}

export const catinFindings = (d: Pick<Derived, "flags"> | null | undefined): string[] =>
  (d?.flags ?? []).filter((f) => CATIN_FOLLOW_UP_FLAGS.includes(f.id)).map((f) => f.id);

/**
 * A person's catin follow-up from their catin visits (any order): the last visit with a finding,
 * and the first later visit. A later visit that again finds anaemia or KEK becomes the new source
 * (the earlier follow-up was done: the recheck happened, and its own follow-up starts), so there
 * is one follow-up per person at a time. Null when no visit found anything.
 */
export function catinFollowUp(visits: readonly CatinVisit[]): CatinFollowUp | null {
  const sorted = [...visits].sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let at = -1;
  sorted.forEach((v, i) => { if (v.findings.length) at = i; });
  if (at < 0) return null;
  return { source: sorted[at]!, doneBy: sorted[at + 1] ?? null };
}

const FINDING_TEXT: Record<string, Text> = {
  "catin.anemia": { id: "anemia", en: "anaemia" },
  "catin.anemia_berat": { id: "anemia berat", en: "severe anaemia" },
  "catin.kek": { id: "KEK", en: "chronic energy deficiency" },
};

function findingsText(ids: readonly string[]): Text {
  // Severe anaemia always comes with anaemia: say it once.
  const shown = ids.includes("catin.anemia_berat") ? ids.filter((x) => x !== "catin.anemia") : ids;
  return { id: shown.map((x) => FINDING_TEXT[x]!.id).join(", "), en: shown.map((x) => FINDING_TEXT[x]!.en).join(", ") };
}

/** Anaemia or KEK at a catin check → recheck Hb/LiLA after 90 days at the pustu. */
export const catinRecheckRule: TaskRule = {
  id: "catin.cek_ulang",
  name: { id: "Catin anemia atau KEK → periksa ulang Hb/LiLA setelah 3 bulan", en: "Anaemic or undernourished bride/groom-to-be → recheck Hb/MUAC after 3 months" },
  run(v: PersonView, emit) {
    const visits: CatinVisit[] = [];
    const byId = new Map<string, RecordEntity>();
    v.records.forEach((r, i) => {
      if (r.data.formId !== "catin") return;
      visits.push({ id: r.id, visitDate: r.data.visitDate, findings: catinFindings(v.derived[i]) });
      byId.set(r.id, r);
    });
    if (!visits.length) return;
    const f = catinFollowUp(visits);
    if (!f || f.source.visitDate < v.lookbackFrom) return;
    const r = byId.get(f.source.id)!;
    const findings = findingsText(f.source.findings);
    const due = addDays(r.data.visitDate, CATIN_RECHECK_DAYS);
    emit({
      id: stableUuid(this.id, r.id), personId: v.person.id, ...(v.person.data.householdId ? { householdId: v.person.data.householdId } : {}),
      ruleId: this.id, kind: "cek_ulang", assignee: "pustu",
      title: { id: `Periksa ulang catin: ${findings.id}`, en: `Recheck the bride/groom-to-be: ${findings.en}` },
      text: { code: "catin_recheck", params: { findings, date: r.data.visitDate } },
      why: {
        id: `Aturan: ${this.name.id}. ${findings.id} pada pemeriksaan catin tanggal ${formatDateId(r.data.visitDate)}.`,
        en: `Rule: ${this.name.en}. ${findings.en} at the pre-marriage check of ${formatDateEn(r.data.visitDate)}.`,
      },
      sourceRecordId: r.id, dueDate: due, done: f.doneBy !== null,
    });
  },
};
