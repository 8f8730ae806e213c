import { useEffect, useState } from "preact/hooks";
import type { Session } from "./auth/session.ts";
import type { LocalStore } from "./store/local.ts";
import type { SyncEngine, SyncState } from "./sync/engine.ts";
import type { Transport } from "./sync/transport.ts";

/** The app's services, set once at boot (main.tsx). Screens read through these, never fetch. */
export interface AppServices {
  store: LocalStore;
  engine: SyncEngine;
  transport: Transport;
  session: Session | null;
}

export const app = {} as AppServices;

// --- "local data changed": screens re-read after a save or a pull ---

let dataVersion = 0;
const dataListeners = new Set<() => void>();

export function dataChanged(): void {
  dataVersion++;
  for (const fn of dataListeners) fn();
}

export function useDataVersion(): number {
  const [v, setV] = useState(dataVersion);
  useEffect(() => {
    const fn = () => setV(dataVersion);
    dataListeners.add(fn);
    // A change between the first render and this effect (a sync landing while the screen mounts)
    // has no listener to tell: catch up now, or the screen shows the data as it was until the next one.
    fn();
    return () => void dataListeners.delete(fn);
  }, []);
  return v;
}

/** Load async data, again whenever local data changes or `deps` do. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; loading: boolean } {
  const version = useDataVersion();
  const [state, setState] = useState<{ data: T | undefined; loading: boolean }>({ data: undefined, loading: true });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => {
        console.error(e);
        if (live) setState({ data: undefined, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [version, ...deps]);
  return state;
}

export function useSyncState(): SyncState {
  const [s, setS] = useState(app.engine.state);
  useEffect(() => {
    const off = app.engine.subscribe(setS);
    setS(app.engine.state); // the same catch-up as useDataVersion
    return off;
  }, []);
  return s;
}

// --- one-line messages at the bottom of the screen ---

let toastListener: ((msg: string | null) => void) | null = null;
export function toast(msg: string): void {
  toastListener?.(msg);
}
export function onToast(fn: (msg: string | null) => void): void {
  toastListener = fn;
}

// --- "a form holds input": the update banner never reloads over it without saving the draft ---

const flushers = new Set<() => Promise<void>>();
export function registerDraftFlusher(fn: () => Promise<void>): () => void {
  flushers.add(fn);
  return () => void flushers.delete(fn);
}
export async function flushDrafts(): Promise<void> {
  await Promise.all([...flushers].map((fn) => fn().catch(() => undefined)));
}
