import { useEffect, useState } from "preact/hooks";
import { formatMonthEn, formatMonthId } from "../../../../domain/rules/dates.ts";
import { getLang, serverError, useLang } from "../../i18n/index.ts";
import { lastAnswer, statusText, ts } from "../../i18n/interop-send.ts";
import { app } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";

/**
 * The SATUSEHAT send panel of the interop console (issue 13, part 3): per desa of the user's area,
 * the month's send job (queued, sending, sent, failed), what the send log holds, the last answer
 * code; and a button that queues a desa's month (POST /api/satusehat/send answers 202 at once:
 * the Worker's queue consumer sends, and phones keep syncing). While a job is queued or running
 * the status is read again every few seconds. Counts only, no names: the list of persons who
 * could not be exported is the export panel's (fhir.tsx).
 */

export interface SendJob {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  requestedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  lastHttpStatus: number | null;
  total: number;
  sent: number;
  unchanged: number;
  failed: number;
  unexported: number;
}
export interface SendStatusRow {
  code: string;
  name: string;
  configured: boolean;
  pending: boolean;
  log: { sent: number; failed: number };
  job: SendJob | null;
}
export interface SendStatus {
  area: string;
  month: string;
  configured: Record<string, boolean>;
  desa: SendStatusRow[];
}

/** How often the status is read again while something is queued or sending. */
const POLL_MS = 3000;

function errorText(e: unknown): string {
  return e instanceof TransportError ? (e.status === 0 ? ts("sendNeedsSignal") : serverError(e.code, e.message)) : serverError(undefined, String(e));
}

const monthWords = (m: string) => (getLang() === "en" ? formatMonthEn(m) : formatMonthId(m));

export function SatusehatSend({ month, area }: { month: string; area?: string }) {
  useLang();
  const [state, setState] = useState<{ status: "loading" } | { status: "ok"; data: SendStatus } | { status: "error"; error: string }>({ status: "loading" });
  const [n, setN] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const query = `/api/satusehat/status?month=${encodeURIComponent(month)}${area ? `&area=${encodeURIComponent(area)}` : ""}`;

  useEffect(() => {
    let live = true;
    app.transport.request<SendStatus>("GET", query).then(
      (data) => live && setState({ status: "ok", data }),
      (e: unknown) => live && setState({ status: "error", error: errorText(e) }),
    );
    return () => void (live = false);
  }, [query, n]);

  const pending = state.status === "ok" && state.data.desa.some((d) => d.pending);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setN((x) => x + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, n]);

  async function send(d: SendStatusRow) {
    setFailed(null);
    setNote(null);
    setSending(d.code);
    try {
      const r = await app.transport.request<{ queued: boolean }>("POST", "/api/satusehat/send", { desa: d.code, month });
      setNote(ts(r.queued ? "sendQueuedNote" : "sendAlreadyQueued", { desa: d.name }));
      setN((x) => x + 1);
    } catch (e) {
      setFailed(errorText(e));
    } finally {
      setSending(null);
    }
  }

  const anyConfigured = state.status === "ok" && Object.values(state.data.configured).some(Boolean);
  return (
    <section class="card fhir" data-testid="satusehat-send" aria-labelledby="satusehat-send-title">
      <h2 id="satusehat-send-title">{ts("sendTitle")}</h2>
      <p class="muted small-note">{ts("sendIntro", { month: monthWords(month) })}</p>
      {state.status === "loading" && <p class="muted" role="status">{ts("sendLoading")}</p>}
      {state.status === "error" && (
        <p role="alert" class="notice">
          {state.error}{" "}
          <button type="button" class="btn secondary" onClick={() => setN((x) => x + 1)}>{ts("sendReload")}</button>
        </p>
      )}
      {state.status === "ok" && (
        <>
          {!anyConfigured && <p class="notice" data-testid="satusehat-not-configured">{ts("sendNotConfigured")}</p>}
          <div class="fhir-scroll">
            <table class="fhir-table" data-testid="satusehat-status">
              <thead>
                <tr>
                  <th scope="col">{ts("sendDesa")}</th>
                  <th scope="col">{ts("sendStatus")}</th>
                  <th scope="col">{ts("sendSent")}</th>
                  <th scope="col">{ts("sendFailed")}</th>
                  <th scope="col">{ts("sendLastCode")}</th>
                  <th scope="col"><span class="visually-hidden">{ts("sendAction")}</span></th>
                </tr>
              </thead>
              <tbody>
                {state.data.desa.map((d) => {
                  const job = d.job;
                  return (
                    <tr key={d.code} data-testid={`satusehat-row-${d.code}`} data-status={job?.status ?? "none"}>
                      <th scope="row">{d.name}</th>
                      <td data-testid={`satusehat-status-${d.code}`}>
                        {statusText(job?.status ?? null)}
                        {job && job.status !== "queued" && (
                          <div class="muted small-note">{ts("sendCounts", { sent: job.sent, unchanged: job.unchanged, failed: job.failed, unexported: job.unexported })}</div>
                        )}
                      </td>
                      <td>{d.log.sent}</td>
                      <td>{d.log.failed}</td>
                      <td>{lastAnswer(job)}</td>
                      <td>
                        <button
                          type="button" class="btn secondary" disabled={!d.configured || d.pending || sending !== null}
                          onClick={() => void send(d)} aria-label={ts("sendActionOf", { desa: d.name, month: monthWords(month) })} data-testid={`satusehat-send-${d.code}`}
                        >
                          {job && (job.status === "failed" || d.log.failed > 0) ? ts("sendResend") : ts("sendAction")}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {note && <p class="muted" role="status" data-testid="satusehat-send-note">{note}</p>}
      {failed && <p role="alert" class="notice" data-testid="satusehat-send-error">{failed}</p>}
    </section>
  );
}
