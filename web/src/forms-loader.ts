import { useEffect, useState } from "preact/hooks";
import type { Role } from "../../domain/access/policy.ts";
import { FORM_CATALOG } from "../../domain/forms/catalog.ts";
import { activeFlags, fieldById, fields } from "../../domain/forms/engine.ts";
import {
  currentFormMeta, currentFormMetas, formContext, formKey, formMeta, formMetasFor, lastDeliveryDate, type FormMeta,
} from "../../domain/forms/meta.ts";
import { registerForm, registeredForm } from "../../domain/forms/registry.ts";
import type { FormDefinition } from "../../domain/forms/types.ts";

/**
 * Form definitions on the phone (issue 15): one lazy chunk per definition file, loaded when a form
 * opens (or by the role's warm-up, pwa.ts), and kept in the domain registry (domain/forms/registry.ts)
 * so `getForm` answers at once afterwards and the rules (computeTasks) find them. What a screen needs
 * before that (which forms fit a person, titles, roles) is the catalogue (domain/forms/catalog.ts),
 * a few KB with no definition in it. The worker does not import this module: it has every
 * definition (domain/forms/index.ts).
 */

/**
 * One loader per definition file: Vite makes each its own chunk (`assets/form-<file>-<hash>.js`,
 * web/vite.config.ts), which the service worker does not precache; the warm-up puts a role's
 * chunks in the runtime cache the service worker serves them from.
 */
const MODULES = import.meta.glob<Record<string, unknown>>("../../domain/forms/*-v*.ts");
const moduleLoader = (module: string) => MODULES[`../../domain/forms/${module}.ts`];

/** A form version, as records name it. */
export interface FormRef {
  formId: string;
  formVersion: number;
}

const isDefinitionOf = (v: unknown, id: string, version: number): v is FormDefinition =>
  typeof v === "object" && v !== null && "sections" in v && "id" in v && v.id === id && "version" in v && v.version === version;

const pending = new Map<string, Promise<FormDefinition | undefined>>();

/** A loaded definition (undefined: not published, or not loaded yet: see loadForm). */
export function getForm(id: string, version: number): FormDefinition | undefined {
  return registeredForm(id, version);
}

/**
 * Load one form version's chunk (from the runtime cache when offline). Undefined when the version
 * is not published; a failed download rejects, and the next call tries again.
 */
export function loadForm(id: string, version: number): Promise<FormDefinition | undefined> {
  const have = registeredForm(id, version);
  if (have) return Promise.resolve(have);
  const key = formKey(id, version);
  const meta = formMeta(id, version);
  const load = meta && moduleLoader(meta.module);
  if (!load) return Promise.resolve(undefined);
  let p = pending.get(key);
  if (!p) {
    p = load().then((mod) => {
      const def = Object.values(mod).find((v) => isDefinitionOf(v, id, version));
      if (def) registerForm(def);
      return def;
    });
    pending.set(key, p);
    p.catch(() => pending.delete(key));
  }
  return p;
}

/** The newest version of a form, loaded. */
export function loadCurrentForm(id: string): Promise<FormDefinition | undefined> {
  const meta = currentFormMeta(id);
  return meta ? loadForm(meta.id, meta.version) : Promise.resolve(undefined);
}

/**
 * Load several form versions (the distinct ones of some records); unknown ones are skipped. Never
 * rejects: a chunk that cannot be fetched (offline, not warmed) is left out and its key returned,
 * so callers go on with what they have (a record without its definition keeps its stored flags).
 */
export async function loadForms(refs: Iterable<FormRef>): Promise<string[]> {
  const keys = new Map<string, FormRef>();
  for (const r of refs) if (!registeredForm(r.formId, r.formVersion)) keys.set(formKey(r.formId, r.formVersion), r);
  const results = await Promise.allSettled([...keys.values()].map((r) => loadForm(r.formId, r.formVersion)));
  return [...keys.keys()].filter((_, i) => results[i]!.status === "rejected");
}

/** Does this role enter this form (the catalogue's roles)? */
export function roleEnters(role: Role, formId: string): boolean {
  return !!currentFormMeta(formId)?.roles.includes(role);
}

/** Every published version (the admin's form list). */
export function loadAllForms(): Promise<string[]> {
  return loadForms(FORM_CATALOG.map((m) => ({ formId: m.id, formVersion: m.version })));
}

/**
 * What screens use: the catalogue's answers at once, and the definitions of the forms they asked
 * for once those have loaded.
 */
export const forms = {
  getForm,
  formKey,
  formMeta,
  currentFormMetas,
  formsFor: formMetasFor,
  lastDeliveryDate,
  formContext,
  activeFlags,
  fieldById,
  fields,
  catalog: FORM_CATALOG,
} as const;
export type FormsApi = typeof forms;

/**
 * The forms API once the given form versions have loaded (null until then; a failed download
 * still answers, without those definitions: screens fall back to the stored derivation).
 */
export function useForms(refs: readonly FormRef[] = []): FormsApi | null {
  const wanted = refs.filter((r) => !registeredForm(r.formId, r.formVersion));
  const key = [...new Set(wanted.map((r) => formKey(r.formId, r.formVersion)))].sort().join(",");
  const [doneKey, setDoneKey] = useState<string | null>(key === "" ? "" : null);
  useEffect(() => {
    if (key === "") return;
    let live = true;
    void loadForms(wanted).then((failed) => {
      if (failed.length) console.warn("form definitions did not load", failed);
      if (live) setDoneKey(key);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return key === "" || doneKey === key ? forms : null;
}

/** One form version's definition: undefined while it loads, null when it is unknown or failed. */
export function useForm(ref: FormRef | { formId: string; formVersion?: undefined } | null): FormDefinition | null | undefined {
  const meta = ref ? (ref.formVersion === undefined ? currentFormMeta(ref.formId) : formMeta(ref.formId, ref.formVersion)) : undefined;
  const have = meta ? registeredForm(meta.id, meta.version) : undefined;
  const [, setTick] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const key = meta ? formKey(meta.id, meta.version) : "";
  useEffect(() => {
    if (!meta || have) return;
    let live = true;
    loadForm(meta.id, meta.version).then(
      (d) => live && (d ? setTick((n) => n + 1) : setFailed(key)),
      (e: unknown) => {
        console.warn("form definition did not load", e);
        if (live) setFailed(key);
      },
    );
    return () => {
      live = false;
    };
  }, [key, !!have]);
  if (!ref) return null;
  if (!meta) return null;
  if (have) return have;
  return failed === key ? null : undefined;
}

export type { FormMeta };
