import type { EntityPayload } from "../../domain/entities/registry.ts";
import { ageAt, currentForm, formContext, getForm, type Answers } from "../../domain/forms/index.ts";
import { IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import type { AssessTables } from "../../domain/growth/zscore.ts";
import { ANC_SLOTS } from "../../domain/rules/anc-schedule.ts";
import { MTBS_FOLLOW_UP_DAYS } from "../../domain/rules/mtbs.ts";
import { CATIN_FOLLOW_UP_FLAGS, CATIN_RECHECK_DAYS } from "../../domain/rules/tasks-catin.ts";
import { addDays, dateToDays } from "../../domain/rules/dates.ts";
import { recommendedDate } from "../../domain/rules/immunisation.ts";
import type { RowScope } from "../../domain/sync/index-columns.ts";
import { Ledger, type HistoryWrite, type SeedPerson } from "./ledger.ts";
import { lintasHistory, type LintasOffice } from "./lintas.ts";
import type { DesaPlace, HouseholdRow, PersonRow } from "./population.ts";
import { createRng, uuidv7Factory, type Rng } from "./prng.ts";
import { DEFAULT_SEED_REGION, seedStream, type SeedRegion } from "./regions.ts";
import {
  anakSekolahAnswers, biasAnswers, catinAnswers, gigiAnswers, KB_FROM_NIFAS, KB_METHOD_MIX, kbAnswers, kbInterval, lansiaLanjutanAnswers, MTBS_CASE_MIX,
  mtbsAnswers, newCatin, persalinanAnswers, schoolChild, sdidtkAnswers, type KbMethod, type MtbsCase,
} from "./services.ts";
import {
  ancAnswers, balitaAnswers, HAZ_MEAN, HAZ_SD, lansiaAnswers, malariaAnswers, measure, neonatalAnswers, newAdult, newMother, nifasAnswers, normal,
  ptmAnswers, tbAnswers, WHZ_DRIFT_SD, WHZ_MEAN, WHZ_SD, type Adult,
} from "./visits.ts";

/**
 * A year of synthetic service history for the seeded kecamatan, up to `today`: posyandu weighings,
 * immunisations, pregnancies (ANC, the delivery record, nifas, neonatal), KB users, catin
 * screenings, SDIDTK, MTBS for sick balita, school-age screening and BIAS, dental screenings,
 * PTM/lansia/TB screenings with the lansia follow-up instruments, malaria tests, family visits
 * with IKS, referrals and their rujuk balik, and the January 2025 minilokakarya lintas sektor
 * with its signed commitment (lintas.ts). Every row goes through the Ledger (ledger.ts), i.e. the
 * domain code a push runs; follow-up visits (catin recheck, MTBS kunjungan ulang, KPSP retest,
 * lansia lanjutan) are planned from the flags the forms derived, never from the seed's own rules.
 * The same `today` gives the same history.
 */

export const HISTORY_DAYS = 365;
/** Coverage differs between pekon (approximation): the weakest reaches about half its sasaran, the best about 95%. */
export const COVERAGE_RANGE = [0.5, 0.95] as const;
/**
 * The newer versions of forms that already had records (imunisasi v2 with JE, ptm v2 and lansia v2
 * with the corrected PUMA; issue 15) came into use this many days before `today`: visits before
 * that keep the older version, as real records do (approximation: a demo story, not a real date).
 */
export const NEW_VERSIONS_DAYS = 90;
/** The form versions in use before NEW_VERSIONS_DAYS (newest otherwise). */
const PREVIOUS_VERSION: Readonly<Record<string, number>> = { imunisasi: 1, ptm: 1, lansia: 1 };
/** Married women 15–49 who get KB at the pustu (approximation: about half of the ~55% users; the rest go to a PMB). */
export const KB_PUSTU_SHARE = 0.28;
/**
 * Catin screened per pekon per month (approximation: 0–2, mean ~0.9). That is more than the crude
 * marriage rate of ~3,000 people would give (~20 couples a year): the demo shows the service in every pekon.
 */
const CATIN_PER_DESA_MONTH: readonly (readonly [number, number])[] = [[0, 0.35], [1, 0.42], [2, 0.23]];
/** BIAS coverage of the grade's children (approximation: BIAS reaches most enrolled children). */
const BIAS_COVERAGE = 0.9;
/** Chance that a balita comes to the pustu sick in a month (approximation: ~1 MTBS visit per child a year). */
const MTBS_MONTHLY_CHANCE = 0.08;
/** SDIDTK at the posyandu reaches fewer children than the weighing (approximation). */
const SDIDTK_ATTENDANCE = 0.8;
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
  /** The region (its PRNG salt, referral hospital, lintas sektor meeting); default Lampung Barat. */
  region?: SeedRegion;
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
  /** The answers, for the form version in use that day. */
  answers: (rng: Rng, version: number) => Answers;
  /** The order it was planned in: visits of one day are written in that order. */
  order: number;
  /** A follow-up to plan from what this visit's record derived (flags), when it is written. */
  then?: (out: FollowInput, rng: Rng) => void;
}

const days = (date: string) => dateToDays(date)!;
const ageDaysAt = (birth: string, date: string) => days(date) - days(birth);
const ageMonthsAt = (birth: string, date: string) => Math.floor(ageDaysAt(birth, date) / 30.4375);
/** Completed calendar years, as the forms count them (engine ageAt), so an age limit never disagrees by a day. */
const ageYearsAt = (birth: string, date: string) => ageAt(birth, date)?.years ?? Math.floor(ageDaysAt(birth, date) / 365.25);

export async function buildHistory(input: HistoryInput): Promise<HistoryResult> {
  const { today } = input;
  const start = addDays(today, -HISTORY_DAYS);
  const region = input.region ?? DEFAULT_SEED_REGION;
  const rng = createRng(seedStream(region, `history:${today}`));
  const ledger = new Ledger(input.growthTables, uuidv7Factory(createRng(seedStream(region, `history-ids:${today}`)), Date.parse(`${start}T00:00:00Z`)));
  const outcomeNotes = outcomeNotesOf(region);

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
  // Follow-ups planned while writing (from a record's derived flags): kept in (date, order) order.
  const followUps: Plan[] = [];
  let followOrder = Number.MAX_SAFE_INTEGER / 2;
  const follow = (p: Omit<Plan, "order">) => {
    if (!inWindow(p.date)) return;
    const q = { ...p, order: followOrder++ };
    let at = followUps.length;
    while (at > 0 && byDateOrder(followUps[at - 1]!, q) > 0) at--;
    followUps.splice(at, 0, q);
  };
  const isMarried = (p: PersonRow) => {
    const members = membersOf.get(p.householdId) ?? [];
    return p.relation === "istri" || (p.relation === "menantu" && p.sex === "P") || (p.relation === "anak" && p.sex === "P" && members.some((x) => x.relation === "menantu"));
  };

  /**
   * A KB user's visits at the pustu from `first`: each on the day her method's rhythm books
   * (kbInterval), a few days late at times; some switch method (ganti cara), stop to conceive
   * (berhenti) or move to a private midwife and leave the register (approximations). MAL lasts
   * until about 6 months after the birth, then a switch to an injectable.
   */
  const planKb = (person: SeedPerson, birth: string, method: KbMethod, first: string, postpartum: boolean, already = false) => {
    const pustu = pustuOf.get(person.scope.area) ?? null;
    const hypertensive = rng.chance(0.04);
    let date = first;
    let m = method;
    type Status = "baru" | "lama" | "ganti_cara";
    let status: Status = already ? "lama" : "baru";
    for (let n = 0; date <= today && n < 40; n++) {
      const age = ageYearsAt(birth, date);
      if (age < 15 || age > 49) break;
      const stop = n > 0 && rng.chance(0.025);
      const next = kbInterval(rng, m, status !== "lama");
      let nextMethod = m;
      let nextStatus: Status = "lama";
      if (m === "mal" && n > 0) {
        nextMethod = "suntik_3_bulan";
        nextStatus = "ganti_cara";
      } else if (!stop && n > 0 && rng.chance(0.02)) {
        nextMethod = m.startsWith("suntik") ? "implan" : "suntik_3_bulan";
        nextStatus = "ganti_cara";
      }
      const d = date;
      const visit = { method: m, status: stop ? "berhenti" as const : status, postpartum: postpartum && n === 0, hypertensive, nextDays: stop ? null : next, visitDate: d, addDays };
      plan({ date: d, person, formId: "kb", facilityId: pustu, answers: (r) => kbAnswers(r, visit) });
      if (stop || rng.chance(0.05)) break;
      date = workday(addDays(d, next + rng.int(-2, 6)));
      m = nextMethod;
      status = nextStatus;
    }
  };

  /**
   * A balita's month: SDIDTK every 6 months of age at the posyandu (a KPSP "meragukan" is retested
   * after two weeks), and now and then a sick visit at the pustu (MTBS) measured from the child's
   * own growth track; a yellow classification brings the child back on its kunjungan ulang day.
   */
  const planChildServices = (c: PersonRow, person: SeedPerson, date: string, month: string, track: { haz: number; whz: number }, attendance: number, posyanduId: string) => {
    const pustu = pustuOf.get(person.scope.area) ?? null;
    const ageM = ageMonthsAt(c.birthDate, date);
    if (ageM >= 6 && ageM <= 72 && ageM % 6 === 0 && date <= today && rng.chance(Math.min(0.95, attendance * SDIDTK_ATTENDANCE))) {
      const def = currentForm("sdidtk")!;
      const sdidtk = (d: string, retest: boolean) => (r: Rng) => sdidtkAnswers(r, def, formContext(d, { sex: c.sex, birthDate: c.birthDate }), ageDaysAt(c.birthDate, d), ageMonthsAt(c.birthDate, d), retest);
      plan({
        date, person, formId: "sdidtk", facilityId: posyanduId, answers: sdidtk(date, false),
        then: (out, r) => {
          if (!out.flags.some((f) => f.id === "sdidtk.kpsp_meragukan") || !r.chance(0.6)) return;
          const again = workday(addDays(date, r.int(14, 21)));
          if (ageMonthsAt(c.birthDate, again) <= 72) follow({ date: again, person, formId: "sdidtk", facilityId: pustu, answers: sdidtk(again, true) });
        },
      });
    }
    if (!rng.chance(MTBS_MONTHLY_CHANCE)) return;
    const day = workday(`${month}-${String(rng.int(1, 27)).padStart(2, "0")}`);
    const ageDays = ageDaysAt(c.birthDate, day);
    const ageMonths = ageMonthsAt(c.birthDate, day);
    if (ageMonths < 2 || ageMonths >= 60 || !inWindow(day)) return;
    const whz = track.whz;
    const m = measure(input.growthTables, c.sex, ageDays, { ...track });
    if (!m) return;
    const kind: MtbsCase = rng.weighted(MTBS_CASE_MIX);
    plan({
      date: day, person, formId: "mtbs", facilityId: pustu, answers: (r) => mtbsAnswers(r, kind, ageMonths, m, whz),
      then: (out, r) => {
        const yellow = out.flags.filter((f) => f.colour === "kuning").map((f) => MTBS_FOLLOW_UP_DAYS[f.id.slice("mtbs.".length)]).filter((d): d is number => d !== undefined);
        if (!yellow.length || out.flags.some((f) => f.colour === "merah") || !r.chance(0.7)) return;
        const back = workday(addDays(day, Math.min(...yellow)));
        if (ageMonthsAt(c.birthDate, back) < 60) follow({ date: back, person, formId: "mtbs", facilityId: pustu, answers: (r2) => mtbsAnswers(r2, "sembuh", ageMonthsAt(c.birthDate, back), m, whz) });
      },
    });
  };

  /** SKILAS findings → the instruments that follow them up (lansia-lanjutan), within 3–20 days, for about two thirds. */
  const planLanjutan = (person: SeedPerson, pustu: string | null, date: string, out: FollowInput, r: Rng) => {
    const has = (id: string) => out.flags.some((f) => f.id === id);
    const instruments: ("gds" | "amt" | "mna" | "srq")[] = [];
    if (has("lansia.skilas_depresi")) instruments.push("gds");
    if (has("lansia.skilas_kognitif")) instruments.push("amt");
    if (has("lansia.skilas_malnutrisi")) instruments.push("mna");
    if (!instruments.length || !r.chance(0.65)) return;
    if (r.chance(0.2)) instruments.push("srq");
    const bb = typeof out.data.bb === "number" ? out.data.bb : null;
    const tb = typeof out.data.tb === "number" ? out.data.tb : null;
    const when = workday(addDays(date, r.int(3, 20)));
    follow({ date: when, person, formId: "lansia-lanjutan", facilityId: pustu, answers: (r2) => lansiaLanjutanAnswers(r2, { instruments, bb, tb }) });
  };

  /** A dental check at the first ANC visit (approximation: about a third of pregnant women). */
  const gigiOnFirstVisit = (person: SeedPerson) => (date: string, pustu: string | null) => {
    if (!rng.chance(0.35)) return;
    plan({ date, person, formId: "gigi", facilityId: pustu, answers: (r) => gigiAnswers(r, { ageMonths: ageMonthsAt(person.birthDate, date), ageYears: ageYearsAt(person.birthDate, date), sex: person.sex, pregnant: true }) });
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
    planPregnancy(rng, plan, seedPerson(mother), mo, hpht, born, cov, pustuOf.get(scopeOf(mother).area) ?? null, workday, gigiOnFirstVisit(seedPerson(mother)));
    const atFacility = rng.chance(0.88);
    const mp = seedPerson(mother);
    const cp = seedPerson(child);
    const pustu = pustuOf.get(mp.scope.area) ?? null;
    const grams = Math.round(Math.min(4300, Math.max(1700, 3050 + normal(rng) * 420)));
    // The delivery as its own visit (persalinan), recorded on the day or at KF1; nifas and neonatal follow it.
    const gestation = Math.floor((days(born) - days(hpht)) / 7);
    plan({ date: addDays(born, rng.int(0, 1)), person: mp, formId: "persalinan", facilityId: pustu, answers: (r) => persalinanAnswers(r, { born, weeks: gestation, atFacility, sex: child.sex, grams }) });
    // The method chosen at the nifas visits (approximation: a third not yet decided at KF1); most start it within 42 days.
    const metodeKb = rng.pick(["belum", "belum", "suntik", "suntik", "implan", "iud", "pil", "mal"] as const);
    [[1, true], [rng.int(4, 7), false], [rng.int(10, 25), false], [rng.int(30, 40), false]].forEach(([d, kf1], i) => {
      if (i > 0 && !rng.chance(cov + 0.05)) return;
      const date = addDays(born, d as number);
      plan({ date, person: mp, formId: "nifas", facilityId: pustu, answers: (r) => nifasAnswers(r, born, atFacility, kf1 as boolean, metodeKb) });
    });
    if (metodeKb !== "belum" && rng.chance(0.8)) {
      planKb(mp, mother.birthDate, KB_FROM_NIFAS[metodeKb]!, workday(addDays(born, rng.int(8, 40))), true);
    } else if (rng.chance(0.35)) {
      planKb(mp, mother.birthDate, rng.chance(0.7) ? "suntik_3_bulan" : "implan", workday(addDays(born, rng.int(43, 100))), false);
    }
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
    planPregnancy(rng, plan, seedPerson(p), newMother(rng, Math.min(older, 6)), hpht, null, cov, pustuOf.get(scopeOf(p).area) ?? null, workday, gigiOnFirstVisit(seedPerson(p)));
  }

  // --- KB: married women 15–49 served at the pustu (the postpartum users start above) ---
  for (const p of input.persons) {
    if (p.sex !== "P" || p.pregnant || mothers.has(p.id) || !isMarried(p)) continue;
    const age = ageYearsAt(p.birthDate, today);
    if (age < 16 || age > 49 || !rng.chance(KB_PUSTU_SHARE)) continue;
    const method = rng.weighted(KB_METHOD_MIX);
    const person = seedPerson(p);
    planKb(person, p.birthDate, method, workday(addDays(start, rng.int(1, Math.min(90, kbInterval(rng, method, false))))), false, true);
  }

  // --- catin: brides- and grooms-to-be screened at the pustu, a few a month per pekon; anaemia or KEK → recheck ---
  const catinPool = new Map<string, PersonRow[]>();
  for (const p of input.persons) {
    const age = ageYearsAt(p.birthDate, today);
    const unmarried = (p.relation === "anak" || p.relation === "cucu") && !(membersOf.get(p.householdId) ?? []).some((x) => x.relation === "menantu");
    if (!unmarried || p.pregnant || (p.sex === "P" ? age < 19 || age > 28 : age < 21 || age > 32)) continue;
    const area = scopeOf(p).area;
    catinPool.set(area, [...(catinPool.get(area) ?? []), p]);
  }
  for (const d of input.desa) {
    const pool = catinPool.get(d.code) ?? [];
    const pustu = pustuOf.get(d.code) ?? null;
    for (const month of months) {
      for (let k = rng.weighted(CATIN_PER_DESA_MONTH); k > 0 && pool.length; k--) {
        // Brides more often than grooms (approximation: the groom is often from another pekon).
        const women = pool.filter((x) => x.sex === "P");
        const from = rng.chance(0.65) && women.length ? women : pool;
        const p = from[rng.int(0, from.length - 1)]!;
        pool.splice(pool.indexOf(p), 1);
        const person = seedPerson(p);
        const first = workday(`${month}-${String(rng.int(2, 27)).padStart(2, "0")}`);
        const wedding = addDays(first, rng.int(100, 180));
        const c = newCatin(rng, p.sex);
        plan({
          date: first, person, formId: "catin", facilityId: pustu, answers: (r) => catinAnswers(r, c, wedding, false),
          // The recheck after the TTD/PMT course (tasks-catin.ts CATIN_RECHECK_DAYS); most come back.
          then: (out, r) => {
            if (!out.flags.some((f) => CATIN_FOLLOW_UP_FLAGS.includes(f.id)) || !r.chance(0.75)) return;
            const date = workday(addDays(first, CATIN_RECHECK_DAYS + r.int(-5, 8)));
            if (date <= wedding) follow({ date, person, formId: "catin", facilityId: pustu, answers: (r2) => catinAnswers(r2, c, wedding, true) });
          },
        });
      }
    }
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
      planChildServices(c, person, date, month, track, attendance, posyandu.id);
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

  // --- school age: the school screening (anak sekolah, 5–9 y) in August, BIAS in August and November, dental checks ---
  const schoolDay = new Map(input.desa.map((d) => [d.code, { aug: rng.int(4, 26), nov: rng.int(4, 26) }]));
  for (const c of input.persons) {
    const age = ageYearsAt(c.birthDate, today);
    if (age < 5 || age > 16 || c.birthDate > today) continue;
    const person = seedPerson(c);
    const cov = coverage.get(person.scope.area)!;
    const pustu = pustuOf.get(person.scope.area) ?? null;
    const haz = HAZ_MEAN + normal(rng) * HAZ_SD;
    for (const month of months) {
      const mm = Number(month.slice(5, 7));
      if (mm !== 8 && mm !== 11) continue;
      const day = schoolDay.get(person.scope.area)!;
      const date = workday(`${month}-${String(mm === 8 ? day.aug : day.nov).padStart(2, "0")}`);
      if (!inWindow(date)) continue;
      const ageThen = ageYearsAt(c.birthDate, date);
      if (mm === 8 && ageMonthsAt(c.birthDate, date) >= 60 && ageThen <= 9 && rng.chance(Math.min(0.95, cov + 0.15))) {
        const m = schoolChild(rng, ageThen, haz);
        plan({ date, person, formId: "anak-sekolah", facilityId: pustu, answers: (r) => anakSekolahAnswers(r, ageThen, m) });
        if (rng.chance(0.4)) plan({ date, person, formId: "gigi", facilityId: pustu, answers: (r) => gigiAnswers(r, { ageMonths: ageMonthsAt(c.birthDate, date), ageYears: ageThen, sex: c.sex, pregnant: false }) });
      }
      // The grade of the school year that starts in July: 7 years on 1 July → kelas 1 (Permendikbud 1/2021).
      const kelas = ageYearsAt(c.birthDate, `${month.slice(0, 4)}-07-01`) - 6;
      const bias = kelas >= 1 && kelas <= 6 ? biasAnswers(mm as 8 | 11, kelas, c.sex, ageThen) : null;
      if (bias && rng.chance(BIAS_COVERAGE)) plan({ date, person, formId: "imunisasi-sekolah", facilityId: pustu, answers: () => ({ ...bias, nama_sekolah: `SD Negeri ${(kelas % 3) + 1} ${input.desa.find((d) => d.code === person.scope.area)?.name ?? ""}`.trim() }) });
    }
  }

  // --- dental screening at the pustu: a few balita and adults a year (school children and pregnant women above) ---
  for (const p of input.persons) {
    const ageM = ageMonthsAt(p.birthDate, today);
    const share = ageM >= 12 && ageM < 60 ? 0.05 : ageM >= 15 * 12 ? 0.04 : 0;
    if (!share || p.pregnant || !rng.chance(share)) continue;
    const person = seedPerson(p);
    const date = workday(addDays(start, rng.int(3, 360)));
    if (ageMonthsAt(p.birthDate, date) < 6) continue;
    plan({ date, person, formId: "gigi", facilityId: pustuOf.get(person.scope.area) ?? null, answers: (r) => gigiAnswers(r, { ageMonths: ageMonthsAt(p.birthDate, date), ageYears: ageYearsAt(p.birthDate, date), sex: p.sex, pregnant: false }) });
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
        plan({
          date, person, formId: f, facilityId: pustu, answers: (r, version) => (f === "lansia" ? lansiaAnswers : ptmAnswers)(r, { ...adult, age: ageYearsAt(p.birthDate, date) }, version),
          // SKILAS found a decline → the health worker's further screening (lansia-lanjutan) within a few weeks, for most.
          ...(f === "lansia" ? { then: (out: FollowInput, r: Rng) => planLanjutan(person, pustu, date, out, r) } : {}),
        });
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
  plans.sort(byDateOrder);
  const newFrom = addDays(today, -NEW_VERSIONS_DAYS);
  const perDay = new Map<string, number>();
  const atOf = (date: string) => {
    const n = perDay.get(date) ?? 0;
    perDay.set(date, n + 1);
    return Date.parse(`${date}T00:00:00Z`) + WORKDAY_START_UTC_MS + n * 60_000;
  };
  const closings: { id: string; scope: RowScope; date: string; outcome: Record<string, unknown> }[] = [];
  for (let i = 0; i < plans.length || followUps.length;) {
    // The next visit: a planned one, or a follow-up that falls earlier (follow-ups are always later than their source).
    const p = followUps.length && (i >= plans.length || byDateOrder(followUps[0]!, plans[i]!) < 0) ? followUps.shift()! : plans[i++]!;
    const older = PREVIOUS_VERSION[p.formId];
    const form = older !== undefined && p.date < newFrom ? getForm(p.formId, older)! : currentForm(p.formId)!;
    const raw = p.answers(rng, form.version);
    const out = ledger.record(p.person, form.id, form.version, p.date, p.facilityId, raw, atOf(p.date));
    for (const r of out.referrals) {
      // Most referrals come back (rujuk balik) within two weeks; the rest stay open, and recent ones are still awaited.
      if (!rng.chance(0.7)) continue;
      const date = addDays(r.data.referredAt, rng.int(1, 14));
      if (date > today) continue;
      const outcome = rng.weighted([["datang_ditangani", 0.82], ["dirujuk_lanjut", 0.1], ["tidak_datang", 0.08]] as const);
      closings.push({ id: r.id, scope: p.person.scope, date, outcome: { outcome, outcomeNote: outcomeNotes[outcome], outcomeAt: date } });
    }
    p.then?.({ flags: out.derived.flags, data: raw }, rng);
  }
  closings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const c of closings) ledger.update("referral", c.id, c.outcome, c.scope, atOf(c.date));

  await lintasHistory(ledger, rng, { kecCode: input.kecCode, offices: input.offices, desa: input.desa, today, region });

  const writes = ledger.writes;
  const firstAt = writes.reduce((m, w) => Math.min(m, w.at), Number.POSITIVE_INFINITY);
  return { writes, firstAt: Number.isFinite(firstAt) ? firstAt : Date.parse(`${start}T00:00:00Z`) };
}

const outcomeNotesOf = (region: SeedRegion): Record<string, string> => ({
  datang_ditangani: "Sudah diperiksa di puskesmas; kontrol sesuai anjuran.",
  dirujuk_lanjut: `Dirujuk lanjut ke ${region.referralHospital}.`,
  tidak_datang: "Tidak datang ke tempat rujukan; dikunjungi kader.",
});

interface FollowInput {
  flags: readonly { id: string; colour?: string }[];
  data: Record<string, unknown>;
}

const byDateOrder = (a: Plan, b: Plan) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order);

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
function planPregnancy(rng: Rng, plan: PlanFn, person: SeedPerson, mo: ReturnType<typeof newMother>, hpht: string, born: string | null, cov: number, pustu: string | null, workday: (d: string) => string, onFirstVisit: (date: string, pustu: string | null) => void): void {
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
    if (isFirst) onFirstVisit(date, pustu);
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
