import { describe, expect, it } from "vitest";
import { can, POLICY, ROLES, PERMISSIONS, type Principal } from "../../domain/access/policy.ts";
import { areaAncestor, areaLevel, areaWithin } from "../../domain/area/codes.ts";
import { decodeCursor, encodeCursor, planPull } from "../../domain/sync/cursor.ts";
import { canonicalJson, changedFields, mergeFields } from "../../domain/sync/merge.ts";
import { pullScope, scopeKeyString } from "../../domain/sync/scope.ts";
import { formatCode, normaliseCode, randomCode } from "../../domain/util/codes.ts";
import { uuidv7, UUIDV7_RE } from "../../domain/util/uuid.ts";

describe("merge", () => {
  it("applies fields the server did not touch and keeps both values where both changed", () => {
    const current = { name: "Siti", phone: "0811", jkn: null };
    const r = mergeFields(current, { name: "Siti A", jkn: "0001234567890" }, new Set(["name"]));
    expect(r.apply).toEqual({ jkn: "0001234567890" });
    expect(r.conflicts).toEqual([{ field: "name", serverValue: "Siti", clientValue: "Siti A" }]);
  });
  it("is no conflict when both sides wrote the same value", () => {
    expect(mergeFields({ a: [1, 2] }, { a: [1, 2] }, new Set(["a"])).conflicts).toEqual([]);
  });
  it("compares values canonically", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(changedFields({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 }, b: null })).toEqual([]);
  });
});

describe("cursor", () => {
  const keys = ["health|desa|18.04.10.2001", "reference|kec|18.04.10"];
  it("round-trips and refuses forgeries", () => {
    const c = { v: 1 as const, s: 42, k: keys };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(encodeCursor({ ...c, s: -1 }))).toBeNull();
  });
  it("continues, backfills a grown scope, and resets a shrunk one", () => {
    expect(planPull(null, keys)).toEqual({ plan: { phase: "main", since: 0, keys: [...keys].sort(), departuresAfter: null }, reset: false });
    expect(planPull({ v: 1, s: 10, k: keys }, keys).plan).toEqual({ phase: "main", since: 10, keys, departuresAfter: 10 });
    const grown = planPull({ v: 1, s: 10, k: [keys[0]!] }, keys);
    expect(grown).toEqual({ plan: { phase: "backfill", since: 0, until: 10, keys: [keys[1]], mainKeys: [keys[0]] }, reset: false });
    const resumed = planPull({ v: 1, s: 10, k: [keys[0]!], b: { k: [keys[1]!], s: 7 } }, keys);
    expect(resumed.plan).toMatchObject({ phase: "backfill", since: 7 });
    expect(planPull({ v: 1, s: 10, k: keys }, [keys[0]!])).toEqual({ plan: { phase: "main", since: 0, keys: [keys[0]], departuresAfter: null }, reset: true });
  });
  it("resets a cursor below what the server has pruned, unless it is a pull from scratch begun after it", () => {
    const scratch = { plan: { phase: "main", since: 0, keys: [...keys].sort(), departuresAfter: null }, reset: true };
    expect(planPull({ v: 1, s: 10, k: keys }, keys, 11)).toEqual(scratch);
    expect(planPull({ v: 1, s: 10, k: keys }, keys, 10)).toEqual({ plan: { phase: "main", since: 10, keys, departuresAfter: 10 }, reset: false });
    expect(planPull({ v: 1, s: 10, k: [keys[0]!], b: { k: [keys[1]!], s: 3 } }, keys, 11)).toEqual(scratch);
    // Page 3 of a pull from scratch begun at seq 50: the phone holds no row deleted before 50.
    expect(planPull({ v: 1, s: 10, k: keys, f: 50 }, keys, 40)).toEqual({ plan: { phase: "main", since: 10, keys, departuresAfter: 50 }, reset: false });
    expect(planPull({ v: 1, s: 10, k: keys, f: 50 }, keys, 51)).toEqual(scratch);
  });
});

describe("access policy", () => {
  const pustu: Principal = { userId: "u", role: "pustu", areaCode: "18.04.10.2001" };
  it("scopes by area prefix, not by string prefix", () => {
    expect(areaWithin("18.04.10.2001", "18.04.10")).toBe(true);
    expect(areaWithin("18.04.100.2001", "18.04.10")).toBe(false);
    expect(areaAncestor("18.04.10.2001", "kecamatan")).toBe("18.04.10");
    expect(areaLevel("18.04")).toBe("kabupaten");
  });
  it("lets a pustu write its own pekon only, and read the kecamatan's commitments", () => {
    expect(can(pustu, "health:write", { areaCode: "18.04.10.2001" })).toBe(true);
    expect(can(pustu, "health:write", { areaCode: "18.04.10.2002" })).toBe(false);
    expect(can(pustu, "lintas:read", { areaCode: "18.04.10" })).toBe(true);
    expect(can(pustu, "lintas:write", { areaCode: "18.04.10" })).toBe(false);
  });
  it("binds a dusun kader to the dusun and a mitra to its office", () => {
    const kader: Principal = { userId: "k", role: "kader", areaCode: "18.04.10.2001", dusunId: "d1" };
    expect(can(kader, "health:write", { areaCode: "18.04.10.2001", dusunId: "d1" })).toBe(true);
    expect(can(kader, "health:write", { areaCode: "18.04.10.2001", dusunId: "d2" })).toBe(false);
    const mitra: Principal = { userId: "m", role: "mitra", areaCode: "18.04.10", officeId: "kua" };
    expect(can(mitra, "lintas:read", { areaCode: "18.04.10", partyOfficeIds: ["kua", "pkk"] })).toBe(true);
    expect(can(mitra, "lintas:read", { areaCode: "18.04.10", partyOfficeIds: ["pkk"] })).toBe(false);
    expect(can(mitra, "lintas:write", { areaCode: "18.04.10", partyOfficeIds: ["kua", "pkk"], officeId: "pkk" })).toBe(false);
    expect(can(mitra, "lintas:write", { areaCode: "18.04.10", partyOfficeIds: ["kua"], officeId: "kua" })).toBe(true);
  });
  it("has a cell for every role and permission, and pull scopes follow it", () => {
    for (const r of ROLES) for (const p of PERMISSIONS) expect(POLICY[r][p]).toBeDefined();
    expect(pullScope(pustu).map(scopeKeyString)).toEqual(["reference|kec|18.04.10", "health|desa|18.04.10.2001", "lintas|kec|18.04.10"]);
    expect(pullScope({ userId: "c", role: "camat", areaCode: "18.04.10" }).map(scopeKeyString)).toEqual(["reference|kec|18.04.10", "lintas|kec|18.04.10"]);
    expect(pullScope({ userId: "m", role: "mitra", areaCode: "18.04.10", officeId: "o" }, ["c1"]).map(scopeKeyString)).toEqual(["reference|kec|18.04.10", "lintas|grp|c1"]);
  });
});

describe("ids and codes", () => {
  it("makes time-ordered UUIDv7s", () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(UUIDV7_RE);
    expect(a < b).toBe(true);
  });
  it("makes readable enrollment codes that survive sloppy typing", () => {
    const c = randomCode();
    expect(c).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(formatCode(normaliseCode(` ${c.toLowerCase().replace("-", " ")} `))).toBe(c);
  });
});
