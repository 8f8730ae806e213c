import { t } from "../../i18n/index.ts";
import { app, useData } from "../../state.ts";
import { Button, Screen } from "../../components/ui.tsx";
import { describeItem } from "../../util/outbox.ts";
import { wipePhone } from "../../auth/gate.ts";

/**
 * The device was revoked. Its data must go, but never silently: the user sees what was not
 * sent, can keep a copy, and deletes it with their own tap. Listing and downloading need the PIN
 * (this screen is drawn only after the lock); wiping does not (the lock screen offers it too).
 */
export function Revoked() {
  const { data: items } = useData(() => app.store.outboxItems(), []);

  const download = () => {
    const blob = new Blob([JSON.stringify({ exportedAt: new Date().toISOString(), user: app.session?.user, items }, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `simpul-belum-terkirim-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  const wipe = async () => {
    if (!confirm(t("revokedWipeConfirm", { n: items?.length ?? 0 }))) return;
    await wipePhone();
  };

  return (
    <Screen>
      <div class="gate revoked" data-testid="revoked">
        <h1>{t("revokedTitle")}</h1>
        <p>{items && items.length === 0 ? t("revokedNone") : t("revokedIntro")}</p>
        {items && items.length > 0 && (
          <ul class="list" data-testid="unsent">
            {items.map((i) => (
              <li key={i.id} class="row static">{describeItem(i)}</li>
            ))}
          </ul>
        )}
        {items && items.length > 0 && <Button kind="secondary" onClick={download}>{t("revokedDownload")}</Button>}
        <Button kind="danger" onClick={() => void wipe()} data-testid="wipe">{t("revokedWipe")}</Button>
      </div>
    </Screen>
  );
}
