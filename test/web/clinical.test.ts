import { describe, expect, it } from "vitest";
import { currentForm } from "../../domain/forms/index.ts";
import { loadGrowthTables, lmsAt, lmsValue } from "../../domain/growth/index.ts";
import { deriveForSave, scopeTasks, type Referral } from "../../web/src/clinical.ts";
import { app } from "../../web/src/state.ts";
import type { View } from "../../web/src/store/local.ts";
import type { Person, VisitRecord } from "../../web/src/util/people.ts";
import { freshStore } from "./fakes.ts";

const HH = "0190a000-0000-7000-8000-aaaaaaaaaaaa";
const CHILD = "0190a000-0000-7000-8000-cccccccccccc";
const REC = "0190a000-0000-7000-8000-dddddddddddd";
const VISIT = "2026-11-10";
const TODAY = "2026-11-20";

describe("clinical on the phone: derivation on save, referrals, Home tasks", () => {
  it("derives a stunted child like the server, makes the referral, lists its task until rujuk balik", async () => {
    app.store = await freshStore();
    const person: Person = { householdId: HH, name: "Anak Uji", sex: "L", birthDate: "2024-05-02", birthDatePrecision: "day", nik: null, relation: "anak", phone: null, jkn: null, pregnant: false };
    await app.store.save("household", HH, { desaCode: "18.04.01.2001", dusunId: null, rt: "001", address: null, noKk: null } as Record<string, unknown>);
    await app.store.save("person", CHILD, person as unknown as Record<string, unknown>);
    const view = (await app.store.get<Person>("person", CHILD)) as View<Person>;

    const tables = await loadGrowthTables();
    const ageDays = (Date.parse(VISIT) - Date.parse(person.birthDate)) / 86_400_000;
    const len = lmsAt(tables.len, "L", ageDays)!;
    const height = Math.floor(lmsValue(-2.5, len.l, len.m, len.s) * 10) / 10;
    const def = currentForm("balita")!;
    const answers = { bb: 11.5, panjang_tinggi: height, posisi_ukur: "berdiri" };
    const record: VisitRecord = { personId: CHILD, formId: "balita", formVersion: def.version, visitDate: VISIT, facilityId: null, data: answers };

    const { derived, referrals } = await deriveForSave({ def, answers, visitDate: VISIT, person: view, recordId: REC, record });
    expect(derived.flags.map((f) => f.id)).toContain("balita.stunted");
    expect(derived.growth?.zscores.lhfa).toBeLessThan(-2);
    expect(referrals).toHaveLength(1);
    expect(referrals[0]!.data).toMatchObject({ personId: CHILD, recordId: REC, reason: "balita.stunted", referredAt: VISIT });

    await app.store.save("record", REC, { ...record, derived } as unknown as Record<string, unknown>);
    await app.store.save("referral", referrals[0]!.id, { ...referrals[0]!.data });

    // The chronic referral is checked a week after the visit: "Minggu ini" today, "Hari ini" on the 17th.
    const lists = await scopeTasks(1, TODAY);
    const all = [...lists.hariIni, ...lists.terlambat, ...lists.segera];
    const task = all.find((t) => t.ruleId === "balita.rujuk_gizi");
    expect(task).toMatchObject({ personId: CHILD, referralId: referrals[0]!.id, dueDate: "2026-11-17" });
    expect(lists.terlambat).toContain(task);
    // Memoised per data version and day.
    expect(scopeTasks(1, TODAY)).toBe(scopeTasks(1, TODAY));

    // Rujuk balik closes the referral and its task.
    const ref = (await app.store.get<Referral>("referral", referrals[0]!.id))!;
    await app.store.save("referral", ref.id, { ...ref.data, outcome: "datang_ditangani", outcomeNote: null, outcomeAt: TODAY });
    const after = await scopeTasks(2, TODAY);
    expect([...after.hariIni, ...after.terlambat, ...after.segera].some((t) => t.ruleId === "balita.rujuk_gizi")).toBe(false);
  });
});
