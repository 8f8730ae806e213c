/**
 * Retry timing for a phone whose signal comes and goes. "Full jitter" (AWS Architecture Blog,
 * "Exponential Backoff and Jitter", 2015): a random wait between a floor and an exponentially
 * growing cap, so a posyandu full of phones that regain signal together do not retry in step.
 */
export const BACKOFF_BASE_MS = 2_000;
/** Five minutes: the same as the periodic sync, so backing off never waits longer than idling. */
export const BACKOFF_MAX_MS = 5 * 60_000;
export const BACKOFF_FLOOR_MS = 1_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(BACKOFF_FLOOR_MS, Math.round(random() * cap));
}
