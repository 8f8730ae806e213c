import { useState } from "preact/hooks";
import { finishEnrollment } from "../../auth/gate.ts";
import { PIN_RE } from "../../auth/pin.ts";
import { serverError, t } from "../../i18n/index.ts";
import { app } from "../../state.ts";
import { TransportError, type EnrollResponse } from "../../sync/transport.ts";
import { Button, Screen, TextInput } from "../../components/ui.tsx";

export interface Enrolled {
  response: EnrollResponse;
  deviceName: string | null;
}

export function enrollError(e: unknown): string {
  if (e instanceof TransportError) return e.isNetwork ? t("enrollOffline") : serverError(e.code, e.message);
  return t("err_generic", { message: e instanceof Error ? e.message : String(e) });
}

/**
 * Step 1: the enrollment code, which needs the network once. The answer (with the device token)
 * stays in memory until the PIN exists to seal it: nothing is stored in clear.
 */
export function Enroll({ onDone }: { onDone: (e: Enrolled) => void }) {
  const [code, setCode] = useState("");
  const [deviceName, setDeviceName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const trimmed = code.trim().toUpperCase();
    if (!trimmed) return setError(t("required"));
    setBusy(true);
    setError(null);
    try {
      const response = await app.transport.enroll(trimmed, deviceName.trim() || undefined);
      onDone({ response, deviceName: deviceName.trim() || null });
    } catch (err) {
      setError(enrollError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen>
      <div class="gate">
        <img src="/icons/icon-192.png" width={72} height={72} alt="" />
        <h1>{t("enrollTitle")}</h1>
        <p>{t("enrollIntro")}</p>
        <form onSubmit={submit} noValidate>
          <TextInput
            label={t("enrollCode")}
            value={code}
            onValue={(v) => setCode(v.toUpperCase())}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            name="code"
            required
            error={error}
          />
          <TextInput label={t("enrollDeviceName")} hint={t("enrollDeviceHint")} value={deviceName} onValue={setDeviceName} name="deviceName" maxLength={60} />
          <button type="submit" class="btn primary" disabled={busy}>
            {busy ? t("enrollBusy") : t("enrollSubmit")}
          </button>
        </form>
      </div>
    </Screen>
  );
}

/**
 * A new PIN, typed twice: the first PIN after enrollment and the new one after a forgotten PIN.
 * `onPin` does the work (wrapping the data key) and answers an error to show under the PIN, or null.
 */
export function NewPinForm({ title, onPin }: { title: string; onPin: (pin: string) => Promise<string | null> }) {
  const [pin, setPin] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<{ pin?: string; again?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!PIN_RE.test(pin)) return setError({ pin: t("pinFormat") });
    if (pin !== again) return setError({ again: t("pinMismatch") });
    setBusy(true);
    const problem = await onPin(pin);
    setBusy(false);
    if (problem) setError({ pin: problem });
  };

  return (
    <Screen>
      <div class="gate" data-testid="new-pin">
        <h1>{title}</h1>
        <p>{t("pinSetIntro")}</p>
        <form onSubmit={submit} noValidate>
          <TextInput label={t("pin")} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} name="pin" value={pin} onValue={(v) => setPin(v.replace(/\D/g, ""))} error={error.pin} required />
          <TextInput label={t("pinConfirm")} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} name="pin2" value={again} onValue={(v) => setAgain(v.replace(/\D/g, ""))} error={error.again} required />
          <Button type="submit" disabled={busy}>{busy ? t("pinSetBusy") : t("pinSet")}</Button>
        </form>
      </div>
    </Screen>
  );
}

/** Step 2: a PIN for this phone; it wraps the new data key, which then seals the session. */
export function PinSetup({ enrolled, onDone }: { enrolled: Enrolled; onDone: () => void }) {
  return (
    <NewPinForm
      title={t("pinSetTitle")}
      onPin={async (pin) => {
        await finishEnrollment(enrolled.response, enrolled.deviceName, pin);
        onDone();
        return null;
      }}
    />
  );
}
