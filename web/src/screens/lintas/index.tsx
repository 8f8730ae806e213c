import { ITEM_STATUSES } from "../../../../domain/entities/enums.ts";
import { reminders, standing, tally, type Standing, type Tally } from "../../../../domain/lintas/follow-up.ts";
import { formatDate, getLang, t, type MessageKey } from "../../i18n/index.ts";
import type { Route } from "../../router.ts";
import { app, useData } from "../../state.ts";
import { Badge, Header, Loading, Screen, Select } from "../../components/ui.tsx";
import { todayIso } from "../../util/people.ts";
import { lazyScreen } from "../../components/lazy.tsx";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { VNode } from "preact";
import { canWrite, formatDay, itemLike, loadAll, type Item, type LintasData } from "./data.ts";
import { sameInputs, sliceBounds, whenIdle } from "./rows.ts";
import { CommitmentNew, CommitmentView, ItemView, SignScreen } from "./commitment.tsx";
import { MeetingEdit, MeetingView } from "./meeting.tsx";
import type { View } from "../../store/local.ts";

export { hasLintas, LINTAS_ROLES } from "./roles.ts";

export function Lintas({ route }: { route: Route }) {
  const [, b, c, d, e] = route.parts;
  if (b === "meeting") return c === "new" ? <MeetingEdit /> : c ? <MeetingView id={c} /> : <LintasHome />;
  if (b === "commitment") {
    if (c === "new") return <CommitmentNew meetingId={route.query.get("meeting")} />;
    if (c && d === "sign") return <SignScreen id={c} />;
    if (c && d === "print") return <LazyPrint id={c} />;
    if (c && d === "item" && e) return <ItemView commitmentId={c} itemId={e} />;
    if (c) return <CommitmentView id={c} />;
  }
  return <LintasHome />;
}

/** The printed document (issue 12, item 6): a lazy chunk, precached, outside the first load. */
const LazyPrint = lazyScreen<{ id: string }>(() => import("./print.tsx").then((m) => m.PrintPage));

export const STANDING_KEY: Record<Standing, MessageKey> = {
  done: "lxStDone", dropped: "lxStDropped", late: "lxStLate", due_soon: "lxStDueSoon", ongoing: "lxStOngoing", not_started: "lxStNotStarted",
};
export const STANDING_BADGE: Record<Standing, "ok" | "danger" | "warn" | "info"> = {
  done: "ok", dropped: "info", late: "danger", due_soon: "warn", ongoing: "info", not_started: "info",
};

export function StandingBadge({ item }: { item: Item }) {
  const s = standing(item, todayIso());
  return <Badge kind={STANDING_BADGE[s]}>{t(STANDING_KEY[s])}</Badge>;
}

function ItemRow({ v, d }: { v: View<Item>; d: LintasData }) {
  const c = d.commitment(v.data.commitmentId);
  return (
    <li>
      <a class="row item-row" href={`#/lintas/commitment/${v.data.commitmentId}/item/${v.id}`} data-testid="lx-item">
        <span>
          <strong>{v.data.number}. {v.data.action}</strong>
          <br />
          <span class="muted">{d.officeName(v.data.officeId)} · {t("lxDue")} {formatDay(v.data.dueDate)}{c ? ` · ${c.data.title}` : ""}</span>
        </span>
        <StandingBadge item={v.data} />
      </a>
    </li>
  );
}

function Rows({ rows, d }: { rows: View<Item>[]; d: LintasData }) {
  return <>{rows.map((v) => <ItemRow key={v.id} v={v} d={d} />)}</>;
}

/**
 * A long item list (the camat's: hundreds of items), drawn a screenful first and the rest in
 * slices while the phone is idle (rows.ts). Each slice is one vnode kept across renders, so
 * Preact skips the slices already drawn (its strict-equality bail-out) when the next one is added,
 * and when a re-read (every sync ends with one) brings the same rows.
 */
function ItemList({ items, d, testId }: { items: View<Item>[]; d: LintasData; testId: string }) {
  const lang = getLang();
  const today = todayIso();
  const last = useRef<{ inputs: unknown[]; node: VNode }[]>([]);
  last.current = sliceBounds(items.length).map(([a, b], k) => {
    // Everything the slice's rows show, by identity: the store hands back the same opened object for an unchanged row.
    const inputs: unknown[] = [lang, today, a, b];
    for (let i = a; i < b; i++) {
      const v = items[i]!;
      inputs.push(v.id, v.data, v.status, d.commitment(v.data.commitmentId)?.data.title, d.officeName(v.data.officeId));
    }
    const old = last.current[k];
    return old && sameInputs(old.inputs, inputs) ? old : { inputs, node: <Rows key={a} rows={items.slice(a, b)} d={d} /> };
  });
  const slices = last.current.map((x) => x.node);
  const [drawn, setDrawn] = useState(1);
  useEffect(() => {
    if (drawn >= slices.length) return;
    return whenIdle(() => setDrawn((n) => n + 1));
  }, [drawn, slices.length]);
  return <ul class="list" data-testid={testId} data-drawn={drawn >= slices.length ? "all" : undefined}>{slices.slice(0, drawn)}</ul>;
}

/** Done / ongoing / late per office as stacked bars: readable at 360 px, no chart library. */
export function TallyChart({ rows, title }: { rows: { label: string; t: Tally }[]; title: string }) {
  const W = 320;
  const barH = 22;
  const labelH = 18;
  const H = rows.length * (barH + labelH + 6) + 4;
  const max = Math.max(1, ...rows.map((r) => r.t.total));
  const parts = (x: Tally) => [
    { n: x.done, cls: "done" }, { n: x.ongoing + x.notStarted + x.dueSoon, cls: "ongoing" }, { n: x.late, cls: "late" }, { n: x.dropped, cls: "dropped" },
  ];
  return (
    <figure class="lx-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} data-testid="lx-chart">
        {rows.map((r, i) => {
          const y = i * (barH + labelH + 6);
          let x = 0;
          return (
            <g key={r.label}>
              <text x={0} y={y + 14} class="lbl">{r.label} ({r.t.done}/{r.t.total})</text>
              {parts(r.t).map((p) => {
                const w = (p.n / max) * W;
                const rect = p.n ? <rect key={p.cls} x={x} y={y + labelH} width={w} height={barH} class={p.cls} /> : null;
                x += w;
                return rect;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="k done" /> {t("lxStDone")} <span class="k ongoing" /> {t("lxStOpen")} <span class="k late" /> {t("lxStLate")}
      </figcaption>
    </figure>
  );
}

function Summary({ x }: { x: Tally }) {
  return (
    <div class="lx-summary" data-testid="lx-summary">
      <div><strong>{x.done}</strong><span>{t("lxStDone")}</span></div>
      <div><strong>{x.ongoing + x.notStarted + x.dueSoon}</strong><span>{t("lxStOpen")}</span></div>
      <div class="late"><strong>{x.late}</strong><span>{t("lxStLate")}</span></div>
    </div>
  );
}

function LintasHome() {
  const { data: d } = useData(loadAll, []);
  const role = app.session!.user.role;
  if (!d) return <Loading />;
  if (role === "mitra") return <Mine d={d} />;
  return <Overview d={d} />;
}

/** Camat, puskesmas (and dinkes): the whole kecamatan; pustu: items that touch its desa. */
function Overview({ d }: { d: LintasData }) {
  const user = app.session!.user;
  const today = todayIso();
  const [office, setOffice] = useState("");
  const [status, setStatus] = useState("");
  const [desa, setDesa] = useState(user.role === "pustu" ? user.areaCode : "");
  const [overdue, setOverdue] = useState(false);
  // Filtered, sorted and tallied once per data or filter change, not on every render of the app
  // around it; the item list keeps its slices while `shown` is the same array.
  const { shown, tl } = useMemo(() => {
    let items = d.items;
    if (user.role === "pustu") items = items.filter((i) => !i.data.desaCodes || i.data.desaCodes.includes(user.areaCode));
    const shown = items
      .filter((i) => (!office || i.data.officeId === office)
        && (!status || i.data.status === status)
        && (!desa || !i.data.desaCodes || i.data.desaCodes.includes(desa))
        && (!overdue || standing(i.data, today) === "late"))
      .sort((a, b) => (a.data.dueDate < b.data.dueDate ? -1 : a.data.dueDate > b.data.dueDate ? 1 : 0));
    return { shown, tl: tally(shown.map(itemLike), today) };
  }, [d, user.role, user.areaCode, office, status, desa, overdue, today]);
  const officeRows = [...tl.byOffice.entries()].map(([id, x]) => ({ label: d.officeName(id), t: x })).sort((a, b) => a.label.localeCompare(b.label));
  const desaRows = [...tl.byDesa.entries()].map(([id, x]) => ({ label: id === "*" ? t("lxAllDesa") : d.desaName(id), t: x }));
  return (
    <>
      <Header title={user.role === "pustu" ? t("lxTitlePustu") : t("lxTitle")} />
      <Screen>
        {canWrite() && (
          <div class="actions">
            <a class="btn primary" href="#/lintas/meeting/new" data-testid="lx-new-meeting">{t("lxNewMeeting")}</a>
            <a class="btn secondary" href="#/lintas/commitment/new" data-testid="lx-new-commitment">{t("lxNewCommitment")}</a>
          </div>
        )}
        <Summary x={tl.all} />
        <details class="card lx-filters">
          <summary>{t("lxFilters")}</summary>
          <Select label={t("lxOffice")} value={office} onValue={setOffice} options={d.offices.map((o) => ({ value: o.id, label: o.data.name }))} />
          <Select label={t("lxStatus")} value={status} onValue={setStatus} options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`lxItem_${s}` as MessageKey) }))} />
          <Select label={t("lxDesa")} value={desa} onValue={setDesa} options={d.desa.map((x) => ({ value: x.id, label: x.data.name }))} />
          <label class="check"><input type="checkbox" checked={overdue} onChange={(e) => setOverdue((e.target as HTMLInputElement).checked)} /> {t("lxOverdueOnly")}</label>
        </details>
        <h2>{t("lxPerOffice")}</h2>
        {officeRows.length ? <TallyChart rows={officeRows} title={t("lxPerOffice")} /> : <p class="muted">{t("lxNoItems")}</p>}
        {desaRows.length > 0 && (
          <>
            <h2>{t("lxPerDesa")}</h2>
            <table class="lx-table">
              <thead><tr><th>{t("lxDesa")}</th><th>{t("lxStDone")}</th><th>{t("lxStOpen")}</th><th>{t("lxStLate")}</th></tr></thead>
              <tbody>
                {desaRows.map((r) => (
                  <tr key={r.label}><td>{r.label}</td><td>{r.t.done}</td><td>{r.t.ongoing + r.t.notStarted + r.t.dueSoon}</td><td>{r.t.late}</td></tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <h2>{t("lxItems")}</h2>
        <ItemList items={shown} d={d} testId="lx-items" />
        <h2>{t("lxCommitments")}</h2>
        <ul class="list" data-testid="lx-commitments">
          {d.commitments.map((c) => (
            <li key={c.id}><a class="row" href={`#/lintas/commitment/${c.id}`}><span>{c.data.title}<br /><span class="muted">{c.data.period} · v{c.data.docVersion}</span></span><span>›</span></a></li>
          ))}
        </ul>
        <h2>{t("lxMeetings")}</h2>
        <ul class="list">
          {d.meetings.sort((a, b) => b.data.date.localeCompare(a.data.date)).map((m) => (
            <li key={m.id}><a class="row" href={`#/lintas/meeting/${m.id}`}><span>{m.data.place}<br /><span class="muted">{formatDay(m.data.date)}</span></span><span>›</span></a></li>
          ))}
        </ul>
      </Screen>
    </>
  );
}

/** A mitra: "Komitmen saya", its own office's items by due date, and what to report next. */
function Mine({ d }: { d: LintasData }) {
  const officeId = app.session!.user.officeId;
  const today = todayIso();
  const mine = d.items.filter((i) => i.data.officeId === officeId).sort((a, b) => a.data.dueDate.localeCompare(b.data.dueDate));
  const next = mine.filter((i) => i.data.status !== "selesai" && i.data.status !== "dibatalkan");
  return (
    <>
      <Header title={t("lxMine")} />
      <Screen>
        <p class="muted">{d.officeName(officeId)}</p>
        <Summary x={tally(mine.map(itemLike), today).all} />
        <h2>{t("lxReportNext")}</h2>
        {next.length ? <ul class="list" data-testid="lx-next">{next.slice(0, 3).map((v) => <ItemRow key={v.id} v={v} d={d} />)}</ul> : <p class="muted">{t("lxNothingDue")}</p>}
        <h2>{t("lxMyItems")}</h2>
        <ItemList items={mine} d={d} testId="lx-items" />
        <h2>{t("lxCommitments")}</h2>
        <ul class="list">
          {d.commitments.map((c) => (
            <li key={c.id}><a class="row" href={`#/lintas/commitment/${c.id}`}><span>{c.data.title}</span><span>›</span></a></li>
          ))}
        </ul>
      </Screen>
    </>
  );
}

/**
 * Reminders for the Home task list: items due within 7 days or late. A mitra sees its office's,
 * the camat and the puskesmas every office's. Renders nothing for other roles or with none due.
 */
export function LintasReminders() {
  const user = app.session?.user;
  const show = user && (user.role === "mitra" || user.role === "camat" || user.role === "puskesmas");
  const { data: d } = useData(async () => (show ? loadAll() : null), [show]);
  if (!show || !d) return null;
  const list = reminders(d.items.map(itemLike), todayIso(), user.role === "mitra" ? user.officeId : null);
  if (!list.length) return null;
  return (
    <section data-testid="lx-reminders">
      <h3>{t("lxReminders")}</h3>
      <ul class="list">
        {list.slice(0, 20).map((r) => {
          const it = d.items.find((i) => i.id === r.itemId)!;
          return (
            <li key={r.itemId}>
              <a class="row" href={`#/lintas/commitment/${r.commitmentId}/item/${r.itemId}`}>
                <span>{it.data.action}<br /><span class="muted">{d.officeName(r.officeId)} · {formatDate(r.dueDate)}</span></span>
                <Badge kind={r.kind === "late" ? "danger" : "warn"}>{r.kind === "late" ? t("lxStLate") : t("lxDueInDays", { n: r.daysLeft })}</Badge>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
