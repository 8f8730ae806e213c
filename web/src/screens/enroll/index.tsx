import { useState } from "preact/hooks";
import { hashPin, PIN_RE } from "../../auth/pin.ts";
import type { Session } from "../../auth/session.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import { META } from "../../store/local.ts";
import { app } from "../../state.ts";
import { TransportError } from "../../sync/transport.ts";
import { Button, Screen, TextInput } from "../../components/ui.tsx";

function enrollError(e: unknown): string {
  if (e instanceof TransportError) {
    if (e.isNetwork) return t("enrollOffline");
    const key = `err_${e.code}` as MessageKey;
    if (["code_unknown", "code_expired", "code_used", "too_many_attempts", "validation_failed"].includes(e.code)) return t(key);
    return t("err_generic", { message: e.message });
  }
  return t("err_generic", { message: e instanceof Error ? e.message : String(e) });
}

/** Step 1: the enrollment code, which needs the network once. */
export function Enroll({ onDone }: { onDone: (s: Session) => void }) {
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
      const r = await app.transport.enroll(trimmed, deviceName.trim() || undefined);
      const previous = await app.store.getMeta<Session>(META.session);
      // Another person's phone data must not be pushed under a new account.
      if (previous && previous.user.id !== r.user.id) await app.store.wipe();
      const session: Session = { token: r.token, deviceId: r.deviceId, deviceName: deviceName.trim() || null, user: r.user, enrolledAt: Date.now() };
      await app.store.setMeta(META.session, session);
      onDone(session);
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

/** Step 2: a PIN for this phone; only its salted hash is stored. */
export function PinSetup({ onDone }: { onDone: () => void }) {
  const [pin, setPin] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<{ pin?: string; again?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!PIN_RE.test(pin)) return setError({ pin: t("pinFormat") });
    if (pin !== again) return setError({ again: t("pinMismatch") });
    setBusy(true);
    await app.store.setMeta(META.pin, await hashPin(pin));
    setBusy(false);
    onDone();
  };

  return (
    <Screen>
      <div class="gate">
        <h1>{t("pinSetTitle")}</h1>
        <p>{t("pinSetIntro")}</p>
        <form onSubmit={submit} noValidate>
          <TextInput label={t("pin")} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} name="pin" value={pin} onValue={(v) => setPin(v.replace(/\D/g, ""))} error={error.pin} required />
          <TextInput label={t("pinConfirm")} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} name="pin2" value={again} onValue={(v) => setAgain(v.replace(/\D/g, ""))} error={error.again} required />
          <Button type="submit" disabled={busy}>{busy ? t("saving") : t("pinSet")}</Button>
        </form>
      </div>
    </Screen>
  );
}
