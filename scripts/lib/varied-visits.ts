/**
 * A deterministic batch of 100 varied visits, as phones of one pustu would push them after a busy
 * week: different persons (pregnant women, balita, adults, lansia), forms (ANC, balita weighing,
 * imunisasi, PTM, lansia, TB screening), dates and answers. The answers come from the seed's own
 * builders (scripts/seed/visits.ts), the record payload is the one the phone stores
 * (web/src/screens/visit: answers plus the phone's `derived`), and ids are uuidv7 minted a few
 * seconds apart, as a phone mints them. Used by scripts/bench.ts for bytes per visit.
 */
import { IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import { currentForm, type Answers } from "../../domain/forms/index.ts";
import type { GrowthTables } from "../../domain/growth/load.ts";
import { addDays } from "../../domain/rules/dates.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import type { Mutation } from "../../domain/sync/protocol.ts";
import { createRng, uuidv7Factory } from "../seed/prng.ts";
import { ancAnswers, balitaAnswers, lansiaAnswers, measure, newAdult, newMother, normal, ptmAnswers, tbAnswers } from "../seed/visits.ts";

/** The week the visits fall in: 2026-11-16 … 2026-11-27 (fixed, so every run sends the same bytes). */
const FIRST_DAY = "2026-11-16";
const START_MS = Date.UTC(2026, 10, 16, 1, 0, 0);

/** Visits per form in the batch of 100 (a pustu week: posyandu weighings dominate). */
const MIX = [["balita", 30], ["anc", 20], ["imunisasi", 15], ["ptm", 15], ["lansia", 10], ["tb", 10]] as const;

interface Person {
  id: string;
  householdId: string;
  sex: "L" | "P";
  birthDate: string;
  pregnant: boolean;
}

export interface VariedBatch {
  /** Households and persons to push first (the visits need them on the server). */
  setup: Mutation[];
  /** The 100 visits as the phone stores them (payload with `derived`). */
  visits: Mutation[];
}

export function variedVisits(desaCode: string, tables: GrowthTables, name = "bench-varied"): VariedBatch {
  const rng = createRng(name);
  const id = uuidv7Factory(rng, START_MS);
  // The phone mints ids seconds apart (one visit after another): step the clock between visits.
  let clock = START_MS;
  const idAt = () => {
    clock += 20_000 + rng.int(0, 90_000);
    return uuidv7Factory(rng, clock)();
  };
  const setup: Mutation[] = [];
  const visits: Mutation[] = [];
  const mut = (entity: Mutation["entity"], entityId: string, payload: Record<string, unknown>): Mutation => ({ id: id(), entity, entityId, op: "create", baseVersion: 0, payload });
  let household = "";
  let inHousehold = 4;
  const person = (sex: "L" | "P", birthDate: string, pregnant = false): Person => {
    if (inHousehold >= 4) {
      household = id();
      inHousehold = 0;
      setup.push(mut("household", household, { desaCode, dusunId: null, rt: `00${rng.int(1, 6)}`, address: null, noKk: null, pisPk: null }));
    }
    inHousehold++;
    const p: Person = { id: id(), householdId: household, sex, birthDate, pregnant };
    setup.push(mut("person", p.id, {
      householdId: household, name: `Warga Sintetis ${setup.length}`, sex, birthDate, birthDatePrecision: "day", nik: null,
      relation: pregnant ? "istri" : "anak", phone: null, jkn: null, pregnant,
    }));
    return p;
  };

  // The forms in the order a week's visits come (shuffled, Fisher–Yates on the seeded stream).
  const slots: (typeof MIX)[number][0][] = MIX.flatMap(([formId, count]) => Array.from({ length: count }, () => formId));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  {
    for (const formId of slots) {
      const def = currentForm(formId)!;
      const visitDate = addDays(FIRST_DAY, rng.int(0, 11));
      let p: Person;
      let answers: Answers;
      switch (formId) {
        case "anc": {
          const weeks = rng.int(8, 36);
          const hpht = addDays(visitDate, -weeks * 7 - rng.int(0, 6));
          const mo = newMother(rng, rng.int(0, 3));
          p = person("P", addDays(visitDate, -Math.round(365.25 * rng.int(19, 38)) - rng.int(0, 300)), true);
          answers = ancAnswers(rng, mo, hpht, weeks, rng.chance(0.3), rng.chance(0.2));
          break;
        }
        case "balita": {
          const ageDays = rng.int(30, 59 * 30);
          const sex = rng.chance(0.5) ? "L" : "P";
          p = person(sex, addDays(visitDate, -ageDays));
          const whz = -0.4 + normal(rng);
          const m = measure({ len: tables.len, wfl: tables.wfl, wfh: tables.wfh }, sex, ageDays, { haz: -1.1 + normal(rng) * 1.1, whz })!;
          answers = balitaAnswers(rng, m, Math.floor(ageDays / 30.4375), Number(visitDate.slice(5, 7)), rng.chance(0.4), whz);
          break;
        }
        case "imunisasi": {
          const due = rng.pick([1, 2, 3, 4, 9]);
          const antigens = IMMUNISATION_SCHEDULE.filter((a) => a.dueAgeMonths === due).map((a) => a.id);
          p = person(rng.chance(0.5) ? "L" : "P", addDays(visitDate, -Math.round(due * 30.4375) - rng.int(0, 20)));
          answers = { antigen: antigens, kipi: rng.chance(0.1) ? "ringan" : "tidak" };
          break;
        }
        case "ptm":
        case "lansia": {
          const age = formId === "ptm" ? rng.int(18, 59) : rng.int(60, 84);
          const sex = rng.chance(0.5) ? "L" : "P";
          p = person(sex, addDays(visitDate, -Math.round(365.25 * age) - rng.int(1, 360)));
          answers = (formId === "ptm" ? ptmAnswers : lansiaAnswers)(rng, newAdult(rng, sex, age), def.version);
          break;
        }
        case "tb": {
          const age = rng.int(18, 75);
          p = person(rng.chance(0.5) ? "L" : "P", addDays(visitDate, -Math.round(365.25 * age) - rng.int(1, 360)));
          answers = tbAnswers(rng, age, rng.chance(0.05));
          break;
        }
      }
      const derived = deriveRecord({ def, answers, visitDate, person: { sex: p.sex, birthDate: p.birthDate }, previous: [] }, tables);
      visits.push({
        id: idAt(), entity: "record", entityId: idAt(), op: "create", baseVersion: 0,
        payload: { personId: p.id, formId: def.id, formVersion: def.version, visitDate, facilityId: null, data: answers, derived },
      });
    }
  }
  return { setup, visits };
}
