import { describe, expect, it } from "vitest";
import { formsFor, getForm, resolveAnswers, validateAnswers, formContext, type Answers } from "../../domain/forms/index.ts";
import { MTBS_EDITION, MTBS_ROWS, MTBS_V1, NAPAS_CEPAT_ANAK_MIN, NAPAS_CEPAT_BAYI_MIN } from "../../domain/forms/mtbs-v1.ts";
import { loadGrowthTables } from "../../domain/growth/load.ts";
import { deriveRecord, type Derived } from "../../domain/rules/derive.ts";
import { MTBS_FOLLOW_UP_DAYS } from "../../domain/rules/mtbs.ts";
import { referralDue, referralGroups, referralsFromRecord, URGENT_FLAGS, type RecordEntity } from "../../domain/rules/referrals.ts";
import { computeTasks, type PersonEntity } from "../../domain/rules/tasks.ts";
import { uid } from "./ilp-fixtures.ts";

/**
 * MTBS (issue 15): every classification of every symptom, worked by hand from the chart rows in
 * domain/forms/mtbs-v1.ts and domain/rules/mtbs.ts (edition: MTBS_EDITION).
 *
 * Children (ages in completed WHO months, days / 30.4375, at the visit 2026-02-20):
 *   BAYI: girl born 2025-06-15 → 250 days → 8.2 → 8 months (napas cepat ≥ 50/min)
 *   ANAK: boy  born 2023-01-10 → 1137 days → 37.4 → 37 months (napas cepat ≥ 40/min)
 */
const tables = await loadGrowthTables();
const def = getForm("mtbs", 1)!;
const VISIT = "2026-02-20";
const BAYI = { sex: "P", birthDate: "2025-06-15" };
const ANAK = { sex: "L", birthDate: "2023-01-10" };

/** A well child apart from what a test adds: no danger sign, no cough, diarrhoea or fever; LiLA 13.5 cm (≥ 12.5: normal). */
const WELL: Answers = { tanda_bahaya_umum: ["tidak_ada"], batuk: false, diare: false, demam: false, bb: 8, lila: 13.5, edema: false, pucat_telapak_tangan: "tidak_pucat" };
const COUGH: Answers = { batuk: true, batuk_lama_hari: 3, tarikan_dinding_dada: false, stridor: false };
const DIARRHOEA: Answers = { diare: true, diare_lama_hari: 2, diare_darah: false, gelisah_rewel: false, mata_cekung: false, minum: "biasa", cubitan_kulit: "segera" };
const FEVER: Answers = { demam: true, demam_lama_hari: 2, daerah_endemis_malaria: true, rdt_malaria: "negatif", kaku_kuduk: false, tanda_campak: false, tanda_dbd: ["tidak_ada"] };

function derive(answers: Answers, person = BAYI, withTables = true, visitDate = VISIT): Derived {
  return deriveRecord({ def, answers: { ...WELL, ...answers }, visitDate, person }, withTables ? tables : undefined);
}
/** "flagId:colour" of the MTBS classifications (and plain refer flags, colour "-"). */
const classes = (d: Derived) => d.flags.map((f) => `${f.id.replace(/^mtbs\./, "")}:${f.colour ?? "-"}`);
const of = (answers: Answers, person = BAYI) => classes(derive(answers, person));
const errorsOf = (answers: Answers, person = BAYI) => validateAnswers(def, resolveAnswers(def, { ...WELL, ...answers }, formContext(VISIT, person)), formContext(VISIT, person)).errors;

describe("MTBS form: registry, ages, validation", () => {
  it("is published as mtbs@1 in cluster 2 and names the edition it follows", () => {
    expect(def).toBe(MTBS_V1);
    expect(def.cluster).toBe(2);
    expect(MTBS_EDITION).toMatch(/Buku Bagan MTBS, Kemenkes RI, \d{4}/);
    expect(MTBS_EDITION).toMatch(/WHO IMCI Chart Booklet 2014/);
  });

  it("fits children from 2 months up to (not including) 5 years; the young infant (MTBM) is out of scope", () => {
    const offered = (birthDate: string) => formsFor({ sex: "L", birthDate }, VISIT).some((f) => f.id === "mtbs");
    expect(offered("2026-01-01")).toBe(false); // 50 days: 1 month → MTBM, not MTBS
    expect(offered("2025-12-15")).toBe(true); // 67 days: 2 months
    expect(offered("2021-02-21")).toBe(true); // 1825 days: 59 months
    expect(offered("2021-02-01")).toBe(false); // 1845 days: 60 months
  });

  it("a well child with LiLA ≥ 12.5 cm and no pallor: only green classifications, no errors", () => {
    expect(errorsOf({})).toEqual({});
    expect(of({})).toEqual(["tidak_anemia:hijau", "gizi_baik:hijau"]);
  });

  it("asks the signs of a symptom only when it is present, and requires them then", () => {
    const e = errorsOf({ batuk: true });
    expect(Object.keys(e).sort()).toEqual(["batuk_lama_hari", "napas_per_menit", "stridor", "tarikan_dinding_dada"]);
    expect(Object.keys(errorsOf({ diare: true })).sort()).toEqual(["cubitan_kulit", "diare_darah", "diare_lama_hari", "gelisah_rewel", "mata_cekung", "minum"]);
    // Not endemic: the travel question comes; the RDT only once there is a malaria risk.
    expect(Object.keys(errorsOf({ ...FEVER, daerah_endemis_malaria: false, rdt_malaria: undefined }))).toEqual(["bepergian_endemis"]);
    expect(Object.keys(errorsOf({ ...FEVER, rdt_malaria: undefined }))).toEqual(["rdt_malaria"]);
  });
});

describe("colour = severity, red = urgent", () => {
  it("merah is a referral (urgent, to hospital), kuning a finding with follow-up days, hijau an info note", () => {
    for (const f of MTBS_V1.flags!) {
      if (!f.colour) {
        expect(f.severity, f.id).toBe("refer"); // the plain refers: cough > 14 days, fever > 7 days
        continue;
      }
      expect(f.severity, f.id).toBe({ merah: "refer", kuning: "risk", hijau: "info" }[f.colour]);
      if (f.colour === "merah") {
        expect(URGENT_FLAGS.has(`mtbs.${f.id}`), f.id).toBe(true);
        expect(f.destination).toBe("rumah_sakit");
      }
      if (f.colour === "kuning") expect(MTBS_FOLLOW_UP_DAYS[f.id], f.id).toBeGreaterThan(0);
    }
    expect(URGENT_FLAGS.has("mtbs.gizi_buruk_komplikasi")).toBe(true);
    for (const k of ["gizi_buruk_tanpa_komplikasi", "gizi_kurang"]) expect(MTBS_FOLLOW_UP_DAYS[k]).toBeGreaterThan(0);
  });

  it("every classification id is in exactly one symptom's rows", () => {
    const rows = Object.values(MTBS_ROWS).flat();
    expect(new Set(rows).size).toBe(rows.length);
    for (const f of MTBS_V1.flags!) if (f.colour) expect(rows, f.id).toContain(f.id);
  });
});

describe("tanda bahaya umum → PENYAKIT SANGAT BERAT (merah), urgent referral", () => {
  it.each(["tidak_bisa_minum", "muntah_semua", "kejang", "letargis"])("%s", (sign) => {
    expect(of({ tanda_bahaya_umum: [sign] })).toContain("penyakit_sangat_berat:merah");
  });

  it("makes one urgent referral to hospital, due the same day", () => {
    const d = derive({ tanda_bahaya_umum: ["kejang"] });
    const groups = referralGroups("mtbs", d);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.urgent).toBe(true);
    expect(groups[0]!.destination).toBe("rumah_sakit");
    const rec: RecordEntity = { id: uid(7001), data: { personId: uid(1), formId: "mtbs", formVersion: 1, visitDate: VISIT, data: { ...WELL, tanda_bahaya_umum: ["kejang"] } as RecordEntity["data"]["data"] } };
    expect(referralDue(rec, groups[0]!)).toBe(VISIT);
    const drafts = referralsFromRecord(rec, d, { id: uid(1) });
    expect(drafts.map((x) => [x.data.reason, x.data.destination])).toEqual([["mtbs.penyakit_sangat_berat", "rumah_sakit"]]);
  });
});

describe("batuk atau sukar bernapas", () => {
  it("8 months, 52/min, no indrawing → PNEUMONIA (kuning): 52 ≥ 50", () => {
    expect(NAPAS_CEPAT_BAYI_MIN).toBe(50);
    expect(of({ ...COUGH, napas_per_menit: 52 })).toEqual(["pneumonia:kuning", "tidak_anemia:hijau", "gizi_baik:hijau"]);
  });
  it("8 months, 48/min → BATUK BUKAN PNEUMONIA (hijau): 48 < 50", () => {
    expect(of({ ...COUGH, napas_per_menit: 48 })).toContain("batuk_bukan_pneumonia:hijau");
  });
  it("the 12-month boundary is the first birthday (calendar), not 12 WHO months of 30.4375 days", () => {
    // Born 2025-02-20, seen 2026-02-20: 365 days = 11.99 WHO months (11 completed), but 12 calendar
    // months: the chart's "12 bulan sampai 5 tahun" row applies, so 45/min is fast (≥ 40).
    const BIRTHDAY = { sex: "L", birthDate: "2025-02-20" };
    expect(of({ ...COUGH, napas_per_menit: 45 }, BIRTHDAY)).toContain("pneumonia:kuning");
    // The day before (born 2025-02-21: 364 days, 11 months 30 days): still the 2–<12 months row, 45 < 50.
    const DAY_BEFORE = { sex: "L", birthDate: "2025-02-21" };
    expect(of({ ...COUGH, napas_per_menit: 45 }, DAY_BEFORE)).toContain("batuk_bukan_pneumonia:hijau");
    expect(of({ ...COUGH, napas_per_menit: 50 }, DAY_BEFORE)).toContain("pneumonia:kuning");
  });
  it("37 months: 42/min → PNEUMONIA (≥ 40); 38/min → BATUK BUKAN PNEUMONIA; 48/min is fast at 37 months, not at 8", () => {
    expect(NAPAS_CEPAT_ANAK_MIN).toBe(40);
    expect(of({ ...COUGH, napas_per_menit: 42 }, ANAK)).toContain("pneumonia:kuning");
    expect(of({ ...COUGH, napas_per_menit: 38 }, ANAK)).toContain("batuk_bukan_pneumonia:hijau");
    expect(of({ ...COUGH, napas_per_menit: 48 }, ANAK)).toContain("pneumonia:kuning");
  });
  it("chest indrawing, stridor, SpO2 < 90 % or a danger sign → PNEUMONIA BERAT (merah), and not PNEUMONIA too", () => {
    for (const extra of [{ tarikan_dinding_dada: true }, { stridor: true }, { saturasi_o2: 88 }, { tanda_bahaya_umum: ["letargis"] }] as Answers[]) {
      const c = of({ ...COUGH, napas_per_menit: 60, ...extra });
      expect(c, JSON.stringify(extra)).toContain("pneumonia_berat:merah");
      expect(c).not.toContain("pneumonia:kuning");
    }
    expect(of({ ...COUGH, napas_per_menit: 30, saturasi_o2: 92 }, ANAK)).toContain("batuk_bukan_pneumonia:hijau"); // 92 ≥ 90
  });
  it("a danger sign with cough shows both PENYAKIT SANGAT BERAT and PNEUMONIA BERAT (each symptom is classified)", () => {
    expect(of({ ...COUGH, napas_per_menit: 40, tanda_bahaya_umum: ["tidak_bisa_minum"] }).slice(0, 2)).toEqual(["penyakit_sangat_berat:merah", "pneumonia_berat:merah"]);
  });
  it("cough for more than 14 days → refer to the puskesmas (not urgent); 14 days does not", () => {
    const d = derive({ ...COUGH, batuk_lama_hari: 15, napas_per_menit: 30 }, ANAK);
    expect(classes(d)).toContain("batuk_lama:-");
    const g = referralGroups("mtbs", d);
    expect([g[0]!.urgent, g[0]!.destination]).toEqual([false, "puskesmas"]);
    expect(of({ ...COUGH, batuk_lama_hari: 14, napas_per_menit: 30 }, ANAK)).not.toContain("batuk_lama:-");
  });
});

describe("diare", () => {
  const dx = (a: Answers) => of({ ...DIARRHOEA, ...a }).filter((c) => c.startsWith("diare") || c.startsWith("disentri"));
  it("two signs of the red row → DIARE DEHIDRASI BERAT (merah)", () => {
    expect(dx({ tanda_bahaya_umum: ["letargis"], mata_cekung: true })).toEqual(["diare_dehidrasi_berat:merah"]);
    expect(dx({ mata_cekung: true, minum: "tidak_bisa_malas" })).toEqual(["diare_dehidrasi_berat:merah"]);
    expect(dx({ mata_cekung: true, cubitan_kulit: "sangat_lambat" })).toEqual(["diare_dehidrasi_berat:merah"]);
  });
  it("two signs of the yellow row → DIARE DEHIDRASI RINGAN/SEDANG (kuning)", () => {
    expect(dx({ gelisah_rewel: true, minum: "haus_lahap" })).toEqual(["diare_dehidrasi_ringan_sedang:kuning"]);
    expect(dx({ mata_cekung: true, cubitan_kulit: "lambat" })).toEqual(["diare_dehidrasi_ringan_sedang:kuning"]);
    // A very slow pinch also goes back slowly: with thirst it is some dehydration, not none.
    expect(dx({ minum: "haus_lahap", cubitan_kulit: "sangat_lambat" })).toEqual(["diare_dehidrasi_ringan_sedang:kuning"]);
  });
  it("one sign only → DIARE TANPA DEHIDRASI (hijau)", () => {
    expect(dx({ gelisah_rewel: true })).toEqual(["diare_tanpa_dehidrasi:hijau"]);
    expect(dx({})).toEqual(["diare_tanpa_dehidrasi:hijau"]);
  });
  it("14 days or more: with dehydration DIARE PERSISTEN BERAT (merah), without DIARE PERSISTEN (kuning); 13 days is not persistent", () => {
    expect(dx({ diare_lama_hari: 14, gelisah_rewel: true, mata_cekung: true })).toEqual(["diare_dehidrasi_ringan_sedang:kuning", "diare_persisten_berat:merah"]);
    expect(dx({ diare_lama_hari: 14 })).toEqual(["diare_tanpa_dehidrasi:hijau", "diare_persisten:kuning"]);
    expect(dx({ diare_lama_hari: 13 })).toEqual(["diare_tanpa_dehidrasi:hijau"]);
  });
  it("blood in the stool → DISENTRI (kuning)", () => {
    expect(dx({ diare_darah: true })).toEqual(["diare_tanpa_dehidrasi:hijau", "disentri:kuning"]);
  });
});

describe("demam", () => {
  const fx = (a: Answers, person = BAYI) => of({ ...FEVER, ...a }, person).filter((c) => !c.startsWith("tidak_anemia") && !c.startsWith("gizi"));
  it("endemic area, RDT positive → MALARIA (kuning); RDT negative → DEMAM MUNGKIN BUKAN MALARIA (hijau)", () => {
    expect(fx({ rdt_malaria: "positif" })).toEqual(["malaria:kuning", "demam_mungkin_bukan_dbd:hijau"]);
    expect(fx({})).toEqual(["demam_mungkin_bukan_malaria:hijau", "demam_mungkin_bukan_dbd:hijau"]);
  });
  it("not endemic: no travel → DEMAM MUNGKIN BUKAN MALARIA; travel and RDT positive → MALARIA", () => {
    expect(fx({ daerah_endemis_malaria: false, bepergian_endemis: false, rdt_malaria: undefined })).toContain("demam_mungkin_bukan_malaria:hijau");
    expect(fx({ daerah_endemis_malaria: false, bepergian_endemis: true, rdt_malaria: "positif" })).toContain("malaria:kuning");
  });
  it("stiff neck or a danger sign → PENYAKIT BERAT DENGAN DEMAM (merah), and not MALARIA even with a positive RDT", () => {
    expect(fx({ kaku_kuduk: true, rdt_malaria: "positif" })).toEqual(["penyakit_berat_dengan_demam:merah", "demam_mungkin_bukan_dbd:hijau"]);
    expect(fx({ tanda_bahaya_umum: ["kejang"] })).toContain("penyakit_berat_dengan_demam:merah");
  });
  it("fever for more than 7 days → refer to the puskesmas; 7 days does not", () => {
    expect(fx({ demam_lama_hari: 8 })).toContain("demam_lama:-");
    expect(fx({ demam_lama_hari: 7 })).not.toContain("demam_lama:-");
  });
  it("campak: no complication → CAMPAK (hijau); pus or a mouth ulcer → eye/mouth complications (kuning); clouded cornea, deep ulcers or a danger sign → severe (merah)", () => {
    const m = (a: Answers) => fx({ tanda_campak: true, kornea_keruh: false, nanah_mata: false, luka_mulut: "tidak", ...a }).filter((c) => c.startsWith("campak"));
    expect(m({})).toEqual(["campak:hijau"]);
    expect(m({ nanah_mata: true })).toEqual(["campak_komplikasi_mata_mulut:kuning"]);
    expect(m({ luka_mulut: "ringan" })).toEqual(["campak_komplikasi_mata_mulut:kuning"]);
    expect(m({ kornea_keruh: true, nanah_mata: true })).toEqual(["campak_komplikasi_berat:merah"]);
    expect(m({ luka_mulut: "dalam_luas" })).toEqual(["campak_komplikasi_berat:merah"]);
    expect(m({ tanda_bahaya_umum: ["letargis"] })).toEqual(["campak_komplikasi_berat:merah"]);
  });
  it("DBD: a bleeding or shock sign → DBD (merah); only a yellow sign → MUNGKIN DBD (kuning); none → DEMAM MUNGKIN BUKAN DBD (hijau)", () => {
    const d = (signs: string[]) => fx({ tanda_dbd: signs }).filter((c) => c.includes("dbd"));
    expect(d(["perdarahan_hidung_gusi"])).toEqual(["dbd:merah"]);
    expect(d(["nyeri_ulu_hati", "berak_hitam"])).toEqual(["dbd:merah"]);
    expect(d(["nyeri_ulu_hati"])).toEqual(["mungkin_dbd:kuning"]);
    expect(d(["petekie_torniket_negatif"])).toEqual(["mungkin_dbd:kuning"]);
    expect(d(["tidak_ada"])).toEqual(["demam_mungkin_bukan_dbd:hijau"]);
  });
});

describe("status gizi (WHO BB/PB z-score, LiLA, oedema) and anaemia", () => {
  // WHO 2006 weight-for-length, girls 68.0 cm: −3 SD ≈ 6.0 kg, −2 SD ≈ 6.5 kg (simplified field tables).
  const LEN: Answers = { panjang_tinggi: 68, posisi_ukur: "berbaring", lila: undefined };
  const gizi = (a: Answers, withTables = true) => classes(derive({ ...LEN, ...a }, BAYI, withTables)).filter((c) => c.startsWith("gizi"));
  it("5.8 kg at 68 cm (z −3.34 < −3) → GIZI BURUK TANPA KOMPLIKASI (kuning); with a danger sign → DENGAN KOMPLIKASI (merah)", () => {
    expect(derive({ ...LEN, bb: 5.8 }).values?.bb_pb_z).toBe(-3.34);
    expect(gizi({ bb: 5.8 })).toEqual(["gizi_buruk_tanpa_komplikasi:kuning"]);
    expect(gizi({ bb: 5.8, tanda_bahaya_umum: ["letargis"] })).toEqual(["gizi_buruk_komplikasi:merah"]);
  });
  it("a failed appetite test or another red classification is a complication; a yellow one is not", () => {
    expect(gizi({ bb: 5.8, uji_nafsu_makan: "tidak_lulus" })).toEqual(["gizi_buruk_komplikasi:merah"]);
    expect(gizi({ bb: 5.8, pucat_telapak_tangan: "sangat_pucat" })).toEqual(["gizi_buruk_komplikasi:merah"]);
    expect(gizi({ bb: 5.8, ...COUGH, napas_per_menit: 55 })).toEqual(["gizi_buruk_tanpa_komplikasi:kuning"]);
  });
  it("6.2 kg (z −2.55) → GIZI KURANG (kuning); 7.5 kg (z −0.36) → GIZI BAIK (hijau)", () => {
    expect(gizi({ bb: 6.2 })).toEqual(["gizi_kurang:kuning"]);
    expect(gizi({ bb: 7.5 })).toEqual(["gizi_baik:hijau"]);
  });
  it("LiLA < 11.5 cm or oedema of both feet → GIZI BURUK; LiLA 11.5–< 12.5 → GIZI KURANG (no length needed)", () => {
    expect(of({ lila: 11.4 }).filter((c) => c.startsWith("gizi"))).toEqual(["gizi_buruk_tanpa_komplikasi:kuning"]);
    expect(of({ lila: 11.5 }).filter((c) => c.startsWith("gizi"))).toEqual(["gizi_kurang:kuning"]);
    expect(of({ lila: 12.5 }).filter((c) => c.startsWith("gizi"))).toEqual(["gizi_baik:hijau"]);
    expect(of({ edema: true }).filter((c) => c.startsWith("gizi"))).toEqual(["gizi_buruk_tanpa_komplikasi:kuning"]);
  });
  it("without the WHO tables LiLA still classifies and the missing z-score is reported", () => {
    const d = derive({ lila: 11.0 }, BAYI, false);
    expect(classes(d)).toContain("gizi_buruk_tanpa_komplikasi:kuning");
    expect(d.errors?.map((e) => e.code)).toContain("GROWTH_TABLES_MISSING");
  });
  it("no length and no LiLA: no nutrition classification", () => {
    expect(of({ lila: undefined }).filter((c) => c.startsWith("gizi"))).toEqual([]);
  });
  it("palmar pallor: severe → ANEMIA BERAT (merah); some → ANEMIA (kuning); none → TIDAK ANEMIA (hijau)", () => {
    expect(of({ pucat_telapak_tangan: "sangat_pucat" })).toContain("anemia_berat:merah");
    expect(of({ pucat_telapak_tangan: "agak_pucat" })).toContain("anemia:kuning");
    expect(of({})).toContain("tidak_anemia:hijau");
  });
});

describe("most severe wins: at most one row per symptom, exactly one when the symptom is assessed", () => {
  const rowsActive = (c: string[], group: string) => MTBS_ROWS[group]!.filter((id) => c.some((x) => x.startsWith(`${id}:`)));
  it("cough: every combination of rate, indrawing, stridor, SpO2 and danger sign", () => {
    let n = 0;
    for (const person of [BAYI, ANAK]) for (const napas of [30, 39, 40, 49, 50, 70]) for (const tarikan of [false, true]) for (const stridor of [false, true])
      for (const sat of [undefined, 85, 95]) for (const tbu of [["tidak_ada"], ["muntah_semua"]]) {
        const c = of({ ...COUGH, napas_per_menit: napas, tarikan_dinding_dada: tarikan, stridor, saturasi_o2: sat, tanda_bahaya_umum: tbu }, person);
        expect(rowsActive(c, "batuk"), JSON.stringify({ napas, tarikan, stridor, sat, tbu })).toHaveLength(1);
        n++;
      }
    expect(n).toBe(2 * 6 * 2 * 2 * 3 * 2);
  });
  it("dehydration: every combination of the eight signs", () => {
    for (const tbu of [["tidak_ada"], ["letargis"]]) for (const gelisah of [false, true]) for (const mata of [false, true])
      for (const minum of ["tidak_bisa_malas", "haus_lahap", "biasa"]) for (const cubitan of ["sangat_lambat", "lambat", "segera"]) for (const lama of [3, 14]) {
        const c = of({ ...DIARRHOEA, tanda_bahaya_umum: tbu, gelisah_rewel: gelisah, mata_cekung: mata, minum, cubitan_kulit: cubitan, diare_lama_hari: lama });
        expect(rowsActive(c, "dehidrasi")).toHaveLength(1);
        expect(rowsActive(c, "diare_persisten")).toHaveLength(lama >= 14 ? 1 : 0);
      }
  });
  it("fever: malaria, measles and dengue rows", () => {
    for (const kaku of [false, true]) for (const rdt of ["positif", "negatif"]) for (const luka of ["dalam_luas", "ringan", "tidak"]) for (const nanah of [false, true])
      for (const dbd of [["tidak_ada"], ["gelisah"], ["syok"], ["gelisah", "syok"]]) {
        const c = of({ ...FEVER, kaku_kuduk: kaku, rdt_malaria: rdt, tanda_campak: true, kornea_keruh: false, nanah_mata: nanah, luka_mulut: luka, tanda_dbd: dbd });
        for (const g of ["malaria", "campak", "dbd"]) expect(rowsActive(c, g), g).toHaveLength(1);
      }
  });
  it("nutrition and anaemia", () => {
    for (const bb of [5.8, 6.2, 7.5]) for (const edema of [false, true]) for (const pucat of ["sangat_pucat", "agak_pucat", "tidak_pucat"]) {
      const c = of({ panjang_tinggi: 68, posisi_ukur: "berbaring", lila: undefined, bb, edema, pucat_telapak_tangan: pucat });
      expect(rowsActive(c, "gizi")).toHaveLength(1);
      expect(rowsActive(c, "anemia")).toHaveLength(1);
    }
  });
});

describe("kunjungan ulang (tasks-mtbs.ts)", () => {
  const child: PersonEntity = { id: uid(31), data: { householdId: uid(900), sex: "P", birthDate: BAYI.birthDate, pregnant: false } };
  const rec = (n: number, visitDate: string, answers: Answers): RecordEntity =>
    ({ id: uid(3000 + n), data: { personId: child.id, formId: "mtbs", formVersion: 1, visitDate, data: { ...WELL, ...answers } as RecordEntity["data"]["data"], derived: null } });
  const tasksOf = (records: RecordEntity[], today: string) =>
    computeTasks({ persons: [child], records, referrals: [] }, today, { growthTables: tables }).filter((t) => t.personId === child.id && (t.ruleId.startsWith("mtbs") || t.ruleId.startsWith("rujuk")));
  const PNEUMONIA: Answers = { ...COUGH, napas_per_menit: 52 };

  it("PNEUMONIA on 20 Feb → follow-up due 22 Feb (2 days): open on the 21st, overdue on the 23rd", () => {
    const r = rec(1, VISIT, PNEUMONIA);
    const [t] = tasksOf([r], "2026-02-21");
    expect([t!.ruleId, t!.dueDate, t!.status, t!.assignee, t!.text.code]).toEqual(["mtbs.kunjungan_ulang", "2026-02-22", "open", "pustu", "mtbs_follow_up"]);
    expect(t!.sourceRecordId).toBe(r.id);
    expect(tasksOf([r], "2026-02-23")[0]!.status).toBe("overdue");
  });

  it("is done by a later MTBS record of the child (not by one the same day)", () => {
    const first = rec(1, VISIT, PNEUMONIA);
    expect(tasksOf([first, rec(2, VISIT, {})], "2026-02-23")[0]!.status).toBe("overdue");
    const ts = tasksOf([first, rec(3, "2026-02-22", { ...COUGH, napas_per_menit: 44 })], "2026-02-23");
    expect(ts.map((t) => [t.sourceRecordId, t.status])).toEqual([[first.id, "done"]]); // 44 < 50 at 8 months: no new yellow row
  });

  it("several yellow rows: one visit at the earliest day (PNEUMONIA 2, ANEMIA 14 → 2 days); ANEMIA alone → 14 days; GIZI KURANG → 30 days", () => {
    expect(tasksOf([rec(1, VISIT, { ...PNEUMONIA, pucat_telapak_tangan: "agak_pucat" })], VISIT).map((t) => t.dueDate)).toEqual(["2026-02-22"]);
    expect(tasksOf([rec(1, VISIT, { pucat_telapak_tangan: "agak_pucat" })], VISIT).map((t) => t.dueDate)).toEqual(["2026-03-06"]);
    expect(tasksOf([rec(1, VISIT, { lila: 12.0 })], VISIT).map((t) => t.dueDate)).toEqual(["2026-03-22"]);
  });

  it("green only: no task; a red row: the urgent referral task (due the same day), no follow-up visit", () => {
    expect(tasksOf([rec(1, VISIT, { ...COUGH, napas_per_menit: 40 })], VISIT)).toEqual([]);
    const ts = tasksOf([rec(1, VISIT, { ...PNEUMONIA, tarikan_dinding_dada: true, pucat_telapak_tangan: "agak_pucat" })], VISIT);
    expect(ts.map((t) => [t.ruleId, t.dueDate])).toEqual([["rujuk.lainnya", VISIT]]);
  });
});
