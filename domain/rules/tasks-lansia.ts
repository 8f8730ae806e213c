import type { AnswerValue, Text } from "../forms/types.ts";
import type { LanjutanInstrument } from "../forms/lansia-lanjutan-v1.ts";
import { addDays, formatDateEn, formatDateId } from "./dates.ts";
import { stableUuid } from "./hash.ts";
import type { RecordEntity } from "./referrals.ts";
import type { PersonView, TaskRule } from "./tasks.ts";

/**
 * Lansia follow-up instruments (issue 15): when SKILAS at a lansia visit finds a cognitive
 * decline, depression symptoms or malnutrition, the health worker does the further screening
 * for it (ILP juknis, Klaster 3 "Skrining Geriatri": "skrining lanjutan oleh petugas kesehatan
 * berdasarkan penurunan kapasitas intrinsik yang ditemukan"): AMT, GDS-15 or MNA-SF in the
 * `lansia-lanjutan` form. One task per instrument and person: the last lansia visit with the
 * finding is its source, and a `lansia-lanjutan` record on or after that day that includes the
 * instrument closes it.
 */

/** Follow-up within 14 days of the SKILAS finding (our choice: two weeks, before the next monthly posyandu). */
export const LANSIA_FOLLOW_UP_DAYS = 14;

/** SKILAS flag (derived id) → the instrument that follows it up. */
export const SKILAS_FOLLOW_UP: Readonly<Record<string, LanjutanInstrument>> = {
  "lansia.skilas_kognitif": "amt",
  "lansia.skilas_depresi": "gds",
  "lansia.skilas_malnutrisi": "mna",
};

export const INSTRUMENT_TEXT: Readonly<Record<LanjutanInstrument, Text>> = {
  amt: { id: "AMT (tes kognitif)", en: "the AMT (cognitive test)" },
  gds: { id: "GDS-15 (skala depresi)", en: "the GDS-15 (depression scale)" },
  mna: { id: "MNA-SF (skrining gizi)", en: "the MNA-SF (nutrition screening)" },
  srq: { id: "SRQ-20", en: "the SRQ-20" },
};

const includes = (v: AnswerValue | undefined, i: string) => Array.isArray(v) && v.includes(i);

/** SKILAS cognition, depression or malnutrition at a lansia visit → AMT, GDS-15 or MNA-SF within 14 days. */
export const lansiaFollowUpRule: TaskRule = {
  id: "lansia.pemeriksaan_lanjutan",
  name: {
    id: "Temuan SKILAS (kognitif, depresi, malnutrisi) → pemeriksaan lanjutan AMT/GDS/MNA-SF dalam 2 minggu",
    en: "SKILAS finding (cognition, depression, malnutrition) → AMT/GDS/MNA-SF follow-up within 2 weeks",
  },
  run(v: PersonView, emit) {
    // The last lansia visit with each finding (records are in date order).
    const source = new Map<LanjutanInstrument, { r: RecordEntity; finding: Text }>();
    let any = false;
    v.records.forEach((r, i) => {
      if (r.data.formId !== "lansia") return;
      for (const f of v.derived[i]?.flags ?? []) {
        const inst = SKILAS_FOLLOW_UP[f.id];
        if (inst) {
          source.set(inst, { r, finding: f.label });
          any = true;
        }
      }
    });
    if (!any) return;
    for (const [inst, { r, finding }] of source) {
      if (r.data.visitDate < v.lookbackFrom) continue;
      const done = v.records.some((x) => x.data.formId === "lansia-lanjutan" && x.data.visitDate >= r.data.visitDate && includes(x.data.data.instrumen, inst));
      const what = INSTRUMENT_TEXT[inst];
      emit({
        id: stableUuid(this.id, r.id, inst), personId: v.person.id, ...(v.person.data.householdId ? { householdId: v.person.data.householdId } : {}),
        ruleId: this.id, kind: "pemeriksaan_lanjutan", assignee: "pustu",
        title: { id: `Pemeriksaan lanjutan lansia: ${what.id}`, en: `Older-person follow-up: ${what.en}` },
        text: { code: "lansia_followup", params: { instrument: what, finding, date: r.data.visitDate } },
        why: {
          id: `Aturan: ${this.name.id}. ${finding.id} pada pemeriksaan lansia tanggal ${formatDateId(r.data.visitDate)}.`,
          en: `Rule: ${this.name.en}. ${finding.en} at the older-person check of ${formatDateEn(r.data.visitDate)}.`,
        },
        sourceRecordId: r.id, dueDate: addDays(r.data.visitDate, LANSIA_FOLLOW_UP_DAYS), done,
      });
    }
  },
};
