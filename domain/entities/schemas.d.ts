import { z } from "zod";
/**
 * Payloads of every entity that travels through sync. A create carries the whole object;
 * an update carries only the fields it changes (see `payloadSchema` in registry.ts).
 * Keys are camelCase and map one to one onto the D1 columns (snake_case) in worker/db/schema.ts.
 */
/** A Kemendagri area; written only by scripts/import-areas.ts. The entity id is the code. */
export declare const area: z.ZodObject<{
    parentCode: z.ZodNullable<z.ZodString>;
    level: z.ZodEnum<{
        provinsi: "provinsi";
        kabupaten: "kabupaten";
        kecamatan: "kecamatan";
        desa: "desa";
    }>;
    name: z.ZodString;
    desaTerm: z.ZodString;
}, z.core.$strict>;
/** Dusun sit below the official list: each puskesmas defines them. */
export declare const dusun: z.ZodObject<{
    desaCode: z.ZodString;
    name: z.ZodString;
}, z.core.$strict>;
export declare const facility: z.ZodObject<{
    kind: z.ZodEnum<{
        puskesmas: "puskesmas";
        pustu: "pustu";
        posyandu: "posyandu";
    }>;
    name: z.ZodString;
    areaCode: z.ZodUnion<readonly [z.ZodString, z.ZodString]>;
    dusunId: z.ZodNullable<z.ZodString>;
}, z.core.$strict>;
/** The 12 PIS-PK family indicators (Permenkes 39/2016); null = does not apply to this family. */
export declare const PIS_PK_INDICATORS: readonly ["kb", "persalinan_faskes", "imunisasi_dasar", "asi_eksklusif", "pemantauan_balita", "tb_berobat", "hipertensi_berobat", "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat"];
export declare const household: z.ZodObject<{
    desaCode: z.ZodString;
    dusunId: z.ZodNullable<z.ZodString>;
    rt: z.ZodNullable<z.ZodString>;
    address: z.ZodNullable<z.ZodString>;
    noKk: z.ZodNullable<z.ZodString>;
    pisPk: z.ZodNullable<z.ZodRecord<z.ZodEnum<{
        jkn: "jkn";
        kb: "kb";
        persalinan_faskes: "persalinan_faskes";
        imunisasi_dasar: "imunisasi_dasar";
        asi_eksklusif: "asi_eksklusif";
        pemantauan_balita: "pemantauan_balita";
        tb_berobat: "tb_berobat";
        hipertensi_berobat: "hipertensi_berobat";
        gangguan_jiwa_berobat: "gangguan_jiwa_berobat";
        tidak_merokok: "tidak_merokok";
        air_bersih: "air_bersih";
        jamban_sehat: "jamban_sehat";
    }> & z.core.$partial, z.ZodNullable<z.ZodBoolean>>>;
}, z.core.$strict>;
export declare const SEXES: readonly ["L", "P"];
export declare const RELATIONS: readonly ["kepala", "istri", "suami", "anak", "menantu", "cucu", "orang_tua", "mertua", "lainnya"];
export declare const person: z.ZodObject<{
    householdId: z.ZodString;
    name: z.ZodString;
    sex: z.ZodEnum<{
        L: "L";
        P: "P";
    }>;
    birthDate: z.ZodString;
    birthDatePrecision: z.ZodEnum<{
        day: "day";
        month: "month";
        year: "year";
    }>;
    nik: z.ZodNullable<z.ZodString>;
    relation: z.ZodNullable<z.ZodEnum<{
        kepala: "kepala";
        istri: "istri";
        suami: "suami";
        anak: "anak";
        menantu: "menantu";
        cucu: "cucu";
        orang_tua: "orang_tua";
        mertua: "mertua";
        lainnya: "lainnya";
    }>>;
    phone: z.ZodNullable<z.ZodString>;
    jkn: z.ZodNullable<z.ZodString>;
    pregnant: z.ZodBoolean;
}, z.core.$strict>;
/** A form answer: scalars and short lists only; the form definition validates the rest. */
export declare const answerValue: z.ZodUnion<readonly [z.ZodString, z.ZodNumber, z.ZodBoolean, z.ZodNull, z.ZodArray<z.ZodString>]>;
export declare const record: z.ZodObject<{
    personId: z.ZodString;
    formId: z.ZodString;
    formVersion: z.ZodInt;
    visitDate: z.ZodString;
    facilityId: z.ZodNullable<z.ZodString>;
    data: z.ZodRecord<z.ZodString, z.ZodUnion<readonly [z.ZodString, z.ZodNumber, z.ZodBoolean, z.ZodNull, z.ZodArray<z.ZodString>]>>;
}, z.core.$strict>;
export declare const OFFICE_KINDS: readonly ["puskesmas", "kecamatan", "pemdes", "kua", "plkb", "pendidikan", "sekolah", "pkk", "polsek", "koramil", "pertanian", "lainnya"];
export declare const office: z.ZodObject<{
    kecCode: z.ZodString;
    name: z.ZodString;
    kind: z.ZodEnum<{
        kecamatan: "kecamatan";
        puskesmas: "puskesmas";
        lainnya: "lainnya";
        pemdes: "pemdes";
        kua: "kua";
        plkb: "plkb";
        pendidikan: "pendidikan";
        sekolah: "sekolah";
        pkk: "pkk";
        polsek: "polsek";
        koramil: "koramil";
        pertanian: "pertanian";
    }>;
    desaCode: z.ZodNullable<z.ZodString>;
}, z.core.$strict>;
export declare const meeting: z.ZodObject<{
    kecCode: z.ZodString;
    kind: z.ZodEnum<{
        lintas_sektor: "lintas_sektor";
        lintas_program: "lintas_program";
    }>;
    date: z.ZodString;
    place: z.ZodString;
    chair: z.ZodString;
    agenda: z.ZodNullable<z.ZodString>;
    minutes: z.ZodNullable<z.ZodString>;
}, z.core.$strict>;
export declare const attendance: z.ZodObject<{
    meetingId: z.ZodString;
    name: z.ZodString;
    officeId: z.ZodNullable<z.ZodString>;
    position: z.ZodString;
    signature: z.ZodNullable<z.ZodString>;
}, z.core.$strict>;
export declare const ITEM_STATUSES: readonly ["belum_mulai", "berjalan", "selesai", "dibatalkan"];
export declare const commitment: z.ZodObject<{
    kecCode: z.ZodString;
    meetingId: z.ZodNullable<z.ZodString>;
    title: z.ZodString;
    period: z.ZodString;
    docVersion: z.ZodInt;
}, z.core.$strict>;
export declare const commitmentParty: z.ZodObject<{
    commitmentId: z.ZodString;
    officeId: z.ZodString;
}, z.core.$strict>;
export declare const commitmentItem: z.ZodObject<{
    commitmentId: z.ZodString;
    number: z.ZodInt;
    officeId: z.ZodString;
    action: z.ZodString;
    indicator: z.ZodString;
    targetKind: z.ZodEnum<{
        number: "number";
        yesno: "yesno";
    }>;
    targetValue: z.ZodNullable<z.ZodNumber>;
    targetUnit: z.ZodNullable<z.ZodString>;
    desaCodes: z.ZodNullable<z.ZodArray<z.ZodString>>;
    dueDate: z.ZodString;
    status: z.ZodEnum<{
        belum_mulai: "belum_mulai";
        berjalan: "berjalan";
        selesai: "selesai";
        dibatalkan: "dibatalkan";
    }>;
}, z.core.$strict>;
export declare const signature: z.ZodObject<{
    commitmentId: z.ZodString;
    docVersion: z.ZodInt;
    contentHash: z.ZodString;
    officeId: z.ZodString;
    name: z.ZodString;
    position: z.ZodString;
    strokes: z.ZodString;
    signedAt: z.ZodISODateTime;
}, z.core.$strict>;
export declare const progress: z.ZodObject<{
    itemId: z.ZodString;
    note: z.ZodNullable<z.ZodString>;
    value: z.ZodNullable<z.ZodNumber>;
    status: z.ZodNullable<z.ZodEnum<{
        belum_mulai: "belum_mulai";
        berjalan: "berjalan";
        selesai: "selesai";
        dibatalkan: "dibatalkan";
    }>>;
    photoKeys: z.ZodArray<z.ZodString>;
}, z.core.$strict>;
