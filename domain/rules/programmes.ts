import type { Task } from "./tasks.ts";

/**
 * The programmes a Home groups tasks by (issue 12): what a bidan at a pustu calls her work —
 * ibu hamil, balita, imunisasi, PTM/lansia, TB and rujukan (ILP klaster 2, 3 and 4; the referral
 * loop across them). Grouping is a view of the tasks computeTasks makes, never a rule of its own.
 */
export const PROGRAMMES = ["ibu_hamil", "balita", "imunisasi", "ptm_lansia", "tb", "rujukan", "lainnya"] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** Rule id → programme; a referral task (it carries a referralId) is "rujukan" whatever its source form. */
const BY_RULE: Readonly<Record<string, Programme>> = {
  "anc.kunjungan": "ibu_hamil",
  "balita.belum_ditimbang": "balita",
  "imunisasi.berikutnya": "imunisasi",
  "imunisasi.je": "imunisasi",
  "imunisasi.hpv2": "imunisasi",
  "ptm.cek_ulang": "ptm_lansia",
  "tb.skrining_kontak": "tb",
  "rujukan.tidak_datang": "rujukan",
};

export function programmeOf(task: Pick<Task, "ruleId" | "referralId">): Programme {
  if (task.referralId) return "rujukan";
  return BY_RULE[task.ruleId] ?? "lainnya";
}

/** When a task falls: late, today, or in the next days (Home shows the unfinished ones only). */
export type TaskWhen = "terlambat" | "hari_ini" | "segera";

export interface TaskGroup<T> {
  programme: Programme;
  tasks: T[];
}

/**
 * Tasks grouped by programme in PROGRAMMES order, empty groups left out; inside a group the
 * late ones first, then by due date (the order the caller gives is kept for equal dates).
 */
export function groupByProgramme<T extends Pick<Task, "ruleId" | "referralId" | "dueDate">>(tasks: readonly T[]): TaskGroup<T>[] {
  const by = new Map<Programme, T[]>();
  for (const t of tasks) {
    const p = programmeOf(t);
    const list = by.get(p);
    if (list) list.push(t);
    else by.set(p, [t]);
  }
  return PROGRAMMES.filter((p) => by.has(p)).map((programme) => ({
    programme,
    tasks: by.get(programme)!.map((t, i) => ({ t, i })).sort((a, b) => (a.t.dueDate < b.t.dueDate ? -1 : a.t.dueDate > b.t.dueDate ? 1 : a.i - b.i)).map((x) => x.t),
  }));
}
