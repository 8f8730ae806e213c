import type { FhirArea, FhirPersonInput, FhirRecordInput, FhirReferralInput } from "../../../domain/fhir/index.ts";
import type { Household, Person, Referral, VisitRecord } from "../../../domain/entities/types.ts";
import { areaAncestor } from "../../../domain/area/codes.ts";
import { motherNik, needsMotherNik, type MotherCandidate } from "../../../domain/rules/mother.ts";
import type { Db } from "../../db/client.ts";

/**
 * The reads of the FHIR export (issue 13, part 2): one page of a desa's persons who have something
 * in the period, with their households, their records (visit date in the period) and referrals
 * (referred or closed in the period). Deleted rows are never read. Every list of ids goes to D1 as
 * one JSON text (`json_each(?)`), not as bound parameters: D1 binds at most 100 per statement and a
 * page holds hundreds of persons.
 *
 * Who is in the export: persons of the desa (their current desa, `persons.scope_area`) with at
 * least one record or referral in the period. A registered person with nothing in the period is
 * not sent: SATUSEHAT receives the services Simpul recorded, not the population register (a
 * Patient without an encounter is a census entry the puskesmas has no mandate to upload; the
 * Patient is created by its NIK, `ifNoneExist`, the first time it is served).
 */

/** A page's bound, in persons: the default and the largest a caller may ask for. */
export const PAGE_PERSONS_DEFAULT = 200;
export const PAGE_PERSONS_MAX = 500;
/**
 * A page's bound, in records and referrals: a page stops before the person whose records would
 * pass it (a page holds at least one person). On the seeded year a record makes ≈ 5.4 resources
 * and ≈ 6 KB of answer (scripts/bench-fhir.ts; docs/PERFORMANCE.md): 1,500 records are ≈ 9 MB of
 * JSON and ≈ 15 MB of objects, well inside a Worker's 128 MB with the rows read, the objects and
 * the answer's text all alive at once.
 */
export const PAGE_RECORDS_MAX = 1500;

export interface Period {
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

export interface LoadedPerson extends FhirPersonInput {
  /** For the unexported list (shown only to who holds health:read over the desa). */
  name: string;
}

export interface LoadedPage {
  persons: LoadedPerson[];
  records: FhirRecordInput[];
  referrals: FhirReferralInput[];
  /** The last person id of this page, when more persons may follow; null at the end. */
  nextCursor: string | null;
}

type Row = Record<string, unknown>;
const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
const bool = (v: unknown) => v === 1 || v === true;

export function fhirArea(desa: string): FhirArea {
  return { provinsi: areaAncestor(desa, "provinsi")!, kabupaten: areaAncestor(desa, "kabupaten")!, kecamatan: areaAncestor(desa, "kecamatan")!, desa };
}

/** Persons of the desa with a record or a referral in the period: ids after `cursor`, in id order, with their activity count. */
async function activePersons(db: Db, desa: string, period: Period, cursor: string, limit: number): Promise<{ id: string; n: number }[]> {
  // The record count per person bounds the page (PAGE_RECORDS_MAX). Both subqueries use an index
  // on person_id (records_person covers the visit date; referrals_person).
  const rows = await db.$client
    .prepare(
      `SELECT p.id,
        (SELECT count(*) FROM records r WHERE r.person_id = p.id AND r.deleted = 0 AND r.visit_date BETWEEN ?3 AND ?4)
        + (SELECT count(*) FROM referrals f WHERE f.person_id = p.id AND f.deleted = 0
            AND (substr(f.referred_at, 1, 10) BETWEEN ?3 AND ?4 OR substr(f.outcome_at, 1, 10) BETWEEN ?3 AND ?4)) AS n
      FROM persons p WHERE p.scope_area = ?1 AND p.deleted = 0 AND p.id > ?2 AND n > 0 ORDER BY p.id LIMIT ?5`,
    )
    .bind(desa, cursor, period.from, period.to, limit)
    .all<{ id: string; n: number }>();
  return rows.results;
}

function personOf(r: Row): Person {
  return {
    householdId: r.household_id as string, name: r.name as string, sex: r.sex as Person["sex"], birthDate: r.birth_date as string,
    birthDatePrecision: r.birth_date_precision as Person["birthDatePrecision"], nik: (r.nik as string | null) ?? null, relation: (r.relation as Person["relation"]) ?? null,
    phone: (r.phone as string | null) ?? null, jkn: (r.jkn as string | null) ?? null, pregnant: bool(r.pregnant),
  };
}

function householdOf(r: Row): Household {
  return {
    desaCode: r.desa_code as string, dusunId: (r.dusun_id as string | null) ?? null, rt: (r.rt as string | null) ?? null, address: (r.address as string | null) ?? null,
    noKk: (r.no_kk as string | null) ?? null, pisPk: r.pis_pk == null ? null : json<Household["pisPk"]>(r.pis_pk),
  };
}

/**
 * One page: at most `limit` persons and about PAGE_RECORDS_MAX records and referrals, the persons
 * after `cursor` (a person id; "" for the first page) in id order.
 */
export async function loadPage(db: Db, desa: string, period: Period, cursor: string | null, limit: number, maxRecords = PAGE_RECORDS_MAX): Promise<LoadedPage> {
  // One more than asked: whether a next page exists, without a second query.
  const candidates = await activePersons(db, desa, period, cursor ?? "", limit + 1);
  const taken: string[] = [];
  let budget = 0;
  for (const c of candidates.slice(0, limit)) {
    if (taken.length && budget + c.n > maxRecords) break;
    taken.push(c.id);
    budget += c.n;
  }
  const more = taken.length < candidates.length;
  const nextCursor = more ? taken[taken.length - 1]! : null;
  if (!taken.length) return { persons: [], records: [], referrals: [], nextCursor: null };
  const ids = JSON.stringify(taken);

  const [personRows, recordRows, referralRows] = await db.$client.batch([
    db.$client.prepare("SELECT * FROM persons WHERE id IN (SELECT value FROM json_each(?1)) AND deleted = 0 ORDER BY id").bind(ids),
    db.$client
      .prepare("SELECT * FROM records WHERE person_id IN (SELECT value FROM json_each(?1)) AND deleted = 0 AND visit_date BETWEEN ?2 AND ?3 ORDER BY person_id, visit_date, id")
      .bind(ids, period.from, period.to),
    db.$client
      .prepare(
        `SELECT * FROM referrals WHERE person_id IN (SELECT value FROM json_each(?1)) AND deleted = 0
          AND (substr(referred_at, 1, 10) BETWEEN ?2 AND ?3 OR substr(outcome_at, 1, 10) BETWEEN ?2 AND ?3) ORDER BY person_id, referred_at, id`,
      )
      .bind(ids, period.from, period.to),
  ]);
  const persons = personRows!.results as Row[];
  const householdIds = [...new Set(persons.map((p) => p.household_id as string))];
  // Households, and their other members for the mother's NIK of an infant without one.
  const [hhRows, memberRows] = await db.$client.batch([
    db.$client.prepare("SELECT * FROM households WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(householdIds)),
    db.$client
      .prepare("SELECT id, household_id, sex, birth_date, nik, relation FROM persons WHERE household_id IN (SELECT value FROM json_each(?1)) AND deleted = 0")
      .bind(JSON.stringify([...new Set(persons.filter((p) => needsMotherNik({ nik: (p.nik as string | null) ?? null, birthDate: p.birth_date as string }, period.to)).map((p) => p.household_id as string))])),
  ]);
  const households = new Map((hhRows!.results as Row[]).map((h) => [h.id as string, householdOf(h)]));
  const members = new Map<string, MotherCandidate[]>();
  for (const m of memberRows!.results as Row[]) {
    const hh = m.household_id as string;
    if (!members.has(hh)) members.set(hh, []);
    members.get(hh)!.push({ id: m.id as string, sex: m.sex as "L" | "P", birthDate: m.birth_date as string, nik: (m.nik as string | null) ?? null, relation: (m.relation as MotherCandidate["relation"]) ?? null });
  }
  const area = fhirArea(desa);
  const out: LoadedPerson[] = [];
  for (const r of persons) {
    const person = personOf(r);
    // A household deleted under a live person (should not happen; the push refuses it): its address is left empty.
    const household = households.get(person.householdId) ?? { desaCode: desa, dusunId: null, rt: null, address: null, noKk: null, pisPk: null };
    const self: MotherCandidate = { id: r.id as string, sex: person.sex, birthDate: person.birthDate, nik: person.nik, relation: person.relation };
    out.push({ id: r.id as string, name: person.name, person, household, area, motherNik: motherNik(self, members.get(person.householdId) ?? [], period.to) });
  }
  const records: FhirRecordInput[] = (recordRows!.results as Row[]).map((r) => ({
    id: r.id as string,
    record: {
      personId: r.person_id as string, formId: r.form_id as string, formVersion: r.form_version as number, visitDate: r.visit_date as string,
      facilityId: (r.facility_id as string | null) ?? null, data: json<VisitRecord["data"]>(r.data), derived: r.derived == null ? null : json<VisitRecord["derived"]>(r.derived),
    },
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  }));
  const referrals: FhirReferralInput[] = (referralRows!.results as Row[]).map((r) => ({
    id: r.id as string,
    referral: {
      personId: r.person_id as string, recordId: (r.record_id as string | null) ?? null, reason: r.reason as string, reasonText: (r.reason_text as string | null) ?? null,
      destination: r.destination as Referral["destination"], referredAt: r.referred_at as string, outcome: (r.outcome as Referral["outcome"]) ?? null,
      outcomeNote: (r.outcome_note as string | null) ?? null, outcomeAt: (r.outcome_at as string | null) ?? null,
    },
  }));
  return { persons: out, records, referrals, nextCursor };
}

/** The puskesmas of a kecamatan (the Organization when no SATUSEHAT id is configured) and the desa's pustu (the Encounter location). */
export async function facilitiesOf(db: Db, desa: string): Promise<{ puskesmas: { id: string; name: string } | null; pustu: { id: string; name: string } | null }> {
  const kec = areaAncestor(desa, "kecamatan")!;
  const rows = await db.$client
    .prepare("SELECT id, name, kind FROM facilities WHERE deleted = 0 AND ((kind = 'puskesmas' AND area_code = ?1) OR (kind = 'pustu' AND area_code = ?2)) ORDER BY kind, name, id")
    .bind(kec, desa)
    .all<{ id: string; name: string; kind: string }>();
  const of = (kind: string) => {
    const f = rows.results.find((r) => r.kind === kind);
    return f ? { id: f.id, name: f.name } : null;
  };
  return { puskesmas: of("puskesmas"), pustu: of("pustu") };
}
