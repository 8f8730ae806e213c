import type { AnswerValue, ReferralDestination, Text } from "../forms/types.ts";
import { addDays, dateToDays } from "./dates.ts";
import { DERIVE_VERSION } from "./derive-version.ts";
import type { Derived, DerivedFlag } from "./derive.ts";
import { stableUuid } from "./hash.ts";

/**
 * From a record's refer flags to referrals (rujukan) and their follow-up tasks. Flags are
 * grouped by the rule that owns them (one referral per record and rule, not one per flag: a
 * woman with hypertension and pre-eclampsia is referred once), and the ids are derived from the
 * record and the rule, so the phone and the server make the same referral once.
 */

export type Assignee = "pustu" | "kader" | "puskesmas";

export interface ReferralRule {
  /** Rule id, also the task's ruleId: "anc.rujuk". */
  id: string;
  name: Text;
  kind: string;
  assignee: Assignee;
  /** Days after the visit to confirm the referral arrived (same day when a flag is urgent). */
  dueDays: number;
  /**
   * A lasting condition (stunting, hypertension): a new record within REREFERRAL_AFTER_DAYS of
   * the last referral for it is not referred again; the open referral is followed instead.
   */
  chronic: boolean;
  /** Always this destination (TCM); otherwise the furthest of the flags' destinations. */
  destination?: ReferralDestination;
  owns(formId: string, flagId: string): boolean;
}

/** A lasting condition is referred again only after 90 days (our choice: one quarter, the PWS cycle). */
export const REREFERRAL_AFTER_DAYS = 90;
/** A referral counts "arrived" check: 3 days for most (our choice), 7 for TCM sputum and chronic conditions. */
export const REFERRAL_CHECK_DAYS = 3;
export const REFERRAL_CHECK_CHRONIC_DAYS = 7;

/**
 * Flags that mean "refer today": due the same day and never held back as a repeat. From the
 * danger-sign lists (Buku KIA, MTBM) and the crisis cut-offs of the forms.
 */
export const URGENT_FLAGS: ReadonlySet<string> = new Set([
  "anc.tanda_bahaya", "anc.curiga_preeklampsia", "anc.anemia_berat",
  "nifas.tanda_bahaya", "nifas.perdarahan", "nifas.hipertensi",
  "persalinan.komplikasi",
  "neonatal.tanda_bahaya", "neonatal.napas_cepat", "neonatal.demam", "neonatal.infeksi_tali_pusat",
  "balita.severely_wasted", "balita.lila_gizi_buruk", "balita.edema",
  "ptm.hipertensi_krisis", "lansia.hipertensi_krisis", "ptm.srq_pikiran_bunuh_diri", "lansia-lanjutan.srq_pikiran_bunuh_diri",
  "malaria.malaria_berat", "malaria.positif_belum_diobati", "imunisasi.kipi_berat", "imunisasi-sekolah.kipi_berat", "kunjungan-rumah.rujuk_rumah_sakit",
  // MTBS red (merah) classifications: "RUJUK SEGERA" (domain/forms/mtbs-v1.ts, domain/rules/mtbs.ts).
  "mtbs.penyakit_sangat_berat", "mtbs.pneumonia_berat", "mtbs.diare_dehidrasi_berat", "mtbs.diare_persisten_berat",
  "mtbs.penyakit_berat_dengan_demam", "mtbs.campak_komplikasi_berat", "mtbs.dbd", "mtbs.gizi_buruk_komplikasi", "mtbs.anemia_berat",
  // School-age severe anaemia (Hb < 8): refer today (domain/forms/anak-sekolah-v1.ts).
  "anak-sekolah.anemia_berat", "catin.anemia_berat",
]);

const local = (flagId: string) => flagId.slice(flagId.indexOf(".") + 1);

/** Buku KIA 2023 KMS: T, below the red line (BGM) and above the orange line refer; 2T, wasting, stunting, LiLA, oedema too. */
const GROWTH_REFER = new Set(["t", "2t", "bgm", "atas_garis_oranye", "severely_wasted", "wasted", "severely_stunted", "stunted", "lila_gizi_buruk", "lila_gizi_kurang", "edema"]);
const PTM_REFER = new Set(["hipertensi", "hipertensi_krisis", "curiga_dm"]);
const SRQ_REFER = new Set(["srq_rujuk", "srq_pikiran_bunuh_diri"]);

/** In order: the first rule that owns a flag takes it. */
export const REFERRAL_RULES: readonly ReferralRule[] = [
  {
    id: "tb.rujuk_tcm", kind: "rujukan_tcm", assignee: "pustu", dueDays: REFERRAL_CHECK_CHRONIC_DAYS, chronic: true, destination: "lab_tcm",
    name: { id: "Terduga TBC → rujuk pemeriksaan TCM", en: "Presumptive TB → refer for a TCM test" },
    owns: (form, flag) => form === "tb" && local(flag) === "terduga",
  },
  {
    id: "jiwa.rujuk_srq", kind: "rujukan", assignee: "pustu", dueDays: REFERRAL_CHECK_CHRONIC_DAYS, chronic: true,
    name: { id: "SRQ-20 ≥ 6 → rujuk kesehatan jiwa", en: "SRQ-20 ≥ 6 → mental health referral" },
    owns: (_form, flag) => SRQ_REFER.has(local(flag)),
  },
  {
    id: "anc.rujuk", kind: "rujukan", assignee: "pustu", dueDays: REFERRAL_CHECK_DAYS, chronic: false,
    name: { id: "Tanda risiko pada ibu hamil → rujuk", en: "Risk finding in pregnancy → refer" },
    owns: (form) => form === "anc",
  },
  {
    id: "balita.rujuk_gizi", kind: "rujukan", assignee: "pustu", dueDays: REFERRAL_CHECK_CHRONIC_DAYS, chronic: true,
    name: { id: "T/2T, BGM, di atas garis oranye, gizi kurang/buruk atau stunting → rujuk", en: "T/2T, below the red line, above the orange line, wasting or stunting → refer" },
    owns: (form, flag) => form === "balita" && GROWTH_REFER.has(local(flag)),
  },
  {
    id: "ptm.rujuk", kind: "rujukan", assignee: "pustu", dueDays: REFERRAL_CHECK_CHRONIC_DAYS, chronic: true,
    name: { id: "Hipertensi atau curiga diabetes → rujuk", en: "Hypertension or suspected diabetes → refer" },
    owns: (form, flag) => (form === "ptm" || form === "lansia") && PTM_REFER.has(local(flag)),
  },
  {
    id: "rujuk.lainnya", kind: "rujukan", assignee: "pustu", dueDays: REFERRAL_CHECK_DAYS, chronic: false,
    name: { id: "Temuan lain yang perlu dirujuk", en: "Other finding needing referral" },
    owns: () => true,
  },
];

const DEST_RANK: Record<ReferralDestination, number> = { pustu: 1, lab_tcm: 2, puskesmas: 3, rumah_sakit: 4 };

export interface ReferralGroup {
  rule: ReferralRule;
  flags: DerivedFlag[];
  destination: ReferralDestination;
  urgent: boolean;
}

/** The record's refer flags, grouped by owning rule (in rule order). */
export function referralGroups(formId: string, derived: Derived): ReferralGroup[] {
  let byRule: Map<ReferralRule, DerivedFlag[]> | null = null;
  for (const f of derived.flags) {
    if (f.severity !== "refer") continue;
    const rule = REFERRAL_RULES.find((r) => r.owns(formId, f.id))!;
    byRule ??= new Map();
    const list = byRule.get(rule);
    if (list) list.push(f);
    else byRule.set(rule, [f]);
  }
  const out: ReferralGroup[] = [];
  if (!byRule) return out;
  for (const rule of REFERRAL_RULES) {
    const flags = byRule.get(rule);
    if (!flags) continue;
    const destination = rule.destination ?? flags.map((f) => f.destination ?? "puskesmas").reduce((a, b) => (DEST_RANK[b] > DEST_RANK[a] ? b : a));
    out.push({ rule, flags, destination, urgent: flags.some((f) => URGENT_FLAGS.has(f.id)) });
  }
  return out;
}

/** A record entity as the rules read it: its id and payload (record.derived may hold a stored derivation). */
export interface RecordEntity {
  id: string;
  data: {
    personId: string;
    formId: string;
    formVersion: number;
    visitDate: string;
    data: Readonly<Record<string, AnswerValue>>;
    derived?: Readonly<Record<string, unknown>> | null;
  };
}

/** The stored derivation when it comes from this code version; otherwise null (recompute). */
export function storedDerived(r: RecordEntity): Derived | null {
  const d = r.data.derived as Partial<Derived> | null | undefined;
  return d && d.v === DERIVE_VERSION && Array.isArray(d.flags) ? (d as Derived) : null;
}

/** Per rule: the day of the last referral actually made and how far it went (DEST_RANK). */
export type ReferralMemory = Map<string, { day: number; rank: number }>;

/**
 * Which of a record's groups are referred, given per rule the last referral actually made
 * (updated in place): a chronic rule referred within REREFERRAL_AFTER_DAYS is held back unless a
 * flag is urgent or the new finding goes further than the last referral did (issue 15 review: a
 * child referred to the pustu for one T and found below the red line a month later is referred
 * to the puskesmas, not held back). Call it on a person's records in date order.
 */
export function decideReferrals(groups: readonly ReferralGroup[], day: number, last: ReferralMemory): ReferralGroup[] {
  const out: ReferralGroup[] = [];
  for (const g of groups) {
    const prev = last.get(g.rule.id);
    const rank = DEST_RANK[g.destination];
    if (!g.rule.chronic || g.urgent || prev === undefined || day - prev.day >= REREFERRAL_AFTER_DAYS || rank > prev.rank) {
      out.push(g);
      last.set(g.rule.id, { day, rank });
    }
  }
  return out;
}

export const byDateThenId = (a: RecordEntity, b: RecordEntity) =>
  a.data.visitDate < b.data.visitDate ? -1 : a.data.visitDate > b.data.visitDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The groups a record refers, after replaying the records before it (any order; those without a derivation are skipped). */
export function groupsToRefer(record: RecordEntity, derived: Derived, history: readonly { record: RecordEntity; derived: Derived | null }[]): ReferralGroup[] {
  const last: ReferralMemory = new Map();
  const before = history.filter((h) => byDateThenId(h.record, record) < 0).sort((a, b) => byDateThenId(a.record, b.record));
  for (const h of before) {
    const day = dateToDays(h.record.data.visitDate);
    if (h.derived && day !== null) decideReferrals(referralGroups(h.record.data.formId, h.derived), day, last);
  }
  return decideReferrals(referralGroups(record.data.formId, derived), dateToDays(record.data.visitDate)!, last);
}

// --- Referral drafts ------------------------------------------------------------------------------

/** The `referral` entity payload (domain/entities/schemas.ts). */
export interface ReferralPayload {
  personId: string;
  recordId: string | null;
  reason: string;
  reasonText: string | null;
  destination: ReferralDestination;
  referredAt: string;
  outcome: null;
  outcomeNote: null;
  outcomeAt: null;
}

export interface ReferralDraft {
  id: string;
  data: ReferralPayload;
}

/** Ids: one referral per (record, rule); its follow-up task shares the key. */
export const referralId = (recordId: string, ruleId: string) => stableUuid("referral", recordId, ruleId);

const REASON_TEXT_MAX = 500;

export function draftFor(record: RecordEntity, g: ReferralGroup): ReferralDraft {
  const text = g.flags.map((f) => f.label.id).join("; ");
  return {
    id: referralId(record.id, g.rule.id),
    data: {
      personId: record.data.personId,
      recordId: record.id,
      // The first flag in the form's order is the main reason. `reason` may not change after
      // creation: on an edit keep the existing referral's reason and update only reasonText.
      reason: g.flags[0]!.id,
      reasonText: text.length > REASON_TEXT_MAX ? text.slice(0, REASON_TEXT_MAX - 1) + "…" : text,
      destination: g.destination,
      referredAt: record.data.visitDate,
      outcome: null,
      outcomeNote: null,
      outcomeAt: null,
    },
  };
}

/**
 * The referrals a record makes, with deterministic ids. Pass the person's other records (with
 * their stored `derived`) as `earlier` so a lasting condition already referred in the last 90
 * days is not referred again; without it every refer group makes a referral.
 */
export function referralsFromRecord(
  record: RecordEntity,
  derived: Derived,
  person: { id: string },
  earlier: readonly RecordEntity[] = [],
): ReferralDraft[] {
  const history = earlier.filter((r) => r.id !== record.id && r.data.personId === person.id).map((r) => ({ record: r, derived: storedDerived(r) }));
  return groupsToRefer(record, derived, history).map((g) => draftFor(record, g));
}

/** The day a referral check is due. */
export function referralDue(record: RecordEntity, g: ReferralGroup): string {
  return g.urgent ? record.data.visitDate : addDays(record.data.visitDate, g.rule.dueDays);
}
