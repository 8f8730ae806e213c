import type { FormDefinition, Answers } from "../../domain/forms/index.ts";
import type { Derived, ReferralDraft, RecordEntity, Task } from "../../domain/rules/index.ts";
import type { Referral } from "../../domain/entities/types.ts";
import type { GrowthTables } from "../../domain/growth/index.ts";
import { app } from "./state.ts";
import type { LocalStore, SaveEntry, SaveResult, View } from "./store/local.ts";
import type { Household, Person, VisitRecord } from "./util/people.ts";

/**
 * The clinical rules on the phone: the same `deriveRecord`, `referralsFromRecord` and
 * `computeTasks` the worker runs (domain/rules), loaded lazily with the forms. The WHO tables
 * load only when a balita form or a growth chart needs them.
 */

export type RulesModule = typeof import("./rules-loaded.ts");

let rules: Promise<RulesModule> | null = null;
export function loadRules(): Promise<RulesModule> {
  // Through a one-line module: the rules chunk's long list of dependencies (each form definition the
  // rules import is a chunk of its own since issue 15) lives in that module's chunk, fetched with
  // the rules, not in this one, which Home's first load fetches.
  rules ??= import("./rules-import.ts").then((m) => m.importRules());
  rules.catch(() => (rules = null));
  return rules;
}

let growth: Promise<GrowthTables> | null = null;
/** All seven WHO tables (about 10 KB gzip, their own chunks). Retried after a failed download. */
export function loadGrowth(): Promise<GrowthTables> {
  growth ??= import("../../domain/growth/load.ts").then((m) => m.loadGrowthTables());
  growth.catch(() => (growth = null));
  return growth;
}

/** Forms whose derivation reads the WHO tables. */
export const GROWTH_FORMS = new Set(["balita", "mtbs"]);

export type { Referral };

const asEntity = (v: View<VisitRecord>): RecordEntity => ({ id: v.id, data: v.data as unknown as RecordEntity["data"] });

/**
 * What saving a record computes, as the server will: the derivation with the person's context
 * and earlier records, and the referrals it makes (deterministic ids, so the server's copy and
 * ours are the same row).
 */
export async function deriveForSave(input: {
  def: FormDefinition;
  answers: Answers;
  visitDate: string;
  person: View<Person>;
  recordId: string;
  record: VisitRecord;
}): Promise<{ derived: Derived; referrals: ReferralDraft[] }> {
  const r = await loadRules();
  const tables = GROWTH_FORMS.has(input.def.id) ? await loadGrowth() : undefined;
  const others = (await app.store.listByRef<VisitRecord>("record", `person:${input.person.id}`)).filter((x) => x.id !== input.recordId);
  const previous = others.map((x) => ({ id: x.id, formId: x.data.formId, formVersion: x.data.formVersion, visitDate: x.data.visitDate, data: x.data.data }));
  const derived = r.deriveRecord({ def: input.def, answers: input.answers, visitDate: input.visitDate, person: input.person.data, previous }, tables);
  const entity: RecordEntity = { id: input.recordId, data: { ...(input.record as unknown as RecordEntity["data"]), derived: derived as unknown as Record<string, unknown> } };
  const referrals = r.referralsFromRecord(entity, derived, { id: input.person.id }, others.map(asEntity));
  return { derived, referrals };
}

/**
 * Save a visit record and the referrals it makes as one change (LocalStore.saveMany, one
 * IndexedDB transaction): a phone that dies or fills up mid-save keeps both or neither. A referral
 * already on the phone keeps its outcome; only its text follows the record (the reason never
 * changes: it is part of the id).
 */
export function saveRecordWithReferrals(
  store: LocalStore,
  input: {
    recordId: string; record: VisitRecord; referrals: readonly ReferralDraft[]; draftKey?: string;
    /** Person fields the visit changes (a recorded delivery ends "pregnant": domain/rules/persalinan.ts), saved in the same transaction. */
    personPatch?: { personId: string; values: Readonly<Record<string, unknown>> } | null;
  },
): Promise<SaveResult[]> {
  const patch = input.personPatch;
  const entries: SaveEntry[] = [
    { entity: "record", id: input.recordId, next: input.record as unknown as Record<string, unknown> },
    ...(patch ? [{ entity: "person", id: patch.personId, next: (current) => ({ ...(current ?? {}), ...patch.values }) } satisfies SaveEntry] : []),
    ...input.referrals.map((r): SaveEntry => ({
      entity: "referral",
      id: r.id,
      next: (current) => (current ? { ...current, reasonText: r.data.reasonText } : { ...r.data }),
    })),
  ];
  return store.saveMany(entries, input.draftKey ? { draftKey: input.draftKey } : {});
}

// --- Home: tasks of the scope, computed once per data change -------------------------------------

export interface TaskLists {
  hariIni: Task[];
  terlambat: Task[];
  /** Open tasks due in the next days (a chronic referral is checked a week after the visit). */
  segera: Task[];
  persons: Map<string, View<Person>>;
  /** The households on the phone, for the Home's dusun filter and desa grouping. */
  households: Map<string, View<Household>>;
  /** Time to compute the tasks, and to load the WHO tables when they were needed. */
  ms: number;
  loadMs: number;
}

/** How far ahead Home looks for "Segera" (our choice: one week, the chronic referral check). */
export const SOON_DAYS = 7;

let memo: { key: string; value: Promise<TaskLists> } | null = null;

/**
 * The last computed lists, sealed in the store (LocalStore.putCached), for the data stamp, day and
 * build they were computed from. Opening the app with nothing changed shows them without loading
 * the rules and the forms (≈ 40 KB gzip, issue 14: they load when first needed); any write, a new
 * day or a new version of the app computes them again.
 */
interface CachedTasks {
  stamp: string;
  today: string;
  build: string;
  hariIni: Task[];
  terlambat: Task[];
  segera: Task[];
}
const TASKS_CACHE_KEY = "home-tasks";
/** Rules ship with the build: lists computed by another build are not reused. */
const BUILD = typeof __BUILD_TIME__ === "string" ? `${__APP_VERSION__} ${__BUILD_TIME__}` : "dev";

async function cachedTasks(stamp: string, today: string): Promise<CachedTasks | null> {
  try {
    const c = (await app.store.getCached<CachedTasks>(TASKS_CACHE_KEY))?.value;
    return c && c.stamp === stamp && c.today === today && c.build === BUILD ? c : null;
  } catch {
    return null; // an unreadable copy is only a cache
  }
}

/** Tasks for everything on the phone (the store holds the user's scope only). Memoised per data version and day. */
export function scopeTasks(dataVersion: number, today: string): Promise<TaskLists> {
  const key = `${dataVersion}|${today}`;
  if (memo?.key === key) return memo.value;
  const value = (async () => {
    // The stamp before any read: lists computed from data a write changed meanwhile are not kept.
    const stamp = await app.store.dataStamp();
    const [cached, persons, households] = await Promise.all([
      cachedTasks(stamp, today),
      app.store.list<Person>("person"),
      app.store.list<Household>("household"),
    ]);
    const maps = { persons: new Map(persons.map((p) => [p.id, p])), households: new Map(households.map((h) => [h.id, h])) };
    if (cached) return { hariIni: cached.hariIni, terlambat: cached.terlambat, segera: cached.segera, ...maps, ms: 0, loadMs: 0 };
    const [r, records, referrals] = await Promise.all([
      loadRules(),
      app.store.list<VisitRecord>("record"),
      app.store.list<Referral>("referral"),
    ]);
    const t0 = performance.now();
    // Records saved before derivations were stored (or by older code) are recomputed; balita
    // ones need the WHO tables, loaded only then.
    const stale = records.filter((x) => !r.storedDerived(asEntity(x)));
    const needsGrowth = stale.some((x) => x.data.formId === "balita");
    // Their definitions too (one chunk per form, issue 15): computeTasks finds them in the registry.
    // Only forms this role enters: a kader's phone never fetches MTBS for a pustu's record (that
    // record keeps no derivation here until the server's arrives); one that fails to load likewise.
    const role = app.session?.user.role;
    const [growthTables] = await Promise.all([
      needsGrowth ? loadGrowth() : undefined,
      stale.length ? r.loadForms(stale.map((x) => x.data).filter((d) => !role || r.roleEnters(role, d.formId))) : undefined,
    ]);
    const t1 = performance.now();
    const tasks = r.computeTasks(
      { persons: persons.map((p) => ({ id: p.id, data: p.data })), households, records: records.map(asEntity), referrals },
      today,
      { growthTables },
    );
    const { hariIni, terlambat } = r.todayAndOverdue(tasks, today);
    const until = new Date(Date.parse(today + "T00:00:00Z") + SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
    const segera = tasks.filter((x) => x.status === "open" && x.dueDate > today && x.dueDate <= until);
    if ((await app.store.dataStamp()) === stamp) {
      void app.store.putCached(TASKS_CACHE_KEY, { stamp, today, build: BUILD, hariIni, terlambat, segera } satisfies CachedTasks).catch(() => undefined);
    }
    return { hariIni, terlambat, segera, ...maps, ms: Math.round(performance.now() - t1), loadMs: Math.round(t1 - t0) };
  })();
  memo = { key, value };
  value.catch(() => {
    if (memo?.value === value) memo = null;
  });
  return value;
}
