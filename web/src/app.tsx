import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { LOCK_AFTER_IDLE_MS, type PinRecord } from "./auth/pin.ts";
import type { Session } from "./auth/session.ts";
import { t, useLang } from "./i18n/index.ts";
import { applyUpdate, useUpdateWaiting } from "./pwa.ts";
import { useRoute, type Route } from "./router.ts";
import { app, onToast, useSyncState } from "./state.ts";
import { META } from "./store/local.ts";
import { Loading } from "./components/ui.tsx";
import { Enroll, PinSetup } from "./screens/enroll/index.tsx";
import { Home } from "./screens/home/index.tsx";
import { HouseholdEdit, HouseholdView } from "./screens/household/index.tsx";
import { Lock } from "./screens/lock/index.tsx";
import { PersonEdit, PersonView } from "./screens/person/index.tsx";
import { Registry } from "./screens/registry/index.tsx";
import { Revoked } from "./screens/revoked/index.tsx";
import { Settings } from "./screens/settings/index.tsx";
import { SyncScreen } from "./screens/sync/index.tsx";
import { hasLintas, Lintas } from "./screens/lintas/index.tsx";
import { HEALTH_ROLES } from "./auth/session.ts";

type VisitProps = { personId: string | null; formId: string | null; recordId: string | null };
let VisitForm: ComponentType<VisitProps> | null = null;
/** The form renderer and the form definitions: a lazy chunk, precached by the service worker. */
function LazyVisit(props: VisitProps) {
  const [, setLoaded] = useState(!!VisitForm);
  useEffect(() => {
    if (!VisitForm) void import("./screens/visit/index.tsx").then((m) => {
      VisitForm = m.default;
      setLoaded(true);
    });
  }, []);
  return VisitForm ? <VisitForm {...props} /> : <Loading />;
}

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
      return b ? <HouseholdView id={b} /> : <Home />;
    case "person":
      if (b === "new") return <PersonEdit id={null} householdId={route.query.get("household")} />;
      if (b && c === "edit") return <PersonEdit id={b} householdId={null} />;
      return b ? <PersonView id={b} /> : <Home />;
    case "visit":
      if (b === "new") return <LazyVisit key={route.hash} personId={c ?? null} formId={d ?? null} recordId={null} />;
      return <LazyVisit key={route.hash} personId={null} formId={null} recordId={b ?? null} />;
    case "lintas":
      return <Lintas route={route} />;
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
        <a key={i.key} href={i.href} class={section === i.key ? "on" : ""} aria-current={section === i.key ? "page" : undefined}>
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

export function App() {
  useLang();
  const route = useRoute();
  const sync = useSyncState();
  const [session, setSession] = useState<Session | null>(app.session);
  const [hasPin, setHasPin] = useState<boolean | null>(null);
  const [locked, setLocked] = useState(true);
  useEffect(() => void app.store.getMeta<PinRecord>(META.pin).then((p) => setHasPin(!!p)), []);
  useIdleLock(!!session && !!hasPin && !locked, () => setLocked(true));

  const enrolled = (s: Session) => {
    app.session = s;
    setSession(s);
  };
  const pinDone = () => {
    setHasPin(true);
    setLocked(false);
    void navigator.storage?.persist?.().catch(() => false);
    app.engine.start();
  };

  if (hasPin === null) return <Loading />;
  if (!session || sync.auth === "unauthenticated" && route.parts[0] === "enroll") {
    return (
      <Enroll
        onDone={(s) => {
          enrolled(s);
          // Re-enrolled after an invalid session: the engine is already running.
          if (hasPin) {
            void app.engine.sync("manual");
            location.hash = "#/";
          }
        }}
      />
    );
  }
  if (!hasPin) return <PinSetup onDone={pinDone} />;
  if (sync.auth === "revoked") return <Revoked />;

  return (
    <>
      <div class="app" inert={locked} aria-hidden={locked ? "true" : undefined}>
        <UpdateBanner />
        {sync.auth === "unauthenticated" && (
          <div class="update bad" role="alert">
            <span>{t("unauthenticated")}</span>
            <a class="btn secondary" href="#/enroll">{t("reEnroll")}</a>
          </div>
        )}
        <Page route={route} onLock={() => setLocked(true)} />
        <Nav route={route} />
        <Toast hash={route.hash} />
      </div>
      {locked && <Lock onUnlock={() => setLocked(false)} />}
    </>
  );
}
