import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { referralId } from "../../domain/rules/referrals.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { ANC_ANSWERS, household, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * A conflicting edit of a visit: the server keeps its answers, and everything it computes from a
 * record (derived flags, referrals) comes from the answers it stores after the merge, never from
 * the answers it refused.
 */
let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

async function ancVisit() {
  const hh = uuidv7();
  const p = uuidv7();
  const r = uuidv7();
  const res = await pushAs(tokens.pustu, [
    mutation("household", hh, "create", household()),
    mutation("person", p, "create", person(hh, { pregnant: true })),
    mutation("record", r, "create", visit(p)), // BP 110/70
  ]);
  expect(res.results.map((x) => x.status)).toEqual(["applied", "applied", "applied"]);
  return { p, r };
}

async function stored(r: string) {
  const row = await env.DB.prepare("SELECT data, derived, visit_date AS visitDate, version, needs_review AS needsReview FROM records WHERE id = ?").bind(r).first<{ data: string; derived: string; visitDate: string; version: number; needsReview: number }>();
  const derived = JSON.parse(row!.derived) as { flags: { id: string }[] };
  return { ...row!, data: JSON.parse(row!.data) as Record<string, unknown>, flags: derived.flags.map((f) => f.id) };
}

async function referralsOf(r: string) {
  return (await env.DB.prepare("SELECT id, reason FROM referrals WHERE record_id = ?").bind(r).all<{ id: string; reason: string }>()).results;
}

describe("a conflicting visit edit", () => {
  it("stores no flag or referral computed from the answers it refused", async () => {
    const { r } = await ancVisit();
    // Phone A, at version 1, edits only the note.
    const a = await pushAs(tokens.pustu, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, catatan: "Kontrol 2 minggu" } }, 1)]);
    expect(a.results[0]).toMatchObject({ status: "applied", version: 2 });
    // Phone B, also at version 1, sets BP 160/100: the same field (`data`) changed on both sides.
    const b = await pushAs(tokens.kader, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100 } }, 1)]);
    expect(b.results[0]).toMatchObject({ status: "conflict", conflicts: [{ field: "data" }] });

    const row = await stored(r);
    expect(row.data).toMatchObject({ td_sistolik: 110, td_diastolik: 70, catatan: "Kontrol 2 minggu" });
    expect(row.needsReview).toBe(1);
    // Derived from what is stored (110/70): no hypertension, and no referral for it.
    expect(row.flags).not.toContain("anc.hipertensi");
    expect(row.flags).toEqual([]);
    expect(await referralsOf(r)).toEqual([]);
    // Both values are kept for review.
    const kept = await env.DB.prepare("SELECT field, client_value FROM conflicts WHERE entity_id = ?").bind(r).all<{ field: string; client_value: string }>();
    expect(kept.results.map((c) => c.field)).toEqual(["data"]);
    expect(JSON.parse(kept.results[0]!.client_value)).toMatchObject({ td_sistolik: 160, td_diastolik: 100 });
  });

  it("refuses the referral the conflicting phone made from its own answers", async () => {
    const { p, r } = await ancVisit();
    await pushAs(tokens.pustu, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, catatan: "Kontrol" } }, 1)]);
    // Phone B pushes its edit and the referral its own rules made from 160/100 (same id as the server's would be).
    const refId = referralId(r, "anc.rujuk");
    const b = await pushAs(tokens.kader, [
      mutation("record", r, "update", { data: { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100 } }, 1),
      mutation("referral", refId, "create", {
        personId: p, recordId: r, reason: "anc.hipertensi", reasonText: "Hipertensi", destination: "puskesmas", referredAt: "2026-11-20",
        outcome: null, outcomeNote: null, outcomeAt: null,
      }),
    ]);
    expect(b.results[0]!.status).toBe("conflict");
    expect(b.results[1]).toMatchObject({ status: "rejected", error: { code: "referral_not_indicated" } });
    expect(await referralsOf(r)).toEqual([]);
  });

  it("a stale edit of another field merges, and the derivation reads the merged row", async () => {
    const { r } = await ancVisit();
    // Phone A, at version 1, records BP 160/100: hypertension, referred.
    const a = await pushAs(tokens.pustu, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, td_sistolik: 160, td_diastolik: 100 } }, 1)]);
    expect(a.results[0]!.status).toBe("applied");
    expect((await stored(r)).flags).toContain("anc.hipertensi");
    // Phone B, also at version 1, corrects only the visit date: no conflict, nothing of A's lost.
    const b = await pushAs(tokens.kader, [mutation("record", r, "update", { visitDate: "2026-11-21" }, 1)]);
    expect(b.results[0]).toMatchObject({ status: "applied", merged: true, version: 3 });
    const row = await stored(r);
    expect(row).toMatchObject({ visitDate: "2026-11-21", needsReview: 0 });
    expect(row.data).toMatchObject({ td_sistolik: 160, td_diastolik: 100 });
    expect(row.flags).toContain("anc.hipertensi");
    expect((await referralsOf(r)).map((x) => x.id)).toEqual([referralId(r, "anc.rujuk")]);
  });

  it("a client's derived values are never stored, also on a conflict", async () => {
    const { r } = await ancVisit();
    await pushAs(tokens.pustu, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, catatan: "Kontrol" } }, 1)]);
    const forged = { v: 1, form: "anc@1", flags: [{ id: "anc.hipertensi", severity: "refer" }] };
    const b = await pushAs(tokens.kader, [mutation("record", r, "update", { data: { ...ANC_ANSWERS, td_sistolik: 150 }, derived: forged }, 1)]);
    expect(b.results[0]!.status).toBe("conflict");
    // The conflict is about the answers only; derived is the server's, from the stored answers.
    expect(b.results[0]!.conflicts!.map((c) => c.field)).toEqual(["data"]);
    expect((await stored(r)).flags).toEqual([]);
  });
});
