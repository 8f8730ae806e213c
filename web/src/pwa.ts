import { useEffect, useState } from "preact/hooks";
import type { Workbox } from "workbox-window";
import { flushDrafts } from "./state.ts";

/**
 * Service worker registration and the update flow. A new version installs in the background
 * and then waits; the banner asks the user, and only their tap activates it and reloads, after
 * every open form has written its draft. The app never reloads by itself.
 */
/**
 * Look for a new version this often while the app stays open (a posyandu day is long), besides
 * each time it is opened or shown again. Each check fetches sw.js and its workbox script (about
 * 2.5 KB both ways, scripts/bench-idle.ts): hourly was most of an idle phone's data (issue 14),
 * every 6 hours still finds a release within a working day.
 */
export const UPDATE_CHECK_MS = 6 * 60 * 60_000;

let wb: Workbox | null = null;
let waiting = false;
let userAskedReload = false;
const listeners = new Set<(w: boolean) => void>();

function setWaiting(w: boolean) {
  waiting = w;
  for (const fn of listeners) fn(w);
}

/**
 * How long after the page's last request (and not before the load event) the service worker is registered. Installing it
 * precaches every lazy chunk (forms, rules, lintas, console, English: several times the first
 * load), so it waits until the first screen is drawn and its own requests are done: on 2G the
 * first load must never share the link with the precache (issue 14). A phone that loses signal
 * in these seconds opens the screens it has loaded; the next open installs the rest.
 */
export const SW_REGISTER_DELAY_MS = 3000;
/** ...but never later than this after the page opened (ms since navigation): offline use needs it. */
export const SW_REGISTER_LATEST_MS = 30_000;

export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || !import.meta.env.PROD) return;
  // "Quiet" is measured from the page's last finished request, not from the load event: after an
  // unlock, Home fetches its chunks and syncs, and the precache must wait for that too (issue 15:
  // counted from load, it sometimes fell inside Home's first load).
  let lastFetch = performance.now();
  const seen = (entries: PerformanceEntryList) => {
    for (const e of entries) lastFetch = Math.max(lastFetch, (e as PerformanceResourceTiming).responseEnd || performance.now());
  };
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => seen(list.getEntries()));
    observer.observe({ type: "resource", buffered: true });
  } catch {
    observer = null; // no resource timing: fall back to the delay after load
  }
  const go = () => {
    observer?.disconnect();
    if ("requestIdleCallback" in window) requestIdleCallback(() => void start(), { timeout: 5000 });
    else void start();
  };
  const whenQuiet = () => {
    const wait = lastFetch + SW_REGISTER_DELAY_MS - performance.now();
    // A page that never goes quiet for 3 s (a long first sync) still installs the worker.
    if (wait <= 0 || performance.now() >= SW_REGISTER_LATEST_MS) go();
    else setTimeout(whenQuiet, wait);
  };
  const later = () => setTimeout(whenQuiet, SW_REGISTER_DELAY_MS);
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
}

/** workbox-window is its own chunk: the first load does not carry it (it is needed only here). */
async function start(): Promise<void> {
  const { Workbox } = await import("workbox-window");
  wb = new Workbox("/sw.js", { scope: "/", type: "classic" });
  wb.addEventListener("waiting", () => setWaiting(true));
  wb.addEventListener("controlling", () => {
    // Only the reload the user asked for; another tab's update must not pull this one away.
    if (userAskedReload) window.location.reload();
  });
  void wb.register().catch((e: unknown) => console.warn("service worker registration failed", e));
  const check = () => void wb?.update().catch(() => undefined);
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && check());
}

export async function applyUpdate(): Promise<void> {
  await flushDrafts();
  userAskedReload = true;
  if (wb) wb.messageSkipWaiting();
  else window.location.reload();
}

/** For tests and the settings screen. */
export function checkForUpdate(): Promise<void> {
  return wb ? wb.update().then(() => undefined) : Promise.resolve();
}

export function useUpdateWaiting(): boolean {
  const [w, setW] = useState(waiting);
  useEffect(() => {
    listeners.add(setW);
    return () => void listeners.delete(setW);
  }, []);
  return w;
}
