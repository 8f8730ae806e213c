import { useEffect, useRef, useState } from "preact/hooks";
import { PIN_FREE_TRIES, recordFailure, verifyPin, type PinFailures, type PinRecord } from "../../auth/pin.ts";
import { t } from "../../i18n/index.ts";
import { META } from "../../store/local.ts";
import { app } from "../../state.ts";
import { TextInput } from "../../components/ui.tsx";

function waitLabel(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : `${s} s`;
}

/**
 * The lock: checked offline against the stored hash. Wrong PINs pause for longer each time, and
 * the pause is stored, so reloading the page does not reset it.
 */
export function Lock({ onUnlock }: { onUnlock: () => void }) {
  const [pin, setPin] = useState("");
  const [failures, setFailures] = useState<PinFailures | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const input = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void app.store.getMeta<PinFailures>(META.pinFailures).then(setFailures);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    input.current?.querySelector("input")?.focus();
    return () => clearInterval(timer);
  }, []);

  const waitMs = failures ? failures.until - now : 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (waitMs > 0 || busy || !pin) return;
    setBusy(true);
    const rec = await app.store.getMeta<PinRecord>(META.pin);
    const ok = rec ? await verifyPin(pin, rec) : false;
    setBusy(false);
    setPin("");
    if (ok) {
      await app.store.deleteMeta(META.pinFailures);
      onUnlock();
      return;
    }
    const next = recordFailure(failures, Date.now());
    await app.store.setMeta(META.pinFailures, next);
    setFailures(next);
    setNow(Date.now());
    setMessage(next.until > Date.now() ? null : t("pinWrong", { n: Math.max(0, PIN_FREE_TRIES - next.count) }));
  };

  return (
    <div class="lock" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <div class="gate" ref={input}>
        <img src="/icons/icon-192.png" width={64} height={64} alt="" />
        <h1 id="lock-title">{t("lockTitle")}</h1>
        <p>{t("lockIntro")}</p>
        <form onSubmit={submit} noValidate>
          <TextInput
            label={t("pin")}
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            maxLength={6}
            name="pin"
            value={pin}
            onValue={(v) => setPin(v.replace(/\D/g, ""))}
            disabled={waitMs > 0}
            error={waitMs > 0 ? t("pinWait", { time: waitLabel(waitMs) }) : message}
          />
          <button type="submit" class="btn primary" disabled={waitMs > 0 || busy}>
            {t("unlock")}
          </button>
        </form>
      </div>
    </div>
  );
}
