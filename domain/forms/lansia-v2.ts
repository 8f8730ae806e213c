import { LANSIA_V1 } from "./lansia-v1.ts";
import { smokingFlagsV2, smokingSectionV2 } from "./ptm-parts.ts";
import type { Flag, FormDefinition, Section } from "./types.ts";

/**
 * Lansia version 2: version 1 (unchanged, still valid for the records that point at it) with PUMA
 * as the Kemenkes PUMA form scores it (issue 15): every lansia (all are ≥ 40) answers the PUMA
 * items, a never-smoker's pack-years item scores 0, and a score > 7 refers to the puskesmas for
 * spirometry (v1: smokers only, ≥ 6). Same field and flag ids as v1. (The SKILAS follow-up
 * instruments are separate forms, lansia-lanjutan.)
 */

// A fresh copy: version 1 is published and must never share mutable objects with version 2.
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const curigaPpok = smokingFlagsV2().find((f) => f.id === "curiga_ppok")!;

export const LANSIA_V2: FormDefinition = {
  ...clone(LANSIA_V1),
  version: 2,
  sections: clone(LANSIA_V1.sections).map((s: Section) => (s.id === "merokok_puma" ? smokingSectionV2() : s)),
  flags: clone(LANSIA_V1.flags ?? []).map((f: Flag) => (f.id === "curiga_ppok" ? curigaPpok : f)),
};
