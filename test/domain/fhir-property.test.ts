import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bundle } from "@medplum/fhirtypes";
import { transactionBundle, type DesaBundleInput, type FhirPersonInput, type FhirRecordInput, type FhirReferralInput } from "../../domain/fhir/index.ts";
import { CONDITION_RULES } from "../../domain/fhir/condition.ts";
import { MEASURES } from "../../domain/fhir/observation.ts";
import { IMMUNISATION_SCHEDULE } from "../../domain/forms/imunisasi-v1.ts";
import { currentForms } from "../../domain/forms/index.ts";
import { REFERRAL_DESTINATIONS, REFERRAL_OUTCOMES } from "../../domain/entities/enums.ts";
import { AREA, CONTEXT } from "./fhir-fixtures.ts";
import { bundleErrors, loadR4Definitions, urnReferences } from "./fhir-validator.ts";

/**
 * For generated persons, records and referrals (synthetic): the bundle always validates against
 * the R4 definitions, every reference resolves inside it, building twice gives the same bundle,
 * and every person, record and referral is either exported or listed as unexported.
 */

const FORMS: { id: string; version: number }[] = [
  { id: "anc", version: 2 }, { id: "balita", version: 1 }, { id: "imunisasi", version: 1 }, { id: "ptm", version: 1 }, { id: "lansia", version: 1 },
  { id: "remaja", version: 1 }, { id: "nifas", version: 1 }, { id: "neonatal", version: 1 }, { id: "tb", version: 1 }, { id: "kunjungan-rumah", version: 1 },
  { id: "malaria", version: 1 }, { id: "unknown-form", version: 1 },
  // Issue 15.
  { id: "catin", version: 1 }, { id: "kb", version: 1 }, { id: "persalinan", version: 1 }, { id: "sdidtk", version: 1 }, { id: "anak-sekolah", version: 1 },
  { id: "mtbs", version: 1 }, { id: "gigi", version: 1 }, { id: "lansia-lanjutan", version: 1 }, { id: "imunisasi-sekolah", version: 1 },
  { id: "imunisasi", version: 2 }, { id: "ptm", version: 2 }, { id: "lansia", version: 2 },
];
const KB_METHODS = ["pil_kombinasi", "suntik_3_bulan", "iud", "kondom", "mop"];
const PLACES = ["puskesmas", "rumah", "pmb"];
const ATTENDANTS = ["bidan", "dukun", "tanpa_penolong"];
const FLAG_IDS = CONDITION_RULES.flatMap((r) => r.flags).concat(["ptm.merokok", "balita.2t"]);

const date = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const nik = fc.stringMatching(/^\d{16}$/);

const personArb = (householdId: string): fc.Arbitrary<FhirPersonInput> =>
  fc.record({
    id: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
    sex: fc.constantFrom("L" as const, "P" as const),
    birthDate: date,
    precision: fc.constantFrom("day" as const, "month" as const, "year" as const),
    nik: fc.option(nik),
    motherNik: fc.option(nik),
    rt: fc.option(fc.stringMatching(/^\d{1,3}$/)),
    address: fc.option(fc.string({ maxLength: 40 })),
  }).map((p) => ({
    id: p.id,
    person: { householdId, name: p.name, sex: p.sex, birthDate: p.birthDate, birthDatePrecision: p.precision, nik: p.nik, relation: null, phone: null, jkn: null, pregnant: false },
    household: { desaCode: AREA.desa, dusunId: null, rt: p.rt, address: p.address, noKk: null, pisPk: null },
    area: AREA,
    motherNik: p.motherNik,
  }));

/** A record of one of the persons (or of someone outside the page), with answers for every field the mapping reads. */
const recordArb = (personIds: string[]): fc.Arbitrary<FhirRecordInput> =>
  fc.record({
    id: fc.uuid(),
    personId: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...personIds) }, { weight: 1, arbitrary: fc.uuid() }),
    form: fc.constantFrom(...FORMS),
    visitDate: date,
    createdOffsetMin: fc.integer({ min: -600, max: 60 * 24 * 20 }),
    values: fc.array(fc.double({ min: 0.1, max: 300, noNaN: true }).map((x) => Math.round(x * 10) / 10), { minLength: 12, maxLength: 12 }),
    present: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    glucose: fc.constantFrom("gds", "gdp", "tidak"),
    posisi: fc.constantFrom("berbaring", "berdiri", undefined),
    antigens: fc.subarray([...IMMUNISATION_SCHEDULE.map((a) => a.id), "xx9"]),
    tanggal: fc.option(date),
    batch: fc.option(fc.string({ maxLength: 10 })),
    statusTd: fc.constantFrom("t0", "t1", "t4", "t5"),
    flags: fc.subarray(FLAG_IDS),
    z: fc.array(fc.option(fc.double({ min: -6, max: 6, noNaN: true }).map((x) => Math.round(x * 100) / 100)), { minLength: 3, maxLength: 3 }),
    measuredAs: fc.constantFrom("lying" as const, "standing" as const, null),
    kategoriImt: fc.constantFrom("kurus_berat", "kurus_ringan", "normal", "gemuk_ringan", "obesitas", undefined),
    derivedMissing: fc.boolean(),
    kb: fc.record({ metode: fc.option(fc.constantFrom(...KB_METHODS)), status: fc.option(fc.constantFrom("baru", "lama", "ganti_cara", "berhenti")), pp: fc.option(fc.boolean()) }),
    salin: fc.record({
      tanggal: fc.option(date, { freq: 4 }), jam: fc.option(fc.constantFrom("07:30", "00:00", "23:59", "25:00")), hasil: fc.constantFrom("lahir", "abortus"),
      jumlah: fc.option(fc.integer({ min: 1, max: 4 })), tempat: fc.option(fc.constantFrom(...PLACES)), penolong: fc.option(fc.constantFrom(...ATTENDANTS)),
      cara: fc.option(fc.constantFrom("spontan", "sc", "vakum")), komplikasi: fc.subarray(["tidak_ada", "perdarahan", "partus_lama"]),
      babies: fc.array(fc.record({ status: fc.option(fc.constantFrom("hidup", "mati")), sex: fc.option(fc.constantFrom("L", "P")), grams: fc.option(fc.integer({ min: 300, max: 6500 })) }), { minLength: 3, maxLength: 3 }),
    }),
  }).map((r) => {
    const data: Record<string, string | number | boolean | string[] | null> = {};
    (MEASURES[r.form.id] ?? []).forEach((m, i) => {
      if (r.present[i % 12]) data[m.field] = r.values[i % 12]!;
    });
    data.jenis_gula_darah = r.glucose;
    if (r.posisi) data.posisi_ukur = r.posisi;
    if (r.form.id === "imunisasi") {
      data.antigen = r.antigens;
      if (r.tanggal) data.tanggal_pemberian = r.tanggal;
      if (r.batch !== null) data.no_batch = r.batch;
    }
    if (r.form.id === "anc" || r.form.id === "catin") {
      data.status_td = r.statusTd;
      data.td_diberikan = true;
    }
    if (r.form.id === "kb") {
      if (r.kb.metode !== null) data.metode = r.kb.metode;
      if (r.kb.status !== null) data.status_peserta = r.kb.status;
      if (r.kb.pp !== null) data.pasca_persalinan = r.kb.pp;
    }
    if (r.form.id === "persalinan") {
      const s = r.salin;
      if (s.tanggal !== null) data.tanggal_persalinan = s.tanggal;
      if (s.jam !== null) data.jam_persalinan = s.jam;
      data.hasil_persalinan = s.hasil;
      if (s.jumlah !== null) data.jumlah_bayi = s.jumlah;
      if (s.tempat !== null) data.tempat_persalinan = s.tempat;
      if (s.penolong !== null) data.penolong = s.penolong;
      if (s.cara !== null) data.cara_persalinan = s.cara;
      data.komplikasi = s.komplikasi;
      s.babies.forEach((b, i) => {
        if (b.status !== null) data[`bayi${i + 1}_status`] = b.status;
        if (b.sex !== null) data[`bayi${i + 1}_jenis_kelamin`] = b.sex;
        if (b.grams !== null) data[`bayi${i + 1}_berat_lahir`] = b.grams;
      });
    }
    const day = Date.UTC(Number(r.visitDate.slice(0, 4)), Number(r.visitDate.slice(5, 7)) - 1, Number(r.visitDate.slice(8, 10))) - 7 * 3600_000;
    const createdAt = day + r.createdOffsetMin * 60_000;
    const derived = r.derivedMissing
      ? null
      : {
          v: 1, form: `${r.form.id}@${r.form.version}`,
          flags: r.flags.filter((f) => f.startsWith(`${r.form.id}.`)).map((id) => ({ id, severity: "risk", label: { id, en: id }, action: { id, en: id } })),
          values: r.kategoriImt ? { kategori_imt: r.kategoriImt } : {},
          ...(r.form.id === "balita" ? { growth: { measuredAs: r.measuredAs, zscores: { wfa: r.z[0], lhfa: r.z[1], wflh: r.z[2], bmifa: null, hcfa: null, acfa: null } } } : {}),
        };
    return {
      id: r.id,
      record: { personId: r.personId, formId: r.form.id, formVersion: r.form.version, visitDate: r.visitDate, facilityId: null, data, derived },
      createdAt, updatedAt: createdAt,
    };
  });

const referralArb = (personIds: string[], recordIds: string[]): fc.Arbitrary<FhirReferralInput> =>
  fc.record({
    id: fc.uuid(),
    personId: fc.constantFrom(...personIds),
    recordId: fc.option(fc.constantFrom(...recordIds)),
    reason: fc.constantFrom(...FLAG_IDS, "balita.edema"),
    reasonText: fc.option(fc.string({ maxLength: 50 })),
    destination: fc.constantFrom(...REFERRAL_DESTINATIONS),
    referredAt: date,
    outcome: fc.option(fc.constantFrom(...REFERRAL_OUTCOMES)),
    outcomeAt: fc.option(date),
  }).map(({ id, ...f }) => ({ id, referral: { ...f, outcomeNote: null } }));

const inputArb: fc.Arbitrary<DesaBundleInput> = fc
  .tuple(fc.uuid(), fc.integer({ min: 1, max: 5 }))
  .chain(([hh, n]) => fc.uniqueArray(personArb(hh), { minLength: n, maxLength: n, selector: (p) => p.id }))
  .chain((persons) => {
    const personIds = persons.map((p) => p.id);
    return fc.uniqueArray(recordArb(personIds), { maxLength: 8, selector: (r) => r.id }).chain((records) =>
      fc.uniqueArray(referralArb(personIds, records.length ? records.map((r) => r.id) : personIds), { maxLength: 3, selector: (f) => f.id }).map((referrals) => ({
        context: CONTEXT, persons, records, referrals,
      })),
    );
  });

function entriesOf(bundle: Bundle) {
  return bundle.entry ?? [];
}

describe("FHIR bundle properties", () => {
  it("validates, resolves every reference, is deterministic and accounts for every row", () => {
    loadR4Definitions();
    const seen = new Set<string>();
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = transactionBundle(input);
        const second = transactionBundle(structuredClone(input));
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
        const { bundle, unexported } = first;
        expect(bundleErrors(bundle)).toEqual([]);
        const fullUrls = new Set(entriesOf(bundle).map((e) => e.fullUrl));
        expect(fullUrls.size).toBe(entriesOf(bundle).length);
        for (const ref of urnReferences(bundle)) expect(fullUrls.has(ref)).toBe(true);
        for (const e of entriesOf(bundle)) expect(e.request?.ifNoneExist).toMatch(/^identifier=[^|]+\|.+$/);
        // Never silently skipped: a row is exported or listed.
        const listed = new Set(unexported.map((u) => `${u.entity}:${u.id}`));
        for (const p of input.persons) expect(fullUrls.has(`urn:uuid:${p.id}`) || listed.has(`person:${p.id}`)).toBe(true);
        for (const r of input.records) expect(fullUrls.has(`urn:uuid:${r.id}`) || listed.has(`record:${r.id}`)).toBe(true);
        for (const f of input.referrals) expect(fullUrls.has(`urn:uuid:${f.id}`) || listed.has(`referral:${f.id}`)).toBe(true);
        for (const e of entriesOf(bundle)) seen.add(e.resource!.resourceType);
        for (const u of unexported) seen.add(u.reason);
        if (entriesOf(bundle).some((e) => (e.resource as { interpretation?: { coding?: { code?: string }[] }[] }).interpretation?.[0]?.coding?.[0]?.code?.startsWith("OI"))) seen.add("growth");
      }),
      // A fixed seed: the coverage check below must not depend on the draw (one CI run drew no person
      // without any NIK). FHIR_PROPERTY_SEED=<n> explores other draws.
      { numRuns: 40, seed: Number(process.env.FHIR_PROPERTY_SEED ?? 20_261_202) },
    );
    // Not vacuous: the runs covered every resource type and every reason to leave a row out.
    expect([...seen].sort()).toEqual(["Condition", "Encounter", "Immunization", "Observation", "Patient", "Procedure", "ServiceRequest", "growth", "no_mapping", "no_nik", "patient_not_exported"]);
  }, 120_000);
});

describe("every published form has a mapping (issue 15)", () => {
  /**
   * Forms whose records export as an Encounter (plus Conditions from their flags and Immunizations)
   * with no measurement to send: tb (symptoms only), kunjungan-rumah (a home visit, class HH),
   * imunisasi and imunisasi-sekolah (Immunizations), persalinan (domain/fhir/delivery.ts).
   */
  const ENCOUNTER_ONLY = new Set(["tb", "kunjungan-rumah", "imunisasi", "imunisasi-sekolah", "persalinan"]);

  it("MEASURES names every published form that measures something; a new form cannot slip through as an Encounter only", () => {
    const unmapped = currentForms().map((f) => f.id).filter((id) => !(id in MEASURES) && !ENCOUNTER_ONLY.has(id));
    expect(unmapped).toEqual([]);
  });

  it("every MEASURES field is a number field of that form (current version), so no row reads a field that does not exist", () => {
    for (const [formId, measures] of Object.entries(MEASURES)) {
      const def = currentForms().find((f) => f.id === formId);
      expect(def, formId).toBeDefined();
      const fields = new Map(def!.sections.flatMap((s) => s.fields).map((f) => [f.id, f.type]));
      for (const m of measures) expect(["number", "computed"], `${formId}.${m.field}`).toContain(fields.get(m.field));
    }
  });

  it("every flag a Condition rule names exists in a published form", () => {
    const flagIds = new Set(currentForms().flatMap((f) => (f.flags ?? []).map((fl) => `${f.id}.${fl.id}`)));
    // Raised by derive hooks, not declared on the form: balita growth (domain/growth/flags.ts) and
    // MTBS nutrition (domain/rules/mtbs.ts).
    const derivedOnly = new Set(["balita.stunted", "balita.severely_stunted", "mtbs.gizi_buruk_komplikasi", "mtbs.gizi_buruk_tanpa_komplikasi", "mtbs.gizi_kurang"]);
    const missing = CONDITION_RULES.flatMap((r) => r.flags).filter((f) => !flagIds.has(f) && !derivedOnly.has(f));
    expect(missing).toEqual([]);
  });
});
