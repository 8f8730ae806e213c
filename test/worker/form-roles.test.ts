import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getForm, mayEnterForm } from "../../domain/forms/index.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { household, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * Issue 15: a role enters only its forms (domain/forms/roles.ts). A kader's phone never offers
 * MTBS; a record of it pushed by a kader (an old build, a crafted request) is refused on its own,
 * with `form_not_allowed`, while the mutations beside it apply; a pustu's is stored.
 */

let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

/** A well child (MTBS, domain/forms/mtbs-v1.ts): no danger sign, cough, diarrhoea or fever; LiLA 13.5 cm. */
const MTBS_WELL = { tanda_bahaya_umum: ["tidak_ada"], batuk: false, diare: false, demam: false, bb: 11, lila: 13.5, edema: false, pucat_telapak_tangan: "tidak_pucat" };

async function childInA(): Promise<string> {
  const hh = uuidv7();
  const p = uuidv7();
  // 2 years 5 months at the visit (2026-11-20): inside MTBS's 2–59 months.
  const res = await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh, { name: "Anak Uji", sex: "L", birthDate: "2024-06-01", relation: "anak" }))]);
  expect(res.results.map((r) => r.status)).toEqual(["applied", "applied"]);
  return p;
}

const mtbsVisit = (p: string) => visit(p, { formId: "mtbs", formVersion: 1, data: MTBS_WELL });

describe("which role pushes which form", () => {
  it("MTBS is published and is for the pustu and the puskesmas, not the kader", () => {
    expect(getForm("mtbs", 1)).toBeDefined();
    expect(mayEnterForm("kader", "mtbs")).toBe(false);
    expect(mayEnterForm("pustu", "mtbs")).toBe(true);
  });

  it("refuses a kader's MTBS record alone, with form_not_allowed, and stores nothing of it", async () => {
    const p = await childInA();
    const mtbs = uuidv7();
    const balita = uuidv7();
    const res = await pushAs(tokens.kader, [
      mutation("record", mtbs, "create", mtbsVisit(p)),
      // The kader's own form, in the same push, still applies.
      mutation("record", balita, "create", visit(p, { formId: "balita", formVersion: 1, data: { bb: 12.1, panjang_tinggi: 88, posisi_ukur: "berdiri" } })),
    ]);
    expect(res.results[0]).toMatchObject({ status: "rejected", error: { code: "form_not_allowed", details: { formId: "mtbs", role: "kader" } } });
    expect(res.results[1]!.status).toBe("applied");
    const rows = await env.DB.prepare("SELECT id FROM records WHERE id IN (?, ?)").bind(mtbs, balita).all<{ id: string }>();
    expect(rows.results.map((r) => r.id)).toEqual([balita]);
  });

  it("stores a pustu's MTBS record with the server's derivation", async () => {
    const p = await childInA();
    const id = uuidv7();
    const res = await pushAs(tokens.pustu, [mutation("record", id, "create", mtbsVisit(p))]);
    expect(res.results[0]!.status).toBe("applied");
    const row = await env.DB.prepare("SELECT form_id, derived FROM records WHERE id = ?").bind(id).first<{ form_id: string; derived: string }>();
    expect(row!.form_id).toBe("mtbs");
    expect(JSON.parse(row!.derived).flags.map((f: { id: string }) => f.id)).toContain("mtbs.gizi_baik");
  });

  it("also refuses a kader's edit of a pustu's MTBS record", async () => {
    const p = await childInA();
    const id = uuidv7();
    await pushAs(tokens.pustu, [mutation("record", id, "create", mtbsVisit(p))]);
    const res = await pushAs(tokens.kader, [mutation("record", id, "update", { data: { ...MTBS_WELL, lila: 14 } }, 1)]);
    expect(res.results[0]!.error?.code).toBe("form_not_allowed");
  });

  it("refuses a kader's delete of a pustu's MTBS record in her own dusun, and keeps it", async () => {
    const p = await childInA(); // the kader's dusun (household() defaults to dusun A1)
    const id = uuidv7();
    await pushAs(tokens.pustu, [mutation("record", id, "create", mtbsVisit(p))]);
    const res = await pushAs(tokens.kader, [mutation("record", id, "delete", {}, 1)]);
    expect(res.results[0]).toMatchObject({ status: "rejected", error: { code: "form_not_allowed", details: { formId: "mtbs", role: "kader" } } });
    const row = await env.DB.prepare("SELECT deleted FROM records WHERE id = ?").bind(id).first<{ deleted: number }>();
    expect(row!.deleted).toBe(0);
  });

  it("still lets a kader delete a record of a form she enters", async () => {
    const p = await childInA();
    const id = uuidv7();
    await pushAs(tokens.kader, [mutation("record", id, "create", visit(p, { formId: "balita", formVersion: 1, data: { bb: 12.1, panjang_tinggi: 88, posisi_ukur: "berdiri" } }))]);
    const res = await pushAs(tokens.kader, [mutation("record", id, "delete", {}, 1)]);
    expect(res.results[0]!.status).toBe("applied");
  });
});
