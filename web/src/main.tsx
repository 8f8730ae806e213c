import { render } from "preact";
import { App } from "./app.tsx";
import { getLang, loadLang } from "./i18n/index.ts";
import { registerServiceWorker } from "./pwa.ts";
import { app, dataChanged } from "./state.ts";
import { LocalStore } from "./store/local.ts";
import { SyncEngine } from "./sync/engine.ts";
import { HttpTransport } from "./sync/http.ts";
import "./styles.css";

async function boot(root: HTMLElement) {
  document.documentElement.lang = getLang();
  registerServiceWorker();
  // The saved language's catalogue (English is a lazy chunk) loads while the store opens.
  const lang = loadLang(getLang());
  app.store = await LocalStore.open();
  // The session is sealed with the data key: it is read at unlock (auth/gate.ts), never before.
  app.session = null;
  app.transport = new HttpTransport(() => app.session?.token ?? null);
  app.engine = new SyncEngine({ transport: app.transport, store: app.store });
  await app.engine.init();
  // Screens re-read local data whenever a sync cycle (or a page of the first sync) lands.
  let lastPhase = app.engine.state.phase;
  let lastProgress = app.engine.state.progress?.received;
  app.engine.subscribe((s) => {
    if ((lastPhase !== "idle" && s.phase === "idle") || s.progress?.received !== lastProgress) dataChanged();
    lastPhase = s.phase;
    lastProgress = s.progress?.received;
  });
  // Sync and photo uploads start at the first unlock (they need the sealed token); an idle lock
  // later leaves them running, so data keeps flowing while the phone sits in a pocket.
  await lang.catch(() => undefined);
  // index.html's static shell is not Preact's: render() would keep it above the app.
  root.textContent = "";
  render(<App />, root);
  // The forms, rules and the other lazy screens are not fetched here: the service worker precaches
  // them once the first screen is drawn (pwa.ts), so they never compete with the first load.
}

const root = document.getElementById("app")!;
boot(root).catch((e: unknown) => {
  console.error(e);
  root.textContent = `Simpul tidak bisa membuka penyimpanan ponsel (${e instanceof Error ? e.message : String(e)}). Pastikan browser tidak dalam mode penyamaran.`;
});
