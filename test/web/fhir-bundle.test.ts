import { describe, expect, it } from "vitest";
import { fhirEn, fhirId } from "../../web/src/i18n/interop-fhir.ts";
import { BUNDLE_HEAD, bundleFileName, collectBundle, groupUnexported, periodQuery, summaryColumns, type FhirApi, type FhirPage } from "../../web/src/screens/interop/fhir-bundle.ts";

/** The SATUSEHAT export panel's client side (issue 13): pages joined into one transaction Bundle file. */

function fakePage(n: number, next: string | null, entries: number): FhirPage {
  return {
    desa: { code: "18.04.10.2001", name: "Kembahang" }, period: { from: "2026-11-01", to: "2026-11-30" },
    organizationId: "org", organizationConfigured: n !== 2,
    bundle: {
      resourceType: "Bundle", type: "transaction",
      entry: Array.from({ length: entries }, (_, i) => ({ fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(n * 100 + i).padStart(12, "0")}`, resource: { resourceType: i === 0 ? "Patient" : "Encounter" }, request: { method: "POST", url: i === 0 ? "Patient" : "Encounter" } })),
    },
    unexported: [{ entity: "person", id: `p${n}`, reason: "no_nik", personId: `p${n}`, name: `Ibu ${n}` }],
    counts: entries ? { Patient: 1, Encounter: entries - 1 } : {},
    persons: 2, nextCursor: next,
  };
}

describe("collectBundle", () => {
  it("follows nextCursor and joins every page's entries into one valid transaction Bundle", async () => {
    const asked: (string | null | undefined)[] = [];
    const pages: Record<string, FhirPage> = { "": fakePage(1, "c1", 3), c1: fakePage(2, "c2", 0), c2: fakePage(3, null, 2) };
    const api: FhirApi = {
      page: async (q) => (asked.push(q.cursor), pages[q.cursor ?? ""]!),
      summary: async () => { throw new Error("unused"); },
    };
    const progress: number[] = [];
    const out = await collectBundle(api, "18.04.10.2001", { month: "2026-11" }, (p) => progress.push(p.page));
    expect(asked).toEqual([undefined, "c1", "c2"]);
    expect(progress).toEqual([1, 2, 3]);
    expect(out.pages).toBe(3);
    expect(out.entries).toBe(5);
    const text = await out.blob.text();
    expect(text.startsWith(BUNDLE_HEAD)).toBe(true);
    const bundle = JSON.parse(text) as { resourceType: string; type: string; entry: { fullUrl: string; request: { method: string } }[] };
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("transaction");
    expect(bundle.entry).toHaveLength(5);
    expect(new Set(bundle.entry.map((e) => e.fullUrl)).size).toBe(5);
    expect(bundle.entry.every((e) => e.request.method === "POST")).toBe(true);
    expect(out.counts).toEqual({ Patient: 2, Encounter: 3 });
    expect(out.unexported.map((u) => u.id)).toEqual(["p1", "p2", "p3"]);
    expect(out.organizationConfigured).toBe(false);
  });

  it("an empty period is an empty, still valid Bundle", async () => {
    const api: FhirApi = { page: async () => fakePage(1, null, 0), summary: async () => { throw new Error("unused"); } };
    const out = await collectBundle(api, "18.04.10.2001", { month: "2026-11" });
    expect(JSON.parse(await out.blob.text())).toEqual({ resourceType: "Bundle", type: "transaction", entry: [] });
  });
});

describe("helpers", () => {
  it("periods, file names, columns and groups", () => {
    expect(periodQuery("month", "2026-11")).toEqual({ month: "2026-11" });
    expect(periodQuery("year", "2026")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(bundleFileName("18.04.10.2001", { month: "2026-11" })).toBe("satusehat-18.04.10.2001-2026-11.json");
    expect(bundleFileName("18.04.10.2001", periodQuery("year", "2026"))).toBe("satusehat-18.04.10.2001-2026.json");
    expect(summaryColumns({ Patient: 2, Encounter: 3, Observation: 10, Immunization: 1, Condition: 2 })).toEqual({ patients: 2, encounters: 3, observations: 10, others: 3 });
    const g = groupUnexported([
      { entity: "record", id: "r1", reason: "patient_not_exported", personId: "b" },
      { entity: "person", id: "b", reason: "no_nik", personId: "b", name: "Siti" },
      { entity: "person", id: "a", reason: "no_nik", personId: "a", name: "Ani" },
    ]);
    expect(g.map((x) => [x.name, x.items.length])).toEqual([["Ani", 1], ["Siti", 2]]);
  });

  it("has every string in both languages", () => {
    expect(Object.keys(fhirEn).sort()).toEqual(Object.keys(fhirId).sort());
    for (const v of [...Object.values(fhirId), ...Object.values(fhirEn)]) expect(v.trim()).not.toBe("");
  });
});
