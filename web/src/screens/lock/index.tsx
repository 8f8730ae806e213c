import { useEffect, useRef, useState } from "preact/hooks";
import { unlockWithPin, wipePhone } from "../../auth/gate.ts";
import { PIN_FREE_TRIES, recordFailure, type PinFailures } from "../../auth/pin.ts";
import { t } from "../../i18n/index.ts";
import { META } from "../../store/local.ts";
import { app } from "../../state.ts";
import { Button, TextInput } from "../../components/ui.tsx";

function waitLabel(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : `${s} s`;
}

/** How many unsent items a wipe would lose: from the outbox's clear bookkeeping, no PIN needed. */
export async function unsentCount(): Promise<number> {
  const c = await app.store.counts();
  return c.pending + c.rejected;
}

/**
 * The lock, the first thing drawn for an enrolled phone: the PIN opens the data key (a wrong PIN
 * fails to unwrap it). Wrong PINs pause for longer each time, and the pause is stored, so
 * reloading the page does not reset it. Nothing personal is on this screen: a revoked phone says
 * so and offers to wipe without the PIN, and a forgotten PIN leads to recovery or a wipe.
 */
export function Lock({ onUnlock, onForgot }: { onUnlock: () => void; onForgot: () => void }) {
  const [pin, setPin] = useState("");
  const [failures, setFailures] = useState<PinFailures | undefined>();
  const [revoked, setRevoked] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const input = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void app.store.getMeta(META.pinFailures).then(setFailures);
    void app.store.getMeta(META.revoked).then((r) => setRevoked(!!r));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    input.current?.querySelector("input")?.focus();
    return () => clearInterval(timer);
  }, []);

  const waitMs = failures ? failures.until - now : 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (waitMs > 0 || busy || !pin) return;
    setBusy(true);
    const ok = await unlockWithPin(pin).catch((err: unknown) => {
      console.error(err);
      return false;
    });
    setBusy(false);
    setPin("");
    if (ok) {
      onUnlock();
      return;
    }
    const next = recordFailure(failures, Date.now());
    await app.store.setMeta(META.pinFailures, next);
    setFailures(next);
    setNow(Date.now());
    setMessage(next.until > Date.now() ? null : t("pinWrong", { n: Math.max(0, PIN_FREE_TRIES - next.count) }));
  };

  const wipe = async () => {
    if (!confirm(t("forgotWipeConfirm", { n: await unsentCount() }))) return;
    await wipePhone();
  };

  return (
    <div class="lock" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <div class="gate" ref={input}>
        <img src="/icons/icon-192.png" width={64} height={64} alt="" />
        <h1 id="lock-title">{t("lockTitle")}</h1>
        {revoked ? <p class="warn-text" data-testid="lock-revoked">{t("lockRevoked")}</p> : <p>{t("lockIntro")}</p>}
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
            {busy ? t("lockOpening") : t("unlock")}
          </button>
        </form>
        {revoked ? (
          <Button kind="danger" onClick={() => void wipe()} data-testid="wipe">{t("revokedWipe")}</Button>
        ) : (
          <Button kind="link" onClick={onForgot} data-testid="forgot-pin">{t("pinForgot")}</Button>
        )}
      </div>
    </div>
  );
}
