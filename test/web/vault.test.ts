/**
 * Data at rest (issue 9): the PIN wraps a random data key, every personal value in IndexedDB is
 * an AES-GCM box, and nothing personal can be read from the raw database without the PIN.
 */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { hashLegacyPin } from "../../web/src/auth/pin.ts";
import { calibrateIterations, createVault, openWithPin, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS, resetPin, withRecovery } from "../../web/src/auth/vault.ts";
import { Cipher, LockedError } from "../../web/src/store/cipher.ts";
import { LocalStore, META } from "../../web/src/store/local.ts";
import { personChange, rawIdbText } from "./fakes.ts";

const ALL_STORES = ["rows", "outbox", "notices", "meta", "drafts"] as const;

const FAST = { iterations: 1_000 };
const RECOVERY = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c"; // 32 bytes, base64url
const RECOVERY_2 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const HH = "0190a000-0000-7000-8000-aaaaaaaaaaaa";
const NAME = "Siti Rahmawati Kembahang";
const NIK = "1804104512900001";

let n = 0;
async function store(): Promise<{ s: LocalStore; name: string }> {
  const name = `vault-test-${++n}-${Math.random()}`;
  return { s: await LocalStore.open(name), name };
}


describe("vault", () => {
  it("opens with the right PIN only", async () => {
    const { record, key } = await createVault("2580", FAST);
    expect(await openWithPin(record, "2581")).toBeNull();
    const opened = await openWithPin(record, "2580");
    expect(opened).not.toBeNull();
    // The opened key decrypts what the original key sealed.
    const box = await new Cipher(key).seal({ a: 1 }, "x");
    expect(await new Cipher(opened!).open(box, "x")).toEqual({ a: 1 });
  });

  it("stores no PIN and no key in clear", async () => {
    const { record, key } = await createVault("258025", FAST);
    const raw = JSON.stringify(record, (_k, v) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? [...new Uint8Array(v as ArrayBuffer)] : v));
    expect(raw).not.toContain("258025");
    const keyBytes = [...new Uint8Array(await crypto.subtle.exportKey("raw", key))].join(",");
    expect(raw).not.toContain(keyBytes);
  });

  it("resets a forgotten PIN with the recovery key, keeping the data key", async () => {
    const { record, key } = await createVault("2580", { ...FAST, recoveryKey: RECOVERY });
    const box = await new Cipher(key).seal({ unsent: true }, "x");
    expect(await resetPin(record, RECOVERY_2, "1111", 1_000)).toBeNull();
    const reset = await resetPin(record, RECOVERY, "1111", 1_000);
    expect(reset).not.toBeNull();
    expect(await openWithPin(reset!.record, "2580")).toBeNull();
    const k = await openWithPin(reset!.record, "1111");
    expect(await new Cipher(k!).open(box, "x")).toEqual({ unsent: true });
    // No recovery key at enrollment: no reset.
    const bare = await createVault("2580", FAST);
    expect(await resetPin(bare.record, RECOVERY, "1111", 1_000)).toBeNull();
    // A re-enrollment's new recovery key replaces the old one.
    const rewrapped = await withRecovery(record, key, RECOVERY_2);
    expect(await resetPin(rewrapped, RECOVERY, "1111", 1_000)).toBeNull();
    expect(await resetPin(rewrapped, RECOVERY_2, "1111", 1_000)).not.toBeNull();
  });

  it("calibrates iterations to this machine, within the floor and the ceiling", async () => {
    const it1 = await calibrateIterations(800);
    expect(it1).toBeGreaterThanOrEqual(PBKDF2_MIN_ITERATIONS);
    expect(it1).toBeLessThanOrEqual(PBKDF2_MAX_ITERATIONS);
    // A tiny budget takes the floor, not fewer.
    expect(await calibrateIterations(1)).toBe(PBKDF2_MIN_ITERATIONS);
  });
});

describe("store at rest", () => {
  it("keeps rows, outbox, drafts, notices and the session sealed", async () => {
    const { s, name } = await store();
    s.unlock(await Cipher.random());
    await s.applyPullPage({ changes: [personChange(1, { data: { ...personChange(1).data, name: NAME, nik: NIK } })], cursor: "c1", hasMore: false, reset: false, remaining: 0 }, null);
    await s.save("person", "0190a000-0000-7000-8000-000000000002", { householdId: HH, name: NAME + " Dua", nik: NIK.replace("1", "2"), sex: "P" });
    await s.saveDraft({ key: "visit:x", route: "#/visit/new", title: `Kunjungan ANC · ${NAME}`, values: { catatan: NAME } });
    const [sent] = await s.takeBatch(10, 100_000);
    await s.applyPushResults([sent!], [{ id: sent!.id, status: "conflict", version: 2, conflicts: [{ field: "name", serverValue: NAME, clientValue: "X" }] }]);
    await s.setSession({ token: "tok_secret_device_token", deviceId: "d1", deviceName: null, user: { id: "u1", name: "Bidan Sari Kembahang", role: "pustu", areaCode: "18.04.10.2001", dusunId: null, officeId: null }, enrolledAt: 1 });

    const raw = await rawIdbText(name, ALL_STORES);
    for (const secret of [NAME, "Rahmawati", NIK, "tok_secret_device_token", "Bidan Sari"]) expect(raw).not.toContain(secret);
    // And it all reads back through the store.
    // (The conflict answer put the server's value on the new person.)
    expect((await s.list<{ name: string }>("person")).map((p) => p.data.name)).toEqual([NAME, NAME]);
    expect((await s.getDraft("visit:x"))?.values).toEqual({ catatan: NAME });
    expect((await s.notices())[0]?.conflicts[0]?.serverValue).toBe(NAME);
    expect((await s.getSession())?.token).toBe("tok_secret_device_token");
    // The clear bookkeeping the lock screen needs says nothing personal.
    expect(await s.getMeta(META.device)).toEqual({ deviceId: "d1", role: "pustu" });
  });

  it("refuses personal reads and writes while locked, but counts what is unsent", async () => {
    const { s } = await store();
    s.unlock(await Cipher.random());
    await s.save("person", "0190a000-0000-7000-8000-000000000003", { householdId: HH, name: NAME });
    s.lock();
    await expect(s.list("person")).rejects.toBeInstanceOf(LockedError);
    await expect(s.save("person", "0190a000-0000-7000-8000-000000000004", { name: "x" })).rejects.toBeInstanceOf(LockedError);
    await expect(s.outboxItems()).rejects.toBeInstanceOf(LockedError);
    expect(await s.counts()).toEqual({ pending: 1, rejected: 0, conflicts: 0 });
  });

  it("does not open with another key", async () => {
    const { s } = await store();
    s.unlock(await Cipher.random());
    await s.applyPullPage({ changes: [personChange(1)], cursor: "c1", hasMore: false, reset: false, remaining: 0 }, null);
    s.lock();
    s.unlock(await Cipher.random());
    await expect(s.get("person", personChange(1).id)).rejects.toThrow();
  });

  it("a box copied into another row does not open", async () => {
    const { s } = await store();
    const cipher = await Cipher.random();
    s.unlock(cipher);
    await s.applyPullPage({ changes: [personChange(1), personChange(2)], cursor: "c1", hasMore: false, reset: false, remaining: 0 }, null);
    const a = await s.db.get("rows", ["person", personChange(1).id]);
    const b = await s.db.get("rows", ["person", personChange(2).id]);
    await s.db.put("rows", { ...b!, box: a!.box });
    cipher.forget();
    await expect(s.get("person", personChange(2).id)).rejects.toThrow();
    expect((await s.get<{ name: string }>("person", personChange(1).id))?.data.name).toBe("Orang 1");
  });

  it("seals a version 1 phone's clear data at the first unlock", async () => {
    const { s, name } = await store();
    // What version 1 wrote: clear rows, outbox, draft, session and a PIN hash.
    const p = personChange(1, { data: { ...personChange(1).data, name: NAME } });
    await s.db.put("rows", { entity: "person", id: p.id, version: 1, seq: 1, data: p.data, ref: `household:${HH}` } as never);
    await s.db.put("outbox", { id: "0190b000-0000-7000-8000-000000000001", mutation: { id: "0190b000-0000-7000-8000-000000000001", entity: "person", entityId: p.id, op: "update", baseVersion: 1, payload: { name: NAME + " Baru" } }, state: "pending", createdAt: 1, attempts: 0 } as never);
    await s.db.put("drafts", { key: "k", route: "#/", title: NAME, values: { a: NAME }, updatedAt: 1 } as never);
    await s.db.put("meta", { token: "tok_v1", deviceId: "d1", deviceName: null, user: { id: "u", name: "Bidan", role: "pustu", areaCode: "18", dusunId: null, officeId: null }, enrolledAt: 1 }, META.session);
    await s.setMeta(META.pin, await hashLegacyPin("2580", 1000));
    expect(await rawIdbText(name, ALL_STORES)).toContain(NAME);

    s.unlock(await Cipher.random());
    expect(await s.sealLegacy()).toBe(3);
    const raw = await rawIdbText(name, ALL_STORES);
    expect(raw).not.toContain(NAME);
    expect(raw).not.toContain("tok_v1");
    expect(await s.getMeta(META.pin)).toBeUndefined();
    expect((await s.get<{ name: string }>("person", p.id))?.data.name).toBe(NAME + " Baru");
    expect((await s.outboxItems())[0]?.mutation.payload).toEqual({ name: NAME + " Baru" });
    expect((await s.getSession())?.token).toBe("tok_v1");
  });
});
