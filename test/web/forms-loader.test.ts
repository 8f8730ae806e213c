import { describe, expect, it } from "vitest";
// Not domain/forms/index.ts: that would register every definition and hide what the loader does.
import { FORM_CATALOG } from "../../domain/forms/catalog.ts";
import { registeredForm } from "../../domain/forms/registry.ts";
import { forms, getForm, loadAllForms, loadCurrentForm, loadForm, loadForms } from "../../web/src/forms-loader.ts";
import { scopeTasks } from "../../web/src/clinical.ts";
import { app } from "../../web/src/state.ts";
import type { Person, VisitRecord } from "../../web/src/util/people.ts";
import { freshStore } from "./fakes.ts";

/**
 * Issue 15: on the phone each form definition is its own chunk, loaded on demand into the domain
 * registry, where getForm and the rules (computeTasks) find it. Until then the catalogue answers
 * what screens need without definitions.
 */
describe("Home tasks load the definitions of records with no stored derivation", () => {
  it("registers the form of a stale record before computing the tasks", async () => {
    // First in this file: nothing is loaded yet.
    expect(registeredForm("neonatal", 1)).toBeUndefined();
    app.store = await freshStore();
    const HH = "0190a000-0000-7000-8000-aaaaaaaaaaab";
    const BABY = "0190a000-0000-7000-8000-ccccccccccce";
    const person: Person = { householdId: HH, name: "Bayi Uji", sex: "P", birthDate: "2026-11-10", birthDatePrecision: "day", nik: null, relation: "anak", phone: null, jkn: null, pregnant: false };
    await app.store.save("household", HH, { desaCode: "18.04.01.2001", dusunId: null, rt: "001", address: null, noKk: null } as Record<string, unknown>);
    await app.store.save("person", BABY, person as unknown as Record<string, unknown>);
    // Saved by older code: no `derived`, so computeTasks derives it and needs the definition.
    const record: VisitRecord = { personId: BABY, formId: "neonatal", formVersion: 1, visitDate: "2026-11-12", facilityId: null, data: {} };
    await app.store.save("record", "0190a000-0000-7000-8000-dddddddddddf", record as unknown as Record<string, unknown>);
    await scopeTasks(101, "2026-11-20");
    expect(registeredForm("neonatal", 1)?.id).toBe("neonatal");
  });

  it("loads none for a form the user's role does not enter (a kader's phone and a pustu's MTBS record)", async () => {
    expect(registeredForm("mtbs", 1)).toBeUndefined();
    app.store = await freshStore();
    app.session = { token: "t", deviceId: "d", deviceName: null, enrolledAt: 0, user: { id: "u", name: "Kader Uji", role: "kader", areaCode: "18.04.01.2001", dusunId: null, officeId: null } };
    const HH = "0190a000-0000-7000-8000-aaaaaaaaaaac";
    const CHILD = "0190a000-0000-7000-8000-cccccccccccf";
    const person: Person = { householdId: HH, name: "Anak Uji", sex: "L", birthDate: "2024-06-01", birthDatePrecision: "day", nik: null, relation: "anak", phone: null, jkn: null, pregnant: false };
    await app.store.save("household", HH, { desaCode: "18.04.01.2001", dusunId: null, rt: "001", address: null, noKk: null } as Record<string, unknown>);
    await app.store.save("person", CHILD, person as unknown as Record<string, unknown>);
    const mtbs: VisitRecord = { personId: CHILD, formId: "mtbs", formVersion: 1, visitDate: "2026-11-12", facilityId: null, data: {} };
    const tb: VisitRecord = { personId: CHILD, formId: "tb", formVersion: 1, visitDate: "2026-11-12", facilityId: null, data: {} };
    await app.store.save("record", "0190a000-0000-7000-8000-ddddddddddd1", mtbs as unknown as Record<string, unknown>);
    await app.store.save("record", "0190a000-0000-7000-8000-ddddddddddd2", tb as unknown as Record<string, unknown>);
    await scopeTasks(102, "2026-11-20");
    expect(registeredForm("mtbs", 1)).toBeUndefined();
    expect(registeredForm("tb", 1)?.id).toBe("tb");
    app.session = null;
  });
});

describe("forms loader", () => {
  it("knows no definition before it loads one, and the loaded one afterwards", async () => {
    expect(getForm("mtbs", 1)).toBeUndefined();
    expect(registeredForm("mtbs", 1)).toBeUndefined();
    const def = await loadForm("mtbs", 1);
    expect(def).toMatchObject({ id: "mtbs", version: 1 });
    expect(def!.sections.length).toBeGreaterThan(0);
    expect(getForm("mtbs", 1)).toBe(def);
    expect(registeredForm("mtbs", 1)).toBe(def);
    // Loading again answers the same object, with no second import.
    expect(await loadForm("mtbs", 1)).toBe(def);
    // Only what was asked for: another form is still not loaded.
    expect(getForm("kb", 1)).toBeUndefined();
  });

  it("answers undefined for a version nobody published", async () => {
    expect(await loadForm("anc", 99)).toBeUndefined();
    expect(await loadForm("tidak-ada", 1)).toBeUndefined();
  });

  it("loads the newest version of a form, and several at once", async () => {
    const anc = await loadCurrentForm("anc");
    const newest = Math.max(...FORM_CATALOG.filter((m) => m.id === "anc").map((m) => m.version));
    expect(anc).toMatchObject({ id: "anc", version: newest });
    await loadForms([{ formId: "nifas", formVersion: 1 }, { formId: "tb", formVersion: 1 }, { formId: "nifas", formVersion: 1 }]);
    expect(getForm("nifas", 1)?.id).toBe("nifas");
    expect(getForm("tb", 1)?.id).toBe("tb");
  });

  it("loads every catalogued version, each the definition its catalogue entry describes", async () => {
    await loadAllForms();
    for (const m of FORM_CATALOG) {
      const def = getForm(m.id, m.version);
      expect(def, `${m.id}@${m.version}`).toBeDefined();
      expect({ title: def!.title, cluster: def!.cluster, appliesTo: def!.appliesTo }).toEqual({ title: m.title, cluster: m.cluster, appliesTo: m.appliesTo });
    }
  });

  it("offers a person only the forms of the user's role (the catalogue, no definition needed)", () => {
    const child = { sex: "L" as const, birthDate: "2024-06-01" };
    const ids = (role: "pustu" | "kader" | "camat") => forms.formsFor(child, "2026-11-20", role).map((f) => f.id);
    expect(ids("pustu")).toEqual(expect.arrayContaining(["balita", "mtbs"]));
    expect(ids("kader")).toContain("balita");
    expect(ids("kader")).not.toContain("mtbs");
    expect(ids("camat")).toEqual([]);
  });
});
