import type { EntityName } from "../../../domain/entities/registry.ts";
import { changedFields } from "../../../domain/sync/merge.ts";
import type { Mutation, MutationResult, PullResponse } from "../../../domain/sync/protocol.ts";
import { uuidv7 } from "../../../domain/util/uuid.ts";
import { openSimpulDB, refOf, type ConflictNotice, type Draft, type OutboxItem, type Row, type SimpulDB } from "./db.ts";

/** A row as screens see it: the synced row with the user's unsent changes laid over it. */
export interface View<T = Record<string, unknown>> {
  entity: EntityName;
  id: string;
  version: number;
  data: T;
  /** synced: as on the server; pending: waiting to be sent; rejected: the server refused it. */
  status: "synced" | "pending" | "rejected";
  needsReview: boolean;
}

export interface OutboxCounts {
  pending: number;
  rejected: number;
  conflicts: number;
}

export interface PullProgress {
  received: number;
  total: number;
}

// Keys of the meta store, in one place so a wipe cannot miss one.
export const META = {
  cursor: "cursor",
  pullProgress: "pullProgress",
  lastSyncAt: "lastSyncAt",
  session: "session",
  pin: "pin",
  pinFailures: "pinFailures",
  lang: "lang",
} as const;

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

/**
 * The on-device store over IndexedDB: registry reads for screens, saves that queue mutations,
 * drafts, and the operations the sync engine needs. Every multi-store change is one transaction,
 * so a phone that dies mid-write keeps either both the row view and its mutation or neither.
 */
export class LocalStore {
  private constructor(readonly db: SimpulDB) {}

  static async open(name?: string): Promise<LocalStore> {
    const store = new LocalStore(await openSimpulDB(name));
    await store.releaseSending();
    return store;
  }

  close(): void {
    this.db.close();
  }

  // --- meta ---

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get("meta", key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put("meta", value, key);
  }

  async deleteMeta(key: string): Promise<void> {
    await this.db.delete("meta", key);
  }

  // --- reads (synced rows with the outbox laid over them) ---

  private overlay(entity: EntityName, rows: Row[], items: OutboxItem[]): View[] {
    const out = new Map<string, View>();
    for (const r of rows) {
      out.set(r.id, { entity, id: r.id, version: r.version, data: r.data, status: "synced", needsReview: !!r.needsReview });
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
      out.set(m.entityId, { entity, id: m.entityId, version: cur?.version ?? 0, data, status, needsReview: cur?.needsReview ?? false });
    }
    return [...out.values()];
  }

  async list<T = Record<string, unknown>>(entity: EntityName): Promise<View<T>[]> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [rows, items] = await Promise.all([tx.objectStore("rows").index("entity").getAll(entity), tx.objectStore("outbox").getAll()]);
    return this.overlay(entity, rows, items) as View<T>[];
  }

  /** Children of one parent, e.g. listByRef("record", "person:<id>"). */
  async listByRef<T = Record<string, unknown>>(entity: EntityName, ref: string): Promise<View<T>[]> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [rows, items] = await Promise.all([tx.objectStore("rows").index("ref").getAll(ref), tx.objectStore("outbox").getAll()]);
    const own = rows.filter((r) => r.entity === entity);
    // Outbox items may have moved a row to or from this parent: filter after laying them over.
    const touched = items.filter((i) => i.mutation.entity === entity);
    const extra = new Set(touched.map((i) => i.mutation.entityId));
    const synced = await Promise.all([...extra].filter((id) => !own.some((r) => r.id === id)).map((id) => this.db.get("rows", [entity, id])));
    const views = this.overlay(entity, [...own, ...synced.filter((r): r is Row => !!r)], touched);
    return views.filter((v) => refOf(entity, v.data) === ref) as View<T>[];
  }

  async get<T = Record<string, unknown>>(entity: EntityName, id: string): Promise<View<T> | undefined> {
    const tx = this.db.transaction(["rows", "outbox"]);
    const [row, items] = await Promise.all([
      tx.objectStore("rows").get([entity, id]),
      tx.objectStore("outbox").index("target").getAll([entity, id]),
    ]);
    return this.overlay(entity, row ? [row] : [], items.sort(byId))[0] as View<T> | undefined;
  }

  // --- writes ---

  /**
   * Save the whole next state of an entity. A new entity queues a create with the whole object;
   * an existing one queues an update carrying only the changed fields. Unsent changes to the same
   * row fold into one mutation, so the server never sees us conflict with ourselves. The draft
   * that produced the save is deleted in the same transaction.
   */
  async save(entity: EntityName, id: string, next: Record<string, unknown>, opts: { draftKey?: string; now?: number } = {}): Promise<"created" | "updated" | "unchanged"> {
    const now = opts.now ?? Date.now();
    const tx = this.db.transaction(["rows", "outbox", "drafts"], "readwrite");
    const outbox = tx.objectStore("outbox");
    const row = await tx.objectStore("rows").get([entity, id]);
    const items = (await outbox.index("target").getAll([entity, id])).sort(byId);
    const current = this.overlay(entity, row ? [row] : [], items)[0];
    let result: "created" | "updated" | "unchanged";
    // Only an item the server has never seen may be rewritten (a sent one may hold a receipt under
    // its id even if the answer was lost); a rejected one is being fixed and resent.
    const last = items.at(-1);
    const open = last && last.mutation.op !== "delete" && (last.state === "rejected" || (last.state === "pending" && last.attempts === 0)) ? last : undefined;
    if (!current) {
      const m: Mutation = { id: nextMutationId(now), entity, entityId: id, op: "create", baseVersion: 0, payload: next };
      await outbox.put({ id: m.id, mutation: m, state: "pending", createdAt: now, attempts: 0 });
      result = "created";
    } else {
      const fields = changedFields(current.data, next);
      if (fields.length === 0) {
        result = "unchanged";
      } else {
        const patch = Object.fromEntries(fields.map((f) => [f, next[f]]));
        if (open) {
          // Fold into the unsent item, keeping its place in the queue (rows created after it may
          // point at it). A rejected one gets a fresh id: the server may hold a receipt for it.
          const payload = { ...open.mutation.payload, ...patch };
          const id = open.state === "rejected" ? nextMutationId(now) : open.id;
          if (id !== open.id) await outbox.delete(open.id);
          const m: Mutation = { ...open.mutation, id, payload };
          await outbox.put({ id, mutation: m, state: "pending", createdAt: open.createdAt, attempts: 0 });
        } else {
          // After an in-flight mutation the base version is fixed up when its answer arrives.
          const m: Mutation = { id: nextMutationId(now), entity, entityId: id, op: "update", baseVersion: row?.version ?? 0, payload: patch };
          await outbox.put({ id: m.id, mutation: m, state: "pending", createdAt: now, attempts: 0 });
        }
        result = "updated";
      }
    }
    if (opts.draftKey) await tx.objectStore("drafts").delete(opts.draftKey);
    await tx.done;
    return result;
  }

  async remove(entity: EntityName, id: string, now = Date.now()): Promise<void> {
    const tx = this.db.transaction(["rows", "outbox"], "readwrite");
    const row = await tx.objectStore("rows").get([entity, id]);
    const items = await tx.objectStore("outbox").index("target").getAll([entity, id]);
    const unsentCreate = items.find((i) => i.mutation.op === "create" && i.state !== "sending");
    if (unsentCreate && !row) {
      // Never reached the server: forgetting it locally is the whole delete.
      for (const i of items) if (i.state !== "sending") await tx.objectStore("outbox").delete(i.id);
    } else {
      const m: Mutation = { id: nextMutationId(now), entity, entityId: id, op: "delete", baseVersion: row?.version ?? 0, payload: {} };
      await tx.objectStore("outbox").put({ id: m.id, mutation: m, state: "pending", createdAt: now, attempts: 0 });
    }
    await tx.done;
  }

  // --- drafts ---

  async saveDraft(d: Omit<Draft, "updatedAt">, now = Date.now()): Promise<void> {
    await this.db.put("drafts", { ...d, updatedAt: now });
  }

  getDraft(key: string): Promise<Draft | undefined> {
    return this.db.get("drafts", key);
  }

  async deleteDraft(key: string): Promise<void> {
    await this.db.delete("drafts", key);
  }

  listDrafts(): Promise<Draft[]> {
    return this.db.getAll("drafts");
  }

  // --- outbox for the sync engine and the "Perlu perhatian" screen ---

  async outboxItems(): Promise<OutboxItem[]> {
    return (await this.db.getAll("outbox")).sort(byId);
  }

  async counts(): Promise<OutboxCounts> {
    const items = await this.db.getAll("outbox");
    const conflicts = await this.db.count("notices");
    const rejected = items.filter((i) => i.state === "rejected").length;
    return { pending: items.length - rejected, rejected, conflicts };
  }

  /** Take the next pending mutations, in order, within the push limits, and mark them sending. */
  async takeBatch(maxCount: number, maxBytes: number): Promise<OutboxItem[]> {
    const tx = this.db.transaction("outbox", "readwrite");
    const all = (await tx.store.getAll()).sort(byId);
    const batch: OutboxItem[] = [];
    // Envelope `{"mutations":[...]}` plus commas.
    let bytes = 16;
    // One mutation per row per push: a later edit needs the version the earlier one produces.
    const targets = new Set<string>();
    for (const item of all) {
      const target = `${item.mutation.entity}:${item.mutation.entityId}`;
      if (item.state === "sending") targets.add(target);
      if (item.state !== "pending" || targets.has(target)) continue;
      const size = mutationBytes(item.mutation) + 1;
      if (batch.length > 0 && (batch.length >= maxCount || bytes + size > maxBytes)) break;
      bytes += size;
      targets.add(target);
      batch.push(item);
    }
    for (const item of batch) await tx.store.put({ ...item, state: "sending", attempts: item.attempts + 1 });
    await tx.done;
    return batch.map((i) => ({ ...i, state: "sending" as const, attempts: i.attempts + 1 }));
  }

  /** Put items that were on the wire back in the queue (no answer, or the app died mid-push). */
  async releaseSending(ids?: string[]): Promise<void> {
    const tx = this.db.transaction("outbox", "readwrite");
    const items = ids ? await Promise.all(ids.map((id) => tx.store.get(id))) : await tx.store.getAll();
    for (const item of items) if (item && item.state === "sending") await tx.store.put({ ...item, state: "pending" });
    await tx.done;
  }

  /** Mark one item rejected by the client itself (e.g. too large to ever send). */
  async rejectLocally(id: string, error: { code: string; message: string }): Promise<void> {
    const item = await this.db.get("outbox", id);
    if (item) await this.db.put("outbox", { ...item, state: "rejected", error });
  }

  /**
   * Record the server's answers for a sent batch, in one transaction:
   * applied and duplicate leave the outbox and update the synced row (the pull will confirm);
   * conflict leaves the outbox and becomes a notice for the user; rejected stays, with its reason,
   * until fixed and resent or discarded; an item with no answer goes back to pending.
   */
  async applyPushResults(sent: OutboxItem[], results: MutationResult[], now = Date.now()): Promise<void> {
    const byMutation = new Map(results.map((r) => [r.id, r]));
    const tx = this.db.transaction(["outbox", "rows", "notices"], "readwrite");
    const outbox = tx.objectStore("outbox");
    const rows = tx.objectStore("rows");
    const created: string[] = [];
    for (const item of sent) {
      const r = byMutation.get(item.id);
      const m = item.mutation;
      if (!r) {
        await outbox.put({ ...item, state: "pending" });
        continue;
      }
      if (r.status === "rejected") {
        await outbox.put({ ...item, state: "rejected", error: r.error ?? { code: "rejected", message: "Rejected" } });
        continue;
      }
      await outbox.delete(item.id);
      const row = await rows.get([m.entity, m.entityId]);
      if (m.op === "delete") {
        await rows.delete([m.entity, m.entityId]);
      } else {
        const data: Record<string, unknown> = m.op === "create" ? { ...m.payload } : { ...(row?.data ?? {}), ...m.payload };
        for (const c of r.conflicts ?? []) data[c.field] = c.serverValue;
        const version = r.version ?? (row?.version ?? 0) + 1;
        await rows.put({ entity: m.entity, id: m.entityId, version, seq: row?.seq ?? 0, data, needsReview: row?.needsReview || r.status === "conflict", ref: refOf(m.entity, data) });
      }
      if (r.status === "conflict" || (r.conflicts?.length ?? 0) > 0) {
        await tx.objectStore("notices").put({ id: item.id, entity: m.entity, entityId: m.entityId, version: r.version, conflicts: r.conflicts ?? [], at: now });
      }
      if (m.op === "create") created.push(m.entityId);
      // Later edits of the same row were made on top of this one: their base is its new version.
      if (r.version !== undefined) {
        for (const later of await outbox.index("target").getAll([m.entity, m.entityId])) {
          if (later.state !== "sending" && later.mutation.op !== "create") {
            await outbox.put({ ...later, mutation: { ...later.mutation, baseVersion: r.version } });
          }
        }
      }
    }
    // A change refused because the row it points at was missing (a member of a rejected household)
    // goes again once that row has reached the server: fixing the parent fixes its children.
    if (created.length) {
      for (const item of await outbox.getAll()) {
        if (item.state !== "rejected" || sent.some((s) => s.id === item.id)) continue;
        const body = JSON.stringify(item.mutation.payload);
        if (created.some((id) => body.includes(id))) {
          await outbox.delete(item.id);
          const m = { ...item.mutation, id: nextMutationId(now) };
          await outbox.put({ id: m.id, mutation: m, state: "pending", createdAt: item.createdAt, attempts: 0 });
        }
      }
    }
    await tx.done;
  }

  async discard(id: string): Promise<void> {
    await this.db.delete("outbox", id);
  }

  /** Send a rejected item again (after the user fixed what it depended on), under a new id. */
  async resend(id: string, now = Date.now()): Promise<void> {
    const tx = this.db.transaction("outbox", "readwrite");
    const item = await tx.store.get(id);
    if (item && item.state === "rejected") {
      await tx.store.delete(id);
      const m = { ...item.mutation, id: nextMutationId(now) };
      await tx.store.put({ id: m.id, mutation: m, state: "pending", createdAt: item.createdAt, attempts: 0 });
    }
    await tx.done;
  }

  notices(): Promise<ConflictNotice[]> {
    return this.db.getAll("notices");
  }

  async dismissNotice(id: string): Promise<void> {
    await this.db.delete("notices", id);
  }

  // --- pull ---

  async cursor(): Promise<string | null> {
    return ((await this.getMeta<string>(META.cursor)) ?? null) as string | null;
  }

  /**
   * Apply one pull page and move the cursor in the same transaction, so an interrupted pull
   * resumes exactly after the last page that was stored. `reset` drops the synced rows first,
   * never the outbox.
   */
  async applyPullPage(page: PullResponse, progress: PullProgress | null): Promise<void> {
    const tx = this.db.transaction(["rows", "meta"], "readwrite");
    const rows = tx.objectStore("rows");
    if (page.reset) await rows.clear();
    for (const c of page.changes) {
      if (c.deleted) {
        await rows.delete([c.entity, c.id]);
      } else {
        const data = c.data ?? {};
        await rows.put({ entity: c.entity, id: c.id, version: c.version, seq: c.seq, data, needsReview: !!c.needsReview, ref: refOf(c.entity, data) });
      }
    }
    await tx.objectStore("meta").put(page.cursor, META.cursor);
    if (progress) await tx.objectStore("meta").put(progress, META.pullProgress);
    else await tx.objectStore("meta").delete(META.pullProgress);
    await tx.done;
  }

  async clearCursor(): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    await tx.store.delete(META.cursor);
    await tx.store.delete(META.pullProgress);
    await tx.done;
  }

  /** Device revoked: everything goes, after the user has seen what was unsent. */
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
  }
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
