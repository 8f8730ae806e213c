import type { AnswerValue, Text } from "../forms/types.ts";
import { addDays, dateToDays, formatDateEn, formatDateId } from "./dates.ts";
import { stableUuid } from "./hash.ts";
import type { RecordEntity } from "./referrals.ts";
import type { PersonView, TaskRule } from "./tasks.ts";
import { POSTPARTUM_DAYS } from "../forms/postpartum.ts";

/**
 * KB follow-up tasks (issue 15):
 * - "KB kunjungan ulang": every KB service books the next visit (the BKKBN card's "tanggal dipesan
 *   kembali", `tanggal_kembali` in kb-v1.ts); when it is left empty the date follows the method
 *   (KB_REVISIT_DAYS). Done by any later KB record of the person.
 * - "Layani KB pascapersalinan": a nifas visit where she chose a method (nifas v1 `metode_kb`, not
 *   "belum") and no KB record follows the delivery → serve it within 42 days of the delivery
 *   (Permenkes 21/2021: KB pascapersalinan up to 42 days after birth). Done by a KB record dated on or
 *   after the delivery.
 */

/** KB pascapersalinan: within 42 days after the birth (Permenkes 21/2021; Kemenkes KBPP). */
export const KB_POSTPARTUM_DUE_DAYS = POSTPARTUM_DAYS;
/** One pill pack covers 28 days (a 28-tablet cycle). */
export const PILL_PACK_DAYS = 28;

/**
 * Days to the next visit by method, for a new (or switching) user and a continuing one; null = no
 * revisit task. Sources (WHO SPR = Selected practice recommendations for contraceptive use, 3rd ed.
 * 2016; pages not confirmed):
 * - suntik 1 bulan: every 4 weeks (WHO SPR 2016, combined injectable: 4 weeks, up to 7 days late);
 * - suntik 3 bulan: 12 weeks (the issue's and the programme's "12 minggu"; WHO SPR 2016 gives every
 *   3 months with up to 4 weeks' grace, so 12 weeks stays inside it);
 * - pil: 28 days per pack given (PILL_PACK_DAYS × `jumlah_siklus_pil`, default 1);
 * - AKDR/IUD: a check 6 weeks after insertion (WHO SPR 2016: after the first menses or 3–6 weeks),
 *   then yearly (our choice);
 * - implan: no routine follow-up in WHO SPR 2016; we book the same 6-week check and then a yearly one
 *   (our choice; a bidan should review);
 * - MOW/MOP: a wound check 7 days after the operation (our choice, WHO SPR 2016 advises a follow-up
 *   within 7–14 days: not confirmed); none for a continuing user;
 * - kondom, MAL: monthly resupply/check (our choice).
 */
export const KB_REVISIT_DAYS: Readonly<Record<string, { baru: number | null; lama: number | null }>> = {
  suntik_1_bulan: { baru: 28, lama: 28 },
  suntik_3_bulan: { baru: 84, lama: 84 },
  pil_kombinasi: { baru: PILL_PACK_DAYS, lama: PILL_PACK_DAYS },
  pil_progestin: { baru: PILL_PACK_DAYS, lama: PILL_PACK_DAYS },
  iud: { baru: 42, lama: 365 },
  implan: { baru: 42, lama: 365 },
  mow: { baru: 7, lama: null },
  mop: { baru: 7, lama: null },
  kondom: { baru: 28, lama: 28 },
  mal: { baru: 28, lama: 28 },
};

/**
 * The next-visit date of a KB record: the booked date when valid and after the visit, else the
 * method's interval; null when no revisit applies (stopping, a continuing sterilisation, unknown method).
 */
export function kbRevisitDate(visitDate: string, data: Readonly<Record<string, AnswerValue | undefined>>): string | null {
  if (data.status_peserta === "berhenti") return null;
  const booked = data.tanggal_kembali;
  if (typeof booked === "string" && dateToDays(booked) !== null && booked > visitDate) return booked;
  const row = typeof data.metode === "string" ? KB_REVISIT_DAYS[data.metode] : undefined;
  if (!row) return null;
  let days = data.status_peserta === "lama" ? row.lama : row.baru;
  if (days === null) return null;
  if (data.metode === "pil_kombinasi" || data.metode === "pil_progestin") {
    const packs = typeof data.jumlah_siklus_pil === "number" && data.jumlah_siklus_pil >= 1 ? Math.floor(data.jumlah_siklus_pil) : 1;
    days = PILL_PACK_DAYS * packs;
  }
  return addDays(visitDate, days);
}

const householdOf = (v: PersonView) => (v.person.data.householdId ? { householdId: v.person.data.householdId } : {});

const METHOD_TEXT: Readonly<Record<string, Text>> = {
  pil_kombinasi: { id: "pil KB", en: "the pill" },
  pil_progestin: { id: "minipil", en: "the progestin-only pill" },
  suntik_1_bulan: { id: "suntik KB 1 bulan", en: "the monthly injection" },
  suntik_3_bulan: { id: "suntik KB 3 bulan", en: "the 3-monthly injection" },
  implan: { id: "kontrol implan", en: "an implant check" },
  iud: { id: "kontrol AKDR", en: "an IUD check" },
  mow: { id: "kontrol luka tubektomi", en: "a tubal ligation wound check" },
  mop: { id: "kontrol luka vasektomi", en: "a vasectomy wound check" },
  kondom: { id: "kondom", en: "condoms" },
  mal: { id: "kontrol MAL", en: "a LAM check" },
};

const REVISIT_NAME: Text = { id: "KB kunjungan ulang pada tanggal yang dipesan atau menurut metode", en: "Family planning revisit on the booked date or by the method" };

/** Each KB record (in the last year) → its next visit, done by any later KB record. */
export const kbRevisitRule: TaskRule = {
  id: "kb.kunjungan_ulang",
  name: REVISIT_NAME,
  run(v, emit) {
    const kb: RecordEntity[] = v.records.filter((r) => r.data.formId === "kb");
    if (!kb.length) return;
    const lastDate = kb.at(-1)!.data.visitDate;
    for (const r of kb) {
      if (r.data.visitDate < v.lookbackFrom) continue;
      const due = kbRevisitDate(r.data.visitDate, r.data.data);
      if (!due) continue;
      const m = METHOD_TEXT[String(r.data.data.metode)] ?? { id: "KB", en: "family planning" };
      emit({
        id: stableUuid(this.id, r.id), personId: v.person.id, ...householdOf(v), ruleId: this.id, kind: "kb_kunjungan_ulang", assignee: "pustu",
        title: { id: `KB kunjungan ulang: ${m.id}`, en: `Family planning revisit: ${m.en}` },
        text: { code: "kb_revisit", params: { method: m, due, date: r.data.visitDate } },
        why: {
          id: `Aturan: ${REVISIT_NAME.id}. Pelayanan KB tanggal ${formatDateId(r.data.visitDate)}, kembali ${formatDateId(due)}.`,
          en: `Rule: ${REVISIT_NAME.en}. Family planning service of ${formatDateEn(r.data.visitDate)}, back on ${formatDateEn(due)}.`,
        },
        sourceRecordId: r.id, dueDate: due, done: lastDate > r.data.visitDate,
      });
    }
  },
};

const POSTPARTUM_NAME: Text = { id: "Ibu nifas memilih metode KB → layani KB pascapersalinan dalam 42 hari", en: "Postpartum mother chose a method → give postpartum family planning within 42 days" };

/** A nifas visit with a chosen method and no KB record since the delivery → serve KB by day 42. */
export const kbPostpartumRule: TaskRule = {
  id: "kb.pasca_persalinan",
  name: POSTPARTUM_NAME,
  run(v, emit) {
    if (v.person.data.sex !== "P") return;
    // The latest nifas visit with a chosen method, per delivery date.
    const byDelivery = new Map<string, RecordEntity>();
    for (const r of v.records) {
      if (r.data.formId !== "nifas" || r.data.visitDate < v.lookbackFrom) continue;
      const method = r.data.data.metode_kb;
      const delivered = r.data.data.tanggal_persalinan;
      if (typeof method !== "string" || method === "belum" || typeof delivered !== "string" || dateToDays(delivered) === null) continue;
      byDelivery.set(delivered, r);
    }
    for (const [delivered, r] of byDelivery) {
      const done = v.records.some((x) => x.data.formId === "kb" && x.data.visitDate >= delivered);
      const due = addDays(delivered, KB_POSTPARTUM_DUE_DAYS);
      const m = METHOD_TEXT_NIFAS[String(r.data.data.metode_kb)] ?? { id: "KB", en: "family planning" };
      emit({
        id: stableUuid(this.id, v.person.id, delivered), personId: v.person.id, ...householdOf(v), ruleId: this.id, kind: "kb_pasca_persalinan", assignee: "pustu",
        title: { id: `Layani KB pascapersalinan: ${m.id}`, en: `Give postpartum family planning: ${m.en}` },
        text: { code: "kb_postpartum", params: { method: m, due, date: delivered } },
        why: {
          id: `Aturan: ${POSTPARTUM_NAME.id}. Persalinan ${formatDateId(delivered)}; dipilih pada kunjungan nifas ${formatDateId(r.data.visitDate)}.`,
          en: `Rule: ${POSTPARTUM_NAME.en}. Delivery ${formatDateEn(delivered)}; chosen at the postpartum visit of ${formatDateEn(r.data.visitDate)}.`,
        },
        sourceRecordId: r.id, dueDate: due, done,
      });
    }
  },
};

/** Nifas v1 `metode_kb` options, as words. */
const METHOD_TEXT_NIFAS: Readonly<Record<string, Text>> = {
  iud: { id: "AKDR", en: "IUD" },
  implan: { id: "implan", en: "implant" },
  suntik: { id: "suntik KB", en: "injectable" },
  pil: { id: "pil KB", en: "the pill" },
  kondom: { id: "kondom", en: "condoms" },
  mow: { id: "tubektomi", en: "tubal ligation" },
  mal: { id: "MAL", en: "LAM" },
};
