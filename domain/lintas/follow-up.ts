import type { ItemStatus } from "../entities/enums.ts";
import { ID_PHONE_RE } from "../entities/formats.ts";

/**
 * Follow-through on commitment items: what is done, ongoing, late or due soon, per office and per
 * desa. The camat's and the puskesmas' views, a mitra's "Komitmen saya" and the reminders in the
 * task lists all read these functions, on the phone, offline.
 */
export const DUE_SOON_DAYS = 7;

export type { ItemStatus };

export interface ItemLike {
  id: string;
  commitmentId: string;
  number: number;
  officeId: string;
  action: string;
  dueDate: string;
  status: ItemStatus;
  desaCodes: string[] | null;
}

export type Standing = "done" | "dropped" | "late" | "due_soon" | "ongoing" | "not_started";

const DAY_MS = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / DAY_MS);

/** Where an item stands today. An unfinished item past its due date is late, whatever its status. */
export function standing(item: Pick<ItemLike, "dueDate" | "status">, today: string): Standing {
  if (item.status === "selesai") return "done";
  if (item.status === "dibatalkan") return "dropped";
  const left = days(today, item.dueDate);
  if (left < 0) return "late";
  if (left <= DUE_SOON_DAYS) return "due_soon";
  return item.status === "berjalan" ? "ongoing" : "not_started";
}

export interface Tally {
  total: number;
  done: number;
  ongoing: number;
  late: number;
  dueSoon: number;
  notStarted: number;
  dropped: number;
}

const empty = (): Tally => ({ total: 0, done: 0, ongoing: 0, late: 0, dueSoon: 0, notStarted: 0, dropped: 0 });

function add(t: Tally, s: Standing) {
  t.total++;
  if (s === "done") t.done++;
  else if (s === "dropped") t.dropped++;
  else if (s === "late") t.late++;
  else if (s === "due_soon") t.dueSoon++;
  else if (s === "ongoing") t.ongoing++;
  else t.notStarted++;
}

/** Counts per office and per desa (an item for "all desa" counts under "*"). */
export function tally(items: readonly ItemLike[], today: string) {
  const all = empty();
  const byOffice = new Map<string, Tally>();
  const byDesa = new Map<string, Tally>();
  for (const it of items) {
    const s = standing(it, today);
    add(all, s);
    const o = byOffice.get(it.officeId) ?? empty();
    add(o, s);
    byOffice.set(it.officeId, o);
    for (const d of it.desaCodes ?? ["*"]) {
      const t = byDesa.get(d) ?? empty();
      add(t, s);
      byDesa.set(d, t);
    }
  }
  return { all, byOffice, byDesa };
}

export interface Reminder {
  itemId: string;
  commitmentId: string;
  officeId: string;
  kind: "late" | "due_soon";
  dueDate: string;
  daysLeft: number;
}

/**
 * Reminders for a task list: items due within 7 days or overdue. A mitra gets its own office's;
 * a camat (or puskesmas) gets every office's in its kecamatan.
 */
export function reminders(items: readonly ItemLike[], today: string, officeId?: string | null): Reminder[] {
  const out: Reminder[] = [];
  for (const it of items) {
    if (officeId && it.officeId !== officeId) continue;
    const s = standing(it, today);
    if (s !== "late" && s !== "due_soon") continue;
    out.push({ itemId: it.id, commitmentId: it.commitmentId, officeId: it.officeId, kind: s, dueDate: it.dueDate, daysLeft: days(today, it.dueDate) });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft);
}

const STANDING_ID: Record<Standing, string> = {
  done: "selesai", dropped: "dibatalkan", late: "terlambat", due_soon: "jatuh tempo segera", ongoing: "berjalan", not_started: "belum mulai",
};

/**
 * A WhatsApp share link with a readable summary, so a camat can nudge an office: wa.me with the
 * message, to the office's number when one is on file (stored as 62…,
 * entities/formats.ts ID_PHONE_RE: wa.me wants the international number without "+" or the trunk
 * 0), else to whoever the user picks in WhatsApp.
 */
export function whatsappLink(item: ItemLike & { indicator?: string }, ctx: { commitmentTitle: string; officeName: string; today: string; lastProgress?: string | null; phone?: string | null }): string {
  const s = standing(item, ctx.today);
  const lines = [
    `*${ctx.commitmentTitle}*`,
    `Butir ${item.number} – ${ctx.officeName}`,
    item.action,
    `Target selesai: ${formatDateId(item.dueDate)} (${STANDING_ID[s]})`,
    ...(ctx.lastProgress ? [`Perkembangan terakhir: ${ctx.lastProgress}`] : []),
    "Mohon tindak lanjut dan kabarkan perkembangannya. Terima kasih.",
  ];
  const to = ctx.phone && ID_PHONE_RE.test(ctx.phone) ? ctx.phone : "";
  return `https://wa.me/${to}?text=${encodeURIComponent(lines.join("\n"))}`;
}

const MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

export function formatDateId(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS_ID[m - 1]} ${y}`;
}
