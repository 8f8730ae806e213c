/** See loadRules in clinical.ts: this chunk carries the rules chunk's dependency list. */
export const importRules = () => import("./rules-loaded.ts");
