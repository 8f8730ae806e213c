import type { Role } from "../../domain/access/policy.ts";

/**
 * After unlock: once a service worker is active, in idle time, put the definition chunks of the
 * forms this role enters into the forms cache (web/src/forms-warm.ts, its own chunk; issue 15).
 * Only this trigger is in the first load (its own tiny module: importing pwa.ts from the unlock
 * code split the app's state into a chunk of its own, one more request on the first load).
 * The html element's `data-forms-warm` says how it went ("done:<fetched>/<wanted>" or "failed"):
 * the e2e tests wait on it. A failure is retried at the next unlock; opening a form online loads it anyway.
 */
export function warmFormsWhenReady(role: Role, onFailed: () => void = () => undefined): void {
  if (!("serviceWorker" in navigator) || !("caches" in window) || !import.meta.env.PROD) return;
  const idle = (fn: () => void) => ("requestIdleCallback" in window ? requestIdleCallback(fn, { timeout: 10_000 }) : setTimeout(fn, 1000));
  void navigator.serviceWorker.ready.then(() =>
    idle(() => void import("./forms-warm.ts").then((m) => m.warmAndMark(role)).then((ok) => ok || onFailed(), onFailed)),
  );
}
