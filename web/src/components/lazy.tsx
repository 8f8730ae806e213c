import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Loading } from "./ui.tsx";

/**
 * A screen kept out of the first load: `load` is a dynamic import (its own chunk, precached by the
 * service worker), fetched the first time the screen is shown; "Memuat…" until then, at once after.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let Screen: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [, setLoaded] = useState(!!Screen);
    useEffect(() => {
      if (!Screen) void load().then((c) => {
        Screen = c;
        setLoaded(true);
      });
    }, []);
    return Screen ? <Screen {...props} /> : <Loading />;
  };
}
