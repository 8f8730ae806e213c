import { describe, expect, it } from "vitest";
import { lockedFields, POLICY, ROLES, widerPermissions, writeRule, type Principal } from "../../domain/access/policy.ts";

const P = (role: Principal["role"], areaCode: string, extra: Partial<Principal> = {}): Principal => ({ userId: role, role, areaCode, ...extra });
const dinkes = P("dinkes", "18.04");
const puskesmas = P("puskesmas", "18.04.10");

describe("widerPermissions: a user who holds more than the administrator vouching for it", () => {
  it("a dinkes (no health or lintas writes) issuing for the roles that write", () => {
    expect(widerPermissions(P("puskesmas", "18.04.10"), dinkes)).toEqual(["health:write", "lintas:write"]);
    expect(widerPermissions(P("pustu", "18.04.10.2001"), dinkes)).toEqual(["health:write"]);
    expect(widerPermissions(P("kader", "18.04.10.2001"), dinkes)).toEqual(["health:write"]);
    expect(widerPermissions(P("camat", "18.04.10"), dinkes)).toEqual(["lintas:write"]);
    expect(widerPermissions(P("mitra", "18.04.10", { officeId: "o" }), dinkes)).toEqual(["lintas:write"]);
    expect(widerPermissions(P("dinkes", "18.04"), dinkes)).toEqual([]);
  });

  it("a puskesmas issuing within its kecamatan hands out nothing it lacks", () => {
    for (const u of [P("puskesmas", "18.04.10"), P("pustu", "18.04.10.2001"), P("kader", "18.04.10.2001", { dusunId: "d" }), P("camat", "18.04.10"), P("mitra", "18.04.10", { officeId: "o" })]) {
      expect(widerPermissions(u, puskesmas), u.role).toEqual([]);
    }
  });

  it("a wider area, or fewer restrictions, is wider too", () => {
    // A dinkes writes no more than a puskesmas, but reads and administers the whole kabupaten.
    expect(widerPermissions(P("dinkes", "18.04"), puskesmas)).toEqual(["health:read", "lintas:read", "reference:read", "reference:write", "admin:users", "pws:read", "pws:targets", "interop:export", "aggregates:read", "aggregates:publish"]);
    // Issue 16: a dinkes provinsi holds nothing but the aggregates, over a whole provinsi.
    expect(widerPermissions(P("dinkes_provinsi", "18"), P("dinkes", "18.04"))).toEqual(["aggregates:read"]);
    expect(widerPermissions(P("puskesmas", "18.04.11"), puskesmas)).toEqual(["health:read", "health:write", "lintas:read", "lintas:write", "reference:read", "reference:write", "admin:users", "pws:read", "pws:targets", "interop:export"]);
    expect(widerPermissions(P("dinkes", "18.04"), P("dinkes", "18.04"))).toEqual([]);
    expect(widerPermissions(P("puskesmas", "18.04.10"), P("mitra", "18.04.10", { officeId: "o" }))).toContain("lintas:read");
    expect(widerPermissions(P("kader", "18.04.10.2001"), P("kader", "18.04.10.2001", { dusunId: "d" }))).toEqual(["health:read", "health:write"]);
  });
});

describe("writeRule: a mitra reports on its items and rewrites nothing", () => {
  const mitra = P("mitra", "18.04.10", { officeId: "o" });
  it("changes only an item's status; adds progress and signatures; deletes nothing", () => {
    const item = writeRule(mitra, "lintas:write", "commitment_item");
    expect(item).toMatchObject({ create: false, delete: false });
    expect(lockedFields(item, ["status"])).toEqual([]);
    expect(lockedFields(item, ["status", "action", "targetValue"])).toEqual(["action", "targetValue"]);
    expect(writeRule(mitra, "lintas:write", "progress")).toMatchObject({ create: true, delete: false, update: [] });
    expect(writeRule(mitra, "lintas:write", "signature")).toMatchObject({ create: true, delete: false });
    expect(writeRule(mitra, "lintas:write", "commitment")).toMatchObject({ create: false, delete: false, update: [] });
  });
  it("leaves every other role's writes to its reach", () => {
    const rule = writeRule(puskesmas, "lintas:write", "commitment_item");
    expect(rule).toEqual({ create: true, delete: true, update: "any" });
    expect(lockedFields(rule, ["action"])).toEqual([]);
    expect(writeRule(dinkes, "health:write", "person")).toMatchObject({ create: false, delete: false });
  });
});

describe("interop:export hands on personal data", () => {
  it("only roles that read the same people's health data, at least as far, may export it", () => {
    // A FHIR bundle carries names and NIKs (issue 13): whoever exports must already read them.
    for (const role of ROLES) {
      const exp = POLICY[role]["interop:export"];
      if (exp === false) continue;
      expect(POLICY[role]["health:read"], role).toBe(exp);
    }
  });
});
