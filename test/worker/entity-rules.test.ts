import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { nikFitsSex } from "../../domain/entities/formats.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { household, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/** Rules of one entity (worker/services/push/hooks/), enforced on the server as on the phone. */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

// Synthetic NIKs: wilayah 180410, birth day 04 (a man) or 44 (a woman: day + 40), March 1995.
const NIK_MAN = "1804100403950001";
const NIK_WOMAN = "1804104403950001";

describe("a person's NIK fits the sex (domain/entities/formats.ts, the phone's rule)", () => {
  it("the fixtures are what they say", () => {
    expect([nikFitsSex(NIK_MAN, "L"), nikFitsSex(NIK_WOMAN, "P"), nikFitsSex(NIK_WOMAN, "L"), nikFitsSex(NIK_MAN, "P")]).toEqual([true, true, false, false]);
  });

  it("refuses a person whose NIK does not fit the sex, and stores the ones that do", async () => {
    const hh = uuidv7();
    const man = uuidv7();
    const woman = uuidv7();
    const wrong = uuidv7();
    const res = await pushAs(tokens.pustu, [
      mutation("household", hh, "create", household()),
      mutation("person", man, "create", person(hh, { name: "Budi Uji", sex: "L", relation: "suami", nik: NIK_MAN })),
      mutation("person", woman, "create", person(hh, { sex: "P", nik: NIK_WOMAN })),
      mutation("person", wrong, "create", person(hh, { name: "Anak Uji", sex: "L", relation: "anak", nik: NIK_WOMAN })),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(["applied", "applied", "applied", "rejected"]);
    expect(res.results[3]!.error).toMatchObject({ code: "nik_sex_mismatch", details: { field: "nik" } });
    const n = await env.DB.prepare("SELECT count(*) AS n FROM persons WHERE id = ?").bind(wrong).first<{ n: number }>();
    expect(n).toEqual({ n: 0 });

    // An edit that breaks the fit, from either side, is refused too; the row keeps its values.
    const sex = await pushAs(tokens.pustu, [mutation("person", woman, "update", { sex: "L" }, 1)]);
    expect(sex.results[0]).toMatchObject({ status: "rejected", error: { code: "nik_sex_mismatch" } });
    const nik = await pushAs(tokens.pustu, [mutation("person", man, "update", { nik: NIK_WOMAN }, 1)]);
    expect(nik.results[0]).toMatchObject({ status: "rejected", error: { code: "nik_sex_mismatch" } });
    const rows = await env.DB.prepare("SELECT id, sex, nik FROM persons WHERE id IN (?, ?) ORDER BY sex").bind(man, woman).all();
    expect(rows.results).toEqual([
      { id: man, sex: "L", nik: NIK_MAN },
      { id: woman, sex: "P", nik: NIK_WOMAN },
    ]);
    // Fixing both together is fine, and a person without a NIK has nothing to fit.
    const both = await pushAs(tokens.pustu, [mutation("person", woman, "update", { sex: "L", nik: NIK_MAN }, 1)]);
    expect(both.results[0]).toMatchObject({ status: "applied", version: 2 });
    const none = await pushAs(tokens.pustu, [mutation("person", uuidv7(), "create", person(hh, { sex: "L", relation: "anak", nik: null }))]);
    expect(none.results[0]!.status).toBe("applied");
  });
});

describe("a visit record's computed answers follow what they are computed from", () => {
  it("an edit of the visit date alone recomputes the gestational age and its flags", async () => {
    const [hh, mother, rec] = [uuidv7(), uuidv7(), uuidv7()];
    const created = await pushAs(tokens.pustu, [
      mutation("household", hh, "create", household()),
      mutation("person", mother, "create", person(hh)),
      mutation("record", rec, "create", visit(mother, { visitDate: "2026-11-20" })),
    ]);
    expect(created.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    const stored = async () => {
      const row = await env.DB.prepare("SELECT data, derived FROM records WHERE id = ?").bind(rec).first<{ data: string; derived: string }>();
      return { data: JSON.parse(row!.data) as Record<string, unknown>, derived: JSON.parse(row!.derived) as Record<string, unknown> };
    };
    // HPHT 2026-07-03: 20 weeks on 20 November, 21 on 27 November.
    expect((await stored()).data.usia_kehamilan).toBe(20);
    const moved = await pushAs(tokens.pustu, [mutation("record", rec, "update", { visitDate: "2026-11-27" }, 1)]);
    expect(moved.results[0]).toMatchObject({ status: "applied", version: 2 });
    const after = await stored();
    expect(after.data.usia_kehamilan).toBe(21);
    expect(after.data.hpl, "the due date depends on HPHT only").toBe((await stored()).data.hpl);
  });
});
