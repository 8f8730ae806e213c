import type { EntityPayload } from "../../domain/entities/registry.ts";
import { currentForm, type Answers } from "../../domain/forms/index.ts";
import { IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import type { AssessTables } from "../../domain/growth/zscore.ts";
import { ANC_SLOTS } from "../../domain/rules/anc-schedule.ts";
import { addDays, dateToDays } from "../../domain/rules/dates.ts";
import { recommendedDate } from "../../domain/rules/immunisation.ts";
import type { RowScope } from "../../domain/sync/index-columns.ts";
import { Ledger, type HistoryWrite, type SeedPerson } from "./ledger.ts";
import { lintasHistory, type LintasOffice } from "./lintas.ts";
import type { DesaPlace, HouseholdRow, PersonRow } from "./population.ts";
import { createRng, uuidv7Factory, type Rng } from "./prng.ts";
import {
  ancAnswers, balitaAnswers, HAZ_MEAN, HAZ_SD, lansiaAnswers, malariaAnswers, measure, neonatalAnswers, newAdult, newMother, nifasAnswers, normal,
  ptmAnswers, tbAnswers, WHZ_DRIFT_SD, WHZ_MEAN, WHZ_SD, type Adult,
} from "./visits.ts";

/**
 * A year of synthetic service history for the seeded kecamatan, up to `today`: posyandu weighings,
 * immunisations, pregnancies (ANC, delivery, nifas, neonatal), PTM/lansia/TB screenings, malaria
 * tests, family visits with IKS, referrals and their rujuk balik, and the January 2025
 * minilokakarya lintas sektor with its signed commitment (lintas.ts). Every row goes through the
 * Ledger (ledger.ts), i.e. the domain code a push runs. The same `today` gives the same history.
 */

export const HISTORY_DAYS = 365;
/** Coverage differs between pekon (approximation): the weakest reaches about half its sasaran, the best about 95%. */
export const COVERAGE_RANGE = [0.5, 0.95] as const;
/** Posyandu and pustu work from 08:00 WIB (01:00 UTC); each write of a day a minute after the last. */
const WORKDAY_START_UTC_MS = 60 * 60 * 1000;

export interface HistoryInput {
  today: string;
  kecCode: string;
  desa: readonly DesaPlace[];
  households: readonly HouseholdRow[];
  persons: readonly PersonRow[];
  facilities: readonly { id: string; payload: EntityPayload<"facility"> }[];
  offices: readonly LintasOffice[];
  growthTables: AssessTables;
}

export interface HistoryResult {
  writes: HistoryWrite[];
  /** When the history starts (the earliest write, ms). */
  firstAt: number;
}

interface Plan {
  date: string;
  person: SeedPerson;
  formId: string;
  facilityId: string | null;
  answers: (rng: Rng) => Answers;
  /** The order it was planned in: visits of one day are written in that order. */
  order: number;
}

const days = (date: string) => dateToDays(date)!;
const ageDaysAt = (birth: string, date: string) => days(date) - days(birth);
const ageMonthsAt = (birth: string, date: string) => Math.floor(ageDaysAt(birth, date) / 30.4375);
const ageYearsAt = (birth: string, date: string) => Math.floor(ageDaysAt(birth, date) / 365.25);

export async function buildHistory(input: HistoryInput): Promise<HistoryResult> {
  const { today } = input;
  const start = addDays(today, -HISTORY_DAYS);
  const rng = createRng(`simpul-seed:history:${today}`);
  const ledger = new Ledger(input.growthTables, uuidv7Factory(createRng(`simpul-seed:history-ids:${today}`), Date.parse(`${start}T00:00:00Z`)));

  const householdOf = new Map(input.households.map((h) => [h.id, h]));
  const scopeOf = (p: PersonRow): RowScope => {
    const h = householdOf.get(p.householdId)!;
    return { area: h.desaCode, dusun: h.dusunId, grp: null };
  };
  const seedPerson = (p: PersonRow): SeedPerson => ({ id: p.id, sex: p.sex, birthDate: p.birthDate, scope: scopeOf(p) });
  const membersOf = new Map<string, PersonRow[]>();
  for (const p of input.persons) membersOf.set(p.householdId, [...(membersOf.get(p.householdId) ?? []), p]);

  // Coverage per pekon, and a posyandu day of the month per dusun.
  const coverage = new Map<string, number>();
  input.desa.forEach((d) => coverage.set(d.code, COVERAGE_RANGE[0] + rng.next() * (COVERAGE_RANGE[1] - COVERAGE_RANGE[0])));
  const posyanduOf = new Map<string, { id: string; day: number }>();
  const pustuOf = new Map<string, string>();
  for (const f of input.facilities) {
    if (f.payload.kind === "posyandu" && f.payload.dusunId) posyanduOf.set(f.payload.dusunId, { id: f.id, day: rng.int(5, 25) });
    if (f.payload.kind === "pustu") pustuOf.set(f.payload.areaCode, f.id);
  }
  const months: string[] = [];
  for (let m = 0; m <= 12; m++) months.push(monthAdd(start.slice(0, 7), m));
  const posyanduDate = (dusunId: string, month: string) => `${month}-${String(posyanduOf.get(dusunId)!.day).padStart(2, "0")}`;
  const inWindow = (date: string) => date > start && date <= today;
  const workday = (date: string) => {
    // A pustu visit on a Sunday moves to Monday.
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow === 0 ? addDays(date, 1) : date;
  };

  const plans: Plan[] = [];
  const plan = (p: Omit<Plan, "order">) => {
    if (inWindow(p.date)) plans.push({ ...p, order: plans.length });
  };

  // --- births in the window: mothers' pregnancies, deliveries, nifas and neonatal visits ---
  const mothers = new Set<string>();
  for (const child of input.persons) {
    const born = child.birthDate;
    if (born <= addDays(start, -280) || born > today || child.birthDatePrecision !== "day") continue;
    const mother = motherOf(child, membersOf.get(child.householdId) ?? []);
    if (!mother || mothers.has(mother.id)) continue;
    mothers.add(mother.id);
    const cov = coverage.get(householdOf.get(child.householdId)!.desaCode)!;
    const older = (membersOf.get(child.householdId) ?? []).filter((x) => x !== child && x.birthDate < born && x.birthDate > mother.birthDate && ageYearsAt(x.birthDate, born) < 25 && (x.relation === child.relation)).length;
    const mo = newMother(rng, older);
    const hpht = addDays(born, -(280 + rng.int(-12, 10)));
    planPregnancy(rng, plan, seedPerson(mother), mo, hpht, born, cov, pustuOf.get(scopeOf(mother).area) ?? null, workday);
    const atFacility = rng.chance(0.88);
    const mp = seedPerson(mother);
    const cp = seedPerson(child);
    const pustu = pustuOf.get(mp.scope.area) ?? null;
    [[1, true], [rng.int(4, 7), false], [rng.int(10, 25), false], [rng.int(30, 40), false]].forEach(([d, kf1], i) => {
      if (i > 0 && !rng.chance(cov + 0.05)) return;
      const date = addDays(born, d as number);
      plan({ date, person: mp, formId: "nifas", facilityId: pustu, answers: (r) => nifasAnswers(r, born, atFacility, kf1 as boolean) });
    });
    const grams = Math.round(Math.min(4300, Math.max(1700, 3050 + normal(rng) * 420)));
    [1, rng.int(3, 7), rng.int(8, 25)].forEach((d, i) => {
      if (i > 0 && !rng.chance(cov + 0.05)) return;
      const date = addDays(born, d);
      plan({ date, person: cp, formId: "neonatal", facilityId: pustu, answers: (r) => neonatalAnswers(r, born, atFacility, grams, d) });
    });
  }

  // --- current pregnancies: ANC along the weeks so far ---
  for (const p of input.persons) {
    if (!p.pregnant || mothers.has(p.id)) continue;
    const cov = coverage.get(scopeOf(p).area)!;
    const weeks = rng.int(5, 39);
    const hpht = addDays(today, -weeks * 7 - rng.int(0, 6));
    const older = (membersOf.get(p.householdId) ?? []).filter((x) => x.birthDate > p.birthDate && ageYearsAt(p.birthDate, x.birthDate) >= 15 && (x.relation === "anak" || x.relation === "cucu")).length;
    planPregnancy(rng, plan, seedPerson(p), newMother(rng, Math.min(older, 6)), hpht, null, cov, pustuOf.get(scopeOf(p).area) ?? null, workday);
  }

  // --- balita: monthly weighings at the dusun's posyandu; immunisations on schedule ---
  for (const c of input.persons) {
    const h = householdOf.get(c.householdId)!;
    if (ageMonthsAt(c.birthDate, today) >= 72 || c.birthDate > today || !h.dusunId) continue;
    const cov = coverage.get(h.desaCode)!;
    const person = seedPerson(c);
    const posyandu = posyanduOf.get(h.dusunId)!;
    // Pekon with lower coverage also have more stunting (approximation: poorer access, poorer diets).
    const track = { haz: HAZ_MEAN - (0.75 - cov) * 0.8 + normal(rng) * HAZ_SD, whz: 0 };
    const whzBase = WHZ_MEAN + normal(rng) * WHZ_SD;
    let whzDev = 0;
    const attendance = Math.min(0.98, cov * (0.75 + rng.next() * 0.45));
    for (const month of months) {
      const date = posyanduDate(h.dusunId, month);
      const age = ageDaysAt(c.birthDate, date);
      // A child keeps its own weight-for-length, with small month-to-month swings (illness, a good harvest).
      whzDev = whzDev * 0.8 + normal(rng) * WHZ_DRIFT_SD;
      track.whz = Math.max(-3.2, Math.min(2.5, whzBase + whzDev));
      track.haz += normal(rng) * 0.05;
      if (age < 14 || ageMonthsAt(c.birthDate, date) >= 60 || !rng.chance(attendance)) continue;
      const snapshot = { ...track };
      const m = measure(input.growthTables, c.sex, age, snapshot);
      if (!m) continue;
      const visitMonth = Number(month.slice(5, 7));
      const measureLength = visitMonth === 2 || visitMonth === 8 || rng.chance(0.4);
      plan({ date, person, formId: "balita", facilityId: posyandu.id, answers: (r) => balitaAnswers(r, m, ageMonthsAt(c.birthDate, date), visitMonth, measureLength, snapshot.whz) });
    }
    if (ageMonthsAt(c.birthDate, today) < 36) planImmunisation(rng, plan, person, c.birthDate, start, today, cov, posyandu.id, (month) => posyanduDate(h.dusunId!, month));
  }

  // --- adults: PTM (15–59) and lansia (60+) screening at posbindu, TB screening, malaria tests ---
  for (const p of input.persons) {
    const age = ageYearsAt(p.birthDate, today);
    if (age < 15) continue;
    const person = seedPerson(p);
    const cov = coverage.get(person.scope.area)!;
    const pustu = pustuOf.get(person.scope.area) ?? null;
    const adult: Adult = newAdult(rng, p.sex, age);
    const formId = age >= 60 ? "lansia" : "ptm";
    const screened = rng.chance(age >= 60 ? cov * 0.75 : cov * 0.5);
    if (screened) {
      const first = workday(addDays(start, rng.int(5, 300)));
      const ageThen = ageYearsAt(p.birthDate, first);
      const form = ageThen >= 60 ? "lansia" : ageThen >= 15 ? "ptm" : null;
      // The answers follow the age on the visit day (the forms' skip logic reads it).
      const screen = (date: string, f: "ptm" | "lansia") =>
        plan({ date, person, formId: f, facilityId: pustu, answers: (r) => (f === "lansia" ? lansiaAnswers : ptmAnswers)(r, { ...adult, age: ageYearsAt(p.birthDate, date) }) });
      if (form) {
        screen(first, form);
        // Hypertensive people come back (about half of them) for a recheck a month later; lansia again in six months.
        const recheck = workday(addDays(first, rng.int(25, 40)));
        if (adult.hypertensive && rng.chance(0.5) && ageYearsAt(p.birthDate, recheck) >= 60 === (form === "lansia")) screen(recheck, form);
        const again = workday(addDays(first, rng.int(170, 200)));
        if (form === "lansia" && rng.chance(0.5)) screen(again, "lansia");
      }
      if (rng.chance(0.35)) {
        const terduga = rng.chance(0.025);
        plan({ date: workday(addDays(first, rng.int(0, 2))), person, formId: "tb", facilityId: pustu, answers: (r) => tbAnswers(r, age, terduga) });
      }
    }
    if (rng.chance(0.012)) {
      const positive = rng.chance(0.12);
      plan({ date: workday(addDays(start, rng.int(10, 360))), person, formId: "malaria", facilityId: pustu, answers: (r) => malariaAnswers(r, positive) });
    }
  }

  // --- kunjungan rumah: PIS-PK family data (IKS) for the surveyed families; home visits for missed balita ---
  for (const h of input.households) {
    if (!h.pisPk || !rng.chance(coverage.get(h.desaCode)! * 0.7)) continue;
    const head = (membersOf.get(h.id) ?? []).find((m) => m.relation === "kepala") ?? membersOf.get(h.id)?.[0];
    if (!head) continue;
    const pisPk = h.pisPk;
    plan({
      date: workday(addDays(start, rng.int(15, 340))), person: seedPerson(head), formId: "kunjungan-rumah", facilityId: null,
      answers: (r) => ({
        alasan: ["pendataan_keluarga"], bertemu: true, edukasi: [r.pick(["phbs", "gizi", "kb", "stbm", "ptm"] as const)], rujukan: "tidak",
        ...Object.fromEntries(Object.entries(pisPk).map(([k, v]) => [`pispk_${k}`, v === null || v === undefined ? "tb" : v ? "ya" : "tidak"])),
      }),
    });
  }

  // --- write the plans in date order, each through the ledger; referrals get their rujuk balik ---
  plans.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  const perDay = new Map<string, number>();
  const atOf = (date: string) => {
    const n = perDay.get(date) ?? 0;
    perDay.set(date, n + 1);
    return Date.parse(`${date}T00:00:00Z`) + WORKDAY_START_UTC_MS + n * 60_000;
  };
  const closings: { id: string; scope: RowScope; date: string; outcome: Record<string, unknown> }[] = [];
  for (const p of plans) {
    const form = currentForm(p.formId)!;
    const out = ledger.record(p.person, form.id, form.version, p.date, p.facilityId, p.answers(rng), atOf(p.date));
    for (const r of out.referrals) {
      // Most referrals come back (rujuk balik) within two weeks; the rest stay open, and recent ones are still awaited.
      if (!rng.chance(0.7)) continue;
      const date = addDays(r.data.referredAt, rng.int(1, 14));
      if (date > today) continue;
      const outcome = rng.weighted([["datang_ditangani", 0.82], ["dirujuk_lanjut", 0.1], ["tidak_datang", 0.08]] as const);
      closings.push({ id: r.id, scope: p.person.scope, date, outcome: { outcome, outcomeNote: OUTCOME_NOTES[outcome], outcomeAt: date } });
    }
  }
  closings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const c of closings) ledger.update("referral", c.id, c.outcome, c.scope, atOf(c.date));

  await lintasHistory(ledger, rng, { kecCode: input.kecCode, offices: input.offices, desa: input.desa, today });

  const writes = ledger.writes;
  const firstAt = writes.reduce((m, w) => Math.min(m, w.at), Number.POSITIVE_INFINITY);
  return { writes, firstAt: Number.isFinite(firstAt) ? firstAt : Date.parse(`${start}T00:00:00Z`) };
}

const OUTCOME_NOTES: Record<string, string> = {
  datang_ditangani: "Sudah diperiksa di puskesmas; kontrol sesuai anjuran.",
  dirujuk_lanjut: "Dirujuk lanjut ke RSUD Alimuddin Umar Liwa.",
  tidak_datang: "Tidak datang ke tempat rujukan; dikunjungi kader.",
};

function monthAdd(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  return `${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
}

/** The child's mother in the household: a woman one generation up, 15–49 at the birth. */
function motherOf(child: PersonRow, members: readonly PersonRow[]): PersonRow | undefined {
  const up = child.relation === "cucu" ? ["menantu", "anak"] : ["istri", "kepala"];
  return members.find((m) => m.sex === "P" && m !== child && up.includes(m.relation ?? "") && ageYearsAt(m.birthDate, child.birthDate) >= 15 && ageYearsAt(m.birthDate, child.birthDate) <= 49);
}

type PlanFn = (p: Omit<Plan, "order">) => void;

/** ANC visits K1–K6 at their usual weeks; each missed with the pekon's coverage (K1 most often kept). */
function planPregnancy(rng: Rng, plan: PlanFn, person: SeedPerson, mo: ReturnType<typeof newMother>, hpht: string, born: string | null, cov: number, pustu: string | null, workday: (d: string) => string): void {
  let first = true;
  for (const slot of ANC_SLOTS) {
    const keep = slot.k === "K1" ? Math.min(0.97, cov + 0.2) : cov + 0.08;
    if (!rng.chance(keep)) continue;
    const week = slot.dueWeek - rng.int(0, 3);
    const date = workday(addDays(hpht, week * 7 + rng.int(0, 4)));
    if (born && date >= born) break;
    const isFirst = first;
    first = false;
    const doctor = slot.k === "K1" || slot.k === "K5";
    const weeks = Math.floor((days(date) - days(hpht)) / 7);
    plan({ date, person, formId: "anc", facilityId: pustu, answers: (r) => ancAnswers(r, mo, hpht, weeks, isFirst, doctor) });
  }
}

/**
 * Routine immunisation: each antigen at the posyandu of the month it falls due, given with the
 * pekon's coverage and a child's own reliability; once a child drops out, later antigens stay
 * missing (so DPT-HB-Hib 1 → MR drop-out shows). Doses before the window are copied from the
 * Buku KIA at the child's first visit in the window (tanggal_pemberian), as a kader does.
 */
function planImmunisation(rng: Rng, plan: PlanFn, person: SeedPerson, birth: string, start: string, today: string, cov: number, posyandu: string, posyanduDate: (month: string) => string): void {
  const reliable = Math.min(0.995, cov + 0.15 + rng.next() * 0.1);
  const dropsAfterMonths = rng.chance(0.12 + (0.95 - cov) * 0.3) ? rng.int(3, 9) : 99;
  const byDate = new Map<string, string[]>();
  for (const a of IMMUNISATION_SCHEDULE) {
    const due = recommendedDate(a, birth);
    if (due > today) continue;
    if ((a.dueAgeMonths ?? 0) >= dropsAfterMonths || !rng.chance(reliable)) continue;
    let given: string;
    if (a.id === "hb0") given = addDays(birth, rng.int(0, 1));
    else {
      const month = due.slice(0, 7);
      given = posyanduDate(month);
      if (given < due) given = posyanduDate(monthAdd(month, 1));
    }
    if (given > today) continue;
    byDate.set(given, [...(byDate.get(given) ?? []), a.id]);
  }
  const firstVisit = [...byDate.keys()].filter((d) => d > start).sort()[0] ?? addDays(start, 20);
  for (const [date, antigens] of byDate) {
    if (date > start) {
      plan({ date, person, formId: "imunisasi", facilityId: posyandu, answers: (r) => ({ antigen: antigens, kipi: r.chance(0.1) ? "ringan" : "tidak" }) });
    } else {
      plan({ date: firstVisit, person, formId: "imunisasi", facilityId: posyandu, answers: () => ({ antigen: antigens, tanggal_pemberian: date, catatan: "Dicatat dari Buku KIA" }) });
    }
  }
}
