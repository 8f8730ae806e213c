import { PUMA_REFER_ABOVE, smokingFlagsV2, smokingSectionV2 } from "./ptm-parts.ts";
import { PTM_V1 } from "./ptm-v1.ts";
import type { Flag, FormDefinition, Section } from "./types.ts";

/**
 * PTM version 2: version 1 (unchanged, still valid for the records that point at it) with PUMA
 * as the Kemenkes PUMA form scores it (issue 15): the PUMA items are asked of everyone aged
 * ≥ 40, a never-smoker's pack-years item scores 0, and a score > PUMA_REFER_ABOVE (7) refers
 * to the puskesmas for spirometry (v1: smokers only, ≥ 6). Same field and flag ids as v1.
 */
export { PUMA_REFER_ABOVE };

// A fresh copy: version 1 is published and must never share mutable objects with version 2.
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const curigaPpok = smokingFlagsV2().find((f) => f.id === "curiga_ppok")!;

export const PTM_V2: FormDefinition = {
  ...clone(PTM_V1),
  version: 2,
  sections: clone(PTM_V1.sections).map((s: Section) => (s.id === "merokok_puma" ? smokingSectionV2() : s)),
  flags: clone(PTM_V1.flags ?? []).map((f: Flag) => (f.id === "curiga_ppok" ? curigaPpok : f)),
};
