import { previousMonth } from "../../../../domain/rules/dates.ts";
import { useEffect, useState } from "preact/hooks";
import { PWS_INDICATOR_BY_ID } from "../../../../domain/pws/indicators.ts";
import type { PwsTable } from "../../../../domain/pws/types.ts";
import type { Referral } from "../../../../domain/entities/types.ts";
import { formatDate, formatRelative, getLang, locale, t, useLang, type MessageKey } from "../../i18n/index.ts";
import { th } from "../../i18n/home.ts";
import { app, useData, useSyncState } from "../../state.ts";
import { Badge, Loading } from "../../components/ui.tsx";
import { todayIso, type Area } from "../../util/people.ts";
import { RequestPwsApi } from "../pws/api.ts";
import { PwsData, type Loaded } from "../pws/data.ts";
import { formatPercent, percent } from "../pws/reach.ts";
import { TaskBoard, useScopeTasks, TASKS_PAGE } from "./tasks.tsx";
import CommitmentsHome from "./commitments.tsx";
import type { View } from "../../store/local.ts";
import type { TaskLists } from "../../clinical.ts";

/** Indicators the summary shows, one or two per PWS group: the ones a minilokakarya reads first (PWS KIA / gizi / imunisasi). */
export const HOME_PWS_INDICATORS = ["balita.ds", "balita.nd", "balita.stunting", "imunisasi.idl", "ibu_hamil.k1", "ibu_hamil.k4", "ibu_hamil.k6", "ptm.skrining_produktif", "ptm.skrining_lansia"] as const;

/**
 * The PWS of the last closed month for the user's whole area, through the console's client and its
 * offline copy. PWS is made each month for the month just ended (Pedoman PWS KIA 2010): a month
 * under way reads as a few percent, or a stunting "100 %" of the one child weighed so far. The
 * console has the month under way.
 */
function PwsSummary() {
  useLang();
  const month = previousMonth(todayIso().slice(0, 7));
  const [state, setState] = useState<Loaded<PwsTable> | "error" | null>(null);
  useEffect(() => {
    const user = app.session!.user;
    const data = new PwsData(new RequestPwsApi(<T,>(method: "GET" | "PUT", path: string, body?: unknown) => app.transport.request<T>(method, path, body)), app.store, user.id);
    let live = true;
    data.table(month).then((x) => live && setState(x), () => live && setState("error"));
    return () => {
      live = false;
    };
  }, [month]);
  const lang = getLang();
  return (
    <section class="card" data-testid="home-pws-summary">
      <h2>{th("hmPwsMonth", { month: new Date(month + "-01T00:00:00Z").toLocaleDateString(locale(), { month: "long", year: "numeric", timeZone: "UTC" }) })}</h2>
      {state === null && <Loading />}
      {state === "error" && <p class="muted">{th("hmPwsUnavailable")}</p>}
      {state && state !== "error" && (
        <>
          {state.offline && <p class="muted">{th("hmPwsOffline", { when: formatRelative(state.at) })}</p>}
          <ul class="list compact">
            {(HOME_PWS_INDICATORS.some((id) => state.data.indicators.includes(id)) ? HOME_PWS_INDICATORS.filter((id) => state.data.indicators.includes(id)) : state.data.indicators.slice(0, 8)).map((id) => {
              const meta = PWS_INDICATOR_BY_ID.get(id);
              const cell = state.data.total[id];
              return (
                <li key={id} class="row static" data-indicator={id} title={meta?.description[lang]}>
                  <strong>{meta?.label[lang] ?? id}</strong>
                  <br />
                  <small>{th("hmPwsMonthYtd", { m: formatPercent(percent(cell?.month), locale()), y: formatPercent(percent(cell?.ytd), locale()) })}</small>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <a class="btn secondary" href="#/pws" data-testid="home-pws">{th("hmPwsOpen")}</a>
    </section>
  );
}

type ConflictCounts = { perDesa: { desa: string | null; open: number }[] };

/** The desa a row of the phone belongs to: a household's own, else through its person's household. */
function desaOfEntity(lists: TaskLists, entity: string, id: string, payload: Record<string, unknown>): string | null {
  const hh = (hid: unknown) => (typeof hid === "string" ? lists.households.get(hid)?.data.desaCode ?? null : null);
  const ofPerson = (pid: unknown) => (typeof pid === "string" ? hh(lists.persons.get(pid)?.data.householdId) : null);
  if (entity === "household") return typeof payload.desaCode === "string" ? payload.desaCode : hh(id);
  if (entity === "person") return hh(payload.householdId) ?? ofPerson(id);
  if (entity === "record" || entity === "referral") return ofPerson(payload.personId);
  return null;
}

/** Open conflicts per desa (the server's count) and what the server refused from this phone, per desa. */
function ConflictsPerDesa({ lists, desaName }: { lists: TaskLists; desaName: (code: string | null) => string }) {
  const [conflicts, setConflicts] = useState<ConflictCounts | "offline" | null>(null);
  const sync = useSyncState();
  useEffect(() => {
    let live = true;
    app.transport.request<ConflictCounts>("GET", "/api/conflicts?limit=1").then((x) => live && setConflicts(x), () => live && setConflicts("offline"));
    return () => {
      live = false;
    };
  }, [sync.counts.conflicts]);
  const { data: rejected } = useData(async () => (await app.store.outboxItems()).filter((i) => i.state === "rejected"), []);
  const rejectedPerDesa = new Map<string | null, number>();
  for (const r of rejected ?? []) {
    const desa = desaOfEntity(lists, r.mutation.entity, r.mutation.entityId, r.mutation.payload);
    rejectedPerDesa.set(desa, (rejectedPerDesa.get(desa) ?? 0) + 1);
  }
  const open = conflicts && conflicts !== "offline" ? conflicts.perDesa.filter((x) => x.open > 0) : [];
  return (
    <section class="card" data-testid="home-conflicts">
      <h2>{th("hmConflicts")}</h2>
      {conflicts === null && <Loading />}
      {conflicts === "offline" && <p class="muted">{th("hmConflictsOffline")}</p>}
      {conflicts && conflicts !== "offline" && open.length === 0 && <p class="muted">{th("hmConflictsNone")}</p>}
      {open.length > 0 && (
        <ul class="list compact">
          {open.map((x) => <li key={x.desa ?? "-"} class="row" data-desa={x.desa ?? ""}><span>{desaName(x.desa)}</span><Badge kind="warn">{x.open}</Badge></li>)}
        </ul>
      )}
      <h3>{th("hmRejected")}</h3>
      {rejectedPerDesa.size === 0 ? <p class="muted">{th("hmRejectedNone")}</p> : (
        <ul class="list compact" data-testid="home-rejected">
          {[...rejectedPerDesa.entries()].map(([desa, n]) => <li key={desa ?? "-"}><a class="row" href="#/sync"><span>{desaName(desa)}</span><Badge kind="danger">{n}</Badge></a></li>)}
        </ul>
      )}
    </section>
  );
}

/** Referrals with no rujuk balik yet, per desa (oldest first), paged. */
function ReferralsAwaiting({ lists, desaName }: { lists: TaskLists; desaName: (code: string | null) => string }) {
  const { data: referrals } = useData(() => app.store.list<Referral>("referral"), []);
  const [shown, setShown] = useState<Record<string, number>>({});
  if (!referrals) return <Loading />;
  const waiting = referrals.filter((r) => !r.data.outcome && !r.data.outcomeAt).sort((a, b) => a.data.referredAt.localeCompare(b.data.referredAt));
  const per = new Map<string | null, View<Referral>[]>();
  for (const r of waiting) {
    const desa = desaOfEntity(lists, "referral", r.id, r.data as unknown as Record<string, unknown>);
    per.set(desa, [...(per.get(desa) ?? []), r]);
  }
  const groups = [...per.entries()].sort((a, b) => desaName(a[0]).localeCompare(desaName(b[0]), "id"));
  return (
    <section data-testid="home-referrals" data-count={waiting.length}>
      <h2>{th("hmReferrals")} ({waiting.length})</h2>
      {waiting.length === 0 && <p class="muted">{th("hmReferralsNone")}</p>}
      {groups.map(([desa, list]) => {
        const key = desa ?? "-";
        const n = shown[key] ?? TASKS_PAGE;
        return (
          <details class="card task-group" key={key} data-testid="referral-group" data-count={list.length}>
            <summary><span class="group-title">{desaName(desa)} ({list.length})</span></summary>
            <ul class="list">
              {list.slice(0, n).map((r) => (
                <li key={r.id}>
                  <a class="row" href={`#/person/${r.data.personId}`}>
                    <span>
                      <strong>{lists.persons.get(r.data.personId)?.data.name ?? "?"}</strong>
                      <br />
                      <small>{r.data.reasonText}</small>
                      <br />
                      <small class="muted">{th("hmReferredOn", { date: formatDate(r.data.referredAt), dest: t(`dest_${r.data.destination}` as MessageKey) })}</small>
                    </span>
                    <span aria-hidden="true">›</span>
                  </a>
                </li>
              ))}
            </ul>
            {list.length > n && <button type="button" class="btn link" onClick={() => setShown({ ...shown, [key]: n + TASKS_PAGE })}>{th("hmMore", { n: Math.min(TASKS_PAGE, list.length - n) })}</button>}
          </details>
        );
      })}
    </section>
  );
}

/**
 * The puskesmas coordinator (and the dinkes): the month's PWS, open conflicts and refusals per
 * desa, referrals awaiting rujuk balik, the commitments due; the area's tasks last, collapsed.
 */
export default function PuskesmasHome() {
  const lists = useScopeTasks();
  const { data: areas } = useData(() => app.store.list<Area>("area"), []);
  const names = new Map((areas ?? []).map((a) => [a.id, a.data.name]));
  const desaName = (code: string | null) => (code ? names.get(code) ?? code : th("hmUnknownDesa"));
  return (
    <>
      <PwsSummary />
      {lists ? <ConflictsPerDesa lists={lists} desaName={desaName} /> : <Loading />}
      {lists && <ReferralsAwaiting lists={lists} desaName={desaName} />}
      <CommitmentsHome />
      <h2>{th("hmAreaTasks")}</h2>
      <TaskBoard own={["pustu", "puskesmas"]} others="collapsed" ownCollapsed />
    </>
  );
}
