import { useEffect, useRef, useState } from "preact/hooks";
import { app, registerDraftFlusher } from "../state.ts";

/** Write the draft this long after the last keystroke: often enough that a dead battery loses a word, not a form. */
export const DRAFT_DEBOUNCE_MS = 300;

type Values = Record<string, unknown>;

/**
 * Form state that survives a reload, a crash and an app update: every change is written to the
 * drafts store shortly after it is made (and at once when the app is hidden). The save that
 * uses the draft deletes it in its own transaction.
 */
export function useDraft<T extends Values>(key: string, route: string, title: string, initial: T | undefined) {
  const [values, setValues] = useState<T | undefined>(undefined);
  const [restored, setRestored] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<T | undefined>(undefined);
  const dirty = useRef(false);
  const meta = useRef({ key, route, title });
  meta.current = { key, route, title };

  useEffect(() => {
    let live = true;
    setValues(undefined);
    setRestored(false);
    dirty.current = false;
    void app.store.getDraft(key).then((d) => {
      if (!live) return;
      if (d) {
        latest.current = d.values as T;
        setValues(d.values as T);
        setRestored(true);
      }
    });
    return () => {
      live = false;
    };
  }, [key]);

  // The saved entity (or blank form) arrives async; a restored draft wins over it.
  useEffect(() => {
    if (initial && values === undefined && !restored) {
      void app.store.getDraft(key).then((d) => {
        if (!d) {
          latest.current = initial;
          setValues(initial);
        }
      });
    }
  }, [initial, key]);

  const flush = async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (dirty.current && latest.current) {
      dirty.current = false;
      await app.store.saveDraft({ ...meta.current, values: latest.current });
    }
  };

  useEffect(() => {
    const unregister = registerDraftFlusher(flush);
    const onHide = () => document.visibilityState === "hidden" && void flush();
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onHide);
    return () => {
      unregister();
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onHide);
      void flush();
    };
  }, []);

  const set = (patch: Partial<T>) => {
    const next = { ...(latest.current ?? ({} as T)), ...patch } as T;
    latest.current = next;
    dirty.current = true;
    setValues(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), DRAFT_DEBOUNCE_MS);
  };

  /** Before saving: stop a pending draft write so it cannot recreate the draft after the save. */
  const settle = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
  };

  const discard = async () => {
    settle();
    await app.store.deleteDraft(key);
  };

  return { values, set, restored, settle, discard };
}
