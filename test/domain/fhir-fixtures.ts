import type { DesaBundleInput, FhirArea, FhirContext, FhirPersonInput, FhirRecordInput, FhirReferralInput } from "../../domain/fhir/index.ts";
import type { Household, Person } from "../../domain/entities/types.ts";
import { getForm, type Answers } from "../../domain/forms/index.ts";
import type { GrowthTables } from "../../domain/growth/index.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import { PTM_VALID } from "./ilp-fixtures.ts";

/**
 * A small synthetic desa-month for the FHIR tests (issue 13's golden fixture): an ANC visit, a
 * balita weighing with a stunting result, an immunisation of an infant known only by the mother's
 * NIK, a PTM screening with hypertension, its referral closed by a rujuk balik, and a person
 * without a NIK. Every name and NIK is invented. `derived` is computed by the real rules
 * (domain/rules/derive.ts, with the WHO tables), as the server stores it.
 */

export const CONTEXT: FhirContext = {
  organizationId: "10000001",
  organizationName: "Puskesmas Contoh",
  location: { id: "0190a000-0000-7000-8000-00000000f001", name: "Pustu Contoh" },
};
export const AREA: FhirArea = { provinsi: "18", kabupaten: "18.04", kecamatan: "18.04.10", desa: "18.04.10.2001" };

export const IDS = {
  hh1: "0190a000-0000-7000-8000-000000000a01",
  hh2: "0190a000-0000-7000-8000-000000000a02",
  ibuHamil: "0190a000-0000-7000-8000-000000000101",
  balita: "0190a000-0000-7000-8000-000000000102",
  ibuBayi: "0190a000-0000-7000-8000-000000000103",
  bayi: "0190a000-0000-7000-8000-000000000104",
  bapak: "0190a000-0000-7000-8000-000000000105",
  tanpaNik: "0190a000-0000-7000-8000-000000000106",
  recAnc: "0190a000-0000-7000-8000-000000000201",
  recBalita: "0190a000-0000-7000-8000-000000000202",
  recImun: "0190a000-0000-7000-8000-000000000203",
  recPtm: "0190a000-0000-7000-8000-000000000204",
  recTanpaNik: "0190a000-0000-7000-8000-000000000205",
  refPtm: "0190a000-0000-7000-8000-000000000301",
} as const;

const household = (rt: string | null, address: string | null): Household => ({ desaCode: AREA.desa, dusunId: null, rt, address, noKk: null, pisPk: null });
const HH1 = household("002", "Dusun Satu");
const HH2 = household(null, null);

const person = (householdId: string, p: Partial<Person> & Pick<Person, "name" | "sex" | "birthDate">): Person => ({
  householdId, birthDatePrecision: "day", nik: null, relation: null, phone: null, jkn: null, pregnant: false, ...p,
});

export const PERSONS: FhirPersonInput[] = [
  { id: IDS.ibuHamil, person: person(IDS.hh1, { name: "Sari Contoh", sex: "P", birthDate: "1996-04-12", nik: "1804105204960001", relation: "istri", pregnant: true }), household: HH1, area: AREA, motherNik: null },
  { id: IDS.balita, person: person(IDS.hh1, { name: "Bima Contoh", sex: "L", birthDate: "2023-05-10", nik: "1804101005230002", relation: "anak" }), household: HH1, area: AREA, motherNik: null },
  { id: IDS.ibuBayi, person: person(IDS.hh2, { name: "Ani Contoh", sex: "P", birthDate: "1999-01-20", nik: "1804106001990003", relation: "istri" }), household: HH2, area: AREA, motherNik: null },
  // An infant without a NIK: the caller (domain/rules/mother.ts) found the mother's.
  { id: IDS.bayi, person: person(IDS.hh2, { name: "Bayi Ny. Ani", sex: "P", birthDate: "2025-11-02", relation: "anak" }), household: HH2, area: AREA, motherNik: "1804106001990003" },
  // Born in 1970, only the year known.
  { id: IDS.bapak, person: person(IDS.hh2, { name: "Joko Contoh", sex: "L", birthDate: "1970-01-01", birthDatePrecision: "year", nik: "1804100101700004", relation: "kepala" }), household: HH2, area: AREA, motherNik: null },
  { id: IDS.tanpaNik, person: person(IDS.hh2, { name: "Tanpa Nik", sex: "L", birthDate: "1960-06-01", relation: "orang_tua" }), household: HH2, area: AREA, motherNik: null },
];

/** 2026-01-14 10:12:40 WIB = 03:12:40Z: a record that reached the server on its visit day. */
export const SAME_DAY_CREATED = Date.UTC(2026, 0, 14, 3, 12, 40);
/** Synced days later (the usual case offline). */
const LATER = Date.UTC(2026, 0, 20, 5, 0, 0);

const ANC: Answers = {
  hpht: "2025-08-01", bb: 61.5, tb: 152, lila: 22.8, td_sistolik: 118, td_diastolik: 76, hb: 10.4, tfu: 22, djj: 142,
  protein_urine: "negatif", status_td: "t2", td_diberikan: true, ttd_diberikan: 30, tes_hiv: "non_reaktif", tes_sifilis: "non_reaktif",
  tes_hepatitis_b: "non_reaktif", tanda_bahaya: ["tidak_ada"], gravida: 2, para: 1, abortus: 0, tanggal_persalinan_terakhir: "2022-03-01",
  riwayat_sc: false, pemeriksa: "bidan",
};
const BALITA: Answers = { bb: 10.2, panjang_tinggi: 82.0, posisi_ukur: "berbaring", lingkar_kepala: 46.5, lila: 14.2, edema: false, pmt: false };
/** Copied from the Buku KIA at the visit: given on 2 January (primarySource false). */
const IMUNISASI: Answers = { antigen: ["pcv1", "dpt1", "opv2", "rv1"], tanggal_pemberian: "2026-01-02", no_batch: "B2025-11" };
const PTM: Answers = { ...PTM_VALID, td1_sistolik: 152, td1_diastolik: 94, td2_sistolik: 148, td2_diastolik: 92 };

function rec(id: string, personId: string, formId: string, formVersion: number, visitDate: string, data: Answers, createdAt: number, who: Person, tables: GrowthTables): FhirRecordInput {
  const derived = deriveRecord({ def: getForm(formId, formVersion)!, answers: data, visitDate, person: { sex: who.sex, birthDate: who.birthDate } }, tables);
  return {
    id,
    record: { personId, formId, formVersion, visitDate, facilityId: CONTEXT.location!.id, data: data as FhirRecordInput["record"]["data"], derived: JSON.parse(JSON.stringify(derived)) as Record<string, unknown> },
    createdAt, updatedAt: createdAt,
  };
}

export function fixture(tables: GrowthTables): DesaBundleInput {
  const by = (id: string) => PERSONS.find((p) => p.id === id)!.person;
  const records: FhirRecordInput[] = [
    rec(IDS.recAnc, IDS.ibuHamil, "anc", 2, "2026-01-14", ANC, SAME_DAY_CREATED, by(IDS.ibuHamil), tables),
    rec(IDS.recBalita, IDS.balita, "balita", 1, "2026-01-14", BALITA, LATER, by(IDS.balita), tables),
    rec(IDS.recImun, IDS.bayi, "imunisasi", 1, "2026-01-14", IMUNISASI, LATER, by(IDS.bayi), tables),
    rec(IDS.recPtm, IDS.bapak, "ptm", 1, "2026-01-15", PTM, LATER, by(IDS.bapak), tables),
    rec(IDS.recTanpaNik, IDS.tanpaNik, "ptm", 1, "2026-01-15", PTM_VALID, LATER, by(IDS.tanpaNik), tables),
  ];
  const referrals: FhirReferralInput[] = [
    {
      id: IDS.refPtm,
      referral: {
        personId: IDS.bapak, recordId: IDS.recPtm, reason: "ptm.hipertensi", reasonText: "Hipertensi (rata-rata TD ≥ 140/90): rujuk dan cek ulang",
        destination: "puskesmas", referredAt: "2026-01-15", outcome: "datang_ditangani", outcomeNote: "Diberi amlodipin", outcomeAt: "2026-01-22",
      },
    },
  ];
  return { context: CONTEXT, persons: PERSONS, records, referrals };
}
