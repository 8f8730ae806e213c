import type { IDBPTransaction, StoreNames } from "idb";
import { SERVER_DERIVED_ENTITIES, type EntityName } from "../../../domain/entities/enums.ts";
import { changedFields } from "../../../domain/sync/merge.ts";
import type { FieldConflict, Mutation, MutationResult, OpenConflict, PullResponse } from "../../../domain/sync/protocol.ts";
import { uuidv7 } from "../../../domain/util/uuid.ts";
import type { LegacyPinRecord, PinFailures } from "../auth/pin.ts";
import type { Session } from "../auth/session.ts";
import type { VaultRecord } from "../auth/vault.ts";
import { Cipher, isSealed, LockedError, type Sealed } from "./cipher.ts";
import {
  openSimpulDB, refOf,
  type ApiErrorBody, type ConflictNotice, type Draft, type OutboxItem, type Row, type SimpulDB, type SimpulSchema,
  type StoredDraft, type StoredNotice, type StoredOutboxItem, type StoredRow,
} from "./db.ts";
import { Mutex } from "./mutex.ts";
import { searchable, type Searchable } from "../util/search.ts";

/** A row as screens see it: the synced row with the user's unsent changes laid over it. */
export interface View<T = Record<string, unknown>> {
  entity: EntityName;
  id: string;
  version: number;
  data: T;
  /** synced: as on the server; pending: waiting to be sent; rejected: the server refused it. */
  status: "synced" | "pending" | "rejected";
  needsReview: boolean;
  /** Open conflicts not yet settled by an unsent resolution (`resolve`). */
  conflicts: OpenConflict[];
}

/**
 * A person's fields the search and its result lines use (name and NIK searched; sex, age, family
 * shown): the index keeps only these.
 */
export const SEARCHED_FIELDS = ["name", "nik", "householdId", "sex", "birthDate", "birthDatePrecision"] as const;

/** Cache key (putCached: sealed, the key in clear) of the search index's snapshot. */
const PERSON_INDEX_KEY = "person-index";
const PERSON_SNAPSHOT_VERSION = 1; // raise when PersonSnapshot changes: an older one is then ignored

/**
 * The search index as sealed in ONE box, so the first search after an unlock opens one box instead
 * of every person: synced rows (id, IV of the box it came from, version, needsReview, searched
 * fields) and each household's dusun, at a data stamp. At rest it is as opaque as the rows.
 */
interface PersonSnapshot {
  v: number;
  stamp: string;
  persons: [id: string, iv: string, version: number, needsReview: boolean, data: Record<string, unknown>, words: string][];
  dusunOf: [householdId: string, dusunId: string | null][];
}

/** What the registry searches (LocalStore.personIndex): opened persons, in memory only. */
export interface PersonIndex {
  /** Persons with the searched fields only (SEARCHED_FIELDS), unsent changes laid over. */
  persons: View[];
  /** `words[i]` is `persons[i]`'s name and NIK, folded for search (util/search.ts). */
  words: Searchable[];
  /** A household's dusun (null: none), from the household's clear parent pointer, for the result lines. */
  dusunOf: Map<string, string | null>;
}

export interface OutboxCounts {
  pending: number;
  rejected: number;
  conflicts: number;
}

export interface PullProgress {
  received: number;
  total: number;
  /** Bytes of the rows received so far (absent in progress stored by an older build). */
  bytes?: number;
}

/** What the meta store holds under each key, so every read is typed (no `get<T>` casts). */
export interface MetaValues {
  cursor: string;
  pullProgress: PullProgress;
  lastSyncAt: number;
  /** The wrapped data key (auth/vault.ts): in clear, it is useless without the PIN. */
  vault: VaultRecord;
  pinFailures: PinFailures;
  /** The server revoked this device: the lock screen offers to wipe without the PIN. */
  revoked: number;
  /** Device id and role, in clear: what the "forgot PIN" screen needs, nothing personal. */
  device: { deviceId: string; role: Session["user"]["role"] };
  /** Version 1 stored a PIN hash and the session in clear; kept only until the first unlock seals them. */
  pin: LegacyPinRecord;
  /** `entity:id` → version of rows a pull deleted (META.gone). */
  gone: Record<string, number>;
  /** The ETag of the pull page that gave META.cursor (a conditional pull sends both back). */
  pullEtag: string;
  /** Renewed around every write of rows or outbox (LocalStore.dataStamp): what derived caches key on. */
  dataStamp: string;
}
export type MetaKey = keyof MetaValues;

// Keys of the meta store, in one place so a wipe cannot miss one.
export const META = {
  cursor: "cursor",
  pullProgress: "pullProgress",
  lastSyncAt: "lastSyncAt",
  session: "session",
  vault: "vault",
  pin: "pin",
  pinFailures: "pinFailures",
  revoked: "revoked",
  device: "device",
  /**
   * Rows a pull deleted (deleted, or moved out of this phone's area), with their version then:
   * a late push answer (a replay's) must not bring one back. Ids and versions only, capped.
   */
  gone: "gone",
  pullEtag: "pullEtag",
  dataStamp: "dataStamp",
} as const;

/** A User Timing measure of a pulled page's sealing or writing (as sync/engine.ts measurePull). */
function measureStep(step: string, start: number): void {
  if (typeof performance !== "undefined" && typeof performance.measure === "function") performance.measure(`simpul:pull:${step}`, { start, end: performance.now() });
}

/** How many deletions the phone remembers for late answers (oldest forgotten first). */
export const GONE_REMEMBERED = 5_000;

// Where each box lives (its additional authenticated data): a box moved elsewhere does not open.
const AAD = {
  row: (entity: string, id: string) => `row:${entity}:${id}`,
  rowConflicts: (entity: string, id: string) => `rowc:${entity}:${id}`,
  outbox: (entity: string, entityId: string) => `outbox:${entity}:${entityId}`,
  notice: (id: string) => `notice:${id}`,
  draft: (key: string) => `draft:${key}`,
  session: "meta:session",
  cache: (key: string) => `cache:${key}`,
};

/** Meta keys of cached API answers (putCached): the prefix keeps them apart from the bookkeeping. */
const CACHE_PREFIX = "cache:";

/** What the meta store holds for a cached answer: when it was stored (clear), the answer (sealed). */
interface StoredCached {
  at: number;
  box: Sealed;
}

let lastIdMs = 0;
/** UUIDv7 ids that strictly increase, so two saves in one millisecond still drain in order. */
export function nextMutationId(now = Date.now()): string {
  lastIdMs = Math.max(now, lastIdMs + 1);
  return uuidv7(lastIdMs);
}

/** A mutation's size as the push body will carry it. */
function mutationBytes(m: Mutation): number {
  return new TextEncoder().encode(JSON.stringify(m)).length;
}

export type SaveResult = "created" | "updated" | "unchanged";

export interface SaveEntry {
  entity: EntityName;
  id: string;
  /** The row's whole next state, or a function of its current state (undefined for a new row). */
  next: Record<string, unknown> | ((current: Record<string, unknown> | undefined) => Record<string, unknown>);
  /**
   * Open conflicts this save settles (`View.conflicts`): the fields are sent with their chosen
   * values even when they equal what the phone holds (choosing the kept value is a decision too).
   */
  resolves?: { ids: number[]; fields: string[] };
}

export interface SaveOptions {
  /** The draft that produced the save: deleted in the same transaction. */
  draftKey?: string;
  now?: number;
}

type StoreName = StoreNames<SimpulSchema>;

interface OutboxBox {
  payload: Record<string, unknown>;
  error?: ApiErrorBody;
}

/**
 * The on-device store over IndexedDB: registry reads for screens, saves that queue mutations,
 * drafts, and the operations the sync engine needs.
 *
 * Every personal value is sealed with the data key (cipher.ts), which the store holds only while
 * the app is unlocked; without it, reads and writes of personal data throw `LockedError`, and only
 * the clear bookkeeping (counts, cursor, the vault) can be read.
 *
 * WebCrypto is asynchronous, and an IndexedDB transaction ends when it waits on anything else, so
 * a change that reads, decides and writes does it in steps: read, open the boxes, decide, seal,
 * write in one transaction. Every write runs under one lock (a Web Lock across tabs), so no other
 * write comes between its read and its write; and every multi-store write is still one
 * transaction, so a phone that dies mid-write keeps either both the row view and its mutation or
 * neither.
 */
export class LocalStore {
  private cipher: Cipher | null = null;
  private readonly mutex: Mutex;
  /** Opened person rows (the searched fields) by id with the box they came from (personIndex), dropped with the opened values. */
  private personRows = new Map<string, { iv: string; version: number; needsReview: boolean; row: Row }>();
  /** The last index built and the data stamp it was built at. */
  private personIndexAt: { stamp: string; index: PersonIndex } | null = null;
  /** Folded names by the opened data object they came from (personIndex). */
  private personWords = new WeakMap<object, Searchable>();
  private personIndexQueue: Promise<unknown> = Promise.resolve();
  private snapshotWrite: Promise<unknown> = Promise.resolve();
  private referralRefsFilled = false;

  private constructor(readonly db: SimpulDB, name: string) {
    this.mutex = new Mutex(`simpul-store:${name}`);
  }

  static async open(name = "simpul"): Promise<LocalStore> {
    const store = new LocalStore(await openSimpulDB(name), name);
    await store.releaseSending();
    return store;
  }

  close(): void {
    this.db.close();
  }

  // --- the key ---

  /** Hand the store the data key (after the PIN opened the vault). */
  unlock(cipher: Cipher): void {
    this.cipher = cipher;
  }

  /** Drop the key and every opened value: from here on only clear bookkeeping can be read. */
  lock(): void {
    this.cipher?.forget();
    this.cipher = null;
    this.forgetPersonIndex();
  }

  /** Forget opened values but keep the key (an idle lock: sync goes on, screens are gone). */
  forgetOpened(): void {
    this.cipher?.forget();
    this.forgetPersonIndex();
  }

  private forgetPersonIndex(): void {
    this.personRows = new Map();
    this.personWords = new WeakMap();
    this.personIndexAt = null;
  }

  get unlocked(): boolean {
    return this.cipher !== null;
  }

  /** Seal binary content kept outside this store (evidence photos, sync/photos.ts). */
  sealBytes(bytes: Uint8Array, aad: string): Promise<Sealed> {
    return this.c.sealBytes(bytes, aad);
  }

  openBytes(box: Sealed, aad: string): Promise<Uint8Array> {
    return this.c.openBytes(box, aad);
  }

  /** The data key, to wrap it again (a new recovery key after re-enrollment). */
  get dataKey(): CryptoKey {
    return this.c.cryptoKey;
  }

  private get c(): Cipher {
    if (!this.cipher) throw new LockedError();
    return this.cipher;
  }

  // --- the data stamp: what a cache of derived data (Home's tasks) is valid for ---

  /**
   * A value that changes whenever rows or the outbox (what screens see) may have changed. Every
   * write renews it before and after itself, so a reader that reads the stamp, then the data, then
   * the stamp again, and sees the same value twice, read data no write was halfway through; and a
   * phone killed between a write and its second renewal only recomputes once too often.
   */
  async dataStamp(): Promise<string> {
    return (await this.getMeta(META.dataStamp)) ?? "none";
  }

  private async touch(): Promise<void> {
    await this.db.put("meta", nextMutationId(), META.dataStamp);
  }

  /** A write under the store's lock, with the data stamp renewed before and after it (unless `rows` is false: no row or outbox item changes). */
  private writing<T>(fn: () => Promise<T>, rows = true): Promise<T> {
    return this.mutex.run(async () => {
      if (rows) await this.touch();
      try {
        return await fn();
      } finally {
        if (rows) await this.touch();
      }
    });
  }

  // --- meta (clear bookkeeping) and the sealed session ---

  async getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
    return (await this.db.get("meta", key)) as MetaValues[K] | undefined;
  }

  async setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
    await this.db.put("meta", value, key);
  }

  async deleteMeta(key: MetaKey): Promise<void> {
    await this.db.delete("meta", key);
  }

  /** The enrolled session (its token is the device's credential): sealed like personal data. */
  async getSession(): Promise<Session | undefined> {
    const box = await this.db.get("meta", META.session);
    if (!box) return undefined;
    if (!isSealed(box)) return box as Session; // version 1, before sealLegacy()
    return this.c.open<Session>(box, AAD.session);
  }

  async setSession(s: Session): Promise<void> {
    const box = await this.c.seal(s, AAD.session);
    const tx = this.db.transaction("meta", "readwrite");
    await tx.store.put(box, META.session);
    await tx.store.put({ deviceId: s.deviceId, role: s.user.role }, META.device);
    await tx.done;
  }

  // --- cached API answers, sealed (the PWS console opens its last tables offline) ---

  /**
   * Keep a copy of an API answer for offline reading. The key (e.g. an area code and a month) is
   * stored in clear and must hold nothing personal; the value is sealed, since it may (a list of
   * sasaran not yet served names people). `wipe()` drops these with the rest of the meta store.
   */
  async putCached(key: string, value: unknown, now = Date.now()): Promise<void> {
    const stored: StoredCached = { at: now, box: await this.c.seal(value, AAD.cache(key)) };
    await this.db.put("meta", stored, CACHE_PREFIX + key);
  }

  /** A cached answer with when it was stored, or undefined. Throws LockedError while locked. */
  async getCached<T>(key: string): Promise<{ value: T; at: number } | undefined> {
    const stored = (await this.db.get("meta", CACHE_PREFIX + key)) as StoredCached | undefined;
    if (!stored || !isSealed(stored.box)) return undefined;
    return { value: await this.c.open<T>(stored.box, AAD.cache(key)), at: stored.at };
  }

  /** Keys (without the prefix) and storage times of the cached answers whose key starts with `prefix`. */
  async listCached(prefix: string): Promise<{ key: string; at: number }[]> {
    const lo = CACHE_PREFIX + prefix;
    const range = IDBKeyRange.bound(lo, lo + "\uffff");
    const tx = this.db.transaction("meta");
    const out: { key: string; at: number }[] = [];
    for (let cur = await tx.store.openCursor(range); cur; cur = await cur.continue()) {
      out.push({ key: String(cur.key).slice(CACHE_PREFIX.length), at: (cur.value as StoredCached).at });
    }
    return out;
  }

  async deleteCached(key: string): Promise<void> {
    await this.db.delete("meta", CACHE_PREFIX + key);
  }

  // --- opening and sealing stored shapes ---

  private async openRow(r: StoredRow): Promise<Row> {
    const { box, cbox, ...rest } = r;
    const [data, conflicts] = await Promise.all([
      this.c.open<Record<string, unknown>>(box, AAD.row(r.entity, r.id)),
      cbox ? this.c.open<OpenConflict[]>(cbox, AAD.rowConflicts(r.entity, r.id)) : undefined,
    ]);
    return { ...rest, data, ...(conflicts?.length ? { conflicts } : {}) };
  }

  private async sealRow(r: Row): Promise<StoredRow> {
    const { data, conflicts, ...rest } = r;
    const [box, cbox] = await Promise.all([
      this.c.seal(data, AAD.row(r.entity, r.id)),
      conflicts?.length ? this.c.seal(conflicts, AAD.rowConflicts(r.entity, r.id)) : undefined,
    ]);
    return { ...rest, box, ...(cbox ? { cbox } : {}) };
  }

  private async openItem(i: StoredOutboxItem): Promise<OutboxItem> {
    const { box, bytes: _bytes, ...rest } = i;
    const b = await this.c.open<OutboxBox>(box, AAD.outbox(i.mutation.entity, i.mutation.entityId));
    return { ...rest, mutation: { ...i.mutation, payload: b.payload }, ...(b.error ? { error: b.error } : {}) };
  }

  private async sealItem(i: OutboxItem): Promise<StoredOutboxItem> {
    const { mutation, error, ...rest } = i;
    const { payload, ...head } = mutation;
    const box = await this.c.seal({ payload, ...(error ? { error } : {}) } satisfies OutboxBox, AAD.outbox(mutation.entity, mutation.entityId));
    return { ...rest, mutation: head, box, bytes: mutationBytes(mutation) };
  }

  private openItems(items: StoredOutboxItem[]): Promise<OutboxItem[]> {
    return Promise.all(items.map((i) => this.openItem(i)));
  }

  // --- reads (synced rows with the outbox laid over them) ---

  private overlay(entity: EntityName, rows: Row[], items: OutboxItem[]): View[] {
    const out = new Map<string, View>();
    for (const r of rows) {
      out.set(r.id, { entity, id: r.id, version: r.version, data: r.data, status: "synced", needsReview: !!r.needsReview, conflicts: r.conflicts ?? [] });
    }
    for (const item of items) {
      const m = item.mutation;
      if (m.entity !== entity) continue;
      const status = item.state === "rejected" ? "rejected" : "pending";
      const cur = out.get(m.entityId);
      if (m.op === "delete") {
        if (status === "pending") out.delete(m.entityId);
        continue;
      }
      const data = m.op === "create" ? { ...m.payload } : { ...(cur?.data ?? {}), ...m.payload };
      // An unsent resolution settles its conflicts at once on the phone; the pull confirms.
      const conflicts = (cur?.conflicts ?? []).filter((c) => !m.resolves?.includes(c.id));
      out.set(m.entityId, { entity, id: m.entityId, version: cur?.version ?? 0, data, status, needsReview: (cur?.needsReview ?? false) && (conflicts.length > 0 || !m.resolves), conflicts });
    }
    return [...out.values()];
  }

  async list<T = Record<string, unknown>>(entity: EntityName): Promise<View<T>[]> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [rows, items] = await Promise.all([tx.objectStore("rows").index("entity").getAll(entity), tx.objectStore("outbox").getAll()]);
    const mine = items.filter((i) => i.mutation.entity === entity);
    const [open, openItems] = await Promise.all([Promise.all(rows.map((r) => this.openRow(r))), this.openItems(mine)]);
    return this.overlay(entity, open, openItems) as View<T>[];
  }

  /** Children of one parent, e.g. listByRef("record", "person:<id>"), through the byRef index. */
  async listByRef<T = Record<string, unknown>>(entity: EntityName, ref: string): Promise<View<T>[]> {
    return (await this.listByRefs<T>(entity, [ref])).get(ref)!;
  }

  /**
   * Children of several parents, one kind, in one transaction (a dusun's households' members):
   * each parent's rows come through the byRef index ([entity, ref]), so only they are read and
   * opened, never the whole store.
   */
  async listByRefs<T = Record<string, unknown>>(entity: EntityName, refs: readonly string[]): Promise<Map<string, View<T>[]>> {
    if (entity === "referral") await this.fillReferralRefs();
    const tx = this.db.transaction(["rows", "outbox"]);
    const rowStore = tx.objectStore("rows");
    const byRef = rowStore.index("byRef");
    const [lists, items] = await Promise.all([Promise.all(refs.map((ref) => byRef.getAll([entity, ref]))), tx.objectStore("outbox").getAll()]);
    const own = lists.flat();
    const ownIds = new Set(own.map((r) => r.id));
    // Outbox items may have moved a row to or from these parents: filter after laying them over.
    const touched = items.filter((i) => i.mutation.entity === entity);
    const extra = [...new Set(touched.map((i) => i.mutation.entityId))].filter((id) => !ownIds.has(id));
    const synced = await Promise.all(extra.map((id) => rowStore.get([entity, id])));
    const stored = [...own, ...synced.filter((r): r is StoredRow => !!r)];
    const [open, openItems] = await Promise.all([Promise.all(stored.map((r) => this.openRow(r))), this.openItems(touched)]);
    const out = new Map<string, View<T>[]>(refs.map((r) => [r, []]));
    for (const v of this.overlay(entity, open, openItems)) {
      const ref = refOf(entity, v.data);
      if (ref !== undefined) out.get(ref)?.push(v as View<T>);
    }
    return out;
  }

  /**
   * How many rows of one kind each parent has (households per dusun), counted by the byRef index
   * without opening a row; only rows with unsent changes are opened, to lay those over.
   */
  async countByRefs(entity: EntityName, refs: readonly string[]): Promise<Map<string, number>> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const rowStore = tx.objectStore("rows");
    const byRef = rowStore.index("byRef");
    const [counts, items] = await Promise.all([Promise.all(refs.map((ref) => byRef.count([entity, ref]))), tx.objectStore("outbox").getAll()]);
    const out = new Map(refs.map((r, i) => [r, counts[i]!]));
    const touched = items.filter((i) => i.mutation.entity === entity);
    if (!touched.length) return out;
    const ids = [...new Set(touched.map((i) => i.mutation.entityId))];
    const stored = (await Promise.all(ids.map((id) => rowStore.get([entity, id])))).filter((r): r is StoredRow => !!r);
    // Take out the synced rows the outbox touches, then count them again as the overlay has them.
    for (const r of stored) if (r.ref !== undefined && out.has(r.ref)) out.set(r.ref, out.get(r.ref)! - 1);
    const [open, openItems] = await Promise.all([Promise.all(stored.map((r) => this.openRow(r))), this.openItems(touched)]);
    for (const v of this.overlay(entity, open, openItems)) {
      const ref = refOf(entity, v.data);
      if (ref !== undefined && out.has(ref)) out.set(ref, out.get(ref)! + 1);
    }
    return out;
  }

  /** How many rows of one kind the phone holds, unsent creates and deletes included, opening nothing. */
  async countRows(entity: EntityName): Promise<number> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [synced, items] = await Promise.all([tx.objectStore("rows").index("entity").count(entity), tx.objectStore("outbox").index("target").getAll(IDBKeyRange.bound([entity], [entity, []]))]);
    const rows = await Promise.all([...new Set(items.map((i) => i.mutation.entityId))].map(async (id) => [id, !!(await tx.objectStore("rows").getKey([entity, id]))] as const));
    let n = synced;
    for (const [id, isSynced] of rows) {
      const mine = items.filter((i) => i.mutation.entityId === id);
      const last = mine.at(-1)!;
      const exists = last.mutation.op === "delete" ? last.state === "rejected" : true;
      n += Number(exists) - Number(isSynced);
    }
    return n;
  }

  /**
   * The persons the registry searches, kept in memory while unlocked (a name index at rest would
   * leak who shares a name: docs/SECURITY.md, "No search index is kept at rest"), each name folded
   * once. Calls run one after another and cost, in order of preference:
   * - nothing changed since the last call (the data stamp is the same): the index in memory;
   * - the first call after an unlock with nothing changed since the index was last built: ONE
   *   sealed box (the index's snapshot, `putCached`), not 10,000;
   * - otherwise one read of the sealed person and household rows (IndexedDB, no decryption),
   *   opening only the rows whose box changed; the snapshot is then sealed again.
   * Everything opened goes with the key or the opened values (lock, forgetOpened).
   */
  personIndex(): Promise<PersonIndex> {
    const run = this.personIndexQueue.then(() => this.refreshPersonIndex());
    // The next call also waits for the snapshot this one seals (in the background of this one).
    this.personIndexQueue = run.then(() => this.snapshotWrite).catch(() => undefined);
    return run;
  }

  private async refreshPersonIndex(): Promise<PersonIndex> {
    const c = this.c;
    const stamp = await this.dataStamp();
    if (this.personIndexAt?.stamp === stamp) return this.personIndexAt.index;
    let dusunOf: Map<string, string | null> | null = null;
    let rows: Row[] | null = null;
    if (this.personRows.size === 0) {
      const snap = (await this.getCached<PersonSnapshot>(PERSON_INDEX_KEY).catch(() => undefined))?.value;
      if (snap?.v === PERSON_SNAPSHOT_VERSION) {
        for (const [id, iv, version, needsReview, data, words] of snap.persons) {
          this.personRows.set(id, { iv, version, needsReview, row: { entity: "person", id, version, seq: 0, data, ...(needsReview ? { needsReview } : {}) } });
          // The names come folded already (folding 10,000 names costs more than opening the box).
          this.personWords.set(data, { words: words ? words.split(" ") : [], nik: typeof data.nik === "string" ? data.nik : "" });
        }
        if (snap.stamp === stamp) {
          rows = [...this.personRows.values()].map((e) => e.row);
          dusunOf = new Map(snap.dusunOf);
        }
      }
    }
    const tx = this.db.transaction(["rows", "outbox"]);
    const byEntity = tx.objectStore("rows").index("entity");
    const [persons, households, items] = await Promise.all([
      rows ? null : byEntity.getAll("person"),
      dusunOf ? null : byEntity.getAll("household"),
      tx.objectStore("outbox").getAll(),
    ]);
    if (persons && households) {
      const cache = this.personRows;
      const read: Row[] = new Array(persons.length);
      const toOpen: number[] = [];
      for (const [i, r] of persons.entries()) {
        const hit = cache.get(r.id);
        if (hit && hit.iv === ivString(r.box.iv) && hit.version === r.version && hit.needsReview === !!r.needsReview && !r.cbox) read[i] = hit.row;
        else toOpen.push(i);
      }
      await Promise.all(toOpen.map(async (i) => {
        const r = persons[i]!;
        const open = await this.openRow(r);
        const row: Row = { ...open, data: pick(open.data, SEARCHED_FIELDS) };
        read[i] = row;
        cache.set(r.id, { iv: ivString(r.box.iv), version: r.version, needsReview: !!r.needsReview, row });
      }));
      if (cache.size > persons.length) {
        const live = new Set(persons.map((r) => r.id));
        for (const id of cache.keys()) if (!live.has(id)) cache.delete(id);
      }
      rows = read;
      // A household's dusun is its clear `ref` (dusun:<id>, or dusun:- for none).
      dusunOf = new Map(households.map((h) => [h.id, h.ref && h.ref !== "dusun:-" ? h.ref.slice("dusun:".length) : null]));
      if (toOpen.length > 0 || cache.size !== persons.length || !this.personIndexAt) {
        const snapshot: PersonSnapshot = { v: PERSON_SNAPSHOT_VERSION, stamp, persons: [...cache.entries()].map(([id, e]) => [id, e.iv, e.version, e.needsReview, e.row.data, this.foldedName(e.row.data).words.join(" ")]), dusunOf: [...dusunOf] };
        // Kept only if no write came between the stamp and the reads (the stamp would differ).
        this.snapshotWrite = this.dataStamp().then((now) => (now === stamp && this.cipher === c ? this.putCached(PERSON_INDEX_KEY, snapshot) : undefined)).catch(() => undefined);
      }
    }
    const [personItems, householdItems] = await Promise.all([
      this.openItems(items.filter((i) => i.mutation.entity === "person")),
      this.openItems(items.filter((i) => i.mutation.entity === "household")),
    ]);
    if (this.cipher !== c) throw new LockedError(); // locked (or re-keyed) while reading
    const views = this.overlay("person", rows!, personItems);
    const words = views.map((v) => this.foldedName(v.data));
    // An unsent change of a household's dusun overrides its synced pointer.
    const dusun = new Map(dusunOf!);
    for (const item of householdItems) {
      const p = item.mutation.payload;
      if (item.mutation.op !== "delete" && "dusunId" in p) dusun.set(item.mutation.entityId, typeof p.dusunId === "string" ? p.dusunId : null);
    }
    const index = { persons: views, words, dusunOf: dusun };
    this.personIndexAt = { stamp, index };
    return index;
  }

  /**
   * Rows the server flagged after a field conflict, with their open conflicts: the flag is in
   * clear, so only these rows are opened.
   */
  async listNeedingReview(): Promise<View[]> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [rows, items] = await Promise.all([tx.objectStore("rows").getAll(), tx.objectStore("outbox").getAll()]);
    const flagged = rows.filter((r) => r.needsReview);
    const out: View[] = [];
    for (const r of flagged) {
      const mine = items.filter((i) => i.mutation.entity === r.entity && i.mutation.entityId === r.id).sort(byId);
      const [view] = this.overlay(r.entity, [await this.openRow(r)], await this.openItems(mine));
      if (view && view.needsReview) out.push(view);
    }
    return out;
  }

  async get<T = Record<string, unknown>>(entity: EntityName, id: string): Promise<View<T> | undefined> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [row, items] = await Promise.all([
      tx.objectStore("rows").get([entity, id]),
      tx.objectStore("outbox").index("target").getAll([entity, id]),
    ]);
    const [open, openItems] = await Promise.all([row ? this.openRow(row).then((r) => [r]) : [], this.openItems(items.sort(byId))]);
    return this.overlay(entity, open, openItems)[0] as View<T> | undefined;
  }

  /** A person's name and NIK folded for search, once per opened data object. */
  private foldedName(data: Record<string, unknown>): Searchable {
    let w = this.personWords.get(data);
    if (!w) this.personWords.set(data, (w = searchable(String(data.name ?? ""), typeof data.nik === "string" ? data.nik : null)));
    return w;
  }

  /**
   * Referrals stored before schema version 3 have no `ref` (it comes from their sealed data):
   * give it to them once, so the byRef index finds them. Counting tells whether any is missing,
   * without opening anything; the rest of the time this is two counts.
   */
  private async fillReferralRefs(): Promise<void> {
    if (this.referralRefsFilled) return;
    const tx = this.db.transaction("rows");
    const [all, indexed] = await Promise.all([
      tx.store.index("entity").count("referral"),
      tx.store.index("byRef").count(IDBKeyRange.bound(["referral"], ["referral", []])),
    ]);
    if (all !== indexed) {
      await this.mutex.run(async () => {
        const missing = (await this.db.getAllFromIndex("rows", "entity", "referral")).filter((r) => r.ref === undefined);
        const refs = await Promise.all(missing.map(async (r) => refOf("referral", (await this.openRow(r)).data)));
        const w = this.db.transaction("rows", "readwrite");
        for (const [i, r] of missing.entries()) {
          const ref = refs[i];
          const cur = ref ? await w.store.get([r.entity, r.id]) : undefined;
          // Only the row as it was read: a pull that replaced it meanwhile brought its own ref.
          if (ref && cur && cur.ref === undefined && sameBytes(cur.box.iv, r.box.iv)) await w.store.put({ ...cur, ref });
        }
        await w.done;
      });
    }
    this.referralRefsFilled = true;
  }

  // --- writes ---

  /**
   * Save the whole next state of an entity. A new entity queues a create with the whole object;
   * an existing one queues an update carrying only the changed fields. Unsent changes to the same
   * row fold into one mutation, so the server never sees us conflict with ourselves. The draft
   * that produced the save is deleted in the same transaction.
   */
  async save(entity: EntityName, id: string, next: SaveEntry["next"], opts: SaveOptions = {}): Promise<SaveResult> {
    const [result] = await this.saveMany([{ entity, id, next }], opts);
    return result!;
  }

  /** Settle open conflicts of a row with the values the user chose (or typed). */
  async resolve(entity: EntityName, id: string, values: Record<string, unknown>, conflictIds: number[], now?: number): Promise<SaveResult> {
    const [result] = await this.saveMany([{ entity, id, next: (cur) => ({ ...(cur ?? {}), ...values }), resolves: { ids: conflictIds, fields: Object.keys(values) } }], now === undefined ? {} : { now });
    return result!;
  }

  /**
   * Save several rows as one change (a visit record and the referrals it makes): every row is
   * read, decided and sealed first, then all their mutations and the draft's deletion are written
   * in ONE transaction, which is aborted if any write fails, so a phone keeps all of them or none.
   * Entries are applied in order; a later entry for the same row builds on the earlier one. `next`
   * may be a function of the row as it stands (with unsent changes), read under the store's lock.
   */
  saveMany(entries: readonly SaveEntry[], opts: SaveOptions = {}): Promise<SaveResult[]> {
    return this.writing(async () => {
      const now = opts.now ?? Date.now();
      // Read every target in one transaction, all requests at once (a transaction ends when it waits).
      const keys = [...new Map(entries.map((e) => [`${e.entity}:${e.id}`, e] as const)).values()];
      const read = this.db.transaction(["rows", "outbox"]);
      const rowStore = read.objectStore("rows");
      const target = read.objectStore("outbox").index("target");
      const [storedRows, storedItems] = await Promise.all([
        Promise.all(keys.map((k) => rowStore.get([k.entity, k.id]))),
        Promise.all(keys.map((k) => target.getAll([k.entity, k.id]))),
      ]);
      const state = new Map<string, { row: Row | undefined; items: OutboxItem[] }>();
      for (const [i, k] of keys.entries()) {
        const stored = storedRows[i];
        state.set(`${k.entity}:${k.id}`, { row: stored ? await this.openRow(stored) : undefined, items: await this.openItems(storedItems[i]!.sort(byId)) });
      }

      const results: SaveResult[] = [];
      const puts = new Map<string, OutboxItem>();
      const removeIds = new Set<string>();
      for (const e of entries) {
        const t = state.get(`${e.entity}:${e.id}`)!;
        const plan = this.plan(e, t.row, t.items, now);
        results.push(plan.result);
        if (plan.removeId) {
          removeIds.add(plan.removeId);
          puts.delete(plan.removeId);
        }
        if (plan.put) {
          puts.set(plan.put.id, plan.put);
          removeIds.delete(plan.put.id);
          t.items = [...t.items.filter((i) => i.id !== plan.removeId && i.id !== plan.put!.id), plan.put].sort(byId);
        }
      }

      const sealed = await Promise.all([...puts.values()].map((i) => this.sealItem(i)));
      await this.writeAtomically(["outbox", "drafts"], async (tx) => {
        for (const id of removeIds) await tx.objectStore("outbox").delete(id);
        for (const item of sealed) await tx.objectStore("outbox").put(item);
        if (opts.draftKey) await tx.objectStore("drafts").delete(opts.draftKey);
      });
      return results;
    });
  }

  /** What saving `e` queues, given the row and its unsent items (decided in memory, written by the caller). */
  private plan(e: SaveEntry, row: Row | undefined, items: OutboxItem[], now: number): { result: SaveResult; put?: OutboxItem; removeId?: string } {
    const { entity, id } = e;
    const current = this.overlay(entity, row ? [row] : [], items)[0];
    const next = typeof e.next === "function" ? e.next(current?.data) : e.next;
    if (!current) {
      const m: Mutation = { id: nextMutationId(now), entity, entityId: id, op: "create", baseVersion: 0, payload: next };
      return { result: "created", put: { id: m.id, mutation: m, state: "pending", createdAt: now, attempts: 0 } };
    }
    const fields = [...new Set([...changedFields(current.data, next), ...(e.resolves?.fields ?? [])])];
    if (fields.length === 0) return { result: "unchanged" };
    const patch = Object.fromEntries(fields.map((f) => [f, next[f]]));
    const resolves = e.resolves?.ids.length ? e.resolves.ids : undefined;
    // Only an item the server has never seen may be rewritten (a sent one may hold a receipt under
    // its id even if the answer was lost); a rejected one is being fixed and resent. Never the
    // create of a row the server also makes itself (a record's referral): the server may hold its
    // own copy by the time ours arrives, and an edit folded into our create would then look like a
    // stale edit of that copy (a false conflict with ourselves). Such an edit goes as an update.
    const last = items.at(-1);
    const serverMayHoldIt = last?.mutation.op === "create" && SERVER_DERIVED_ENTITIES.includes(entity);
    const open = last && last.mutation.op !== "delete" && (last.state === "rejected" || (last.state === "pending" && last.attempts === 0 && !serverMayHoldIt)) ? last : undefined;
    if (open) {
      // Fold into the unsent item, keeping its place in the queue (rows created after it may
      // point at it). A rejected one gets a fresh id: the server may hold a receipt for it.
      const payload = { ...open.mutation.payload, ...patch };
      const mid = open.state === "rejected" ? nextMutationId(now) : open.id;
      const settled = [...new Set([...(open.mutation.resolves ?? []), ...(resolves ?? [])])];
      // A create settles nothing (its row has no conflicts yet); only updates carry `resolves`.
      const mutation: Mutation = { ...open.mutation, id: mid, payload, ...(settled.length && open.mutation.op === "update" ? { resolves: settled } : {}) };
      const put: OutboxItem = { id: mid, mutation, state: "pending", createdAt: open.createdAt, attempts: 0 };
      return { result: "updated", put, ...(mid !== open.id ? { removeId: open.id } : {}) };
    }
    // Behind an unanswered mutation of the same row (sent, or a create not yet sent), this base is
    // a placeholder: applyPushResults sets it to that mutation's resulting version, and takeBatch
    // never sends two mutations of one row in one push, so the chain holds. Where that mutation set
    // a field this edit changes, the user saw that mutation's value, resting on its base, not what a
    // pull brought since: start from that base, so that, if the answer shows others changed the
    // field meanwhile, the server weighs the edit as stale (a conflict) instead of letting it
    // overwrite a value the user never saw (found by `npm run chaos`, seed chaos-2).
    const m: Mutation = { id: nextMutationId(now), entity, entityId: id, op: "update", baseVersion: baseSeen(row, items, fields), payload: patch, ...(resolves ? { resolves } : {}) };
    return { result: "updated", put: { id: m.id, mutation: m, state: "pending", createdAt: now, attempts: 0 } };
  }

  /**
   * Run a readwrite transaction and abort it if anything in it throws: IndexedDB aborts on a failed
   * request by itself, but an exception thrown in between would let the writes before it commit.
   */
  private async writeAtomically<S extends StoreName[]>(stores: S, fn: (tx: IDBPTransaction<SimpulSchema, S, "readwrite">) => Promise<void>): Promise<void> {
    const tx = this.db.transaction(stores, "readwrite");
    const done = tx.done;
    done.catch(() => undefined); // awaited below; an abort must not surface as an unhandled rejection
    try {
      await fn(tx);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      throw e;
    }
    await done;
  }

  remove(entity: EntityName, id: string, now = Date.now()): Promise<void> {
    return this.writing(async () => {
      const m: Mutation = { id: nextMutationId(now), entity, entityId: id, op: "delete", baseVersion: 0, payload: {} };
      const tx = this.db.transaction(["rows", "outbox"], "readwrite");
      const row = await tx.objectStore("rows").get([entity, id]);
      const items = await tx.objectStore("outbox").index("target").getAll([entity, id]);
      const unsentCreate = items.find((i) => i.mutation.op === "create" && i.state !== "sending");
      if (unsentCreate && !row) {
        // Never reached the server: forgetting it locally is the whole delete.
        for (const i of items) if (i.state !== "sending") await tx.objectStore("outbox").delete(i.id);
        await tx.done;
        return;
      }
      await tx.done;
      const sealed = await this.sealItem({ id: m.id, mutation: { ...m, baseVersion: row?.version ?? 0 }, state: "pending", createdAt: now, attempts: 0 });
      await this.db.put("outbox", sealed);
    });
  }

  // --- drafts ---

  async saveDraft(d: Omit<Draft, "updatedAt">, now = Date.now()): Promise<void> {
    const box = await this.c.seal({ title: d.title, values: d.values }, AAD.draft(d.key));
    await this.db.put("drafts", { key: d.key, route: d.route, box, updatedAt: now });
  }

  private async openDraft(d: StoredDraft): Promise<Draft> {
    const { box, ...rest } = d;
    return { ...rest, ...(await this.c.open<Pick<Draft, "title" | "values">>(box, AAD.draft(d.key))) };
  }

  async getDraft(key: string): Promise<Draft | undefined> {
    const d = await this.db.get("drafts", key);
    return d ? this.openDraft(d) : undefined;
  }

  async deleteDraft(key: string): Promise<void> {
    await this.db.delete("drafts", key);
  }

  async listDrafts(): Promise<Draft[]> {
    return Promise.all((await this.db.getAll("drafts")).map((d) => this.openDraft(d)));
  }

  // --- outbox for the sync engine and the "Perlu perhatian" screen ---

  async outboxItems(): Promise<OutboxItem[]> {
    return this.openItems((await this.db.getAll("outbox")).sort(byId));
  }

  /** Counts only: readable while locked (the "forgot PIN" screen says how much is unsent). */
  async counts(): Promise<OutboxCounts> {
    const items = await this.db.getAll("outbox");
    const conflicts = await this.db.count("notices");
    const rejected = items.filter((i) => i.state === "rejected").length;
    return { pending: items.length - rejected, rejected, conflicts };
  }

  /** Take the next pending mutations, in order, within the push limits, and mark them sending. */
  takeBatch(maxCount: number, maxBytes: number): Promise<OutboxItem[]> {
    return this.mutex.run(async () => {
      const tx = this.db.transaction("outbox", "readwrite");
      const all = (await tx.store.getAll()).sort(byId);
      const batch: StoredOutboxItem[] = [];
      // Envelope `{"mutations":[...]}` plus commas.
      let bytes = 16;
      // One mutation per row per push: a later edit needs the version the earlier one produces.
      const targets = new Set<string>();
      for (const item of all) {
        const target = `${item.mutation.entity}:${item.mutation.entityId}`;
        if (item.state === "sending") targets.add(target);
        if (item.state !== "pending" || targets.has(target)) continue;
        const size = item.bytes + 1;
        if (batch.length > 0 && (batch.length >= maxCount || bytes + size > maxBytes)) break;
        bytes += size;
        targets.add(target);
        batch.push({ ...item, state: "sending", attempts: item.attempts + 1 });
      }
      for (const item of batch) await tx.store.put(item);
      await tx.done;
      return this.openItems(batch);
    });
  }

  /** Put items that were on the wire back in the queue (no answer, or the app died mid-push). */
  releaseSending(ids?: string[]): Promise<void> {
    return this.mutex.run(async () => {
      const tx = this.db.transaction("outbox", "readwrite");
      const items = ids ? await Promise.all(ids.map((id) => tx.store.get(id))) : await tx.store.getAll();
      for (const item of items) if (item && item.state === "sending") await tx.store.put({ ...item, state: "pending" });
      await tx.done;
    });
  }

  /** Mark one item rejected by the client itself (e.g. too large to ever send). */
  rejectLocally(id: string, error: { code: string; message: string }): Promise<void> {
    return this.mutex.run(async () => {
      const stored = await this.db.get("outbox", id);
      if (!stored) return;
      const item = await this.openItem(stored);
      await this.db.put("outbox", await this.sealItem({ ...item, state: "rejected", error }));
    });
  }

  /**
   * Record the server's answers for a sent batch:
   * applied and duplicate leave the outbox and update the synced row (the pull will confirm);
   * conflict leaves the outbox and becomes a notice for the user; rejected stays, with its reason,
   * until fixed and resent or discarded; an item with no answer goes back to pending.
   * Everything is read and opened first, then sealed and written in one transaction.
   */
  applyPushResults(sent: OutboxItem[], results: MutationResult[], now = Date.now()): Promise<void> {
    return this.writing(async () => {
      const byMutation = new Map(results.map((r) => [r.id, r]));
      const read = this.db.transaction(["rows", "outbox", "meta"]);
      const rowStore = read.objectStore("rows");
      const [storedRows, storedAll, goneMap] = await Promise.all([
        Promise.all(sent.map((i) => rowStore.get([i.mutation.entity, i.mutation.entityId]))),
        read.objectStore("outbox").getAll(),
        read.objectStore("meta").get(META.gone) as Promise<Record<string, number> | undefined>,
      ]);
      const gone = goneMap ?? {};
      // The working set: rows by target, outbox by id (opened), changed in memory, then written.
      const rows = new Map<string, Row | null>();
      for (const [i, r] of storedRows.entries()) {
        const m = sent[i]!.mutation;
        const key = `${m.entity}:${m.entityId}`;
        if (!rows.has(key)) rows.set(key, r ? await this.openRow(r) : null);
      }
      const outbox = new Map((await this.openItems(storedAll)).map((i) => [i.id, i]));
      const changedRows = new Set<string>();
      const deletedItems = new Set<string>();
      const changedItems = new Set<string>();
      const notices: ConflictNotice[] = [];
      const created: string[] = [];
      const putItem = (item: OutboxItem) => {
        outbox.set(item.id, item);
        changedItems.add(item.id);
        deletedItems.delete(item.id);
      };
      const dropItem = (id: string) => {
        outbox.delete(id);
        deletedItems.add(id);
        changedItems.delete(id);
      };

      for (const item of sent) {
        const r = byMutation.get(item.id);
        const m = item.mutation;
        if (!r) {
          putItem({ ...item, state: "pending" });
          continue;
        }
        if (r.status === "rejected") {
          putItem({ ...item, state: "rejected", error: r.error ?? { code: "rejected", message: "Rejected" } });
          continue;
        }
        dropItem(item.id);
        const key = `${m.entity}:${m.entityId}`;
        const row = rows.get(key) ?? null;
        if (m.op === "delete") {
          rows.set(key, null);
        } else if (row && r.version !== undefined && r.version <= row.version) {
          // A pull already brought this version or a later one (a late answer, a replay): keep it.
        } else if (!row && r.version !== undefined && (gone[key] ?? -1) >= r.version) {
          // A pull has since deleted the row, or it moved out of this phone's area: it stays gone.
        } else {
          const data: Record<string, unknown> = m.op === "create" ? { ...m.payload } : { ...(row?.data ?? {}), ...m.payload };
          for (const c of r.conflicts ?? []) data[c.field] = c.serverValue;
          // A stale edit's answer carries what others changed meanwhile: with it, the copy is the
          // server's row at that version, and an edit based on it overwrites nothing unseen.
          Object.assign(data, r.changed ?? {});
          const version = r.version ?? (row?.version ?? 0) + 1;
          const conflicts = (row?.conflicts ?? []).filter((c) => !m.resolves?.includes(c.id));
          const settled = !!m.resolves && conflicts.length === 0;
          rows.set(key, { entity: m.entity, id: m.entityId, version, seq: row?.seq ?? 0, data, needsReview: (!!row?.needsReview && !settled) || r.status === "conflict", ...(conflicts.length ? { conflicts } : {}), ref: refOf(m.entity, data) });
        }
        changedRows.add(key);
        if (r.status === "conflict" || (r.conflicts?.length ?? 0) > 0) {
          notices.push({ id: item.id, entity: m.entity, entityId: m.entityId, version: r.version, conflicts: r.conflicts ?? [], at: now });
        }
        if (m.op === "create") created.push(m.entityId);
        // Later edits of the same row were made on top of this one: their base is its new version,
        // unless they change a field others changed meanwhile, which the user had not seen when
        // making them: those keep the base the user saw, so the server weighs them as stale edits.
        if (r.version !== undefined) {
          const unseen = new Set([...Object.keys(r.changed ?? {}), ...(r.conflicts ?? []).map((c) => c.field)]);
          for (const later of outbox.values()) {
            if (later.mutation.entity === m.entity && later.mutation.entityId === m.entityId && later.state !== "sending" && later.mutation.op !== "create") {
              if (Object.keys(later.mutation.payload).some((f) => unseen.has(f))) continue;
              putItem({ ...later, mutation: { ...later.mutation, baseVersion: r.version } });
            }
          }
        }
      }
      // A change refused because the row it points at was missing (a member of a rejected household,
      // or an edit queued behind its row's refused create) goes again once that row has reached the
      // server: fixing the parent fixes its children and its later edits.
      if (created.length) {
        for (const item of [...outbox.values()]) {
          if (item.state !== "rejected" || sent.some((s) => s.id === item.id)) continue;
          const body = JSON.stringify(item.mutation.payload);
          if (created.some((id) => id === item.mutation.entityId || body.includes(id))) {
            dropItem(item.id);
            const m = { ...item.mutation, id: nextMutationId(now) };
            putItem({ id: m.id, mutation: m, state: "pending", createdAt: item.createdAt, attempts: 0 });
          }
        }
      }

      const [sealedRows, sealedItems, sealedNotices] = await Promise.all([
        Promise.all([...changedRows].map(async (key) => ({ key, row: rows.get(key) ? await this.sealRow(rows.get(key)!) : null }))),
        Promise.all([...changedItems].map((id) => this.sealItem(outbox.get(id)!))),
        Promise.all(notices.map((n) => this.sealNotice(n))),
      ]);
      const tx = this.db.transaction(["outbox", "rows", "notices"], "readwrite");
      for (const id of deletedItems) await tx.objectStore("outbox").delete(id);
      for (const s of sealedItems) await tx.objectStore("outbox").put(s);
      for (const { key, row } of sealedRows) {
        const [entity, ...rest] = key.split(":");
        if (row) await tx.objectStore("rows").put(row);
        else await tx.objectStore("rows").delete([entity!, rest.join(":")]);
      }
      for (const n of sealedNotices) await tx.objectStore("notices").put(n);
      await tx.done;
    });
  }

  discard(id: string): Promise<void> {
    return this.writing(() => this.db.delete("outbox", id));
  }

  /** Send a rejected item again (after the user fixed what it depended on), under a new id. */
  resend(id: string, now = Date.now()): Promise<void> {
    return this.writing(async () => {
      const tx = this.db.transaction("outbox", "readwrite");
      const item = await tx.store.get(id);
      if (item && item.state === "rejected") {
        await tx.store.delete(id);
        const mid = nextMutationId(now);
        // The box is bound to the row, not to the item's id, so it moves as it is.
        await tx.store.put({ ...item, id: mid, mutation: { ...item.mutation, id: mid }, state: "pending", attempts: 0 });
      }
      await tx.done;
    });
  }

  // --- conflict notices ---

  private async sealNotice(n: ConflictNotice): Promise<StoredNotice> {
    const { conflicts, ...rest } = n;
    return { ...rest, box: await this.c.seal(conflicts, AAD.notice(n.id)) };
  }

  async notices(): Promise<ConflictNotice[]> {
    const stored = await this.db.getAll("notices");
    return Promise.all(stored.map(async ({ box, ...rest }) => ({ ...rest, conflicts: await this.c.open<FieldConflict[]>(box, AAD.notice(rest.id)) })));
  }

  async dismissNotice(id: string): Promise<void> {
    await this.db.delete("notices", id);
  }

  // --- pull ---

  async cursor(): Promise<string | null> {
    return (await this.getMeta(META.cursor)) ?? null;
  }

  /**
   * Apply one pull page and move the cursor in the same transaction, so an interrupted pull
   * resumes exactly after the last page that was stored. `reset` drops the synced rows first,
   * never the outbox. The page is sealed before the transaction opens.
   */
  /** `etag`: the page's ETag (a last page's), kept with its cursor; none clears the old one. */
  applyPullPage(page: PullResponse, progress: PullProgress | null, etag: string | null = null): Promise<void> {
    return this.writing(async () => {
      const sealing = performance.now();
      const sealed = await Promise.all(
        page.changes.map(async (c) => {
          if (c.deleted) return { del: [c.entity, c.id] as [string, string] };
          const data = c.data ?? {};
          return { row: await this.sealRow({ entity: c.entity, id: c.id, version: c.version, seq: c.seq, data, needsReview: !!c.needsReview, ...(c.conflicts?.length ? { conflicts: c.conflicts } : {}), ref: refOf(c.entity, data) }) };
        }),
      );
      measureStep("seal", sealing);
      const writing = performance.now();
      const tx = this.db.transaction(["rows", "meta"], "readwrite");
      const rows = tx.objectStore("rows");
      const gone = { ...(((await tx.objectStore("meta").get(META.gone)) as Record<string, number> | undefined) ?? {}) };
      // Every request of the page is queued at once and awaited together: IndexedDB runs a
      // transaction's requests in the order they were made, so the result is the same as one at
      // a time, without a round trip to the storage process per row (awaiting each put was 25 s
      // of a 10,000-record first sync at 4× CPU, scripts/bench-first-sync.ts).
      const requests: Promise<unknown>[] = [];
      if (page.reset) requests.push(rows.clear());
      for (const [i, s] of sealed.entries()) {
        const c = page.changes[i]!;
        const k = `${c.entity}:${c.id}`;
        delete gone[k];
        if (s.del) {
          requests.push(rows.delete(s.del));
          gone[k] = c.version;
        } else if (s.row) requests.push(rows.put(s.row));
      }
      const keys = Object.keys(gone);
      for (const k of keys.slice(0, Math.max(0, keys.length - GONE_REMEMBERED))) delete gone[k];
      const meta = tx.objectStore("meta");
      requests.push(meta.put(gone, META.gone), meta.put(page.cursor, META.cursor));
      requests.push(etag ? meta.put(etag, META.pullEtag) : meta.delete(META.pullEtag));
      requests.push(progress ? meta.put(progress, META.pullProgress) : meta.delete(META.pullProgress));
      await Promise.all([...requests, tx.done]);
      measureStep("write", writing);
    }, page.changes.length > 0 || !!page.reset);
  }

  async clearCursor(): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    await tx.store.delete(META.cursor);
    await tx.store.delete(META.pullEtag);
    await tx.store.delete(META.pullProgress);
    await tx.done;
  }

  /**
   * A phone from before encryption (store version 1) keeps rows, outbox, drafts, notices and the
   * session in clear: seal them all with the new key, in one transaction, at the first unlock.
   */
  sealLegacy(): Promise<number> {
    return this.mutex.run(async () => {
      const read = this.db.transaction(["rows", "outbox", "notices", "drafts", "meta"]);
      const plain = <T>(xs: unknown[]) => xs.filter((x) => !isSealed((x as { box?: unknown }).box)) as T[];
      const [rows, items, notices, drafts, session] = await Promise.all([
        read.objectStore("rows").getAll().then((xs) => plain<Row>(xs)),
        read.objectStore("outbox").getAll().then((xs) => plain<OutboxItem>(xs)),
        read.objectStore("notices").getAll().then((xs) => plain<ConflictNotice>(xs)),
        read.objectStore("drafts").getAll().then((xs) => plain<Draft>(xs)),
        read.objectStore("meta").get(META.session),
      ]);
      const [sRows, sItems, sNotices, sDrafts] = await Promise.all([
        Promise.all(rows.map((r) => this.sealRow(r))),
        Promise.all(items.map((i) => this.sealItem(i))),
        Promise.all(notices.map((n) => this.sealNotice(n))),
        Promise.all(drafts.map(async (d) => ({ key: d.key, route: d.route, updatedAt: d.updatedAt, box: await this.c.seal({ title: d.title, values: d.values }, AAD.draft(d.key)) }))),
      ]);
      const sessionBox = session && !isSealed(session) ? await this.c.seal(session, AAD.session) : null;
      const tx = this.db.transaction(["rows", "outbox", "notices", "drafts", "meta"], "readwrite");
      for (const r of sRows) await tx.objectStore("rows").put(r);
      for (const i of sItems) await tx.objectStore("outbox").put(i);
      for (const n of sNotices) await tx.objectStore("notices").put(n);
      for (const d of sDrafts) await tx.objectStore("drafts").put(d);
      if (sessionBox) {
        const s = session as Session;
        await tx.objectStore("meta").put(sessionBox, META.session);
        await tx.objectStore("meta").put({ deviceId: s.deviceId, role: s.user.role }, META.device);
      }
      await tx.objectStore("meta").delete(META.pin);
      await tx.done;
      return sRows.length + sItems.length + sNotices.length + sDrafts.length;
    });
  }

  /** Everything goes: the revoked device's data after the user saw it, or a forgotten PIN. */
  async wipe(): Promise<void> {
    const tx = this.db.transaction(["rows", "outbox", "notices", "meta", "drafts"], "readwrite");
    await Promise.all([
      tx.objectStore("rows").clear(),
      tx.objectStore("outbox").clear(),
      tx.objectStore("notices").clear(),
      tx.objectStore("meta").clear(),
      tx.objectStore("drafts").clear(),
    ]);
    await tx.done;
    this.lock();
  }
}

export type { Sealed };

/** A box's IV as a short string, to tell whether a row's box changed since it was opened. */
function ivString(iv: Uint8Array): string {
  let s = "";
  for (let i = 0; i < iv.length; i++) s += String.fromCharCode(iv[i]!);
  return s;
}

function pick(data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in data) out[f] = data[f];
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The version an edit of `fields` rests on: the row's, unless an unanswered update of the row set one
 * of those fields, whose base is then the last version the user saw of it.
 */
function baseSeen(row: Row | undefined, items: readonly OutboxItem[], fields: readonly string[]): number {
  const overlaid = items.filter((i) => i.mutation.op === "update" && fields.some((f) => f in i.mutation.payload));
  return Math.min(row?.version ?? 0, ...overlaid.map((i) => i.mutation.baseVersion));
}
