import type { Bundle } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash, matchHash, planSend, type LoggedEntry } from "../../domain/satusehat/plan.ts";
import { outcomeEntryIndexes, outcomeText, parseTokenResponse, parseTransactionResponse, resourceRef, scrub, TOKEN_EXPIRY_MARGIN_MS } from "../../domain/satusehat/response.ts";
import { backoffDelay, classifyStatus, DEFAULT_BACKOFF, nextDelay, retryAfterMs } from "../../domain/satusehat/retry.ts";

/** The SATUSEHAT sender's pure parts (issue 13, part 3): when to retry, reading answers, what to resend. */

describe("retry and backoff", () => {
  it("retries 429, 5xx; refreshes the token on 401; gives up on another 4xx", () => {
    expect([200, 201, 401, 429, 500, 502, 503, 400, 403, 404, 409, 422].map(classifyStatus)).toEqual([
      "ok", "ok", "refresh_token", "retry", "retry", "retry", "retry", "fail", "fail", "fail", "fail", "fail",
    ]);
  });

  it("waits a full-jitter exponential delay, never more than the cap", () => {
    const p = { maxAttempts: 8, baseMs: 500, capMs: 5000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, p, 0.999999))).toEqual([499, 999, 1999, 3999, 4999, 4999]);
    expect(backoffDelay(3, p, 0)).toBe(0);
    expect(backoffDelay(3, p, 0.5)).toBe(1000);
  });

  it("stops after the last attempt, and when Retry-After asks for more than the cap", () => {
    expect(nextDelay(DEFAULT_BACKOFF.maxAttempts, DEFAULT_BACKOFF, 0.5, null)).toBeNull();
    expect(nextDelay(1, DEFAULT_BACKOFF, 0.5, null)).toBe(250);
    // Retry-After is a floor.
    expect(nextDelay(1, DEFAULT_BACKOFF, 0.5, 3000)).toBe(3000);
    expect(nextDelay(1, DEFAULT_BACKOFF, 0.5, DEFAULT_BACKOFF.capMs + 1)).toBeNull();
  });

  it("reads Retry-After as seconds or an HTTP-date (RFC 9110 §10.2.3)", () => {
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

describe("reading SATUSEHAT's answers", () => {
  it("reads the documented token answer (expires_in a string) and renews before expiry", () => {
    const now = 1_000_000;
    const t = parseTokenResponse({ access_token: "abc", token_type: "BearerToken", issued_at: "1700000000000", expires_in: "14399" }, now)!;
    expect(t.token).toBe("abc");
    expect(t.expiresAt).toBe(now + 14399 * 1000 - TOKEN_EXPIRY_MARGIN_MS);
    expect(parseTokenResponse({ access_token: "x", expires_in: 3600 }, 0)!.expiresAt).toBe(3600 * 1000 - TOKEN_EXPIRY_MARGIN_MS);
    expect(parseTokenResponse({ token_type: "BearerToken" }, now)).toBeNull();
    expect(parseTokenResponse("Gateway Timeout", now)).toBeNull();
  });

  it("reads a transaction-response entry by entry, in order", () => {
    const answers = parseTransactionResponse({
      resourceType: "Bundle", type: "transaction-response",
      entry: [
        { response: { status: "201 Created", location: "Patient/P1/_history/1" } },
        { response: { status: "200 OK", location: "https://api.example/fhir-r4/v1/Patient/P0/_history/3" } },
        { response: { status: "400 Bad Request", outcome: { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid", diagnostics: "bad" }] } } },
        {},
      ],
    })!;
    expect(answers).toEqual([
      { status: 201, location: "Patient/P1/_history/1", ref: "Patient/P1", outcome: null },
      { status: 200, location: "https://api.example/fhir-r4/v1/Patient/P0/_history/3", ref: "Patient/P0", outcome: null },
      { status: 400, location: null, ref: null, outcome: "error/invalid" },
      { status: 0, location: null, ref: null, outcome: null },
    ]);
    expect(parseTransactionResponse({ resourceType: "OperationOutcome", issue: [] })).toBeNull();
    expect(resourceRef("Encounter/4f735a03-128b-464d-bf91-e6eacdf1c38f")).toBe("Encounter/4f735a03-128b-464d-bf91-e6eacdf1c38f");
  });

  it("keeps an OperationOutcome's codes and where, and no free text: no name, NIK or birth date is stored", () => {
    const text = outcomeText({
      resourceType: "OperationOutcome",
      issue: [
        { severity: "error", code: "invalid", details: { text: 'Patient with NIK 3201234567890001 named "Siti Aminah" not found' }, expression: ["Bundle.entry[2].resource"] },
        { severity: "warning", code: "business-rule", details: { coding: [{ code: "MSG_ERROR_1" }] } },
        // Unquoted name, a NIK and a birth date in diagnostics; a value inside an expression.
        { severity: "error", code: "duplicate", diagnostics: "Pasien Siti Aminah NIK 1804114403950001 lahir 1995-03-04 sudah ada", expression: ["Patient.identifier.where(value='1804114403950001')"], location: ["Bundle.entry[0]"] },
        { severity: "error", code: "Siti Aminah", details: { coding: [{ code: "Siti Aminah 1995-03-04" }, { code: "1804114403950001" }] } },
      ],
    })!;
    expect(text).toBe("error/invalid @Bundle.entry[2].resource; warning/business-rule [MSG_ERROR_1]; error/duplicate; error/?");
    expect(text).not.toMatch(/Siti|Aminah|1995|03-04|\d{6,}/);
    expect(scrub("lahir 1995-03-04, 04/03/1995, NIK 1804114403950001, 'Siti'")).toBe("lahir …, …, NIK #, …");
    expect(scrub("x".repeat(1000)).length).toBeLessThanOrEqual(300);
    expect(outcomeText({ resourceType: "Patient" })).toBeNull();
  });
});

describe("what a resend sends", () => {
  const patient = (nik: string) => ({ resourceType: "Patient" as const, identifier: [{ system: "https://fhir.kemkes.go.id/id/nik", value: nik }] });
  const bundle: Bundle = {
    resourceType: "Bundle", type: "transaction",
    entry: [
      { fullUrl: "urn:uuid:p1", resource: patient("1804100101900001"), request: { method: "POST", url: "Patient", ifNoneExist: "identifier=https://fhir.kemkes.go.id/id/nik|1804100101900001" } },
      { fullUrl: "urn:uuid:e1", resource: { resourceType: "Encounter", status: "finished", class: { code: "AMB" }, subject: { reference: "urn:uuid:p1" } }, request: { method: "POST", url: "Encounter" } },
      { fullUrl: "urn:uuid:o1", resource: { resourceType: "Observation", status: "final", code: { text: "BB" }, subject: { reference: "urn:uuid:p1" }, encounter: { reference: "urn:uuid:e1" } }, request: { method: "POST", url: "Observation" } },
    ],
  };
  const hash = (i: number) => entryHash(bundle.entry![i]!);
  const BASE = "https://fhir.example/fhir-r4/v1";

  it("hashes content, not key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(entryHash({ resource: { resourceType: "Patient", gender: "female", active: true } })).toBe(entryHash({ resource: { active: true, gender: "female", resourceType: "Patient" } }));
  });

  it("sends everything the first time, as exported", () => {
    const plan = planSend(bundle, new Map(), BASE);
    expect(plan.bundle).toEqual(bundle);
    expect(plan.entries.map((e) => e.action)).toEqual(["create", "create", "create"]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.entries[0]).toMatchObject({ match: matchHash(bundle.entry![0]!.request!.ifNoneExist!, ""), forgetRef: false });
    expect(plan.entries[1]!.match).toBeNull();
  });

  it("sends nothing when everything was sent and is unchanged", () => {
    const log = new Map<string, LoggedEntry>([
      ["urn:uuid:p1", { hash: hash(0), ok: true, ref: "Patient/P1" }],
      ["urn:uuid:e1", { hash: hash(1), ok: true, ref: "Encounter/E1" }],
      ["urn:uuid:o1", { hash: hash(2), ok: true, ref: "Observation/O1" }],
    ]);
    const plan = planSend(bundle, log, BASE);
    expect(plan.bundle).toBeNull();
    expect(plan.unchanged).toEqual(["urn:uuid:p1", "urn:uuid:e1", "urn:uuid:o1"]);
  });

  it("resends what failed, pointing references to what was sent at the server's ids", () => {
    const log = new Map<string, LoggedEntry>([
      ["urn:uuid:p1", { hash: hash(0), ok: true, ref: "Patient/P1" }],
      ["urn:uuid:o1", { hash: hash(2), ok: false, ref: null }],
    ]);
    const plan = planSend(bundle, log, BASE);
    expect(plan.entries.map((e) => [e.key, e.action])).toEqual([["urn:uuid:e1", "create"], ["urn:uuid:o1", "resend"]]);
    const [enc, obs] = plan.bundle!.entry!;
    expect((enc!.resource as { subject: { reference: string } }).subject.reference).toBe("Patient/P1");
    expect((obs!.resource as { subject: { reference: string } }).subject.reference).toBe("Patient/P1");
    // The encounter goes in the same Bundle: its urn:uuid still resolves there.
    expect((obs!.resource as { encounter: { reference: string } }).encounter.reference).toBe("urn:uuid:e1");
    // The exported bundle is not changed.
    expect((bundle.entry![1]!.resource as { subject: { reference: string } }).subject.reference).toBe("urn:uuid:p1");
  });

  it("sends a changed resource that the server holds as an update of it (PUT Type/id), never a second copy", () => {
    const log = new Map<string, LoggedEntry>([
      ["urn:uuid:p1", { hash: hash(0), ok: true, ref: "Patient/P1" }],
      ["urn:uuid:e1", { hash: "an older version", ok: true, ref: "Encounter/E1" }],
      ["urn:uuid:o1", { hash: hash(2), ok: true, ref: "Observation/O1" }],
    ]);
    const plan = planSend(bundle, log, BASE);
    expect(plan.entries.map((e) => [e.key, e.action])).toEqual([["urn:uuid:e1", "update"]]);
    expect(plan.bundle!.entry).toEqual([{
      fullUrl: `${BASE}/Encounter/E1`,
      resource: { resourceType: "Encounter", id: "E1", status: "finished", class: { code: "AMB" }, subject: { reference: "Patient/P1" } },
      request: { method: "PUT", url: "Encounter/E1" },
    }]);
  });

  // H1: SATUSEHAT answers a Patient's conditional create with its national master record (200,
  // Master Patient Index). Simpul did not create that record: it must never replace it (PUT).
  const SECRET = "rahasia-uji";
  const NIK_QUERY = (nik: string) => `identifier=https://fhir.kemkes.go.id/id/nik|${nik}`;
  const withPatient = (nik: string, name: string): Bundle => ({
    ...bundle,
    entry: [
      { fullUrl: "urn:uuid:p1", resource: { ...patient(nik), name: [{ text: name }] }, request: { method: "POST", url: "Patient", ifNoneExist: NIK_QUERY(nik) } },
      ...bundle.entry!.slice(1),
    ],
  });
  /** The log after a first send whose Patient was answered 200 with the master record P0. */
  const sentOnce = (b: Bundle) => new Map<string, LoggedEntry>([
    ["urn:uuid:p1", { hash: entryHash(b.entry![0]!), ok: true, ref: "Patient/P0", match: matchHash(NIK_QUERY("1804100101900001"), SECRET) }],
    ["urn:uuid:e1", { hash: entryHash(b.entry![1]!), ok: true, ref: "Encounter/E1", match: null }],
    ["urn:uuid:o1", { hash: "an older version", ok: true, ref: "Observation/O1", match: null }],
  ]);

  it("never PUTs a Patient: a renamed person matched on the same NIK is left out and referenced by its known id", () => {
    const first = withPatient("1804100101900001", "Siti Aminah");
    const renamed = withPatient("1804100101900001", "Siti Aminah Lestari");
    expect(entryHash(renamed.entry![0]!)).not.toBe(entryHash(first.entry![0]!));
    const plan = planSend(renamed, sentOnce(first), BASE, SECRET);
    expect(plan.entries.map((e) => [e.key, e.action])).toEqual([["urn:uuid:o1", "update"]]);
    expect(plan.bundle!.entry!.some((e) => e.resource?.resourceType === "Patient" || e.request?.method === "PUT" && e.request.url.startsWith("Patient"))).toBe(false);
    expect((plan.bundle!.entry![0]!.resource as { subject: { reference: string } }).subject.reference).toBe("Patient/P0");
    expect(plan.held).toEqual(["urn:uuid:p1"]);
    expect(plan.unchanged).toEqual(["urn:uuid:e1"]);
  });

  it("a corrected NIK drops the old id: the Patient is POSTed again with the new ifNoneExist, referenced inside the Bundle", () => {
    const first = withPatient("1804100101900001", "Siti Aminah");
    const corrected = withPatient("1804100101900009", "Siti Aminah");
    const plan = planSend(corrected, sentOnce(first), BASE, SECRET);
    const p = plan.bundle!.entry!.find((e) => e.resource?.resourceType === "Patient")!;
    expect(p.request).toEqual({ method: "POST", url: "Patient", ifNoneExist: NIK_QUERY("1804100101900009") });
    expect(p.fullUrl).toBe("urn:uuid:p1");
    expect(plan.entries.find((e) => e.key === "urn:uuid:p1")).toMatchObject({ action: "resend", forgetRef: true, match: matchHash(NIK_QUERY("1804100101900009"), SECRET) });
    // What SATUSEHAT holds referencing P0 (the Encounter, unchanged here) is updated to point at the
    // Patient in the Bundle, so that it leaves the person the old NIK named.
    expect(plan.entries.map((e) => [e.key, e.action])).toEqual([["urn:uuid:p1", "resend"], ["urn:uuid:e1", "update"], ["urn:uuid:o1", "update"]]);
    for (const type of ["Encounter", "Observation"]) {
      const e = plan.bundle!.entry!.find((x) => x.resource?.resourceType === type)!;
      expect(e.request!.method).toBe("PUT");
      expect((e.resource as { subject: { reference: string } }).subject.reference).toBe("urn:uuid:p1");
    }
    expect(JSON.stringify(plan.bundle)).not.toContain("Patient/P0");
  });

  it("a Patient logged before match hashes were kept is POSTed with ifNoneExist, never PUT", () => {
    const first = withPatient("1804100101900001", "Siti Aminah");
    const log = sentOnce(first);
    log.set("urn:uuid:p1", { ...log.get("urn:uuid:p1")!, hash: "an older version", match: null });
    const plan = planSend(first, log, BASE, SECRET);
    const p = plan.bundle!.entry!.find((e) => e.resource?.resourceType === "Patient")!;
    expect(p.request!.method).toBe("POST");
    expect(p.request!.ifNoneExist).toBe(NIK_QUERY("1804100101900001"));
  });

  it("keys the match hash: the NIK cannot be found from it without the secret", () => {
    expect(matchHash(NIK_QUERY("1804100101900001"), SECRET)).not.toBe(matchHash(NIK_QUERY("1804100101900001"), ""));
    expect(matchHash(NIK_QUERY("1804100101900001"), SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });

  // M2: a 4xx that names one entry is that entry's; sent again unchanged it would be refused again.
  it("reads which entries a refusal names (errors only)", () => {
    expect(outcomeEntryIndexes({ resourceType: "OperationOutcome", issue: [
      { severity: "error", code: "required", expression: ["Bundle.entry[2].resource.code"] },
      { severity: "warning", code: "informational", expression: ["Bundle.entry[0]"] },
      { severity: "fatal", code: "invalid", location: ["Bundle.entry[1]"] },
      { severity: "error", code: "invalid", expression: ["Patient.name"] },
    ] })).toEqual([1, 2]);
    expect(outcomeEntryIndexes({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid" }] })).toEqual([]);
  });

  it("holds back an entry refused before and unchanged, and what references it by urn:uuid; sends it once changed", () => {
    const refusedObs = new Map<string, LoggedEntry>([["urn:uuid:o1", { hash: hash(2), ok: false, ref: null, refused: true }]]);
    const plan = planSend(bundle, refusedObs, BASE);
    expect(plan.entries.map((e) => e.key)).toEqual(["urn:uuid:p1", "urn:uuid:e1"]);
    expect(plan.heldBack).toEqual(["urn:uuid:o1"]);
    // Not processed last time (a bystander of the refusal): sent again.
    expect(planSend(bundle, new Map([["urn:uuid:o1", { hash: hash(2), ok: false, ref: null, refused: false }]]), BASE).heldBack).toEqual([]);
    // Changed since: sent.
    expect(planSend(bundle, new Map([["urn:uuid:o1", { hash: "older", ok: false, ref: null, refused: true }]]), BASE).heldBack).toEqual([]);
    // A refused Patient without a server id: everything referencing it waits with it.
    const refusedPatient = new Map<string, LoggedEntry>([["urn:uuid:p1", { hash: hash(0), ok: false, ref: null, refused: true }]]);
    const none = planSend(bundle, refusedPatient, BASE);
    expect(none.bundle).toBeNull();
    expect(none.heldBack.sort()).toEqual(["urn:uuid:e1", "urn:uuid:o1", "urn:uuid:p1"]);
  });
});
