import type { DesaBundleInput, FhirPersonInput, FhirRecordInput } from "../../domain/fhir/index.ts";
import type { Household, Person } from "../../domain/entities/types.ts";
import { getForm, type Answers } from "../../domain/forms/index.ts";
import type { GrowthTables } from "../../domain/growth/index.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import { AREA, CONTEXT } from "./fhir-fixtures.ts";

/**
 * Issue 15's FHIR golden fixture (synthetic; every name and NIK invented): an MTBS visit of a
 * sick toddler (fast breathing → PNEUMONIA), a catin visit with anaemia (Hb 10.9 < 12 g/dL) and a Td
 * dose, a delivery recorded at a later visit (persalinan), and a KB visit (new DMPA acceptor).
 * `derived` by the real rules with the WHO tables, as the server stores it. All synced days after
 * the visit: every visit is 08:00–08:30 WIB = 01:00–01:30 UTC, measurements at 01:05 UTC.
 */

export const IDS15 = {
  hh: "0190a000-0000-7000-8000-000000015a01",
  anak: "0190a000-0000-7000-8000-000000015101",
  catin: "0190a000-0000-7000-8000-000000015102",
  ibu: "0190a000-0000-7000-8000-000000015103",
  akseptor: "0190a000-0000-7000-8000-000000015104",
  recMtbs: "0190a000-0000-7000-8000-000000015201",
  recCatin: "0190a000-0000-7000-8000-000000015202",
  recSalin: "0190a000-0000-7000-8000-000000015203",
  recKb: "0190a000-0000-7000-8000-000000015204",
} as const;

const HH: Household = { desaCode: AREA.desa, dusunId: null, rt: null, address: null, noKk: null, pisPk: null };
const person = (p: Partial<Person> & Pick<Person, "name" | "sex" | "birthDate">): Person => ({
  householdId: IDS15.hh, birthDatePrecision: "day", nik: null, relation: null, phone: null, jkn: null, pregnant: false, ...p,
});

export const PERSONS15: FhirPersonInput[] = [
  { id: IDS15.anak, person: person({ name: "Raka Contoh", sex: "L", birthDate: "2024-09-10", nik: "1804101009240011", relation: "anak" }), household: HH, area: AREA, motherNik: null },
  { id: IDS15.catin, person: person({ name: "Dewi Contoh", sex: "P", birthDate: "2001-07-01", nik: "1804104107010012" }), household: HH, area: AREA, motherNik: null },
  { id: IDS15.ibu, person: person({ name: "Rina Contoh", sex: "P", birthDate: "1995-03-15", nik: "1804105503950013", relation: "istri" }), household: HH, area: AREA, motherNik: null },
  { id: IDS15.akseptor, person: person({ name: "Lina Contoh", sex: "P", birthDate: "1993-08-20", nik: "1804106008930014", relation: "istri" }), household: HH, area: AREA, motherNik: null },
];

/** 17 months old (2024-09-10 → 2026-02-10), 46 breaths/min ≥ 40 (12 months – 5 years): PNEUMONIA (kuning); no pallor; SpO2 96 %. */
export const MTBS: Answers = {
  tanda_bahaya_umum: ["tidak_ada"], batuk: true, batuk_lama_hari: 3, napas_per_menit: 46, tarikan_dinding_dada: false, stridor: false, saturasi_o2: 96,
  diare: false, demam: false, bb: 10.1, panjang_tinggi: 80.2, posisi_ukur: "berbaring", lila: 14.5, edema: false, uji_nafsu_makan: "lulus", pucat_telapak_tangan: "tidak_pucat",
};
/** A bride: Hb 10.9 < 12 (women) → anaemia (not severe: ≥ 8); 50 kg / 1.58² = 20.03 → IMT 20.0; LiLA 25; TD 110/70; status T2, Td given (dose 3). */
export const CATIN: Answers = {
  tanggal_rencana_nikah: "2026-05-02", terdaftar_kua: true, bb: 50, tb: 158, lila: 25, hb: 10.9,
  td_sistolik: 110, td_diastolik: 70, status_td: "t2", td_diberikan: true, ttd_diberikan: 30, konseling: ["kespro", "gizi_ttd"],
};
/** Delivered on 5 March 2026 at 07:30 WIB (= 00:30 UTC) at the puskesmas, by a bidan, spontaneous, one girl of 3100 g; recorded on 7 March. */
export const SALIN: Answers = {
  tanggal_persalinan: "2026-03-05", jam_persalinan: "07:30", usia_kehamilan: 39, hasil_persalinan: "lahir",
  tempat_persalinan: "puskesmas", penolong: "bidan", cara_persalinan: "spontan", jumlah_bayi: 1,
  bayi1_status: "hidup", bayi1_jenis_kelamin: "P", bayi1_berat_lahir: 3100, komplikasi: ["tidak_ada"], kondisi_ibu: "sehat",
};
/** A new DMPA (suntik 3 bulan) acceptor, TD 110/70, no complaint. */
export const KB: Answers = { metode: "suntik_3_bulan", status_peserta: "baru", pasca_persalinan: false, td_sistolik: 110, td_diastolik: 70, keluhan: ["tidak_ada"], tanggal_kembali: "2026-05-07" };

const LATER = Date.UTC(2026, 2, 20, 5, 0, 0);

function rec(id: string, personId: string, formId: string, visitDate: string, data: Answers, tables: GrowthTables): FhirRecordInput {
  const who = PERSONS15.find((p) => p.id === personId)!.person;
  const derived = deriveRecord({ def: getForm(formId, 1)!, answers: data, visitDate, person: { sex: who.sex, birthDate: who.birthDate } }, tables);
  return {
    id,
    record: { personId, formId, formVersion: 1, visitDate, facilityId: CONTEXT.location!.id, data: data as FhirRecordInput["record"]["data"], derived: JSON.parse(JSON.stringify(derived)) as Record<string, unknown> },
    createdAt: LATER, updatedAt: LATER,
  };
}

export function fixture15(tables: GrowthTables): DesaBundleInput {
  return {
    context: CONTEXT,
    persons: PERSONS15,
    records: [
      rec(IDS15.recMtbs, IDS15.anak, "mtbs", "2026-02-10", MTBS, tables),
      rec(IDS15.recCatin, IDS15.catin, "catin", "2026-02-11", CATIN, tables),
      rec(IDS15.recSalin, IDS15.ibu, "persalinan", "2026-03-07", SALIN, tables),
      rec(IDS15.recKb, IDS15.akseptor, "kb", "2026-02-12", KB, tables),
    ],
    referrals: [],
  };
}
