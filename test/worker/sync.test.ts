import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Change, PullResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { ANC_ANSWERS, api, DESA_A, household, ids, userIdOf, mutation, person, pushAs, seedWorld, tableCounts, visit, type RoleName } from "./fixtures.ts";

let tokens: Record<RoleName, string>;
beforeAll(async () => {
  ({ tokens } = await seedWorld());
});

async function pullAll(token: string, limit = 500, cursor?: string) {
  const changes: Change[] = [];
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await api("GET", `/api/sync/pull?${q}`, { token });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

describe("push", () => {
  it("applies a replayed push exactly once and answers the same", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    const r = uuidv7();
    const batch = [
      mutation("household", hh, "create", household()),
      mutation("person", p, "create", person(hh)),
      mutation("record", r, "create", visit(p)),
    ];
    const first = await pushAs(tokens.pustu, batch);
    expect(first.status).toBe(200);
    expect(first.results.map((x) => x.status)).toEqual(["applied", "applied", "applied"]);
    const before = await tableCounts();
    for (let i = 0; i < 2; i++) {
      const again = await pushAs(tokens.pustu, batch);
      expect(again.status).toBe(200);
      expect(again.results.map((x) => x.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
      expect(again.results.map((x) => x.version)).toEqual([1, 1, 1]);
      expect(again.results.map((x) => x.originalStatus)).toEqual(["applied", "applied", "applied"]);
    }
    expect(await tableCounts()).toEqual(before);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM records WHERE id = ?").bind(r).first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });

  it("merges edits of different fields from two devices", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
    // Both devices saw version 1.
    const a = await pushAs(tokens.pustu, [mutation("person", p, "update", { phone: "081234567890" }, 1)]);
    const b = await pushAs(tokens.kader, [mutation("person", p, "update", { jkn: "0001234567890" }, 1)]);
    expect(a.results[0]!.status).toBe("applied");
    // The answer brings what the other device changed, so the phone's copy is exactly version 3.
    expect(b.results[0]).toMatchObject({ status: "applied", merged: true, version: 3, changed: { phone: "081234567890" } });
    const row = await env.DB.prepare("SELECT phone, jkn, needs_review FROM persons WHERE id = ?").bind(p).first();
    expect(row).toEqual({ phone: "081234567890", jkn: "0001234567890", needs_review: 0 });
  });

  it("keeps both values of the same field and flags the row for review", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
    await pushAs(tokens.pustu, [mutation("person", p, "update", { name: "Siti Aminah" }, 1)]);
    const second = mutation("person", p, "update", { name: "Siti Aminah Uji", phone: "081111111111" }, 1);
    const b = await pushAs(tokens.kader, [second]);
    expect(b.results[0]).toMatchObject({ status: "conflict", conflicts: [{ field: "name", serverValue: "Siti Aminah", clientValue: "Siti Aminah Uji" }] });
    const row = await env.DB.prepare("SELECT name, phone, needs_review FROM persons WHERE id = ?").bind(p).first();
    expect(row).toEqual({ name: "Siti Aminah", phone: "081111111111", needs_review: 1 });
    const kept = await env.DB.prepare("SELECT field, server_value, client_value, mutation_id FROM conflicts WHERE entity_id = ?").bind(p).all();
    expect(kept.results).toEqual([{ field: "name", server_value: '"Siti Aminah"', client_value: '"Siti Aminah Uji"', mutation_id: second.id }]);
  });

  it("rejects a mutation with nothing written, and applies the valid ones beside it", async () => {
    const hh = uuidv7();
    const before = await tableCounts();
    const res = await pushAs(tokens.pustu, [
      mutation("household", hh, "create", household()),
      mutation("person", uuidv7(), "create", person(hh, { nik: "12" })),
    ]);
    expect(res.results.map((x) => x.status)).toEqual(["applied", "rejected"]);
    expect(res.results[1]!.error!.code).toBe("validation_failed");
    const after = await tableCounts();
    expect(after.persons).toBe(before.persons);
    expect(after.households).toBe(before.households! + 1);
  });
});

describe("records", () => {
  async function personInA() {
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh, { pregnant: true }))]);
    return p;
  }

  it("rejects an unknown form version with a clear error", async () => {
    const res = await pushAs(tokens.pustu, [mutation("record", uuidv7(), "create", visit(await personInA(), { formVersion: 99 }))]);
    expect(res.status).toBe(422);
    expect(res.results[0]!.error).toMatchObject({ code: "unknown_form_version", details: { formId: "anc", formVersion: 99 } });
  });

  it("rejects answers the form does not allow, naming the field", async () => {
    const res = await pushAs(tokens.pustu, [mutation("record", uuidv7(), "create", visit(await personInA(), { data: { ...ANC_ANSWERS, hb: 40 } }))]);
    expect(res.results[0]!.error).toMatchObject({ code: "validation_failed", details: { fields: { hb: expect.any(String) } } });
  });

  it("stores the server's computation of computed fields, not the client's", async () => {
    const r = uuidv7();
    const res = await pushAs(tokens.pustu, [mutation("record", r, "create", visit(await personInA(), { data: { ...ANC_ANSWERS, hpl: "2030-01-01" } }))]);
    expect(res.results[0]!.status).toBe("applied");
    const row = await env.DB.prepare("SELECT data FROM records WHERE id = ?").bind(r).first<{ data: string }>();
    expect(JSON.parse(row!.data).hpl).toBe("2027-04-09"); // HPHT 2026-07-03 + 280 days (Naegele)
  });
});

describe("server derivation", () => {
  it("replaces a client's forged flags with the server's own", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh, { pregnant: true }))]);
    const r = uuidv7();
    const forged = { v: 1, form: "anc@1", flags: [{ id: "anc.hipertensi", severity: "refer" }] };
    const res = await pushAs(tokens.pustu, [mutation("record", r, "create", visit(p, { data: { ...ANC_ANSWERS, hb: 9.5 }, derived: forged }))]);
    expect(res.results[0]!.status).toBe("applied");
    const row = await env.DB.prepare("SELECT data, derived FROM records WHERE id = ?").bind(r).first<{ data: string; derived: string }>();
    const flags = (JSON.parse(row!.derived) as { flags: { id: string }[] }).flags.map((f) => f.id);
    expect(flags).toEqual(["anc.anemia"]);
    expect(JSON.parse(row!.data).hb).toBe(9.5); // the raw answers are kept
  });
});

describe("referrals made by the server", () => {
  it("a stunted child's weighing gets the server's flags and the same referral the phone makes", async () => {
    const { referralId } = await import("../../domain/rules/referrals.ts");
    const hh = uuidv7();
    const child = uuidv7();
    await pushAs(tokens.pustu, [
      mutation("household", hh, "create", household()),
      mutation("person", child, "create", person(hh, { name: "Anak Uji", sex: "L", birthDate: "2024-11-01", relation: "anak" })),
    ]);
    const r = uuidv7();
    // 24.7 months, 78 cm standing: TB/U ≈ −3.3 (WHO lenanthro boy, day 751: M 87.9, S 0.0357).
    const res = await pushAs(tokens.pustu, [
      mutation("record", r, "create", { personId: child, formId: "balita", formVersion: 1, visitDate: "2026-11-20", facilityId: null, data: { bb: 9.6, panjang_tinggi: 78, posisi_ukur: "berdiri" } }),
    ]);
    expect(res.results[0]!.status).toBe("applied");
    const row = await env.DB.prepare("SELECT derived FROM records WHERE id = ?").bind(r).first<{ derived: string }>();
    const derived = JSON.parse(row!.derived) as { flags: { id: string }[]; growth: { stunting: string } };
    expect(derived.growth.stunting).toBe("sangat_pendek");
    expect(derived.flags.map((f) => f.id)).toContain("balita.severely_stunted");
    const ref = await env.DB.prepare("SELECT id, reason, destination FROM referrals WHERE record_id = ?").bind(r).all<{ id: string; reason: string }>();
    expect(ref.results).toHaveLength(1);
    expect(ref.results[0]!.id).toBe(referralId(r, "balita.rujuk_gizi"));
  });
});

describe("pull", () => {
  it("gives exactly the server's set when interrupted at every page and resumed while another device pushes", async () => {
    // 40 rows in pekon A, then page through 7 at a time while pushing more between pages.
    const hh = uuidv7();
    const batch = [mutation("household", hh, "create", household())];
    for (let i = 0; i < 39; i++) batch.push(mutation("person", uuidv7(), "create", person(hh, { name: `Anak ${i}` })));
    expect((await pushAs(tokens.pustu, batch)).status).toBe(200);

    const seen = new Map<string, Change>();
    let cursor: string | undefined;
    let pages = 0;
    let lastSeq = 0;
    for (;;) {
      const q = new URLSearchParams({ limit: "7", ...(cursor ? { cursor } : {}) });
      const res = await api("GET", `/api/sync/pull?${q}`, { token: tokens.pustu });
      expect(res.status).toBe(200);
      const page = (await res.json()) as PullResponse;
      // "Interrupt": the same page asked again answers the same changes (no gap, no skip).
      const replay = (await (await api("GET", `/api/sync/pull?${q}`, { token: tokens.pustu })).json()) as PullResponse;
      expect(replay.changes.map((c) => c.seq)).toEqual(page.changes.map((c) => c.seq));
      // Seq order across pages: every change comes after the last one already received.
      for (const c of page.changes) {
        expect(c.seq).toBeGreaterThan(lastSeq);
        lastSeq = c.seq;
        seen.set(`${c.entity}:${c.id}`, c);
      }
      cursor = page.cursor;
      pages++;
      if (page.hasMore && pages % 2 === 0) {
        await pushAs(tokens.kader, [mutation("person", uuidv7(), "create", person(hh, { name: `Baru ${pages}` }))]);
      }
      if (!page.hasMore) break;
    }
    const server = await env.DB.prepare(
      "SELECT entity || ':' || entity_id AS k, seq FROM sync_index WHERE (domain = 'health' AND desa = ?) OR (domain IN ('reference','lintas') AND kec = ?)",
    ).bind(DESA_A, "18.04.10").all<{ k: string; seq: number }>();
    // The 40 pushed rows, the kader's pushes between pages, and the reference rows.
    expect(server.results.length).toBeGreaterThan(40);
    expect([...seen.keys()].sort()).toEqual(server.results.map((r) => r.k).sort());
    for (const r of server.results) expect(seen.get(r.k)!.seq).toBe(r.seq);
    expect(pages).toBeGreaterThan(5);
  });

  it("delivers the whole pekon when a kader's dusun widens to it (a reset: the dusun key is gone), and resets when it narrows", async () => {
    const kaderId = await userIdOf("kader");
    // A household in the kader's own dusun and one in the neighbouring dusun.
    const own = uuidv7();
    const other = uuidv7();
    const setup = await pushAs(tokens.pustu, [
      mutation("household", own, "create", household(DESA_A, ids.dusunA1)),
      mutation("household", other, "create", household(DESA_A, ids.dusunA2)),
    ]);
    expect(setup.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    const first = await pullAll(tokens.kader, 5);
    const firstIds = new Set(first.changes.map((c) => c.id));
    expect(firstIds.has(own)).toBe(true);
    expect(firstIds.has(other)).toBe(false);

    // The puskesmas widens the kader to the whole pekon. Its scope key `health|dusun|…` is
    // replaced by `health|desa|…`, a key lost, so the phone is told to reset and pulls the whole
    // pekon from scratch (a backfill is only for a scope that gains keys and loses none).
    const widen = await api("PUT", `/api/admin/users/${kaderId}`, { token: tokens.puskesmas, body: { dusunId: null } });
    expect(widen.status).toBe(200);
    const widened = (await (await api("GET", `/api/sync/pull?limit=5&cursor=${first.cursor}`, { token: tokens.kader })).json()) as PullResponse;
    expect(widened.reset).toBe(true);
    const grown = await pullAll(tokens.kader, 5, first.cursor);
    const grownIds = new Set(grown.changes.map((c) => c.id));
    expect(grownIds.has(other)).toBe(true);
    const server = await env.DB.prepare("SELECT entity_id FROM sync_index WHERE domain = 'health' AND desa = ?").bind(DESA_A).all<{ entity_id: string }>();
    expect(server.results.map((r) => r.entity_id)).toEqual(expect.arrayContaining([own, other]));
    for (const r of server.results) expect(firstIds.has(r.entity_id) || grownIds.has(r.entity_id), r.entity_id).toBe(true);

    // Narrowed back to one dusun: the phone is told to reset.
    expect((await api("PUT", `/api/admin/users/${kaderId}`, { token: tokens.puskesmas, body: { dusunId: ids.dusunA1 } })).status).toBe(200);
    const res = await api("GET", `/api/sync/pull?cursor=${grown.cursor}`, { token: tokens.kader });
    const page = (await res.json()) as PullResponse;
    expect(page.reset).toBe(true);
    expect(page.changes.some((c) => c.id === other)).toBe(false);
  });

  it("delivers deletions as tombstones", async () => {
    const hh = uuidv7();
    const p = uuidv7();
    await pushAs(tokens.pustu, [mutation("household", hh, "create", household()), mutation("person", p, "create", person(hh))]);
    const { cursor } = await pullAll(tokens.pustu);
    const del = await pushAs(tokens.pustu, [mutation("person", p, "delete", {}, 1)]);
    expect(del.results[0]!.status).toBe("applied");
    const after = await pullAll(tokens.pustu, 500, cursor);
    expect(after.changes).toEqual([expect.objectContaining({ entity: "person", id: p, deleted: true, version: 2 })]);
  });
});

describe("pull progress", () => {
  it("counts what is still to come once, on the first page, and carries it down in the cursor to 0", async () => {
    const hh = uuidv7();
    const people = Array.from({ length: 30 }, () => uuidv7());
    await pushAs(tokens.pustuB, [mutation("household", hh, "create", household("18.04.10.2002", ids.dusunB1)), ...people.map((p) => mutation("person", p, "create", person(hh)))]);
    const pages: { n: number; remaining: number }[] = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await api("GET", `/api/sync/pull?limit=7${cursor ? `&cursor=${cursor}` : ""}`, { token: tokens.pustuB });
      const page = (await res.json()) as PullResponse;
      pages.push({ n: page.changes.length, remaining: page.remaining });
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const total = pages.reduce((s, p) => s + p.n, 0);
    expect(total).toBeGreaterThan(31);
    // After each page: exactly what the later pages deliver (nothing moved during the pull).
    pages.forEach((p, i) => expect(p.remaining, `page ${i}`).toBe(pages.slice(i + 1).reduce((s, q) => s + q.n, 0)));
    expect(pages.at(-1)!.remaining).toBe(0);
  });
});
