import { useEffect, useState } from "preact/hooks";
import type { Task } from "../../../../domain/rules/index.ts";
import { scopeTasks, type TaskLists } from "../../clinical.ts";
import { formatDate, getLang, t, useLang, type MessageKey } from "../../i18n/index.ts";
import { useDataVersion } from "../../state.ts";
import { Badge, Loading } from "../../components/ui.tsx";
import { ageLabel, todayIso } from "../../util/people.ts";
import type { View } from "../../store/local.ts";
import type { Person } from "../../util/people.ts";

/** How many tasks a list shows before "and n more" (a long list is scrolled on a phone, not read). */
const LIST_MAX = 50;

/** Quiet time after a data change before the lists are recomputed (the old lists stay on screen meanwhile). */
const RECOMPUTE_DELAY_MS = 300;

/** Where tapping a task goes: the form that closes it when there is one, else the person. */
function taskHref(task: Task): string {
  if (task.ruleId === "anc.kunjungan") return `#/visit/new/${task.personId}/anc`;
  if (task.ruleId === "imunisasi.berikutnya") return `#/visit/new/${task.personId}/imunisasi`;
  if (task.kind === "kunjungan_rumah") return `#/visit/new/${task.personId}/kunjungan-rumah`;
  if (task.ruleId === "tb.skrining_kontak") return `#/visit/new/${task.personId}/tb`;
  if (task.ruleId === "ptm.cek_ulang") return `#/person/${task.personId}`;
  return `#/person/${task.personId}`;
}

function TaskList({ title, tasks, persons, testid, overdue }: { title: string; tasks: Task[]; persons: Map<string, View<Person>>; testid: string; overdue?: boolean }) {
  const lang = getLang();
  if (tasks.length === 0) return null;
  return (
    <section>
      <h3>
        {title} <Badge kind={overdue ? "danger" : "info"}>{tasks.length}</Badge>
      </h3>
      <ul class="list tasks" data-testid={testid}>
        {tasks.slice(0, LIST_MAX).map((task) => {
          const p = persons.get(task.personId);
          return (
            <li key={task.id} data-rule={task.ruleId} data-task={task.id}>
              <a href={taskHref(task)} class="row">
                <span>
                  <strong>{p?.data.name ?? "?"}</strong>
                  {p && <span class="muted"> · {ageLabel(p.data)}</span>}
                  <br />
                  <span>{task.title[lang]}</span>
                  <br />
                  <small class="muted">{task.why[lang]}</small>
                  <br />
                  <small class={overdue ? "due overdue" : "due"}>
                    {t("tasksDue", { date: formatDate(task.dueDate) })} · {t(`tasksFor_${task.assignee}` as MessageKey)}
                  </small>
                </span>
                <span aria-hidden="true">›</span>
              </a>
            </li>
          );
        })}
      </ul>
      {tasks.length > LIST_MAX && <p class="muted">{t("tasksMore", { n: tasks.length - LIST_MAX })}</p>}
    </section>
  );
}

/**
 * Hari ini and Terlambat for the user's scope (everything on the phone), computed on the device
 * with the server's rules: once per data change and day, shared by every render.
 */
export function ScopeTasks() {
  useLang();
  const version = useDataVersion();
  const today = todayIso();
  const [lists, setLists] = useState<TaskLists | null>(null);
  useEffect(() => {
    let live = true;
    // A first sync changes the data once per pull page: compute once it settles, not per page.
    const timer = setTimeout(() => {
      scopeTasks(version, today).then(
        (l) => live && setLists(l),
        (e: unknown) => console.error(e),
      );
    }, lists ? RECOMPUTE_DELAY_MS : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [version, today]);
  if (!lists) return <Loading />;
  const empty = lists.hariIni.length + lists.terlambat.length + lists.segera.length === 0;
  return (
    <div data-testid="tasks" data-ms={lists.ms}>
      <TaskList title={t("tasksToday")} tasks={lists.hariIni} persons={lists.persons} testid="tasks-today" />
      <TaskList title={t("tasksOverdue")} tasks={lists.terlambat} persons={lists.persons} testid="tasks-overdue" overdue />
      <TaskList title={t("tasksSoon")} tasks={lists.segera} persons={lists.persons} testid="tasks-soon" />
      {empty && <p class="muted">{t("tasksNone")}</p>}
    </div>
  );
}
