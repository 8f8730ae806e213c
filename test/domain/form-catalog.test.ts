import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../domain/access/policy.ts";
import { FORM_CATALOG } from "../../domain/forms/catalog.ts";
import { isFormChunks } from "../../domain/forms/chunks.ts";
import { currentForms, FORMS, formsFor, formKey, getForm } from "../../domain/forms/index.ts";
import { currentFormMetas, formMeta, formMetasFor, formMetasForRole } from "../../domain/forms/meta.ts";
import { registeredForm } from "../../domain/forms/registry.ts";
import { CLINICAL_ROLES, FORM_ROLES, formRoles, mayEnterForm } from "../../domain/forms/roles.ts";
import { CATALOG_PATH, renderCatalog } from "../../scripts/gen-form-catalog.ts";

/**
 * Issue 15: the PWA reads form metadata from domain/forms/catalog.ts (generated from the
 * definitions) and loads each definition as its own chunk. These tests keep the catalogue and the
 * definitions one truth, and keep the rules' imports from pulling every definition back in.
 */

const root = path.resolve(import.meta.dirname, "..", "..");

describe("form catalogue", () => {
  it("is current: regenerate with `npx tsx scripts/gen-form-catalog.ts`", async () => {
    expect(readFileSync(CATALOG_PATH, "utf8")).toBe(await renderCatalog());
  });

  it("has one entry per published version, agreeing with the definition", () => {
    expect(FORM_CATALOG.map((m) => formKey(m.id, m.version))).toEqual(Object.keys(FORMS));
    for (const m of FORM_CATALOG) {
      const def = getForm(m.id, m.version)!;
      expect({ id: m.id, version: m.version, title: m.title, cluster: m.cluster, appliesTo: m.appliesTo, needs: m.needs }).toEqual({
        id: def.id, version: def.version, title: def.title, cluster: def.cluster, appliesTo: def.appliesTo, needs: def.needs,
      });
      expect(m.roles).toEqual(formRoles(m.id));
      // The module named is the file that exports this very definition (the PWA's chunk).
      expect(readdirSync(path.join(root, "domain/forms"))).toContain(`${m.module}.ts`);
    }
    expect(currentFormMetas().map((m) => formKey(m.id, m.version))).toEqual(currentForms().map((f) => formKey(f.id, f.version)));
  });

  it("each module exports the definition it is catalogued with", async () => {
    for (const m of FORM_CATALOG) {
      const mod: Record<string, unknown> = await import(`../../domain/forms/${m.module}.ts`);
      expect(Object.values(mod)).toContain(getForm(m.id, m.version));
    }
  });

  it("offers the same forms, in the same order, as formsFor over the definitions", () => {
    const persons = [
      { sex: "P" as const, birthDate: "1998-04-02", pregnant: true },
      { sex: "P" as const, birthDate: "2001-01-10", pregnant: false, lastDeliveryDate: "2026-02-20" },
      { sex: "L" as const, birthDate: "2024-06-01" },
      { sex: "L" as const, birthDate: "2026-02-25" },
      { sex: "P" as const, birthDate: "2018-05-05" },
      { sex: "L" as const, birthDate: "1950-01-01" },
      { sex: null, birthDate: null },
    ];
    for (const p of persons) {
      expect(formMetasFor(p, "2026-03-01").map((m) => m.id)).toEqual(formsFor(p, "2026-03-01").map((f) => f.id));
      for (const role of ROLES) expect(formMetasFor(p, "2026-03-01", role).map((m) => m.id)).toEqual(formsFor(p, "2026-03-01", role).map((f) => f.id));
    }
  });

  it("registers every published definition for the rules (worker side)", () => {
    for (const key of Object.keys(FORMS)) {
      const [id, v] = key.split("@") as [string, string];
      expect(registeredForm(id, Number(v))).toBe(FORMS[key]);
    }
  });
});

describe("which roles enter which forms", () => {
  it("keeps every form published before issue 15 for the puskesmas, the pustu and the kader", () => {
    for (const id of ["anc", "nifas", "neonatal", "balita", "imunisasi", "remaja", "ptm", "lansia", "tb", "malaria", "kunjungan-rumah"]) {
      for (const role of ["puskesmas", "pustu", "kader"] as const) expect(mayEnterForm(role, id), `${role} ${id}`).toBe(true);
    }
  });

  it("gives the clinical forms to the pustu and the puskesmas only, SDIDTK to the kader too", () => {
    for (const id of ["mtbs", "persalinan", "kb", "catin", "anak-sekolah", "gigi", "lansia-lanjutan"]) {
      expect(formRoles(id), id).toEqual(CLINICAL_ROLES);
      expect(mayEnterForm("kader", id)).toBe(false);
    }
    expect(mayEnterForm("kader", "sdidtk")).toBe(true);
    expect(mayEnterForm("pustu", "sdidtk")).toBe(true);
    // A form nobody listed is clinical: a new form reaches a kader only by being listed.
    expect(formRoles("formulir-baru")).toEqual(CLINICAL_ROLES);
  });

  it("gives the camat, the mitra and the dinkes no form", () => {
    for (const role of ["camat", "mitra", "dinkes"] as const) {
      expect(formMetasForRole(role)).toEqual([]);
      for (const roles of Object.values(FORM_ROLES)) expect(roles).not.toContain(role);
    }
  });

  it("gives a kader's phone no MTBS and a pustu's phone every form", () => {
    const kader = formMetasForRole("kader").map((m) => m.id);
    if (formMeta("mtbs", 1)) expect(kader).not.toContain("mtbs");
    expect(new Set(formMetasForRole("pustu").map((m) => m.id))).toEqual(new Set(FORM_CATALOG.map((m) => m.id)));
  });
});

describe("imports that would bundle every definition", () => {
  /** Static imports of forms/index.ts (type-only imports are erased and do not count). */
  const importsIndex = (file: string) =>
    readFileSync(file, "utf8")
      .split("\n")
      .some((line) => /^import\s+(?!type\b)/.test(line) && /from\s+["'][./]*(?:\.\.\/)*(?:domain\/)?forms\/index\.ts["']/.test(line));
  const tsFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

  it("no rule and no PWA module imports domain/forms/index.ts (the worker does)", () => {
    const offenders = [...tsFiles(path.join(root, "domain/rules")), ...tsFiles(path.join(root, "web/src")), ...["meta", "catalog", "registry", "engine", "chunks", "roles"].map((f) => path.join(root, `domain/forms/${f}.ts`))]
      .filter(importsIndex)
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it("the check above sees such an import", () => {
    expect(/from\s+["'][./]*(?:\.\.\/)*(?:domain\/)?forms\/index\.ts["']/.test('import { getForm } from "../forms/index.ts";')).toBe(true);
    expect(/from\s+["'][./]*(?:\.\.\/)*(?:domain\/)?forms\/index\.ts["']/.test('import { x } from "../../../../domain/forms/index.ts";')).toBe(true);
  });

  it("form-chunks.json's shape is checked before use", () => {
    expect(isFormChunks({ lazy: { "mtbs-v1": ["assets/form-mtbs-v1-x.js"] }, core: ["anc-v1"] })).toBe(true);
    expect(isFormChunks({ lazy: { "mtbs-v1": "assets/form-mtbs-v1-x.js" }, core: [] })).toBe(false);
    expect(isFormChunks(null)).toBe(false);
  });
});
