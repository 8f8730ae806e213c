import { useEffect, useState } from "preact/hooks";
import type { Assignee, Task } from "../../../../domain/rules/tasks.ts";
import { groupByProgramme, type Programme } from "../../../../domain/rules/programmes.ts";
import { scopeTasks, type TaskLists } from "../../clinical.ts";
import { formatDate, t, useLang, type MessageKey } from "../../i18n/index.ts";
import { th, type HomeKey } from "../../i18n/home.ts";
import { app, useData, useDataVersion } from "../../state.ts";
import { Badge, Loading, Select } from "../../components/ui.tsx";
import { ageLabel, todayIso, type Dusun } from "../../util/people.ts";
import type { View } from "../../store/local.ts";
import { taskSentence } from "../../util/task-words.ts";
import type { Person } from "../../util/people.ts";

/**
 * The tasks of a role's Home (issue 12): the user's own tasks grouped by programme, each group
 * with its count before its rows and paged; other people's tasks (the kader's, for a bidan) in
 * one collapsed group each. Computed on the phone with the server's rules (computeTasks), once
 * per data change and day.
 */

/** Rows a group shows before "show n more" (a phone screen holds about five task rows). */
export const TASKS_PAGE = 10;

/** Quiet time after a data change before the lists are recomputed (the old lists stay on screen meanwhile). */
const RECOMPUTE_DELAY_MS = 300;

const ASSIGNEES: readonly Assignee[] = ["pustu", "kader", "puskesmas"];

/** Where tapping a task goes: the form that closes it when there is one, else the person. */
function taskHref(task: Task): string {
  if (task.ruleId === "anc.kunjungan") return `#/visit/new/${task.personId}/anc`;
  if (task.ruleId === "imunisasi.berikutnya") return `#/visit/new/${task.personId}/imunisasi`;
  if (task.kind === "kunjungan_rumah") return `#/visit/new/${task.personId}/kunjungan-rumah`;
  if (task.ruleId === "tb.skrining_kontak") return `#/visit/new/${task.personId}/tb`;
  return `#/person/${task.personId}`;
}

function When({ task, today }: { task: Task; today: string }) {
  if (task.dueDate < today) return <Badge kind="danger">{th("hmLate")} · {formatDate(task.dueDate)}</Badge>;
  if (task.dueDate === today) return <Badge kind="warn">{th("hmToday")}</Badge>;
  return <Badge kind="info">{formatDate(task.dueDate)}</Badge>;
}

function TaskRow({ task, persons, today }: { task: Task; persons: Map<string, View<Person>>; today: string }) {
  const p = persons.get(task.personId);
  return (
    <li data-rule={task.ruleId} data-task={task.id} data-assignee={task.assignee} data-person={task.personId}>
      <a href={taskHref(task)} class="row">
        <span>
          <strong>{p?.data.name ?? "?"}</strong>
          {p && <span class="muted"> · {ageLabel(p.data)}</span>}
          <br />
          {/* The task as a sentence a bidan would say, from its code (issue 12). */}
          <span data-text={task.text.code}>{taskSentence(task)}</span>
          <br />
          <small class={task.dueDate < today ? "due overdue" : "due"}>
            <When task={task} today={today} /> · {t(`tasksFor_${task.assignee}` as MessageKey)}
          </small>
        </span>
        <span aria-hidden="true">›</span>
      </a>
    </li>
  );
}

/** A group: its name and count first, then its rows a page at a time. */
function Group(props: { title: string; tasks: Task[]; persons: Map<string, View<Person>>; today: string; open: boolean; testid: string; attrs?: Record<string, string> }) {
  const [shown, setShown] = useState(TASKS_PAGE);
  const late = props.tasks.filter((x) => x.dueDate < props.today).length;
  const rest = props.tasks.length - shown;
  return (
    <details class="card task-group" open={props.open} data-testid={props.testid} data-count={props.tasks.length} {...props.attrs}>
      <summary>
        <span class="group-title">{props.title} ({props.tasks.length})</span>
        {late > 0 && <> <Badge kind="danger">{th("hmLate")} {late}</Badge></>}
      </summary>
      <ul class="list tasks">
        {props.tasks.slice(0, shown).map((task) => <TaskRow key={task.id} task={task} persons={props.persons} today={props.today} />)}
      </ul>
      {rest > 0 && (
        <button type="button" class="btn link" onClick={() => setShown((n) => n + TASKS_PAGE)} data-testid="tasks-more">
          {th("hmMore", { n: Math.min(rest, TASKS_PAGE) })} <span class="muted">({th("hmShownOf", { shown, n: props.tasks.length })})</span>
        </button>
      )}
    </details>
  );
}

/** The scope's tasks, recomputed after data changes (a first sync changes the data once per pull page). */
export function useScopeTasks(): TaskLists | null {
  const version = useDataVersion();
  const today = todayIso();
  const [lists, setLists] = useState<TaskLists | null>(null);
  useEffect(() => {
    let live = true;
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
  return lists;
}

export interface TaskBoardProps {
  /** Whose tasks are the user's own: grouped by programme, first. */
  own: readonly Assignee[];
  /** Others' tasks: one collapsed group per assignee ("Tugas kader (51)"), or not shown. */
  others: "collapsed" | "hidden";
  /** Only the tasks of this dusun (a dusun-bound kader). */
  dusunId?: string | null;
  /** Offer the dusun and "for whom" filters (a bidan's desa). */
  filters?: boolean;
  /** The own groups start collapsed too (a puskesmas: hundreds of tasks across the kecamatan). */
  ownCollapsed?: boolean;
}

/** Unfinished tasks late, due today and in the next days (SOON_DAYS), grouped for a role's Home. */
export function TaskBoard({ own, others, dusunId, filters, ownCollapsed }: TaskBoardProps) {
  useLang();
  const lists = useScopeTasks();
  const [dusun, setDusun] = useState("");
  const [who, setWho] = useState("");
  // The dusun of the user's own desa (a pustu reads the kecamatan's places, but works in its desa).
  const user = app.session!.user;
  const { data: dusunList } = useData(async () => (filters ? (await app.store.list<Dusun>("dusun")).filter((d) => user.role !== "pustu" || d.data.desaCode === user.areaCode).sort((a, b) => a.data.name.localeCompare(b.data.name, "id")) : []), [filters]);
  if (!lists) return <Loading />;
  const today = todayIso();
  const dusunOf = (task: Task) => (task.householdId ? lists.households.get(task.householdId)?.data.dusunId ?? null : null);
  const only = dusunId ?? (dusun || null);
  let all = [...lists.terlambat, ...lists.hariIni, ...lists.segera];
  if (only) all = all.filter((x) => dusunOf(x) === only);
  const shownAssignees = ASSIGNEES.filter((a) => !who || a === who);
  const mine = all.filter((x) => own.includes(x.assignee) && shownAssignees.includes(x.assignee));
  const groups = groupByProgramme(mine);
  const otherGroups = others === "hidden" ? [] : ASSIGNEES.filter((a) => !own.includes(a) && shownAssignees.includes(a)).map((a) => ({ a, tasks: all.filter((x) => x.assignee === a) })).filter((g) => g.tasks.length);
  const total = lists.terlambat.length + lists.hariIni.length + lists.segera.length;
  return (
    <div data-testid="tasks" data-ms={lists.ms}>
      {filters && (
        <div class="home-filters">
          <Select label={th("hmFilterDusun")} value={dusun} onValue={setDusun} options={[{ value: "", label: th("hmFilterDusunAll") }, ...(dusunList ?? []).map((d) => ({ value: d.id, label: d.data.name }))]} placeholder={false} />
          <Select label={th("hmFilterWho")} value={who} onValue={setWho} options={[{ value: "", label: th("hmFilterWhoAll") }, ...ASSIGNEES.map((a) => ({ value: a, label: th(`hmWho_${a}` as HomeKey) }))]} placeholder={false} />
        </div>
      )}
      <section data-testid="own-tasks">
        {groups.map((g) => (
          <Group
            key={g.programme + dusun + who}
            title={th(`hmProg_${g.programme}` as HomeKey)}
            tasks={g.tasks}
            persons={lists.persons}
            today={today}
            open={!ownCollapsed}
            testid="task-group"
            attrs={{ "data-programme": g.programme as Programme }}
          />
        ))}
      </section>
      {otherGroups.map((g) => (
        <Group
          key={g.a + dusun + who}
          title={th(`hmOthers_${g.a}` as HomeKey)}
          tasks={g.tasks}
          persons={lists.persons}
          today={today}
          // Collapsed unless the user asked for exactly these.
          open={who === g.a}
          testid={`tasks-others-${g.a}`}
        />
      ))}
      {groups.length + otherGroups.length === 0 && <p class="muted">{total === 0 ? th("hmNone") : th("hmNoneFiltered")}</p>}
    </div>
  );
}
