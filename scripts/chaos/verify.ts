/**
 * What the chaos run checks once every device has sent its outbox and pulled to the end. The
 * server's state is read from D1 (change_log, conflicts, receipts, sync_index, the rows' scope
 * columns) and, for the rows' values, from a clean full pull by a puskesmas (the whole kecamatan).
 *
 * Value history: a row's value of a field after version v is the value the latest change_log entry
 * at or before v that lists the field wrote, i.e. that entry's mutation's payload (every mutation
 * of the run is in the registry), or the value the row had before the devices started (baseline).
 */
import { formContext, getForm, resolveAnswers, type AnswerValue, type Answers } from "../../domain/forms/index.ts";
import type { Principal } from "../../domain/access/policy.ts";
import { deriveRecord, type RecordLike } from "../../domain/rules/derive.ts";
import { referralsFromRecord, type RecordEntity } from "../../domain/rules/referrals.ts";
import { canonicalJson, sameValue } from "../../domain/sync/merge.ts";
import type { Change, PullResponse } from "../../domain/sync/protocol.ts";
import { pullScope } from "../../domain/sync/scope.ts";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { typedAnswers } from "./answers.ts";
import { effective, type Device, type MutationRecord, type Registry } from "./device.ts";
import { call, newHttpStats } from "./http.ts";

export interface SqlServer {
  url: string;
  /** The local D1 state directory of the server's `wrangler dev` (test/e2e/harness.ts). */
  persistTo: string;
}

/**
 * Several read-only queries in one `wrangler d1 execute` (each call costs seconds of start-up):
 * one result list per query. A second process opening the SQLite file that `wrangler dev` holds can
 * fail once in a while under load (see the harness), so a failed read is tried again.
 */
export function readD1(server: SqlServer, queries: string[]): Record<string, unknown>[][] {
  const args = ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", server.persistTo, "--json", "--command", queries.join(";\n")];
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync("npx", args, {
      cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
    });
    if (r.status === 0) {
      const sets = JSON.parse(r.stdout.slice(r.stdout.indexOf("["))) as { results: Record<string, unknown>[] }[];
      if (sets.length !== queries.length) throw new Error(`expected ${queries.length} result sets, got ${sets.length}`);
      return sets.map((s) => s.results);
    }
    if (attempt >= 4) throw new Error(`wrangler d1 execute failed (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * attempt);
  }
}

export interface Snapshot {
  rows: Map<string, { version: number; data: Record<string, unknown>; needsReview: boolean }>;
}

/** A clean full pull: every live row of the caller's scope, as the server sends it. */
export async function fullPull(base: string, token: string): Promise<Snapshot> {
  const rows: Snapshot["rows"] = new Map();
  const stats = newHttpStats();
  let cursor: string | undefined;
  for (let page = 0; page < 2_000; page++) {
    const path = `/api/sync/pull?limit=2000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    let out = await call<PullResponse>(stats, base, "GET", path, token, undefined);
    for (let retry = 0; retry < 5 && out.kind === "none"; retry++) out = await call<PullResponse>(stats, base, "GET", path, token, undefined);
    if (out.kind !== "answer" || out.status !== 200) throw new Error(`full pull failed: ${JSON.stringify(out).slice(0, 300)}`);
    if (out.json.reset) rows.clear();
    for (const c of out.json.changes as Change[]) {
      const k = `${c.entity}:${c.id}`;
      if (c.deleted) rows.delete(k);
      else rows.set(k, { version: c.version, data: c.data ?? {}, needsReview: !!c.needsReview });
    }
    cursor = out.json.cursor;
    if (!out.json.hasMore) return { rows };
  }
  throw new Error("full pull did not end within 2,000 pages");
}

/**
 * Known gaps: checks that find a fault already reported and waiting for its fix. They are counted
 * and printed; they fail the run only when enforced (`--enforce <name>` or `--strict`). When the
 * fix lands, delete its entry here and the check fails the run like the others.
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
  // None today. Issue 10's three (moved rows not following their household or person, a merged
  // answer's version stamped on a copy lacking the changes merged in, computed answers kept after
  // a visit-date edit) are fixed and their checks enforced.
};
export type KnownGap = string;

/** The checks, by name. `enforced: false` ones (known gaps) are reported but do not fail the run. */
export interface Check {
  name: string;
  count: number;
  enforced: boolean;
  /** The known gap it waits for, if any. */
  gap?: KnownGap;
  what: string;
  samples: string[];
}

interface LogEntry {
  seq: number;
  entity: string;
  entityId: string;
  version: number;
  fields: string[];
  mutationId: string | null;
}

interface RowScope {
  entity: string;
  id: string;
  version: number;
  deleted: number;
  needsReview: number;
  area: string;
  dusun: string | null;
  desaCode: string | null;
  dusunId: string | null;
  parent: string | null;
}

interface IndexRow {
  entity: string;
  entityId: string;
  deleted: number;
  domain: string;
  kab: string | null;
  kec: string | null;
  desa: string | null;
  dusun: string | null;
  grp: string | null;
}

export interface VerifyInput {
  server: SqlServer;
  registry: Registry;
  devices: Device[];
  /** Rows as they were before the devices started (a puskesmas's full pull). */
  baseline: Snapshot;
  /** A puskesmas token for the final full pull. */
  truthToken: string;
  /** Known gaps whose checks fail the run all the same. */
  enforce: readonly KnownGap[];
  serverErrors: number;
  serverErrorSamples: string[];
}

const HEALTH = ["household", "person", "record", "referral"];
const ROOT = path.resolve(import.meta.dirname, "../..");
/** Fields the server computes: never a client's value. */
const SERVER_FIELDS = new Set(["derived", "needsReview"]);
const MAX_SAMPLES = 8;

export async function verify(input: VerifyInput): Promise<{ checks: Check[]; figures: Record<string, number | string> }> {
  const { server, registry, devices, baseline } = input;
  const checks: Check[] = [];
  const check = (name: string, what: string, gap?: KnownGap): Check => {
    const c: Check = { name, count: 0, enforced: !gap || input.enforce.includes(gap), ...(gap ? { gap } : {}), what, samples: [] };
    checks.push(c);
    return c;
  };
  const hit = (c: Check, sample: string, n = 1) => {
    c.count += n;
    if (c.samples.length < MAX_SAMPLES) c.samples.push(sample);
  };

  const truth = await fullPull(server.url, input.truthToken);
  const [logRows, conflictRows, receiptRows, scopes, index] = readD1(server, [
    `SELECT seq, entity, entity_id AS entityId, version, fields, mutation_id AS mutationId FROM change_log WHERE entity IN (${HEALTH.map((e) => `'${e}'`).join(",")}) ORDER BY seq`,
    "SELECT entity, entity_id AS entityId, field, mutation_id AS mutationId, server_value AS serverValue, client_value AS clientValue FROM conflicts",
    "SELECT user_id AS userId, mutation_id AS mutationId FROM receipts",
    [
      "SELECT 'household' AS entity, id, version, deleted, needs_review AS needsReview, scope_area AS area, scope_dusun AS dusun, desa_code AS desaCode, dusun_id AS dusunId, NULL AS parent FROM households",
      "SELECT 'person', id, version, deleted, needs_review, scope_area, scope_dusun, NULL, NULL, household_id FROM persons",
      "SELECT 'record', id, version, deleted, needs_review, scope_area, scope_dusun, NULL, NULL, person_id FROM records",
      "SELECT 'referral', id, version, deleted, needs_review, scope_area, scope_dusun, NULL, NULL, person_id FROM referrals",
    ].join(" UNION ALL "),
    "SELECT entity, entity_id AS entityId, deleted, domain, kab, kec, desa, dusun, grp FROM sync_index",
  ]) as [
    (Omit<LogEntry, "fields"> & { fields: string })[],
    { entity: string; entityId: string; field: string; mutationId: string; serverValue: string | null; clientValue: string | null }[],
    { userId: string; mutationId: string }[],
    RowScope[],
    IndexRow[],
  ];
  const log: LogEntry[] = logRows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as string[] }));
  const receiptKeys = new Set(receiptRows.map((r) => `${r.userId}|${r.mutationId}`));
  const byRow = new Map<string, LogEntry[]>();
  for (const e of log) {
    const k = `${e.entity}:${e.entityId}`;
    const list = byRow.get(k) ?? [];
    list.push(e);
    byRow.set(k, list);
  }
  for (const list of byRow.values()) list.sort((a, b) => a.version - b.version);
  const scopeOf = new Map(scopes.map((s) => [`${s.entity}:${s.id}`, s]));
  const conflictsOf = new Map<string, typeof conflictRows>();
  for (const c of conflictRows) {
    const k = `${c.entity}:${c.entityId}|${c.field}`;
    conflictsOf.set(k, [...(conflictsOf.get(k) ?? []), c]);
  }

  /** A field's value as compared: a record's answers without the computed ones. */
  const norm = (entity: string, rowKey: string, field: string, value: unknown): unknown => {
    if (entity !== "record" || field !== "data" || !value || typeof value !== "object") return value ?? null;
    const row = truth.rows.get(rowKey)?.data ?? baseline.rows.get(rowKey)?.data;
    const def = row ? getForm(row.formId as string, row.formVersion as number) : undefined;
    return def ? typedAnswers(def, value as Record<string, unknown>) : value;
  };

  /** The value of `field` after version `v` (Infinity: now), from the log and the payloads. */
  const valueAfter = (rowKey: string, field: string, v: number): { known: boolean; value: unknown } => {
    const entity = rowKey.slice(0, rowKey.indexOf(":"));
    const entries = byRow.get(rowKey) ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (e.version > v || !e.fields.includes(field)) continue;
      const rec = e.mutationId ? registry.byId.get(e.mutationId) : undefined;
      if (rec && rec.m.entityId === e.entityId && field in rec.m.payload) return { known: true, value: norm(entity, rowKey, field, rec.m.payload[field]) };
      const b = baseline.rows.get(rowKey);
      if (b && b.version === e.version) return { known: true, value: norm(entity, rowKey, field, b.data[field]) };
      return { known: false, value: undefined };
    }
    const b = baseline.rows.get(rowKey);
    return b ? { known: true, value: norm(entity, rowKey, field, b.data[field]) } : { known: false, value: undefined };
  };

  const recorded = (rowKey: string, field: string, value: unknown): boolean => {
    const entity = rowKey.slice(0, rowKey.indexOf(":"));
    return (conflictsOf.get(`${rowKey}|${field}`) ?? []).some((c) =>
      [c.serverValue, c.clientValue].some((v) => sameValue(norm(entity, rowKey, field, v === null ? null : JSON.parse(v)), value)),
    );
  };

  // --- answers: every mutation answered, replays answered as the first time ---
  const unanswered = check("unanswered", "mutations sent that never got an answer, or still queued after the final sync");
  const replay = check("replay mismatches", "a mutation answered applied or conflict more than once (a replay must be answered duplicate), or a duplicate that differs from the first answer (status, version or conflicts)");
  const rejectedThenApplied = { n: 0 };
  const acked: MutationRecord[] = [];
  for (const rec of registry.byId.values()) {
    if (!rec.answers.length) {
      hit(unanswered, `${rec.kind} ${rec.m.id} (device ${rec.device})`);
      continue;
    }
    const effs = rec.answers.map(effective);
    const firstStored = effs.find((e) => e.status !== "rejected");
    if (effs[0]!.status === "rejected" && firstStored) rejectedThenApplied.n++;
    if (rec.answers.filter((a) => a.status === "applied" || a.status === "conflict").length > 1) {
      hit(replay, `${rec.m.id}: answered ${rec.answers.map((a) => a.status).join(", ")}`);
    }
    if (firstStored) {
      acked.push(rec);
      for (const e of effs) {
        if (e.status === "rejected") continue;
        if (e.status !== firstStored.status || e.version !== firstStored.version || canonicalJson(e.conflicts ?? []) !== canonicalJson(firstStored.conflicts ?? [])) {
          hit(replay, `${rec.m.id}: ${canonicalJson(firstStored)} then ${canonicalJson(e)}`);
          break;
        }
      }
    }
  }
  for (const d of devices) for (const item of d.outbox) hit(unanswered, `device ${d.index} still holds ${item.kind} ${item.m.id}`);

  // --- lost: acknowledged and not there ---
  const lost = check("lost", "acknowledged mutations without their receipt, row or value (a value is lost when it is not the row's value and no later change of that field explains it)");
  const lostRows = new Set<string>();
  for (const rec of acked) {
    const m = rec.m;
    const rowKey = `${m.entity}:${m.entityId}`;
    const eff = effective(rec.answers.find((a) => effective(a).status !== "rejected")!);
    const problems: string[] = [];
    if (!receiptKeys.has(`${rec.userId}|${m.id}`)) problems.push("no receipt");
    const entries = byRow.get(rowKey) ?? [];
    const own = entries.filter((e) => e.mutationId === m.id);
    if (m.op === "create" && (!truth.rows.has(rowKey) || own.length === 0)) problems.push("created row missing");
    if (own.length && own[0]!.version !== eff.version) problems.push(`answered version ${eff.version}, logged ${own[0]!.version}`);
    const conflicted = new Set((eff.conflicts ?? []).map((c) => c.field));
    const v = eff.version ?? 0;
    for (const f of Object.keys(m.payload)) {
      if (SERVER_FIELDS.has(f) || conflicted.has(f)) continue;
      const mine = norm(m.entity, rowKey, f, m.payload[f]);
      if (own.length && own[0]!.fields.includes(f)) continue;
      // Not written by it: the row already held this value (a no-op, or a field that did not change).
      const before = valueAfter(rowKey, f, own.length ? v - 1 : v);
      if (before.known && !sameValue(before.value, mine)) problems.push(`${f} not written`);
    }
    if (problems.length) {
      lostRows.add(rowKey);
      // The row's history, so one run explains itself: each logged version, its fields and mutation.
      const history = entries.map((e) => `v${e.version}[${e.fields.join(",")}]${e.mutationId === m.id ? "*" : e.mutationId ? "" : "(server)"}`).join(" ");
      hit(lost, `${rec.kind} ${m.id} on ${rowKey}: ${problems.join(", ")} (base v${m.baseVersion}, answered ${eff.status} v${eff.version ?? "?"}${rec.baseStamped ? ", stamped base" : ""}; log ${history})`);
    }
  }
  // Every field's value now is the one its last logged change wrote.
  const touched = new Set(acked.map((r) => `${r.m.entity}:${r.m.entityId}`));
  for (const rowKey of touched) {
    const row = truth.rows.get(rowKey);
    if (!row) continue;
    const entity = rowKey.slice(0, rowKey.indexOf(":"));
    for (const f of Object.keys(row.data)) {
      if (SERVER_FIELDS.has(f)) continue;
      const expected = valueAfter(rowKey, f, Infinity);
      if (expected.known && !sameValue(expected.value, norm(entity, rowKey, f, row.data[f])) && !lostRows.has(rowKey)) {
        lostRows.add(rowKey);
        hit(lost, `${rowKey}.${f}: stored ${canonicalJson(row.data[f]).slice(0, 80)}, last logged change wrote ${canonicalJson(expected.value).slice(0, 80)}`);
      }
    }
  }

  // --- duplicated: applied twice, or two rows where one was meant ---
  const duplicated = check("duplicated", "a mutation logged twice on a row, a row whose logged versions repeat or end below or above its version, or two referrals for one record and rule");
  const perMutation = new Map<string, number>();
  for (const e of log) if (e.mutationId) perMutation.set(`${e.mutationId}|${e.entity}:${e.entityId}`, (perMutation.get(`${e.mutationId}|${e.entity}:${e.entityId}`) ?? 0) + 1);
  for (const [k, n] of perMutation) if (n > 1) hit(duplicated, `${k} logged ${n} times`);
  for (const [rowKey, entries] of byRow) {
    const s = scopeOf.get(rowKey);
    if (!s) continue;
    // Strictly increasing (the change-log fold of services/prune.ts may leave gaps, never repeats).
    const versions = entries.map((e) => e.version);
    const increasing = versions.every((x, i) => i === 0 || x > versions[i - 1]!);
    if (!increasing || s.version !== versions.at(-1)) hit(duplicated, `${rowKey}: version ${s.version}, logged versions ${versions.join(",")}`);
  }
  const referralKeys = new Map<string, number>();
  for (const [k, r] of truth.rows) {
    if (!k.startsWith("referral:") || !r.data.recordId) continue;
    const rk = `${String(r.data.recordId)}|${String(r.data.reason)}`;
    referralKeys.set(rk, (referralKeys.get(rk) ?? 0) + 1);
  }
  for (const [k, n] of referralKeys) if (n > 1) hit(duplicated, `referrals for record|reason ${k}: ${n}`);

  // --- conflicts surface, and nothing is overwritten silently ---
  const unsurfaced = check("conflicts not recorded", "a conflict answer without its row in `conflicts` (field, mutation) or without needsReview on the row");
  let conflictAnswers = 0;
  for (const rec of acked) {
    const eff = effective(rec.answers.find((a) => effective(a).status !== "rejected")!);
    if (eff.status !== "conflict") continue;
    conflictAnswers++;
    const rowKey = `${rec.m.entity}:${rec.m.entityId}`;
    for (const c of eff.conflicts ?? []) {
      if (!(conflictsOf.get(`${rowKey}|${c.field}`) ?? []).some((x) => x.mutationId === rec.m.id)) hit(unsurfaced, `${rec.m.id} ${rowKey}.${c.field}`);
    }
    if (!scopeOf.get(rowKey)?.needsReview) hit(unsurfaced, `${rowKey} has a conflict but no needsReview`);
  }
  const staleWrites = check(
    "stale writes (server)",
    "a change that wrote a field another change had written after the mutation's base version, without a conflict (the merge rule broken)",
  );
  const silent = check(
    "silent overwrites",
    "a change that replaced a field's value which its device had never seen (its view of the field when the edit was made) and which is not kept in `conflicts`",
  );
  const silentStamped = check(
    "silent overwrites on a stamped base",
    "the same, by an edit whose base version came from a merged or conflict answer (or an outbox chain on one) while the phone's copy lacked the changes merged in",
  );
  for (const [rowKey, entries] of byRow) {
    for (const e of entries) {
      const rec = e.mutationId ? registry.byId.get(e.mutationId) : undefined;
      if (!rec || rec.m.op !== "update" || rec.m.entityId !== e.entityId) continue;
      for (const f of e.fields) {
        if (SERVER_FIELDS.has(f) || !(f in rec.m.payload)) continue;
        const between = entries.find((x) => x !== e && x.version > rec.m.baseVersion && x.version < e.version && x.fields.includes(f));
        // A conflict on the field kept the server's value; what the change wrote there is the server's
        // own (a visit's computed answers recomputed for a new visit date from the answers it kept).
        const kept = (conflictsOf.get(`${rowKey}|${f}`) ?? []).some((c) => c.mutationId === rec.m.id);
        if (between && !kept) hit(staleWrites, `${rec.kind} ${rec.m.id} on ${rowKey}.${f}: base ${rec.m.baseVersion}, wrote v${e.version} over v${between.version}`);
        const prev = valueAfter(rowKey, f, e.version - 1);
        const seen = norm(rec.m.entity, rowKey, f, rec.seen[f]);
        if (prev.known && !sameValue(prev.value, seen) && !recorded(rowKey, f, prev.value)) {
          hit(rec.baseStamped ? silentStamped : silent, `${rec.kind} ${rec.m.id} (device ${rec.device}, base ${rec.m.baseVersion}) on ${rowKey}.${f} at v${e.version}: replaced ${difference(prev.value, seen)}`);
        }
      }
    }
  }

  // --- derived values come from the stored answers ---
  const derivedMismatch = check("derived ≠ answers", "a record whose stored `derived` differs from deriveRecord() of its stored answers, person and earlier visits");
  const computedStale = check(
    "computed answers stale",
    "a record whose stored computed answers (gestational age, trimester, HPL…) differ from resolveAnswers() of its stored answers and visit date",
  );
  const missingReferral = check("referral missing", "a referral the record's stored derived flags call for that is not stored");
  const recordsByPerson = new Map<string, RecordLike[]>();
  for (const [k, r] of truth.rows) {
    if (!k.startsWith("record:")) continue;
    const list = recordsByPerson.get(r.data.personId as string) ?? [];
    list.push({ id: k.slice(7), ...(r.data as Omit<RecordLike, "id">) });
    recordsByPerson.set(r.data.personId as string, list);
  }
  let records = 0;
  for (const [k, r] of truth.rows) {
    if (!k.startsWith("record:")) continue;
    records++;
    const id = k.slice(7);
    const def = getForm(r.data.formId as string, r.data.formVersion as number);
    const person = truth.rows.get(`person:${r.data.personId as string}`)?.data;
    if (!def || !person) {
      hit(derivedMismatch, `${k}: form or person missing`);
      continue;
    }
    const p = { sex: person.sex as string, birthDate: person.birthDate as string };
    const previous = (recordsByPerson.get(r.data.personId as string) ?? []).filter((x) => x.id !== id);
    const derived = deriveRecord({ def, answers: r.data.data as Answers, visitDate: r.data.visitDate as string, person: p, previous });
    if (canonicalJson(derived) !== canonicalJson(r.data.derived ?? null)) {
      const flags = (x: unknown) => ((x as { flags?: { id: string }[] } | null)?.flags ?? []).map((f) => f.id).join("+") || "none";
      hit(derivedMismatch, `${k}: stored flags ${flags(r.data.derived)}, answers give ${flags(derived)}`);
    }
    const resolved = resolveAnswers(def, r.data.data as Record<string, AnswerValue>, formContext(r.data.visitDate as string, p));
    if (canonicalJson(resolved) !== canonicalJson(r.data.data)) {
      const diff = Object.keys({ ...resolved, ...(r.data.data as object) }).filter((f) => !sameValue(resolved[f], (r.data.data as Record<string, unknown>)[f]));
      hit(computedStale, `${k} (visit ${String(r.data.visitDate)}): ${diff.map((f) => `${f} stored ${canonicalJson((r.data.data as Record<string, unknown>)[f])}, answers give ${canonicalJson(resolved[f])}`).join("; ")}`);
    }
    const entity: RecordEntity = { id, data: r.data as RecordEntity["data"] };
    const history: RecordEntity[] = previous.map((x) => ({ id: x.id!, data: x as unknown as RecordEntity["data"] }));
    for (const draft of referralsFromRecord(entity, derived, { id: r.data.personId as string }, history)) {
      if (!truth.rows.has(`referral:${draft.id}`)) hit(missingReferral, `${k}: ${draft.data.reason} → referral ${draft.id}`);
    }
  }

  // --- moves: a moved household's or person's rows follow it (issue 10 item 4) ---
  const moves = check(
    "moved rows not following",
    "rows whose scope (area, dusun) differs from their parent's (a person from its household, a record or referral from its person), or whose sync_index entry differs from the row: what a household or person move leaves behind",
  );
  for (const s of scopes) {
    if (s.deleted || !HEALTH.includes(s.entity) || s.entity === "household") continue;
    const parent = scopeOf.get(`${s.entity === "person" ? "household" : "person"}:${s.parent}`);
    if (!parent) continue;
    const pArea = parent.entity === "household" ? parent.desaCode : parent.area;
    const pDusun = parent.entity === "household" ? parent.dusunId : parent.dusun;
    if (s.area !== pArea || (s.dusun ?? null) !== (pDusun ?? null)) hit(moves, `${s.entity}:${s.id} in ${s.area}/${s.dusun ?? "-"}, its ${parent.entity} in ${pArea}/${pDusun ?? "-"}`);
  }
  const indexOf = new Map(index.map((i) => [`${i.entity}:${i.entityId}`, i]));
  for (const s of scopes) {
    const i = indexOf.get(`${s.entity}:${s.id}`);
    if (!i) continue;
    if ((i.dusun ?? null) !== (s.dusun ?? null) || (i.desa ?? null) !== s.area) hit(moves, `sync_index ${s.entity}:${s.id} at ${i.desa}/${i.dusun ?? "-"}, row at ${s.area}/${s.dusun ?? "-"}`);
  }
  // The rows a move concerns: moved households and persons, and everything under them.
  const movedHouseholds = new Set<string>();
  const movedPersons = new Set<string>();
  for (const e of log) {
    if (e.entity === "household" && e.fields.includes("dusunId") && e.version > 1) movedHouseholds.add(e.entityId);
    if (e.entity === "person" && e.fields.includes("householdId") && e.version > 1) movedPersons.add(e.entityId);
  }
  const moveRelated = new Set<string>([...movedHouseholds].map((id) => `household:${id}`));
  for (const s of scopes) if (s.entity === "person" && (movedHouseholds.has(s.parent ?? "") || movedPersons.has(s.id))) movedPersons.add(s.id);
  for (const id of movedPersons) moveRelated.add(`person:${id}`);
  for (const s of scopes) if ((s.entity === "record" || s.entity === "referral") && movedPersons.has(s.parent ?? "")) moveRelated.add(`${s.entity}:${s.id}`);

  // --- rejections ---
  const rejections: Record<string, number> = {};
  const unexpectedRejections = check(
    "unexpected rejections",
    "mutations refused for a reason other than a move (forbidden on a row that moved out of the device's reach), a refused parent (parent_not_found after its create was refused) or a visit edit whose merged answers became invalid",
  );
  const refusedCreates = new Set<string>();
  for (const rec of registry.byId.values()) {
    // Refused at least once (a later replay may still have applied it, after its child was refused).
    if (rec.m.op === "create" && rec.answers.some((a) => a.status === "rejected")) refusedCreates.add(`${rec.m.entity}:${rec.m.entityId}`);
  }
  for (const rec of registry.byId.values()) {
    const last = rec.answers.map(effective).find((e) => e.status !== "rejected") ? null : rec.answers.at(-1);
    if (!last || last.status !== "rejected") continue;
    const code = last.error?.code ?? "?";
    rejections[code] = (rejections[code] ?? 0) + 1;
    const rowKey = `${rec.m.entity}:${rec.m.entityId}`;
    // A create's parent (a person's household, a record's person) may be what moved.
    const parent = typeof rec.m.payload.householdId === "string" ? `household:${rec.m.payload.householdId}` : typeof rec.m.payload.personId === "string" ? `person:${rec.m.payload.personId}` : "";
    // A create whose parent's create was refused (in the same push, or before it was known).
    const parentRefused = code === "parent_not_found" && parent !== "" && refusedCreates.has(parent);
    const expected = parentRefused || (code === "forbidden" && (moveRelated.has(rowKey) || moveRelated.has(parent))) || (code === "validation_failed" && rec.m.entity === "record" && rec.m.op === "update");
    if (!expected) hit(unexpectedRejections, `${rec.kind} ${rec.m.id} on ${rowKey}: ${code} ${last.error?.message ?? ""}`);
  }

  // --- every device holds exactly the server's set for its scope ---
  const diverged = check("devices not converged", "devices whose synced copy differs from the server's rows in their scope (missing, extra, or another version or value)");
  const movedDiverged = check("devices holding moved rows wrongly", "the same, for rows a move concerns (the old scope keeps them, the new one lacks them)");
  const regressions = check("pull regressions", "a pull page that brought an older version of a row than the device held");
  for (const d of devices) {
    const principal: Principal = { userId: d.user.id, role: d.user.role, areaCode: d.user.areaCode, dusunId: d.user.dusunId };
    const keys = pullScope(principal);
    const expected = new Set<string>();
    for (const i of index) {
      if (i.deleted) continue;
      const inScope = keys.some((k) => (k.column === "grp" ? i.grp === k.value : i.domain === k.domain && i[k.column] === k.value));
      if (inScope) expected.add(`${i.entity}:${i.entityId}`);
    }
    const problems: { key: string; why: string }[] = [];
    for (const k of expected) {
      const mine = d.rows.get(k);
      const theirs = truth.rows.get(k);
      if (!mine) problems.push({ key: k, why: "missing" });
      else if (theirs && (mine.version !== theirs.version || canonicalJson(mine.data) !== canonicalJson(theirs.data) || mine.needsReview !== theirs.needsReview)) {
        problems.push({ key: k, why: `v${mine.version} vs server v${theirs.version}` });
      }
    }
    for (const k of d.rows.keys()) if (!expected.has(k)) problems.push({ key: k, why: "extra (not in its scope on the server)" });
    const plain = problems.filter((p) => !moveRelated.has(p.key));
    const moved = problems.filter((p) => moveRelated.has(p.key));
    if (plain.length) hit(diverged, `device ${d.index} (${d.label}): ${plain.length} rows, e.g. ${plain.slice(0, 3).map((p) => `${p.key} ${p.why}`).join("; ")}`);
    if (moved.length) hit(movedDiverged, `device ${d.index} (${d.label}): ${moved.length} rows, e.g. ${moved.slice(0, 3).map((p) => `${p.key} ${p.why}`).join("; ")}`, moved.length);
    if (d.stats.pullRegressions) hit(regressions, `device ${d.index}: ${d.stats.pullRegressions}`, d.stats.pullRegressions);
  }

  // --- the server never answers 5xx (a busy 503 with Retry-After aside) ---
  const errors = check("server errors", "5xx answers other than 503 busy_retry with Retry-After, and connections the server dropped");
  errors.count = input.serverErrors;
  errors.samples = input.serverErrorSamples.slice(0, MAX_SAMPLES);

  const figures: Record<string, number | string> = {
    "conflict answers": conflictAnswers,
    "conflict rows": conflictRows.length,
    "records checked": records,
    "moved households": movedHouseholds.size,
    "moved persons (incl. their households' members)": movedPersons.size,
    "rejected then applied on replay": rejectedThenApplied.n,
    rejections: Object.entries(rejections).map(([c, n]) => `${c} ${n}`).join(", ") || "none",
  };
  return { checks, figures };
}

/** Where two values differ, briefly: for objects (a record's answers) only the keys that differ. */
function difference(replaced: unknown, seen: unknown): string {
  if (replaced && seen && typeof replaced === "object" && typeof seen === "object" && !Array.isArray(replaced) && !Array.isArray(seen)) {
    const a = replaced as Record<string, unknown>;
    const b = seen as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
    return keys.map((k) => `${k}: ${canonicalJson(a[k]).slice(0, 40)} (device saw ${canonicalJson(b[k]).slice(0, 40)})`).join("; ");
  }
  return `${canonicalJson(replaced).slice(0, 60)}, device saw ${canonicalJson(seen).slice(0, 60)}`;
}
