import { useEffect, useState } from "preact/hooks";
import { recoverWithCode, wipePhone } from "../../auth/gate.ts";
import { t } from "../../i18n/index.ts";
import { META } from "../../store/local.ts";
import { app } from "../../state.ts";
import { TransportError, type EnrollResponse } from "../../sync/transport.ts";
import { Button, Screen, TextInput } from "../../components/ui.tsx";
import { enrollError, NewPinForm } from "../enroll/index.tsx";
import { unsentCount } from "./index.tsx";

/** Server answers that mean "not this phone's owner, or this phone may not come back". */
const WRONG_DEVICE = ["device_mismatch", "device_revoked"];

/**
 * A forgotten PIN. The data cannot be opened without it, so there are two ways on:
 * - recovery: a new enrollment code of the same user makes the server hand back this device's
 *   recovery key, which opens the data key; a new PIN wraps it, and nothing unsent is lost;
 * - wipe: everything goes (the screen says how much is unsent first), then enrollment again.
 */
export function ForgotPin({ onBack, onRecovered }: { onBack: () => void; onRecovered: () => void }) {
  const [unsent, setUnsent] = useState<number | null>(null);
  const [canRecover, setCanRecover] = useState<boolean | null>(null);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [answer, setAnswer] = useState<EnrollResponse | null>(null);
  const [error, setError] = useState<{ code?: string }>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void unsentCount().then(setUnsent);
    void Promise.all([app.store.getMeta(META.vault), app.store.getMeta(META.device)]).then(([vault, device]) => {
      setCanRecover(!!vault?.byRecovery && !!device);
      setDeviceId(device?.deviceId ?? null);
    });
  }, []);

  const askServer = async (e: Event) => {
    e.preventDefault();
    const trimmed = code.trim().toUpperCase();
    if (!trimmed) return setError({ code: t("required") });
    if (!deviceId) return;
    setBusy(true);
    setError({});
    try {
      setAnswer(await app.transport.recover(trimmed, deviceId));
    } catch (err) {
      setError({ code: err instanceof TransportError && WRONG_DEVICE.includes(err.code) ? t("forgotWrongDevice") : enrollError(err) });
    } finally {
      setBusy(false);
    }
  };

  const wipe = async () => {
    if (!confirm(t("forgotWipeConfirm", { n: unsent ?? 0 }))) return;
    await wipePhone();
  };

  if (answer) {
    return (
      <NewPinForm
        title={t("newPinTitle")}
        onPin={async (pin) => {
          const result = await recoverWithCode(answer, pin);
          if (result === "ok") {
            onRecovered();
            return null;
          }
          return result === "no_recovery" ? t("forgotNoRecovery") : t("forgotKeyMismatch");
        }}
      />
    );
  }

  return (
    <Screen>
      <div class="gate" data-testid="forgot">
        <h1>{t("forgotTitle")}</h1>
        <p>{t("forgotIntro")}</p>
        {unsent !== null && <p class={unsent ? "warn-text" : ""} data-testid="forgot-unsent">{unsent ? t("forgotUnsent", { n: unsent }) : t("forgotNone")}</p>}
        <section class="card">
          <h2>{t("forgotRecoverTitle")}</h2>
          {canRecover === false ? (
            <p>{t("forgotNoRecovery")}</p>
          ) : (
            <>
              <p>{t("forgotRecoverIntro")}</p>
              <form onSubmit={askServer} noValidate>
                <TextInput label={t("enrollCode")} value={code} onValue={(v) => setCode(v.toUpperCase())} autoComplete="off" autoCapitalize="characters" spellcheck={false} name="code" required error={error.code} />
                <Button type="submit" disabled={busy || !canRecover}>{busy ? t("forgotRecoverBusy") : t("forgotRecoverSubmit")}</Button>
              </form>
            </>
          )}
        </section>
        <section class="card">
          <h2>{t("forgotWipeTitle")}</h2>
          <p>{t("forgotWipeIntro")}</p>
          <Button kind="danger" onClick={() => void wipe()} data-testid="forgot-wipe">{t("revokedWipe")}</Button>
        </section>
        <Button kind="secondary" onClick={onBack}>{t("back")}</Button>
      </div>
    </Screen>
  );
}
