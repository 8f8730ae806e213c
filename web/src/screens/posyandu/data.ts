import { isSasaranBalita, nextPosyanduDay } from "../../../../domain/rules/posyandu.ts";
import { monthOf } from "../../../../domain/rules/dates.ts";
import { app } from "../../state.ts";
import type { View } from "../../store/local.ts";
import type { Dusun, Facility, Household, Person, VisitRecord } from "../../util/people.ts";

/** A sasaran balita of the dusun with her records (oldest first), for posyandu mode and the kader's Home. */
export interface SasaranChild {
  person: View<Person>;
  household: View<Household>;
  records: View<VisitRecord>[];
  /** Today's weighing, when she has one. */
  today: View<VisitRecord> | null;
  weighedThisMonth: boolean;
}

export interface DusunSasaran {
  dusun: View<Dusun> | undefined;
  children: SasaranChild[];
  next: { date: string; fromHistory: boolean };
  /** The dusun's posyandu (its facility), else the pustu of the desa. */
  facilityId: string | null;
}

/** The dusun's households, the balita living in them on `today` and their records (all from the phone). */
export async function dusunSasaran(dusunId: string, today: string): Promise<DusunSasaran> {
  const s = app.store;
  const [dusun, households, facilities] = await Promise.all([s.get<Dusun>("dusun", dusunId), s.listByRef<Household>("household", `dusun:${dusunId}`), s.list<Facility>("facility")]);
  const persons = (await Promise.all(households.map((h) => s.listByRef<Person>("person", `household:${h.id}`)))).flat();
  const hh = new Map(households.map((h) => [h.id, h]));
  const balita = persons.filter((p) => isSasaranBalita(p.data.birthDate, today));
  const month = monthOf(today);
  const children = await Promise.all(
    balita.map(async (person): Promise<SasaranChild> => {
      const records = (await s.listByRef<VisitRecord>("record", `person:${person.id}`)).sort((a, b) => a.data.visitDate.localeCompare(b.data.visitDate) || a.id.localeCompare(b.id));
      const weighings = records.filter((r) => r.data.formId === "balita");
      return {
        person, household: hh.get(person.data.householdId)!, records,
        today: weighings.filter((r) => r.data.visitDate === today).at(-1) ?? null,
        weighedThisMonth: weighings.some((r) => monthOf(r.data.visitDate) === month),
      };
    }),
  );
  children.sort((a, b) => a.person.data.name.localeCompare(b.person.data.name, "id") || a.person.id.localeCompare(b.person.id));
  const dates = children.flatMap((c) => c.records.filter((r) => r.data.formId === "balita").map((r) => r.data.visitDate));
  const posyandu = facilities.find((f) => f.data.kind === "posyandu" && f.data.dusunId === dusunId);
  const pustu = dusun ? facilities.find((f) => f.data.kind === "pustu" && f.data.areaCode === dusun.data.desaCode) : undefined;
  return { dusun, children, next: nextPosyanduDay(dates, today), facilityId: posyandu?.id ?? pustu?.id ?? null };
}
