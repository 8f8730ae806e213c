import { beforeAll, describe, expect, it } from "vitest";
import type { Bundle } from "@medplum/fhirtypes";
import { transactionBundle, type DesaBundleInput } from "../../domain/fhir/index.ts";
import { loadGrowthTables } from "../../domain/growth/index.ts";
import { fixture, IDS } from "./fhir-fixtures.ts";
import { fixture15, IDS15 } from "./fhir-fixtures-ilp.ts";
import { getForm } from "../../domain/forms/index.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";

/**
 * Golden test (issue 13): the transaction bundle of the small synthetic desa-month in
 * fhir-fixtures.ts, compared field by field with the bundle written out below. An ANC visit
 * (synced the same day: times from createdAt; KEK and anaemia; Td dose 3), a balita weighing
 * (stunting: TB/U −3.47 SD, OI000011, E45), four antigens of an infant known by the mother's NIK
 * (copied from the Buku KIA: primarySource false), a PTM screening with hypertension (I10) and its
 * referral closed by a rujuk balik, and a person without a NIK (listed, not exported).
 *
 * When the mapping changes on purpose, update this file with the change: every difference is a
 * change SATUSEHAT will see.
 */

let input: DesaBundleInput;
beforeAll(async () => {
  input = fixture(await loadGrowthTables());
});

const EXPECTED_ENTRIES: Bundle["entry"] = [
    {
      fullUrl: "urn:uuid:" + IDS.ibuHamil,
      request: {"method":"POST","url":"Patient","ifNoneExist":"identifier=https://fhir.kemkes.go.id/id/nik|1804105204960001"},
      resource: {
        resourceType: "Patient",
        identifier: [{"use":"official","system":"https://fhir.kemkes.go.id/id/nik","value":"1804105204960001"},{"use":"secondary","system":"http://sys-ids.kemkes.go.id/patient/10000001","value":IDS.ibuHamil}],
        active: true,
        name: [{"use":"official","text":"Sari Contoh"}],
        gender: "female",
        birthDate: "1996-04-12",
        address: [{"use":"home","line":["Dusun Satu"],"country":"ID","extension":[{"url":"https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode","extension":[{"url":"province","valueCode":"18"},{"url":"city","valueCode":"1804"},{"url":"district","valueCode":"180410"},{"url":"village","valueCode":"1804102001"},{"url":"rt","valueCode":"002"}]}]}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.balita,
      request: {"method":"POST","url":"Patient","ifNoneExist":"identifier=https://fhir.kemkes.go.id/id/nik|1804101005230002"},
      resource: {
        resourceType: "Patient",
        identifier: [{"use":"official","system":"https://fhir.kemkes.go.id/id/nik","value":"1804101005230002"},{"use":"secondary","system":"http://sys-ids.kemkes.go.id/patient/10000001","value":IDS.balita}],
        active: true,
        name: [{"use":"official","text":"Bima Contoh"}],
        gender: "male",
        birthDate: "2023-05-10",
        address: [{"use":"home","line":["Dusun Satu"],"country":"ID","extension":[{"url":"https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode","extension":[{"url":"province","valueCode":"18"},{"url":"city","valueCode":"1804"},{"url":"district","valueCode":"180410"},{"url":"village","valueCode":"1804102001"},{"url":"rt","valueCode":"002"}]}]}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.ibuBayi,
      request: {"method":"POST","url":"Patient","ifNoneExist":"identifier=https://fhir.kemkes.go.id/id/nik|1804106001990003"},
      resource: {
        resourceType: "Patient",
        identifier: [{"use":"official","system":"https://fhir.kemkes.go.id/id/nik","value":"1804106001990003"},{"use":"secondary","system":"http://sys-ids.kemkes.go.id/patient/10000001","value":IDS.ibuBayi}],
        active: true,
        name: [{"use":"official","text":"Ani Contoh"}],
        gender: "female",
        birthDate: "1999-01-20",
        address: [{"use":"home","country":"ID","extension":[{"url":"https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode","extension":[{"url":"province","valueCode":"18"},{"url":"city","valueCode":"1804"},{"url":"district","valueCode":"180410"},{"url":"village","valueCode":"1804102001"}]}]}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.bayi,
      request: {"method":"POST","url":"Patient","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/patient/10000001|" + IDS.bayi},
      resource: {
        resourceType: "Patient",
        identifier: [{"use":"official","system":"https://fhir.kemkes.go.id/id/nik-ibu","value":"1804106001990003"},{"use":"secondary","system":"http://sys-ids.kemkes.go.id/patient/10000001","value":IDS.bayi}],
        active: true,
        name: [{"use":"official","text":"Bayi Ny. Ani"}],
        gender: "female",
        birthDate: "2025-11-02",
        address: [{"use":"home","country":"ID","extension":[{"url":"https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode","extension":[{"url":"province","valueCode":"18"},{"url":"city","valueCode":"1804"},{"url":"district","valueCode":"180410"},{"url":"village","valueCode":"1804102001"}]}]}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.bapak,
      request: {"method":"POST","url":"Patient","ifNoneExist":"identifier=https://fhir.kemkes.go.id/id/nik|1804100101700004"},
      resource: {
        resourceType: "Patient",
        identifier: [{"use":"official","system":"https://fhir.kemkes.go.id/id/nik","value":"1804100101700004"},{"use":"secondary","system":"http://sys-ids.kemkes.go.id/patient/10000001","value":IDS.bapak}],
        active: true,
        name: [{"use":"official","text":"Joko Contoh"}],
        gender: "male",
        birthDate: "1970",
        address: [{"use":"home","country":"ID","extension":[{"url":"https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode","extension":[{"url":"province","valueCode":"18"},{"url":"city","valueCode":"1804"},{"url":"district","valueCode":"180410"},{"url":"village","valueCode":"1804102001"}]}]}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.recAnc,
      request: {"method":"POST","url":"Encounter","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/encounter/10000001|" + IDS.recAnc},
      resource: {
        resourceType: "Encounter",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/encounter/10000001","value":IDS.recAnc}],
        status: "finished",
        class: {"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},
        statusHistory: [{"status":"arrived","period":{"start":"2026-01-14T02:42:40+00:00","end":"2026-01-14T02:47:40+00:00"}},{"status":"in-progress","period":{"start":"2026-01-14T02:47:40+00:00","end":"2026-01-14T03:12:40+00:00"}},{"status":"finished","period":{"start":"2026-01-14T03:12:40+00:00","end":"2026-01-14T03:12:40+00:00"}}],
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        period: {"start":"2026-01-14T02:42:40+00:00","end":"2026-01-14T03:12:40+00:00"},
        location: [{"location":{"identifier":{"system":"http://sys-ids.kemkes.go.id/location/10000001","value":"0190a000-0000-7000-8000-00000000f001"},"display":"Pustu Contoh"}}],
        serviceProvider: {"reference":"Organization/10000001","display":"Puskesmas Contoh"},
      },
    },
    {
      fullUrl: "urn:uuid:03feec1b-6549-8e26-beb1-de450b875064",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".bb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".bb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}],"text":"Berat badan"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":61.5,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"},
      },
    },
    {
      fullUrl: "urn:uuid:ba820684-cb51-8e13-9cb9-69a68dafd012",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".tb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".tb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8302-2","display":"Body height"}],"text":"Tinggi badan"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":152,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:174fee9e-e292-8cb9-9e9e-77aa77e845bb",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".lila"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".lila"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://snomed.info/sct","code":"284473002","display":"Mid upper arm circumference"},{"system":"http://loinc.org","code":"56072-2","display":"Circumference Mid upper arm"}],"text":"Lingkar lengan atas (LiLA)"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":22.8,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:50b477b3-681f-8f86-8eb9-597cd7f4d8b5",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".td_sistolik"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".td_sistolik"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8480-6","display":"Systolic blood pressure"}],"text":"Tekanan darah sistolik"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":118,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"},
      },
    },
    {
      fullUrl: "urn:uuid:255096db-9247-86fe-ac1f-321c5989c2f4",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".td_diastolik"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".td_diastolik"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8462-4","display":"Diastolic blood pressure"}],"text":"Tekanan darah diastolik"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":76,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"},
      },
    },
    {
      fullUrl: "urn:uuid:80a35c60-edb2-8ea1-bab7-c413a2889c7f",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".hb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".hb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory","display":"Laboratory"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"718-7","display":"Hemoglobin [Mass/volume] in Blood"}],"text":"Hemoglobin"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":10.4,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"},
      },
    },
    {
      fullUrl: "urn:uuid:42fa118f-8912-8a9c-8a6b-78a8c885abc5",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".tfu"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".tfu"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"11881-0","display":"Uterus Fundal height Tape measure"}],"text":"Tinggi fundus uteri (TFU)"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":22,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:ab48bc33-8b7e-860c-861c-e10022f8610a",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recAnc + ".djj"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recAnc + ".djj"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"57068-9","display":"Fetal Heart rate by Auscultation"}],"text":"Denyut jantung janin (DJJ)"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        effectiveDateTime: "2026-01-14T02:47:40+00:00",
        valueQuantity: {"value":142,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"},
      },
    },
    {
      fullUrl: "urn:uuid:e2569dc2-3018-8d2e-9bc1-70bacfb76029",
      request: {"method":"POST","url":"Condition","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/condition/10000001|" + IDS.recAnc + ".kek"},
      resource: {
        resourceType: "Condition",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/condition/10000001","value":IDS.recAnc + ".kek"}],
        clinicalStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active","display":"Active"}]},
        verificationStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed","display":"Confirmed"}]},
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"encounter-diagnosis","display":"Encounter Diagnosis"}]}],
        code: {"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"O25","display":"Malnutrition in pregnancy"}],"text":"Kurang energi kronis (KEK) pada kehamilan"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        recordedDate: "2026-01-14T03:12:40+00:00",
      },
    },
    {
      fullUrl: "urn:uuid:629bb1b0-5e7f-8369-8eef-0ca281f84474",
      request: {"method":"POST","url":"Condition","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/condition/10000001|" + IDS.recAnc + ".anemia_kehamilan"},
      resource: {
        resourceType: "Condition",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/condition/10000001","value":IDS.recAnc + ".anemia_kehamilan"}],
        clinicalStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active","display":"Active"}]},
        verificationStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed","display":"Confirmed"}]},
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"encounter-diagnosis","display":"Encounter Diagnosis"}]}],
        code: {"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"O99.0","display":"Anaemia complicating pregnancy, childbirth and the puerperium"}],"text":"Anemia pada kehamilan/nifas"},
        subject: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        recordedDate: "2026-01-14T03:12:40+00:00",
      },
    },
    {
      fullUrl: "urn:uuid:8a08c992-3f21-8a6b-ba3b-f5f574757123",
      request: {"method":"POST","url":"Immunization","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/immunization/10000001|" + IDS.recAnc + ".td"},
      resource: {
        resourceType: "Immunization",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/immunization/10000001","value":IDS.recAnc + ".td"}],
        status: "completed",
        vaccineCode: {"coding":[{"system":"urn:simpul:antigen","code":"td","display":"Td (tetanus-diphtheria)"}],"text":"Td (tetanus-difteri)"},
        patient: {"reference":"urn:uuid:" + IDS.ibuHamil},
        encounter: {"reference":"urn:uuid:" + IDS.recAnc},
        occurrenceDateTime: "2026-01-14T02:47:40+00:00",
        primarySource: true,
        protocolApplied: [{"series":"td","doseNumberPositiveInt":3}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.recBalita,
      request: {"method":"POST","url":"Encounter","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/encounter/10000001|" + IDS.recBalita},
      resource: {
        resourceType: "Encounter",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/encounter/10000001","value":IDS.recBalita}],
        status: "finished",
        class: {"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},
        statusHistory: [{"status":"arrived","period":{"start":"2026-01-14T01:00:00+00:00","end":"2026-01-14T01:05:00+00:00"}},{"status":"in-progress","period":{"start":"2026-01-14T01:05:00+00:00","end":"2026-01-14T01:30:00+00:00"}},{"status":"finished","period":{"start":"2026-01-14T01:30:00+00:00","end":"2026-01-14T01:30:00+00:00"}}],
        subject: {"reference":"urn:uuid:" + IDS.balita},
        period: {"start":"2026-01-14T01:00:00+00:00","end":"2026-01-14T01:30:00+00:00"},
        location: [{"location":{"identifier":{"system":"http://sys-ids.kemkes.go.id/location/10000001","value":"0190a000-0000-7000-8000-00000000f001"},"display":"Pustu Contoh"}}],
        serviceProvider: {"reference":"Organization/10000001","display":"Puskesmas Contoh"},
      },
    },
    {
      fullUrl: "urn:uuid:47127256-aafc-8e59-b78b-837871f19441",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".bb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".bb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}],"text":"Berat badan"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":10.2,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"},
      },
    },
    {
      fullUrl: "urn:uuid:ebc8e397-8326-89af-ad9c-036b1af666b4",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".panjang_tinggi"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".panjang_tinggi"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8302-2","display":"Body height"},{"system":"http://loinc.org","code":"8306-3","display":"Body height --lying"}],"text":"Panjang/tinggi badan"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":82,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:54d25b50-b71b-8c70-be28-ac9521e08674",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".lingkar_kepala"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".lingkar_kepala"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"9843-4","display":"Head Occipital-frontal circumference"}],"text":"Lingkar kepala"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":46.5,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:27bf3403-1589-809a-829f-bf5224741320",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".lila"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".lila"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://snomed.info/sct","code":"284473002","display":"Mid upper arm circumference"},{"system":"http://loinc.org","code":"56072-2","display":"Circumference Mid upper arm"}],"text":"Lingkar lengan atas (LiLA)"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":14.2,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:58892cd9-ecd7-8f07-8208-b50376523069",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".bb_u"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".bb_u"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://snomed.info/sct","code":"1153593003","display":"Weight for age z-score"}],"text":"BB/U (z-score)"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":-2.49,"unit":"{Zscore}","system":"http://unitsofmeasure.org","code":"{Zscore}"},
        interpretation: [{"coding":[{"system":"http://terminology.kemkes.go.id/CodeSystem/clinical-term","code":"OI000008","display":"Berat Badan Kurang"}],"text":"Berat badan kurang"}],
      },
    },
    {
      fullUrl: "urn:uuid:adfeee9a-3d25-8d21-b12d-d3fc0618509b",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".pb_tb_u"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".pb_tb_u"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://snomed.info/sct","code":"1153604005","display":"Height for age z-score"}],"text":"TB/U (z-score)"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":-3.47,"unit":"{Zscore}","system":"http://unitsofmeasure.org","code":"{Zscore}"},
        interpretation: [{"coding":[{"system":"http://terminology.kemkes.go.id/CodeSystem/clinical-term","code":"OI000011","display":"Sangat Pendek"}],"text":"Sangat pendek"}],
      },
    },
    {
      fullUrl: "urn:uuid:d4ed66b9-76d3-8426-88c4-7a73f4ee2fff",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recBalita + ".bb_pb_tb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recBalita + ".bb_pb_tb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://snomed.info/sct","code":"1153600001","display":"Weight for height z-score"}],"text":"BB/TB (z-score)"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        effectiveDateTime: "2026-01-14T01:05:00+00:00",
        valueQuantity: {"value":-0.73,"unit":"{Zscore}","system":"http://unitsofmeasure.org","code":"{Zscore}"},
        interpretation: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"N","display":"Normal"}],"text":"Gizi baik"}],
      },
    },
    {
      fullUrl: "urn:uuid:a2cc6ab0-b99a-81ac-9825-c30b14fea020",
      request: {"method":"POST","url":"Condition","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/condition/10000001|" + IDS.recBalita + ".stunting"},
      resource: {
        resourceType: "Condition",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/condition/10000001","value":IDS.recBalita + ".stunting"}],
        clinicalStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active","display":"Active"}]},
        verificationStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed","display":"Confirmed"}]},
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"encounter-diagnosis","display":"Encounter Diagnosis"}]}],
        code: {"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"E45","display":"Retarded development following protein-energy malnutrition"}],"text":"Stunting"},
        subject: {"reference":"urn:uuid:" + IDS.balita},
        encounter: {"reference":"urn:uuid:" + IDS.recBalita},
        recordedDate: "2026-01-14T01:30:00+00:00",
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.recImun,
      request: {"method":"POST","url":"Encounter","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/encounter/10000001|" + IDS.recImun},
      resource: {
        resourceType: "Encounter",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/encounter/10000001","value":IDS.recImun}],
        status: "finished",
        class: {"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},
        statusHistory: [{"status":"arrived","period":{"start":"2026-01-14T01:00:00+00:00","end":"2026-01-14T01:05:00+00:00"}},{"status":"in-progress","period":{"start":"2026-01-14T01:05:00+00:00","end":"2026-01-14T01:30:00+00:00"}},{"status":"finished","period":{"start":"2026-01-14T01:30:00+00:00","end":"2026-01-14T01:30:00+00:00"}}],
        subject: {"reference":"urn:uuid:" + IDS.bayi},
        period: {"start":"2026-01-14T01:00:00+00:00","end":"2026-01-14T01:30:00+00:00"},
        location: [{"location":{"identifier":{"system":"http://sys-ids.kemkes.go.id/location/10000001","value":"0190a000-0000-7000-8000-00000000f001"},"display":"Pustu Contoh"}}],
        serviceProvider: {"reference":"Organization/10000001","display":"Puskesmas Contoh"},
      },
    },
    {
      fullUrl: "urn:uuid:d43312f6-d95a-8220-887e-394a98f0f190",
      request: {"method":"POST","url":"Immunization","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/immunization/10000001|" + IDS.recImun + ".dpt1"},
      resource: {
        resourceType: "Immunization",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/immunization/10000001","value":IDS.recImun + ".dpt1"}],
        status: "completed",
        vaccineCode: {"coding":[{"system":"urn:simpul:antigen","code":"dpt1","display":"DTP-HepB-Hib 1"}],"text":"DPT-HB-Hib 1"},
        patient: {"reference":"urn:uuid:" + IDS.bayi},
        encounter: {"reference":"urn:uuid:" + IDS.recImun},
        occurrenceDateTime: "2026-01-02T01:00:00+00:00",
        primarySource: false,
        lotNumber: "B2025-11",
        protocolApplied: [{"series":"dpt","doseNumberPositiveInt":1}],
      },
    },
    {
      fullUrl: "urn:uuid:befe567d-48ef-85a8-9b7c-735a4bf800f9",
      request: {"method":"POST","url":"Immunization","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/immunization/10000001|" + IDS.recImun + ".opv2"},
      resource: {
        resourceType: "Immunization",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/immunization/10000001","value":IDS.recImun + ".opv2"}],
        status: "completed",
        vaccineCode: {"coding":[{"system":"urn:simpul:antigen","code":"opv2","display":"Oral polio (OPV) 2"}],"text":"Polio tetes (OPV) 2"},
        patient: {"reference":"urn:uuid:" + IDS.bayi},
        encounter: {"reference":"urn:uuid:" + IDS.recImun},
        occurrenceDateTime: "2026-01-02T01:00:00+00:00",
        primarySource: false,
        lotNumber: "B2025-11",
        protocolApplied: [{"series":"opv","doseNumberPositiveInt":2}],
      },
    },
    {
      fullUrl: "urn:uuid:d0d3f172-26c1-871c-a827-eef08a472598",
      request: {"method":"POST","url":"Immunization","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/immunization/10000001|" + IDS.recImun + ".pcv1"},
      resource: {
        resourceType: "Immunization",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/immunization/10000001","value":IDS.recImun + ".pcv1"}],
        status: "completed",
        vaccineCode: {"coding":[{"system":"urn:simpul:antigen","code":"pcv1","display":"PCV 1"}],"text":"PCV 1"},
        patient: {"reference":"urn:uuid:" + IDS.bayi},
        encounter: {"reference":"urn:uuid:" + IDS.recImun},
        occurrenceDateTime: "2026-01-02T01:00:00+00:00",
        primarySource: false,
        lotNumber: "B2025-11",
        protocolApplied: [{"series":"pcv","doseNumberPositiveInt":1}],
      },
    },
    {
      fullUrl: "urn:uuid:6fcecc66-f586-8ec3-bdd7-663ef1f0a84e",
      request: {"method":"POST","url":"Immunization","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/immunization/10000001|" + IDS.recImun + ".rv1"},
      resource: {
        resourceType: "Immunization",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/immunization/10000001","value":IDS.recImun + ".rv1"}],
        status: "completed",
        vaccineCode: {"coding":[{"system":"urn:simpul:antigen","code":"rv1","display":"Rotavirus (RV) 1"}],"text":"Rotavirus (RV) 1"},
        patient: {"reference":"urn:uuid:" + IDS.bayi},
        encounter: {"reference":"urn:uuid:" + IDS.recImun},
        occurrenceDateTime: "2026-01-02T01:00:00+00:00",
        primarySource: false,
        lotNumber: "B2025-11",
        protocolApplied: [{"series":"rv","doseNumberPositiveInt":1}],
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.recPtm,
      request: {"method":"POST","url":"Encounter","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/encounter/10000001|" + IDS.recPtm},
      resource: {
        resourceType: "Encounter",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/encounter/10000001","value":IDS.recPtm}],
        status: "finished",
        class: {"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},
        statusHistory: [{"status":"arrived","period":{"start":"2026-01-15T01:00:00+00:00","end":"2026-01-15T01:05:00+00:00"}},{"status":"in-progress","period":{"start":"2026-01-15T01:05:00+00:00","end":"2026-01-15T01:30:00+00:00"}},{"status":"finished","period":{"start":"2026-01-15T01:30:00+00:00","end":"2026-01-15T01:30:00+00:00"}}],
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        period: {"start":"2026-01-15T01:00:00+00:00","end":"2026-01-15T01:30:00+00:00"},
        location: [{"location":{"identifier":{"system":"http://sys-ids.kemkes.go.id/location/10000001","value":"0190a000-0000-7000-8000-00000000f001"},"display":"Pustu Contoh"}}],
        serviceProvider: {"reference":"Organization/10000001","display":"Puskesmas Contoh"},
      },
    },
    {
      fullUrl: "urn:uuid:ceb3c100-bf87-8966-9230-a192e34b739c",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".td_sistolik"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".td_sistolik"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8480-6","display":"Systolic blood pressure"}],"text":"Tekanan darah sistolik"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":150,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"},
      },
    },
    {
      fullUrl: "urn:uuid:928fe24b-7652-8888-8052-f9ad3ee5861a",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".td_diastolik"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".td_diastolik"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8462-4","display":"Diastolic blood pressure"}],"text":"Tekanan darah diastolik"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":93,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"},
      },
    },
    {
      fullUrl: "urn:uuid:052c39e4-9662-88ca-a607-5b43df757739",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".gula_darah"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".gula_darah"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory","display":"Laboratory"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"41653-7","display":"Glucose [Mass/volume] in Capillary blood by Glucometer"}],"text":"Gula darah"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":110,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"},
      },
    },
    {
      fullUrl: "urn:uuid:6e83d5f8-8288-87d4-aeaa-e2df26d6b541",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".bb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".bb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}],"text":"Berat badan"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":60,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"},
      },
    },
    {
      fullUrl: "urn:uuid:b3a41ecf-89ab-8353-8c51-d86e06f30fb0",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".tb"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".tb"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8302-2","display":"Body height"}],"text":"Tinggi badan"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":160,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:843e8554-8af6-8811-a88b-9e9ceea36bed",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".imt"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".imt"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"39156-5","display":"Body mass index (BMI) [Ratio]"}],"text":"Indeks massa tubuh (IMT)"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":23.4,"unit":"kg/m2","system":"http://unitsofmeasure.org","code":"kg/m2"},
        interpretation: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"N","display":"Normal"}],"text":"Normal"}],
      },
    },
    {
      fullUrl: "urn:uuid:11dd47a1-e41a-805d-909a-33729820f395",
      request: {"method":"POST","url":"Observation","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/observation/10000001|" + IDS.recPtm + ".lingkar_perut"},
      resource: {
        resourceType: "Observation",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/observation/10000001","value":IDS.recPtm + ".lingkar_perut"}],
        status: "final",
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam","display":"Exam"}]}],
        code: {"coding":[{"system":"http://loinc.org","code":"8280-0","display":"Waist Circumference at umbilicus by Tape measure"}],"text":"Lingkar perut"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        effectiveDateTime: "2026-01-15T01:05:00+00:00",
        valueQuantity: {"value":78,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"},
      },
    },
    {
      fullUrl: "urn:uuid:0fe58304-a611-8a71-990d-33915b633fe2",
      request: {"method":"POST","url":"Condition","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/condition/10000001|" + IDS.recPtm + ".hipertensi"},
      resource: {
        resourceType: "Condition",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/condition/10000001","value":IDS.recPtm + ".hipertensi"}],
        clinicalStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active","display":"Active"}]},
        verificationStatus: {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"provisional","display":"Provisional"}]},
        category: [{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"encounter-diagnosis","display":"Encounter Diagnosis"}]}],
        code: {"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"I10","display":"Essential (primary) hypertension"}],"text":"Hipertensi"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        recordedDate: "2026-01-15T01:30:00+00:00",
      },
    },
    {
      fullUrl: "urn:uuid:" + IDS.refPtm,
      request: {"method":"POST","url":"ServiceRequest","ifNoneExist":"identifier=http://sys-ids.kemkes.go.id/servicerequest/10000001|" + IDS.refPtm},
      resource: {
        resourceType: "ServiceRequest",
        identifier: [{"system":"http://sys-ids.kemkes.go.id/servicerequest/10000001","value":IDS.refPtm}],
        status: "completed",
        intent: "original-order",
        code: {"coding":[{"system":"http://snomed.info/sct","code":"3457005","display":"Patient referral"}],"text":"Rujukan ke Puskesmas"},
        subject: {"reference":"urn:uuid:" + IDS.bapak},
        encounter: {"reference":"urn:uuid:" + IDS.recPtm},
        authoredOn: "2026-01-15T01:30:00+00:00",
        requester: {"reference":"Organization/10000001","display":"Puskesmas Contoh"},
        performer: [{"display":"Puskesmas"}],
        reasonCode: [{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"I10","display":"Essential (primary) hypertension"}],"text":"Hipertensi (rata-rata TD ≥ 140/90): rujuk dan cek ulang"}],
        note: [{"text":"Rujuk balik 2026-01-22: Datang dan ditangani"}],
      },
    },
];

describe("FHIR golden bundle", () => {
  it("maps the fixture to exactly the expected bundle", () => {
    const { bundle } = transactionBundle(input);
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("transaction");
    expect(bundle.entry).toHaveLength(EXPECTED_ENTRIES!.length);
    // Entry by entry, so a failure names the resource that changed.
    for (const [i, expected] of EXPECTED_ENTRIES!.entries()) expect(bundle.entry![i], `entry ${i} (${expected.resource?.resourceType})`).toEqual(expected);
    expect(bundle).toEqual({ resourceType: "Bundle", type: "transaction", entry: EXPECTED_ENTRIES });
  });

  it("lists what it could not export, and why", () => {
    const { unexported, counts } = transactionBundle(input);
    expect(unexported).toEqual(
      [{"entity":"person","id":IDS.tanpaNik,"reason":"no_nik","detail":"no NIK, and no mother's NIK for an infant"},{"entity":"record","id":IDS.recTanpaNik,"reason":"patient_not_exported","detail":"the person is not exported"}],
    );
    expect(counts).toEqual({ Patient: 5, Encounter: 4, Observation: 22, Condition: 4, Immunization: 5, ServiceRequest: 1 });
  });

  it("does not depend on the order the caller passes rows in", () => {
    const shuffled: DesaBundleInput = { ...input, persons: [...input.persons].reverse(), records: [...input.records].reverse(), referrals: [...input.referrals].reverse() };
    expect(transactionBundle(shuffled)).toEqual(transactionBundle(input));
  });
});

// --- issue 15: the new forms ---------------------------------------------------------------------

/**
 * One case each of issue 15's forms (test/domain/fhir-fixtures-ilp.ts): an MTBS visit with
 * PNEUMONIA, a catin visit with anaemia, a persalinan and a KB visit. Field by field; the shared
 * shapes (Encounter, a measurement Observation, a Condition) are written once below as the
 * expected SATUSEHAT-facing JSON, not computed by the code under test.
 */
describe("FHIR golden bundle: issue 15 forms", () => {
  let b15: ReturnType<typeof transactionBundle>;
  beforeAll(async () => {
    b15 = transactionBundle(fixture15(await loadGrowthTables()));
  });

  const ORG = "10000001";
  const sys = (r: string) => `http://sys-ids.kemkes.go.id/${r}/${ORG}`;
  const LOINC = "http://loinc.org";
  const UCUM = "http://unitsofmeasure.org";
  const VITAL = [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs", display: "Vital Signs" }] }];
  const EXAM = [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "exam", display: "Exam" }] }];
  const LAB = [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory", display: "Laboratory" }] }];
  const SURVEY = [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "survey", display: "Survey" }] }];
  /** The visit day D, synced later: 08:00–08:30 WIB = 01:00–01:30 UTC; arrived until 01:05. */
  const encounter = (recId: string, personId: string, day: string) => ({
    resourceType: "Encounter",
    identifier: [{ system: sys("encounter"), value: recId }],
    status: "finished",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB", display: "ambulatory" },
    statusHistory: [
      { status: "arrived", period: { start: `${day}T01:00:00+00:00`, end: `${day}T01:05:00+00:00` } },
      { status: "in-progress", period: { start: `${day}T01:05:00+00:00`, end: `${day}T01:30:00+00:00` } },
      { status: "finished", period: { start: `${day}T01:30:00+00:00`, end: `${day}T01:30:00+00:00` } },
    ],
    subject: { reference: `urn:uuid:${personId}` },
    period: { start: `${day}T01:00:00+00:00`, end: `${day}T01:30:00+00:00` },
    location: [{ location: { identifier: { system: sys("location"), value: "0190a000-0000-7000-8000-00000000f001" }, display: "Pustu Contoh" } }],
    serviceProvider: { reference: "Organization/10000001", display: "Puskesmas Contoh" },
  });
  const measurement = (recId: string, personId: string, day: string, field: string, category: unknown, coding: unknown[], text: string, value: number, unit: string, code = unit) => ({
    resourceType: "Observation",
    identifier: [{ system: sys("observation"), value: `${recId}.${field}` }],
    status: "final",
    category,
    code: { coding, text },
    subject: { reference: `urn:uuid:${personId}` },
    encounter: { reference: `urn:uuid:${recId}` },
    effectiveDateTime: `${day}T01:05:00+00:00`,
    valueQuantity: { value, unit, system: UCUM, code },
  });
  const condition = (recId: string, personId: string, day: string, key: string, verification: "provisional" | "confirmed", icd: { code: string; display: string }, text: string) => ({
    resourceType: "Condition",
    identifier: [{ system: sys("condition"), value: `${recId}.${key}` }],
    clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active", display: "Active" }] },
    verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: verification, display: verification === "provisional" ? "Provisional" : "Confirmed" }] },
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-category", code: "encounter-diagnosis", display: "Encounter Diagnosis" }] }],
    code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10", ...icd }], text },
    subject: { reference: `urn:uuid:${personId}` },
    encounter: { reference: `urn:uuid:${recId}` },
    recordedDate: `${day}T01:30:00+00:00`,
  });
  /** The resources of one record, in bundle order (the entry after its Encounter until the next Encounter). */
  const resourcesOf = (recId: string) => {
    const entries = b15.bundle.entry!;
    const start = entries.findIndex((e) => e.fullUrl === `urn:uuid:${recId}`);
    const end = entries.findIndex((e, i) => i > start && e.resource!.resourceType === "Encounter");
    return entries.slice(start, end < 0 ? undefined : end).map((e) => e.resource);
  };
  const BP = (recId: string, personId: string, day: string, s: number, d: number) => [
    measurement(recId, personId, day, "td_sistolik", VITAL, [{ system: LOINC, code: "8480-6", display: "Systolic blood pressure" }], "Tekanan darah sistolik", s, "mmHg", "mm[Hg]"),
    measurement(recId, personId, day, "td_diastolik", VITAL, [{ system: LOINC, code: "8462-4", display: "Diastolic blood pressure" }], "Tekanan darah diastolik", d, "mmHg", "mm[Hg]"),
  ];

  it("exports every row, with the new Procedure among the types", () => {
    expect(b15.unexported).toEqual([]);
    // 4 Patients; 4 Encounters; Observations: MTBS 5 (bb, panjang, LiLA, napas, SpO2), catin 7 (bb, tb, IMT, LiLA, Hb, TD×2),
    // persalinan 2 (place, birth weight), KB 3 (TD×2, method) = 17; Conditions: pneumonia, anaemia; Td; the delivery.
    expect(b15.counts).toEqual({ Patient: 4, Encounter: 4, Observation: 17, Condition: 2, Immunization: 1, Procedure: 1 });
  });

  it("an MTBS visit with PNEUMONIA: Encounter AMB, the measurements with LOINC + UCUM (RR 9279-1, SpO2 2708-6/59408-5), J18.9 provisional", () => {
    const [rec, who, day] = [IDS15.recMtbs, IDS15.anak, "2026-02-10"];
    expect(resourcesOf(rec)).toEqual([
      encounter(rec, who, day),
      measurement(rec, who, day, "bb", VITAL, [{ system: LOINC, code: "29463-7", display: "Body weight" }], "Berat badan", 10.1, "kg"),
      measurement(rec, who, day, "panjang_tinggi", VITAL, [{ system: LOINC, code: "8302-2", display: "Body height" }, { system: LOINC, code: "8306-3", display: "Body height --lying" }], "Panjang/tinggi badan", 80.2, "cm"),
      measurement(rec, who, day, "lila", EXAM, [{ system: "http://snomed.info/sct", code: "284473002", display: "Mid upper arm circumference" }, { system: LOINC, code: "56072-2", display: "Circumference Mid upper arm" }], "Lingkar lengan atas (LiLA)", 14.5, "cm"),
      measurement(rec, who, day, "napas_per_menit", VITAL, [{ system: LOINC, code: "9279-1", display: "Respiratory rate" }], "Frekuensi napas", 46, "/min"),
      measurement(rec, who, day, "saturasi_o2", VITAL, [{ system: LOINC, code: "2708-6", display: "Oxygen saturation in Arterial blood" }, { system: LOINC, code: "59408-5", display: "Oxygen saturation in Arterial blood by Pulse oximetry" }], "Saturasi oksigen (SpO2)", 96, "%"),
      // 17 months, 46/min ≥ 40: PNEUMONIA (kuning). The green rows (tidak anemia, gizi baik) are no diagnosis.
      condition(rec, who, day, "pneumonia", "provisional", { code: "J18.9", display: "Pneumonia, unspecified" }, "Pneumonia"),
    ]);
  });

  it("a catin visit with anaemia: D64.9 confirmed (never O99.0 outside pregnancy), and the Td dose after T2", () => {
    const [rec, who, day] = [IDS15.recCatin, IDS15.catin, "2026-02-11"];
    expect(resourcesOf(rec)).toEqual([
      encounter(rec, who, day),
      measurement(rec, who, day, "bb", VITAL, [{ system: LOINC, code: "29463-7", display: "Body weight" }], "Berat badan", 50, "kg"),
      measurement(rec, who, day, "tb", VITAL, [{ system: LOINC, code: "8302-2", display: "Body height" }], "Tinggi badan", 158, "cm"),
      // 50 / 1.58² = 20.03 → 20.0 (computed by the form).
      measurement(rec, who, day, "imt", VITAL, [{ system: LOINC, code: "39156-5", display: "Body mass index (BMI) [Ratio]" }], "Indeks massa tubuh (IMT)", 20, "kg/m2"),
      measurement(rec, who, day, "lila", EXAM, [{ system: "http://snomed.info/sct", code: "284473002", display: "Mid upper arm circumference" }, { system: LOINC, code: "56072-2", display: "Circumference Mid upper arm" }], "Lingkar lengan atas (LiLA)", 25, "cm"),
      measurement(rec, who, day, "hb", LAB, [{ system: LOINC, code: "718-7", display: "Hemoglobin [Mass/volume] in Blood" }], "Hemoglobin", 10.9, "g/dL"),
      ...BP(rec, who, day, 110, 70),
      // Hb 10.9 < 12 g/dL (women): anaemia, by the measurement → confirmed.
      condition(rec, who, day, "anemia", "confirmed", { code: "D64.9", display: "Anaemia, unspecified" }, "Anemia"),
      {
        resourceType: "Immunization",
        identifier: [{ system: sys("immunization"), value: `${rec}.td` }],
        status: "completed",
        vaccineCode: { coding: [{ system: "urn:simpul:antigen", code: "td", display: "Td (tetanus-diphtheria)" }], text: "Td (tetanus-difteri)" },
        patient: { reference: `urn:uuid:${who}` },
        encounter: { reference: `urn:uuid:${rec}` },
        occurrenceDateTime: `${day}T01:05:00+00:00`,
        primarySource: true,
        // status T2, Td given: dose 3.
        protocolApplied: [{ series: "td", doseNumberPositiveInt: 3 }],
      },
    ]);
    expect(JSON.stringify(resourcesOf(rec))).not.toMatch(/O99\.0|O25/);
  });

  it("a persalinan: Encounter, the delivery Procedure (07:30 WIB = 00:30 UTC), the place and the birth weight with the Procedure as focus", () => {
    const [rec, who, day] = [IDS15.recSalin, IDS15.ibu, "2026-03-07"];
    const resources = resourcesOf(rec);
    const procedureUrl = b15.bundle.entry!.find((e) => e.resource!.resourceType === "Procedure")!.fullUrl!;
    expect(procedureUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const focus = [{ reference: procedureUrl }];
    expect(resources).toEqual([
      encounter(rec, who, day),
      {
        resourceType: "Procedure",
        identifier: [{ system: sys("procedure"), value: `${rec}.persalinan` }],
        status: "completed",
        category: { coding: [{ system: "http://snomed.info/sct", code: "386637004", display: "Obstetric procedure" }] },
        code: { coding: [{ system: "http://snomed.info/sct", code: "236973005", display: "Delivery procedure" }, { system: "urn:simpul:cara-persalinan", code: "spontan", display: "Spontan (normal)" }], text: "Persalinan spontan (normal)" },
        subject: { reference: `urn:uuid:${who}` },
        encounter: { reference: `urn:uuid:${rec}` },
        performedDateTime: "2026-03-05T00:30:00+00:00",
        performer: [{ function: { coding: [{ system: "urn:simpul:penolong-persalinan", code: "bidan", display: "Bidan" }], text: "Bidan" }, actor: { display: "Bidan" } }],
        location: { display: "Puskesmas" },
        outcome: { text: "Lahir, 1 bayi" },
      },
      {
        resourceType: "Observation",
        identifier: [{ system: sys("observation"), value: `${rec}.tempat_persalinan` }],
        status: "final",
        category: SURVEY,
        code: { coding: [{ system: "urn:simpul:observation", code: "tempat-persalinan", display: "Place of delivery" }], text: "Tempat persalinan" },
        subject: { reference: `urn:uuid:${who}` },
        encounter: { reference: `urn:uuid:${rec}` },
        effectiveDateTime: "2026-03-05T00:30:00+00:00",
        focus,
        valueCodeableConcept: { coding: [{ system: "urn:simpul:tempat-persalinan", code: "puskesmas", display: "Puskesmas" }], text: "Puskesmas" },
      },
      {
        resourceType: "Observation",
        identifier: [{ system: sys("observation"), value: `${rec}.bayi1_berat_lahir` }],
        status: "final",
        category: VITAL,
        code: { coding: [{ system: LOINC, code: "8339-4", display: "Birth weight Measured" }], text: "Berat lahir bayi ke-1" },
        // The baby is not a Patient yet: subject the mother, focus the delivery.
        subject: { reference: `urn:uuid:${who}` },
        encounter: { reference: `urn:uuid:${rec}` },
        effectiveDateTime: "2026-03-05T00:30:00+00:00",
        focus,
        valueQuantity: { value: 3100, unit: "g", system: UCUM, code: "g" },
        component: [
          { code: { coding: [{ system: "urn:simpul:observation", code: "status-bayi-lahir", display: "Baby born alive or dead" }], text: "Keadaan bayi saat lahir" }, valueCodeableConcept: { coding: [{ system: "urn:simpul:status-bayi-lahir", code: "hidup", display: "Lahir hidup" }], text: "Lahir hidup" } },
          { code: { coding: [{ system: "urn:simpul:observation", code: "jenis-kelamin-bayi", display: "Sex of the baby" }], text: "Jenis kelamin bayi" }, valueCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/administrative-gender", code: "female", display: "Female" }], text: "Perempuan" } },
        ],
      },
    ]);
  });

  it("a KB visit: Encounter, blood pressure, and the method as a Simpul-coded Observation with the acceptor status", () => {
    const [rec, who, day] = [IDS15.recKb, IDS15.akseptor, "2026-02-12"];
    expect(resourcesOf(rec)).toEqual([
      encounter(rec, who, day),
      ...BP(rec, who, day, 110, 70),
      {
        resourceType: "Observation",
        identifier: [{ system: sys("observation"), value: `${rec}.metode` }],
        status: "final",
        category: SURVEY,
        code: { coding: [{ system: "urn:simpul:observation", code: "kb-metode", display: "Family planning method" }], text: "Metode KB" },
        subject: { reference: `urn:uuid:${who}` },
        encounter: { reference: `urn:uuid:${rec}` },
        effectiveDateTime: `${day}T01:05:00+00:00`,
        valueCodeableConcept: { coding: [{ system: "urn:simpul:kb-metode", code: "suntik_3_bulan", display: "Suntik 3 bulan (DMPA)" }], text: "Suntik 3 bulan (DMPA)" },
        component: [
          {
            code: { coding: [{ system: "urn:simpul:observation", code: "kb-status-peserta", display: "Family planning acceptor status" }], text: "Status peserta KB" },
            valueCodeableConcept: { coding: [{ system: "urn:simpul:kb-status-peserta", code: "baru", display: "Peserta baru (pertama kali ber-KB, atau kembali setelah hamil/berhenti)" }], text: "Peserta baru (pertama kali ber-KB, atau kembali setelah hamil/berhenti)" },
          },
          { code: { coding: [{ system: "urn:simpul:observation", code: "kb-pasca-persalinan", display: "Post-partum family planning" }], text: "KB pascapersalinan" }, valueBoolean: false },
        ],
      },
    ]);
  });

  it("lansia lanjutan: GDS-15 total as LOINC 48545-8 (no display: not seen), {score}; GDS 15 ≥ 10 → F32.9 provisional", async () => {
    const gds: Record<string, string> = {};
    for (let i = 1; i <= 15; i++) gds[`gds_${i}`] = "1"; // every answer scores 1 (the options are the item scores): 15 / 15
    const input = fixture15(await loadGrowthTables());
    const who = input.persons.find((p) => p.id === IDS15.ibu)!;
    const def = getForm("lansia-lanjutan", 1)!;
    const data = { instrumen: ["gds"], ...gds };
    const derived = deriveRecord({ def, answers: data, visitDate: "2026-02-13", person: { sex: who.person.sex, birthDate: who.person.birthDate } });
    const record = { id: "0190a000-0000-7000-8000-000000015299", record: { personId: who.id, formId: "lansia-lanjutan", formVersion: 1, visitDate: "2026-02-13", facilityId: null, data, derived: JSON.parse(JSON.stringify(derived)) }, createdAt: 0, updatedAt: 0 };
    const res = transactionBundle({ ...input, persons: [who], records: [record], referrals: [] }).bundle.entry!.map((e) => e.resource as Record<string, any>);
    expect(res.map((r) => r.resourceType)).toEqual(["Patient", "Encounter", "Observation", "Condition"]);
    expect(res[2]!.code).toEqual({ coding: [{ system: LOINC, code: "48545-8" }], text: "GDS-15 skor total" });
    expect(res[2]!.category).toEqual(SURVEY);
    expect(res[2]!.valueQuantity).toEqual({ value: 15, unit: "{score}", system: UCUM, code: "{score}" });
    expect(res[3]!.code.coding).toEqual([{ system: "http://hl7.org/fhir/sid/icd-10", code: "F32.9", display: "Depressive episode, unspecified" }]);
    expect(res[3]!.verificationStatus.coding[0].code).toBe("provisional");
  });

  it("PNEUMONIA BERAT (chest indrawing) carries severity Severe (SNOMED 24484000); a diarrhoea with some dehydration is A09.9 and E86", async () => {
    const input = fixture15(await loadGrowthTables());
    const base = input.records.find((r) => r.id === IDS15.recMtbs)!;
    const withFlags = (flags: string[]) => ({ ...base, record: { ...base.record, derived: { ...(base.record.derived as object), flags: flags.map((id) => ({ id, severity: "risk", label: { id, en: id }, action: { id, en: id } })) } } });
    const conds = (flags: string[]) =>
      transactionBundle({ ...input, records: [withFlags(flags)] }).bundle.entry!.filter((e) => e.resource!.resourceType === "Condition").map((e) => e.resource as { code: { coding: { code: string }[] }; severity?: unknown; verificationStatus: { coding: { code: string }[] } });
    const berat = conds(["mtbs.pneumonia_berat", "mtbs.penyakit_sangat_berat"]);
    expect(berat.map((c) => c.code.coding[0]!.code)).toEqual(["J18.9"]);
    expect(berat[0]!.severity).toEqual({ coding: [{ system: "http://snomed.info/sct", code: "24484000", display: "Severe" }] });
    expect(conds(["mtbs.pneumonia"])[0]!.severity).toBeUndefined();
    expect(conds(["mtbs.diare_dehidrasi_ringan_sedang"]).map((c) => c.code.coding[0]!.code)).toEqual(["A09.9", "E86"]);
    expect(conds(["mtbs.diare_tanpa_dehidrasi", "mtbs.batuk_bukan_pneumonia", "mtbs.tidak_anemia", "mtbs.gizi_baik"]).map((c) => c.code.coding[0]!.code)).toEqual(["A09.9"]);
    expect(conds(["mtbs.malaria", "mtbs.gizi_kurang", "mtbs.anemia"]).map((c) => [c.code.coding[0]!.code, c.verificationStatus.coding[0]!.code])).toEqual([["B54", "confirmed"], ["E44.0", "confirmed"], ["D64.9", "provisional"]]);
  });
});
