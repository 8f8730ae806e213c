import { useEffect, useState } from "preact/hooks";
import { areaAncestor } from "../../../../domain/area/codes.ts";
import { SHARDS } from "../../../../domain/shards/registry.ts";
import { ACTIVE_TRANSFER_STATES, TRANSFER_ROLES, type TransferState } from "../../../../domain/transfers/rules.ts";
import { Button, Header, Screen, Select } from "../../components/ui.tsx";
import { serverError, useLang } from "../../i18n/index.ts";
import { tt } from "../../i18n/transfer.ts";
import { app } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";

/**
 * "Pindah ke kabupaten lain" (issue 16; docs/SCALE.md, "Moves between kabupaten"): a pustu,
 * puskesmas or dinkes hands a household over to a desa of another kabupaten that Simpul serves.
 * The phone holds only its own kabupaten's areas, so the destination's desa come from the server
 * (GET /api/transfers/destinations); the move itself is POST /api/transfers, whose answer is the
 * transfer's state, read again until it is done, failed or stalled (the server retries a stalled
 * one daily; the dinkes must look at it, so the phone stops asking). Online only.
 */
interface Destination { code: string; name: string; kecamatan: string | null }
interface TransferView { id: string; state: TransferState; errorCode: string | null; toDesa: string; attempts: number; stalled: boolean }

/**
 * Reading the state again (our choice: a transfer runs in well under a second; a poll also lets
 * the server resume one whose request died). After a failed try the server waits minutes before
 * the next (domain/transfers/rules.ts transferRetryDelayMs), so the phone slows down too.
 */
const POLL_MS = 3000;
const POLL_AFTER_FAILURE_MS = 30_000;

function errorText(e: unknown): string {
  return e instanceof TransportError ? (e.status === 0 ? tt("needsSignal") : serverError(e.code, e.message)) : serverError(undefined, String(e));
}

export function HouseholdTransfer({ id }: { id: string }) {
  useLang();
  const user = app.session!.user;
  const own = areaAncestor(user.areaCode, "kabupaten");
  const others = SHARDS.filter((s) => s.kabupaten !== own);
  const [kab, setKab] = useState(others.length === 1 ? others[0]!.kabupaten : "");
  const [desaList, setDesaList] = useState<Destination[] | null>(null);
  const [desa, setDesa] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [transfer, setTransfer] = useState<TransferView | null>(null);

  useEffect(() => {
    if (!kab) return;
    let live = true;
    setDesaList(null);
    setDesa("");
    app.transport.request<{ desa: Destination[] }>("GET", `/api/transfers/destinations?kabupaten=${encodeURIComponent(kab)}`).then(
      (r) => live && setDesaList(r.desa),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => void (live = false);
  }, [kab]);

  // While the transfer is under way, its state is read again (the steps run on the server).
  useEffect(() => {
    if (!transfer || !ACTIVE_TRANSFER_STATES.includes(transfer.state) || transfer.stalled) return;
    const timer = setTimeout(() => {
      app.transport.request<{ transfer: TransferView }>("GET", `/api/transfers/${transfer.id}`).then((r) => setTransfer(r.transfer), (e: unknown) => setError(errorText(e)));
    }, transfer.attempts > 0 ? POLL_AFTER_FAILURE_MS : POLL_MS);
    return () => clearTimeout(timer);
  }, [transfer]);

  if (!TRANSFER_ROLES.includes(user.role)) return null;
  const kabName = others.find((s) => s.kabupaten === kab)?.name ?? kab;
  const desaName = (code: string) => desaList?.find((d) => d.code === code)?.name ?? code;

  async function submit() {
    if (!desa || !confirm(tt("confirm", { desa: desaName(desa), kabupaten: kabName }))) return;
    setBusy(true);
    setError(null);
    try {
      setTransfer((await app.transport.request<{ transfer: TransferView }>("POST", "/api/transfers", { householdId: id, toDesa: desa })).transfer);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Header title={tt("title")} backTo={`#/household/${id}`} />
      <Screen>
        <section class="card" data-testid="transfer">
          <p>{tt("intro")}</p>
          <p class="muted small-note">{tt("syncFirst")}</p>
          {others.length === 0 ? <p class="notice">{tt("noOther")}</p> : (
            <>
              <Select
                label={tt("kabupaten")} value={kab} onValue={setKab}
                options={others.map((s) => ({ value: s.kabupaten, label: s.name }))}
              />
              {kab && !desaList && !error && <p class="muted" role="status">{tt("loadingDesa")}</p>}
              {desaList && (
                <Select
                  label={tt("desa")} value={desa} onValue={setDesa}
                  options={desaList.map((d) => ({ value: d.code, label: d.kecamatan ? tt("desaOption", { desa: d.name, kecamatan: d.kecamatan }) : d.name }))}
                />
              )}
              {!transfer && <Button disabled={!desa || busy} onClick={() => void submit()} data-testid="transfer-submit">{tt("submit")}</Button>}
            </>
          )}
          {transfer && (
            <p role="status" data-testid="transfer-state" data-state={transfer.state} class={transfer.state === "failed" ? "notice" : undefined}>
              {tt(`state_${transfer.state}`, { desa: desaName(transfer.toDesa) })}
              {transfer.errorCode && <> {serverError(transfer.errorCode)}</>}
            </p>
          )}
          {transfer && transfer.stalled && (
            <p role="alert" class="notice" data-testid="transfer-stalled">{tt("stalled", { n: transfer.attempts })}</p>
          )}
          {transfer && !transfer.stalled && transfer.attempts > 0 && ACTIVE_TRANSFER_STATES.includes(transfer.state) && (
            <p class="muted small-note" data-testid="transfer-retrying">{tt("retrying", { n: transfer.attempts })}</p>
          )}
          {error && <p role="alert" class="notice" data-testid="transfer-error">{error}</p>}
        </section>
      </Screen>
    </>
  );
}
