/**
 * Every code system and code the FHIR R4 export uses, with its source. Where SATUSEHAT documents a
 * code it is cited; every other choice is marked NOT CONFIRMED BY SATUSEHAT and listed in
 * docs/INTEROP.md ("Codes not confirmed by SATUSEHAT"), so a reviewer with sandbox access knows
 * exactly what to check.
 *
 * Pages cited:
 * - [SS-PAT]  https://satusehat.kemkes.go.id/platform/docs/id/master-data/master-patient-index/pasien-nik/
 * - [SS-BAYI] https://satusehat.kemkes.go.id/platform/docs/id/master-data/master-patient-index/pasien-bayi/
 * - [SS-ENC]  https://satusehat.kemkes.go.id/platform/docs/id/fhir/resources/encounter/
 * - [SS-GIZI] https://satusehat.kemkes.go.id/platform/docs/id/terminology/lampiran-terminologi/gizitumbang-prio/
 * - [HL7-VS]  http://hl7.org/fhir/R4/observation-vitalsigns.html (the R4 vital-signs profile)
 */

// --- code systems ------------------------------------------------------------------------------

/** NIK (Nomor Induk Kependudukan) as Patient.identifier.system [SS-PAT]. */
export const SYSTEM_NIK = "https://fhir.kemkes.go.id/id/nik";
/** The mother's NIK of a newborn without one [SS-BAYI]: "NIK (nik) dan NIK Ibu (nik-ibu)". */
export const SYSTEM_NIK_IBU = "https://fhir.kemkes.go.id/id/nik-ibu";
/** SATUSEHAT's address extension with the Kemendagri area codes (province, city, district, village, rt, rw) [SS-PAT]. */
export const EXT_ADMINISTRATIVE_CODE = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode";
/** Local identifiers of an organisation: `http://sys-ids.kemkes.go.id/<resource>/<organization-ihs-number>` [SS-ENC, Encounter.identifier.system]. */
export const SYS_IDS_BASE = "http://sys-ids.kemkes.go.id";
export const sysIds = (resource: "encounter" | "observation" | "condition" | "immunization" | "servicerequest" | "patient" | "location", organizationId: string) =>
  `${SYS_IDS_BASE}/${resource}/${organizationId}`;
/** Kemenkes clinical terms (growth-status interpretations OI000007–OI000012) [SS-GIZI]. */
export const SYSTEM_KEMKES_CLINICAL_TERM = "http://terminology.kemkes.go.id/CodeSystem/clinical-term";
/** KFA (Kamus Farmasi dan Alat Kesehatan), SATUSEHAT's product codes for medicines and vaccines (Medication.code examples in SATUSEHAT implementations). */
export const SYSTEM_KFA = "http://sys-ids.kemkes.go.id/kfa";
/** LOINC: http://hl7.org/fhir/R4/loinc.html */
export const SYSTEM_LOINC = "http://loinc.org";
/** SNOMED CT: http://hl7.org/fhir/R4/snomedct.html */
export const SYSTEM_SNOMED = "http://snomed.info/sct";
/** UCUM: http://hl7.org/fhir/R4/datatypes.html#Quantity */
export const SYSTEM_UCUM = "http://unitsofmeasure.org";
/** ICD-10 (WHO): HL7's URI for it (http://hl7.org/fhir/R4/icd.html), the one SATUSEHAT integrations send in Condition.code. */
export const SYSTEM_ICD10 = "http://hl7.org/fhir/sid/icd-10";
/** HL7 v3 ActCode: Encounter.class [SS-ENC; http://terminology.hl7.org/CodeSystem/v3-ActCode]. */
export const SYSTEM_V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
/** HL7 v3 ObservationInterpretation (Observation.interpretation's extensible binding in R4). */
export const SYSTEM_V3_OBSERVATION_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
/** Observation.category: http://terminology.hl7.org/CodeSystem/observation-category */
export const SYSTEM_OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
/** Condition.clinicalStatus / verificationStatus / category (R4 Condition). */
export const SYSTEM_CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
export const SYSTEM_CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
export const SYSTEM_CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
/**
 * Simpul's own code system for the routine-immunisation antigens (domain/forms/imunisasi-v1.ts),
 * for the vaccines without a confirmed KFA code. A URN: Simpul owns no web domain to mint an http
 * URI under. NOT CONFIRMED BY SATUSEHAT (SATUSEHAT expects KFA).
 */
export const SYSTEM_SIMPUL_ANTIGEN = "urn:simpul:antigen";

// --- Encounter.class ---------------------------------------------------------------------------

/** Ambulatory: a posyandu or pustu visit [SS-ENC: "AMB"]. */
export const ACT_AMBULATORY = { system: SYSTEM_V3_ACT_CODE, code: "AMB", display: "ambulatory" } as const;
/** Home health: a kunjungan rumah (v3 ActCode HH). NOT CONFIRMED BY SATUSEHAT (its examples show AMB/IMP/EMER). */
export const ACT_HOME_HEALTH = { system: SYSTEM_V3_ACT_CODE, code: "HH", display: "home health" } as const;

// --- Observation.category ----------------------------------------------------------------------

export const CATEGORY_VITAL_SIGNS = { system: SYSTEM_OBSERVATION_CATEGORY, code: "vital-signs", display: "Vital Signs" } as const;
export const CATEGORY_LABORATORY = { system: SYSTEM_OBSERVATION_CATEGORY, code: "laboratory", display: "Laboratory" } as const;
export const CATEGORY_EXAM = { system: SYSTEM_OBSERVATION_CATEGORY, code: "exam", display: "Exam" } as const;

// --- Observation.code --------------------------------------------------------------------------

/** The vital signs issue 13 names as documented by SATUSEHAT (the SATUSEHAT page itself was not retrieved here); LOINC codes of [HL7-VS]. */
export const LOINC_SYSTOLIC = { system: SYSTEM_LOINC, code: "8480-6", display: "Systolic blood pressure" } as const;
export const LOINC_DIASTOLIC = { system: SYSTEM_LOINC, code: "8462-4", display: "Diastolic blood pressure" } as const;
export const LOINC_HEART_RATE = { system: SYSTEM_LOINC, code: "8867-4", display: "Heart rate" } as const;
export const LOINC_RESPIRATORY_RATE = { system: SYSTEM_LOINC, code: "9279-1", display: "Respiratory rate" } as const;
export const LOINC_BODY_TEMPERATURE = { system: SYSTEM_LOINC, code: "8310-5", display: "Body temperature" } as const;
/** The HL7 R4 vital-signs profile [HL7-VS]: body weight, height, head circumference, BMI. */
export const LOINC_BODY_WEIGHT = { system: SYSTEM_LOINC, code: "29463-7", display: "Body weight" } as const;
export const LOINC_BODY_HEIGHT = { system: SYSTEM_LOINC, code: "8302-2", display: "Body height" } as const;
/** Children of 8302-2 in LOINC, added as a second coding for how a child was measured. */
export const LOINC_BODY_HEIGHT_LYING = { system: SYSTEM_LOINC, code: "8306-3", display: "Body height --lying" } as const;
export const LOINC_BODY_HEIGHT_STANDING = { system: SYSTEM_LOINC, code: "8308-9", display: "Body height --standing" } as const;
export const LOINC_HEAD_CIRCUMFERENCE = { system: SYSTEM_LOINC, code: "9843-4", display: "Head Occipital-frontal circumference" } as const;
export const LOINC_BMI = { system: SYSTEM_LOINC, code: "39156-5", display: "Body mass index (BMI) [Ratio]" } as const;
/** Birth weight (LOINC 8339-4 "Birth weight Measured", as HL7's Birth and Fetal Death Reporting IG uses it). NOT CONFIRMED BY SATUSEHAT. */
export const LOINC_BIRTH_WEIGHT = { system: SYSTEM_LOINC, code: "8339-4", display: "Birth weight Measured" } as const;
/** Haemoglobin in blood (LOINC 718-7), as the issue names it. */
export const LOINC_HEMOGLOBIN = { system: SYSTEM_LOINC, code: "718-7", display: "Hemoglobin [Mass/volume] in Blood" } as const;
/**
 * Glucose. Posbindu and pustu measure capillary blood with a meter, so capillary-blood codes fit
 * better than 2345-7 (serum or plasma, a laboratory analyser): 41653-7 as the HL7 US Physical
 * Activity IG's blood glucose example uses it
 * (https://hl7.org/fhir/us/physical-activity/Observation-Scen5ObsBloodGlucose.html), 1556-0 as the
 * HL7 NHSN hypoglycaemia IG's fasting example (https://hl7.org/fhir/us/nhsn-ade/STU1/Observation-observation-lab-ade-hh.json.html).
 * NOT CONFIRMED BY SATUSEHAT.
 */
export const LOINC_GLUCOSE_RANDOM_CAPILLARY = { system: SYSTEM_LOINC, code: "41653-7", display: "Glucose [Mass/volume] in Capillary blood by Glucometer" } as const;
export const LOINC_GLUCOSE_FASTING_CAPILLARY = { system: SYSTEM_LOINC, code: "1556-0", display: "Fasting glucose [Mass/volume] in Capillary blood" } as const;
/** Total cholesterol (LOINC 2093-3). Measured by a meter too; no capillary-specific code chosen. NOT CONFIRMED BY SATUSEHAT. */
export const LOINC_CHOLESTEROL = { system: SYSTEM_LOINC, code: "2093-3", display: "Cholesterol [Mass/volume] in Serum or Plasma" } as const;
/** Fundal height by tape (LOINC 11881-0, as HL7's International Birth and Child Model IG and IHE mAPS use it). NOT CONFIRMED BY SATUSEHAT. */
export const LOINC_FUNDAL_HEIGHT = { system: SYSTEM_LOINC, code: "11881-0", display: "Uterus Fundal height Tape measure" } as const;
/**
 * Fetal heart rate by auscultation (LOINC 57068-9, as IHE Mobile Antepartum Summary's example
 * uses it: https://build.fhir.org/ig/IHE/PCC.mAPS.us/Observation-ex-FetalHeartRateAuscultation.html);
 * a bidan counts DJJ with a Doppler or a Pinard stethoscope. NOT CONFIRMED BY SATUSEHAT.
 */
export const LOINC_FETAL_HEART_RATE = { system: SYSTEM_LOINC, code: "57068-9", display: "Fetal Heart rate by Auscultation" } as const;
/** Waist circumference (LOINC 8280-0, as HL7 Europe's discharge report IG uses it). NOT CONFIRMED BY SATUSEHAT. */
export const LOINC_WAIST_CIRCUMFERENCE = { system: SYSTEM_LOINC, code: "8280-0", display: "Waist Circumference at umbilicus by Tape measure" } as const;
/**
 * LiLA / MUAC: SNOMED CT 284473002, as an Indonesian SATUSEHAT nutrition integration reads LiLA,
 * and LOINC 56072-2, as HL7 FHIR guides use it (e.g. Ethiopia's HIV IG MUAC example,
 * https://build.fhir.org/ig/jembi/ethiopia-hiv/Observation-MUACExample.html); both codings are sent.
 * NOT CONFIRMED BY SATUSEHAT.
 */
export const SNOMED_MUAC = { system: SYSTEM_SNOMED, code: "284473002", display: "Mid upper arm circumference" } as const;
export const LOINC_MUAC = { system: SYSTEM_LOINC, code: "56072-2", display: "Circumference Mid upper arm" } as const;

/**
 * Growth z-scores (WHO Child Growth Standards). SNOMED CT concepts as used by an Indonesian
 * SATUSEHAT nutrition integration; the [SS-GIZI] page gives the interpretations but the excerpt
 * available here does not show its Observation.code. NOT CONFIRMED BY SATUSEHAT.
 */
export const SNOMED_WEIGHT_FOR_AGE_Z = { system: SYSTEM_SNOMED, code: "1153593003", display: "Weight for age z-score" } as const;
export const SNOMED_LENGTH_FOR_AGE_Z = { system: SYSTEM_SNOMED, code: "1153590000", display: "Length for age z-score" } as const;
export const SNOMED_HEIGHT_FOR_AGE_Z = { system: SYSTEM_SNOMED, code: "1153604005", display: "Height for age z-score" } as const;
export const SNOMED_WEIGHT_FOR_LENGTH_Z = { system: SYSTEM_SNOMED, code: "1153598007", display: "Weight for length z-score" } as const;
export const SNOMED_WEIGHT_FOR_HEIGHT_Z = { system: SYSTEM_SNOMED, code: "1153600001", display: "Weight for height z-score" } as const;

// --- UCUM units --------------------------------------------------------------------------------

export const UCUM_KG = { unit: "kg", code: "kg" } as const;
export const UCUM_G = { unit: "g", code: "g" } as const;
export const UCUM_CM = { unit: "cm", code: "cm" } as const;
export const UCUM_MMHG = { unit: "mmHg", code: "mm[Hg]" } as const;
export const UCUM_CEL = { unit: "°C", code: "Cel" } as const;
export const UCUM_PER_MIN = { unit: "/min", code: "/min" } as const;
export const UCUM_G_DL = { unit: "g/dL", code: "g/dL" } as const;
export const UCUM_MG_DL = { unit: "mg/dL", code: "mg/dL" } as const;
export const UCUM_KG_M2 = { unit: "kg/m2", code: "kg/m2" } as const;
/** A z-score: a UCUM annotation (dimensionless), as [SS-GIZI] writes it ("Unit : {Zscore}"). */
export const UCUM_ZSCORE = { unit: "{Zscore}", code: "{Zscore}" } as const;

// --- Observation.interpretation for growth status [SS-GIZI] --------------------------------------

const term = (code: string, display: string) => ({ system: SYSTEM_KEMKES_CLINICAL_TERM, code, display }) as const;
/** BB/U (weight-for-age), Tabel 1 of [SS-GIZI]. */
export const OI_BB_SANGAT_KURANG = term("OI000007", "Berat Badan Sangat Kurang");
export const OI_BB_KURANG = term("OI000008", "Berat Badan Kurang");
export const OI_BB_NORMAL = term("OI000009", "Berat Badan Normal");
export const OI_RISIKO_BB_LEBIH = term("OI000010", "Risiko Berat Badan Lebih");
/** PB/U and TB/U (length/height-for-age), Tabel 2 of [SS-GIZI] (normal and tall: cut off in the excerpt, see V3 below). */
export const OI_SANGAT_PENDEK = term("OI000011", "Sangat Pendek");
export const OI_PENDEK = term("OI000012", "Pendek");

/**
 * HL7 v3 interpretation codes for the categories whose Kemenkes code could not be confirmed here
 * (PB/U–TB/U normal and tall, every BB/PB–BB/TB category): the R4 binding is extensible to this
 * value set, so the resource validates and says the direction. NOT CONFIRMED BY SATUSEHAT.
 */
const v3 = (code: string, display: string) => ({ system: SYSTEM_V3_OBSERVATION_INTERPRETATION, code, display }) as const;
export const V3_CRITICAL_LOW = v3("LL", "Critical low");
export const V3_LOW = v3("L", "Low");
export const V3_NORMAL = v3("N", "Normal");
export const V3_HIGH = v3("H", "High");
export const V3_CRITICAL_HIGH = v3("HH", "Critical high");

// --- Condition (WHO ICD-10: https://icd.who.int/browse10/2019/en) -----------------------------------

const icd = (code: string, display: string) => ({ system: SYSTEM_ICD10, code, display }) as const;
/** Essential (primary) hypertension. */
export const ICD10_HYPERTENSION = icd("I10", "Essential (primary) hypertension");
/** Hypertension found in pregnancy or the puerperium: O16 "Unspecified maternal hypertension". */
export const ICD10_MATERNAL_HYPERTENSION = icd("O16", "Unspecified maternal hypertension");
/**
 * Suspected diabetes from a screening glucose: the type is not known, so E14.9 "Unspecified
 * diabetes mellitus without complications" (WHO ICD-10; E11 would claim type 2).
 */
export const ICD10_DIABETES_UNSPECIFIED = icd("E14.9", "Unspecified diabetes mellitus, without complications");
/** KEK in pregnancy (LiLA < 23.5 cm): O25 "Malnutrition in pregnancy". */
export const ICD10_MALNUTRITION_IN_PREGNANCY = icd("O25", "Malnutrition in pregnancy");
/** Anaemia in pregnancy or the puerperium: O99.0. */
export const ICD10_ANAEMIA_IN_PREGNANCY = icd("O99.0", "Anaemia complicating pregnancy, childbirth and the puerperium");
/** Anaemia outside pregnancy, type not known from an Hb alone: D64.9. */
export const ICD10_ANAEMIA_UNSPECIFIED = icd("D64.9", "Anaemia, unspecified");
/** Stunting (PB/U–TB/U < −2 SD): E45 "Retarded development following protein-energy malnutrition", as Kemenkes stunting reporting uses it. */
export const ICD10_STUNTING = icd("E45", "Retarded development following protein-energy malnutrition");
/** Terduga TBC (presumptive TB): Z03.0 "Observation for suspected tuberculosis". */
export const ICD10_SUSPECTED_TB = icd("Z03.0", "Observation for suspected tuberculosis");

export const CONDITION_ACTIVE = { system: SYSTEM_CONDITION_CLINICAL, code: "active", display: "Active" } as const;
export const CONDITION_PROVISIONAL = { system: SYSTEM_CONDITION_VERIFICATION, code: "provisional", display: "Provisional" } as const;
export const CONDITION_CONFIRMED = { system: SYSTEM_CONDITION_VERIFICATION, code: "confirmed", display: "Confirmed" } as const;
export const CONDITION_ENCOUNTER_DIAGNOSIS = { system: SYSTEM_CONDITION_CATEGORY, code: "encounter-diagnosis", display: "Encounter Diagnosis" } as const;

// --- ServiceRequest ----------------------------------------------------------------------------

/** SNOMED CT 3457005 "Patient referral (procedure)". NOT CONFIRMED BY SATUSEHAT (its referral use case codes the requested service). */
export const SNOMED_PATIENT_REFERRAL = { system: SYSTEM_SNOMED, code: "3457005", display: "Patient referral" } as const;

// --- Immunization ------------------------------------------------------------------------------

/**
 * KFA codes of the vaccines, by Simpul antigen id. Empty on purpose: KFA codes are product codes
 * (one per manufacturer and presentation), none could be confirmed against the KFA browser here,
 * and a wrong product code is worse than none. Candidates are in docs/INTEROP.md; an entry added
 * here is sent as the first coding, before the Simpul antigen coding.
 */
export const KFA_VACCINES: Readonly<Record<string, { code: string; display: string }>> = {};
