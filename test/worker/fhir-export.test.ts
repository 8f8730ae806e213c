import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { uuidv7 } from "../../domain/util/uuid.ts";
import worker from "../../worker/index.ts";
import { openDb } from "../../worker/db/client.ts";
import { loadPage, PAGE_PERSONS_MAX, PAGE_RECORDS_MAX } from "../../worker/services/fhir/load.ts";
import { parseSatusehatCredentials } from "../../worker/services/fhir/config.ts";
import { mapPage } from "../../worker/services/fhir/export.ts";
import { api, DESA_A, DESA_B, DESA_OTHER_KEC, household, ids, KEC, KEC_OTHER, mutation, person, pushAs, seedWorld, visit, type RoleName } from "./fixtures.ts";

/**
 * The SATUSEHAT export routes (issue 13, part 2): GET /api/fhir/bundle pages a desa-period's
 * transaction Bundle by person, GET /api/fhir/summary counts it per desa. The mapping itself is
 * domain/fhir's (test/domain/fhir*.test.ts); here: which rows a page reads, the paging, the
 * unexported list, the organisation from config, the audit and who may ask.
 */

interface Page {
  desa: { code: string; name: string };
  organizationId: string;
  organizationConfigured: boolean;
  bundle: { resourceType: string; type: string; entry?: { fullUrl?: string; resource?: { resourceType: string; id?: string; identifier?: { system?: string; value?: string }[] }; request?: { method: string; url: string; ifNoneExist?: string } }[] };
  unexported: { entity: string; id: string; reason: string; personId: string; name?: string; formId?: string; date?: string }[];
  counts: Record<string, number>;
  persons: number;
  nextCursor: string | null;
}

let tokens: Record<RoleName, string>;
/** Pekon A: women with a NIK and an ANC visit in November 2026. */
const withNik: string[] = [];
/** Pekon A: women without a NIK, with an ANC visit in November 2026. */
const withoutNik: string[] = [];
const expectedNiks: string[] = [];
let octoberOnly: string;
let noVisit: string;
let deleted: string;
let deletedRecord: string;
let personB: string;
const MONTH = "2026-11";

/** A woman's NIK (Dukcapil: wilayah 6, DD+40 MM YY, serial 4) for birth date 1995-03-04. */
const nikOf = (n: number) => `180410440395${String(n).padStart(4, "0")}`;

async function push(token: string, muts: ReturnType<typeof mutation>[]) {
  for (let i = 0; i < muts.length; i += 50) {
    const res = await pushAs(token, muts.slice(i, i + 50));
    expect(res.results.filter((r) => r.status !== "applied"), JSON.stringify(res.results.find((r) => r.status !== "applied"))).toEqual([]);
  }
}

async function page(token: string, query: string): Promise<{ status: number; body: Page & { error?: { code: string } } }> {
  const res = await api("GET", `/api/fhir/bundle?${query}`, { token });
  return { status: res.status, body: (await res.json()) as Page & { error?: { code: string } } };
}

/** Every page of a desa-month, following nextCursor. */
async function allPages(token: string, query: string): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const r = await page(token, `${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    pages.push(r.body);
    cursor = r.body.nextCursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

const patientIds = (p: Page) => (p.bundle.entry ?? []).filter((e) => e.resource?.resourceType === "Patient").map((e) => e.fullUrl!);

beforeAll(async () => {
  ({ tokens } = await seedWorld());
  const muts: ReturnType<typeof mutation>[] = [];
  for (let i = 0; i < 24; i++) {
    const hh = uuidv7();
    const p = uuidv7();
    const hasNik = i % 3 !== 0;
    (hasNik ? withNik : withoutNik).push(p);
    if (hasNik) expectedNiks.push(nikOf(i + 1));
    muts.push(mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh, { name: `Ibu Uji ${i}`, nik: hasNik ? nikOf(i + 1) : null })));
    muts.push(mutation("record", uuidv7(), "create", visit(p, { visitDate: "2026-11-20" })));
  }
  const hh = uuidv7();
  octoberOnly = uuidv7();
  noVisit = uuidv7();
  deleted = uuidv7();
  muts.push(
    mutation("household", hh, "create", household()),
    mutation("person", octoberOnly, "create", person(hh, { name: "Ibu Oktober", nik: nikOf(90) })),
    mutation("record", uuidv7(), "create", visit(octoberOnly, { visitDate: "2026-10-20" })),
    mutation("person", noVisit, "create", person(hh, { name: "Ibu Tanpa Kunjungan", nik: nikOf(91), relation: "lainnya" })),
    mutation("person", deleted, "create", person(hh, { name: "Ibu Terhapus", nik: nikOf(92), relation: "lainnya" })),
  );
  deletedRecord = uuidv7();
  muts.push(mutation("record", deletedRecord, "create", visit(withNik[0]!, { visitDate: "2026-11-05" })));
  await push(tokens.pustu, muts);
  // A record deleted after the fact, and a person deleted with her visit: neither is exported.
  const rec = uuidv7();
  await push(tokens.pustu, [mutation("record", rec, "create", visit(deleted, { visitDate: "2026-11-21" }))]);
  await push(tokens.pustu, [mutation("record", deletedRecord, "delete", {}, 1), mutation("record", rec, "delete", {}, 1), mutation("person", deleted, "delete", {}, 1)]);
  // Pekon B, another pustu's.
  const hhB = uuidv7();
  personB = uuidv7();
  await push(tokens.pustuB, [
    mutation("household", hhB, "create", household(DESA_B, ids.dusunB1)),
    mutation("person", personB, "create", person(hhB, { name: "Ibu Pekon B", nik: nikOf(93) })),
    mutation("record", uuidv7(), "create", visit(personB, { visitDate: "2026-11-10" })),
  ]);
});

describe("GET /api/fhir/bundle", () => {
  it("answers a transaction Bundle of the desa's month: its persons with a NIK, POST with ifNoneExist, and lists those without a NIK", async () => {
    const { status, body } = await page(tokens.puskesmas, `desa=${DESA_A}&month=${MONTH}`);
    expect(status).toBe(200);
    expect(body.desa.code).toBe(DESA_A);
    expect(body.bundle.resourceType).toBe("Bundle");
    expect(body.bundle.type).toBe("transaction");
    expect(body.nextCursor).toBeNull();
    expect(body.persons).toBe(24);
    const entries = body.bundle.entry ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(e.request?.method).toBe("POST");
    }
    const patients = entries.filter((e) => e.resource?.resourceType === "Patient");
    expect(patients).toHaveLength(withNik.length);
    const niks = patients.map((e) => e.resource!.identifier!.find((i) => i.system === "https://fhir.kemkes.go.id/id/nik")?.value).sort();
    expect(niks).toEqual(expectedNiks.sort());
    for (const e of patients) expect(e.request!.ifNoneExist).toContain("https://fhir.kemkes.go.id/id/nik|");
    expect(body.counts.Patient).toBe(withNik.length);
    // One Encounter per visit in the month of a person with a NIK: not the deleted one, not October's.
    expect(body.counts.Encounter).toBe(withNik.length);
    const encounterSubjects = entries.filter((e) => e.resource?.resourceType === "Encounter").map((e) => (e.resource as { subject?: { reference?: string } }).subject?.reference);
    expect(new Set(encounterSubjects)).toEqual(new Set(patients.map((e) => e.fullUrl)));
    // Who is not in it: no visit in the month, deleted, another desa.
    expect(niks).not.toContain(nikOf(90));
    expect(niks).not.toContain(nikOf(91));
    expect(niks).not.toContain(nikOf(92));
    expect(niks).not.toContain(nikOf(93));
    // Never silently skipped: every woman without a NIK is listed, with the reason and (health:read) her name.
    const noNik = body.unexported.filter((u) => u.entity === "person");
    expect(noNik.map((u) => u.personId).sort()).toEqual([...withoutNik].sort());
    expect(new Set(noNik.map((u) => u.reason))).toEqual(new Set(["no_nik"]));
    expect(noNik.every((u) => u.name?.startsWith("Ibu Uji"))).toBe(true);
    // Their visits are listed too, with the form and date (no silent loss of a record).
    const records = body.unexported.filter((u) => u.entity === "record");
    expect(records.map((u) => u.personId).sort()).toEqual([...withoutNik].sort());
    expect(records.every((u) => u.formId === "anc" && u.date === "2026-11-20")).toBe(true);
    expect(body.unexported.some((u) => u.id === deletedRecord)).toBe(false);
  });

  it("pages by person: every person exactly once, each page within its bound, the same bundle as one page", async () => {
    const whole = (await page(tokens.puskesmas, `desa=${DESA_A}&month=${MONTH}`)).body;
    const pages = await allPages(tokens.puskesmas, `desa=${DESA_A}&month=${MONTH}&limit=5`);
    expect(pages.length).toBe(5); // 24 persons, 5 a page
    for (const p of pages) expect(p.persons).toBeLessThanOrEqual(5);
    const seen = pages.flatMap((p) => [...patientIds(p), ...p.unexported.filter((u) => u.entity === "person").map((u) => u.personId)]);
    expect(seen.length).toBe(24);
    expect(new Set(seen).size).toBe(24);
    const fullUrls = pages.flatMap((p) => (p.bundle.entry ?? []).map((e) => e.fullUrl));
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
    expect(fullUrls.sort()).toEqual((whole.bundle.entry ?? []).map((e) => e.fullUrl).sort());
    const sum: Record<string, number> = {};
    for (const p of pages) for (const [k, v] of Object.entries(p.counts)) sum[k] = (sum[k] ?? 0) + v;
    expect(sum).toEqual(whole.counts);
  });

  it("bounds a page by its records too: a page stops before the person who would pass the bound", async () => {
    const db = openDb(env.DB);
    const period = { from: "2026-01-01", to: "2026-12-31" };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await loadPage(db, DESA_A, period, cursor, PAGE_PERSONS_MAX, 3);
      const n = p.records.length + p.referrals.length;
      // At most 3, unless one person alone holds more (a page holds at least one person).
      expect(n <= 3 || p.persons.length === 1, `${n} records for ${p.persons.length} persons`).toBe(true);
      seen.push(...p.persons.map((x) => x.id));
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen.length).toBe(25);
    expect(new Set(seen).size).toBe(25);
    expect(pages).toBeGreaterThanOrEqual(9);
    expect(PAGE_RECORDS_MAX * PAGE_PERSONS_MAX).toBeGreaterThan(0);
  });

  it("names a person left out only for a caller with health:read over the desa", async () => {
    const loaded = await loadPage(openDb(env.DB), DESA_A, { from: "2026-11-01", to: "2026-11-30" }, null, PAGE_PERSONS_MAX);
    const context = { organizationId: "org", organizationName: "Puskesmas Uji", location: null };
    const named = mapPage(loaded, context, true).unexported;
    const anonymous = mapPage(loaded, context, false).unexported;
    expect(named.filter((u) => u.name).length).toBeGreaterThan(0);
    expect(anonymous.length).toBe(named.length);
    expect(anonymous.some((u) => "name" in u)).toBe(false);
    expect(JSON.stringify(anonymous)).not.toContain("Ibu Uji");
  });

  it("a year: the October visit joins, the period is checked", async () => {
    const year = await allPages(tokens.puskesmas, `desa=${DESA_A}&from=2026-01-01&to=2026-12-31`);
    expect(year.reduce((n, p) => n + p.persons, 0)).toBe(25);
    for (const [q, what] of [
      ["month=2026-13", "month 13"],
      ["from=2026-01-01&to=2027-01-01", "more than 12 months"],
      ["from=2026-05-01&to=2026-04-30", "reversed"],
      ["from=2026-02-30&to=2026-03-01", "not a date"],
      ["from=2026-01-01", "no end"],
      ["month=2026-11&from=2026-11-01&to=2026-11-30", "both"],
      ["", "none"],
    ]) {
      const { status, body } = await page(tokens.puskesmas, `desa=${DESA_A}${q ? `&${q}` : ""}`);
      expect(status, what).toBe(400);
      expect(body.error!.code, what).toBe("invalid_period");
    }
    const cursor = await page(tokens.puskesmas, `desa=${DESA_A}&month=${MONTH}&cursor=not-a-cursor`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error!.code).toBe("invalid_cursor");
  });

  it("refuses pustu, kader, camat and mitra; a puskesmas outside its kecamatan; answers a dinkes within its kabupaten", async () => {
    for (const role of ["pustu", "pustuB", "kader", "camat", "mitraKua", "mitraPkk"] as const) {
      const { status, body } = await page(tokens[role], `desa=${DESA_A}&month=${MONTH}`);
      expect(status, role).toBe(403);
      expect(body.error!.code).toBe("forbidden");
    }
    const other = await page(tokens.puskesmasOther, `desa=${DESA_A}&month=${MONTH}`);
    expect(other.status).toBe(403);
    expect((await page(tokens.puskesmas, `desa=${DESA_OTHER_KEC}&month=${MONTH}`)).status).toBe(403);
    expect((await page(tokens.puskesmasOther, `desa=${DESA_OTHER_KEC}&month=${MONTH}`)).status).toBe(200);
    const dinkes = await page(tokens.dinkes, `desa=${DESA_B}&month=${MONTH}`);
    expect(dinkes.status).toBe(200);
    expect(dinkes.body.counts.Patient).toBe(1);
    // Unknown desa within reach: 404; outside: 403 (no probing of codes); not a desa code: 422.
    const unknown = await page(tokens.puskesmas, `desa=${KEC}.2999&month=${MONTH}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error!.code).toBe("unknown_area");
    expect((await page(tokens.puskesmas, `desa=${KEC_OTHER}.2999&month=${MONTH}`)).status).toBe(403);
    expect((await page(tokens.puskesmas, `desa=${KEC}&month=${MONTH}`)).status).toBe(422);
  });

  it("audits each page (desa, period, counts; no names), and refusals", async () => {
    await page(tokens.puskesmas, `desa=${DESA_A}&month=2026-09`);
    const row = await env.DB.prepare("SELECT entity_id AS e, details FROM audit_log WHERE action = 'fhir.export' ORDER BY id DESC LIMIT 1").first<{ e: string; details: string }>();
    expect(row!.e).toBe(DESA_A);
    const details = JSON.parse(row!.details) as Record<string, unknown>;
    expect(details).toMatchObject({ from: "2026-09-01", to: "2026-09-30" });
    expect(row!.details).not.toMatch(/Ibu|1804104403/);
    await page(tokens.camat, `desa=${DESA_A}&month=${MONTH}`);
    const refused = await env.DB.prepare("SELECT details FROM audit_log WHERE action = 'access.refused' ORDER BY id DESC LIMIT 1").first<{ details: string }>();
    expect(JSON.parse(refused!.details)).toMatchObject({ route: "/api/fhir/bundle", permission: "interop:export" });
  });

  it("takes the Organization from SATUSEHAT_CREDENTIALS, else says it is not configured", async () => {
    const plain = (await page(tokens.puskesmas, `desa=${DESA_A}&month=${MONTH}`)).body;
    expect(plain.organizationConfigured).toBe(false);
    const credentials = JSON.stringify({ [KEC]: { organizationId: "100000999", clientId: "client-uji", clientSecret: "rahasia-uji" } });
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`http://simpul.test/api/fhir/bundle?desa=${DESA_A}&month=${MONTH}`, { headers: { authorization: `Bearer ${tokens.puskesmas}` } }),
      { ...env, SATUSEHAT_CREDENTIALS: credentials },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const text = await res.text();
    expect(res.status).toBe(200);
    const body = JSON.parse(text) as Page;
    expect(body.organizationConfigured).toBe(true);
    expect(body.organizationId).toBe("100000999");
    expect(text).not.toContain("rahasia-uji");
    expect(text).not.toContain("client-uji");
  });
});

describe("GET /api/fhir/summary", () => {
  it("counts per desa of the kecamatan, unexported by reason, with no names", async () => {
    const res = await api("GET", `/api/fhir/summary?month=${MONTH}`, { token: tokens.puskesmas });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = JSON.parse(text) as { area: { code: string }; units: { code: string; persons: number; counts: Record<string, number>; unexported: number; reasons: Record<string, number> }[]; total: { persons: number } };
    expect(body.area.code).toBe(KEC);
    const a = body.units.find((u) => u.code === DESA_A)!;
    expect(a.persons).toBe(24);
    expect(a.counts.Patient).toBe(withNik.length);
    expect(a.reasons.no_nik).toBe(withoutNik.length);
    expect(body.units.find((u) => u.code === DESA_B)!.persons).toBe(1);
    expect(body.total.persons).toBe(25);
    expect(text).not.toMatch(/Ibu|1804104403/);
  });

  it("a dinkes names a kecamatan of its kabupaten; not the kabupaten; not another's area", async () => {
    expect((await api("GET", `/api/fhir/summary?area=${KEC}&month=${MONTH}`, { token: tokens.dinkes })).status).toBe(200);
    expect((await api("GET", `/api/fhir/summary?month=${MONTH}`, { token: tokens.dinkes })).status).toBe(422);
    expect((await api("GET", `/api/fhir/summary?area=${KEC}&month=${MONTH}`, { token: tokens.puskesmasOther })).status).toBe(403);
    expect((await api("GET", `/api/fhir/summary?area=${KEC}&month=${MONTH}`, { token: tokens.camat })).status).toBe(403);
    expect((await api("GET", `/api/fhir/summary?area=${KEC}&month=2026-00`, { token: tokens.puskesmas })).status).toBe(400);
  });
});

describe("SATUSEHAT_CREDENTIALS", () => {
  it("parses the per-kecamatan JSON and reports a malformed one by path, never by value", () => {
    expect(parseSatusehatCredentials(undefined)).toEqual({ ok: true, byKec: {} });
    const ok = parseSatusehatCredentials(JSON.stringify({ [KEC]: { organizationId: "1", clientId: "c", clientSecret: "s" } }));
    expect(ok.ok && ok.byKec[KEC]!.organizationId).toBe("1");
    const bad = parseSatusehatCredentials(JSON.stringify({ [KEC]: { organizationId: "1", clientId: "c" }, "18.04": { organizationId: "x", clientId: "y", clientSecret: "geheim" } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toContain(KEC);
    expect(!bad.ok && bad.problem).not.toContain("geheim");
    expect(parseSatusehatCredentials("{").ok).toBe(false);
  });
});
