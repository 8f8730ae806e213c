/**
 * Reads that scale to a phone of 10,000 persons and 50,000 records (issue 14): children through
 * the byRef index ([entity, ref]) instead of a scan, counts without opening rows, the in-memory
 * person search index, and the schema upgrade from version 2 that adds the index.
 */
import "fake-indexeddb/auto";
import { openDB } from "idb";
import { describe, expect, it } from "vitest";
import type { Change } from "../../domain/sync/protocol.ts";
import { Cipher, LockedError } from "../../web/src/store/cipher.ts";
import { DB_VERSION, type StoredRow } from "../../web/src/store/db.ts";
import { LocalStore, META } from "../../web/src/store/local.ts";
import { compileQuery, matches, search, searchable } from "../../web/src/util/search.ts";
import { freshStore, rawIdbText } from "./fakes.ts";

const uid = (kind: string, i: number) => `0190${kind}-0000-7000-8000-${String(i).padStart(12, "0")}`;
const DUSUN_A = uid("d000", 1);
const DUSUN_B = uid("d000", 2);
const HH = (i: number) => uid("e000", i);
const P = (i: number) => uid("a000", i);

function ch(entity: Change["entity"], id: string, data: Record<string, unknown>, version = 1): Change {
  return { entity, id, version, seq: version, deleted: false, data };
}
const household = (i: number, dusunId: string | null, version = 1) => ch("household", HH(i), { desaCode: "18.04.10.2001", dusunId, rt: null, address: null, noKk: null, pisPk: null }, version);
const person = (i: number, hh: number, name: string, version = 1, nik: string | null = null) =>
  ch("person", P(i), { householdId: HH(hh), name, sex: "P", birthDate: "1990-01-01", birthDatePrecision: "day", nik, relation: null, phone: null, jkn: null, pregnant: false }, version);
const record = (i: number, p: number) => ch("record", uid("b000", i), { personId: P(p), formId: "ptm", formVersion: 1, visitDate: "2026-01-01", facilityId: null, data: {}, derived: null });
const referral = (i: number, p: number) => ch("referral", uid("c000", i), { personId: P(p), recordId: null, reason: "ptm.ht", reasonText: null, destination: "puskesmas", referredAt: "2026-01-01", outcome: null, outcomeNote: null, outcomeAt: null });

async function pull(s: LocalStore, changes: Change[], reset = false): Promise<void> {
  await s.applyPullPage({ changes, cursor: "c", hasMore: false, reset, remaining: 0 }, null);
}

describe("schema version 3", () => {
  it("adds the byRef index to a version 2 phone, keeping every row, and gives old referrals their ref", async () => {
    const name = `scale-upgrade-${Math.random()}`;
    const cipher = await Cipher.random();
    // What version 2 created and wrote: sealed rows, referrals without a ref.
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        const rows = db.createObjectStore("rows", { keyPath: ["entity", "id"] });
        rows.createIndex("entity", "entity");
        rows.createIndex("ref", "ref");
        const outbox = db.createObjectStore("outbox", { keyPath: "id" });
        outbox.createIndex("target", ["mutation.entity", "mutation.entityId"]);
        db.createObjectStore("notices", { keyPath: "id" });
        db.createObjectStore("meta");
        db.createObjectStore("drafts", { keyPath: "key" });
      },
    });
    const v2Rows: [Change, string | undefined][] = [
      [household(1, DUSUN_A), `dusun:${DUSUN_A}`],
      [person(1, 1, "Siti Aminah"), `household:${HH(1)}`],
      [record(1, 1), `person:${P(1)}`],
      [record(2, 1), `person:${P(1)}`],
      [referral(1, 1), undefined],
      [ch("area", "18.04.10", { parentCode: "18.04", level: "kecamatan", name: "Batu Brak", desaTerm: "Pekon" }), undefined],
    ];
    for (const [c, ref] of v2Rows) {
      const box = await cipher.seal(c.data, `row:${c.entity}:${c.id}`);
      const row: StoredRow = { entity: c.entity, id: c.id, version: 1, seq: 1, box, ...(ref ? { ref } : {}) };
      await v2.put("rows", row as never);
    }
    await v2.put("meta", "cursor-v2", META.cursor);
    v2.close();

    const s = await LocalStore.open(name);
    expect(s.db.version).toBe(DB_VERSION);
    expect([...s.db.transaction("rows").store.indexNames]).toContain("byRef");
    expect(await s.db.count("rows")).toBe(v2Rows.length);
    expect(await s.cursor()).toBe("cursor-v2");
    s.unlock(cipher);
    expect((await s.listByRef("record", `person:${P(1)}`)).map((r) => r.id).sort()).toEqual([uid("b000", 1), uid("b000", 2)]);
    // The referral had no ref: the first read that needs it opens it once and stores its ref.
    expect((await s.listByRef("referral", `person:${P(1)}`)).map((r) => r.id)).toEqual([uid("c000", 1)]);
    expect((await s.db.get("rows", ["referral", uid("c000", 1)]))?.ref).toBe(`person:${P(1)}`);
    expect((await s.get<{ name: string }>("person", P(1)))?.data.name).toBe("Siti Aminah");
    s.close();
  });

  it("gives a pulled referral its person as ref, so the person page reads it through the index", async () => {
    const s = await freshStore();
    await pull(s, [person(1, 1, "A"), person(2, 1, "B"), referral(1, 1), referral(2, 2), record(1, 1)]);
    expect((await s.db.get("rows", ["referral", uid("c000", 1)]))?.ref).toBe(`person:${P(1)}`);
    expect((await s.listByRef("referral", `person:${P(1)}`)).map((r) => r.id)).toEqual([uid("c000", 1)]);
    // A record of the same person is not a referral.
    expect((await s.listByRef("record", `person:${P(1)}`)).map((r) => r.id)).toEqual([uid("b000", 1)]);
  });
});

describe("reads by parent", () => {
  it("lists several parents' children in one read, with unsent moves laid over", async () => {
    const s = await freshStore();
    await pull(s, [household(1, DUSUN_A), household(2, DUSUN_A), person(1, 1, "A"), person(2, 1, "B"), person(3, 2, "C")]);
    await s.save("person", P(2), (cur) => ({ ...cur!, householdId: HH(2) }));
    await s.save("person", P(4), person(4, 1, "D").data!);
    const m = await s.listByRefs("person", [`household:${HH(1)}`, `household:${HH(2)}`]);
    expect(m.get(`household:${HH(1)}`)!.map((v) => v.id).sort()).toEqual([P(1), P(4)]);
    expect(m.get(`household:${HH(2)}`)!.map((v) => v.id).sort()).toEqual([P(2), P(3)]);
  });

  it("counts households per dusun without opening them, and lays unsent creates, moves and deletes over", async () => {
    const s = await freshStore();
    const cipher = (s as unknown as { cipher: Cipher }).cipher;
    await pull(s, [household(1, DUSUN_A), household(2, DUSUN_A), household(3, DUSUN_B), household(4, null)]);
    const refs = [`dusun:${DUSUN_A}`, `dusun:${DUSUN_B}`, "dusun:-"];
    expect(Object.fromEntries(await s.countByRefs("household", refs))).toEqual({ [refs[0]!]: 2, [refs[1]!]: 1, "dusun:-": 1 });
    // Counting opens nothing while no change is unsent: it works with the opened values forgotten
    // and the key gone.
    s.lock();
    expect(Object.fromEntries(await s.countByRefs("household", refs))).toEqual({ [refs[0]!]: 2, [refs[1]!]: 1, "dusun:-": 1 });
    expect(await s.countRows("household")).toBe(4);
    s.unlock(cipher);
  });

  it("counts with unsent changes", async () => {
    const s = await freshStore();
    await pull(s, [household(1, DUSUN_A), household(2, DUSUN_A), household(3, DUSUN_B)]);
    await s.save("household", HH(2), (cur) => ({ ...cur!, dusunId: DUSUN_B })); // moved A → B
    await s.save("household", HH(5), household(5, DUSUN_B).data!); // new in B
    await s.remove("household", HH(3)); // deleted from B
    const refs = [`dusun:${DUSUN_A}`, `dusun:${DUSUN_B}`];
    expect(Object.fromEntries(await s.countByRefs("household", refs))).toEqual({ [refs[0]!]: 1, [refs[1]!]: 2 });
    expect(await s.countRows("household")).toBe(3);
    expect(await s.countRows("person")).toBe(0);
  });
});

describe("person search index", () => {
  it("finds persons by name and NIK, with their dusun from the household's clear pointer", async () => {
    const s = await freshStore();
    await pull(s, [household(1, DUSUN_A), household(2, null), person(1, 1, "Siti Aminah", 1, "1804104101950001"), person(2, 2, "Sri Wahyuni"), person(3, 1, "Ahmad Saputra")]);
    const ix = await s.personIndex();
    const names = (q: string) => search(q, ix.words).map((i) => ix.persons[i]!.data.name).sort();
    expect(names("siti")).toEqual(["Siti Aminah"]);
    expect(names("sapu")).toEqual(["Ahmad Saputra"]);
    expect(names("1804104101")).toEqual(["Siti Aminah"]);
    expect(ix.dusunOf.get(HH(1))).toBe(DUSUN_A);
    expect(ix.dusunOf.get(HH(2))).toBeNull();
  });

  it("follows saves, pulls and deletions, opening only the rows that changed", async () => {
    const s = await freshStore();
    await pull(s, [household(1, DUSUN_A), person(1, 1, "Siti Aminah"), person(2, 1, "Sri Wahyuni"), person(3, 1, "Dewi Lestari")]);
    const first = await s.personIndex();
    const find = async (q: string) => {
      const ix = await s.personIndex();
      return search(q, ix.words).map((i) => ix.persons[i]!.id);
    };
    // An unsent rename is found at once, under its new name only.
    await s.save("person", P(1), (cur) => ({ ...cur!, name: "Siti Rahmawati" }));
    expect(await find("aminah")).toEqual([]);
    expect(await find("rahmawati")).toEqual([P(1)]);
    const before = await s.personIndex();
    // A pull that changes one person: only that row is opened again.
    const cipher = (s as unknown as { cipher: Cipher }).cipher;
    const open = cipher.open.bind(cipher);
    const opened: string[] = [];
    cipher.open = (async (box: Parameters<Cipher["open"]>[0], aad: string) => {
      opened.push(aad);
      return open(box, aad);
    }) as Cipher["open"];
    await pull(s, [person(2, 1, "Sri Handayani", 2), { entity: "person", id: P(3), version: 2, seq: 9, deleted: true }]);
    expect(await find("handayani")).toEqual([P(2)]);
    expect(await find("wahyuni")).toEqual([]);
    expect(await find("dewi")).toEqual([]);
    expect(opened.filter((a) => a.startsWith("row:person:"))).toEqual([`row:person:${P(2)}`]);
    // The unchanged person is the same object as before (not opened or folded again).
    const again = await s.personIndex();
    const dewi = (ix: typeof again) => ix.words[ix.persons.findIndex((p) => p.id === P(3))];
    expect(first.persons.find((p) => p.id === P(2))?.data).toBe(before.persons.find((p) => p.id === P(2))?.data);
    expect(dewi(before)).toBe(dewi(first));
    expect(first.persons.length).toBe(3);
    expect(again.persons.length).toBe(2);
  });

  it("after an unlock opens one sealed snapshot instead of every person, and the snapshot names nobody at rest", async () => {
    const name = `scale-snapshot-${Math.random()}`;
    const s = await LocalStore.open(name);
    const cipher = await Cipher.random();
    s.unlock(cipher);
    await pull(s, [household(1, DUSUN_A), person(1, 1, "Kartini Wulandari"), person(2, 1, "Sri Wahyuni"), person(3, 1, "Dewi Lestari")]);
    await s.personIndex();
    await s.personIndex(); // waits for the snapshot the first call sealed
    expect(await rawIdbText(name, ["rows", "meta"])).not.toContain("Wulandari");
    const opened: string[] = [];
    const open = cipher.open.bind(cipher);
    cipher.open = (async (box: Parameters<Cipher["open"]>[0], aad: string) => {
      opened.push(aad);
      return open(box, aad);
    }) as Cipher["open"];
    const names = async () => {
      const ix = await s.personIndex();
      return { wul: search("wulan", ix.words).map((i) => ix.persons[i]!.id), dusun: ix.dusunOf.get(HH(1)) };
    };
    s.lock();
    s.unlock(cipher);
    expect(await names()).toEqual({ wul: [P(1)], dusun: DUSUN_A });
    expect(opened).toEqual(["cache:person-index"]);
    // A pull since: the snapshot is stale, so the rows are read, and only the changed one is opened.
    await pull(s, [person(2, 1, "Sri Wulan", 2)]);
    s.lock();
    s.unlock(cipher);
    opened.length = 0;
    expect((await names()).wul.sort()).toEqual([P(1), P(2)]);
    expect(opened.sort()).toEqual(["cache:person-index", `row:person:${P(2)}`]);
    s.close();
  });

  it("is gone with the key: locked, it throws; unlocked again, it is built anew", async () => {
    const s = await freshStore();
    const cipher = (s as unknown as { cipher: Cipher }).cipher;
    await pull(s, [household(1, DUSUN_A), person(1, 1, "Siti Aminah")]);
    await s.personIndex();
    s.lock();
    await expect(s.personIndex()).rejects.toBeInstanceOf(LockedError);
    expect((s as unknown as { personRows: Map<string, unknown> }).personRows.size).toBe(0);
    s.unlock(cipher);
    const ix = await s.personIndex();
    expect(ix.persons.map((p) => p.data.name)).toEqual(["Siti Aminah"]);
  });
});

describe("compiled query", () => {
  it("answers as matches() does, folding the query once", () => {
    const items = [searchable("Siti Nurhaliza", "1804104101950001"), searchable("Djoko Tjahjono", null), searchable("Sri Wahyuni", "")];
    for (const q of ["siti", "nurh sit", "joko", "cahjono", "wahyni", "1804", "18041041", "", "  ", "x"]) {
      expect(items.map((it) => compileQuery(q)(it))).toEqual(items.map((it) => matches(q, it)));
    }
    expect(search("siti", items)).toEqual([0]);
    expect(search("s", items)).toEqual([0, 2]);
  });
});
