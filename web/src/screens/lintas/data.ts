import type {
  Area, Attendance, Commitment, CommitmentItem as Item, CommitmentParty as Party, CommitmentVersion as Version, Meeting, Office, Progress, Signature,
} from "../../../../domain/entities/types.ts";
import { commitmentContent, contentHash } from "../../../../domain/lintas/content.ts";
import type { ItemLike, ItemStatus } from "../../../../domain/lintas/follow-up.ts";
import { uuidv7 } from "../../../../domain/util/uuid.ts";
import { formatDate, locale } from "../../i18n/index.ts";
import { app, dataChanged } from "../../state.ts";
import type { View } from "../../store/local.ts";

/** The lintas entities' shapes, as domain/entities/schemas.ts defines them (types only, no zod). */
export type { Area, Attendance, Commitment, Item, Meeting, Office, Party, Progress, Signature, Version };

export const newId = () => uuidv7();

/** The kecamatan of the signed-in user (a desa-bound pustu: the kecamatan above its desa). */
export function userKec(): string {
  const code = app.session!.user.areaCode;
  return code.split(".").slice(0, 3).join(".");
}

export function canWrite(): boolean {
  const r = app.session!.user.role;
  return r === "puskesmas" || r === "camat";
}

export function itemLike(v: View<Item>): ItemLike {
  return { id: v.id, ...v.data };
}

/** Everything the lintas screens read, in one go (a kecamatan holds tens of commitments). */
export async function loadAll() {
  const s = app.store;
  const [offices, meetings, commitments, parties, items, signatures, versions, progress, areas, attendances, above] = await Promise.all([
    s.list<Office>("office"), s.list<Meeting>("meeting"), s.list<Commitment>("commitment"), s.list<Party>("commitment_party"),
    s.list<Item>("commitment_item"), s.list<Signature>("signature"), s.list<Version>("commitment_version"), s.list<Progress>("progress"),
    s.list<Area>("area"), s.list<Attendance>("attendance"), s.getCached<AreaName[]>(AREAS_ABOVE_KEY).then((c) => c?.value ?? []).catch(() => []),
  ]);
  const kec = userKec();
  const desa = areas.filter((a) => a.data.level === "desa" && a.data.parentCode === kec).sort((a, b) => a.data.name.localeCompare(b.data.name));
  const officeName = new Map(offices.map((o) => [o.id, o.data.name]));
  const desaName = new Map(desa.map((d) => [d.id, d.data.name]));
  // Names of areas: the rows this phone pulls, and those above them that /api/me named (kop).
  const areaName = new Map([...above.map((a) => [a.code, a.name] as const), ...areas.map((a) => [a.id, a.data.name] as const)]);
  const commitmentById = new Map(commitments.map((c) => [c.id, c]));
  return {
    offices: offices.sort((a, b) => a.data.name.localeCompare(b.data.name)), meetings, commitments, parties, items, signatures, versions, progress, desa, attendances,
    areaName: (code: string | null) => (code ? areaName.get(code) ?? null : null),
    officeName: (id: string | null | undefined) => (id ? officeName.get(id) ?? "?" : "—"),
    desaName: (id: string) => desaName.get(id) ?? id,
    /** One commitment by id: a map, since every item row of the camat's list names its commitment. */
    commitment: (id: string) => commitmentById.get(id),
  };
}
export type LintasData = Awaited<ReturnType<typeof loadAll>>;

const days = new Map<string, string>();
/** Distinct dates remembered before the memo starts over (a kecamatan's due dates are a few hundred at most). */
const DAYS_REMEMBERED = 2_000;

/**
 * `formatDate`, remembered per language and date. `toLocaleDateString` with options builds an
 * `Intl.DateTimeFormat` on every call: in the camat's list of 400 items that was the largest
 * single cost of drawing the screen (≈ 200 ms of 900 ms at 4× CPU, scripts/bench-camat-view.ts
 * with BENCH_PROFILE), while 400 items share a few dozen due dates.
 */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return formatDate(iso);
  const k = `${locale()}|${iso}`;
  let s = days.get(k);
  if (s === undefined) {
    s = formatDate(iso);
    if (days.size >= DAYS_REMEMBERED) days.clear();
    days.set(k, s);
  }
  return s;
}

/** An area named by /api/me: the user's own and every one above it (a camat's phone pulls no kabupaten row). */
export interface AreaName {
  code: string;
  level: string;
  name: string;
}
/** Cache key (LocalStore.putCached, sealed) of those names: public Kemendagri names, nothing personal. */
export const AREAS_ABOVE_KEY = "lintas:areas-above";

/**
 * Ask the server for the names of the areas above this user (for the printed letterhead) and keep
 * them for offline printing. Resolves true when the names changed; offline it keeps the last ones.
 */
export async function refreshAreasAbove(): Promise<boolean> {
  try {
    const me = await app.transport.me();
    if (!Array.isArray(me.areas)) return false;
    const before = await app.store.getCached<AreaName[]>(AREAS_ABOVE_KEY).catch(() => undefined);
    if (JSON.stringify(before?.value) === JSON.stringify(me.areas)) return false;
    await app.store.putCached(AREAS_ABOVE_KEY, me.areas);
    return true;
  } catch {
    return false;
  }
}

export function commitmentParts(d: LintasData, id: string) {
  const commitment = d.commitments.find((c) => c.id === id);
  const parties = d.parties.filter((p) => p.data.commitmentId === id);
  const items = d.items.filter((i) => i.data.commitmentId === id).sort((a, b) => a.data.number - b.data.number);
  const signatures = d.signatures.filter((s) => s.data.commitmentId === id).sort((a, b) => a.data.signedAt.localeCompare(b.data.signedAt));
  const versions = d.versions.filter((v) => v.data.commitmentId === id);
  return { commitment, parties, items, signatures, versions };
}

/** The hash a signature binds: the document as it stands on this phone now. */
export function currentHash(c: Commitment, parties: View<Party>[], items: View<Item>[]): Promise<string> {
  return contentHash(commitmentContent(c as unknown as Record<string, unknown>, parties.map((p) => p.data as unknown as Record<string, unknown>), items.map((i) => i.data as unknown as Record<string, unknown>)));
}

/**
 * Before a content edit: if the current version carries a signature, the edit goes into version
 * N+1, queued first so the server sees the new version before the changed content.
 */
export async function bumpIfSigned(d: LintasData, commitmentId: string): Promise<boolean> {
  const { commitment, signatures } = commitmentParts(d, commitmentId);
  if (!commitment) return false;
  if (signatures.some((s) => s.data.docVersion === commitment.data.docVersion)) {
    // An unsent version bump would fold into the unsent create (the outbox merges unsent edits of
    // one row), and the signatures already queued would name a version the server never saw.
    if (commitment.status !== "synced") return false;
    await app.store.save("commitment", commitmentId, { ...commitment.data, docVersion: commitment.data.docVersion + 1 });
  }
  return true;
}

export async function saved(): Promise<void> {
  dataChanged();
  await app.engine.notifySaved();
}

export function localNowIso(now = new Date()): string {
  const off = -now.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(now.getTime() + off * 60_000).toISOString().slice(0, 19);
  return `${local}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}
