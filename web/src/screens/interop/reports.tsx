/**
 * The monthly report files (issue 13, part 4): gizi, KIA, imunisasi and PTM as CSV, per month and
 * area, from GET /api/reports/monthly (the server builds them from the PWS table of the month, so
 * each figure equals the console's). Choose the month, the area (as the PWS console: the user's own,
 * or a desa / kecamatan under it from the synced reference rows) and the format, then download.
 * The files need a signal: they are made on the server, never from the phone's copy.
 */
import { useEffect, useId, useState } from "preact/hooks";
import type { Area } from "../../../../domain/entities/types.ts";
import { MONTHLY_REPORT_IDS, REPORT_SEPARATORS, reportFileName, type MonthlyReportId, type ReportSeparator } from "../../../../domain/reports/monthly.ts";
import { getLang, locale, serverError, useLang } from "../../i18n/index.ts";
import { tir, type InteropReportsKey } from "../../i18n/interop-reports.ts";
import { app, toast } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";
import { saveFile } from "../../util/save-file.ts";
import { isMonth, monthChoices, monthLabel, monthOf } from "../pws/model.ts";

/** The API path of one report file. */
export function reportPath(q: { report: MonthlyReportId; month: string; area?: string; sep: ReportSeparator }): string {
  const p = new URLSearchParams({ report: q.report, month: q.month });
  if (q.area) p.set("area", q.area);
  p.set("sep", q.sep);
  return `/api/reports/monthly?${p}`;
}

/** The file name the server gave (Content-Disposition), else the same pattern built here. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(disposition ?? "");
  return m?.[1] ?? fallback;
}

/**
 * Fetch a file with the device's token (app.transport speaks JSON only). A refusal or bad input
 * comes back as a TransportError with the server's code, so it is said through the catalogue.
 */
async function fetchFile(path: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: "text/csv", authorization: `Bearer ${app.session?.token ?? ""}` }, cache: "no-store", credentials: "omit" });
  } catch (e) {
    throw new TransportError(0, "network", e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const err = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new TransportError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.details);
  }
  return res;
}

/** The areas under the user's own (dinkes: kecamatan; puskesmas: desa), from the synced reference rows, as the PWS console offers them. */
function useSubAreas(): { code: string; name: string }[] {
  const [areas, setAreas] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    const own = app.session!.user.areaCode;
    void app.store.list<Area>("area").then(
      (rows) => setAreas(rows.filter((r) => r.data.parentCode === own && (r.data.level === "kecamatan" || r.data.level === "desa")).map((r) => ({ code: r.id, name: r.data.name })).sort((a, b) => a.name.localeCompare(b.name))),
      () => setAreas([]),
    );
  }, []);
  return areas;
}

function Pick({ label, value, onValue, options, testid }: { label: string; value: string; onValue: (v: string) => void; options: { value: string; label: string }[]; testid: string }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onValue((e.target as HTMLSelectElement).value)} data-testid={testid}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export function MonthlyReports({ month }: { month: string }) {
  useLang();
  const [chosen, setChosen] = useState(isMonth(month) ? month : monthOf(new Date()));
  useEffect(() => setChosen(isMonth(month) ? month : monthOf(new Date())), [month]);
  const [area, setArea] = useState("");
  const [sep, setSep] = useState<ReportSeparator>(getLang() === "id" ? "semicolon" : "comma");
  const [busy, setBusy] = useState<MonthlyReportId | null>(null);
  const [error, setError] = useState<string | null>(null);
  const areas = useSubAreas();
  const months = monthChoices(monthOf(new Date()));
  if (!months.includes(chosen)) months.unshift(chosen);

  async function download(report: MonthlyReportId) {
    setBusy(report);
    setError(null);
    try {
      const res = await fetchFile(reportPath({ report, month: chosen, area: area || undefined, sep }));
      const name = fileNameOf(res.headers.get("content-disposition"), reportFileName(report, chosen, area || app.session!.user.areaCode));
      saveFile(await res.blob(), name);
      toast(tir("irDownloaded", { file: name }));
    } catch (e) {
      setError(e instanceof TransportError ? (e.isNetwork ? tir("irOffline") : serverError(e.code, e.message)) : serverError("local_error", e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card" data-testid="interop-reports">
      <h2>{tir("irTitle")}</h2>
      <p class="muted">{tir("irIntro")}</p>
      <Pick label={tir("irMonth")} value={chosen} onValue={setChosen} options={months.map((m) => ({ value: m, label: monthLabel(m, locale()) }))} testid="ir-month" />
      {areas.length > 0 && (
        <Pick label={tir("irArea")} value={area} onValue={setArea} options={[{ value: "", label: tir("irAreaAll") }, ...areas.map((a) => ({ value: a.code, label: a.name }))]} testid="ir-area" />
      )}
      <Pick
        label={tir("irFormat")} value={sep} onValue={(v) => setSep(v as ReportSeparator)} testid="ir-sep"
        options={REPORT_SEPARATORS.map((s) => ({ value: s, label: tir(s === "semicolon" ? "irFormatSemicolon" : "irFormatComma") }))}
      />
      <p class="hint">{tir("irRowsNote")}</p>
      {error && <p class="error" role="alert" data-testid="ir-error">{error}</p>}
      <ul class="list" data-testid="ir-list">
        {MONTHLY_REPORT_IDS.map((r) => (
          <li key={r} class="row">
            <span>{tir(`irReport_${r}` as InteropReportsKey)}</span>
            <button type="button" class="btn secondary" disabled={busy !== null} onClick={() => void download(r)} data-testid={`ir-download-${r}`}>
              {busy === r ? tir("irDownloading") : tir("irDownload")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
