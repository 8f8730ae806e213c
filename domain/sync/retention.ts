/**
 * How long the server keeps the bookkeeping that lets a device catch up from where it stopped
 * (docs/SYNC.md, "Pruning"). No zod: the worker's prune job and its pull both import it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The longest allowed offline period: 90 days.
 *
 * A bidan in a remote pekon may be out of signal for weeks (issue 10), and a phone may lie unused
 * for longer (leave, a broken charger, a post left vacant): 90 days, a whole quarter, covers
 * those with room to spare. The daily prune (worker/services/prune.ts) deletes receipts, superseded
 * change-log rows and tombstones older than this. A device that was away longer loses nothing it
 * entered: its pull answers `reset: true` and it downloads its scope again (a full first sync),
 * its outbox is kept and pushed, and a replay whose receipt is gone is judged again (it merges,
 * or conflicts for review; it never applies twice). The cost of a longer window is only storage.
 */
export const MAX_OFFLINE_MS = 90 * DAY_MS;
