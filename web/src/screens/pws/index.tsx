import { useEffect, useMemo, useState } from "preact/hooks";
import { PWS_CLASSES, PWS_INDICATORS, PWS_MISSING_WORDS } from "../../../../domain/pws/indicators.ts";
import type { Area } from "../../../../domain/entities/types.ts";
import type { PwsCount, PwsGroup, PwsIndicatorMeta, PwsMissed, PwsTable, PwsTargets, PwsTrend, PwsUnit } from "../../../../domain/pws/types.ts";
import { Header, Loading, Screen } from "../../components/ui.tsx";
import { formatDate, getLang, locale, serverError, t, useLang } from "../../i18n/index.ts";
import { isPwsKey, tp, type PwsKey } from "../../i18n/pws.ts";
import { navigate, type Route } from "../../router.ts";
import { app, toast } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";
import { saveFile } from "../../util/save-file.ts";
import { RequestPwsApi } from "./api.ts";
import { BarChart, TrendChart } from "./charts.tsx";
import { CSV_DIALECTS, toCsv, type CsvCell, type CsvDialectName } from "./csv.ts";
import { NotCachedError, PwsData, type Loaded } from "./data.ts";
import {
  ageText, cellView, columnGroups, isMonth, missedCsvRows, missingText, monthChoices, monthLabel, monthOf, NAME_ROLES, parseTarget, PWS_ROLES,
  sortMissed, TARGET_ROLES, tableCsvRows, targetIssues, trendCsvRows, words, type Column, type CsvWords, type FigureView,
} from "./model.ts";
import { lowerIsBetter, percent, shownPercent, targetAt, type Reach } from "./reach.ts";
import "./pws.css";

/**
 * The PWS console (issue 11): a lazy chunk, reached from Home by puskesmas, dinkes, pustu and camat.
 *   #/pws?month=&area=&ind=            the desa × indicator table, a cell's detail, the bar chart
 *   #/pws/trend/<indicator>?to=&area=  12-month trend per desa
 *   #/pws/missed/<indicator>/<unit>?month=   the sasaran not yet served (names: not for the camat)
 *   #/pws/print?month=&area=&ind=      the A4 page (table and chart)
 *   #/pws/targets?year=&area=          annual targets (the puskesmas edits its own)
 */

const METAS: readonly PwsIndicatorMeta[] = PWS_INDICATORS;
const META = new Map(METAS.map((m) => [m.id, m]));

let service: { userId: string; data: PwsData } | null = null;
function pws(): PwsData {
  const user = app.session!.user;
  if (service?.userId !== user.id) {
    service = { userId: user.id, data: new PwsData(new RequestPwsApi(<T,>(method: "GET" | "PUT", path: string, body?: unknown) => app.transport.request<T>(method, path, body)), app.store, user.id) };
  }
  return service.data;
}

const role = () => app.session!.user.role;
const lang = () => getLang();
const label = (id: string) => (META.get(id) ? words(META.get(id)!.label, lang()) : id);
const thisMonth = () => monthOf(new Date());
/** A target in the user's locale (82,5 in Bahasa Indonesia). */
const fmt = (n: number) => n.toLocaleString(locale(), { maximumFractionDigits: 1 });

function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

type State<T> = { status: "loading" } | { status: "ok"; loaded: Loaded<T> } | { status: "error"; error: unknown };

function useLoaded<T>(load: () => Promise<Loaded<T>>, deps: unknown[]): [State<T>, () => void] {
  const [state, setState] = useState<State<T>>({ status: "loading" });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: "loading" });
    load().then(
      (loaded) => live && setState({ status: "ok", loaded }),
      (error: unknown) => live && setState({ status: "error", error }),
    );
    return () => void (live = false);
  }, [...deps, n]);
  // A copy opened without a signal is replaced by the server's answer as soon as the signal is back.
  const offline = state.status === "ok" && state.loaded.offline;
  useEffect(() => {
    if (!offline) return;
    const on = () => setN((x) => x + 1);
    window.addEventListener("online", on);
    return () => window.removeEventListener("online", on);
  }, [offline]);
  return [state, () => setN((x) => x + 1)];
}

function Failure({ error, retry }: { error: unknown; retry: () => void }) {
  const text =
    error instanceof NotCachedError ? tp("pwsNotCached") : error instanceof TransportError ? serverError(error.code, error.message) : serverError(undefined, String(error));
  return (
    <div class="card" role="alert" data-testid="pws-error">
      <p>{text}</p>
      <button type="button" class="btn secondary" onClick={retry}>{tp("pwsReload")}</button>
    </div>
  );
}

/** "Data per 2 Des 2026 14.05, luring": what a copy opened without a signal shows. */
function OfflineMark({ loaded, generatedAt }: { loaded: Loaded<unknown>; generatedAt: string }) {
  if (!loaded.offline) return null;
  const d = new Date(generatedAt || loaded.at);
  const when = Number.isNaN(d.getTime()) ? formatDate(new Date(loaded.at).toISOString()) : d.toLocaleString(locale(), { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  return <p class="notice pws-offline" role="status" data-testid="pws-offline">{tp("pwsOffline", { date: when })}</p>;
}

// --- CSV ---

function defaultDialect(): CsvDialectName {
  return lang() === "id" ? "excel_id" : "standard";
}

function download(filename: string, rows: CsvCell[][], dialect: CsvDialectName): void {
  saveFile(new Blob([toCsv(rows, CSV_DIALECTS[dialect])], { type: "text/csv;charset=utf-8" }), filename);
}

/** A format choice (Excel in Indonesian wants ";" and a decimal comma) and the download button. */
function CsvButton({ name, rows, testid }: { name: string; rows: () => CsvCell[][]; testid: string }) {
  const [dialect, setDialect] = useState<CsvDialectName>(defaultDialect);
  return (
    <div class="pws-csv no-print">
      <label>
        <span class="visually-hidden">{tp("pwsCsvFormat")}</span>
        <select value={dialect} onChange={(e) => setDialect((e.target as HTMLSelectElement).value as CsvDialectName)} data-testid={`${testid}-dialect`} aria-label={tp("pwsCsvFormat")}>
          <option value="excel_id">{tp("pwsCsvExcelId")}</option>
          <option value="standard">{tp("pwsCsvStandard")}</option>
        </select>
      </label>
      <button type="button" class="btn secondary" data-testid={testid} onClick={() => download(`${name}.csv`, rows(), dialect)}>
        {tp("pwsCsv")}
      </button>
    </div>
  );
}

function csvWords(): CsvWords {
  return {
    unit: tp("pwsUnitDesa"), code: tp("pwsCode"), groupHeader: tp("pwsGroupHead"),
    group: (g) => tp(`pwsGroup_${g}` as PwsKey), indicator: tp("pwsIndicator"), target: tp("pwsTarget"),
    monthNum: `${tp("pwsNumerator")} (${tp("pwsMonth").toLowerCase()})`, monthDen: `${tp("pwsDenominator")} (${tp("pwsMonth").toLowerCase()})`, monthPct: `% (${tp("pwsMonth").toLowerCase()})`,
    ytdNum: `${tp("pwsNumerator")} (YTD)`, ytdDen: `${tp("pwsDenominator")} (YTD)`, ytdPct: "% (YTD)", targetYtd: tp("pwsTargetYtdCsv"), total: tp("pwsTotal"),
  };
}

// --- the route ---

export default function Pws({ route }: { route: Route }) {
  useLang();
  if (!PWS_ROLES.includes(role())) {
    return (
      <>
        <Header title={tp("pwsShort")} backTo="#/" />
        <Screen><p class="muted">{tp("pwsNotForRole")}</p></Screen>
      </>
    );
  }
  const [, sub, c, d] = route.parts;
  const q = route.query;
  const month = isMonth(q.get("month")) ? q.get("month")! : null;
  const area = q.get("area") ?? undefined;
  switch (sub) {
    case "trend":
      return <TrendScreen indicator={c ?? METAS[0]?.id ?? ""} to={isMonth(q.get("to")) ? q.get("to")! : thisMonth()} area={area} />;
    case "missed":
      return c && d ? <MissedScreen indicator={c} unit={d} month={month ?? thisMonth()} /> : <TableScreen month={month} area={area} ind={null} />;
    case "print":
      return <PrintScreen month={month} area={area} ind={q.get("ind")} />;
    case "targets":
      return <TargetsScreen year={Number(q.get("year")) || new Date().getFullYear()} area={area} />;
    default:
      return <TableScreen month={month} area={area} ind={q.get("ind")} />;
  }
}

// --- the table ---

/** "12 dari 15", then why there is no percentage or colour, if so. */
function countText(col: Column, v: FigureView): string {
  const parts = [v.den > 0 ? tp("pwsNumDen", { num: v.num, den: v.den }) : tp("pwsNoDen")];
  if (v.note === "small") parts.push(tp("pwsTooSmall", { min: col.meta.minDenominator ?? 0 }));
  if (v.note === "negative") parts.push(tp("pwsNegativeDropout"));
  return parts.join(" · ");
}

/** The target a pro-rated figure was compared with, in words; "" for any other indicator. */
function proRatedText(col: Column, v: FigureView, month: string, scope: "ytd" | "month"): string {
  if (!col.meta.proRate || col.target === null || v.target === null) return "";
  return scope === "month"
    ? tp("pwsTargetOfMonth", { value: fmt(v.target), target: fmt(col.target) })
    : tp("pwsTargetToDate", { month: monthLabel(month, locale(), "short"), value: fmt(v.target), target: fmt(col.target), m: Number(month.slice(5, 7)) });
}

/** A cell's title: the counts, then the target it was compared with where pro-rated. */
function cellTip(col: Column, v: FigureView, month: string): string {
  return [countText(col, v), proRatedText(col, v, month, "ytd")].filter(Boolean).join(" · ");
}

function Cell({ col, unit, table, selected, onPick }: { col: Column; unit: PwsUnit | null; table: PwsTable; selected: boolean; onPick: () => void }) {
  const cell = unit ? table.cells[col.meta.id]?.[unit.code] : table.total[col.meta.id];
  const v = cellView(col, cell, locale(), table.month);
  const tip = cellTip(col, v, table.month);
  const unitName = unit?.name ?? tp("pwsTotal");
  return (
    <td class={`pws-cell r-${v.reach}`}>
      <button
        type="button"
        title={tip}
        aria-pressed={selected}
        aria-label={`${tp("pwsCellOf", { unit: unitName, indicator: words(col.meta.label, lang()) })}: ${v.text}${v.value === null ? "" : "%"}, ${tip}`}
        data-testid={`pws-cell-${col.meta.id}-${unit?.code ?? "total"}`}
        data-reach={v.reach}
        onClick={onPick}
      >
        {v.text}
      </button>
    </td>
  );
}

function reachWords(r: Reach, meta: PwsIndicatorMeta): string {
  return tp((lowerIsBetter(meta.kind) && r !== "none" ? `pwsReachLower_${r}` : `pwsReach_${r}`) as PwsKey);
}

function CellDetail({ table, col, unit, onChart }: { table: PwsTable; col: Column; unit: PwsUnit | null; onChart: () => void }) {
  const cell = unit ? table.cells[col.meta.id]?.[unit.code] : table.total[col.meta.id];
  const v = cellView(col, cell, locale(), table.month);
  const m = v.month;
  const pct = (f: FigureView) => `${f.text}${f.value === null ? "" : "%"}`;
  // The month's own figure is coloured only against its share of a pro-rated target (target ÷ 12).
  const monthReach = col.meta.proRate && m.reach !== "none" ? ` · ${proRatedText(col, m, table.month, "month")}: ${reachWords(m.reach, col.meta)}` : "";
  const classes = unit ? table.classes?.[col.meta.id]?.[unit.code] : undefined;
  const names = NAME_ROLES.includes(role()) && col.meta.drillDown && unit;
  const monthName = monthLabel(table.month, locale());
  return (
    <section class="card pws-detail" aria-live="polite" data-testid="pws-detail">
      <h2>{tp("pwsCellOf", { unit: unit?.name ?? tp("pwsTotal"), indicator: words(col.meta.label, lang()) })}</h2>
      <p class="muted">{words(col.meta.description, lang())}</p>
      <dl class="facts">
        <dt>{tp("pwsYtd", { month: monthName })}</dt>
        <dd data-testid="pws-detail-ytd">
          <strong>{pct(v)}</strong> · {countText(col, v)}
        </dd>
        <dt>{tp("pwsMonthOnly", { month: monthName })}</dt>
        <dd data-testid="pws-detail-month">{m.den > 0 ? `${pct(m)} · ${countText(col, m)}${monthReach}` : tp("pwsNoDen")}</dd>
        <dt>{tp("pwsTarget")}</dt>
        <dd data-testid="pws-detail-target">
          {col.target === null ? tp("pwsNoTarget") : [`${fmt(col.target)}%`, proRatedText(col, v, table.month, "ytd"), reachWords(v.reach, col.meta)].filter(Boolean).join(" · ")}
        </dd>
        <dt>{tp("pwsSasaranHead")}</dt>
        <dd>{words(col.meta.sasaran, lang())}</dd>
        {classes && (
          <>
            <dt>{tp("pwsClasses")}</dt>
            <dd data-testid="pws-detail-classes">
              {(PWS_CLASSES[col.meta.id] ?? Object.keys(classes).map((id) => ({ id, label: { id, en: id } }))).map((k) => `${words(k.label, lang())}: ${classes[k.id] ?? 0}`).join(" · ")}
            </dd>
          </>
        )}
      </dl>
      <p class="muted small-note">{tp("pwsSource", { source: col.meta.source })}</p>
      <div class="actions no-print">
        <button type="button" class="btn secondary" onClick={onChart} data-testid="pws-show-chart">{tp("pwsShowChart")}</button>
        <a class="btn secondary" href={`#/pws/trend/${encodeURIComponent(col.meta.id)}${query({ to: table.month, area: table.area.code })}`} data-testid="pws-open-trend">{tp("pwsOpenTrend")}</a>
        {names && (
          <a class="btn primary" href={`#/pws/missed/${encodeURIComponent(col.meta.id)}/${encodeURIComponent(unit.code)}${query({ month: table.month })}`} data-testid="pws-open-missed">
            {tp("pwsOpenMissed")}
          </a>
        )}
      </div>
    </section>
  );
}

export function PwsTableView({ table, selected, onPick, only }: { table: PwsTable; selected: { ind: string; unit: string } | null; onPick: (ind: string, unit: string) => void; only?: PwsGroup }) {
  const groups = columnGroups(table, METAS).filter((g) => !only || g.group === only);
  const unitHead = table.area.level === "desa" ? tp("pwsUnitDusun") : tp("pwsUnitDesa");
  const rows: (PwsUnit | null)[] = [...table.units, null];
  return (
    <div class="pws-scroll" role="region" aria-label={tp("pwsTitle")} tabIndex={0}>
      <table class="pws-table" data-testid={only ? `pws-table-${only}` : "pws-table"}>
        <thead>
          <tr>
            <th rowSpan={2} scope="col" class="pws-sticky">{unitHead}</th>
            {groups.map((g) => (
              <th key={g.group} colSpan={g.columns.length} scope="colgroup" class="pws-group">{tp(`pwsGroup_${g.group}` as PwsKey)}</th>
            ))}
          </tr>
          <tr>
            {groups.flatMap((g) =>
              g.columns.map((c) => (
                <th key={c.meta.id} scope="col" title={words(c.meta.description, lang())} data-testid={`pws-col-${c.meta.id}`}>
                  {words(c.meta.label, lang())}
                  <span class="pws-target">{c.target === null ? "" : (lowerIsBetter(c.meta.kind) ? "≤" : "≥") + fmt(c.target)}</span>
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u?.code ?? "total"} class={u ? "" : "pws-total"}>
              <th scope="row" class="pws-sticky">{u?.name ?? tp("pwsTotal")}</th>
              {groups.flatMap((g) =>
                g.columns.map((c) => (
                  <Cell key={c.meta.id} col={c} unit={u} table={table} selected={!!selected && selected.ind === c.meta.id && selected.unit === (u?.code ?? "")} onPick={() => onPick(c.meta.id, u?.code ?? "")} />
                )),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChartFor({ table, ind }: { table: PwsTable; ind: string }) {
  const meta = META.get(ind);
  if (!meta) return null;
  const col: Column = { meta, target: table.targets[ind] ?? null };
  const items = table.units.map((u) => {
    const v = cellView(col, table.cells[ind]?.[u.code], locale(), table.month);
    return { code: u.code, label: u.name, value: v.value, reach: v.reach, tip: countText(col, v) };
  });
  const name = words(meta.label, lang());
  // The line the cells are coloured against: the target to date for a pro-rated indicator.
  const line = targetAt(meta, col.target, table.month, "ytd");
  const title =
    col.target === null || line === null ? tp("pwsChartNoTarget", { indicator: name })
    : meta.proRate ? tp("pwsChartOfProRated", { indicator: name, month: monthLabel(table.month, locale(), "short"), target: `${fmt(line)}%`, annual: `${fmt(col.target)}%` })
    : tp("pwsChartOf", { indicator: name, target: `${fmt(col.target)}%` });
  return <BarChart items={items} target={line} title={title} targetLabel={tp("pwsTargetLine")} testid={`pws-chart-${ind}`} />;
}

function MonthSelect({ value, onValue, testid, labelText }: { value: string; onValue: (m: string) => void; testid: string; labelText: string }) {
  const choices = monthChoices(thisMonth());
  if (!choices.includes(value)) choices.unshift(value);
  return (
    <label class="pws-pick">
      <span>{labelText}</span>
      <select value={value} onChange={(e) => onValue((e.target as HTMLSelectElement).value)} data-testid={testid}>
        {choices.map((m) => <option key={m} value={m}>{monthLabel(m, locale())}</option>)}
      </select>
    </label>
  );
}

function IndicatorSelect({ ids, value, onValue, testid, labelText }: { ids: string[]; value: string; onValue: (id: string) => void; testid: string; labelText: string }) {
  return (
    <label class="pws-pick">
      <span>{labelText}</span>
      <select value={value} onChange={(e) => onValue((e.target as HTMLSelectElement).value)} data-testid={testid}>
        {ids.filter((id) => META.has(id)).map((id) => <option key={id} value={id}>{label(id)} · {tp(`pwsGroup_${META.get(id)!.group}` as PwsKey)}</option>)}
      </select>
    </label>
  );
}

/** The areas under the user's own that a table can be opened for (dinkes: kecamatan; puskesmas, camat: desa), from the synced reference rows. */
function useSubAreas(): { code: string; name: string; level: string }[] {
  const [areas, setAreas] = useState<{ code: string; name: string; level: string }[]>([]);
  useEffect(() => {
    const own = app.session!.user.areaCode;
    void app.store.list<Area>("area").then(
      (rows) => setAreas(rows.filter((r) => r.data.parentCode === own && (r.data.level === "kecamatan" || r.data.level === "desa")).map((r) => ({ code: r.id, name: r.data.name, level: r.data.level })).sort((a, b) => a.name.localeCompare(b.name))),
      () => undefined,
    );
  }, []);
  return areas;
}

function AreaSelect({ value, onValue }: { value: string | undefined; onValue: (code: string | undefined) => void }) {
  const areas = useSubAreas();
  if (!areas.length) return null;
  return (
    <label class="pws-pick">
      <span>{tp("pwsArea")}</span>
      <select value={value ?? ""} onChange={(e) => onValue((e.target as HTMLSelectElement).value || undefined)} data-testid="pws-area">
        <option value="">{tp("pwsAreaAll")}</option>
        {areas.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
      </select>
    </label>
  );
}

/** Targets belong to a kecamatan: the puskesmas's own, or the one a dinkes opened. */
function targetsArea(table: PwsTable | null, area: string | undefined): string | undefined | null {
  if (role() === "puskesmas") return undefined;
  if (table?.area.level === "kecamatan") return table.area.code;
  return area && area.split(".").length === 3 ? area : null;
}

function TableScreen({ month, area, ind }: { month: string | null; area: string | undefined; ind: string | null }) {
  const wanted = month ?? thisMonth();
  const [state, retry] = useLoaded(() => pws().table(wanted, area), [wanted, area]);
  const [selected, setSelected] = useState<{ ind: string; unit: string } | null>(null);
  const go = (next: { month?: string; ind?: string | null; area?: string | null }) =>
    navigate(`#/pws${query({ month: next.month ?? wanted, area: next.area === undefined ? area : next.area, ind: next.ind === undefined ? ind : next.ind })}`, true);

  const table = state.status === "ok" ? state.loaded.data : null;
  const chartInd = table && ind && table.indicators.includes(ind) ? ind : table?.indicators.find((i) => META.has(i) && table.targets[i] !== null) ?? null;
  const sel = table && selected ? { col: { meta: META.get(selected.ind)!, target: table.targets[selected.ind] ?? null }, unit: table.units.find((u) => u.code === selected.unit) ?? null } : null;

  return (
    <>
      <Header title={tp("pwsShort")} backTo="#/" />
      <main class="screen pws-screen" data-testid="pws-screen">
        <h2 class="pws-h">{tp("pwsTitle")}{table ? ` · ${table.area.name}` : ""}</h2>
        <div class="pws-controls no-print">
          <MonthSelect value={table?.month ?? wanted} onValue={(m) => go({ month: m })} testid="pws-month" labelText={tp("pwsMonth")} />
          {role() !== "pustu" && <AreaSelect value={area} onValue={(a) => go({ area: a ?? null })} />}
          <div class="actions">
            {targetsArea(table, area) !== null && (
              <a class="btn secondary" href={`#/pws/targets${query({ year: (table?.month ?? wanted).slice(0, 4), area: targetsArea(table, area) ?? undefined })}`} data-testid="pws-targets-link">{tp("pwsTargets")}</a>
            )}
            <a class="btn secondary" href={`#/pws/print${query({ month: table?.month ?? wanted, area, ind: chartInd })}`} data-testid="pws-print-link">{tp("pwsPrint")}</a>
          </div>
        </div>
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <Failure error={state.error} retry={retry} />}
        {table && state.status === "ok" && (
          <>
            <OfflineMark loaded={state.loaded} generatedAt={table.generatedAt} />
            <p class="muted pws-legend">
              {tp("pwsYtd", { month: monthLabel(table.month, locale()) })}. {tp("pwsLegend")}
            </p>
            <PwsTableView table={table} selected={selected} onPick={(i, u) => setSelected(selected?.ind === i && selected.unit === u ? null : { ind: i, unit: u })} />
            <CsvButton name={`pws-${table.area.code}-${table.month}`} rows={() => tableCsvRows(table, METAS, lang(), csvWords())} testid="pws-csv" />
            {sel?.col.meta && <CellDetail table={table} col={sel.col} unit={sel.unit} onChart={() => go({ ind: sel.col.meta.id })} />}
            {chartInd && (
              <section class="pws-chart-box">
                <h2>{tp("pwsChart")}</h2>
                <IndicatorSelect ids={table.indicators} value={chartInd} onValue={(i) => go({ ind: i })} testid="pws-chart-indicator" labelText={tp("pwsChartIndicator")} />
                <ChartFor table={table} ind={chartInd} />
              </section>
            )}
          </>
        )}
      </main>
    </>
  );
}

// --- the print page ---

function PrintScreen({ month, area, ind }: { month: string | null; area: string | undefined; ind: string | null }) {
  const wanted = month ?? thisMonth();
  const [state, retry] = useLoaded(() => pws().table(wanted, area), [wanted, area]);
  const table = state.status === "ok" ? state.loaded.data : null;
  const chartInd = table && ind && table.indicators.includes(ind) ? ind : table?.indicators.find((i) => META.has(i) && table.targets[i] !== null) ?? null;
  return (
    <>
      <Header title={tp("pwsPrint")} backTo={`#/pws${query({ month: wanted, area, ind })}`} />
      <main class="print-page a4 pws-print" data-testid="pws-print">
        <div class="actions no-print">
          <button type="button" class="btn primary" onClick={() => window.print()} data-testid="pws-print-now">{tp("pwsPrint")}</button>
        </div>
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <Failure error={state.error} retry={retry} />}
        {table && state.status === "ok" && (
          <>
            <h1>{tp("pwsTitle")}</h1>
            <p>
              <strong>{table.area.name}</strong> · {tp("pwsYtd", { month: monthLabel(table.month, locale()) })}
            </p>
            <p class="muted">{tp("pwsPrintedAt", { date: formatDate(new Date().toISOString()), at: new Date(table.generatedAt).toLocaleString(locale()) })}</p>
            <OfflineMark loaded={state.loaded} generatedAt={table.generatedAt} />
            <p class="pws-legend small-note">{tp("pwsLegend")}</p>
            {/* One table per group: the whole row of indicators is wider than a landscape A4. */}
            {columnGroups(table, METAS).map((g) => (
              <div key={g.group} class="pws-print-group">
                <PwsTableView table={table} selected={null} onPick={() => undefined} only={g.group} />
              </div>
            ))}
            {chartInd && (
              <section class="pws-print-chart">
                <IndicatorSelect ids={table.indicators} value={chartInd} onValue={(i) => navigate(`#/pws/print${query({ month: table.month, area, ind: i })}`, true)} testid="pws-print-indicator" labelText={tp("pwsChartIndicator")} />
                <ChartFor table={table} ind={chartInd} />
              </section>
            )}
          </>
        )}
      </main>
    </>
  );
}

// --- the trend ---

function TrendScreen({ indicator, to, area }: { indicator: string; to: string; area: string | undefined }) {
  const [state, retry] = useLoaded(() => pws().trend(indicator, to, area), [indicator, to, area]);
  const go = (next: { indicator?: string; to?: string }) =>
    navigate(`#/pws/trend/${encodeURIComponent(next.indicator ?? indicator)}${query({ to: next.to ?? to, area })}`, true);
  const trend = state.status === "ok" ? state.loaded.data : null;
  const meta = META.get(indicator);
  return (
    <>
      <Header title={tp("pwsTrend")} backTo={`#/pws${query({ month: to, area })}`} />
      <main class="screen pws-screen" data-testid="pws-trend">
        <h2 class="pws-h">{tp("pwsTrendOf", { indicator: label(indicator) })}{trend ? ` · ${trend.area.name}` : ""}</h2>
        <div class="pws-controls no-print">
          <IndicatorSelect ids={METAS.map((m) => m.id)} value={indicator} onValue={(i) => go({ indicator: i })} testid="pws-trend-indicator" labelText={tp("pwsIndicator")} />
          <MonthSelect value={to} onValue={(m) => go({ to: m })} testid="pws-trend-to" labelText={tp("pwsTrendTo")} />
        </div>
        {meta && <p class="muted">{words(meta.description, lang())}</p>}
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <Failure error={state.error} retry={retry} />}
        {trend && state.status === "ok" && <TrendBody trend={trend} loaded={state.loaded} />}
      </main>
    </>
  );
}

function TrendBody({ trend, loaded }: { trend: PwsTrend; loaded: Loaded<PwsTrend> }) {
  const [target, setTarget] = useState<number | null>(META.get(trend.indicator)?.defaultTarget ?? null);
  // The table of the same month carries this puskesmas's own target; the trend does not.
  useEffect(() => {
    let live = true;
    void pws().table(trend.months[trend.months.length - 1] ?? thisMonth(), trend.area.code === app.session?.user.areaCode ? undefined : trend.area.code).then(
      (l) => live && trend.indicator in l.data.targets && setTarget(l.data.targets[trend.indicator] ?? null),
      () => undefined,
    );
    return () => void (live = false);
  }, [trend]);
  const meta = META.get(trend.indicator);
  const shown = (c: PwsCount) => (meta ? shownPercent(meta, c) : percent(c));
  const series = [...trend.units.map((u) => ({ code: u.code, name: u.name, values: (trend.series[u.code] ?? []).map(shown) })), { code: "total", name: tp("pwsTotal"), values: trend.total.map(shown) }];
  // Each point is one month's figure: a pro-rated indicator's line is its monthly share (target ÷ 12).
  const line = meta ? targetAt(meta, target, trend.months[trend.months.length - 1] ?? thisMonth(), "month") : target;
  const max = Math.max(10, line ?? 0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const monthsShort = trend.months.map((m) => monthLabel(m, locale(), "short"));
  return (
    <>
      <OfflineMark loaded={loaded} generatedAt={trend.generatedAt} />
      <CsvButton
        name={`pws-tren-${trend.indicator}-${trend.area.code}-${trend.months[trend.months.length - 1] ?? ""}`}
        rows={() => trendCsvRows(trend, { unit: tp("pwsUnitDesa"), code: tp("pwsCode"), month: tp("pwsMonth"), num: tp("pwsNumerator"), den: tp("pwsDenominator"), pct: "%", total: tp("pwsTotal") }, meta)}
        testid="pws-trend-csv"
      />
      {meta?.proRate && line !== null && <p class="muted small-note" data-testid="pws-trend-target-note">{tp("pwsTrendMonthlyTarget", { value: fmt(line) })}</p>}
      <div class="pws-trends">
        {series.map((s) => (
          <figure key={s.code} class="pws-trend-fig" data-testid={`pws-trend-${s.code}`}>
            <figcaption>{s.name}</figcaption>
            <TrendChart values={s.values} months={monthsShort} target={line} max={max} title={tp("pwsTrendUnit", { unit: s.name, indicator: label(trend.indicator) })} />
          </figure>
        ))}
      </div>
    </>
  );
}

// --- the sasaran not yet served ---

function MissedScreen({ indicator, unit, month }: { indicator: string; unit: string; month: string }) {
  const allowed = NAME_ROLES.includes(role());
  const [state, retry] = useLoaded<PwsMissed>(() => (allowed ? pws().missed(indicator, unit, month) : Promise.reject(new TransportError(403, "forbidden", "names"))), [indicator, unit, month]);
  const missed = state.status === "ok" ? state.loaded.data : null;
  const ages = { months: tp("pwsAgeMonths"), years: tp("pwsAgeYears"), weeks: tp("pwsAgeWeeks") };
  const people = missed ? sortMissed(missed.people, locale()) : [];
  return (
    <>
      <Header title={tp("pwsMissed")} backTo={`#/pws${query({ month })}`} />
      <main class="screen pws-screen print-page pws-missed" data-testid="pws-missed">
        {!allowed && <p class="muted" data-testid="pws-missed-refused">{tp("pwsMissedNoNames")}</p>}
        {allowed && state.status === "loading" && <Loading />}
        {allowed && state.status === "error" && <Failure error={state.error} retry={retry} />}
        {missed && state.status === "ok" && (
          <>
            <h1 class="pws-h">{tp("pwsMissed")}</h1>
            <p>
              <strong>{tp("pwsMissedOf", { indicator: label(missed.indicator), unit: missed.unit.name, month: monthLabel(missed.month, locale()) })}</strong>
            </p>
            <OfflineMark loaded={state.loaded} generatedAt={missed.generatedAt} />
            <p class="muted no-print">{tp("pwsMissedHint")}</p>
            <div class="actions no-print">
              <button type="button" class="btn primary" onClick={() => window.print()} data-testid="pws-missed-print">{tp("pwsPrintMissed")}</button>
            </div>
            <CsvButton
              name={`sasaran-${missed.indicator}-${missed.unit.code}-${missed.month}`}
              rows={() => missedCsvRows(missed, METAS, lang(), locale(), { name: tp("pwsMissedName"), dusun: tp("pwsMissedDusun"), age: tp("pwsMissedAge"), missing: tp("pwsMissedWhat"), last: tp("pwsMissedLast"), ages }, PWS_MISSING_WORDS)}
              testid="pws-missed-csv"
            />
            <p data-testid="pws-missed-count">{people.length ? tp("pwsMissedCount", { n: people.length }) : tp("pwsMissedNone")}</p>
            {people.length > 0 && (
              <div class="pws-list-wrap">
                <table class="pws-list" data-testid="pws-missed-list">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{tp("pwsMissedName")}</th>
                      <th scope="col">{tp("pwsMissedDusun")}</th>
                      <th scope="col">{tp("pwsMissedAge")}</th>
                      <th scope="col">{tp("pwsMissedWhat")}</th>
                      <th scope="col">{tp("pwsMissedLast")}</th>
                      <th scope="col" class="print-only">{tp("pwsVisited")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {people.map((p, i) => (
                      <tr key={p.personId} data-testid="pws-missed-row">
                        <td>{i + 1}</td>
                        <td><a href={`#/person/${p.personId}`}>{p.name}</a></td>
                        <td>{p.dusunName ?? "—"}</td>
                        <td>{ageText(p.age, ages)}</td>
                        <td>{p.missing.map((c) => missingText(c, METAS, lang(), PWS_MISSING_WORDS)).join(", ")}</td>
                        <td>{p.lastServiceDate ? formatDate(p.lastServiceDate) : "—"}</td>
                        <td class="print-only pws-tick" aria-hidden="true" />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </main>
    </>
  );
}

// --- annual targets ---

function TargetsScreen({ year, area }: { year: number; area: string | undefined }) {
  const [state, retry] = useLoaded(() => pws().targets(year, area), [year, area]);
  const current = new Date().getFullYear();
  const years = [current + 1, current, current - 1, current - 2];
  if (!years.includes(year)) years.push(year);
  return (
    <>
      <Header title={tp("pwsTargets")} backTo={`#/pws${query({ area })}`} />
      <main class="screen pws-screen" data-testid="pws-targets">
        <h2 class="pws-h">{tp("pwsTargetsOf", { year })}</h2>
        <label class="pws-pick no-print">
          <span>{tp("pwsYear")}</span>
          <select value={String(year)} onChange={(e) => navigate(`#/pws/targets${query({ year: (e.target as HTMLSelectElement).value, area })}`, true)} data-testid="pws-targets-year">
            {years.sort((a, b) => b - a).map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </label>
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <Failure error={state.error} retry={retry} />}
        {state.status === "ok" && <TargetsForm key={`${year}:${state.loaded.data.kecCode}`} loaded={state.loaded} area={area} />}
      </main>
    </>
  );
}

function TargetsForm({ loaded, area }: { loaded: Loaded<PwsTargets>; area: string | undefined }) {
  const data = loaded.data;
  const editable = TARGET_ROLES.includes(role()) && !loaded.offline;
  const ids = METAS.filter((m) => m.kind !== "distribution").map((m) => m.id);
  const initial = useMemo(() => Object.fromEntries(ids.map((id) => [id, data.custom.includes(id) && data.targets[id] != null ? String(data.targets[id]).replace(".", lang() === "id" ? "," : ".") : ""])), [data]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const issueText = (code: string) => tp(isPwsKey(`pwsIssue_${code}`) ? (`pwsIssue_${code}` as PwsKey) : "pwsIssue_other");

  const save = async () => {
    const local: Record<string, string> = {};
    const targets: Record<string, number | null> = {};
    for (const id of ids) {
      const v = parseTarget(values[id] ?? "");
      if (v === undefined) local[id] = tp("pwsTargetRange");
      else targets[id] = v;
    }
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      await pws().saveTargets(data.year, targets, area);
      toast(tp("pwsTargetSaved", { year: data.year }));
    } catch (e) {
      if (e instanceof TransportError && e.isNetwork) setFormError(tp("pwsTargetNeedsSignal"));
      else if (e instanceof TransportError) {
        const { byField, other } = targetIssues(e.details, ids);
        setErrors(Object.fromEntries(Object.entries(byField).map(([id, code]) => [id, issueText(code)])));
        setFormError(Object.keys(byField).length && !other.length ? null : serverError(e.code, e.message));
      } else setFormError(serverError(undefined, String(e)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      class="pws-targets"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <OfflineMark loaded={loaded} generatedAt="" />
      <p class="muted">{editable ? tp("pwsTargetsHint") : tp("pwsTargetsReadOnly")}</p>
      {formError && <p class="error" role="alert" data-testid="pws-targets-error">{formError}</p>}
      {columnGroups({ indicators: ids, targets: data.targets }, METAS).map((g) => (
        <fieldset key={g.group} class="pws-target-group">
          <legend>{tp(`pwsGroup_${g.group}` as PwsKey)}</legend>
          {g.columns.map((c) => {
            const id = c.meta.id;
            const fid = `pws-target-${id}`;
            const err = errors[id];
            return (
              <div key={id} class={"field pws-target-field" + (err ? " has-error" : "")} data-field={id}>
                <label for={fid}>
                  {words(c.meta.label, lang())} <span class="muted">({lowerIsBetter(c.meta.kind) ? "≤" : "≥"} %)</span>
                </label>
                <p class="hint" id={fid + "-hint"}>
                  {words(c.meta.description, lang())} · {tp("pwsTargetDefault", { value: c.meta.defaultTarget === null ? tp("pwsNoTarget") : `${fmt(c.meta.defaultTarget)}%` })}
                  {data.custom.includes(id) ? ` · ${tp("pwsTargetCustom")}` : ""}
                </p>
                <input
                  id={fid}
                  name={id}
                  inputMode="decimal"
                  value={values[id] ?? ""}
                  placeholder={c.meta.defaultTarget === null ? "" : String(c.meta.defaultTarget)}
                  disabled={!editable}
                  aria-invalid={err ? "true" : undefined}
                  aria-describedby={err ? fid + "-error" : fid + "-hint"}
                  data-testid={fid}
                  onInput={(e) => setValues({ ...values, [id]: (e.target as HTMLInputElement).value })}
                />
                {err && <p class="error" id={fid + "-error"} role="alert">{err}</p>}
              </div>
            );
          })}
        </fieldset>
      ))}
      {editable && (
        <button type="submit" class="btn primary" disabled={saving} data-testid="pws-targets-save">
          {saving ? t("saving") : t("save")}
        </button>
      )}
    </form>
  );
}
