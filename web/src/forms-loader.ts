import { useEffect, useState } from "preact/hooks";

/**
 * The form definitions and their engine live in their own chunk: the first load stays small,
 * and the service worker precaches the chunk so forms open with no signal.
 */
export type FormsModule = typeof import("../../domain/forms/index.ts");

let cached: Promise<FormsModule> | null = null;
export function loadForms(): Promise<FormsModule> {
  cached ??= import("../../domain/forms/index.ts");
  return cached;
}

export function useForms(): FormsModule | null {
  const [mod, setMod] = useState<FormsModule | null>(null);
  useEffect(() => {
    let live = true;
    void loadForms().then((m) => live && setMod(m));
    return () => {
      live = false;
    };
  }, []);
  return mod;
}
