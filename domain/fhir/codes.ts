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
export const sysIds = (resource: "encounter" | "observation" | "condition" | "immunization" | "servicerequest" | "procedure" | "patient" | "location", organizationId: string) =>
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
/**
 * Simpul's own code systems (issue 15) for what no standard code could be confirmed for here: the
 * scored instruments without a confirmed LOINC code (AMT, SRQ-20, KPSP, M-CHAT-R, KMME, SDQ, ...),
 * the KB method and the delivery's place, attendant and method. URNs like SYSTEM_SIMPUL_ANTIGEN;
 * every code is listed in docs/INTEROP.md. NOT CONFIRMED BY SATUSEHAT.
 */
export const SYSTEM_SIMPUL_OBSERVATION = "urn:simpul:observation";
export const SYSTEM_SIMPUL_KB_METHOD = "urn:simpul:kb-metode";
export const SYSTEM_SIMPUL_KB_STATUS = "urn:simpul:kb-status-peserta";
export const SYSTEM_SIMPUL_DELIVERY_METHOD = "urn:simpul:cara-persalinan";
export const SYSTEM_SIMPUL_DELIVERY_PLACE = "urn:simpul:tempat-persalinan";
export const SYSTEM_SIMPUL_DELIVERY_ATTENDANT = "urn:simpul:penolong-persalinan";
export const SYSTEM_SIMPUL_DELIVERY_COMPLICATION = "urn:simpul:komplikasi-persalinan";
export const SYSTEM_SIMPUL_BABY_STATUS = "urn:simpul:status-bayi-lahir";
/** FHIR administrative-gender (http://hl7.org/fhir/R4/codesystem-administrative-gender.html): a baby's sex in a component. */
export const SYSTEM_ADMINISTRATIVE_GENDER = "http://hl7.org/fhir/administrative-gender";
export const GENDER_MALE = { system: SYSTEM_ADMINISTRATIVE_GENDER, code: "male", display: "Male" } as const;
export const GENDER_FEMALE = { system: SYSTEM_ADMINISTRATIVE_GENDER, code: "female", display: "Female" } as const;

// --- Encounter.class ---------------------------------------------------------------------------

/** Ambulatory: a posyandu or pustu visit [SS-ENC: "AMB"]. */
export const ACT_AMBULATORY = { system: SYSTEM_V3_ACT_CODE, code: "AMB", display: "ambulatory" } as const;
/** Home health: a kunjungan rumah (v3 ActCode HH). NOT CONFIRMED BY SATUSEHAT (its examples show AMB/IMP/EMER). */
export const ACT_HOME_HEALTH = { system: SYSTEM_V3_ACT_CODE, code: "HH", display: "home health" } as const;

// --- Observation.category ----------------------------------------------------------------------

export const CATEGORY_VITAL_SIGNS = { system: SYSTEM_OBSERVATION_CATEGORY, code: "vital-signs", display: "Vital Signs" } as const;
export const CATEGORY_LABORATORY = { system: SYSTEM_OBSERVATION_CATEGORY, code: "laboratory", display: "Laboratory" } as const;
export const CATEGORY_EXAM = { system: SYSTEM_OBSERVATION_CATEGORY, code: "exam", display: "Exam" } as const;
/** Scored questionnaires (GDS, MNA-SF, KPSP, ...), and what the person or parent reports (KB method). */
export const CATEGORY_SURVEY = { system: SYSTEM_OBSERVATION_CATEGORY, code: "survey", display: "Survey" } as const;

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
/**
 * Oxygen saturation (MTBS, issue 15): 2708-6 is the code the R4 oxygen-saturation vital-signs
 * profile fixes (http://hl7.org/fhir/R4/oxygensat.html: Observation.code.coding = LOINC 2708-6);
 * 59408-5 "by Pulse oximetry" is the more specific code (US Core pulse-oximetry profile), sent
 * second: a pustu measures SpO2 with a pulse oximeter. NOT CONFIRMED BY SATUSEHAT.
 */
export const LOINC_OXYGEN_SATURATION = { system: SYSTEM_LOINC, code: "2708-6", display: "Oxygen saturation in Arterial blood" } as const;
export const LOINC_OXYGEN_SATURATION_PULSE_OXIMETRY = { system: SYSTEM_LOINC, code: "59408-5", display: "Oxygen saturation in Arterial blood by Pulse oximetry" } as const;
/**
 * GDS-15 total (lansia lanjutan): LOINC 48545-8, the score item of the GDS short form panel as
 * public FHIR questionnaires use it (e.g. CIRG's GDS questionnaire scores on "/48545-8"; a LOINC
 * screening table lists 48545-8 "GDS Short", 48544-1 "GDS Long"). The LOINC page itself was not
 * opened here, so Coding.display is not sent (coding() drops an empty one). NOT CONFIRMED BY SATUSEHAT.
 */
export const LOINC_GDS15_TOTAL = { system: SYSTEM_LOINC, code: "48545-8", display: "" } as const; // display left out: the LOINC name was not seen here
/**
 * MNA-SF total (lansia lanjutan): LOINC 107114-1, the total-score item of the MNA-SF panel 107107-5
 * as the HL7 US Core 10 (ballot) examples use it
 * (https://build.fhir.org/ig/HL7/US-Core/Observation-MNA-SF-item-example-107114-1.html, display "Total score"). NOT CONFIRMED BY SATUSEHAT.
 */
export const LOINC_MNA_SF_TOTAL = { system: SYSTEM_LOINC, code: "107114-1", display: "Total score" } as const;

/** Simpul codes for the instruments and counts without a confirmed standard code (SYSTEM_SIMPUL_OBSERVATION). NOT CONFIRMED BY SATUSEHAT. */
const simpulObs = (code: string, display: string) => ({ system: SYSTEM_SIMPUL_OBSERVATION, code, display }) as const;
/** Abbreviated Mental Test (10 items): LOINC has no AMT code that could be confirmed here. */
export const SIMPUL_AMT_TOTAL = simpulObs("amt-total", "Abbreviated Mental Test (AMT) total score");
/** SRQ-20 (WHO Self-Reporting Questionnaire): no LOINC code confirmed. */
export const SIMPUL_SRQ20_TOTAL = simpulObs("srq20-total", "Self-Reporting Questionnaire 20 (SRQ-20) number of yes answers");
/** KPSP (Kuesioner Pra Skrining Perkembangan, Kemenkes SDIDTK): an Indonesian instrument, no LOINC code. */
export const SIMPUL_KPSP_YES = simpulObs("kpsp-ya", "KPSP number of yes answers");
/** M-CHAT-R total and the Follow-Up score: LOINC codes for M-CHAT-R/F could not be confirmed here. */
export const SIMPUL_MCHAT_R_TOTAL = simpulObs("mchat-r-total", "M-CHAT-R total score");
export const SIMPUL_MCHAT_RF_FOLLOWUP = simpulObs("mchat-rf-followup", "M-CHAT-R/F follow-up score");
/** KMME (Kuesioner Masalah Mental Emosional, SDIDTK): no LOINC code. */
export const SIMPUL_KMME_YES = simpulObs("kmme-ya", "KMME number of yes answers");
/** Conners abbreviated rating scale as SDIDTK uses it for GPPH: no LOINC code confirmed. */
export const SIMPUL_GPPH_CONNERS = simpulObs("gpph-conners", "GPPH (Conners abbreviated) score");
/** SDQ total difficulties: LOINC SDQ codes could not be confirmed here. */
export const SIMPUL_SDQ_TOTAL = simpulObs("sdq-total", "SDQ total difficulties score");
/** Dental indices (gigi): def-t (primary teeth) and DMF-T (permanent teeth). */
export const SIMPUL_DEFT = simpulObs("def-t", "def-t index (decayed, extraction indicated, filled primary teeth)");
export const SIMPUL_DMFT = simpulObs("dmf-t", "DMF-T index (decayed, missing, filled permanent teeth)");
/** Calf circumference (MNA-SF item F2): no LOINC code confirmed here. */
export const SIMPUL_CALF_CIRCUMFERENCE = simpulObs("lingkar-betis", "Calf circumference");
/** KB (family planning) method in use after the visit, and the acceptor status; components: post-partum. */
export const SIMPUL_KB_METHOD = simpulObs("kb-metode", "Family planning method");
export const SIMPUL_KB_STATUS = simpulObs("kb-status-peserta", "Family planning acceptor status");
export const SIMPUL_KB_POSTPARTUM = simpulObs("kb-pasca-persalinan", "Post-partum family planning");
/** Delivery (persalinan): each baby's status and sex, as components of its birth-weight Observation. */
export const SIMPUL_BABY_STATUS = simpulObs("status-bayi-lahir", "Baby born alive or dead");
export const SIMPUL_BABY_SEX = simpulObs("jenis-kelamin-bayi", "Sex of the baby");
/** Place of the delivery (its value: SYSTEM_SIMPUL_DELIVERY_PLACE). */
export const SIMPUL_DELIVERY_PLACE = simpulObs("tempat-persalinan", "Place of delivery");

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
export const UCUM_PERCENT = { unit: "%", code: "%" } as const;
/** A questionnaire score: the UCUM annotation {score}, as HL7's MCC eCare Plan IG writes a MoCA total. */
export const UCUM_SCORE = { unit: "{score}", code: "{score}" } as const;
/** A count of teeth (def-t, DMF-T): a UCUM annotation (dimensionless). */
export const UCUM_TEETH = { unit: "{teeth}", code: "{teeth}" } as const;

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

// Issue 15 (WHO ICD-10 2019, https://icd.who.int/browse10/2019/en; titles as there).
/** KEK outside pregnancy (catin, LiLA < 23.5 cm): E46 "Unspecified protein-energy malnutrition" (no grade is measured; O25 is for pregnancy only). */
export const ICD10_PEM_UNSPECIFIED = icd("E46", "Unspecified protein-energy malnutrition");
/** MTBS GIZI BURUK (BB/PB–TB < −3 SD, LiLA < 11.5 cm or oedema): E43. */
export const ICD10_SEVERE_PEM = icd("E43", "Unspecified severe protein-energy malnutrition");
/** MTBS GIZI KURANG (−3 to < −2 SD, LiLA 11.5 to < 12.5 cm): E44.0 "Moderate" (E44.1 is mild, which IMCI's moderate acute malnutrition is not). */
export const ICD10_MODERATE_PEM = icd("E44.0", "Moderate protein-energy malnutrition");
/** MTBS PNEUMONIA / PNEUMONIA BERAT: organism unknown, J18.9. */
export const ICD10_PNEUMONIA = icd("J18.9", "Pneumonia, unspecified");
/** MTBS diarrhoea (any row): origin not established at the pustu, A09.9. */
export const ICD10_GASTROENTERITIS = icd("A09.9", "Gastroenteritis and colitis of unspecified origin");
/** MTBS DISENTRI (blood in the stool): A09.0, whose inclusions name dysenteric diarrhoea; A03 would claim Shigella without a culture. */
export const ICD10_GASTROENTERITIS_INFECTIOUS = icd("A09.0", "Other and unspecified gastroenteritis and colitis of infectious origin");
/** MTBS dehydration (some or severe): E86. */
export const ICD10_VOLUME_DEPLETION = icd("E86", "Volume depletion");
/** MTBS MALARIA (RDT positive, species not recorded): B54. */
export const ICD10_MALARIA_UNSPECIFIED = icd("B54", "Unspecified malaria");
/** MTBS CAMPAK: B05.9; with eye/mouth or severe complications: B05.8. */
export const ICD10_MEASLES = icd("B05.9", "Measles without complication");
export const ICD10_MEASLES_COMPLICATED = icd("B05.8", "Measles with other complications");
/** MTBS DBD: A91; MUNGKIN DBD (suspected dengue): A90. */
export const ICD10_DENGUE_HAEMORRHAGIC = icd("A91", "Dengue haemorrhagic fever");
export const ICD10_DENGUE = icd("A90", "Dengue fever [classical dengue]");
/** GDS-15 ≥ 5 (lansia lanjutan): F32.9, provisional (a screen). */
export const ICD10_DEPRESSIVE_EPISODE = icd("F32.9", "Depressive episode, unspecified");
/** AMT ≤ 6: R41.8, a sign, not a dementia diagnosis. */
export const ICD10_COGNITIVE_SIGNS = icd("R41.8", "Other and unspecified symptoms and signs involving cognitive functions and awareness");
/** KPSP ≤ 6 ("kemungkinan penyimpangan"): R62.0, a sign; F88 needs a specialist's assessment. */
export const ICD10_DELAYED_MILESTONE = icd("R62.0", "Delayed milestone");
/** Gigi: caries needing care; bleeding or swollen gums. */
export const ICD10_DENTAL_CARIES = icd("K02.9", "Dental caries, unspecified");
export const ICD10_CHRONIC_GINGIVITIS = icd("K05.1", "Chronic gingivitis");

export const CONDITION_ACTIVE = { system: SYSTEM_CONDITION_CLINICAL, code: "active", display: "Active" } as const;
export const CONDITION_PROVISIONAL = { system: SYSTEM_CONDITION_VERIFICATION, code: "provisional", display: "Provisional" } as const;
export const CONDITION_CONFIRMED = { system: SYSTEM_CONDITION_VERIFICATION, code: "confirmed", display: "Confirmed" } as const;
/** Condition.severity (R4 condition-severity, preferred binding, SNOMED CT): PNEUMONIA BERAT. */
export const SNOMED_SEVERE = { system: SYSTEM_SNOMED, code: "24484000", display: "Severe" } as const;
export const CONDITION_ENCOUNTER_DIAGNOSIS = { system: SYSTEM_CONDITION_CATEGORY, code: "encounter-diagnosis", display: "Encounter Diagnosis" } as const;

// --- ServiceRequest ----------------------------------------------------------------------------

/** SNOMED CT 3457005 "Patient referral (procedure)". NOT CONFIRMED BY SATUSEHAT (its referral use case codes the requested service). */
export const SNOMED_PATIENT_REFERRAL = { system: SYSTEM_SNOMED, code: "3457005", display: "Patient referral" } as const;

// --- Procedure (persalinan, issue 15) ------------------------------------------------------------

/** Procedure.category: SNOMED CT 386637004 "Obstetric procedure", as the FHIR Procedure example "ob" uses it (http://hl7.org/fhir/R4/procedure-example-ob.json.html). */
export const SNOMED_OBSTETRIC_PROCEDURE = { system: SYSTEM_SNOMED, code: "386637004", display: "Obstetric procedure" } as const;
/**
 * Procedure.code: SNOMED CT 236973005 "Delivery procedure" (the parent the HL7 Czech and Nictiz
 * birth-care value sets use), 11466000 "Cesarean section" for an SC. NOT CONFIRMED BY SATUSEHAT
 * (its persalinan guide could not be found here); the Simpul method code is sent beside it.
 */
export const SNOMED_DELIVERY_PROCEDURE = { system: SYSTEM_SNOMED, code: "236973005", display: "Delivery procedure" } as const;
export const SNOMED_CESAREAN_SECTION = { system: SYSTEM_SNOMED, code: "11466000", display: "Cesarean section" } as const;

// --- Immunization ------------------------------------------------------------------------------

/**
 * KFA codes of the vaccines, by Simpul antigen id. Empty on purpose: KFA codes are product codes
 * (one per manufacturer and presentation), none could be confirmed against the KFA browser here,
 * and a wrong product code is worse than none. Candidates are in docs/INTEROP.md; an entry added
 * here is sent as the first coding, before the Simpul antigen coding.
 */
export const KFA_VACCINES: Readonly<Record<string, { code: string; display: string }>> = {};
