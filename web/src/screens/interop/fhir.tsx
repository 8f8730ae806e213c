import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Area } from "../../../../domain/entities/types.ts";
import type { MessageKey } from "../../i18n/id.ts";
import { formatDate, locale, serverError, t, useLang } from "../../i18n/index.ts";
import { reasonText, tf, type FhirKey } from "../../i18n/interop-fhir.ts";
import { app } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";
import { saveFile } from "../../util/save-file.ts";
import {
  bundleFileName, collectBundle, groupUnexported, periodQuery, RequestFhirApi, summaryColumns,
  type CollectedBundle, type FhirApi, type FhirPeriodQuery, type FhirSummary,
} from "./fhir-bundle.ts";
import "./fhir.css";

/**
 * The SATUSEHAT export panel of the interop console (issue 13, part 2): pick a month or a year
 * (and, for a dinkes, a kecamatan), see per desa what its FHIR R4 transaction Bundle holds and
 * what could not be exported, download a desa's Bundle as one .json file, and read the list of
 * persons and visits left out, with the reason in words. Everything comes from the server
 * (GET /api/fhir/summary, /api/fhir/bundle), which checks the role and area again and audits
 * each page. The send to SATUSEHAT is another panel, rendered in this one's slot
 * (data-testid fhir-send-slot) through `send` (with the chosen month and area) or `children`.
 */

let service: { userId: string; api: FhirApi } | null = null;
function fhirApi(): FhirApi {
  const user = app.session!.user;
  if (service?.userId !== user.id) {
    service = { userId: user.id, api: new RequestFhirApi(<T,>(method: "GET", path: string) => app.transport.request<T>(method, path)) };
  }
  return service.api;
}

const role = () => app.session!.user.role;

/** The kecamatan a dinkes may pick (its kabupaten's, from the synced reference rows). */
function useKecamatan(): { code: string; name: string }[] {
  const [areas, setAreas] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    if (role() !== "dinkes") return;
    const own = app.session!.user.areaCode;
    void app.store.list<Area>("area").then(
      (rows) => setAreas(rows.filter((r) => r.data.parentCode === own && r.data.level === "kecamatan").map((r) => ({ code: r.id, name: r.data.name })).sort((a, b) => a.name.localeCompare(b.name))),
      () => undefined,
    );
  }, []);
  return areas;
}

function errorText(e: unknown): string {
  if (!(e instanceof TransportError)) return serverError(undefined, String(e));
  if (e.status === 0) return tf("fhirNeedsSignal");
  // The catalogue's invalid_cursor speaks of the sync; here a page cursor of a download went stale.
  return e.code === "invalid_cursor" ? tf("fhirRestart") : serverError(e.code, e.message);
}

const formWords = (id: string) => {
  const key = `form_${id}` as MessageKey;
  const s = t(key) as string | undefined;
  return s ?? id;
};

type Done = { desa: { code: string; name: string }; file: string; result: CollectedBundle };

/**
 * `send`: the send panel (send.tsx), given what this panel has chosen (the month, or null in
 * year mode; a dinkes's kecamatan), e.g. `send={(s) => s.month && <SatusehatSend month={s.month} area={s.area} />}`.
 * `children` are rendered in the same slot as they are.
 */
export function FhirExport({ month, children, send }: { month: string; children?: ComponentChildren; send?: (chosen: { month: string | null; area?: string }) => ComponentChildren }) {
  useLang();
  const [kind, setKind] = useState<"month" | "year">("month");
  const [monthValue, setMonth] = useState(month);
  const [yearValue, setYear] = useState(month.slice(0, 4));
  useEffect(() => setMonth(month), [month]);
  const kecs = useKecamatan();
  const [kec, setKec] = useState<string>("");
  const needsKec = role() === "dinkes";
  const period: FhirPeriodQuery = periodQuery(kind, kind === "month" ? monthValue : yearValue);
  const key = JSON.stringify([period, kec]);

  const [summary, setSummary] = useState<{ status: "idle" | "loading" } | { status: "ok"; data: FhirSummary } | { status: "error"; error: unknown }>({ status: "idle" });
  const [n, setN] = useState(0);
  useEffect(() => {
    if (needsKec && !kec) return setSummary({ status: "idle" });
    let live = true;
    setSummary({ status: "loading" });
    fhirApi().summary({ ...(kec ? { area: kec } : {}), ...period }).then(
      (data) => live && setSummary({ status: "ok", data }),
      (error: unknown) => live && setSummary({ status: "error", error }),
    );
    return () => void (live = false);
  }, [key, n]);

  const [busy, setBusy] = useState<{ desa: string; page: number; entries: number } | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => setDone(null), [key]);

  async function fetchDesa(desa: { code: string; name: string }) {
    setFailed(null);
    setDone(null);
    setBusy({ desa: desa.code, page: 1, entries: 0 });
    try {
      const result = await collectBundle(fhirApi(), desa.code, period, (p) => setBusy({ desa: desa.code, page: p.page + 1, entries: p.entries }));
      const file = bundleFileName(desa.code, period);
      saveFile(result.blob, file);
      setDone({ desa, file, result });
    } catch (e) {
      setFailed(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear - i));
  return (
    <section class="card fhir" data-testid="fhir-export" aria-labelledby="fhir-title">
      <h2 id="fhir-title">{tf("fhirTitle")}</h2>
      <p class="muted small-note">{tf("fhirIntro")}</p>
      <div class="fhir-controls">
        <label class="fhir-pick">
          <span>{tf("fhirPeriod")}</span>
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as "month" | "year")} data-testid="fhir-period-kind">
            <option value="month">{tf("fhirPeriodMonth")}</option>
            <option value="year">{tf("fhirPeriodYear")}</option>
          </select>
        </label>
        {kind === "month" ? (
          <label class="fhir-pick">
            <span>{tf("fhirMonth")}</span>
            <input type="month" value={monthValue} max={new Date().toISOString().slice(0, 7)} onChange={(e) => /^\d{4}-\d{2}$/.test((e.target as HTMLInputElement).value) && setMonth((e.target as HTMLInputElement).value)} data-testid="fhir-month" />
          </label>
        ) : (
          <label class="fhir-pick">
            <span>{tf("fhirYear")}</span>
            <select value={yearValue} onChange={(e) => setYear((e.target as HTMLSelectElement).value)} data-testid="fhir-year">
              {years.map((y) => <option key={y} value={y}>{y}</option>)}
            </select>
          </label>
        )}
        {needsKec && (
          <label class="fhir-pick">
            <span>{tf("fhirKecamatan")}</span>
            <select value={kec} onChange={(e) => setKec((e.target as HTMLSelectElement).value)} data-testid="fhir-kecamatan">
              <option value="">{tf("fhirPickKecamatan")}</option>
              {kecs.map((k) => <option key={k.code} value={k.code}>{k.name}</option>)}
            </select>
          </label>
        )}
      </div>

      {summary.status === "loading" && <p class="muted" role="status">{tf("fhirLoading")}</p>}
      {summary.status === "error" && (
        <div role="alert" data-testid="fhir-error">
          <p>{errorText(summary.error)}</p>
          <button type="button" class="btn secondary" onClick={() => setN((x) => x + 1)}>{tf("fhirReload")}</button>
        </div>
      )}
      {summary.status === "ok" && (
        <>
          {!summary.data.organizationConfigured && <p class="notice" data-testid="fhir-not-configured">{tf("fhirNotConfigured")}</p>}
          <div class="fhir-scroll">
            <table class="fhir-table" data-testid="fhir-summary">
              <thead>
                <tr>
                  <th scope="col">{tf("fhirDesa")}</th>
                  <th scope="col"><span class="visually-hidden">{tf("fhirDownload")}</span></th>
                  <th scope="col">{tf("fhirPatients")}</th>
                  <th scope="col">{tf("fhirEncounters")}</th>
                  <th scope="col">{tf("fhirObservations")}</th>
                  <th scope="col">{tf("fhirOthers")}</th>
                  <th scope="col">{tf("fhirUnexported")}</th>
                </tr>
              </thead>
              <tbody>
                {summary.data.units.map((u) => {
                  const c = summaryColumns(u.counts);
                  const fmt = (x: number) => x.toLocaleString(locale());
                  return (
                    <tr key={u.code} data-testid={`fhir-row-${u.code}`}>
                      <th scope="row">{u.name}</th>
                      <td>
                        {u.persons > 0 ? (
                          <button type="button" class="btn secondary" disabled={busy !== null} onClick={() => void fetchDesa(u)} aria-label={tf("fhirDownloadOf", { desa: u.name })} data-testid={`fhir-download-${u.code}`}>
                            {busy?.desa === u.code ? "…" : tf("fhirDownload")}
                          </button>
                        ) : (
                          <span class="muted" title={tf("fhirNoneInPeriod")}>—</span>
                        )}
                      </td>
                      <td data-col="patients">{fmt(c.patients)}</td>
                      <td data-col="encounters">{fmt(c.encounters)}</td>
                      <td data-col="observations">{fmt(c.observations)}</td>
                      <td data-col="others">{fmt(c.others)}</td>
                      <td data-col="unexported" title={Object.entries(u.reasons).map(([r, k]) => `${reasonText(r)}: ${k}`).join("\n")}>{fmt(u.unexported)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{tf("fhirTotal")}</th>
                  <td />
                  {(() => {
                    const c = summaryColumns(summary.data.total.counts);
                    return [c.patients, c.encounters, c.observations, c.others, summary.data.total.unexported].map((x, i) => <td key={i}>{x.toLocaleString(locale())}</td>);
                  })()}
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
      {busy && <p class="muted" role="status" data-testid="fhir-progress">{tf("fhirDownloading", { page: busy.page, entries: busy.entries })}</p>}
      {failed && <p role="alert" class="notice" data-testid="fhir-download-error">{failed}</p>}
      {done && <Result done={done} />}
      <div class="fhir-send-slot" data-testid="fhir-send-slot">
        {send?.({ month: kind === "month" ? monthValue : null, ...(kec ? { area: kec } : {}) })}
        {children}
      </div>
    </section>
  );
}

function Result({ done }: { done: Done }) {
  const { result, desa } = done;
  const groups = groupUnexported(result.unexported);
  return (
    <div class="fhir-result" data-testid="fhir-result">
      <p role="status" data-testid="fhir-done">{tf("fhirDownloaded", { desa: desa.name, entries: result.entries.toLocaleString(locale()), pages: result.pages, file: done.file })}</p>
      {groups.length === 0 ? (
        <p class="muted">{tf("fhirUnexportedNone")}</p>
      ) : (
        <>
          <h3>{tf("fhirUnexportedOf", { desa: desa.name, count: groups.length })}</h3>
          <p class="muted small-note">{tf("fhirUnexportedHelp")}</p>
          <ul class="fhir-unexported" data-testid="fhir-unexported">
            {groups.map((g) => (
              <li key={g.personId} data-testid="fhir-unexported-person">
                <strong>{g.name ?? tf("fhirNoName")}</strong>
                <ul>
                  {g.items.map((u) => (
                    <li key={u.id}>
                      {tf(`fhirEntity_${u.entity}` as FhirKey)}
                      {u.formId ? ` · ${formWords(u.formId)}` : ""}
                      {u.date ? ` · ${formatDate(u.date)}` : ""}
                      {": "}
                      <span data-testid="fhir-reason">{reasonText(u.reason)}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
