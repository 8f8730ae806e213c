import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Mutation } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import { HttpTransport, wireMutation } from "../../web/src/sync/http.ts";

/** The phone's push as it goes over the wire (web/src/sync/http.ts): gzipped, without a record's `derived`. */
const record = (): Mutation => ({
  id: uuidv7(), entity: "record", entityId: uuidv7(), op: "create", baseVersion: 0,
  payload: { personId: uuidv7(), formId: "anc", formVersion: 2, visitDate: "2026-11-20", facilityId: null, data: { bb: 55.1 }, derived: { v: 1, form: "anc@2", flags: [] } },
});

interface Sent { headers: Record<string, string>; body: unknown }

function transport(answer: (sent: Sent) => Response) {
  const sent: Sent[] = [];
  const t = new HttpTransport(() => "token", "", async (_url, init) => {
    const raw = init!.body as Blob | string;
    const body = raw instanceof Blob ? new Uint8Array(await raw.arrayBuffer()) : raw;
    const s = { headers: init!.headers as Record<string, string>, body };
    sent.push(s);
    return answer(s);
  });
  return { t, sent };
}

const ok = (s: Sent) => {
  const text = s.body instanceof Uint8Array ? gunzipSync(s.body).toString() : String(s.body);
  const { mutations } = JSON.parse(text) as { mutations: Mutation[] };
  return Response.json({ results: mutations.map((m) => ({ id: m.id, status: "applied", version: 1 })) });
};

describe("push over the wire", () => {
  it("sends the batch gzipped with Content-Encoding: gzip, and each record without its derived values", async () => {
    const ms = [record(), record(), record()];
    const { t, sent } = transport(ok);
    const out = await t.push(ms);
    expect(out.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers["content-encoding"]).toBe("gzip");
    const body = JSON.parse(gunzipSync(sent[0]!.body as Uint8Array).toString()) as { mutations: Mutation[] };
    expect(body.mutations.map((m) => m.payload)).toEqual(ms.map(({ payload: { derived: _d, ...rest } }) => rest));
    // The outbox's own copies keep theirs (the phone shows them).
    expect(ms[0]!.payload.derived).toBeDefined();
  });

  it("falls back to plain JSON, from then on, when a server cannot read gzip (400 invalid_json)", async () => {
    const { t, sent } = transport((s) =>
      s.body instanceof Uint8Array ? Response.json({ error: { code: "invalid_json", message: "Body is not valid UTF-8" } }, { status: 400 }) : ok(s),
    );
    expect((await t.push([record(), record(), record()])).results[0]!.status).toBe("applied");
    expect((await t.push([record(), record(), record()])).results[0]!.status).toBe("applied");
    expect(sent.map((s) => s.headers["content-encoding"] ?? "plain")).toEqual(["gzip", "plain", "plain"]);
  });

  it("changes nothing but a record's derived values", () => {
    const m = record();
    const wire = wireMutation(m);
    expect(wire.payload).not.toHaveProperty("derived");
    expect({ ...wire, payload: { ...wire.payload, derived: m.payload.derived } }).toEqual(m);
    const update: Mutation = { id: uuidv7(), entity: "person", entityId: uuidv7(), op: "update", baseVersion: 3, payload: { phone: "0812" } };
    expect(wireMutation(update)).toBe(update);
  });
});

describe("a push of one or two edits", () => {
  it("goes as plain JSON: gzip's frame would eat what it saves", async () => {
    const { t, sent } = transport(ok);
    await t.push([record()]);
    expect(sent[0]!.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(String(sent[0]!.body)).mutations[0].payload).not.toHaveProperty("derived");
  });
});
