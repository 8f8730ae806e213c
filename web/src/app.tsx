import { useEffect, useRef, useState } from "preact/hooks";
import { initialGate, reEnroll } from "./auth/gate.ts";
import { LOCK_AFTER_IDLE_MS } from "./auth/pin.ts";
import { t, useLang } from "./i18n/index.ts";
import { applyUpdate, useUpdateWaiting } from "./pwa.ts";
import { useRoute, type Route } from "./router.ts";
import { app, flushDrafts, onToast, useSyncState } from "./state.ts";
import { Loading } from "./components/ui.tsx";
import { lazyScreen } from "./components/lazy.tsx";
import { Enroll, PinSetup, type Enrolled } from "./screens/enroll/index.tsx";
import { Home } from "./screens/home/index.tsx";
import { Lock } from "./screens/lock/index.tsx";
import { Revoked } from "./screens/revoked/index.tsx";
import { hasLintas } from "./screens/lintas/roles.ts";
import { HEALTH_ROLES } from "./auth/session.ts";

/*
 * Issue 14: the first load carries the shell, the enrollment and lock screens and Home; every
 * other screen is its own chunk, fetched at its first tap (from the service worker's precache
 * once installed, so offline too).
 */
const Registry = lazyScreen<{ route: Route }>(() => import("./screens/registry/index.tsx").then((m) => m.Registry));
const HouseholdView = lazyScreen<{ id: string }>(() => import("./screens/household/index.tsx").then((m) => m.HouseholdView));
const HouseholdEdit = lazyScreen<{ id: string | null; dusunHint: string | null }>(() => import("./screens/household/index.tsx").then((m) => m.HouseholdEdit));
// Issue 16: handing a household to another kabupaten (its own chunk: few phones ever open it).
const HouseholdTransfer = lazyScreen<{ id: string }>(() => import("./screens/household/transfer.tsx").then((m) => m.HouseholdTransfer));
const PersonView = lazyScreen<{ id: string }>(() => import("./screens/person/index.tsx").then((m) => m.PersonView));
const PersonEdit = lazyScreen<{ id: string | null; householdId: string | null }>(() => import("./screens/person/index.tsx").then((m) => m.PersonEdit));
const SyncScreen = lazyScreen<Record<string, never>>(() => import("./screens/sync/index.tsx").then((m) => m.SyncScreen));
const Settings = lazyScreen<{ onLock: () => void }>(() => import("./screens/settings/index.tsx").then((m) => m.Settings));
const ForgotPin = lazyScreen<{ onBack: () => void; onRecovered: () => void }>(() => import("./screens/lock/forgot.tsx").then((m) => m.ForgotPin));
/** The Warga tab starts a fresh search; a registry never opened has none to clear. */
const clearRegistrySearch = () => void import("./screens/registry/index.tsx").then((m) => m.clearRegistrySearch());

type VisitProps = { personId: string | null; formId: string | null; recordId: string | null };
/** The form renderer and the form definitions. */
const LazyVisit = lazyScreen<VisitProps>(() => import("./screens/visit/index.tsx").then((m) => m.default));
/** The PWS console (issue 11). */
const LazyPws = lazyScreen<{ route: Route }>(() => import("./screens/pws/index.tsx").then((m) => m.default));
/** Administration (issue 11), for puskesmas and dinkes. */
const LazyAdmin = lazyScreen<{ route: Route }>(() => import("./screens/admin/index.tsx").then((m) => m.default));
/** SATUSEHAT export and monthly reports (issue 13), for puskesmas and dinkes. */
const LazyInterop = lazyScreen<{ route: Route }>(() => import("./screens/interop/index.tsx").then((m) => m.default));
/** Commitments, meetings and follow-up (issue 6); only partners and the camat open them first. */
const LazyLintas = lazyScreen<{ route: Route }>(() => import("./screens/lintas/index.tsx").then((m) => m.Lintas));
/** The provincial aggregates (issue 16): a dinkes provinsi's drill-down and trend, a dinkes's own kabupaten. */
const LazyProvinsi = lazyScreen<Record<string, never>>(() => import("./screens/provinsi/index.tsx").then((m) => m.default));
/** Posyandu mode (issue 12), for kader and pustu; precached so a session runs offline. */
const LazyPosyandu = lazyScreen<{ route: Route }>(() => import("./screens/posyandu/index.tsx").then((m) => m.default));

function Page({ route, onLock }: { route: Route; onLock: () => void }) {
  const [a, b, c, d] = route.parts;
  switch (a) {
    case undefined:
    case "":
      return <Home />;
    case "registry":
      return <Registry route={route} />;
    case "household":
      if (b === "new") return <HouseholdEdit id={null} dusunHint={route.query.get("dusun")} />;
      if (b && c === "edit") return <HouseholdEdit id={b} dusunHint={null} />;
      if (b && c === "transfer") return <HouseholdTransfer id={b} />;
      return b ? <HouseholdView id={b} /> : <Home />;
    case "person":
      if (b === "new") return <PersonEdit id={null} householdId={route.query.get("household")} />;
      if (b && c === "edit") return <PersonEdit id={b} householdId={null} />;
      return b ? <PersonView id={b} /> : <Home />;
    case "visit":
      if (b === "new") return <LazyVisit key={route.hash} personId={c ?? null} formId={d ?? null} recordId={null} />;
      return <LazyVisit key={route.hash} personId={null} formId={null} recordId={b ?? null} />;
    case "lintas":
      return <LazyLintas route={route} />;
    case "posyandu":
      return <LazyPosyandu route={route} />;
    case "pws":
      return <LazyPws route={route} />;
    case "provinsi":
      return <LazyProvinsi />;
    case "admin":
      return <LazyAdmin route={route} />;
    case "interop":
      return <LazyInterop route={route} />;
    case "sync":
      return <SyncScreen />;
    case "settings":
      return <Settings onLock={onLock} />;
    default:
      return <Home />;
  }
}

function Nav({ route }: { route: Route }) {
  const s = useSyncState();
  const here = route.parts[0] ?? "";
  const items = [
    { href: "#/", key: "", label: t("navHome"), icon: "⌂" },
    { href: "#/registry", key: "registry", label: t("navRegistry"), icon: "☰" },
    { href: "#/lintas", key: "lintas", label: t("navLintas"), icon: "⇄" },
    { href: "#/sync", key: "sync", label: t("navSync"), icon: "⇅", badge: s.counts.rejected + s.counts.conflicts || s.counts.pending },
    { href: "#/settings", key: "settings", label: t("navSettings"), icon: "⚙" },
  ].filter((i) => (i.key !== "registry" || !app.session || HEALTH_ROLES.includes(app.session.user.role)) && (i.key !== "lintas" || hasLintas()));
  const section = ["household", "person", "visit"].includes(here) ? "registry" : here;
  return (
    <nav class="tabs" aria-label="Menu">
      {items.map((i) => (
        <a key={i.key} href={i.href} class={section === i.key ? "on" : ""} aria-current={section === i.key ? "page" : undefined} onClick={i.key === "registry" ? clearRegistrySearch : undefined}>
          <span aria-hidden="true" class="ico">{i.icon}</span>
          <span>{i.label}</span>
          {i.badge ? <span class={"dot" + (s.counts.rejected ? " bad" : "")} data-testid="nav-badge">{i.badge}</span> : null}
        </a>
      ))}
    </nav>
  );
}

function UpdateBanner() {
  const waiting = useUpdateWaiting();
  if (!waiting) return null;
  return (
    <div class="update" role="status" data-testid="update-banner">
      <span>{t("updateAvailable")}</span>
      <button type="button" class="btn primary" onClick={() => void applyUpdate()}>
        {t("updateReload")}
      </button>
    </div>
  );
}

/** How long a message stays; one about a screen the user has left goes after a second. */
const TOAST_MS = 4000;
const TOAST_SURVIVES_NAVIGATION_MS = 1000;

function Toast({ hash }: { hash: string }) {
  const [msg, setMsg] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shownAt = useRef(0);
  useEffect(() => {
    onToast((m) => {
      setMsg(m);
      shownAt.current = Date.now();
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setMsg(null), TOAST_MS);
    });
  }, []);
  // "Saved" survives the navigation that follows a save; an old "fix 3 fields" does not.
  useEffect(() => {
    if (Date.now() - shownAt.current > TOAST_SURVIVES_NAVIGATION_MS) setMsg(null);
  }, [hash]);
  return msg ? <div class="toast" role="status" data-testid="toast">{msg}</div> : null;
}

/** Lock after a quiet spell, also when the phone was put away with the app open. */
function useIdleLock(active: boolean, lock: () => void) {
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = () => (last = Date.now());
    const check = () => Date.now() - last >= LOCK_AFTER_IDLE_MS && lock();
    const events = ["pointerdown", "keydown", "input", "scroll"] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
    const onVisible = () => document.visibilityState === "visible" && check();
    document.addEventListener("visibilitychange", onVisible);
    const timer = setInterval(check, 15_000);
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
      document.removeEventListener("visibilitychange", onVisible);
      clearInterval(timer);
    };
  }, [active]);
}

/**
 * Where the phone stands before any screen with data: the lock comes first for every screen,
 * the revoked one included. While not "open", no screen that reads personal data is mounted.
 */
type Gate = "loading" | "enroll" | "pin" | "locked" | "forgot" | "open";

export function App() {
  useLang();
  const route = useRoute();
  const sync = useSyncState();
  const [gate, setGate] = useState<Gate>("loading");
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  useEffect(() => void initialGate().then(setGate), []);

  const lock = () => {
    // The form being filled is a draft already; write its last keystrokes before it unmounts.
    void flushDrafts().finally(() => {
      app.store.forgetOpened();
      setGate("locked");
    });
  };
  useIdleLock(gate === "open", lock);

  const toPin = (e: Enrolled) => {
    setEnrolled(e);
    setGate("pin");
  };

  switch (gate) {
    case "loading":
      return <Loading />;
    case "enroll":
      return <Enroll onDone={toPin} />;
    case "pin":
      return enrolled ? <PinSetup enrolled={enrolled} onDone={() => (setEnrolled(null), setGate("open"))} /> : <Loading />;
    case "locked":
      return <Lock onUnlock={() => setGate("open")} onForgot={() => setGate("forgot")} />;
    case "forgot":
      return <ForgotPin onBack={() => setGate("locked")} onRecovered={() => setGate("open")} />;
  }

  if (sync.auth === "unauthenticated" && route.parts[0] === "enroll") {
    return (
      <Enroll
        onDone={(e) =>
          void reEnroll(e.response, e.deviceName).then((ready) => {
            if (!ready) return toPin(e);
            void app.engine.sync("manual");
            location.hash = "#/";
          })
        }
      />
    );
  }
  if (sync.auth === "revoked") return <Revoked />;

  return (
    <div class="app">
      <UpdateBanner />
      {sync.auth === "unauthenticated" && (
        <div class="update bad" role="alert">
          <span>{t("unauthenticated")}</span>
          <a class="btn secondary" href="#/enroll">{t("reEnroll")}</a>
        </div>
      )}
      <Page route={route} onLock={lock} />
      <Nav route={route} />
      <Toast hash={route.hash} />
    </div>
  );
}
