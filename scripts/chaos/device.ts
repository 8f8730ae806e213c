/**
 * One simulated phone for the chaos run: its own synced copy and outbox, kept the way the
 * protocol (docs/SYNC.md, domain/sync/protocol.ts) and the PWA's outbox (web/src/store/local.ts)
 * keep them:
 *
 * - a save folds into the row's unsent mutation, or queues a new one whose base is the row's
 *   version in the synced copy; a push never carries two mutations of one row, and a later
 *   mutation of a row takes the version the earlier one's answer gives as its base;
 * - an applied or conflict answer (or a duplicate of one) leaves the outbox and updates the synced
 *   copy; a rejected one leaves it too (with the mutations that needed it); no answer puts the
 *   mutations back in the queue, to be sent again with the same ids;
 * - a 503 busy_retry is honoured: no push before its Retry-After has passed;
 * - pulls go page by page with the cursor; `reset` drops the synced copy (never the outbox).
 *
 * The faults (all bounded): requests aborted after a few ms, answers thrown away after the server
 * applied the push, whole batches replayed at once or long after (reordered), two batches in
 * flight at once, batches taken out of order, pulls cut between pages or applied without their
 * cursor being kept.
 */
import { getForm, formContext, resolveAnswers, validateAnswers, type AnswerValue } from "../../domain/forms/index.ts";
import { addDays } from "../../domain/rules/dates.ts";
import { MAX_MUTATIONS_PER_PUSH } from "../../domain/sync/limits.ts";
import type { EntityName } from "../../domain/entities/registry.ts";
import type { Mutation, MutationResult, PullResponse, PushResponse } from "../../domain/sync/protocol.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";
import type { Rng } from "../seed/prng.ts";
import { ANC_HINTS, editAnswers, randomAnswers } from "./answers.ts";
import { call, type Fault, type HttpStats } from "./http.ts";

export type Role = "puskesmas" | "pustu" | "kader";

export interface EnrolledUser {
  id: string;
  role: Role;
  areaCode: string;
  dusunId: string | null;
}

/** What every device knows of the place: the chaos desa with their dusun, and the facilities. */
export interface World {
  kecCode: string;
  /** The desa the run writes in, with their dusun ids. */
  desa: { code: string; dusun: string[] }[];
  /** Facilities of the kecamatan (a record's facilityId). */
  facilities: string[];
  /** Rows made before the devices start, which every device in scope edits often. */
  hot: Set<string>;
  /** The run's "today": visits are dated in the 30 days before it. */
  today: string;
}

export interface LocalRow {
  entity: EntityName;
  id: string;
  version: number;
  data: Record<string, unknown>;
  needsReview: boolean;
  /**
   * The version came from a push answer that also holds other phones' changes the copy lacks (a
   * merged edit, a conflict, or a version more than one past the copy's): the PWA stamps the
   * version all the same (web/src/store/local.ts applyPushResults). Cleared by a pull.
   */
  stamped?: boolean;
}

interface OutItem {
  m: Mutation;
  state: "pending" | "sending";
  /** Sent at least once: never folded into again (the server may hold it). */
  sentOnce: boolean;
  /** Rows whose create must be answered first (a person's household, a record's person). */
  deps: string[];
  /** The device's view of each field this mutation changes, when the edit was made. */
  seen: Record<string, unknown>;
  kind: string;
  /** Its base version is one a push answer stamped on a copy that lacks changes (see LocalRow.stamped). */
  baseStamped: boolean;
}

/** Every mutation any device sent, with every answer it got: what the verification reads. */
export interface MutationRecord {
  m: Mutation;
  device: number;
  userId: string;
  kind: string;
  seen: Record<string, unknown>;
  baseStamped: boolean;
  answers: MutationResult[];
}

export class Registry {
  readonly byId = new Map<string, MutationRecord>();
  register(rec: MutationRecord): void {
    if (!this.byId.has(rec.m.id)) this.byId.set(rec.m.id, { ...rec, m: structuredClone(rec.m), seen: structuredClone(rec.seen) });
  }
  answer(r: MutationResult): void {
    this.byId.get(r.id)?.answers.push(r);
  }
}

export interface DeviceStats {
  saves: number;
  folded: number;
  created: number;
  skippedSaves: number;
  pushes: number;
  replays: number;
  oldReplays: number;
  parallel: number;
  reordered: number;
  pulls: number;
  pages: number;
  cutPulls: number;
  uncommittedPages: number;
  resets: number;
  pullRegressions: number;
  droppedUnsent: number;
  requestRefusals: string[];
  kinds: Record<string, number>;
}

export interface ChaosRates {
  /** A push aborted after 1–40 ms (it may or may not have been applied). */
  abort: number;
  /** A push whose answer is read and then thrown away (it was applied). */
  dropAnswer: number;
  /** A push sent again at once, whole, after its answer came. */
  replay: number;
  /** An earlier batch sent again later (after newer ones). */
  oldReplay: number;
  /** Two batches of one device in flight at once. */
  parallel: number;
  /** A batch taken from the outbox in random order (dependencies still first). */
  reorder: number;
  /** A pull page aborted mid-way, or its answer thrown away. */
  pullAbort: number;
  /** A pull stopped between pages. */
  pullCut: number;
  /** A page applied but its cursor not kept (the phone died before storing it). */
  pullNoCursor: number;
}

export const CHAOS_RATES: ChaosRates = {
  abort: 0.08, dropAnswer: 0.08, replay: 0.08, oldReplay: 0.05, parallel: 0.1, reorder: 0.4, pullAbort: 0.08, pullCut: 0.15, pullNoCursor: 0.05,
};

const NO_CHAOS: ChaosRates = { abort: 0, dropAnswer: 0, replay: 0, oldReplay: 0, parallel: 0, reorder: 0, pullAbort: 0, pullCut: 0, pullNoCursor: 0 };
const MAX_PAGES_PER_PULL = 2_000;
const KEPT_BATCHES = 40;

const key = (entity: string, id: string) => `${entity}:${id}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The status an answer stands for: a duplicate stands for its first answer. */
export function effective(r: MutationResult): { status: "applied" | "conflict" | "rejected"; version?: number; conflicts: MutationResult["conflicts"]; changed: Record<string, unknown> } {
  if (r.status === "duplicate") return { status: r.originalStatus ?? "applied", version: r.version, conflicts: r.conflicts ?? [], changed: r.changed ?? {} };
  return { status: r.status, version: r.version, conflicts: r.conflicts ?? [], changed: r.changed ?? {} };
}

export class Device {
  readonly rows = new Map<string, LocalRow>();
  /** Rows a pull deleted (deleted, or moved out of reach), with their version then (as the PWA keeps them). */
  private readonly gone = new Map<string, number>();
  private readonly ids = new Map<string, Set<string>>();
  cursor: string | undefined;
  outbox: OutItem[] = [];
  private sentBatches: Mutation[][] = [];
  private pushBlockedUntil = 0;
  private pulling = false;
  readonly stats: DeviceStats = {
    saves: 0, folded: 0, created: 0, skippedSaves: 0, pushes: 0, replays: 0, oldReplays: 0, parallel: 0, reordered: 0, pulls: 0, pages: 0,
    cutPulls: 0, uncommittedPages: 0, resets: 0, pullRegressions: 0, droppedUnsent: 0, requestRefusals: [], kinds: {},
  };

  constructor(
    readonly index: number,
    readonly label: string,
    readonly token: string,
    readonly user: EnrolledUser,
    private readonly base: string,
    private readonly world: World,
    private readonly registry: Registry,
    private readonly http: HttpStats,
    private readonly rng: Rng,
    private readonly rates: ChaosRates = CHAOS_RATES,
  ) {}

  // --- the synced copy ---

  private putRow(row: LocalRow): void {
    this.rows.set(key(row.entity, row.id), row);
    let set = this.ids.get(row.entity);
    if (!set) this.ids.set(row.entity, (set = new Set()));
    set.add(row.id);
  }

  private dropRow(entity: string, id: string): void {
    this.rows.delete(key(entity, id));
    this.ids.get(entity)?.delete(id);
  }

  private clearRows(): void {
    this.rows.clear();
    this.ids.clear();
  }

  /** What the user sees of a row: the synced copy with every queued change of it on top. */
  view(entity: string, id: string): Record<string, unknown> | null {
    const k = key(entity, id);
    let data: Record<string, unknown> | null = this.rows.has(k) ? { ...this.rows.get(k)!.data } : null;
    for (const item of this.outbox) {
      if (key(item.m.entity, item.m.entityId) !== k) continue;
      if (item.m.op === "create") data = { ...item.m.payload };
      else if (data) Object.assign(data, item.m.payload);
    }
    return data;
  }

  /** Ids of an entity the device holds (synced or created here and not yet answered). */
  private idsOf(entity: EntityName): string[] {
    const out = new Set(this.ids.get(entity) ?? []);
    for (const item of this.outbox) if (item.m.entity === entity && item.m.op === "create") out.add(item.m.entityId);
    return [...out];
  }

  private unansweredCreate(entity: string, id: string): boolean {
    return this.outbox.some((i) => i.m.op === "create" && i.m.entity === entity && i.m.entityId === id);
  }

  // --- saves ---

  private save(entity: EntityName, id: string, op: "create" | "update", patch: Record<string, unknown>, kind: string, deps: string[] = []): void {
    this.stats.saves++;
    this.stats.kinds[kind] = (this.stats.kinds[kind] ?? 0) + 1;
    const k = key(entity, id);
    const current = this.view(entity, id) ?? {};
    const items = this.outbox.filter((i) => key(i.m.entity, i.m.entityId) === k);
    const last = items.at(-1);
    const seenNow = Object.fromEntries(Object.keys(patch).map((f) => [f, current[f] ?? null]));
    if (op === "update" && last && last.state === "pending" && !last.sentOnce) {
      // Never sent: fold into it, keeping its place in the queue (web/src/store/local.ts).
      if (last.m.op === "update") last.seen = { ...seenNow, ...last.seen };
      last.baseStamped ||= !!this.rows.get(k)?.stamped;
      Object.assign(last.m.payload, patch);
      last.deps = [...new Set([...last.deps, ...deps])];
      this.stats.folded++;
      return;
    }
    const row = this.rows.get(k);
    // As the PWA (web/src/store/local.ts, baseSeen): an edit of a field an unanswered update of the
    // row set rests on that update's base, the last version the user saw of the field.
    const overlaid = items.filter((i) => i.m.op === "update" && Object.keys(patch).some((f) => f in i.m.payload));
    const base = Math.min(row?.version ?? 0, ...overlaid.map((i) => i.m.baseVersion));
    const m: Mutation = { id: uuidv7(), entity, entityId: id, op, baseVersion: op === "create" ? 0 : base, payload: { ...patch } };
    this.outbox.push({ m, state: "pending", sentOnce: false, deps: deps.filter((d) => d !== k), seen: op === "create" ? {} : seenNow, kind, baseStamped: !!row?.stamped });
    this.stats.created++;
  }

  /** The desa this device writes in. */
  private writeDesa(): string[] {
    return this.user.role === "puskesmas" ? this.world.desa.map((d) => d.code) : [this.user.areaCode];
  }

  private householdOk(h: Record<string, unknown> | null): h is Record<string, unknown> {
    if (!h || !this.writeDesa().includes(h.desaCode as string)) return false;
    return this.user.role !== "kader" || h.dusunId === this.user.dusunId;
  }

  private personHousehold(p: Record<string, unknown> | null): Record<string, unknown> | null {
    return p ? this.view("household", p.householdId as string) : null;
  }

  /** A row to edit: often one of the shared hot rows (so that devices collide), else any in reach. */
  private pick(entity: EntityName, ok: (id: string) => boolean): string | null {
    const all = this.idsOf(entity);
    const hot = all.filter((id) => this.world.hot.has(key(entity, id)) && ok(id));
    if (hot.length && this.rng.chance(0.6)) return this.rng.pick(hot);
    // Sample rather than filter everything: a puskesmas holds thousands of rows.
    for (let i = 0; i < 40 && all.length; i++) {
      const id = this.rng.pick(all);
      if (ok(id)) return id;
    }
    return hot.length ? this.rng.pick(hot) : null;
  }

  private okHousehold = (id: string) => this.householdOk(this.view("household", id));
  private okPerson = (id: string) => this.householdOk(this.personHousehold(this.view("person", id)));
  private okMother = (id: string) => {
    const p = this.view("person", id);
    return !!p && p.sex === "P" && p.pregnant === true && this.householdOk(this.personHousehold(p));
  };
  private okRecord = (id: string) => {
    const r = this.view("record", id);
    return !!r && r.formId === "anc" && this.okPerson(r.personId as string) && !!this.view("person", r.personId as string);
  };

  /** One thing a user does: a new household, person or visit, or an edit or move of one. */
  act(): void {
    const moves = this.user.role !== "kader";
    const choice = this.rng.weighted<string>([
      ["household.create", 4], ["person.create", 7], ["record.create", 12], ["person.phone", 14], ["person.other", 9], ["record.bp", 18],
      ["record.other", 8], ["record.facility", 5], ["record.visitDate", 2], ["household.edit", 6],
      ["household.move", moves ? 5 : 0], ["person.move", moves ? 1.5 : 0],
    ]);
    const ok = this.tryAct(choice);
    if (!ok) this.stats.skippedSaves++;
  }

  private tryAct(choice: string): boolean {
    const rng = this.rng;
    switch (choice) {
      case "household.create": {
        const desa = this.user.role === "puskesmas" ? rng.pick(this.world.desa) : this.world.desa.find((d) => d.code === this.user.areaCode);
        if (!desa) return false;
        const dusunId = this.user.role === "kader" ? this.user.dusunId : rng.pick(desa.dusun);
        this.save("household", uuidv7(), "create", {
          desaCode: desa.code, dusunId, rt: String(rng.int(1, 9)).padStart(3, "0"), address: `Jalan Chaos ${this.index}-${this.stats.saves}`, noKk: null, pisPk: null,
        }, choice);
        return true;
      }
      case "person.create": {
        const hh = this.pick("household", this.okHousehold);
        if (!hh) return false;
        const age = rng.int(19, 39);
        const birth = addDays(this.world.today, -(age * 365 + rng.int(0, 300)));
        this.save("person", uuidv7(), "create", {
          householdId: hh, name: `Ibu Chaos ${this.index}-${this.stats.saves}`, sex: "P", birthDate: birth, birthDatePrecision: "day", nik: null,
          relation: "istri", phone: null, jkn: null, pregnant: true,
        }, choice, this.unansweredCreate("household", hh) ? [key("household", hh)] : []);
        return true;
      }
      case "record.create": {
        const pid = this.pick("person", this.okMother);
        if (!pid) return false;
        const person = this.view("person", pid)!;
        const def = getForm("anc", 2)!;
        const visitDate = addDays(this.world.today, -rng.int(0, 20));
        const data = randomAnswers(def, visitDate, person as { sex: string; birthDate: string }, rng);
        this.save("record", uuidv7(), "create", {
          personId: pid, formId: def.id, formVersion: def.version, visitDate, facilityId: rng.chance(0.5) ? rng.pick(this.world.facilities) : null, data,
        }, choice, this.unansweredCreate("person", pid) ? [key("person", pid)] : []);
        return true;
      }
      case "person.phone": {
        const pid = this.pick("person", this.okPerson);
        if (!pid) return false;
        this.save("person", pid, "update", { phone: `0812${String(rng.int(0, 99_999_999)).padStart(8, "0")}` }, choice);
        return true;
      }
      case "person.other": {
        const pid = this.pick("person", this.okPerson);
        if (!pid) return false;
        const field = rng.pick(["jkn", "name", "relation"] as const);
        const value = field === "jkn" ? String(rng.int(0, 999_999)).padStart(13, "0") : field === "name" ? `Warga Chaos ${this.index}-${this.stats.saves}` : rng.pick(["istri", "anak", "kepala", "lainnya"]);
        this.save("person", pid, "update", { [field]: value }, choice);
        return true;
      }
      case "record.bp":
      case "record.other": {
        const rid = this.pick("record", this.okRecord);
        if (!rid) return false;
        const r = this.view("record", rid)!;
        const person = this.view("person", r.personId as string)!;
        const def = getForm(r.formId as string, r.formVersion as number)!;
        const fieldsToChange = choice === "record.bp" ? ["td_sistolik", "td_diastolik"] : [rng.pick(["catatan", "bb", "lila", "hb"])];
        const data = editAnswers(def, r.data as Record<string, AnswerValue>, r.visitDate as string, person as { sex: string; birthDate: string }, rng, fieldsToChange, ANC_HINTS);
        if (!data) return false;
        this.save("record", rid, "update", { data }, choice);
        return true;
      }
      case "record.facility": {
        const rid = this.pick("record", this.okRecord);
        if (!rid) return false;
        this.save("record", rid, "update", { facilityId: rng.chance(0.2) ? null : rng.pick(this.world.facilities) }, choice);
        return true;
      }
      case "record.visitDate": {
        const rid = this.pick("record", this.okRecord);
        if (!rid) return false;
        const r = this.view("record", rid)!;
        const person = this.view("person", r.personId as string)!;
        const def = getForm(r.formId as string, r.formVersion as number)!;
        const visitDate = addDays(r.visitDate as string, rng.int(-3, 3));
        if (visitDate > this.world.today) return false;
        const ctx = formContext(visitDate, person as { sex: string; birthDate: string });
        // Only a date the stored answers stay valid with (the phone's form would refuse another).
        if (!validateAnswers(def, resolveAnswers(def, r.data as Record<string, AnswerValue>, ctx), ctx).valid) return false;
        this.save("record", rid, "update", { visitDate }, choice);
        return true;
      }
      case "household.edit": {
        const hh = this.pick("household", this.okHousehold);
        if (!hh) return false;
        this.save("household", hh, "update", rng.chance(0.5) ? { address: `Jalan Chaos ${this.index}-${this.stats.saves}` } : { rt: String(rng.int(1, 9)).padStart(3, "0") }, choice);
        return true;
      }
      case "household.move": {
        const hh = this.pick("household", this.okHousehold);
        if (!hh) return false;
        const h = this.view("household", hh)!;
        const desa = this.world.desa.find((d) => d.code === h.desaCode);
        const other = desa?.dusun.filter((d) => d !== h.dusunId) ?? [];
        if (!other.length) return false;
        this.save("household", hh, "update", { dusunId: rng.pick(other) }, choice);
        return true;
      }
      case "person.move": {
        const pid = this.pick("person", this.okPerson);
        if (!pid) return false;
        const from = this.personHousehold(this.view("person", pid));
        const to = this.pick("household", (id) => id !== this.view("person", pid)?.householdId && this.view("household", id)?.desaCode === from?.desaCode && this.okHousehold(id));
        if (!to) return false;
        this.save("person", pid, "update", { householdId: to }, choice, this.unansweredCreate("household", to) ? [key("household", to)] : []);
        return true;
      }
    }
    return false;
  }

  // --- push ---

  /** The next batch: at most one mutation per row, the row's oldest; a create before what needs it. */
  private takeBatch(max: number, reorder: boolean): OutItem[] {
    const heads: OutItem[] = [];
    const seen = new Set<string>();
    for (const item of this.outbox) {
      const k = key(item.m.entity, item.m.entityId);
      if (seen.has(k)) continue;
      seen.add(k);
      if (item.state === "pending") heads.push(item);
    }
    if (reorder) {
      for (let i = heads.length - 1; i > 0; i--) {
        const j = this.rng.int(0, i);
        [heads[i], heads[j]] = [heads[j]!, heads[i]!];
      }
    }
    const batch: OutItem[] = [];
    const inBatch = new Set<string>();
    // A few passes so that, shuffled, a create still goes before what needs it in the same push.
    for (let pass = 0; pass < 4 && batch.length < max; pass++) {
      for (const item of heads) {
        if (batch.length >= max) break;
        if (batch.includes(item)) continue;
        const ready = item.deps.every((d) => inBatch.has(d) || !this.outbox.some((o) => o.m.op === "create" && key(o.m.entity, o.m.entityId) === d));
        if (!ready) continue;
        batch.push(item);
        inBatch.add(key(item.m.entity, item.m.entityId));
      }
      if (!reorder) break;
    }
    return batch;
  }

  /** One push step: maybe an old batch again, then one batch (or two at once). */
  async pushStep(chaos: boolean): Promise<void> {
    const rates = chaos ? this.rates : NO_CHAOS;
    if (Date.now() < this.pushBlockedUntil) return;
    if (this.rng.chance(rates.oldReplay) && this.sentBatches.length) {
      this.stats.oldReplays++;
      await this.send(this.rng.pick(this.sentBatches), {});
      if (Date.now() < this.pushBlockedUntil) return;
    }
    if (this.rng.chance(rates.parallel)) {
      this.stats.parallel++;
      await Promise.all([this.pushBatch(rates), this.pushBatch(rates)]);
    } else {
      await this.pushBatch(rates);
    }
  }

  private async pushBatch(rates: ChaosRates): Promise<void> {
    const reorder = this.rng.chance(rates.reorder);
    const max = rates === NO_CHAOS ? MAX_MUTATIONS_PER_PUSH : this.rng.pick([1, 3, 10, 25, MAX_MUTATIONS_PER_PUSH]);
    const batch = this.takeBatch(max, reorder);
    if (!batch.length) return;
    if (reorder) this.stats.reordered++;
    for (const item of batch) {
      item.state = "sending";
      item.sentOnce = true;
      this.registry.register({ m: item.m, device: this.index, userId: this.user.id, kind: item.kind, seen: item.seen, baseStamped: item.baseStamped, answers: [] });
    }
    const mutations = batch.map((i) => structuredClone(i.m));
    const r = this.rng.next();
    const fault: Fault = r < rates.abort ? { abortAfterMs: this.rng.int(1, 40) } : r < rates.abort + rates.dropAnswer ? { dropAnswer: true } : {};
    this.stats.pushes++;
    const answered = await this.send(mutations, fault);
    for (const item of batch) if (item.state === "sending") item.state = "pending";
    this.sentBatches.push(mutations);
    if (this.sentBatches.length > KEPT_BATCHES) this.sentBatches.shift();
    if (answered && this.rng.chance(rates.replay) && Date.now() >= this.pushBlockedUntil) {
      this.stats.replays++;
      await this.send(mutations, {});
    }
  }

  /** Send mutations; true when per-mutation answers came back (they are applied here). */
  private async send(mutations: Mutation[], fault: Fault): Promise<boolean> {
    const out = await call<PushResponse & { error?: { code: string; message: string; details?: { results?: MutationResult[] } } }>(
      this.http, this.base, "POST", "/api/sync/push", this.token, { mutations }, fault,
    );
    if (out.kind === "none") return false;
    if (out.status === 503 && out.retryAfterS !== undefined) {
      this.pushBlockedUntil = Date.now() + out.retryAfterS * 1000;
      this.http.busyWaitS += out.retryAfterS;
      return false;
    }
    const results = out.status === 200 ? out.json.results : out.json.error?.details?.results;
    if (!Array.isArray(results)) {
      if (this.stats.requestRefusals.length < 10) this.stats.requestRefusals.push(`${out.status} ${JSON.stringify(out.json).slice(0, 300)}`);
      return false;
    }
    for (const r of results) this.onAnswer(r, mutations.find((m) => m.id === r.id));
    return true;
  }

  /** An answer for one mutation, from its push, a replay, or an old batch sent again. */
  private onAnswer(r: MutationResult, sent: Mutation | undefined): void {
    this.registry.answer(r);
    const idx = this.outbox.findIndex((i) => i.m.id === r.id);
    const item = idx >= 0 ? this.outbox[idx]! : undefined;
    const m = item?.m ?? sent;
    if (!m) return;
    const eff = effective(r);
    if (item) this.outbox.splice(idx, 1);
    const k = key(m.entity, m.entityId);
    if (eff.status === "rejected") {
      if (item && m.op === "create") this.dropDependents(k);
      return;
    }
    // The synced copy takes the answer's version (as the PWA does), unless a pull already
    // brought that version or a later one.
    const row = this.rows.get(k);
    // A stale edit's answer carries what others changed meanwhile (`changed`, with the conflicts'
    // kept values): the copy takes it, so the answer's version describes it (as the PWA does).
    // Only an answer that skips versions without saying what they changed leaves it lacking.
    const unseen = new Set([...Object.keys(eff.changed), ...(eff.conflicts ?? []).map((c) => c.field)]);
    const lacks = eff.version !== undefined && m.op === "update" && eff.version > m.baseVersion + 1 && r.merged !== true && eff.status !== "conflict";
    // A late answer (a replay's) never brings back a row a pull has since taken away.
    const goneAt = row ? undefined : this.gone.get(k);
    if (eff.version !== undefined && (!row || eff.version > row.version) && !(goneAt !== undefined && goneAt >= eff.version)) {
      const data: Record<string, unknown> = m.op === "create" ? { ...m.payload } : { ...(row?.data ?? {}), ...m.payload };
      for (const c of eff.conflicts ?? []) data[c.field] = c.serverValue;
      Object.assign(data, eff.changed);
      const stamped = lacks || !!row?.stamped || (m.op !== "update" && eff.version > (row?.version ?? 0) + 1);
      this.putRow({ entity: m.entity, id: m.entityId, version: eff.version, data, needsReview: (row?.needsReview ?? false) || eff.status === "conflict", stamped });
    }
    // Later edits of this row were made on top of this one: their base is its version, unless
    // they change a field others changed meanwhile, which they were made without seeing.
    if (item && eff.version !== undefined) {
      for (const later of this.outbox) {
        if (key(later.m.entity, later.m.entityId) === k && !later.sentOnce && later.m.op !== "create") {
          if (Object.keys(later.m.payload).some((f) => unseen.has(f))) continue;
          later.m.baseVersion = eff.version;
          later.baseStamped = lacks || !!this.rows.get(k)?.stamped;
        }
      }
    }
  }

  /** A refused create: the edits of that row and the rows that need it can never be applied. */
  private dropDependents(k: string): void {
    const gone = new Set([k]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const item of [...this.outbox]) {
        const ik = key(item.m.entity, item.m.entityId);
        if (item.state === "sending" || item.sentOnce) continue;
        if (gone.has(ik) || item.deps.some((d) => gone.has(d))) {
          this.outbox.splice(this.outbox.indexOf(item), 1);
          if (item.m.op === "create") gone.add(ik);
          this.stats.droppedUnsent++;
          changed = true;
        }
      }
    }
  }

  // --- pull ---

  /** Pull page by page; with chaos, maybe cut short. Returns true when it reached the end. */
  async pull(chaos: boolean, deadline = Date.now() + 120_000): Promise<boolean> {
    if (this.pulling) return false;
    this.pulling = true;
    const rates = chaos ? this.rates : NO_CHAOS;
    this.stats.pulls++;
    try {
      for (let page = 0; page < MAX_PAGES_PER_PULL && Date.now() < deadline; page++) {
        const limit = chaos ? this.rng.pick([50, 100, 200, 500]) : 500;
        const r = this.rng.next();
        const fault: Fault = r < rates.pullAbort / 2 ? { abortAfterMs: this.rng.int(1, 30) } : r < rates.pullAbort ? { dropAnswer: true } : {};
        const q = `/api/sync/pull?limit=${limit}${this.cursor ? `&cursor=${encodeURIComponent(this.cursor)}` : ""}`;
        const out = await call<PullResponse & { error?: { code: string } }>(this.http, this.base, "GET", q, this.token, undefined, fault);
        if (out.kind === "none") {
          this.stats.cutPulls++;
          return false;
        }
        if (out.status === 400 && out.json.error?.code === "invalid_cursor") {
          this.cursor = undefined;
          continue;
        }
        if (out.status !== 200) {
          if (this.stats.requestRefusals.length < 10) this.stats.requestRefusals.push(`pull ${out.status} ${JSON.stringify(out.json).slice(0, 200)}`);
          return false;
        }
        const res = out.json;
        this.stats.pages++;
        if (res.reset) {
          this.stats.resets++;
          this.clearRows();
        }
        for (const c of res.changes) {
          const row = this.rows.get(key(c.entity, c.id));
          if (c.deleted) {
            this.dropRow(c.entity, c.id);
            this.gone.set(key(c.entity, c.id), c.version);
            continue;
          }
          this.gone.delete(key(c.entity, c.id));
          if (row && c.version < row.version) {
            this.stats.pullRegressions++;
            continue;
          }
          this.putRow({ entity: c.entity, id: c.id, version: c.version, data: c.data ?? {}, needsReview: !!c.needsReview });
        }
        if (this.rng.chance(rates.pullNoCursor)) {
          this.stats.uncommittedPages++;
          return false;
        }
        this.cursor = res.cursor;
        if (!res.hasMore) return true;
        if (this.rng.chance(rates.pullCut)) {
          this.stats.cutPulls++;
          return false;
        }
      }
      return false;
    } finally {
      this.pulling = false;
    }
  }

  // --- phases ---

  /** The chaos phase: act, push and pull at random until `quota` mutations were made. */
  async run(quota: number, deadline: number): Promise<void> {
    for (let step = 0; this.stats.created < quota && Date.now() < deadline && step < quota * 40; step++) {
      const r = this.rng.next();
      if (r < 0.6) this.act();
      else if (r < 0.88) await this.pushStep(true);
      else await this.pull(true, deadline);
      await sleep(this.rng.int(0, 4));
    }
  }

  /** Send everything still queued, without faults, waiting out any Retry-After. */
  async drain(deadline: number): Promise<void> {
    for (let round = 0; this.outbox.length && Date.now() < deadline && round < 2_000; round++) {
      const wait = this.pushBlockedUntil - Date.now();
      if (wait > 0) await sleep(Math.min(wait, deadline - Date.now()));
      const before = this.outbox.length;
      await this.pushStep(false);
      if (this.outbox.length === before) await sleep(50 + this.rng.int(0, 100));
    }
  }

  /** Pull to the end without faults. */
  async finalPull(deadline: number): Promise<boolean> {
    for (let i = 0; i < 20 && Date.now() < deadline; i++) if (await this.pull(false, deadline)) return true;
    return false;
  }
}
