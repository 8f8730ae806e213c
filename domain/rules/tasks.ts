// Definitions come from the registry (every one in the worker; those the PWA loaded on the phone)
// and titles from the catalogue: never forms/index.ts, which bundles every definition (issue 15).
import { formMeta } from "../forms/meta.ts";
import { registeredForm } from "../forms/registry.ts";
import type { AnswerValue, ReferralDestination, Text } from "../forms/types.ts";
import type { Antigen } from "../forms/imunisasi-v1.ts";
import type { AssessTables } from "../growth/zscore.ts";
import { ANC_SLOTS, ANC_TASKS_UNTIL_WEEK, currentPregnancy, TRIMESTER_LABEL, trimesterLastDay } from "./anc-schedule.ts";
import { addDays, addMonths, dateToDays, daysToDate, formatDateEn, formatDateId, formatMonthEn, formatMonthId, monthBounds, monthOf, previousMonth } from "./dates.ts";
import { deriveRecord, type Derived, type RecordLike } from "./derive.ts";
import { stableUuid } from "./hash.ts";
import { catinRecheckRule } from "./tasks-catin.ts";
import { ancDoctorRule } from "./tasks-anc-doctor.ts";
import { kbPostpartumRule, kbRevisitRule } from "./tasks-kb.ts";
import { lansiaFollowUpRule } from "./tasks-lansia.ts";
import { mtbsFollowUpRule } from "./tasks-mtbs.ts";
import { biasHpvRule } from "./tasks-bias.ts";
import { jeRule } from "./tasks-imunisasi.ts";
import { sdidtkJadwalRule, sdidtkKpspUlangRule } from "./tasks-sdidtk.ts";
import { antigensGiven, dueDate as antigenEarliest, isMissed, SLOTS } from "./immunisation.ts";
import {
  byDateThenId, decideReferrals, type ReferralMemory, referralDue, referralGroups, referralId, storedDerived,
  type Assignee, type RecordEntity, type ReferralGroup,
} from "./referrals.ts";

/**
 * Follow-up tasks from records: who does what by when, for the pustu, the kader and the
 * puskesmas. Tasks are computed, never stored: the phone and the server run the same rules on
 * the same data and get the same tasks with the same ids (derived from the rule, the source
 * record or person, and the period). A task is overdue when its due date has passed unfinished,
 * and done when a later record (or a referral's rujuk balik) satisfies it.
 */

export type TaskStatus = "open" | "done" | "overdue";
export type { Assignee };

/**
 * What a task asks, as a code and its parameters: the PWA says it as one sentence from its
 * catalogue (`task_<code>`), in the language the user picked (issue 12). Parameters are numbers,
 * texts in both languages, or dates: keys `date`, `due` and `hpl` hold YYYY-MM-DD, `month`
 * YYYY-MM. `title` and `why` stay as the rule's own wording (API, logs, tests).
 */
export type TaskTextCode =
  | "anc_first" | "anc_visit" | "imunisasi" | "imunisasi_done" | "balita_unweighed"
  | "referral" | "ptm_recheck" | "tb_contact" | "referral_no_show"
  | "catin_recheck"
  | "anc_doctor" | "kb_revisit" | "kb_postpartum"
  | "lansia_followup"
  | "mtbs_follow_up"
  | "sdidtk_kpsp_ulang" | "sdidtk_jadwal";
export type TaskParam = string | number | Text;
export interface TaskText {
  code: TaskTextCode;
  params: Readonly<Record<string, TaskParam>>;
}

export interface Task {
  /** UUID-shaped, deterministic: SHA-256 of the rule id and its key (see hash.ts). */
  id: string;
  personId: string;
  householdId?: string;
  ruleId: string;
  kind: string;
  assignee: Assignee;
  title: Text;
  /** The rule and the record that made the task. */
  why: Text;
  /** The task as a code and parameters, said as a sentence by the PWA. */
  text: TaskText;
  sourceRecordId: string | null;
  dueDate: string;
  status: TaskStatus;
  /** For referral tasks: the referral (entity id) that closes it. */
  referralId?: string;
}

export interface PersonEntity {
  id: string;
  data: { householdId?: string | null; sex?: string | null; birthDate?: string | null; pregnant?: boolean | null };
}

export interface HouseholdEntity {
  id: string;
  data: Readonly<Record<string, unknown>>;
}

export interface ReferralEntity {
  id: string;
  data: { personId: string; recordId?: string | null; reason?: string; destination?: string; referredAt?: string; outcome?: string | null; outcomeAt?: string | null };
}

export interface TaskScope {
  persons: readonly PersonEntity[];
  households?: readonly HouseholdEntity[];
  records: readonly RecordEntity[];
  referrals: readonly ReferralEntity[];
}

export interface TaskOptions {
  /** Needed to recompute balita growth when a record has no current stored derivation. */
  growthTables?: AssessTables;
  /** "missing" (default): use a record's stored `derived` when it is from this code version; "always": recompute. */
  recompute?: "missing" | "always";
}

// --- Constants ---------------------------------------------------------------------------------------

/** Records older than a year make no tasks (the PWS year; our choice). */
export const TASK_LOOKBACK_DAYS = 366;
/**
 * "Not weighed this month" is raised from the 15th, after the dusun posyandu days of the first
 * half of the month (our choice), and kept for the previous month until the child is weighed
 * or visited.
 */
export const UNWEIGHED_CHECK_FROM_DAY = 15;
/** Balita: under 60 months (WHO 2006 standards; Kemenkes penimbangan balita). */
export const BALITA_UNDER_MONTHS = 60;
/** Immunisation tasks up to 3 years (imunisasi kejar for baduta and catch-up; our choice, bidan to review). */
export const IMMUNISATION_TASKS_UNDER_MONTHS = 36;
/** Recheck of blood pressure or glucose one month after a raised result (Kemenkes PTM follow-up; our reading). */
export const PTM_RECHECK_DAYS = 30;
/** Household contacts of a TB case are screened within 2 weeks (Kemenkes Juknis Investigasi Kontak 2019). */
export const TB_CONTACT_DUE_DAYS = 14;
/**
 * Contact investigation starts from a confirmed index case (bacteriological or clinical), as the
 * Kemenkes Juknis Investigasi Kontak says. The ILP brief's rule list starts it at "terduga TB":
 * set this to true to follow the brief instead.
 */
export const CONTACT_SCREENING_ON_PRESUMPTIVE = false;
/** After a referral came back "tidak datang", the kader visits within 3 days (our choice). */
export const NO_SHOW_VISIT_DAYS = 3;

const TB_POSITIVE = new Set(["positif_rif_sensitif", "positif_rif_resisten"]);
const TB_RESULT = new Set(["negatif", "positif_rif_sensitif", "positif_rif_resisten"]);
const PTM_RECHECK_FLAGS = new Set(["hipertensi", "hipertensi_krisis", "curiga_dm"]);

export const DESTINATION_LABEL: Record<ReferralDestination, Text> = {
  pustu: { id: "pustu", en: "the pustu" },
  puskesmas: { id: "puskesmas", en: "the puskesmas" },
  rumah_sakit: { id: "rumah sakit", en: "hospital" },
  lab_tcm: { id: "laboratorium TCM", en: "the TCM laboratory" },
};

// --- Per-person view ---------------------------------------------------------------------------------

/** What a rule sees for one person: built once per person from the scope's indexes. */
export interface PersonView {
  person: PersonEntity;
  /** The person's records, oldest first (visit date, then id). */
  records: readonly RecordEntity[];
  /** The derivation of each record (same order); null when its form is unknown. */
  derived: readonly (Derived | null)[];
  /** Other members of the household (in the scope). */
  members: readonly PersonEntity[];
  /** The Kemendagri desa code of the person's household, when the scope has it (area rules: JE). */
  desaCode?: string | null;
  /** Referrals of this person by id. */
  referrals: ReadonlyMap<string, ReferralEntity>;
  /** Records of any person in the scope, for rules about others (TB contacts). */
  recordsOf: (personId: string) => readonly RecordEntity[];
  today: string;
  todayDay: number;
  /** The oldest visit date that still makes tasks (today − TASK_LOOKBACK_DAYS). */
  lookbackFrom: string;
  /** Dates that depend only on today, computed once per scope. */
  days: ScopeDays;
}

/** Per-scope dates: the months the weighing rule checks and the birth-date cut-offs of the age rules. */
export interface ScopeDays {
  /** Months checked for "not weighed": last month, and this month from the 15th. */
  weighingMonths: readonly { month: string; first: string; last: string; checkFrom: string; bornAfter: string }[];
  /** Born on or before this date: 36 months or older today (no immunisation tasks). */
  immunisationBornBy: string;
}

export function scopeDays(today: string): ScopeDays {
  const thisMonth = monthOf(today);
  const months = [previousMonth(thisMonth)];
  if (Number(today.slice(8, 10)) >= UNWEIGHED_CHECK_FROM_DAY) months.push(thisMonth);
  return {
    weighingMonths: months.map((m) => {
      const { first, last } = monthBounds(m);
      // A balita for the whole month: under 60 months when it began.
      return { month: m, first, last, checkFrom: `${m}-${String(UNWEIGHED_CHECK_FROM_DAY).padStart(2, "0")}`, bornAfter: addMonths(first, -BALITA_UNDER_MONTHS) };
    }),
    immunisationBornBy: addMonths(today, -IMMUNISATION_TASKS_UNDER_MONTHS),
  };
}

type Emit = (t: Omit<Task, "status"> & { done: boolean }) => void;

export interface TaskRule {
  id: string;
  name: Text;
  run(v: PersonView, emit: Emit): void;
}

const asRecordLike = (r: RecordEntity): RecordLike => ({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data });

// "Dari pemeriksaan ibu hamil (anc) tanggal 5 Maret 2026": built once per form version and date
// (a scope has thousands of tasks but few distinct forms and dates).
const sourceText = new Map<string, Text>();
function fromRecord(r: RecordEntity): Text {
  const key = `${r.data.formId}@${r.data.formVersion}|${r.data.visitDate}`;
  let text = sourceText.get(key);
  if (!text) {
    const title = (registeredForm(r.data.formId, r.data.formVersion) ?? formMeta(r.data.formId, r.data.formVersion))?.title ?? { id: r.data.formId, en: r.data.formId };
    text = { id: ` Dari ${title.id.toLowerCase()} tanggal ${formatDateId(r.data.visitDate)}`, en: ` From the ${title.en} of ${formatDateEn(r.data.visitDate)}` };
    if (sourceText.size > 5000) sourceText.clear();
    sourceText.set(key, text);
  }
  return text;
}

function because(rule: Text, r: RecordEntity | null, detail?: Text): Text {
  const from = r ? fromRecord(r) : null;
  // Sentences joined with ". ", never doubled after a closing parenthesis or a full stop.
  const join = (parts: (string | undefined)[]) => parts.filter((x): x is string => !!x).map((x) => x.trim().replace(/\.$/, "")).join(". ") + ".";
  return {
    id: "Aturan: " + join([rule.id, detail?.id, from?.id]),
    en: "Rule: " + join([rule.en, detail?.en, from?.en]),
  };
}

const withinLookback = (v: PersonView, r: RecordEntity) => r.data.visitDate >= v.lookbackFrom;
const householdOf = (p: PersonEntity) => (p.data.householdId ? { householdId: p.data.householdId } : {});
const str = (v: AnswerValue | undefined) => (typeof v === "string" ? v : null);

// --- Rules -------------------------------------------------------------------------------------------

/** K1–K6 by trimester: the done visits, and the next visit still possible (open or overdue). */
export const ancNextVisitRule: TaskRule = {
  id: "anc.kunjungan",
  name: { id: "Kunjungan ANC minimal 6 kali (1 di trimester 1, 2 di trimester 2, 3 di trimester 3)", en: "At least 6 ANC visits (1 in trimester 1, 2 in trimester 2, 3 in trimester 3)" },
  run(v, emit) {
    const p = v.person;
    if (p.data.sex !== "P" || p.data.pregnant !== true) return;
    const base = { personId: p.id, ...householdOf(p), ruleId: this.id, kind: "kunjungan_anc", assignee: "pustu" as const };
    const preg = currentPregnancy(v.records.map(asRecordLike));
    if (!preg) {
      emit({
        ...base, id: stableUuid(this.id, p.id, "K1", "tanpa-hpht"), sourceRecordId: null, dueDate: v.today, done: false,
        title: { id: "Periksa kehamilan pertama (K1)", en: "First antenatal visit (K1)" },
        text: { code: "anc_first", params: {} },
        why: because(this.name, null, { id: "ibu tercatat hamil tetapi belum ada kunjungan ANC", en: "recorded as pregnant but no ANC visit yet" }),
      });
      return;
    }
    const h = dateToDays(preg.hpht)!;
    const ga = v.todayDay - h;
    if (ga > ANC_TASKS_UNTIL_WEEK * 7 + 6) return;
    const last = v.records.filter((r) => r.data.formId === "anc").at(-1)!;
    const detail: Text = {
      id: `HPHT ${formatDateId(preg.hpht)}, HPL ${formatDateId(preg.hpl)}; sudah ${preg.counts[1]}/${preg.counts[2]}/${preg.counts[3]} kunjungan di trimester 1/2/3`,
      en: `LMP ${formatDateEn(preg.hpht)}, EDD ${formatDateEn(preg.hpl)}; ${preg.counts[1]}/${preg.counts[2]}/${preg.counts[3]} visits in trimester 1/2/3`,
    };
    for (const s of ANC_SLOTS) {
      const done = preg.counts[s.trimester] >= s.nth;
      // A visit whose trimester has ended unfinished is missed: the next one is what can still be done.
      if (!done && ga > trimesterLastDay(s.trimester)) continue;
      emit({
        ...base, id: stableUuid(this.id, p.id, preg.hpht, s.k), sourceRecordId: last.id, dueDate: daysToDate(h + s.dueWeek * 7), done,
        title: { id: `Kunjungan ANC ${s.k} (${TRIMESTER_LABEL[s.trimester].id})`, en: `ANC visit ${s.k} (${TRIMESTER_LABEL[s.trimester].en})` },
        text: { code: "anc_visit", params: { k: s.k, trimester: s.trimester, hpl: preg.hpl, t1: preg.counts[1], t2: preg.counts[2], t3: preg.counts[3] } },
        why: because(this.name, last, detail),
      });
      if (!done) break;
    }
  },
};

/**
 * The day an antigen counts as late: the end of its month of age ("usia 2 bulan" runs to the
 * day before 3 months), or for HB0 the day after birth (< 24 hours); later when the minimum
 * interval after the previous dose pushes it.
 */
export function antigenDeadline(a: Antigen, birthDate: string, given: ReadonlyMap<string, string>): string {
  const windowEnd = a.dueAgeDays !== undefined ? addDays(birthDate, a.dueAgeDays + 1) : addDays(addMonths(birthDate, a.dueAgeMonths! + 1), -1);
  const earliest = antigenEarliest(a, birthDate, given);
  return earliest > windowEnd ? earliest : windowEnd;
}

/** Every schedule slot already complete (done), then the next slot with antigens still to give. */
export const immunisationRule: TaskRule = {
  id: "imunisasi.berikutnya",
  name: { id: "Jadwal imunisasi rutin bayi dan baduta", en: "Routine infant and toddler immunisation schedule" },
  run(v, emit) {
    const p = v.person;
    const birth = p.data.birthDate;
    // Cheap string comparison first: most people in a scope are far too old.
    if (typeof birth !== "string" || birth <= v.days.immunisationBornBy || birth > v.today || dateToDays(birth) === null) return;
    const given = antigensGiven(v.records.map(asRecordLike));
    const imun = v.records.filter((r) => r.data.formId === "imunisasi" || r.data.formId === "neonatal");
    const last = imun.at(-1) ?? null;
    const base = { personId: p.id, ...householdOf(p), ruleId: this.id, kind: "imunisasi", assignee: "pustu" as const };
    for (const s of SLOTS) {
      const open = s.antigens.filter((a) => !given.has(a.id) && !isMissed(a, birth, v.today));
      const labels = (list: readonly Antigen[]) => ({ id: list.map((a) => a.label.id).join(", "), en: list.map((a) => a.label.en).join(", ") });
      if (!open.length) {
        const got = s.antigens.filter((a) => given.has(a.id));
        if (!got.length) continue; // every antigen of the slot missed (HB0 after 7 days): nothing to do
        emit({
          ...base, id: stableUuid(this.id, p.id, s.key), sourceRecordId: last?.id ?? null, dueDate: got.map((a) => antigenDeadline(a, birth, given)).sort()[0]!, done: true,
          title: { id: `Imunisasi: ${labels(got).id}`, en: `Immunisation: ${labels(got).en}` },
          text: { code: "imunisasi_done", params: { antigens: labels(got) } },
          why: because(this.name, last),
        });
        continue;
      }
      const due = open.map((a) => antigenDeadline(a, birth, given)).sort()[0]!;
      emit({
        ...base, id: stableUuid(this.id, p.id, s.key), sourceRecordId: last?.id ?? null, dueDate: due, done: false,
        title: { id: `Imunisasi: ${labels(open).id}`, en: `Immunisation: ${labels(open).en}` },
        text: { code: "imunisasi", params: { antigens: labels(open), due } },
        why: because(this.name, last, { id: `berikan paling lambat ${formatDateId(due)}`, en: `give by ${formatDateEn(due)}` }),
      });
      break;
    }
  },
};

/** A balita not weighed in a month (from the 15th, and last month's until weighed or visited) → kader home visit. */
export const balitaNotWeighedRule: TaskRule = {
  id: "balita.belum_ditimbang",
  name: { id: "Balita belum ditimbang bulan ini → kunjungan rumah kader", en: "Under-five not weighed this month → kader home visit" },
  run(v, emit) {
    const p = v.person;
    const birth = p.data.birthDate;
    if (typeof birth !== "string") return;
    for (const { month: m, first, last, checkFrom, bornAfter } of v.days.weighingMonths) {
      // A balita for the whole month: born before it began and under 60 months when it began.
      if (birth >= first || birth <= bornAfter || dateToDays(birth) === null) continue;
      const weighedInMonth = v.records.some((r) => r.data.formId === "balita" && r.data.visitDate >= first && r.data.visitDate <= last);
      if (weighedInMonth) continue; // weighed: nothing to follow up
      const satisfied = v.records.find((r) =>
        (r.data.formId === "balita" && r.data.visitDate > last) ||
        (r.data.formId === "kunjungan-rumah" && r.data.visitDate >= checkFrom));
      emit({
        id: stableUuid(this.id, p.id, m), personId: p.id, ...householdOf(p), ruleId: this.id, kind: "kunjungan_rumah", assignee: "kader",
        sourceRecordId: null, dueDate: last, done: !!satisfied,
        title: { id: `Kunjungan rumah: balita belum ditimbang ${formatMonthId(m)}`, en: `Home visit: child not weighed in ${formatMonthEn(m)}` },
        text: { code: "balita_unweighed", params: { month: m } },
        why: because(this.name, null, { id: `tidak ada penimbangan di bulan ${formatMonthId(m)}`, en: `no weighing in ${formatMonthEn(m)}` }),
      });
    }
  },
};

function referralTask(v: PersonView, r: RecordEntity, g: ReferralGroup): Omit<Task, "status"> & { done: boolean } {
  const rid = referralId(r.id, g.rule.id);
  const ref = v.referrals.get(rid);
  let done = !!ref?.data.outcomeAt;
  // A TCM result on a later TB record means the test was done.
  if (!done && g.rule.id === "tb.rujuk_tcm") {
    done = v.records.some((x) => x.data.formId === "tb" && byDateThenId(x, r) > 0 && TB_RESULT.has(str(x.data.data.hasil_tcm) ?? ""));
  }
  const main = g.flags[0]!.label;
  const more = g.flags.length > 1 ? ` (+${g.flags.length - 1})` : "";
  const dest = DESTINATION_LABEL[g.destination];
  const labels: Text = { id: g.flags.map((f) => f.label.id).join("; "), en: g.flags.map((f) => f.label.en).join("; ") };
  return {
    id: stableUuid(g.rule.id, r.id), personId: v.person.id, ...householdOf(v.person), ruleId: g.rule.id, kind: g.rule.kind, assignee: g.rule.assignee,
    title: { id: `Rujuk ke ${dest.id}: ${main.id}${more}`, en: `Refer to ${dest.en}: ${main.en}${more}` },
    text: { code: "referral", params: { dest: g.destination, reasons: labels, date: r.data.visitDate } },
    why: because(g.rule.name, r, labels),
    sourceRecordId: r.id, dueDate: referralDue(r, g), done, referralId: rid,
  };
}

/**
 * The referral rules (ANC refer flags; 2T, BGM, wasting, stunting; hypertension and suspected
 * diabetes; terduga TB → TCM; SRQ ≥ 6; any other refer flag): one referral task per record and
 * rule, closed by the referral's rujuk balik. Implemented together because a lasting condition
 * already referred is held back (see decideReferrals), which needs the person's records in order.
 */
export const referralRules: TaskRule = {
  id: "rujukan",
  name: { id: "Temuan yang harus dirujuk", en: "Findings to refer" },
  run(v, emit) {
    const last: ReferralMemory = new Map();
    v.records.forEach((r, i) => {
      const d = v.derived[i];
      if (!d) return;
      const groups = decideReferrals(referralGroups(r.data.formId, d), dateToDays(r.data.visitDate)!, last);
      if (!withinLookback(v, r)) return;
      for (const g of groups) emit(referralTask(v, r, g));
    });
  },
};

/** Hypertension or suspected diabetes at a PTM/lansia screening → recheck within a month. */
export const ptmRecheckRule: TaskRule = {
  id: "ptm.cek_ulang",
  name: { id: "Hipertensi atau curiga diabetes → cek ulang dalam 1 bulan", en: "Hypertension or suspected diabetes → recheck within a month" },
  run(v, emit) {
    // Records are in date order: the last screening's date tells whether a later one exists.
    let lastScreening = "";
    for (const r of v.records) if (r.data.formId === "ptm" || r.data.formId === "lansia") lastScreening = r.data.visitDate;
    if (!lastScreening) return;
    v.records.forEach((r, i) => {
      const d = v.derived[i];
      if (!d || (r.data.formId !== "ptm" && r.data.formId !== "lansia") || !withinLookback(v, r)) return;
      const hits = d.flags.filter((f) => PTM_RECHECK_FLAGS.has(f.id.slice(f.id.indexOf(".") + 1)));
      if (!hits.length) return;
      const later = lastScreening > r.data.visitDate;
      emit({
        id: stableUuid(this.id, r.id), personId: v.person.id, ...householdOf(v.person), ruleId: this.id, kind: "cek_ulang", assignee: "pustu",
        title: { id: "Cek ulang tekanan darah/gula darah", en: "Recheck blood pressure/glucose" },
        text: { code: "ptm_recheck", params: { findings: { id: hits.map((f) => f.label.id).join("; "), en: hits.map((f) => f.label.en).join("; ") }, date: r.data.visitDate } },
        why: because(this.name, r, { id: hits.map((f) => f.label.id).join("; "), en: hits.map((f) => f.label.en).join("; ") }),
        sourceRecordId: r.id, dueDate: addDays(r.data.visitDate, PTM_RECHECK_DAYS), done: later,
      });
    });
  },
};

/** The first TB record that makes this person an index case (confirmed; or presumptive if configured). */
function indexRecord(v: PersonView): RecordEntity | null {
  for (let i = 0; i < v.records.length; i++) {
    const r = v.records[i]!;
    if (r.data.formId !== "tb" || !withinLookback(v, r)) continue;
    const a = r.data.data;
    const confirmed = a.jenis_kunjungan === "investigasi_kontak" || TB_POSITIVE.has(str(a.hasil_tcm) ?? "");
    const presumptive = CONTACT_SCREENING_ON_PRESUMPTIVE && !!v.derived[i]?.flags.some((f) => f.id === "tb.terduga");
    if (confirmed || presumptive) return r;
  }
  return null;
}

/** A TB index case → a symptom-screening task for every other household member, closed by their TB screening record. */
export const tbContactRule: TaskRule = {
  id: "tb.skrining_kontak",
  name: { id: "Investigasi kontak serumah pasien TBC", en: "Household contact investigation of a TB patient" },
  run(v, emit) {
    const index = indexRecord(v);
    if (!index) return;
    for (const m of v.members) {
      const screened = v.recordsOf(m.id).some((x) => x.data.formId === "tb" && x.data.visitDate >= index.data.visitDate);
      emit({
        id: stableUuid(this.id, index.id, m.id), personId: m.id, ...householdOf(m), ruleId: this.id, kind: "skrining_kontak_tb", assignee: "kader",
        title: { id: "Skrining gejala TBC (kontak serumah)", en: "TB symptom screening (household contact)" },
        text: { code: "tb_contact", params: { date: index.data.visitDate } },
        why: because(this.name, index, { id: "anggota rumah tangga pasien TBC", en: "member of a TB patient's household" }),
        sourceRecordId: index.id, dueDate: addDays(index.data.visitDate, TB_CONTACT_DUE_DAYS), done: screened,
      });
    }
  },
};

/** A referral that came back "tidak datang" → kader home visit, closed by any later record of the person. */
export const referralNoShowRule: TaskRule = {
  id: "rujukan.tidak_datang",
  name: { id: "Tidak datang ke tempat rujukan → kunjungan rumah", en: "Did not reach the referral → home visit" },
  run(v, emit) {
    for (const ref of v.referrals.values()) {
      const at = ref.data.outcomeAt;
      if (ref.data.outcome !== "tidak_datang" || typeof at !== "string" || dateToDays(at) === null) continue;
      if (v.todayDay - dateToDays(at)! > TASK_LOOKBACK_DAYS) continue;
      const seen = v.records.some((r) => r.data.visitDate >= at && r.id !== ref.data.recordId);
      emit({
        id: stableUuid(this.id, ref.id), personId: v.person.id, ...householdOf(v.person), ruleId: this.id, kind: "kunjungan_rumah", assignee: "kader",
        title: { id: "Kunjungan rumah: tidak datang ke tempat rujukan", en: "Home visit: did not reach the referral" },
        text: { code: "referral_no_show", params: { date: ref.data.referredAt ?? at, dest: ref.data.destination ?? "" } },
        why: because(this.name, null, { id: `rujukan tanggal ${formatDateId(ref.data.referredAt ?? at)}`, en: `referral of ${formatDateEn(ref.data.referredAt ?? at)}` }),
        sourceRecordId: ref.data.recordId ?? null, dueDate: addDays(at, NO_SHOW_VISIT_DAYS), done: seen, referralId: ref.id,
      });
    }
  },
};

/** Every task rule, in the order they run. */
export const TASK_RULES: readonly TaskRule[] = [
  ancNextVisitRule, immunisationRule, balitaNotWeighedRule, referralRules, ptmRecheckRule, tbContactRule, referralNoShowRule,
  catinRecheckRule,
  ancDoctorRule, kbRevisitRule, kbPostpartumRule,
  jeRule, biasHpvRule,
  lansiaFollowUpRule,
  mtbsFollowUpRule,
  sdidtkKpspUlangRule, sdidtkJadwalRule,
];

// --- computeTasks ---------------------------------------------------------------------------------------

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * All tasks for a scope (a desa, a dusun, a household) on a day. Records are indexed by person
 * once and sorted once; each person is then handled alone, so the work grows with the records,
 * not with their square.
 */
export function computeTasks(scope: TaskScope, today: string, options: TaskOptions = {}): Task[] {
  const todayDay = dateToDays(today);
  if (todayDay === null) throw new Error(`computeTasks: today must be YYYY-MM-DD, got ${today}`);
  const recordsByPerson = new Map<string, RecordEntity[]>();
  for (const r of scope.records) if (dateToDays(r.data.visitDate) !== null && r.data.visitDate <= today) push(recordsByPerson, r.data.personId, r);
  for (const list of recordsByPerson.values()) list.sort(byDateThenId);
  const membersByHousehold = new Map<string, PersonEntity[]>();
  for (const p of scope.persons) if (p.data.householdId) push(membersByHousehold, p.data.householdId, p);
  const desaByHousehold = new Map<string, string>();
  for (const h of scope.households ?? []) if (typeof h.data.desaCode === "string") desaByHousehold.set(h.id, h.data.desaCode);
  const referralsByPerson = new Map<string, Map<string, ReferralEntity>>();
  for (const ref of scope.referrals) {
    let m = referralsByPerson.get(ref.data.personId);
    if (!m) referralsByPerson.set(ref.data.personId, (m = new Map()));
    m.set(ref.id, ref);
  }
  const EMPTY: RecordEntity[] = [];
  const lookbackFrom = daysToDate(todayDay - TASK_LOOKBACK_DAYS);
  const days = scopeDays(today);
  const recordsOf = (id: string) => recordsByPerson.get(id) ?? EMPTY;

  const tasks: Task[] = [];
  const seen = new Set<string>();
  const emit: Emit = (t) => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    const task = t as unknown as Task & { done?: boolean };
    task.status = t.done ? "done" : t.dueDate < today ? "overdue" : "open";
    delete task.done;
    tasks.push(task);
  };

  for (const person of scope.persons) {
    const records = recordsOf(person.id);
    const derived = deriveAll(person, records, options);
    const hh = person.data.householdId;
    const view: PersonView = {
      person, records, derived,
      members: hh ? (membersByHousehold.get(hh) ?? []).filter((m) => m.id !== person.id) : [],
      desaCode: hh ? (desaByHousehold.get(hh) ?? null) : null,
      referrals: referralsByPerson.get(person.id) ?? new Map(),
      recordsOf, today, todayDay, lookbackFrom, days,
    };
    for (const rule of TASK_RULES) rule.run(view, emit);
  }
  // One key per task (dates and ids have fixed widths), compared once per pair.
  const keyed = tasks.map((t) => ({ k: t.dueDate + t.id, t }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.t);
}

/** The derivation of each record: stored when current (and allowed), else recomputed with the earlier weighings. */
function deriveAll(person: PersonEntity, records: readonly RecordEntity[], options: TaskOptions): (Derived | null)[] {
  const out: (Derived | null)[] = [];
  const earlierBalita: RecordLike[] = [];
  for (const r of records) {
    const stored = options.recompute === "always" ? null : storedDerived(r);
    if (stored) out.push(stored);
    else {
      // On the phone the caller loads the definitions of records without a stored derivation first (web/src/clinical.ts).
      const def = registeredForm(r.data.formId, r.data.formVersion);
      out.push(def ? deriveRecord({ def, answers: r.data.data, visitDate: r.data.visitDate, person: person.data, previous: r.data.formId === "balita" ? earlierBalita : undefined }, options.growthTables) : null);
    }
    if (r.data.formId === "balita") earlierBalita.push(asRecordLike(r));
  }
  return out;
}

/**
 * The Home screen: tasks due today (open) and overdue tasks, each sorted by due date. Done tasks
 * and tasks due later are left out.
 */
export function todayAndOverdue(tasks: readonly Task[], today: string): { hariIni: Task[]; terlambat: Task[] } {
  const hariIni: Task[] = [];
  const terlambat: Task[] = [];
  for (const t of tasks) {
    if (t.status === "done") continue;
    // Recomputed against the given day, so a list computed yesterday still sorts right today.
    if (t.dueDate < today) terlambat.push(t);
    else if (t.dueDate === today) hariIni.push(t);
  }
  const order = (a: Task, b: Task) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.title.id.localeCompare(b.title.id, "id") || (a.id < b.id ? -1 : 1));
  return { hariIni: hariIni.sort(order), terlambat: terlambat.sort(order) };
}

/** The ids a task rule can make, by rule id (for tests and for the screens' "why" links). */
export const RULE_IDS: readonly string[] = [
  ancNextVisitRule.id, immunisationRule.id, balitaNotWeighedRule.id, "anc.rujuk", "balita.rujuk_gizi", "ptm.rujuk", "tb.rujuk_tcm", "jiwa.rujuk_srq",
  "rujuk.lainnya", ptmRecheckRule.id, tbContactRule.id, referralNoShowRule.id,
  catinRecheckRule.id,
  ancDoctorRule.id, kbRevisitRule.id, kbPostpartumRule.id,
  jeRule.id, biasHpvRule.id,
  lansiaFollowUpRule.id,
  mtbsFollowUpRule.id,
  sdidtkKpspUlangRule.id, sdidtkJadwalRule.id,
];

