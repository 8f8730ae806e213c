import type { FormDefinition } from "./types.ts";

/**
 * The form definitions this process has loaded, for rules that need one by key (computeTasks
 * re-deriving a record stored by older code). The worker registers every published definition
 * (index.ts does it on import); the PWA registers each definition as its chunk loads
 * (web/src/forms-loader.ts), so the rules chunk carries no definition of its own (issue 15).
 */
const LOADED = new Map<string, FormDefinition>();

export function registerForm(def: FormDefinition): void {
  LOADED.set(`${def.id}@${def.version}`, def);
}

/** A loaded definition, or undefined when it is not published or not loaded (yet). */
export function registeredForm(id: string, version: number): FormDefinition | undefined {
  return LOADED.get(`${id}@${version}`);
}
