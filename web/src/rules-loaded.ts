/**
 * The rules chunk as the phone loads it (web/src/clinical.ts loadRules): the domain rules and the
 * form loader together, so Home can load the definitions of records with no stored derivation
 * (issue 15) without a second dynamic import, and its list of chunks, on the first load.
 */
export * from "../../domain/rules/index.ts";
export { loadForms, roleEnters } from "./forms-loader.ts";
