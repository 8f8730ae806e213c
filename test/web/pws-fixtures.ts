/** Typed fixtures of the PWS API's shapes (domain/pws/types.ts): the console's tests until the routes land, and beside them after. */
import type { PwsIndicatorMeta, PwsMissed, PwsTable, PwsTrend } from "../../domain/pws/types.ts";

const w = (id: string, en = id) => ({ id, en });

export const METAS: PwsIndicatorMeta[] = [
  { id: "balita.ds", group: "balita", label: w("D/S"), description: w("Balita ditimbang ÷ balita di registri", "Weighed ÷ registered under-fives"), kind: "coverage", defaultTarget: 85, sasaran: w("balita 0–59 bulan"), source: "Kemenkes 2023", drillDown: true },
  { id: "balita.stunting", group: "balita", label: w("Stunting"), description: w("Balita pendek ÷ balita diukur"), kind: "prevalence", defaultTarget: 14, sasaran: w("balita diukur"), source: "RPJMN 2020–2024", drillDown: false },
  { id: "imunisasi.idl", group: "imunisasi", label: w("IDL"), description: w("Bayi imunisasi dasar lengkap ÷ bayi"), kind: "coverage", defaultTarget: 95, sasaran: w("bayi 0–11 bulan"), source: "Permenkes 12/2017", drillDown: true, proRate: true },
  { id: "imunisasi.mr", group: "imunisasi", label: w("MR"), description: w("Bayi MR ÷ bayi"), kind: "coverage", defaultTarget: 95, sasaran: w("bayi"), source: "Permenkes 12/2017", drillDown: true, proRate: true },
  { id: "imunisasi.do_dpt_mr", group: "imunisasi", label: w("DO DPT1→MR"), description: w("Drop-out"), kind: "dropout", defaultTarget: 5, sasaran: w("bayi DPT1"), source: "Permenkes 12/2017", drillDown: true, minDenominator: 10 },
  { id: "ibu_hamil.k4", group: "ibu_hamil", label: w("K4"), description: w("Ibu hamil K4 ÷ ibu hamil"), kind: "coverage", defaultTarget: 90, sasaran: w("ibu hamil"), source: "PMK 21/2021", drillDown: true },
  { id: "keluarga.iks", group: "keluarga", label: w("IKS", "FHI"), description: w("Keluarga sehat ÷ keluarga dikunjungi"), kind: "distribution", defaultTarget: null, sasaran: w("keluarga"), source: "PIS-PK 2016", drillDown: false },
];

export const DESA = [
  { code: "18.04.10.2001", name: "Kembahang", kind: "desa" as const },
  { code: "18.04.10.2002", name: "Canggu", kind: "desa" as const },
  { code: "18.04.10.2003", name: "Bakhu", kind: "desa" as const },
];

const c = (num: number, den: number) => ({ num, den });

export function table(month = "2026-11"): PwsTable {
  return {
    month,
    area: { code: "18.04.10", name: "Batu Brak", level: "kecamatan" },
    units: DESA,
    // The server's order: ibu_hamil before balita, and an id this PWA does not know.
    indicators: ["ibu_hamil.k4", "balita.ds", "balita.stunting", "imunisasi.idl", "imunisasi.do_dpt_mr", "keluarga.iks", "future.x"],
    targets: { "ibu_hamil.k4": 90, "balita.ds": 80, "balita.stunting": 14, "imunisasi.idl": 95, "imunisasi.do_dpt_mr": 5, "keluarga.iks": null, "future.x": 50 },
    cells: {
      "balita.ds": {
        "18.04.10.2001": { month: c(40, 50), ytd: c(45, 50) }, // 90 %: ≥ 80 good
        "18.04.10.2002": { month: c(30, 50), ytd: c(35, 50) }, // 70 %: ≥ 64 near
        "18.04.10.2003": { month: c(0, 0), ytd: c(0, 0) }, // no den
      },
      "balita.stunting": {
        "18.04.10.2001": { month: c(3, 40), ytd: c(5, 40) }, // 12.5 % ≤ 14 good
        "18.04.10.2002": { month: c(6, 40), ytd: c(7, 40) }, // 17.5 %: ≤ 17.5 near
        "18.04.10.2003": { month: c(8, 30), ytd: c(9, 30) }, // 30 % bad
      },
      // Pro-rated (November): the year to date against 95 × 11 ÷ 12 = 87.08 %, the month against 95 ÷ 12 = 7.92 %.
      "imunisasi.idl": {
        "18.04.10.2001": { month: c(2, 25), ytd: c(22, 25) }, // 88 % ≥ 87.08 good (annual 95: near); month 8 % ≥ 7.92 good
        "18.04.10.2002": { month: c(1, 20), ytd: c(14, 20) }, // 70 % ≥ 69.67 near; month 5 % < 6.33 bad
        "18.04.10.2003": { month: c(0, 10), ytd: c(6, 10) }, // 60 % < 69.67 bad
      },
      // Drop-out: 1 DPT1 and 5 MR1 (−400 %) is below the minimum of 10; 12 DPT1 and 14 MR1 is −16.7 %: shown, not coloured.
      "imunisasi.do_dpt_mr": {
        "18.04.10.2001": { month: c(-1, 1), ytd: c(-4, 1) },
        "18.04.10.2002": { month: c(0, 2), ytd: c(-2, 12) },
        "18.04.10.2003": { month: c(0, 3), ytd: c(1, 20) }, // 5 % ≤ 5 good
      },
    },
    total: {
      "balita.ds": { month: c(70, 100), ytd: c(80, 100) }, "balita.stunting": { month: c(17, 110), ytd: c(21, 110) },
      "imunisasi.idl": { month: c(3, 55), ytd: c(42, 55) }, "imunisasi.do_dpt_mr": { month: c(-1, 6), ytd: c(-5, 33) },
    },
    generatedAt: "2026-12-02T07:05:00.000Z",
  };
}

export function trend(): PwsTrend {
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);
  return {
    indicator: "balita.ds",
    area: { code: "18.04.10", name: "Batu Brak", level: "kecamatan" },
    months,
    units: DESA.slice(0, 1),
    series: { "18.04.10.2001": months.map((_, i) => (i === 3 ? c(0, 0) : c(30 + i, 50))) },
    total: months.map(() => c(60, 100)),
    generatedAt: "2026-12-02T07:05:00.000Z",
  };
}

export const SECRET_NAME = "Nur Aisyah Kembahang";

export function missed(): PwsMissed {
  return {
    indicator: "imunisasi.idl",
    unit: DESA[0]!,
    month: "2026-11",
    people: [
      { personId: "p2", name: "Zahra", householdId: "h2", dusunId: "d2", dusunName: "Pekon Tengah", age: { months: 10 }, missing: ["mr"], lastServiceDate: "2026-08-01" },
      { personId: "p1", name: SECRET_NAME, householdId: "h1", dusunId: "d1", dusunName: "Pekon Atas", age: { months: 9 }, missing: ["mr", "idl"], lastServiceDate: null },
    ],
    generatedAt: "2026-12-02T07:05:00.000Z",
  };
}
