import { useEffect, useState } from "preact/hooks";
import { Workbox } from "workbox-window";
import { flushDrafts } from "./state.ts";

/**
 * Service worker registration and the update flow. A new version installs in the background
 * and then waits; the banner asks the user, and only their tap activates it and reloads, after
 * every open form has written its draft. The app never reloads by itself.
 */
/** Look for a new version this often while the app stays open (a posyandu day is long). */
export const UPDATE_CHECK_MS = 60 * 60_000;

let wb: Workbox | null = null;
let waiting = false;
let userAskedReload = false;
const listeners = new Set<(w: boolean) => void>();

function setWaiting(w: boolean) {
  waiting = w;
  for (const fn of listeners) fn(w);
}

export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || !import.meta.env.PROD) return;
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
