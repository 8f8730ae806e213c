import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { LIVE_INDICATOR_BY_OFFICE_KIND, SMALL_CELL_MIN, type Cell, type CatinIndicator } from "../../../../domain/lintas/indicators.ts";
import { t } from "../../i18n/index.ts";
import { app } from "../../state.ts";

/**
 * A commitment item's live health figure (issue 15): for a KUA item, the catin of the item's desa
 * screened, found anaemic or KEK, and rechecked, counted on the server from the pustu's records
 * (GET /api/lintas/items/:id/indicator). Counts only; small numbers come back hidden (null).
 * Asked when the item opens, never stored on the phone: it needs a connection.
 */
type Answer = { itemId: string; indicator: null } | ({ itemId: string } & CatinIndicator);

/** The figure's lines as [label, value], in the user's language; a hidden (small) count says so. */
export function liveFacts(a: CatinIndicator): [string, string][] {
  const cell = (n: Cell) => (n === null ? t("lxLiveHidden") : String(n));
  return [
    [t("lxLiveScreened"), String(a.total.screened)],
    [t("lxLiveFound"), cell(a.total.found)],
    [t("lxLiveFollowedUp"), cell(a.total.followedUp)],
  ];
}

export function LiveIndicator({ itemId, officeKind, desaName }: { itemId: string; officeKind: string | null | undefined; desaName: (code: string) => string }) {
  const wanted = !!officeKind && !!LIVE_INDICATOR_BY_OFFICE_KIND[officeKind];
  const [state, setState] = useState<Answer | "loading" | "failed">("loading");
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setState("loading");
    // Through a promise: a transport that cannot answer (offline, a test double) shows the offline line.
    Promise.resolve()
      .then(() => app.transport.request<Answer>("GET", `/api/lintas/items/${encodeURIComponent(itemId)}/indicator`))
      .then((a) => live && setState(a), () => live && setState("failed"));
    return () => { live = false; };
  }, [itemId, wanted]);
  if (!wanted || state === "loading") return null;
  if (state === "failed") return <p class="hint" data-testid="lx-live-offline">{t("lxLiveOffline")}</p>;
  if (state.indicator !== "catin") return null;
  return (
    <section class="card" data-testid="lx-live">
      <h3>{t("lxLiveCatin", { year: state.year })}</h3>
      <dl class="facts">
        {liveFacts(state).map(([label, value]) => <Fragment key={label}><dt>{label}</dt><dd>{value}</dd></Fragment>)}
      </dl>
      {state.desa.length > 1 && (
        <>
          <p class="muted">{t("lxLivePerDesa")}</p>
          <ul class="list">{state.desa.map((d) => <li key={d.code}>{desaName(d.code)}: {d.screened}</li>)}</ul>
        </>
      )}
      <p class="hint">{t("lxLiveNote", { min: state.minCell ?? SMALL_CELL_MIN })}</p>
    </section>
  );
}
