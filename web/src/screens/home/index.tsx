import type { ComponentChildren, ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Role } from "../../../../domain/access/policy.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { SyncCard } from "../../components/sync-card.tsx";
import { draftTitleWords } from "../../util/draft-title.ts";
import { Header, Loading, Screen } from "../../components/ui.tsx";
import { canAdminister, canExport } from "../admin/roles.ts";
import { PWS_ROLES } from "../pws/roles.ts";
import "./home.css";

/**
 * Home, built from what each role does first each day (issue 12). The role's part is a lazy
 * chunk (precached, so offline too): a phone loads only its own role's Home.
 */
type RoleHome = "bidan" | "kader" | "puskesmas" | "commitments" | "provinsi";
const HOME_OF: Partial<Record<Role, RoleHome>> = { pustu: "bidan", kader: "kader", puskesmas: "puskesmas", dinkes: "puskesmas", camat: "commitments", mitra: "commitments", dinkes_provinsi: "provinsi" };
const LOADERS: Record<RoleHome, () => Promise<{ default: ComponentType }>> = {
  bidan: () => import("./bidan.tsx"),
  kader: () => import("./kader.tsx"),
  puskesmas: () => import("./puskesmas.tsx"),
  commitments: () => import("./commitments.tsx"),
  // Issue 16: a dinkes provinsi's Home is the provincial console itself.
  provinsi: () => import("../provinsi/index.tsx"),
};
const loaded = new Map<RoleHome, ComponentType>();

/**
 * `after`: the link cards below the role's part. They appear with it, not before: drawn earlier,
 * they were pushed down when it arrived (a layout shift Lighthouse measured at unlock, issue 14).
 */
function LazyRoleHome({ kind, after }: { kind: RoleHome; after: ComponentChildren }) {
  const [, setLoaded] = useState(loaded.has(kind));
  useEffect(() => {
    if (!loaded.has(kind)) void LOADERS[kind]().then((m) => {
      loaded.set(kind, m.default);
      setLoaded(true);
    });
  }, [kind]);
  const C = loaded.get(kind);
  return C ? <><C />{after}</> : <Loading />;
}

/** Unfinished forms: continue one, or discard it (an abandoned invalid form stays a draft until then). */
function Drafts() {
  const { data } = useData(async () => (await app.store.listDrafts()).sort((a, b) => b.updatedAt - a.updatedAt), []);
  const [asking, setAsking] = useState<string | null>(null);
  if (!data || data.length === 0) return null;
  const discard = async (key: string) => {
    await app.store.deleteDraft(key);
    setAsking(null);
    dataChanged();
    toast(t("draftDiscarded"));
  };
  return (
    <section data-testid="drafts">
      <h3>{t("drafts")} ({data.length})</h3>
      <ul class="list">
        {data.map((d) => (
          <li key={d.key} data-draft={d.key}>
            <div class="row draft-row">
              <a href={d.route} class="draft-link">
                <span>{draftTitleWords(d.title)}</span>
                <br />
                <span class="muted">{t("continueDraft")} ›</span>
              </a>
              <button type="button" class="btn link" onClick={() => setAsking(d.key)} data-testid="draft-discard">{t("discard")}</button>
            </div>
            {asking === d.key && (
              <div class="card confirm" role="alertdialog" aria-label={t("draftDiscardConfirm")}>
                <p>{t("draftDiscardConfirm")}</p>
                <div class="actions">
                  <button type="button" class="btn danger" onClick={() => void discard(d.key)} data-testid="draft-discard-yes">{t("discard")}</button>
                  <button type="button" class="btn secondary" onClick={() => setAsking(null)}>{t("cancel")}</button>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Home() {
  const user = app.session!.user;
  const kind = HOME_OF[user.role];
  const links = (
    <>
      {/* PWS (issue 11): the puskesmas Home has its own summary and link. */}
      {PWS_ROLES.includes(user.role) && kind !== "puskesmas" && (
        <a class="card row pws-link" href="#/pws" data-testid="home-pws">
          <span>
            <strong>{t("pwsHomeLink")}</strong>
            <br />
            <span class="muted">{t("pwsHomeHint")}</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      )}
      {/* Issue 16: a dinkes sees (and republishes) the aggregates its provinsi reads of its kabupaten. */}
      {user.role === "dinkes" && (
        <a class="card row" href="#/provinsi" data-testid="home-aggregates">
          <span>
            <strong>{t("agHomeLink")}</strong>
            <br />
            <span class="muted">{t("agHomeHint")}</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      )}
      {/* Administration (issue 11): users, codes, devices, places; for puskesmas and dinkes. */}
      {canAdminister(user.role) && (
        <a class="card row" href="#/admin" data-testid="home-admin">
          <span>
            <strong>{t("admHomeLink")}</strong>
            <br />
            <span class="muted">{t("admHomeHint")}</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      )}
      {/* Interoperability (issue 13): SATUSEHAT bundles and the monthly report files. */}
      {canExport(user.role) && (
        <a class="card row" href="#/interop" data-testid="home-interop">
          <span>
            <strong>{t("interopHomeLink")}</strong>
            <br />
            <span class="muted">{t("interopHomeHint")}</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      )}
    </>
  );
  return (
    <>
      <Header title={t("appName")} />
      <Screen>
        <p class="welcome">
          {t("welcome", { name: user.name })} · <span class="muted">{t(`role_${user.role}` as MessageKey)}</span>
        </p>
        <SyncCard />
        <Drafts />
        {kind ? <LazyRoleHome kind={kind} after={links} /> : <><p class="muted">{t("noHealthAccess")}</p>{links}</>}
      </Screen>
    </>
  );
}
