import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { packColumn, unpackColumn, unpackTable, vlqDecode, vlqEncode } from "../../domain/growth/codec.ts";
import { tableRange } from "../../domain/growth/lms.ts";
import {
  ageInDays,
  assessGrowth,
  curves,
  FLAGS,
  growthFlags,
  GrowthInputError,
  is2T,
  isoDateToDays,
  kbmGrams,
  lilaCategory,
  lmsAt,
  lmsValue,
  lmsZ,
  loadGrowthTables,
  loadTable,
  MAX_AGE_DAYS,
  MUAC_FOR_AGE_MIN_DAYS,
  restrictedZ,
  round2,
  weightGainStatus,
  WFH_RANGE_CM,
  WFL_RANGE_CM,
  type GrowthAssessment,
  type GrowthInput,
  type GrowthTables,
  type IndicatorId,
  type IndicatorResult,
  type LmsTable,
  type NTStatus,
  type TableId,
} from "../../domain/growth/index.ts";

/**
 * Golden tests for the WHO growth z-scores. Every expected z below is a literal worked out by hand
 * from the published WHO row named in its comment (file, sex 1 = boy "L" / 2 = girl "P", index:
 * L, M, S), never by calling this code: z = ((y/M)^L − 1)/(L·S), rounded to 2 decimals; for the
 * weight-based indicators and arm circumference beyond ±3 SD, z = ±3 + (y − SD3)/(SD3 − SD2) on
 * that side, with SDk = M·(1 + L·S·k)^(1/L). Between 0.1 cm rows of weight-for-length/height,
 * L, M and S are interpolated linearly (f = fraction of the step).
 *
 * Every case is born on 2021-03-15; visitDate is that date + `days` (checked against ageDays).
 */

const BIRTH = "2021-03-15";

let tables: GrowthTables;
beforeAll(async () => {
  tables = await loadGrowthTables();
});

interface Golden {
  name: string;
  indicator: IndicatorId;
  table: TableId;
  sex: "L" | "P";
  days: number;
  visitDate: string;
  weightKg?: number;
  lengthCm?: number;
  measured?: "lying" | "standing";
  headCm?: number;
  muacCm?: number;
  z: number;
}

// prettier-ignore
const GOLDEN: Golden[] = [
  // weianthro.txt sex=1 age=365: L=0.0645 M=9.646 S=0.10925
  //   (y/M)^L = (9.6/9.646)^0.0645 = 0.999692; −1 = -0.000308; /(L·S=0.0070466) → -0.0437
  { name: "wfa boy 12 mo", indicator: "wfa", table: "wei", sex: "L", days: 365, visitDate: "2022-03-15", weightKg: 9.6, z: -0.04 },
  // weianthro.txt sex=2 age=0: L=0.3809 M=3.2322 S=0.14171
  //   (y/M)^L = (3.2/3.2322)^0.3809 = 0.996194; −1 = -0.003806; /(L·S=0.0539773) → -0.0705
  { name: "wfa girl at birth", indicator: "wfa", table: "wei", sex: "P", days: 0, visitDate: "2021-03-15", weightKg: 3.2, z: -0.07 },
  // weianthro.txt sex=2 age=540: L=-0.2618 M=10.1776 S=0.12308
  //   (y/M)^L = (10.4/10.1776)^-0.2618 = 0.994357; −1 = -0.005643; /(L·S=-0.0322223) → 0.1751
  { name: "wfa girl 540 d", indicator: "wfa", table: "wei", sex: "P", days: 540, visitDate: "2022-09-06", weightKg: 10.4, z: 0.18 },
  // weianthro.txt sex=1 age=730: L=-0.0136 M=12.1482 S=0.11425
  //   (y/M)^L = (20/12.1482)^-0.0136 = 0.993243; −1 = -0.006757; /(L·S=-0.0015538) → 4.3489; beyond ±3: SD3=17.128305 SD2=15.272240 → 4.5472
  { name: "wfa boy 730 d above +3 (restricted)", indicator: "wfa", table: "wei", sex: "L", days: 730, visitDate: "2023-03-15", weightKg: 20.0, z: 4.55 },
  // weianthro.txt sex=2 age=200: L=-0.0922 M=7.4995 S=0.12185
  //   (y/M)^L = (4/7.4995)^-0.0922 = 1.059664; −1 = 0.059664; /(L·S=-0.0112346) → -5.3107; beyond ±3: SD3neg=5.234710 SD2neg=5.893405 → -4.8745
  { name: "wfa girl 200 d below -3 (restricted)", indicator: "wfa", table: "wei", sex: "P", days: 200, visitDate: "2021-10-01", weightKg: 4.0, z: -4.87 },
  // weianthro.txt sex=1 age=1826: L=-0.1506 M=18.3352 S=0.13517
  //   (y/M)^L = (18.3/18.3352)^-0.1506 = 1.000289; −1 = 0.000289; /(L·S=-0.0203566) → -0.0142
  { name: "wfa boy last day 1826", indicator: "wfa", table: "wei", sex: "L", days: 1826, visitDate: "2026-03-15", weightKg: 18.3, z: -0.01 },
  // weianthro.txt sex=2 age=1826: L=-0.3518 M=18.2179 S=0.14821
  //   (y/M)^L = (11/18.2179)^-0.3518 = 1.194212; −1 = 0.194212; /(L·S=-0.0521403) → -3.7248; beyond ±3: SD3neg=12.052852 SD2neg=13.741812 → -3.6234
  { name: "wfa girl 1826 d below -3 (restricted)", indicator: "wfa", table: "wei", sex: "P", days: 1826, visitDate: "2026-03-15", weightKg: 11.0, z: -3.62 },
  // lenanthro.txt sex=1 age=365: L=1 M=75.7391 S=0.03137
  //   (y/M)^L = (74.5/75.7391)^1 = 0.983640; −1 = -0.016360; /(L·S=0.0313700) → -0.5215
  { name: "lfa boy 12 mo lying", indicator: "lhfa", table: "len", sex: "L", days: 365, visitDate: "2022-03-15", lengthCm: 74.5, z: -0.52 },
  // lenanthro.txt sex=2 age=500: L=1 M=79.0642 S=0.03564
  //   74.0 + 0.7 = 74.7 cm (standing under 24 mo)
  //   (y/M)^L = (74.7/79.0642)^1 = 0.944802; −1 = -0.055198; /(L·S=0.0356400) → -1.5488
  { name: "lfa girl 500 d measured standing: +0.7", indicator: "lhfa", table: "len", sex: "P", days: 500, visitDate: "2022-07-28", lengthCm: 74.0, measured: "standing", z: -1.55 },
  // lenanthro.txt sex=1 age=730: L=1 M=87.8018 S=0.03479
  //   (y/M)^L = (80/87.8018)^1 = 0.911143; −1 = -0.088857; /(L·S=0.0347900) → -2.5541
  { name: "lfa boy 730 d lying (last length row)", indicator: "lhfa", table: "len", sex: "L", days: 730, visitDate: "2023-03-15", lengthCm: 80.0, measured: "lying", z: -2.55 },
  // lenanthro.txt sex=1 age=731: L=1 M=87.1303 S=0.03508
  //   (y/M)^L = (80/87.1303)^1 = 0.918165; −1 = -0.081835; /(L·S=0.0350800) → -2.3328
  { name: "hfa boy 731 d standing (first height row)", indicator: "lhfa", table: "len", sex: "L", days: 731, visitDate: "2023-03-16", lengthCm: 80.0, measured: "standing", z: -2.33 },
  // lenanthro.txt sex=1 age=731: L=1 M=87.1303 S=0.03508
  //   80.7 − 0.7 = 80 cm (lying from 24 mo)
  //   (y/M)^L = (80/87.1303)^1 = 0.918165; −1 = -0.081835; /(L·S=0.0350800) → -2.3328
  { name: "hfa boy 731 d measured lying: -0.7", indicator: "lhfa", table: "len", sex: "L", days: 731, visitDate: "2023-03-16", lengthCm: 80.7, measured: "lying", z: -2.33 },
  // lenanthro.txt sex=2 age=1000: L=1 M=92.8178 S=0.03949
  //   (y/M)^L = (88/92.8178)^1 = 0.948094; −1 = -0.051906; /(L·S=0.0394900) → -1.3144
  { name: "hfa girl 1000 d standing", indicator: "lhfa", table: "len", sex: "P", days: 1000, visitDate: "2023-12-10", lengthCm: 88.0, measured: "standing", z: -1.31 },
  // lenanthro.txt sex=1 age=900: L=1 M=91.6118 S=0.03691
  //   (y/M)^L = (76/91.6118)^1 = 0.829587; −1 = -0.170413; /(L·S=0.0369100) → -4.6170
  { name: "hfa boy 900 d below -3 (not restricted)", indicator: "lhfa", table: "len", sex: "L", days: 900, visitDate: "2023-09-01", lengthCm: 76.0, measured: "standing", z: -4.62 },
  // lenanthro.txt sex=2 age=1826: L=1 M=109.4189 S=0.04346
  //   (y/M)^L = (109.4/109.419)^1 = 0.999827; −1 = -0.000173; /(L·S=0.0434600) → -0.0040
  { name: "hfa girl last day 1826", indicator: "lhfa", table: "len", sex: "P", days: 1826, visitDate: "2026-03-15", lengthCm: 109.4, measured: "standing", z: 0 },
  // lenanthro.txt sex=2 age=800: L=1 M=87.6853 S=0.03814
  //   (y/M)^L = (84/87.6853)^1 = 0.957971; −1 = -0.042029; /(L·S=0.0381400) → -1.1020
  { name: "hfa girl 800 d, position not given: standing assumed", indicator: "lhfa", table: "len", sex: "P", days: 800, visitDate: "2023-05-24", lengthCm: 84.0, z: -1.1 },
  // wflanthro.txt sex=1 67.2: L=-0.3521 M=7.7834 S=0.08212; 67.3: L=-0.3521 M=7.8065 S=0.08212; f=0.50 → L=-0.352100 M=7.794950 S=0.0821200
  //   (y/M)^L = (8/7.79495)^-0.3521 = 0.990899; −1 = -0.009101; /(L·S=-0.0289145) → 0.3147
  { name: "wfl boy 67.25 cm (interpolated)", indicator: "wflh", table: "wfl", sex: "L", days: 200, visitDate: "2021-10-01", weightKg: 8.0, lengthCm: 67.25, z: 0.31 },
  // wflanthro.txt sex=2 80: L=-0.3833 M=10.0891 S=0.0894
  //   (y/M)^L = (10.2/10.0891)^-0.3833 = 0.995818; −1 = -0.004182; /(L·S=-0.0342670) → 0.1220
  { name: "wfl girl 80.0 cm (row)", indicator: "wflh", table: "wfl", sex: "P", days: 300, visitDate: "2022-01-09", weightKg: 10.2, lengthCm: 80.0, z: 0.12 },
  // wflanthro.txt sex=1 45: L=-0.3521 M=2.441 S=0.09182
  //   (y/M)^L = (2.5/2.441)^-0.3521 = 0.991626; −1 = -0.008374; /(L·S=-0.0323298) → 0.2590
  { name: "wfl boy 45.0 cm (first row)", indicator: "wflh", table: "wfl", sex: "L", days: 10, visitDate: "2021-03-25", weightKg: 2.5, lengthCm: 45.0, z: 0.26 },
  // wflanthro.txt sex=2 110: L=-0.3833 M=18.3324 S=0.09401
  //   (y/M)^L = (19/18.3324)^-0.3833 = 0.986383; −1 = -0.013617; /(L·S=-0.0360340) → 0.3779
  { name: "wfl girl 110.0 cm (last row)", indicator: "wflh", table: "wfl", sex: "P", days: 700, visitDate: "2023-02-13", weightKg: 19.0, lengthCm: 110.0, z: 0.38 },
  // wflanthro.txt sex=1 75: L=-0.3521 M=9.5032 S=0.08295
  //   (y/M)^L = (6.8/9.5032)^-0.3521 = 1.125075; −1 = 0.125075; /(L·S=-0.0292067) → -4.2824; beyond ±3: SD3neg=7.486362 SD2neg=8.088095 → -4.1406
  { name: "wfl boy below -3 (restricted)", indicator: "wflh", table: "wfl", sex: "L", days: 400, visitDate: "2022-04-19", weightKg: 6.8, lengthCm: 75.0, z: -4.14 },
  // wflanthro.txt sex=2 78.3: L=-0.3833 M=9.7578 S=0.08961; 78.4: L=-0.3833 M=9.7767 S=0.0896; f=0.50 → L=-0.383300 M=9.767250 S=0.0896050
  //   (y/M)^L = (13.5/9.76725)^-0.3833 = 0.883330; −1 = -0.116670; /(L·S=-0.0343456) → 3.3970; beyond ±3: SD3=12.971184 SD2=11.759921 → 3.4366
  { name: "wfl girl 78.35 cm above +3 (restricted, interpolated)", indicator: "wflh", table: "wfl", sex: "P", days: 600, visitDate: "2022-11-05", weightKg: 13.5, lengthCm: 78.35, z: 3.44 },
  // wflanthro.txt sex=1 86: L=-0.3521 M=11.7444 S=0.08145
  //   85.3 + 0.7 = 86 cm (standing under 24 mo)
  //   (y/M)^L = (11.5/11.7444)^-0.3521 = 1.007432; −1 = 0.007432; /(L·S=-0.0286785) → -0.2591
  { name: "wfl boy standing under 24 mo: 85.3 + 0.7 = 86.0", indicator: "wflh", table: "wfl", sex: "L", days: 500, visitDate: "2022-07-28", weightKg: 11.5, lengthCm: 85.3, measured: "standing", z: -0.26 },
  // wfhanthro.txt sex=1 95.5: L=-0.3521 M=14.1811 S=0.08071; 95.6: L=-0.3521 M=14.2055 S=0.08073; f=0.50 → L=-0.352100 M=14.193300 S=0.0807200
  //   (y/M)^L = (14/14.1933)^-0.3521 = 1.004840; −1 = 0.004840; /(L·S=-0.0284215) → -0.1703
  { name: "wfh boy 95.55 cm (interpolated)", indicator: "wflh", table: "wfh", sex: "L", days: 1000, visitDate: "2023-12-10", weightKg: 14.0, lengthCm: 95.55, measured: "standing", z: -0.17 },
  // wfhanthro.txt sex=2 87.3: L=-0.3833 M=11.972 S=0.08896
  //   88.0 − 0.7 = 87.3 cm (lying from 24 mo)
  //   (y/M)^L = (12/11.972)^-0.3833 = 0.999105; −1 = -0.000895; /(L·S=-0.0340984) → 0.0262
  { name: "wfh girl 731 d measured lying: 88.0 - 0.7 = 87.3", indicator: "wflh", table: "wfh", sex: "P", days: 731, visitDate: "2023-03-16", weightKg: 12.0, lengthCm: 88.0, measured: "lying", z: 0.03 },
  // wfhanthro.txt sex=1 120: L=-0.3521 M=22.353 S=0.09424
  //   (y/M)^L = (23/22.353)^-0.3521 = 0.990004; −1 = -0.009996; /(L·S=-0.0331819) → 0.3013
  { name: "wfh boy 120.0 cm (last row)", indicator: "wflh", table: "wfh", sex: "L", days: 1500, visitDate: "2025-04-23", weightKg: 23.0, lengthCm: 120.0, measured: "standing", z: 0.3 },
  // wfhanthro.txt sex=2 90: L=-0.3833 M=12.6461 S=0.08911; 90.1: L=-0.3833 M=12.6709 S=0.08912; f=0.50 → L=-0.383300 M=12.658500 S=0.0891150
  //   (y/M)^L = (9.5/12.6585)^-0.3833 = 1.116302; −1 = 0.116302; /(L·S=-0.0341578) → -3.4048; beyond ±3: SD3neg=9.814025 SD2neg=10.653869 → -3.3739
  { name: "wfh girl 90.05 cm below -3 (restricted, interpolated)", indicator: "wflh", table: "wfh", sex: "P", days: 1200, visitDate: "2024-06-27", weightKg: 9.5, lengthCm: 90.05, measured: "standing", z: -3.37 },
  // wfhanthro.txt sex=1 100: L=-0.3521 M=15.3576 S=0.08229
  //   (y/M)^L = (21.5/15.3576)^-0.3521 = 0.888286; −1 = -0.111714; /(L·S=-0.0289743) → 3.8556; beyond ±3: SD3=19.883199 SD2=18.195088 → 3.9578
  { name: "wfh boy 100.0 cm above +3 (restricted)", indicator: "wflh", table: "wfh", sex: "L", days: 1100, visitDate: "2024-03-19", weightKg: 21.5, lengthCm: 100.0, measured: "standing", z: 3.96 },
  // bmianthro.txt sex=1 age=365: L=-0.4113 M=16.7992 S=0.08009
  //   ; BMI = 9.6 / (74.5/100)² = 17.296518
  //   (y/M)^L = (17.2965/16.7992)^-0.4113 = 0.988072; −1 = -0.011928; /(L·S=-0.0329410) → 0.3621
  { name: "bmi boy 12 mo", indicator: "bmifa", table: "bmi", sex: "L", days: 365, visitDate: "2022-03-15", weightKg: 9.6, lengthCm: 74.5, z: 0.36 },
  // bmianthro.txt sex=2 age=1200: L=-0.5684 M=15.3434 S=0.08675
  //   ; BMI = 15.0 / (98/100)² = 15.618492
  //   (y/M)^L = (15.6185/15.3434)^-0.5684 = 0.989950; −1 = -0.010050; /(L·S=-0.0493087) → 0.2038
  { name: "bmi girl 1200 d standing", indicator: "bmifa", table: "bmi", sex: "P", days: 1200, visitDate: "2024-06-27", weightKg: 15.0, lengthCm: 98.0, measured: "standing", z: 0.2 },
  // bmianthro.txt sex=1 age=730: L=-0.6473 M=15.7356 S=0.07771
  //   ; BMI = 11.0 / (84/100)² = 15.589569
  //   (y/M)^L = (15.5896/15.7356)^-0.6473 = 1.006053; −1 = 0.006053; /(L·S=-0.0503017) → -0.1203
  { name: "bmi boy 730 d lying (last length-based row)", indicator: "bmifa", table: "bmi", sex: "L", days: 730, visitDate: "2023-03-15", weightKg: 11.0, lengthCm: 84.0, measured: "lying", z: -0.12 },
  // bmianthro.txt sex=1 age=731: L=-0.6187 M=16.0189 S=0.07785
  //   84.7 − 0.7 = 84 cm (lying from 24 mo); BMI = 11.0 / (84/100)² = 15.589569
  //   (y/M)^L = (15.5896/16.0189)^-0.6187 = 1.016950; −1 = 0.016950; /(L·S=-0.0481658) → -0.3519
  { name: "bmi boy 731 d lying 84.7 - 0.7 = 84.0 (first height-based row)", indicator: "bmifa", table: "bmi", sex: "L", days: 731, visitDate: "2023-03-16", weightKg: 11.0, lengthCm: 84.7, measured: "lying", z: -0.35 },
  // bmianthro.txt sex=2 age=900: L=-0.5684 M=15.5382 S=0.08443
  //   ; BMI = 17.0 / (82/100)² = 25.282570
  //   (y/M)^L = (25.2826/15.5382)^-0.5684 = 0.758278; −1 = -0.241722; /(L·S=-0.0479900) → 5.0369; beyond ±3: SD3=20.425586 SD2=18.556573 → 5.5987
  { name: "bmi girl 900 d above +3 (restricted)", indicator: "bmifa", table: "bmi", sex: "P", days: 900, visitDate: "2023-09-01", weightKg: 17.0, lengthCm: 82.0, measured: "standing", z: 5.6 },
  // bmianthro.txt sex=1 age=400: L=-0.4418 M=16.6571 S=0.07979
  //   ; BMI = 6.5 / (76/100)² = 11.253463
  //   (y/M)^L = (11.2535/16.6571)^-0.4418 = 1.189171; −1 = 0.189171; /(L·S=-0.0352512) → -5.3664; beyond ±3: SD3neg=13.267223 SD2neg=14.276728 → -4.9948
  { name: "bmi boy 400 d below -3 (restricted)", indicator: "bmifa", table: "bmi", sex: "L", days: 400, visitDate: "2022-04-19", weightKg: 6.5, lengthCm: 76.0, z: -4.99 },
  // hcanthro.txt sex=1 age=365: L=1 M=46.0637 S=0.02789
  //   (y/M)^L = (45.5/46.0637)^1 = 0.987763; −1 = -0.012237; /(L·S=0.0278900) → -0.4388
  { name: "hc boy 12 mo", indicator: "hcfa", table: "hc", sex: "L", days: 365, visitDate: "2022-03-15", headCm: 45.5, z: -0.44 },
  // hcanthro.txt sex=2 age=0: L=1 M=33.8787 S=0.03496
  //   (y/M)^L = (34/33.8787)^1 = 1.003580; −1 = 0.003580; /(L·S=0.0349600) → 0.1024
  { name: "hc girl at birth", indicator: "hcfa", table: "hc", sex: "P", days: 0, visitDate: "2021-03-15", headCm: 34.0, z: 0.1 },
  // hcanthro.txt sex=1 age=1000: L=1 M=49.2025 S=0.02859
  //   (y/M)^L = (44/49.2025)^1 = 0.894264; −1 = -0.105736; /(L·S=0.0285900) → -3.6984
  { name: "hc boy 1000 d below -3 (not restricted)", indicator: "hcfa", table: "hc", sex: "L", days: 1000, visitDate: "2023-12-10", headCm: 44.0, z: -3.7 },
  // hcanthro.txt sex=2 age=1826: L=1 M=49.9225 S=0.0285
  //   (y/M)^L = (52.5/49.9225)^1 = 1.051630; −1 = 0.051630; /(L·S=0.0285000) → 1.8116
  { name: "hc girl last day 1826", indicator: "hcfa", table: "hc", sex: "P", days: 1826, visitDate: "2026-03-15", headCm: 52.5, z: 1.81 },
  // acanthro.txt sex=1 age=365: L=0.1263 M=14.6447 S=0.07689
  //   (y/M)^L = (14/14.6447)^0.1263 = 0.994330; −1 = -0.005670; /(L·S=0.0097112) → -0.5839
  { name: "ac boy 12 mo", indicator: "acfa", table: "ac", sex: "L", days: 365, visitDate: "2022-03-15", muacCm: 14.0, z: -0.58 },
  // acanthro.txt sex=2 age=91: L=-0.1733 M=13.0245 S=0.08262
  //   (y/M)^L = (12/13.0245)^-0.1733 = 1.014299; −1 = 0.014299; /(L·S=-0.0143180) → -0.9987
  { name: "ac girl 91 d (first row)", indicator: "acfa", table: "ac", sex: "P", days: 91, visitDate: "2021-06-14", muacCm: 12.0, z: -1.0 },
  // acanthro.txt sex=1 age=800: L=-0.0928 M=15.2855 S=0.0777
  //   (y/M)^L = (11/15.2855)^-0.0928 = 1.031003; −1 = 0.031003; /(L·S=-0.0072106) → -4.2997; beyond ±3: SD3neg=12.137381 SD2neg=13.100030 → -4.1815
  { name: "ac boy 800 d below -3 (restricted)", indicator: "acfa", table: "ac", sex: "L", days: 800, visitDate: "2023-05-24", muacCm: 11.0, z: -4.18 },
  // acanthro.txt sex=2 age=1500: L=-0.1733 M=16.3115 S=0.08902
  //   (y/M)^L = (22.5/16.3115)^-0.1733 = 0.945784; −1 = -0.054216; /(L·S=-0.0154272) → 3.5143; beyond ±3: SD3=21.441063 SD2=19.544910 → 3.5585
  { name: "ac girl 1500 d above +3 (restricted)", indicator: "acfa", table: "ac", sex: "P", days: 1500, visitDate: "2025-04-23", muacCm: 22.5, z: 3.56 },
];

function ok(r: IndicatorResult | undefined): Extract<IndicatorResult, { ok: true }> {
  if (!r || !r.ok) throw new Error(`expected a z-score, got ${JSON.stringify(r)}`);
  return r;
}
function err(r: IndicatorResult | undefined): Extract<IndicatorResult, { ok: false }> {
  if (!r || r.ok) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  // Never a number standing in for an error.
  expect("z" in r).toBe(false);
  return r;
}
const assess = (input: GrowthInput): GrowthAssessment => assessGrowth(input, tables);

describe("golden z-scores from the published WHO rows", () => {
  it("has at least 40 cases over every indicator and both sexes", () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(40);
    for (const ind of ["wfa", "lhfa", "wflh", "bmifa", "hcfa", "acfa"] as const) {
      for (const sex of ["L", "P"] as const) expect(GOLDEN.some((g) => g.indicator === ind && g.sex === sex)).toBe(true);
    }
  });

  it.each(GOLDEN)("$name → $z", (g) => {
    const a = assess({ sex: g.sex, birthDate: BIRTH, visitDate: g.visitDate, weightKg: g.weightKg, lengthCm: g.lengthCm, measured: g.measured, headCm: g.headCm, muacCm: g.muacCm });
    expect(a.ageDays).toBe(g.days);
    const r = ok(a.results[g.indicator]);
    expect(r.table).toBe(g.table);
    expect(r.z).toBe(g.z);
  });
});

describe("length and height around 24 months", () => {
  it("names PB/U and BB/PB below 731 days, TB/U and BB/TB from 731", () => {
    const before = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-03-15", weightKg: 11, lengthCm: 84 }); // 730 days
    const after = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-03-16", weightKg: 11, lengthCm: 84 }); // 731 days
    expect(before.results.lhfa?.short.id).toBe("PB/U");
    expect(before.results.wflh?.short.id).toBe("BB/PB");
    expect(ok(before.results.wflh).table).toBe("wfl");
    expect(after.results.lhfa?.short.id).toBe("TB/U");
    expect(after.results.wflh?.short.id).toBe("BB/TB");
    expect(ok(after.results.wflh).table).toBe("wfh");
  });

  it("adds 0.7 cm to a standing height under 24 months and subtracts it from a lying length from 24 months", () => {
    const standing = assess({ sex: "P", birthDate: BIRTH, visitDate: "2022-07-28", lengthCm: 74, measured: "standing" }); // 500 days
    expect(standing.lengthUsed).toEqual({ cm: 74.7, as: "lying", convertedCm: 0.7 });
    const lying = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-03-16", lengthCm: 80.7, measured: "lying" }); // 731 days
    expect(lying.lengthUsed?.as).toBe("standing");
    expect(lying.lengthUsed?.cm).toBeCloseTo(80, 10);
    expect(lying.lengthUsed?.convertedCm).toBe(-0.7);
  });

  it("ignores a standing position under 9 months (as anthro) and warns", () => {
    // 200 days = 6.6 months: lenanthro.txt sex=2 age=200: L=1 M=66.6331 S=0.03443, looked up at 65.0 cm
    // (not 65.7): (65/66.6331 − 1)/0.03443 = (0.975491 − 1)/0.03443 = −0.7118 → −0.71 (65.7 would give −0.41)
    const a = assess({ sex: "P", birthDate: BIRTH, visitDate: "2021-10-01", lengthCm: 65, measured: "standing" });
    expect(a.ageDays).toBe(200);
    expect(ok(a.results.lhfa).value).toBe(65);
    expect(ok(a.results.lhfa).z).toBe(-0.71);
    expect(a.warnings.map((w) => w.code)).toContain("STANDING_UNDER_9_MONTHS");
  });

  it("errors (not a number) for weight-for-height above 120 cm and weight-for-length/height outside 45–110 / 65–120", () => {
    // 1500 days, 121 cm standing: past the last wfhanthro.txt row (120.0).
    const tall = assess({ sex: "L", birthDate: BIRTH, visitDate: "2025-04-23", weightKg: 24, lengthCm: 121, measured: "standing" });
    const e = err(tall.results.wflh).error;
    expect(e.code).toBe("LENGTH_OUT_OF_TABLE");
    expect(e.message.id).toBe("BB/TB hanya untuk 65–120 cm (dipakai 121 cm)");
    expect(e.message.en).toBe("WFH covers 65–120 cm only (used 121 cm)");
    // The other indicators are unaffected.
    expect(ok(tall.results.lhfa).table).toBe("len");
    expect(ok(tall.results.bmifa).table).toBe("bmi");

    // 120.7 cm lying at 1500 days is 120.0 cm standing: inside.
    expect(ok(assess({ sex: "L", birthDate: BIRTH, visitDate: "2025-04-23", weightKg: 23, lengthCm: 120.7, measured: "lying" }).results.wflh).z).toBe(0.3);
    // 65.5 cm lying at 800 days is 64.8 cm standing: below weight-for-height.
    expect(err(assess({ sex: "P", birthDate: BIRTH, visitDate: "2023-05-24", weightKg: 7, lengthCm: 65.5, measured: "lying" }).results.wflh).error.message.id).toBe(
      "BB/TB hanya untuk 65–120 cm (dipakai 64,8 cm)",
    );
    // 44.5 cm at 5 days: below weight-for-length (45 cm); length-for-age is still computed.
    const small = assess({ sex: "P", birthDate: BIRTH, visitDate: "2021-03-20", weightKg: 2.2, lengthCm: 44.5 });
    expect(err(small.results.wflh).error.code).toBe("LENGTH_OUT_OF_TABLE");
    expect(ok(small.results.lhfa).table).toBe("len");
  });
});

describe("errors are typed, bilingual and never numbers", () => {
  it("birth date in the future", () => {
    const a = assess({ sex: "L", birthDate: "2026-05-01", visitDate: "2026-03-01", today: "2026-03-01", weightKg: 5, lengthCm: 60 });
    expect(a.ageDays).toBeNull();
    const e = err(a.results.wfa).error;
    expect(e.code).toBe("BIRTH_DATE_IN_FUTURE");
    expect(e.message).toEqual({ id: "Tanggal lahir di masa depan", en: "Birth date is in the future" });
    for (const r of Object.values(a.results)) expect(r.ok).toBe(false);
    expect(a.flags).toEqual([]);
  });

  it("birth date after the visit (without today)", () => {
    const a = assess({ sex: "P", birthDate: "2025-02-01", visitDate: "2025-01-31", weightKg: 3 });
    expect(err(a.results.wfa).error.code).toBe("BIRTH_AFTER_VISIT");
    expect(err(a.results.wfa).error.message.id).toBe("Tanggal lahir sesudah tanggal kunjungan");
  });

  it("visit date in the future", () => {
    const a = assess({ sex: "P", birthDate: "2025-02-01", visitDate: "2026-04-01", today: "2026-03-01", weightKg: 9 });
    expect(err(a.results.wfa).error.code).toBe("VISIT_DATE_IN_FUTURE");
  });

  it("invalid dates", () => {
    expect(err(assess({ sex: "P", birthDate: "2024-02-30", visitDate: "2025-01-01", weightKg: 9 }).results.wfa).error.code).toBe("BIRTH_DATE_INVALID");
    expect(err(assess({ sex: "P", birthDate: "2024-02-01", visitDate: "1/1/2025", weightKg: 9 }).results.wfa).error.code).toBe("VISIT_DATE_INVALID");
  });

  it("BB 0 (and negative, NaN, over 60 kg) is an impossible weight; the length indicator is unaffected", () => {
    const a = assess({ sex: "L", birthDate: BIRTH, visitDate: "2022-03-15", weightKg: 0, lengthCm: 74.5 });
    for (const id of ["wfa", "wflh", "bmifa"] as const) {
      const e = err(a.results[id]).error;
      expect(e.code).toBe("WEIGHT_IMPLAUSIBLE");
      expect(e.message.id).toBe("Berat badan tidak mungkin untuk balita (harus lebih dari 0 dan paling banyak 60 kg): periksa kembali");
    }
    expect(ok(a.results.lhfa).z).toBe(-0.52);
    for (const w of [-1, Number.NaN, 60.1]) {
      expect(err(assess({ sex: "L", birthDate: BIRTH, visitDate: "2022-03-15", weightKg: w }).results.wfa).error.code).toBe("WEIGHT_IMPLAUSIBLE");
    }
    // 60 kg is the limit itself: a number (absurd, with an implausibility warning), not an error.
    const heavy = assess({ sex: "L", birthDate: BIRTH, visitDate: "2022-03-15", weightKg: 60 });
    expect(ok(heavy.results.wfa).z).toBeGreaterThan(5);
    expect(heavy.warnings.some((w) => w.code === "Z_IMPLAUSIBLE" && w.indicator === "wfa")).toBe(true);
  });

  it("missing sex gives a clear Indonesian error for every measured indicator", () => {
    for (const sex of [undefined, null, "" as never, "X" as never]) {
      const a = assess({ sex, birthDate: BIRTH, visitDate: "2022-03-15", weightKg: 9.6, lengthCm: 74.5, headCm: 45.5, muacCm: 14 });
      expect(Object.keys(a.results).sort()).toEqual(["acfa", "bmifa", "hcfa", "lhfa", "wfa", "wflh"]);
      for (const r of Object.values(a.results)) {
        const e = err(r).error;
        expect(e.code).toBe("SEX_MISSING");
        expect(e.message.id).toBe("Jenis kelamin belum diisi (L/P): z-score tidak dapat dihitung");
      }
      // LiLA cut-offs do not depend on sex.
      expect(a.lila?.category).toBe("normal");
    }
  });

  it("age over 60 months (1827 days) is refused; 1826 days is the last day", () => {
    const a = assess({ sex: "L", birthDate: BIRTH, visitDate: "2026-03-16", weightKg: 18.3 });
    expect(a.ageDays).toBe(1827);
    expect(err(a.results.wfa).error.code).toBe("AGE_OVER_60_MONTHS");
    expect(err(a.results.wfa).error.message.id).toContain("Umur di atas 60 bulan");
    expect(ok(assess({ sex: "L", birthDate: BIRTH, visitDate: "2026-03-15", weightKg: 18.3 }).results.wfa).z).toBe(-0.01);
  });

  it("impossible length, head and arm circumference", () => {
    const base = { sex: "P" as const, birthDate: BIRTH, visitDate: "2022-03-15" };
    expect(err(assess({ ...base, lengthCm: 37.9 }).results.lhfa).error.code).toBe("LENGTH_IMPLAUSIBLE");
    expect(err(assess({ ...base, lengthCm: 130.1 }).results.lhfa).error.code).toBe("LENGTH_IMPLAUSIBLE");
    expect(err(assess({ ...base, weightKg: 9, lengthCm: 130.1 }).results.wflh).error.code).toBe("LENGTH_IMPLAUSIBLE");
    expect(err(assess({ ...base, headCm: 24.9 }).results.hcfa).error.code).toBe("HEAD_IMPLAUSIBLE");
    expect(err(assess({ ...base, headCm: 60.1 }).results.hcfa).error.message.id).toBe("Lingkar kepala tidak mungkin (25–60 cm): periksa kembali");
    expect(err(assess({ ...base, muacCm: 5.9 }).results.acfa).error.code).toBe("MUAC_IMPLAUSIBLE");
    expect(err(assess({ ...base, muacCm: 30.1 }).results.acfa).error.code).toBe("MUAC_IMPLAUSIBLE");
    expect(ok(assess({ ...base, lengthCm: 38 }).results.lhfa).table).toBe("len");
  });

  it("arm circumference-for-age starts at 91 days", () => {
    const a = assess({ sex: "L", birthDate: BIRTH, visitDate: "2021-06-13", muacCm: 12 }); // 90 days
    expect(a.ageDays).toBe(90);
    const e = err(a.results.acfa).error;
    expect(e.code).toBe("AGE_BELOW_TABLE");
    expect(e.message.id).toBe("LiLA/U hanya dihitung mulai umur 91 hari (3 bulan)");
  });

  it("an indicator with no measurement is absent, not an error", () => {
    const a = assess({ sex: "L", birthDate: BIRTH, visitDate: "2022-03-15", weightKg: 9.6 });
    expect(Object.keys(a.results)).toEqual(["wfa"]);
    expect(a.errors).toEqual([]);
  });

  it("warns when a z-score is outside anthro's plausible range", () => {
    // 60 cm standing at 900 days: lenanthro.txt sex=1 age=900: M=91.6118 S=0.03691 → (60/91.6118 − 1)/0.03691 = −9.35
    const a = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-08-31", lengthCm: 60, measured: "standing" });
    expect(ok(a.results.lhfa).z).toBe(-9.35);
    expect(a.warnings).toContainEqual(expect.objectContaining({ code: "Z_IMPLAUSIBLE", indicator: "lhfa" }));
  });
});

describe("flags", () => {
  const res = (indicator: IndicatorId, z: number): IndicatorResult => ({
    indicator,
    short: { id: "", en: "" },
    name: { id: "", en: "" },
    ok: true,
    z,
    table: "wei",
    value: 0,
  });
  const codes = (indicator: IndicatorId, z: number) => growthFlags({ [indicator]: res(indicator, z) }).map((f) => f.code);

  it("stunting on PB/U–TB/U: < −2 stunted, < −3 severely stunted (−2.00 and −3.00 are on the milder side)", () => {
    expect(codes("lhfa", -1.99)).toEqual([]);
    expect(codes("lhfa", -2)).toEqual([]);
    expect(codes("lhfa", -2.01)).toEqual(["stunted"]);
    expect(codes("lhfa", -3)).toEqual(["stunted"]);
    expect(codes("lhfa", -3.01)).toEqual(["severely_stunted"]);
    expect(codes("lhfa", 4)).toEqual([]);
  });

  it("wasting and overweight on BB/PB–BB/TB", () => {
    expect(codes("wflh", -2.01)).toEqual(["wasted"]);
    expect(codes("wflh", -3.01)).toEqual(["severely_wasted"]);
    expect(codes("wflh", 1)).toEqual([]);
    expect(codes("wflh", 1.01)).toEqual(["possible_risk_of_overweight"]);
    expect(codes("wflh", 2)).toEqual(["possible_risk_of_overweight"]);
    expect(codes("wflh", 2.01)).toEqual(["overweight"]);
    expect(codes("wflh", 3)).toEqual(["overweight"]);
    expect(codes("wflh", 3.01)).toEqual(["obese"]);
  });

  it("underweight on BB/U; no overweight flags from BB/U", () => {
    expect(codes("wfa", -2)).toEqual([]);
    expect(codes("wfa", -2.5)).toEqual(["underweight"]);
    expect(codes("wfa", -3.2)).toEqual(["severely_underweight"]);
    expect(codes("wfa", 3.5)).toEqual([]);
  });

  it("every flag has Indonesian and English labels and a next step", () => {
    for (const f of Object.values(FLAGS)) {
      expect(f.label.id.length).toBeGreaterThan(2);
      expect(f.label.en.length).toBeGreaterThan(2);
      expect(f.next.id.length).toBeGreaterThan(20);
      expect(f.next.en.length).toBeGreaterThan(20);
    }
    expect(FLAGS.severely_wasted.label.id).toBe("Gizi buruk");
    expect(FLAGS.stunted.label.id).toBe("Pendek");
  });

  it("assessGrowth raises them from the golden rows", () => {
    // wflanthro.txt sex=1 75 → −4.14 (golden above); 6.8 kg at 400 days is also far below −3 on BB/U.
    const wasted = assess({ sex: "L", birthDate: BIRTH, visitDate: "2022-04-19", weightKg: 6.8, lengthCm: 75 }); // 400 days
    expect(ok(wasted.results.wflh).z).toBe(-4.14);
    const flagCodes = wasted.flags.map((f) => f.code);
    expect(flagCodes).toContain("severely_wasted");
    expect(flagCodes).toContain("severely_underweight");
    expect(wasted.flags.find((f) => f.code === "severely_wasted")).toMatchObject({ indicator: "wflh", severity: "severe", refer: true });

    // wflanthro.txt sex=2 78.35 → +3.44 (golden above): obese.
    const obese = assess({ sex: "P", birthDate: BIRTH, visitDate: "2022-11-05", weightKg: 13.5, lengthCm: 78.35 }); // 600 days
    expect(obese.flags.map((f) => f.code)).toContain("obese");

    // lenanthro.txt sex=1 age=730 → −2.55: stunted (not severe).
    const stunted = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-03-15", lengthCm: 80 });
    expect(stunted.flags.map((f) => f.code)).toEqual(["stunted"]);

    // lenanthro.txt sex=1 age=900 → −4.62: severely stunted.
    const severe = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-08-31", lengthCm: 76, measured: "standing" });
    expect(severe.flags.map((f) => f.code)).toEqual(["severely_stunted"]);
  });
});

describe("LiLA categories (6–59 months)", () => {
  it("< 11.5 gizi buruk, 11.5–< 12.5 gizi kurang, ≥ 12.5 normal", () => {
    expect(lilaCategory(11.4, 365)?.category).toBe("gizi_buruk");
    expect(lilaCategory(11.5, 365)?.category).toBe("gizi_kurang");
    expect(lilaCategory(12.4, 365)?.category).toBe("gizi_kurang");
    expect(lilaCategory(12.5, 365)?.category).toBe("normal");
    expect(lilaCategory(11.4, 365)?.flag).toMatchObject({ code: "lila_gizi_buruk", refer: true, severity: "severe" });
    expect(lilaCategory(12.5, 365)?.flag).toBeUndefined();
    expect(lilaCategory(11.4, 365)?.label.id).toBe("Gizi buruk (LiLA < 11,5 cm)");
  });

  it("applies from 6 months (183 days: 182 days is 5.98 months) to 59 months", () => {
    expect(lilaCategory(11, 182)).toBeUndefined();
    expect(lilaCategory(11, 183)?.category).toBe("gizi_buruk");
    expect(lilaCategory(11, 1826)?.category).toBe("gizi_buruk");
  });

  it("comes with the assessment and its flag", () => {
    // acanthro.txt sex=1 age=800 → −4.18 (golden above) and LiLA 11.0 < 11.5.
    const a = assess({ sex: "L", birthDate: BIRTH, visitDate: "2023-05-24", muacCm: 11 });
    expect(a.lila?.category).toBe("gizi_buruk");
    expect(a.flags.map((f) => f.code)).toEqual(["lila_gizi_buruk"]);
    // Under 6 months: a LiLA/U z-score but no category.
    const young = assess({ sex: "P", birthDate: BIRTH, visitDate: "2021-06-14", muacCm: 12 }); // 91 days
    expect(ok(young.results.acfa).z).toBe(-1);
    expect(young.lila).toBeUndefined();
  });
});

describe("N/T against the KBM", () => {
  it("KBM by age in months (KMS / Buku KIA)", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 59].map(kbmGrams)).toEqual([800, 900, 800, 600, 500, 400, 400, 300, 300, 300, 200, 200, 200, 200]);
    expect(kbmGrams(6.9)).toBe(400);
  });

  it("N when the gain reaches the KBM, T below it (weights compared in whole grams)", () => {
    // 6 months, KBM 400 g: 7.9 → 8.3 kg is exactly 400 g (8.3 − 7.9 = 0.40000000000000036 in binary).
    expect(weightGainStatus(7.9, "2025-01-10", 8.3, "2025-02-10", 6)).toBe("N");
    expect(weightGainStatus(7.9, "2025-01-10", 8.2, "2025-02-10", 6)).toBe("T");
    // 1 month, 800 g; 2 months, 900 g.
    expect(weightGainStatus(3.4, "2025-01-01", 4.2, "2025-02-01", 1)).toBe("N");
    expect(weightGainStatus(3.4, "2025-01-01", 4.1, "2025-02-01", 1)).toBe("T");
    expect(weightGainStatus(4.2, "2025-02-01", 5.1, "2025-03-03", 2)).toBe("N");
    expect(weightGainStatus(4.2, "2025-02-01", 5.0, "2025-03-03", 2)).toBe("T");
    // From 11 months, 200 g.
    expect(weightGainStatus(9.0, "2025-01-10", 9.2, "2025-02-12", 11)).toBe("N");
    expect(weightGainStatus(9.0, "2025-01-10", 9.1, "2025-02-12", 11)).toBe("T");
    expect(weightGainStatus(15.0, "2025-01-10", 15.2, "2025-02-12", 59)).toBe("N");
    // Weight loss or no change.
    expect(weightGainStatus(9.0, "2025-01-10", 8.8, "2025-02-12", 14)).toBe("T");
    expect(weightGainStatus(9.0, "2025-01-10", 9.0, "2025-02-12", 14)).toBe("T");
  });

  it("O when last month's weighing is missing (outside 20–45 days), B for the first weighing", () => {
    expect(weightGainStatus(9, "2025-01-22", 9.5, "2025-02-10", 14)).toBe("O"); // 19 days
    expect(weightGainStatus(9, "2025-01-21", 9.5, "2025-02-10", 14)).toBe("N"); // 20 days
    expect(weightGainStatus(9, "2025-01-01", 9.5, "2025-02-15", 14)).toBe("N"); // 45 days
    expect(weightGainStatus(9, "2025-01-01", 9.5, "2025-02-16", 14)).toBe("O"); // 46 days
    expect(weightGainStatus(undefined, undefined, 9.5, "2025-02-16", 14)).toBe("B");
    expect(weightGainStatus(null, null, 3.1, "2025-02-16", 0)).toBe("B");
  });

  it("throws a typed error for impossible input", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(GrowthInputError);
        return (e as GrowthInputError).code;
      }
      return "no error";
    };
    expect(code(() => weightGainStatus(9, "2025-03-01", 9.5, "2025-02-01", 14))).toBe("PREVIOUS_AFTER_CURRENT");
    expect(code(() => weightGainStatus(9, "2025-01-01", 0, "2025-02-01", 14))).toBe("WEIGHT_IMPLAUSIBLE");
    expect(code(() => weightGainStatus(0, "2025-01-01", 9, "2025-02-01", 14))).toBe("WEIGHT_IMPLAUSIBLE");
    expect(code(() => weightGainStatus(9, "2025-01-01", 9.5, "2025-02-31", 14))).toBe("VISIT_DATE_INVALID");
    expect(code(() => weightGainStatus(9, "2025-01-01", 9.5, "2025-02-01", 60))).toBe("AGE_OVER_60_MONTHS");
  });

  it("2T is two consecutive T at the latest weighings", () => {
    const t = (s: string) => s.split("") as NTStatus[];
    expect(is2T(t("NTT"))).toBe(true);
    expect(is2T(t("TT"))).toBe(true);
    expect(is2T(t("TTN"))).toBe(false);
    expect(is2T(t("TNT"))).toBe(false);
    expect(is2T(t("TOT"))).toBe(false);
    expect(is2T(t("T"))).toBe(false);
    expect(is2T([])).toBe(false);
  });
});

describe("curves for the growth chart", () => {
  it("weight-for-age, boys: monthly 0–60, month 12 = day 365", () => {
    const c = curves("wei", "L", tables);
    expect(c.xUnit).toBe("month");
    expect(c.x.length).toBe(61);
    expect(c.x[12]).toBe(12);
    expect(c.lines.map((l) => l.z)).toEqual([-3, -2, 0, 2, 3]);
    // weianthro.txt sex=1 age=365: L=0.0645 M=9.646 S=0.10925; y = M(1 + L·S·z)^(1/L), L·S = 0.007046625:
    // z=−3: 9.646 × (0.978860)^15.5039 = 6.9260; −2: 7.7407; 0: 9.6460; +2: 11.9833; +3: 13.3415
    expect(c.lines.map((l) => round2(l.y[12]!))).toEqual([6.93, 7.74, 9.65, 11.98, 13.34]);
  });

  it("length/height-for-age steps down at 24 months (day 731 is the first height row)", () => {
    const c = curves("len", "L", tables);
    // lenanthro.txt sex=1 age=731: L=1 M=87.1303 S=0.03508; y = M(1 + S·z): z=−3: 87.1303 × 0.89476 = 77.9607
    const median24 = c.lines.find((l) => l.z === 0)!.y[24]!;
    expect(median24).toBe(87.1303);
    expect(c.lines[0]!.y[24]).toBeCloseTo(77.9607, 4);
    expect(c.lines[4]!.y[24]).toBeCloseTo(96.2999, 4);
  });

  it("weight-for-length, girls: 1 cm steps 45–110", () => {
    const c = curves("wfl", "P", tables);
    expect(c.xUnit).toBe("cm");
    expect(c.x[0]).toBe(45);
    expect(c.x.at(-1)).toBe(110);
    expect(c.x.length).toBe(66);
    // wflanthro.txt sex=2 45: L=−0.3833 M=2.4607 S=0.09029: −3 SD 1.9017, −2 SD 2.0665, +2 SD 2.9671, +3 SD 3.2754
    expect(c.lines.map((l) => Number(l.y[0]!.toFixed(4)))).toEqual([1.9017, 2.0665, 2.4607, 2.9671, 3.2754]);
  });

  it("weight-for-height ends at 120 cm; arm circumference starts at month 3", () => {
    const wfh = curves("wfh", "L", tables);
    expect([wfh.x[0], wfh.x.at(-1), wfh.x.length]).toEqual([65, 120, 56]);
    // wfhanthro.txt sex=1 120: L=−0.3521 M=22.353 S=0.09424: +3 SD = 30.1071
    expect(wfh.lines[4]!.y.at(-1)).toBeCloseTo(30.1071, 4);
    const ac = curves("ac", "L", tables);
    expect(ac.x[0]).toBe(3);
    expect(ac.x.length).toBe(58);
    // acanthro.txt sex=1 age=91: L=0.3933 M=13.4779 S=0.07474: −2 SD 11.5536
    expect(ac.lines[1]!.y[0]).toBeCloseTo(11.5536, 4);
  });

  it("head circumference, girls at 60 months (day 1826), and a half-month step", () => {
    const c = curves("hc", "P", tables);
    // hcanthro.txt sex=2 age=1826: L=1 M=49.9225 S=0.0285: ±2 SD = 49.9225 × (1 ± 0.057) = 47.0769 / 52.7681
    expect(c.lines[1]!.y.at(-1)).toBeCloseTo(47.0769, 4);
    expect(c.lines[3]!.y.at(-1)).toBeCloseTo(52.7681, 4);
    expect(curves("hc", "P", tables, 0.5).x.length).toBe(121);
  });

  it("needs its table loaded", () => {
    expect(() => curves("wei", "L", {})).toThrow(/not loaded/);
  });
});

describe("LMS building blocks", () => {
  it("L = 0 uses the logarithm", () => {
    // ln(11/10)/0.1 = 0.0953102/0.1 = 0.953102; 10·e^(0.1·1) = 11.051709
    expect(lmsZ(11, 0, 10, 0.1)).toBeCloseTo(0.953102, 6);
    expect(lmsValue(1, 0, 10, 0.1)).toBeCloseTo(11.051709, 6);
  });

  it("restricted z equals plain z within ±3 and differs beyond", () => {
    // weianthro.txt sex=2 age=200: L=−0.0922 M=7.4995 S=0.12185 (golden: 4.0 kg → plain −5.31, restricted −4.87)
    expect(round2(lmsZ(4, -0.0922, 7.4995, 0.12185))).toBe(-5.31);
    expect(round2(restrictedZ(4, -0.0922, 7.4995, 0.12185))).toBe(-4.87);
    expect(restrictedZ(7, -0.0922, 7.4995, 0.12185)).toBe(lmsZ(7, -0.0922, 7.4995, 0.12185));
  });

  it("rounds half away from zero and never returns −0", () => {
    expect(round2(-0.004)).toBe(0);
    expect(Object.is(round2(-0.004), 0)).toBe(true);
    expect(round2(1.2351)).toBe(1.24);
    expect(round2(-1.2351)).toBe(-1.24);
  });

  it("age in completed days, UTC", () => {
    expect(ageInDays("2024-02-28", "2024-03-01")).toBe(2);
    expect(ageInDays("2023-02-28", "2023-03-01")).toBe(1);
    expect(ageInDays("2021-03-15", "2026-03-15")).toBe(1826);
    expect(ageInDays("2025-03-29", "2025-03-31")).toBe(2); // across the EU daylight-saving change
    expect(ageInDays("2024-13-01", "2025-01-01")).toBeNull();
    expect(isoDateToDays("2024-02-29")).not.toBeNull();
    expect(isoDateToDays("2023-02-29")).toBeNull();
  });
});

describe("tables: encoding, lazy loading and size", () => {
  it("base64 VLQ and the differenced columns round-trip", () => {
    const xs = [0, 1, -1, 15, -16, 16, 1000, -123456, 2 ** 40];
    expect(vlqDecode(vlqEncode(xs))).toEqual(xs);
    const ints = [34462, 34562, 34662, 34760, 34857, 34953];
    for (const order of [0, 1, 2, 3]) expect(Array.from(unpackColumn(packColumn(ints, order), 4, ints.length))).toEqual(ints.map((i) => i / 1e4));
  });

  it("decodes each table once", async () => {
    expect(await loadTable("wei")).toBe(await loadTable("wei"));
    expect(await loadTable("wei")).toBe(tables.wei);
  });

  it("the named ranges match the tables", () => {
    expect(tableRange(tables.wfl)).toEqual(WFL_RANGE_CM);
    expect(tableRange(tables.wfh)).toEqual(WFH_RANGE_CM);
    expect(tableRange(tables.wei).max).toBe(MAX_AGE_DAYS);
    expect(tableRange(tables.ac).min).toBe(MUAC_FOR_AGE_MIN_DAYS);
  });

  it("spot rows equal the published values", () => {
    // weianthro.txt sex=1 age=365: 0.0645 9.646 0.10925; wfhanthro.txt sex=2 120: −0.3833 22.8173 0.09828
    expect([tables.wei.l[0][365], tables.wei.m[0][365], tables.wei.s[0][365]]).toEqual([0.0645, 9.646, 0.10925]);
    expect([tables.wfh.l[1][550], tables.wfh.m[1][550], tables.wfh.s[1][550]]).toEqual([-0.3833, 22.8173, 0.09828]);
  });

  const sourceDir = path.resolve(import.meta.dirname, "../../../shared/data/who-growth-standards");
  it.skipIf(!existsSync(sourceDir))("every cell equals the WHO source file", async () => {
    const files: Record<TableId, string> = { wei: "weianthro", len: "lenanthro", wfl: "wflanthro", wfh: "wfhanthro", bmi: "bmianthro", hc: "hcanthro", ac: "acanthro" };
    for (const [id, file] of Object.entries(files) as [TableId, string][]) {
      const t = unpackTable((await import(`../../domain/growth/tables/${id}.ts`)).table);
      const lines = readFileSync(path.join(sourceDir, `${file}.txt`), "utf8").split(/\r?\n/).slice(1).filter(Boolean);
      expect(lines.length).toBe(t.count * 2);
      for (const line of lines) {
        const [sex, x, l, m, s] = line.split("\t");
        const k = (Number(sex) - 1) as 0 | 1;
        const i = Math.round((Number(x) - t.start) / t.step);
        expect([t.l[k][i], t.m[k][i], t.s[k][i]]).toEqual([Number(l), Number(m), Number(s)]);
      }
    }
  });

  it("all tables together stay within 40 KB gzip", () => {
    const dir = path.resolve(import.meta.dirname, "../../domain/growth/tables");
    const total = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length, 0);
    console.log(`WHO growth tables: ${(total / 1024).toFixed(1)} KB gzip (budget 40 KB)`);
    expect(total).toBeLessThanOrEqual(40 * 1024);
  });
});
