import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { commitmentContent, contentHash } from "../../domain/lintas/content.ts";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { api, ids, KEC, KEC_OTHER, mutation, pushAs, seedWorld, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

const STROKES = "M10 10 L20 20 L30 15"; // compact vector strokes, as the signature pad writes them

/** A signed-ready commitment: meeting, document, two parties (KUA, PKK), two items. */
async function makeCommitment() {
  const meetingId = uuidv7();
  const id = uuidv7();
  const commitment = { kecCode: KEC, meetingId, title: "Komitmen Bersama ILP Batu Brak", period: "2026", docVersion: 1 };
  const parties = [{ commitmentId: id, officeId: ids.officeKua }, { commitmentId: id, officeId: ids.officePkk }];
  const items = [
    { commitmentId: id, number: 1, officeId: ids.officeKua, action: "Skrining anemia dan KEK catin", indicator: "Catin diskrining", targetKind: "number", targetValue: 100, targetUnit: "%", desaCodes: null, dueDate: "2026-12-31", status: "belum_mulai" },
    { commitmentId: id, number: 2, officeId: ids.officePkk, action: "Ketahanan pangan keluarga balita stunting", indicator: "Keluarga didampingi", targetKind: "number", targetValue: 25, targetUnit: "keluarga", desaCodes: ["18.04.10.2001"], dueDate: "2027-03-31", status: "belum_mulai" },
  ];
  const itemIds = [uuidv7(), uuidv7()];
  const res = await pushAs(tokens.puskesmas, [
    mutation("meeting", meetingId, "create", { kecCode: KEC, kind: "lintas_sektor", date: "2026-11-20", place: "Aula Kecamatan Batu Brak", chair: "Camat Batu Brak", agenda: "Komitmen ILP", minutes: null }),
    mutation("commitment", id, "create", commitment),
    ...parties.map((p) => mutation("commitment_party", uuidv7(), "create", p)),
    ...items.map((it, i) => mutation("commitment_item", itemIds[i]!, "create", it)),
  ]);
  expect(res.status).toBe(200);
  expect(res.results.map((r) => r.status)).toEqual(Array(2 + parties.length + items.length).fill("applied"));
  const hash = await contentHash(commitmentContent(commitment, parties, items));
  return { id, meetingId, commitment, parties, items, itemIds, hash };
}

const sign = (commitmentId: string, officeId: string, contentHash: string, docVersion = 1) =>
  mutation("signature", uuidv7(), "create", { commitmentId, docVersion, contentHash, officeId, name: "Penandatangan", position: "Kepala", strokes: STROKES, signedAt: "2026-11-20T10:00:00+07:00" });

describe("signing", () => {
  it("binds each signature to the content hash; a matching one is applied and freezes the version", async () => {
    const c = await makeCommitment();
    const res = await pushAs(tokens.mitraKua, [sign(c.id, ids.officeKua, c.hash)]);
    expect(res.results[0]).toMatchObject({ status: "applied" });
    const frozen = await env.DB.prepare("SELECT content_hash, doc_version FROM commitment_versions WHERE commitment_id = ?").bind(c.id).first();
    expect(frozen).toEqual({ content_hash: c.hash, doc_version: 1 });
  });

  it("flags a tampered signature (hash of other content) instead of trusting it", async () => {
    const c = await makeCommitment();
    const forged = await contentHash(commitmentContent({ ...c.commitment, title: "Komitmen lain" }, c.parties, c.items));
    const res = await pushAs(tokens.mitraKua, [sign(c.id, ids.officeKua, forged)]);
    expect(res.results[0]).toMatchObject({ status: "conflict", conflicts: [{ field: "contentHash", serverValue: c.hash, clientValue: forged }] });
    const row = await env.DB.prepare("SELECT needs_review FROM signatures WHERE commitment_id = ?").bind(c.id).first();
    expect(row).toEqual({ needs_review: 1 });
  });

  it("refuses edits of a signed version in place; version N+1 is editable and keeps N's signatures", async () => {
    const c = await makeCommitment();
    await pushAs(tokens.puskesmas, [sign(c.id, ids.officeKua, c.hash)]);
    const inPlace = await pushAs(tokens.puskesmas, [mutation("commitment_item", c.itemIds[0]!, "update", { targetValue: 80 }, 1)]);
    expect(inPlace.results[0]!.error!.code).toBe("signed_version_locked");
    const title = await pushAs(tokens.camat, [mutation("commitment", c.id, "update", { title: "Judul baru" }, 1)]);
    expect(title.results[0]!.error!.code).toBe("signed_version_locked");
    // Status is not content: it can change on a signed version.
    expect((await pushAs(tokens.puskesmas, [mutation("commitment_item", c.itemIds[0]!, "update", { status: "berjalan" }, 1)])).results[0]!.status).toBe("applied");

    const bump = await pushAs(tokens.puskesmas, [
      mutation("commitment", c.id, "update", { docVersion: 2, title: "Komitmen Bersama ILP Batu Brak (revisi)" }, 1),
      mutation("commitment_item", c.itemIds[0]!, "update", { targetValue: 80 }, 2),
    ]);
    expect(bump.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    const v2 = await contentHash(
      commitmentContent({ ...c.commitment, docVersion: 2, title: "Komitmen Bersama ILP Batu Brak (revisi)" }, c.parties, [{ ...c.items[0]!, targetValue: 80 }, c.items[1]!]),
    );
    // An old-version hash no longer signs the current version; the new one does.
    expect((await pushAs(tokens.mitraPkk, [sign(c.id, ids.officePkk, c.hash, 2)])).results[0]!.status).toBe("conflict");
    expect((await pushAs(tokens.mitraKua, [sign(c.id, ids.officeKua, v2, 2)])).results[0]!.status).toBe("applied");
    const sigs = await env.DB.prepare("SELECT doc_version, office_id FROM signatures WHERE commitment_id = ? ORDER BY doc_version").bind(c.id).all();
    expect(sigs.results).toEqual([
      { doc_version: 1, office_id: ids.officeKua },
      { doc_version: 2, office_id: ids.officePkk },
      { doc_version: 2, office_id: ids.officeKua },
    ]);
    const versions = await env.DB.prepare("SELECT doc_version, content_hash FROM commitment_versions WHERE commitment_id = ? ORDER BY doc_version").bind(c.id).all();
    expect(versions.results).toEqual([{ doc_version: 1, content_hash: c.hash }, { doc_version: 2, content_hash: v2 }]);
  });

  it("accepts one signature per office and version, only from a party, and a mitra only for its office", async () => {
    const c = await makeCommitment();
    expect((await pushAs(tokens.mitraKua, [sign(c.id, ids.officeKua, c.hash)])).results[0]!.status).toBe("applied");
    expect((await pushAs(tokens.puskesmas, [sign(c.id, ids.officeKua, c.hash)])).results[0]!.error!.code).toBe("already_signed");
    expect((await pushAs(tokens.puskesmas, [sign(c.id, ids.officePemdes, c.hash)])).results[0]!.error!.code).toBe("not_a_party");
    expect((await pushAs(tokens.mitraKua, [sign(c.id, ids.officePkk, c.hash)])).results[0]!.error!.code).toBe("forbidden");
  });
});

describe("commitment rules", () => {
  it("refuses an item due before the meeting", async () => {
    const c = await makeCommitment();
    const res = await pushAs(tokens.puskesmas, [mutation("commitment_item", uuidv7(), "create", { ...c.items[0]!, number: 3, dueDate: "2026-11-01" })]);
    expect(res.results[0]!.error).toMatchObject({ code: "due_before_meeting", details: { field: "dueDate" } });
  });

  it("lets neither a pustu nor a kader create a commitment", async () => {
    for (const who of ["pustu", "kader"] as const) {
      const res = await pushAs(tokens[who], [mutation("commitment", uuidv7(), "create", { kecCode: KEC, meetingId: null, title: "X", period: "2026", docVersion: 1 })]);
      expect(res.status).toBe(403);
    }
  });

  it("shows a camat only its own kecamatan", async () => {
    const c = await makeCommitment();
    const other = await pushAs(tokens.puskesmasOther, [mutation("commitment", uuidv7(), "create", { kecCode: KEC_OTHER, meetingId: null, title: "Lain", period: "2026", docVersion: 1 })]);
    expect(other.results[0]!.status).toBe("applied");
    const page = (await (await api("GET", "/api/sync/pull?limit=2000", { token: tokens.camat })).json()) as PullResponse;
    const commitments = page.changes.filter((x) => x.entity === "commitment").map((x) => x.data!.kecCode);
    expect(commitments).toContain(KEC);
    expect(commitments.every((k) => k === KEC)).toBe(true);
    expect(page.changes.some((x) => x.id === c.id)).toBe(true);
    const write = await pushAs(tokens.camat, [mutation("commitment", uuidv7(), "create", { kecCode: KEC_OTHER, meetingId: null, title: "X", period: "2026", docVersion: 1 })]);
    expect(write.status).toBe(403);
  });
});

describe("evidence and contacts (issue 12, item 7)", () => {
  const progress = (itemId: string, reporter: Record<string, unknown>) =>
    mutation("progress", uuidv7(), "create", { itemId, note: "Skrining 12 catin", value: 60, status: null, photoKeys: [], reportedAt: "2026-11-25T09:30:00+07:00", ...reporter });

  it("keeps a progress report's reporter when it is the pusher, and refuses one in another's name", async () => {
    const c = await makeCommitment();
    const own = await pushAs(tokens.mitraKua, [progress(c.itemIds[0]!, { reporterRole: "mitra", reporterOfficeId: ids.officeKua })]);
    expect(own.results[0]!.status).toBe("applied");
    const row = await env.DB.prepare("SELECT reported_at, reporter_role, reporter_office_id FROM progress WHERE item_id = ?").bind(c.itemIds[0]).first();
    expect(row).toEqual({ reported_at: "2026-11-25T09:30:00+07:00", reporter_role: "mitra", reporter_office_id: ids.officeKua });
    // The puskesmas may report on the KUA's item, but not as the KUA.
    const posing = await pushAs(tokens.puskesmas, [progress(c.itemIds[0]!, { reporterRole: "mitra", reporterOfficeId: ids.officeKua })]);
    expect(posing.results[0]!.error).toMatchObject({ code: "forbidden", details: { fields: ["reporterRole", "reporterOfficeId"] } });
    const asItself = await pushAs(tokens.puskesmas, [progress(c.itemIds[0]!, { reporterRole: "puskesmas", reporterOfficeId: null })]);
    expect(asItself.results[0]!.status).toBe("applied");
    // A report from a PWA that predates the fields is kept as it comes.
    const old = mutation("progress", uuidv7(), "create", { itemId: c.itemIds[0]!, note: "Lama", value: null, status: null, photoKeys: [] });
    expect((await pushAs(tokens.camat, [old])).results[0]!.status).toBe("applied");
    // Nobody rewrites who reported.
    const edit = await pushAs(tokens.puskesmas, [mutation("progress", old.entityId, "update", { reporterRole: "camat" }, 1)]);
    expect(edit.results[0]!.error!.code).toBe("immutable_field");
  });

  it("stores an office's WhatsApp number only as an Indonesian number", async () => {
    const office = (phone: unknown) => mutation("office", uuidv7(), "create", { kecCode: KEC, name: "Polsek Batu Brak", kind: "polsek", desaCode: null, phone });
    for (const bad of ["081234567890", "+6281234567890", "6201234567890", "62812", "1234567890123"]) {
      const res = await pushAs(tokens.puskesmas, [office(bad)]);
      expect(res.results[0]!.error!.code, bad).toBe("validation_failed");
    }
    const ok = office("6281234567890");
    expect((await pushAs(tokens.puskesmas, [ok])).results[0]!.status).toBe("applied");
    expect((await env.DB.prepare("SELECT phone FROM offices WHERE id = ?").bind(ok.entityId).first())!.phone).toBe("6281234567890");
    const page = (await (await api("GET", "/api/sync/pull?limit=2000", { token: tokens.camat })).json()) as PullResponse;
    expect(page.changes.find((x) => x.id === ok.entityId)!.data!.phone).toBe("6281234567890");
  });

  it("names the areas above the user for the printed letterhead", async () => {
    const me = (await (await api("GET", "/api/me", { token: tokens.camat })).json()) as { areas: { code: string; level: string; name: string }[] };
    expect(me.areas).toEqual([{ code: "18.04", level: "kabupaten", name: "Lampung Barat" }, { code: KEC, level: "kecamatan", name: "Batu Brak" }]);
  });
});
