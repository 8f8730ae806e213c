import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { POLICY } from "../../../../domain/access/policy.ts";
import { PWS_INDICATORS } from "../../../../domain/pws/indicators.ts";
import { Header, Loading, Screen } from "../../components/ui.tsx";
import { formatDate, getLang, locale, serverError, useLang } from "../../i18n/index.ts";
import { tp, type PwsKey } from "../../i18n/pws.ts";
import { tAg, type AgKey } from "../../i18n/provinsi.ts";
import { navigate, useRoute } from "../../router.ts";
import { app, toast } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";
import { TrendChart } from "../pws/charts.tsx";
import { columnGroups, isMonth, monthChoices, monthLabel, monthOf, words, type Column } from "../pws/model.ts";
import "../pws/pws.css";
import { targetAt } from "../pws/reach.ts";
import { aggFigure, defaultTargets, drillArea, freshnessState, parentArea, trendValues, type AggregatesTrend, type AggregatesView } from "./model.ts";

/**
 * The provincial console (issue 16): a dinkes provinsi's Home, and a dinkes's view of its own
 * kabupaten's aggregates. The province's kabupaten × indicators for a month (the PWS console's
 * table: pws/model.ts columnGroups, pws.css), drill-down to a kabupaten's kecamatan and a
 * kecamatan's desa, a 12-month trend of one indicator, and each kabupaten's freshness. Reads
 * GET /api/aggregates and /trend (the central database: counts only, no names).
 */

const METAS = PWS_INDICATORS;
const lang = () => getLang();
const thisMonth = () => monthOf(new Date());
const request = <T,>(method: "GET" | "POST", path: string, body?: unknown) => app.transport.request<T>(method, path, body);

function errorText(e: unknown): string {
  return e instanceof TransportError ? serverError(e.code, e.message) : String((e as Error)?.message ?? e);
}

function useLoad<T>(path: string | null): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ path: string | null; data: T | null; error: string | null }>({ path: null, data: null, error: null });
  useEffect(() => {
    if (!path) return;
    let live = true;
    request<T>("GET", path).then(
      (data) => live && setState({ path, data, error: null }),
      (e) => live && setState({ path, data: null, error: errorText(e) }),
    );
    return () => void (live = false);
  }, [path]);
  return state.path === path ? state : { data: null, error: null };
}

/** Home of a dinkes provinsi, and #/provinsi?area=…&month=…&ind=… for the drill-down and the trend. */
export default function Provinsi() {
  useLang();
  const route = useRoute();
  const user = app.session!.user;
  const inHome = route.parts[0] !== "provinsi";
  const frame = (body: ComponentChildren) => (inHome ? body : (
    <>
      <Header title={user.role === "dinkes_provinsi" ? tAg("agTitle") : tAg("agTitleKab")} backTo="#/" />
      <Screen>{body}</Screen>
    </>
  ));
  if (POLICY[user.role]["aggregates:read"] === false) return frame(<p class="muted">{tAg("agNotForRole")}</p>);
  const q = route.query;
  const month = isMonth(q.get("month")) ? q.get("month")! : thisMonth();
  const area = q.get("area") ?? user.areaCode;
  const ind = q.get("ind") ?? "balita.ds";
  const go = (over: Record<string, string>) => {
    const next = new URLSearchParams({ month, area, ind, ...over });
    navigate(`#/provinsi?${next.toString()}`);
  };
  return frame(<Console month={month} area={area} ind={ind} own={user.areaCode} go={go} canPublish={POLICY[user.role]["aggregates:publish"] !== false} />);
}

function Console({ month, area, ind, own, go, canPublish }: { month: string; area: string; ind: string; own: string; go: (o: Record<string, string>) => void; canPublish: boolean }) {
  const view = useLoad<AggregatesView>(`/api/aggregates?month=${month}&area=${encodeURIComponent(area)}`);
  const trend = useLoad<AggregatesTrend>(`/api/aggregates/trend?indicator=${encodeURIComponent(ind)}&to=${month}&area=${encodeURIComponent(area)}`);
  const up = parentArea(area, own);
  return (
    <section data-testid="agg-console">
      <h2 class="pws-h">{tAg(own.includes(".") ? "agTitleKab" : "agTitle")}{view.data ? ` · ${view.data.area.name}` : ""}</h2>
      <p class="muted small-note">{tAg("agIntro")}</p>
      <div class="pws-controls">
        <label class="pws-pick">
          <span>{tp("pwsMonth")}</span>
          <select value={month} onChange={(e) => go({ month: (e.target as HTMLSelectElement).value })} data-testid="agg-month">
            {monthChoices(thisMonth()).map((m) => <option key={m} value={m}>{monthLabel(m, locale())}</option>)}
          </select>
        </label>
        {up && <button type="button" class="btn link" onClick={() => go({ area: up })} data-testid="agg-up">{tAg(up.includes(".") ? "agUp_kabupaten" : "agUp_provinsi")}</button>}
        {canPublish && <Publish month={month} />}
      </div>
      {view.error && <p class="error" role="alert">{tAg("agLoadFailed", { error: view.error })}</p>}
      {!view.data && !view.error && <Loading />}
      {view.data && <Table view={view.data} go={go} />}
      {view.data && <FreshnessList view={view.data} />}
      {view.data && (
        <section class="pws-chart-box" data-testid="agg-trend">
          <h3>{tAg("agTrend")}</h3>
          <label class="pws-pick">
            <span>{tAg("agTrendPick")}</span>
            <select value={ind} onChange={(e) => go({ ind: (e.target as HTMLSelectElement).value })} data-testid="agg-trend-pick">
              {view.data.indicators.map((id) => {
                const m = METAS.find((x) => x.id === id);
                return <option key={id} value={id}>{m ? words(m.label, lang()) : id}</option>;
              })}
            </select>
          </label>
          {trend.data && <Trend trend={trend.data} />}
        </section>
      )}
    </section>
  );
}

function Publish({ month }: { month: string }) {
  const [busy, setBusy] = useState(false);
  const publish = async () => {
    setBusy(true);
    try {
      await request("POST", "/api/aggregates/publish", { month });
      toast(tAg("agPublished", { month: monthLabel(month, locale()) }));
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return <button type="button" class="btn secondary" disabled={busy} onClick={() => void publish()} data-testid="agg-publish">{tAg("agPublish")}</button>;
}

function noteText(note: string | null, min: number): string {
  if (note === "suppressed") return tAg("agSuppressed", { min });
  if (note === "missing") return tAg("agMissing");
  if (note === "no_den") return tAg("agNoDen");
  return "";
}

function Table({ view, go }: { view: AggregatesView; go: (o: Record<string, string>) => void }) {
  if (!view.indicators.length) return <p class="muted" data-testid="agg-empty">{tAg("agEmpty")}</p>;
  const groups = columnGroups(defaultTargets(view, METAS), METAS);
  const rows: ({ code: string; name: string } | null)[] = [...view.units, null];
  const cell = (col: Column, code: string | null) => {
    const c = code ? view.cells[col.meta.id]?.[code] : view.total[col.meta.id];
    const f = aggFigure(col, c?.ytd, view.month, "ytd", locale());
    const m = aggFigure(col, c?.month, view.month, "month", locale());
    const counts = (x: typeof f) => (x.num === null ? noteText(x.note, view.minDenominator) : tp("pwsNumDen", { num: x.num, den: x.den ?? 0 }));
    const tip = `${tp("pwsYtd", { month: monthLabel(view.month, locale(), "short") })}: ${counts(f)} · ${tp("pwsMonthOnly", { month: monthLabel(view.month, locale(), "short") })}: ${m.text}${m.note ? "" : "%"} (${counts(m)})`;
    return (
      <td key={col.meta.id} class={`pws-cell r-${f.reach}`} title={tip} data-testid={`agg-cell-${col.meta.id}-${code ?? "total"}`} data-note={f.note ?? ""}>
        <span aria-label={`${words(col.meta.label, lang())}: ${f.text}${f.note ? "" : "%"}, ${tip}`}>{f.text}</span>
      </td>
    );
  };
  return (
    <>
      <div class="pws-scroll" role="region" aria-label={tAg("agTitle")} tabIndex={0}>
        <table class="pws-table" data-testid="agg-table">
          <thead>
            <tr>
              <th rowSpan={2} scope="col" class="pws-sticky">{tAg(`agUnit_${view.unitLevel}` as AgKey)}</th>
              {groups.map((g) => <th key={g.group} colSpan={g.columns.length} scope="colgroup" class="pws-group">{tp(`pwsGroup_${g.group}` as PwsKey)}</th>)}
            </tr>
            <tr>
              {groups.flatMap((g) => g.columns.map((c) => <th key={c.meta.id} scope="col" title={words(c.meta.description, lang())}>{words(c.meta.label, lang())}</th>))}
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const down = u ? drillArea(view, u.code) : null;
              return (
                <tr key={u?.code ?? "total"} class={u ? "" : "pws-total"} data-testid={`agg-row-${u?.code ?? "total"}`}>
                  <th scope="row" class="pws-sticky">
                    {u && down ? <a href={`#/provinsi?${new URLSearchParams({ month: view.month, area: down }).toString()}`} onClick={(e) => (e.preventDefault(), go({ area: down }))}>{u.name}</a> : (u?.name ?? tp("pwsTotal"))}
                  </th>
                  {groups.flatMap((g) => g.columns.map((c) => cell(c, u?.code ?? null)))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {<p class="pws-legend small-note">{tAg("agSmallCells", { min: view.minDenominator })}</p>}
      <p class="pws-legend small-note">{tAg("agLegend")}</p>
    </>
  );
}

function FreshnessList({ view }: { view: AggregatesView }) {
  return (
    <section data-testid="agg-freshness">
      <h3>{tAg("agFreshness")}</h3>
      <ul class="list">
        {view.freshness.map((f) => {
          const state = freshnessState(f);
          return (
            <li key={f.shard} data-state={state} data-testid={`agg-fresh-${f.shard}`}>
              <strong>{f.name}</strong>
              <br />
              <span class="muted">{tAg(`agFresh_${state}` as AgKey, { at: f.computedAt ? formatDate(f.computedAt) : "", until: formatDate(f.recomputedUntil) })}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Trend({ trend }: { trend: AggregatesTrend }) {
  const meta = METAS.find((m) => m.id === trend.indicator);
  const label = meta ? words(meta.label, lang()) : trend.indicator;
  const total = trendValues(trend.total);
  const max = Math.max(100, ...total.filter((v): v is number => v !== null));
  const months = trend.months.map((m) => monthLabel(m, locale(), "short"));
  // Each point is one month's figure: against the month's share of the target (pws/reach.ts targetAt), as the PWS console's trend.
  const line = meta ? targetAt(meta, meta.defaultTarget, trend.months.at(-1)!, "month") : null;
  return (
    <div class="pws-trends">
      <figure class="pws-trend-fig" data-testid="agg-trend-total">
        <figcaption>{tAg("agTrendOf", { indicator: label, area: trend.area.name })}</figcaption>
        <TrendChart values={total} months={months} target={line} max={max} title={tAg("agTrendOf", { indicator: label, area: trend.area.name })} />
      </figure>
      {trend.units.map((u) => (
        <figure key={u.code} class="pws-trend-fig" data-testid={`agg-trend-${u.code}`}>
          <figcaption>{u.name}</figcaption>
          <TrendChart values={trendValues(trend.series[u.code] ?? [])} months={months} target={null} max={max} title={`${label}: ${u.name}`} />
        </figure>
      ))}
    </div>
  );
}
