import { useEffect, useState } from "preact/hooks";
import { formatNumber, setLang, t, useLang, type MessageKey } from "../../i18n/index.ts";
import { app, useData } from "../../state.ts";
import { Button, Header, Screen } from "../../components/ui.tsx";
import { checkForUpdate } from "../../pwa.ts";
import type { Area } from "../../util/people.ts";

const mb = (bytes: number) => `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

interface StorageInfo {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

async function storageInfo(): Promise<StorageInfo> {
  const s = navigator.storage;
  const persisted = s?.persisted ? await s.persisted().catch(() => null) : null;
  const est = s?.estimate ? await s.estimate().catch(() => null) : null;
  return { persisted, usage: est?.usage ?? null, quota: est?.quota ?? null };
}

export function Settings({ onLock }: { onLock: () => void }) {
  const lang = useLang();
  const session = app.session!;
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const { data: area } = useData(() => app.store.get<Area>("area", session.user.areaCode), []);
  useEffect(() => void storageInfo().then(setStorage), []);

  const persist = async () => {
    await navigator.storage?.persist?.().catch(() => false);
    setStorage(await storageInfo());
  };

  return (
    <>
      <Header title={t("settingsTitle")} />
      <Screen>
        <section class="card">
          <h2>{t("language")}</h2>
          <div class="actions seg" role="group" aria-label={t("language")}>
            <Button kind={lang === "id" ? "primary" : "secondary"} aria-pressed={lang === "id"} onClick={() => void setLang("id")}>Bahasa Indonesia</Button>
            <Button kind={lang === "en" ? "primary" : "secondary"} aria-pressed={lang === "en"} onClick={() => void setLang("en")}>English</Button>
          </div>
        </section>
        <section class="card">
          <h2>{t("account")}</h2>
          <dl class="facts">
            <dt>{t("name")}</dt><dd>{session.user.name}</dd>
            <dt>{t("role")}</dt><dd>{t(`role_${session.user.role}` as MessageKey)}</dd>
            <dt>{t("area")}</dt><dd>{area?.data.name ?? session.user.areaCode} <small class="muted">({session.user.areaCode})</small></dd>
            <dt>{t("device")}</dt><dd>{session.deviceName ?? session.deviceId.slice(0, 8)}</dd>
          </dl>
          <Button kind="secondary" onClick={onLock}>{t("lockNow")}</Button>
        </section>
        <section class="card" data-testid="storage">
          <h2>{t("storage")}</h2>
          {storage && (
            <>
              <p class={storage.persisted ? "ok-text" : "warn-text"}>{storage.persisted ? t("storagePersisted") : t("storageNotPersisted")}</p>
              <p>{storage.usage !== null && storage.quota !== null ? t("storageUsage", { used: mb(storage.usage), quota: mb(storage.quota) }) : t("storageUnknown")}</p>
              {!storage.persisted && <Button kind="secondary" onClick={() => void persist()}>{t("storagePersist")}</Button>}
            </>
          )}
        </section>
        <section class="card">
          <h2>{t("version")}</h2>
          <p>
            {__APP_VERSION__} <small class="muted">({__BUILD_TIME__})</small>
          </p>
          <Button kind="secondary" onClick={() => void checkForUpdate()}>{lang === "id" ? "Periksa pembaruan" : "Check for updates"}</Button>
        </section>
      </Screen>
    </>
  );
}
