/**
 * The synthetic pekon of the clinical bench (scripts/bench-clinical.ts) and of the test that the
 * fast derivation gives the same flags and tasks (test/domain/derive-equivalence.test.ts):
 * 3,000 persons in 750 households and 9,320 records over a year, the same every run.
 */
import { getForm, type AnswerValue } from "../domain/forms/index.ts";
import type { RecordEntity } from "../domain/rules/index.ts";

export const PERSONS = 3000;
export const TODAY = "2026-11-20";
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const T = Date.parse(TODAY + "T00:00:00Z");

/** Mulberry32: the same pekon every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface P { id: string; data: { householdId: string; sex: "L" | "P"; birthDate: string; pregnant: boolean } }

export function pekon(size = PERSONS) {
  const r = rng(42);
  const persons: P[] = [];
  const records: RecordEntity[] = [];
  let n = 0;
  const id = (p: string) => `${p}-${String(++n).padStart(8, "0")}`;
  const rec = (personId: string, formId: string, visitDate: string, data: Record<string, AnswerValue>) => {
    const def = getForm(formId, formId === "anc" ? 2 : 1)!;
    records.push({ id: id("r"), data: { personId, formId, formVersion: def.version, visitDate, data } });
  };
  for (let i = 0; i < size; i++) {
    const hh = `h-${Math.floor(i / 4)}`;
    const u = r();
    // Age mix of a rural pekon: 10% under five, 8% 10–18, 67% 19–59, 15% 60+.
    const ageDays = u < 0.1 ? Math.floor(r() * 1800) + 20 : u < 0.18 ? 3650 + Math.floor(r() * 3000) : u < 0.85 ? 6935 + Math.floor(r() * 14600) : 21900 + Math.floor(r() * 9000);
    const sex = r() < 0.5 ? "L" : "P";
    const pregnant = sex === "P" && ageDays > 6935 && ageDays < 14600 && r() < 0.06;
    const p: P = { id: id("p"), data: { householdId: hh, sex, birthDate: iso(T - ageDays * DAY), pregnant } };
    persons.push(p);
    if (ageDays < 1826) {
      // Monthly weighing for a year (or since birth), z around −0.8 with noise.
      for (let m = 11; m >= 0; m--) {
        const at = ageDays - m * 30;
        if (at < 0 || r() < 0.1) continue;
        const months = at / 30.4375;
        const weight = Math.round((3.3 + months * (months < 12 ? 0.55 : 0.2) + (months >= 12 ? 3.3 : 0) - 0.6 + r()) * 10) / 10;
        const length = Math.round((50 + months * (months < 12 ? 2 : 0.8) + (months >= 12 ? 14 : 0) - 2 + r() * 3) * 10) / 10;
        rec(p.id, "balita", iso(T - m * 30 * DAY), { bb: weight, panjang_tinggi: length, posisi_ukur: at >= 731 ? "berdiri" : "berbaring" });
      }
    } else if (pregnant) {
      const hpht = iso(T - (60 + Math.floor(r() * 170)) * DAY);
      for (let k = 0; k < 4; k++) {
        const d = Date.parse(hpht + "T00:00:00Z") + (30 + k * 40) * DAY;
        if (d > T) break;
        rec(p.id, "anc", iso(d), { hpht, bb: 55 + Math.round(r() * 10), lila: 22 + Math.round(r() * 40) / 10, td_sistolik: 100 + Math.round(r() * 50), td_diastolik: 60 + Math.round(r() * 35), tanda_bahaya: ["tidak_ada"] });
      }
    } else if (ageDays >= 5475) {
      const form = ageDays >= 21900 ? "lansia" : "ptm";
      for (let k = 0; k < (form === "lansia" ? 2 : 1); k++) {
        rec(p.id, form, iso(T - Math.floor(r() * 360) * DAY), {
          td1_sistolik: 110 + Math.round(r() * 50), td1_diastolik: 70 + Math.round(r() * 30), td2_sistolik: 110 + Math.round(r() * 50), td2_diastolik: 70 + Math.round(r() * 30),
          bb: 50 + Math.round(r() * 30), tb: 150 + Math.round(r() * 20), lingkar_perut: 70 + Math.round(r() * 30), jenis_gula_darah: "sewaktu", gula_darah: 90 + Math.round(r() * 130),
        });
      }
      // TB symptom screening once a year for adults.
      rec(p.id, "tb", iso(T - Math.floor(r() * 360) * DAY), { jenis_kunjungan: "skrining", batuk: r() < 0.05 ? "lebih_2_minggu" : "tidak", demam: false, keringat_malam: false, bb_turun: false, benjolan_leher: false, kontak_tb: false });
    }
    if (i % 4 === 0) rec(p.id, "kunjungan-rumah", iso(T - Math.floor(r() * 360) * DAY), { alasan: ["pendataan_keluarga"] });
  }
  return { persons, records };
}

